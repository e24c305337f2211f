//! The shared store (`SESSION_STORE=redis://...`) against a real
//! redis-server: the limit counters behave exactly as in memory, sessions
//! live there, and the store going away costs a 503, never a 500 or a session.

use crate::support::proxy::TcpProxy;
use crate::support::redis::RedisServer;
use crate::support::{PHONE, start_with};
use reqwest::StatusCode;
use server::config::SessionStoreConfig;

#[tokio::test]
async fn a_redis_url_that_answers_nothing_stops_the_start_with_a_clear_error() {
    let port = crate::support::free_port();
    let mut config = server::Config::from_lookup(|_| None).unwrap();
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.session_store = SessionStoreConfig::Redis(format!("redis://:secret@127.0.0.1:{port}").into());
    let options = leptos::config::LeptosOptions::builder()
        .output_name("phone-sign-in")
        .build();
    let error = server::start(config, options)
        .await
        .err()
        .expect("no server without its store");
    let message = error.to_string();
    assert!(
        message.contains("cannot reach Redis at redis://127.0.0.1:"),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
}

#[tokio::test]
async fn the_store_going_away_is_a_503_and_the_session_survives_it() {
    let redis = RedisServer::start();
    let proxy = TcpProxy::start(format!("127.0.0.1:{}", redis.port).parse().unwrap()).await;
    let url = format!("redis://{}", proxy.addr);
    // With the store cut, each request waits out its 2 s command timeout.
    let h = start_with(move |c| c.session_store = SessionStoreConfig::Redis(url.into()))
        .await
        .patient();
    h.sign_up_and_in("4155552671", PHONE).await;
    let (status, location) = h
        .form(
            "/api/start_sign_in",
            "/login",
            &[("country", "US"), ("phone", "4155552671")],
        )
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    let code = h.last_code(PHONE).await;

    proxy.cut();
    // The hydrated page's call: the same typed error as any outage.
    let (status, body) = h.fetch("/api/verify_sign_in", &[("code", &code)]).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "\"Unavailable\"")
    );
    // A page: a 503 that says what happened, never a blank 500.
    let r = h
        .http
        .get(h.url("/login/verify"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.headers().get("retry-after").is_some());
    let html = r.text().await.unwrap();
    assert!(html.contains("Sign-in is unavailable right now"), "{html}");

    // A new browser's post: even counting it (the per-address cap on posts)
    // needs the store, so it gets the same 503 before anything is read.
    let stranger = crate::support::patient_browser();
    let r = stranger
        .post(h.url("/api/start_sign_in"))
        .form(&[("country", "US"), ("phone", "12")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.text().await.unwrap(), "\"Unavailable\"");

    proxy.restore();
    // The client reconnects on its own; each try waits at most the command
    // timeout, so this is bounded.
    let mut tries = 0;
    loop {
        let (status, _, _) = h.page("/login/verify").await;
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        tries += 1;
        assert!(tries < 10, "the store never came back");
    }
    // Same browser, same session, same code: signed in.
    let (status, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
    let (status, _, html) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(PHONE), "{html}");
}
