//! The conversion watch through the real server: sign-up codes texted to a
//! country and never used trip its breaker; its sign-ups pause (and say so),
//! while its accounts sign in and other countries sign up as before. The
//! counters an operator watches are on a listener of their own.

use reqwest::StatusCode;

use crate::support::{PHONE, counter, start_with};

const HOUR: u64 = 3600;

#[tokio::test]
async fn unused_sign_up_codes_pause_a_countrys_sign_ups_but_not_its_sign_ins() {
    let h = start_with(|c| {
        c.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
        if let Some(rule) = c.limits.conversion.as_mut() {
            rule.min_sent = 5;
        }
    })
    .await;
    assert_ne!(h.server.metrics.as_ref().unwrap().addr, h.server.addr);
    // Someone with an account in the US: one code sent, one used.
    h.sign_up_and_in("4155552671", PHONE).await;
    // Then sign-ups to US numbers whose codes nobody types in.
    let sign_up = |national: String| {
        let h = &h;
        async move {
            h.fetch("/api/sign_up", &[("country", "US"), ("phone", &national), ("name", "")])
                .await
        }
    };
    let trips = || async {
        let metrics = h.metrics().await;
        counter(
            &metrics,
            r#"phone_sign_in_conversion_breaker_trips_total{country="US"}"#,
        )
    };
    for i in 0..4 {
        let (status, body) = sign_up(format!("415555{:04}", 3000 + i)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(trips().await, 0, "texts that young may still be typed in");
    // Five minutes on, one more: one code used of the five sent before
    // then is not under a fifth...
    h.advance(5 * 60 + 1);
    let (status, _) = sign_up("4155553004".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(trips().await, 0, "one used of five");
    // ...one of six is.
    h.advance(5 * 60 + 1);
    let (status, _) = sign_up("4155553005".into()).await;
    assert_eq!(status, StatusCode::OK, "the text that trips it has gone");
    assert_eq!(trips().await, 1, "one used of six");
    let r = h
        .post(
            "/api/sign_up",
            &[("country", "US"), ("phone", "4155559999"), ("name", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()["retry-after"], HOUR.to_string().as_str());
    assert!(r.text().await.unwrap().contains("TextsPaused"));
    assert!(h.texts("+14155559999").await.is_empty());
    // The country's accounts still sign in; other countries still sign up.
    h.sign_in("4155552671", PHONE).await;
    let (status, _) = h
        .fetch(
            "/api/sign_up",
            &[("country", "GB"), ("phone", "07400 123456"), ("name", "")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let metrics = h.metrics().await;
    for (name, value) in [
        (r#"phone_sign_in_texts_sent_total{purpose="signup",country="US"}"#, 7),
        (r#"phone_sign_in_texts_sent_total{purpose="signup",country="GB"}"#, 1),
        (r#"phone_sign_in_texts_sent_total{purpose="signin",country="US"}"#, 1),
        (r#"phone_sign_in_codes_used_total{purpose="signup",country="US"}"#, 1),
        (r#"phone_sign_in_codes_used_total{purpose="signin",country="US"}"#, 1),
        (r#"phone_sign_in_texts_refused_total{reason="conversion"}"#, 1),
    ] {
        assert_eq!(counter(&metrics, name), value, "{name} in\n{metrics}");
    }
    assert!(!metrics.contains("4155552671"), "no number in the counters");
    // The app's own port does not serve them.
    let (status, _, html) = h.page("/metrics").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("phone_sign_in_"));

    // After the pause, sign-ups there go on.
    h.advance(HOUR);
    let (status, _) = sign_up("4155559999".into()).await;
    assert_eq!(status, StatusCode::OK);
}
