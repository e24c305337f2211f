//! The journeys a browser makes, both as plain form posts (no JavaScript)
//! and as the hydrated page's fetches.

use crate::support::{PHONE, start, start_with, wrong};
use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::{Client, StatusCode, redirect};

#[tokio::test]
async fn full_journey_without_javascript() {
    let h = start().await;
    // Sign-up: one code, and the person is signed in.
    h.sign_up_and_in("(415) 555-2671", PHONE).await;
    assert_eq!(h.texts(PHONE).await.len(), 1, "a new account costs one text");
    let (status, _, html) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(PHONE) && html.contains("Ada") && !html.contains("verified"),
        "{html}"
    );

    let (status, location) = h.form("/api/sign_out", "/account", &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login?signed_out"));
    let (_, html) = h.page_after(&location).await;
    assert!(decoded_quotes(&html).contains("You're signed out."), "{html}");
    let (status, location, _) = h.page("/account").await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login"));

    // Sign-in.
    let (status, location) = h
        .form(
            "/api/start_sign_in",
            "/login",
            &[("country", "US"), ("phone", "415 555 2671")],
        )
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    let (_, _, html) = h.page("/login/verify").await;
    assert!(
        html.contains("+1 415-555-2671"),
        "the number shown as typed, to check it"
    );
    let code = h.last_code(PHONE).await;
    assert!(!html.contains(&code));

    // A wrong code: back to the form with the error, which renders as a 400.
    let (status, location) = h
        .form("/api/verify_sign_in", "/login/verify", &[("code", &wrong(&code))])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    assert!(location.contains("__err="), "{location}");
    let path = location.trim_start_matches(&h.server.url());
    let (status, _, html) = h.page(path).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        decoded_quotes(&html).contains("That code isn't right. 2 attempts left."),
        "{html}"
    );

    let (status, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
    let (status, _, html) = h.page("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(PHONE) && html.contains("Ada"), "{html}");
}

#[tokio::test]
async fn session_id_changes_at_sign_in_and_the_old_one_is_worthless() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    // A client without a jar, so each cookie is handled by hand.
    let bare = Client::builder().redirect(redirect::Policy::none()).build().unwrap();
    let sid_of = |r: &reqwest::Response| {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("sid="))
            .map(|c| c.to_owned())
    };
    let started = bare
        .post(h.url("/api/start_sign_in"))
        .header(ACCEPT, "text/html")
        .header(REFERER, h.url("/login"))
        .form(&[("country", "US"), ("phone", "4155552671")])
        .send()
        .await
        .unwrap();
    let before = sid_of(&started).expect("a session cookie for the pending sign-in");
    assert!(
        before.contains("HttpOnly") && before.contains("SameSite=Lax") && before.contains("Path=/"),
        "{before}"
    );
    let before = before.split(';').next().unwrap().to_owned();
    let code = h.last_code(PHONE).await;
    let verified = bare
        .post(h.url("/api/verify_sign_in"))
        .header(ACCEPT, "text/html")
        .header(REFERER, h.url("/login/verify"))
        .header("cookie", &before)
        .form(&[("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(verified.headers().get(LOCATION).unwrap(), "/account");
    let after = sid_of(&verified)
        .expect("a new session cookie")
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(before, after, "the session id must change at sign-in");

    let account = |cookie: String| {
        let bare = bare.clone();
        let url = h.url("/account");
        async move {
            bare.get(url)
                .header(ACCEPT, "text/html")
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(account(after).await.status(), StatusCode::OK);
    let old = account(before).await;
    assert_eq!(old.status(), StatusCode::FOUND, "the pre-sign-in id grants nothing");
    assert_eq!(old.headers().get(LOCATION).unwrap(), "/login");
}

#[tokio::test]
async fn fetch_errors_are_4xx_with_typed_bodies() {
    let h = start().await;
    let (status, body) = h
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", "12")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("InvalidPhone"), "{body}");

    let (status, body) = h.fetch("/api/verify_sign_in", &[("code", "123456")]).await;
    assert_eq!(status, StatusCode::GONE, "no sign-in in progress: {body}");

    let (status, body) = h.fetch("/api/verify_sign_in", &[("code", "12")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // A body the server function cannot even decode.
    let (status, _) = h.fetch("/api/start_sign_in", &[("nonsense", "1")]).await;
    assert!(status.is_client_error(), "{status}");
}

#[tokio::test]
async fn unknown_numbers_get_the_same_pages() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let (status, location) = h
        .form(
            "/api/start_sign_in",
            "/login",
            &[("country", "US"), ("phone", "4155550399")],
        )
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    let (_, _, html) = h.page("/login/verify").await;
    assert!(html.contains("+1 415-555-0399"));
    for left in [2, 1] {
        let (status, body) = h.fetch("/api/verify_sign_in", &[("code", "123456")]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body, format!("{{\"WrongCode\":{{\"attempts_left\":{left}}}}}"));
    }
    let (status, body) = h.fetch("/api/verify_sign_in", &[("code", "123456")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body, "\"TooManyAttempts\"");
}

#[tokio::test]
async fn dev_outbox_and_health() {
    let h = start().await;
    let r = h.http.get(h.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = h
        .http
        .delete(format!("{}/_dev/sms", h.outbox_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = h.http.get(h.url("/nope")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// Whether a page loads the browser bundle.
fn loads_bundle(html: &str) -> bool {
    html.contains("type=\"module\"") || html.contains(".wasm")
}

#[tokio::test]
async fn only_the_code_pages_load_code_and_pages_are_compressed() {
    let h = start().await;
    for path in ["/", "/login", "/signup"] {
        let (status, _, html) = h.page(path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!loads_bundle(&html), "{path} has nothing to do in a browser: {html}");
    }
    let (status, _) = h
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", "4155550300")])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = h.page("/login/verify").await;
    assert!(
        html.contains("/pkg/phone-sign-in.js"),
        "the code page's countdowns: {html}"
    );
    assert!(html.contains("data-countdown="), "{html}");
    let r = h
        .http
        .get(h.url("/login"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers().get("content-encoding").map(|v| v.to_str().unwrap()),
        Some("br")
    );

    let plain = start_with(|c| c.hydrate = false).await;
    let (status, _) = plain
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", "4155550300")])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, html) = plain.page("/login/verify").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!loads_bundle(&html), "{html}");
    assert!(html.contains("action=\"/api/verify_sign_in\""), "the form still works");
}

#[tokio::test]
async fn the_bundle_is_sent_as_built_and_cached_under_its_hashed_name() {
    let h = start().await;
    let pkg = h.dir.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let js = "phone-sign-in.0123456789abcdef.js";
    std::fs::write(pkg.join(js), "export function start() {}").unwrap();
    std::fs::write(pkg.join(format!("{js}.br")), "brotli as built").unwrap();
    std::fs::write(pkg.join(format!("{js}.gz")), "gzip as built").unwrap();
    std::fs::write(
        h.dir.path().join("assets.txt"),
        format!("css phone-sign-in.1.css\njs {js}\nwasm phone-sign-in.2.wasm\n"),
    )
    .unwrap();
    // The manifest is read at start.
    let h = h.restart().await;
    let (status, _) = h
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", "4155550300")])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = h.page("/login/verify").await;
    assert!(html.contains(&format!("/pkg/{js}")), "{html}");
    assert!(html.contains("/pkg/phone-sign-in.1.css"), "{html}");

    for (encoding, body) in [
        ("br", "brotli as built"),
        ("gzip", "gzip as built"),
        ("identity", "export function start() {}"),
    ] {
        let r = h
            .http
            .get(h.url(&format!("/pkg/{js}")))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let cache = r.headers().get("cache-control").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(cache.as_deref(), Some("public, max-age=31536000, immutable"));
        let vary = r.headers().get("vary").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(
            vary.as_deref(),
            Some("accept-encoding"),
            "shared caches keep the encodings apart"
        );
        let sent = r
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(sent.as_deref(), (encoding != "identity").then_some(encoding));
        assert_eq!(
            r.text().await.unwrap(),
            body,
            "{encoding}: the file as built, not compressed again"
        );
    }
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_pages_carry_security_headers() {
    let h = start().await;
    for (name, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")] {
        let r = h
            .http
            .post(h.url("/api/start_sign_in"))
            .header(name, value)
            .form(&[("country", "US"), ("phone", "4155552671")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}: {value}");
    }
    let same = h
        .http
        .post(h.url("/api/start_sign_in"))
        .header("origin", h.server.url())
        .header("sec-fetch-site", "same-origin")
        .form(&[("country", "US"), ("phone", "12")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        same.status(),
        StatusCode::BAD_REQUEST,
        "same-origin requests reach the handler"
    );

    let r = h
        .http
        .get(h.url("/login"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    let header = |n: &str| {
        r.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let csp = header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("cache-control"), "no-store");
    let html = r.text().await.unwrap();
    let inline: Vec<&str> = html
        .split("<script")
        .skip(1)
        .filter_map(|s| s.split_once('>').and_then(|(_, rest)| rest.split_once("</script>")))
        .map(|(body, _)| body)
        .collect();
    assert!(!inline.is_empty(), "{html}");
    for script in inline {
        let hash = app::server::assets::script_hash(script);
        assert!(
            csp.contains(&hash),
            "the page's inline script {script:?} is allowed by its hash: {csp}"
        );
    }
    assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'nonce-"), "{csp}");
}

#[tokio::test]
async fn the_account_page_changes_the_name() {
    let h = start().await;
    let (status, _) = h.fetch("/api/update_name", &[("name", "Grace")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "signed out");
    h.sign_up_and_in("4155552671", PHONE).await;
    h.form(
        "/api/start_sign_in",
        "/login",
        &[("country", "US"), ("phone", "4155552671")],
    )
    .await;
    let code = h.last_code(PHONE).await;
    h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;

    let (status, location) = h
        .form("/api/update_name", "/account", &[("name", "  Grace Hopper ")])
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account?saved=name"));
    let (_, _, html) = h.page(&location).await;
    assert!(html.contains(">Grace Hopper<"), "{html}");
    assert!(html.contains(">Saved.<"), "the rename is confirmed: {html}");
    let (_, _, html) = h.page("/account").await;
    assert!(!html.contains(">Saved.<"), "only right after saving");

    // Optional, as at sign-up: saved empty, the name is removed.
    let (status, _) = h.fetch("/api/update_name", &[("name", "   ")]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = h.page("/account").await;
    assert!(html.contains(">Not set<") && !html.contains("Grace Hopper"), "{html}");
    let (status, body) = h.fetch("/api/update_name", &[("name", &"x".repeat(150))]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("InvalidName"), "too long is said, never cut: {body}");
}

#[tokio::test]
async fn words_in_an_error_url_never_reach_the_page() {
    use base64::Engine;
    let h = start().await;
    let lure = r#"{"InvalidPhone":"Account locked. Reply to our text with your code to unlock."}"#;
    let err = base64::engine::general_purpose::URL_SAFE.encode(lure);
    let (status, location, _) = h
        .page(&format!("/login?__path=/api/start_sign_in&__err={err}&keep=1"))
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/login?keep=1"),
        "sent to the same page without it"
    );
    let (status, _, html) = h.page(&location).await;
    assert_eq!(status, StatusCode::OK);
    for word in ["Account locked", "Reply", "unlock"] {
        assert!(!html.contains(word), "{word}: {html}");
    }
    assert!(html.contains("action=\"/api/start_sign_in\""), "the form as usual");
    // One of ours still shows, worded by us.
    let err = base64::engine::general_purpose::URL_SAFE.encode(r#"{"InvalidPhone":"NotANumber"}"#);
    let (status, _, html) = h.page(&format!("/login?__path=/api/start_sign_in&__err={err}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("look like a phone number"), "{html}");
}

#[tokio::test]
async fn cleaning_an_error_url_never_leaves_the_site() {
    let h = start().await;
    // A browser reads `//host/...` and `/\host/...` in a Location as another host.
    for (path, clean) in [
        ("//evil.example/login", "/evil.example/login"),
        ("///evil.example/login", "/evil.example/login"),
        ("/%5Cevil.example/login", "/%5Cevil.example/login"),
    ] {
        let (status, location, _) = h.page(&format!("{path}?__err=x&keep=1")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location, format!("{clean}?keep=1"), "{path}");
    }
}

#[tokio::test]
async fn anonymous_pages_are_rendered_once_and_sent_as_kept() {
    let h = start().await;
    // Leptos writes a fresh nonce into every page it renders, so equal
    // pages are one render sent twice.
    let get = |path: &'static str, cookie: Option<&'static str>| {
        let mut r = crate::support::browser()
            .get(h.url(path))
            .header("accept-encoding", "identity");
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        async move {
            let r = r.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.text().await.unwrap()
        }
    };
    for path in ["/", "/login", "/signup"] {
        let first = get(path, None).await;
        assert!(first.contains("nonce=\""), "{first}");
        assert_eq!(get(path, None).await, first, "{path} kept");
        // A browser with a cookie may see its own page: rendered for it.
        assert_ne!(get(path, Some("sid=x")).await, first, "{path} with a cookie");
    }
    // Compressed once, and the same page.
    let br = crate::support::browser()
        .get(h.url("/login"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(br.headers().get("content-encoding").unwrap(), "br");
    assert_eq!(br.headers().get("vary").unwrap(), "accept-encoding, accept-language");
    assert!(br.headers().get("content-security-policy").is_some());
    assert_eq!(br.headers().get("cache-control").unwrap(), "no-store");
}

/// A page's text with the entities Leptos writes for quotes turned back.
fn decoded_quotes(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&quot;", "\"")
}
