//! Changing the number: UpdateUserAttributes with `phone_number` under
//! `AttributesRequireVerificationBeforeUpdate`, GetUserAttributeVerificationCode
//! and VerifyUserAttribute.

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::types::AttributeType;
use domain::ManualClock;
use local_cognito::{Outbox, Pool, PoolConfig};

use crate::support::*;

const NEW: &str = "+14155552672";

fn phone(value: &str) -> AttributeType {
    AttributeType::builder()
        .name("phone_number")
        .value(value)
        .build()
        .unwrap()
}

impl Harness {
    async fn change_to(&self, access: &str, to: &str) -> Result<usize, (String, String)> {
        self.client
            .update_user_attributes()
            .access_token(access)
            .user_attributes(phone(to))
            .send()
            .await
            .map(|out| out.code_delivery_details_list.unwrap_or_default().len())
            .map_err(err)
    }

    async fn verify(&self, access: &str, code: &str) -> Result<(), (String, String)> {
        self.client
            .verify_user_attribute()
            .access_token(access)
            .attribute_name("phone_number")
            .code(code)
            .send()
            .await
            .map(|_| ())
            .map_err(err)
    }

    async fn attribute(&self, access: &str, name: &str) -> Option<String> {
        let user = self.client.get_user().access_token(access).send().await.unwrap();
        user.user_attributes
            .into_iter()
            .find(|a| a.name == name)
            .and_then(|a| a.value)
    }

    fn texts_to(&self, to: &str) -> usize {
        self.server.pool.outbox.list(Some(to)).len()
    }
}

#[tokio::test]
async fn a_new_number_replaces_the_old_only_once_its_code_is_right() {
    let h = Harness::start().await;
    let sub = h.sign_up_confirmed(PHONE).await;
    let (access, _, _) = h.signed_in(PHONE).await;
    assert_eq!(h.change_to(&access, NEW).await, Ok(1), "one code, to the new number");
    assert_eq!(h.texts_to(NEW), 1);
    let code = h.last_code(NEW);

    // Until the code comes back, the old number is the account's and signs in.
    assert_eq!(h.attribute(&access, "phone_number").await.as_deref(), Some(PHONE));
    let (username, _) = h.start_sign_in(PHONE).await;
    assert_eq!(username, sub);

    assert_eq!(
        h.verify(&access, &wrong(&code)).await.unwrap_err().0,
        "CodeMismatchException"
    );
    h.verify(&access, &code).await.unwrap();
    assert_eq!(h.attribute(&access, "phone_number").await.as_deref(), Some(NEW));
    assert_eq!(
        h.attribute(&access, "phone_number_verified").await.as_deref(),
        Some("true")
    );

    // The new number signs in as the same user; the old one is nobody's.
    let (access, _, username) = h.signed_in(NEW).await;
    assert_eq!(username, sub);
    assert!(!access.is_empty());
    let before = h.texts_to(PHONE);
    let (username, _) = h.start_sign_in(PHONE).await;
    assert_ne!(username, sub, "a stand-in, as for any unknown number");
    assert_eq!(h.texts_to(PHONE), before, "nothing is texted to the old number");
}

#[tokio::test]
async fn a_number_that_is_another_users_is_refused_and_not_texted() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    h.sign_up_confirmed(NEW).await;
    let (access, _, _) = h.signed_in(PHONE).await;
    let before = h.texts_to(NEW);
    let (kind, _) = h.change_to(&access, NEW).await.unwrap_err();
    assert_eq!(kind, "AliasExistsException");
    assert_eq!(h.texts_to(NEW), before);
    assert_eq!(h.attribute(&access, "phone_number").await.as_deref(), Some(PHONE));
}

#[tokio::test]
async fn a_number_taken_before_its_code_came_back_is_refused_then() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (access, _, _) = h.signed_in(PHONE).await;
    h.change_to(&access, NEW).await.unwrap();
    let code = h.last_code(NEW);
    h.sign_up_confirmed(NEW).await;
    assert_eq!(h.verify(&access, &code).await.unwrap_err().0, "AliasExistsException");
    assert_eq!(h.attribute(&access, "phone_number").await.as_deref(), Some(PHONE));
}

#[tokio::test]
async fn a_new_code_replaces_the_last_and_wrong_codes_and_time_run_out() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (access, _, _) = h.signed_in(PHONE).await;
    h.change_to(&access, NEW).await.unwrap();
    let first = h.last_code(NEW);
    let resent = h
        .client
        .get_user_attribute_verification_code()
        .access_token(&access)
        .attribute_name("phone_number")
        .send()
        .await
        .unwrap();
    let details = resent.code_delivery_details.unwrap();
    assert_eq!(details.attribute_name.as_deref(), Some("phone_number"));
    assert_eq!(h.texts_to(NEW), 2, "the new code goes to the number waiting");
    let second = h.last_code(NEW);
    if first != second {
        assert_eq!(h.verify(&access, &first).await.unwrap_err().0, "CodeMismatchException");
    }
    // Another attribute has no code to send.
    let other = h
        .client
        .get_user_attribute_verification_code()
        .access_token(&access)
        .attribute_name("email")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err(other).0, "InvalidParameterException");

    // Each wrong code counts; past the limit even the right one is refused.
    h.change_to(&access, NEW).await.unwrap();
    let code = h.last_code(NEW);
    for _ in 0..5 {
        assert_eq!(
            h.verify(&access, &wrong(&code)).await.unwrap_err().0,
            "CodeMismatchException"
        );
    }
    assert_eq!(h.verify(&access, &code).await.unwrap_err().0, "LimitExceededException");

    // A code lives a day; the access token an hour, so a new sign-in asks.
    h.change_to(&access, NEW).await.unwrap();
    let code = h.last_code(NEW);
    h.clock.advance(24 * 3600);
    let (access, _, _) = h.signed_in(PHONE).await;
    assert_eq!(h.verify(&access, &code).await.unwrap_err().0, "ExpiredCodeException");
}

#[tokio::test]
async fn without_verification_before_update_the_number_changes_at_once_unverified() {
    let config = PoolConfig {
        verify_number_before_update: false,
        ..PoolConfig::generated("Acme", "acme.example")
    };
    let clock = ManualClock::new(1_764_000_000);
    let pool = Pool::new(config, Arc::new(clock.clone()), Arc::new(Outbox::new(false))).unwrap();
    let h = Harness::serve(pool, clock).await;
    h.sign_up_confirmed(PHONE).await;
    let (access, _, _) = h.signed_in(PHONE).await;
    assert_eq!(h.change_to(&access, NEW).await, Ok(1));
    assert_eq!(h.attribute(&access, "phone_number").await.as_deref(), Some(NEW));
    assert_eq!(
        h.attribute(&access, "phone_number_verified").await.as_deref(),
        Some("false")
    );
    h.verify(&access, &h.last_code(NEW)).await.unwrap();
    assert_eq!(
        h.attribute(&access, "phone_number_verified").await.as_deref(),
        Some("true")
    );
}
