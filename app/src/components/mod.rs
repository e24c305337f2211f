//! Building blocks shared by the pages.

mod countdown;
mod countries;
mod fields;
mod proof;
mod scripts;

pub use countdown::{CodeExpiry, ResendControls, clock_text};
pub use countries::{COUNTRIES, country_label};
pub use fields::{CodeField, FormError, NameField, PhoneFields, SubmitButton, action_error};
pub use proof::ProofFields;
pub use scripts::{IslandScripts, needs_scripts};
