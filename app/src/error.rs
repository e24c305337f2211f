//! What can go wrong in a sign-in step, as the person using the page sees it.
//! Every server function returns this type; the server decides the variant
//! once (see `server::cognito_errors`) and the page only renders it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AuthError {
    /// The phone field did not parse; the text says why.
    #[error("{0}")]
    InvalidPhone(String),
    /// The code field did not parse; the text says why.
    #[error("{0}")]
    InvalidCode(String),
    #[error("{0}")]
    InvalidName(String),
    #[error("That code isn't right. {}", attempts_text(*attempts_left))]
    WrongCode { attempts_left: u32 },
    /// A sign-up confirmation code that did not match; Cognito does not say
    /// how many tries remain.
    #[error("That code isn't right. Check the latest text we sent you.")]
    CodeMismatch,
    #[error("That code has expired. Request a new one.")]
    CodeExpired,
    #[error("Too many wrong codes. Request a new code to try again.")]
    TooManyAttempts,
    #[error("Too many requests. Try again in {}.", wait_text(*retry_after_secs))]
    RateLimited { retry_after_secs: u64 },
    /// There is no sign-in or sign-up in progress in this browser session (or
    /// it timed out).
    #[error("Your session timed out. Start again.")]
    NoFlow,
    #[error("Sign in to continue.")]
    NotSignedIn,
    #[error("We couldn't send a text to that number. Check it and try again.")]
    CannotDeliver,
    #[error("Sign-in is unavailable right now. Try again in a minute.")]
    Unavailable,
    /// The request itself was malformed (not something a person typed).
    #[error("Something went wrong with that request. Reload the page and try again.")]
    BadRequest,
}

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

/// Which form field an error belongs next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Phone,
    Code,
    Name,
    Form,
}

impl AuthError {
    /// The HTTP status for this error: 4xx for anything the caller can fix,
    /// 503 when Cognito is unavailable. Never 500.
    pub fn status(&self) -> u16 {
        match self {
            Self::InvalidPhone(_) | Self::InvalidCode(_) | Self::InvalidName(_) | Self::BadRequest => 400,
            Self::WrongCode { .. } | Self::CodeMismatch | Self::CannotDeliver => 400,
            Self::NotSignedIn => 401,
            Self::CodeExpired | Self::NoFlow => 410,
            Self::TooManyAttempts | Self::RateLimited { .. } => 429,
            Self::Unavailable => 503,
        }
    }

    pub fn field(&self) -> Field {
        match self {
            Self::InvalidPhone(_) | Self::CannotDeliver => Field::Phone,
            Self::InvalidCode(_) | Self::WrongCode { .. } | Self::CodeMismatch | Self::CodeExpired => Field::Code,
            Self::InvalidName(_) => Field::Name,
            _ => Field::Form,
        }
    }
}

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
    }

    #[test]
    fn statuses_are_never_500() {
        let all = [
            AuthError::InvalidPhone("x".into()),
            AuthError::InvalidCode("x".into()),
            AuthError::InvalidName("x".into()),
            AuthError::WrongCode { attempts_left: 1 },
            AuthError::CodeMismatch,
            AuthError::CodeExpired,
            AuthError::TooManyAttempts,
            AuthError::RateLimited { retry_after_secs: 1 },
            AuthError::NoFlow,
            AuthError::NotSignedIn,
            AuthError::CannotDeliver,
            AuthError::Unavailable,
            AuthError::BadRequest,
        ];
        for e in all {
            assert!((400..500).contains(&e.status()) || e.status() == 503, "{e:?}");
        }
    }
}
