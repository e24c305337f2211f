//! What the SDK suite shares: a pool on a port of its own, the real AWS SDK
//! pointed at it, and the pool's clock, moved by hand.

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, ChallengeNameType};
use aws_sdk_cognitoidentityprovider::{Client, error::ProvideErrorMetadata};
use domain::ManualClock;
use domain::secret_hash::secret_hash;
use local_cognito::{LocalCognito, Outbox, Pool, PoolConfig};
use secrecy::ExposeSecret;

pub const PHONE: &str = "+14155552671";
pub const PASSWORD: &str = "Xy7!random-Password";

pub struct Harness {
    pub server: LocalCognito,
    pub client: Client,
    pub clock: ManualClock,
    pub client_id: String,
    pub secret: String,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A pool whose settings `adjust` changes first.
    pub async fn start_with(adjust: impl FnOnce(&mut PoolConfig)) -> Self {
        let mut config = PoolConfig::generated("Acme", "acme.example");
        adjust(&mut config);
        let clock = ManualClock::new(1_764_000_000);
        let pool = Pool::new(config, Arc::new(clock.clone()), Arc::new(Outbox::new(false))).unwrap();
        Self::serve(pool, clock).await
    }

    pub async fn serve(pool: Pool, clock: ManualClock) -> Self {
        let client_id = pool.config.clients[0].id.clone();
        let secret = pool.config.clients[0]
            .secret
            .as_ref()
            .map(|s| s.expose_secret().to_owned())
            .unwrap_or_default();
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

    pub fn hash(&self, username: &str) -> String {
        secret_hash(&self.secret, username, &self.client_id)
    }

    pub async fn signed_in(&self, phone: &str) -> (String, String, String) {
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

    pub async fn get_user_error(&self, access: &str) -> (String, String) {
        let e = self.client.get_user().access_token(access).send().await.unwrap_err();
        (
            e.code().unwrap_or_default().to_owned(),
            e.message().unwrap_or_default().to_owned(),
        )
    }

    pub fn last_code(&self, to: &str) -> String {
        let messages = self.server.pool.outbox.list(Some(to));
        messages.last().expect("an SMS").code.clone().expect("a code")
    }

    pub async fn sign_up_confirmed(&self, phone: &str) -> String {
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

    pub async fn start_sign_in(&self, phone: &str) -> (String, String) {
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

    pub async fn answer(
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

pub fn wrong(code: &str) -> String {
    let d = (code.as_bytes()[5] - b'0' + 1) % 10;
    format!("{}{d}", &code[..5])
}

pub fn err<E: ProvideErrorMetadata>(e: E) -> (String, String) {
    (
        e.code().unwrap_or_default().to_owned(),
        e.message().unwrap_or_default().to_owned(),
    )
}
