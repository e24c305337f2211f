//! Choice-based sign-in (USER_AUTH) with Cognito's own SMS codes (SMS_OTP),
//! and the sign-in straight after sign-up with ConfirmSignUp's Session, as
//! the API reference and the Developer Guide describe them. Where they are
//! silent (the wrong-code answer, how many tries a Session takes) the
//! choices are written down in the README's "Native sign-in".

use domain::sms::SmsMessage;
use domain::{E164, NATIVE_CODE_LENGTH, OtpCode, SealedCode};

use super::{Pool, Result, State, random_token, required};
use crate::config::{AppClient, FirstFactor};
use crate::error::CognitoError;
use crate::outbox::SmsKind;
use crate::protocol::*;

pub const SELECT_CHALLENGE: &str = "SELECT_CHALLENGE";
pub const SMS_OTP: &str = "SMS_OTP";

/// A session string handed out by the choice-based flow or by sign-up.
pub(super) struct ChoiceSession {
    client_id: String,
    /// The user's sub; None for a name with no account (a look-alike flow
    /// that never succeeds, so nobody learns who has an account).
    sub: Option<String>,
    /// The internal username the challenge named (the sub, or a stand-in).
    username: String,
    /// What the flow was started with (the number, for a look-alike's
    /// masked destination).
    typed: String,
    pub(super) expires_at: u64,
    step: Step,
}

enum Step {
    /// SELECT_CHALLENGE: waiting for the choice.
    Select { available: Vec<&'static str> },
    /// SMS_OTP: a code was texted (None: nothing was, for a look-alike).
    SmsOtp { code: Option<SealedCode>, wrong: u32 },
    /// SignUp's Session, for ConfirmSignUp.
    SignedUp,
    /// ConfirmSignUp's Session, for InitiateAuth: tokens, once.
    Confirmed,
}

/// (sub, internal username, what was typed) of a user known by their sub.
fn who(sub: &str) -> (Option<String>, String, String) {
    (Some(sub.to_owned()), sub.to_owned(), sub.to_owned())
}

impl Pool {
    fn new_choice_session(
        &self,
        state: &mut State,
        client: &AppClient,
        (sub, username, typed): (Option<String>, String, String),
        step: Step,
    ) -> String {
        let now = self.now();
        if state.choice_sessions.len() > 10_000 {
            state.choice_sessions.retain(|_, s| s.expires_at > now);
        }
        // Still full of live sessions (a flood): the oldest ten thousandth go,
        // so that memory stays bounded and the sweep above stays rare.
        if state.choice_sessions.len() > 10_000 {
            let mut by_age: Vec<(u64, String)> = state
                .choice_sessions
                .iter()
                .map(|(k, s)| (s.expires_at, k.clone()))
                .collect();
            by_age.sort_unstable();
            for (_, k) in by_age.into_iter().take(1_000) {
                state.choice_sessions.remove(&k);
            }
        }
        let id = random_token(96);
        state.choice_sessions.insert(
            id.clone(),
            ChoiceSession {
                client_id: client.id.clone(),
                sub,
                username,
                typed,
                expires_at: now + self.config.auth_session_validity.as_secs(),
                step,
            },
        );
        id
    }

    /// SignUp's Session, when the client may sign in with USER_AUTH.
    pub(super) fn sign_up_session(&self, state: &mut State, client: &AppClient, sub: &str) -> Option<String> {
        self.config
            .passwordless_sign_up(client)
            .then(|| self.new_choice_session(state, client, who(sub), Step::SignedUp))
    }

    /// Checks SignUp's Session handed to ConfirmSignUp: it must be live and
    /// this user's and client's, or the confirmation is refused with
    /// Cognito's session error (a wrong code leaves it usable).
    pub(super) fn check_sign_up_session(&self, state: &State, client: &AppClient, sub: &str, id: &str) -> Result<()> {
        let Some(signed_up) = state.choice_sessions.get(id) else {
            return Err(CognitoError::not_authorized("Invalid session for the user."));
        };
        if signed_up.expires_at <= self.now() {
            return Err(CognitoError::not_authorized(
                "Invalid session for the user, session is expired.",
            ));
        }
        let ours = signed_up.client_id == client.id
            && signed_up.sub.as_deref() == Some(sub)
            && matches!(signed_up.step, Step::SignedUp);
        if !ours {
            return Err(CognitoError::not_authorized("Invalid session for the user."));
        }
        Ok(())
    }

    /// After a confirmation with SignUp's Session: that Session is used up,
    /// and ConfirmSignUp's Session, which InitiateAuth trades for tokens, is
    /// made.
    pub(super) fn confirmed_session(
        &self,
        state: &mut State,
        client: &AppClient,
        sub: &str,
        signed_up: &str,
    ) -> String {
        state.choice_sessions.remove(signed_up);
        self.new_choice_session(state, client, who(sub), Step::Confirmed)
    }

    /// What a user may choose from: every allowed first factor they can use.
    /// A name with no account may use all of them, so that its answer looks
    /// like any other (Cognito answers it with "a random selection from the
    /// challenge types allowed"; PreventUserExistenceErrors does not apply).
    fn available(&self, state: &State, sub: Option<&str>) -> Vec<&'static str> {
        let user = sub.and_then(|s| state.users.get(s));
        let mut out = Vec::new();
        for factor in &self.config.first_factors {
            match factor {
                FirstFactor::Password if user.is_none_or(|u| u.has_password) => {
                    out.extend(["PASSWORD", "PASSWORD_SRP"]);
                }
                FirstFactor::SmsOtp if user.is_none_or(|u| u.phone().is_some()) => out.push(SMS_OTP),
                _ => {}
            }
        }
        out
    }

    pub(super) fn start_user_auth(&self, client: &AppClient, req: &InitiateAuthRequest) -> Result<AuthResponse> {
        if let Some(session) = req.session.as_deref().filter(|s| !s.is_empty()) {
            return self.sign_in_after_sign_up(client, req, session);
        }
        let input = self.hashed_username(client, &req.auth_parameters)?;
        let mut state = self.lock();
        let sub = state.find_sub(input);
        let username = sub.clone().unwrap_or_else(|| self.stand_in_sub(input));
        let available = self.available(&state, sub.as_deref());
        if available.is_empty() {
            return Err(CognitoError::incorrect_credentials());
        }
        // A name with no account gets "a random selection from the challenge
        // types allowed for the user pool" (Developer Guide, user existence
        // errors): here a password challenge or a look-alike SMS_OTP,
        // chosen by the name (stable, so tests meet both).
        if sub.is_none() && available.contains(&"PASSWORD") && username.bytes().last().is_some_and(|b| b % 2 == 0) {
            let session = self.new_choice_session(
                &mut state,
                client,
                (None, username.clone(), input.to_owned()),
                Step::Select { available: Vec::new() },
            );
            return Ok(AuthResponse {
                challenge_name: Some("PASSWORD".into()),
                session: Some(session),
                challenge_parameters: [("USERNAME".to_owned(), username)].into(),
                ..AuthResponse::default()
            });
        }
        // A preference the user cannot use falls back to the choice.
        match req.auth_parameters.get("PREFERRED_CHALLENGE").map(String::as_str) {
            Some(SMS_OTP) if available.contains(&SMS_OTP) => {
                drop(state);
                self.send_sms_otp(client, (sub, username, input.to_owned()))
            }
            _ => {
                let session = self.new_choice_session(
                    &mut state,
                    client,
                    (sub, username.clone(), input.to_owned()),
                    Step::Select {
                        available: available.clone(),
                    },
                );
                Ok(AuthResponse {
                    challenge_name: Some(SELECT_CHALLENGE.into()),
                    session: Some(session),
                    challenge_parameters: [("USERNAME".to_owned(), username)].into(),
                    available_challenges: Some(available.iter().map(|c| (*c).to_owned()).collect()),
                    ..AuthResponse::default()
                })
            }
        }
    }

    /// InitiateAuth with ConfirmSignUp's Session: "Amazon Cognito ignores
    /// the AuthParameters when you pass a valid session code", and the
    /// Session is for the first sign-in only.
    fn sign_in_after_sign_up(&self, client: &AppClient, req: &InitiateAuthRequest, id: &str) -> Result<AuthResponse> {
        let now = self.now();
        let confirmed = self
            .lock()
            .choice_sessions
            .remove(id)
            .ok_or_else(|| CognitoError::not_authorized("Invalid session for the user."))?;
        if confirmed.expires_at <= now {
            return Err(CognitoError::not_authorized(
                "Invalid session for the user, session is expired.",
            ));
        }
        let sub = match (&confirmed.step, confirmed.sub) {
            (Step::Confirmed, Some(sub)) if confirmed.client_id == client.id => sub,
            _ => return Err(CognitoError::not_authorized("Invalid session for the user.")),
        };
        // A client with a secret still proves it: over whatever name is sent.
        if let Some(name) = req.auth_parameters.get("USERNAME") {
            self.check_secret_hash(client, name, req.auth_parameters.get("SECRET_HASH").map(String::as_str))?;
        } else if client.secret.is_some() {
            return Err(CognitoError::secret_hash(&client.id));
        }
        Ok(AuthResponse {
            authentication_result: Some(self.issue_tokens(&client.id, &sub, None)?),
            ..AuthResponse::default()
        })
    }

    /// Texts a sign-in code (nothing, for a name with no account) and
    /// answers with the SMS_OTP challenge.
    fn send_sms_otp(
        &self,
        client: &AppClient,
        (sub, username, typed): (Option<String>, String, String),
    ) -> Result<AuthResponse> {
        let now = self.now();
        let phone = {
            let state = self.lock();
            sub.as_ref()
                .and_then(|s| state.users.get(s))
                .and_then(|u| u.phone().map(str::to_owned))
        };
        let code = match (&sub, &phone) {
            (Some(sub), Some(phone)) => {
                let to = E164::parse(phone).map_err(|_| CognitoError::delivery_failed())?;
                let code = OtpCode::generate_digits(NATIVE_CODE_LENGTH);
                let body = self.config.sms_authentication_message.replace("{####}", code.expose());
                self.outbox
                    .deliver(&SmsMessage { to, body }, SmsKind::Signin, now)
                    .map_err(|_| CognitoError::delivery_failed())?;
                Some(SealedCode::seal(&self.code_key(), sub, now, &code))
            }
            _ => None,
        };
        // Where the code went, masked as Cognito masks it; for a name with no
        // account, the name itself (the number that was typed), likewise.
        let destination = E164::parse(phone.as_deref().unwrap_or(typed.trim()))
            .map(|p| p.delivery_destination())
            .unwrap_or_else(|_| "+*******".to_owned());
        let mut state = self.lock();
        let session = self.new_choice_session(
            &mut state,
            client,
            (sub, username.clone(), typed),
            Step::SmsOtp { code, wrong: 0 },
        );
        Ok(AuthResponse {
            challenge_name: Some(SMS_OTP.into()),
            session: Some(session),
            challenge_parameters: [
                ("CODE_DELIVERY_DELIVERY_MEDIUM".to_owned(), "SMS".to_owned()),
                ("CODE_DELIVERY_DESTINATION".to_owned(), destination),
                ("USERNAME".to_owned(), username),
            ]
            .into(),
            ..AuthResponse::default()
        })
    }

    pub(super) fn respond_to_choice(
        &self,
        client: &AppClient,
        req: &RespondToAuthChallengeRequest,
    ) -> Result<AuthResponse> {
        let id = req
            .session
            .as_deref()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| CognitoError::invalid_parameter("Missing required parameter Session"))?;
        let username = self.hashed_username(client, &req.challenge_responses)?;
        let now = self.now();
        let mut state = self.lock();
        let session = state
            .choice_sessions
            .get(id)
            .ok_or_else(|| CognitoError::not_authorized("Invalid session for the user."))?;
        if session.expires_at <= now {
            state.choice_sessions.remove(id);
            return Err(CognitoError::not_authorized(
                "Invalid session for the user, session is expired.",
            ));
        }
        let step_matches = matches!(
            (&session.step, req.challenge_name.as_str()),
            (Step::Select { .. }, SELECT_CHALLENGE) | (Step::SmsOtp { .. }, SMS_OTP)
        );
        if session.client_id != client.id
            || !step_matches
            || !self.names_user(&state, &session.username, session.sub.as_deref(), username)
        {
            return Err(CognitoError::not_authorized("Invalid session for the user."));
        }
        if req.challenge_name == SELECT_CHALLENGE {
            let answer = required(&req.challenge_responses, "ANSWER")?;
            let Some(session) = state.choice_sessions.remove(id) else {
                return Err(CognitoError::not_authorized("Invalid session for the user."));
            };
            let Step::Select { available } = &session.step else {
                return Err(CognitoError::not_authorized("Invalid session for the user."));
            };
            if !available.contains(&answer) {
                return Err(CognitoError::invalid_parameter(format!(
                    "{answer} is not one of the available challenges."
                )));
            }
            if answer != SMS_OTP {
                return Err(CognitoError::invalid_parameter(format!(
                    "local-cognito does not implement the {answer} challenge."
                )));
            }
            drop(state);
            return self.send_sms_otp(client, (session.sub, session.username, session.typed));
        }
        let typed = required(&req.challenge_responses, "SMS_OTP_CODE")?;
        let Some(session) = state.choice_sessions.get_mut(id) else {
            return Err(CognitoError::not_authorized("Invalid session for the user."));
        };
        let Step::SmsOtp { code, wrong } = &mut session.step else {
            return Err(CognitoError::not_authorized("Invalid session for the user."));
        };
        let right = match (
            code,
            &session.sub,
            OtpCode::parse_exact_digits(typed, NATIVE_CODE_LENGTH),
        ) {
            (Some(sealed), Some(sub), Ok(typed)) => sealed.matches(&self.code_key(), sub, &typed),
            _ => false,
        };
        if !right {
            *wrong += 1;
            if *wrong >= self.config.sms_otp_attempts {
                state.choice_sessions.remove(id);
            }
            return Err(CognitoError::new(
                "CodeMismatchException",
                "Invalid code or auth state for the user.",
            ));
        }
        let sub = session.sub.clone().unwrap_or_default();
        state.choice_sessions.remove(id);
        drop(state);
        // "your user pool marks the user's unverified ... phone number
        // attribute as verified. The user status also changed from
        // UNCONFIRMED to CONFIRMED" (Developer Guide, passwordless sign-in).
        {
            let mut state = self.lock_for_change();
            if let Some(user) = state.users.get_mut(&sub) {
                user.confirmed = true;
                user.signup_code = None;
                user.attributes.insert("phone_number_verified".into(), "true".into());
            }
        }
        Ok(AuthResponse {
            authentication_result: Some(self.issue_tokens(&client.id, &sub, None)?),
            ..AuthResponse::default()
        })
    }
}
