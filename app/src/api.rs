//! Server functions: the only way the pages reach the server. Each one takes
//! the request's typed state, hands it to the flow module that does the work
//! (`server::sign_up`, `server::sign_in`, `server::account`), and turns the
//! outcome into a redirect or the error's status (`server::request`).

use leptos::prelude::*;

use crate::error::AuthError;
use crate::views::{AccountView, FormPrefill, SignInStatus, SignUpStatus, SignedInUser};

#[cfg(feature = "ssr")]
use crate::server::{
    account as accounts, number, proof::ProofAnswer, request, sign_in as sign_ins, sign_up as sign_ups,
};

/// The sign-in's own server functions, by path: the routes its policies
/// (the POST cap, its failure pages, its decode-error answers) cover, and
/// no others. A server function of yours is not among them.
pub const SIGN_IN_ENDPOINTS: [&str; 21] = [
    <SignUp as leptos::server_fn::ServerFn>::PATH,
    <ConfirmSignUp as leptos::server_fn::ServerFn>::PATH,
    <ResendSignUpCode as leptos::server_fn::ServerFn>::PATH,
    <StartSignIn as leptos::server_fn::ServerFn>::PATH,
    <VerifySignIn as leptos::server_fn::ServerFn>::PATH,
    <ResendSignInCode as leptos::server_fn::ServerFn>::PATH,
    <SignOut as leptos::server_fn::ServerFn>::PATH,
    <UpdateName as leptos::server_fn::ServerFn>::PATH,
    <PendingSignUp as leptos::server_fn::ServerFn>::PATH,
    <PendingSignIn as leptos::server_fn::ServerFn>::PATH,
    <LoginStart as leptos::server_fn::ServerFn>::PATH,
    <SignupStart as leptos::server_fn::ServerFn>::PATH,
    <Account as leptos::server_fn::ServerFn>::PATH,
    <SignedInAs as leptos::server_fn::ServerFn>::PATH,
    <SetLanguage as leptos::server_fn::ServerFn>::PATH,
    <Me as leptos::server_fn::ServerFn>::PATH,
    <DeleteAccount as leptos::server_fn::ServerFn>::PATH,
    <ChangeNumber as leptos::server_fn::ServerFn>::PATH,
    <ConfirmNumber as leptos::server_fn::ServerFn>::PATH,
    <ResendNumberCode as leptos::server_fn::ServerFn>::PATH,
    <PendingNumber as leptos::server_fn::ServerFn>::PATH,
];

/// The sign-in's own pages.
pub const SIGN_IN_PAGES: [&str; 7] = [
    "/",
    "/signup",
    "/signup/confirm",
    "/login",
    "/login/verify",
    "/account",
    "/account/number",
];

/// Whether `path` is one of the sign-in's own routes (see
/// [`SIGN_IN_ENDPOINTS`]); `/api/me`, `/dashboard` and every route you add
/// (your server functions under `/api/yours/`) are not.
pub fn is_sign_in_route(path: &str) -> bool {
    SIGN_IN_ENDPOINTS.contains(&path) || SIGN_IN_PAGES.contains(&path)
}

/// `next`: the page to end on after signing in (return-to), from the
/// page's `?next=`.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    country: String,
    phone: String,
    name: String,
    next: Option<String>,
    proof_seed: Option<String>,
    proof: Option<String>,
) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    let start = sign_ups::start(&app, &visit, &country, &phone, &name, next.as_deref(), proof.as_ref());
    request::go(&app, &visit, start.await)
}

/// `number`: the number the code page showed (see `components::CodeField`).
#[server(endpoint = "confirm_sign_up")]
pub async fn confirm_sign_up(code: String, number: Option<String>) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let confirm = sign_ups::confirm_shown(&app, &visit, &code, number.as_deref());
    request::go(&app, &visit, confirm.await)
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
    next: Option<String>,
    proof_seed: Option<String>,
    proof: Option<String>,
) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    request::go(
        &app,
        &visit,
        sign_ins::start(&app, &visit, &country, &phone, next.as_deref(), proof.as_ref()).await,
    )
}

#[server(endpoint = "verify_sign_in")]
pub async fn verify_sign_in(code: String, number: Option<String>) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let verify = sign_ins::verify_shown(&app, &visit, &code, number.as_deref());
    request::go(&app, &visit, verify.await)
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

/// Deletes the signed-in account (a sign-in within the last minutes needed).
#[server(endpoint = "delete_account")]
pub async fn delete_account() -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    request::go(&app, &visit, accounts::delete_account(&app, &visit).await)
}

/// Texts a code to a new number for the signed-in account (a sign-in
/// within the last minutes needed); the number changes when it comes back.
#[server(endpoint = "change_number")]
pub async fn change_number(
    country: String,
    phone: String,
    proof_seed: Option<String>,
    proof: Option<String>,
) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    let start = number::start(&app, &visit, &country, &phone, proof.as_ref());
    request::go(&app, &visit, start.await)
}

#[server(endpoint = "confirm_number")]
pub async fn confirm_number(code: String, number: Option<String>) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let confirm = number::confirm_shown(&app, &visit, &code, number.as_deref());
    request::go(&app, &visit, confirm.await)
}

#[server(endpoint = "resend_number_code")]
pub async fn resend_number_code(proof_seed: Option<String>, proof: Option<String>) -> Result<(), AuthError> {
    let (app, visit) = request::begin().await?;
    let proof = ProofAnswer::parse(proof_seed.as_deref(), proof.as_deref());
    request::go(&app, &visit, number::resend(&app, &visit, proof.as_ref()).await)
}

/// The new number waiting for its code; 401 for an anonymous caller.
#[server(endpoint = "pending_number")]
pub async fn pending_number() -> Result<Option<SignUpStatus>, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, number::status(&app, &visit).await)
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

/// The account page's data; 401 (`NotSignedIn`) for an anonymous caller.
#[server(endpoint = "account")]
pub async fn account() -> Result<AccountView, AuthError> {
    let (app, visit) = request::begin().await?;
    request::answer(&visit, accounts::view(&app, &visit).await)
}

/// Who is signed in, for a page of yours ([`crate::components::SignedIn`]
/// calls it): 401 (`NotSignedIn`) for an anonymous caller. A server
/// function of yours calls `server::auth::signed_in()` instead.
#[server(endpoint = "signed_in_user")]
pub async fn me() -> Result<SignedInUser, AuthError> {
    crate::server::auth::signed_in().await
}

/// For the sign-in's public pages: who this browser is signed in as
/// (written for people), or null. A public page shows it or not; nothing is
/// protected by it (see [`me`]).
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::SIGN_IN_ENDPOINTS;

    #[test]
    fn every_server_function_but_yours_is_one_of_the_sign_ins_endpoints() {
        let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path)
            .filter(|path| !path.starts_with("/api/yours/"))
            .collect();
        for path in &registered {
            assert!(SIGN_IN_ENDPOINTS.contains(path), "{path} is not listed");
        }
        for path in SIGN_IN_ENDPOINTS {
            assert!(registered.contains(&path), "{path} is listed but not served");
        }
    }
}
