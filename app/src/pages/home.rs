use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Welcome"/>
        <main class="card">
            <h1>"Sign in with your phone"</h1>
            <p>"No password to remember: we text you a one-time code."</p>
            <p class="actions">
                <a class="button primary" href="/login">"Sign in"</a>
                <a class="button" href="/signup">"Create an account"</a>
            </p>
        </main>
    }
}
