//! Whole trigger flows over events shaped exactly like Cognito's, the way
//! Cognito chains them: Define -> Create -> (answer) Verify -> Define ...

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsChallengeResult, CognitoEventUserPoolsCreateAuthChallenge,
    CognitoEventUserPoolsDefineAuthChallenge, CognitoEventUserPoolsVerifyAuthChallenge,
};
use lambdas::TriggerConfig;
use lambdas::create::{create_auth_challenge, public};
use lambdas::define::define_auth_challenge;
use lambdas::sms::{SmsError, SmsMessage, SmsSender, code_from_body};
use lambdas::verify::verify_auth_challenge;
use serde_json::{Value, json};

const PHONE: &str = "+14155552671";
const T0: u64 = 1_764_000_000;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn config() -> TriggerConfig {
    let mut c = TriggerConfig::with_random_key("Acme", "acme.example");
    c.code_ttl = Duration::from_secs(180);
    c
}

#[derive(Default)]
struct Recorder(Mutex<Vec<SmsMessage>>);

impl SmsSender for Recorder {
    async fn send(&self, message: &SmsMessage) -> Result<(), SmsError> {
        self.0.lock().unwrap().push(message.clone());
        Ok(())
    }
}

struct Failing;
impl SmsSender for Failing {
    async fn send(&self, _: &SmsMessage) -> Result<(), SmsError> {
        Err(SmsError::Unavailable)
    }
}

/// Drives one sign-in the way Cognito does, answering with `answers` in turn.
/// Returns (issued tokens?, failed?, texts sent).
struct Flow {
    config: TriggerConfig,
    sender: Recorder,
    session: Vec<CognitoEventUserPoolsChallengeResult>,
    user_not_found: bool,
    user_name: String,
}

impl Flow {
    fn new(config: TriggerConfig) -> Self {
        Self {
            config,
            sender: Recorder::default(),
            session: vec![],
            user_not_found: false,
            user_name: "7c1b2a10-3f6e-4b8e-9d3c-0a1b2c3d4e5f".into(),
        }
    }

    fn session_json(&self) -> Value {
        serde_json::to_value(&self.session).unwrap()
    }

    fn define(&self) -> CognitoEventUserPoolsDefineAuthChallenge {
        let mut e = fixture("define_first_round");
        e["request"]["session"] = self.session_json();
        e["request"]["userNotFound"] = json!(self.user_not_found);
        e["userName"] = json!(self.user_name);
        let event = serde_json::from_value(e).unwrap();
        define_auth_challenge(event, self.config.max_attempts)
    }

    async fn create(&self, now: u64) -> CognitoEventUserPoolsCreateAuthChallenge {
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

    fn verify(&self, created: &CognitoEventUserPoolsCreateAuthChallenge, answer: Value, now: u64) -> bool {
        let mut e = fixture("verify");
        e["request"]["privateChallengeParameters"] =
            serde_json::to_value(&created.response.private_challenge_parameters).unwrap();
        e["request"]["challengeAnswer"] = answer;
        e["request"]["userNotFound"] = json!(self.user_not_found);
        e["userName"] = json!(self.user_name);
        let event: CognitoEventUserPoolsVerifyAuthChallenge = serde_json::from_value(e).unwrap();
        verify_auth_challenge(event, &self.config, now).response.answer_correct
    }

    fn record(&mut self, created: &CognitoEventUserPoolsCreateAuthChallenge, ok: bool) {
        let mut r = CognitoEventUserPoolsChallengeResult::default();
        r.challenge_name = Some("CUSTOM_CHALLENGE".into());
        r.challenge_result = ok;
        r.challenge_metadata = created.response.challenge_metadata.clone();
        self.session.push(r);
    }

    fn sent_code(&self) -> String {
        let texts = self.sender.0.lock().unwrap();
        code_from_body(&texts.last().expect("a text was sent").body)
            .unwrap()
            .expose()
            .to_owned()
    }

    fn texts(&self) -> usize {
        self.sender.0.lock().unwrap().len()
    }
}

fn wrong(code: &str) -> String {
    let d = (code.as_bytes()[0] - b'0' + 1) % 10;
    format!("{d}{}", &code[1..])
}

#[tokio::test]
async fn correct_code_signs_in_with_one_text() {
    let mut flow = Flow::new(config());
    assert_eq!(
        flow.define().response.challenge_name.as_deref(),
        Some("CUSTOM_CHALLENGE")
    );
    let created = flow.create(T0).await;
    assert_eq!(flow.texts(), 1);
    let sent = flow.sender.0.lock().unwrap()[0].clone();
    assert_eq!(sent.to.as_e164(), PHONE);
    let params = &created.response.public_challenge_parameters;
    assert_eq!(params[public::PHONE], "+1 *** *** 2671");
    assert_eq!(params[public::CODE_LENGTH], "6");
    assert_eq!(params[public::ATTEMPTS_LEFT], "3");
    assert_eq!(params[public::EXPIRES_AT], (T0 + 180).to_string());

    let code = flow.sent_code();
    // Nothing Cognito stores or shows holds the code.
    let state = serde_json::to_string(&created.response).unwrap();
    assert!(!state.contains(&code), "code leaked into Cognito state: {state}");

    // Whitespace around the answer is forgiven.
    let ok = flow.verify(&created, json!(format!(" {code}\n")), T0 + 10);
    assert!(ok);
    flow.record(&created, ok);
    let done = flow.define();
    assert!(done.response.issue_tokens);
    assert!(!done.response.fail_authentication);
}

#[tokio::test]
async fn retries_reuse_the_code_and_three_wrong_answers_fail() {
    let mut flow = Flow::new(config());
    let first = flow.create(T0).await;
    let code = flow.sent_code();
    assert!(!flow.verify(&first, json!(wrong(&code)), T0 + 1));
    flow.record(&first, false);
    assert_eq!(
        flow.define().response.challenge_name.as_deref(),
        Some("CUSTOM_CHALLENGE")
    );

    let second = flow.create(T0 + 30).await;
    assert_eq!(flow.texts(), 1, "a retry must not send a second text");
    assert_eq!(second.response.challenge_metadata, first.response.challenge_metadata);
    assert_eq!(second.response.public_challenge_parameters[public::ATTEMPTS_LEFT], "2");
    // The first code still works on the second round.
    assert!(flow.verify(&second, json!(code), T0 + 31));
    assert!(!flow.verify(&second, json!(wrong(&code)), T0 + 31));
    flow.record(&second, false);
    let third = flow.create(T0 + 60).await;
    flow.record(&third, false);
    let end = flow.define();
    assert!(end.response.fail_authentication);
    assert!(!end.response.issue_tokens);
}

#[tokio::test]
async fn expired_and_malformed_answers_are_rejected() {
    let flow = Flow::new(config());
    let created = flow.create(T0).await;
    let code = flow.sent_code();
    assert!(flow.verify(&created, json!(code), T0 + 179));
    assert!(!flow.verify(&created, json!(code), T0 + 180), "expired at the TTL");
    for bad in [
        json!(null),
        json!(123456),
        json!("12345"),
        json!("1234567"),
        json!("12a456"),
        json!(""),
    ] {
        assert!(!flow.verify(&created, bad.clone(), T0 + 1), "{bad}");
    }
}

#[tokio::test]
async fn unknown_users_get_the_same_rounds_and_no_text() {
    let mut known = Flow::new(config());
    let mut unknown = Flow::new(config());
    unknown.user_not_found = true;
    unknown.user_name = PHONE.into();
    let k = known.create(T0).await;
    let u = unknown.create(T0).await;
    assert_eq!(unknown.texts(), 0);
    let keys = |e: &CognitoEventUserPoolsCreateAuthChallenge| {
        let mut v: Vec<_> = e.response.public_challenge_parameters.keys().cloned().collect();
        v.sort();
        v
    };
    assert_eq!(keys(&k), keys(&u));
    assert_eq!(u.response.public_challenge_parameters[public::PHONE], "+1 *** *** 2671");
    for round in 0..3 {
        assert_eq!(
            unknown.define().response.challenge_name.as_deref(),
            Some("CUSTOM_CHALLENGE"),
            "round {round}"
        );
        let created = unknown.create(T0).await;
        assert!(!unknown.verify(&created, json!("000000"), T0 + 1));
        unknown.record(&created, false);
    }
    let end = unknown.define();
    assert!(end.response.fail_authentication);
    known.record(&k, false);
}

#[tokio::test]
async fn a_failed_send_fails_the_trigger_generically() {
    let config = config();
    let event = serde_json::from_value(fixture("create_first_round")).unwrap();
    let err = create_auth_challenge(event, &config, &Failing, T0).await.unwrap_err();
    let text = err.to_string();
    assert_eq!(text, "could not send the code");
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);
impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_hold_no_code_key_or_full_number() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let config = config();
    let key_hex = hex_key(&config);
    let mut flow = Flow::new(config);
    let created = flow.create(T0).await;
    let code = flow.sent_code();
    let ok = flow.verify(&created, json!(wrong(&code)), T0 + 1);
    flow.record(&created, ok);
    flow.define();
    let again = flow.create(T0 + 2).await;
    let ok = flow.verify(&again, json!(code), T0 + 3);
    flow.record(&again, ok);
    flow.define();
    let failing = Flow {
        sender: Recorder::default(),
        ..Flow::new(flow.config.clone())
    };
    let event = serde_json::from_value(fixture("create_first_round")).unwrap();
    let _ = create_auth_challenge(event, &failing.config, &Failing, T0).await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("sign-in code sent"), "the capture works: {logs}");
    assert!(!logs.contains(&code), "code in logs: {logs}");
    assert!(!logs.contains(&key_hex), "key in logs");
    assert!(!logs.contains("4155552671"), "full number in logs: {logs}");
}

fn hex_key(config: &TriggerConfig) -> String {
    config.hmac_key.iter().map(|b| format!("{b:02x}")).collect()
}
