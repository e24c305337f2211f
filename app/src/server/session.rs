//! One browser's visit: its server-side session (the browser holds only the
//! id cookie) and its address. What the session holds is a set of typed
//! records, each under its own key; the flows define their own (the pending
//! sign-up and sign-in), the shared ones are here.

use std::net::IpAddr;
use std::sync::Mutex;

use domain::PhoneNumber;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use tower_sessions::Session;

use super::cognito::{Profile, Tokens};
use crate::error::AuthError;
use crate::views::Notice;

/// A value kept in the session under its own key.
pub trait Record: Serialize + DeserializeOwned {
    const KEY: &'static str;
}

/// A signed-in user's tokens.
#[derive(Clone, Serialize, Deserialize)]
pub struct SignedIn {
    pub tokens: Tokens,
    pub signed_in_at: u64,
    /// Cognito's internal user name, for refreshing the tokens.
    #[serde(default)]
    pub user_name: String,
    /// Cognito's answer to GetUser, and when it came: asked again only once
    /// it is [`super::auth::REVOCATION_CHECK_SECS`] old.
    #[serde(default)]
    pub profile: Option<(Profile, u64)>,
    /// The account's `sub` (for the hooks; empty in a record of an older
    /// version).
    #[serde(default)]
    pub sub: String,
}

impl Record for SignedIn {
    const KEY: &'static str = "signed_in";
}

/// What one page hands the next: a one-time notice, and the number to
/// prefill in the sign-in form.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Handover {
    #[serde(default)]
    pub notice: Option<Notice>,
    #[serde(default)]
    pub phone: Option<PhoneNumber>,
    /// When a new code may be sent to `phone` (a sign-in that ran out of
    /// attempts or time just after its code went).
    #[serde(default)]
    pub resend_at: Option<u64>,
}

impl Record for Handover {
    const KEY: &'static str = "notice";
}

/// This request's browser: its session, where it comes from, and the
/// cookies other than the session's that it sent and is sent back.
pub struct Visit {
    session: Session,
    pub ip: Option<IpAddr>,
    cookies: Option<String>,
    accept_language: Option<String>,
    set_cookies: Mutex<Vec<String>>,
}

/// The value of the cookie `name` in a `Cookie` header.
/// The language a request's `Cookie` and `Accept-Language` headers choose
/// (see [`crate::i18n::language_for`]).
pub fn language_of(cookies: Option<&str>, accept_language: Option<&str>) -> crate::i18n::Language {
    let chosen = cookies.and_then(|c| cookie(c, crate::i18n::LANGUAGE_COOKIE));
    crate::i18n::language_for(chosen, accept_language)
}

pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find_map(|(n, value)| (n == name).then_some(value))
}

fn store_error(e: tower_sessions::session::Error) -> AuthError {
    tracing::error!(error = %e, "session store failed");
    AuthError::Unavailable
}

impl Visit {
    pub fn new(session: Session, ip: Option<IpAddr>) -> Self {
        Self {
            session,
            ip,
            cookies: None,
            accept_language: None,
            set_cookies: Mutex::default(),
        }
    }

    /// With the request's `Cookie` header.
    pub fn with_cookies(self, cookies: Option<String>) -> Self {
        Self { cookies, ..self }
    }

    /// With the request's `Accept-Language` header.
    pub fn with_accept_language(self, accept_language: Option<String>) -> Self {
        Self {
            accept_language,
            ..self
        }
    }

    pub fn accept_language(&self) -> Option<&str> {
        self.accept_language.as_deref()
    }

    /// The language this visit's pages and texts are in.
    pub fn language(&self) -> crate::i18n::Language {
        language_of(self.cookies(), self.accept_language())
    }

    pub fn cookies(&self) -> Option<&str> {
        self.cookies.as_deref()
    }

    /// A `Set-Cookie` value for the response.
    pub fn set_cookie(&self, value: String) {
        self.set_cookies.lock().unwrap_or_else(|p| p.into_inner()).push(value);
    }

    /// The `Set-Cookie` values to send, once.
    pub fn take_set_cookies(&self) -> Vec<String> {
        std::mem::take(&mut *self.set_cookies.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The record, if the session has one. A record that no longer reads
    /// (written by an older version) counts as absent, not as an outage.
    pub async fn load<R: Record>(&self) -> Result<Option<R>, AuthError> {
        match self.session.get::<R>(R::KEY).await {
            Ok(value) => Ok(value),
            Err(tower_sessions::session::Error::SerdeJson(e)) => {
                tracing::warn!(key = R::KEY, category = ?e.classify(), "unreadable session record dropped");
                Ok(None)
            }
            Err(e) => Err(store_error(e)),
        }
    }

    pub async fn save<R: Record>(&self, record: &R) -> Result<(), AuthError> {
        self.session.insert(R::KEY, record).await.map_err(store_error)
    }

    /// Removes the record and returns it. Without one, the session is left
    /// untouched (and so not written back).
    pub async fn take<R: Record>(&self) -> Result<Option<R>, AuthError> {
        let present = self.session.get_value(R::KEY).await.map_err(store_error)?.is_some();
        if !present {
            return Ok(None);
        }
        let record = self.load::<R>().await?;
        self.session.remove_value(R::KEY).await.map_err(store_error)?;
        Ok(record)
    }

    /// A new session id for the same data: called at sign-in, so an id planted
    /// before sign-in (fixation) is worthless after.
    pub async fn rotate_id(&self) -> Result<(), AuthError> {
        self.session.cycle_id().await.map_err(store_error)
    }

    /// Drops everything and the id with it.
    pub async fn end(&self) -> Result<(), AuthError> {
        self.session.flush().await.map_err(store_error)
    }
}
