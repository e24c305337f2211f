//! The signed-in part: the account page, changing the name, the language,
//! and signing out (who is signed in is `auth`'s).

use super::auth;
use super::forms::{self, Draft, Form};
use super::hooks;
use super::jwt::{TokenError, TokenUse};
use super::session::{SignedIn, Visit};
use super::state::AppState;

use crate::error::AuthError;
use crate::i18n::{LANGUAGE_COOKIE, Language};
use crate::views::{AccountView, Page};

/// Who this browser is signed in as, for the public pages ("Signed in as
/// +1 415-555-0102 · Your account"), checked as every signed-in page is
/// ([`auth::current`]). A check that cannot be made now (an outage) shows
/// as signed out there: a public page works without Cognito.
pub async fn signed_in_as(app: &AppState, visit: &Visit) -> Option<String> {
    auth::current(app, visit).await.ok().flatten().map(|u| u.phone_display)
}

/// The account page's data; `NotSignedIn` (401) sends the browser to sign in.
pub async fn view(app: &AppState, visit: &Visit) -> Result<AccountView, AuthError> {
    let checked = auth::checked(app, visit).await?.ok_or(AuthError::NotSignedIn)?;
    let me = auth::person(&checked, visit.language());
    let number_form = super::number::form(app, visit, &checked.signed_in).await?;
    let signed_in = checked.signed_in;
    Ok(AccountView {
        user_id: me.sub,
        phone: me.phone_number,
        phone_display: me.phone_display,
        name: me.name,
        unsaved_name: app
            .drafts
            .read(visit.cookies(), app.now())
            .filter(|d| d.owner.as_deref() == Some(signed_in.user_name.as_str()))
            .and_then(|d| d.prefill(Form::Rename).name),
        recent_sign_in: recent(app, &signed_in),
        number_form,
    })
}

/// How recent a sign-in must be to delete the account or change its
/// number: a stolen session (a laptop left open) can do neither without a
/// fresh code to the phone.
pub const RECENT_SIGN_IN_SECS: u64 = 300;

/// Whether `signed_in` began within [`RECENT_SIGN_IN_SECS`].
pub fn recent(app: &AppState, signed_in: &SignedIn) -> bool {
    app.now() < signed_in.signed_in_at.saturating_add(RECENT_SIGN_IN_SECS)
}

/// `POST delete_account`: the account and everything kept for it. Needs a
/// sign-in within [`RECENT_SIGN_IN_SECS`]. Your app's data goes first (the
/// `account_deleted` hook; a failure stops here, nothing deleted, to be
/// tried again), then Cognito's user (DeleteUser), then the session.
pub async fn delete_account(app: &AppState, visit: &Visit) -> Result<Page, AuthError> {
    let (signed_in, id) = auth::current_tokens(app, visit).await?.ok_or(AuthError::NotSignedIn)?;
    if !recent(app, &signed_in) {
        return Err(AuthError::SignInAgain);
    }
    if let Err(e) = app.hooks.account_deleted(&id.sub).await {
        tracing::error!(event = "account_deleted", error = %e, "a hook failed; nothing was deleted");
        return Err(AuthError::Unavailable);
    }
    app.cognito.delete_user(&signed_in.tokens.access_token).await?;
    visit.end().await?;
    forms::forget(app, visit);
    tracing::info!("account deleted");
    Ok(Page::AccountDeleted)
}

/// `POST update_name`.
/// An empty name removes it (it is optional at sign-up too).
pub async fn update_name(app: &AppState, visit: &Visit, typed: &str) -> Result<Page, AuthError> {
    // Whose name it is, read before a session that ended is let go.
    let owner = visit.load::<SignedIn>().await.ok().flatten().map(|s| s.user_name);
    let result = rename(app, visit, typed).await;
    // What was typed survives a failure, a session that ended included: the
    // account page shows it again to the same account (after signing in
    // again, within the draft's minutes), so that nothing typed is lost.
    if let Some(owner) = owner {
        forms::remember(app, visit, Draft::rename(owner, typed), result.is_err());
    }
    result
}

async fn rename(app: &AppState, visit: &Visit, name: &str) -> Result<Page, AuthError> {
    let name = forms::parse_name(name)?;
    // Not signed in (any more): the account page sends the browser to the
    // sign-in page, which says why (`/login?ended`); nothing is stored for it.
    let (mut signed_in, _) = auth::current_tokens(app, visit).await?.ok_or(AuthError::NotSignedIn)?;
    match &name {
        Some(name) => app.cognito.update_name(&signed_in.tokens.access_token, name).await?,
        None => app.cognito.remove_name(&signed_in.tokens.access_token).await?,
    }
    // The page reads the new name from Cognito, not an old answer.
    signed_in.profile = None;
    visit.save(&signed_in).await?;
    tracing::info!(removed = name.is_none(), "name updated");
    Ok(if name.is_some() {
        Page::AccountSaved
    } else {
        Page::NameRemoved
    })
}

/// `POST language`: this browser's pages in `tag`'s language from now on,
/// and the signed-in account's texts too; back on the page it came from
/// (a path on this site, else the start page).
pub async fn set_language(app: &AppState, visit: &Visit, tag: &str, back: &str) -> Result<Page, AuthError> {
    let language = Language::parse(tag).ok_or(AuthError::BadRequest)?;
    visit.set_cookie(forms::preference_cookie(app, LANGUAGE_COOKIE, language.tag()));
    // Always set: the session's ID token still names the language it was
    // issued with, not one set since.
    if let Some(signed_in) = visit.load::<SignedIn>().await.ok().flatten()
        && app.tokens.verify_pair(&signed_in.tokens, app.now()).await.is_ok()
    {
        keep_language(app, &signed_in.tokens.access_token, None, language).await;
    }
    Ok(domain::ReturnTo::parse(back).map_or(Page::Home, Page::Back))
}

/// Makes the account's `locale` (the language Cognito's trigger writes its
/// sign-in texts in) the page's, when it differs: the next text is in the
/// language the person reads the pages in. A failure costs only that, so
/// it is logged and the step goes on.
pub async fn keep_language(app: &AppState, access_token: &str, account: Option<&str>, page: Language) {
    if account.and_then(Language::parse) == Some(page) {
        return;
    }
    match app.cognito.update_language(access_token, page).await {
        Ok(()) => tracing::info!(language = page.tag(), "account language updated"),
        Err(e) => tracing::warn!(error = ?e, "account language not updated"),
    }
}

/// `POST sign_out`: this browser (its refresh token revoked), or every
/// device (GlobalSignOut). Nothing is ended here until Cognito has said so:
/// an outage is told, and the session stays for another try.
pub async fn sign_out(app: &AppState, visit: &Visit, everywhere: bool) -> Result<Page, AuthError> {
    let signed_in = visit.load::<SignedIn>().await?;
    if let Some(signed_in) = &signed_in {
        let revoked = if everywhere {
            sign_out_everywhere(app, signed_in).await
        } else {
            match &signed_in.tokens.refresh_token {
                Some(refresh) => app.cognito.revoke(refresh).await,
                None => Ok(()),
            }
        };
        // Tokens revoked already (elsewhere) still end in a signed-out browser.
        match revoked {
            Ok(()) | Err(AuthError::NotSignedIn) => {}
            Err(e) => return Err(e),
        }
    }
    visit.end().await?;
    forms::forget(app, visit);
    tracing::info!(everywhere, "signed out");
    if let Some(signed_in) = signed_in.filter(|s| !s.sub.is_empty()) {
        hooks::logged("signed_out", app.hooks.signed_out(&signed_in.sub, everywhere)).await;
    }
    // The sign-in page says so, from a fixed flag in its address: nothing is
    // stored for it (a stray post must not make a session).
    Ok(if everywhere {
        Page::SignedOutEverywhere
    } else {
        Page::SignedOut
    })
}

/// GlobalSignOut needs a live access token, which lasts an hour while a
/// session lasts a week: an expired one is refreshed first. NotSignedIn
/// means the sign-in was revoked already, which is what was asked.
async fn sign_out_everywhere(app: &AppState, signed_in: &SignedIn) -> Result<(), AuthError> {
    let fresh = || async {
        let refresh_token = signed_in
            .tokens
            .refresh_token
            .as_deref()
            .ok_or(AuthError::NotSignedIn)?;
        app.cognito.refresh(refresh_token, &signed_in.user_name).await
    };
    let access = match app
        .tokens
        .verify(&signed_in.tokens.access_token, TokenUse::Access, app.now())
        .await
    {
        Err(TokenError::Expired) => fresh().await?.access_token,
        _ => signed_in.tokens.access_token.clone(),
    };
    match app.cognito.sign_out_everywhere(&access).await {
        // Cognito's clock may call the token expired a moment before ours.
        Err(AuthError::NotSignedIn) => {
            let tokens = fresh().await?;
            app.cognito.sign_out_everywhere(&tokens.access_token).await
        }
        other => other,
    }
}
