//! What people see when what the server depends on fails: Cognito
//! unreachable, slow, throttling, a trigger failing, a restart between "code
//! sent" and "code entered", and a SIGTERM with requests in flight. Each ends
//! in a clear message and a 503/429 (never a 500), and no session is lost.

use std::time::Duration;

use crate::support::process::ServerProcess;
use crate::support::proxy::{CognitoProxy, Mode};
use crate::support::{Harness, PHONE, free_port, remote_env, standalone_pool, start_remote};
use reqwest::StatusCode;

const NUMBER: [(&str, &str); 2] = [("country", "US"), ("phone", "4155552671")];

/// A plain form post goes back to the form, which says it and is a 503 too.
async fn without_javascript_the_form_says_unavailable(h: &Harness) {
    let (status, location) = h.form("/api/start_sign_in", "/login", &NUMBER).await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let html = html.replace("&#x27;", "'");
    assert!(
        html.contains("Sign-in is unavailable right now. Try again in a minute."),
        "{html}"
    );
}

#[tokio::test]
async fn cognito_unreachable_is_a_503_that_says_so_and_costs_no_wait() {
    let pool = standalone_pool().await;
    // Nothing listens there: every attempt the SDK makes is refused, well
    // within the (default) timeout, which proves no text went out.
    let nowhere = format!("http://127.0.0.1:{}", free_port());
    // The SDK's retries of a refused connection take a couple of seconds.
    let h = start_remote(&pool, &nowhere, |_| {}).await.patient();

    let r = h.post("/api/start_sign_in", &NUMBER).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers().get("retry-after").unwrap(), "30");
    assert_eq!(r.text().await.unwrap(), "\"Unavailable\"");

    without_javascript_the_form_says_unavailable(&h).await;
    // Neither failed try used up the resend cooldown: no text was sent.
    let (status, body) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "\"Unavailable\"")
    );
}

#[tokio::test]
async fn cognito_slower_than_the_timeout_is_a_503_then_the_same_browser_carries_on() {
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let mut h = start_remote(&pool, &proxy.endpoint(), |c| c.cognito_timeout = Duration::from_secs(1)).await;
    h.sign_up_and_in("4155552671", PHONE).await;

    proxy.set(Mode::Hold);
    let before = h.texts(PHONE).await.len();
    let (status, body) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "\"Unavailable\"")
    );
    // The held call goes through after all: the text the server gave up on
    // arrives, which is why a timeout keeps its place in the limits.
    proxy.release();
    let (status, body) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");

    // A minute on, the same browser signs in.
    h.advance(60);
    let (status, _) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(status, StatusCode::OK);
    assert!(h.texts(PHONE).await.len() > before);
    let code = h.last_code(PHONE).await;
    let (status, _) = h.fetch("/api/verify_sign_in", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    h = h.restart().await; // and a restart keeps the signed-in session (below too)
    let (status, _, _) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_answered_408() {
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let h = start_remote(&pool, &proxy.endpoint(), |c| {
        c.cognito_timeout = Duration::from_secs(60);
        c.request_timeout = Duration::from_secs(1);
    })
    .await;
    proxy.set(Mode::Hold);
    let (status, _) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    proxy.release();
}

#[tokio::test]
async fn cognito_throttling_is_retried_by_the_sdk_then_a_429_with_the_wait() {
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    // The SDK's three attempts back off between them.
    let h = start_remote(&pool, &proxy.endpoint(), |_| {}).await.patient();

    for error_type in ["TooManyRequestsException", "LimitExceededException"] {
        let before = proxy.calls("InitiateAuth");
        proxy.set(Mode::Fail {
            status: 400,
            error_type,
        });
        let r = h
            .http
            .post(h.url("/api/start_sign_in"))
            .form(&NUMBER)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{error_type}");
        assert_eq!(r.headers().get("retry-after").unwrap(), "60");
        assert_eq!(r.text().await.unwrap(), r#"{"RateLimited":{"retry_after_secs":60}}"#);
        // The SDK's standard retry mode tried again before giving up.
        let calls = proxy.calls("InitiateAuth") - before;
        assert_eq!(calls, 3, "{error_type}: the SDK makes three attempts");
    }

    // Once Cognito stops throttling, the number is not held back by our own
    // cooldown: the throttled sends never reached anyone.
    proxy.set(Mode::Pass);
    let (status, _) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_failing_trigger_is_a_503_at_sign_in() {
    let pool = standalone_pool().await;
    let h = start_remote(&pool, &pool.endpoint(), |_| {}).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    // Create's SMS send fails, so Cognito answers UserLambdaValidationException.
    pool.pool.outbox.refuse(PHONE);
    let (status, body) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "\"Unavailable\"")
    );
    // A trigger may fail after its text went out: the send stays counted.
    h.advance(60);
    without_javascript_the_form_says_unavailable(&h).await;
}

#[tokio::test]
async fn signing_out_while_cognito_is_down_says_so_and_keeps_the_session() {
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    // The SDK retries Cognito's 500s, with back-off, before it gives up.
    let h = start_remote(&pool, &proxy.endpoint(), |_| {}).await.patient();
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    proxy.set(Mode::Fail {
        status: 500,
        error_type: "InternalErrorException",
    });
    for everywhere in [false, true] {
        let body: &[(&str, &str)] = if everywhere { &[("everywhere", "1")] } else { &[] };
        let (status, body) = h.fetch("/api/sign_out", body).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "\"Unavailable\""),
            "everywhere: {everywhere}"
        );
    }
    proxy.release();
    let (status, _, _) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK, "still signed in, to try again");
    let (status, location) = h.form("/api/sign_out", "/account", &[("everywhere", "1")]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/login?signed_out=everywhere")
    );
}

#[tokio::test]
async fn a_restart_between_code_sent_and_code_entered_loses_nothing() {
    let pool = standalone_pool().await;
    let h = start_remote(&pool, &pool.endpoint(), |_| {}).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let (status, location) = h.form("/api/start_sign_in", "/login", &NUMBER).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    let code = h.last_code(PHONE).await;
    let old_url = h.server.url();

    let h = h.restart().await;
    assert_ne!(h.server.url(), old_url, "a new process, on a new port");
    let (status, _, html) = h.page("/login/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("+1 415-555-2671"),
        "the pending sign-in is still there: {html}"
    );
    let (status, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
}

/// A server process whose Cognito calls pass through a proxy, with one
/// sign-in request from a browser held inside Cognito right now.
struct HeldRequest {
    pool: local_cognito::LocalCognito,
    proxy: CognitoProxy,
    server: ServerProcess,
    request: tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>,
    _dir: tempfile::TempDir,
}

async fn server_with_a_request_held(settings: &[(&'static str, &str)]) -> HeldRequest {
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut env = remote_env(&pool, &proxy.endpoint());
    env.push((
        "SESSION_STORE",
        format!("sqlite://{}", dir.path().join("s.db").display()),
    ));
    env.extend(settings.iter().map(|(k, v)| (*k, v.to_string())));
    let server = ServerProcess::spawn(&env);

    proxy.set(Mode::Hold);
    let browser = crate::support::browser();
    let url = server.url("/api/start_sign_in");
    let request = tokio::spawn(async move { browser.post(url).form(&NUMBER).send().await });
    proxy.held().await;
    HeldRequest {
        pool,
        proxy,
        server,
        request,
        _dir: dir,
    }
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish() {
    let HeldRequest {
        pool,
        proxy,
        server,
        request,
        _dir,
    } = server_with_a_request_held(&[]).await;

    server.terminate();
    proxy.release();
    let answer = request.await.unwrap().expect("the request in flight was answered");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(pool.pool.outbox.list(Some(PHONE)).is_empty(), "unknown number: no text");
    let status = server.wait().await;
    assert!(status.success(), "clean exit after draining: {status:?}");
}

#[tokio::test]
async fn sigterm_waits_for_a_stuck_request_no_longer_than_the_grace_period() {
    let HeldRequest {
        proxy,
        server,
        request,
        _dir,
        ..
    } = server_with_a_request_held(&[("SHUTDOWN_GRACE_SECONDS", "1"), ("COGNITO_TIMEOUT_SECONDS", "60")]).await;

    server.terminate();
    // Never released: the server must go anyway. (The timeout only turns a
    // hang into a failure; the grace period is one second.)
    let status = tokio::time::timeout(Duration::from_secs(30), server.wait())
        .await
        .expect("the server exited after its grace period");
    assert!(status.success(), "{status:?}");
    assert!(
        request.await.unwrap().is_err(),
        "the stuck request was cut, not answered"
    );
    proxy.release();
}
