//! The product's domain, with no I/O: what a phone number is, what a code
//! is, how an issued code is kept (only as an HMAC), what a text says, the
//! names the triggers and the app agree on, SECRET_HASH, the code settings
//! with their defaults and ranges, and the clock everyone reads.
//!
//! The triggers (`lambdas`), the web app (`app`) and the Cognito stand-in
//! (`local-cognito`) all take these from here, so each rule has one home.

pub mod challenge;
pub mod clock;
pub mod language;
pub mod links;
pub mod numbering;
pub mod otp;
pub mod paste;
pub mod phone;
pub mod return_to;
pub mod secret_hash;
pub mod settings;
pub mod sms;
pub mod sms_policy;
pub mod test_numbers;

pub use challenge::{CUSTOM_CHALLENGE, SealedCode};
pub use clock::{Clock, ManualClock, SystemClock};
pub use language::Language;
pub use links::PageLink;
pub use otp::{CODE_LENGTH, NATIVE_CODE_LENGTH, OtpCode, OtpParseError};
pub use phone::{E164, LineType, PhoneNumber, PhoneParseError};
pub use return_to::ReturnTo;
pub use settings::{CodePolicy, SettingsError, SignInFlow, TriggerConfig};
pub use sms_policy::{SmsPolicy, SmsRefusal};
pub use test_numbers::{TestNumbers, TestNumbersError};
