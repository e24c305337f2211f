//! Response fix-ups that apply to every route.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Server functions answer every error they raise with its own 4xx/503
/// status. A 500 from under `/api/` can only come from the framework failing
/// to decode the request (a malformed or forged body), which is the caller's
/// fault: say so with a 400.
pub async fn server_fn_decode_errors_are_400(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if is_api && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}
