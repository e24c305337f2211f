//! A number with no usable account (signed up, never confirmed) goes through
//! the same pages as one with an account, and must show the same code
//! lifetime and attempts: those come from the triggers' own settings, so an
//! owner who changes them changes both sides.

use std::sync::Arc;
use std::time::Duration;

use domain::SignInFlow;
use domain::{CodePolicy, ManualClock};
use reqwest::StatusCode;

use crate::support::{self, Harness, PHONE, standalone_pool_with, start_remote_on, start_with};

const UNCONFIRMED: &str = "4155550342";

fn decoded(html: &str) -> String {
    html.replace("&#x27;", "'")
}

/// Signs up `UNCONFIRMED` without confirming it, and confirms `PHONE`.
async fn one_account_and_one_unconfirmed(h: &mut Harness) {
    h.sign_up_and_in("4155552671", PHONE).await;
    h.switch_to(support::browser());
    let (status, _) = h
        .form(
            "/api/sign_up",
            "/signup",
            &[("country", "US"), ("phone", UNCONFIRMED), ("name", "")],
        )
        .await;
    assert_eq!(status, StatusCode::FOUND);
}

/// What the code page says about the code, and what a wrong code answers,
/// for a fresh browser signing in with `national`.
async fn code_page_for(h: &mut Harness, national: &str) -> (String, String) {
    h.switch_to(support::browser());
    let (status, _) = h
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", national)])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = h.page("/login/verify").await;
    let html = decoded(&html);
    // The text a person reads (the element's, not its countdown template).
    let expiry = html
        .split(">The code expires in ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .unwrap_or_else(|| panic!("no expiry on the page: {html}"))
        .to_owned();
    let (_, wrong) = h.fetch("/api/verify_sign_in", &[("code", "000000")]).await;
    (expiry, wrong)
}

#[tokio::test]
async fn with_the_embedded_pool_one_setting_serves_both_sides() {
    let policy = CodePolicy {
        ttl: Duration::from_secs(300),
        max_attempts: 5,
    };
    let mut h = start_with(|c| c.code_policy = policy).await;
    one_account_and_one_unconfirmed(&mut h).await;
    let known = code_page_for(&mut h, "4155552671").await;
    let unknown = code_page_for(&mut h, UNCONFIRMED).await;
    assert_eq!(known.0, "5:00");
    assert_eq!(known.1, r#"{"WrongCode":{"attempts_left":4}}"#);
    assert_eq!(known, unknown);
}

#[tokio::test]
async fn with_a_separate_pool_the_server_shows_what_the_triggers_were_given() {
    // As deployed: the triggers read OTP_TTL_SECONDS from their own
    // configuration, the server from its own; both were given 10 minutes.
    let policy = CodePolicy {
        ttl: Duration::from_secs(600),
        max_attempts: 3,
    };
    // One clock for both, so that "now" is the same second on each side.
    let clock = ManualClock::starting_now();
    let pool = standalone_pool_with(Arc::new(clock.clone()), |p| p.triggers.policy = policy).await;
    let mut h = start_remote_on(clock, &pool, &pool.endpoint(), |c| c.code_policy = policy).await;
    one_account_and_one_unconfirmed(&mut h).await;
    let known = code_page_for(&mut h, "4155552671").await;
    let unknown = code_page_for(&mut h, UNCONFIRMED).await;
    assert_eq!(known.0, "10:00");
    assert_eq!(known, unknown);
}

/// "Create an account" for a number that has one texts nothing, and the
/// page is the one any number gets: its help says what to do then, for
/// every number alike.
#[tokio::test]
async fn a_sign_up_code_page_says_what_to_do_the_same_for_every_number_and_as_its_flow_texts() {
    for flow in [SignInFlow::Custom, SignInFlow::Native] {
        let mut h = start_with(|c| c.sign_in_flow = flow).await;
        h.sign_up_and_in("4155552671", PHONE).await;
        h.advance(61);
        let mut pages = Vec::new();
        for national in ["4155552671", "4155552673"] {
            h.switch_to(support::browser());
            let (_, location) = h
                .form(
                    "/api/sign_up",
                    "/signup",
                    &[("country", "US"), ("phone", national), ("name", "")],
                )
                .await;
            assert_eq!(location, "/signup/confirm");
            let (_, _, html) = h.page("/signup/confirm").await;
            let html = decoded(&html);
            // The custom flow texts a number with an account its sign-in
            // code; Cognito's own confirmation code goes to new numbers only.
            let says_none_comes = html.contains("If this number already has an account, no sign-up code comes");
            assert_eq!(says_none_comes, flow == SignInFlow::Native, "{flow:?}: {html}");
            let help = html
                .split("<details class=\"help\">")
                .nth(1)
                .unwrap()
                .split("</details>")
                .next()
                .unwrap()
                .to_owned();
            pages.push(help);
        }
        assert_eq!(
            pages[0], pages[1],
            "{flow:?}: the same help for a number with and without an account"
        );
    }
}
