//! Building blocks shared by the pages.

mod countries;
mod fields;

pub use countries::COUNTRIES;
pub use fields::{CodeField, FormError, NameField, PhoneFields, SubmitButton, action_error};
