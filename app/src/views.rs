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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub user_id: String,
    /// E.164, as the ID token says it.
    pub phone: String,
    /// The same, written for people (`+1 415-555-0102`).
    pub phone_display: String,
    pub name: Option<String>,
    pub phone_verified: bool,
    /// A new name typed but not saved (its form failed, or the session
    /// ended first): the rename field shows it again.
    #[serde(default)]
    pub unsaved_name: Option<String>,
}

/// The app's pages: where a finished step sends the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Home,
    SignUp,
    ConfirmSignUp,
    Login,
    Verify,
    Account,
    /// The account page, saying the name was saved.
    AccountSaved,
    /// The sign-in page, saying this browser was signed out.
    SignedOut,
    /// The sign-in page, saying every device was signed out.
    SignedOutEverywhere,
}

impl Page {
    /// The page at `path` that a browser may be sent back to (the plain
    /// pages, no flags); None for any other address, so that nothing a
    /// request says can send a browser elsewhere.
    pub fn at(path: &str) -> Option<Self> {
        [
            Self::Home,
            Self::SignUp,
            Self::ConfirmSignUp,
            Self::Login,
            Self::Verify,
            Self::Account,
        ]
        .into_iter()
        .find(|p| p.path() == path)
    }

    pub const fn path(self) -> &'static str {
        match self {
            Self::Home => "/",
            Self::SignUp => "/signup",
            Self::ConfirmSignUp => "/signup/confirm",
            Self::Login => "/login",
            Self::Verify => "/login/verify",
            Self::Account => "/account",
            Self::AccountSaved => "/account?saved=name",
            Self::SignedOut => "/login?signed_out",
            Self::SignedOutEverywhere => "/login?signed_out=everywhere",
        }
    }
}
