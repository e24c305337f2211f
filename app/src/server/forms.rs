//! What people type, parsed into the domain's types (or into the error that
//! says what is wrong), and kept for the page a failed form comes back to.

use domain::{OtpCode, OtpParseError, PhoneNumber, PhoneParseError};
use serde::{Deserialize, Serialize};

use super::session::{Record, Visit};
use crate::error::{AuthError, CodeProblem, MAX_NAME_CHARS, NameProblem, PhoneProblem};
use crate::views::FormPrefill;

/// A number typed nationally for the chosen country, or internationally.
pub fn parse_phone(country: &str, input: &str) -> Result<PhoneNumber, AuthError> {
    let region = Some(country.trim()).filter(|c| !c.is_empty());
    PhoneNumber::parse_with_region(input, region).map_err(|e| {
        AuthError::InvalidPhone(match e {
            PhoneParseError::Empty => PhoneProblem::Missing,
            PhoneParseError::Unparseable => PhoneProblem::NotANumber,
            PhoneParseError::Invalid => PhoneProblem::NotValidForCountry,
        })
    })
}

pub fn parse_code(input: &str) -> Result<OtpCode, AuthError> {
    OtpCode::parse(input).map_err(|e| {
        AuthError::InvalidCode(match e {
            OtpParseError::Empty => CodeProblem::Missing,
            OtpParseError::WrongLength => CodeProblem::WrongLength,
            OtpParseError::NotDigits => CodeProblem::NotDigits,
        })
    })
}

/// A display name: trimmed, at most [`MAX_NAME_CHARS`], no control
/// characters; empty is no name.
pub fn parse_name(input: &str) -> Result<Option<String>, AuthError> {
    let name = input.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AuthError::InvalidName(NameProblem::TooLong));
    }
    if name.chars().any(char::is_control) {
        return Err(AuthError::InvalidName(NameProblem::ControlCharacters));
    }
    Ok(Some(name.to_owned()).filter(|n| !n.is_empty()))
}

/// The forms that keep what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Form {
    #[serde(rename = "signup")]
    SignUp,
    #[serde(rename = "login")]
    SignIn,
}

/// What was typed into a form that failed, so that the page shown after a
/// plain (no-JavaScript) form post still has it. Kept as typed (it did not
/// parse), cut to the lengths a field can hold.
#[derive(Clone, Serialize, Deserialize)]
pub struct Draft {
    pub form: Form,
    pub country: String,
    pub phone: String,
    pub name: String,
}

impl Record for Draft {
    const KEY: &'static str = "draft";
}

impl Draft {
    pub fn new(form: Form, country: &str, phone: &str, name: &str) -> Self {
        Self {
            form,
            country: country.chars().take(8).collect(),
            phone: phone.chars().take(40).collect(),
            name: name.chars().take(MAX_NAME_CHARS).collect(),
        }
    }

    /// The form's starting values, if this draft is that form's.
    pub fn prefill(self, form: Form) -> FormPrefill {
        if self.form != form {
            return FormPrefill::default();
        }
        FormPrefill {
            notice: None,
            country: Some(self.country).filter(|c| !c.is_empty()),
            phone: Some(self.phone),
            name: Some(self.name).filter(|n| !n.is_empty()),
        }
    }
}

/// Keeps the draft when the form failed, forgets it when it succeeded.
pub async fn remember(visit: &Visit, draft: Draft, failed: bool) {
    let saved = if failed {
        visit.save(&draft).await
    } else {
        visit.take::<Draft>().await.map(drop)
    };
    // The form's own outcome matters more than losing the draft.
    if saved.is_err() {
        tracing::warn!("could not keep what was typed");
    }
}

/// The starting values of `form` from this browser's draft.
pub async fn prefill(visit: &Visit, form: Form) -> Result<FormPrefill, AuthError> {
    Ok(visit
        .load::<Draft>()
        .await?
        .map(|d| d.prefill(form))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_inputs_parse_into_their_problems() {
        assert_eq!(parse_phone("US", "(415) 555-2671").unwrap().as_e164(), "+14155552671");
        assert_eq!(
            parse_phone("US", "").unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::Missing)
        );
        assert_eq!(
            parse_phone("US", "12").unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::NotANumber)
        );
        assert_eq!(
            parse_phone("US", "+1 555").unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::NotValidForCountry)
        );
        assert_eq!(
            parse_phone("US", "hello").unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::NotANumber)
        );
        assert_eq!(parse_code(" 123 456 ").unwrap().expose(), "123456");
        assert_eq!(
            parse_code("12345").unwrap_err(),
            AuthError::InvalidCode(CodeProblem::WrongLength)
        );
        assert_eq!(parse_name("  Ada  ").unwrap().as_deref(), Some("Ada"));
        assert_eq!(parse_name("   ").unwrap(), None);
        assert_eq!(
            parse_name(&"x".repeat(101)).unwrap_err(),
            AuthError::InvalidName(NameProblem::TooLong)
        );
        assert_eq!(
            parse_name("a\u{0}b").unwrap_err(),
            AuthError::InvalidName(NameProblem::ControlCharacters)
        );
    }

    #[test]
    fn drafts_prefill_only_their_own_form() {
        let d = Draft::new(Form::SignUp, "GB", "12", "Ada");
        assert_eq!(d.clone().prefill(Form::SignIn), FormPrefill::default());
        let p = d.prefill(Form::SignUp);
        assert_eq!(
            (p.country.as_deref(), p.phone.as_deref(), p.name.as_deref()),
            (Some("GB"), Some("12"), Some("Ada"))
        );
    }
}
