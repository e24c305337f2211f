//! What one browser's server-side session holds. The browser only has the
//! session id cookie; everything here stays on the server.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use tower_sessions::Session;

use super::flow::{ChallengeView, Tokens};
use crate::error::AuthError;

/// A sign-up waiting for its confirmation code.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingSignUp {
    pub phone: String,
    pub masked_phone: String,
    /// When the latest code was sent (for the resend countdown).
    #[serde(default)]
    pub sent_at: u64,
    /// How many new codes were asked for.
    #[serde(default)]
    pub resends: u32,
}

/// A sign-in waiting for its code. `cognito` is None for a number with no
/// usable account: the pages behave the same, and no code will ever match.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub phone: String,
    pub masked_phone: String,
    pub cognito: Option<CognitoChallenge>,
    pub attempts_left: u32,
    pub expires_at: u64,
    #[serde(default)]
    pub sent_at: u64,
    #[serde(default)]
    pub resends: u32,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct CognitoChallenge {
    pub username: String,
    pub session: String,
}

impl PendingSignIn {
    pub fn from_challenge(phone: String, c: ChallengeView, sent_at: u64, resends: u32) -> Self {
        Self {
            phone,
            sent_at,
            resends,
            masked_phone: c.masked_phone,
            attempts_left: c.attempts_left,
            expires_at: c.expires_at,
            cognito: Some(CognitoChallenge {
                username: c.username,
                session: c.session,
            }),
        }
    }

    pub fn challenge(&self) -> Option<ChallengeView> {
        self.cognito.as_ref().map(|c| ChallengeView {
            username: c.username.clone(),
            session: c.session.clone(),
            masked_phone: self.masked_phone.clone(),
            attempts_left: self.attempts_left,
            expires_at: self.expires_at,
        })
    }
}

/// A signed-in user's tokens.
#[derive(Clone, Serialize, Deserialize)]
pub struct SignedIn {
    pub tokens: Tokens,
    pub signed_in_at: u64,
    /// Cognito's internal user name, for refreshing the tokens.
    #[serde(default)]
    pub user_name: String,
}

/// What was typed into a form that failed, so that the page shown after a
/// plain (no-JavaScript) form post still has it.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Draft {
    pub form: String,
    pub country: String,
    pub phone: String,
    pub name: String,
}

/// A one-time message for the next page, and the number to prefill.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Notice {
    pub text: Option<String>,
    pub phone: Option<String>,
}

pub const PENDING_SIGN_UP: &str = "pending_sign_up";
pub const PENDING_SIGN_IN: &str = "pending_sign_in";
pub const SIGNED_IN: &str = "signed_in";
pub const NOTICE: &str = "notice";
pub const DRAFT: &str = "draft";

fn store_error(e: tower_sessions::session::Error) -> AuthError {
    tracing::error!(error = %e, "session store failed");
    AuthError::Unavailable
}

pub async fn get<T: DeserializeOwned>(session: &Session, key: &str) -> Result<Option<T>, AuthError> {
    session.get(key).await.map_err(store_error)
}

pub async fn put<T: Serialize>(session: &Session, key: &str, value: &T) -> Result<(), AuthError> {
    session.insert(key, value).await.map_err(store_error)
}

pub async fn take<T: DeserializeOwned>(session: &Session, key: &str) -> Result<Option<T>, AuthError> {
    session.remove(key).await.map_err(store_error)
}

/// A new session id for the same data: called at sign-in, so an id planted
/// before sign-in (fixation) is worthless after.
pub async fn rotate_id(session: &Session) -> Result<(), AuthError> {
    session.cycle_id().await.map_err(store_error)
}

/// Drops everything and the id with it.
pub async fn destroy(session: &Session) -> Result<(), AuthError> {
    session.flush().await.map_err(store_error)
}
