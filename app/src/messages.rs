//! Every sentence the pages show about an outcome: errors, notices, and the
//! unavailable page. The server picks a variant; the words live in the
//! Fluent files (`app/locales`), looked up here only. `Display` is the
//! English, for logs and tests.

use std::fmt;

use crate::error::{AuthError, CodeProblem, MAX_NAME_CHARS, NameProblem, PhoneProblem};
use crate::i18n::Language;
use crate::tr;
use crate::views::Notice;

/// What the page says about `error`, in `language`.
pub fn error_text(error: &AuthError, language: Language) -> String {
    let l = language;
    match error {
        AuthError::InvalidPhone(p) => match p {
            PhoneProblem::Missing => tr!(l, "error-phone-missing"),
            PhoneProblem::NotANumber => tr!(l, "error-phone-not-a-number"),
            PhoneProblem::NotValidForCountry => tr!(l, "error-phone-not-valid-for-country"),
            PhoneProblem::NotValidForCode => tr!(l, "error-phone-not-valid-for-code"),
            PhoneProblem::TooShort => tr!(l, "error-phone-too-short"),
            PhoneProblem::TooLong => tr!(l, "error-phone-too-long"),
            PhoneProblem::Refused => tr!(l, "error-phone-refused"),
            PhoneProblem::CheckDigits => tr!(l, "error-phone-check-digits"),
            PhoneProblem::OtherCountry(region) => {
                let code = region.as_str();
                let country = crate::i18n::try_text(l, &format!("country-{code}")).unwrap_or_else(|| code.to_owned());
                tr!(l, "error-phone-other-country", country = country)
            }
        },
        AuthError::InvalidCode(p) => match p {
            CodeProblem::Missing => tr!(l, "error-code-missing"),
            CodeProblem::WrongLength => tr!(l, "error-code-wrong-length"),
            CodeProblem::NotDigits => tr!(l, "error-code-not-digits"),
        },
        AuthError::InvalidName(p) => match p {
            NameProblem::Missing => tr!(l, "error-name-missing"),
            NameProblem::TooLong => tr!(l, "error-name-too-long", max = MAX_NAME_CHARS),
            NameProblem::ControlCharacters => tr!(l, "error-name-control"),
        },
        AuthError::WrongCode { attempts_left } => tr!(l, "error-wrong-code", left = *attempts_left),
        AuthError::CodeMismatch => tr!(l, "error-code-mismatch"),
        AuthError::CodeExpired => tr!(l, "error-code-expired"),
        AuthError::TooManyAttempts => tr!(l, "error-too-many-attempts"),
        AuthError::RateLimited { retry_after_secs } => {
            tr!(l, "error-rate-limited", wait = wait_text(l, *retry_after_secs))
        }
        AuthError::ResendTooSoon { retry_after_secs } => {
            tr!(l, "error-resend-too-soon", wait = wait_text(l, *retry_after_secs))
        }
        AuthError::TextsPaused { retry_after_secs } => {
            tr!(l, "error-texts-paused", wait = wait_text(l, *retry_after_secs))
        }
        AuthError::ProofNeeded(puzzle) => {
            tr!(l, "error-proof-needed", wait = wait_text(l, puzzle.wait_secs.max(1)))
        }
        AuthError::NoFlow => tr!(l, "error-no-flow"),
        AuthError::NotSignedIn => tr!(l, "error-not-signed-in"),
        AuthError::SignInAgain => tr!(l, "error-sign-in-again"),
        AuthError::SameNumber => tr!(l, "error-same-number"),
        AuthError::AnotherNumberSince => tr!(l, "error-another-number-since"),
        AuthError::NumberNotAvailable => tr!(l, "error-number-not-available"),
        AuthError::CannotDeliver => tr!(l, "error-cannot-deliver"),
        AuthError::Unavailable => tr!(l, "error-unavailable"),
        AuthError::BadRequest => tr!(l, "error-bad-request"),
        AuthError::NotFound => tr!(l, "error-not-found"),
    }
}

/// For an error that asks to wait a few minutes at most (too many requests,
/// a new code asked for too soon): the seconds, the message with `{}` where
/// a countdown writes the time left, and what it says at zero.
pub fn wait_countdown(error: &AuthError, l: Language) -> Option<(u64, String, String)> {
    let (key, secs) = match error {
        AuthError::RateLimited { retry_after_secs } => ("error-rate-limited", *retry_after_secs),
        AuthError::ResendTooSoon { retry_after_secs } => ("error-resend-too-soon", *retry_after_secs),
        _ => return None,
    };
    (1..=300).contains(&secs).then(|| {
        let running = crate::i18n::text(l, key, &[("wait", crate::i18n::Arg::from("{}"))]);
        (secs, running, tr!(l, "error-wait-over"))
    })
}

/// A wait as the errors say it: "42 seconds", "a minute", "10 minutes".
fn wait_text(language: Language, secs: u64) -> String {
    match secs {
        0..=59 => tr!(language, "wait", seconds = secs),
        60..=119 => tr!(language, "wait-minutes", minutes = 1u64),
        _ => tr!(language, "wait-minutes", minutes = secs.div_ceil(60)),
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&error_text(self, Language::En))
    }
}

/// What a one-time notice says, in `language`.
pub fn notice_text(notice: Notice, language: Language) -> String {
    match notice {
        Notice::PhoneConfirmed => tr!(language, "notice-phone-confirmed"),
        Notice::SessionEnded => tr!(language, "notice-session-ended"),
        Notice::SignedOut => tr!(language, "notice-signed-out"),
        Notice::SignedOutEverywhere => tr!(language, "notice-signed-out-everywhere"),
        Notice::AccountDeleted => tr!(language, "notice-account-deleted"),
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&notice_text(*self, Language::En))
    }
}

/// What a hydrated page says while it does the proof step for the person.
pub fn proof_checking(language: Language) -> String {
    tr!(language, "proof-checking")
}

/// The unavailable page's heading.
pub fn unavailable_title(language: Language) -> String {
    tr!(language, "error-unavailable-title")
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
            AuthError::RateLimited { retry_after_secs: 90 }.to_string(),
            "Too many requests. Try again in a minute."
        );
        assert_eq!(
            AuthError::RateLimited { retry_after_secs: 600 }.to_string(),
            "Too many requests. Try again in 10 minutes."
        );
        assert_eq!(
            error_text(&AuthError::RateLimited { retry_after_secs: 1 }, Language::Es),
            "Demasiadas solicitudes. Vuelve a intentarlo en un segundo."
        );
        assert_eq!(
            AuthError::Unavailable.to_string(),
            "Sign-in is unavailable right now. Try again in a minute."
        );
    }
}
