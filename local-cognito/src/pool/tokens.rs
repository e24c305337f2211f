//! Tokens over their life: issued at the end of a sign-in, refreshed,
//! checked on each access-token call, revoked one sign-in at a time
//! (RevokeToken) or all at once (GlobalSignOut).

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::{Pool, Result, State, random_token, required};
use crate::config::AppClient;
use crate::error::CognitoError;
use crate::protocol::*;
use crate::signing::{AccessClaims, Issue};

/// What the pool knows of a refresh token it issued.
#[derive(Serialize, Deserialize)]
pub(super) struct RefreshRecord {
    sub: String,
    client_id: String,
    origin_jti: String,
    auth_time: u64,
    expires_at: u64,
}

impl Pool {
    /// New tokens for `sub`: a whole sign-in (with a refresh token), or a
    /// refresh of the sign-in `refresh` names (origin and auth time kept).
    pub(super) fn issue_tokens(
        &self,
        client_id: &str,
        sub: &str,
        refresh: Option<(&str, u64)>,
    ) -> Result<AuthenticationResult> {
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

    /// InitiateAuth with REFRESH_TOKEN_AUTH.
    pub(super) fn refresh(&self, client: &AppClient, req: &InitiateAuthRequest) -> Result<AuthResponse> {
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

    /// The claims of an access token that is genuine, current and not
    /// revoked, for a user that still exists.
    pub(super) fn authorize(&self, access_token: &str) -> Result<AccessClaims> {
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

    /// Ends every sign-in of `sub`.
    pub(super) fn revoke_user(state: &mut State, sub: &str) {
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
        if let Some(secret) = &client.secret {
            use secrecy::ExposeSecret;
            let matches = req
                .client_secret
                .as_deref()
                .is_some_and(|presented| bool::from(presented.as_bytes().ct_eq(secret.expose_secret().as_bytes())));
            if !matches {
                return Err(CognitoError::new("UnauthorizedException", "Invalid client secret."));
            }
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
}
