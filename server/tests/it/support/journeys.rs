//! Whole journeys through the pages, as a browser without JavaScript makes
//! them: every page loaded and every form posted (each answered with a
//! redirect), every request timed. A new number signs up, confirms, signs
//! in, opens its account and signs out. The load test (`tests/load`) and the
//! pages benchmark (`benches/pages.rs`) both run them, so this file uses
//! nothing but reqwest and tokio.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::{Client, StatusCode, redirect};

/// Where a server is: its pages, and the embedded pool's outbox.
#[derive(Clone)]
pub struct Site {
    pub base: String,
    pub outbox: String,
}

/// What a run of journeys saw.
#[derive(Default)]
pub struct Tally {
    /// Every request to the server: how long it took, and which step it was.
    pub requests: Vec<(Duration, &'static str)>,
    pub journeys: usize,
    pub failures: Vec<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.requests.extend(other.requests);
        self.journeys += other.journeys;
        self.failures.extend(other.failures);
    }

    /// The request at the `p` quantile (0.99 for p99) of those timed.
    pub fn percentile(&self, p: f64) -> Duration {
        let mut all: Vec<Duration> = self.requests.iter().map(|(d, _)| *d).collect();
        all.sort_unstable();
        let at = ((all.len() as f64 - 1.0) * p).round() as usize;
        all.get(at).copied().unwrap_or_default()
    }

    /// The slowest request, and its step.
    pub fn slowest(&self) -> (Duration, &'static str) {
        self.requests.iter().copied().max().unwrap_or((Duration::ZERO, "none"))
    }

    /// One line: journeys, requests, p50, p99 and the slowest.
    pub fn summary(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let (max, step) = self.slowest();
        format!(
            "{} journeys, {} requests: p50 {:.1} ms, p99 {:.1} ms, slowest {:.1} ms ({step})",
            self.journeys,
            self.requests.len(),
            ms(self.percentile(0.5)),
            ms(self.percentile(0.99)),
            ms(max),
        )
    }
}

/// A browser of one person: cookies kept, redirects not followed (the
/// journey checks each one).
fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("an HTTP client")
}

struct Person<'a> {
    site: &'a Site,
    http: Client,
    /// The client address the server sees (through its trusted proxy
    /// header), so that each person is counted as themself.
    address: String,
    tally: Tally,
}

impl Person<'_> {
    /// Loads a page: a 200 with the page whole.
    async fn page(&mut self, path: &str, step: &'static str) -> Result<String, String> {
        let started = Instant::now();
        let r = self
            .http
            .get(format!("{}{path}", self.site.base))
            .header(ACCEPT, "text/html")
            .header("x-forwarded-for", &self.address)
            .send()
            .await
            .map_err(|e| format!("{step}: {e}"))?;
        let status = r.status();
        let body = r.text().await.map_err(|e| format!("{step}: {e}"))?;
        self.tally.requests.push((started.elapsed(), step));
        match status {
            StatusCode::OK => Ok(body),
            other => Err(format!("{step}: {other}")),
        }
    }

    /// Posts a form from the page at `from`: a redirect, whose target it returns.
    async fn form(
        &mut self,
        api: &str,
        from: &str,
        body: &[(&str, &str)],
        step: &'static str,
    ) -> Result<String, String> {
        let started = Instant::now();
        let r = self
            .http
            .post(format!("{}{api}", self.site.base))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header(REFERER, format!("{}{from}", self.site.base))
            .header("x-forwarded-for", &self.address)
            .form(body)
            .send()
            .await
            .map_err(|e| format!("{step}: {e}"))?;
        let status = r.status();
        let location = r
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let _ = r.bytes().await;
        self.tally.requests.push((started.elapsed(), step));
        if !status.is_redirection() {
            return Err(format!("{step}: {status}"));
        }
        Ok(location)
    }

    /// The newest code texted to `e164`, from the outbox (not the server's
    /// work, so not timed with its requests).
    async fn code(&self, e164: &str) -> Result<String, String> {
        let url = format!("{}/_dev/sms?to={}", self.site.outbox, e164.replace('+', "%2B"));
        let texts: serde_json::Value = self
            .http
            .get(url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| format!("outbox: {e}"))?
            .json()
            .await
            .map_err(|e| format!("outbox: {e}"))?;
        texts
            .as_array()
            .and_then(|t| t.last())
            .and_then(|t| t["code"].as_str())
            .map(str::to_owned)
            .ok_or_else(|| format!("outbox: no code for {e164}"))
    }

    /// One whole journey for a new US number (`national`, ten digits).
    async fn journey(&mut self, national: &str) -> Result<(), String> {
        let e164 = format!("+1{national}");
        let number = [("country", "US"), ("phone", national)];
        self.page("/signup", "GET /signup").await?;
        let to = self
            .form(
                "/api/sign_up",
                "/signup",
                &[number[0], number[1], ("name", "Load")],
                "POST sign_up",
            )
            .await?;
        expect(&to, "/signup/confirm", "POST sign_up")?;
        self.page(&to, "GET /signup/confirm").await?;
        let code = self.code(&e164).await?;
        let to = self
            .form(
                "/api/confirm_sign_up",
                "/signup/confirm",
                &[("code", &code)],
                "POST confirm_sign_up",
            )
            .await?;
        // Cognito's own flow signs a new account in at once; the custom
        // flow hands the number to the sign-in form.
        if to != "/account" {
            expect(&to, "/login", "POST confirm_sign_up")?;
            self.page("/login", "GET /login").await?;
            let to = self
                .form("/api/start_sign_in", "/login", &number, "POST start_sign_in")
                .await?;
            expect(&to, "/login/verify", "POST start_sign_in")?;
            self.page(&to, "GET /login/verify").await?;
            let code = self.code(&e164).await?;
            let to = self
                .form(
                    "/api/verify_sign_in",
                    "/login/verify",
                    &[("code", &code)],
                    "POST verify_sign_in",
                )
                .await?;
            expect(&to, "/account", "POST verify_sign_in")?;
        }
        let account = self.page("/account", "GET /account").await?;
        if !account.contains(&national[national.len() - 4..]) {
            return Err("GET /account: not this number's account".into());
        }
        let to = self.form("/api/sign_out", "/account", &[], "POST sign_out").await?;
        self.page(&to, "GET /login?signed_out").await?;
        Ok(())
    }
}

fn expect(location: &str, path: &str, step: &str) -> Result<(), String> {
    if location == path {
        Ok(())
    } else {
        Err(format!("{step}: redirected to {location:?}, not {path}"))
    }
}

/// The `n`th number of a run: a valid US mobile-or-fixed number, a new one
/// for each journey.
fn number(n: usize) -> String {
    // 9,800 numbers per area code; area codes 201 onwards are all in use.
    // 555-0000 to 0199 are left out: 0100 to 0199 are test numbers (never
    // texted) with the embedded pool.
    let area = [415, 212, 312, 617, 206, 303, 512, 404][n / 9_800 % 8];
    format!("{area}555{:04}", 200 + n % 9_800)
}

/// The `n`th client address: each in its own /24, as people on different
/// networks are (a /24 counts as one site).
fn address(n: usize) -> String {
    format!("100.{}.{}.1", 64 + n / 250 % 64, n % 250)
}

/// `people` people at once, each running journeys one after another until
/// `duration` is up. Journeys are numbered from `first` (numbers and
/// addresses are new for each); `done` counts the finished ones as they end.
pub async fn run(site: &Site, people: usize, duration: Duration, first: usize, done: Arc<AtomicUsize>) -> Tally {
    let next = Arc::new(AtomicUsize::new(first));
    let deadline = Instant::now() + duration;
    let tasks: Vec<_> = (0..people)
        .map(|_| {
            let site = site.clone();
            let next = next.clone();
            let done = done.clone();
            tokio::spawn(async move {
                let mut person = Person {
                    site: &site,
                    http: browser(),
                    address: String::new(),
                    tally: Tally::default(),
                };
                while Instant::now() < deadline {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    person.address = address(n);
                    match person.journey(&number(n)).await {
                        Ok(()) => person.tally.journeys += 1,
                        Err(e) => {
                            person.tally.failures.push(e);
                            // The next journey starts from a new browser.
                            person.http = browser();
                        }
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
                person.tally
            })
        })
        .collect();
    let mut tally = Tally::default();
    for task in tasks {
        match task.await {
            Ok(t) => tally.merge(t),
            Err(e) => tally.failures.push(format!("a person's task failed: {e}")),
        }
    }
    tally
}
