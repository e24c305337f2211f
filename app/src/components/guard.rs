//! Return-to and the guard on the pages: what a page of yours wraps itself
//! in to need a signed-in person, and what the sign-in forms carry.

use std::sync::Arc;

use leptos::prelude::*;

use super::PageError;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_query_map};

use crate::error::AuthError;
use crate::views::{SignedInUser, login_from};

/// This page's address on this site: its path and query.
pub fn here() -> String {
    let location = use_location();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let path = location.pathname.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// The return-to target this page was given (`?next=`), if it is a path on
/// this site; else the one a flow under way keeps (`kept`).
pub fn next_target(kept: Option<String>) -> Option<String> {
    use_query_map()
        .with_untracked(|q| q.get("next"))
        .filter(|n| domain::ReturnTo::parse(n).is_some())
        .or(kept)
}

/// The `next` a sign-in or sign-up form posts, so that the flow ends where
/// the person was sent from.
#[component]
pub fn NextField(next: Option<String>) -> impl IntoView {
    next.map(|next| view! { <input type="hidden" name="next" value=next/> })
}

/// A page, or part of one, for signed-in people only: its children get the
/// person (`let:me`). Anyone else is sent to sign in (`/login?next=<this
/// page>`) and comes back here after.
///
/// ```ignore
/// #[component]
/// pub fn SettingsPage() -> impl IntoView {
///     view! { <SignedIn let:me> <h1>"Settings"</h1> <p>{me.phone_display}</p> </SignedIn> }
/// }
/// ```
#[component]
pub fn SignedIn<F, V>(children: F) -> impl IntoView
where
    F: Fn(SignedInUser) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let me = Resource::new_blocking(|| (), |_| crate::api::me());
    let login = login_from(&here());
    let children = Arc::new(children);
    view! {
        <Suspense>
            {move || {
                let (children, login) = (children.clone(), login.clone());
                Suspend::new(async move {
                    match me.await {
                        Ok(user) => children(user).into_any(),
                        Err(AuthError::NotSignedIn) => view! { <Redirect path=login/> }.into_any(),
                        Err(e) => view! { <PageError error=e.clone()/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
