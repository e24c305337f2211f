//! The real AWS SDK against local-cognito over HTTP: the whole sign-up and
//! sign-in protocol, with the pool's clock moved by hand.

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, ChallengeNameType};
use aws_sdk_cognitoidentityprovider::{Client, error::ProvideErrorMetadata};
use local_cognito::secret_hash::secret_hash;
use local_cognito::{LocalCognito, ManualClock, Outbox, Pool, PoolConfig};

const PHONE: &str = "+14155552671";
const PASSWORD: &str = "Xy7!random-Password";

struct Harness {
    server: LocalCognito,
    client: Client,
    clock: ManualClock,
    client_id: String,
    secret: String,
}

impl Harness {
    async fn start() -> Self {
        let config = PoolConfig::generated("Acme", "acme.example");
        let clock = ManualClock::new(1_764_000_000);
        let pool = Pool::new(config, Arc::new(clock.clone()), Arc::new(Outbox::new(false))).unwrap();
        Self::serve(pool, clock).await
    }

    async fn serve(pool: Pool, clock: ManualClock) -> Self {
        let client_id = pool.config.clients[0].id.clone();
        let secret = pool.config.clients[0].secret.clone().unwrap_or_default();
        let server = LocalCognito::start(Arc::new(pool), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let sdk_config = aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(server.endpoint())
            .retry_config(aws_sdk_cognitoidentityprovider::config::retry::RetryConfig::disabled())
            .build();
        Self {
            client: Client::from_conf(sdk_config),
            server,
            clock,
            client_id,
            secret,
        }
    }

    fn hash(&self, username: &str) -> String {
        secret_hash(&self.secret, username, &self.client_id)
    }

    async fn signed_in(&self, phone: &str) -> (String, String, String) {
        let (username, session) = self.start_sign_in(phone).await;
        let code = self.last_code(phone);
        let tokens = self
            .answer(&username, &session, &code)
            .await
            .unwrap()
            .authentication_result
            .unwrap();
        (tokens.access_token.unwrap(), tokens.refresh_token.unwrap(), username)
    }

    async fn get_user_error(&self, access: &str) -> (String, String) {
        let e = self.client.get_user().access_token(access).send().await.unwrap_err();
        (
            e.code().unwrap_or_default().to_owned(),
            e.message().unwrap_or_default().to_owned(),
        )
    }

    fn last_code(&self, to: &str) -> String {
        let messages = self.server.pool.outbox.list(Some(to));
        messages.last().expect("an SMS").code.clone().expect("a code")
    }

    async fn sign_up_confirmed(&self, phone: &str) -> String {
        let out = self
            .client
            .sign_up()
            .client_id(&self.client_id)
            .secret_hash(self.hash(phone))
            .username(phone)
            .password(PASSWORD)
            .user_attributes(AttributeType::builder().name("name").value("Ada").build().unwrap())
            .send()
            .await
            .unwrap();
        let code = self.last_code(phone);
        self.client
            .confirm_sign_up()
            .client_id(&self.client_id)
            .secret_hash(self.hash(phone))
            .username(phone)
            .confirmation_code(code)
            .send()
            .await
            .unwrap();
        out.user_sub
    }

    async fn start_sign_in(&self, phone: &str) -> (String, String) {
        let out = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::CustomAuth)
            .auth_parameters("USERNAME", phone)
            .auth_parameters("SECRET_HASH", self.hash(phone))
            .send()
            .await
            .unwrap();
        assert_eq!(out.challenge_name, Some(ChallengeNameType::CustomChallenge));
        let params = out.challenge_parameters.unwrap();
        (params["USERNAME"].clone(), out.session.unwrap())
    }

    async fn answer(
        &self,
        username: &str,
        session: &str,
        answer: &str,
    ) -> Result<
        aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::RespondToAuthChallengeOutput,
        String,
    > {
        self.client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(session)
            .challenge_responses("USERNAME", username)
            .challenge_responses("ANSWER", answer)
            .challenge_responses("SECRET_HASH", self.hash(username))
            .send()
            .await
            .map_err(|e| format!("{}: {}", e.code().unwrap_or("?"), e.message().unwrap_or("?")))
    }
}

fn wrong(code: &str) -> String {
    let d = (code.as_bytes()[5] - b'0' + 1) % 10;
    format!("{}{d}", &code[..5])
}

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
async fn jwks_verifies_the_issued_tokens() {
    let h = Harness::start().await;
    let sub = h.sign_up_confirmed(PHONE).await;
    let (username, session) = h.start_sign_in(PHONE).await;
    let code = h.last_code(PHONE);
    let tokens = h
        .answer(&username, &session, &code)
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    let id = tokens.id_token.unwrap();
    let jwks = h.server.pool.jwks();
    let key = &jwks["keys"][0];
    let header = jsonwebtoken::decode_header(&id).unwrap();
    assert_eq!(header.kid.as_deref(), key["kid"].as_str());
    let decoding =
        jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_exp = false;
    validation.set_audience(&[&h.client_id]);
    validation.set_issuer(&[h.server.pool.config.issuer()]);
    let claims = jsonwebtoken::decode::<serde_json::Value>(&id, &decoding, &validation)
        .unwrap()
        .claims;
    assert_eq!(claims["sub"], sub.as_str());
    assert_eq!(claims["token_use"], "id");
    assert_eq!(claims["phone_number"], PHONE);
    assert_eq!(claims["phone_number_verified"], true);
    assert!(
        claims["iss"]
            .as_str()
            .unwrap()
            .starts_with("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_")
    );
}

fn err<E: ProvideErrorMetadata>(e: E) -> (String, String) {
    (
        e.code().unwrap_or_default().to_owned(),
        e.message().unwrap_or_default().to_owned(),
    )
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
async fn refresh_revoke_and_token_expiry() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (access, refresh, username) = h.signed_in(PHONE).await;
    let refresh_auth = || {
        h.client
            .initiate_auth()
            .client_id(&h.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", &refresh)
            .auth_parameters("SECRET_HASH", h.hash(&username))
    };
    let renewed = refresh_auth().send().await.unwrap().authentication_result.unwrap();
    assert!(
        renewed.refresh_token.is_none(),
        "no rotation, as with REFRESH_TOKEN_AUTH"
    );
    let renewed_access = renewed.access_token.unwrap();
    h.client.get_user().access_token(&renewed_access).send().await.unwrap();

    h.clock.advance(3601);
    assert_eq!(
        h.get_user_error(&access).await,
        ("NotAuthorizedException".into(), "Access Token has expired".into())
    );
    assert_eq!(
        h.get_user_error("not-a-token").await,
        ("NotAuthorizedException".into(), "Invalid Access Token".into())
    );

    let fresh = refresh_auth()
        .send()
        .await
        .unwrap()
        .authentication_result
        .unwrap()
        .access_token
        .unwrap();
    h.client
        .revoke_token()
        .client_id(&h.client_id)
        .client_secret(&h.secret)
        .token(&refresh)
        .send()
        .await
        .unwrap();
    assert_eq!(
        err(refresh_auth().send().await.unwrap_err()),
        ("NotAuthorizedException".into(), "Refresh Token has been revoked".into())
    );
    assert_eq!(
        h.get_user_error(&fresh).await.1,
        "Access Token has been revoked",
        "revocation covers its access tokens"
    );
}

#[tokio::test]
async fn attributes_update_and_user_deletion() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (access, _, _) = h.signed_in(PHONE).await;
    h.client
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(AttributeType::builder().name("name").value("Grace").build().unwrap())
        .send()
        .await
        .unwrap();
    let user = h.client.get_user().access_token(&access).send().await.unwrap();
    let name = user
        .user_attributes
        .iter()
        .find(|a| a.name == "name")
        .and_then(|a| a.value.clone());
    assert_eq!(name.as_deref(), Some("Grace"));
    let phone_change = h
        .client
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(
            AttributeType::builder()
                .name("phone_number")
                .value("+14155550100")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err(phone_change).0, "InvalidParameterException");

    h.client.delete_user().access_token(&access).send().await.unwrap();
    assert_eq!(h.get_user_error(&access).await.0, "NotAuthorizedException");
    let before = h.server.pool.outbox.list(Some(PHONE)).len();
    let (username, _) = h.start_sign_in(PHONE).await;
    assert_eq!(username.len(), 36);
    assert_eq!(
        h.server.pool.outbox.list(Some(PHONE)).len(),
        before,
        "a deleted user gets no text"
    );
}

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

#[tokio::test]
async fn jwks_and_discovery_over_http() {
    let h = Harness::start().await;
    let pool_id = h.server.pool.config.pool_id.clone();
    let base = h.server.endpoint();
    let jwks: serde_json::Value = reqwest::get(format!("{base}/{pool_id}/.well-known/jwks.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["alg"], "RS256");
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    let discovery: serde_json::Value = reqwest::get(format!("{base}/{pool_id}/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["issuer"], h.server.pool.config.issuer());
    let missing = reqwest::get(format!("{base}/us-east-1_other/.well-known/jwks.json"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let unknown_op = reqwest::Client::new()
        .post(format!("{base}/"))
        .header("x-amz-target", "AWSCognitoIdentityProviderService.AdminNothing")
        .header("content-type", "application/x-amz-json-1.1")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_op.status(), 400);
    let garbage = reqwest::Client::new()
        .post(format!("{base}/"))
        .header("x-amz-target", "AWSCognitoIdentityProviderService.SignUp")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
    let body: serde_json::Value = garbage.json().await.unwrap();
    assert_eq!(body["__type"], "SerializationException");
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
