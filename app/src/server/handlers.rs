//! The work behind each server function.

use lambdas::{OtpCode, PhoneNumber, PhoneParseError};

use super::context::{auth_flow, now, session};
use super::flow::{Answer, Started};
use super::session_state::*;
use crate::api::{AccountView, LoginPrefill, SignInStatus};
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

pub async fn sign_up(country: &str, phone: &str, name: &str) -> Result<(), AuthError> {
    let phone = parse_phone(country, phone)?;
    let name = parse_name(name)?;
    let flow = auth_flow()?;
    let session = session().await?;
    flow.sign_up(&phone, name.as_deref()).await?;
    put(
        &session,
        PENDING_SIGN_UP,
        &PendingSignUp {
            phone: phone.as_e164().into(),
            masked_phone: phone.masked(),
        },
    )
    .await?;
    tracing::info!(phone = %phone.masked(), "sign-up started");
    leptos_axum::redirect("/signup/confirm");
    Ok(())
}

pub async fn confirm_sign_up(code: &str) -> Result<(), AuthError> {
    let code = parse_code(code)?;
    let flow = auth_flow()?;
    let session = session().await?;
    let pending: PendingSignUp = get(&session, PENDING_SIGN_UP).await?.ok_or(AuthError::NoFlow)?;
    let phone = PhoneNumber::parse(&pending.phone).map_err(|_| AuthError::NoFlow)?;
    flow.confirm_sign_up(&phone, &code).await?;
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
    let phone = parse_phone(country, phone)?;
    let flow = auth_flow()?;
    let session = session().await?;
    let pending = match flow.start_sign_in(&phone).await? {
        Started::Challenge(c) => PendingSignIn::from_challenge(phone.as_e164().into(), c),
        Started::NoUsableAccount => PendingSignIn {
            phone: phone.as_e164().into(),
            masked_phone: phone.masked(),
            cognito: None,
            attempts_left: NO_ACCOUNT_ATTEMPTS,
            expires_at: now() + NO_ACCOUNT_TTL,
        },
    };
    take::<Notice>(&session, NOTICE).await?;
    put(&session, PENDING_SIGN_IN, &pending).await?;
    tracing::info!(phone = %phone.masked(), "sign-in started");
    leptos_axum::redirect("/login/verify");
    Ok(())
}

pub async fn verify_sign_in(code: &str) -> Result<(), AuthError> {
    let code = parse_code(code)?;
    let flow = auth_flow()?;
    let session = session().await?;
    let mut pending: PendingSignIn = get(&session, PENDING_SIGN_IN).await?.ok_or(AuthError::NoFlow)?;
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
    match answer {
        Ok(Answer::SignedIn(tokens)) => {
            take::<PendingSignIn>(&session, PENDING_SIGN_IN).await?;
            rotate_id(&session).await?;
            put(
                &session,
                SIGNED_IN,
                &SignedIn {
                    tokens,
                    signed_in_at: now(),
                },
            )
            .await?;
            tracing::info!(phone = %pending.masked_phone, "signed in");
            leptos_axum::redirect("/account");
            Ok(())
        }
        Ok(Answer::TryAgain(next)) => {
            let attempts_left = next.attempts_left;
            pending = PendingSignIn::from_challenge(pending.phone, next);
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
    let signed_in = get::<SignedIn>(&session, SIGNED_IN)
        .await?
        .ok_or(AuthError::NotSignedIn)?;
    flow.update_name(&signed_in.tokens.access_token, &name).await?;
    tracing::info!("name updated");
    leptos_axum::redirect("/account");
    Ok(())
}

pub async fn pending_sign_up() -> Result<Option<String>, AuthError> {
    let session = session().await?;
    Ok(get::<PendingSignUp>(&session, PENDING_SIGN_UP)
        .await?
        .map(|p| p.masked_phone))
}

pub async fn pending_sign_in() -> Result<Option<SignInStatus>, AuthError> {
    let session = session().await?;
    Ok(get::<PendingSignIn>(&session, PENDING_SIGN_IN)
        .await?
        .map(|p| SignInStatus {
            masked_phone: p.masked_phone,
            attempts_left: p.attempts_left,
            expires_at: p.expires_at,
            now: now(),
        }))
}

pub async fn login_start() -> Result<LoginPrefill, AuthError> {
    let session = session().await?;
    let notice: Notice = get(&session, NOTICE).await?.unwrap_or_default();
    let prefill = notice.phone.as_deref().and_then(|p| PhoneNumber::parse(p).ok());
    Ok(LoginPrefill {
        notice: notice.text,
        country: prefill.as_ref().and_then(|p| p.region().map(str::to_owned)),
        national_number: prefill.map(|p| p.national()),
    })
}

pub async fn account() -> Result<Option<AccountView>, AuthError> {
    let flow = auth_flow()?;
    let session = session().await?;
    let Some(signed_in) = get::<SignedIn>(&session, SIGNED_IN).await? else {
        return Ok(None);
    };
    match flow.profile(&signed_in.tokens.access_token).await {
        Ok(p) => Ok(Some(AccountView {
            user_id: p.user_id,
            phone: p.phone,
            name: p.name,
            phone_verified: p.phone_verified,
        })),
        // Revoked elsewhere ("sign out everywhere" on another device).
        Err(AuthError::NotSignedIn) => Ok(None),
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
