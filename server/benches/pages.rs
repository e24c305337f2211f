//! The pages under load, as the load test runs them (`tests/load/pages.rs`)
//! but against the release binary in its own process, as deployed: people
//! at once running whole journeys through every page and form, as a browser
//! without JavaScript does, for a while; prints the journeys, p50, p99 and
//! the slowest request.
//!
//! `cargo bench -p server --bench pages [-- --people N --seconds S]`, with
//! `TOKIO_WORKER_THREADS` (the server's worker threads; tokio reads it),
//! `BENCH_SERVER_CPUS` (a `taskset -c` list the server is held to) and
//! `BENCH_SESSION_STORE=redis://...` for the several-servers store.

#[allow(dead_code)]
#[path = "../tests/it/support/journeys.rs"]
mod journeys;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let people = arg("--people", 16) as usize;
    let seconds = arg("--seconds", 60);
    let port = testkit::free_port();
    let cognito_port = testkit::free_port();
    let dir = tempfile::tempdir().unwrap();
    let store = std::env::var("BENCH_SESSION_STORE")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("s.db").display()));
    let store_kind = store.split("://").next().unwrap_or("sqlite").to_owned();
    let workers = std::env::var("TOKIO_WORKER_THREADS").unwrap_or_else(|_| "all cores".into());
    let cpus = std::env::var("BENCH_SERVER_CPUS").ok();
    let mut command = match &cpus {
        Some(list) => {
            let mut c = Command::new("taskset");
            c.args(["-c", list, env!("CARGO_BIN_EXE_server")]);
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_server")),
    };
    command
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LOCAL_COGNITO_PORT", cognito_port.to_string())
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("SESSION_STORE", &store)
        .env("SERVER_SECRET", "ab".repeat(32))
        .env("RUST_LOG", "warn")
        // The limits stay on: each journey is a new number from its own
        // address, named by the trusted proxy header.
        .env("CLIENT_IP_HEADER", "x-forwarded-for")
        .env("TRUSTED_PROXIES", "127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for budget in [
        "SMS_BUDGET_HOURLY",
        "SMS_BUDGET_DAILY",
        "SMS_COUNTRY_BUDGET_HOURLY",
        "SMS_COUNTRY_BUDGET_DAILY",
        "SMS_RANGE_BUDGET_HOURLY",
        "SMS_RANGE_BUDGET_DAILY",
    ] {
        command.env(budget, "10000000");
    }
    let _server = Server(command.spawn().unwrap());
    let site = journeys::Site {
        base: format!("http://127.0.0.1:{port}"),
        outbox: format!("http://127.0.0.1:{cognito_port}"),
    };
    let probe = reqwest::Client::new();
    let started = Instant::now();
    while probe.get(format!("{}/healthz", site.base)).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
        tokio::task::yield_now().await;
    }
    let tally = journeys::run(
        &site,
        people,
        Duration::from_secs(seconds),
        0,
        Arc::new(AtomicUsize::new(0)),
    )
    .await;
    let held = cpus.map(|c| format!(", held to CPU {c}")).unwrap_or_default();
    println!(
        "pages under load: {people} people for {seconds} s, release server, worker threads: {workers}{held}, {store_kind} sessions"
    );
    println!("  {}", tally.summary());
    println!("  failed journeys: {}", tally.failures.len());
    if let Some(first) = tally.failures.first() {
        println!("  first failure: {first}");
    }
}
