//! Numbers outside the SMS policy (countries not listed, lines that are not
//! mobile) get the ordinary "we couldn't send a text" answer before anything
//! is sent or counted; the form offers exactly the listed countries.

use reqwest::StatusCode;

use crate::support::{start, start_with};

#[tokio::test]
async fn numbers_outside_the_policy_are_never_texted() {
    let h = start().await;
    for (country, number) in [
        ("GB", "020 7946 0958"),    // a London landline
        ("GB", "09091 234567"),     // UK premium rate
        ("US", "+881 6 123456789"), // a satellite phone, typed with a +
        ("US", "+1 876 555 1234"),  // Jamaica shares +1 with the US
        ("US", "+370 600 12345"),   // a mobile in a country not listed
    ] {
        for api in ["/api/start_sign_in", "/api/sign_up"] {
            let (status, body) = h
                .fetch(api, &[("country", country), ("phone", number), ("name", "")])
                .await;
            assert_eq!(
                (status, body.as_str()),
                (StatusCode::BAD_REQUEST, "\"CannotDeliver\""),
                "{api} {number}"
            );
        }
    }
    let texts: usize = [
        "+442079460958",
        "+449091234567",
        "+8816123456789",
        "+18765551234",
        "+37060012345",
    ]
    .iter()
    .map(|n| h.server.local_cognito.as_ref().unwrap().pool.outbox.list(Some(n)).len())
    .sum();
    assert_eq!(texts, 0);
    // Nothing was counted: an allowed number goes straight through.
    let (status, _) = h
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", "4155552671")])
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_form_offers_the_countries_texts_go_to() {
    let h = start_with(|c| {
        c.sms_policy = domain::SmsPolicy::from_lookup(|k| (k == "SMS_COUNTRIES").then(|| "LT,GB".into())).unwrap()
    })
    .await;
    let (_, _, html) = h.page("/login").await;
    let options: Vec<&str> = html.split("<option ").skip(1).collect();
    assert_eq!(options.len(), 2, "{html}");
    assert!(
        options[0].contains("value=\"LT\"") && options[0].contains("LT (+370)"),
        "{}",
        options[0]
    );
    assert!(
        options[1].contains("value=\"GB\"") && options[1].contains("United Kingdom (+44)"),
        "{}",
        options[1]
    );
    // And what it offers is what it texts.
    let (status, _) = h
        .fetch("/api/start_sign_in", &[("country", "LT"), ("phone", "8 600 12345")])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = h
        .fetch("/api/start_sign_in", &[("country", "US"), ("phone", "4155552671")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn codes_asked_for_numbers_without_accounts_spend_no_budget() {
    use app::server::limits::{HOUR, Rule};
    let h = start_with(|c| {
        c.limits.texts_overall = vec![Rule::new(3, HOUR)];
        // About the budget, not the proof step before it.
        c.proof_policy.from_percent = 100;
    })
    .await;
    // Sign-ins for numbers with no account: Cognito answers them as it
    // answers an account (nothing tells them apart), but Create texts
    // nothing, and says so to the server alone.
    for i in 0..6 {
        let (status, body) = h
            .fetch(
                "/api/start_sign_in",
                &[("country", "US"), ("phone", &format!("41555570{i:02}"))],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // The whole budget is still there for texts that go.
    for i in 0..3 {
        let (status, body) = h
            .fetch(
                "/api/sign_up",
                &[("country", "US"), ("phone", &format!("41555571{i:02}")), ("name", "")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = h
        .fetch(
            "/api/sign_up",
            &[("country", "US"), ("phone", "4155557199"), ("name", "")],
        )
        .await;
    assert_eq!(
        (status, body.contains("TextsPaused")),
        (StatusCode::SERVICE_UNAVAILABLE, true),
        "{body}"
    );
}

/// The country the page's picker has selected.
fn selected_country(html: &str) -> Option<String> {
    html.split("<option ").skip(1).find_map(|o| {
        let tag = o.split('>').next().unwrap_or_default();
        tag.contains("selected")
            .then(|| tag.split("value=\"").nth(1)?.split('"').next().map(str::to_owned))
            .flatten()
    })
}

#[tokio::test]
async fn the_form_starts_on_the_browsers_country_then_on_the_last_one_used() {
    let h = start().await;
    let page = |language: Option<&'static str>, path: &'static str| {
        let h = &h;
        async move {
            let mut request = h.http.get(h.url(path)).header("accept", "text/html");
            if let Some(l) = language {
                request = request.header("accept-language", l);
            }
            request.send().await.unwrap().text().await.unwrap()
        }
    };
    // Twice each: rendered, then served as kept (one copy per country).
    for _ in 0..2 {
        assert_eq!(
            selected_country(&page(Some("en-GB,en;q=0.9"), "/login").await).as_deref(),
            Some("GB")
        );
        assert_eq!(
            selected_country(&page(Some("de-DE,de;q=0.9"), "/signup").await).as_deref(),
            Some("DE")
        );
        assert_eq!(
            selected_country(&page(None, "/login").await).as_deref(),
            Some("US"),
            "the list's first"
        );
        assert_eq!(
            selected_country(&page(Some("es-EG"), "/login").await).as_deref(),
            Some("US"),
            "a country texts do not go to is not offered"
        );
    }
    // A form sent with a country: the next visit starts on it, whatever
    // the browser's languages.
    let (status, _) = h
        .form(
            "/api/start_sign_in",
            "/login",
            &[("country", "GB"), ("phone", "07400 123456")],
        )
        .await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(
        selected_country(&page(Some("de-DE"), "/signup").await).as_deref(),
        Some("GB")
    );
}
