//! Back after signing in: the code page (or an old error's address, replayed)
//! says the person is signed in, not an error about a code with no field.

use reqwest::StatusCode;

use crate::support::{PHONE, start, wrong};

#[tokio::test]
async fn the_code_page_after_signing_in_says_signed_in_not_an_old_error() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    let (_, location) = h
        .form(
            "/api/start_sign_in",
            "/login",
            &[("country", "US"), ("phone", "4155552671")],
        )
        .await;
    assert_eq!(location, "/login/verify");
    let code = h.last_code(PHONE).await;
    let (status, wrong_address) = h
        .form("/api/verify_sign_in", "/login/verify", &[("code", &wrong(&code))])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let (_, html) = h.page_after(&wrong_address).await;
    assert!(
        html.contains("That code isn&#x27;t right") || html.contains("That code isn't right"),
        "{html}"
    );
    let (_, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!(location, "/account");

    // Back twice: the wrong code's address, then the code page itself.
    for again in [wrong_address.as_str(), "/login/verify"] {
        let (status, html) = h.page_after(again).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert!(html.contains("Signed in as"), "{again}: {html}");
        assert!(html.contains(r#"href="/account""#), "{again}: {html}");
        assert!(
            !html.contains("isn&#x27;t right") && !html.contains("isn't right"),
            "{again}: {html}"
        );
    }
}

#[tokio::test]
async fn failed_posts_do_not_pile_errors_into_the_address() {
    let h = start().await;
    let bad = [("country", "US"), ("phone", "415")];
    let (_, first) = h.form("/api/start_sign_in", "/login", &bad).await;
    let from = first.trim_start_matches(&h.url(""));
    let (_, second) = h.form("/api/start_sign_in", from, &bad).await;
    assert_eq!(second.matches("__err=").count(), 1, "{second}");
    assert_eq!(second.matches("__path=").count(), 1, "{second}");
}

/// "Wrong number? Change it" keeps the name typed with the number; a name
/// removed says so (not "Saved."); a name too long is shown whole with the
/// error, not cut in the field.
#[tokio::test]
async fn what_was_typed_comes_back_and_removing_a_name_says_so() {
    let h = start().await;
    let (_, location) = h
        .form(
            "/api/sign_up",
            "/signup",
            &[("country", "US"), ("phone", "4155552671"), ("name", "Ada")],
        )
        .await;
    assert_eq!(location, "/signup/confirm");
    let (_, _, html) = h.page("/signup").await;
    assert!(html.contains(r#"value="Ada""#), "{html}");
    let code = h.last_code(PHONE).await;
    h.form("/api/confirm_sign_up", "/signup/confirm", &[("code", &code)])
        .await;
    h.sign_in("4155552671", PHONE).await;

    let (_, location) = h.form("/api/update_name", "/account", &[("name", "")]).await;
    assert_eq!(location, "/account?saved=removed");
    let (_, _, html) = h.page(&location).await;
    assert!(html.contains("Name removed.") && !html.contains(">Saved.<"), "{html}");

    let long = "a".repeat(101);
    let (_, location) = h.form("/api/update_name", "/account", &[("name", &long)]).await;
    let (status, html) = h.page_after(&location).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains(&format!(r#"value="{long}""#)),
        "the whole name, not cut: {html}"
    );
    assert!(html.contains("Keep your name to 100 characters or fewer."), "{html}");
}

/// Signed in, the sign-in and sign-up pages say who, with a way to the
/// account and a way out (to sign in as someone else).
#[tokio::test]
async fn the_public_pages_offer_sign_out_to_whoever_is_signed_in() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    for page in ["/login", "/signup"] {
        let (_, _, html) = h.page(page).await;
        assert!(html.contains("Signed in as"), "{page}: {html}");
        assert!(
            html.contains(r#"<form action="/api/sign_out" method="post" class="inline">"#),
            "{page}: {html}"
        );
    }
    let (_, location) = h.form("/api/sign_out", "/login", &[]).await;
    assert_eq!(location, "/login?signed_out");
    let (_, _, html) = h.page("/login").await;
    assert!(!html.contains("Signed in as"), "{html}");
}

/// Out of attempts, the page offers a new code without asking "Didn't get
/// it?" (the code came), and a way to change the number.
#[tokio::test]
async fn a_flow_that_ran_out_offers_a_new_code_and_another_number() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.form("/api/sign_out", "/account", &[]).await;
    h.form(
        "/api/start_sign_in",
        "/login",
        &[("country", "US"), ("phone", "4155552671")],
    )
    .await;
    let code = h.last_code(PHONE).await;
    let mut last = String::new();
    for _ in 0..3 {
        last = h
            .form("/api/verify_sign_in", "/login/verify", &[("code", &wrong(&code))])
            .await
            .1;
    }
    let (_, html) = h.page_after(&last).await;
    let html = html.replace("&#x27;", "'");
    assert!(html.contains("Too many wrong codes"), "{html}");
    assert!(!html.contains("Didn't get it?"), "{html}");
    assert!(
        html.contains("Wrong number?") && html.contains(r#"<a href="/login">Change it</a>"#),
        "{html}"
    );
}
