//! Resending codes, the send and check limits, and how long a sign-in
//! lasts: each moved through time with the harness's clock, never by sleeping.

use crate::support::{PHONE, browser, start, wrong};
use reqwest::StatusCode;

fn decoded(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn asking_again_within_a_minute_returns_to_the_code_and_another_browser_waits() {
    let mut h = start().await;
    let body = [("country", "US"), ("phone", "4155552671")];
    let (status, _) = h.fetch("/api/start_sign_in", &body).await;
    assert_eq!(status, StatusCode::OK);
    h.advance(20);

    // The same browser, the same number: back to the code that waits.
    let (status, location) = h.form("/api/start_sign_in", "/login", &body).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));

    // Another browser asking for that number is held to its limit.
    h.http = browser();

    // The hydrated page's fetch: 429, Retry-After, and the error's shape.
    let r = h
        .http
        .post(h.url("/api/start_sign_in"))
        .form(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers().get("retry-after").unwrap(), "40");
    assert_eq!(r.text().await.unwrap(), r#"{"RateLimited":{"retry_after_secs":40}}"#);

    // A plain form post: back to the form, which says when and is a 429 too.
    let (status, location) = h.form("/api/start_sign_in", "/login", &body).await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        decoded(&html).contains("Too many requests. Try again in 40 seconds."),
        "{html}"
    );
    assert!(
        html.contains("value=\"4155552671\""),
        "the number is still in the field"
    );

    h.advance(40);
    let (status, _) = h.fetch("/api/start_sign_in", &body).await;
    assert_eq!(status, StatusCode::OK, "allowed once the minute has passed");
}

#[tokio::test]
async fn resending_a_sign_in_code_after_the_cooldown() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let before = h.texts(PHONE).await.len();
    h.form(
        "/api/start_sign_in",
        "/login",
        &[("country", "US"), ("phone", "4155552671")],
    )
    .await;
    let first = h.last_code(PHONE).await;
    let (_, _, html) = h.page("/login/verify").await;
    let html = decoded(&html);
    assert!(html.contains("The code expires in 3:00."), "{html}");
    assert!(html.contains("You can ask for a new code in 1:00."), "{html}");

    h.advance(30);
    let (status, body) = h.fetch("/api/resend_sign_in_code", &[]).await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::TOO_MANY_REQUESTS,
            r#"{"ResendTooSoon":{"retry_after_secs":30}}"#
        )
    );
    let (_, _, html) = h.page("/login/verify").await;
    assert!(decoded(&html).contains("You can ask for a new code in 0:30."));

    h.advance(30);
    let (status, location) = h.form("/api/resend_sign_in_code", "/login/verify", &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    assert_eq!(h.texts(PHONE).await.len(), before + 2, "one text per code");
    let (_, _, html) = h.page("/login/verify").await;
    assert!(html.contains("We sent a new code to"), "{html}");
    // Two codes drawn alike (one time in a million) would prove nothing
    // below: ask again until they differ.
    let mut second = h.last_code(PHONE).await;
    while second == first {
        h.advance(60);
        h.form("/api/resend_sign_in_code", "/login/verify", &[]).await;
        second = h.last_code(PHONE).await;
    }

    let (status, body) = h.fetch("/api/verify_sign_in", &[("code", &first)]).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::BAD_REQUEST, r#"{"WrongCode":{"attempts_left":2}}"#),
        "the replaced code no longer works"
    );
    let (status, location) = h
        .form("/api/verify_sign_in", "/login/verify", &[("code", &second)])
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
}

#[tokio::test]
async fn resending_a_sign_up_code() {
    let h = start().await;
    h.form(
        "/api/sign_up",
        "/signup",
        &[("country", "US"), ("phone", "4155552671"), ("name", "")],
    )
    .await;
    let (status, _) = h.fetch("/api/resend_sign_up_code", &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    h.advance(60);
    let (status, _) = h.fetch("/api/resend_sign_up_code", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.texts(PHONE).await.len(), 2);
    let (_, _, html) = h.page("/signup/confirm").await;
    assert!(html.contains("a new 6-digit code"), "{html}");
    let code = h.last_code(PHONE).await;
    let (status, location) = h
        .form("/api/confirm_sign_up", "/signup/confirm", &[("code", &code)])
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));

    // Without a sign-up in progress there is nothing to resend.
    let (status, _) = h.fetch("/api/resend_sign_up_code", &[]).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn failed_checks_per_phone_are_limited_across_codes() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let mut failures = 0;
    // Three wrong answers end each code; a new code needs the cooldown.
    'rounds: for _ in 0..4 {
        h.advance(61);
        h.fetch("/api/start_sign_in", &[("country", "US"), ("phone", "4155552671")])
            .await;
        let code = h.last_code(PHONE).await;
        for _ in 0..3 {
            let (status, _) = h.fetch("/api/verify_sign_in", &[("code", &wrong(&code))]).await;
            assert!(status == StatusCode::BAD_REQUEST || status == StatusCode::TOO_MANY_REQUESTS);
            failures += 1;
            if failures == 10 {
                break 'rounds;
            }
        }
    }
    let code = h.last_code(PHONE).await;
    let (status, body) = h.fetch("/api/verify_sign_in", &[("code", &code)]).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right code waits: {body}"
    );
    assert!(body.contains("RateLimited"), "{body}");
}

#[tokio::test]
async fn typed_values_survive_a_failed_plain_form_post() {
    let h = start().await;
    let (_, location) = h
        .form(
            "/api/sign_up",
            "/signup",
            &[("country", "GB"), ("phone", "12"), ("name", "Ada Lovelace")],
        )
        .await;
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("value=\"12\""), "{html}");
    assert!(html.contains("value=\"Ada Lovelace\""), "{html}");
    assert!(html.contains("<option value=\"GB\" selected"), "{html}");
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
}

#[tokio::test]
async fn expired_tokens_are_refreshed_and_sessions_end_after_a_week() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;

    // Past the one-hour access token: the page still works (refreshed).
    h.advance(2 * 3600);
    let (status, _, html) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(PHONE));
    // And again, with the refreshed tokens now in the session.
    h.advance(3600 + 60);
    let (status, _, _) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = h.fetch("/api/update_name", &[("name", "Ada K")]).await;
    assert_eq!(status, StatusCode::OK);

    // However active, a sign-in lasts a week.
    h.advance(7 * 24 * 3600);
    let (status, location, _) = h.page("/account").await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login"));
    let (_, _, html) = h.page("/login").await;
    assert!(
        html.contains("Your session has ended. Sign in again to continue."),
        "{html}"
    );
}

#[tokio::test]
async fn sign_out_everywhere_ends_other_sessions() {
    let mut h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let laptop = h.switch_to(crate::support::browser());
    h.advance(61);
    h.sign_in("4155552671", PHONE).await;
    let phone = h.switch_to(laptop);
    let (status, location) = h.form("/api/sign_out", "/account", &[("everywhere", "1")]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/login?signed_out=everywhere")
    );
    h.switch_to(phone);
    let (status, location, _) = h.page("/account").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/login"),
        "the other browser is signed out"
    );
}

#[tokio::test]
async fn sign_out_everywhere_reaches_a_page_open_elsewhere_within_a_minute() {
    use app::server::auth::REVOCATION_CHECK_SECS;
    let mut h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let laptop = h.switch_to(crate::support::browser());
    h.advance(61);
    h.sign_in("4155552671", PHONE).await;
    let (status, _, _) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    let phone = h.switch_to(laptop);
    h.form("/api/sign_out", "/account", &[("everywhere", "1")]).await;
    h.switch_to(phone);
    // Its last word from Cognito is under a minute old: trusted so long.
    h.advance(REVOCATION_CHECK_SECS - 1);
    let (status, _, _) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    h.advance(1);
    let (status, location, _) = h.page("/account").await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login"));
}

#[tokio::test]
async fn signed_in_pages_ask_cognito_at_most_once_a_minute() {
    use crate::support::proxy::CognitoProxy;
    use crate::support::{standalone_pool, start_remote};
    use app::server::auth::REVOCATION_CHECK_SECS;
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let h = start_remote(&pool, &proxy.endpoint(), |_| {}).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let before = proxy.calls("GetUser");
    for _ in 0..10 {
        let (status, _, html) = h.page("/account").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("2671"), "{html}");
    }
    assert_eq!(proxy.calls("GetUser") - before, 1, "ten pages, one GetUser");
    h.advance(REVOCATION_CHECK_SECS);
    h.page("/account").await;
    assert_eq!(proxy.calls("GetUser") - before, 2, "a minute on, asked again");
    // A new name is read back at once.
    let (status, _) = h.form("/api/update_name", "/account", &[("name", "Grace")]).await;
    assert_eq!(status, StatusCode::FOUND);
    let (_, _, html) = h.page("/account").await;
    assert!(html.contains("Grace"), "{html}");
}

#[tokio::test]
async fn sign_out_everywhere_works_after_the_access_token_has_expired() {
    let mut h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let laptop = h.switch_to(crate::support::browser());
    h.advance(61);
    h.sign_in("4155552671", PHONE).await;
    let phone = h.switch_to(laptop);
    // Two hours on: both access tokens (an hour each) have expired, the
    // sessions (a week) and refresh tokens (30 days) have not.
    h.advance(2 * 3600);
    let (status, location) = h.form("/api/sign_out", "/account", &[("everywhere", "1")]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/login?signed_out=everywhere")
    );
    h.switch_to(phone);
    let (status, location, _) = h.page("/account").await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/login"),
        "the other browser is signed out too"
    );
}

#[tokio::test]
async fn an_expired_code_says_so_and_offers_a_new_one() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.form("/api/sign_out", "/account", &[]).await;
    h.form(
        "/api/start_sign_in",
        "/login",
        &[("country", "US"), ("phone", "4155552671")],
    )
    .await;
    let code = h.last_code(PHONE).await;
    h.advance(181);
    let (status, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::GONE);
    let html = decoded(&html);
    assert!(html.contains("That code has expired. Request a new one."), "{html}");
    assert!(html.contains("Send a new code"), "{html}");
    // The sign-in page has the number ready for the new code.
    let (_, _, html) = h.page("/login").await;
    assert!(html.contains("value=\"(415) 555-2671\""), "{html}");
}

#[tokio::test]
async fn a_confirmation_code_has_its_tries_then_a_new_code_has_its_own() {
    let h = start().await;
    let (status, _) = h
        .fetch(
            "/api/sign_up",
            &[("country", "US"), ("phone", "4155552671"), ("name", "")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let code = h.last_code(PHONE).await;
    // Cognito would take this code for a day; each one gets three tries,
    // counted on the page as a sign-in code's are (issue 18, item 9).
    for left in [2, 1] {
        let (status, body) = h.fetch("/api/confirm_sign_up", &[("code", &wrong(&code))]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body, format!(r#"{{"WrongCode":{{"attempts_left":{left}}}}}"#));
    }
    let (status, body) = h.fetch("/api/confirm_sign_up", &[("code", &wrong(&code))]).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, r#""TooManyAttempts""#)
    );
    // Out of tries, even the right code is not checked.
    let (status, _) = h.fetch("/api/confirm_sign_up", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // A new code has tries of its own.
    h.advance(61);
    let (status, _) = h.fetch("/api/resend_sign_up_code", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let fresh = h.last_code(PHONE).await;
    let (status, body) = h.fetch("/api/confirm_sign_up", &[("code", &wrong(&fresh))]).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::BAD_REQUEST, r#"{"WrongCode":{"attempts_left":2}}"#)
    );
    let (status, location) = h
        .form("/api/confirm_sign_up", "/signup/confirm", &[("code", &fresh)])
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
}

#[tokio::test]
async fn a_new_name_typed_as_the_session_ends_is_kept_through_signing_in_again() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    h.advance(7 * 24 * 3600 + 60);
    // Saved after the week is up: the sign-in page says why (issue 18, item 6)...
    let (status, location) = h.form("/api/update_name", "/account", &[("name", "Ada Byron")]).await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, location, _) = h.page(location.trim_start_matches(&h.url(""))).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login?ended"));
    let (_, _, html) = h.page("/login?ended").await;
    assert!(decoded(&html).contains("Your session has ended. Sign in again to continue."));
    // ...and, signed in again, the account page has the name typed, unsaved.
    h.sign_in("4155552671", PHONE).await;
    let (_, _, html) = h.page("/account").await;
    let html = decoded(&html);
    assert!(html.contains(r#"value="Ada Byron""#), "{html}");
    assert!(html.contains("Your new name isn't saved yet."), "{html}");
    let (status, location) = h.form("/api/update_name", "/account", &[("name", "Ada Byron")]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account?saved=name"));
    let (_, _, html) = h.page("/account?saved=name").await;
    let html = decoded(&html);
    assert!(html.contains("Saved.") && !html.contains("isn't saved yet"), "{html}");
    assert!(html.contains(r#"data-testid="name"><bdi>Ada Byron</bdi><"#), "{html}");
}

#[tokio::test]
async fn a_kept_new_name_is_shown_only_to_its_own_account() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    h.advance(7 * 24 * 3600 + 60);
    h.form("/api/update_name", "/account", &[("name", "Ada Byron")]).await;
    // Someone else signs in on this browser within the draft's minutes.
    h.advance(61);
    h.sign_up_and_in("4155552672", "+14155552672").await;
    h.sign_in("4155552672", "+14155552672").await;
    let (_, _, html) = h.page("/account").await;
    let html = decoded(&html);
    assert!(
        !html.contains("Ada Byron") && !html.contains("isn't saved yet"),
        "{html}"
    );
}
