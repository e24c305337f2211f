//! PreSignUp: refuses a sign-up whose number is outside the SMS policy.
//! Cognito texts the confirmation code itself, so no trigger of ours would
//! otherwise see those texts: this is where a call that reaches Cognito
//! without our server (a public client, the CLI) is stopped.
//!
//! A test number (`TEST_NUMBERS`) is confirmed here instead, number
//! verified: Cognito then texts nothing, and the server checks the fixed
//! code itself (Cognito's own confirmation code cannot be fixed).
//!
//! With `CONFIRM_AT_SIGN_IN` (the custom flow), every sign-up inside the
//! policy is confirmed here too, its number left unverified: Cognito texts
//! nothing, and the server starts the first sign-in at once, whose texted
//! code is the only way in. That sign-in proves the number, and
//! PostAuthentication marks it verified. An account made for a number by
//! someone who does not hold it holds nothing they chose but its language
//! (the server writes the name only after that first sign-in), and nobody
//! can sign in to it without a code texted to that number: its owner simply
//! signs in and it is theirs.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsPreSignup;
use domain::{E164, SmsPolicy, TestNumbers};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PreSignUpError {
    /// The message reaches the caller as "PreSignUp failed with error
    /// <text>", so it says no more than the number's fate.
    #[error("this number cannot receive our texts")]
    Refused,
}

pub fn pre_sign_up(
    mut event: CognitoEventUserPoolsPreSignup,
    policy: &SmsPolicy,
    test_numbers: Option<&TestNumbers>,
    confirm_at_sign_in: bool,
) -> Result<CognitoEventUserPoolsPreSignup, PreSignUpError> {
    let phone = event
        .request
        .user_attributes
        .get("phone_number")
        .and_then(|raw| E164::parse(raw).ok());
    if let Some(phone) = &phone
        && test_numbers.is_some_and(|t| t.contains(phone.as_str()))
    {
        event.response.auto_confirm_user = true;
        event.response.auto_verify_phone = true;
        tracing::info!("test number confirmed without a text");
        return Ok(event);
    }
    let verdict = match &phone {
        Some(phone) => policy
            .check_e164(phone)
            .map_err(|refusal| (refusal.to_string(), phone.block())),
        None => Err(("no phone number".to_owned(), String::new())),
    };
    match verdict {
        Ok(()) => {
            event.response.auto_confirm_user = confirm_at_sign_in;
            event.response.auto_verify_phone = false;
            Ok(event)
        }
        Err((why, block)) => {
            tracing::info!(why, block, "sign-up refused");
            Err(PreSignUpError::Refused)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(phone: &str) -> CognitoEventUserPoolsPreSignup {
        let json = serde_json::json!({
            "version": "1", "triggerSource": "PreSignUp_SignUp", "region": "us-east-1",
            "userPoolId": "us-east-1_x", "userName": "abc",
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "c"},
            "request": {"userAttributes": {"phone_number": phone}, "validationData": null},
            "response": {"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn numbers_outside_the_policy_are_refused() {
        let policy = SmsPolicy::default();
        let confirmed = pre_sign_up(event("+14155552671"), &policy, None, false).unwrap();
        assert!(!confirmed.response.auto_confirm_user, "confirmed by its code");
        for refused in ["+449091234567", "+8816123456789", "+18765551234", "not a number"] {
            assert_eq!(
                pre_sign_up(event(refused), &policy, None, true).unwrap_err(),
                PreSignUpError::Refused,
                "{refused}"
            );
        }
    }

    #[test]
    fn a_test_number_is_confirmed_without_a_text_and_only_a_test_number() {
        let policy = SmsPolicy::default();
        let tests = TestNumbers::outside_production();
        let out = pre_sign_up(event("+14155550142"), &policy, Some(&tests), false).unwrap();
        assert!(out.response.auto_confirm_user && out.response.auto_verify_phone);
        let out = pre_sign_up(event("+14155552671"), &policy, Some(&tests), false).unwrap();
        assert!(!out.response.auto_confirm_user && !out.response.auto_verify_phone);
        // The reference guide's own number is no test number: refused as before.
        assert!(pre_sign_up(event("+15551234567"), &policy, Some(&tests), false).is_err());
    }

    #[test]
    fn with_confirm_at_sign_in_a_number_is_confirmed_but_not_verified() {
        let policy = SmsPolicy::default();
        let out = pre_sign_up(event("+14155552671"), &policy, None, true).unwrap();
        assert!(out.response.auto_confirm_user, "no confirmation text");
        assert!(!out.response.auto_verify_phone, "proved only by the first sign-in");
        // Outside the policy it is refused all the same.
        assert!(pre_sign_up(event("+449091234567"), &policy, None, true).is_err());
        // A test number is verified at once, as before.
        let tests = TestNumbers::outside_production();
        let out = pre_sign_up(event("+14155550142"), &policy, Some(&tests), true).unwrap();
        assert!(out.response.auto_confirm_user && out.response.auto_verify_phone);
    }
}
