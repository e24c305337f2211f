//! AuthFlow: every Cognito call the app makes, with SECRET_HASH handled and
//! errors classified (`errors`). Tokens come back to the caller to be kept in
//! the server-side session; none of them ever reach the browser.

mod account;
pub mod errors;
mod password;
mod sign_up;

use std::collections::HashMap;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, AuthenticationResultType, ChallengeNameType,
};
use domain::challenge::public;
use domain::secret_hash::secret_hash;
use domain::{OtpCode, PhoneNumber, SignInFlow};
use secrecy::{ExposeSecret, SecretString};

use crate::error::AuthError;
use errors::{Failure, Step, classify};

/// The key of the client metadata, and the name of the standard attribute,
/// that say which language a text is written in (the triggers read both).
const LOCALE: &str = "locale";

/// A user attribute, as the calls that set one take it.
fn attribute(name: &str, value: &str) -> Result<AttributeType, AuthError> {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .map_err(|_| AuthError::BadRequest)
}

pub struct AuthFlow {
    client: Client,
    client_id: String,
    client_secret: Option<SecretString>,
    flow: SignInFlow,
}

/// One round of a custom challenge, as Cognito answered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The username every answer names: Cognito's internal one when the
    /// challenge says it, else the number the flow started with.
    pub username: String,
    pub session: String,
    /// What the Create trigger said; absent when a trigger other than ours
    /// does not say.
    pub attempts_left: Option<u32>,
    pub expires_at: Option<u64>,
    /// Whether this round texted a code (Create says; see
    /// `domain::challenge::public::TEXTED`); None when the trigger does not
    /// say, which counts as texted.
    pub texted: Option<bool>,
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub id_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: i32,
}

pub enum Answer {
    SignedIn(Tokens),
    /// Wrong, and a new round to answer (the custom flow).
    TryAgain(Challenge),
    /// Wrong, and the same round stays open (Cognito's own SMS_OTP).
    WrongSameRound,
}

/// What SignUp did: whether it texted, and (native flow) the Session that
/// ConfirmSignUp takes to sign the person in straight after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUp {
    pub delivery: Delivery,
    pub session: Option<String>,
    /// The new account's `sub` (SignUp's UserSub); None where nothing was
    /// signed up (the number has an account).
    pub sub: Option<String>,
    /// Confirmed by the pool at sign-up (PreSignUp's autoConfirmUser: a
    /// test number), so nothing was texted.
    pub confirmed: bool,
}

pub enum Started {
    Challenge(Challenge),
    /// No account that can sign in; the caller shows the same page anyway.
    NoUsableAccount,
}

/// Whether a call that may text a code did: a sign-up for a number that
/// already has an account, or a resend for one with no sign-up pending,
/// texts nothing (and the person sees the same either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Texted,
    NothingToSend,
}

/// What the account page shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    pub user_id: String,
    pub phone: String,
    pub name: Option<String>,
    pub phone_verified: bool,
}

fn report<E: ProvideErrorMetadata + std::fmt::Debug>(step: Step, err: &E) -> Failure {
    let failure = classify(step, err.code(), err.message().unwrap_or_default());
    // Only Cognito's error type: messages can echo input.
    match &failure {
        Failure::Show(AuthError::Unavailable) => {
            tracing::warn!(?step, code = err.code().unwrap_or("no response"), "Cognito call failed")
        }
        _ => tracing::info!(?step, code = err.code().unwrap_or("no response"), "Cognito refused"),
    }
    failure
}

/// A call that may have texted a code failed. `nothing_sent` is true only
/// when the failure proves Cognito never acted on it (the connection was
/// refused, or Cognito throttled it): only then is the send given back to
/// the limits. A timeout proves nothing: the text may be on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    pub error: AuthError,
    pub nothing_sent: bool,
}

impl From<AuthError> for SendFailure {
    fn from(error: AuthError) -> Self {
        Self {
            error,
            nothing_sent: false,
        }
    }
}

fn nothing_sent<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    match err {
        SdkError::ConstructionFailure(_) => true,
        SdkError::DispatchFailure(failure) => {
            // Refused before a byte was sent; anything later could have arrived.
            let mut source: Option<&(dyn std::error::Error + 'static)> = failure.as_connector_error().map(|e| e as _);
            while let Some(e) = source {
                if let Some(io) = e.downcast_ref::<std::io::Error>() {
                    return io.kind() == std::io::ErrorKind::ConnectionRefused;
                }
                source = e.source();
            }
            false
        }
        SdkError::ServiceError(_) => matches!(err.code(), Some("TooManyRequestsException" | "LimitExceededException")),
        _ => false,
    }
}

/// The failure of a call that may have texted a code.
fn send_failure<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    step: Step,
    err: &SdkError<E, R>,
) -> Result<Failure, SendFailure> {
    match report(step, err) {
        Failure::Show(error) => Err(SendFailure {
            error,
            nothing_sent: nothing_sent(err),
        }),
        other => Ok(other),
    }
}

fn show(failure: Failure) -> AuthError {
    match failure {
        Failure::Show(e) => e,
        Failure::AlreadyRegistered | Failure::NoUsableAccount => AuthError::Unavailable,
    }
}

/// Cognito answered without something the server cannot go on without (not
/// an error Cognito returned): logged with what was expected, never a value,
/// and answered as unavailable.
fn missing(step: Step, expected: &'static str) -> AuthError {
    tracing::warn!(?step, expected, "Cognito's answer lacks what the server needs");
    AuthError::Unavailable
}

/// The username a challenge's answers name: the `USERNAME` Cognito put in
/// its parameters, else `fallback` (the name the flow was started or last
/// answered with).
fn named_user(params: Option<&HashMap<String, String>>, fallback: &str) -> String {
    params
        .and_then(|p| p.get(public::USERNAME))
        .map_or_else(|| fallback.to_owned(), String::clone)
}

/// One custom-challenge round from Cognito's answer. `username` is the name
/// the flow was started or last answered with: real Cognito adds the
/// internal username to `ChallengeParameters` ("All challenges require
/// USERNAME", InitiateAuth's API reference), but the parameters a custom
/// challenge documents are only what the Create trigger made public, and
/// other implementations (ministack) send just those. For CUSTOM_CHALLENGE
/// Cognito takes the alias the flow started with as USERNAME (only SRP
/// challenges must name the internal username), with SECRET_HASH computed
/// over whichever name is sent.
fn challenge(
    step: Step,
    username: &str,
    session: Option<String>,
    params: Option<&HashMap<String, String>>,
) -> Result<Challenge, AuthError> {
    let get = |k: &str| params.and_then(|p| p.get(k)).map(String::as_str);
    Ok(Challenge {
        username: named_user(params, username),
        session: session.ok_or_else(|| missing(step, "a Session with the CUSTOM_CHALLENGE"))?,
        attempts_left: get(public::ATTEMPTS_LEFT).and_then(|v| v.parse().ok()),
        expires_at: get(public::EXPIRES_AT).and_then(|v| v.parse().ok()),
        texted: get(public::TEXTED).map(|v| v == "1"),
    })
}

/// The next step Cognito named is not a custom challenge: an MFA or
/// password challenge, or tokens straight from InitiateAuth (a Define
/// trigger that issues tokens without a code). Never followed: the server
/// signs in only through a code it saw checked.
fn not_custom(step: Step, name: Option<&ChallengeNameType>, tokens: bool) -> AuthError {
    unexpected(step, "a CUSTOM_CHALLENGE", name, tokens)
}

fn unexpected(step: Step, expected: &'static str, name: Option<&ChallengeNameType>, tokens: bool) -> AuthError {
    tracing::warn!(
        ?step,
        expected,
        got = name.map(ChallengeNameType::as_str).unwrap_or(if tokens {
            "tokens without a challenge"
        } else {
            "no challenge"
        }),
        "Cognito's answer is not the flow SIGN_IN_FLOW names: check the pool's triggers, first factors and MFA setting, and the client's auth flows"
    );
    AuthError::Unavailable
}

impl AuthFlow {
    pub fn new(client: Client, client_id: String, client_secret: Option<SecretString>, flow: SignInFlow) -> Self {
        Self {
            client,
            client_id,
            client_secret,
            flow,
        }
    }

    pub fn flow(&self) -> SignInFlow {
        self.flow
    }

    /// Digits in a sign-in code of this flow.
    pub fn code_digits(&self) -> usize {
        self.flow.code_digits()
    }

    fn secret_hash(&self, username: &str) -> Option<String> {
        let secret = self.client_secret.as_ref()?;
        Some(secret_hash(secret.expose_secret(), username, &self.client_id))
    }

    pub async fn start_sign_in(&self, phone: &PhoneNumber) -> Result<Started, SendFailure> {
        if self.flow == SignInFlow::Native {
            return self.start_native_sign_in(phone).await;
        }
        let mut request = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::CustomAuth)
            .auth_parameters("USERNAME", phone.as_e164());
        if let Some(hash) = self.secret_hash(phone.as_e164()) {
            request = request.auth_parameters("SECRET_HASH", hash);
        }
        match request.send().await {
            Ok(out) if out.challenge_name == Some(ChallengeNameType::CustomChallenge) => {
                Ok(Started::Challenge(challenge(
                    Step::StartSignIn,
                    phone.as_e164(),
                    out.session,
                    out.challenge_parameters.as_ref(),
                )?))
            }
            Ok(out) => Err(not_custom(
                Step::StartSignIn,
                out.challenge_name.as_ref(),
                out.authentication_result.is_some(),
            )
            .into()),
            Err(e) => match send_failure(Step::StartSignIn, &e)? {
                Failure::NoUsableAccount => Ok(Started::NoUsableAccount),
                other => Err(show(other).into()),
            },
        }
    }

    /// USER_AUTH asking for SMS_OTP: Cognito texts its own code.
    async fn start_native_sign_in(&self, phone: &PhoneNumber) -> Result<Started, SendFailure> {
        let step = Step::StartSignIn;
        let mut request = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::UserAuth)
            .auth_parameters("USERNAME", phone.as_e164())
            .auth_parameters("PREFERRED_CHALLENGE", ChallengeNameType::SmsOtp.as_str());
        if let Some(hash) = self.secret_hash(phone.as_e164()) {
            request = request.auth_parameters("SECRET_HASH", hash);
        }
        match request.send().await {
            Ok(out) => {
                let username = named_user(out.challenge_parameters.as_ref(), phone.as_e164());
                match out.challenge_name {
                    Some(ChallengeNameType::SmsOtp) => {
                        Ok(Started::Challenge(self.sms_otp_round(step, username, out.session)?))
                    }
                    // SMS_OTP among the choices: choose it (Cognito texts then).
                    Some(ChallengeNameType::SelectChallenge)
                        if out.available_challenges().contains(&ChallengeNameType::SmsOtp) =>
                    {
                        let session = out
                            .session
                            .ok_or_else(|| missing(step, "a Session with SELECT_CHALLENGE"))?;
                        self.choose_sms_otp(username, session).await
                    }
                    // Tokens without a code: never followed.
                    None if out.authentication_result.is_some() => {
                        Err(unexpected(step, "an SMS_OTP challenge", None, true).into())
                    }
                    // Any other challenge: for a number with no account Cognito
                    // answers with "a random selection from the challenge
                    // types allowed" (a password challenge, say), so this is
                    // that number's look-alike flow. Were it every number, the
                    // pool does not offer SMS_OTP: the log says which came.
                    other => {
                        tracing::info!(
                            ?step,
                            got = other.as_ref().map(ChallengeNameType::as_str).unwrap_or("no challenge"),
                            "no SMS_OTP offered: a number without an account (for every number: check the pool's first factors and plan)"
                        );
                        Ok(Started::NoUsableAccount)
                    }
                }
            }
            Err(e) => match send_failure(step, &e)? {
                Failure::NoUsableAccount => Ok(Started::NoUsableAccount),
                other => Err(show(other).into()),
            },
        }
    }

    /// Cognito's SMS_OTP round, as the server keeps it.
    fn sms_otp_round(&self, step: Step, username: String, session: Option<String>) -> Result<Challenge, AuthError> {
        Ok(Challenge {
            username,
            session: session.ok_or_else(|| missing(step, "a Session with the SMS_OTP challenge"))?,
            attempts_left: None,
            expires_at: None,
            texted: None,
        })
    }

    /// Answers SELECT_CHALLENGE with SMS_OTP, which texts the code.
    async fn choose_sms_otp(&self, username: String, session: String) -> Result<Started, SendFailure> {
        let step = Step::StartSignIn;
        let mut request = self
            .client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::SelectChallenge)
            .session(session)
            .challenge_responses("USERNAME", &username)
            .challenge_responses("ANSWER", ChallengeNameType::SmsOtp.as_str());
        if let Some(hash) = self.secret_hash(&username) {
            request = request.challenge_responses("SECRET_HASH", hash);
        }
        match request.send().await {
            Ok(out) if out.challenge_name == Some(ChallengeNameType::SmsOtp) => {
                let username = named_user(out.challenge_parameters.as_ref(), &username);
                Ok(Started::Challenge(self.sms_otp_round(step, username, out.session)?))
            }
            Ok(out) => Err(unexpected(
                step,
                "an SMS_OTP challenge",
                out.challenge_name.as_ref(),
                out.authentication_result.is_some(),
            )
            .into()),
            Err(e) => match send_failure(step, &e)? {
                Failure::NoUsableAccount => Ok(Started::NoUsableAccount),
                other => Err(show(other).into()),
            },
        }
    }

    /// Answers the round that `username` and `session` name with `code`.
    pub async fn answer(&self, username: &str, session: &str, code: &OtpCode) -> Result<Answer, AuthError> {
        if self.flow == SignInFlow::Native {
            return self.answer_native(username, session, code).await;
        }
        let mut request = self
            .client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(session)
            .challenge_responses("USERNAME", username)
            .challenge_responses("ANSWER", code.expose());
        if let Some(hash) = self.secret_hash(username) {
            request = request.challenge_responses("SECRET_HASH", hash);
        }
        let out = request
            .send()
            .await
            .map_err(|e| show(report(Step::AnswerChallenge, &e)))?;
        if let Some(result) = out.authentication_result {
            return tokens(Step::AnswerChallenge, result).map(Answer::SignedIn);
        }
        if out.challenge_name != Some(ChallengeNameType::CustomChallenge) {
            return Err(not_custom(Step::AnswerChallenge, out.challenge_name.as_ref(), false));
        }
        let next = challenge(
            Step::AnswerChallenge,
            username,
            out.session,
            out.challenge_parameters.as_ref(),
        )?;
        Ok(Answer::TryAgain(next))
    }

    /// Answers Cognito's own SMS_OTP challenge. A wrong code leaves the
    /// round open (CodeMismatchException); the server counts the attempts.
    async fn answer_native(&self, username: &str, session: &str, code: &OtpCode) -> Result<Answer, AuthError> {
        let step = Step::AnswerChallenge;
        let mut request = self
            .client
            .respond_to_auth_challenge()
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::SmsOtp)
            .session(session)
            .challenge_responses("USERNAME", username)
            .challenge_responses("SMS_OTP_CODE", code.expose());
        if let Some(hash) = self.secret_hash(username) {
            request = request.challenge_responses("SECRET_HASH", hash);
        }
        match request.send().await {
            Ok(out) => match out.authentication_result {
                Some(result) => tokens(step, result).map(Answer::SignedIn),
                None => Err(unexpected(
                    step,
                    "tokens or CodeMismatchException",
                    out.challenge_name.as_ref(),
                    false,
                )),
            },
            Err(e) if e.code() == Some("CodeMismatchException") => {
                tracing::info!(?step, code = "CodeMismatchException", "Cognito refused");
                Ok(Answer::WrongSameRound)
            }
            Err(e) => Err(show(report(step, &e))),
        }
    }
}

fn tokens(step: Step, result: AuthenticationResultType) -> Result<Tokens, AuthError> {
    Ok(Tokens {
        access_token: result
            .access_token
            .ok_or_else(|| missing(step, "an AccessToken in the AuthenticationResult"))?,
        id_token: result
            .id_token
            .ok_or_else(|| missing(step, "an IdToken in the AuthenticationResult"))?,
        refresh_token: result.refresh_token,
        expires_in: result.expires_in,
    })
}
