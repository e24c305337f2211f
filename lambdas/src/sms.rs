//! SMS text and the sending boundary.

use std::future::Future;
use std::time::Duration;

use crate::otp::OtpCode;
use crate::phone::PhoneNumber;

/// One text message ready to send.
#[derive(Clone)]
pub struct SmsMessage {
    pub to: PhoneNumber,
    pub body: String,
}

impl std::fmt::Debug for SmsMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsMessage")
            .field("to", &self.to)
            .finish_non_exhaustive()
    }
}

/// Why an SMS could not be sent. The message never carries the number or the
/// body, so it is safe to log and to hand back to Cognito.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("the SMS provider refused the message")]
    Rejected,
    #[error("the SMS provider could not be reached")]
    Unavailable,
}

/// Where texts go: SNS in Lambda, an outbox in local-cognito.
pub trait SmsSender: Send + Sync {
    fn send(&self, message: &SmsMessage) -> impl Future<Output = Result<(), SmsError>> + Send;
}

/// What a text is for; the wording differs, the last line does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    ConfirmPhone,
}

/// Builds the text. The last line is the origin-bound form
/// (`@example.com #123456`) that Safari's autofill and Chrome's WebOTP read.
pub fn compose(purpose: Purpose, app_name: &str, domain: &str, code: &OtpCode, ttl: Duration) -> String {
    let lifetime = lifetime_text(ttl);
    let what = match purpose {
        Purpose::SignIn => "sign-in",
        Purpose::ConfirmPhone => "phone confirmation",
    };
    let code = code.expose();
    format!("{code} is your {app_name} {what} code. It expires in {lifetime}. Don't share it.\n\n@{domain} #{code}")
}

fn lifetime_text(ttl: Duration) -> String {
    let minutes = ttl.as_secs().div_ceil(60).max(1);
    let (n, unit) = if minutes >= 120 && minutes.is_multiple_of(60) {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Reads the code back out of a text's last line, for the local outbox.
pub fn code_from_body(body: &str) -> Option<OtpCode> {
    let last = body.lines().last()?;
    let (_, code) = last.rsplit_once(" #")?;
    OtpCode::parse_exact(code).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_names_the_purpose_and_ends_with_the_origin_bound_line() {
        let code = OtpCode::parse("012345").unwrap();
        let body = compose(Purpose::SignIn, "Acme", "acme.example", &code, Duration::from_secs(180));
        assert!(body.starts_with("012345 is your Acme sign-in code. It expires in 3 minutes."));
        assert_eq!(body.lines().last(), Some("@acme.example #012345"));
        assert_eq!(code_from_body(&body), Some(code.clone()));
        let one = compose(
            Purpose::ConfirmPhone,
            "Acme",
            "a.b",
            &OtpCode::parse("111111").unwrap(),
            Duration::from_secs(45),
        );
        assert!(one.contains("phone confirmation code. It expires in 1 minute."));
        let day = compose(Purpose::ConfirmPhone, "Acme", "a.b", &code, Duration::from_secs(86_400));
        assert!(day.contains("It expires in 24 hours."), "{day}");
    }

    #[test]
    fn no_code_in_other_texts() {
        assert_eq!(code_from_body("hello"), None);
        assert_eq!(code_from_body("@a.b #12345"), None);
    }
}
