//! Pages render while other servers start in the same process, as they do
//! when tests run side by side, or when an app builds a router per test.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, COOKIE};

use crate::support::start;
use crate::support::workers::RouterChurn;

/// Leptos runs the whole app once to list its routes, and meanwhile holds a
/// process-wide flag under which every Resource first polled waits forever
/// (leptos-rs/leptos#4773). A server building its router while another
/// rendered a page stalled that page until a timeout: the 15-30 s stalls of
/// the tests run side by side. The routes are listed once per process now.
#[tokio::test]
async fn pages_render_while_another_server_builds_its_routes() {
    let h = start().await;
    let churn = RouterChurn::start(Duration::ZERO);
    // A visitor with a cookie gets a page rendered for them (not the kept copy).
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    for path in ["/login", "/signup", "/", "/login/verify", "/account"].repeat(10) {
        let r = http
            .get(h.url(path))
            .header(ACCEPT, "text/html")
            .header(COOKIE, "seen=1")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            r.status() == StatusCode::OK || r.status().is_redirection(),
            "{path}: {}",
            r.status()
        );
        r.text().await.unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    assert!(churn.finish() > 0);
}
