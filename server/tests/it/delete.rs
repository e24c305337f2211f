//! Deleting an account: only with a recent sign-in; the number then starts
//! over as someone new.

use app::server::account::RECENT_SIGN_IN_SECS;
use reqwest::StatusCode;

use crate::support::{PHONE, start};

#[tokio::test]
async fn an_old_sign_in_signs_in_again_first_and_the_number_then_starts_over() {
    let h = start().await;
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let first = h.me().await.1["sub"].as_str().unwrap().to_owned();
    h.advance(RECENT_SIGN_IN_SECS);
    // Signed in too long ago: the page offers a new sign-in, the server refuses.
    let (_, _, html) = h.page("/account").await;
    assert!(html.contains(r#"href="/login?next=/account%3Fdelete""#), "{html}");
    let (status, _) = h.fetch("/api/delete_account", &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(h.me().await.0, StatusCode::OK, "nothing deleted");

    // A new sign-in comes back to the open step, and it deletes.
    let (_, location) = h
        .form(
            "/api/start_sign_in",
            "/login?next=/account%3Fdelete",
            &[("country", "US"), ("phone", "4155552671"), ("next", "/account?delete")],
        )
        .await;
    assert_eq!(location, "/login/verify");
    let code = h.last_code(PHONE).await;
    let (_, location) = h.form("/api/verify_sign_in", "/login/verify", &[("code", &code)]).await;
    assert_eq!(location, "/account?delete");
    let (_, _, html) = h.page("/account?delete").await;
    assert!(html.contains("Delete my account"), "{html}");
    let (status, location) = h.form("/api/delete_account", "/account?delete", &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login?deleted"));
    assert_eq!(h.me().await.0, StatusCode::UNAUTHORIZED);

    // Later, the same number signs up as a new account.
    h.advance(61);
    h.sign_up_and_in("4155552671", PHONE).await;
    h.sign_in("4155552671", PHONE).await;
    let second = h.me().await.1["sub"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
}
