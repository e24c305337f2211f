//! What the server functions return and the pages show: plain data that
//! both the server and the browser build compile, so neither side imports
//! the other's code. Also the app's pages, by name.

use serde::{Deserialize, Serialize};

/// The sign-in in progress, as the code page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInStatus {
    /// Digits in the code (six; eight for Cognito's own).
    pub code_digits: usize,
    /// The number the person typed, written internationally.
    pub phone: String,
    pub attempts_left: u32,
    pub expires_at: u64,
    /// When a new code may be asked for.
    pub resend_at: u64,
    /// A new code was sent since the first.
    pub resent: bool,
    pub now: u64,
}

/// The sign-up waiting for its code, as the confirm page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpStatus {
    /// Digits in the code.
    pub code_digits: usize,
    /// The number the person typed, written internationally.
    pub phone: String,
    pub resend_at: u64,
    pub resent: bool,
    pub now: u64,
    /// When the code expires, where it is the new account's first sign-in
    /// code (the custom flow's one text); None for Cognito's own
    /// confirmation code, which lives a day and is not sent to a number
    /// that has an account.
    #[serde(default)]
    pub expires_at: Option<u64>,
}

/// The product as its pages name it (`APP_NAME`, the name its texts use
/// too) and the pages it links to, each shown only when set (`HELP_URL`,
/// `TERMS_URL`, `PRIVACY_URL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    pub name: String,
    pub help: Option<String>,
    pub terms: Option<String>,
    pub privacy: Option<String>,
}

impl Default for Brand {
    fn default() -> Self {
        Self {
            name: domain::settings::DEFAULT_APP_NAME.to_owned(),
            help: None,
            terms: None,
            privacy: None,
        }
    }
}

/// What a phone form starts with: a notice from the previous step and the
/// values to prefill (a confirmed number, or what was typed before an error).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormPrefill {
    pub notice: Option<Notice>,
    pub country: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    /// The countries texts may go to (`SMS_COUNTRIES`), in their order.
    pub countries: Vec<CountryChoice>,
    /// Who this browser is signed in as (their number, written for people).
    #[serde(default)]
    pub signed_in_as: Option<String>,
    /// Seconds until a new code may go to `phone` (after a sign-in that ran
    /// out of attempts or time).
    #[serde(default)]
    pub resend_in: Option<u64>,
    /// The page a flow under way ends on (return-to), for the form to carry
    /// on when the address has no `?next=` (back from "Change it").
    #[serde(default)]
    pub next: Option<String>,
}

/// One country of the form's picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryChoice {
    /// ISO 3166 alpha-2.
    pub code: String,
    /// Its calling code (`+44`).
    pub dial: String,
}

/// A one-time note for the sign-in page; worded in `messages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    PhoneConfirmed,
    SessionEnded,
    SignedOut,
    SignedOutEverywhere,
    AccountDeleted,
}

/// The person signed in, as every check of it gives them (see
/// `server::auth`). Key your data by `sub`: it never changes, where a phone
/// number changes hands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    /// Cognito's stable id for the account.
    pub sub: String,
    /// E.164 (`+14155550102`).
    pub phone_number: String,
    /// The same, written for people (`+1 415-555-0102`).
    pub phone_display: String,
    pub name: Option<String>,
    /// The account's language (its texts'), else the page's.
    pub language: domain::Language,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub user_id: String,
    /// E.164, as the ID token says it.
    pub phone: String,
    /// The same, written for people (`+1 415-555-0102`).
    pub phone_display: String,
    pub name: Option<String>,
    /// A new name typed but not saved (its form failed, or the session
    /// ended first): the rename field shows it again.
    #[serde(default)]
    pub unsaved_name: Option<String>,
    /// Signed in recently enough to delete the account now (see
    /// `account::RECENT_SIGN_IN_SECS`).
    #[serde(default)]
    pub recent_sign_in: bool,
    /// The change-number form's starting values (its countries, and what
    /// was typed before a failure).
    #[serde(default)]
    pub number_form: FormPrefill,
}

/// The app's pages: where a finished step sends the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Home,
    SignUp,
    ConfirmSignUp,
    Login,
    Verify,
    Account,
    /// The account page, saying the name was saved.
    AccountSaved,
    /// The account page, saying the name was removed.
    NameRemoved,
    /// The page that waits for the new number's code.
    ConfirmNumber,
    /// The account page, saying the number changed.
    NumberChanged,
    /// The sign-in page, saying this browser was signed out.
    SignedOut,
    /// The sign-in page, saying every device was signed out.
    SignedOutEverywhere,
    /// The sign-in page, saying the account was deleted.
    AccountDeleted,
    /// A page on this site that a person was sent from (return-to), or is
    /// on (the language switch).
    Back(domain::ReturnTo),
}

impl Page {
    pub fn path(&self) -> &str {
        match self {
            Self::Home => "/",
            Self::SignUp => "/signup",
            Self::ConfirmSignUp => "/signup/confirm",
            Self::Login => "/login",
            Self::Verify => "/login/verify",
            Self::Account => "/account",
            Self::AccountSaved => "/account?saved=name",
            Self::NameRemoved => "/account?saved=removed",
            Self::ConfirmNumber => "/account/number",
            Self::NumberChanged => "/account?saved=number",
            Self::SignedOut => "/login?signed_out",
            Self::SignedOutEverywhere => "/login?signed_out=everywhere",
            Self::AccountDeleted => "/login?deleted",
            Self::Back(to) => to.as_str(),
        }
    }
}

/// The sign-in page's address for a person sent from `here` (a path on this
/// site, with its query): `/login?next=<here>`, or plain `/login` for
/// anything that is not such a path.
pub fn login_from(here: &str) -> String {
    with_next("/login", Some(here))
}

/// `page` (one of the sign-in's) carrying `next` on, when it is a path on
/// this site.
pub fn with_next(page: &str, next: Option<&str>) -> String {
    match next.and_then(domain::ReturnTo::parse) {
        Some(to) => format!("{page}?next={}", encode(to.as_str())),
        None => page.to_owned(),
    }
}

/// What a query value escapes: all but the unreserved characters and `/`
/// (left readable in `?next=/dashboard`).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

fn encode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, QUERY_VALUE).to_string()
}
