//! The HTTP face: Cognito's JSON protocol on `POST /`, the JWKS, and the
//! loopback-only developer outbox.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::CognitoError;
use crate::outbox::Outbox;
use crate::pool::Pool;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

pub fn router(pool: Arc<Pool>) -> Router {
    let outbox = pool.outbox.clone();
    Router::new()
        .route("/", post(dispatch))
        .route("/{pool_id}/.well-known/jwks.json", get(jwks))
        .route("/{pool_id}/.well-known/openid-configuration", get(openid_configuration))
        .with_state(pool)
        // Browser clients (Amplify JS with a custom endpoint) call Cognito
        // cross-origin, and Cognito allows it.
        .layer(cors())
        .merge(dev_routes(outbox))
}

fn cors() -> tower_http::cors::CorsLayer {
    use axum::http::{HeaderName, Method};
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::POST, Method::GET])
        .allow_headers([
            HeaderName::from_static("content-type"),
            HeaderName::from_static("x-amz-target"),
            HeaderName::from_static("x-amz-user-agent"),
            HeaderName::from_static("cache-control"),
        ])
        .expose_headers([
            HeaderName::from_static("x-amzn-errortype"),
            HeaderName::from_static("x-amzn-requestid"),
        ])
}

/// `GET /_dev/sms[?to=+1...]` and `DELETE /_dev/sms`, answered only to a
/// client on this machine talking to it directly: a loopback peer, a
/// loopback name in `Host`, and no proxy's forwarding headers. A proxy on the
/// same host makes every visitor a loopback peer; the other two tell. Needs
/// the server to provide `ConnectInfo<SocketAddr>`.
pub fn dev_routes(outbox: Arc<Outbox>) -> Router {
    Router::new()
        .route("/_dev/sms", get(list_sms).delete(clear_sms))
        .with_state(outbox)
        .layer(middleware::from_fn(loopback_only))
}

/// Headers a proxy adds for the request it forwards.
const FORWARDING: [&str; 5] = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip", "via"];

fn is_loopback_host(host: &str) -> bool {
    // `localhost`, `127.0.0.1`, `[::1]`, with or without a port.
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub fn is_local_request(peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
    let peer_is_local = peer.is_some_and(|p| p.ip().is_loopback());
    let host_is_local = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .is_some_and(is_loopback_host);
    let forwarded = FORWARDING.iter().any(|h| headers.contains_key(*h));
    peer_is_local && host_is_local && !forwarded
}

async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if is_local_request(peer, request.headers()) {
        next.run(request).await
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

#[derive(serde::Deserialize)]
struct SmsQuery {
    to: Option<String>,
}

async fn list_sms(State(outbox): State<Arc<Outbox>>, Query(q): Query<SmsQuery>) -> Response {
    // `+` in a query string arrives as a space unless encoded; accept both.
    let to = q.to.map(|t| {
        let t = t.trim();
        if t.starts_with('+') {
            t.to_owned()
        } else {
            format!("+{t}")
        }
    });
    axum::Json(outbox.list(to.as_deref())).into_response()
}

async fn clear_sms(State(outbox): State<Arc<Outbox>>) -> StatusCode {
    outbox.clear();
    StatusCode::NO_CONTENT
}

async fn jwks(State(pool): State<Arc<Pool>>, Path(pool_id): Path<String>) -> Response {
    if pool_id != pool.config.pool_id {
        return StatusCode::NOT_FOUND.into_response();
    }
    axum::Json(pool.jwks()).into_response()
}

async fn openid_configuration(State(pool): State<Arc<Pool>>, Path(pool_id): Path<String>) -> Response {
    if pool_id != pool.config.pool_id {
        return StatusCode::NOT_FOUND.into_response();
    }
    let issuer = pool.config.issuer();
    axum::Json(serde_json::json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "id_token_signing_alg_values_supported": ["RS256"],
        "subject_types_supported": ["public"],
        "response_types_supported": ["code", "token"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }))
    .into_response()
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, CognitoError> {
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            CognitoError::invalid_parameter(format!("1 validation error detected: {e}"))
        } else {
            CognitoError::new("SerializationException", "Failed to parse the request body.")
        }
    })
}

fn reply<T: Serialize>(result: Result<T, CognitoError>) -> Response {
    match result {
        Ok(body) => {
            let mut response = axum::Json(body).into_response();
            response
                .headers_mut()
                .insert("content-type", HeaderValue::from_static("application/x-amz-json-1.1"));
            response
        }
        Err(e) => e.into_response(),
    }
}

async fn dispatch(State(pool): State<Arc<Pool>>, headers: HeaderMap, body: Bytes) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(operation) = target.strip_prefix(TARGET_PREFIX) else {
        return CognitoError::new("UnknownOperationException", "Missing or unknown X-Amz-Target.").into_response();
    };
    tracing::debug!(operation, "cognito call");
    match operation {
        "SignUp" => reply(parse(&body).and_then(|r| pool.sign_up(r))),
        "ConfirmSignUp" => reply(parse(&body).and_then(|r| pool.confirm_sign_up(r))),
        "ResendConfirmationCode" => reply(parse(&body).and_then(|r| pool.resend_confirmation_code(r))),
        "InitiateAuth" => match parse(&body) {
            Ok(r) => reply(pool.initiate_auth(r).await),
            Err(e) => e.into_response(),
        },
        "RespondToAuthChallenge" => match parse(&body) {
            Ok(r) => reply(pool.respond_to_auth_challenge(r).await),
            Err(e) => e.into_response(),
        },
        "GetUser" => reply(parse(&body).and_then(|r| pool.get_user(r))),
        "UpdateUserAttributes" => reply(parse(&body).and_then(|r| pool.update_user_attributes(r))),
        "GetUserAttributeVerificationCode" => {
            reply(parse(&body).and_then(|r| pool.get_user_attribute_verification_code(r)))
        }
        "VerifyUserAttribute" => reply(parse(&body).and_then(|r| pool.verify_user_attribute(r))),
        "DeleteUserAttributes" => reply(parse(&body).and_then(|r| pool.delete_user_attributes(r))),
        "GlobalSignOut" => reply(parse(&body).and_then(|r| pool.global_sign_out(r))),
        "RevokeToken" => reply(parse(&body).and_then(|r| pool.revoke_token(r))),
        "DeleteUser" => reply(parse(&body).and_then(|r| pool.delete_user(r))),
        other => CognitoError::new(
            "UnknownOperationException",
            format!("{other} is not supported by local-cognito."),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_machine_talking_directly_reads_the_outbox() {
        let local: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        for host in ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "LOCALHOST"] {
            assert!(is_local_request(Some(local), &headers(&[("host", host)])), "{host}");
        }
        // A reverse proxy on the same host: loopback peer, public Host.
        assert!(!is_local_request(Some(local), &headers(&[("host", "example.com")])));
        // Or a loopback Host, but forwarding headers give the proxy away.
        for forwarding in FORWARDING {
            let h = headers(&[("host", "127.0.0.1:3000"), (forwarding, "203.0.113.9")]);
            assert!(!is_local_request(Some(local), &h), "{forwarding}");
        }
        let remote: SocketAddr = "203.0.113.9:5000".parse().unwrap();
        assert!(!is_local_request(Some(remote), &headers(&[("host", "127.0.0.1:3000")])));
        assert!(!is_local_request(None, &headers(&[("host", "127.0.0.1:3000")])));
        assert!(!is_local_request(Some(local), &HeaderMap::new()));
        assert!(!is_local_request(
            Some(local),
            &headers(&[("host", "localhost.evil.example")])
        ));
    }
}
