//! The calls of a sign-up: registering the number (Cognito texts the
//! confirmation code), confirming it, a new code, and the native flow's
//! sign-in straight after.

use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use domain::{Language, OtpCode, PhoneNumber, SignInFlow};

use super::errors::{Failure, Step};
use super::password::throwaway_password;
use super::{
    AuthFlow, Delivery, LOCALE, SendFailure, SignedUp, Tokens, attribute, report, send_failure, show, tokens,
    unexpected,
};
use crate::error::AuthError;

impl AuthFlow {
    /// Registers the number: Cognito texts a confirmation code, unless the
    /// pool confirms the sign-up at once (PreSignUp: the custom flow's
    /// `CONFIRM_AT_SIGN_IN`, a test number). An existing account is treated
    /// as success (see [`Failure::AlreadyRegistered`]).
    /// The custom flow gives Cognito a random password nobody knows (its
    /// sign-up requires one); the native flow signs up without one.
    /// Starts a sign-up. `language` becomes the account's `locale` (the
    /// language its sign-in texts are written in) and goes as client
    /// metadata to the trigger that words the confirmation text.
    pub async fn sign_up(
        &self,
        phone: &PhoneNumber,
        name: Option<&str>,
        language: Language,
    ) -> Result<SignedUp, SendFailure> {
        let password = match self.flow {
            SignInFlow::Custom => Some(throwaway_password()),
            SignInFlow::Native => None,
        };
        let mut request = self
            .client
            .sign_up()
            .client_id(&self.client_id)
            .set_secret_hash(self.secret_hash(phone.as_e164()))
            .username(phone.as_e164())
            .set_password(password)
            .user_attributes(attribute("phone_number", phone.as_e164())?)
            .user_attributes(attribute(LOCALE, language.tag())?)
            .client_metadata(LOCALE, language.tag());
        if let Some(name) = name {
            request = request.user_attributes(attribute("name", name)?);
        }
        match request.send().await {
            Ok(out) => Ok(SignedUp {
                delivery: if out.user_confirmed {
                    Delivery::NothingToSend
                } else {
                    Delivery::Texted
                },
                session: out.session.filter(|_| self.flow == SignInFlow::Native),
                sub: Some(out.user_sub),
                confirmed: out.user_confirmed,
            }),
            Err(e) => match send_failure(Step::SignUp, &e)? {
                Failure::AlreadyRegistered => Ok(SignedUp {
                    delivery: Delivery::NothingToSend,
                    session: None,
                    sub: None,
                    confirmed: false,
                }),
                other => Err(show(other).into()),
            },
        }
    }

    /// Confirms the number. In the native flow, with SignUp's Session, the
    /// answer may carry a Session that signs the person in without another
    /// code ([`AuthFlow::sign_in_after_sign_up`]).
    pub async fn confirm_sign_up(
        &self,
        phone: &PhoneNumber,
        code: &OtpCode,
        session: Option<&str>,
    ) -> Result<Option<String>, AuthError> {
        let native = self.flow == SignInFlow::Native;
        let confirm = |session: Option<&str>| {
            self.client
                .confirm_sign_up()
                .client_id(&self.client_id)
                .set_secret_hash(self.secret_hash(phone.as_e164()))
                .username(phone.as_e164())
                .confirmation_code(code.expose())
                .set_session(session.map(str::to_owned))
                .send()
        };
        let session = session.filter(|_| native);
        let out = match confirm(session).await {
            // SignUp's Session refused (expired, or used): the code still
            // confirms the number, without it.
            Err(e) if session.is_some() && e.code() == Some("NotAuthorizedException") => {
                tracing::info!(step = ?Step::ConfirmSignUp, "SignUp's Session refused; confirming without it");
                confirm(None).await
            }
            other => other,
        };
        out.map(|out| out.session.filter(|_| native))
            .map_err(|e| show(report(Step::ConfirmSignUp, &e)))
    }

    /// Tokens for a person who has just confirmed their number, from
    /// ConfirmSignUp's Session: "You're not required to submit this code a
    /// second time" (InitiateAuth's API reference, Session).
    pub async fn sign_in_after_sign_up(&self, phone: &PhoneNumber, session: &str) -> Result<Tokens, AuthError> {
        let step = Step::SignInAfterSignUp;
        let mut request = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::UserAuth)
            .session(session)
            .auth_parameters("USERNAME", phone.as_e164());
        if let Some(hash) = self.secret_hash(phone.as_e164()) {
            request = request.auth_parameters("SECRET_HASH", hash);
        }
        let out = request.send().await.map_err(|e| show(report(step, &e)))?;
        match out.authentication_result {
            Some(result) => tokens(step, result),
            None => Err(unexpected(step, "tokens", out.challenge_name.as_ref(), false)),
        }
    }

    /// Texts a new sign-up code. Numbers with no pending sign-up (unknown or
    /// already confirmed) get the same answer and no text.
    pub async fn resend_sign_up_code(&self, phone: &PhoneNumber, language: Language) -> Result<Delivery, SendFailure> {
        match self
            .client
            .resend_confirmation_code()
            .client_id(&self.client_id)
            .set_secret_hash(self.secret_hash(phone.as_e164()))
            .username(phone.as_e164())
            .client_metadata(LOCALE, language.tag())
            .send()
            .await
        {
            Ok(_) => Ok(Delivery::Texted),
            Err(e) => match send_failure(Step::ResendSignUp, &e)? {
                Failure::NoUsableAccount => Ok(Delivery::NothingToSend),
                other => Err(show(other).into()),
            },
        }
    }
}
