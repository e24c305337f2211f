use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::signed_in_as;
use crate::components::SignedInAs;
use crate::i18n::use_language;
use crate::tr;

#[component]
pub fn HomePage() -> impl IntoView {
    let l = use_language();
    let who = Resource::new_blocking(|| (), |_| signed_in_as());
    view! {
        <Title text=tr!(l, "home-title")/>
        <main class="card">
            <h1>{tr!(l, "home-heading")}</h1>
            <p>{tr!(l, "home-lead")}</p>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        match who.await.ok().flatten() {
                            Some(phone) => view! {
                                <SignedInAs phone=Some(phone) link=false/>
                                <p class="actions">
                                    <a class="button primary" href="/account">{tr!(l, "your-account")}</a>
                                </p>
                            }
                                .into_any(),
                            None => view! {
                                <p class="actions">
                                    <a class="button primary" href="/login">{tr!(l, "sign-in")}</a>
                                    <a class="button" href="/signup">{tr!(l, "create-account")}</a>
                                </p>
                            }
                                .into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}
