//! Signed-in awareness on the public pages.

use leptos::prelude::*;

/// "Signed in as +1 415-555-0102 · Your account", where this browser is
/// signed in; nothing otherwise.
#[component]
pub fn SignedInAs(phone: Option<String>) -> impl IntoView {
    phone.map(|phone| {
        view! {
            <p class="notice signed-in" role="status">
                "Signed in as " <strong>{phone}</strong> " · " <a href="/account">"Your account"</a>
            </p>
        }
    })
}
