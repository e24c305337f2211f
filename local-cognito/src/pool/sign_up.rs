//! SignUp, ConfirmSignUp and ResendConfirmationCode: the phone number is the
//! username, and a confirmation code (sealed, never stored) is texted.

use std::collections::{BTreeMap, HashSet};

use domain::phone::e164_digits;
use domain::sms::{Locale, Purpose, SmsMessage, compose};
use domain::{E164, OtpCode, SealedCode};

use super::{Pool, Result, User};
use crate::error::CognitoError;
use crate::outbox::SmsKind;
use crate::protocol::*;

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

pub(super) fn delivered_to(to: &E164) -> CodeDeliveryDetails {
    CodeDeliveryDetails {
        destination: to.delivery_destination(),
        delivery_medium: "SMS",
        attribute_name: "phone_number",
    }
}

fn already_exists() -> CognitoError {
    CognitoError::new(
        "UsernameExistsException",
        "An account with the given phone_number already exists.",
    )
}

impl Pool {
    /// Texts a new confirmation code; returns it sealed, and where it went.
    /// Worded as the project's CustomMessage trigger (`lambdas`) words it
    /// for Cognito: in the `locale` the call's client metadata names, else
    /// the user's `locale` attribute, else English.
    fn send_signup_code(&self, user_sub: &str, phone: &str, locale: Option<&str>) -> Result<(String, E164)> {
        self.send_confirmation_code(user_sub, phone, locale, SmsKind::Signup)
    }

    /// Texts a code that confirms `phone` (a sign-up's, or a changed
    /// number's), sealed over `subject`: the text is Cognito's verification
    /// message, which the CustomMessage trigger words alike for both.
    pub(super) fn send_confirmation_code(
        &self,
        subject: &str,
        phone: &str,
        locale: Option<&str>,
        kind: SmsKind,
    ) -> Result<(String, E164)> {
        let to = E164::parse(phone).map_err(|_| CognitoError::delivery_failed())?;
        let now = self.now();
        let code = OtpCode::generate();
        let sealed = SealedCode::seal(&self.code_key(), subject, now, &code);
        let t = &self.config.triggers;
        let body = compose(
            Locale::from_tag(locale),
            Purpose::ConfirmPhone,
            &t.app_name,
            &t.domain,
            &code,
            self.config.signup_code_validity,
        );
        let message = SmsMessage { to, body };
        self.outbox
            .deliver(&message, kind, now)
            .map_err(|_| CognitoError::delivery_failed())?;
        Ok((sealed.encode(), message.to))
    }

    pub fn sign_up(&self, req: SignUpRequest) -> Result<SignUpResponse> {
        let client = self.client(&req.client_id)?;
        self.check_secret_hash(client, &req.username, req.secret_hash.as_deref())?;
        let username = req.username.trim();
        if e164_digits(username).is_err() {
            return Err(CognitoError::invalid_parameter("Invalid phone number format."));
        }
        // "To create a user with no password, omit this parameter or submit
        // a blank value. You can only create a passwordless user when
        // passwordless sign-in is available." (SignUp's API reference)
        let password = req.password.as_deref().filter(|p| !p.is_empty());
        if password.is_some() || !self.config.passwordless_sign_up(client) {
            check_password(password.unwrap_or_default())?;
        }
        let mut attributes = BTreeMap::new();
        for a in req.user_attributes {
            match a.name.as_str() {
                // `locale` is a standard attribute: the language of the
                // user's texts.
                "name" | "phone_number" | "locale" => {
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
        let outcome = crate::triggers::pre_sign_up(
            &self.config.region,
            &self.config.pool_id,
            &client.id,
            &sub,
            &attributes,
            &self.config.triggers,
        )?;
        attributes.insert("sub".into(), sub.clone());
        let verified = if outcome.auto_verify_phone { "true" } else { "false" };
        attributes.insert("phone_number_verified".into(), verified.into());
        if self.lock().by_phone.contains_key(username) {
            return Err(already_exists());
        }
        // "autoConfirmUser": confirmed by the trigger, and no code is sent.
        let sent = if outcome.auto_confirm {
            None
        } else {
            let locale = req.client_metadata.get("locale").or(attributes.get("locale"));
            Some(self.send_signup_code(&sub, username, locale.map(String::as_str))?)
        };
        let mut state = self.lock_for_change();
        // Checked again: another sign-up may have won while the text went out.
        if state.by_phone.contains_key(username) {
            return Err(already_exists());
        }
        state.by_phone.insert(username.to_owned(), sub.clone());
        let session = self.sign_up_session(&mut state, client, &sub);
        state.users.insert(
            sub.clone(),
            User {
                sub: sub.clone(),
                attributes,
                confirmed: outcome.auto_confirm,
                signup_code: sent.as_ref().map(|(sealed, _)| sealed.clone()),
                signup_failures: 0,
                origins: HashSet::new(),
                has_password: password.is_some(),
                pending_phone: None,
                attribute_code: None,
                attribute_failures: 0,
            },
        );
        tracing::info!(user = %sub, "user signed up");
        Ok(SignUpResponse {
            user_confirmed: outcome.auto_confirm,
            user_sub: sub,
            code_delivery_details: sent.map(|(_, to)| delivered_to(&to)),
            session,
        })
    }

    pub fn confirm_sign_up(&self, req: ConfirmSignUpRequest) -> Result<ConfirmSignUpResponse> {
        let client = self.client(&req.client_id)?;
        self.check_secret_hash(client, &req.username, req.secret_hash.as_deref())?;
        let now = self.now();
        let mut state = self.lock_for_change();
        // Unknown users get the same answer as a wrong code.
        let sub = state.find_sub(&req.username).ok_or_else(CognitoError::code_mismatch)?;
        let signed_up = req.session.as_deref().filter(|s| !s.is_empty());
        if let Some(id) = signed_up {
            self.check_sign_up_session(&state, client, &sub, id)?;
        }
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
        if !sealed.matches(&self.code_key(), &user.sub, &code) {
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
        let client = client.clone();
        let session = signed_up.map(|id| self.confirmed_session(&mut state, &client, &sub, id));
        Ok(ConfirmSignUpResponse { session })
    }

    pub fn resend_confirmation_code(
        &self,
        req: ResendConfirmationCodeRequest,
    ) -> Result<ResendConfirmationCodeResponse> {
        let client = self.client(&req.client_id)?;
        self.check_secret_hash(client, &req.username, req.secret_hash.as_deref())?;
        let (sub, phone, locale) = {
            let state = self.lock();
            let sub = state.find_sub(&req.username).ok_or_else(|| {
                CognitoError::new("UserNotFoundException", "Username/client id combination not found.")
            })?;
            let user = &state.users[&sub];
            if user.confirmed {
                return Err(CognitoError::invalid_parameter("User is already confirmed."));
            }
            let locale = req
                .client_metadata
                .get("locale")
                .or(user.attributes.get("locale"))
                .cloned();
            (sub, user.phone().unwrap_or_default().to_owned(), locale)
        };
        let (sealed, to) = self.send_signup_code(&sub, &phone, locale.as_deref())?;
        if let Some(user) = self.lock_for_change().users.get_mut(&sub) {
            user.signup_code = Some(sealed);
            user.signup_failures = 0;
        }
        Ok(ResendConfirmationCodeResponse {
            code_delivery_details: delivered_to(&to),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy() {
        assert!(check_password("Aa1!aaaa").is_ok());
        assert_eq!(check_password("Aa1!").unwrap_err().kind, "InvalidPasswordException");
        assert!(check_password("aa1!aaaa").is_err());
    }
}
