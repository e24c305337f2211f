//! Running it as a service: request ids, JSON log lines, access lines that
//! hold nothing secret, and readiness that follows the stores and the keys.

use std::sync::Arc;

use reqwest::StatusCode;
use server::config::{SessionStoreConfig, TrustedProxies};

use crate::support::process::ServerProcess;
use crate::support::proxy::TcpProxy;
use crate::support::redis::RedisServer;
use crate::support::{PHONE, standalone_pool, start, start_remote, start_with};

/// The request id of the spans a line happened in.
fn request_id(line: &serde_json::Value) -> Option<&str> {
    line["spans"].as_array()?.iter().find_map(|s| s["request_id"].as_str())
}

#[tokio::test]
async fn json_lines_carry_the_request_id_the_response_echoes() {
    // The binary, as it runs in production: LOG_FORMAT=json on stdout.
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::spawn(&[
        ("LOG_FORMAT", "json".to_owned()),
        (
            "SESSION_STORE",
            format!("sqlite://{}", dir.path().join("s.db").display()),
        ),
        (
            "APP_DATABASE",
            format!("sqlite://{}", dir.path().join("app.db").display()),
        ),
    ]);
    let r = reqwest::Client::new()
        .post(server.url("/api/start_sign_in"))
        .header("accept", "application/json")
        .form(&[("country", "US"), ("phone", "4155552671")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let id = r.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    // The access line is written once the answer is; the log may lag the
    // answer by a moment, so wait for that line itself.
    let written = async {
        loop {
            let lines: Vec<serde_json::Value> = server
                .log()
                .iter()
                .filter(|l| l.starts_with('{'))
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
                .collect();
            if lines
                .iter()
                .any(|l| l["target"] == "access" && request_id(l) == Some(id.as_str()))
            {
                break lines;
            }
            tokio::task::yield_now().await;
        }
    };
    let lines = tokio::time::timeout(std::time::Duration::from_secs(10), written)
        .await
        .expect("the access line within 10 s");
    // Every line of the log is one JSON object (the banner for a
    // developer's terminal is plain text, and only with the embedded pool).
    assert!(lines.len() >= 3, "{lines:?}");
    let access = lines
        .iter()
        .find(|l| l["target"] == "access" && request_id(l) == Some(id.as_str()))
        .unwrap();
    assert_eq!(access["method"], "POST");
    assert_eq!(access["route"], "/api/start_sign_in");
    assert_eq!(access["status"], 200);
    assert!(access["duration_ms"].is_u64(), "{access}");
    // The flow's own line too, written deep inside the request.
    let started = lines
        .iter()
        .find(|l| l["message"] == "sign-in started")
        .expect("the flow's line");
    assert_eq!(request_id(started), Some(id.as_str()), "{started}");
}

#[tokio::test]
async fn a_proxys_request_id_is_kept_and_anyone_elses_replaced() {
    let forged = "forged-by-the-client";
    let untrusted = start().await;
    let r = untrusted
        .http
        .get(untrusted.url("/login"))
        .header("x-request-id", forged)
        .send()
        .await
        .unwrap();
    let echoed = r.headers()["x-request-id"].to_str().unwrap();
    assert_ne!(echoed, forged, "no proxies are trusted");
    let behind = start_with(|c| {
        c.proxies = Some(TrustedProxies {
            header: "x-forwarded-for".parse().unwrap(),
            from: vec!["127.0.0.1/32".parse().unwrap()],
        })
    })
    .await;
    // Proxies configured, but this peer is not one of them.
    let elsewhere = start_with(|c| {
        c.proxies = Some(TrustedProxies {
            header: "x-forwarded-for".parse().unwrap(),
            from: vec!["10.0.0.0/8".parse().unwrap()],
        })
    })
    .await;
    let r = elsewhere
        .http
        .get(elsewhere.url("/login"))
        .header("x-request-id", forged)
        .send()
        .await
        .unwrap();
    assert_ne!(r.headers()["x-request-id"], forged, "not from a trusted proxy");
    let from_proxy = "lb-7f3a9c";
    let r = behind
        .http
        .get(behind.url("/login"))
        .header("x-request-id", from_proxy)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], from_proxy);
    // Not even a trusted proxy's id is kept when it would break a log line.
    let r = behind
        .http
        .get(behind.url("/login"))
        .header("x-request-id", "two words")
        .send()
        .await
        .unwrap();
    assert_ne!(r.headers()["x-request-id"], "two words");
}

/// The binary with `LOG_FORMAT=json`, its stores in `dir`.
fn json_server(dir: &tempfile::TempDir) -> ServerProcess {
    ServerProcess::spawn(&[
        ("LOG_FORMAT", "json".to_owned()),
        (
            "SESSION_STORE",
            format!("sqlite://{}", dir.path().join("s.db").display()),
        ),
        (
            "APP_DATABASE",
            format!("sqlite://{}", dir.path().join("app.db").display()),
        ),
    ])
}

#[tokio::test]
async fn whole_journeys_log_no_code_number_token_or_session_id() {
    let dir = tempfile::tempdir().unwrap();
    let server = json_server(&dir);
    let outbox = server.outbox.clone().expect("the embedded pool's outbox");
    // A browser whose cookies the test can read: the session ids it held.
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let http = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut sids = Vec::new();
    let mut keep_sid = || {
        use reqwest::cookie::CookieStore;
        let cookies = jar.cookies(&server.url("/").parse().unwrap());
        let cookies = cookies.map(|c| c.to_str().unwrap().to_owned()).unwrap_or_default();
        for pair in cookies.split("; ") {
            if let Some(sid) = pair.strip_prefix("sid=") {
                sids.push(sid.to_owned());
            }
        }
    };
    let code = || async {
        let texts: serde_json::Value = reqwest::get(format!("{outbox}/_dev/sms?to=%2B14155552671"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        texts.as_array().unwrap().last().unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let post = |path: &str, from: &str, body: Vec<(&'static str, String)>| {
        let (url, from) = (server.url(path), server.url(from));
        let http = http.clone();
        async move {
            let body: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
            crate::support::post_form(&http, url, from, &body).await
        }
    };
    let number = || vec![("country", "US".to_owned()), ("phone", "4155552671".to_owned())];
    let mut name = number();
    name.push(("name", "Ada".to_owned()));
    assert_eq!(post("/api/sign_up", "/signup", name).await.1, "/signup/confirm");
    let first = code().await;
    let (_, to) = post("/api/confirm_sign_up", "/signup/confirm", vec![("code", first.clone())]).await;
    assert_eq!(to, "/account");
    keep_sid();
    assert_eq!(
        http.get(server.url("/account")).send().await.unwrap().status(),
        StatusCode::OK
    );
    post("/api/sign_out", "/account", vec![]).await;
    keep_sid();
    assert_eq!(post("/api/start_sign_in", "/login", number()).await.1, "/login/verify");
    let second = code().await;
    let (_, to) = post("/api/verify_sign_in", "/login/verify", vec![("code", second.clone())]).await;
    assert_eq!(to, "/account");
    keep_sid();
    assert!(sids.len() >= 2, "the session ids to look for: {sids:?}");

    // Everything it logged (the access line of the last request included),
    // but the time stamps, whose digits could hold any six.
    let logged = async {
        loop {
            let lines = server.log();
            if lines.iter().filter(|l| l.contains(r#""target":"access""#)).count() >= 6 {
                break lines;
            }
            tokio::task::yield_now().await;
        }
    };
    let lines = tokio::time::timeout(std::time::Duration::from_secs(10), logged)
        .await
        .expect("six access lines within 10 s");
    let text = lines
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|mut l| {
            // Time stamps and request ids (hex) could hold any six digits.
            let l = l.as_object_mut().unwrap();
            l.remove("timestamp");
            l.remove("spans");
            serde_json::Value::Object(l.clone()).to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    // What must never appear: the codes texted, the number whole (as
    // E.164 and as typed), the session ids the browser held, tokens, and
    // addresses as asked for (a query string).
    for code in [&first, &second] {
        assert!(!text.contains(code.as_str()), "code {code} in:\n{text}");
    }
    assert!(!text.contains(PHONE) && !text.contains("4155552671"), "{text}");
    for sid in &sids {
        assert!(!text.contains(sid.as_str()), "session id in:\n{text}");
    }
    assert!(!text.contains("eyJ"), "a JWT in:\n{text}");
    // Access lines name routes, never an address as asked (a query string).
    for line in lines.iter().filter(|l| l.contains(r#""target":"access""#)) {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        let route = line["route"].as_str().unwrap();
        assert!(route.starts_with('/') && !route.contains(['?', '=']), "{line}");
    }
}

async fn readyz(h: &crate::support::Harness) -> (StatusCode, String) {
    let r = h.http.get(h.url("/readyz")).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn ready_only_while_the_store_answers() {
    let redis = RedisServer::start();
    let proxy = TcpProxy::start(format!("127.0.0.1:{}", redis.port).parse().unwrap()).await;
    let url = format!("redis://{}", proxy.addr);
    let h = start_with(move |c| c.session_store = SessionStoreConfig::Redis(url.into()))
        .await
        .patient();
    assert_eq!(readyz(&h).await, (StatusCode::OK, "ready".to_owned()));
    proxy.cut();
    let (status, body) = readyz(&h).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    // Redis holds both: both are named, and nothing else (no address).
    assert_eq!(body, "not ready: session store, limits store");
    // Liveness asks nothing of anyone.
    let r = h.http.get(h.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Back: ready again once the store's client has reconnected (it backs
    // off between tries, so a probe or two may still fail).
    proxy.restore();
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..20 {
        status = readyz(&h).await.0;
        if status == StatusCode::OK {
            break;
        }
    }
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn ready_only_while_the_pools_keys_can_be_had() {
    let pool = standalone_pool().await;
    let proxy = TcpProxy::start(pool.addr).await;
    let h = start_remote(&pool, &format!("http://{}", proxy.addr), |_| {}).await;
    assert_eq!(readyz(&h).await, (StatusCode::OK, "ready".to_owned()));
    proxy.cut();
    // Keys fetched within the quarter hour still count (tokens ride out a
    // short outage on them); past it, they are asked for.
    assert_eq!(readyz(&h).await.0, StatusCode::OK);
    h.advance(app::server::jwt::READY_KEYS_SECS + 1);
    assert_eq!(
        readyz(&h).await,
        (StatusCode::SERVICE_UNAVAILABLE, "not ready: signing keys".to_owned())
    );
    // A failure is remembered for a few seconds: probes cannot make the
    // server hammer the pool.
    proxy.restore();
    assert_eq!(readyz(&h).await.0, StatusCode::SERVICE_UNAVAILABLE);
    h.advance(app::server::jwt::READY_RETRY_SECS);
    assert_eq!(readyz(&h).await.0, StatusCode::OK);
}
