//! The real AWS SDK against local-cognito over HTTP: the whole sign-up and
//! sign-in protocol, one module per group of operations.

mod support;

mod account;
mod confirm_at_sign_in;
mod custom_auth;
mod differences;
mod differential;
mod native;
mod number;
mod protocol;
mod sign_up;
mod test_numbers;
mod tokens;
