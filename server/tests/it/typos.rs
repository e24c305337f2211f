//! A mistyped number is told as a typo ("too short", "check its digits"),
//! not blamed on the country chosen; another country's number typed as that
//! country writes it is told whose it looks like.

use reqwest::StatusCode;

use crate::support::start;

#[tokio::test]
async fn typos_are_not_blamed_on_the_country_and_another_countrys_number_is_named() {
    let h = start().await;
    for (typed, says) in [
        ("415 555 026", "That number is too short"),
        ("(415) 155-0123", "Check its digits"),
        (
            "07911 123456",
            "That looks like a number from another country (United Kingdom)",
        ),
    ] {
        let (status, location) = h
            .form("/api/start_sign_in", "/login", &[("country", "US"), ("phone", typed)])
            .await;
        assert_eq!(status, StatusCode::FOUND);
        let (status, html) = h.page_after(&location).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{typed}");
        let plain = html.replace("&#x27;", "'");
        assert!(plain.contains(says), "{typed}: {plain}");
        assert!(!plain.contains("isn't valid for the country you chose"), "{typed}");
    }
}
