//! How the stand-in pool is set up: ids, app clients, lifetimes.

use std::time::Duration;

use domain::TriggerConfig;
use rand::Rng;
use secrecy::SecretString;

#[derive(Clone, Debug)]
pub struct AppClient {
    pub id: String,
    /// With a secret, every call that Cognito checks must carry SECRET_HASH.
    pub secret: Option<SecretString>,
}

#[derive(Clone, Debug)]
pub struct PoolConfig {
    pub region: String,
    pub pool_id: String,
    pub clients: Vec<AppClient>,
    /// How long each challenge round's Session string lives (Cognito: 3-15 min).
    pub auth_session_validity: Duration,
    pub access_token_validity: Duration,
    pub id_token_validity: Duration,
    pub refresh_token_validity: Duration,
    pub signup_code_validity: Duration,
    /// Wrong confirmation codes before LimitExceededException.
    pub signup_code_attempts: u32,
    pub triggers: TriggerConfig,
}

fn random_alnum(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

impl PoolConfig {
    /// A pool with Cognito-shaped random ids and one confidential client.
    pub fn generated(app_name: &str, domain: &str) -> Self {
        let region = "us-east-1".to_owned();
        let pool_id = format!(
            "{region}_{}",
            random_alnum(9, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        );
        let client = AppClient {
            id: random_alnum(26, b"abcdefghijklmnopqrstuvwxyz0123456789"),
            secret: Some(random_alnum(51, b"abcdefghijklmnopqrstuvwxyz0123456789").into()),
        };
        Self {
            region,
            pool_id,
            clients: vec![client],
            auth_session_validity: Duration::from_secs(180),
            access_token_validity: Duration::from_secs(3600),
            id_token_validity: Duration::from_secs(3600),
            refresh_token_validity: Duration::from_secs(30 * 24 * 3600),
            signup_code_validity: Duration::from_secs(24 * 3600),
            signup_code_attempts: 5,
            triggers: TriggerConfig::with_random_key(app_name, domain),
        }
    }

    pub fn issuer(&self) -> String {
        format!("https://cognito-idp.{}.amazonaws.com/{}", self.region, self.pool_id)
    }

    pub fn client(&self, id: &str) -> Option<&AppClient> {
        self.clients.iter().find(|c| c.id == id)
    }
}
