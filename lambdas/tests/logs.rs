//! The logs of whole flows hold no code, no HMAC key and no full number.
//! Alone in its own test binary: the capturing subscriber is process-wide.

mod common;

use common::*;
use domain::TriggerConfig;
use lambdas::create::create_auth_challenge;
use serde_json::json;
use testkit::logs::LogBuffer;

#[tokio::test]
async fn logs_hold_no_code_key_or_full_number() {
    let captured = LogBuffer::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

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

    let logs = captured.text();
    assert!(logs.contains("sign-in code sent"), "the capture works: {logs}");
    assert!(!logs.contains(&code), "code in logs: {logs}");
    assert!(!logs.contains(&key_hex), "key in logs");
    assert!(!logs.contains("4155552671"), "full number in logs: {logs}");
}

fn hex_key(config: &TriggerConfig) -> String {
    config.key().iter().map(|b| format!("{b:02x}")).collect()
}
