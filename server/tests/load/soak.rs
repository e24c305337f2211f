//! A bounded soak: 500 sign-up-and-sign-in journeys at once against the
//! server process and its embedded local-cognito, twice. No 5xx, every
//! journey ends signed in (no session lost), and the process's memory ends
//! near where it started.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::process::ServerProcess;
use reqwest::StatusCode;

const JOURNEYS: usize = 500;

#[derive(Default)]
struct Tally {
    server_errors: AtomicUsize,
    signed_in: AtomicUsize,
}

struct Journey {
    base: String,
    outbox: String,
    http: reqwest::Client,
    national: String,
    address: String,
    tally: Arc<Tally>,
}

impl Journey {
    async fn call(&self, path: &str, body: &[(&str, &str)]) -> (StatusCode, String) {
        let request = if body.is_empty() && !path.starts_with("/api/") {
            self.http.get(format!("{}{path}", self.base))
        } else {
            self.http.post(format!("{}{path}", self.base)).form(body)
        };
        let r = request
            .header("x-forwarded-for", &self.address)
            .send()
            .await
            .expect("the server answers");
        let status = r.status();
        if status.is_server_error() {
            self.tally.server_errors.fetch_add(1, Ordering::SeqCst);
        }
        (status, r.text().await.unwrap_or_default())
    }

    async fn code(&self) -> String {
        // The outbox answers only this machine talking directly: no proxy header.
        let url = format!("{}/_dev/sms?to=%2B1{}", self.outbox, self.national);
        let body = self.http.get(url).send().await.unwrap().text().await.unwrap();
        let texts: serde_json::Value = serde_json::from_str(&body).unwrap();
        texts.as_array().unwrap().last().unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn run(self) {
        let number = [("country", "US"), ("phone", self.national.as_str())];
        let (status, body) = self
            .call("/api/sign_up", &[number[0], number[1], ("name", "Soak")])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let code = self.code().await;
        let (status, _) = self.call("/api/confirm_sign_up", &[("code", &code)]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = self.call("/api/start_sign_in", &number).await;
        assert_eq!(status, StatusCode::OK);
        let code = self.code().await;
        let (status, _) = self.call("/api/verify_sign_in", &[("code", &code)]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, html) = self.call("/account", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&format!("+1{}", self.national)));
        self.tally.signed_in.fetch_add(1, Ordering::SeqCst);
    }
}

async fn wave(server: &ServerProcess, first: usize, count: usize, tally: &Arc<Tally>) {
    let journeys: Vec<_> = (first..first + count)
        .map(|i| {
            let journey = Journey {
                base: server.url.clone(),
                outbox: server.outbox.clone().expect("the embedded outbox"),
                http: crate::support::browser(),
                national: format!("415555{:04}", 1000 + i),
                // Each journey its own client address, as real users have
                // (and in its own /24: an IPv4 /24 counts as one site).
                address: format!("100.{}.{}.1", 64 + i / 250, i % 250),
                tally: tally.clone(),
            };
            tokio::spawn(journey.run())
        })
        .collect();
    for j in journeys {
        j.await.expect("a journey failed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_concurrent_journeys_twice() {
    let _machine = crate::support::MACHINE.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::spawn(&[
        (
            "SESSION_STORE",
            format!("sqlite://{}", dir.path().join("s.db").display()),
        ),
        ("CLIENT_IP_HEADER", "x-forwarded-for".into()),
        ("TRUSTED_PROXIES", "127.0.0.1".into()),
        // A thousand numbers of one range, on purpose: this is about load.
        ("SMS_BUDGET_HOURLY", "100000".into()),
        ("SMS_BUDGET_DAILY", "100000".into()),
        ("SMS_COUNTRY_BUDGET_HOURLY", "100000".into()),
        ("SMS_COUNTRY_BUDGET_DAILY", "100000".into()),
        ("SMS_RANGE_BUDGET_HOURLY", "100000".into()),
        ("SMS_RANGE_BUDGET_DAILY", "100000".into()),
        ("RUST_LOG", "warn,server=info".into()),
    ]);
    let tally = Arc::new(Tally::default());

    wave(&server, 0, 50, &tally).await; // warms up the allocator and pools
    let warm = server.rss_kib();
    wave(&server, 100, JOURNEYS, &tally).await;
    let first = server.rss_kib();
    wave(&server, 100 + JOURNEYS, JOURNEYS, &tally).await;
    let second = server.rss_kib();
    println!("RSS: warm {warm} KiB, after wave 1 {first} KiB, after wave 2 {second} KiB");

    assert_eq!(tally.server_errors.load(Ordering::SeqCst), 0, "no 5xx");
    assert_eq!(
        tally.signed_in.load(Ordering::SeqCst),
        50 + 2 * JOURNEYS,
        "no session lost"
    );
    // Back near where it started: a thousand journeys (whose users and
    // texts the embedded pool keeps, by design) add a few MiB, not a
    // thousand sessions' worth of leaked buffers.
    let growth = second.saturating_sub(warm);
    assert!(
        growth <= 24 * 1024,
        "{} journeys grew the process by {growth} KiB",
        2 * JOURNEYS
    );
}
