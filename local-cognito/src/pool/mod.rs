//! The user pool: users, challenge sessions and tokens, with Cognito's rules.
//! One module per group of operations; this one holds what they share.

mod account;
mod attributes;
mod custom_auth;
mod sign_up;
mod state_file;
mod tokens;
mod user_auth;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use domain::{Clock, secret_hash};
use rand::RngCore;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use crate::config::{AppClient, ConfigError, PoolConfig};
use crate::error::CognitoError;
use crate::outbox::Outbox;
use crate::signing::{KeyError, Signer};
use custom_auth::AuthSession;
use tokens::RefreshRecord;
use user_auth::ChoiceSession;

#[derive(Serialize, Deserialize)]
struct User {
    sub: String,
    attributes: BTreeMap<String, String>,
    confirmed: bool,
    /// The sealed confirmation code (`SealedCode::encode`).
    signup_code: Option<String>,
    signup_failures: u32,
    /// origin_jti of every sign-in whose tokens are still live.
    origins: HashSet<String>,
    /// False for a passwordless sign-up, which can sign in only with codes.
    #[serde(default = "has_password")]
    has_password: bool,
    /// A new number waiting for its code (verification before update).
    #[serde(default)]
    pending_phone: Option<String>,
    /// The sealed code of the latest attribute verification, and the wrong
    /// codes since it was sent.
    #[serde(default)]
    attribute_code: Option<String>,
    #[serde(default)]
    attribute_failures: u32,
}

/// Users in state files from before passwordless sign-up all had one.
fn has_password() -> bool {
    true
}

impl User {
    fn phone(&self) -> Option<&str> {
        self.attributes.get("phone_number").map(String::as_str)
    }

    fn trigger_attributes(&self) -> BTreeMap<String, String> {
        let mut a = self.attributes.clone();
        a.insert(
            "cognito:user_status".into(),
            if self.confirmed { "CONFIRMED" } else { "UNCONFIRMED" }.into(),
        );
        a
    }
}

#[derive(Default, Serialize, Deserialize)]
struct State {
    users: HashMap<String, User>,
    by_phone: HashMap<String, String>,
    /// Challenge rounds live minutes; they are not worth keeping across restarts.
    #[serde(skip)]
    sessions: HashMap<String, AuthSession>,
    /// Choice-based (USER_AUTH) sessions, and sign-up's, likewise.
    #[serde(skip)]
    choice_sessions: HashMap<String, ChoiceSession>,
    refresh_tokens: HashMap<String, RefreshRecord>,
    revoked_origins: HashSet<String>,
}

impl State {
    fn find_sub(&self, username: &str) -> Option<String> {
        let key = username.trim().to_lowercase();
        self.by_phone
            .get(&key)
            .cloned()
            .or_else(|| self.users.contains_key(&key).then_some(key))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("state file {path}: {reason}")]
    StateFile { path: String, reason: String },
    #[error(transparent)]
    Config(#[from] ConfigError),
}

pub struct Pool {
    pub config: PoolConfig,
    pub outbox: Arc<Outbox>,
    clock: Arc<dyn Clock>,
    signer: Signer,
    /// Keys the stand-in subs of unknown users and the sign-up codes.
    internal_key: [u8; 32],
    state: Mutex<State>,
    state_file: Option<PathBuf>,
}

type Result<T> = std::result::Result<T, CognitoError>;

/// The state, locked for a change: written to the state file when dropped.
struct Changing<'a> {
    pool: &'a Pool,
    state: MutexGuard<'a, State>,
}

impl std::ops::Deref for Changing<'_> {
    type Target = State;
    fn deref(&self) -> &State {
        &self.state
    }
}

impl std::ops::DerefMut for Changing<'_> {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

impl Drop for Changing<'_> {
    fn drop(&mut self) {
        // A failed write is logged, not fatal: the pool in memory is still right.
        if let Err(e) = self.pool.save(&self.state) {
            tracing::error!(error = %e, "could not write the local-cognito state file");
        }
    }
}

fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    STANDARD.encode(buf)
}

fn required<'a>(map: &'a HashMap<String, String>, key: &str) -> Result<&'a str> {
    map.get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| CognitoError::invalid_parameter(format!("Missing required parameter {key}")))
}

impl Pool {
    /// A pool that lives in memory only.
    pub fn new(config: PoolConfig, clock: Arc<dyn Clock>, outbox: Arc<Outbox>) -> std::result::Result<Self, PoolError> {
        config.check()?;
        let mut internal_key = [0u8; 32];
        rand::rng().fill_bytes(&mut internal_key);
        Ok(Self {
            config,
            outbox,
            clock,
            signer: Signer::generate()?,
            internal_key,
            state: Mutex::default(),
            state_file: None,
        })
    }

    /// The state, for a change: written to the state file when the guard
    /// drops, whichever way the operation returns.
    fn lock_for_change(&self) -> Changing<'_> {
        Changing {
            pool: self,
            state: self.lock(),
        }
    }

    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    pub fn jwks(&self) -> serde_json::Value {
        self.signer.jwks()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn client(&self, id: &str) -> Result<&AppClient> {
        self.config.client(id).ok_or_else(|| CognitoError::unknown_client(id))
    }

    /// The `USERNAME` in AuthParameters or ChallengeResponses, with the
    /// `SECRET_HASH` beside it checked over that name.
    fn hashed_username<'a>(&self, client: &AppClient, params: &'a HashMap<String, String>) -> Result<&'a str> {
        let username = required(params, "USERNAME")?;
        self.check_secret_hash(client, username, params.get("SECRET_HASH").map(String::as_str))?;
        Ok(username)
    }

    /// Whether `name` names a challenge's user: the internal username the
    /// challenge gave (`challenge_user`), or an alias of it. Only SRP
    /// challenges need "the username and not an alias" (InitiateAuth's API
    /// reference, ChallengeParameters); for other challenges Cognito takes
    /// the alias the flow started with (the reference guide's Step 12 answers
    /// with the phone number), SECRET_HASH computed over the name sent. A
    /// number with no account (`sub` None) resolves to the same stand-in
    /// sub, so the answer is the same whether or not it has one.
    fn names_user(&self, state: &State, challenge_user: &str, sub: Option<&str>, name: &str) -> bool {
        if challenge_user.eq_ignore_ascii_case(name.trim()) {
            return true;
        }
        match sub {
            Some(sub) => state.find_sub(name).as_deref() == Some(sub),
            None => state.find_sub(name).is_none() && self.stand_in_sub(name) == challenge_user,
        }
    }

    fn check_secret_hash(&self, client: &AppClient, username: &str, presented: Option<&str>) -> Result<()> {
        let Some(secret) = &client.secret else { return Ok(()) };
        match presented {
            Some(h) if secret_hash::verify(secret.expose_secret(), username, &client.id, h) => Ok(()),
            _ => Err(CognitoError::secret_hash(&client.id)),
        }
    }
}
