//! Sign-in journeys under load: the release server binary (with its embedded
//! local-cognito) in its own process, N virtual users on loopback, each
//! running whole journeys: ask for a code, read it from the outbox, answer it,
//! load the account page. Prints journeys per second, p50/p99 per step, the
//! server's CPU time per journey and its resident memory idle and under load.
//!
//! `cargo bench -p server --bench journeys [-- --users N --journeys M]`

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::Client;
use reqwest::header::ACCEPT;

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// (CPU seconds, resident KiB) of the server process.
fn usage(pid: u32) -> (f64, u64) {
    let u = testkit::process::usage(pid);
    (u.cpu_seconds, u.rss_kib)
}

/// The embedded stand-in's thread (it stands in for AWS: in production none
/// of its work is the server's), by the name it gives itself.
const STAND_IN_THREAD: &str = "local-cognito";

/// CPU seconds of the stand-in's thread so far.
fn stand_in_cpu(pid: u32) -> f64 {
    testkit::process::threads(pid)
        .iter()
        .filter(|(name, _)| name == STAND_IN_THREAD)
        .map(|(_, s)| s)
        .sum()
}

/// CPU milliseconds of the server's own threads (all but the stand-in's) so
/// far; 0 without a process to read.
fn own_cpu_ms(pid: Option<u32>) -> f64 {
    pid.map_or(0.0, |pid| {
        testkit::process::threads(pid)
            .iter()
            .filter(|(name, _)| name != STAND_IN_THREAD)
            .map(|(_, s)| s * 1e3)
            .sum()
    })
}

/// The server's CPU since `mark` (ms), moving `mark` to now.
fn lap(mark: &mut f64, pid: Option<u32>) -> f64 {
    let now = own_cpu_ms(pid);
    let spent = now - *mark;
    *mark = now;
    spent
}

/// The journey's steps, in order, as the CPU breakdown names them.
const STEPS: [&str; 5] = ["start sign-in", "read code", "verify code", "account page", "sign out"];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn latest_code(http: &Client, base: &str, phone: &str) -> String {
    let list: serde_json::Value = http
        .get(format!("{base}/_dev/sms?to={}", phone.replace('+', "%2B")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list.as_array()
        .and_then(|l| l.last())
        .and_then(|m| m["code"].as_str())
        .expect("a code")
        .to_owned()
}

async fn post(http: &Client, url: String, form: &[(&str, &str)]) -> reqwest::StatusCode {
    http.post(url).form(form).send().await.unwrap().status()
}

#[derive(Default)]
struct Steps {
    start: Vec<f64>,
    code: Vec<f64>,
    verify: Vec<f64>,
    account: Vec<f64>,
    errors: usize,
    /// The server's own CPU per step, summed over journeys (ms), when measured.
    cpu: [f64; 5],
}

/// `cpu_of`: the server's process, to split its CPU by step (meaningful only
/// for a user alone, as nothing else then runs on the server).
async fn user(base: String, outbox: String, phone: String, journeys: usize, cpu_of: Option<u32>) -> Steps {
    let http = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let national = phone.trim_start_matches("+1").to_owned();
    assert!(
        post(
            &http,
            format!("{base}/api/sign_up"),
            &[("country", "US"), ("phone", &national), ("name", "")]
        )
        .await
        .is_success()
    );
    let code = latest_code(&http, &outbox, &phone).await;
    assert!(
        post(&http, format!("{base}/api/confirm_sign_up"), &[("code", &code)])
            .await
            .is_success()
    );
    // The native flow signs a new user in at confirmation: start signed out.
    post(&http, format!("{base}/api/sign_out"), &[]).await;
    let mut steps = Steps::default();
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    for _ in 0..journeys {
        let mut mark = own_cpu_ms(cpu_of);
        let t = Instant::now();
        let ok1 = post(
            &http,
            format!("{base}/api/start_sign_in"),
            &[("country", "US"), ("phone", &national)],
        )
        .await
        .is_success();
        steps.start.push(ms(t));
        steps.cpu[0] += lap(&mut mark, cpu_of);
        let t = Instant::now();
        let code = latest_code(&http, &outbox, &phone).await;
        steps.code.push(ms(t));
        steps.cpu[1] += lap(&mut mark, cpu_of);
        let t = Instant::now();
        let ok2 = post(&http, format!("{base}/api/verify_sign_in"), &[("code", &code)])
            .await
            .is_success();
        steps.verify.push(ms(t));
        steps.cpu[2] += lap(&mut mark, cpu_of);
        let t = Instant::now();
        let page = http
            .get(format!("{base}/account"))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        let ok3 = page.status().is_success() && page.text().await.unwrap().contains(&phone);
        steps.account.push(ms(t));
        steps.cpu[3] += lap(&mut mark, cpu_of);
        if !(ok1 && ok2 && ok3) {
            steps.errors += 1;
        }
        // Sign out so that the next journey starts from a signed-out browser.
        post(&http, format!("{base}/api/sign_out"), &[]).await;
        steps.cpu[4] += lap(&mut mark, cpu_of);
    }
    steps
}

/// CPU cost of issuing one sign-in's tokens with local-cognito's signer.
fn signing_ms() -> f64 {
    use local_cognito::signing::{Issue, Signer};
    let signer = Signer::generate().unwrap();
    let attributes = std::collections::BTreeMap::from([("phone_number".to_owned(), "+14155551000".to_owned())]);
    let issue = Issue {
        issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x",
        client_id: "c",
        sub: "s",
        attributes: &attributes,
        auth_time: 0,
        now: 0,
        origin_jti: "o",
        event_id: "e",
        access_ttl: 3600,
        id_ttl: 3600,
    };
    let n = 200;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(signer.issue(&issue));
    }
    t.elapsed().as_secs_f64() * 1e3 / n as f64
}

#[tokio::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let users = arg("--users", 8);
    let journeys = arg("--journeys", 25);
    let port = testkit::free_port();
    // The embedded stand-in's own port, where its outbox is.
    let cognito_port = testkit::free_port();
    let dir = tempfile::tempdir().unwrap();
    // `BENCH_SESSION_STORE=redis://...` measures the several-servers store.
    let store = std::env::var("BENCH_SESSION_STORE")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("s.db").display()));
    let store_kind = store.split("://").next().unwrap_or("sqlite").to_owned();
    // `BENCH_SIGN_IN_FLOW=native` measures Cognito's own SMS_OTP flow.
    let flow = std::env::var("BENCH_SIGN_IN_FLOW").unwrap_or_else(|_| "custom".to_owned());
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LOCAL_COGNITO_PORT", cognito_port.to_string())
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("SESSION_STORE", &store)
        .env("SIGN_IN_FLOW", &flow)
        // Needed with Redis (it names the shared limit counters); harmless alone.
        .env("SERVER_SECRET", "ab".repeat(32))
        .env("RUST_LOG", "warn")
        // One number signs in again and again: the per-phone limits would stop it.
        .env("RATE_LIMITS", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let pid = server.0.id();
    let base = format!("http://127.0.0.1:{port}");
    let probe = Client::new();
    let started = Instant::now();
    while probe.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
        tokio::task::yield_now().await;
    }
    let (_, idle_rss) = usage(pid);

    let (cpu_before, _) = usage(pid);
    let stand_in_before = stand_in_cpu(pid);
    let t = Instant::now();
    // Peak resident memory, sampled while the load runs.
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(20));
            loop {
                tick.tick().await;
                peak.fetch_max(usage(pid).1, Ordering::Relaxed);
            }
        })
    };
    let tasks: Vec<_> = (0..users)
        .map(|i| {
            let outbox = format!("http://127.0.0.1:{cognito_port}");
            tokio::spawn(user(
                base.clone(),
                outbox,
                format!("+1415555{:04}", 1000 + i),
                journeys,
                None,
            ))
        })
        .collect();
    let mut all = Steps::default();
    for task in futures::future::join_all(tasks).await {
        let s = task.unwrap();
        all.start.extend(s.start);
        all.code.extend(s.code);
        all.verify.extend(s.verify);
        all.account.extend(s.account);
        all.errors += s.errors;
    }
    let elapsed = t.elapsed().as_secs_f64();
    let (cpu_after, rss_after) = usage(pid);
    let stand_in_after = stand_in_cpu(pid);
    sampler.abort();
    let peak_rss = rss_after.max(peak.load(Ordering::Relaxed));
    let total = users * journeys;
    let cpu_per_journey = (cpu_after - cpu_before) * 1e3 / total as f64;
    let stand_in = (stand_in_after - stand_in_before) * 1e3 / total as f64;
    assert!(
        stand_in > 0.0,
        "no CPU on a thread named {STAND_IN_THREAD}: has the stand-in's thread been renamed?"
    );
    let signing = signing_ms();
    // Sign-up (once per user) is inside the timed window too; it is small
    // next to `journeys` sign-ins per user.
    println!(
        "sign-in journeys: {users} virtual users x {journeys} journeys, server with embedded local-cognito, {store_kind} sessions, SIGN_IN_FLOW={flow}"
    );
    println!("  journeys/s            {:.1}", total as f64 / elapsed);
    println!("  failed journeys       {}", all.errors);
    println!("  process CPU / journey {cpu_per_journey:.2} ms, server and embedded local-cognito");
    println!(
        "    local-cognito's thread (Cognito and its triggers in production): {stand_in:.2} ms, of which RS256 signing of the ID and access tokens (measured here) {signing:.2} ms"
    );
    println!(
        "    the server's own threads: {:.2} ms (goal: at most 1 ms)",
        cpu_per_journey - stand_in
    );
    println!(
        "  server RSS            idle {:.1} MiB, peak under load {:.1} MiB",
        idle_rss as f64 / 1024.0,
        peak_rss as f64 / 1024.0
    );
    println!("  step latency (ms)        p50      p99");
    for (name, v) in [
        ("start sign-in", &mut all.start),
        ("read code", &mut all.code),
        ("verify code", &mut all.verify),
        ("account page", &mut all.account),
    ] {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("  {name:<20} {:>8.2} {:>8.2}", percentile(v, 0.5), percentile(v, 0.99));
    }

    // Where the server's own CPU goes: one user alone, so that each step's
    // CPU is that step's (the reads of /proc between steps are the bench's).
    let alone = user(
        base.clone(),
        format!("http://127.0.0.1:{cognito_port}"),
        "+14155559000".to_owned(),
        journeys,
        Some(pid),
    )
    .await;
    assert_eq!(alone.errors, 0, "the lone user's journeys failed");
    println!("  server's own CPU per step, one user alone (ms)");
    for (name, cpu) in STEPS.iter().zip(alone.cpu) {
        println!("  {name:<20} {:>8.2}", cpu / journeys as f64);
    }
    println!(
        "  {:<20} {:>8.2}",
        "whole journey",
        alone.cpu.iter().sum::<f64>() / journeys as f64
    );
}
