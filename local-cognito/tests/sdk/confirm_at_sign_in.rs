//! A pool set up as the template deploys the custom flow: PreSignUp
//! (`CONFIRM_AT_SIGN_IN`) confirms every sign-up at once, and the first
//! sign-in, whose code is texted to the number, proves it
//! (PostAuthentication). What it must never allow: a sign-in without that
//! code.

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use base64::Engine;

use crate::support::{Harness, PASSWORD, err, wrong};

const PHONE: &str = "+14155552671";

async fn harness() -> Harness {
    Harness::start_with(|c| c.triggers.confirm_at_sign_in = true).await
}

async fn sign_up(h: &Harness) -> aws_sdk_cognitoidentityprovider::operation::sign_up::SignUpOutput {
    h.client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(PHONE))
        .username(PHONE)
        .password(PASSWORD)
        .send()
        .await
        .unwrap()
}

fn id_claim(id_token: &str, name: &str) -> serde_json::Value {
    let payload = id_token.split('.').nth(1).expect("a JWT");
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&json).unwrap()[name].clone()
}

#[tokio::test]
async fn a_sign_up_is_confirmed_untexted_and_its_account_opens_only_to_the_texted_code() {
    let h = harness().await;
    let out = sign_up(&h).await;
    assert!(out.user_confirmed);
    assert!(out.code_delivery_details.is_none());
    assert!(h.server.pool.outbox.list(Some(PHONE)).is_empty(), "nothing texted");

    // No way in but the custom flow: the password Cognito's sign-up needed
    // (the server makes one up and forgets it) signs nothing in, and
    // neither does choice-based sign-in; the client allows neither.
    for flow in [AuthFlowType::UserPasswordAuth, AuthFlowType::UserAuth] {
        let refused = h
            .client
            .initiate_auth()
            .client_id(&h.client_id)
            .auth_flow(flow.clone())
            .auth_parameters("USERNAME", PHONE)
            .auth_parameters("PASSWORD", PASSWORD)
            .auth_parameters("SECRET_HASH", h.hash(PHONE))
            .send()
            .await
            .map_err(err)
            .unwrap_err();
        assert_eq!(refused.0, "InvalidParameterException", "{flow:?}: {refused:?}");
    }

    // The custom flow texts a code, and takes nothing else.
    let (username, session) = h.start_sign_in(PHONE).await;
    let code = h.last_code(PHONE);
    let retry = h.answer(&username, &session, &wrong(&code)).await.unwrap();
    let session = retry.session.unwrap();
    let retry = h.answer(&username, &session, PASSWORD).await.unwrap();
    let session = retry.session.unwrap();
    let out = h.answer(&username, &session, "+14155552671").await.unwrap_err();
    assert!(
        out.starts_with("NotAuthorizedException"),
        "three tries, then over: {out}"
    );
    // The round is over: its right code is refused too.
    let out = h.answer(&username, &session, &code).await.unwrap_err();
    assert!(out.starts_with("NotAuthorizedException"), "{out}");

    // With the code: in. The first sign-in's token still says unverified
    // (Cognito shows PostAuthentication's change from the next sign-in),
    // which is how the server knows it is the first.
    let (username, session) = h.start_sign_in(PHONE).await;
    let done = h.answer(&username, &session, &h.last_code(PHONE)).await.unwrap();
    let first = done.authentication_result.unwrap();
    assert_eq!(id_claim(first.id_token().unwrap(), "phone_number_verified"), false);
    let user = h
        .client
        .get_user()
        .access_token(first.access_token().unwrap())
        .send()
        .await
        .unwrap();
    let verified = user.user_attributes.iter().find(|a| a.name == "phone_number_verified");
    assert_eq!(verified.and_then(|a| a.value.as_deref()), Some("true"));

    let (username, session) = h.start_sign_in(PHONE).await;
    let done = h.answer(&username, &session, &h.last_code(PHONE)).await.unwrap();
    let second = done.authentication_result.unwrap();
    assert_eq!(id_claim(second.id_token().unwrap(), "phone_number_verified"), true);
}

#[tokio::test]
async fn without_the_setting_a_sign_up_waits_for_its_confirmation_code() {
    let h = Harness::start().await;
    let out = sign_up(&h).await;
    assert!(!out.user_confirmed);
    assert_eq!(h.server.pool.outbox.list(Some(PHONE)).len(), 1, "the confirmation code");
}
