//! Fuzzing (proptest, many cases; cargo-fuzz needs a nightly compiler) of
//! the three trigger events as Cognito could send them, valid or mangled:
//! each is refused or handled, never a panic. (The phone and code parsers
//! are fuzzed in `domain/tests/parsers.rs`.)

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCreateAuthChallenge, CognitoEventUserPoolsDefineAuthChallenge,
    CognitoEventUserPoolsVerifyAuthChallenge,
};
use domain::TriggerConfig;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
        "OTP1\\.[0-9]{1,12}\\.[A-Za-z0-9_\\-]{0,50}".prop_map(Value::from),
        prop::collection::vec(".{0,8}".prop_map(Value::from), 0..3).prop_map(Value::from),
        prop::collection::hash_map("[a-zA-Z_]{1,12}", ".{0,8}".prop_map(Value::from), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
}

/// Every JSON pointer in `v`, parents before children.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| pointers(c, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
        _ => {}
    }
}

/// The fixture with some of its values replaced or removed.
fn mangle(fixture: &str, edits: &[(Index, Option<Value>)]) -> Value {
    let mut event: Value = serde_json::from_str(fixture).unwrap();
    for (index, replacement) in edits {
        let mut all = Vec::new();
        pointers(&event, String::new(), &mut all);
        let at = index.get(&all).clone();
        match (replacement, at.rsplit_once('/')) {
            (Some(v), _) => {
                if let Some(slot) = event.pointer_mut(&at) {
                    *slot = v.clone();
                }
            }
            (None, Some((parent, key))) => {
                if let Some(Value::Object(m)) = event.pointer_mut(parent) {
                    m.remove(key);
                }
            }
            (None, None) => {}
        }
    }
    event
}

fn edits() -> impl Strategy<Value = Vec<(Index, Option<Value>)>> {
    prop::collection::vec((any::<Index>(), prop::option::weighted(0.8, leaf())), 0..6)
}

use testkit::events;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn mangled_trigger_events_are_refused_or_handled(
        edits in edits(),
        bytes in prop::collection::vec(any::<u8>(), 0..64),
        now in 0u64..4_000_000_000,
    ) {
        let config = TriggerConfig::with_random_key("App", "example.com");
        // Raw bytes as the runtime would hand them over.
        let _ = serde_json::from_slice::<CognitoEventUserPoolsDefineAuthChallenge>(&bytes);

        let define = mangle(events::text("define_first_round"), &edits);
        if let Ok(event) = serde_json::from_value::<CognitoEventUserPoolsDefineAuthChallenge>(define) {
            let out = lambdas::define::define_auth_challenge(event, config.policy.max_attempts);
            let r = &out.response;
            // Exactly one outcome.
            let outcomes = [r.challenge_name.is_some(), r.issue_tokens, r.fail_authentication];
            prop_assert_eq!(outcomes.iter().filter(|o| **o).count(), 1);
        }

        let create = mangle(events::text("create_first_round"), &edits);
        if let Ok(event) = serde_json::from_value::<CognitoEventUserPoolsCreateAuthChallenge>(create)
            && let Ok((out, sms)) = lambdas::create::plan(event, &config, now)
        {
            // The sealed code is the only private state, and never the code itself.
            let sealed = out.response.challenge_metadata.clone().unwrap_or_default();
            prop_assert!(domain::challenge::SealedCode::decode(&sealed).is_some(), "{}", sealed);
            if let Some(sms) = sms {
                prop_assert!(!sealed.contains(&sms.body));
            }
        }

        let verify = mangle(events::text("verify"), &edits);
        if let Ok(event) = serde_json::from_value::<CognitoEventUserPoolsVerifyAuthChallenge>(verify) {
            let _ = lambdas::verify::judge(&event, &config, now);
        }
    }
}
