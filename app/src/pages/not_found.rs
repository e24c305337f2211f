use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AuthError;
use crate::i18n::use_language;
use crate::messages::error_text;
use crate::tr;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::respond::show(&AuthError::NotFound);
    let l = use_language();
    view! {
        <Title text=tr!(l, "page-not-found")/>
        <main class="card">
            <h1>{tr!(l, "page-not-found")}</h1>
            <p>{error_text(&AuthError::NotFound, l)}</p>
            <p><a href="/">{tr!(l, "go-to-start")}</a></p>
        </main>
    }
}
