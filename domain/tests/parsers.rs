//! Fuzzing (proptest, many cases; cargo-fuzz needs a nightly compiler) of
//! the parsers that take outside input: phone numbers and codes. Nothing may
//! panic, and whatever parses must be what its type promises.

use domain::{E164, OtpCode, PhoneNumber};
use proptest::prelude::*;

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

proptest! {
    #[test]
    fn exact_codes_are_the_trimmed_input(input in ".{0,20}") {
        if let Ok(code) = OtpCode::parse_exact(&input) {
            prop_assert_eq!(code.expose().len(), 6);
            prop_assert!(code.expose().bytes().all(|b| b.is_ascii_digit()));
            prop_assert_eq!(code.expose(), input.trim());
        }
        let _ = OtpCode::parse(&input);
    }

    #[test]
    fn any_text_and_region_parse_or_fail_cleanly(input in "\\PC{0,40}", region in prop::option::of("[A-Z]{2}")) {
        if let Ok(p) = PhoneNumber::parse_with_region(&input, region.as_deref()) {
            prop_assert!(p.as_e164().starts_with('+'));
            prop_assert!(p.as_e164()[1..].bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
