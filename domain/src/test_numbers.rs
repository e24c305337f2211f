//! Test numbers: fictional numbers that sign up and sign in with one fixed
//! code, for App Store reviewers, demos and CI. They are never texted and
//! spend no budget. Only ranges reserved for fiction are accepted, so a test
//! number can never be someone's real line:
//!
//! - NANP `+1 NXX 555-0100` to `0199` (reserved for fictional use);
//! - the UK's drama numbers (Ofcom): London `020 7946 0xxx`, and the other
//!   geographic and non-geographic drama blocks. Not the mobile block
//!   `07700 900xxx`: libphonenumber holds it invalid, so no form would take
//!   one.
//!
//! The setting (`TEST_NUMBERS`) is `<numbers>=<code>`: numbers in E.164,
//! comma-separated, where `?` stands for any digit, then the six-digit code.

use std::fmt;

use subtle::ConstantTimeEq;

use crate::otp::{CODE_LENGTH, OtpCode};
use crate::phone::PhoneNumber;

/// Outside production (`make dev`, the tests): every NANP 555-01XX number,
/// with code 424242.
pub const DEFAULT_TEST_NUMBERS: &str = "+1???55501??=424242";

/// A number, or a block of them (`?` for any digit), as digits after `+`.
#[derive(Clone, PartialEq, Eq)]
struct Pattern(Vec<Option<u8>>);

impl Pattern {
    fn parse(text: &str) -> Option<Self> {
        let digits = text.trim().strip_prefix('+')?;
        let pattern: Option<Vec<_>> = digits
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| match c {
                '?' => Some(None),
                d => d.to_digit(10).map(|d| Some(d as u8)),
            })
            .collect();
        pattern.filter(|p| (8..=15).contains(&p.len())).map(Self)
    }

    fn matches(&self, e164: &str) -> bool {
        let Some(digits) = e164.strip_prefix('+') else {
            return false;
        };
        digits.len() == self.0.len()
            && digits
                .bytes()
                .zip(&self.0)
                .all(|(d, p)| p.is_none_or(|p| d == b'0' + p))
    }

    /// Whether `fixed` is exactly this pattern's digits from `at` (no `?`).
    fn fixed_at(&self, at: usize, fixed: &str) -> bool {
        fixed
            .bytes()
            .enumerate()
            .all(|(i, d)| self.0.get(at + i) == Some(&Some(d - b'0')))
    }

    /// Whether every number it matches lies in a range reserved for fiction.
    fn fictional(&self) -> bool {
        let nanp = self.0.len() == 11 && self.fixed_at(0, "1") && self.fixed_at(4, "55501");
        let uk = self.0.len() == 12 && UK_DRAMA.iter().any(|prefix| self.fixed_at(0, prefix));
        nanp || uk
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("+")?;
        for d in &self.0 {
            match d {
                Some(d) => write!(f, "{d}")?,
                None => f.write_str("?")?,
            }
        }
        Ok(())
    }
}

/// Ofcom's drama blocks, as E.164 digits up to the last fixed one; each
/// number has 12 digits.
const UK_DRAMA: &[&str] = &[
    "442079460", // London 020 7946 0000-0999
    "441134960", // Leeds 0113 496 0xxx
    "441144960", // Sheffield
    "441154960", // Nottingham
    "441164960", // Leicester
    "441174960", // Bristol
    "441184960", // Reading
    "441214960", // Birmingham
    "441314960", // Edinburgh
    "441414960", // Glasgow
    "441514960", // Liverpool
    "441614960", // Manchester
    "441914980", // Tyneside 0191 498 0xxx
    "442920180", // Cardiff 029 2018 0xxx
    "441632960", // no area: 01632 960xxx
    "443069990", // 0306 999 0xxx
    "448081570", // freephone 0808 157 0xxx
    "449098790", // premium 0909 879 0xxx
];

/// Numbers that sign in with a fixed code instead of a texted one.
#[derive(Clone)]
pub struct TestNumbers {
    patterns: Vec<Pattern>,
    code: OtpCode,
}

impl fmt::Debug for TestNumbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The numbers are fictional and public; the code is left out all the same.
        write!(f, "TestNumbers({self})")
    }
}

/// The numbers, as the start-up announcement names them (never the code).
impl fmt::Display for TestNumbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.patterns.iter().map(Pattern::to_string).collect();
        f.write_str(&names.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TestNumbersError {
    #[error("expected <numbers>=<code>, such as {DEFAULT_TEST_NUMBERS}")]
    Shape,
    #[error("{0:?} is not a number in E.164 (+ and digits, ? for any digit)")]
    NotANumber(String),
    #[error(
        "{0} is not in a range reserved for fiction: only NANP +1 NXX 555-0100 to 0199 and the UK's drama numbers (such as +442079460xxx) may be test numbers, so that no real line is ever one"
    )]
    NotFictional(String),
    #[error("the code must be {CODE_LENGTH} digits")]
    Code,
    #[error("{0} is not a number libphonenumber takes as valid, so no form would accept it")]
    NoFormTakesIt(String),
}

impl TestNumbers {
    pub fn parse(setting: &str) -> Result<Self, TestNumbersError> {
        let (numbers, code) = setting.rsplit_once('=').ok_or(TestNumbersError::Shape)?;
        let code = OtpCode::parse_exact(code.trim()).map_err(|_| TestNumbersError::Code)?;
        let patterns = numbers
            .split(',')
            .filter(|n| !n.trim().is_empty())
            .map(|n| {
                let pattern = Pattern::parse(n).ok_or_else(|| TestNumbersError::NotANumber(n.trim().to_owned()))?;
                if !pattern.fictional() {
                    return Err(TestNumbersError::NotFictional(pattern.to_string()));
                }
                // A whole number is checked as the forms check it (a block's
                // numbers each are, when typed).
                let whole = pattern.0.iter().all(Option::is_some);
                if whole && PhoneNumber::parse(&pattern.to_string()).is_err() {
                    return Err(TestNumbersError::NoFormTakesIt(pattern.to_string()));
                }
                Ok(pattern)
            })
            .collect::<Result<Vec<_>, _>>()?;
        if patterns.is_empty() {
            return Err(TestNumbersError::Shape);
        }
        Ok(Self { patterns, code })
    }

    /// The numbers outside production: [`DEFAULT_TEST_NUMBERS`].
    pub fn outside_production() -> Self {
        Self::parse(DEFAULT_TEST_NUMBERS).expect("the default is fictional")
    }

    /// Whether `e164` (`+14155550123`) is a test number.
    pub fn contains(&self, e164: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(e164))
    }

    /// Whether a pattern names a block (`?`) rather than single numbers.
    pub fn has_blocks(&self) -> bool {
        self.patterns.iter().any(|p| p.0.iter().any(Option::is_none))
    }

    /// The fixed code, for the trigger that seals it.
    pub fn code(&self) -> &OtpCode {
        &self.code
    }

    /// Whether `typed` is the fixed code, compared in constant time.
    pub fn accepts(&self, typed: &OtpCode) -> bool {
        typed.expose().as_bytes().ct_eq(self.code.expose().as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_every_nanp_555_01xx_number_with_424242() {
        let t = TestNumbers::outside_production();
        for n in ["+12015550100", "+14155550142", "+19995550199"] {
            assert!(t.contains(n), "{n}");
        }
        for n in [
            "+14155550200",
            "+14155551234",
            "+14155550099",
            "+441632960000",
            "+1415555010",
        ] {
            assert!(!t.contains(n), "{n}");
        }
        assert!(t.accepts(&OtpCode::parse_exact("424242").unwrap()));
        assert!(!t.accepts(&OtpCode::parse_exact("424243").unwrap()));
        assert!(!format!("{t:?}").contains("424242"), "the code is not printed");
    }

    #[test]
    fn only_ranges_reserved_for_fiction_are_accepted() {
        let t = TestNumbers::parse("+442079460123, +44 113 496 0???,+1 415 555 0100=135790").unwrap();
        assert!(t.contains("+442079460123"));
        assert!(t.contains("+441134960999"));
        assert!(!t.contains("+442079460124"));
        for real in [
            "+14155551234=424242",  // 555-1234 is a real exchange number
            "+1415555????=424242",  // a block wider than 01XX
            "+1???5550???=424242",  // 0100-0999: only 01XX is fictional
            "+44207946=424242",     // too short for the block
            "+447911123456=424242", // a real UK mobile
            "+447700900123=424242", // drama, but no form takes it
            "+4420794601??=424242", // fine
        ] {
            let parsed = TestNumbers::parse(real);
            if real.starts_with("+4420794601??") {
                assert!(parsed.is_ok(), "{real}");
            } else {
                assert!(
                    matches!(
                        parsed,
                        Err(TestNumbersError::NotFictional(_)) | Err(TestNumbersError::NotANumber(_))
                    ),
                    "{real}: {parsed:?}"
                );
            }
        }
        assert_eq!(
            TestNumbers::parse("+14155550100=4242").unwrap_err(),
            TestNumbersError::Code
        );
        assert_eq!(TestNumbers::parse("+14155550100").unwrap_err(), TestNumbersError::Shape);
        assert!(matches!(
            TestNumbers::parse("14155550100=424242"),
            Err(TestNumbersError::NotANumber(_))
        ));
    }
}
