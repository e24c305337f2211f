use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AuthError;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::respond::show(&AuthError::NotFound);
    view! {
        <Title text="Page not found"/>
        <main class="card">
            <h1>"Page not found"</h1>
            <p>{AuthError::NotFound.to_string()}</p>
            <p><a href="/">"Go to the start page"</a></p>
        </main>
    }
}
