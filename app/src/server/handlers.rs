//! The work behind each server function.

use lambdas::{OtpCode, PhoneNumber, PhoneParseError};

use tower_sessions::Session;

use super::context::{auth_flow, client_ip, limits, now, send_floor, session, session_max_age, token_verifier};
use super::flow::{Answer, Started, Tokens};
use super::jwt::{Claims, TokenError, TokenUse};
use super::limits::Purpose;
use super::session_state::*;
use crate::api::{AccountView, FormPrefill, SignInStatus, SignUpStatus};
use crate::error::AuthError;

/// Stand-in expiry and attempts for a sign-in with no usable account, the
/// same as a real challenge shows.
const NO_ACCOUNT_TTL: u64 = 180;
const NO_ACCOUNT_ATTEMPTS: u32 = 3;
const MAX_NAME_CHARS: usize = 100;

pub fn parse_phone(country: &str, input: &str) -> Result<PhoneNumber, AuthError> {
    let region = Some(country.trim()).filter(|c| !c.is_empty());
    PhoneNumber::parse_with_region(input, region).map_err(|e| {
        AuthError::InvalidPhone(match e {
            PhoneParseError::Empty => "Enter your phone number.".into(),
            PhoneParseError::Unparseable => "That doesn't look like a phone number. Check it and try again.".into(),
            PhoneParseError::Invalid => "That number isn't valid for the country you chose.".into(),
        })
    })
}

pub fn parse_code(input: &str) -> Result<OtpCode, AuthError> {
    OtpCode::parse(input).map_err(|e| {
        AuthError::InvalidCode(match e {
            lambdas::OtpParseError::Empty => "Enter the 6-digit code from the text message.".into(),
            lambdas::OtpParseError::WrongLength => "The code has 6 digits.".into(),
            lambdas::OtpParseError::NotDigits => "The code has digits only.".into(),
        })
    })
}

pub fn parse_name(input: &str) -> Result<Option<String>, AuthError> {
    let name = input.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AuthError::InvalidName(format!(
            "Keep your name under {MAX_NAME_CHARS} characters."
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(AuthError::InvalidName(
            "Your name can't contain control characters.".into(),
        ));
    }
    Ok(Some(name.to_owned()).filter(|n| !n.is_empty()))
}

/// Keeps what was typed when a phone form fails, for the page a plain form
/// post comes back to; forgets it when the form succeeds.
async fn remember_draft(form: &str, country: &str, phone: &str, name: &str, failed: bool) {
    let Ok(session) = session().await else { return };
    let saved = if failed {
        let draft = Draft {
            form: form.into(),
            country: country.chars().take(8).collect(),
            phone: phone.chars().take(40).collect(),
            name: name.chars().take(MAX_NAME_CHARS).collect(),
        };
        put(&session, DRAFT, &draft).await
    } else {
        take::<Draft>(&session, DRAFT).await.map(|_| ())
    };
    // The form's own outcome matters more than losing the draft.
    let _ = saved;
}

/// Runs `send` (a Cognito call that texts a code) under the send limits. A
/// send that Cognito never took (unreachable, or throttling us) is given
/// back, so that the person is not made to wait for a text that never came.
/// Whatever the outcome, it takes at least the send floor (see `SendFloor`).
async fn limited_send<T>(
    purpose: Purpose,
    phone: &PhoneNumber,
    now: u64,
    send: impl std::future::Future<Output = Result<T, AuthError>>,
) -> Result<T, AuthError> {
    let limits = limits()?;
    let ip = client_ip();
    limits.take_send(purpose, phone, ip, now).await?;
    let floor = tokio::time::Instant::now() + send_floor();
    let result = send.await;
    tokio::time::sleep_until(floor).await;
    if matches!(result, Err(AuthError::Unavailable | AuthError::RateLimited { .. })) {
        limits.refund_send(purpose, phone, ip, now).await;
    }
    result
}

pub async fn sign_up(country: &str, phone: &str, name: &str) -> Result<(), AuthError> {
    let result = sign_up_now(country, phone, name).await;
    remember_draft("signup", country, phone, name, result.is_err()).await;
    result
}

async fn sign_up_now(country: &str, phone: &str, name: &str) -> Result<(), AuthError> {
    let phone = parse_phone(country, phone)?;
    let name = parse_name(name)?;
    let flow = auth_flow()?;
    let session = session().await?;
    let now = now();
    limited_send(Purpose::SignUp, &phone, now, flow.sign_up(&phone, name.as_deref())).await?;
    put(
        &session,
        PENDING_SIGN_UP,
        &PendingSignUp {
            phone: phone.as_e164().into(),
            masked_phone: phone.masked(),
            sent_at: now,
            resends: 0,
        },
    )
    .await?;
    tracing::info!(phone = %phone.masked(), "sign-up started");
    leptos_axum::redirect("/signup/confirm");
    Ok(())
}

pub async fn resend_sign_up_code() -> Result<(), AuthError> {
    let flow = auth_flow()?;
    let session = session().await?;
    let mut pending: PendingSignUp = get(&session, PENDING_SIGN_UP).await?.ok_or(AuthError::NoFlow)?;
    let phone = PhoneNumber::parse(&pending.phone).map_err(|_| AuthError::NoFlow)?;
    let now = now();
    limited_send(Purpose::SignUp, &phone, now, flow.resend_sign_up_code(&phone)).await?;
    pending.sent_at = now;
    pending.resends += 1;
    put(&session, PENDING_SIGN_UP, &pending).await?;
    tracing::info!(phone = %pending.masked_phone, "sign-up code resent");
    leptos_axum::redirect("/signup/confirm");
    Ok(())
}

pub async fn confirm_sign_up(code: &str) -> Result<(), AuthError> {
    let code = parse_code(code)?;
    let flow = auth_flow()?;
    let session = session().await?;
    let pending: PendingSignUp = get(&session, PENDING_SIGN_UP).await?.ok_or(AuthError::NoFlow)?;
    let phone = PhoneNumber::parse(&pending.phone).map_err(|_| AuthError::NoFlow)?;
    let limits = limits()?;
    let ip = client_ip();
    limits.check_allowed(&phone, ip, now()).await?;
    if let Err(e) = flow.confirm_sign_up(&phone, &code).await {
        if matches!(e, AuthError::CodeMismatch | AuthError::TooManyAttempts) {
            limits.record_failed_check(&phone, ip, now()).await?;
        }
        return Err(e);
    }
    take::<PendingSignUp>(&session, PENDING_SIGN_UP).await?;
    put(
        &session,
        NOTICE,
        &Notice {
            text: Some("Your phone number is confirmed. Sign in to continue.".into()),
            phone: Some(pending.phone),
        },
    )
    .await?;
    tracing::info!(phone = %phone.masked(), "sign-up confirmed");
    leptos_axum::redirect("/login");
    Ok(())
}

pub async fn start_sign_in(country: &str, phone: &str) -> Result<(), AuthError> {
    let result = start_sign_in_now(country, phone).await;
    remember_draft("login", country, phone, "", result.is_err()).await;
    result
}

async fn start_sign_in_now(country: &str, phone: &str) -> Result<(), AuthError> {
    let phone = parse_phone(country, phone)?;
    let session = session().await?;
    send_sign_in_code(&session, &phone, 0).await?;
    take::<Notice>(&session, NOTICE).await?;
    tracing::info!(phone = %phone.masked(), "sign-in started");
    leptos_axum::redirect("/login/verify");
    Ok(())
}

/// Starts a Cognito sign-in (which texts a code) and keeps it as the pending one.
async fn send_sign_in_code(session: &Session, phone: &PhoneNumber, resends: u32) -> Result<(), AuthError> {
    let flow = auth_flow()?;
    let now = now();
    let pending = match limited_send(Purpose::SignIn, phone, now, flow.start_sign_in(phone)).await? {
        Started::Challenge(c) => PendingSignIn::from_challenge(phone.as_e164().into(), c, now, resends),
        Started::NoUsableAccount => PendingSignIn {
            phone: phone.as_e164().into(),
            masked_phone: phone.masked(),
            cognito: None,
            attempts_left: NO_ACCOUNT_ATTEMPTS,
            expires_at: now + NO_ACCOUNT_TTL,
            sent_at: now,
            resends,
        },
    };
    put(session, PENDING_SIGN_IN, &pending).await
}

pub async fn resend_sign_in_code() -> Result<(), AuthError> {
    let session = session().await?;
    let pending: PendingSignIn = get(&session, PENDING_SIGN_IN).await?.ok_or(AuthError::NoFlow)?;
    let phone = PhoneNumber::parse(&pending.phone).map_err(|_| AuthError::NoFlow)?;
    send_sign_in_code(&session, &phone, pending.resends + 1).await?;
    tracing::info!(phone = %pending.masked_phone, "sign-in code resent");
    leptos_axum::redirect("/login/verify");
    Ok(())
}

pub async fn verify_sign_in(code: &str) -> Result<(), AuthError> {
    let code = parse_code(code)?;
    let flow = auth_flow()?;
    let session = session().await?;
    let mut pending: PendingSignIn = get(&session, PENDING_SIGN_IN).await?.ok_or(AuthError::NoFlow)?;
    let phone = PhoneNumber::parse(&pending.phone).map_err(|_| AuthError::NoFlow)?;
    let limits = limits()?;
    let ip = client_ip();
    limits.check_allowed(&phone, ip, now()).await?;
    let expired = now() >= pending.expires_at;
    let answer = match pending.challenge() {
        _ if expired => Err(AuthError::CodeExpired),
        Some(challenge) => flow.answer(&challenge, &code).await,
        None => {
            let attempts_left = pending.attempts_left.saturating_sub(1);
            if attempts_left == 0 {
                Err(AuthError::TooManyAttempts)
            } else {
                Err(AuthError::WrongCode { attempts_left })
            }
        }
    };
    if matches!(
        answer,
        Ok(Answer::TryAgain(_)) | Err(AuthError::WrongCode { .. } | AuthError::TooManyAttempts)
    ) {
        limits.record_failed_check(&phone, ip, now()).await?;
    }
    match answer {
        Ok(Answer::SignedIn(tokens)) => {
            // Believe nothing in the tokens until the pool's keys vouch for them.
            let verifier = token_verifier()?;
            let access = verifier
                .verify(&tokens.access_token, TokenUse::Access, now())
                .await
                .map_err(token_failure)?;
            verifier
                .verify(&tokens.id_token, TokenUse::Id, now())
                .await
                .map_err(token_failure)?;
            take::<PendingSignIn>(&session, PENDING_SIGN_IN).await?;
            rotate_id(&session).await?;
            put(
                &session,
                SIGNED_IN,
                &SignedIn {
                    tokens,
                    signed_in_at: now(),
                    user_name: access.user_name().to_owned(),
                },
            )
            .await?;
            tracing::info!(phone = %pending.masked_phone, "signed in");
            leptos_axum::redirect("/account");
            Ok(())
        }
        Ok(Answer::TryAgain(next)) => {
            let attempts_left = next.attempts_left;
            pending = PendingSignIn::from_challenge(pending.phone, next, pending.sent_at, pending.resends);
            put(&session, PENDING_SIGN_IN, &pending).await?;
            Err(AuthError::WrongCode { attempts_left })
        }
        Err(AuthError::WrongCode { attempts_left }) => {
            pending.attempts_left = attempts_left;
            put(&session, PENDING_SIGN_IN, &pending).await?;
            Err(AuthError::WrongCode { attempts_left })
        }
        Err(e @ (AuthError::TooManyAttempts | AuthError::CodeExpired)) => {
            // The Cognito flow is over; keep the number for the next try.
            take::<PendingSignIn>(&session, PENDING_SIGN_IN).await?;
            put(
                &session,
                NOTICE,
                &Notice {
                    text: None,
                    phone: Some(pending.phone),
                },
            )
            .await?;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

pub async fn sign_out(everywhere: bool) -> Result<(), AuthError> {
    let flow = auth_flow()?;
    let session = session().await?;
    if let Some(signed_in) = get::<SignedIn>(&session, SIGNED_IN).await? {
        let tokens = &signed_in.tokens;
        let revoked = if everywhere {
            flow.sign_out_everywhere(&tokens.access_token).await
        } else {
            match &tokens.refresh_token {
                Some(refresh) => flow.revoke(refresh).await,
                None => Ok(()),
            }
        };
        // Already-revoked tokens still end in a signed-out browser; an outage
        // keeps the session so that the person can retry.
        match revoked {
            Ok(()) | Err(AuthError::NotSignedIn) => {}
            Err(e) => return Err(e),
        }
    }
    destroy(&session).await?;
    tracing::info!(everywhere, "signed out");
    leptos_axum::redirect("/login");
    Ok(())
}

pub async fn update_name(name: &str) -> Result<(), AuthError> {
    let name = parse_name(name)?.ok_or_else(|| AuthError::InvalidName("Enter a name.".into()))?;
    let flow = auth_flow()?;
    let session = session().await?;
    let (signed_in, _) = current_user(&session).await?.ok_or(AuthError::NotSignedIn)?;
    flow.update_name(&signed_in.tokens.access_token, &name).await?;
    tracing::info!("name updated");
    leptos_axum::redirect("/account");
    Ok(())
}

fn token_failure(e: TokenError) -> AuthError {
    match e {
        TokenError::KeysUnavailable => AuthError::Unavailable,
        TokenError::Expired | TokenError::Rejected(_) => {
            tracing::warn!(error = %e, "token refused");
            AuthError::NotSignedIn
        }
    }
}

/// Ends a signed-in session and leaves a note for the sign-in page.
async fn end_session(session: &Session, why: &str) -> Result<(), AuthError> {
    destroy(session).await?;
    put(
        session,
        NOTICE,
        &Notice {
            text: Some(why.into()),
            phone: None,
        },
    )
    .await
}

const SESSION_ENDED: &str = "Your session has ended. Sign in again to continue.";

/// The signed-in user with tokens that are verified and current: expired
/// ones are refreshed (and the session updated); a session past its
/// absolute lifetime, or whose tokens are refused or revoked, is ended.
async fn current_user(session: &Session) -> Result<Option<(SignedIn, Claims)>, AuthError> {
    let Some(mut signed_in) = get::<SignedIn>(session, SIGNED_IN).await? else {
        return Ok(None);
    };
    let now = now();
    if now >= signed_in.signed_in_at.saturating_add(session_max_age()) {
        tracing::info!("session reached its maximum age");
        end_session(session, SESSION_ENDED).await?;
        return Ok(None);
    }
    let verifier = token_verifier()?;
    let verify_both = |tokens: Tokens| {
        let verifier = verifier.clone();
        async move {
            verifier.verify(&tokens.access_token, TokenUse::Access, now).await?;
            verifier.verify(&tokens.id_token, TokenUse::Id, now).await
        }
    };
    let id = match verify_both(signed_in.tokens.clone()).await {
        Ok(id) => id,
        Err(TokenError::Expired) => {
            let Some(refresh_token) = signed_in.tokens.refresh_token.clone() else {
                end_session(session, SESSION_ENDED).await?;
                return Ok(None);
            };
            match auth_flow()?.refresh(&refresh_token, &signed_in.user_name).await {
                Ok(tokens) => {
                    let id = verify_both(tokens.clone()).await.map_err(token_failure)?;
                    signed_in.tokens = tokens;
                    put(session, SIGNED_IN, &signed_in).await?;
                    tracing::info!("tokens refreshed");
                    id
                }
                Err(AuthError::NotSignedIn) => {
                    end_session(session, SESSION_ENDED).await?;
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
        }
        Err(TokenError::KeysUnavailable) => return Err(AuthError::Unavailable),
        Err(e @ TokenError::Rejected(_)) => {
            tracing::warn!(error = %e, "session tokens refused");
            end_session(session, SESSION_ENDED).await?;
            return Ok(None);
        }
    };
    Ok(Some((signed_in, id)))
}

pub async fn pending_sign_up() -> Result<Option<SignUpStatus>, AuthError> {
    let session = session().await?;
    let cooldown = limits()?.policy().cooldown_secs();
    Ok(get::<PendingSignUp>(&session, PENDING_SIGN_UP)
        .await?
        .map(|p| SignUpStatus {
            masked_phone: p.masked_phone,
            resend_at: p.sent_at + cooldown,
            resent: p.resends > 0,
            now: now(),
        }))
}

pub async fn pending_sign_in() -> Result<Option<SignInStatus>, AuthError> {
    let session = session().await?;
    let cooldown = limits()?.policy().cooldown_secs();
    Ok(get::<PendingSignIn>(&session, PENDING_SIGN_IN)
        .await?
        .map(|p| SignInStatus {
            masked_phone: p.masked_phone,
            attempts_left: p.attempts_left,
            expires_at: p.expires_at,
            resend_at: p.sent_at + cooldown,
            resent: p.resends > 0,
            now: now(),
        }))
}

fn prefill_from_draft(draft: Option<Draft>, form: &str) -> FormPrefill {
    match draft.filter(|d| d.form == form) {
        Some(d) => FormPrefill {
            notice: None,
            country: Some(d.country).filter(|c| !c.is_empty()),
            phone: Some(d.phone),
            name: Some(d.name).filter(|n| !n.is_empty()),
        },
        None => FormPrefill::default(),
    }
}

pub async fn login_start() -> Result<FormPrefill, AuthError> {
    let session = session().await?;
    let notice: Notice = get(&session, NOTICE).await?.unwrap_or_default();
    let confirmed = notice.phone.as_deref().and_then(|p| PhoneNumber::parse(p).ok());
    Ok(match confirmed {
        Some(phone) => FormPrefill {
            notice: notice.text,
            country: phone.region().map(str::to_owned),
            phone: Some(phone.national()),
            name: None,
        },
        None => FormPrefill {
            notice: notice.text,
            ..prefill_from_draft(get(&session, DRAFT).await?, "login")
        },
    })
}

pub async fn signup_start() -> Result<FormPrefill, AuthError> {
    let session = session().await?;
    Ok(prefill_from_draft(get(&session, DRAFT).await?, "signup"))
}

pub async fn account() -> Result<Option<AccountView>, AuthError> {
    let flow = auth_flow()?;
    let session = session().await?;
    let Some((signed_in, id)) = current_user(&session).await? else {
        return Ok(None);
    };
    // GetUser both reads the current name (it may have changed on another
    // device) and notices tokens revoked by "sign out everywhere".
    match flow.profile(&signed_in.tokens.access_token).await {
        Ok(p) if p.user_id == id.sub => Ok(Some(AccountView {
            user_id: id.sub,
            phone: id.phone_number.unwrap_or(p.phone),
            name: p.name,
            phone_verified: id.phone_number_verified.unwrap_or(p.phone_verified),
        })),
        Ok(_) => {
            tracing::warn!("GetUser answered for another user than the ID token's");
            end_session(&session, SESSION_ENDED).await?;
            Ok(None)
        }
        Err(AuthError::NotSignedIn) => {
            end_session(&session, SESSION_ENDED).await?;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_inputs_parse_with_clear_messages() {
        assert_eq!(parse_phone("US", "(415) 555-2671").unwrap().as_e164(), "+14155552671");
        assert!(matches!(parse_phone("US", ""), Err(AuthError::InvalidPhone(m)) if m == "Enter your phone number."));
        assert!(matches!(parse_phone("US", "12"), Err(AuthError::InvalidPhone(_))));
        assert_eq!(parse_code(" 123 456 ").unwrap().expose(), "123456");
        assert!(matches!(parse_code("12345"), Err(AuthError::InvalidCode(m)) if m == "The code has 6 digits."));
        assert_eq!(parse_name("  Ada  ").unwrap().as_deref(), Some("Ada"));
        assert_eq!(parse_name("   ").unwrap(), None);
        assert!(parse_name(&"x".repeat(101)).is_err());
        assert!(parse_name("a\u{0}b").is_err());
    }
}
