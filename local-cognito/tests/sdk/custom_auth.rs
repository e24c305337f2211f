//! CUSTOM_AUTH: the whole journey, wrong answers, unknown numbers, expiry on the pool clock, public clients.

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};
use domain::ManualClock;
use local_cognito::{Outbox, Pool, PoolConfig};

use crate::support::*;

#[tokio::test]
async fn sign_up_confirm_sign_in_get_user_sign_out() {
    let h = Harness::start().await;
    let sub = h.sign_up_confirmed(PHONE).await;
    let signup_sms = &h.server.pool.outbox.list(Some(PHONE))[0];
    assert!(
        signup_sms
            .body
            .ends_with(&format!("@acme.example #{}", signup_sms.code.as_ref().unwrap()))
    );

    let (username, session) = h.start_sign_in(PHONE).await;
    assert_eq!(username, sub, "the challenge names the internal username");
    let code = h.last_code(PHONE);
    assert_eq!(h.server.pool.outbox.list(Some(PHONE)).len(), 2);

    let retry = h.answer(&username, &session, &wrong(&code)).await.unwrap();
    let session2 = retry.session.clone().unwrap();
    assert_ne!(session2, session, "each round gets a new session");
    assert_eq!(retry.challenge_parameters.as_ref().unwrap()["attemptsLeft"], "2");
    // The used session is gone.
    let replay = h.answer(&username, &session, &code).await.unwrap_err();
    assert_eq!(replay, "NotAuthorizedException: Invalid session for the user.");

    let done = h.answer(&username, &session2, &code).await.unwrap();
    let tokens = done.authentication_result.unwrap();
    let access = tokens.access_token.unwrap();
    assert!(tokens.refresh_token.is_some());
    assert_eq!(
        h.server.pool.outbox.list(Some(PHONE)).len(),
        2,
        "no second text on retry"
    );

    let user = h.client.get_user().access_token(&access).send().await.unwrap();
    assert_eq!(user.username, sub);
    let attr = |n: &str| {
        user.user_attributes
            .iter()
            .find(|a| a.name == n)
            .and_then(|a| a.value.clone())
    };
    assert_eq!(attr("phone_number").as_deref(), Some(PHONE));
    assert_eq!(attr("phone_number_verified").as_deref(), Some("true"));
    assert_eq!(attr("name").as_deref(), Some("Ada"));

    h.client.global_sign_out().access_token(&access).send().await.unwrap();
    let err = h.client.get_user().access_token(&access).send().await.unwrap_err();
    assert_eq!(err.code(), Some("NotAuthorizedException"));
    assert_eq!(err.message(), Some("Access Token has been revoked"));
}

#[tokio::test]
async fn three_wrong_answers_end_the_flow_with_the_generic_error() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (username, mut session) = h.start_sign_in(PHONE).await;
    let code = h.last_code(PHONE);
    for _ in 0..2 {
        session = h
            .answer(&username, &session, &wrong(&code))
            .await
            .unwrap()
            .session
            .unwrap();
    }
    let err = h.answer(&username, &session, &wrong(&code)).await.unwrap_err();
    assert_eq!(err, "NotAuthorizedException: Incorrect username or password.");
}

#[tokio::test]
async fn unknown_numbers_look_the_same_until_the_end() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let unknown = "+14155550199";
    let (username, mut session) = h.start_sign_in(unknown).await;
    assert_eq!(username.len(), 36, "a sub-shaped stand-in: {username}");
    assert!(h.server.pool.outbox.list(Some(unknown)).is_empty(), "nothing is sent");
    for _ in 0..2 {
        session = h.answer(&username, &session, "123456").await.unwrap().session.unwrap();
    }
    let err = h.answer(&username, &session, "123456").await.unwrap_err();
    assert_eq!(err, "NotAuthorizedException: Incorrect username or password.");
}

/// Only SRP challenges must be answered with the internal username ("You
/// must use the username and not an alias", InitiateAuth's API reference on
/// ChallengeParameters); a custom challenge may be answered with the phone
/// number the flow started with, SECRET_HASH computed over it, as the
/// reference guide's Step 12 does. A name that is not the session's user is
/// refused, and so is the session with it.
#[tokio::test]
async fn a_custom_challenge_may_be_answered_with_the_phone_number() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let other = "+14155550123";
    h.sign_up_confirmed(other).await;

    let (_, session) = h.start_sign_in(PHONE).await;
    let code = h.last_code(PHONE);
    let err = h.answer(other, &session, &code).await.unwrap_err();
    assert_eq!(err, "NotAuthorizedException: Invalid session for the user.");
    assert_eq!(
        h.answer(PHONE, &session, &code).await.unwrap_err(),
        "NotAuthorizedException: Invalid session for the user.",
        "the refused answer used the session up"
    );

    let (_, session) = h.start_sign_in(PHONE).await;
    let code = h.last_code(PHONE);
    let retry = h.answer(PHONE, &session, &wrong(&code)).await.unwrap();
    assert_eq!(retry.challenge_parameters.as_ref().unwrap()["attemptsLeft"], "2");
    let done = h.answer(PHONE, &retry.session.unwrap(), &code).await.unwrap();
    assert!(done.authentication_result.unwrap().access_token.is_some());

    // A number with no account answers the same way with its number.
    let unknown = "+14155550199";
    let (_, session) = h.start_sign_in(unknown).await;
    let retry = h.answer(unknown, &session, "123456").await.unwrap();
    assert_eq!(retry.challenge_parameters.as_ref().unwrap()["attemptsLeft"], "2");
}

#[tokio::test]
async fn sessions_and_codes_expire_on_the_pool_clock() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (username, session) = h.start_sign_in(PHONE).await;
    let code = h.last_code(PHONE);
    h.clock.advance(181);
    let err = h.answer(&username, &session, &code).await.unwrap_err();
    assert_eq!(
        err,
        "NotAuthorizedException: Invalid session for the user, session is expired."
    );
}

#[tokio::test]
async fn public_clients_need_no_secret_hash() {
    let mut config = PoolConfig::generated("Acme", "acme.example");
    config.clients[0].secret = None;
    let clock = ManualClock::new(1_764_000_000);
    let h = Harness::serve(
        Pool::new(config, Arc::new(clock.clone()), Arc::new(Outbox::new(false))).unwrap(),
        clock,
    )
    .await;
    h.client
        .sign_up()
        .client_id(&h.client_id)
        .username(PHONE)
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    let code = h.last_code(PHONE);
    h.client
        .confirm_sign_up()
        .client_id(&h.client_id)
        .username(PHONE)
        .confirmation_code(code)
        .send()
        .await
        .unwrap();
    let out = h
        .client
        .initiate_auth()
        .client_id(&h.client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", PHONE)
        .send()
        .await
        .unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeNameType::CustomChallenge));
}

#[tokio::test]
async fn initiate_auth_metadata_never_reaches_create() {
    // Cognito passes InitiateAuth's ClientMetadata to the pre-sign-up,
    // pre-authentication and migration triggers only: Create texts in the
    // user's language, not in one the caller names.
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    h.client
        .initiate_auth()
        .client_id(&h.client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", PHONE)
        .auth_parameters("SECRET_HASH", h.hash(PHONE))
        .client_metadata("locale", "es")
        .send()
        .await
        .unwrap();
    let text = h.server.pool.outbox.list(Some(PHONE)).last().unwrap().body.clone();
    assert!(text.contains("is your Acme sign-in code"), "{text}");
}
