//! Changing the number over HTTP, as a browser without JavaScript does it:
//! the account page's form, the code page, a wrong code kept with what was
//! typed, then the right one.

use reqwest::StatusCode;

use crate::support::{PHONE, start, wrong};

const NEW: &str = "+14155552672";

#[tokio::test]
async fn the_account_page_changes_the_number_after_a_wrong_then_the_right_code() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let (_, _, html) = h.page("/account").await;
    assert!(html.contains("Change number…"), "{html}");

    // A bad number: 400 for a script, the form again (open, with what was
    // typed) for a plain post.
    let (status, _) = h
        .fetch("/api/change_number", &[("country", "US"), ("phone", "415")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, location) = h
        .form("/api/change_number", "/account", &[("country", "US"), ("phone", "415")])
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let (_, html) = h.page_after(&location).await;
    assert!(html.contains(r#"value="415""#), "what was typed stays: {html}");
    assert!(
        html.contains(r#"<details open class="confirm change-number""#),
        "{html}"
    );

    let (status, location) = h
        .form(
            "/api/change_number",
            "/account",
            &[("country", "US"), ("phone", "4155552672")],
        )
        .await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account/number"));
    let (_, _, html) = h.page("/account/number").await;
    assert!(html.contains("+1 415-555-2672"), "{html}");
    let code = h.last_code(NEW).await;

    let (status, _) = h.fetch("/api/confirm_number", &[("code", &wrong(&code))]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(h.me().await.1["phone_number"], PHONE, "not changed by a wrong code");
    let (status, location) = h
        .form("/api/confirm_number", "/account/number", &[("code", &code)])
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::FOUND, "/account?saved=number")
    );
    assert_eq!(h.me().await.1["phone_number"], NEW);
    let (_, _, html) = h.page("/account?saved=number").await;
    assert!(html.contains("Your number is changed."), "{html}");

    // Nothing waits any more: the code page goes back to the account.
    let (status, location, _) = h.page("/account/number").await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
}

#[tokio::test]
async fn the_code_page_and_its_steps_need_a_signed_in_account() {
    let h = start().await;
    let (status, _) = h.fetch("/api/confirm_number", &[("code", "123456")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = h
        .fetch("/api/change_number", &[("country", "US"), ("phone", "4155552672")])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = h.fetch("/api/pending_number", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
