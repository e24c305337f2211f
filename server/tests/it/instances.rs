//! Two server processes behind one (imaginary) load balancer, sharing one
//! Redis and one user pool: a browser may land on either for any request,
//! and a limit reached through one holds on the other.

use crate::support::process::ServerProcess;
use crate::support::redis::RedisServer;
use crate::support::{PHONE, pool_code, remote_env, standalone_pool};
use reqwest::StatusCode;
use reqwest::header::ACCEPT;

struct Instances {
    a: ServerProcess,
    b: ServerProcess,
}

/// A plain form post to one instance; returns the status and redirect.
async fn form(http: &reqwest::Client, on: &ServerProcess, api: &str, body: &[(&str, &str)]) -> (StatusCode, String) {
    crate::support::post_form(http, on.url(api), on.url("/"), body).await
}

async fn page(http: &reqwest::Client, on: &ServerProcess, path: &str) -> (StatusCode, String) {
    let r = http.get(on.url(path)).header(ACCEPT, "text/html").send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_journey_hops_between_two_servers_and_limits_hold_on_both() {
    let redis = RedisServer::start();
    let pool = standalone_pool().await;
    let mut env = remote_env(&pool, &pool.endpoint());
    env.push(("SESSION_STORE", redis.url()));
    // One secret for both, as the limit counters they share are named with it.
    env.push(("SERVER_SECRET", "ab".repeat(32)));
    let servers = Instances {
        a: ServerProcess::spawn(&env),
        b: ServerProcess::spawn(&env),
    };
    let (a, b) = (&servers.a, &servers.b);
    assert_ne!(a.url, b.url);
    // One browser: cookies are per host, not per port, so it carries its
    // session cookie to both, as it would through a load balancer.
    let browser = crate::support::browser();
    let number = [("country", "US"), ("phone", "4155552671")];

    let (status, location) = form(
        &browser,
        a,
        "/api/sign_up",
        &[("country", "US"), ("phone", "4155552671"), ("name", "Ada")],
    )
    .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/signup/confirm"));
    let code = pool_code(&pool, PHONE);
    let (status, location) = form(&browser, b, "/api/confirm_sign_up", &[("code", &code)]).await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/account"),
        "B finishes what A started, signed in"
    );
    let (status, html) = page(&browser, a, "/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(PHONE) && html.contains("Ada"), "A knows it: {html}");
    let (status, location) = form(&browser, a, "/api/sign_out", &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login?signed_out"));

    let (status, location) = form(&browser, b, "/api/start_sign_in", &number).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    let (status, html) = page(&browser, a, "/login/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("We sent a code to"),
        "A shows B's pending sign-in: {html}"
    );
    let code = pool_code(&pool, PHONE);
    let (status, location) = form(&browser, a, "/api/verify_sign_in", &[("code", &code)]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));

    for on in [a, b] {
        let (status, html) = page(&browser, on, "/account").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(PHONE) && html.contains("Ada"), "{html}");
    }

    // Another browser asks A for a code for the same number within the
    // minute: the cooldown counted on B (a moment ago) holds on A.
    let other = crate::support::browser();
    let r = other
        .post(a.url("/api/start_sign_in"))
        .form(&number)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");

    // Signing out through B ends the session for A too: A sends the
    // browser to sign in, as it does for anyone signed out.
    let (status, location) = form(&browser, b, "/api/sign_out", &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login?signed_out"));
    let r = browser
        .get(a.url("/account"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND, "signed out everywhere the session was");
    assert_eq!(r.headers()["location"], "/login");
}
