//! One-time codes: drawn from a CSPRNG, parsed strictly, never printed.

use std::fmt;

use rand::Rng;

/// Number of digits in the codes this project makes (sign-up confirmation,
/// and sign-in in the custom flow).
pub const CODE_LENGTH: usize = 6;
const CODE_SPACE: u32 = 1_000_000;
/// Number of digits in the sign-in codes Cognito makes itself in the native
/// flow (USER_AUTH with SMS_OTP); not configurable there.
pub const NATIVE_CODE_LENGTH: usize = 8;
/// The most digits any code has.
const MAX_CODE_LENGTH: usize = 9;

/// A one-time code of six digits (or of the length asked for). It can only
/// be built by drawing it or by parsing exactly that many ASCII digits, and
/// its `Debug` output is redacted so that it cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OtpParseError {
    #[error("enter the code")]
    Empty,
    #[error("the code has another number of digits")]
    WrongLength,
    #[error("the code has digits only")]
    NotDigits,
}

impl OtpCode {
    /// A uniformly random code over 000000..=999999 from the thread-local
    /// CSPRNG (ChaCha, seeded from the OS).
    pub fn generate() -> Self {
        Self::generate_with(&mut rand::rng())
    }

    /// Draws from the given generator; tests pass a seeded one.
    pub fn generate_with<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let n = rng.random_range(0..CODE_SPACE);
        Self(format!("{n:0width$}", width = CODE_LENGTH))
    }

    /// A uniformly random code of `digits` digits (at most 9) from the
    /// thread-local CSPRNG.
    pub fn generate_digits(digits: usize) -> Self {
        let digits = digits.clamp(1, MAX_CODE_LENGTH);
        let space = 10u32.pow(digits as u32);
        let n = rand::rng().random_range(0..space);
        Self(format!("{n:0digits$}"))
    }

    /// The code a number stands for (the low digits of `n`); for codes
    /// derived from a MAC, which is as unpredictable as a draw.
    pub(crate) fn from_number(n: u64) -> Self {
        let n = n % u64::from(CODE_SPACE);
        Self(format!("{n:0width$}", width = CODE_LENGTH))
    }

    /// Parses what a person typed: surrounding whitespace is ignored, and so are
    /// spaces or dashes inside the code ("123 456", "123-456").
    pub fn parse(input: &str) -> Result<Self, OtpParseError> {
        Self::parse_digits(input, CODE_LENGTH)
    }

    /// As [`OtpCode::parse`], for a code of `digits` digits.
    pub fn parse_digits(input: &str, digits: usize) -> Result<Self, OtpParseError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(OtpParseError::Empty);
        }
        let compact: String = trimmed.chars().filter(|c| *c != ' ' && *c != '-').collect();
        Self::parse_exact_digits(&compact, digits)
    }

    /// As [`OtpCode::parse_digits`], and also finds the code in a pasted text
    /// message: where the input is not just the code, the one run of exactly
    /// `digits` digits it holds (the same code twice, as in our texts' first
    /// and last lines, counts once). Anything else keeps its error.
    pub fn parse_pasted(input: &str, digits: usize) -> Result<Self, OtpParseError> {
        let error = match Self::parse_digits(input, digits) {
            Ok(code) => return Ok(code),
            Err(e) => e,
        };
        crate::paste::code_in(input, digits).map(Self).ok_or(error)
    }

    /// Parses exactly six ASCII digits after trimming, nothing else: the form
    /// that the Verify trigger accepts.
    pub fn parse_exact(input: &str) -> Result<Self, OtpParseError> {
        Self::parse_exact_digits(input, CODE_LENGTH)
    }

    /// As [`OtpCode::parse_exact`], for a code of `digits` digits.
    pub fn parse_exact_digits(input: &str, digits: usize) -> Result<Self, OtpParseError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(OtpParseError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OtpParseError::NotDigits);
        }
        if s.len() != digits {
            return Err(OtpParseError::WrongLength);
        }
        Ok(Self(s.to_owned()))
    }

    /// The digits, for the SMS body and for the MAC. Deliberately not `Display`.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OtpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtpCode(******)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn parse_accepts_six_digits_with_spacing() {
        assert_eq!(OtpCode::parse(" 012345 ").unwrap().expose(), "012345");
        assert_eq!(OtpCode::parse("012 345").unwrap().expose(), "012345");
        assert_eq!(OtpCode::parse("012-345").unwrap().expose(), "012345");
    }

    #[test]
    fn parse_rejects_everything_else() {
        assert_eq!(OtpCode::parse(""), Err(OtpParseError::Empty));
        assert_eq!(OtpCode::parse("   "), Err(OtpParseError::Empty));
        assert_eq!(OtpCode::parse("12345"), Err(OtpParseError::WrongLength));
        assert_eq!(OtpCode::parse("1234567"), Err(OtpParseError::WrongLength));
        assert_eq!(OtpCode::parse("12345a"), Err(OtpParseError::NotDigits));
        // Non-ASCII digits (Arabic-Indic) are not accepted as codes.
        assert_eq!(OtpCode::parse("١٢٣٤٥٦"), Err(OtpParseError::NotDigits));
        assert_eq!(OtpCode::parse_exact("123 456"), Err(OtpParseError::NotDigits));
    }

    #[test]
    fn a_pasted_text_message_gives_its_code() {
        let text =
            "471674 is your Shop sign-in code. It expires in 3 minutes. Don't share it.\n\n@shop.example #471674";
        assert_eq!(OtpCode::parse_pasted(text, 6).unwrap().expose(), "471674");
        assert_eq!(
            OtpCode::parse_pasted("Your code: 471 674.", 6).unwrap().expose(),
            "471674"
        );
        assert_eq!(OtpCode::parse_pasted(" 471-674 ", 6).unwrap().expose(), "471674");
        // Two different codes, or none of the length: the error stands.
        assert_eq!(
            OtpCode::parse_pasted("471674 or 123456", 6),
            Err(OtpParseError::NotDigits)
        );
        assert_eq!(OtpCode::parse_pasted("code 4716", 6), Err(OtpParseError::NotDigits));
        assert_eq!(OtpCode::parse_pasted("12345", 6), Err(OtpParseError::WrongLength));
        assert_eq!(OtpCode::parse_pasted("", 6), Err(OtpParseError::Empty));
    }

    #[test]
    fn codes_of_another_length() {
        assert_eq!(
            OtpCode::parse_digits("1234 5678", NATIVE_CODE_LENGTH).unwrap().expose(),
            "12345678"
        );
        assert_eq!(
            OtpCode::parse_digits("123456", NATIVE_CODE_LENGTH),
            Err(OtpParseError::WrongLength)
        );
        assert_eq!(
            OtpCode::parse_digits("12345678", CODE_LENGTH),
            Err(OtpParseError::WrongLength)
        );
        let drawn = OtpCode::generate_digits(NATIVE_CODE_LENGTH);
        assert_eq!(drawn.expose().len(), NATIVE_CODE_LENGTH);
        assert!(drawn.expose().bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn debug_is_redacted() {
        let code = OtpCode::parse("987654").unwrap();
        assert!(!format!("{code:?}").contains("987654"));
    }

    #[test]
    fn every_digit_occurs_at_every_position() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut seen = [[false; 10]; CODE_LENGTH];
        let mut leading_zero = false;
        for _ in 0..2_000 {
            let code = OtpCode::generate_with(&mut rng);
            assert_eq!(code.expose().len(), CODE_LENGTH);
            for (pos, b) in code.expose().bytes().enumerate() {
                seen[pos][(b - b'0') as usize] = true;
            }
            leading_zero |= code.expose().starts_with('0');
        }
        assert!(leading_zero, "codes must be able to start with 0");
        for (pos, digits) in seen.iter().enumerate() {
            for (d, hit) in digits.iter().enumerate() {
                assert!(hit, "digit {d} never seen at position {pos}");
            }
        }
    }

    #[test]
    fn os_seeded_codes_differ() {
        let a: Vec<_> = (0..20).map(|_| OtpCode::generate()).collect();
        let distinct: std::collections::HashSet<_> = a.iter().map(|c| c.expose().to_owned()).collect();
        assert!(distinct.len() > 15);
    }
}
