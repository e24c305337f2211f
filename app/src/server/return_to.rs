//! Return-to across a sign-in: the page a person was sent from (`?next=` on
//! `/login` and `/signup`, posted back by their forms) is kept in the
//! session when a flow starts, so that everything in between (wrong codes,
//! resends, expiry, "Start again", "Change it", the language switch, the
//! sign-up handing over to the sign-in) keeps it; signing in ends there.

use domain::ReturnTo;
use serde::{Deserialize, Serialize};

use super::session::{Record, Visit};
use crate::error::AuthError;
use crate::views::Page;

#[derive(Serialize, Deserialize)]
struct Destination(ReturnTo);

impl Record for Destination {
    const KEY: &'static str = "return_to";
}

/// A flow's first step, from a form that carried `next`: once the flow has
/// started, the target is kept when it is a path on this site; otherwise
/// (none, or refused) none is kept, so that an old target never outlives a
/// flow started without it. A step that failed keeps nothing (its page
/// still has `?next=` in its address).
pub async fn started(visit: &Visit, next: Option<&str>, step: Result<Page, AuthError>) -> Result<Page, AuthError> {
    let page = step?;
    match next.and_then(ReturnTo::parse) {
        Some(to) => visit.save(&Destination(to)).await?,
        None => drop(visit.take::<Destination>().await?),
    }
    Ok(page)
}

/// The target kept for this visit, for a form to carry on.
pub async fn kept(visit: &Visit) -> Result<Option<ReturnTo>, AuthError> {
    Ok(visit.load::<Destination>().await?.map(|d| d.0))
}

/// Where a person who has just signed in goes: the kept target (once), or
/// the account page.
pub async fn after_sign_in(visit: &Visit) -> Result<Page, AuthError> {
    Ok(visit
        .take::<Destination>()
        .await?
        .map_or(Page::Account, |d| Page::Back(d.0)))
}
