//! Cognito trigger events exactly as Cognito sends them (first round of
//! Define and Create, and a Verify), for tests that build on real shapes.

use serde_json::Value;

/// The event's JSON text. Panics on a name that is not one of the files in
/// `testkit/events/`, which is a mistake in the test.
pub fn text(name: &str) -> &'static str {
    match name {
        "define_first_round" => include_str!("../events/define_first_round.json"),
        "create_first_round" => include_str!("../events/create_first_round.json"),
        "verify" => include_str!("../events/verify.json"),
        "pre_sign_up" => include_str!("../events/pre_sign_up.json"),
        "custom_message" => include_str!("../events/custom_message.json"),
        other => panic!("no trigger event named {other}"),
    }
}

/// The event, parsed.
pub fn json(name: &str) -> Value {
    serde_json::from_str(text(name)).expect("the stored events are JSON")
}
