//! Settings from the environment, read once at start.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use app::server::LimitPolicy;
use axum::http::HeaderName;
use domain::{Clock, CodePolicy, SettingsError, SystemClock};
use secrecy::{ExposeSecret, SecretString};

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

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub cognito: CognitoTarget,
    pub session_store: SessionStoreConfig,
    /// Secure cookies with the `__Host-` prefix (production, behind TLS).
    pub secure_cookies: bool,
    pub session_idle_timeout: Duration,
    /// Signed-in sessions end this long after sign-in, however active.
    pub session_max_age: Duration,
    /// Send and check limits (`RATE_LIMITS=off` only for load tests).
    pub limits: LimitPolicy,
    /// A header set by a trusted proxy with the client's address (the last
    /// entry of a list counts); the socket's peer address when None.
    pub client_ip_header: Option<HeaderName>,
    /// "Now" for sessions, limits and the embedded pool; tests move it.
    pub clock: Arc<dyn Clock>,
    /// Code lifetime and attempts, as the triggers have them (`OTP_TTL_SECONDS`,
    /// `OTP_MAX_ATTEMPTS`); the embedded pool's triggers take them from here.
    pub code_policy: CodePolicy,
    pub cognito_timeout: Duration,
    /// The least time a request that may text a code takes (see `app::server::Settings`).
    pub send_floor: Duration,
    /// After SIGTERM, how long requests in flight may take to finish.
    pub shutdown_grace: Duration,
    pub app_name: String,
    /// The domain in the SMS's origin-bound last line.
    pub sms_domain: String,
    /// Echo local texts to stdout (embedded mode).
    pub echo_sms: bool,
    /// Serve the wasm bundle (`HYDRATE=false`: plain HTML pages, no JavaScript).
    pub hydrate: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("{0} must be set together with COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID")]
    Incomplete(&'static str),
    #[error(transparent)]
    Code(#[from] SettingsError),
}

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
        let secure_cookies = match get("COOKIE_SECURE").as_deref() {
            None => production && !cognito.is_embedded(),
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => {
                return Err(invalid(
                    "COOKIE_SECURE",
                    format!("expected true or false, got {other:?}"),
                ));
            }
        };
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
        let hydrate = match get("HYDRATE").as_deref() {
            None | Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => return Err(invalid("HYDRATE", format!("expected true or false, got {other:?}"))),
        };
        let limits = match get("RATE_LIMITS").as_deref() {
            None | Some("on" | "true" | "1") => LimitPolicy::standard(),
            Some("off" | "false" | "0") => LimitPolicy::off(),
            Some(other) => return Err(invalid("RATE_LIMITS", format!("expected on or off, got {other:?}"))),
        };
        // A real pool waits for SNS only when the number has an account; the
        // embedded pool's outbox answers at once either way.
        let default_floor = if cognito.is_embedded() { 0 } else { 1000 };
        let send_floor = match get("CODE_SEND_FLOOR_MS") {
            None => Duration::from_millis(default_floor),
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|ms| *ms <= 10_000)
                .map(Duration::from_millis)
                .ok_or_else(|| invalid("CODE_SEND_FLOOR_MS", "expected milliseconds from 0 to 10000"))?,
        };
        let client_ip_header = get("CLIENT_IP_HEADER")
            .map(|h| {
                HeaderName::try_from(h.to_ascii_lowercase()).map_err(|e| invalid("CLIENT_IP_HEADER", e.to_string()))
            })
            .transpose()?;
        Ok(Self {
            addr,
            hydrate,
            limits,
            client_ip_header,
            clock: Arc::new(SystemClock),
            code_policy: CodePolicy::from_lookup(get)?,
            session_max_age: seconds("SESSION_MAX_SECONDS", 7 * 24 * 3600)?,
            echo_sms: cognito.is_embedded(),
            cognito,
            session_store,
            secure_cookies,
            session_idle_timeout: seconds("SESSION_IDLE_SECONDS", 12 * 3600)?,
            cognito_timeout: seconds("COGNITO_TIMEOUT_SECONDS", 10)?,
            send_floor,
            shutdown_grace: seconds("SHUTDOWN_GRACE_SECONDS", 30)?,
            app_name: get("APP_NAME").unwrap_or_else(|| "Phone sign-in".into()),
            sms_domain: get("APP_DOMAIN").unwrap_or_else(|| "localhost".into()),
        })
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
        assert_eq!(from(&[]).unwrap().send_floor, Duration::ZERO);
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
        assert!(from(&[("CLIENT_IP_HEADER", "not a header")]).is_err());
        assert!(from(&[("OTP_TTL_SECONDS", "5")]).is_err());
    }

    #[test]
    fn the_code_settings_are_the_triggers_own() {
        let c = from(&[("OTP_TTL_SECONDS", "300"), ("OTP_MAX_ATTEMPTS", "5")]).unwrap();
        assert_eq!(c.code_policy.ttl, Duration::from_secs(300));
        assert_eq!(c.code_policy.max_attempts, 5);
    }

    #[test]
    fn redis_store_urls_and_their_passwords() {
        let redis_url = |c: Config| match c.session_store {
            SessionStoreConfig::Redis(url) => url.expose_secret().to_owned(),
            other => panic!("{other:?}"),
        };
        let c = from(&[("SESSION_STORE", "redis://:hunter2@cache.internal:6380/2")]).unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("redis://cache.internal:6380/2"), "{shown}");
        assert_eq!(redis_url(c), "redis://:hunter2@cache.internal:6380/2");
        assert_eq!(
            redis_url(from(&[("SESSION_STORE", "valkeys://cache:6379")]).unwrap()),
            "rediss://cache:6379"
        );
    }

    #[test]
    fn limits_and_proxies() {
        let c = from(&[]).unwrap();
        assert_eq!(c.limits, LimitPolicy::standard());
        assert_eq!(c.client_ip_header, None);
        let c = from(&[("RATE_LIMITS", "off"), ("CLIENT_IP_HEADER", "X-Forwarded-For")]).unwrap();
        assert_eq!(c.limits, LimitPolicy::off());
        assert_eq!(c.client_ip_header.unwrap().as_str(), "x-forwarded-for");
    }
}
