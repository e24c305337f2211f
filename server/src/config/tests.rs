//! Settings parsed from the environment, and the ones refused.

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

#[test]
fn test_numbers_are_the_embedded_custom_flows_by_default_and_none_with_a_pool() {
    let dev = from(&[]).unwrap();
    let numbers = dev.test_numbers.expect("on by default with the embedded pool");
    assert!(numbers.contains("+14155550142") && !numbers.contains("+14155552671"));
    assert!(from(&[("SIGN_IN_FLOW", "native")]).unwrap().test_numbers.is_none());
    assert!(with_pool(&[]).unwrap().test_numbers.is_none());
}

#[test]
fn test_numbers_with_a_real_pool_need_the_setting_that_says_so() {
    let message = refusal(with_pool(&[("TEST_NUMBERS", "+14155550100=135790")]));
    assert!(message.contains("TEST_NUMBERS_ON_REAL_POOL=true"), "{message}");
    let allowed = with_pool(&[
        ("TEST_NUMBERS", "+14155550100=135790"),
        ("TEST_NUMBERS_ON_REAL_POOL", "true"),
    ])
    .unwrap();
    assert!(allowed.test_numbers.unwrap().contains("+14155550100"));
    // Named one by one: a block would be a hundred accounts on one code.
    let message = refusal(with_pool(&[
        ("TEST_NUMBERS", "+1415555010?=135790"),
        ("TEST_NUMBERS_ON_REAL_POOL", "true"),
    ]));
    assert!(message.contains("Name each test number in full"), "{message}");
}

#[test]
fn test_numbers_outside_the_fictional_ranges_or_in_the_native_flow_are_refused() {
    for real in ["+14155551234=424242", "+447911123456=424242", "+1415555????=424242"] {
        let e = from(&[("TEST_NUMBERS", real)]).unwrap_err();
        assert!(
            e.to_string().contains("not in a range reserved for fiction"),
            "{real}: {e}"
        );
    }
    let e = from(&[("TEST_NUMBERS", "+14155550100=42")]).unwrap_err();
    assert!(e.to_string().contains("TEST_NUMBERS is invalid"), "{e}");
    let message = refusal(from(&[
        ("TEST_NUMBERS", "+14155550100=424242"),
        ("SIGN_IN_FLOW", "native"),
    ]));
    assert!(message.contains("SIGN_IN_FLOW=custom"), "{message}");
}

#[test]
fn one_name_brands_the_pages_and_the_texts_and_links_are_https_or_this_sites() {
    let c = from(&[
        ("APP_NAME", "Acme"),
        ("HELP_URL", "https://acme.example/help"),
        ("PRIVACY_URL", "/privacy"),
    ])
    .unwrap();
    assert_eq!(c.app_name, "Acme");
    assert_eq!(
        c.links.help.as_ref().map(|l| l.as_str()),
        Some("https://acme.example/help")
    );
    assert_eq!(c.links.terms, None, "unset: not shown");
    assert_eq!(c.links.privacy.as_ref().map(|l| l.as_str()), Some("/privacy"));
    for bad in ["javascript:alert(1)", "http://acme.example/terms", "//evil.example"] {
        let e = from(&[("TERMS_URL", bad)]).unwrap_err().to_string();
        assert!(e.contains("TERMS_URL") && e.contains("https://"), "{bad}: {e}");
    }
}
