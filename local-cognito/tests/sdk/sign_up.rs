//! SignUp, ConfirmSignUp and ResendConfirmationCode: errors, codes that expire and lock, texts that fail.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::AuthFlowType;

use crate::support::*;

#[tokio::test]
async fn sign_up_errors_carry_cognitos_types() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let again = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(PHONE))
        .username(PHONE)
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some("UsernameExistsException"));

    let bad_hash = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash("bm9wZQ==")
        .username("+14155550100")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad_hash.code(), Some("NotAuthorizedException"));

    let bad_phone = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash("4155550100"))
        .username("4155550100")
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad_phone.code(), Some("InvalidParameterException"));

    let other = "+14155550123";
    h.client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(other))
        .username(other)
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    let code = h.last_code(other);
    let mismatch = h
        .client
        .confirm_sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(other))
        .username(other)
        .confirmation_code(wrong(&code))
        .send()
        .await
        .unwrap_err();
    assert_eq!(mismatch.code(), Some("CodeMismatchException"));
    let unconfirmed = h
        .client
        .initiate_auth()
        .client_id(&h.client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", other)
        .auth_parameters("SECRET_HASH", h.hash(other))
        .send()
        .await
        .unwrap_err();
    assert_eq!(unconfirmed.code(), Some("UserNotConfirmedException"));
}

#[tokio::test]
async fn confirmation_codes_resend_expire_and_limit_attempts() {
    let h = Harness::start().await;
    let phone = "+14155550111";
    let sign_up = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(phone))
        .username(phone)
        .password(PASSWORD);
    let out = sign_up.clone().send().await.unwrap();
    assert!(!out.user_confirmed);
    let details = out.code_delivery_details.unwrap();
    assert_eq!(details.destination.as_deref(), Some("+*******0111"));
    let first = h.last_code(phone);

    let resend = || {
        h.client
            .resend_confirmation_code()
            .client_id(&h.client_id)
            .secret_hash(h.hash(phone))
            .username(phone)
    };
    let resent = resend().send().await.unwrap();
    assert!(resent.code_delivery_details.is_some());
    let second = h.last_code(phone);
    let confirm = |code: String| {
        h.client
            .confirm_sign_up()
            .client_id(&h.client_id)
            .secret_hash(h.hash(phone))
            .username(phone)
            .confirmation_code(code)
    };
    if first != second {
        let (code, _) = err(confirm(first).send().await.unwrap_err());
        assert_eq!(code, "CodeMismatchException", "a resend replaces the old code");
    }
    for _ in 0..4 {
        assert_eq!(
            err(confirm(wrong(&second)).send().await.unwrap_err()).0,
            "CodeMismatchException"
        );
    }
    assert_eq!(
        err(confirm(second.clone()).send().await.unwrap_err()),
        (
            "LimitExceededException".into(),
            "Attempt limit exceeded, please try after some time.".into()
        )
    );

    // A fresh code, but a day late.
    resend().send().await.unwrap();
    let third = h.last_code(phone);
    h.clock.advance(24 * 3600);
    assert_eq!(
        err(confirm(third).send().await.unwrap_err()),
        (
            "ExpiredCodeException".into(),
            "Invalid code provided, please request a code again.".into()
        )
    );
    resend().send().await.unwrap();
    confirm(h.last_code(phone)).send().await.unwrap();
    let (code, message) = err(confirm(h.last_code(phone)).send().await.unwrap_err());
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "NotAuthorizedException",
            "User cannot be confirmed. Current status is CONFIRMED"
        )
    );
}

#[tokio::test]
async fn failed_texts_surface_as_cognito_errors() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    h.server.pool.outbox.refuse(PHONE);
    // Sign-in: the Create trigger fails, and Cognito reports the trigger failure.
    let e = h
        .client
        .initiate_auth()
        .client_id(&h.client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", PHONE)
        .auth_parameters("SECRET_HASH", h.hash(PHONE))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err(e),
        (
            "UserLambdaValidationException".into(),
            "CreateAuthChallenge failed with error could not send the code.".into()
        )
    );
    // Sign-up: Cognito's own text fails to go out.
    let other = "+14155550177";
    h.server.pool.outbox.refuse(other);
    let e = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(other))
        .username(other)
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err(e).0, "CodeDeliveryFailureException");
}

#[tokio::test]
async fn the_pre_sign_up_trigger_refuses_numbers_outside_the_sms_policy() {
    let h = Harness::start().await;
    // A UK premium-rate number: valid, but no mobile, so nothing is texted.
    let premium = "+449091234567";
    let e = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(premium))
        .username(premium)
        .password(PASSWORD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err(e),
        (
            "UserLambdaValidationException".into(),
            "PreSignUp failed with error this number cannot receive our texts.".into()
        )
    );
    assert!(h.server.pool.outbox.list(Some(premium)).is_empty());
}
