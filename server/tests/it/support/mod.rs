//! What the server's integration tests share: the whole server over HTTP on
//! port 0 with the embedded local-cognito, a cookie-keeping client, a clock
//! the test moves, the server as its own process, fault injection, Redis.

// Whole journeys through the pages, and a server on worker threads of its
// own: used by tests/load (and benches/pages.rs) only.
#[allow(dead_code)]
pub mod journeys;
pub mod logs;
pub mod process;
pub mod proxy;
pub mod redis;
#[allow(dead_code)]
pub mod workers;

use std::sync::Arc;
use std::time::Duration;

use domain::{Clock, ManualClock, SystemClock};
use leptos::config::LeptosOptions;
use local_cognito::{LocalCognito, Outbox, Pool, PoolConfig};
use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::{Client, StatusCode, redirect};
use secrecy::ExposeSecret;
use server::config::SessionStoreConfig;
use server::{CognitoTarget, Config, Running};

pub const PHONE: &str = "+14155552671";

pub struct Harness {
    pub server: Running,
    pub http: Client,
    /// The server's (and the embedded pool's) "now".
    pub clock: ManualClock,
    /// Where texts land when the pool is not embedded in the server.
    pub outbox: Option<Arc<Outbox>>,
    pub dir: tempfile::TempDir,
    config: Config,
}

pub fn options(dir: &std::path::Path) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("phone-sign-in")
        .site_root(dir.to_string_lossy().to_string())
        .build()
}

pub async fn start() -> Harness {
    start_with(|_| {}).await
}

pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Harness {
    // Starts at the real time: the tokens it issues are checked against it.
    start_on(ManualClock::starting_now(), adjust).await
}

/// [`start_with`] on a clock the test also gives to something else.
pub async fn start_on(clock: ManualClock, adjust: impl FnOnce(&mut Config)) -> Harness {
    start_serving(clock, adjust, app::yours::api::routes()).await
}

/// A server with `yours` as a developer's own axum routes.
pub async fn start_with_routes(yours: axum::Router) -> Harness {
    start_serving(ManualClock::starting_now(), |_| {}, yours).await
}

async fn start_serving(clock: ManualClock, adjust: impl FnOnce(&mut Config), yours: axum::Router) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::from_lookup(|_| None).unwrap();
    config.clock = Arc::new(clock.clone());
    config.session_store = SessionStoreConfig::Sqlite(dir.path().join("sessions.db"));
    config.app_database = format!("sqlite://{}", dir.path().join("app.db").display());
    adjust(&mut config);
    // As from the environment: the default test numbers are the custom
    // flow's only.
    if config.sign_in_flow == domain::SignInFlow::Native {
        config.test_numbers = None;
    }
    config.addr = "127.0.0.1:0".parse().unwrap();
    config.echo_sms = false;
    let server = server::start_with(config.clone(), options(dir.path()), yours)
        .await
        .unwrap();
    let http = browser();
    Harness {
        server,
        http,
        clock,
        outbox: None,
        dir,
        config,
    }
}

/// A server in front of a pool of its own (see [`standalone_pool`]).
pub async fn start_remote(pool: &LocalCognito, endpoint: &str, adjust: impl FnOnce(&mut Config)) -> Harness {
    start_remote_on(ManualClock::starting_now(), pool, endpoint, adjust).await
}

/// [`start_remote`] on a clock the pool shares.
pub async fn start_remote_on(
    clock: ManualClock,
    pool: &LocalCognito,
    endpoint: &str,
    adjust: impl FnOnce(&mut Config),
) -> Harness {
    let target = remote(pool, endpoint);
    let mut h = start_on(clock, move |c| {
        c.cognito = target;
        // As from the environment: test numbers default to none with a pool.
        c.test_numbers = None;
        adjust(c);
    })
    .await;
    h.outbox = Some(pool.pool.outbox.clone());
    h
}

/// A client with its own cookie jar, like a separate browser.
pub fn browser() -> Client {
    browser_builder().build().unwrap()
}

/// A browser that waits a minute for an answer: for a test whose requests
/// wait on an outage on purpose (a store's 2 s command timeout, the AWS
/// SDK's retries), which [`request_timeout`] does not bound.
pub fn patient_browser() -> Client {
    browser_builder().timeout(Duration::from_secs(60)).build().unwrap()
}

/// A browser whose languages are `accept_language`.
pub fn browser_speaking(accept_language: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_str(accept_language).unwrap(),
    );
    browser_builder().default_headers(headers).build().unwrap()
}

/// How long a test's request may take: 20 s, a guard against a hang, not a
/// measure. `TEST_REQUEST_TIMEOUT_SECS` sets it, to check that no request
/// of a whole run is slow (`TEST_REQUEST_TIMEOUT_SECS=2`); a test whose
/// request is slow on purpose sets its own.
pub fn request_timeout() -> Duration {
    let secs = std::env::var("TEST_REQUEST_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    Duration::from_secs(secs)
}

fn browser_builder() -> reqwest::ClientBuilder {
    Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .timeout(request_timeout())
}

impl Harness {
    /// Stops the server (letting in-flight requests finish) and starts it
    /// again with the same settings and store; the browser keeps its cookies.
    pub async fn restart(mut self) -> Harness {
        self.server.stop().await;
        self.server = server::start(self.config.clone(), options(self.dir.path()))
            .await
            .unwrap();
        self
    }

    /// The same harness with a [`patient_browser`], before any request.
    pub fn patient(mut self) -> Self {
        self.http = patient_browser();
        self
    }

    /// Continues as `client` (another browser), returning the one in use.
    pub fn switch_to(&mut self, client: Client) -> Client {
        std::mem::replace(&mut self.http, client)
    }

    pub fn advance(&self, seconds: u64) {
        self.clock.advance(seconds);
    }

    pub fn now(&self) -> u64 {
        self.clock.now()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// A plain HTML form post, as a browser without JavaScript sends it.
    pub async fn form(&self, api: &str, from: &str, body: &[(&str, &str)]) -> (StatusCode, String) {
        post_form(&self.http, self.url(api), self.url(from), body).await
    }

    /// The hydrated page's call: no redirect, the status tells.
    pub async fn fetch(&self, api: &str, body: &[(&str, &str)]) -> (StatusCode, String) {
        let r = self.post(api, body).await;
        (r.status(), r.text().await.unwrap())
    }

    /// The hydrated page's call, whole (for its headers).
    pub async fn post(&self, api: &str, body: &[(&str, &str)]) -> reqwest::Response {
        self.http.post(self.url(api)).form(body).send().await.unwrap()
    }

    pub async fn page(&self, path: &str) -> (StatusCode, String, String) {
        let r = self
            .http
            .get(self.url(path))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        let location = location(&r);
        (r.status(), location, r.text().await.unwrap())
    }

    /// Follows a plain form post's redirect back to the page, as a browser does.
    pub async fn page_after(&self, location: &str) -> (StatusCode, String) {
        let path = location.trim_start_matches(&self.server.url()).to_owned();
        let (status, _, html) = self.page(&path).await;
        (status, html)
    }

    /// The embedded stand-in's own address, where its outbox is.
    pub fn outbox_url(&self) -> String {
        self.server
            .local_cognito
            .as_ref()
            .expect("the embedded local Cognito")
            .endpoint()
    }

    pub async fn texts(&self, to: &str) -> Vec<serde_json::Value> {
        if let Some(outbox) = &self.outbox {
            return outbox
                .list(Some(to))
                .iter()
                .map(|t| serde_json::json!({"to": t.to, "code": t.code, "body": t.body}))
                .collect();
        }
        let r = self
            .http
            .get(format!("{}/_dev/sms?to={}", self.outbox_url(), to.replace('+', "%2B")))
            .send()
            .await
            .unwrap();
        let list: serde_json::Value = r.json().await.unwrap();
        list.as_array().unwrap().clone()
    }

    pub async fn last_code(&self, to: &str) -> String {
        self.texts(to).await.last().expect("a text")["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The counters on the server's metrics listener (`METRICS_ADDR`).
    pub async fn metrics(&self) -> String {
        let url = self.server.metrics_url().expect("a server started with METRICS_ADDR");
        self.http.get(url).send().await.unwrap().text().await.unwrap()
    }

    /// Signs up without JavaScript, which signs in: one text, one code.
    pub async fn sign_up_and_in(&self, national: &str, e164: &str) {
        let (status, location) = self
            .form(
                "/api/sign_up",
                "/signup",
                &[("country", "US"), ("phone", national), ("name", "Ada")],
            )
            .await;
        assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/signup/confirm"));
        let code = self.last_code(e164).await;
        let (status, location) = self
            .form("/api/confirm_sign_up", "/signup/confirm", &[("code", &code)])
            .await;
        assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
    }

    /// `GET /api/me` as a script calls it: the status and the JSON body.
    pub async fn me(&self) -> (StatusCode, serde_json::Value) {
        let r = self
            .http
            .get(self.url("/api/me"))
            .header(ACCEPT, "application/json")
            .send()
            .await
            .unwrap();
        (r.status(), r.json().await.unwrap())
    }

    /// Signs in an already confirmed number, without JavaScript.
    pub async fn sign_in(&self, national: &str, e164: &str) {
        let (status, location) = self
            .form(
                "/api/start_sign_in",
                "/login",
                &[("country", "US"), ("phone", national)],
            )
            .await;
        assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/login/verify"));
        let code = self.last_code(e164).await;
        let (status, location) = self
            .form("/api/verify_sign_in", "/login/verify", &[("code", &code)])
            .await;
        assert_eq!((status, location.as_str()), (StatusCode::FOUND, "/account"));
    }
}

/// One counter's value in the metrics' text (0 when it is not there yet).
pub fn counter(metrics: &str, name: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0)
}

/// A code that differs from `code` in its first digit.
pub fn wrong(code: &str) -> String {
    let d = (code.as_bytes()[0] - b'0' + 1) % 10;
    format!("{d}{}", &code[1..])
}

/// A plain HTML form post from `referer` to `url`: the status and where it
/// redirects to.
pub async fn post_form(http: &Client, url: String, referer: String, body: &[(&str, &str)]) -> (StatusCode, String) {
    let r = http
        .post(url)
        .header(ACCEPT, "text/html,application/xhtml+xml")
        .header(REFERER, referer)
        .form(body)
        .send()
        .await
        .unwrap();
    (r.status(), location(&r))
}

/// Where a response redirects to ("" when it does not).
fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub use testkit::free_port;

/// Held by the tests that load the whole machine (the soak) or measure time
/// (the timing comparison), so that neither runs beside the other.
pub static MACHINE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A user pool outside any server, as AWS is: servers reach it by endpoint,
/// and it outlives them.
pub async fn standalone_pool() -> LocalCognito {
    standalone_pool_with(Arc::new(SystemClock), |_| {}).await
}

/// [`standalone_pool`] on `clock`, with its settings adjusted first.
pub async fn standalone_pool_with(clock: Arc<dyn Clock>, adjust: impl FnOnce(&mut PoolConfig)) -> LocalCognito {
    let mut config = PoolConfig::generated("Phone sign-in", "localhost");
    // As the template deploys the custom flow.
    config.triggers.confirm_at_sign_in = true;
    adjust(&mut config);
    let pool = Pool::new(config, clock, Arc::new(Outbox::new(false))).unwrap();
    LocalCognito::start(Arc::new(pool), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// The settings that point a server at `pool`, reached through `endpoint`
/// (the pool itself, or a proxy in front of it).
pub fn remote(pool: &LocalCognito, endpoint: &str) -> CognitoTarget {
    let client = pool.pool.config.clients[0].clone();
    CognitoTarget::Remote {
        region: pool.pool.config.region.clone(),
        user_pool_id: pool.pool.config.pool_id.clone(),
        client_id: client.id,
        client_secret: client.secret,
        endpoint: Some(endpoint.to_owned()),
    }
}

/// The same as environment variables, for a server process.
pub fn remote_env(pool: &LocalCognito, endpoint: &str) -> Vec<(&'static str, String)> {
    let CognitoTarget::Remote {
        region,
        user_pool_id,
        client_id,
        client_secret,
        endpoint,
    } = remote(pool, endpoint)
    else {
        unreachable!("remote() builds a Remote target")
    };
    vec![
        ("COGNITO_REGION", region),
        ("COGNITO_USER_POOL_ID", user_pool_id),
        ("COGNITO_CLIENT_ID", client_id),
        (
            "COGNITO_CLIENT_SECRET",
            client_secret.map(|s| s.expose_secret().to_owned()).unwrap_or_default(),
        ),
        ("COGNITO_ENDPOINT", endpoint.unwrap_or_default()),
        // The tests speak plain HTTP, which a Secure cookie never travels over.
        ("COOKIE_SECURE", "false".into()),
    ]
}

/// The newest code the pool texted to `to`.
pub fn pool_code(pool: &LocalCognito, to: &str) -> String {
    pool.pool
        .outbox
        .list(Some(to))
        .last()
        .and_then(|t| t.code.clone())
        .expect("a text with a code")
}
