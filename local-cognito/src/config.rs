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
    /// The client's ExplicitAuthFlows (refreshing is always allowed, as in
    /// Cognito, where ALLOW_REFRESH_TOKEN_AUTH cannot be left out).
    pub auth_flows: Vec<AuthFlow>,
}

/// An app client's ExplicitAuthFlows, of those local-cognito speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthFlow {
    /// ALLOW_CUSTOM_AUTH: the Lambda-trigger challenges.
    CustomAuth,
    /// ALLOW_USER_AUTH: choice-based sign-in (Essentials plan and up).
    UserAuth,
}

/// The pool's feature plan (`UserPoolTier`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FeaturePlan {
    Lite,
    Essentials,
    Plus,
}

/// What choice-based sign-in may start with (`AllowedFirstAuthFactors`), of
/// those local-cognito speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstFactor {
    Password,
    SmsOtp,
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
    pub feature_plan: FeaturePlan,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`.
    pub first_factors: Vec<FirstFactor>,
    /// `AutoVerifiedAttributes` has `phone_number`: sign-up texts a code,
    /// and sign-up without a password is possible.
    pub auto_verify_phone: bool,
    /// `UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate`
    /// has `phone_number`: a new number replaces the old only once its code
    /// is confirmed (VerifyUserAttribute); until then the old one stands.
    pub verify_number_before_update: bool,
    /// `SmsAuthenticationMessage`: the text of Cognito's own sign-in codes,
    /// `{####}` standing for the code.
    pub sms_authentication_message: String,
    /// Wrong SMS_OTP codes before the challenge's Session stops working.
    /// Cognito does not document its number; see the README.
    pub sms_otp_attempts: u32,
}

/// Why a pool cannot be made as configured, in Cognito's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

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
            auth_flows: vec![AuthFlow::CustomAuth],
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
            feature_plan: FeaturePlan::Lite,
            first_factors: vec![FirstFactor::Password],
            auto_verify_phone: true,
            verify_number_before_update: true,
            // Cognito's default (not documented; as commonly seen).
            sms_authentication_message: "Your authentication code is {####}. ".to_owned(),
            sms_otp_attempts: 3,
        }
    }

    /// The same pool set up for Cognito's own passwordless sign-in, as the
    /// template deploys it with `SignInFlow=native`: the Essentials plan,
    /// SMS_OTP allowed as a first factor, the client on USER_AUTH only, and
    /// the sign-in text in this project's shape.
    pub fn native(mut self) -> Self {
        self.triggers.confirm_at_sign_in = false;
        self.feature_plan = FeaturePlan::Essentials;
        self.first_factors = vec![FirstFactor::Password, FirstFactor::SmsOtp];
        self.sms_authentication_message =
            domain::sms::native_sign_in_template(&self.triggers.app_name, &self.triggers.domain);
        for client in &mut self.clients {
            client.auth_flows = vec![AuthFlow::UserAuth];
        }
        self
    }

    /// Refuses what Cognito would refuse when creating the pool or client.
    pub fn check(&self) -> Result<(), ConfigError> {
        let needs_plan = self.first_factors.contains(&FirstFactor::SmsOtp)
            || self.clients.iter().any(|c| c.auth_flows.contains(&AuthFlow::UserAuth));
        if needs_plan && self.feature_plan < FeaturePlan::Essentials {
            return Err(ConfigError(
                "FeatureUnavailableInTierException: choice-based sign-in (USER_AUTH, SMS_OTP) needs the Essentials feature plan or higher".into(),
            ));
        }
        if self.first_factors.is_empty() {
            return Err(ConfigError(
                "InvalidParameterException: AllowedFirstAuthFactors needs at least one factor".into(),
            ));
        }
        let template = &self.sms_authentication_message;
        if !template.contains("{####}") || !(6..=140).contains(&template.chars().count()) {
            return Err(ConfigError(
                "InvalidParameterException: SmsAuthenticationMessage must contain {####} and have 6 to 140 characters"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Whether sign-up may leave out the password: passwordless sign-in is
    /// allowed in the pool and the client, and the pool verifies the number
    /// it would use (the Developer Guide's "Passwords at sign-up").
    pub fn passwordless_sign_up(&self, client: &AppClient) -> bool {
        self.first_factors.contains(&FirstFactor::SmsOtp)
            && client.auth_flows.contains(&AuthFlow::UserAuth)
            && self.auto_verify_phone
    }

    pub fn issuer(&self) -> String {
        format!("https://cognito-idp.{}.amazonaws.com/{}", self.region, self.pool_id)
    }

    pub fn client(&self, id: &str) -> Option<&AppClient> {
        self.clients.iter().find(|c| c.id == id)
    }
}
