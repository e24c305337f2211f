//! Building on the sign-in: who is signed in for your routes (`/api/me`,
//! `/dashboard`), return-to, your data, the sign-in's policies staying off
//! your routes, and the development pool that outlives a restart.

use app::server::limits::{MINUTE, Rule};
use app::server::{LimitPolicy, auth::REVOCATION_CHECK_SECS};
use axum::routing::{get, post};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_SECURITY_POLICY};

use crate::support::{Harness, PHONE, browser, start, start_with, start_with_routes, wrong};

/// Signs in (the number has an account) from a form that carried `next`,
/// as the sign-in page's form posts it: where the sign-in ends.
async fn sign_in_from(h: &Harness, next: &str) -> String {
    let (status, location) = h
        .form(
            "/api/start_sign_in",
            "/login",
            &[("country", "US"), ("phone", "4155552671"), ("next", next)],
        )
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    let code = h.last_code(PHONE).await;
    let (status, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::FOUND);
    location
}

fn hidden_next(html: &str) -> Option<&str> {
    let at = html.find(r#"name="next" value=""#)? + r#"name="next" value=""#.len();
    html[at..].split('"').next()
}

#[tokio::test]
async fn api_me_answers_401_with_json_when_anonymous_and_200_when_signed_in() {
    let h = start().await;
    let (status, body) = h.me().await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "NotSignedIn", "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    // The account page's data too: 401, never 200 with null.
    let (status, body) = h.fetch("/api/account", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");

    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let (status, body) = h.me().await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["phone_number"], PHONE);
    let sub = body["sub"].as_str().unwrap();
    assert_eq!(sub.len(), 36, "Cognito's sub is a UUID: {sub}");
}

#[tokio::test]
async fn api_me_answers_401_within_the_revocation_check_after_sign_out_everywhere_elsewhere() {
    let mut h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let laptop = h.switch_to(browser());
    h.advance(61);
    h.sign_in("4155552671", PHONE).await;
    assert_eq!(h.me().await.0, StatusCode::OK);
    let phone = h.switch_to(laptop);
    h.form("/api/sign_out", "/account", &[("everywhere", "1")]).await;
    h.switch_to(phone);
    // Cognito's last word on this session is trusted for the stated time...
    h.advance(REVOCATION_CHECK_SECS - 1);
    assert_eq!(h.me().await.0, StatusCode::OK);
    // ...and not a second longer.
    h.advance(1);
    let (status, body) = h.me().await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("NotSignedIn"))
    );
}

#[tokio::test]
async fn an_anonymous_visit_to_a_protected_page_signs_up_signs_in_and_lands_back_on_it() {
    let h = start().await;
    let (status, location, _) = h.page("/dashboard?tab=2").await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location, "/login?next=/dashboard%3Ftab%3D2");
    let (_, _, html) = h.page(&location).await;
    assert_eq!(hidden_next(&html), Some("/dashboard?tab=2"));
    // A new number: the sign-in page's link to sign up carries it on...
    assert!(html.contains(r#"href="/signup?next=/dashboard%3Ftab%3D2""#), "{html}");
    let (status, location) = h
        .form(
            "/api/sign_up",
            "/signup?next=/dashboard%3Ftab%3D2",
            &[
                ("country", "US"),
                ("phone", "4155552671"),
                ("name", ""),
                ("next", "/dashboard?tab=2"),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/signup/confirm"));
    let code = h.last_code(PHONE).await;
    let (status, _) = h
        .form("/api/confirm_sign_up", "/signup/confirm", &[("code", &wrong(&code))])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    // ...and the one code (a wrong one on the way changes nothing) signs
    // in and lands back on it.
    let (_, location) = h
        .form("/api/confirm_sign_up", "/signup/confirm", &[("code", &code)])
        .await;
    assert_eq!(location, "/dashboard?tab=2");
    assert_eq!(h.texts(PHONE).await.len(), 1, "one text");
    let (status, _, html) = h.page("/dashboard?tab=2").await;
    assert_eq!(status, StatusCode::OK);
    let sub = h.me().await.1["sub"].as_str().unwrap().to_owned();
    assert!(html.contains(&sub), "the page shows the person's id: {html}");
    assert!(
        html.contains(r#"data-testid="member""#),
        "the sign-up hook made the row: {html}"
    );
    // Once there, a later sign-in ends on the account page again.
    h.form("/api/sign_out", "/account", &[]).await;
    h.advance(61);
    h.sign_in("4155552671", PHONE).await;
}

#[tokio::test]
async fn return_to_refuses_any_target_that_could_leave_the_site() {
    let mut h = start_with(|c| c.limits = LimitPolicy::off()).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let long = format!("/{}", "a".repeat(domain::return_to::MAX_RETURN_TO));
    for (query, posted) in [
        ("%2F%2Fevil.example", "//evil.example"),
        ("%2F%5Cevil.example", "/\\evil.example"),
        ("https%3Aevil.example", "https:evil.example"),
        // Decoded once, it is no path; nothing decodes it again.
        ("%252F%252Fevil.example", "%2F%2Fevil.example"),
        (&long[..], &long[..]),
        ("%2F%09%2Fevil.example", "/\t/evil.example"),
    ] {
        let (_, _, html) = h.page(&format!("/login?next={query}")).await;
        assert_eq!(hidden_next(&html), None, "{posted:?}");
        h.switch_to(browser());
        assert_eq!(sign_in_from(&h, posted).await, "/account", "{posted:?}");
    }
    h.switch_to(browser());
    assert_eq!(sign_in_from(&h, "/dashboard").await, "/dashboard");
}

#[tokio::test]
async fn a_route_of_yours_that_answers_500_keeps_its_500_and_body() {
    let yours = app::yours::api::routes()
        .route(
            "/reports",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "report failed") }),
        )
        .route(
            "/api/reports",
            post(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "{\"error\":\"ours\"}") }),
        );
    let h = start_with_routes(yours).await;
    let (status, _, body) = h.page("/reports").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "report failed")
    );
    let r = h.post("/api/reports", &[("x", "1")]).await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.text().await.unwrap(), "{\"error\":\"ours\"}");
}

#[tokio::test]
async fn a_post_of_yours_is_not_counted_by_the_sign_ins_post_cap() {
    let h = start_with(|c| c.limits.posts_per_ip = vec![Rule::new(3, MINUTE)]).await;
    for _ in 0..5 {
        let r = h.post("/api/note", &[("note", "hello")]).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "anonymous, and not capped");
    }
    // The sign-in's own posts still are.
    for _ in 0..3 {
        assert_ne!(
            h.fetch("/api/start_sign_in", &[("country", "US"), ("phone", "1")])
                .await
                .0,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
    let (status, _) = h
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", "1")])
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_saved_note_goes_to_the_signed_in_persons_row() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let (status, location) = h.form("/api/note", "/dashboard", &[("note", "Buy milk")]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/dashboard"));
    let (_, _, html) = h.page("/dashboard").await;
    assert!(html.contains(r#"value="Buy milk""#), "{html}");
}

#[tokio::test]
async fn csp_extra_adds_its_sources_to_the_pages_policy_and_unsafe_ones_are_refused() {
    let h = start_with(|c| c.csp_extra = "img-src https://images.example".into()).await;
    let r = h
        .http
        .get(h.url("/login"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    let csp = r.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(csp.contains("img-src 'self' data: https://images.example"), "{csp}");
    let refused = server::Config::from_lookup(|k| (k == "CSP_EXTRA").then(|| "script-src 'unsafe-inline'".into()));
    assert!(refused.is_err());
}

#[tokio::test]
async fn the_development_pool_keeps_its_users_across_a_restart() {
    assert_eq!(
        server::Config::from_lookup(|_| None).unwrap().local_cognito_state,
        None,
        "tests start empty"
    );
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("data").join("local-cognito.json");
    let h = start_with(|c| c.local_cognito_state = Some(file.clone())).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let before = h.me().await.1["sub"].as_str().unwrap().to_owned();
    let h = h.restart().await;
    let (status, body) = h.me().await;
    assert_eq!((status, body["sub"].as_str()), (StatusCode::OK, Some(before.as_str())));
    // The same number signs in again as the same person.
    h.form("/api/sign_out", "/account", &[]).await;
    h.sign_in("4155552671", PHONE).await;
    assert_eq!(h.me().await.1["sub"].as_str(), Some(before.as_str()));
}

#[tokio::test]
async fn a_burst_of_requests_when_the_check_is_due_costs_one_get_user() {
    use crate::support::proxy::{CognitoProxy, Mode};
    use crate::support::{standalone_pool, start_remote};
    let pool = standalone_pool().await;
    let proxy = CognitoProxy::start(&pool.endpoint()).await;
    let h = start_remote(&pool, &proxy.endpoint(), |_| {}).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    assert_eq!(h.me().await.0, StatusCode::OK);
    let before = proxy.calls("GetUser");
    h.advance(REVOCATION_CHECK_SECS);
    // The check falls due; Cognito holds its answer.
    proxy.set(Mode::Hold);
    let first = tokio::spawn({
        let (http, url) = (h.http.clone(), h.url("/api/me"));
        async move {
            http.get(url)
                .header(ACCEPT, "application/json")
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    proxy.held().await;
    // Meanwhile the same session's other requests trust the answer before.
    for _ in 0..5 {
        assert_eq!(h.me().await.0, StatusCode::OK);
    }
    assert_eq!(proxy.calls("GetUser") - before, 1);
    proxy.release();
    assert_eq!(first.await.unwrap(), StatusCode::OK);
    assert_eq!(proxy.calls("GetUser") - before, 1);
}
