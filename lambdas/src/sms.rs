//! The sending boundary: where a text goes is the caller's business (SNS in
//! Lambda, an outbox in local-cognito); what it says is `domain::sms`'s.

use std::future::Future;

pub use domain::sms::SmsMessage;

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
