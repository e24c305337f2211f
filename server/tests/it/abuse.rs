//! What an attacker gets by calling the server directly: guessing codes is
//! bounded per phone per day, and the answers for a number with an account
//! and one without are the same in status, shape and time. (Session
//! fixation and cross-site posts are in `journey.rs`.)

use std::time::{Duration, Instant};

use crate::support::{PHONE, start, start_with, wrong};
use app::server::LimitPolicy;
use app::server::limits::DAY;
use reqwest::StatusCode;
use serde_json::Value;

const NUMBER: [(&str, &str); 2] = [("country", "US"), ("phone", "4155552671")];

fn retry_after(body: &str) -> Option<u64> {
    let v: Value = serde_json::from_str(body).ok()?;
    v["RateLimited"]["retry_after_secs"].as_u64()
}

#[tokio::test]
async fn guessing_codes_is_capped_per_phone_per_day() {
    let h = start().await;
    h.sign_up_and_confirm("4155552671", PHONE).await;
    let attempts_per_code = domain::CodePolicy::default().max_attempts;
    let bound = LimitPolicy::standard().daily_guess_bound(attempts_per_code).unwrap();

    // An attacker who knows the number but never sees the texts: ask for a
    // code, try wrong ones until refused, wait exactly as long as told, and
    // go on for a whole day.
    let t0 = h.now();
    let elapsed = || h.now() - t0;
    let mut guesses = 0u64;
    let mut codes = 0u64;
    while elapsed() < DAY {
        let (status, body) = h.fetch("/api/start_sign_in", &NUMBER).await;
        if let Some(wait) = retry_after(&body) {
            h.advance(wait);
            continue;
        }
        assert_eq!(status, StatusCode::OK, "{body}");
        codes += 1;
        let code = h.last_code(PHONE).await;
        loop {
            let (status, body) = h.fetch("/api/verify_sign_in", &[("code", &wrong(&code))]).await;
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
    assert_eq!(
        guesses, bound,
        "every guess the limits allow in a day, and no more ({codes} codes)"
    );
    // Each guess matches a fresh 6-digit code with probability 1e-6, so by
    // the union bound a day of guessing succeeds with at most bound / 1e6.
    let chance = guesses as f64 / 1e6;
    assert!(chance <= 2e-5, "{chance}");
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
        h.sign_up_and_confirm(national, &format!("+1{national}")).await;
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
    h.sign_up_and_confirm("4155552671", PHONE).await;
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
