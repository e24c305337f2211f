//! What people type, parsed into the domain's types (or into the error that
//! says what is wrong), and kept for the page a failed form comes back to.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::phone::{Typo, diagnose};
use domain::sms_policy::dialing_code;
use domain::{OtpCode, OtpParseError, PhoneNumber, PhoneParseError};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use super::session::Visit;
use super::state::AppState;
use crate::error::{AuthError, CodeProblem, MAX_NAME_CHARS, NameProblem, PhoneProblem, Region};
use crate::views::{CountryChoice, FormPrefill};

/// A number typed nationally for the chosen country, or internationally.
/// `others`: the countries the number may be from instead (the picker's),
/// for saying "that looks like a number from …".
pub fn parse_phone(country: &str, input: &str, others: &[String]) -> Result<PhoneNumber, AuthError> {
    let region = Some(country.trim()).filter(|c| !c.is_empty());
    // A number typed with + names its own country: the chosen one is not to blame.
    let international = input.trim_start().starts_with('+');
    PhoneNumber::parse_with_region(input, region).map_err(|e| {
        AuthError::InvalidPhone(match (e, region) {
            (PhoneParseError::Empty, _) => PhoneProblem::Missing,
            (PhoneParseError::Unparseable, _) => PhoneProblem::NotANumber,
            (PhoneParseError::TooShort, _) if international => PhoneProblem::TooShort,
            (PhoneParseError::TooLong, _) if international => PhoneProblem::TooLong,
            (PhoneParseError::Invalid, _) if international => PhoneProblem::NotValidForCode,
            // Typed nationally: a typo, or another country's number?
            (_, Some(region)) => match diagnose(input, region, others.iter().map(String::as_str)) {
                Typo::Short => PhoneProblem::TooShort,
                Typo::Long => PhoneProblem::TooLong,
                Typo::OtherCountry(other) => {
                    Region::parse(&other).map_or(PhoneProblem::CheckDigits, PhoneProblem::OtherCountry)
                }
                Typo::Digits => PhoneProblem::CheckDigits,
            },
            (PhoneParseError::TooShort, None) => PhoneProblem::TooShort,
            (PhoneParseError::TooLong, None) => PhoneProblem::TooLong,
            (PhoneParseError::Invalid, None) => PhoneProblem::NotValidForCountry,
        })
    })
}

/// A typed or pasted code of `digits` digits (six, or eight for Cognito's
/// own): spaces and dashes are fine, and so is the whole text message.
pub fn parse_code(input: &str, digits: usize) -> Result<OtpCode, AuthError> {
    OtpCode::parse_pasted(input, digits).map_err(|e| {
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
    /// The account page's new name, kept over a session that ended before
    /// it was saved (signing in again brings it back).
    #[serde(rename = "rename")]
    Rename,
    /// The account page's new number, shown back only to its owner.
    #[serde(rename = "number")]
    ChangeNumber,
}

/// What was typed into a form that failed, so that the page shown after a
/// plain (no-JavaScript) form post still has it. Kept as typed (it did not
/// parse), cut to the lengths a field can hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub form: Form,
    pub country: String,
    pub phone: String,
    pub name: String,
    /// Whose draft it is, for a form of a signed-in account (the rename):
    /// Cognito's user name. Shown back only to that account, so that a new
    /// name typed on a shared browser never reaches the next person's page.
    #[serde(default)]
    pub owner: Option<String>,
}

impl Draft {
    pub fn new(form: Form, country: &str, phone: &str, name: &str) -> Self {
        Self {
            form,
            country: country.chars().take(8).collect(),
            phone: phone.chars().take(40).collect(),
            // Longer than allowed is kept too (up to twice), so that the
            // field shows what was typed with the error, not a cut name.
            name: name.chars().take(2 * MAX_NAME_CHARS).collect(),
            owner: None,
        }
    }

    /// The account page's new name, as typed by `owner`.
    pub fn rename(owner: String, name: &str) -> Self {
        Self {
            owner: Some(owner),
            ..Self::new(Form::Rename, "", "", name)
        }
    }

    /// The account page's new number, as typed by `owner`.
    pub fn new_number(owner: String, country: &str, phone: &str) -> Self {
        Self {
            owner: Some(owner),
            ..Self::new(Form::ChangeNumber, country, phone, "")
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
            ..FormPrefill::default()
        }
    }
}

/// Drafts travel in a cookie of their own, signed and kept five minutes, so
/// that a form that fails costs the server nothing: no session is created
/// for it (a loop of bad posts would otherwise fill the session store).
#[derive(Clone)]
pub struct DraftCookie {
    key: SecretSlice<u8>,
    secure: bool,
}

/// How long a draft is kept: enough to come back to the form.
const DRAFT_SECS: u64 = 300;

#[derive(Serialize, Deserialize)]
struct Sealed {
    draft: Draft,
    /// When it was written, so that an old copy is refused even if kept.
    at: u64,
}

impl DraftCookie {
    pub fn new(key: SecretSlice<u8>, secure: bool) -> Self {
        Self { key, secure }
    }

    /// Whether cookies are sent only over HTTPS (`__Host-` names).
    pub fn secure(&self) -> bool {
        self.secure
    }

    fn name(&self) -> &'static str {
        // `__Host-` needs Secure: a sibling subdomain cannot set or shadow it.
        if self.secure { "__Host-draft" } else { "draft" }
    }

    fn mac(&self, payload: &str) -> Vec<u8> {
        // new_from_slice only fails for key sizes HMAC cannot take, and HMAC takes any.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.key.expose_secret()).unwrap_or_else(|_| unreachable!());
        mac.update(b"draft\0");
        mac.update(payload.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    fn cookie(&self, value: String, max_age: u64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax{secure}",
            self.name()
        )
    }

    /// The `Set-Cookie` value that keeps `draft`.
    pub fn write(&self, draft: Draft, now: u64) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&Sealed { draft, at: now }).unwrap_or_default());
        let tag = URL_SAFE_NO_PAD.encode(self.mac(&payload));
        self.cookie(format!("{payload}.{tag}"), DRAFT_SECS)
    }

    /// The `Set-Cookie` value that forgets it.
    pub fn clear(&self) -> String {
        self.cookie(String::new(), 0)
    }

    /// The draft in a request's `Cookie` header, if it is ours and recent.
    pub fn read(&self, cookies: Option<&str>, now: u64) -> Option<Draft> {
        let value = super::session::cookie(cookies?, self.name())?;
        let (payload, tag) = value.split_once('.')?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        if !bool::from(self.mac(payload).ct_eq(&tag)) {
            return None;
        }
        let sealed: Sealed = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
        (now.saturating_sub(sealed.at) <= DRAFT_SECS).then_some(sealed.draft)
    }

    fn present(&self, cookies: Option<&str>) -> bool {
        cookies.and_then(|c| super::session::cookie(c, self.name())).is_some()
    }
}

/// Forgets whatever draft this browser holds (at sign-out: nothing typed
/// stays for the next person).
pub fn forget(app: &AppState, visit: &Visit) {
    if app.drafts.present(visit.cookies()) {
        visit.set_cookie(app.drafts.clear());
    }
}

/// Keeps the draft when the form failed, forgets it when it succeeded; a
/// form that succeeded also remembers its country for the next visit.
pub fn remember(app: &AppState, visit: &Visit, draft: Draft, failed: bool) {
    if failed {
        visit.set_cookie(app.drafts.write(draft, app.now()));
        return;
    }
    // Only this form's draft (or one that no longer reads) is done with: a
    // new name kept while its owner signs in again must outlive the sign-in.
    if app
        .drafts
        .read(visit.cookies(), app.now())
        .is_none_or(|kept| kept.form == draft.form)
    {
        forget(app, visit);
    }
    if let Some(country) = allowed(app, &draft.country) {
        visit.set_cookie(preference_cookie(app, COUNTRY_COOKIE, &country));
    }
}

/// A `Set-Cookie` value that remembers a choice of this browser's (its
/// country, its language) for a year. `value` is one of ours, never text
/// from the request.
pub fn preference_cookie(app: &AppState, name: &str, value: &str) -> String {
    let secure = if app.drafts.secure() { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}")
}

/// The cookie that remembers the country last used in a form.
pub const COUNTRY_COOKIE: &str = "country";

/// `code` as one of the picker's countries (those the SMS policy texts),
/// or None: nothing else a request says is ever put back on a page.
fn allowed(app: &AppState, code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    app.sms.countries().iter().find(|c| **c == code).cloned()
}

/// The country a browser's languages point to (`Accept-Language`, in its
/// order of preference), among `allowed`: a tag's region (`en-GB`: GB), or
/// for a tag without one a language named like a country (`de`: DE). None
/// when none does.
pub fn country_for_languages(accept_language: &str, allowed: &[String]) -> Option<String> {
    let tags = crate::i18n::preferred_tags(accept_language);
    let is = |code: &str| allowed.iter().find(|c| c.eq_ignore_ascii_case(code)).cloned();
    tags.iter().find_map(|tag| {
        let mut subtags = tag.split(['-', '_']);
        let language = subtags.next().unwrap_or_default();
        let region = subtags.find(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()));
        // A region names the country; only a tag without one falls back to
        // its language (`es-EG` is Egypt, never Spain).
        match region {
            Some(region) => is(region),
            None => (language.len() == 2).then(|| is(language)).flatten(),
        }
    })
}

/// The starting values of `form` from this browser's draft; the country,
/// where the draft has none, is the one this browser used last, else the
/// one its languages point to.
pub fn prefill(app: &AppState, visit: &Visit, form: Form) -> FormPrefill {
    let prefill = app
        .drafts
        .read(visit.cookies(), app.now())
        .map(|d| d.prefill(form))
        .unwrap_or_default();
    let country = prefill.country.clone().or_else(|| default_country(app, visit));
    FormPrefill {
        countries: countries(app),
        country,
        ..prefill
    }
}

/// The country a form starts on for this browser: the last one it used,
/// else the one its languages point to.
pub fn default_country(app: &AppState, visit: &Visit) -> Option<String> {
    visit
        .cookies()
        .and_then(|c| super::session::cookie(c, COUNTRY_COOKIE))
        .and_then(|c| allowed(app, c))
        .or_else(|| {
            visit
                .accept_language()
                .and_then(|l| country_for_languages(l, app.sms.countries()))
        })
}

/// The picker's countries: those the SMS policy texts.
pub fn countries(app: &AppState) -> Vec<CountryChoice> {
    app.sms
        .countries()
        .iter()
        .filter_map(|code| {
            dialing_code(code).map(|dial| CountryChoice {
                code: code.clone(),
                dial,
            })
        })
        .collect()
}

/// Whether the number a code page showed (`shown`, sent with the code) is
/// the flow's under way: `AnotherNumberSince` when another tab has asked
/// for another number's code since, before anything is counted against
/// that number. A page of an older version sends none.
pub fn shown_is(flow: &PhoneNumber, shown: Option<&str>) -> Result<(), AuthError> {
    match shown {
        Some(shown) if shown.trim() != flow.international() => Err(AuthError::AnotherNumberSince),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    fn picker() -> Vec<String> {
        domain::SmsPolicy::default().countries().to_vec()
    }

    use super::*;

    #[test]
    fn the_browsers_languages_point_to_a_country_it_may_text() {
        let allowed: Vec<String> = ["US", "GB", "DE", "EG", "FR"].map(String::from).to_vec();
        let with = |h: &str| country_for_languages(h, &allowed);
        assert_eq!(with("en-GB,en;q=0.9").as_deref(), Some("GB"));
        assert_eq!(with("de-DE").as_deref(), Some("DE"));
        assert_eq!(with("ar-EG,ar;q=0.9,en;q=0.8").as_deref(), Some("EG"));
        assert_eq!(with("fr").as_deref(), Some("FR"), "a language named like a country");
        assert_eq!(
            with("en;q=0.5, en-GB;q=0.9").as_deref(),
            Some("GB"),
            "by preference, not order"
        );
        assert_eq!(with("es-MX"), None, "not a country texts go to");
        assert_eq!(with("en"), None);
        assert_eq!(with(""), None);
        assert_eq!(with("zh-Hant-DE").as_deref(), Some("DE"));
        assert_eq!(with("en-GB;q=0"), None, "refused languages do not count");
    }

    #[test]
    fn form_inputs_parse_into_their_problems() {
        assert_eq!(
            parse_phone("US", "(415) 555-2671", &picker()).unwrap().as_e164(),
            "+14155552671"
        );
        assert_eq!(
            parse_phone("US", "", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::Missing)
        );
        assert_eq!(
            parse_phone("US", "12", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::NotANumber)
        );
        assert_eq!(
            parse_phone("US", "+1 555", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::TooShort)
        );
        assert_eq!(
            parse_phone("US", "123", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::TooShort),
            "too short, not the country's fault"
        );
        assert_eq!(
            parse_phone("US", "+44 7700 900123", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::NotValidForCode),
            "typed with +44: the chosen country is not to blame"
        );
        assert_eq!(
            parse_phone("US", "(123) 555-0100", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::CheckDigits),
            "a typo, not the country's fault"
        );
        // Issue 27's walk: a digit short, a bad exchange, another country's
        // number typed with its own trunk prefix.
        assert_eq!(
            parse_phone("US", "415 555 026", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::TooShort)
        );
        assert_eq!(
            parse_phone("US", "(415) 155-0123", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::CheckDigits)
        );
        assert_eq!(
            parse_phone("US", "07911 123456", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::OtherCountry(Region::parse("GB").unwrap()))
        );
        assert_eq!(
            parse_code("Your code is 471 674. @a.example #471674", 6)
                .unwrap()
                .expose(),
            "471674",
            "the whole text message, pasted"
        );
        assert_eq!(
            parse_phone("US", "hello", &picker()).unwrap_err(),
            AuthError::InvalidPhone(PhoneProblem::NotANumber)
        );
        assert_eq!(parse_code(" 123 456 ", 6).unwrap().expose(), "123456");
        assert_eq!(
            parse_code("12345", 6).unwrap_err(),
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
    fn drafts_come_back_only_signed_and_recent() {
        let cookie = DraftCookie::new(vec![7; 32].into(), true);
        let draft = Draft::new(Form::SignUp, "GB", "12", "Ada");
        let set = cookie.write(draft.clone(), 1000);
        assert!(
            set.starts_with("__Host-draft=") && set.contains("HttpOnly") && set.contains("Secure"),
            "{set}"
        );
        assert!(set.contains("Max-Age=300"), "{set}");
        let value = set.split(';').next().unwrap();
        let header = format!("sid=abc; {value}");
        assert_eq!(cookie.read(Some(&header), 1200), Some(draft));
        assert_eq!(cookie.read(Some(&header), 1400), None, "older than five minutes");
        let other_key = DraftCookie::new(vec![8; 32].into(), true);
        assert_eq!(other_key.read(Some(&header), 1200), None, "signed by another key");
        let forged = header.replacen("__Host-draft=", "__Host-draft=x", 1);
        assert_eq!(cookie.read(Some(&forged), 1200), None);
        assert!(cookie.clear().contains("Max-Age=0"));
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
