//! The server-only half of the app (the `ssr` feature): one module per flow,
//! the typed state they run with, and what they share.
//!
//! A server function (`crate::api`) calls [`request::begin`] for the
//! [`AppState`] and the browser's [`Visit`], runs a flow step, and hands the
//! outcome to [`request::go`] or [`request::answer`]. Flow steps take those
//! two values as arguments, so they run (and are tested) without Leptos.

pub mod account;
pub mod assets;
pub mod auth;
pub mod check;
pub mod cognito;
pub mod forms;
pub mod hooks;
pub mod jwt;
pub mod limits;
pub mod metrics;
pub mod number;
pub mod proof;
pub mod request;
pub mod respond;
pub mod return_to;
pub mod send;
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod state;
#[cfg(test)]
mod testing;

pub use auth::User;
pub use cognito::{AuthFlow, Tokens};
pub use hooks::{HookResult, Hooks, NoHooks};
pub use jwt::TokenVerifier;
pub use limits::{LimitPolicy, LimitStore, Limits};
pub use session::Visit;
pub use state::{AppState, ClientIp, Settings};

/// Loads, once per process, what the first pages would otherwise load while
/// someone waits: every language's Fluent bundle and libphonenumber's plan
/// (the forms' calling codes; each typed number). The server calls it
/// before it listens.
pub fn warm_up() {
    for language in crate::i18n::Language::ALL {
        let _ = crate::i18n::text(language, "sign-in", &[]);
    }
    let _ = domain::sms_policy::dialing_code("US");
    let _ = domain::PhoneNumber::parse("+14155552671");
}
