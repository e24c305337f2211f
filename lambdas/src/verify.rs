//! VerifyAuthChallengeResponse: checks the answer against the sealed code.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsVerifyAuthChallenge;

use domain::challenge::{PRIVATE_SEALED_CODE, SealedCode};
use domain::{OtpCode, TriggerConfig};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Correct,
    Wrong,
    /// Not six digits: rejected without comparing.
    Malformed,
    Expired,
    /// The private parameters do not hold a sealed code.
    NoChallenge,
    UserNotFound,
}

pub fn judge(event: &CognitoEventUserPoolsVerifyAuthChallenge, config: &TriggerConfig, now_unix: u64) -> Verdict {
    let request = &event.request;
    let Some(sealed) = request
        .private_challenge_parameters
        .get(PRIVATE_SEALED_CODE)
        .and_then(|s| SealedCode::decode(s))
    else {
        return Verdict::NoChallenge;
    };
    let answer = match request
        .challenge_answer
        .as_ref()
        .and_then(|v| v.as_str())
        .map(OtpCode::parse_exact)
    {
        Some(Ok(code)) => code,
        _ => return Verdict::Malformed,
    };
    if now_unix >= sealed.issued_at.saturating_add(config.policy.ttl.as_secs()) {
        return Verdict::Expired;
    }
    let user = event
        .cognito_event_user_pools_header
        .user_name
        .as_deref()
        .unwrap_or_default();
    // The comparison runs for unknown users too so that both take the same time.
    let matches = sealed.matches(config.code_key(), user, &answer);
    match (request.user_not_found, matches) {
        (true, _) => Verdict::UserNotFound,
        (false, true) => Verdict::Correct,
        (false, false) => Verdict::Wrong,
    }
}

/// The trigger: `answerCorrect` is true only for [`Verdict::Correct`].
pub fn verify_auth_challenge(
    mut event: CognitoEventUserPoolsVerifyAuthChallenge,
    config: &TriggerConfig,
    now_unix: u64,
) -> CognitoEventUserPoolsVerifyAuthChallenge {
    let verdict = judge(&event, config, now_unix);
    tracing::info!(verdict = ?verdict, "code checked");
    event.response.answer_correct = verdict == Verdict::Correct;
    event
}
