//! One module per page.

mod account;
mod home;
mod login;
mod not_found;
mod number;
mod signup;

pub use account::AccountPage;
pub use home::HomePage;
pub use login::{LoginPage, VerifyPage};
pub use not_found::NotFound;
pub use number::ConfirmNumberPage;
pub use signup::{ConfirmSignUpPage, SignUpPage};
