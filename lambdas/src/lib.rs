//! The three Cognito custom-auth triggers as plain functions.
//!
//! Each trigger is a function from the Cognito event to the same event with its
//! `response` filled in. I/O (sending SMS) stays behind [`sms::SmsSender`], so
//! the decisions are testable without AWS, and `local-cognito` can run the very
//! same functions in process.

pub mod challenge;
pub mod config;
pub mod create;
pub mod define;
pub mod otp;
pub mod phone;
#[cfg(feature = "runtime")]
pub mod runtime;
pub mod sms;
pub mod verify;

pub use config::TriggerConfig;
pub use otp::{OtpCode, OtpParseError};
pub use phone::{E164, PhoneNumber, PhoneParseError};

/// The only challenge these triggers issue.
pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
