//! One name brands every page (`APP_NAME`, the texts' too), the help,
//! terms and privacy links show where set, a page whose form failed says
//! so in its title, and the form says where texts go.

use domain::PageLink;
use reqwest::StatusCode;

use crate::support::{start, start_with};

fn title(html: &str) -> &str {
    html.split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_page_carries_the_products_name_and_the_links_it_was_given() {
    let h = start_with(|c| {
        c.app_name = "Acme".into();
        c.links.help = PageLink::parse("https://acme.example/help");
        c.links.privacy = PageLink::parse("/privacy");
    })
    .await;
    for path in ["/", "/login", "/signup"] {
        let (status, _, html) = h.page(path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(title(&html).ends_with(" · Acme"), "{path}: {}", title(&html));
        assert!(html.contains(r#"<a href="/" class="brand">Acme</a>"#), "{path}: {html}");
        assert!(
            html.contains(r#"<a href="https://acme.example/help">Help</a>"#)
                && html.contains(r#"<a href="/privacy">Privacy</a>"#),
            "{path}: {html}"
        );
        assert!(!html.contains(">Terms<"), "an unset link is not shown: {html}");
    }
    let (_, _, html) = h.page("/login").await;
    assert!(
        html.contains(r#"aria-describedby="country-hint""#)
            && html.contains("We text mobile numbers in these countries only."),
        "{html}"
    );
}

#[tokio::test]
async fn without_links_there_is_no_footer_and_an_error_is_in_the_title() {
    let h = start().await;
    let (_, _, html) = h.page("/login").await;
    assert_eq!(title(&html), "Sign in · Example app");
    assert!(!html.contains("site-links"), "{html}");
    // A page-level error (a sign-in page whose session ended, say) and a
    // field's error both put "Error:" first in the title.
    let (status, location) = h
        .form("/api/start_sign_in", "/login", &[("country", "US"), ("phone", "12")])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(title(&html), "Error: Sign in · Example app");
    let (status, location) = h
        .form("/api/verify_sign_in", "/login/verify", &[("code", "123456")])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let (_, html) = h.page_after(&location).await;
    assert!(title(&html).starts_with("Error: "), "{}", title(&html));
}
