//! The three Cognito custom-auth triggers, PreSignUp (the SMS policy at
//! sign-up), PostAuthentication (a first sign-in proves the number) and
//! CustomMessage (sign-up texts in the page's language), as plain functions.
//!
//! Each trigger is a function from the Cognito event to the same event with its
//! `response` filled in. I/O (sending SMS) stays behind [`sms::SmsSender`], so
//! the decisions are testable without AWS, and `local-cognito` can run the very
//! same functions in process. What a code, a number or a text is comes from
//! the `domain` crate.

pub mod create;
pub mod custom_message;
pub mod define;
pub mod post_authentication;
pub mod pre_sign_up;
#[cfg(feature = "runtime")]
pub mod runtime;
pub mod sms;
pub mod verify;
