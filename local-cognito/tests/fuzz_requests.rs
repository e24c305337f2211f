//! Fuzzing (proptest) of what local-cognito parses: any operation name with
//! any body, mangled or well-formed, must get one of Cognito's 4xx errors or
//! a success, never a panic or a 5xx.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use domain::SystemClock;
use local_cognito::{Outbox, Pool, PoolConfig};
use proptest::prelude::*;
use tower::ServiceExt;

const OPERATIONS: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "GetUser",
    "UpdateUserAttributes",
    "GlobalSignOut",
    "RevokeToken",
    "DeleteUser",
    "AdminCreateUser",
    "",
];

fn value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[+0-9]{0,16}".prop_map(Value::from),
        ".{0,24}".prop_map(Value::from),
        prop::sample::select(vec![
            "CUSTOM_AUTH",
            "REFRESH_TOKEN_AUTH",
            "USER_PASSWORD_AUTH",
            "CUSTOM_CHALLENGE"
        ])
        .prop_map(Value::from),
        prop::collection::vec(
            prop::collection::hash_map("Name|Value|[a-z]{1,6}", ".{0,12}", 0..3),
            0..3
        )
        .prop_map(|v| serde_json::json!(v)),
        prop::collection::hash_map("USERNAME|ANSWER|SECRET_HASH|REFRESH_TOKEN|[A-Z_]{1,8}", ".{0,16}", 0..4)
            .prop_map(|m| serde_json::json!(m)),
    ]
}

/// A body built from the fields Cognito's operations take, with values of
/// any type, or plain bytes.
fn body(client_id: String) -> impl Strategy<Value = Vec<u8>> {
    let fields = prop::collection::hash_map(
        prop::sample::select(vec![
            "ClientId",
            "Username",
            "Password",
            "SecretHash",
            "ConfirmationCode",
            "AuthFlow",
            "AuthParameters",
            "ChallengeName",
            "ChallengeResponses",
            "Session",
            "AccessToken",
            "Token",
            "ClientSecret",
            "UserAttributes",
            "ClientMetadata",
        ]),
        value(),
        0..8,
    );
    prop_oneof![
        3 => (fields, any::<bool>()).prop_map(move |(mut m, real_client)| {
            if real_client {
                m.insert("ClientId", serde_json::Value::from(client_id.clone()));
            }
            serde_json::to_vec(&m).unwrap()
        }),
        1 => prop::collection::vec(any::<u8>(), 0..80),
        1 => ".{0,40}".prop_map(String::into_bytes),
    ]
}

#[test]
fn any_request_gets_a_4xx_or_a_success() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pool = Arc::new(
        Pool::new(
            PoolConfig::generated("App", "example.com"),
            Arc::new(SystemClock),
            Arc::new(Outbox::new(false)),
        )
        .unwrap(),
    );
    let client_id = pool.config.clients[0].id.clone();
    let router = local_cognito::http::router(pool);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(3_000));
    runner
        .run(
            &(prop::sample::select(OPERATIONS), body(client_id)),
            |(operation, body)| {
                let request = Request::post("/")
                    .header("x-amz-target", format!("AWSCognitoIdentityProviderService.{operation}"))
                    .header("content-type", "application/x-amz-json-1.1")
                    .body(Body::from(body))
                    .unwrap();
                let response = runtime.block_on(router.clone().oneshot(request)).unwrap();
                let status = response.status().as_u16();
                prop_assert!(status < 500, "{operation}: {status}");
                Ok(())
            },
        )
        .unwrap();
}
