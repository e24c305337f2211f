//! Every sentence the pages show about an outcome: errors, notices, and the
//! unavailable page. The server picks a variant; the words live here only.

use std::fmt;

use crate::error::{AuthError, CodeProblem, MAX_NAME_CHARS, NameProblem, PhoneProblem};
use crate::views::Notice;

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPhone(p) => f.write_str(match p {
                PhoneProblem::Missing => "Enter your phone number.",
                PhoneProblem::NotANumber => "That doesn't look like a phone number. Check it and try again.",
                PhoneProblem::NotValidForCountry => {
                    "That number isn't valid for the country you chose. For another country's number, type + and its country code."
                }
                PhoneProblem::NotValidForCode => "That number isn't valid for the country code you typed. Check it and try again.",
                PhoneProblem::TooShort => "That number is too short. Check it, with its area code.",
                PhoneProblem::TooLong => "That number has too many digits. Check it and try again.",
                PhoneProblem::Refused => "That number isn't a valid phone number.",
            }),
            Self::InvalidCode(p) => f.write_str(match p {
                CodeProblem::Missing => "Enter the code from the text message.",
                CodeProblem::WrongLength => "That code has too few or too many digits. Check the text message.",
                CodeProblem::NotDigits => "The code has digits only.",
            }),
            Self::InvalidName(p) => match p {
                NameProblem::Missing => f.write_str("Enter a name."),
                NameProblem::TooLong => write!(f, "Keep your name under {MAX_NAME_CHARS} characters."),
                NameProblem::ControlCharacters => f.write_str("Your name can't contain control characters."),
            },
            Self::WrongCode { attempts_left } => write!(f, "That code isn't right. {}", attempts_text(*attempts_left)),
            Self::CodeMismatch => f.write_str("That code isn't right. Check the latest text we sent you."),
            Self::CodeExpired => f.write_str("That code has expired. Request a new one."),
            Self::TooManyAttempts => f.write_str("Too many wrong codes. Request a new code to try again."),
            Self::RateLimited { retry_after_secs } => {
                write!(f, "Too many requests. Try again in {}.", wait_text(*retry_after_secs))
            }
            Self::ResendTooSoon { retry_after_secs } => write!(
                f,
                "The code we sent is still on its way. You can ask for a new one in {}.",
                wait_text(*retry_after_secs)
            ),
            Self::TextsPaused { retry_after_secs } => write!(
                f,
                "We can't send texts to numbers like this one right now. Try again in {}.",
                wait_text(*retry_after_secs)
            ),
            Self::ProofNeeded(puzzle) => write!(
                f,
                "One more step before we send a text: wait {}, then press the button again.",
                wait_text(puzzle.wait_secs.max(1))
            ),
            Self::NoFlow => f.write_str("Your session timed out. Start again."),
            Self::NotSignedIn => f.write_str("Sign in to continue."),
            Self::CannotDeliver => f.write_str("We couldn't send a text to that number. Check it and try again."),
            Self::Unavailable => f.write_str(UNAVAILABLE),
            Self::BadRequest => f.write_str("Something went wrong with that request. Reload the page and try again."),
            Self::NotFound => f.write_str("There is no page at this address."),
        }
    }
}

/// What a hydrated page says while it does the proof step for the person.
pub const PROOF_CHECKING: &str = "Checking this browser before we send a text…";

/// The outage sentence, also the unavailable page's text.
pub const UNAVAILABLE: &str = "Sign-in is unavailable right now. Try again in a minute.";

/// The unavailable page's heading.
pub const UNAVAILABLE_TITLE: &str = "Sign-in is unavailable right now";

fn attempts_text(n: u32) -> String {
    match n {
        0 => "Request a new code.".into(),
        1 => "1 attempt left.".into(),
        n => format!("{n} attempts left."),
    }
}

fn wait_text(secs: u64) -> String {
    match secs {
        0..=1 => "a second".into(),
        2..=59 => format!("{secs} seconds"),
        60..=119 => "a minute".into(),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::PhoneConfirmed => "Your phone number is confirmed. Sign in to continue.",
            Self::SessionEnded => "Your session has ended. Sign in again to continue.",
            Self::SignedOut => "You're signed out.",
            Self::SignedOutEverywhere => "You're signed out on every device.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_human() {
        assert_eq!(
            AuthError::WrongCode { attempts_left: 2 }.to_string(),
            "That code isn't right. 2 attempts left."
        );
        assert_eq!(
            AuthError::WrongCode { attempts_left: 1 }.to_string(),
            "That code isn't right. 1 attempt left."
        );
        assert_eq!(
            AuthError::RateLimited { retry_after_secs: 42 }.to_string(),
            "Too many requests. Try again in 42 seconds."
        );
        assert_eq!(
            AuthError::RateLimited { retry_after_secs: 600 }.to_string(),
            "Too many requests. Try again in 10 minutes."
        );
        assert_eq!(AuthError::Unavailable.to_string(), UNAVAILABLE);
    }
}
