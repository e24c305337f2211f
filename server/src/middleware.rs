//! Response fix-ups that apply to every route.

use app::error::AuthError;
use app::server::respond;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Server functions answer every error they raise with its own 4xx/503
/// status. A 500 from under `/api/` can only come from the framework failing
/// to decode the request (a malformed or forged body), which is the caller's
/// fault: answered as a bad request. Runs inside the session layer, so that
/// the session layer's own 500s are left to [`store_failures_are_503`].
pub async fn server_fn_decode_errors_are_400(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if is_api && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return respond::response(&AuthError::BadRequest, false).into_response();
    }
    response
}

/// Outside the session layer, a 500 means the session store failed while
/// loading or saving the session (tower-sessions answers those with an empty
/// 500). That is an outage, not a bug in the request: answered as every
/// other "unavailable" is, with a time to retry. The session itself is
/// untouched, so the person continues once the store is back.
pub async fn store_failures_are_503(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    tracing::error!(
        status = 500,
        "failure under the session layer (the session store, as a rule); answered 503"
    );
    respond::response(&AuthError::Unavailable, !is_api).into_response()
}
