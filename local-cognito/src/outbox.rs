//! Where local texts go instead of a phone: kept in memory, one line each on
//! stdout, and listed by `GET /_dev/sms`.

use std::sync::Mutex;

use domain::sms::code_from_body;
use lambdas::sms::{SmsError, SmsMessage, SmsSender};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsKind {
    Signup,
    Signin,
    /// A code for a changed number (UpdateUserAttributes,
    /// GetUserAttributeVerificationCode).
    Verify,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsRecord {
    pub to: String,
    pub body: String,
    pub code: Option<String>,
    pub kind: SmsKind,
    pub created_at: u64,
}

#[derive(Default)]
pub struct Outbox {
    messages: Mutex<Vec<SmsRecord>>,
    /// Numbers whose texts fail, as an SMS provider refuses an opted-out or
    /// unreachable number: for testing how callers handle a failed send.
    refused: Mutex<std::collections::HashSet<String>>,
    /// Off in tests that only want the list.
    pub echo: bool,
}

impl Outbox {
    pub fn new(echo: bool) -> Self {
        Self {
            echo,
            ..Self::default()
        }
    }

    /// From now on, texts to `to` (E.164) fail.
    pub fn refuse(&self, to: &str) {
        self.refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(to.to_owned());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SmsRecord>> {
        // A poisoned list is still a list: a panic elsewhere must not stop delivery.
        self.messages.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn deliver(&self, message: &SmsMessage, kind: SmsKind, now: u64) -> Result<(), SmsError> {
        if self
            .refused
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(message.to.as_str())
        {
            return Err(SmsError::Rejected);
        }
        let record = SmsRecord {
            to: message.to.as_str().to_owned(),
            body: message.body.clone(),
            code: code_from_body(&message.body).map(|c| c.expose().to_owned()),
            kind,
            created_at: now,
        };
        if self.echo {
            // This is the delivery itself, the developer's stand-in for a phone,
            // so it goes to stdout rather than through the (redacting) logs.
            println!("[local SMS to {}] {}", record.to, record.body.replace('\n', " "));
        }
        self.lock().push(record);
        Ok(())
    }

    /// Messages, oldest first, optionally only those to one number.
    pub fn list(&self, to: Option<&str>) -> Vec<SmsRecord> {
        self.lock()
            .iter()
            .filter(|m| to.is_none_or(|t| m.to == t))
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }
}

/// The sender handed to the CreateAuthChallenge trigger.
pub struct OutboxSender<'a> {
    pub outbox: &'a Outbox,
    pub now: u64,
}

impl SmsSender for OutboxSender<'_> {
    async fn send(&self, message: &SmsMessage) -> Result<(), SmsError> {
        self.outbox.deliver(message, SmsKind::Signin, self.now)
    }
}
