//! Properties of Define's state machine over arbitrary Cognito sessions.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsChallengeResult as ChallengeResult, CognitoEventUserPoolsDefineAuthChallenge,
};
use lambdas::define::{Decision, FailReason, decide, define_auth_challenge};
use proptest::prelude::*;

fn round(name: &str, ok: bool) -> Option<ChallengeResult> {
    let mut r = ChallengeResult::default();
    r.challenge_name = Some(name.to_owned());
    r.challenge_result = ok;
    Some(r)
}

fn entry() -> impl Strategy<Value = Option<ChallengeResult>> {
    prop_oneof![
        8 => any::<bool>().prop_map(|ok| round("CUSTOM_CHALLENGE", ok)),
        1 => (prop::sample::select(vec!["SRP_A", "PASSWORD_VERIFIER", "SMS_MFA", ""]), any::<bool>())
            .prop_map(|(n, ok)| round(n, ok)),
        1 => Just(None),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn decision_matches_the_specification(
        session in prop::collection::vec(entry(), 0..8),
        user_not_found in any::<bool>(),
        max in 1u32..6,
    ) {
        let all_custom = session.iter().all(|e| matches!(e, Some(r) if r.challenge_name.as_deref() == Some("CUSTOM_CHALLENGE")));
        let results: Vec<bool> = session.iter().flatten().map(|r| r.challenge_result).collect();
        let decision = decide(&session, user_not_found, max);

        if !all_custom {
            prop_assert_eq!(decision, Decision::Fail(FailReason::UnexpectedSession));
            return Ok(());
        }
        let successes = results.iter().filter(|&&ok| ok).count();
        let expected = if session.is_empty() {
            Decision::Challenge
        } else if successes > 1 || (successes == 1 && !results[results.len() - 1]) {
            Decision::Fail(FailReason::UnexpectedSession)
        } else if successes == 1 {
            if user_not_found { Decision::Fail(FailReason::UserNotFound) } else { Decision::IssueTokens }
        } else if results.len() as u32 >= max {
            if user_not_found { Decision::Fail(FailReason::UserNotFound) } else { Decision::Fail(FailReason::TooManyAttempts) }
        } else {
            Decision::Challenge
        };
        prop_assert_eq!(decision, expected);
    }

    #[test]
    fn unknown_users_never_get_tokens_and_responses_are_consistent(
        session in prop::collection::vec(entry(), 0..8),
        user_not_found in any::<bool>(),
        max in 1u32..6,
    ) {
        let json = serde_json::json!({
            "version": "1", "triggerSource": "DefineAuthChallenge_Authentication", "region": "us-east-1",
            "userPoolId": "us-east-1_x", "userName": "u", "callerContext": {"clientId": "c"},
            "request": {"userAttributes": {}, "session": session, "userNotFound": user_not_found},
            "response": {}
        });
        let event: CognitoEventUserPoolsDefineAuthChallenge = serde_json::from_value(json).unwrap();
        let out = define_auth_challenge(event, max).response;
        // Exactly one of: ask, issue, fail.
        let asks = out.challenge_name.is_some();
        prop_assert_eq!(asks as u8 + out.issue_tokens as u8 + out.fail_authentication as u8, 1);
        if user_not_found {
            prop_assert!(!out.issue_tokens);
        }
        if asks {
            prop_assert_eq!(out.challenge_name.as_deref(), Some("CUSTOM_CHALLENGE"));
            prop_assert!((session.len() as u32) < max);
        }
    }
}
