//! Your plain axum routes. A handler that takes [`User`] runs only for a
//! signed-in person (anyone else gets 401, or a page is sent to sign in).

use axum::extract::{Extension, Form};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use super::data::Yours;
use crate::server::auth::User;
use crate::views::SignedInUser;

/// Merged into the server's router, inside its sessions and security
/// headers; the sign-in's own policies (its POST cap, failure pages and
/// decode-error answers) leave these routes alone.
pub fn routes() -> Router {
    Router::new()
        .route("/api/me", get(me))
        .route("/api/note", post(save_note))
}

/// `GET /api/me`: who is signed in, as JSON (never kept by a cache: it is
/// one person's).
async fn me(user: User) -> impl IntoResponse {
    (
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Json::<SignedInUser>(user.0),
    )
}

#[derive(Deserialize)]
struct NoteForm {
    note: String,
}

/// `POST /api/note`: a plain form's post; back to the dashboard.
async fn save_note(user: User, Extension(yours): Extension<Yours>, Form(form): Form<NoteForm>) -> impl IntoResponse {
    let note: String = form.note.trim().chars().take(200).collect();
    match yours.members.set_note(&user.sub, &note).await {
        Ok(()) => Redirect::to("/dashboard").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "members table");
            (axum::http::StatusCode::SERVICE_UNAVAILABLE, "Try again in a moment.").into_response()
        }
    }
}
