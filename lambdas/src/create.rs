//! CreateAuthChallenge: issues a code on the first round and reuses it on
//! retries, keeping only its HMAC in Cognito's state.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsCreateAuthChallenge;

use domain::challenge::{CUSTOM_CHALLENGE, PRIVATE_SEALED_CODE, SealedCode, public, sign_in_codes};
use domain::numbering;
use domain::sms::{Locale, Purpose, SmsMessage, compose};
use domain::{CODE_LENGTH, E164, TriggerConfig};

use crate::sms::{SmsError, SmsSender};

/// Shown for a user name that is not a phone number (only a client other
/// than ours sends one): nothing of it is echoed back.
pub const UNKNOWN_DESTINATION: &str = "your phone";

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("unsupported challenge")]
    UnsupportedChallenge,
    #[error("the user has no usable phone number")]
    NoPhone,
    /// Outside the SMS policy: a user created before it, or some other way.
    #[error("this number cannot receive our texts")]
    NotAllowed,
    #[error("the previous round's state is unreadable")]
    CorruptState,
    #[error("could not send the code")]
    Sms(#[from] SmsError),
}

/// The pure part of the trigger: the filled-in event, and the text to send if
/// this round needs one.
pub fn plan(
    mut event: CognitoEventUserPoolsCreateAuthChallenge,
    config: &TriggerConfig,
    now_unix: u64,
) -> Result<(CognitoEventUserPoolsCreateAuthChallenge, Option<SmsMessage>), CreateError> {
    let request = &event.request;
    if request.challenge_name.as_deref() != Some(CUSTOM_CHALLENGE) {
        return Err(CreateError::UnsupportedChallenge);
    }
    let user = event
        .cognito_event_user_pools_header
        .user_name
        .clone()
        .unwrap_or_default();
    let user_not_found = request.user_not_found;

    let phone = if user_not_found {
        // The same look-up in the numbering plan as for an account, its
        // result unused, so that both paths do the same work.
        let _ = E164::parse(&user).map(|number| numbering::classify(&number));
        None
    } else {
        let raw = request
            .user_attributes
            .get("phone_number")
            .ok_or(CreateError::NoPhone)?;
        let phone = E164::parse(raw).map_err(|_| CreateError::NoPhone)?;
        // A test number is never texted: the policy has nothing to say.
        if !config.is_test_number(phone.as_str()) {
            // The SMS policy needs the country and the line type: from the
            // table of libphonenumber's plan, which a cold start does not load.
            config.sms.check_e164(&phone).map_err(|refusal| {
                tracing::info!(block = %phone.block(), %refusal, "sign-in text refused");
                CreateError::NotAllowed
            })?;
        }
        Some(phone)
    };
    // A test number's account signs in with the fixed code, sealed like any
    // other and never texted.
    let fixed = phone
        .as_ref()
        .filter(|p| config.is_test_number(p.as_str()))
        .and(config.test_numbers.as_ref())
        .map(|t| t.code().clone());
    let masked = match &phone {
        Some(p) => p.masked(),
        // Unknown users see the number they typed, masked the same way.
        None => E164::parse(&user)
            .map(|p| p.masked())
            .unwrap_or_else(|_| UNKNOWN_DESTINATION.to_owned()),
    };

    let locale = Locale::from_tag(
        request
            .client_metadata
            .get("locale")
            .or_else(|| request.user_attributes.get("locale"))
            .map(String::as_str),
    );
    let previous = request
        .session
        .iter()
        .rev()
        .flatten()
        .find_map(|r| r.challenge_metadata.as_deref());
    let failures = request.session.len() as u32;
    let (sealed, sms) = match (previous, fixed) {
        (Some(meta), _) => (SealedCode::decode(meta).ok_or(CreateError::CorruptState)?, None),
        (None, Some(code)) => (
            SealedCode::seal_with(config.code_key(), &user, now_unix, &code, None),
            None,
        ),
        (None, None) => {
            // Derived, not drawn: Cognito retrying this trigger (a slow send)
            // within the slot gets the same code, so a person is never
            // texted two; a retry in the next slot texts another, and the
            // round takes both. Unknown users get theirs derived and sealed
            // too, so both paths do the same work; it is simply never sent.
            let (code, earlier) = sign_in_codes(config.code_key(), &user, now_unix);
            let sealed = SealedCode::seal_with(config.code_key(), &user, now_unix, &code, earlier.as_ref());
            let sms = phone.map(|to| SmsMessage {
                to,
                body: compose(
                    locale,
                    Purpose::SignIn,
                    &config.app_name,
                    &config.domain,
                    &code,
                    config.policy.ttl,
                ),
            });
            (sealed, sms)
        }
    };

    let texted = if sms.is_some() { "1" } else { "0" };
    let expires_at = sealed.issued_at + config.policy.ttl.as_secs();
    let encoded = sealed.encode();
    let response = &mut event.response;
    response.public_challenge_parameters = [
        (public::PHONE, masked),
        (public::CODE_LENGTH, CODE_LENGTH.to_string()),
        (
            public::ATTEMPTS_LEFT,
            config.policy.max_attempts.saturating_sub(failures).to_string(),
        ),
        (public::EXPIRES_AT, expires_at.to_string()),
        (public::TEXTED, texted.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    response.private_challenge_parameters = [(PRIVATE_SEALED_CODE.to_owned(), encoded.clone())].into();
    response.challenge_metadata = Some(encoded);
    Ok((event, sms))
}

/// The trigger: plans the round and sends the text when there is one.
pub async fn create_auth_challenge<S: SmsSender>(
    event: CognitoEventUserPoolsCreateAuthChallenge,
    config: &TriggerConfig,
    sender: &S,
    now_unix: u64,
) -> Result<CognitoEventUserPoolsCreateAuthChallenge, CreateError> {
    let (event, sms) = plan(event, config, now_unix)?;
    if let Some(message) = sms {
        sender.send(&message).await.inspect_err(|e| {
            tracing::warn!(error = %e, to = %message.to.masked(), "sign-in code not sent");
        })?;
        tracing::info!(to = %message.to.masked(), "sign-in code sent");
    }
    Ok(event)
}
