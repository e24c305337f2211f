//! Who is signed in: the one answer, for the sign-in's own pages and for
//! yours. [`current`] (and the [`User`] extractor for plain axum handlers,
//! and [`signed_in`] for server functions) checks the whole way:
//!
//! - the session's absolute age (`SESSION_MAX_SECONDS`, a week): past it,
//!   the session ends;
//! - the tokens against the pool's keys; expired ones are refreshed
//!   (`REFRESH_TOKEN_AUTH`), refused ones end the session;
//! - revocation ("sign out everywhere", an account disabled or deleted):
//!   Cognito is asked (`GetUser`) at most once every
//!   [`REVOCATION_CHECK_SECS`] per session, and only when the session is
//!   used. So a revoked session stops working on every protected route
//!   within a minute, for one GetUser per active session a minute and one
//!   token refresh an hour.

use domain::PhoneNumber;

use super::cognito::Profile;
use super::jwt::{Claims, TokenError, refusal};
use super::session::{Handover, SignedIn, Visit};
use super::state::AppState;
use crate::error::AuthError;
use crate::i18n::Language;
use crate::views::{Notice, SignedInUser};

/// How long Cognito's word that a session is still good (its GetUser
/// answer) is trusted: the most a revoked session goes on working.
pub const REVOCATION_CHECK_SECS: u64 = 60;

/// A signed-in session, checked, with what Cognito and its tokens say.
pub(super) struct Checked {
    pub signed_in: SignedIn,
    pub id: Claims,
    pub profile: Profile,
}

/// Ends a signed-in session and leaves a note for the sign-in page.
pub(super) async fn end_session(visit: &Visit) -> Result<(), AuthError> {
    visit.end().await?;
    visit
        .save(&Handover {
            notice: Some(Notice::SessionEnded),
            ..Handover::default()
        })
        .await
}

/// The signed-in person, checked the whole way (see the module's note), or
/// None: not signed in, or a session that has just ended (its age, its
/// tokens, or Cognito's word). An outage is an error, and ends nothing.
pub async fn current(app: &AppState, visit: &Visit) -> Result<Option<SignedInUser>, AuthError> {
    Ok(checked(app, visit).await?.map(|c| person(&c, visit.language())))
}

/// [`current`], or `NotSignedIn` (401; a page sends the browser to sign in).
pub async fn require(app: &AppState, visit: &Visit) -> Result<SignedInUser, AuthError> {
    current(app, visit).await?.ok_or(AuthError::NotSignedIn)
}

/// For a server function: who is signed in, or `NotSignedIn`.
///
/// ```ignore
/// #[server]
/// pub async fn my_notes() -> Result<Vec<Note>, AuthError> {
///     let me = app::server::auth::signed_in().await?;
///     load_notes(&me.sub).await
/// }
/// ```
pub async fn signed_in() -> Result<SignedInUser, AuthError> {
    let (app, visit) = super::request::begin().await?;
    super::request::answer(&visit, require(&app, &visit).await)
}

/// Who a checked session is: the ID token's claims, with Cognito's
/// profile for what the token may lack. The number is the profile's (at
/// most a check period old) where it has one: an ID token names the number
/// it was issued with for its hour, and a number changed since may already
/// be someone else's.
pub(super) fn person(c: &Checked, page_language: Language) -> SignedInUser {
    let phone_number = Some(c.profile.phone.clone())
        .filter(|p| !p.is_empty())
        .or_else(|| c.id.phone_number.clone())
        .unwrap_or_default();
    SignedInUser {
        sub: c.id.sub.clone(),
        phone_display: for_people(&phone_number),
        phone_number,
        name: c.profile.name.clone(),
        // The account's language (its texts'), else the page's.
        language: c
            .id
            .locale
            .as_deref()
            .and_then(Language::parse)
            .unwrap_or(page_language),
    }
}

/// An E.164 number as people write it (`+1 415-555-0102`); as it is when it
/// does not parse.
fn for_people(e164: &str) -> String {
    PhoneNumber::parse(e164).map_or_else(|_| e164.to_owned(), |n| n.international().to_owned())
}

/// The session checked: its age, its tokens (refreshed if expired), and
/// Cognito's GetUser at most every [`REVOCATION_CHECK_SECS`].
pub(super) async fn checked(app: &AppState, visit: &Visit) -> Result<Option<Checked>, AuthError> {
    let Some((mut signed_in, id)) = current_tokens(app, visit).await? else {
        return Ok(None);
    };
    let now = app.now();
    let fresh = signed_in
        .profile
        .clone()
        .filter(|(_, at)| now < at.saturating_add(REVOCATION_CHECK_SECS));
    // One GetUser per session at a time: a request that comes while this
    // session's is in flight trusts the answer before it (at most a check
    // period older), so that a burst of requests costs one call, not one each.
    let asking = match (&fresh, &signed_in.profile) {
        (None, Some((stale, _))) => match app.revocation_checks.begin(&signed_in.tokens.access_token) {
            Some(asking) => Some(asking),
            None => {
                return Ok(Some(Checked {
                    profile: stale.clone(),
                    signed_in,
                    id,
                }));
            }
        },
        _ => None,
    };
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
                tracing::info!("sign-in revoked");
                end_session(visit).await?;
                return Ok(None);
            }
            Err(e) => return Err(e),
        },
    };
    drop(asking);
    Ok(Some(Checked { signed_in, id, profile }))
}

/// The sessions whose GetUser is in flight in this process, by a digest of
/// their access token (never the token itself).
#[derive(Default)]
pub struct RevocationChecks(std::sync::Mutex<std::collections::HashSet<[u8; 32]>>);

/// A session's GetUser in flight; it ends when this is dropped.
pub struct Asking<'a> {
    checks: &'a RevocationChecks,
    key: [u8; 32],
}

impl RevocationChecks {
    /// Some while this session's check is this caller's to make; None when
    /// another request is making it.
    pub fn begin(&self, access_token: &str) -> Option<Asking<'_>> {
        use sha2::Digest;
        let key: [u8; 32] = sha2::Sha256::digest(access_token.as_bytes()).into();
        let added = self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(key);
        // Made only when added: dropping one removes the key.
        added.then(|| Asking { checks: self, key })
    }
}

impl Drop for Asking<'_> {
    fn drop(&mut self) {
        self.checks
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.key);
    }
}

/// The signed-in session with tokens that are verified and current: expired
/// ones are refreshed (and the session updated); a session past its
/// absolute lifetime, or whose tokens are refused or revoked, is ended.
/// Returns the ID token's claims with it.
pub(super) async fn current_tokens(app: &AppState, visit: &Visit) -> Result<Option<(SignedIn, Claims)>, AuthError> {
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

/// The signed-in person, for a plain axum handler (checked as [`current`]
/// checks). An anonymous caller never reaches the handler: a page (a GET
/// asking for HTML) is sent to sign in, and back here after (303 to
/// `/login?next=<this page>`); anything else gets 401 with a JSON body.
///
/// ```ignore
/// async fn me(user: User) -> Json<SignedInUser> {
///     Json(user.0)
/// }
/// ```
///
/// The server puts the [`AppState`] in every request's extensions, so any
/// route of the router `server::router` builds can use it.
#[derive(Debug, Clone)]
pub struct User(pub SignedInUser);

impl std::ops::Deref for User {
    type Target = SignedInUser;

    fn deref(&self) -> &SignedInUser {
        &self.0
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for User {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Refusal> {
        let Some(app) = parts.extensions.get::<AppState>().cloned() else {
            tracing::error!("no AppState in the request's extensions");
            return Err(Refusal::new(AuthError::Unavailable, parts));
        };
        let session = match tower_sessions::Session::from_request_parts(parts, state).await {
            Ok(session) => session,
            Err(_) => {
                tracing::error!("no session layer in front of a route that asks who is signed in");
                return Err(Refusal::new(AuthError::Unavailable, parts));
            }
        };
        let visit = super::request::visit_of(session, parts);
        require(&app, &visit)
            .await
            .map(User)
            .map_err(|e| Refusal::new(e, parts))
    }
}

/// Why [`User`] refused a request, as the response says it.
#[derive(Debug)]
pub struct Refusal {
    pub error: AuthError,
    /// Where a page goes back to after signing in (its path and query);
    /// None for a call that is not a page.
    page: Option<String>,
    language: Language,
}

impl Refusal {
    fn new(error: AuthError, parts: &http::request::Parts) -> Self {
        let header = |name| {
            parts
                .headers
                .get(name)
                .and_then(|v: &http::HeaderValue| v.to_str().ok())
        };
        let is_page = matches!(parts.method, http::Method::GET | http::Method::HEAD)
            && header(http::header::ACCEPT).is_some_and(|v| v.contains("text/html"));
        let cookies = super::request::cookies_in(&parts.headers);
        Self {
            error,
            page: is_page.then(|| parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_owned()),
            language: super::session::language_of(Some(&cookies), header(http::header::ACCEPT_LANGUAGE)),
        }
    }
}

impl axum::response::IntoResponse for Refusal {
    fn into_response(self) -> axum::response::Response {
        match (&self.error, &self.page) {
            (AuthError::NotSignedIn, Some(here)) => {
                axum::response::Redirect::to(&crate::views::login_from(here)).into_response()
            }
            _ => super::respond::json(&self.error, self.language).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RevocationChecks;

    #[test]
    fn one_check_per_session_at_a_time() {
        let checks = RevocationChecks::default();
        let asking = checks.begin("token-a").expect("the first asks");
        assert!(checks.begin("token-a").is_none(), "the second trusts the answer before");
        assert!(checks.begin("token-b").is_some(), "another session asks for itself");
        drop(asking);
        assert!(checks.begin("token-a").is_some(), "the check done, the next one asks");
    }
}
