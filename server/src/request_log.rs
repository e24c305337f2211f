//! Every request's id and its access line. The id is taken from
//! `X-Request-Id` when a trusted proxy sent one (a load balancer's, to
//! follow a request across services), made here otherwise, echoed in the
//! response, and carried by every log line the request causes (a `request`
//! span). The access line names the route's pattern, never the address as
//! asked (no query string, no path a person typed), so it holds no code,
//! number, token or session id.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::config::TrustedProxies;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// This request's id, in its extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// An id a proxy may hand on: 1 to 128 characters a log line can hold as
/// they are.
fn acceptable(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/' | b'+' | b'='))
}

/// The proxy's id where the peer is a trusted proxy and the id is
/// acceptable; a new one otherwise.
pub fn request_id(request: &Request, proxies: Option<&TrustedProxies>) -> String {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let trusted = matches!((peer, proxies), (Some(peer), Some(p)) if p.trusts(peer));
    request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| trusted && acceptable(id))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

pub async fn log(proxies: Option<TrustedProxies>, mut request: Request, next: Next) -> Response {
    let id = request_id(&request, proxies.as_ref());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "-".to_owned(), |p| p.as_str().to_owned());
    request.extensions_mut().insert(RequestId(id.clone()));
    request.headers_mut().insert(
        REQUEST_ID,
        HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("-")),
    );
    let span = tracing::info_span!("request", request_id = %id);
    let started = Instant::now();
    async move {
        let mut response = next.run(request).await;
        tracing::info!(
            target: "access",
            method = %method,
            route,
            status = response.status().as_u16(),
            duration_ms = started.elapsed().as_millis() as u64,
        );
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert(REQUEST_ID, value);
        }
        response
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_of_a_sane_length_are_handed_on() {
        for ok in [
            "abc",
            "0b8f-4c2a",
            "Root=1-67891233-abcdef012345678912345678",
            "a".repeat(128).as_str(),
        ] {
            assert!(acceptable(ok), "{ok}");
        }
        for bad in [
            "",
            "a b",
            "id\nforged line",
            "\"quoted\"",
            "a".repeat(129).as_str(),
            "é",
        ] {
            assert!(!acceptable(bad), "{bad:?}");
        }
    }
}
