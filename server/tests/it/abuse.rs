//! What an attacker gets by calling the server directly: guessing codes is
//! bounded per phone per day, and the answers for a number with an account
//! and one without are the same in status, shape and time. (Session
//! fixation and cross-site posts are in `journey.rs`.)

use std::time::{Duration, Instant};

use crate::support::{Harness, PHONE, start_with, wrong};
use app::server::LimitPolicy;
use app::server::limits::{DAY, HOUR, Rule};
use domain::SignInFlow;
use reqwest::StatusCode;
use serde_json::Value;
use server::config::TrustedProxies;

const NUMBER: [(&str, &str); 2] = [("country", "US"), ("phone", "4155552671")];

/// The wait an answer names: a person's limit, or a spent budget of texts.
fn retry_after(body: &str) -> Option<u64> {
    let v: Value = serde_json::from_str(body).ok()?;
    v["RateLimited"]["retry_after_secs"]
        .as_u64()
        .or_else(|| v["TextsPaused"]["retry_after_secs"].as_u64())
        .or_else(|| v["ResendTooSoon"]["retry_after_secs"].as_u64())
}

/// The harness with this test's client as a trusted proxy, so that each
/// request can say which client it forwards (`X-Forwarded-For`). These
/// tests are about the limits, so the proof step (which an attacker can
/// pass: see `proof.rs`) is never asked for.
async fn behind_a_proxy() -> Harness {
    behind_a_proxy_with(|_| {}).await
}

async fn behind_a_proxy_with(adjust: impl FnOnce(&mut server::Config)) -> Harness {
    start_with(|c| {
        c.proxies = Some(TrustedProxies {
            header: "x-forwarded-for".parse().unwrap(),
            from: vec!["127.0.0.1/32".parse().unwrap()],
        });
        c.proof_policy.from_percent = 100;
        adjust(c);
    })
    .await
}

/// A hydrated page's call from the client at `address`.
async fn from(h: &Harness, address: &str, api: &str, body: &[(&str, &str)]) -> (StatusCode, String) {
    let r = h
        .http
        .post(h.url(api))
        .header("x-forwarded-for", address)
        .form(body)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// An attacker who knows the number but never sees the texts asks for a
/// code, tries wrong ones until refused, waits exactly as long as told, and
/// goes on for a whole day: from one address, or from a new one each time.
/// Returns the wrong codes it got to try.
async fn a_day_of_guessing(many_addresses: bool) -> u64 {
    let h = behind_a_proxy().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let mut n = 0u32;
    let mut address = || {
        n += 1;
        let n = if many_addresses { n } else { 1 };
        format!("198.18.{}.{}", n / 250, n % 250)
    };
    let t0 = h.now();
    let mut guesses = 0u64;
    while h.now() - t0 < DAY {
        let (status, body) = from(&h, &address(), "/api/start_sign_in", &NUMBER).await;
        if let Some(wait) = retry_after(&body) {
            h.advance(wait);
            continue;
        }
        assert_eq!(status, StatusCode::OK, "{body}");
        let code = h.last_code(PHONE).await;
        loop {
            let (status, body) = from(&h, &address(), "/api/verify_sign_in", &[("code", &wrong(&code))]).await;
            assert_ne!(status, StatusCode::OK, "a wrong code never signs in");
            if body.contains("WrongCode") {
                guesses += 1;
            } else if body == "\"TooManyAttempts\"" {
                guesses += 1;
                break;
            } else if let Some(wait) = retry_after(&body) {
                h.advance(wait);
                break;
            } else {
                panic!("unexpected answer {status} {body}");
            }
        }
    }
    guesses
}

#[tokio::test]
async fn guessing_from_one_address_is_capped_at_twenty_a_day() {
    let attempts = domain::CodePolicy::default().max_attempts;
    let bound = LimitPolicy::standard().daily_guess_bound(attempts, false).unwrap();
    assert_eq!(bound, 20);
    assert_eq!(
        a_day_of_guessing(false).await,
        bound,
        "every guess the limits allow, and no more"
    );
}

#[tokio::test]
async fn guessing_from_any_number_of_addresses_is_capped_at_a_hundred_a_day() {
    let attempts = domain::CodePolicy::default().max_attempts;
    let bound = LimitPolicy::standard().daily_guess_bound(attempts, true).unwrap();
    assert_eq!(bound, 100);
    let guesses = a_day_of_guessing(true).await;
    assert_eq!(guesses, bound, "every guess the limits allow, and no more");
    // Each guess matches a round's code with probability 1e-6, or 2e-6 for
    // a round that also takes the code a retried Create may have texted
    // (domain::challenge::RETRY_WINDOW_SECS), so by the union bound a day
    // of guessing succeeds with at most 2 * bound / 1e6.
    let chance = 2.0 * guesses as f64 / 1e6;
    assert!(chance <= 2e-4, "{chance}");
}

#[tokio::test]
async fn a_stranger_cannot_lock_a_number_out() {
    let mut h = behind_a_proxy().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let stranger = "198.51.100.66";
    // Sign-ups for the number (it has an account: no text, the same answer)
    // and wrong confirmation codes, as many as the limits let one address.
    let t0 = h.now();
    while h.now() - t0 < 2 * HOUR {
        let (_, body) = from(&h, stranger, "/api/sign_up", &[NUMBER[0], NUMBER[1], ("name", "")]).await;
        if let Some(wait) = retry_after(&body) {
            h.advance(wait.min(HOUR));
        }
        let (_, body) = from(&h, stranger, "/api/confirm_sign_up", &[("code", "000000")]).await;
        // A code out of tries has no wait: a new one comes after the
        // resend minute.
        h.advance(retry_after(&body).unwrap_or(61).min(HOUR));
    }
    // And wrong sign-in codes until its own limits stop it.
    loop {
        let (_, body) = from(&h, stranger, "/api/start_sign_in", &NUMBER).await;
        if retry_after(&body).is_some() {
            break;
        }
        let code = h.last_code(PHONE).await;
        let (_, body) = from(&h, stranger, "/api/verify_sign_in", &[("code", &wrong(&code))]).await;
        if retry_after(&body).is_some() {
            break;
        }
        h.advance(61);
    }
    // The owner, from their own address, signs in as usual.
    h.advance(61);
    let owner = "203.0.113.5";
    h.switch_to(crate::support::browser());
    let (status, body) = from(&h, owner, "/api/start_sign_in", &NUMBER).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = h.last_code(PHONE).await;
    let (status, body) = from(&h, owner, "/api/verify_sign_in", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn checks_at_once_never_take_more_than_the_limit() {
    // A round lives three minutes and codes come a minute apart, so three
    // are alive at once: nine tries, against a limit of five for this test.
    let limit = Rule::new(5, HOUR);
    let h = behind_a_proxy_with(|c| c.limits.failed_checks_per_phone_and_ip = vec![limit]).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let attacker = "198.51.100.77";
    let mut browsers = Vec::new();
    for _ in 0..3 {
        h.advance(61);
        let browser = crate::support::browser();
        let r = browser
            .post(h.url("/api/start_sign_in"))
            .header("x-forwarded-for", attacker)
            .form(&NUMBER)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        browsers.push(browser);
    }
    let code = h.last_code(PHONE).await;
    // A Cognito round takes one answer, so each browser tries once per wave;
    // the three browsers try at the same moment.
    let mut checked = 0;
    for _wave in 0..3 {
        let tries = browsers.iter().map(|browser| {
            browser
                .post(h.url("/api/verify_sign_in"))
                .header("x-forwarded-for", attacker)
                .form(&[("code", wrong(&code))])
                .send()
        });
        for answer in futures::future::join_all(tries).await {
            let body = answer.unwrap().text().await.unwrap();
            if body.contains("WrongCode") || body == "\"TooManyAttempts\"" {
                checked += 1;
            } else {
                assert!(retry_after(&body).is_some(), "{body}");
            }
        }
    }
    assert_eq!(checked, limit.max, "nine at once, and only five are checked");
}

#[tokio::test]
async fn posts_are_capped_per_address_before_they_are_read() {
    let h = behind_a_proxy().await;
    let mut statuses = Vec::new();
    for _ in 0..61 {
        let (status, _) = from(&h, "198.51.100.88", "/api/start_sign_in", &[("nonsense", "1")]).await;
        statuses.push(status);
    }
    assert!(
        statuses[..60]
            .iter()
            .all(|s| s.is_client_error() && *s != StatusCode::TOO_MANY_REQUESTS)
    );
    assert_eq!(
        statuses[60],
        StatusCode::TOO_MANY_REQUESTS,
        "the 61st in a minute is not even read"
    );
    let (status, _) = from(&h, "198.51.100.89", "/api/start_sign_in", &[("nonsense", "1")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "another address is not held back");
}

/// Turns the parts of a page that differ per number or per response (digits,
/// the CSP nonce, which Leptos also writes into `crossorigin`) into
/// placeholders, leaving its shape.
fn shape(html: &str) -> String {
    let mut page = html.to_owned();
    for attribute in ["nonce=\"", "crossorigin=\""] {
        let mut out = String::with_capacity(page.len());
        let mut rest = page.as_str();
        while let Some(i) = rest.find(attribute) {
            out.push_str(&rest[..i + attribute.len()]);
            rest = &rest[i + attribute.len()..];
            out.push_str("RANDOM");
            rest = &rest[rest.find('"').unwrap_or(rest.len())..];
        }
        out.push_str(rest);
        page = out;
    }
    page.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn spread(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() * 3 / 4] - v[v.len() / 4]
}

#[tokio::test]
async fn numbers_with_and_without_an_account_look_the_same_at_sign_in() {
    // Times are compared below: not while the soak loads the machine.
    let _machine = crate::support::MACHINE.lock().await;
    // Limits would treat the two groups alike too; off, they cannot hide a
    // difference behind a 429.
    let mut h = start_with(|c| c.limits = LimitPolicy::off()).await;
    const N: usize = 24;
    let known: Vec<String> = (0..N).map(|i| format!("41555526{i:02}")).collect();
    let unknown: Vec<String> = (0..N).map(|i| format!("41555527{i:02}")).collect();
    for national in &known {
        h.sign_up_and_in(national, &format!("+1{national}")).await;
    }

    let mut times = [Vec::new(), Vec::new()];
    let mut pages: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for i in 0..N {
        // Interleaved, so that drift in the machine's load hits both alike.
        for (group, national) in [(0, &known[i]), (1, &unknown[i])] {
            h.switch_to(crate::support::browser());
            let body = [("country", "US"), ("phone", national.as_str())];
            let started = Instant::now();
            let (status, answer) = h.fetch("/api/start_sign_in", &body).await;
            times[group].push(started.elapsed());
            assert_eq!((status, answer.as_str()), (StatusCode::OK, "null"));
            let (status, _, html) = h.page("/login/verify").await;
            assert_eq!(status, StatusCode::OK);
            pages[group].push(shape(&html));
            let (status, answer) = h.fetch("/api/verify_sign_in", &[("code", "000000")]).await;
            // (A known number's real code is 000000 one time in a million.)
            assert_eq!(
                (status, answer.as_str()),
                (StatusCode::BAD_REQUEST, r#"{"WrongCode":{"attempts_left":2}}"#)
            );
        }
    }
    assert_eq!(pages[0][0], pages[1][0], "the code page has the same shape");
    assert!(pages.iter().flatten().all(|p| p == &pages[0][0]));

    let (mut k, mut u) = (times[0].clone(), times[1].clone());
    let (mk, mu) = (median(&mut k), median(&mut u));
    let noise = spread(&mut k).max(spread(&mut u)).max(Duration::from_millis(5));
    let gap = mk.abs_diff(mu);
    assert!(
        gap <= noise,
        "known median {mk:?}, unknown median {mu:?}: a gap of {gap:?} beyond the noise {noise:?}"
    );
}

#[tokio::test]
async fn sends_take_at_least_the_floor_with_or_without_an_account() {
    // A real pool waits for SNS only for numbers with an account; the floor
    // (1 s by default with a real pool) hides that wait.
    let floor = Duration::from_millis(300);
    let mut h = start_with(|c| c.send_floor = floor).await;
    h.sign_up_and_in("4155552671", PHONE).await;
    for national in ["4155552671", "4155552672"] {
        h.switch_to(crate::support::browser());
        let started = Instant::now();
        let (status, _) = h
            .fetch("/api/start_sign_in", &[("country", "US"), ("phone", national)])
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(started.elapsed() >= floor, "{national}: {:?}", started.elapsed());
    }
}

/// A browser that asked for a sign-in code for `national`, in `flow`: with
/// an account (signed up and confirmed first) or without one (in the
/// custom flow, a sign-up never confirmed: Cognito starts no sign-in for
/// it, so the server runs a look-alike flow).
async fn waiting_for_a_code(flow: SignInFlow, account: bool, national: &str, floor: Duration) -> Harness {
    let mut h = start_with(|c| {
        c.sign_in_flow = flow;
        c.check_floor = floor;
    })
    .await;
    let number = [("country", "US"), ("phone", national)];
    if account || flow == SignInFlow::Custom {
        let (status, _) = h.fetch("/api/sign_up", &[number[0], number[1], ("name", "")]).await;
        assert_eq!(status, StatusCode::OK);
    }
    if account {
        let code = h.last_code(&format!("+1{national}")).await;
        let (status, _) = h.fetch("/api/confirm_sign_up", &[("code", &code)]).await;
        assert_eq!(status, StatusCode::OK);
        h.advance(61);
    }
    h.switch_to(crate::support::browser());
    let (status, body) = h.fetch("/api/start_sign_in", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    h
}

/// A wrong code of the flow's length (a real code is all zeros one time in
/// a million or a hundred million).
fn zeros(flow: SignInFlow) -> &'static str {
    match flow {
        SignInFlow::Custom => "000000",
        SignInFlow::Native => "00000000",
    }
}

#[tokio::test]
async fn wrong_codes_at_once_answer_alike_with_and_without_an_account() {
    // The floor holds the first check's answer, so all five are in flight
    // together, as an attacker's would be.
    let floor = Duration::from_secs(1);
    for flow in [SignInFlow::Custom, SignInFlow::Native] {
        let mut answers = Vec::new();
        for account in [true, false] {
            let h = waiting_for_a_code(flow, account, "4155552671", floor).await;
            let wrong = [("code", zeros(flow))];
            let tries = (0..5).map(|_| h.fetch("/api/verify_sign_in", &wrong));
            let mut statuses: Vec<u16> = futures::future::join_all(tries)
                .await
                .into_iter()
                .map(|(status, _)| status.as_u16())
                .collect();
            statuses.sort_unstable();
            answers.push(statuses);
        }
        assert_eq!(answers[0], answers[1], "{flow:?}: with an account, then without");
        // One check of the code the page shows; the others are told to try
        // again in a moment (a Cognito round takes one answer).
        assert_eq!(answers[0], [400, 429, 429, 429, 429], "{flow:?}");
    }
}

#[tokio::test]
async fn wrong_codes_take_at_least_the_floor_with_or_without_an_account() {
    // Cognito checks a code only for a number with an account; the floor
    // (1 s by default with a real pool) hides that wait.
    let floor = Duration::from_millis(300);
    for flow in [SignInFlow::Custom, SignInFlow::Native] {
        for account in [true, false] {
            let h = waiting_for_a_code(flow, account, "4155552671", floor).await;
            let started = Instant::now();
            let (status, _) = h.fetch("/api/verify_sign_in", &[("code", zeros(flow))]).await;
            let took = started.elapsed();
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(took >= floor, "{flow:?}, account {account}: {took:?}");
        }
    }
}
