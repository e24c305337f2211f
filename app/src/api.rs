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
    pub now: u64,
}

/// What the sign-in page starts with: a notice from the previous step and a
/// number to prefill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginPrefill {
    pub notice: Option<String>,
    pub country: Option<String>,
    pub national_number: Option<String>,
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

#[server(endpoint = "start_sign_in")]
pub async fn start_sign_in(country: String, phone: String) -> Result<(), AuthError> {
    handlers::start_sign_in(&country, &phone).await.or_else(fail)
}

#[server(endpoint = "verify_sign_in")]
pub async fn verify_sign_in(code: String) -> Result<(), AuthError> {
    handlers::verify_sign_in(&code).await.or_else(fail)
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
pub async fn pending_sign_up() -> Result<Option<String>, AuthError> {
    handlers::pending_sign_up().await.or_else(fail)
}

#[server(endpoint = "pending_sign_in")]
pub async fn pending_sign_in() -> Result<Option<SignInStatus>, AuthError> {
    handlers::pending_sign_in().await.or_else(fail)
}

#[server(endpoint = "login_start")]
pub async fn login_start() -> Result<LoginPrefill, AuthError> {
    handlers::login_start().await.or_else(fail)
}

#[server(endpoint = "account")]
pub async fn account() -> Result<Option<AccountView>, AuthError> {
    handlers::account().await.or_else(fail)
}
