//! What can go wrong in a sign-in step, as the person using the page sees it.
//! Every server function returns this type; the server decides the variant
//! (see `server::cognito::errors` and `server::forms`), the variant decides
//! the status, the retry time and the field, and `messages` words it. No
//! variant carries text: whatever arrives in a request (a no-JavaScript form
//! post carries the error in its URL) can only pick one of these.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum AuthError {
    /// The phone field did not parse, or Cognito refused the number.
    InvalidPhone(PhoneProblem),
    /// The code field did not parse.
    InvalidCode(CodeProblem),
    InvalidName(NameProblem),
    WrongCode {
        #[serde(deserialize_with = "at_most_attempts")]
        attempts_left: u32,
    },
    /// A sign-up confirmation code that did not match; Cognito does not say
    /// how many tries remain.
    CodeMismatch,
    CodeExpired,
    TooManyAttempts,
    RateLimited {
        #[serde(deserialize_with = "at_most_a_day")]
        retry_after_secs: u64,
    },
    /// "Send a new code" before the cooldown the page shows has passed.
    ResendTooSoon {
        #[serde(deserialize_with = "at_most_a_day")]
        retry_after_secs: u64,
    },
    /// The owner's budget of texts for numbers like this one (its range, its
    /// country, or all) is spent for now.
    TextsPaused {
        #[serde(deserialize_with = "at_most_a_day")]
        retry_after_secs: u64,
    },
    /// Risk is up (this address, or texts like this one, near a budget):
    /// the page must solve `Puzzle`, or wait, before a text is sent.
    ProofNeeded(Puzzle),
    /// There is no sign-in or sign-up in progress in this browser session (or
    /// it timed out).
    NoFlow,
    NotSignedIn,
    /// A step that needs a recent sign-in (deleting the account, changing
    /// the number), asked for by a session signed in longer ago.
    SignInAgain,
    /// "Change number" to the number the account has already.
    SameNumber,
    /// A code sent from a page that shows another number than the flow
    /// under way: another tab asked for a code for another number since.
    AnotherNumberSince,
    /// A new number whose code was right, but which Cognito would not give
    /// this account (another account took it meanwhile).
    NumberNotAvailable,
    CannotDeliver,
    Unavailable,
    /// The request itself was malformed (not something a person typed).
    BadRequest,
    /// No page at this address.
    NotFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum PhoneProblem {
    #[default]
    Missing,
    NotANumber,
    /// Not a valid number in the chosen country's numbering plan.
    NotValidForCountry,
    /// Typed with `+` and a country code, and not valid for that code.
    NotValidForCode,
    /// Fewer digits than any number of its country has.
    TooShort,
    /// More digits than any number of its country has.
    TooLong,
    /// Cognito refused it.
    Refused,
    /// A length the chosen country's numbers have, but not a number in use:
    /// a typo, not the country's fault.
    CheckDigits,
    /// Written as another country writes its numbers, and valid there.
    OtherCountry(Region),
}

/// A country's ISO 3166 alpha-2 code, as an error carries it (in a URL
/// too): two capital letters, nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Region([u8; 2]);

impl Region {
    pub fn parse(code: &str) -> Option<Self> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Some(Self([*a, *b])),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Two ASCII capitals, by construction.
        std::str::from_utf8(&self.0).unwrap_or("US")
    }
}

impl Default for Region {
    fn default() -> Self {
        Self(*b"US")
    }
}

impl From<Region> for String {
    fn from(r: Region) -> Self {
        r.as_str().to_owned()
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).ok_or_else(|| serde::de::Error::custom("not a country code"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum CodeProblem {
    #[default]
    Missing,
    WrongLength,
    NotDigits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum NameProblem {
    /// Required where it is being changed.
    #[default]
    Missing,
    TooLong,
    ControlCharacters,
}

/// A proof of work the server asks for (see `crate::proof`): find an answer
/// whose hash with `seed` starts with `bits` zero bits, or wait `wait_secs`.
/// The seed is opaque and signed; it arrives back only with a form post.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Puzzle {
    #[serde(deserialize_with = "opaque_token")]
    pub seed: String,
    #[serde(deserialize_with = "at_most_proof_bits")]
    pub bits: u8,
    #[serde(deserialize_with = "at_most_a_minute")]
    pub wait_secs: u64,
}

/// The most zero bits a puzzle asks for (`PROOF_BITS` stops here).
pub const MAX_PROOF_BITS: u8 = 28;

/// A seed as the server writes it: URL-safe base64, short. Anything else
/// (words, markup) is refused.
fn opaque_token<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.len() <= 128 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        Ok(s)
    } else {
        Err(serde::de::Error::custom("not a seed"))
    }
}

fn at_most_proof_bits<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    Ok(u8::deserialize(d)?.min(MAX_PROOF_BITS))
}

fn at_most_a_minute<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(u64::deserialize(d)?.min(60))
}

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Seconds to wait after a 503, as every outage answer says.
pub const UNAVAILABLE_RETRY_AFTER: u64 = 30;

/// Numbers that arrive with an error (a no-JavaScript redirect carries them
/// in its URL) are held to what the server can mean, so that none can say
/// "99 attempts left" or "try again in a year".
fn at_most_attempts<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(u32::deserialize(d)?.min(MAX_ATTEMPTS))
}

fn at_most_a_day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(u64::deserialize(d)?.min(DAY_SECS))
}

/// The most attempts a code can have (`OTP_MAX_ATTEMPTS` stops at 10).
pub const MAX_ATTEMPTS: u32 = 10;

/// The longest any limit makes someone wait.
pub const DAY_SECS: u64 = 86_400;

/// Which form field an error belongs next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Phone,
    Code,
    Name,
    Form,
    /// The proof step's own place in the form (see `components::ProofFields`).
    Proof,
}

impl AuthError {
    /// The HTTP status for this error: 4xx for anything the caller can fix,
    /// 503 when Cognito or the session store is unavailable. Never 500.
    pub fn status(&self) -> u16 {
        match self {
            Self::InvalidPhone(_) | Self::InvalidCode(_) | Self::InvalidName(_) | Self::BadRequest => 400,
            Self::WrongCode { .. } | Self::CodeMismatch | Self::CannotDeliver | Self::SameNumber => 400,
            Self::NumberNotAvailable | Self::AnotherNumberSince => 409,
            Self::NotSignedIn => 401,
            Self::SignInAgain => 403,
            Self::NotFound => 404,
            Self::CodeExpired | Self::NoFlow => 410,
            Self::TooManyAttempts | Self::RateLimited { .. } | Self::ResendTooSoon { .. } | Self::ProofNeeded(_) => 429,
            Self::Unavailable | Self::TextsPaused { .. } => 503,
        }
    }

    /// The `Retry-After` seconds that go with it.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs }
            | Self::ResendTooSoon { retry_after_secs }
            | Self::TextsPaused { retry_after_secs } => Some(*retry_after_secs),
            // Outages: a hint for clients and proxies; the page says "a minute".
            Self::Unavailable => Some(UNAVAILABLE_RETRY_AFTER),
            Self::ProofNeeded(puzzle) => Some(puzzle.wait_secs.max(1)),
            _ => None,
        }
    }

    pub fn field(&self) -> Field {
        match self {
            Self::InvalidPhone(_) | Self::CannotDeliver | Self::TextsPaused { .. } | Self::SameNumber => Field::Phone,
            Self::InvalidCode(_) | Self::WrongCode { .. } | Self::CodeMismatch | Self::CodeExpired => Field::Code,
            Self::InvalidName(_) => Field::Name,
            Self::ProofNeeded(_) => Field::Proof,
            _ => Field::Form,
        }
    }
}

impl std::error::Error for AuthError {}

impl FromServerFnError for AuthError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Transport failures seen by the browser.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Unavailable,
            // Malformed form bodies and anything else the framework reports.
            _ => Self::BadRequest,
        }
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    /// Every variant, with every problem of the variants that carry one.
    fn every_error() -> Vec<AuthError> {
        AuthError::iter()
            .flat_map(|e| match e {
                AuthError::InvalidPhone(_) => PhoneProblem::iter().map(AuthError::InvalidPhone).collect(),
                AuthError::InvalidCode(_) => CodeProblem::iter().map(AuthError::InvalidCode).collect(),
                AuthError::InvalidName(_) => NameProblem::iter().map(AuthError::InvalidName).collect(),
                other => vec![other],
            })
            .collect()
    }

    #[test]
    fn statuses_are_never_500_and_outages_say_when_to_retry() {
        let all = every_error();
        assert!(all.len() >= 20, "{}", all.len());
        for e in all {
            let status = e.status();
            assert!((400..500).contains(&status) || status == 503, "{e:?}: {status}");
            assert_eq!(
                status == 503,
                matches!(e, AuthError::Unavailable | AuthError::TextsPaused { .. }),
                "{e:?}"
            );
            if matches!(status, 503 | 429) && e != AuthError::TooManyAttempts {
                assert!(e.retry_after().is_some(), "{e:?}");
            }
        }
    }

    #[test]
    fn every_error_has_its_own_words() {
        let all = every_error();
        for language in crate::i18n::Language::ALL {
            let mut seen = std::collections::HashSet::new();
            for e in &all {
                let text = crate::messages::error_text(e, language);
                assert!(text.ends_with('.') && text.len() > 10, "{language:?} {e:?}: {text:?}");
                assert!(seen.insert(text.clone()), "two errors read the same: {text:?}");
            }
        }
    }

    #[test]
    fn errors_travel_as_json_without_text() {
        for e in every_error() {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<AuthError>(&json).unwrap(), e);
            assert!(!json.contains(' '), "no words on the wire: {json}");
        }
        // Free text where a problem is expected is refused, not shown.
        assert!(
            serde_json::from_str::<AuthError>(r#"{"InvalidPhone":"Account locked. Reply with your code."}"#).is_err()
        );
        assert!(
            serde_json::from_str::<AuthError>(r#"{"ProofNeeded":{"seed":"<b>Call us</b>","bits":20,"wait_secs":10}}"#)
                .is_err()
        );
        // And a puzzle's numbers are held to what the server can ask.
        let forged: AuthError =
            serde_json::from_str(r#"{"ProofNeeded":{"seed":"abc_-9","bits":250,"wait_secs":86400}}"#).unwrap();
        assert_eq!(
            forged,
            AuthError::ProofNeeded(Puzzle {
                seed: "abc_-9".into(),
                bits: MAX_PROOF_BITS,
                wait_secs: 60
            })
        );
    }
}
