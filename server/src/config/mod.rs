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
use domain::{Clock, CodePolicy, SettingsError, SignInFlow, SmsPolicy, SystemClock};
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
    pub app_name: String,
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
            sign_in_flow: SignInFlow::from_lookup(get)?,
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
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let m: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| m.get(k).cloned())
    }

    #[test]
    fn no_cognito_settings_means_embedded() {
        let c = from(&[]).unwrap();
        assert!(c.cognito.is_embedded());
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert!(!c.secure_cookies);
        assert!(matches!(&c.session_store, SessionStoreConfig::Sqlite(p) if p.to_str() == Some("data/sessions.db")));
        assert_eq!(c.code_policy, CodePolicy::default());
    }

    #[test]
    fn real_pool_settings() {
        let c = from(&[
            ("COGNITO_USER_POOL_ID", "eu-west-1_AbC"),
            ("COGNITO_CLIENT_ID", "abc"),
            ("COGNITO_CLIENT_SECRET", "s3cret"),
            ("LEPTOS_ENV", "PROD"),
        ])
        .unwrap();
        match &c.cognito {
            CognitoTarget::Remote {
                region, client_secret, ..
            } => {
                assert_eq!(region, "eu-west-1");
                assert_eq!(client_secret.as_ref().map(|s| s.expose_secret()), Some("s3cret"));
            }
            other => panic!("{other:?}"),
        }
        assert!(c.secure_cookies);
        assert!(!format!("{c:?}").contains("s3cret"));
        assert_eq!(c.send_floor, Duration::from_millis(1000));
        assert_eq!(c.check_floor, Duration::from_millis(1000));
        assert_eq!(from(&[]).unwrap().send_floor, Duration::ZERO);
        assert_eq!(from(&[]).unwrap().check_floor, Duration::ZERO);
        assert!(from(&[("CODE_SEND_FLOOR_MS", "fast")]).is_err());
        assert_eq!(c.shutdown_grace, Duration::from_secs(30));
        assert!(from(&[("SHUTDOWN_GRACE_SECONDS", "-1")]).is_err());
    }

    #[test]
    fn half_set_or_bad_values_are_refused() {
        assert_eq!(
            from(&[("COGNITO_USER_POOL_ID", "x_y")]).unwrap_err(),
            ConfigError::Incomplete("COGNITO_USER_POOL_ID")
        );
        assert_eq!(
            from(&[("COGNITO_CLIENT_SECRET", "x")]).unwrap_err(),
            ConfigError::Incomplete("COGNITO_CLIENT_SECRET")
        );
        assert!(from(&[("SESSION_STORE", "postgres://x")]).is_err());
        assert!(from(&[("SESSION_STORE", "redis://")]).is_err());
        assert!(from(&[("COOKIE_SECURE", "maybe")]).is_err());
        assert!(from(&[("LEPTOS_SITE_ADDR", "nope")]).is_err());
        assert!(from(&[("COGNITO_TIMEOUT_SECONDS", "0")]).is_err());
        assert!(from(&[("RATE_LIMITS", "sometimes")]).is_err());
        assert!(from(&[("CLIENT_IP_HEADER", "not a header"), ("TRUSTED_PROXIES", "127.0.0.1")]).is_err());
        assert!(
            from(&[
                ("CLIENT_IP_HEADER", "x-forwarded-for"),
                ("TRUSTED_PROXIES", "10.0.0.0/33")
            ])
            .is_err()
        );
        assert!(from(&[("TRUSTED_PROXIES", "127.0.0.1")]).is_err());
        assert!(from(&[("SERVER_SECRET", "abcd")]).is_err());
        assert!(from(&[("OTP_TTL_SECONDS", "5")]).is_err());
    }

    #[test]
    fn the_owner_sets_the_budgets_of_texts() {
        let c = from(&[("SMS_BUDGET_DAILY", "50"), ("SMS_RANGE_BUDGET_HOURLY", "3")]).unwrap();
        assert!(c.limits.texts_overall.contains(&Rule::new(50, DAY)));
        assert!(
            !c.limits
                .texts_overall
                .iter()
                .any(|r| r.window_secs == DAY && r.max != 50)
        );
        assert!(c.limits.texts_per_range.contains(&Rule::new(3, HOUR)));
        assert_eq!(c.limits.texts_per_country, LimitPolicy::standard().texts_per_country);
        assert!(from(&[("SMS_BUDGET_HOURLY", "0")]).is_err());
        assert!(from(&[("SMS_COUNTRY_BUDGET_DAILY", "lots")]).is_err());
    }

    #[test]
    fn the_owner_tunes_the_conversion_watch() {
        let standard = LimitPolicy::standard().conversion.unwrap();
        assert_eq!(from(&[]).unwrap().limits.conversion, Some(standard));
        let c = from(&[
            ("CONVERSION_MIN_SENT", "50"),
            ("CONVERSION_MIN_USED_PERCENT", "10"),
            ("CONVERSION_PAUSE_MINUTES", "15"),
        ])
        .unwrap();
        let rule = c.limits.conversion.unwrap();
        assert_eq!((rule.min_sent, rule.min_used_percent, rule.pause_secs), (50, 10, 900));
        assert_eq!(rule.window_secs, standard.window_secs);
        assert!(from(&[("CONVERSION_MIN_SENT", "0")]).is_err());
        assert!(from(&[("CONVERSION_MIN_USED_PERCENT", "101")]).is_err());
        assert!(from(&[("CONVERSION_PAUSE_MINUTES", "soon")]).is_err());
        assert_eq!(from(&[("RATE_LIMITS", "off")]).unwrap().limits.conversion, None);
    }

    #[test]
    fn the_owner_tunes_the_proof_step() {
        assert_eq!(from(&[]).unwrap().proof_policy, ProofPolicy::default());
        let c = from(&[
            ("PROOF_FROM_PERCENT", "0"),
            ("PROOF_BITS", "16"),
            ("PROOF_WAIT_SECONDS", "5"),
        ])
        .unwrap();
        assert_eq!(
            c.proof_policy,
            ProofPolicy {
                from_percent: 0,
                bits: 16,
                wait_secs: 5
            }
        );
        assert!(from(&[("PROOF_BITS", "40")]).is_err(), "a browser could never solve it");
        assert!(from(&[("PROOF_WAIT_SECONDS", "0")]).is_err());
        assert!(from(&[("PROOF_FROM_PERCENT", "150")]).is_err());
    }

    #[test]
    fn metrics_are_off_unless_given_an_address() {
        assert_eq!(from(&[]).unwrap().metrics_addr, None);
        let c = from(&[("METRICS_ADDR", "127.0.0.1:9464")]).unwrap();
        assert_eq!(c.metrics_addr, Some("127.0.0.1:9464".parse().unwrap()));
        assert!(from(&[("METRICS_ADDR", "9464")]).is_err());
        let open = with_pool(&[("METRICS_ADDR", "0.0.0.0:9464")]).unwrap();
        let warnings = open.check().unwrap();
        assert!(warnings.iter().any(|w| w.contains("METRICS_ADDR")), "{warnings:?}");
        let private = with_pool(&[("METRICS_ADDR", "10.0.0.5:9464")]).unwrap();
        assert!(private.check().unwrap().is_empty());
    }

    #[test]
    fn the_code_settings_are_the_triggers_own() {
        let c = from(&[("OTP_TTL_SECONDS", "300"), ("OTP_MAX_ATTEMPTS", "5")]).unwrap();
        assert_eq!(c.code_policy.ttl, Duration::from_secs(300));
        assert_eq!(c.code_policy.max_attempts, 5);
    }

    const SECRET: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn redis_store_urls_and_their_passwords() {
        let redis_url = |c: Config| match c.session_store {
            SessionStoreConfig::Redis(url) => url.expose_secret().to_owned(),
            other => panic!("{other:?}"),
        };
        let c = from(&[
            ("SESSION_STORE", "redis://:hunter2@cache.internal:6380/2"),
            ("SERVER_SECRET", SECRET),
        ])
        .unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("redis://cache.internal:6380/2"), "{shown}");
        assert_eq!(redis_url(c), "redis://:hunter2@cache.internal:6380/2");
        assert_eq!(
            redis_url(from(&[("SESSION_STORE", "valkeys://cache:6379"), ("SERVER_SECRET", SECRET)]).unwrap()),
            "rediss://cache:6379"
        );
    }

    const POOL: [(&str, &str); 2] = [("COGNITO_USER_POOL_ID", "eu-west-1_AbC"), ("COGNITO_CLIENT_ID", "abc")];

    fn with_pool(more: &[(&'static str, &'static str)]) -> Result<Config, ConfigError> {
        let mut all = POOL.to_vec();
        all.extend_from_slice(more);
        from(&all)
    }

    fn refusal(result: Result<Config, ConfigError>) -> String {
        match result {
            Err(e @ ConfigError::Unsafe(_)) => e.to_string(),
            Err(other) => panic!("refused for another reason: {other}"),
            Ok(_) => panic!("started"),
        }
    }

    #[test]
    fn the_embedded_stand_in_refuses_production() {
        let message = refusal(from(&[("LEPTOS_ENV", "PROD")]));
        assert!(
            message.contains("Set COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID"),
            "{message}"
        );
        assert!(message.contains("/_dev/sms"), "{message}");
        // The explicit opt-in (for the browser tests) starts, and says so.
        let c = from(&[("LEPTOS_ENV", "PROD"), ("EMBEDDED_COGNITO_IN_PROD", "true")]).unwrap();
        let warnings = c.check().unwrap();
        assert!(
            warnings.iter().any(|w| w.contains("EMBEDDED_COGNITO_IN_PROD")),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_embedded_stand_in_refuses_any_address_but_loopback() {
        for addr in ["0.0.0.0:3000", "[::]:3000", "192.0.2.10:80"] {
            let message = refusal(from(&[("LEPTOS_SITE_ADDR", addr)]));
            assert!(message.contains("LEPTOS_SITE_ADDR=127.0.0.1:3000"), "{addr}: {message}");
        }
        // Not even with the production opt-in.
        refusal(from(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:3000"),
            ("LEPTOS_ENV", "PROD"),
            ("EMBEDDED_COGNITO_IN_PROD", "true"),
        ]));
        for addr in ["127.0.0.1:0", "[::1]:3000", "127.0.0.2:3000"] {
            assert!(from(&[("LEPTOS_SITE_ADDR", addr)]).is_ok(), "{addr}");
        }
        // A real pool may listen anywhere.
        assert!(with_pool(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).is_ok());
    }

    #[test]
    fn limits_cannot_be_turned_off_with_a_real_pool() {
        let message = refusal(with_pool(&[("RATE_LIMITS", "off")]));
        assert!(message.contains("Remove RATE_LIMITS"), "{message}");
        assert_eq!(from(&[("RATE_LIMITS", "off")]).unwrap().limits, LimitPolicy::off());
        // The owner's budgets beside it change nothing: nobody is held back.
        for budget in [
            "SMS_BUDGET_DAILY",
            "SMS_COUNTRY_BUDGET_HOURLY",
            "SMS_RANGE_BUDGET_DAILY",
        ] {
            let message = refusal(with_pool(&[("RATE_LIMITS", "off"), (budget, "50")]));
            assert!(message.contains("Remove RATE_LIMITS"), "{budget}: {message}");
        }
    }

    #[test]
    fn a_client_address_header_is_believed_only_from_listed_proxies() {
        let message = refusal(from(&[("CLIENT_IP_HEADER", "X-Forwarded-For")]));
        assert!(message.contains("Set TRUSTED_PROXIES"), "{message}");
        let c = from(&[
            ("CLIENT_IP_HEADER", "X-Forwarded-For"),
            ("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1,::1"),
        ])
        .unwrap();
        let proxies = c.proxies.unwrap();
        assert_eq!(proxies.header.as_str(), "x-forwarded-for");
        assert!(proxies.trusts("10.1.2.3".parse().unwrap()));
        assert!(proxies.trusts("::ffff:127.0.0.1".parse().unwrap()));
        assert!(proxies.trusts("::1".parse().unwrap()));
        assert!(!proxies.trusts("192.0.2.1".parse().unwrap()));
        assert_eq!(from(&[]).unwrap().proxies, None);
    }

    #[test]
    fn a_real_pool_means_secure_cookies_unless_said_otherwise() {
        // Without LEPTOS_ENV too: a pool is a deployment.
        let c = with_pool(&[]).unwrap();
        assert!(c.secure_cookies);
        assert!(c.check().unwrap().is_empty());
        let c = with_pool(&[("COOKIE_SECURE", "false")]).unwrap();
        assert!(!c.secure_cookies);
        let warnings = c.check().unwrap();
        assert!(
            warnings.iter().any(|w| w.contains("COOKIE_SECURE=false")),
            "{warnings:?}"
        );
        assert!(
            !from(&[]).unwrap().secure_cookies,
            "the embedded stand-in serves plain HTTP on loopback"
        );
    }

    #[test]
    fn a_shared_store_needs_a_server_secret() {
        let message = refusal(from(&[("SESSION_STORE", "redis://cache:6379")]));
        assert!(message.contains("SERVER_SECRET"), "{message}");
        let a = from(&[]).unwrap();
        let b = from(&[]).unwrap();
        assert_ne!(
            a.secret.expose_secret(),
            b.secret.expose_secret(),
            "one server: a fresh one each start"
        );
        let c = from(&[("SERVER_SECRET", SECRET)]).unwrap();
        assert_eq!(c.secret.expose_secret().len(), 32);
    }
}
