//! The signed-in part: who is signed in (with tokens checked and refreshed),
//! the account page, changing the name, the language, and signing out.

use super::forms::{self, Draft, Form};
use super::jwt::{Claims, TokenError, TokenUse, refusal};
use super::session::{Handover, SignedIn, Visit};
use super::state::AppState;
use domain::PhoneNumber;

use crate::error::AuthError;
use crate::i18n::{LANGUAGE_COOKIE, Language};
use crate::views::{AccountView, Notice, Page};

/// Ends a signed-in session and leaves a note for the sign-in page.
async fn end_session(visit: &Visit) -> Result<(), AuthError> {
    visit.end().await?;
    visit
        .save(&Handover {
            notice: Some(Notice::SessionEnded),
            phone: None,
            resend_at: None,
        })
        .await
}

/// The signed-in user with tokens that are verified and current: expired
/// ones are refreshed (and the session updated); a session past its
/// absolute lifetime, or whose tokens are refused or revoked, is ended.
/// Returns the ID token's claims with it.
async fn current_user(app: &AppState, visit: &Visit) -> Result<Option<(SignedIn, Claims)>, AuthError> {
    let Some(mut signed_in) = visit.load::<SignedIn>().await? else {
        return Ok(None);
    };
    let now = app.now();
    if now
        >= signed_in
            .signed_in_at
            .saturating_add(app.settings.session_max_age.as_secs())
    {
        tracing::info!("session reached its maximum age");
        end_session(visit).await?;
        return Ok(None);
    }
    let id = match app.tokens.verify_pair(&signed_in.tokens, now).await {
        Ok(verified) => verified.id,
        Err(TokenError::Expired) => {
            let Some(refresh_token) = signed_in.tokens.refresh_token.clone() else {
                end_session(visit).await?;
                return Ok(None);
            };
            match app.cognito.refresh(&refresh_token, &signed_in.user_name).await {
                Ok(tokens) => {
                    let verified = app.tokens.verify_pair(&tokens, now).await.map_err(refusal)?;
                    signed_in.tokens = tokens;
                    visit.save(&signed_in).await?;
                    tracing::info!("tokens refreshed");
                    verified.id
                }
                Err(AuthError::NotSignedIn) => {
                    end_session(visit).await?;
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
        }
        Err(TokenError::KeysUnavailable) => return Err(AuthError::Unavailable),
        Err(e @ TokenError::Rejected(_)) => {
            tracing::warn!(error = %e, "session tokens refused");
            end_session(visit).await?;
            return Ok(None);
        }
    };
    Ok(Some((signed_in, id)))
}

/// Who this browser is signed in as, for the public pages ("Signed in as
/// +1 415-555-0102 · Your account"): the verified ID token's number. A
/// session whose tokens have expired, or cannot be checked right now, shows
/// as signed out there; the account page refreshes or ends it.
pub async fn signed_in_as(app: &AppState, visit: &Visit) -> Option<String> {
    // Read only: tokens checked, never refreshed and no session ended from
    // here (the account page does that), so a public page writes nothing.
    let signed_in = visit.load::<SignedIn>().await.ok().flatten()?;
    let verified = app.tokens.verify_pair(&signed_in.tokens, app.now()).await.ok()?;
    Some(for_people(&verified.id.phone_number?))
}

/// An E.164 number as people write it (`+1 415-555-0102`); as it is when it
/// does not parse.
fn for_people(e164: &str) -> String {
    PhoneNumber::parse(e164).map_or_else(|_| e164.to_owned(), |n| n.international().to_owned())
}

/// How long Cognito's GetUser answer is trusted: a signed-in page asks it
/// at most once a minute per session, however often it is loaded, so that
/// loading pages costs no Cognito call (and no share of its quota). A name
/// changed, or a sign-in revoked, on another device shows within that.
pub const PROFILE_FRESH_SECS: u64 = 60;

/// The account page's data: None sends the browser to `/login`.
pub async fn view(app: &AppState, visit: &Visit) -> Result<Option<AccountView>, AuthError> {
    let Some((mut signed_in, id)) = current_user(app, visit).await? else {
        return Ok(None);
    };
    let now = app.now();
    let fresh = signed_in
        .profile
        .clone()
        .filter(|(_, at)| now < at.saturating_add(PROFILE_FRESH_SECS));
    let profile = match fresh {
        Some((profile, _)) => profile,
        // GetUser both reads the current name (it may have changed on another
        // device) and notices tokens revoked by "sign out everywhere".
        None => match app.cognito.profile(&signed_in.tokens.access_token).await {
            Ok(p) if p.user_id == id.sub => {
                signed_in.profile = Some((p.clone(), now));
                visit.save(&signed_in).await?;
                p
            }
            Ok(_) => {
                tracing::warn!("GetUser answered for another user than the ID token's");
                end_session(visit).await?;
                return Ok(None);
            }
            Err(AuthError::NotSignedIn) => {
                end_session(visit).await?;
                return Ok(None);
            }
            Err(e) => return Err(e),
        },
    };
    let phone = id.phone_number.unwrap_or(profile.phone);
    Ok(Some(AccountView {
        user_id: id.sub,
        phone_display: for_people(&phone),
        phone,
        name: profile.name,
        phone_verified: id.phone_number_verified.unwrap_or(profile.phone_verified),
        unsaved_name: app
            .drafts
            .read(visit.cookies(), now)
            .filter(|d| d.owner.as_deref() == Some(signed_in.user_name.as_str()))
            .and_then(|d| d.prefill(Form::Rename).name),
    }))
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
    let (mut signed_in, _) = current_user(app, visit).await?.ok_or(AuthError::NotSignedIn)?;
    match &name {
        Some(name) => app.cognito.update_name(&signed_in.tokens.access_token, name).await?,
        None => app.cognito.remove_name(&signed_in.tokens.access_token).await?,
    }
    // The page reads the new name from Cognito, not an old answer.
    signed_in.profile = None;
    visit.save(&signed_in).await?;
    tracing::info!(removed = name.is_none(), "name updated");
    Ok(Page::AccountSaved)
}

/// `POST language`: this browser's pages in `tag`'s language from now on,
/// and the signed-in account's texts too; back on the page it came from
/// (one of ours, else the start page).
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
    Ok(Page::at(back).unwrap_or(Page::Home))
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
    if let Some(signed_in) = visit.load::<SignedIn>().await? {
        let revoked = if everywhere {
            sign_out_everywhere(app, &signed_in).await
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
