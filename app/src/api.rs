//! Server functions: the only way the pages reach the server. Each one is a
//! thin shell around `server::handlers`, which does the work; an error gets
//! its HTTP status here.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AuthError;

#[cfg(feature = "ssr")]
use crate::server::{context::fail, handlers};

/// The sign-in in progress, as the code page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInStatus {
    pub masked_phone: String,
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
    pub masked_phone: String,
    pub resend_at: u64,
    pub resent: bool,
    pub now: u64,
}

/// What a phone form starts with: a notice from the previous step and the
/// values to prefill (a confirmed number, or what was typed before an error).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormPrefill {
    pub notice: Option<String>,
    pub country: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub user_id: String,
    pub phone: String,
    pub name: Option<String>,
    pub phone_verified: bool,
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(country: String, phone: String, name: String) -> Result<(), AuthError> {
    handlers::sign_up(&country, &phone, &name).await.or_else(fail)
}

#[server(endpoint = "confirm_sign_up")]
pub async fn confirm_sign_up(code: String) -> Result<(), AuthError> {
    handlers::confirm_sign_up(&code).await.or_else(fail)
}

#[server(endpoint = "resend_sign_up_code")]
pub async fn resend_sign_up_code() -> Result<(), AuthError> {
    handlers::resend_sign_up_code().await.or_else(fail)
}

#[server(endpoint = "start_sign_in")]
pub async fn start_sign_in(country: String, phone: String) -> Result<(), AuthError> {
    handlers::start_sign_in(&country, &phone).await.or_else(fail)
}

#[server(endpoint = "verify_sign_in")]
pub async fn verify_sign_in(code: String) -> Result<(), AuthError> {
    handlers::verify_sign_in(&code).await.or_else(fail)
}

#[server(endpoint = "resend_sign_in_code")]
pub async fn resend_sign_in_code() -> Result<(), AuthError> {
    handlers::resend_sign_in_code().await.or_else(fail)
}

#[server(endpoint = "sign_out")]
pub async fn sign_out(everywhere: Option<String>) -> Result<(), AuthError> {
    handlers::sign_out(everywhere.is_some()).await.or_else(fail)
}

#[server(endpoint = "update_name")]
pub async fn update_name(name: String) -> Result<(), AuthError> {
    handlers::update_name(&name).await.or_else(fail)
}

#[server(endpoint = "pending_sign_up")]
pub async fn pending_sign_up() -> Result<Option<SignUpStatus>, AuthError> {
    handlers::pending_sign_up().await.or_else(fail)
}

#[server(endpoint = "pending_sign_in")]
pub async fn pending_sign_in() -> Result<Option<SignInStatus>, AuthError> {
    handlers::pending_sign_in().await.or_else(fail)
}

#[server(endpoint = "login_start")]
pub async fn login_start() -> Result<FormPrefill, AuthError> {
    handlers::login_start().await.or_else(fail)
}

#[server(endpoint = "signup_start")]
pub async fn signup_start() -> Result<FormPrefill, AuthError> {
    handlers::signup_start().await.or_else(fail)
}

#[server(endpoint = "account")]
pub async fn account() -> Result<Option<AccountView>, AuthError> {
    handlers::account().await.or_else(fail)
}
