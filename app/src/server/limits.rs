//! Limits on code sends and failed code checks, per phone number and per
//! client address, as sliding windows: each key keeps the times of its recent
//! events, and an event is allowed while every rule on every key has room.
//! The store is in memory for one server and shared (Redis) for several;
//! both pass the same conformance suite (`server/tests/it/limit_stores.rs`).

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use domain::PhoneNumber;
use sha2::{Digest, Sha256};

use crate::error::AuthError;

/// At most `max` events in any `window_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub max: u32,
    pub window_secs: u64,
}

impl Rule {
    pub const fn new(max: u32, window_secs: u64) -> Self {
        Self { max, window_secs }
    }
}

/// One key and the rules that apply to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub key: String,
    pub rules: Vec<Rule>,
}

impl Bucket {
    /// How long the store must remember this key's events.
    pub fn keep_secs(&self) -> u64 {
        self.rules.iter().map(|r| r.window_secs).max().unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Allowed only if every bucket has room; then the event counts in all.
    Take,
    /// Only asks whether every bucket has room.
    Peek,
    /// Counts an event that already happened (a failed check), room or not.
    Record,
    /// Takes back one event counted at `now` in every bucket: the code it
    /// was for was never sent because Cognito could not be reached.
    Refund,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Seconds until the next event would be allowed.
    RetryAfter(u64),
}

#[derive(Debug, thiserror::Error)]
#[error("rate-limit store: {0}")]
pub struct StoreError(pub String);

pub type StoreFuture<'a> = Pin<Box<dyn Future<Output = Result<Verdict, StoreError>> + Send + 'a>>;

/// Applies `mode` to all `buckets` at once (atomically where it is shared).
pub trait LimitStore: Send + Sync {
    fn apply<'a>(&'a self, buckets: &'a [Bucket], now: u64, mode: Mode) -> StoreFuture<'a>;
}

/// Given one key's event times in ascending order: how long until one more
/// event fits under every rule, or None if it fits now.
pub fn wait_for(events: &[u64], rules: &[Rule], now: u64) -> Option<u64> {
    rules
        .iter()
        .filter_map(|rule| {
            let start = now.saturating_sub(rule.window_secs);
            let recent = &events[events.partition_point(|&t| t <= start)..];
            let max = rule.max as usize;
            if recent.len() < max {
                return None;
            }
            // The event that has to leave the window before another fits.
            let blocking = recent.get(recent.len() - max).copied().unwrap_or(now);
            Some((blocking + rule.window_secs).saturating_sub(now))
        })
        .max()
        .map(|w| w.max(1))
}

/// The store for a single server process.
#[derive(Default)]
pub struct MemoryStore {
    logs: Mutex<MemoryLogs>,
}

#[derive(Default)]
struct MemoryLogs {
    events: HashMap<String, (u64, Vec<u64>)>,
    applied: u64,
}

impl MemoryLogs {
    fn apply(&mut self, buckets: &[Bucket], now: u64, mode: Mode) -> Verdict {
        if mode == Mode::Refund {
            for bucket in buckets {
                if let Some((_, times)) = self.events.get_mut(&bucket.key)
                    && let Some(i) = times.iter().rposition(|&t| t == now)
                {
                    times.remove(i);
                }
            }
            return Verdict::Allowed;
        }
        self.applied += 1;
        if self.applied.is_multiple_of(4096) {
            // Forget keys with nothing left in their longest window.
            self.events
                .retain(|_, (keep, times)| times.last().is_some_and(|&t| t > now.saturating_sub(*keep)));
        }
        let mut wait = None;
        for bucket in buckets {
            let (keep, times) = self.events.entry(bucket.key.clone()).or_default();
            *keep = (*keep).max(bucket.keep_secs());
            let start = now.saturating_sub(*keep);
            times.retain(|&t| t > start);
            if mode != Mode::Record {
                wait = wait.max(wait_for(times, &bucket.rules, now));
            }
        }
        if let Some(secs) = wait {
            return Verdict::RetryAfter(secs);
        }
        if mode != Mode::Peek {
            for bucket in buckets {
                if let Some((_, times)) = self.events.get_mut(&bucket.key) {
                    times.push(now);
                }
            }
        }
        Verdict::Allowed
    }
}

impl LimitStore for MemoryStore {
    fn apply<'a>(&'a self, buckets: &'a [Bucket], now: u64, mode: Mode) -> StoreFuture<'a> {
        let verdict = self
            .logs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .apply(buckets, now, mode);
        Box::pin(std::future::ready(Ok(verdict)))
    }
}

/// Which flow a code is sent for: each has its own resend cooldown, so that
/// signing in right after confirming a sign-up is not "too soon".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignUp,
    SignIn,
}

/// The numbers, in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitPolicy {
    /// Per phone and purpose: the resend cooldown.
    pub cooldown: Vec<Rule>,
    pub sends_per_phone: Vec<Rule>,
    pub sends_per_ip: Vec<Rule>,
    pub failed_checks_per_phone: Vec<Rule>,
    pub failed_checks_per_ip: Vec<Rule>,
}

pub const MINUTE: u64 = 60;
pub const HOUR: u64 = 3600;
pub const DAY: u64 = 86_400;

impl LimitPolicy {
    pub fn standard() -> Self {
        Self {
            cooldown: vec![Rule::new(1, MINUTE)],
            sends_per_phone: vec![Rule::new(5, HOUR), Rule::new(10, DAY)],
            sends_per_ip: vec![Rule::new(20, HOUR), Rule::new(100, DAY)],
            failed_checks_per_phone: vec![Rule::new(10, HOUR), Rule::new(20, DAY)],
            failed_checks_per_ip: vec![Rule::new(60, HOUR)],
        }
    }

    /// No limits at all: for load tests against local-cognito only.
    pub fn off() -> Self {
        Self {
            cooldown: vec![],
            sends_per_phone: vec![],
            sends_per_ip: vec![],
            failed_checks_per_phone: vec![],
            failed_checks_per_ip: vec![],
        }
    }

    /// Seconds between two codes for the same flow.
    pub fn cooldown_secs(&self) -> u64 {
        self.cooldown.iter().map(|r| r.window_secs).max().unwrap_or(0)
    }

    /// The most wrong codes anyone can try against one phone in a day: each
    /// code allows `attempts_per_code`, and both the sends and the failed
    /// checks per day cap it.
    pub fn daily_guess_bound(&self, attempts_per_code: u32) -> Option<u64> {
        let per_day = |rules: &[Rule]| {
            rules
                .iter()
                .map(|r| u64::from(r.max) * DAY.div_ceil(r.window_secs))
                .min()
        };
        let by_sends = per_day(&self.sends_per_phone).map(|s| s * u64::from(attempts_per_code));
        match (by_sends, per_day(&self.failed_checks_per_phone)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The limits as the flows use them.
pub struct Limits {
    store: Arc<dyn LimitStore>,
    policy: LimitPolicy,
}

fn phone_key(kind: &str, phone: &PhoneNumber) -> String {
    // Hashed so that the store's keys are not a list of numbers at a glance;
    // not a secret (phone numbers are guessable), just not in plain sight.
    let digest = Sha256::digest(phone.as_e164().as_bytes());
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("limit:{kind}:{hex}")
}

/// IPv6 clients are keyed by their /64, which one subscriber usually holds whole.
fn ip_key(kind: &str, ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("limit:{kind}:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("limit:{kind}:{v4}"),
            None => {
                let s = v6.segments();
                format!("limit:{kind}:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn bucket(key: String, rules: &[Rule]) -> Option<Bucket> {
    (!rules.is_empty()).then(|| Bucket {
        key,
        rules: rules.to_vec(),
    })
}

impl Limits {
    pub fn new(store: Arc<dyn LimitStore>, policy: LimitPolicy) -> Self {
        Self { store, policy }
    }

    pub fn in_memory(policy: LimitPolicy) -> Self {
        Self::new(Arc::new(MemoryStore::default()), policy)
    }

    pub fn policy(&self) -> &LimitPolicy {
        &self.policy
    }

    async fn apply(&self, buckets: Vec<Bucket>, now: u64, mode: Mode) -> Result<(), AuthError> {
        if buckets.is_empty() {
            return Ok(());
        }
        match self.store.apply(&buckets, now, mode).await {
            Ok(Verdict::Allowed) => Ok(()),
            Ok(Verdict::RetryAfter(secs)) => {
                tracing::info!(retry_after = secs, "rate limited");
                Err(AuthError::RateLimited { retry_after_secs: secs })
            }
            Err(e) => {
                tracing::error!(error = %e, "rate-limit store failed");
                Err(AuthError::Unavailable)
            }
        }
    }

    /// Counts a code about to be sent, or says how long to wait.
    pub async fn take_send(
        &self,
        purpose: Purpose,
        phone: &PhoneNumber,
        ip: Option<IpAddr>,
        now: u64,
    ) -> Result<(), AuthError> {
        self.apply(self.send_buckets(purpose, phone, ip), now, Mode::Take).await
    }

    fn send_buckets(&self, purpose: Purpose, phone: &PhoneNumber, ip: Option<IpAddr>) -> Vec<Bucket> {
        let purpose = match purpose {
            Purpose::SignUp => "cooldown-signup",
            Purpose::SignIn => "cooldown-signin",
        };
        [
            bucket(phone_key(purpose, phone), &self.policy.cooldown),
            bucket(phone_key("send", phone), &self.policy.sends_per_phone),
            ip.and_then(|ip| bucket(ip_key("send", ip), &self.policy.sends_per_ip)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Gives back a send counted by [`Self::take_send`] at `now` whose code
    /// never went out (Cognito unreachable), so that the person is not told
    /// to wait for a text they never got.
    pub async fn refund_send(&self, purpose: Purpose, phone: &PhoneNumber, ip: Option<IpAddr>, now: u64) {
        let buckets = self.send_buckets(purpose, phone, ip);
        if let Err(e) = self.store.apply(&buckets, now, Mode::Refund).await {
            tracing::warn!(error = %e, "could not give back a send that failed");
        }
    }

    fn check_buckets(&self, phone: &PhoneNumber, ip: Option<IpAddr>) -> Vec<Bucket> {
        [
            bucket(phone_key("check", phone), &self.policy.failed_checks_per_phone),
            ip.and_then(|ip| bucket(ip_key("check", ip), &self.policy.failed_checks_per_ip)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Whether a code may be checked now (too many recent failures say no).
    pub async fn check_allowed(&self, phone: &PhoneNumber, ip: Option<IpAddr>, now: u64) -> Result<(), AuthError> {
        self.apply(self.check_buckets(phone, ip), now, Mode::Peek).await
    }

    pub async fn record_failed_check(
        &self,
        phone: &PhoneNumber,
        ip: Option<IpAddr>,
        now: u64,
    ) -> Result<(), AuthError> {
        self.apply(self.check_buckets(phone, ip), now, Mode::Record).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_windows() {
        let rules = [Rule::new(1, 60), Rule::new(3, 3600)];
        assert_eq!(wait_for(&[], &rules, 100), None);
        assert_eq!(wait_for(&[90], &rules, 100), Some(50));
        assert_eq!(wait_for(&[30], &rules, 100), None);
        // Three in the hour: the oldest must leave it.
        assert_eq!(wait_for(&[10, 500, 900], &rules, 1000), Some(2610));
        // Over the limit (recorded failures): the extra ones must leave too.
        assert_eq!(wait_for(&[10, 20, 30], &[Rule::new(2, 100)], 50), Some(70));
        assert_eq!(wait_for(&[10], &[Rule::new(0, 100)], 50), Some(100));
    }

    fn phone(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    #[tokio::test]
    async fn sends_per_phone_cooldown_hour_and_day() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let p = phone("+14155552671");
        let mut now = 10 * DAY;
        limits.take_send(Purpose::SignIn, &p, None, now).await.unwrap();
        assert_eq!(
            limits.take_send(Purpose::SignIn, &p, None, now + 20).await,
            Err(AuthError::RateLimited { retry_after_secs: 40 })
        );
        // Signing in right after signing up is not a resend.
        limits.take_send(Purpose::SignUp, &p, None, now + 20).await.unwrap();
        for _ in 0..3 {
            now += MINUTE;
            limits.take_send(Purpose::SignIn, &p, None, now).await.unwrap();
        }
        now += MINUTE;
        assert!(matches!(
            limits.take_send(Purpose::SignIn, &p, None, now).await,
            Err(AuthError::RateLimited { retry_after_secs }) if retry_after_secs > 50 * MINUTE
        ));
        // Other numbers are not affected.
        limits
            .take_send(Purpose::SignIn, &phone("+14155552672"), None, now)
            .await
            .unwrap();
        // Five more the next hour, then the day is full.
        for _ in 0..5 {
            now += HOUR;
            limits.take_send(Purpose::SignIn, &p, None, now).await.unwrap();
        }
        now += HOUR;
        assert!(matches!(
            limits.take_send(Purpose::SignIn, &p, None, now).await,
            Err(AuthError::RateLimited { retry_after_secs }) if retry_after_secs > 10 * HOUR
        ));
    }

    #[tokio::test]
    async fn sends_per_address_and_failed_checks() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let ip: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let same_subnet: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let now = 10 * DAY;
        for i in 0..20 {
            let p = phone(&format!("+1415555{:04}", 2000 + i));
            limits.take_send(Purpose::SignIn, &p, Some(ip), now).await.unwrap();
        }
        let p = phone("+14155559999");
        assert!(
            limits
                .take_send(Purpose::SignIn, &p, Some(same_subnet), now)
                .await
                .is_err()
        );
        limits.take_send(Purpose::SignIn, &p, None, now).await.unwrap();

        let p = phone("+14155552671");
        for _ in 0..10 {
            limits.check_allowed(&p, Some(ip), now).await.unwrap();
            limits.record_failed_check(&p, Some(ip), now).await.unwrap();
        }
        assert_eq!(
            limits.check_allowed(&p, None, now + 10).await,
            Err(AuthError::RateLimited {
                retry_after_secs: HOUR - 10
            })
        );
    }

    #[tokio::test]
    async fn no_limits_when_off() {
        let limits = Limits::in_memory(LimitPolicy::off());
        let p = phone("+14155552671");
        for _ in 0..100 {
            limits.take_send(Purpose::SignIn, &p, None, 5).await.unwrap();
            limits.record_failed_check(&p, None, 5).await.unwrap();
        }
        limits.check_allowed(&p, None, 5).await.unwrap();
    }

    #[test]
    fn guessing_is_bounded_per_day() {
        // 10 sends x 3 tries, capped by 20 failed checks a day.
        assert_eq!(LimitPolicy::standard().daily_guess_bound(3), Some(20));
        assert_eq!(LimitPolicy::off().daily_guess_bound(3), None);
    }
}
