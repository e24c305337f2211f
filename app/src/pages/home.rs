use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::signed_in_as;

#[component]
pub fn HomePage() -> impl IntoView {
    let who = Resource::new_blocking(|| (), |_| signed_in_as());
    view! {
        <Title text="Welcome"/>
        <main class="card">
            <h1>"Sign in with your phone"</h1>
            <p>"No password to remember: we text you a one-time code."</p>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        match who.await.ok().flatten() {
                            Some(phone) => view! {
                                <p role="status">"Signed in as " <strong>{phone}</strong></p>
                                <p class="actions">
                                    <a class="button primary" href="/account">"Your account"</a>
                                </p>
                            }
                                .into_any(),
                            None => view! {
                                <p class="actions">
                                    <a class="button primary" href="/login">"Sign in"</a>
                                    <a class="button" href="/signup">"Create an account"</a>
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
