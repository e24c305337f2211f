//! Building blocks shared by the pages.

mod countdown;
mod countries;
mod fields;
mod guard;
mod help;
mod language;
mod proof;
mod scripts;
mod signed_in;
mod site_links;

pub use countdown::{CodeExpiry, ResendControls, clock_text};
pub use countries::{COUNTRIES, country_label};
pub use fields::{CodeField, ErrorTitle, FormError, NameField, PageError, PhoneFields, SubmitButton, action_error};
pub use guard::{NextField, SignedIn, here, next_target};
pub use help::{CodeHelp, HelpFor};
pub use language::LanguageSwitch;
pub use proof::ProofFields;
pub use scripts::{IslandScripts, needs_scripts};
pub use signed_in::SignedInAs;
pub use site_links::SiteLinks;
