//! PreSignUp: refuses a sign-up whose number is outside the SMS policy.
//! Cognito texts the confirmation code itself, so no trigger of ours would
//! otherwise see those texts: this is where a call that reaches Cognito
//! without our server (a public client, the CLI) is stopped.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsPreSignup;
use domain::{E164, SmsPolicy};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PreSignUpError {
    /// The message reaches the caller as "PreSignUp failed with error
    /// <text>", so it says no more than the number's fate.
    #[error("this number cannot receive our texts")]
    Refused,
}

pub fn pre_sign_up(
    event: CognitoEventUserPoolsPreSignup,
    policy: &SmsPolicy,
) -> Result<CognitoEventUserPoolsPreSignup, PreSignUpError> {
    let phone = event
        .request
        .user_attributes
        .get("phone_number")
        .and_then(|raw| E164::parse(raw).ok());
    let verdict = match &phone {
        Some(phone) => policy
            .check_e164(phone)
            .map_err(|refusal| (refusal.to_string(), phone.block())),
        None => Err(("no phone number".to_owned(), String::new())),
    };
    match verdict {
        Ok(()) => Ok(event),
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
        assert!(pre_sign_up(event("+14155552671"), &policy).is_ok());
        for refused in ["+449091234567", "+8816123456789", "+18765551234", "not a number"] {
            assert_eq!(
                pre_sign_up(event(refused), &policy).unwrap_err(),
                PreSignUpError::Refused,
                "{refused}"
            );
        }
    }
}
