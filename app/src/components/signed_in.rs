//! Signed-in awareness on the public pages.

use leptos::prelude::*;

use crate::i18n::{around, use_language};
use crate::tr;

/// "Signed in as +1 415-555-0102 · Your account", where this browser is
/// signed in; nothing otherwise. The start page, which has its own button
/// to the account, leaves the link out (`link=false`).
#[component]
pub fn SignedInAs(phone: Option<String>, #[prop(default = true)] link: bool) -> impl IntoView {
    let l = use_language();
    phone.map(|phone| {
        let (before, after) = around(l, "signed-in-as", "phone", &[]);
        view! {
            <p class="notice signed-in" role="status">
                {before} <strong>{phone}</strong> {after}
                {link.then(|| view! { " · " <a href="/account">{tr!(l, "your-account")}</a> })}
                " · "
                // To sign in as someone else: a plain form, with or without JavaScript.
                <form action="/api/sign_out" method="post" class="inline">
                    <button type="submit" class="link">{tr!(l, "sign-out")}</button>
                </form>
            </p>
        }
    })
}
