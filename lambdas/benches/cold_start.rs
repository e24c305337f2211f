//! Cold start of each trigger binary: from process start to the first event
//! answered, against a minimal Lambda Runtime API on loopback that hands out
//! one queued event. Prints the median wall time, the process's CPU time and
//! its peak resident memory over several starts.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use tokio::sync::Notify;

struct Api {
    event: String,
    served: AtomicBool,
    answered: Notify,
}

async fn next(State(api): State<Arc<Api>>) -> (HeaderMap, String) {
    if api.served.swap(true, Ordering::SeqCst) {
        // One event per process: later polls wait until the process is killed.
        std::future::pending::<()>().await;
    }
    let mut h = HeaderMap::new();
    h.insert("lambda-runtime-aws-request-id", "req-1".parse().unwrap());
    h.insert("lambda-runtime-deadline-ms", "99999999999999".parse().unwrap());
    h.insert(
        "lambda-runtime-invoked-function-arn",
        "arn:aws:lambda:us-east-1:000000000000:function:f".parse().unwrap(),
    );
    (h, api.event.clone())
}

async fn response(State(api): State<Arc<Api>>) -> &'static str {
    api.answered.notify_one();
    "{}"
}

async fn sns_publish() -> ([(&'static str, &'static str); 1], &'static str) {
    (
        [("content-type", "text/xml")],
        r#"<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>"#,
    )
}

async fn one_start(bin: &str, event: &str) -> (Duration, f64, u64) {
    let api = Arc::new(Api {
        event: event.to_owned(),
        served: AtomicBool::new(false),
        answered: Notify::new(),
    });
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
        // Stands in for SNS so that Create's publish is a loopback round trip.
        .route("/", post(sns_publish))
        .with_state(api.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let started = Instant::now();
    let mut child = Command::new(bin)
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "f")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("OTP_HMAC_KEY", "ab".repeat(32))
        .env("APP_DOMAIN", "acme.example")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL_SNS", format!("http://{addr}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::timeout(Duration::from_secs(30), api.answered.notified())
        .await
        .expect("no answer");
    let wall = started.elapsed();
    let usage = testkit::process::usage(child.id());
    let (cpu, rss) = (usage.cpu_seconds, usage.peak_rss_kib);
    let _ = child.kill();
    let _ = child.wait();
    server.abort();
    (wall, cpu, rss)
}

fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    // `cargo test` runs benches once in test mode with --bench absent: skip the work.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let fixture = testkit::events::text;
    let runs = 15;
    println!("cold start, median of {runs} starts (process start -> first event answered)");
    println!(
        "{:<24} {:>10} {:>10} {:>12}",
        "binary", "wall ms", "CPU ms", "peak RSS MiB"
    );
    for (name, bin, event) in [
        ("pre-sign-up", env!("CARGO_BIN_EXE_pre-sign-up"), fixture("pre_sign_up")),
        (
            "define-auth-challenge",
            env!("CARGO_BIN_EXE_define-auth-challenge"),
            fixture("define_first_round"),
        ),
        (
            "create-auth-challenge",
            env!("CARGO_BIN_EXE_create-auth-challenge"),
            fixture("create_first_round"),
        ),
        (
            "verify-auth-challenge",
            env!("CARGO_BIN_EXE_verify-auth-challenge"),
            fixture("verify"),
        ),
        (
            "custom-message",
            env!("CARGO_BIN_EXE_custom-message"),
            fixture("custom_message"),
        ),
    ] {
        let mut walls = vec![];
        let mut cpus = vec![];
        let mut rsss = vec![];
        for _ in 0..runs {
            let (w, c, r) = one_start(bin, event).await;
            walls.push(w.as_secs_f64() * 1e3);
            cpus.push(c * 1e3);
            rsss.push(r as f64 / 1024.0);
        }
        println!(
            "{name:<24} {:>10.1} {:>10.1} {:>12.1}",
            median(walls),
            median(cpus),
            median(rsss)
        );
    }
}
