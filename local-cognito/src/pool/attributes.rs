//! Changing the number: UpdateUserAttributes with `phone_number`,
//! GetUserAttributeVerificationCode and VerifyUserAttribute, as the API
//! reference describes them for a pool whose username is the number.
//!
//! - With `AttributesRequireVerificationBeforeUpdate: [phone_number]`
//!   (`UserAttributeUpdateSettingsType`): "Amazon Cognito doesn't change the
//!   value of the attribute until your user responds to the verification
//!   message"; VerifyUserAttribute then "updates the affected attribute to
//!   its pending value". Until then the old number signs in.
//! - Without it, the number changes at once and is unverified until its
//!   code comes back.
//! - The number is the username, so no two users may hold it:
//!   AliasExistsException, at the update and again at the verification (it
//!   may have been taken in between). Nothing is texted then.

use domain::E164;
use domain::SealedCode;
use domain::otp::OtpCode;
use domain::phone::e164_digits;

use super::account::no_such_user;
use super::sign_up::delivered_to;
use super::{Changing, Pool, Result, State};
use crate::error::CognitoError;
use crate::outbox::SmsKind;
use crate::protocol::*;

const PHONE: &str = "phone_number";

fn alias_exists() -> CognitoError {
    CognitoError::new(
        "AliasExistsException",
        "An account with the given phone_number already exists.",
    )
}

/// Only the number is auto-verified in this pool.
fn phone_only(name: &str) -> Result<()> {
    if name == PHONE {
        Ok(())
    } else {
        Err(CognitoError::invalid_parameter(format!(
            "{name} is not an auto-verified attribute."
        )))
    }
}

/// What a code for `phone` is sealed over: the user and the number, so
/// that it confirms only the number it was sent to.
fn subject(sub: &str, phone: &str) -> String {
    format!("{sub} {PHONE} {phone}")
}

fn held_by_other(state: &State, sub: &str, phone: &str) -> bool {
    state.by_phone.get(phone).is_some_and(|holder| holder != sub)
}

impl Pool {
    /// The `phone_number` part of UpdateUserAttributes: where a code went.
    pub(super) fn change_phone(
        &self,
        state: &mut Changing<'_>,
        sub: &str,
        phone: &str,
        locale: Option<&str>,
    ) -> Result<Option<CodeDeliveryDetails>> {
        let phone = phone.trim();
        if e164_digits(phone).is_err() || E164::parse(phone).is_err() {
            return Err(CognitoError::invalid_parameter("Invalid phone number format."));
        }
        let user = state.users.get(sub).ok_or_else(no_such_user)?;
        if user.phone() == Some(phone) {
            return Ok(None);
        }
        if held_by_other(state, sub, phone) {
            return Err(alias_exists());
        }
        let locale = locale.or(user.attributes.get("locale").map(String::as_str));
        let (sealed, to) = self.send_confirmation_code(&subject(sub, phone), phone, locale, SmsKind::Verify)?;
        let before_update = self.config.verify_number_before_update;
        let old = user.phone().map(str::to_owned);
        if !before_update {
            if let Some(old) = &old {
                state.by_phone.remove(old);
            }
            state.by_phone.insert(phone.to_owned(), sub.to_owned());
        }
        let user = state.users.get_mut(sub).ok_or_else(no_such_user)?;
        if before_update {
            user.pending_phone = Some(phone.to_owned());
        } else {
            user.attributes.insert(PHONE.into(), phone.to_owned());
            user.attributes.insert("phone_number_verified".into(), "false".into());
        }
        user.attribute_code = Some(sealed);
        user.attribute_failures = 0;
        Ok(Some(delivered_to(&to)))
    }

    /// GetUserAttributeVerificationCode: a new code for the number waiting
    /// to replace the old, else for the number itself.
    pub fn get_user_attribute_verification_code(
        &self,
        req: GetUserAttributeVerificationCodeRequest,
    ) -> Result<GetUserAttributeVerificationCodeResponse> {
        let claims = self.authorize(&req.access_token)?;
        phone_only(&req.attribute_name)?;
        let mut state = self.lock_for_change();
        let user = state.users.get(&claims.sub).ok_or_else(no_such_user)?;
        let phone = user
            .pending_phone
            .clone()
            .or_else(|| user.phone().map(str::to_owned))
            .ok_or_else(|| CognitoError::invalid_parameter("The user has no phone_number."))?;
        let locale = req
            .client_metadata
            .get("locale")
            .or(user.attributes.get("locale"))
            .cloned();
        let (sealed, to) = self.send_confirmation_code(
            &subject(&claims.sub, &phone),
            &phone,
            locale.as_deref(),
            SmsKind::Verify,
        )?;
        let user = state.users.get_mut(&claims.sub).ok_or_else(no_such_user)?;
        user.attribute_code = Some(sealed);
        user.attribute_failures = 0;
        Ok(GetUserAttributeVerificationCodeResponse {
            code_delivery_details: delivered_to(&to),
        })
    }

    /// VerifyUserAttribute: the number (or the one waiting) becomes the
    /// user's, verified. Wrong codes are counted as a sign-up's are.
    pub fn verify_user_attribute(&self, req: VerifyUserAttributeRequest) -> Result<Empty> {
        let claims = self.authorize(&req.access_token)?;
        phone_only(&req.attribute_name)?;
        let now = self.now();
        let sub = claims.sub;
        let mut state = self.lock_for_change();
        let user = state.users.get_mut(&sub).ok_or_else(no_such_user)?;
        let Some(phone) = user.pending_phone.clone().or_else(|| user.phone().map(str::to_owned)) else {
            return Err(CognitoError::code_mismatch());
        };
        if user.attribute_failures >= self.config.signup_code_attempts {
            return Err(CognitoError::limit_exceeded());
        }
        let Some(sealed) = user.attribute_code.as_deref().and_then(SealedCode::decode) else {
            return Err(CognitoError::code_mismatch());
        };
        let right = OtpCode::parse_exact(&req.code)
            .is_ok_and(|code| sealed.matches(&self.code_key(), &subject(&sub, &phone), &code));
        if !right {
            user.attribute_failures += 1;
            return Err(CognitoError::code_mismatch());
        }
        if now >= sealed.issued_at + self.config.signup_code_validity.as_secs() {
            return Err(CognitoError::expired_code());
        }
        if held_by_other(&state, &sub, &phone) {
            return Err(alias_exists());
        }
        let user = state.users.get_mut(&sub).ok_or_else(no_such_user)?;
        let old = user.attributes.insert(PHONE.into(), phone.clone());
        user.attributes.insert("phone_number_verified".into(), "true".into());
        user.pending_phone = None;
        user.attribute_code = None;
        user.attribute_failures = 0;
        if let Some(old) = old.filter(|old| *old != phone) {
            state.by_phone.remove(&old);
        }
        state.by_phone.insert(phone, sub.clone());
        tracing::info!(user = %sub, "phone number verified");
        Ok(Empty {})
    }
}
