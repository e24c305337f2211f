//! Building blocks shared by the pages.

#[cfg(feature = "hydrate")]
mod browser;
mod countdown;
mod countries;
mod fields;
mod proof;

pub use countdown::{CodeExpiry, ResendControls, clock_text, countdown};
pub use countries::{COUNTRIES, country_label};
pub use fields::{CodeField, FormError, NameField, PhoneFields, SubmitButton, action_error};
pub use proof::ProofFields;
