//! CUSTOM_AUTH: InitiateAuth and RespondToAuthChallenge, running the
//! Define, Create and Verify triggers with Cognito's rules around them (a new
//! single-use Session per round, unknown users run as stand-ins).

use std::collections::{BTreeMap, HashMap};

use domain::CUSTOM_CHALLENGE;
use domain::challenge::public;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{Pool, Result, random_token, required};
use crate::config::{AppClient, AuthFlow};
use crate::error::CognitoError;
use crate::protocol::*;
use crate::triggers::{self, Caller, Round};

/// One challenge round waiting for its answer.
pub(super) struct AuthSession {
    client_id: String,
    /// The internal username the challenge told the client (a real or a
    /// stand-in sub).
    username: String,
    sub: Option<String>,
    rounds: Vec<Round>,
    private: HashMap<String, String>,
    /// The Create trigger's challengeMetadata, reported back in the next round.
    metadata: Option<String>,
    pub(super) expires_at: u64,
}

impl Pool {
    pub async fn initiate_auth(&self, req: InitiateAuthRequest) -> Result<AuthResponse> {
        let client = self.client(&req.client_id)?.clone();
        match req.auth_flow.as_str() {
            "CUSTOM_AUTH" if client.auth_flows.contains(&AuthFlow::CustomAuth) => {
                self.start_custom_auth(&client, &req).await
            }
            "USER_AUTH" if client.auth_flows.contains(&AuthFlow::UserAuth) => self.start_user_auth(&client, &req),
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => self.refresh(&client, &req),
            other => Err(CognitoError::invalid_parameter(format!(
                "{other} flow not enabled for this client"
            ))),
        }
    }

    /// The pool's own key, as sign-up and native sign-in codes are sealed with it.
    pub(super) fn code_key(&self) -> domain::challenge::CodeKey {
        domain::challenge::CodeKey::new(&self.internal_key)
    }

    /// A stable, sub-shaped name for a username that has no account, so the
    /// challenge looks the same either way.
    pub(super) fn stand_in_sub(&self, username: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.internal_key).unwrap_or_else(|_| unreachable!());
        mac.update(username.trim().to_lowercase().as_bytes());
        let b = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&b[..16]);
        uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
    }

    /// The triggers' view of the caller: `sub` is None for a user with no
    /// account, whose `user_name` is what was typed.
    fn caller<'a>(
        &'a self,
        client: &'a AppClient,
        sub: Option<&str>,
        user_name: &'a str,
        attributes: &'a BTreeMap<String, String>,
        client_metadata: &'a HashMap<String, String>,
    ) -> Caller<'a> {
        Caller {
            region: &self.config.region,
            pool_id: &self.config.pool_id,
            client_id: &client.id,
            user_name,
            user_attributes: attributes,
            user_not_found: sub.is_none(),
            client_metadata,
        }
    }

    async fn start_custom_auth(&self, client: &AppClient, req: &InitiateAuthRequest) -> Result<AuthResponse> {
        let input = self.hashed_username(client, &req.auth_parameters)?;
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
        // Cognito gives InitiateAuth's ClientMetadata to the pre-sign-up,
        // pre-authentication and migration triggers only, never to Define or
        // Create (InitiateAuth's API reference); RespondToAuthChallenge's
        // does reach them.
        let no_metadata = HashMap::new();
        let caller = self.caller(client, sub.as_deref(), &trigger_user, &attributes, &no_metadata);
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
            let tokens = self.issue_tokens(&client.id, &sub, None)?;
            if config.confirm_at_sign_in && triggers::post_authentication(caller) {
                let mut state = self.lock_for_change();
                if let Some(user) = state.users.get_mut(&sub) {
                    user.attributes.insert("phone_number_verified".into(), "true".into());
                    tracing::info!(user = %sub, "number verified by the first sign-in (PostAuthentication)");
                }
            }
            return Ok(AuthResponse {
                authentication_result: Some(tokens),
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
        parameters.insert(public::USERNAME.into(), challenge_user.clone());
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
            ..AuthResponse::default()
        })
    }

    pub async fn respond_to_auth_challenge(&self, req: RespondToAuthChallengeRequest) -> Result<AuthResponse> {
        let client = self.client(&req.client_id)?.clone();
        if matches!(req.challenge_name.as_str(), "SELECT_CHALLENGE" | "SMS_OTP") {
            return self.respond_to_choice(&client, &req);
        }
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
        let username = self.hashed_username(&client, &req.challenge_responses)?;
        let answer = required(&req.challenge_responses, "ANSWER")?;
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
            if session.client_id != client.id
                || !self.names_user(&state, &session.username, session.sub.as_deref(), username)
            {
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
        let caller = self.caller(
            &client,
            session.sub.as_deref(),
            &trigger_user,
            &attributes,
            &req.client_metadata,
        );
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
}
