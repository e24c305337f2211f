//! The step before a text when risk is up, through the real server: a busy
//! address, or a number range near its budget, gets a puzzle instead of a
//! text; a solved puzzle (the hydrated page) or the wait (a plain form)
//! passes it, once, for that number.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Harness, PHONE, start_with};

/// A server that asks for light puzzles (the tests solve them in a debug build).
async fn server() -> Harness {
    start_with(|c| c.proof_policy.bits = 10).await
}

fn puzzle(body: &str) -> Option<(String, u8, u64)> {
    let v: Value = serde_json::from_str(body).ok()?;
    let p = &v["ProofNeeded"];
    Some((
        p["seed"].as_str()?.to_owned(),
        p["bits"].as_u64()? as u8,
        p["wait_secs"].as_u64()?,
    ))
}

fn solve(seed: &str, bits: u8) -> String {
    app::proof::search(seed, bits, 0, u64::MAX).unwrap().to_string()
}

/// Makes this client's address busy: half of its 20 codes an hour, to
/// numbers that have no account (counted all the same).
async fn busy(h: &Harness, already: u32) {
    for i in already..10 {
        let (status, body) = h
            .fetch(
                "/api/start_sign_in",
                &[("country", "US"), ("phone", &format!("41555560{i:02}"))],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

#[tokio::test]
async fn a_busy_address_must_solve_a_puzzle_and_a_solved_puzzle_passes_once() {
    let h = server().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    busy(&h, 1).await;
    let texts = h.texts(PHONE).await.len();

    let number = [("country", "US"), ("phone", "4155552671")];
    let r = h.post("/api/start_sign_in", &number).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "10");
    let (seed, bits, wait) = puzzle(&r.text().await.unwrap()).expect("a puzzle");
    assert_eq!((bits, wait), (10, 10));
    assert_eq!(h.texts(PHONE).await.len(), texts, "no text for it");

    // The hydrated page's answer.
    let answer = solve(&seed, bits);
    let with = |seed: &str, answer: &str| {
        let h = &h;
        let body = [number[0], number[1], ("proof_seed", seed), ("proof", answer)].map(|(k, v)| (k, v.to_owned()));
        async move {
            let body: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
            h.fetch("/api/start_sign_in", &body).await
        }
    };
    let (status, body) = with(&seed, &answer).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(h.texts(PHONE).await.len(), texts + 1);

    // Once: the same answer again gets a new puzzle (after the cooldown,
    // so that only the spent puzzle can be what holds it back).
    h.advance(61);
    let (status, body) = with(&seed, &answer).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let (again, _, _) = puzzle(&body).expect("a new puzzle");
    assert_ne!(again, seed);
    // A wrong answer is no answer.
    let wrong = (0..).find(|a| !app::proof::solves(&again, *a, bits)).unwrap();
    let (status, body) = with(&again, &wrong.to_string()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(h.texts(PHONE).await.len(), texts + 1);

    // A new code from the code page takes the step too.
    let r = h.post("/api/resend_sign_in_code", &[]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let (seed, bits, _) = puzzle(&r.text().await.unwrap()).expect("a puzzle");
    let answer = solve(&seed, bits);
    let (status, body) = h
        .fetch("/api/resend_sign_in_code", &[("proof_seed", &seed), ("proof", &answer)])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(h.texts(PHONE).await.len(), texts + 2);
}

#[tokio::test]
async fn a_puzzle_buys_a_text_to_its_own_number_only() {
    let h = server().await;
    busy(&h, 0).await;
    let (_, body) = h
        .fetch(
            "/api/sign_up",
            &[("country", "GB"), ("phone", "07400 123456"), ("name", "")],
        )
        .await;
    let (seed, bits, _) = puzzle(&body).expect("a puzzle");
    let answer = solve(&seed, bits);
    let (status, body) = h
        .fetch(
            "/api/sign_up",
            &[
                ("country", "GB"),
                ("phone", "07400 123457"),
                ("name", ""),
                ("proof_seed", &seed),
                ("proof", &answer),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(h.texts("+447400123457").await.is_empty());
    // Nor to the same number in another flow.
    let (status, _) = h
        .fetch(
            "/api/start_sign_in",
            &[
                ("country", "GB"),
                ("phone", "07400 123456"),
                ("proof_seed", &seed),
                ("proof", &answer),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Its own number and flow: passes.
    let (status, body) = h
        .fetch(
            "/api/sign_up",
            &[
                ("country", "GB"),
                ("phone", "07400 123456"),
                ("name", ""),
                ("proof_seed", &seed),
                ("proof", &answer),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(h.texts("+447400123456").await.len(), 1);
}

#[tokio::test]
async fn without_javascript_the_wait_is_the_proof() {
    let h = server().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    busy(&h, 1).await;
    let number = [("country", "US"), ("phone", "4155552671")];
    let (status, location) = h.form("/api/start_sign_in", "/login", &number).await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        html.contains("One more step before we send a text: wait 10 seconds, then press the button again."),
        "{html}"
    );
    // The number typed is still there, and the puzzle rides in the form.
    assert!(html.contains("value=\"4155552671\""), "{html}");
    let seed = html
        .split("name=\"proof_seed\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the puzzle in the form")
        .to_owned();
    let with_seed = [number[0], number[1], ("proof_seed", seed.as_str()), ("proof", "")];

    // Too soon: the same puzzle, and the wait that is left.
    h.advance(4);
    let (_, location) = h.form("/api/start_sign_in", "/login", &with_seed).await;
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("wait 6 seconds"), "{html}");
    assert!(html.contains(&seed), "the same puzzle");

    // Waited out: the code is sent.
    h.advance(6);
    let (status, location) = h.form("/api/start_sign_in", "/login", &with_seed).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
    assert_eq!(h.texts(PHONE).await.len(), 2);
}

#[tokio::test]
async fn waiting_passes_a_few_times_an_hour_then_only_solving_does() {
    let h = server().await;
    busy(&h, 0).await;
    let ask = |national: String, seed: Option<String>| {
        let h = &h;
        async move {
            let mut body = vec![("country", "US"), ("phone", national.as_str())];
            if let Some(seed) = &seed {
                body.push(("proof_seed", seed));
            }
            h.fetch("/api/start_sign_in", &body).await
        }
    };
    for i in 0..7 {
        let national = format!("41555561{i:02}");
        let (status, body) = ask(national.clone(), None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        let (seed, bits, wait) = puzzle(&body).unwrap();
        h.advance(wait);
        let (status, body) = ask(national.clone(), Some(seed)).await;
        if i < 6 {
            assert_eq!(status, StatusCode::OK, "wait {i}: {body}");
            continue;
        }
        // The seventh wait in the hour: a new puzzle, which solving passes.
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        let (seed, _, _) = puzzle(&body).expect("a new puzzle");
        let answer = solve(&seed, bits);
        let (status, body) = h
            .fetch(
                "/api/start_sign_in",
                &[
                    ("country", "US"),
                    ("phone", &national),
                    ("proof_seed", &seed),
                    ("proof", &answer),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

#[tokio::test]
async fn a_range_near_its_budget_asks_every_address_and_only_for_that_range() {
    use server::config::TrustedProxies;
    let h = start_with(|c| {
        c.proof_policy.bits = 10;
        c.proxies = Some(TrustedProxies {
            header: "x-forwarded-for".parse().unwrap(),
            from: vec!["127.0.0.1/32".parse().unwrap()],
        });
    })
    .await;
    let from = |address: String, national: String| {
        let h = &h;
        async move {
            let r = h
                .http
                .post(h.url("/api/sign_up"))
                .header("x-forwarded-for", address)
                .form(&[("country", "GB"), ("phone", national.as_str()), ("name", "")])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    // Ten texts into one range (half of its 20 an hour), each from its own address.
    for i in 0..10 {
        let (status, body) = from(format!("198.51.100.{i}"), format!("07400 12{i:04}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // A fresh address, into that range: a puzzle.
    let (status, body) = from("203.0.113.7".into(), "07400 129999".into()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(puzzle(&body).is_some(), "{body}");
    // Another range: a text, as before.
    let (status, body) = from("203.0.113.7".into(), "07400 229999".into()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn the_page_solves_only_a_puzzle_its_own_form_post_was_given() {
    let mut h = server().await;
    busy(&h, 0).await;
    let number = [("country", "US"), ("phone", "4155552671")];
    let (status, location) = h.form("/api/start_sign_in", "/login", &number).await;
    assert_eq!(status, StatusCode::FOUND);
    assert!(location.contains("__err="), "{location}");
    // The attribute on the proof field (the page's first script names it
    // too, in a selector).
    let solves = |html: &str| html.contains(" data-solve");

    // A link to the same page, opened by another browser: shown, not solved.
    let mine = h.switch_to(crate::support::browser());
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(html.contains("One more step before we send a text"), "{html}");
    assert!(!solves(&html), "a puzzle from a link is not solved: {html}");

    // The browser that posted the form: its page solves it (and loads the
    // bundle that does), once; a reload only shows it.
    h.switch_to(mine);
    let (_, html) = h.page_after(&location).await;
    assert!(solves(&html), "{html}");
    assert!(html.contains("type=\"module\""), "{html}");
    let (_, html) = h.page_after(&location).await;
    assert!(!solves(&html), "the mark is used up: {html}");
}
