//! A harness that chains the triggers the way Cognito does, over events
//! shaped exactly like Cognito's: Define -> Create -> (answer) Verify -> Define ...
#![allow(dead_code)]

use std::sync::Mutex;
use std::time::Duration;

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsChallengeResult, CognitoEventUserPoolsCreateAuthChallenge,
    CognitoEventUserPoolsDefineAuthChallenge, CognitoEventUserPoolsVerifyAuthChallenge,
};
use domain::TriggerConfig;
use domain::sms::code_from_body;
use lambdas::create::create_auth_challenge;
use lambdas::define::define_auth_challenge;
use lambdas::sms::{SmsError, SmsMessage, SmsSender};
use lambdas::verify::verify_auth_challenge;
use serde_json::{Value, json};
pub use testkit::events::json as fixture;

pub const PHONE: &str = "+14155552671";
pub const T0: u64 = 1_764_000_000;

pub fn config() -> TriggerConfig {
    let mut c = TriggerConfig::with_random_key("Acme", "acme.example");
    c.policy.ttl = Duration::from_secs(180);
    c
}

#[derive(Default)]
pub struct Recorder(pub Mutex<Vec<SmsMessage>>);

impl SmsSender for Recorder {
    async fn send(&self, message: &SmsMessage) -> Result<(), SmsError> {
        self.0.lock().unwrap().push(message.clone());
        Ok(())
    }
}

pub struct Failing;
impl SmsSender for Failing {
    async fn send(&self, _: &SmsMessage) -> Result<(), SmsError> {
        Err(SmsError::Unavailable)
    }
}

/// Drives one sign-in the way Cognito does, answering with `answers` in turn.
/// Returns (issued tokens?, failed?, texts sent).
pub struct Flow {
    pub config: TriggerConfig,
    pub sender: Recorder,
    pub session: Vec<CognitoEventUserPoolsChallengeResult>,
    pub user_not_found: bool,
    pub user_name: String,
}

impl Flow {
    pub fn new(config: TriggerConfig) -> Self {
        Self {
            config,
            sender: Recorder::default(),
            session: vec![],
            user_not_found: false,
            user_name: "7c1b2a10-3f6e-4b8e-9d3c-0a1b2c3d4e5f".into(),
        }
    }

    pub fn session_json(&self) -> Value {
        serde_json::to_value(&self.session).unwrap()
    }

    pub fn define(&self) -> CognitoEventUserPoolsDefineAuthChallenge {
        let mut e = fixture("define_first_round");
        e["request"]["session"] = self.session_json();
        e["request"]["userNotFound"] = json!(self.user_not_found);
        e["userName"] = json!(self.user_name);
        let event = serde_json::from_value(e).unwrap();
        define_auth_challenge(event, self.config.policy.max_attempts)
    }

    pub async fn create(&self, now: u64) -> CognitoEventUserPoolsCreateAuthChallenge {
        let mut e = fixture("create_first_round");
        e["request"]["session"] = self.session_json();
        e["request"]["userNotFound"] = json!(self.user_not_found);
        e["userName"] = json!(self.user_name);
        if self.user_not_found {
            e["request"]["userAttributes"] = json!({});
        }
        let event = serde_json::from_value(e).unwrap();
        create_auth_challenge(event, &self.config, &self.sender, now)
            .await
            .unwrap()
    }

    pub fn verify(&self, created: &CognitoEventUserPoolsCreateAuthChallenge, answer: Value, now: u64) -> bool {
        let mut e = fixture("verify");
        e["request"]["privateChallengeParameters"] =
            serde_json::to_value(&created.response.private_challenge_parameters).unwrap();
        e["request"]["challengeAnswer"] = answer;
        e["request"]["userNotFound"] = json!(self.user_not_found);
        e["userName"] = json!(self.user_name);
        let event: CognitoEventUserPoolsVerifyAuthChallenge = serde_json::from_value(e).unwrap();
        verify_auth_challenge(event, &self.config, now).response.answer_correct
    }

    pub fn record(&mut self, created: &CognitoEventUserPoolsCreateAuthChallenge, ok: bool) {
        let mut r = CognitoEventUserPoolsChallengeResult::default();
        r.challenge_name = Some("CUSTOM_CHALLENGE".into());
        r.challenge_result = ok;
        r.challenge_metadata = created.response.challenge_metadata.clone();
        self.session.push(r);
    }

    pub fn sent_code(&self) -> String {
        let texts = self.sender.0.lock().unwrap();
        code_from_body(&texts.last().expect("a text was sent").body)
            .unwrap()
            .expose()
            .to_owned()
    }

    pub fn texts(&self) -> usize {
        self.sender.0.lock().unwrap().len()
    }
}

pub fn wrong(code: &str) -> String {
    let d = (code.as_bytes()[0] - b'0' + 1) % 10;
    format!("{d}{}", &code[1..])
}
