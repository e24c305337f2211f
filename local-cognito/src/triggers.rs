//! Runs the `lambdas` trigger functions the way Cognito invokes the Lambdas:
//! with the trigger-event JSON, reading back the response JSON.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCreateAuthChallenge, CognitoEventUserPoolsDefineAuthChallenge,
    CognitoEventUserPoolsVerifyAuthChallenge,
};
use domain::TriggerConfig;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use std::collections::BTreeMap;

use crate::error::CognitoError;
use crate::outbox::{Outbox, OutboxSender};

/// The common header of every trigger event.
pub struct Caller<'a> {
    pub region: &'a str,
    pub pool_id: &'a str,
    pub client_id: &'a str,
    pub user_name: &'a str,
    pub user_attributes: &'a BTreeMap<String, String>,
    pub user_not_found: bool,
    pub client_metadata: &'a std::collections::HashMap<String, String>,
}

/// One completed round as Cognito lists it in `request.session`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    pub challenge_name: String,
    pub challenge_result: bool,
    pub challenge_metadata: Option<String>,
}

fn event(caller: &Caller<'_>, source: &str, request: Value, response: Value) -> Value {
    let mut request = request;
    request["userAttributes"] = json!(caller.user_attributes);
    request["userNotFound"] = json!(caller.user_not_found);
    if !caller.client_metadata.is_empty() {
        request["clientMetadata"] = json!(caller.client_metadata);
    }
    json!({
        "version": "1",
        "triggerSource": source,
        "region": caller.region,
        "userPoolId": caller.pool_id,
        "userName": caller.user_name,
        "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": caller.client_id },
        "request": request,
        "response": response,
    })
}

fn parse<T: DeserializeOwned>(trigger: &str, value: Value) -> Result<T, CognitoError> {
    serde_json::from_value(value).map_err(|e| {
        // Position and category only: serde's message can quote the event's values.
        tracing::error!(trigger, category = ?e.classify(), line = e.line(), column = e.column(), "trigger event did not parse");
        CognitoError::new("InvalidLambdaResponseException", "Unrecognizable lambda output")
    })
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// What PreSignUp's response asks of Cognito.
pub struct PreSignUpOutcome {
    /// `autoConfirmUser`: confirmed at once, and no code is texted.
    pub auto_confirm: bool,
    /// `autoVerifyPhone`: the number counts as verified.
    pub auto_verify_phone: bool,
}

/// PreSignUp, as Cognito runs it before creating a user: `Err` is the
/// trigger refusing (Cognito's `UserLambdaValidationException`).
pub fn pre_sign_up(
    region: &str,
    pool_id: &str,
    client_id: &str,
    user_name: &str,
    attributes: &BTreeMap<String, String>,
    config: &TriggerConfig,
) -> Result<PreSignUpOutcome, CognitoError> {
    let e = json!({
        "version": "1",
        "triggerSource": "PreSignUp_SignUp",
        "region": region,
        "userPoolId": pool_id,
        "userName": user_name,
        "callerContext": { "awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client_id },
        "request": { "userAttributes": attributes, "validationData": null },
        "response": { "autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false },
    });
    let e: aws_lambda_events::event::cognito::CognitoEventUserPoolsPreSignup = parse("PreSignUp", e)?;
    lambdas::pre_sign_up::pre_sign_up(e, &config.sms, config.test_numbers.as_ref(), config.confirm_at_sign_in)
        .map(|e| PreSignUpOutcome {
            auto_confirm: e.response.auto_confirm_user,
            auto_verify_phone: e.response.auto_verify_phone,
        })
        .map_err(|err| CognitoError::lambda_failed("PreSignUp", &err.to_string()))
}

pub struct DefineOutcome {
    pub challenge_name: Option<String>,
    pub issue_tokens: bool,
    pub fail_authentication: bool,
}

pub fn define(caller: &Caller<'_>, rounds: &[Round], config: &TriggerConfig) -> Result<DefineOutcome, CognitoError> {
    let e = event(
        caller,
        "DefineAuthChallenge_Authentication",
        json!({ "session": rounds }),
        json!({ "challengeName": null, "issueTokens": null, "failAuthentication": null }),
    );
    let e: CognitoEventUserPoolsDefineAuthChallenge = parse("DefineAuthChallenge", e)?;
    let out = lambdas::define::define_auth_challenge(e, config.policy.max_attempts);
    let r = to_json(&out.response);
    Ok(DefineOutcome {
        challenge_name: r["challengeName"].as_str().map(str::to_owned),
        issue_tokens: r["issueTokens"].as_bool().unwrap_or(false),
        fail_authentication: r["failAuthentication"].as_bool().unwrap_or(false),
    })
}

pub struct CreateOutcome {
    pub public: std::collections::HashMap<String, String>,
    pub private: std::collections::HashMap<String, String>,
    pub metadata: Option<String>,
}

pub async fn create(
    caller: &Caller<'_>,
    rounds: &[Round],
    config: &TriggerConfig,
    outbox: &Outbox,
    now: u64,
) -> Result<CreateOutcome, CognitoError> {
    let e = event(
        caller,
        "CreateAuthChallenge_Authentication",
        json!({ "challengeName": domain::CUSTOM_CHALLENGE, "session": rounds }),
        json!({ "publicChallengeParameters": null, "privateChallengeParameters": null, "challengeMetadata": null }),
    );
    let e: CognitoEventUserPoolsCreateAuthChallenge = parse("CreateAuthChallenge", e)?;
    let sender = OutboxSender { outbox, now };
    let out = lambdas::create::create_auth_challenge(e, config, &sender, now)
        .await
        .map_err(|err| CognitoError::lambda_failed("CreateAuthChallenge", &err.to_string()))?;
    Ok(CreateOutcome {
        public: out.response.public_challenge_parameters,
        private: out.response.private_challenge_parameters,
        metadata: out.response.challenge_metadata,
    })
}

pub fn verify(
    caller: &Caller<'_>,
    private: &std::collections::HashMap<String, String>,
    answer: &str,
    config: &TriggerConfig,
    now: u64,
) -> Result<bool, CognitoError> {
    let e = event(
        caller,
        "VerifyAuthChallengeResponse_Authentication",
        json!({ "privateChallengeParameters": private, "challengeAnswer": answer }),
        json!({ "answerCorrect": null }),
    );
    let e: CognitoEventUserPoolsVerifyAuthChallenge = parse("VerifyAuthChallengeResponse", e)?;
    Ok(lambdas::verify::verify_auth_challenge(e, config, now)
        .response
        .answer_correct)
}

/// PostAuthentication, where the pool has it (the custom flow's
/// `CONFIRM_AT_SIGN_IN`): whether the trigger marks the number verified.
/// The Lambda does so with AdminUpdateUserAttributes; here the pool applies
/// it, after the tokens are made, as Cognito shows it from the next sign-in.
pub fn post_authentication(caller: &Caller<'_>) -> bool {
    let e = event(
        caller,
        "PostAuthentication_Authentication",
        json!({ "newDeviceUsed": false }),
        json!({}),
    );
    lambdas::post_authentication::unverified(&e).is_some()
}
