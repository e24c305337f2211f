//! Two tabs of one browser: a code is checked only against the flow its
//! page shows. Tab 1 waits for number A's code, tab 2 asks for number B's;
//! tab 1's code is then answered as out of date, and spends nothing of B's.

use reqwest::StatusCode;

use crate::support::start;

const A: (&str, &str, &str) = ("4155552671", "+14155552671", "+1 415-555-2671");
const B: (&str, &str, &str) = ("4155552672", "+14155552672", "+1 415-555-2672");

#[tokio::test]
async fn a_code_from_a_page_showing_another_number_is_refused_and_costs_nothing() {
    let h = &start().await;
    h.sign_up_and_in(A.0, A.1).await;
    h.sign_up_and_in(B.0, B.1).await;
    let ask = |n: &'static str| async move {
        h.form("/api/start_sign_in", "/login", &[("country", "US"), ("phone", n)])
            .await
            .1
    };
    assert_eq!(ask(A.0).await, "/login/verify");
    let code_a = h.last_code(A.1).await;
    // Tab 2.
    assert_eq!(ask(B.0).await, "/login/verify");

    // Tab 1's page still shows A: with JavaScript, a 409; without, the code
    // page again, saying why, and naming B.
    let (status, body) = h
        .fetch("/api/verify_sign_in", &[("code", &code_a), ("number", A.2)])
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("AnotherNumberSince"), "{body}");
    let (status, location) = h
        .form(
            "/api/verify_sign_in",
            "/login/verify",
            &[("code", &code_a), ("number", A.2)],
        )
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let (_, html) = h.page_after(&location).await;
    assert!(
        html.contains("A code was asked for another number since this page opened"),
        "{html}"
    );
    assert!(html.contains(B.2), "{html}");

    // None of B's attempts went: its page says three, and B's code signs in.
    let (_, _, html) = h.page("/login/verify").await;
    assert!(!html.contains("attempts left"), "{html}");
    let code_b = h.last_code(B.1).await;
    let (_, location) = h
        .form(
            "/api/verify_sign_in",
            "/login/verify",
            &[("code", &code_b), ("number", B.2)],
        )
        .await;
    assert_eq!(location, "/account");
    assert_eq!(h.me().await.1["phone_number"], B.1);
}

#[tokio::test]
async fn a_sign_up_code_from_a_page_showing_another_number_is_refused() {
    let h = &start().await;
    let ask = |n: &'static str| async move {
        h.form(
            "/api/sign_up",
            "/signup",
            &[("country", "US"), ("phone", n), ("name", "")],
        )
        .await
        .1
    };
    assert_eq!(ask(A.0).await, "/signup/confirm");
    let code_a = h.last_code(A.1).await;
    assert_eq!(ask(B.0).await, "/signup/confirm");
    let (status, _) = h
        .fetch("/api/confirm_sign_up", &[("code", &code_a), ("number", A.2)])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let code_b = h.last_code(B.1).await;
    let (_, location) = h
        .form(
            "/api/confirm_sign_up",
            "/signup/confirm",
            &[("code", &code_b), ("number", B.2)],
        )
        .await;
    assert_eq!(location, "/account");
}

/// The same number from a second device within its minute: the wait is a
/// countdown the page's bundle moves (the page loads it), not a frozen
/// "59 seconds".
#[tokio::test]
async fn a_second_devices_wait_counts_down() {
    let mut h = start().await;
    let ask = [("country", "US"), ("phone", A.0)];
    assert_eq!(h.form("/api/start_sign_in", "/login", &ask).await.1, "/login/verify");
    h.switch_to(crate::support::browser());
    let (status, location) = h.form("/api/start_sign_in", "/login", &ask).await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains(r#"role="timer" data-countdown=""#), "{html}");
    assert!(
        html.contains("Too many requests. Try again in {}."),
        "the running words: {html}"
    );
    assert!(
        html.contains(r#"<script type="module">"#),
        "the bundle that moves it: {html}"
    );
}
