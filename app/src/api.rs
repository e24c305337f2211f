//! Server functions: the only way the pages reach the server. Each one takes
//! the request's typed state, hands it to the flow module that does the work
//! (`server::sign_up`, `server::sign_in`, `server::account`), and turns the
//! outcome into a redirect or the error's status (`server::request`).

use leptos::prelude::*;

use crate::error::AuthError;
use crate::views::{AccountView, FormPrefill, SignInStatus, SignUpStatus};

#[cfg(feature = "ssr")]
use crate::server::{account as accounts, proof::ProofAnswer, request, sign_in as sign_ins, sign_up as sign_ups};

#[server(endpoint = "sign_up")]
pub async fn sign_up(
    country: String,
    phone: String,
    name: String,
    proof_seed: Option<String>,
    proof: Option<String>,
) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    request::go(
        &app,
        &visit,
        sign_ups::start(&app, &visit, &country, &phone, &name, proof.as_ref()).await,
    )
}

#[server(endpoint = "confirm_sign_up")]
pub async fn confirm_sign_up(code: String) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    request::go(&app, &visit, sign_ups::confirm(&app, &visit, &code).await)
}

#[server(endpoint = "resend_sign_up_code")]
pub async fn resend_sign_up_code(proof_seed: Option<String>, proof: Option<String>) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    request::go(&app, &visit, sign_ups::resend(&app, &visit, proof.as_ref()).await)
}

#[server(endpoint = "start_sign_in")]
pub async fn start_sign_in(
    country: String,
    phone: String,
    proof_seed: Option<String>,
    proof: Option<String>,
) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    request::go(
        &app,
        &visit,
        sign_ins::start(&app, &visit, &country, &phone, proof.as_ref()).await,
    )
}

#[server(endpoint = "verify_sign_in")]
pub async fn verify_sign_in(code: String) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    request::go(&app, &visit, sign_ins::verify(&app, &visit, &code).await)
}

#[server(endpoint = "resend_sign_in_code")]
pub async fn resend_sign_in_code(proof_seed: Option<String>, proof: Option<String>) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    request::go(&app, &visit, sign_ins::resend(&app, &visit, proof.as_ref()).await)
}

#[server(endpoint = "sign_out")]
pub async fn sign_out(everywhere: Option<String>) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    request::go(
        &app,
        &visit,
        accounts::sign_out(&app, &visit, everywhere.is_some()).await,
    )
}

#[server(endpoint = "update_name")]
pub async fn update_name(name: String) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    request::go(&app, &visit, accounts::update_name(&app, &visit, &name).await)
}

#[server(endpoint = "pending_sign_up")]
pub async fn pending_sign_up() -> Result<Option<SignUpStatus>, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, sign_ups::status(&app, &visit).await)
}

#[server(endpoint = "pending_sign_in")]
pub async fn pending_sign_in() -> Result<Option<SignInStatus>, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, sign_ins::status(&app, &visit).await)
}

#[server(endpoint = "login_start")]
pub async fn login_start() -> Result<FormPrefill, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, sign_ins::form(&app, &visit).await)
}

#[server(endpoint = "signup_start")]
pub async fn signup_start() -> Result<FormPrefill, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, sign_ups::form(&app, &visit).await)
}

#[server(endpoint = "account")]
pub async fn account() -> Result<Option<AccountView>, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, accounts::view(&app, &visit).await)
}

#[server(endpoint = "signed_in_as")]
pub async fn signed_in_as() -> Result<Option<String>, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, Ok(accounts::signed_in_as(&app, &visit).await))
}

/// The language switch: remembers `language` for this browser (and for the
/// account's texts, where it is signed in) and goes back to `back`.
#[server(endpoint = "language")]
pub async fn set_language(language: String, back: String) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    request::go(
        &app,
        &visit,
        accounts::set_language(&app, &visit, &language, &back).await,
    )
}
