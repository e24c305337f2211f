//! Answers Cognito documents but our stand-in does not give, as another
//! implementation (ministack) gives them: the server follows them, and where
//! it cannot go on, its log says what it expected and did not get.

use reqwest::StatusCode;

use crate::support::logs::Logs;
use crate::support::proxy::{CognitoProxy, Mode};
use crate::support::{PHONE, standalone_pool, start_remote, wrong};

const NUMBER: [(&str, &str); 2] = [("country", "US"), ("phone", "4155552671")];

#[tokio::test]
async fn a_challenge_without_username_is_answered_with_the_number() {
    let pool = standalone_pool().await;
    assert!(
        pool.pool.config.clients[0].secret.is_some(),
        "SECRET_HASH is part of the check"
    );
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let mut h = start_remote(&pool, &proxy.endpoint(), |_| {}).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let answered_before = proxy.calls("RespondToAuthChallenge");
    h.switch_to(crate::support::browser());

    proxy.set(Mode::Without("/ChallengeParameters/USERNAME"));
    let (status, location) = h.form("/api/start_sign_in", "/login", &NUMBER).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    let code = h.last_code(PHONE).await;
    // A wrong code first: the next round comes without USERNAME too.
    let (status, location) = h
        .form("/api/verify_sign_in", "/login/verify", &[("code", &wrong(&code))])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("2 attempts left"), "{html}");
    let (status, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
    let (status, _, html) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2671"), "{html}");
    assert_eq!(proxy.calls("RespondToAuthChallenge") - answered_before, 2);
}

#[tokio::test]
async fn a_challenge_without_a_session_is_a_503_and_the_log_names_what_was_missing() {
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let h = start_remote(&pool, &proxy.endpoint(), |_| {}).await;
    h.sign_up_and_in("4155552671", PHONE).await;

    let logs = Logs::capture();
    proxy.set(Mode::Without("/Session"));
    let (status, body) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "\"Unavailable\"")
    );
    let text = logs.text();
    let line = text
        .lines()
        .find(|l| l.contains("lacks what the server needs"))
        .unwrap_or_else(|| panic!("no line names what was missing:\n{text}"));
    assert!(line.contains("StartSignIn") && line.contains("Session"), "{line}");
    assert!(
        !text.contains(PHONE) && !text.contains(&h.last_code(PHONE).await),
        "{text}"
    );
}

#[tokio::test]
async fn an_answer_that_is_not_a_custom_challenge_is_refused_and_the_log_says_why() {
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let mut h = start_remote(&pool, &proxy.endpoint(), |_| {}).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.switch_to(crate::support::browser());

    // An answer that is neither a custom challenge nor an error, as a pool
    // whose Define trigger issued tokens at once (or asked for MFA) gives.
    let logs = Logs::capture();
    proxy.set(Mode::Without("/ChallengeName"));
    let (status, _) = h.fetch("/api/start_sign_in", &NUMBER).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let text = logs.text();
    assert!(
        text.lines()
            .any(|l| l.contains("not the flow SIGN_IN_FLOW names") && l.contains("expected=\"a CUSTOM_CHALLENGE\"")),
        "{text}"
    );
    let (_, _, html) = h.page("/account").await;
    assert!(!html.contains("Sign out"), "not signed in: {html}");
}
