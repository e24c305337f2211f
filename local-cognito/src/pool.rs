//! The user pool: users, challenge sessions and tokens, with Cognito's rules.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use lambdas::CUSTOM_CHALLENGE;
use lambdas::challenge::SealedCode;
use lambdas::otp::OtpCode;
use lambdas::sms::{Locale, Purpose, SmsMessage, compose};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::clock::Clock;
use crate::config::{AppClient, PoolConfig};
use crate::error::CognitoError;
use crate::outbox::{Outbox, SmsKind};
use crate::protocol::*;
use crate::secret_hash;
use crate::tokens::{AccessClaims, Issue, KeyError, Signer};
use crate::triggers::{self, Caller, Round};

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

struct AuthSession {
    client_id: String,
    /// The internal username the challenge told the client (a real or a
    /// stand-in sub).
    username: String,
    sub: Option<String>,
    rounds: Vec<Round>,
    private: HashMap<String, String>,
    /// The Create trigger's challengeMetadata, reported back in the next round.
    metadata: Option<String>,
    expires_at: u64,
}

#[derive(Serialize, Deserialize)]
struct RefreshRecord {
    sub: String,
    client_id: String,
    origin_jti: String,
    auth_time: u64,
    expires_at: u64,
}

#[derive(Default, Serialize, Deserialize)]
struct State {
    users: HashMap<String, User>,
    by_phone: HashMap<String, String>,
    /// Challenge rounds live minutes; they are not worth keeping across restarts.
    #[serde(skip)]
    sessions: HashMap<String, AuthSession>,
    refresh_tokens: HashMap<String, RefreshRecord>,
    revoked_origins: HashSet<String>,
}

/// What a state file holds: the keys (so tokens stay valid across restarts)
/// and everything but in-flight challenges.
#[derive(Deserialize)]
struct Persisted {
    version: u32,
    identity: Identity,
    signing_key_pkcs8: String,
    internal_key: String,
    state: State,
}

#[derive(Serialize)]
struct PersistedRef<'a> {
    version: u32,
    identity: Identity,
    signing_key_pkcs8: String,
    internal_key: String,
    state: &'a State,
}

/// The pool's ids and app clients: a state file keeps them stable.
#[derive(Serialize, Deserialize)]
struct Identity {
    region: String,
    pool_id: String,
    clients: Vec<(String, Option<String>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("state file {path}: {reason}")]
    StateFile { path: String, reason: String },
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

/// Cognito's check for phone-number usernames: `+` and digits only.
fn valid_phone_syntax(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (5..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

/// Cognito's default password policy.
fn check_password(p: &str) -> Result<()> {
    let fail = |why: &str| {
        Err(CognitoError::new(
            "InvalidPasswordException",
            format!("Password did not conform with policy: {why}"),
        ))
    };
    if p.chars().count() < 8 {
        return fail("Password not long enough");
    }
    if !p.chars().any(|c| c.is_ascii_lowercase()) {
        return fail("Password must have lowercase characters");
    }
    if !p.chars().any(|c| c.is_ascii_uppercase()) {
        return fail("Password must have uppercase characters");
    }
    if !p.chars().any(|c| c.is_ascii_digit()) {
        return fail("Password must have numeric characters");
    }
    if !p.chars().any(|c| c.is_ascii_punctuation()) {
        return fail("Password must have symbol characters");
    }
    Ok(())
}

/// `+*******2671`, as in CodeDeliveryDetails.
fn delivery_destination(phone: &str) -> String {
    let n = phone.chars().count();
    let keep = 4.min(n.saturating_sub(1));
    let tail: String = phone.chars().skip(n - keep).collect();
    format!("+{}{}", "*".repeat(n.saturating_sub(1 + keep)), tail)
}

impl Pool {
    /// A pool that lives in memory only.
    pub fn new(config: PoolConfig, clock: Arc<dyn Clock>, outbox: Arc<Outbox>) -> std::result::Result<Self, KeyError> {
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

    /// A pool whose users, tokens and keys are kept in `path` (JSON),
    /// loaded from it if it exists, and written back after every change. An
    /// existing file also fixes the region, pool id and app clients, so that
    /// clients configured against it keep working across restarts.
    pub fn with_state_file(
        mut config: PoolConfig,
        clock: Arc<dyn Clock>,
        outbox: Arc<Outbox>,
        path: PathBuf,
    ) -> std::result::Result<Self, PoolError> {
        let fail = |reason: String| PoolError::StateFile {
            path: path.display().to_string(),
            reason,
        };
        let pool = match std::fs::read(&path) {
            Ok(bytes) => {
                let saved: Persisted = serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))?;
                if saved.version != 1 {
                    return Err(fail(format!("unknown version {}", saved.version)));
                }
                let pkcs8 = STANDARD
                    .decode(&saved.signing_key_pkcs8)
                    .map_err(|e| fail(e.to_string()))?;
                let mut internal_key = [0u8; 32];
                let key = STANDARD.decode(&saved.internal_key).map_err(|e| fail(e.to_string()))?;
                if key.len() != 32 {
                    return Err(fail("internal key must be 32 bytes".into()));
                }
                internal_key.copy_from_slice(&key);
                config.region = saved.identity.region;
                config.pool_id = saved.identity.pool_id;
                config.clients = saved
                    .identity
                    .clients
                    .into_iter()
                    .map(|(id, secret)| crate::AppClient { id, secret })
                    .collect();
                Self {
                    config,
                    outbox,
                    clock,
                    signer: Signer::from_pkcs8(&pkcs8)?,
                    internal_key,
                    state: Mutex::new(saved.state),
                    state_file: Some(path.clone()),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut pool = Self::new(config, clock, outbox)?;
                pool.state_file = Some(path.clone());
                pool
            }
            Err(e) => return Err(fail(e.to_string())),
        };
        pool.save(&pool.lock()).map_err(|e| fail(e.to_string()))?;
        Ok(pool)
    }

    /// Writes the state file, if there is one: to a temporary file renamed
    /// over the old one, so a crash never leaves half a file.
    fn save(&self, state: &State) -> std::io::Result<()> {
        let Some(path) = &self.state_file else { return Ok(()) };
        let saved = PersistedRef {
            version: 1,
            identity: Identity {
                region: self.config.region.clone(),
                pool_id: self.config.pool_id.clone(),
                clients: self
                    .config
                    .clients
                    .iter()
                    .map(|c| (c.id.clone(), c.secret.clone()))
                    .collect(),
            },
            signing_key_pkcs8: STANDARD.encode(self.signer.pkcs8()),
            internal_key: STANDARD.encode(self.internal_key),
            state,
        };
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(&saved)?)?;
        std::fs::rename(tmp, path)
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

    fn check_secret_hash(&self, client: &AppClient, username: &str, presented: Option<&str>) -> Result<()> {
        let Some(secret) = &client.secret else { return Ok(()) };
        match presented {
            Some(h) if secret_hash::verify(secret, username, &client.id, h) => Ok(()),
            _ => Err(CognitoError::secret_hash(&client.id)),
        }
    }

    /// A stable, sub-shaped name for a username that has no account, so the
    /// challenge looks the same either way.
    fn stand_in_sub(&self, username: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.internal_key).unwrap_or_else(|_| unreachable!());
        mac.update(username.trim().to_lowercase().as_bytes());
        let b = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&b[..16]);
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }

    fn send_signup_code(&self, user_sub: &str, phone: &str, locale: Option<&str>) -> Result<String> {
        let to = lambdas::E164::parse(phone).map_err(|_| {
            CognitoError::new(
                "CodeDeliveryFailureException",
                "Unable to deliver message to the phone number.",
            )
        })?;
        let now = self.now();
        let code = OtpCode::generate();
        let sealed = SealedCode::seal(&self.internal_key, user_sub, now, &code);
        let t = &self.config.triggers;
        let body = compose(
            Locale::from_tag(locale),
            Purpose::ConfirmPhone,
            &t.app_name,
            &t.domain,
            &code,
            self.config.signup_code_validity,
        );
        self.outbox
            .deliver(&SmsMessage { to, body }, SmsKind::Signup, now)
            .map_err(|_| {
                CognitoError::new(
                    "CodeDeliveryFailureException",
                    "Unable to deliver message to the phone number.",
                )
            })?;
        Ok(sealed.encode())
    }

    pub fn sign_up(&self, req: SignUpRequest) -> Result<SignUpResponse> {
        let client = self.client(&req.client_id)?;
        self.check_secret_hash(client, &req.username, req.secret_hash.as_deref())?;
        let username = req.username.trim();
        if !valid_phone_syntax(username) {
            return Err(CognitoError::invalid_parameter("Invalid phone number format."));
        }
        check_password(req.password.as_deref().unwrap_or_default())?;
        let mut attributes = BTreeMap::new();
        for a in req.user_attributes {
            match a.name.as_str() {
                "name" | "phone_number" => {
                    attributes.insert(a.name, a.value.unwrap_or_default());
                }
                other => {
                    return Err(CognitoError::invalid_parameter(format!(
                        "Attributes did not conform to the schema: {other}: Attribute does not exist in the schema."
                    )));
                }
            }
        }
        match attributes.get("phone_number") {
            Some(p) if p != username => {
                return Err(CognitoError::invalid_parameter("phone_number must match the username."));
            }
            _ => {
                attributes.insert("phone_number".into(), username.to_owned());
            }
        }
        if attributes.get("name").is_some_and(|n| n.chars().count() > 2048) {
            return Err(CognitoError::invalid_parameter("name must be at most 2048 characters."));
        }
        let sub = uuid::Uuid::new_v4().to_string();
        attributes.insert("sub".into(), sub.clone());
        attributes.insert("phone_number_verified".into(), "false".into());
        {
            let state = self.lock();
            if state.by_phone.contains_key(username) {
                return Err(CognitoError::new(
                    "UsernameExistsException",
                    "An account with the given phone_number already exists.",
                ));
            }
        }
        let sealed = self.send_signup_code(&sub, username, req.client_metadata.get("locale").map(String::as_str))?;
        let mut state = self.lock_for_change();
        if state.by_phone.contains_key(username) {
            return Err(CognitoError::new(
                "UsernameExistsException",
                "An account with the given phone_number already exists.",
            ));
        }
        state.by_phone.insert(username.to_owned(), sub.clone());
        state.users.insert(
            sub.clone(),
            User {
                sub: sub.clone(),
                attributes,
                confirmed: false,
                signup_code: Some(sealed),
                signup_failures: 0,
                origins: HashSet::new(),
            },
        );
        tracing::info!(user = %sub, "user signed up");
        Ok(SignUpResponse {
            user_confirmed: false,
            user_sub: sub,
            code_delivery_details: CodeDeliveryDetails {
                destination: delivery_destination(username),
                delivery_medium: "SMS",
                attribute_name: "phone_number",
            },
        })
    }

    pub fn confirm_sign_up(&self, req: ConfirmSignUpRequest) -> Result<Empty> {
        let client = self.client(&req.client_id)?;
        self.check_secret_hash(client, &req.username, req.secret_hash.as_deref())?;
        let now = self.now();
        let mut state = self.lock_for_change();
        // Unknown users get the same answer as a wrong code.
        let sub = state.find_sub(&req.username).ok_or_else(CognitoError::code_mismatch)?;
        let user = state.users.get_mut(&sub).ok_or_else(CognitoError::code_mismatch)?;
        if user.confirmed {
            return Err(CognitoError::not_authorized(
                "User cannot be confirmed. Current status is CONFIRMED",
            ));
        }
        if user.signup_failures >= self.config.signup_code_attempts {
            return Err(CognitoError::limit_exceeded());
        }
        let Some(sealed) = user.signup_code.as_deref().and_then(SealedCode::decode) else {
            return Err(CognitoError::expired_code());
        };
        let Ok(code) = OtpCode::parse_exact(&req.confirmation_code) else {
            user.signup_failures += 1;
            return Err(CognitoError::code_mismatch());
        };
        if !sealed.matches(&self.internal_key, &user.sub, &code) {
            user.signup_failures += 1;
            return Err(CognitoError::code_mismatch());
        }
        if now >= sealed.issued_at + self.config.signup_code_validity.as_secs() {
            return Err(CognitoError::expired_code());
        }
        user.confirmed = true;
        user.signup_code = None;
        user.attributes.insert("phone_number_verified".into(), "true".into());
        tracing::info!(user = %user.sub, "user confirmed");
        Ok(Empty {})
    }

    pub fn resend_confirmation_code(
        &self,
        req: ResendConfirmationCodeRequest,
    ) -> Result<ResendConfirmationCodeResponse> {
        let client = self.client(&req.client_id)?;
        self.check_secret_hash(client, &req.username, req.secret_hash.as_deref())?;
        let (sub, phone) = {
            let state = self.lock();
            let sub = state.find_sub(&req.username).ok_or_else(|| {
                CognitoError::new("UserNotFoundException", "Username/client id combination not found.")
            })?;
            let user = &state.users[&sub];
            if user.confirmed {
                return Err(CognitoError::invalid_parameter("User is already confirmed."));
            }
            (sub, user.phone().unwrap_or_default().to_owned())
        };
        let sealed = self.send_signup_code(&sub, &phone, req.client_metadata.get("locale").map(String::as_str))?;
        if let Some(user) = self.lock_for_change().users.get_mut(&sub) {
            user.signup_code = Some(sealed);
            user.signup_failures = 0;
        }
        Ok(ResendConfirmationCodeResponse {
            code_delivery_details: CodeDeliveryDetails {
                destination: delivery_destination(&phone),
                delivery_medium: "SMS",
                attribute_name: "phone_number",
            },
        })
    }

    pub async fn initiate_auth(&self, req: InitiateAuthRequest) -> Result<AuthResponse> {
        let client = self.client(&req.client_id)?.clone();
        match req.auth_flow.as_str() {
            "CUSTOM_AUTH" => self.start_custom_auth(&client, &req).await,
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => self.refresh(&client, &req),
            other => Err(CognitoError::invalid_parameter(format!(
                "{other} flow not enabled for this client"
            ))),
        }
    }

    async fn start_custom_auth(&self, client: &AppClient, req: &InitiateAuthRequest) -> Result<AuthResponse> {
        let input = required(&req.auth_parameters, "USERNAME")?;
        self.check_secret_hash(
            client,
            input,
            req.auth_parameters.get("SECRET_HASH").map(String::as_str),
        )?;
        let (sub, attributes) = {
            let state = self.lock();
            match state.find_sub(input) {
                Some(sub) => {
                    let user = &state.users[&sub];
                    if !user.confirmed {
                        return Err(CognitoError::new("UserNotConfirmedException", "User is not confirmed."));
                    }
                    (Some(sub), user.trigger_attributes())
                }
                None => (None, BTreeMap::new()),
            }
        };
        // Triggers see the internal username for a real user and the typed one
        // for an unknown one, as Cognito does.
        let trigger_user = sub.clone().unwrap_or_else(|| input.to_owned());
        let challenge_user = sub.clone().unwrap_or_else(|| self.stand_in_sub(input));
        let caller = Caller {
            region: &self.config.region,
            pool_id: &self.config.pool_id,
            client_id: &client.id,
            user_name: &trigger_user,
            user_attributes: &attributes,
            user_not_found: sub.is_none(),
            client_metadata: &req.client_metadata,
        };
        self.next_round(&caller, client, challenge_user, sub.clone(), Vec::new())
            .await
    }

    /// Runs Define (and Create when Define asks for a challenge) after the
    /// given rounds, and answers with a challenge, tokens or the generic error.
    async fn next_round(
        &self,
        caller: &Caller<'_>,
        client: &AppClient,
        challenge_user: String,
        sub: Option<String>,
        rounds: Vec<Round>,
    ) -> Result<AuthResponse> {
        let config = &self.config.triggers;
        let decision = triggers::define(caller, &rounds, config)?;
        if decision.issue_tokens && !decision.fail_authentication {
            let sub = sub.ok_or_else(CognitoError::incorrect_credentials)?;
            return Ok(AuthResponse {
                authentication_result: Some(self.issue_tokens(&client.id, &sub, None)?),
                ..AuthResponse::default()
            });
        }
        if decision.fail_authentication || decision.challenge_name.as_deref() != Some(CUSTOM_CHALLENGE) {
            return Err(CognitoError::incorrect_credentials());
        }
        let now = self.now();
        let created = triggers::create(caller, &rounds, config, &self.outbox, now).await?;
        let session = random_token(96);
        let mut parameters = created.public;
        parameters.insert("USERNAME".into(), challenge_user.clone());
        let mut state = self.lock();
        if state.sessions.len() > 10_000 {
            state.sessions.retain(|_, s| s.expires_at > now);
        }
        state.sessions.insert(
            session.clone(),
            AuthSession {
                client_id: client.id.clone(),
                username: challenge_user,
                sub,
                rounds,
                private: created.private,
                metadata: created.metadata,
                expires_at: now + self.config.auth_session_validity.as_secs(),
            },
        );
        Ok(AuthResponse {
            challenge_name: Some(CUSTOM_CHALLENGE.into()),
            session: Some(session),
            challenge_parameters: parameters,
            authentication_result: None,
        })
    }

    pub async fn respond_to_auth_challenge(&self, req: RespondToAuthChallengeRequest) -> Result<AuthResponse> {
        let client = self.client(&req.client_id)?.clone();
        if req.challenge_name != CUSTOM_CHALLENGE {
            return Err(CognitoError::invalid_parameter(format!(
                "Unsupported challenge {}",
                req.challenge_name
            )));
        }
        let session_id = req
            .session
            .as_deref()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| CognitoError::invalid_parameter("Missing required parameter Session"))?;
        let username = required(&req.challenge_responses, "USERNAME")?;
        let answer = required(&req.challenge_responses, "ANSWER")?;
        self.check_secret_hash(
            &client,
            username,
            req.challenge_responses.get("SECRET_HASH").map(String::as_str),
        )?;
        let now = self.now();
        // A session string is good for one answer only.
        let session = {
            let mut state = self.lock();
            let session = state
                .sessions
                .remove(session_id)
                .ok_or_else(|| CognitoError::not_authorized("Invalid session for the user."))?;
            if session.expires_at <= now {
                return Err(CognitoError::not_authorized(
                    "Invalid session for the user, session is expired.",
                ));
            }
            if session.client_id != client.id || !session.username.eq_ignore_ascii_case(username.trim()) {
                return Err(CognitoError::not_authorized("Invalid session for the user."));
            }
            session
        };
        let attributes = {
            let state = self.lock();
            match session.sub.as_ref().and_then(|s| state.users.get(s)) {
                Some(u) => u.trigger_attributes(),
                None if session.sub.is_some() => return Err(CognitoError::incorrect_credentials()),
                None => BTreeMap::new(),
            }
        };
        let trigger_user = session.sub.clone().unwrap_or_else(|| session.username.clone());
        let caller = Caller {
            region: &self.config.region,
            pool_id: &self.config.pool_id,
            client_id: &client.id,
            user_name: &trigger_user,
            user_attributes: &attributes,
            user_not_found: session.sub.is_none(),
            client_metadata: &req.client_metadata,
        };
        let correct = triggers::verify(&caller, &session.private, answer, &self.config.triggers, now)?;
        let mut rounds = session.rounds;
        rounds.push(Round {
            challenge_name: CUSTOM_CHALLENGE.into(),
            challenge_result: correct,
            challenge_metadata: session.metadata,
        });
        self.next_round(&caller, &client, session.username, session.sub, rounds)
            .await
    }

    fn issue_tokens(&self, client_id: &str, sub: &str, refresh: Option<(&str, u64)>) -> Result<AuthenticationResult> {
        let now = self.now();
        let mut state = self.lock_for_change();
        let user = state
            .users
            .get_mut(sub)
            .ok_or_else(CognitoError::incorrect_credentials)?;
        let (origin_jti, auth_time) = match refresh {
            Some((origin, auth_time)) => (origin.to_owned(), auth_time),
            None => (uuid::Uuid::new_v4().to_string(), now),
        };
        let event_id = uuid::Uuid::new_v4().to_string();
        let issuer = self.config.issuer();
        let (access, id, _) = self.signer.issue(&Issue {
            issuer: &issuer,
            client_id,
            sub,
            attributes: &user.attributes,
            auth_time,
            now,
            origin_jti: &origin_jti,
            event_id: &event_id,
            access_ttl: self.config.access_token_validity.as_secs(),
            id_ttl: self.config.id_token_validity.as_secs(),
        });
        user.origins.insert(origin_jti.clone());
        let refresh_token = if refresh.is_none() {
            let token = random_token(96);
            state.refresh_tokens.insert(
                token.clone(),
                RefreshRecord {
                    sub: sub.to_owned(),
                    client_id: client_id.to_owned(),
                    origin_jti,
                    auth_time,
                    expires_at: now + self.config.refresh_token_validity.as_secs(),
                },
            );
            Some(token)
        } else {
            None
        };
        Ok(AuthenticationResult {
            access_token: access,
            id_token: id,
            refresh_token,
            expires_in: self.config.access_token_validity.as_secs(),
            token_type: "Bearer",
        })
    }

    fn refresh(&self, client: &AppClient, req: &InitiateAuthRequest) -> Result<AuthResponse> {
        let token = required(&req.auth_parameters, "REFRESH_TOKEN")?;
        let (sub, origin, auth_time) = {
            let state = self.lock();
            let record = state
                .refresh_tokens
                .get(token)
                .ok_or_else(|| CognitoError::not_authorized("Invalid Refresh Token"))?;
            if record.client_id != client.id {
                return Err(CognitoError::not_authorized("Invalid Refresh Token"));
            }
            if state.revoked_origins.contains(&record.origin_jti) {
                return Err(CognitoError::not_authorized("Refresh Token has been revoked"));
            }
            if record.expires_at <= self.now() {
                return Err(CognitoError::not_authorized("Refresh Token has expired"));
            }
            (record.sub.clone(), record.origin_jti.clone(), record.auth_time)
        };
        let hash_user = req.auth_parameters.get("USERNAME").map(String::as_str).unwrap_or(&sub);
        self.check_secret_hash(
            client,
            hash_user,
            req.auth_parameters.get("SECRET_HASH").map(String::as_str),
        )?;
        Ok(AuthResponse {
            authentication_result: Some(self.issue_tokens(&client.id, &sub, Some((&origin, auth_time)))?),
            ..AuthResponse::default()
        })
    }

    fn authorize(&self, access_token: &str) -> Result<AccessClaims> {
        let claims = self
            .signer
            .verify_access(access_token, &self.config.issuer())
            .ok_or_else(|| CognitoError::not_authorized("Invalid Access Token"))?;
        if claims.exp <= self.now() {
            return Err(CognitoError::not_authorized("Access Token has expired"));
        }
        let state = self.lock();
        if state.revoked_origins.contains(&claims.origin_jti) {
            return Err(CognitoError::not_authorized("Access Token has been revoked"));
        }
        if !state.users.contains_key(&claims.sub) {
            return Err(CognitoError::new("UserNotFoundException", "User does not exist."));
        }
        Ok(claims)
    }

    pub fn get_user(&self, req: AccessTokenRequest) -> Result<GetUserResponse> {
        let claims = self.authorize(&req.access_token)?;
        let state = self.lock();
        let user = state
            .users
            .get(&claims.sub)
            .ok_or_else(|| CognitoError::new("UserNotFoundException", "User does not exist."))?;
        Ok(GetUserResponse {
            username: user.sub.clone(),
            user_attributes: user
                .attributes
                .iter()
                .map(|(k, v)| AttributeType {
                    name: k.clone(),
                    value: Some(v.clone()),
                })
                .collect(),
        })
    }

    pub fn update_user_attributes(&self, req: UpdateUserAttributesRequest) -> Result<serde_json::Value> {
        let claims = self.authorize(&req.access_token)?;
        let mut state = self.lock_for_change();
        let user = state
            .users
            .get_mut(&claims.sub)
            .ok_or_else(|| CognitoError::new("UserNotFoundException", "User does not exist."))?;
        for a in &req.user_attributes {
            if a.name != "name" {
                return Err(CognitoError::invalid_parameter(format!(
                    "Cannot modify the attribute {}.",
                    a.name
                )));
            }
        }
        for a in req.user_attributes {
            match a.value {
                Some(v) if !v.is_empty() => user.attributes.insert(a.name, v),
                _ => user.attributes.remove(&a.name),
            };
        }
        Ok(serde_json::json!({ "CodeDeliveryDetailsList": [] }))
    }

    fn revoke_user(state: &mut State, sub: &str) {
        let origins: Vec<String> = state
            .users
            .get_mut(sub)
            .map(|u| u.origins.drain().collect())
            .unwrap_or_default();
        // The records stay so that a later refresh says "revoked" as Cognito does.
        state.revoked_origins.extend(origins);
    }

    pub fn global_sign_out(&self, req: AccessTokenRequest) -> Result<Empty> {
        let claims = self.authorize(&req.access_token)?;
        Self::revoke_user(&mut self.lock_for_change(), &claims.sub);
        Ok(Empty {})
    }

    pub fn revoke_token(&self, req: RevokeTokenRequest) -> Result<Empty> {
        let client = self.client(&req.client_id)?;
        if let Some(secret) = &client.secret
            && req.client_secret.as_deref() != Some(secret.as_str())
        {
            return Err(CognitoError::new("UnauthorizedException", "Invalid client secret."));
        }
        let mut state = self.lock_for_change();
        // Unknown tokens are accepted silently, as Cognito does.
        if let Some(record) = state.refresh_tokens.get(&req.token)
            && record.client_id == client.id
        {
            let origin = record.origin_jti.clone();
            let sub = record.sub.clone();
            if let Some(u) = state.users.get_mut(&sub) {
                u.origins.remove(&origin);
            }
            state.revoked_origins.insert(origin);
        }
        Ok(Empty {})
    }

    pub fn delete_user(&self, req: AccessTokenRequest) -> Result<Empty> {
        let claims = self.authorize(&req.access_token)?;
        let mut state = self.lock_for_change();
        Self::revoke_user(&mut state, &claims.sub);
        if let Some(user) = state.users.remove(&claims.sub)
            && let Some(phone) = user.phone()
        {
            state.by_phone.remove(phone);
        }
        Ok(Empty {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy_and_phone_syntax() {
        assert!(check_password("Aa1!aaaa").is_ok());
        assert_eq!(check_password("Aa1!").unwrap_err().kind, "InvalidPasswordException");
        assert!(check_password("aa1!aaaa").is_err());
        assert!(valid_phone_syntax("+14155552671"));
        assert!(!valid_phone_syntax("14155552671"));
        assert!(!valid_phone_syntax("+1 415"));
        assert_eq!(delivery_destination("+14155552671"), "+*******2671");
    }
}
