//! Settings from the environment, read once at start.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use app::error::MAX_PROOF_BITS;
use app::server::LimitPolicy;
use app::server::limits::{DAY, HOUR, Rule};
use app::server::proof::ProofPolicy;
use axum::http::HeaderName;
use domain::{Clock, CodePolicy, PageLink, SettingsError, SignInFlow, SmsPolicy, SystemClock, TestNumbers};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretSlice, SecretString};

/// Where Cognito is.
#[derive(Clone, Debug)]
pub enum CognitoTarget {
    /// Start local-cognito in this process (no COGNITO_* variables set).
    Embedded,
    /// A real user pool (or any Cognito-compatible endpoint).
    Remote {
        region: String,
        user_pool_id: String,
        client_id: String,
        client_secret: Option<SecretString>,
        /// Endpoint override, e.g. a standalone local-cognito.
        endpoint: Option<String>,
    },
}

impl CognitoTarget {
    pub fn is_embedded(&self) -> bool {
        matches!(self, Self::Embedded)
    }
}

#[derive(Clone)]
pub enum SessionStoreConfig {
    /// One server: sessions in a SQLite file, limits in memory.
    Sqlite(PathBuf),
    /// Several servers: sessions and limit counters in one Redis (or Valkey),
    /// as a `redis://` or `rediss://` URL, which may carry a password.
    Redis(SecretString),
}

impl std::fmt::Debug for SessionStoreConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Self::Redis(url) => f
                .debug_tuple("Redis")
                .field(&redacted_url(url.expose_secret()))
                .finish(),
        }
    }
}

/// `scheme://host:port/db` without any user name or password.
pub fn redacted_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
            format!("{scheme}://{host}")
        }
        None => "<invalid url>".into(),
    }
}

/// Proxies whose client-address header is believed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxies {
    /// The header they set (`X-Forwarded-For`); its entries are read from the
    /// right, skipping the proxies' own addresses.
    pub header: HeaderName,
    /// Peers allowed to set it; from anyone else it is ignored.
    pub from: Vec<IpNet>,
}

impl TrustedProxies {
    pub fn trusts(&self, peer: IpAddr) -> bool {
        let peer = canonical(peer);
        self.from.iter().any(|net| net.contains(&peer))
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) as the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub cognito: CognitoTarget,
    /// `LEPTOS_ENV=PROD`.
    pub production: bool,
    /// The embedded stand-in's own loopback port (`LOCAL_COGNITO_PORT`, 0 for
    /// any free one): its API and the development outbox `/_dev/sms` are
    /// there, never on the app's port, which a proxy may expose.
    pub local_cognito_port: u16,
    /// `EMBEDDED_COGNITO_IN_PROD=true`: the embedded stand-in with
    /// `LEPTOS_ENV=PROD`, still on loopback only (the browser tests run the
    /// production build this way).
    pub embedded_in_production: bool,
    pub session_store: SessionStoreConfig,
    /// Secure cookies with the `__Host-` prefix (production, behind TLS).
    pub secure_cookies: bool,
    pub session_idle_timeout: Duration,
    /// Signed-in sessions end this long after sign-in, however active.
    pub session_max_age: Duration,
    /// Send and check limits (`RATE_LIMITS=off` only for load tests).
    pub limits: LimitPolicy,
    /// When the step before a text is asked for, and what it takes
    /// (`PROOF_FROM_PERCENT`, `PROOF_BITS`, `PROOF_WAIT_SECONDS`).
    pub proof_policy: ProofPolicy,
    /// Where the counters for monitoring are served (`METRICS_ADDR`): a
    /// listener of their own, off unless set.
    pub metrics_addr: Option<SocketAddr>,
    /// Where the client's address comes from behind a proxy; the socket's
    /// peer address when None.
    pub proxies: Option<TrustedProxies>,
    /// Keys the limit counters' names and signs the drafts of failed forms
    /// (`SERVER_SECRET`; generated at start when one server keeps everything).
    pub secret: SecretSlice<u8>,
    /// Longest wait for a request's headers, and for a whole request.
    pub header_read_timeout: Duration,
    pub request_timeout: Duration,
    /// "Now" for sessions, limits and the embedded pool; tests move it.
    pub clock: Arc<dyn Clock>,
    /// Code lifetime and attempts, as the triggers have them (`OTP_TTL_SECONDS`,
    /// `OTP_MAX_ATTEMPTS`); the embedded pool's triggers take them from here.
    pub code_policy: CodePolicy,
    /// `SIGN_IN_FLOW`: the triggers' custom challenge, or Cognito's own
    /// SMS codes (the embedded pool is set up to match).
    pub sign_in_flow: SignInFlow,
    /// Which numbers may be texted (`SMS_COUNTRIES`); the embedded pool's
    /// triggers take it from here too.
    pub sms_policy: SmsPolicy,
    pub cognito_timeout: Duration,
    /// The least time a request that may text a code takes (see `app::server::Settings`).
    pub send_floor: Duration,
    /// The least time a failed code check takes (`CODE_CHECK_FLOOR_MS`).
    pub check_floor: Duration,
    /// After SIGTERM, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
    /// The product's name, on every page and in the texts (`APP_NAME`).
    pub app_name: String,
    /// Help, terms and privacy pages the pages link to, where set.
    pub links: Links,
    /// The domain in the SMS's origin-bound last line.
    pub sms_domain: String,
    /// Echo local texts to stdout (embedded mode).
    pub echo_sms: bool,
    /// Serve the wasm bundle (`HYDRATE=false`: plain HTML pages, no JavaScript).
    pub hydrate: bool,
    /// Your app's database (`APP_DATABASE`, `sqlite://<path>`; by default
    /// `sqlite://data/app.db`), opened by `app::yours::data::Yours::open`.
    pub app_database: String,
    /// Where the embedded pool keeps its users and signing keys across
    /// restarts (`LOCAL_COGNITO_STATE`; `make dev` sets
    /// `data/local-cognito.json`). Unset, it starts empty every time.
    pub local_cognito_state: Option<PathBuf>,
    /// Sources added to the pages' Content-Security-Policy (`CSP_EXTRA`,
    /// see `app::csp`).
    pub csp_extra: String,
    /// Fictional numbers that sign up and in with a fixed code and are
    /// never texted (`TEST_NUMBERS`, `<numbers>=<code>`). With the embedded
    /// pool and the custom flow, by default every NANP 555-01XX number with
    /// 424242 (`domain::test_numbers`); otherwise none unless set.
    pub test_numbers: Option<TestNumbers>,
    /// `TEST_NUMBERS_ON_REAL_POOL=true`: test numbers with a real pool, said
    /// out loud (an App Store reviewer's account, say).
    pub test_numbers_on_real_pool: bool,
}

/// The pages every page links to, where set (`HELP_URL`, `TERMS_URL`,
/// `PRIVACY_URL`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    pub help: Option<PageLink>,
    pub terms: Option<PageLink>,
    pub privacy: Option<PageLink>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("{0} must be set together with COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID")]
    Incomplete(&'static str),
    #[error(transparent)]
    Code(#[from] SettingsError),
    /// A combination that would be unsafe in production; the text says what
    /// to set instead.
    #[error("refusing to start: {0}")]
    Unsafe(&'static str),
}

const EMBEDDED_IN_PRODUCTION: &str = "LEPTOS_ENV=PROD without COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID \
would run the embedded local Cognito, which texts nobody and shows every code at /_dev/sms. \
Set COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID and COGNITO_CLIENT_SECRET (did the environment \
file load?), or unset LEPTOS_ENV to develop locally.";

const EMBEDDED_EXPOSED: &str = "the embedded local Cognito runs only on a loopback address, and \
LEPTOS_SITE_ADDR is not one. Set LEPTOS_SITE_ADDR=127.0.0.1:3000 (or [::1]:3000), or set \
COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID for a real pool.";

const LIMITS_OFF_WITH_A_POOL: &str = "RATE_LIMITS=off with a real Cognito pool: every code is a \
paid text, and without limits anyone can send them and guess them. Remove RATE_LIMITS (it is \
for load tests against the embedded local Cognito).";

const STATE_FILE_IN_PRODUCTION: &str = "LOCAL_COGNITO_STATE with LEPTOS_ENV=PROD: the file \
keeps the embedded pool's signing key, for development across rebuilds. Unset LOCAL_COGNITO_STATE.";

const PROXY_HEADER_FROM_ANYONE: &str = "CLIENT_IP_HEADER is set without TRUSTED_PROXIES, so any \
client could name its own address and escape every per-address limit. Set TRUSTED_PROXIES to \
your proxies' addresses (e.g. TRUSTED_PROXIES=10.0.0.0/8,127.0.0.1); the header is believed \
only from them.";

const TEST_NUMBERS_ON_A_REAL_POOL: &str = "TEST_NUMBERS with a real Cognito pool: anyone who knows a test number and its code can sign in to that account. If that is what you want (an App Store reviewer's account, say), set TEST_NUMBERS_ON_REAL_POOL=true and give the stack the same list (its TestNumbers parameter); otherwise unset TEST_NUMBERS.";

const TEST_NUMBER_BLOCKS_ON_A_REAL_POOL: &str = "TEST_NUMBERS names a block of numbers (?) with a \
real Cognito pool: each is an account anyone could make and sign in to with the one code. Name \
each test number in full (e.g. TEST_NUMBERS=+14155550100=135790).";

const TEST_NUMBERS_NATIVE: &str = "TEST_NUMBERS with SIGN_IN_FLOW=native: Cognito texts the native flow's codes itself, so a test number cannot sign in with a fixed code there. Unset TEST_NUMBERS, or use SIGN_IN_FLOW=custom.";

const SHARED_STORE_WITHOUT_SECRET: &str = "SESSION_STORE=redis://... needs SERVER_SECRET (64 or \
more hex digits, the same on every server): it keys the limit counters' names, so that Redis \
alone does not reveal phone numbers. Generate one with `openssl rand -hex 32`.";

fn invalid(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.into(),
    }
}

impl Config {
    /// Reads settings through `get` (the process environment in `main`).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |k: &str| get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let addr = get("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|e| invalid("LEPTOS_SITE_ADDR", format!("{e}")))?;

        let pool = get("COGNITO_USER_POOL_ID");
        let client = get("COGNITO_CLIENT_ID");
        let cognito = match (pool, client) {
            (None, None) => {
                for other in ["COGNITO_CLIENT_SECRET", "COGNITO_REGION", "COGNITO_ENDPOINT"] {
                    if get(other).is_some() {
                        return Err(ConfigError::Incomplete(other));
                    }
                }
                CognitoTarget::Embedded
            }
            (Some(user_pool_id), Some(client_id)) => {
                let region = match get("COGNITO_REGION") {
                    Some(r) => r,
                    None => user_pool_id
                        .split_once('_')
                        .map(|(r, _)| r.to_owned())
                        .ok_or_else(|| invalid("COGNITO_USER_POOL_ID", "expected <region>_<id>"))?,
                };
                CognitoTarget::Remote {
                    region,
                    user_pool_id,
                    client_id,
                    client_secret: get("COGNITO_CLIENT_SECRET").map(SecretString::from),
                    endpoint: get("COGNITO_ENDPOINT"),
                }
            }
            (Some(_), None) => return Err(ConfigError::Incomplete("COGNITO_USER_POOL_ID")),
            (None, Some(_)) => return Err(ConfigError::Incomplete("COGNITO_CLIENT_ID")),
        };

        let session_store = match get("SESSION_STORE") {
            None => SessionStoreConfig::Sqlite(PathBuf::from("data/sessions.db")),
            Some(url) => match url.strip_prefix("sqlite://") {
                Some(path) if !path.is_empty() => SessionStoreConfig::Sqlite(PathBuf::from(path)),
                _ if ["redis://", "rediss://", "valkey://", "valkeys://"]
                    .iter()
                    .any(|p| url.starts_with(p) && url.len() > p.len()) =>
                {
                    // fred knows only the redis schemes; Valkey speaks the same protocol.
                    SessionStoreConfig::Redis(url.replacen("valkey", "redis", 1).into())
                }
                _ => {
                    return Err(invalid(
                        "SESSION_STORE",
                        "expected sqlite://<path> or redis://[user:password@]host[:port][/db]",
                    ));
                }
            },
        };

        let production =
            get("LEPTOS_ENV").is_some_and(|e| e.eq_ignore_ascii_case("PROD") || e.eq_ignore_ascii_case("production"));
        let flag = |name: &'static str, default: bool| match get(name).as_deref() {
            None => Ok(default),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(other) => Err(invalid(name, format!("expected true or false, got {other:?}"))),
        };
        // A real pool means a deployment, whatever LEPTOS_ENV says.
        let secure_cookies = flag("COOKIE_SECURE", !cognito.is_embedded())?;
        let embedded_in_production = flag("EMBEDDED_COGNITO_IN_PROD", false)?;
        let seconds = |name: &'static str, default: u64| -> Result<Duration, ConfigError> {
            match get(name) {
                None => Ok(Duration::from_secs(default)),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map(Duration::from_secs)
                    .ok_or_else(|| invalid(name, "expected a positive number of seconds")),
            }
        };
        let hydrate = flag("HYDRATE", true)?;
        let link = |name: &'static str| -> Result<Option<PageLink>, ConfigError> {
            match get(name) {
                None => Ok(None),
                Some(v) => PageLink::parse(&v).map(Some).ok_or_else(|| {
                    invalid(
                        name,
                        "expected an https:// address (https://example.com/help) or a path on this site (/help)",
                    )
                }),
            }
        };
        let mut limits = match get("RATE_LIMITS").as_deref() {
            None | Some("on" | "true" | "1") => LimitPolicy::standard(),
            Some("off" | "false" | "0") => LimitPolicy::off(),
            Some(other) => return Err(invalid("RATE_LIMITS", format!("expected on or off, got {other:?}"))),
        };
        // The owner's budgets of texts: per hour and per day, in all, per
        // country and per number range.
        let budget = |name: &'static str| -> Result<Option<u32>, ConfigError> {
            get(name)
                .map(|v| {
                    v.parse::<u32>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| invalid(name, "expected a whole number of texts, at least 1"))
                })
                .transpose()
        };
        for (rules, hourly, daily) in [
            (&mut limits.texts_overall, "SMS_BUDGET_HOURLY", "SMS_BUDGET_DAILY"),
            (
                &mut limits.texts_per_country,
                "SMS_COUNTRY_BUDGET_HOURLY",
                "SMS_COUNTRY_BUDGET_DAILY",
            ),
            (
                &mut limits.texts_per_range,
                "SMS_RANGE_BUDGET_HOURLY",
                "SMS_RANGE_BUDGET_DAILY",
            ),
        ] {
            for (name, window) in [(hourly, HOUR), (daily, DAY)] {
                if let Some(max) = budget(name)? {
                    rules.retain(|r| r.window_secs != window);
                    rules.push(Rule::new(max, window));
                }
            }
        }
        let number = |name: &'static str, range: std::ops::RangeInclusive<u32>| -> Result<Option<u32>, ConfigError> {
            get(name)
                .map(|v| {
                    v.parse::<u32>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                        invalid(
                            name,
                            format!("expected a whole number from {} to {}", range.start(), range.end()),
                        )
                    })
                })
                .transpose()
        };
        // The conversion watch on sign-up texts (off with the limits).
        if let Some(rule) = limits.conversion.as_mut() {
            if let Some(n) = number("CONVERSION_MIN_SENT", 1..=1_000_000)? {
                rule.min_sent = n;
            }
            if let Some(n) = number("CONVERSION_MIN_USED_PERCENT", 0..=100)? {
                rule.min_used_percent = n;
            }
            if let Some(n) = number("CONVERSION_PAUSE_MINUTES", 1..=24 * 60)? {
                rule.pause_secs = u64::from(n) * 60;
            }
        }
        let mut proof_policy = ProofPolicy::default();
        if let Some(n) = number("PROOF_FROM_PERCENT", 0..=100)? {
            proof_policy.from_percent = n;
        }
        if let Some(n) = number("PROOF_BITS", 1..=u32::from(MAX_PROOF_BITS))? {
            proof_policy.bits = n as u8;
        }
        if let Some(n) = number("PROOF_WAIT_SECONDS", 1..=60)? {
            proof_policy.wait_secs = u64::from(n);
        }
        let metrics_addr = get("METRICS_ADDR")
            .map(|v| {
                v.parse::<SocketAddr>()
                    .map_err(|_| invalid("METRICS_ADDR", "expected an address and port, such as 127.0.0.1:9464"))
            })
            .transpose()?;
        // A real pool waits for SNS, and checks a code with Cognito, only
        // when the number has an account; the embedded pool answers at once
        // either way.
        let default_floor = if cognito.is_embedded() { 0 } else { 1000 };
        let floor = |name: &'static str| -> Result<Duration, ConfigError> {
            match get(name) {
                None => Ok(Duration::from_millis(default_floor)),
                Some(v) => v
                    .parse::<u64>()
                    .ok()
                    .filter(|ms| *ms <= 10_000)
                    .map(Duration::from_millis)
                    .ok_or_else(|| invalid(name, "expected milliseconds from 0 to 10000")),
            }
        };
        let send_floor = floor("CODE_SEND_FLOOR_MS")?;
        let check_floor = floor("CODE_CHECK_FLOOR_MS")?;
        let proxies = match (get("CLIENT_IP_HEADER"), get("TRUSTED_PROXIES")) {
            (None, None) => None,
            (None, Some(_)) => return Err(invalid("TRUSTED_PROXIES", "set CLIENT_IP_HEADER with it")),
            (Some(_), None) => return Err(ConfigError::Unsafe(PROXY_HEADER_FROM_ANYONE)),
            (Some(header), Some(from)) => Some(TrustedProxies {
                header: HeaderName::try_from(header.to_ascii_lowercase())
                    .map_err(|e| invalid("CLIENT_IP_HEADER", e.to_string()))?,
                from: from
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<IpNet>()
                            .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                            .map(|net| net.trunc())
                            .map_err(|_| invalid("TRUSTED_PROXIES", format!("{s:?} is not an address or a CIDR block")))
                    })
                    .collect::<Result<_, _>>()?,
            }),
        };
        let secret = match get("SERVER_SECRET") {
            Some(hex_key) => {
                // Not the decoder's message: it would quote part of the secret.
                let key = hex::decode(&hex_key).map_err(|_| invalid("SERVER_SECRET", "expected hex digits"))?;
                if key.len() < 32 {
                    return Err(invalid("SERVER_SECRET", "needs at least 32 bytes (64 hex digits)"));
                }
                key
            }
            None if matches!(session_store, SessionStoreConfig::Redis(_)) => {
                return Err(ConfigError::Unsafe(SHARED_STORE_WITHOUT_SECRET));
            }
            None => {
                use rand::RngCore;
                let mut key = vec![0u8; 32];
                rand::rng().fill_bytes(&mut key);
                key
            }
        };
        let local_cognito_port = match get("LOCAL_COGNITO_PORT") {
            None => 0,
            Some(v) => v
                .parse()
                .map_err(|_| invalid("LOCAL_COGNITO_PORT", "expected a port number"))?,
        };
        let sign_in_flow = SignInFlow::from_lookup(get)?;
        let test_numbers = match domain::settings::test_numbers_from_lookup(get)? {
            Some(numbers) => Some(numbers),
            None if cognito.is_embedded() && sign_in_flow == SignInFlow::Custom => {
                Some(TestNumbers::outside_production())
            }
            None => None,
        };
        let csp_extra = get("CSP_EXTRA").unwrap_or_default();
        app::csp::check_extra(&csp_extra).map_err(|reason| invalid("CSP_EXTRA", reason))?;
        let config = Self {
            app_database: get("APP_DATABASE").unwrap_or_else(|| "sqlite://data/app.db".to_owned()),
            local_cognito_state: get("LOCAL_COGNITO_STATE").map(PathBuf::from),
            csp_extra,
            addr,
            local_cognito_port,
            production,
            embedded_in_production,
            hydrate,
            limits,
            metrics_addr,
            proof_policy,
            proxies,
            secret: secret.into(),
            header_read_timeout: seconds("HEADER_READ_TIMEOUT_SECONDS", 10)?,
            request_timeout: seconds("REQUEST_TIMEOUT_SECONDS", 30)?,
            clock: Arc::new(SystemClock),
            code_policy: CodePolicy::from_lookup(get)?,
            sign_in_flow,
            test_numbers,
            test_numbers_on_real_pool: flag("TEST_NUMBERS_ON_REAL_POOL", false)?,
            sms_policy: SmsPolicy::from_lookup(get)?,
            session_max_age: seconds("SESSION_MAX_SECONDS", 7 * 24 * 3600)?,
            // Codes on stdout are for a developer's terminal, not production logs.
            echo_sms: cognito.is_embedded() && !production,
            cognito,
            session_store,
            secure_cookies,
            session_idle_timeout: seconds("SESSION_IDLE_SECONDS", 12 * 3600)?,
            cognito_timeout: seconds("COGNITO_TIMEOUT_SECONDS", 10)?,
            send_floor,
            check_floor,
            shutdown_grace: seconds("SHUTDOWN_GRACE_SECONDS", 30)?,
            app_name: get("APP_NAME").unwrap_or_else(|| domain::settings::DEFAULT_APP_NAME.into()),
            links: Links {
                help: link("HELP_URL")?,
                terms: link("TERMS_URL")?,
                privacy: link("PRIVACY_URL")?,
            },
            sms_domain: get("APP_DOMAIN").unwrap_or_else(|| "localhost".into()),
        };
        config.check()?;
        Ok(config)
    }

    /// Refuses the combinations that would be unsafe in production (the
    /// server calls it again before it starts, for configurations built in
    /// code), and lists the insecure ones it allows, for the log.
    pub fn check(&self) -> Result<Vec<&'static str>, ConfigError> {
        let mut warnings = Vec::new();
        if self.test_numbers.is_some() {
            if self.sign_in_flow == SignInFlow::Native {
                return Err(ConfigError::Unsafe(TEST_NUMBERS_NATIVE));
            }
            if !self.cognito.is_embedded() && !self.test_numbers_on_real_pool {
                return Err(ConfigError::Unsafe(TEST_NUMBERS_ON_A_REAL_POOL));
            }
            if !self.cognito.is_embedded() && self.test_numbers.as_ref().is_some_and(TestNumbers::has_blocks) {
                return Err(ConfigError::Unsafe(TEST_NUMBER_BLOCKS_ON_A_REAL_POOL));
            }
        }
        if self.cognito.is_embedded() {
            if !canonical(self.addr.ip()).is_loopback() {
                return Err(ConfigError::Unsafe(EMBEDDED_EXPOSED));
            }
            if self.production && !self.embedded_in_production {
                return Err(ConfigError::Unsafe(EMBEDDED_IN_PRODUCTION));
            }
            if self.production && self.local_cognito_state.is_some() {
                return Err(ConfigError::Unsafe(STATE_FILE_IN_PRODUCTION));
            }
            if self.production {
                warnings.push(
                    "EMBEDDED_COGNITO_IN_PROD=true: the embedded local Cognito runs with LEPTOS_ENV=PROD; \
                     it texts nobody. For tests and demos on this machine only.",
                );
            }
        } else {
            if self
                .proxies
                .as_ref()
                .is_some_and(|p| p.from.iter().any(|net| net.prefix_len() == 0))
            {
                warnings.push(
                    "TRUSTED_PROXIES includes every address: any client can name its own address. \
                     List only your proxies.",
                );
            }
            if self.metrics_addr.is_some_and(|a| a.ip().is_unspecified()) {
                warnings.push(
                    "METRICS_ADDR listens on every interface: make sure only your monitoring can reach \
                     that port (a firewall or security group), or bind a private address.",
                );
            }
            if !self.limits.holds_people_back() {
                return Err(ConfigError::Unsafe(LIMITS_OFF_WITH_A_POOL));
            }
            if !self.secure_cookies {
                warnings.push(
                    "COOKIE_SECURE=false with a real Cognito pool: the session cookie goes over plain HTTP. \
                     For local testing only; in production serve HTTPS and remove COOKIE_SECURE.",
                );
            }
        }
        Ok(warnings)
    }
}

#[cfg(test)]
mod tests;
