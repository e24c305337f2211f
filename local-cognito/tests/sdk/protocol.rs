//! The protocol around the operations: malformed requests, browsers calling cross-origin, the state file.

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use domain::ManualClock;
use local_cognito::{Outbox, Pool, PoolConfig};

use crate::support::*;

#[tokio::test]
async fn request_errors_carry_cognitos_types() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let unknown_client = h
        .client
        .initiate_auth()
        .client_id("nope")
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", PHONE);
    assert_eq!(
        err(unknown_client.send().await.unwrap_err()),
        (
            "ResourceNotFoundException".into(),
            "User pool client nope does not exist.".into()
        )
    );
    let no_username = h
        .client
        .initiate_auth()
        .client_id(&h.client_id)
        .auth_flow(AuthFlowType::CustomAuth);
    assert_eq!(
        err(no_username.send().await.unwrap_err()),
        (
            "InvalidParameterException".into(),
            "Missing required parameter USERNAME".into()
        )
    );
    let bad_hash = h
        .client
        .initiate_auth()
        .client_id(&h.client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", PHONE)
        .auth_parameters("SECRET_HASH", h.hash("someone-else"));
    assert_eq!(err(bad_hash.send().await.unwrap_err()).0, "NotAuthorizedException");
    let password_flow = h
        .client
        .initiate_auth()
        .client_id(&h.client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", PHONE)
        .auth_parameters("PASSWORD", PASSWORD);
    assert_eq!(
        err(password_flow.send().await.unwrap_err()).0,
        "InvalidParameterException"
    );
    let weak = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash("+14155550100"))
        .username("+14155550100")
        .password("short")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err(weak).0, "InvalidPasswordException");
    let (username, session) = h.start_sign_in(PHONE).await;
    let other_user = h.answer("someone-else", &session, "123456").await.unwrap_err();
    assert!(other_user.starts_with("NotAuthorizedException"), "{other_user}");
    let _ = username;
}

#[tokio::test]
async fn browsers_may_call_it_cross_origin() {
    let h = Harness::start().await;
    let http = reqwest::Client::new();
    let preflight = http
        .request(reqwest::Method::OPTIONS, format!("{}/", h.server.endpoint()))
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,x-amz-target,x-amz-user-agent",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let allowed = preflight
        .headers()
        .get("access-control-allow-headers")
        .unwrap()
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("x-amz-target"), "{allowed}");
    let call = http
        .post(format!("{}/", h.server.endpoint()))
        .header("origin", "http://localhost:5173")
        .header("x-amz-target", "AWSCognitoIdentityProviderService.GetUser")
        .header("content-type", "application/x-amz-json-1.1")
        .body(r#"{"AccessToken":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(call.headers().get("access-control-allow-origin").unwrap(), "*");
    assert!(
        call.headers()
            .get("access-control-expose-headers")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("x-amzn-errortype")
    );
}

#[tokio::test]
async fn a_state_file_keeps_users_and_tokens_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pool.json");
    let clock = ManualClock::new(1_764_000_000);
    let open = |clock: &ManualClock| {
        Pool::with_state_file(
            PoolConfig::generated("Acme", "acme.example"),
            Arc::new(clock.clone()),
            Arc::new(Outbox::new(false)),
            path.clone(),
        )
        .unwrap()
    };
    let first = Harness::serve(open(&clock), clock.clone()).await;
    let sub = first.sign_up_confirmed(PHONE).await;
    let (access, _, _) = first.signed_in(PHONE).await;
    let pool_id = first.server.pool.config.pool_id.clone();
    drop(first);

    let second = Harness::serve(open(&clock), clock.clone()).await;
    assert_eq!(second.server.pool.config.pool_id, pool_id, "the pool keeps its id");
    let user = second.client.get_user().access_token(&access).send().await.unwrap();
    assert_eq!(user.username, sub, "tokens from before the restart still verify");
    let (username, _) = second.start_sign_in(PHONE).await;
    assert_eq!(username, sub);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(!saved.contains(&access), "the file holds no access tokens");
}
