//! Cognito's own passwordless sign-in (USER_AUTH with SMS_OTP) through the
//! AWS SDK: sign-up without a password, the sign-in straight after
//! confirming, the 8-digit code, wrong and expired codes, SELECT_CHALLENGE,
//! names with no account, and what a pool or client not set up for it says.

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};
use domain::ManualClock;
use local_cognito::{FeaturePlan, Outbox, Pool, PoolConfig};

use crate::support::*;

async fn native() -> Harness {
    let config = PoolConfig::generated("Acme", "acme.example").native();
    let clock = ManualClock::new(1_764_000_000);
    let pool = Pool::new(config, Arc::new(clock.clone()), Arc::new(Outbox::new(false))).unwrap();
    Harness::serve(pool, clock).await
}

fn code_of(e: &impl ProvideErrorMetadata) -> String {
    format!("{}: {}", e.code().unwrap_or_default(), e.message().unwrap_or_default())
}

impl Harness {
    /// SignUp without a password; its Session.
    async fn passwordless_sign_up(&self, phone: &str) -> Option<String> {
        self.client
            .sign_up()
            .client_id(&self.client_id)
            .secret_hash(self.hash(phone))
            .username(phone)
            .send()
            .await
            .unwrap()
            .session
    }

    async fn user_auth(&self, phone: &str, preferred: Option<&str>) -> Result<InitiateAuthOutput, String> {
        let mut request = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", phone)
            .auth_parameters("SECRET_HASH", self.hash(phone));
        if let Some(p) = preferred {
            request = request.auth_parameters("PREFERRED_CHALLENGE", p);
        }
        request.send().await.map_err(|e| code_of(&e))
    }

    async fn answer_otp(&self, username: &str, session: &str, code: &str) -> Result<Option<String>, String> {
        self.client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::SmsOtp)
            .session(session)
            .challenge_responses("USERNAME", username)
            .challenge_responses("SMS_OTP_CODE", code)
            .challenge_responses("SECRET_HASH", self.hash(username))
            .send()
            .await
            .map(|out| out.authentication_result.and_then(|r| r.access_token))
            .map_err(|e| code_of(&e))
    }

    async fn confirm_with(&self, phone: &str, session: Option<String>) -> Option<String> {
        self.client
            .confirm_sign_up()
            .client_id(&self.client_id)
            .secret_hash(self.hash(phone))
            .username(phone)
            .confirmation_code(self.last_code(phone))
            .set_session(session)
            .send()
            .await
            .unwrap()
            .session
    }

    async fn sign_in_with_session(&self, phone: &str, session: &str) -> Result<String, String> {
        self.client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::UserAuth)
            .session(session)
            .auth_parameters("USERNAME", phone)
            .auth_parameters("SECRET_HASH", self.hash(phone))
            .send()
            .await
            .map_err(|e| code_of(&e))
            .map(|out| out.authentication_result.and_then(|r| r.access_token).expect("tokens"))
    }
}

fn wrong8(code: &str) -> String {
    if code == "00000000" { "11111111" } else { "00000000" }.to_owned()
}

#[tokio::test]
async fn one_text_from_sign_up_to_tokens() {
    let h = native().await;
    let session = h.passwordless_sign_up(PHONE).await.expect("SignUp gives a Session");
    let confirmed = h
        .confirm_with(PHONE, Some(session))
        .await
        .expect("ConfirmSignUp gives one back");
    let access = h.sign_in_with_session(PHONE, &confirmed).await.unwrap();
    let user = h.client.get_user().access_token(&access).send().await.unwrap();
    let verified = user.user_attributes.iter().find(|a| a.name == "phone_number_verified");
    assert_eq!(verified.and_then(|a| a.value.as_deref()), Some("true"));
    assert_eq!(h.server.pool.outbox.list(Some(PHONE)).len(), 1, "one text in all");
    // "for the first time": the Session signs in once.
    assert_eq!(
        h.sign_in_with_session(PHONE, &confirmed).await.unwrap_err(),
        "NotAuthorizedException: Invalid session for the user."
    );
}

#[tokio::test]
async fn the_sessions_live_as_long_as_an_auth_session() {
    let h = native().await;
    let session = h.passwordless_sign_up(PHONE).await.unwrap();
    // A wrong code leaves SignUp's Session usable.
    let wrong = h
        .client
        .confirm_sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(PHONE))
        .username(PHONE)
        .confirmation_code("000000")
        .session(&session)
        .send()
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), Some("CodeMismatchException"));
    h.clock.advance(181);
    let stale = h
        .client
        .confirm_sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(PHONE))
        .username(PHONE)
        .confirmation_code(h.last_code(PHONE))
        .session(&session)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code_of(&stale),
        "NotAuthorizedException: Invalid session for the user, session is expired.",
        "an expired SignUp Session refuses the confirmation"
    );
    assert_eq!(
        h.confirm_with(PHONE, None).await,
        None,
        "without it, confirmed, no Session"
    );
    let other = "+14155552672";
    let session = h.passwordless_sign_up(other).await.unwrap();
    let confirmed = h.confirm_with(other, Some(session)).await.unwrap();
    h.clock.advance(181);
    assert_eq!(
        h.sign_in_with_session(other, &confirmed).await.unwrap_err(),
        "NotAuthorizedException: Invalid session for the user, session is expired."
    );
    // Without SignUp's Session, nothing to sign in with either.
    let third = "+14155552673";
    h.passwordless_sign_up(third).await;
    assert_eq!(h.confirm_with(third, None).await, None);
}

#[tokio::test]
async fn sms_otp_sign_in_with_an_eight_digit_code() {
    let h = native().await;
    let session = h.passwordless_sign_up(PHONE).await;
    h.confirm_with(PHONE, session).await;
    let out = h.user_auth(PHONE, Some("SMS_OTP")).await.unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeNameType::SmsOtp));
    let params = out.challenge_parameters.unwrap();
    assert_eq!(params["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    assert_eq!(params["CODE_DELIVERY_DESTINATION"], "+*******2671");
    let username = params["USERNAME"].clone();
    let session = out.session.unwrap();
    let code = h.last_code(PHONE);
    assert_eq!(code.len(), 8);
    let text = h.server.pool.outbox.list(Some(PHONE)).last().unwrap().body.clone();
    assert!(
        text.starts_with(&code) && text.ends_with(&format!("@acme.example #{code}")),
        "{text}"
    );
    // A wrong code leaves the round open.
    assert_eq!(
        h.answer_otp(&username, &session, &wrong8(&code)).await.unwrap_err(),
        "CodeMismatchException: Invalid code or auth state for the user."
    );
    assert_eq!(
        h.answer_otp(&username, &session, "123456").await.unwrap_err(),
        "CodeMismatchException: Invalid code or auth state for the user.",
        "a six-digit code is just wrong"
    );
    // The number works as USERNAME too.
    assert!(h.answer_otp(PHONE, &session, &code).await.unwrap().is_some());
    assert_eq!(
        h.answer_otp(&username, &session, &code).await.unwrap_err(),
        "NotAuthorizedException: Invalid session for the user.",
        "used"
    );
}

#[tokio::test]
async fn three_wrong_codes_or_three_minutes_end_the_round() {
    let h = native().await;
    h.passwordless_sign_up(PHONE).await;
    h.confirm_with(PHONE, None).await;
    let out = h.user_auth(PHONE, Some("SMS_OTP")).await.unwrap();
    let session = out.session.unwrap();
    let code = h.last_code(PHONE);
    for _ in 0..3 {
        assert!(
            h.answer_otp(PHONE, &session, &wrong8(&code))
                .await
                .unwrap_err()
                .starts_with("CodeMismatchException")
        );
    }
    assert_eq!(
        h.answer_otp(PHONE, &session, &code).await.unwrap_err(),
        "NotAuthorizedException: Invalid session for the user."
    );
    let session = h.user_auth(PHONE, Some("SMS_OTP")).await.unwrap().session.unwrap();
    let code = h.last_code(PHONE);
    h.clock.advance(181);
    assert_eq!(
        h.answer_otp(PHONE, &session, &code).await.unwrap_err(),
        "NotAuthorizedException: Invalid session for the user, session is expired."
    );
}

#[tokio::test]
async fn without_a_preference_the_user_chooses() {
    let h = native().await;
    h.passwordless_sign_up(PHONE).await;
    h.confirm_with(PHONE, None).await;
    let out = h.user_auth(PHONE, None).await.unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeNameType::SelectChallenge));
    assert_eq!(
        out.available_challenges,
        Some(vec![ChallengeNameType::SmsOtp]),
        "no password to offer"
    );
    let texts = h.server.pool.outbox.list(Some(PHONE)).len();
    let chosen = h
        .client
        .respond_to_auth_challenge()
        .client_id(&h.client_id)
        .challenge_name(ChallengeNameType::SelectChallenge)
        .session(out.session.unwrap())
        .challenge_responses("USERNAME", PHONE)
        .challenge_responses("ANSWER", "SMS_OTP")
        .challenge_responses("SECRET_HASH", h.hash(PHONE))
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.challenge_name, Some(ChallengeNameType::SmsOtp));
    assert_eq!(
        h.server.pool.outbox.list(Some(PHONE)).len(),
        texts + 1,
        "choosing texts the code"
    );
    let access = h
        .answer_otp(PHONE, &chosen.session.unwrap(), &h.last_code(PHONE))
        .await
        .unwrap();
    assert!(access.is_some());
    // A user with a password is offered it too; a preference they cannot
    // use falls back to the choice.
    let with_password = "+14155552672";
    h.client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(with_password))
        .username(with_password)
        .password(PASSWORD)
        .send()
        .await
        .unwrap();
    h.confirm_with(with_password, None).await;
    let out = h.user_auth(with_password, Some("EMAIL_OTP")).await.unwrap();
    assert_eq!(out.challenge_name, Some(ChallengeNameType::SelectChallenge));
    assert_eq!(
        out.available_challenges,
        Some(vec![
            ChallengeNameType::Password,
            ChallengeNameType::PasswordSrp,
            ChallengeNameType::SmsOtp
        ])
    );
}

#[tokio::test]
async fn a_number_with_no_account_gets_one_of_the_allowed_challenges() {
    let h = native().await;
    let mut seen = std::collections::BTreeSet::new();
    for n in 100..140 {
        let out = h.user_auth(&format!("+14155550{n}"), Some("SMS_OTP")).await.unwrap();
        seen.insert(out.challenge_name.unwrap().as_str().to_owned());
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        ["PASSWORD", "SMS_OTP"],
        "both kinds, as Cognito's random selection gives"
    );
    assert!(h.server.pool.outbox.list(None).is_empty(), "nothing texted");
}

#[tokio::test]
async fn a_number_with_no_account_gets_the_same_challenge_and_no_text() {
    let h = native().await;
    // A number whose draw is the SMS_OTP look-alike.
    let mut found = None;
    for n in 100..140 {
        let number = format!("+14155550{n}");
        let out = h.user_auth(&number, Some("SMS_OTP")).await.unwrap();
        if out.challenge_name == Some(ChallengeNameType::SmsOtp) {
            found = Some((number, out));
            break;
        }
    }
    let (number, out) = found.expect("some numbers draw SMS_OTP");
    let params = out.challenge_parameters.unwrap();
    assert_eq!(
        params["CODE_DELIVERY_DESTINATION"],
        format!("+*******{}", &number[number.len() - 4..])
    );
    assert!(h.server.pool.outbox.list(None).is_empty(), "nothing texted");
    assert_eq!(
        h.answer_otp(&number, &out.session.unwrap(), "12345678")
            .await
            .unwrap_err(),
        "CodeMismatchException: Invalid code or auth state for the user."
    );
}

#[tokio::test]
async fn an_unconfirmed_user_is_confirmed_by_a_sign_in_code() {
    let h = native().await;
    h.passwordless_sign_up(PHONE).await;
    let out = h.user_auth(PHONE, Some("SMS_OTP")).await.unwrap();
    let access = h
        .answer_otp(PHONE, &out.session.unwrap(), &h.last_code(PHONE))
        .await
        .unwrap()
        .unwrap();
    let user = h.client.get_user().access_token(&access).send().await.unwrap();
    let verified = user.user_attributes.iter().find(|a| a.name == "phone_number_verified");
    assert_eq!(verified.and_then(|a| a.value.as_deref()), Some("true"));
    let confirm = h
        .client
        .confirm_sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(PHONE))
        .username(PHONE)
        .confirmation_code("123456")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code_of(&confirm),
        "NotAuthorizedException: User cannot be confirmed. Current status is CONFIRMED"
    );
}

#[tokio::test]
async fn a_pool_or_client_not_set_up_for_it_refuses() {
    // The custom pool: the client has ALLOW_CUSTOM_AUTH only, and
    // passwordless sign-up is not available.
    let h = Harness::start().await;
    assert_eq!(
        h.user_auth(PHONE, Some("SMS_OTP")).await.unwrap_err(),
        "InvalidParameterException: USER_AUTH flow not enabled for this client"
    );
    let e = h
        .client
        .sign_up()
        .client_id(&h.client_id)
        .secret_hash(h.hash(PHONE))
        .username(PHONE)
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidPasswordException"));
    assert!(h.server.pool.outbox.list(None).is_empty());
    // The native pool's client does not take CUSTOM_AUTH.
    let n = native().await;
    let e = n
        .client
        .initiate_auth()
        .client_id(&n.client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", PHONE)
        .auth_parameters("SECRET_HASH", n.hash(PHONE))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code_of(&e),
        "InvalidParameterException: CUSTOM_AUTH flow not enabled for this client"
    );
    // SMS_OTP is not on the Lite plan.
    let mut lite = PoolConfig::generated("Acme", "acme.example").native();
    lite.feature_plan = FeaturePlan::Lite;
    let refused = Pool::new(lite, Arc::new(ManualClock::new(0)), Arc::new(Outbox::new(false)));
    assert!(
        refused
            .err()
            .unwrap()
            .to_string()
            .starts_with("FeatureUnavailableInTierException")
    );
}
