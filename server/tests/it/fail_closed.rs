//! Settings that would be unsafe in production stop the server before it
//! listens, with a message that says what to set; and the development outbox
//! answers nobody but this machine talking to it directly.

use reqwest::StatusCode;

use crate::support::logs::Logs;
use crate::support::process::refused;
use crate::support::{start, start_with};

#[test]
fn the_binary_refuses_unsafe_settings_and_says_what_to_set() {
    let cases: [(&[(&str, &str)], &str); 8] = [
        (
            &[("LEPTOS_ENV", "PROD"), ("LEPTOS_SITE_ADDR", "127.0.0.1:0")],
            "Set COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID",
        ),
        (
            &[("LEPTOS_SITE_ADDR", "0.0.0.0:0")],
            "Set LEPTOS_SITE_ADDR=127.0.0.1:3000",
        ),
        (
            &[
                ("COGNITO_USER_POOL_ID", "eu-west-1_AbC"),
                ("COGNITO_CLIENT_ID", "abc"),
                ("RATE_LIMITS", "off"),
            ],
            "Remove RATE_LIMITS",
        ),
        (&[("CLIENT_IP_HEADER", "X-Forwarded-For")], "Set TRUSTED_PROXIES"),
        (&[("SESSION_STORE", "redis://127.0.0.1:9")], "needs SERVER_SECRET"),
        (
            &[
                ("LEPTOS_ENV", "PROD"),
                ("EMBEDDED_COGNITO_IN_PROD", "true"),
                ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
                ("LOCAL_COGNITO_STATE", "/tmp/never-written.json"),
            ],
            "Unset LOCAL_COGNITO_STATE",
        ),
        (
            &[
                ("COGNITO_USER_POOL_ID", "eu-west-1_AbC"),
                ("COGNITO_CLIENT_ID", "abc"),
                ("TEST_NUMBERS", "+14155550100=135790"),
            ],
            "set TEST_NUMBERS_ON_REAL_POOL=true",
        ),
        (
            &[("TEST_NUMBERS", "+14155550100=135790"), ("SIGN_IN_FLOW", "native")],
            "use SIGN_IN_FLOW=custom",
        ),
    ];
    for (env, says) in cases {
        let (ok, stderr) = refused(env);
        assert!(!ok, "{env:?}");
        assert!(
            stderr.contains("refusing to start") && stderr.contains(says),
            "{env:?}: {stderr}"
        );
    }
    let (ok, stderr) = refused(&[("CSP_EXTRA", "script-src 'unsafe-inline'")]);
    assert!(!ok && stderr.contains("CSP_EXTRA is invalid"), "{stderr}");
    // A real line can never be a test number.
    let (ok, stderr) = refused(&[("TEST_NUMBERS", "+14155551234=424242")]);
    assert!(
        !ok && stderr.contains("TEST_NUMBERS is invalid") && stderr.contains("reserved for fiction"),
        "{stderr}"
    );
}

#[tokio::test]
async fn the_outbox_is_never_on_the_apps_port_and_answers_only_this_machine() {
    let h = start().await;
    // The app's port is the one a proxy exposes: no outbox there.
    let r = h.http.get(h.url("/_dev/sms")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // On the stand-in's own loopback port, only to this machine, directly.
    let outbox = format!("{}/_dev/sms", h.outbox_url());
    let r = h.http.get(&outbox).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = h.http.get(&outbox).header("host", "example.com").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    for (name, value) in [("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=203.0.113.9")] {
        let r = h.http.get(&outbox).header(name, value).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{name}");
    }
}

#[tokio::test]
async fn a_client_cannot_name_its_own_address() {
    use server::config::TrustedProxies;
    // The proxies are elsewhere; this test's client is not one of them.
    let h = crate::support::start_with(|c| {
        c.proxies = Some(TrustedProxies {
            header: "x-forwarded-for".parse().unwrap(),
            from: vec!["10.0.0.0/8".parse().unwrap()],
        });
        // About the limit itself, not the proof step before it.
        c.proof_policy.from_percent = 100;
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..21 {
        let r = h
            .http
            .post(h.url("/api/start_sign_in"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .form(&[("country", "US"), ("phone", &format!("41555503{i:02}"))])
            .send()
            .await
            .unwrap();
        statuses.push(r.status());
    }
    assert!(statuses[..20].iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    assert_eq!(
        statuses[20],
        StatusCode::TOO_MANY_REQUESTS,
        "20 codes an hour per address, whatever the header says"
    );
}

#[tokio::test]
async fn a_form_that_fails_creates_no_session() {
    use reqwest::header::{ACCEPT, REFERER, SET_COOKIE};
    let h = start().await;
    let cookies = |r: &reqwest::Response| -> Vec<String> {
        r.headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    // Without JavaScript: the typed values come back through a draft cookie.
    let r = h
        .http
        .post(h.url("/api/sign_up"))
        .header(ACCEPT, "text/html")
        .header(REFERER, h.url("/signup"))
        .form(&[("country", "GB"), ("phone", "12"), ("name", "Ada")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    let set = cookies(&r);
    assert!(set.iter().all(|c| !c.starts_with("sid=")), "no session: {set:?}");
    assert!(
        set.iter().any(|c| c.starts_with("draft=") && c.contains("Max-Age=300")),
        "{set:?}"
    );
    // The hydrated page's call, and a page view: no session either.
    let r = h
        .post("/api/start_sign_in", &[("country", "US"), ("phone", "12")])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(cookies(&r).iter().all(|c| !c.starts_with("sid=")), "{:?}", cookies(&r));
    let r = h.http.get(h.url("/login")).send().await.unwrap();
    assert!(cookies(&r).iter().all(|c| !c.starts_with("sid=")), "{:?}", cookies(&r));
}

#[tokio::test]
async fn a_client_that_sends_nothing_is_cut_off() {
    use std::time::Duration;
    use tokio::io::AsyncReadExt;
    let h = crate::support::start_with(|c| c.header_read_timeout = Duration::from_secs(1)).await;
    let mut stream = tokio::net::TcpStream::connect(h.server.addr).await.unwrap();
    let mut answer = Vec::new();
    // The bound only turns a server that waits forever into a failure.
    let closed = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer)).await;
    assert!(closed.is_ok(), "the connection was still open");
}

#[tokio::test]
async fn a_client_slow_to_send_its_headers_is_cut_off() {
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let h = crate::support::start_with(|c| c.header_read_timeout = Duration::from_secs(1)).await;
    let mut stream = tokio::net::TcpStream::connect(h.server.addr).await.unwrap();
    // A request whose headers never end (a slow-loris client).
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    // The bound only turns a server that waits forever into a failure.
    let closed = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer)).await;
    assert!(closed.is_ok(), "the connection was still open");
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));
}

#[tokio::test]
async fn the_server_says_at_start_which_test_numbers_are_on_and_never_their_code() {
    let logs = Logs::capture();
    let _h = start_with(|c| {
        c.test_numbers = Some(domain::TestNumbers::parse("+442079460123=135790").unwrap());
    })
    .await;
    let text = logs.text();
    assert!(
        text.contains("test numbers are on") && text.contains("+442079460123"),
        "{text}"
    );
    assert!(!text.contains("135790"), "{text}");
}
