//! The code settings, with their defaults and allowed ranges, read the same
//! way by the triggers, the web server and local-cognito: a number with no
//! account must be shown the same expiry and attempts as one with an
//! account, so both sides take them from here.

use std::ops::RangeInclusive;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretSlice};

use crate::challenge::CodeKey;
use crate::sms_policy::SmsPolicy;
use crate::test_numbers::TestNumbers;

/// How long a sign-in code lives and how many wrong answers end it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodePolicy {
    /// How long a code is accepted after it was sent (`OTP_TTL_SECONDS`).
    pub ttl: Duration,
    /// Wrong answers after which the flow fails (`OTP_MAX_ATTEMPTS`).
    pub max_attempts: u32,
}

impl CodePolicy {
    /// At least the minute a new code waits for (the resend cooldown): a
    /// code must not run out while the page still says to wait for it.
    pub const TTL_SECONDS: RangeInclusive<u64> = 60..=3600;
    pub const ATTEMPTS: RangeInclusive<u64> = 1..=10;

    /// Reads `OTP_TTL_SECONDS` and `OTP_MAX_ATTEMPTS` through `get`; unset
    /// means the default.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let defaults = Self::default();
        let ttl = match get("OTP_TTL_SECONDS") {
            None => defaults.ttl,
            Some(v) => Duration::from_secs(parse_in_range("OTP_TTL_SECONDS", &v, Self::TTL_SECONDS)?),
        };
        let max_attempts = match get("OTP_MAX_ATTEMPTS") {
            None => defaults.max_attempts,
            Some(v) => parse_in_range("OTP_MAX_ATTEMPTS", &v, Self::ATTEMPTS)? as u32,
        };
        Ok(Self { ttl, max_attempts })
    }
}

impl Default for CodePolicy {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(180),
            max_attempts: 3,
        }
    }
}

/// What the triggers need to know beyond the event itself.
#[derive(Debug, Clone)]
pub struct TriggerConfig {
    /// Key for the HMAC that stands in for the code in Cognito's state.
    hmac_key: SecretSlice<u8>,
    /// The same, made ready for HMAC.
    code_key: CodeKey,
    pub policy: CodePolicy,
    /// Which numbers may be texted (`SMS_COUNTRIES`).
    pub sms: SmsPolicy,
    /// Shown in the SMS ("Your Acme sign-in code ...").
    pub app_name: String,
    /// The origin-bound domain of the SMS's last line (`@example.com #123456`).
    pub domain: String,
    /// Fictional numbers that sign up and in with a fixed code, never
    /// texted (`TEST_NUMBERS`; none unless set).
    pub test_numbers: Option<TestNumbers>,
    /// PreSignUp confirms every sign-up at once, and the first sign-in's
    /// texted code proves the number (`CONFIRM_AT_SIGN_IN`, set with the
    /// custom flow): a new account costs one text, not two.
    pub confirm_at_sign_in: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error("{0} is required")]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl TriggerConfig {
    /// A config with a fresh random key, for local runs and tests.
    pub fn with_random_key(app_name: impl Into<String>, domain: impl Into<String>) -> Self {
        use rand::RngCore;
        let mut key = vec![0u8; 32];
        rand::rng().fill_bytes(&mut key);
        Self {
            code_key: CodeKey::new(&key),
            hmac_key: key.into(),
            policy: CodePolicy::default(),
            sms: SmsPolicy::default(),
            app_name: app_name.into(),
            domain: domain.into(),
            test_numbers: None,
            confirm_at_sign_in: false,
        }
    }

    /// Whether `e164` is one of the test numbers.
    pub fn is_test_number(&self, e164: &str) -> bool {
        self.test_numbers.as_ref().is_some_and(|t| t.contains(e164))
    }

    pub fn key(&self) -> &[u8] {
        self.hmac_key.expose_secret()
    }

    /// The key as the codes are made and sealed with it.
    pub fn code_key(&self) -> &CodeKey {
        &self.code_key
    }

    /// Reads `OTP_HMAC_KEY` (hex, at least 32 bytes), the [`CodePolicy`],
    /// `APP_NAME` and `APP_DOMAIN` through `get`, so tests need not touch the
    /// process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let key_hex = get("OTP_HMAC_KEY").ok_or(SettingsError::Missing("OTP_HMAC_KEY"))?;
        let hmac_key = hex::decode(key_hex.trim()).map_err(|e| SettingsError::Invalid {
            name: "OTP_HMAC_KEY",
            reason: e.to_string(),
        })?;
        if hmac_key.len() < 32 {
            return Err(SettingsError::Invalid {
                name: "OTP_HMAC_KEY",
                reason: "needs at least 32 bytes (64 hex digits)".into(),
            });
        }
        Ok(Self {
            code_key: CodeKey::new(&hmac_key),
            hmac_key: hmac_key.into(),
            policy: CodePolicy::from_lookup(&get)?,
            sms: SmsPolicy::from_lookup(&get)?,
            app_name: get("APP_NAME").unwrap_or_else(|| DEFAULT_APP_NAME.into()),
            domain: get("APP_DOMAIN").ok_or(SettingsError::Missing("APP_DOMAIN"))?,
            test_numbers: test_numbers_from_lookup(&get)?,
            confirm_at_sign_in: confirm_at_sign_in_from_lookup(&get),
        })
    }
}

/// `CONFIRM_AT_SIGN_IN`: `true` turns it on, anything else leaves it off.
pub fn confirm_at_sign_in_from_lookup(get: impl Fn(&str) -> Option<String>) -> bool {
    get("CONFIRM_AT_SIGN_IN").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// `TEST_NUMBERS` (`<numbers>=<code>`), as the triggers and the server read
/// it: unset or empty means none.
pub fn test_numbers_from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Option<TestNumbers>, SettingsError> {
    match get("TEST_NUMBERS").filter(|v| !v.trim().is_empty()) {
        None => Ok(None),
        Some(v) => TestNumbers::parse(&v).map(Some).map_err(|e| SettingsError::Invalid {
            name: "TEST_NUMBERS",
            reason: e.to_string(),
        }),
    }
}

fn parse_in_range(name: &'static str, v: &str, range: RangeInclusive<u64>) -> Result<u64, SettingsError> {
    let n: u64 = v.trim().parse().map_err(|_| SettingsError::Invalid {
        name,
        reason: format!("expected a whole number, got {v:?}"),
    })?;
    if !range.contains(&n) {
        return Err(SettingsError::Invalid {
            name,
            reason: format!("must be between {} and {}", range.start(), range.end()),
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
        assert_eq!(c.policy, CodePolicy::default());
        assert_eq!(c.policy.ttl, Duration::from_secs(180));
        assert_eq!(c.policy.max_attempts, 3);
        assert_eq!(c.key(), &[0xab; 32][..]);
        assert!(!format!("{c:?}").contains(&key));
        assert!(
            !format!("{c:?}").contains("171, 171"),
            "the key's bytes are not printed either"
        );
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
        assert_eq!(
            TriggerConfig::from_lookup(lookup(&[("APP_DOMAIN", "x")])).unwrap_err(),
            SettingsError::Missing("OTP_HMAC_KEY")
        );
    }

    #[test]
    fn the_code_policy_alone_needs_no_key() {
        let p = CodePolicy::from_lookup(lookup(&[("OTP_TTL_SECONDS", "300"), ("OTP_MAX_ATTEMPTS", "5")])).unwrap();
        assert_eq!(p.ttl, Duration::from_secs(300));
        assert_eq!(p.max_attempts, 5);
        for (name, bad) in [
            ("OTP_TTL_SECONDS", "59"),
            ("OTP_TTL_SECONDS", "3601"),
            ("OTP_TTL_SECONDS", "soon"),
            ("OTP_MAX_ATTEMPTS", "11"),
        ] {
            assert!(CodePolicy::from_lookup(lookup(&[(name, bad)])).is_err(), "{name}={bad}");
        }
    }
}

/// The name in the texts until `APP_NAME` is set: a plain placeholder that
/// reads well in every sentence ("… is your Example app sign-in code";
/// "Phone sign-in" made "… your Phone sign-in sign-in code").
pub const DEFAULT_APP_NAME: &str = "Example app";

/// How long a native round lasts: the app client's `AuthSessionValidity`,
/// which the template sets to Cognito's default, 3 minutes.
pub const NATIVE_ROUND_SECS: u64 = 180;

/// Which sign-in the server runs (`SIGN_IN_FLOW`), with the Cognito set-up
/// each needs (the template's `SignInFlow` parameter makes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignInFlow {
    /// CUSTOM_AUTH with this project's Lambda triggers: its own 6-digit
    /// codes, texts and rules, on any feature plan; a new user gets two
    /// texts (confirm the number, then sign in).
    #[default]
    Custom,
    /// USER_AUTH with Cognito's own SMS_OTP: 8-digit codes Cognito makes and
    /// checks, no triggers, the Essentials plan; a new user gets one text.
    Native,
}

impl SignInFlow {
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        match get("SIGN_IN_FLOW").as_deref().map(str::trim) {
            None | Some("") => Ok(Self::default()),
            Some(v) if v.eq_ignore_ascii_case("custom") => Ok(Self::Custom),
            Some(v) if v.eq_ignore_ascii_case("native") => Ok(Self::Native),
            Some(other) => Err(SettingsError::Invalid {
                name: "SIGN_IN_FLOW",
                reason: format!("{other:?} is neither custom nor native"),
            }),
        }
    }

    /// How long a sign-in code works: the configured time, but in the native
    /// flow no longer than Cognito's auth session, which ends the round
    /// ([`NATIVE_ROUND_SECS`]).
    pub fn code_ttl(self, configured: std::time::Duration) -> std::time::Duration {
        match self {
            Self::Custom => configured,
            Self::Native => configured.min(std::time::Duration::from_secs(NATIVE_ROUND_SECS)),
        }
    }

    /// Digits in a sign-in code.
    pub fn code_digits(self) -> usize {
        match self {
            Self::Custom => crate::otp::CODE_LENGTH,
            Self::Native => crate::otp::NATIVE_CODE_LENGTH,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Custom => "custom",
            Self::Native => "native",
        }
    }
}

#[cfg(test)]
mod sign_in_flow_tests {
    use super::*;

    #[test]
    fn the_default_name_reads_well_in_every_text() {
        use crate::sms::{Locale, Purpose, compose};
        let code = crate::OtpCode::parse("123456").unwrap();
        for purpose in [Purpose::SignIn, Purpose::ConfirmPhone] {
            let text = compose(
                Locale::En,
                purpose,
                DEFAULT_APP_NAME,
                "example.com",
                &code,
                std::time::Duration::from_secs(180),
            );
            let first = text.lines().next().unwrap_or_default();
            assert!(
                !first.contains("sign-in sign-in") && !first.contains("sign-in phone"),
                "{first}"
            );
        }
    }

    #[test]
    fn read_from_one_setting() {
        let with = |v: Option<&str>| SignInFlow::from_lookup(|_| v.map(str::to_owned));
        assert_eq!(with(None), Ok(SignInFlow::Custom));
        assert_eq!(with(Some("native")), Ok(SignInFlow::Native));
        assert_eq!(with(Some(" Custom ")), Ok(SignInFlow::Custom));
        assert!(matches!(
            with(Some("cognito")),
            Err(SettingsError::Invalid {
                name: "SIGN_IN_FLOW",
                ..
            })
        ));
        assert_eq!(
            (SignInFlow::Custom.code_digits(), SignInFlow::Native.code_digits()),
            (6, 8)
        );
    }
}
