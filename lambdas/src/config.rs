//! Trigger settings, read once per Lambda container (or given by local-cognito).

use std::time::Duration;

/// What the triggers need to know beyond the event itself.
#[derive(Clone)]
pub struct TriggerConfig {
    /// Key for the HMAC that stands in for the code in Cognito's state.
    pub hmac_key: Vec<u8>,
    /// How long a code is accepted after it was sent.
    pub code_ttl: Duration,
    /// Wrong answers after which Define fails the flow.
    pub max_attempts: u32,
    /// Shown in the SMS ("Your Acme sign-in code ...").
    pub app_name: String,
    /// The origin-bound domain of the SMS's last line (`@example.com #123456`).
    pub domain: String,
}

impl std::fmt::Debug for TriggerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TriggerConfig")
            .field("hmac_key", &"<redacted>")
            .field("code_ttl", &self.code_ttl)
            .field("max_attempts", &self.max_attempts)
            .field("app_name", &self.app_name)
            .field("domain", &self.domain)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

pub const DEFAULT_CODE_TTL: Duration = Duration::from_secs(180);
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

impl TriggerConfig {
    /// A config with a fresh random key, for local runs and tests.
    pub fn with_random_key(app_name: impl Into<String>, domain: impl Into<String>) -> Self {
        use rand::RngCore;
        let mut key = vec![0u8; 32];
        rand::rng().fill_bytes(&mut key);
        Self {
            hmac_key: key,
            code_ttl: DEFAULT_CODE_TTL,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            app_name: app_name.into(),
            domain: domain.into(),
        }
    }

    /// Reads `OTP_HMAC_KEY` (hex, at least 32 bytes), `OTP_TTL_SECONDS`,
    /// `OTP_MAX_ATTEMPTS`, `APP_NAME` and `APP_DOMAIN` through `get`, so tests
    /// need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let key_hex = get("OTP_HMAC_KEY").ok_or(ConfigError::Missing("OTP_HMAC_KEY"))?;
        let hmac_key = hex::decode(key_hex.trim()).map_err(|e| ConfigError::Invalid {
            name: "OTP_HMAC_KEY",
            reason: e.to_string(),
        })?;
        if hmac_key.len() < 32 {
            return Err(ConfigError::Invalid {
                name: "OTP_HMAC_KEY",
                reason: "needs at least 32 bytes (64 hex digits)".into(),
            });
        }
        let code_ttl = match get("OTP_TTL_SECONDS") {
            None => DEFAULT_CODE_TTL,
            Some(v) => Duration::from_secs(parse_in_range("OTP_TTL_SECONDS", &v, 30, 3600)?),
        };
        let max_attempts = match get("OTP_MAX_ATTEMPTS") {
            None => DEFAULT_MAX_ATTEMPTS,
            Some(v) => parse_in_range("OTP_MAX_ATTEMPTS", &v, 1, 10)? as u32,
        };
        Ok(Self {
            hmac_key,
            code_ttl,
            max_attempts,
            app_name: get("APP_NAME").unwrap_or_else(|| "Phone sign-in".into()),
            domain: get("APP_DOMAIN").ok_or(ConfigError::Missing("APP_DOMAIN"))?,
        })
    }
}

fn parse_in_range(name: &'static str, v: &str, min: u64, max: u64) -> Result<u64, ConfigError> {
    let n: u64 = v.trim().parse().map_err(|_| ConfigError::Invalid {
        name,
        reason: format!("expected a whole number, got {v:?}"),
    })?;
    if !(min..=max).contains(&n) {
        return Err(ConfigError::Invalid {
            name,
            reason: format!("must be between {min} and {max}"),
        });
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn reads_settings_and_defaults() {
        let key = "ab".repeat(32);
        let c = TriggerConfig::from_lookup(lookup(&[("OTP_HMAC_KEY", &key), ("APP_DOMAIN", "example.com")])).unwrap();
        assert_eq!(c.code_ttl, DEFAULT_CODE_TTL);
        assert_eq!(c.max_attempts, 3);
        assert!(!format!("{c:?}").contains(&key));
    }

    #[test]
    fn rejects_short_keys_and_bad_numbers() {
        assert!(TriggerConfig::from_lookup(lookup(&[("OTP_HMAC_KEY", "abcd"), ("APP_DOMAIN", "x")])).is_err());
        let key = "ab".repeat(32);
        assert!(
            TriggerConfig::from_lookup(lookup(&[
                ("OTP_HMAC_KEY", &key),
                ("APP_DOMAIN", "x"),
                ("OTP_MAX_ATTEMPTS", "0")
            ]))
            .is_err()
        );
        assert!(TriggerConfig::from_lookup(lookup(&[("APP_DOMAIN", "x")])).is_err());
    }
}
