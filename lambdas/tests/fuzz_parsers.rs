//! Fuzzing (proptest, many cases; cargo-fuzz needs a nightly compiler) of
//! everything that parses outside input: phone numbers, codes, and the three
//! trigger events as Cognito could send them, valid or mangled. Nothing may
//! panic, and whatever parses must be what its type promises.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCreateAuthChallenge, CognitoEventUserPoolsDefineAuthChallenge,
    CognitoEventUserPoolsVerifyAuthChallenge,
};
use lambdas::{E164, OtpCode, PhoneNumber, TriggerConfig};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

fn phone_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[+0-9 ().\\-]{0,24}",
        "\\+?[0-9]{1,18}",
        "[+0-9a-zA-Z#*;=,. ]{0,30}",
        any::<String>(),
    ]
}

fn region() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec!["US", "GB", "DE", "IN", "BR", "FR", "", " us ", "ZZ", "001"])
            .prop_map(|r| Some(r.to_owned())),
        "[A-Za-z]{0,3}".prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4_000))]

    #[test]
    fn phone_numbers_parse_to_e164_or_to_an_error(input in phone_like(), region in region()) {
        if let Ok(phone) = PhoneNumber::parse_with_region(&input, region.as_deref()) {
            let e164 = phone.as_e164();
            prop_assert!(e164.starts_with('+'));
            prop_assert!(e164[1..].bytes().all(|b| b.is_ascii_digit()));
            prop_assert!((3..=16).contains(&e164.len()), "{e164}");
            // E.164 is a fixed point, and the lightweight parser agrees.
            let again = PhoneNumber::parse(e164).expect("its own E.164 parses");
            prop_assert_eq!(again.as_e164(), e164);
            let light = E164::parse(e164).expect("E164 accepts it");
            prop_assert_eq!(light.as_str(), e164);
            // Masked: the calling code and the last four digits, nothing more.
            let masked = phone.masked();
            prop_assert!(masked.ends_with(&e164[e164.len() - 4..]), "{masked}");
            prop_assert!(masked.chars().filter(char::is_ascii_digit).count() <= 3 + 4, "{masked}");
        }
        if let Ok(e164) = E164::parse(&input) {
            prop_assert_eq!(e164.as_str(), input.as_str());
        }
    }

    #[test]
    fn codes_are_six_ascii_digits_or_an_error(input in prop_oneof!["[0-9 \\-]{0,10}", any::<String>()]) {
        if let Ok(code) = OtpCode::parse(&input) {
            let digits = code.expose();
            prop_assert_eq!(digits.len(), 6);
            prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        }
        if let Ok(code) = OtpCode::parse_exact(&input) {
            prop_assert_eq!(code.expose(), input.trim());
        }
    }
}

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

const DEFINE: &str = include_str!("fixtures/define_first_round.json");
const CREATE: &str = include_str!("fixtures/create_first_round.json");
const VERIFY: &str = include_str!("fixtures/verify.json");

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

        let define = mangle(DEFINE, &edits);
        if let Ok(event) = serde_json::from_value::<CognitoEventUserPoolsDefineAuthChallenge>(define) {
            let out = lambdas::define::define_auth_challenge(event, config.max_attempts);
            let r = &out.response;
            // Exactly one outcome.
            let outcomes = [r.challenge_name.is_some(), r.issue_tokens, r.fail_authentication];
            prop_assert_eq!(outcomes.iter().filter(|o| **o).count(), 1);
        }

        let create = mangle(CREATE, &edits);
        if let Ok(event) = serde_json::from_value::<CognitoEventUserPoolsCreateAuthChallenge>(create)
            && let Ok((out, sms)) = lambdas::create::plan(event, &config, now, &mut rand::rng())
        {
            // The sealed code is the only private state, and never the code itself.
            let sealed = out.response.challenge_metadata.clone().unwrap_or_default();
            prop_assert!(sealed.starts_with("OTP1."));
            if let Some(sms) = sms {
                prop_assert!(!sealed.contains(&sms.body));
            }
        }

        let verify = mangle(VERIFY, &edits);
        if let Ok(event) = serde_json::from_value::<CognitoEventUserPoolsVerifyAuthChallenge>(verify) {
            let _ = lambdas::verify::judge(&event, &config, now);
        }
    }
}
