//! The calls a signed-in session makes: renewing its tokens, and with its
//! access token reading the profile, changing attributes, signing out,
//! deleting the account.

use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType};
use domain::Language;
use secrecy::ExposeSecret;

use domain::{OtpCode, PhoneNumber};

use super::errors::{Failure, Step};
use super::{
    AuthFlow, Delivery, LOCALE, Profile, SendFailure, Tokens, attribute, missing, report, send_failure, show, tokens,
};
use crate::error::AuthError;

impl AuthFlow {
    /// New access and ID tokens from the refresh token. `user_name` is
    /// Cognito's internal name for the user (SECRET_HASH is computed over it).
    pub async fn refresh(&self, refresh_token: &str, user_name: &str) -> Result<Tokens, AuthError> {
        let mut request = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", refresh_token);
        if let Some(hash) = self.secret_hash(user_name) {
            request = request.auth_parameters("SECRET_HASH", hash);
        }
        let out = request.send().await.map_err(|e| show(report(Step::Refresh, &e)))?;
        let result = out
            .authentication_result
            .ok_or_else(|| missing(Step::Refresh, "an AuthenticationResult"))?;
        let mut tokens = tokens(Step::Refresh, result)?;
        // Cognito keeps the refresh token unless rotation is on.
        tokens.refresh_token = tokens.refresh_token.or_else(|| Some(refresh_token.to_owned()));
        Ok(tokens)
    }

    pub async fn profile(&self, access_token: &str) -> Result<Profile, AuthError> {
        let out = self
            .client
            .get_user()
            .access_token(access_token)
            .send()
            .await
            .map_err(|e| show(report(Step::Account, &e)))?;
        let attr = |n: &str| {
            out.user_attributes
                .iter()
                .find(|a| a.name == n)
                .and_then(|a| a.value.clone())
        };
        Ok(Profile {
            user_id: attr("sub").unwrap_or_else(|| out.username.clone()),
            phone: attr("phone_number").unwrap_or_default(),
            name: attr("name").filter(|n| !n.is_empty()),
            phone_verified: attr("phone_number_verified").as_deref() == Some("true"),
        })
    }

    /// Ends this sign-in: the refresh token and the tokens issued with it stop working.
    pub async fn revoke(&self, refresh_token: &str) -> Result<(), AuthError> {
        self.client
            .revoke_token()
            .client_id(&self.client_id)
            .set_client_secret(self.client_secret.as_ref().map(|s| s.expose_secret().to_owned()))
            .token(refresh_token)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| show(report(Step::SignOut, &e)))
    }

    /// Sets the user's display name.
    pub async fn update_name(&self, access_token: &str, name: &str) -> Result<(), AuthError> {
        self.update_attribute(access_token, attribute("name", name)?).await
    }

    /// Sets the language the user's texts are written in (the `locale`
    /// attribute, which the sign-in trigger reads).
    pub async fn update_language(&self, access_token: &str, language: Language) -> Result<(), AuthError> {
        self.update_attribute(access_token, attribute(LOCALE, language.tag())?)
            .await
    }

    async fn update_attribute(&self, access_token: &str, attribute: AttributeType) -> Result<(), AuthError> {
        self.client
            .update_user_attributes()
            .access_token(access_token)
            .user_attributes(attribute)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| show(report(Step::Account, &e)))
    }

    /// Removes the user's display name.
    pub async fn remove_name(&self, access_token: &str) -> Result<(), AuthError> {
        self.client
            .delete_user_attributes()
            .access_token(access_token)
            .user_attribute_names("name")
            .send()
            .await
            .map(|_| ())
            .map_err(|e| show(report(Step::Account, &e)))
    }

    /// Ends every sign-in of this user, on every device.
    pub async fn sign_out_everywhere(&self, access_token: &str) -> Result<(), AuthError> {
        self.client
            .global_sign_out()
            .access_token(access_token)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| show(report(Step::SignOut, &e)))
    }

    /// Deletes the signed-in user (DeleteUser, with their access token):
    /// the number can sign up again later, as a new account.
    pub async fn delete_user(&self, access_token: &str) -> Result<(), AuthError> {
        self.client
            .delete_user()
            .access_token(access_token)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| show(report(Step::Account, &e)))
    }

    /// Asks for `phone` to become the user's number. The pool verifies it
    /// before the update (the template's `UserAttributeUpdateSettings`):
    /// Cognito texts it a code, and the old number stands until
    /// [`Self::verify_number`]. A number that is another account's texts
    /// nothing, and says so only here (`NothingToSend`).
    pub async fn change_number(
        &self,
        access_token: &str,
        phone: &PhoneNumber,
        language: Language,
    ) -> Result<Delivery, SendFailure> {
        let out = self
            .client
            .update_user_attributes()
            .access_token(access_token)
            .user_attributes(attribute("phone_number", phone.as_e164())?)
            .client_metadata(LOCALE, language.tag())
            .send()
            .await;
        match out {
            Ok(_) => Ok(Delivery::Texted),
            Err(e) => match send_failure(Step::ChangeNumber, &e)? {
                Failure::AlreadyRegistered => Ok(Delivery::NothingToSend),
                other => Err(show(other).into()),
            },
        }
    }

    /// A new code for the number waiting to replace the old.
    pub async fn resend_number_code(&self, access_token: &str, language: Language) -> Result<Delivery, SendFailure> {
        let out = self
            .client
            .get_user_attribute_verification_code()
            .access_token(access_token)
            .attribute_name("phone_number")
            .client_metadata(LOCALE, language.tag())
            .send()
            .await;
        match out {
            Ok(_) => Ok(Delivery::Texted),
            Err(e) => Err(show(send_failure(Step::ChangeNumber, &e)?).into()),
        }
    }

    /// The new number's code: right, and the number is the account's.
    pub async fn verify_number(&self, access_token: &str, code: &OtpCode) -> Result<(), AuthError> {
        self.client
            .verify_user_attribute()
            .access_token(access_token)
            .attribute_name("phone_number")
            .code(code.expose())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| show(report(Step::VerifyNumber, &e)))
    }
}
