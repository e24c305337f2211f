//! The one path from an [`AuthError`] to what the browser receives: its
//! status and `Retry-After`, and its body where no page renders it. Server
//! functions, pages and the server's middleware all come through here.

use http::header::{CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, Method, StatusCode};
use leptos::prelude::*;
use leptos::server_fn::error::FromServerFnError;

use crate::error::AuthError;
use crate::messages;

fn status_of(error: &AuthError) -> StatusCode {
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST)
}

/// True when the request is a plain HTML form post (no JavaScript): those are
/// answered with a redirect back to the form, whose page then shows the error
/// with its status ([`show`]). A page (a GET) whose data failed is not one.
pub fn is_form_post() -> bool {
    use_context::<http::request::Parts>()
        .filter(|p| p.method == Method::POST)
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// A server function's error: the hydrated page's fetch gets the status now;
/// a plain form post keeps its redirect back to the form.
pub fn fail<T>(error: AuthError) -> Result<T, AuthError> {
    if !is_form_post() {
        show(&error);
    }
    Err(error)
}

/// The error's status (and retry time) on the response being rendered: a
/// page showing an error, or a server function's fetch.
pub fn show(error: &AuthError) {
    let Some(options) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    options.set_status(status_of(error));
    if let Some(secs) = error.retry_after() {
        options.insert_header(RETRY_AFTER, HeaderValue::from(secs));
    }
}

/// Takes back the status an error in the address set (see [`show`]): the
/// page shows something else instead (the person is signed in already).
pub fn shown_instead() {
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(StatusCode::OK);
    }
}

/// A whole response for an error raised outside the app (the server's
/// middleware): the server functions' encoding for a fetch, a small page
/// for a browser.
pub fn response(error: &AuthError, page: bool) -> http::Response<String> {
    if page {
        answer(error, "text/html; charset=utf-8", error_page(error))
    } else {
        answer(
            error,
            "application/json",
            String::from_utf8_lossy(&error.ser()).into_owned(),
        )
    }
}

/// A whole JSON answer for a call to a route of yours that needs someone
/// signed in (the `User` extractor's refusals): the error and its sentence,
/// `{"error": "NotSignedIn", "message": "Sign in to continue."}`.
pub fn json(error: &AuthError, language: crate::i18n::Language) -> http::Response<String> {
    let body = serde_json::json!({
        "error": error,
        "message": messages::error_text(error, language),
    });
    answer(error, "application/json", body.to_string())
}

/// `body` with the error's status and retry time.
fn answer(error: &AuthError, content_type: &'static str, body: String) -> http::Response<String> {
    let mut response = http::Response::new(body);
    *response.status_mut() = status_of(error);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(secs) = error.retry_after() {
        headers.insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// The error a plain form post's redirect carries in its URL (`__err`,
/// base64 of the JSON), if it is one of ours. Anything else (free text, a
/// variant that does not exist) is None, and the page ignores it.
pub fn error_from_url(encoded: &str) -> Option<AuthError> {
    use base64::Engine;
    let json = base64::engine::general_purpose::URL_SAFE.decode(encoded).ok()?;
    serde_json::from_slice(&json).ok()
}

/// The page for an error that happened before the app could render one.
fn error_page(error: &AuthError) -> String {
    let title = match error {
        AuthError::Unavailable => messages::unavailable_title(crate::i18n::Language::En),
        other => other.to_string(),
    };
    // The words are ours (no request text reaches them), so no escaping is
    // needed beyond what the constant strings already avoid.
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/pkg/phone-sign-in.css"></head>
<body><main class="card"><h1>{title}</h1>
<p role="alert">{error}</p>
<p><a href="/">Try again</a></p></main></body></html>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_errors_come_back_from_a_url() {
        use base64::Engine;
        let encode = |json: &str| base64::engine::general_purpose::URL_SAFE.encode(json);
        assert_eq!(
            error_from_url(&encode(r#""CodeExpired""#)),
            Some(AuthError::CodeExpired)
        );
        assert_eq!(
            error_from_url(&encode(r#"{"WrongCode":{"attempts_left":2}}"#)),
            Some(AuthError::WrongCode { attempts_left: 2 })
        );
        for forged in [
            r#"{"InvalidPhone":"Account locked. Reply to our text with your code to unlock."}"#,
            r#""Hacked""#,
            "not json",
        ] {
            assert_eq!(error_from_url(&encode(forged)), None, "{forged}");
        }
        assert_eq!(error_from_url("%%%"), None);
    }

    #[test]
    fn outside_answers_match_what_server_functions_send() {
        let r = response(&AuthError::Unavailable, false);
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.body(), "\"Unavailable\"");
        assert_eq!(r.headers()[RETRY_AFTER], "30");
        let page = response(&AuthError::Unavailable, true);
        assert!(
            page.body().contains("<h1>Sign-in is unavailable right now</h1>"),
            "{}",
            page.body()
        );
        assert!(page.body().contains(&AuthError::Unavailable.to_string()));
        let bad = response(&AuthError::BadRequest, false);
        assert_eq!(
            (bad.status(), bad.body().as_str()),
            (StatusCode::BAD_REQUEST, "\"BadRequest\"")
        );
        assert!(bad.headers().get(RETRY_AFTER).is_none());
    }
}
