//! DefineAuthChallenge: decides, from the rounds so far, whether to ask for a
//! code, issue tokens or fail the flow.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsChallengeResult as ChallengeResult, CognitoEventUserPoolsDefineAuthChallenge,
};

use domain::CUSTOM_CHALLENGE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Ask (again) for the code.
    Challenge,
    IssueTokens,
    Fail(FailReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailReason {
    TooManyAttempts,
    /// A round we never issue (a password round, a null entry, a success
    /// followed by more rounds): someone is driving the flow in a way our
    /// client never does.
    UnexpectedSession,
    /// Unknown users go through the same rounds and end here.
    UserNotFound,
}

/// The whole state machine. `session` is Cognito's list of completed rounds,
/// oldest first.
pub fn decide(session: &[Option<ChallengeResult>], user_not_found: bool, max_attempts: u32) -> Decision {
    let mut rounds = Vec::with_capacity(session.len());
    for entry in session {
        match entry {
            Some(r) if r.challenge_name.as_deref() == Some(CUSTOM_CHALLENGE) => rounds.push(r.challenge_result),
            _ => return Decision::Fail(FailReason::UnexpectedSession),
        }
    }
    let Some((&last, earlier)) = rounds.split_last() else {
        return Decision::Challenge;
    };
    if earlier.iter().any(|&ok| ok) {
        return Decision::Fail(FailReason::UnexpectedSession);
    }
    if last {
        return if user_not_found {
            Decision::Fail(FailReason::UserNotFound)
        } else {
            Decision::IssueTokens
        };
    }
    if rounds.len() as u32 >= max_attempts {
        return if user_not_found {
            Decision::Fail(FailReason::UserNotFound)
        } else {
            Decision::Fail(FailReason::TooManyAttempts)
        };
    }
    Decision::Challenge
}

/// The trigger: fills in `response` from [`decide`].
pub fn define_auth_challenge(
    mut event: CognitoEventUserPoolsDefineAuthChallenge,
    max_attempts: u32,
) -> CognitoEventUserPoolsDefineAuthChallenge {
    let decision = decide(&event.request.session, event.request.user_not_found, max_attempts);
    let response = &mut event.response;
    response.challenge_name = None;
    response.issue_tokens = false;
    response.fail_authentication = false;
    match decision {
        Decision::Challenge => response.challenge_name = Some(CUSTOM_CHALLENGE.to_owned()),
        Decision::IssueTokens => response.issue_tokens = true,
        Decision::Fail(reason) => {
            response.fail_authentication = true;
            tracing::info!(reason = ?reason, rounds = event.request.session.len(), "auth flow failed");
        }
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(name: &str, ok: bool) -> Option<ChallengeResult> {
        let mut r = ChallengeResult::default();
        r.challenge_name = Some(name.to_owned());
        r.challenge_result = ok;
        Some(r)
    }

    fn custom(ok: bool) -> Option<ChallengeResult> {
        round(CUSTOM_CHALLENGE, ok)
    }

    #[test]
    fn first_round_is_a_custom_challenge() {
        assert_eq!(decide(&[], false, 3), Decision::Challenge);
        assert_eq!(decide(&[], true, 3), Decision::Challenge);
    }

    #[test]
    fn correct_answer_issues_tokens() {
        assert_eq!(decide(&[custom(true)], false, 3), Decision::IssueTokens);
        assert_eq!(
            decide(&[custom(false), custom(false), custom(true)], false, 3),
            Decision::IssueTokens
        );
    }

    #[test]
    fn wrong_answers_retry_until_the_limit() {
        assert_eq!(decide(&[custom(false)], false, 3), Decision::Challenge);
        assert_eq!(decide(&[custom(false), custom(false)], false, 3), Decision::Challenge);
        assert_eq!(
            decide(&[custom(false), custom(false), custom(false)], false, 3),
            Decision::Fail(FailReason::TooManyAttempts)
        );
        assert_eq!(
            decide(&[custom(false)], false, 1),
            Decision::Fail(FailReason::TooManyAttempts)
        );
    }

    #[test]
    fn unexpected_shapes_fail() {
        assert_eq!(
            decide(&[round("SRP_A", true)], false, 3),
            Decision::Fail(FailReason::UnexpectedSession)
        );
        assert_eq!(decide(&[None], false, 3), Decision::Fail(FailReason::UnexpectedSession));
        assert_eq!(
            decide(&[custom(true), custom(false)], false, 3),
            Decision::Fail(FailReason::UnexpectedSession)
        );
    }

    #[test]
    fn unknown_users_never_succeed() {
        assert_eq!(decide(&[custom(false)], true, 3), Decision::Challenge);
        assert_eq!(
            decide(&[custom(true)], true, 3),
            Decision::Fail(FailReason::UserNotFound)
        );
        assert_eq!(
            decide(&[custom(false), custom(false), custom(false)], true, 3),
            Decision::Fail(FailReason::UserNotFound)
        );
    }

    #[test]
    fn event_response_follows_the_decision() {
        let json = serde_json::json!({
            "version": "1", "triggerSource": "DefineAuthChallenge_Authentication",
            "region": "us-east-1", "userPoolId": "us-east-1_x", "userName": "abc",
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "c"},
            "request": {"userAttributes": {}, "session": [
                {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": null}
            ], "userNotFound": false},
            "response": {"challengeName": null, "issueTokens": null, "failAuthentication": null}
        });
        let event = serde_json::from_value(json).unwrap();
        let out = define_auth_challenge(event, 3);
        assert!(out.response.issue_tokens);
        assert!(!out.response.fail_authentication);
        assert_eq!(out.response.challenge_name, None);
    }
}
