//! What every request runs with, provided to the app once as one typed value.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use domain::{Clock, CodePolicy, SmsPolicy};

use super::cognito::AuthFlow;
use super::forms::DraftCookie;
use super::hooks::Hooks;
use super::jwt::TokenVerifier;
use super::limits::Limits;
use super::metrics::Metrics;
use super::proof::ProofGate;

/// The server's dependencies and settings. Cheap to clone (all shared).
#[derive(Clone)]
pub struct AppState {
    /// Every Cognito call.
    pub cognito: Arc<AuthFlow>,
    /// Checks tokens against the pool's keys.
    pub tokens: Arc<TokenVerifier>,
    pub limits: Arc<Limits>,
    pub clock: Arc<dyn Clock>,
    /// Keeps what was typed into a form that failed.
    pub drafts: DraftCookie,
    /// Which numbers may be texted at all (`SMS_COUNTRIES`, mobile lines).
    pub sms: Arc<SmsPolicy>,
    /// Fictional numbers that sign up and in with a fixed code, never
    /// texted (`TEST_NUMBERS`; the triggers have the same list).
    pub test_numbers: Option<Arc<domain::TestNumbers>>,
    /// The step before a text when risk is up (`PROOF_*`).
    pub proofs: ProofGate,
    /// Counters for monitoring (served on `METRICS_ADDR`).
    pub metrics: Arc<Metrics>,
    pub settings: Settings,
    /// Your app's hooks on an account's life (`hooks::NoHooks` by default).
    pub hooks: Arc<dyn Hooks>,
    /// The sessions whose revocation check (GetUser) is in flight.
    pub revocation_checks: Arc<super::auth::RevocationChecks>,
    /// Sources added to the pages' Content-Security-Policy
    /// (`CSP_EXTRA`, see `crate::content_security_policy`).
    pub csp_extra: Arc<str>,
    /// The product's name (`APP_NAME`) and links, on every page.
    pub brand: Arc<crate::views::Brand>,
}

impl AppState {
    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    /// Whether `phone` is one of the test numbers.
    pub fn is_test_number(&self, phone: &domain::PhoneNumber) -> bool {
        self.test_numbers.as_ref().is_some_and(|t| t.contains(phone.as_e164()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The code lifetime and attempts the triggers use (`OTP_TTL_SECONDS`,
    /// `OTP_MAX_ATTEMPTS`): a number with no account is shown the same.
    pub code_policy: CodePolicy,
    /// A signed-in session ends this long after sign-in, however busy.
    pub session_max_age: Duration,
    /// Every request that may text a code takes at least this long, so that a
    /// number with an account (whose code waits for SNS) and one without (no
    /// text at all) answer in the same time.
    pub send_floor: Duration,
    /// Every failed code check takes at least this long, so that a number
    /// with an account (checked by Cognito) and one without (checked by
    /// nobody) answer in the same time.
    pub check_floor: Duration,
    /// Whether pages load the wasm bundle; off, they are plain HTML forms.
    pub hydrate: bool,
}

/// The client's address as the server worked it out (the socket's peer, or
/// the address a trusted proxy reported); put in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);
