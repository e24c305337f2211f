//! **Yours**: your own app, behind the sign-in. Everything here is a worked
//! example of what a product adds, and the only place you need to edit:
//!
//! - `routes.rs`: your pages (`/dashboard`); one more protected page is a
//!   file like `dashboard.rs` and one line there;
//! - `dashboard.rs`: a protected page, showing the person and their row;
//! - `data.rs`: your data, keyed by `sub` in a table of its own (SQLite by
//!   default), and the hooks that create and delete its rows;
//! - `api.rs`: plain axum routes of yours (`GET /api/me`, `POST /api/note`).
//!
//! The sign-in's part is in `crate::server` (who is signed in:
//! `server::auth`; the hooks' trait: `server::hooks`), `crate::components`
//! (`SignedIn`) and `crate::api` (`me`). Nothing there needs editing.

#[cfg(feature = "ssr")]
pub mod api;
pub mod dashboard;
#[cfg(feature = "ssr")]
pub mod data;
mod routes;

pub use routes::YourRoutes;
