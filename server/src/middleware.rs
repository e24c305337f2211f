//! Response fix-ups that apply to every route.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Server functions answer every error they raise with its own 4xx/503
/// status. A 500 from under `/api/` can only come from the framework failing
/// to decode the request (a malformed or forged body), which is the caller's
/// fault: say so with a 400. Runs inside the session layer, so that the
/// session layer's own 500s are left to [`store_failures_are_503`].
pub async fn server_fn_decode_errors_are_400(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if is_api && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}

/// Outside the session layer, a 500 means the session store failed while
/// loading or saving the session (tower-sessions answers those with an empty
/// 500). That is an outage, not a bug in the request: answer 503 with the
/// same message and shape as every other "unavailable", and a time to retry.
/// The session itself is untouched, so the person continues once it is back.
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
    let mut response = if is_api {
        // What the hydrated page decodes as `AuthError::Unavailable`.
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            "\"Unavailable\"",
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            UNAVAILABLE_PAGE,
        )
            .into_response()
    };
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(app::server::context::UNAVAILABLE_RETRY_AFTER),
    );
    response
}

const UNAVAILABLE_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Unavailable</title><link rel="stylesheet" href="/pkg/phone-sign-in.css"></head>
<body><main class="card"><h1>Sign-in is unavailable right now</h1>
<p role="alert">Sign-in is unavailable right now. Try again in a minute.</p>
<p><a href="/">Try again</a></p></main></body></html>"#;
