//! Limits on code sends and failed code checks, per phone number and per
//! client address, and the owner's budgets of texts, all as sliding windows
//! in one store (`store`): in memory for one server, Redis for several.
//! `conversion` watches how many texted codes are used.

mod conversion;
mod store;

use std::net::IpAddr;
use std::sync::Arc;

use domain::PhoneNumber;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use sha2::Sha256;

use crate::error::AuthError;

pub use conversion::ConversionRule;
pub use store::{Bucket, CountFuture, LimitStore, MemoryStore, Mode, Rule, StoreError, StoreFuture, Verdict, wait_for};
/// Which flow a code is sent or checked for: each has its own counters, so
/// that signing in right after confirming a sign-up is not "too soon", and so
/// that failures at one (anyone can start a sign-up for any number) never
/// stop the other.
///
/// "Open texts" are those Cognito may send to a number nobody confirmed:
/// every sign-up text, and in the native flow every sign-in text too
/// (Cognito's USER_AUTH texts a number that signed up and never confirmed;
/// the custom flow's Create trigger texts only confirmed accounts). Open
/// texts spend their country's and range's budgets and feed the conversion
/// watch, which is what SMS pumping runs into ([`Limits::reaches_unconfirmed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignUp,
    SignIn,
}

impl Purpose {
    pub fn name(self) -> &'static str {
        match self {
            Self::SignUp => "signup",
            Self::SignIn => "signin",
        }
    }
}

/// The numbers, in one place. "Per number" counters are per number and
/// purpose; "per number and address" ones are what one client can do to one
/// number, so that a stranger's failures do not lock its owner out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitPolicy {
    /// Per number: the resend cooldown.
    pub cooldown: Vec<Rule>,
    pub sends_per_phone_and_ip: Vec<Rule>,
    /// Per number from every address together: the ceiling on texts to one
    /// number, and (with the attempts per code) on guesses.
    pub sends_per_phone: Vec<Rule>,
    /// Per client address: an IPv4 address or an IPv6 /64 (one subscriber)...
    pub sends_per_ip: Vec<Rule>,
    /// ...and the IPv6 /56 and /48 around it, which one customer or site
    /// often holds whole: 256 or 65,536 /64s must not mean as many budgets.
    /// An IPv4 client's /24 counts under the /48's rules.
    pub sends_per_ip56: Vec<Rule>,
    pub sends_per_ip48: Vec<Rule>,
    /// Texts to anyone: the owner's ceiling on what texts can cost.
    pub texts_overall: Vec<Rule>,
    /// Texts to one country, and to one number range (the number but its
    /// last four digits: what SMS pumping walks through).
    pub texts_per_country: Vec<Rule>,
    pub texts_per_range: Vec<Rule>,
    pub failed_checks_per_phone_and_ip: Vec<Rule>,
    /// Per number from every address together.
    pub failed_checks_per_phone: Vec<Rule>,
    pub failed_checks_per_ip: Vec<Rule>,
    /// Every POST from one address (and IPv6 /56, /48), counted before it is read.
    pub posts_per_ip: Vec<Rule>,
    pub posts_per_ip56: Vec<Rule>,
    pub posts_per_ip48: Vec<Rule>,
    /// The conversion watch on sign-up texts (`conversion`).
    pub conversion: Option<ConversionRule>,
    /// Proof steps passed by waiting (no JavaScript) per client address, and
    /// per /48 (IPv6) or /24 (IPv4): the wait costs a script nothing but
    /// time, so it passes only a few times before a solved puzzle is needed.
    pub proof_waits_per_ip: Vec<Rule>,
    pub proof_waits_per_block: Vec<Rule>,
}

pub const MINUTE: u64 = 60;
pub const HOUR: u64 = 3600;
pub const DAY: u64 = 86_400;

impl LimitPolicy {
    pub fn standard() -> Self {
        Self {
            cooldown: vec![Rule::new(1, MINUTE)],
            sends_per_phone_and_ip: vec![Rule::new(5, HOUR), Rule::new(10, DAY)],
            sends_per_phone: vec![Rule::new(50, DAY)],
            sends_per_ip: vec![Rule::new(20, HOUR), Rule::new(100, DAY)],
            sends_per_ip56: vec![Rule::new(50, HOUR), Rule::new(250, DAY)],
            sends_per_ip48: vec![Rule::new(100, HOUR), Rule::new(500, DAY)],
            texts_overall: vec![Rule::new(500, HOUR), Rule::new(2000, DAY)],
            texts_per_country: vec![Rule::new(200, HOUR), Rule::new(1000, DAY)],
            texts_per_range: vec![Rule::new(20, HOUR), Rule::new(100, DAY)],
            failed_checks_per_phone_and_ip: vec![Rule::new(10, HOUR), Rule::new(20, DAY)],
            // NIST SP 800-63B: at most 100 failed attempts on one account.
            failed_checks_per_phone: vec![Rule::new(100, DAY)],
            failed_checks_per_ip: vec![Rule::new(60, HOUR)],
            posts_per_ip: vec![Rule::new(60, MINUTE), Rule::new(600, HOUR)],
            posts_per_ip56: vec![Rule::new(300, MINUTE)],
            posts_per_ip48: vec![Rule::new(1000, MINUTE)],
            conversion: Some(ConversionRule::standard()),
            proof_waits_per_ip: vec![Rule::new(6, HOUR), Rule::new(20, DAY)],
            proof_waits_per_block: vec![Rule::new(30, HOUR), Rule::new(100, DAY)],
        }
    }

    /// No limits at all: for load tests against local-cognito only.
    pub fn off() -> Self {
        Self {
            cooldown: vec![],
            sends_per_phone_and_ip: vec![],
            sends_per_phone: vec![],
            sends_per_ip: vec![],
            sends_per_ip56: vec![],
            sends_per_ip48: vec![],
            texts_overall: vec![],
            texts_per_country: vec![],
            texts_per_range: vec![],
            failed_checks_per_phone_and_ip: vec![],
            failed_checks_per_phone: vec![],
            failed_checks_per_ip: vec![],
            posts_per_ip: vec![],
            posts_per_ip56: vec![],
            posts_per_ip48: vec![],
            conversion: None,
            proof_waits_per_ip: vec![],
            proof_waits_per_block: vec![],
        }
    }

    /// Whether sending codes and guessing them are both limited per number:
    /// false for [`Self::off`], whatever budgets of texts are set beside it
    /// (they cap what texts cost, not what one person may do).
    pub fn holds_people_back(&self) -> bool {
        let any = |a: &[Rule], b: &[Rule]| !(a.is_empty() && b.is_empty());
        any(&self.sends_per_phone, &self.sends_per_phone_and_ip)
            && any(&self.failed_checks_per_phone, &self.failed_checks_per_phone_and_ip)
    }

    /// Seconds between two codes for the same flow.
    pub fn cooldown_secs(&self) -> u64 {
        self.cooldown.iter().map(|r| r.window_secs).max().unwrap_or(0)
    }

    /// The most wrong codes that can be tried against one number in a day,
    /// for one purpose: each code allows `attempts_per_code`, and both the
    /// sends and the failed checks per day cap it. From one address, or from
    /// any number of them.
    pub fn daily_guess_bound(&self, attempts_per_code: u32, many_addresses: bool) -> Option<u64> {
        let per_day = |rules: &[Rule]| {
            rules
                .iter()
                .map(|r| u64::from(r.max) * DAY.div_ceil(r.window_secs))
                .min()
        };
        let fewest = |a: Option<u64>, b: Option<u64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let mut sends = per_day(&self.sends_per_phone);
        let mut checks = per_day(&self.failed_checks_per_phone);
        if !many_addresses {
            sends = fewest(sends, per_day(&self.sends_per_phone_and_ip));
            checks = fewest(checks, per_day(&self.failed_checks_per_phone_and_ip));
        }
        fewest(sends.map(|s| s * u64::from(attempts_per_code)), checks)
    }
}

/// The limits as the flows use them.
pub struct Limits {
    store: Arc<dyn LimitStore>,
    policy: LimitPolicy,
    /// Keys the counters' names, so that the store (Redis) alone does not
    /// say which numbers and addresses were limited: without it, a name is
    /// a few million hashes away from its number.
    key: SecretSlice<u8>,
    /// Whether sign-in texts are open texts (the native flow: see [`Purpose`]).
    sign_in_texts_open: bool,
}

/// IPv6 clients are counted by their /64, which one subscriber usually
/// holds whole; IPv4-mapped ones as IPv4.
fn ip_text(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The blocks around a client: an IPv6 client's /56 and /48; an IPv4
/// client's /24, counted as a /48 is (one provider's or site's block), so
/// that a rented /24 is not 256 clients. Ordered narrowest first.
fn wider_prefixes(ip: IpAddr) -> (Option<String>, String) {
    let v4 = |v4: std::net::Ipv4Addr| {
        let o = v4.octets();
        (None, format!("{}.{}.{}.0/24", o[0], o[1], o[2]))
    };
    match ip {
        IpAddr::V4(addr) => v4(addr),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(addr) => v4(addr),
            None => {
                let s = v6.segments();
                (
                    Some(format!("{:x}:{:x}:{:x}:{:x}::/56", s[0], s[1], s[2], s[3] & 0xff00)),
                    format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2]),
                )
            }
        },
    }
}

/// A limit store that did not answer: logged, and answered as unavailable
/// (nothing is allowed that the store could not count).
fn store_failed(e: StoreError) -> AuthError {
    tracing::error!(error = %e, "rate-limit store failed");
    AuthError::Unavailable
}

/// What a bucket counts, to tell a person's limit from the owner's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    Person,
    Budget(Budget),
}

/// The owner's budgets of texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Budget {
    Overall,
    Country(String),
    /// Named for logs by its block (`PhoneNumber::block`), never the range
    /// itself, which the masked number in other lines would complete.
    Range(String),
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Overall => f.write_str("overall"),
            Self::Country(c) => write!(f, "country {c}"),
            Self::Range(block) => write!(f, "a range in {block}"),
        }
    }
}

fn bucket(key: String, rules: &[Rule]) -> Option<Bucket> {
    (!rules.is_empty()).then(|| Bucket {
        key,
        rules: rules.to_vec(),
    })
}

impl Limits {
    /// Whether the store answers (a read of a key nothing writes), for the
    /// readiness probe.
    pub async fn reachable(&self, now: u64) -> bool {
        self.store.count("readiness", 1, now).await.is_ok()
    }

    pub fn new(store: Arc<dyn LimitStore>, policy: LimitPolicy, key: SecretSlice<u8>) -> Self {
        Self {
            store,
            policy,
            key,
            sign_in_texts_open: false,
        }
    }

    /// Counts sign-in texts as open texts: for the native flow, where
    /// Cognito texts sign-in codes to numbers that never confirmed one.
    pub fn sign_ins_reach_unconfirmed(self, yes: bool) -> Self {
        Self {
            sign_in_texts_open: yes,
            ..self
        }
    }

    /// Whether a text for `purpose` is an open text (see [`Purpose`]): it
    /// spends its country's and range's budgets, and the conversion watch
    /// counts it (and may pause it).
    pub fn reaches_unconfirmed(&self, purpose: Purpose) -> bool {
        purpose == Purpose::SignUp || self.sign_in_texts_open
    }

    /// In this process's memory, with a fresh key (one server).
    pub fn in_memory(policy: LimitPolicy) -> Self {
        use rand::RngCore;
        let mut key = vec![0u8; 32];
        rand::rng().fill_bytes(&mut key);
        Self::new(Arc::new(MemoryStore::default()), policy, key.into())
    }

    pub fn policy(&self) -> &LimitPolicy {
        &self.policy
    }

    /// `limit:<kind>:<HMAC of what is counted>`.
    fn key(&self, kind: &str, parts: &[&str]) -> String {
        // new_from_slice only fails for key sizes HMAC cannot take, and HMAC takes any.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.key.expose_secret()).unwrap_or_else(|_| unreachable!());
        mac.update(kind.as_bytes());
        for part in parts {
            mac.update(&[0]);
            mac.update(part.as_bytes());
        }
        let digest = mac.finalize().into_bytes();
        format!("limit:{kind}:{}", hex::encode(&digest[..12]))
    }

    /// The buckets of one kind of event (`send` or `check`): per number, per
    /// number and address, per address.
    fn buckets(
        &self,
        kind: &str,
        purpose: Purpose,
        phone: &PhoneNumber,
        ip: Option<IpAddr>,
        [per_phone, per_phone_and_ip, per_ip]: [&[Rule]; 3],
    ) -> Vec<Bucket> {
        let number = phone.as_e164();
        let kind_for = format!("{kind}-{}", purpose.name());
        let ip = ip.map(ip_text);
        [
            bucket(self.key(&kind_for, &[number]), per_phone),
            ip.as_deref()
                .and_then(|ip| bucket(self.key(&format!("{kind_for}-by"), &[number, ip]), per_phone_and_ip)),
            ip.as_deref().and_then(|ip| bucket(self.key(kind, &[ip]), per_ip)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The buckets of `kind` for the blocks around `ip`: an IPv6 /56 and
    /// /48 (`per56`, `per48`), or an IPv4 /24 (`per48`).
    fn wider_buckets(&self, kind: &str, ip: Option<IpAddr>, [per56, per48]: [&[Rule]; 2]) -> Vec<Bucket> {
        let Some((p56, p48)) = ip.map(wider_prefixes) else {
            return Vec::new();
        };
        [
            p56.and_then(|p56| bucket(self.key(kind, &[&p56]), per56)),
            bucket(self.key(kind, &[&p48]), per48),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    async fn apply_scoped(&self, counted: Vec<(Scope, Bucket)>, now: u64, mode: Mode) -> Result<(), AuthError> {
        if counted.is_empty() {
            return Ok(());
        }
        let buckets: Vec<Bucket> = counted.iter().map(|(_, b)| b.clone()).collect();
        match self.store.apply(&buckets, now, mode).await {
            Ok(Verdict::Allowed) => Ok(()),
            Ok(Verdict::RetryAfter { secs, bucket }) => match counted.get(bucket).map(|(scope, _)| scope) {
                Some(Scope::Budget(budget)) => {
                    // The line an operator alerts on: texts to this scope pause.
                    tracing::warn!(budget = %budget, retry_after = secs, "SMS budget spent: texts paused");
                    Err(AuthError::TextsPaused { retry_after_secs: secs })
                }
                _ => {
                    tracing::info!(retry_after = secs, "rate limited");
                    Err(AuthError::RateLimited { retry_after_secs: secs })
                }
            },
            Err(e) => Err(store_failed(e)),
        }
    }

    /// Whether every bucket has room (`Peek`), or takes one event in each
    /// if so (`Take`).
    async fn has_room(&self, buckets: &[Bucket], now: u64, mode: Mode) -> Result<bool, AuthError> {
        if buckets.is_empty() {
            return Ok(true);
        }
        match self.store.apply(buckets, now, mode).await {
            Ok(verdict) => Ok(verdict == Verdict::Allowed),
            Err(e) => Err(store_failed(e)),
        }
    }

    /// The buckets of `kind` for a client: its address (an IPv6 /64) and
    /// the blocks around it.
    fn address_buckets(&self, kind: &str, ip: Option<IpAddr>, [per_ip, per56, per48]: [&[Rule]; 3]) -> Vec<Bucket> {
        let mut buckets: Vec<Bucket> = ip
            .map(ip_text)
            .and_then(|ip| bucket(self.key(kind, &[&ip]), per_ip))
            .into_iter()
            .collect();
        buckets.extend(self.wider_buckets(kind, ip, [per56, per48]));
        buckets
    }

    async fn apply(&self, buckets: Vec<Bucket>, now: u64, mode: Mode) -> Result<(), AuthError> {
        let counted = buckets.into_iter().map(|b| (Scope::Person, b)).collect();
        self.apply_scoped(counted, now, mode).await
    }

    async fn give_back(&self, buckets: Vec<Bucket>, now: u64) {
        if let Err(e) = self.store.apply(&buckets, now, Mode::Refund).await {
            tracing::warn!(error = %e, "could not give back a counted event");
        }
    }

    /// The owner's budgets a text to `phone` spends. Every text spends the
    /// overall one. Only open texts spend their country's and range's:
    /// Cognito sends those to any number, which is what pumping walks. In
    /// the custom flow a sign-in code goes only to a number that confirmed
    /// one, so a pumped country or range never stops its accounts signing
    /// in; in the native flow it may (every text there is open).
    fn budget_buckets(&self, purpose: Purpose, phone: &PhoneNumber) -> Vec<(Scope, Bucket)> {
        let p = &self.policy;
        let overall = (Budget::Overall, bucket("limit:texts".to_owned(), &p.texts_overall));
        let mut budgets = vec![overall];
        if self.reaches_unconfirmed(purpose) {
            let country = phone.region().unwrap_or("none").to_owned();
            let range = phone.range();
            budgets.push((
                Budget::Country(country.clone()),
                bucket(self.key("texts-country", &[&country]), &p.texts_per_country),
            ));
            budgets.push((
                Budget::Range(phone.block()),
                bucket(self.key("texts-range", &[&range]), &p.texts_per_range),
            ));
        }
        budgets
            .into_iter()
            .filter_map(|(budget, b)| b.map(|b| (Scope::Budget(budget), b)))
            .collect()
    }

    fn send_buckets(&self, purpose: Purpose, phone: &PhoneNumber, ip: Option<IpAddr>) -> Vec<(Scope, Bucket)> {
        let p = &self.policy;
        let mut buckets = self.buckets(
            "send",
            purpose,
            phone,
            ip,
            [&p.sends_per_phone, &p.sends_per_phone_and_ip, &p.sends_per_ip],
        );
        buckets.extend(self.wider_buckets("send", ip, [&p.sends_per_ip56, &p.sends_per_ip48]));
        buckets.extend(bucket(
            self.key(&format!("cooldown-{}", purpose.name()), &[phone.as_e164()]),
            &p.cooldown,
        ));
        let mut counted: Vec<(Scope, Bucket)> = buckets.into_iter().map(|b| (Scope::Person, b)).collect();
        counted.extend(self.budget_buckets(purpose, phone));
        counted
    }

    /// Counts a code about to be sent, against the person's limits and the
    /// owner's budgets at once, or says how long to wait (`TextsPaused` when
    /// a budget is spent).
    pub async fn take_send(
        &self,
        purpose: Purpose,
        phone: &PhoneNumber,
        ip: Option<IpAddr>,
        now: u64,
    ) -> Result<(), AuthError> {
        self.apply_scoped(self.send_buckets(purpose, phone, ip), now, Mode::Take)
            .await
    }

    /// Gives back a send counted by [`Self::take_send`] at `now` whose code
    /// was certainly never sent (Cognito unreachable, or throttling us), so
    /// that the person is not told to wait for a text they never got.
    pub async fn refund_send(&self, purpose: Purpose, phone: &PhoneNumber, ip: Option<IpAddr>, now: u64) {
        let buckets = self
            .send_buckets(purpose, phone, ip)
            .into_iter()
            .map(|(_, b)| b)
            .collect();
        self.give_back(buckets, now).await;
    }

    /// Gives back the overall budget a send counted at `now` when Cognito
    /// texted nothing (a sign-up for a number with an account, a sign-in for
    /// one without): no money was spent, and asking codes for such numbers
    /// must not pause everyone's texts. The country's and range's budgets,
    /// and the person's limits, stay counted: a range's count is small and an
    /// attacker can fill it to its edge, so giving it back would tell whether
    /// one number has an account; the overall count is everyone's, and held
    /// at its edge only by pausing everyone.
    pub async fn refund_overall_budget(&self, purpose: Purpose, phone: &PhoneNumber, now: u64) {
        let buckets = self
            .budget_buckets(purpose, phone)
            .into_iter()
            .filter(|(scope, _)| *scope == Scope::Budget(Budget::Overall))
            .map(|(_, b)| b)
            .collect();
        self.give_back(buckets, now).await;
    }

    /// Whether risk is up for a text to `phone` from `ip`: the address (or
    /// its IPv6 /56 or /48), or the texts its range, country or everyone may
    /// have, past `percent` of a limit. Then the proof step is asked for.
    pub async fn risk_up(
        &self,
        purpose: Purpose,
        phone: &PhoneNumber,
        ip: Option<IpAddr>,
        now: u64,
        percent: u32,
    ) -> Result<bool, AuthError> {
        let p = &self.policy;
        let part = |rules: &[Rule]| -> Vec<Rule> {
            rules
                .iter()
                .map(|r| Rule::new((u64::from(r.max) * u64::from(percent) / 100) as u32, r.window_secs))
                .collect()
        };
        let mut buckets = self.address_buckets(
            "send",
            ip,
            [
                &part(&p.sends_per_ip),
                &part(&p.sends_per_ip56),
                &part(&p.sends_per_ip48),
            ],
        );
        buckets.extend(self.budget_buckets(purpose, phone).into_iter().map(|(_, mut b)| {
            b.rules = part(&b.rules);
            b
        }));
        Ok(!self.has_room(&buckets, now, Mode::Peek).await?)
    }

    /// What [`Self::take_send`] would answer, without counting anything.
    pub async fn check_send(
        &self,
        purpose: Purpose,
        phone: &PhoneNumber,
        ip: Option<IpAddr>,
        now: u64,
    ) -> Result<(), AuthError> {
        self.apply_scoped(self.send_buckets(purpose, phone, ip), now, Mode::Peek)
            .await
    }

    /// Counts a proof step passed by waiting, or says it may not be (too
    /// many from this address or its block): then only a solved puzzle does.
    pub async fn take_proof_wait(&self, ip: Option<IpAddr>, now: u64) -> Result<bool, AuthError> {
        let p = &self.policy;
        let buckets = self.address_buckets("proof-wait", ip, [&p.proof_waits_per_ip, &[], &p.proof_waits_per_block]);
        self.has_room(&buckets, now, Mode::Take).await
    }

    /// Marks a proof's seed as used; false if it was already.
    pub async fn spend_proof(&self, seed: &str, now: u64) -> Result<bool, AuthError> {
        let spent = [Bucket {
            key: self.key("proof", &[seed]),
            rules: vec![Rule::new(1, super::proof::PROOF_TTL_SECS)],
        }];
        self.has_room(&spent, now, Mode::Take).await
    }

    /// Counts one try at a Cognito round that stays open after a wrong code
    /// (the native flow's SMS_OTP), named by its Session; false once `max`
    /// were taken. In the limits store, so that checks running at once
    /// cannot each read the same count from the session and pass each other.
    pub async fn take_round_try(&self, round: &str, max: u32, ttl_secs: u64, now: u64) -> Result<bool, AuthError> {
        let tries = [Bucket {
            key: self.key("round", &[round]),
            rules: vec![Rule::new(max, ttl_secs)],
        }];
        self.has_room(&tries, now, Mode::Take).await
    }

    /// Gives back a try taken with [`Self::take_round_try`] whose check did
    /// not happen or did not fail.
    pub async fn refund_round_try(&self, round: &str, max: u32, ttl_secs: u64, now: u64) {
        let tries = vec![Bucket {
            key: self.key("round", &[round]),
            rules: vec![Rule::new(max, ttl_secs)],
        }];
        self.give_back(tries, now).await;
    }

    fn check_buckets(&self, purpose: Purpose, phone: &PhoneNumber, ip: Option<IpAddr>) -> Vec<Bucket> {
        let p = &self.policy;
        self.buckets(
            "check",
            purpose,
            phone,
            ip,
            [
                &p.failed_checks_per_phone,
                &p.failed_checks_per_phone_and_ip,
                &p.failed_checks_per_ip,
            ],
        )
    }

    /// Reserves one failed check before a code is checked, or says how long
    /// to wait: checks running at once can never take more than the limits
    /// allow. A check that did not fail is given back ([`Self::refund_check`]).
    pub async fn take_check(
        &self,
        purpose: Purpose,
        phone: &PhoneNumber,
        ip: Option<IpAddr>,
        now: u64,
    ) -> Result<(), AuthError> {
        self.apply(self.check_buckets(purpose, phone, ip), now, Mode::Take)
            .await
    }

    /// Gives back a check reserved at `now` that did not fail.
    pub async fn refund_check(&self, purpose: Purpose, phone: &PhoneNumber, ip: Option<IpAddr>, now: u64) {
        self.give_back(self.check_buckets(purpose, phone, ip), now).await;
    }

    /// Counts a POST from `ip`, before anything in it is read.
    pub async fn take_post(&self, ip: IpAddr, now: u64) -> Result<(), AuthError> {
        let p = &self.policy;
        let buckets = self.address_buckets(
            "post",
            Some(ip),
            [&p.posts_per_ip, &p.posts_per_ip56, &p.posts_per_ip48],
        );
        self.apply(buckets, now, Mode::Take).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    fn ip(n: u32) -> Option<IpAddr> {
        Some(IpAddr::from(std::net::Ipv4Addr::from(0xC633_6400 + n)))
    }

    /// The standard limits on people, without the owner's budgets (tested
    /// on their own below).
    fn people_only() -> Limits {
        Limits::in_memory(LimitPolicy {
            texts_overall: vec![],
            texts_per_country: vec![],
            texts_per_range: vec![],
            ..LimitPolicy::standard()
        })
    }

    fn waits(r: Result<(), AuthError>) -> u64 {
        match r {
            Err(AuthError::RateLimited { retry_after_secs }) => retry_after_secs,
            other => panic!("expected a wait, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn sends_per_number_cooldown_hour_and_day() {
        let limits = people_only();
        let p = phone("+14155552671");
        let mut now = 10 * DAY;
        limits.take_send(Purpose::SignIn, &p, ip(1), now).await.unwrap();
        assert_eq!(
            waits(limits.take_send(Purpose::SignIn, &p, ip(2), now + 20).await),
            40,
            "the cooldown is the number's"
        );
        // Signing in right after signing up is not a resend.
        limits.take_send(Purpose::SignUp, &p, ip(1), now + 20).await.unwrap();
        for _ in 0..4 {
            now += MINUTE;
            limits.take_send(Purpose::SignIn, &p, ip(1), now).await.unwrap();
        }
        now += MINUTE;
        assert!(waits(limits.take_send(Purpose::SignIn, &p, ip(1), now).await) > 50 * MINUTE);
        // Another address, or another number, is not held back.
        limits.take_send(Purpose::SignIn, &p, ip(2), now).await.unwrap();
        limits
            .take_send(Purpose::SignIn, &phone("+14155552672"), ip(1), now)
            .await
            .unwrap();
        // Five more from the first address the next hour, then its day is full.
        for _ in 0..5 {
            now += HOUR;
            limits.take_send(Purpose::SignIn, &p, ip(1), now).await.unwrap();
        }
        now += HOUR;
        assert!(waits(limits.take_send(Purpose::SignIn, &p, ip(1), now).await) > 10 * HOUR);
    }

    #[tokio::test]
    async fn a_number_gets_fifty_codes_a_day_however_many_ask() {
        let limits = people_only();
        let p = phone("+14155552671");
        let mut now = 10 * DAY;
        for i in 0..50 {
            now += MINUTE;
            limits.take_send(Purpose::SignIn, &p, ip(i), now).await.unwrap();
        }
        now += MINUTE;
        assert!(waits(limits.take_send(Purpose::SignIn, &p, ip(99), now).await) > 10 * HOUR);
        // Sign-ups are counted apart: asking for sign-up codes never stops sign-in.
        limits.take_send(Purpose::SignUp, &p, ip(99), now).await.unwrap();
    }

    #[tokio::test]
    async fn sends_per_address_count_every_number() {
        let limits = people_only();
        let ip: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let same_subnet: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let now = 10 * DAY;
        for i in 0..20 {
            let p = phone(&format!("+1415555{:04}", 2000 + i));
            limits.take_send(Purpose::SignIn, &p, Some(ip), now).await.unwrap();
        }
        let p = phone("+14155559999");
        waits(limits.take_send(Purpose::SignIn, &p, Some(same_subnet), now).await);
        limits.take_send(Purpose::SignIn, &p, None, now).await.unwrap();
    }

    #[tokio::test]
    async fn failed_checks_are_one_clients_before_they_are_the_numbers() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let p = phone("+14155552671");
        let now = 10 * DAY;
        for _ in 0..10 {
            limits.take_check(Purpose::SignIn, &p, ip(1), now).await.unwrap();
        }
        assert_eq!(
            waits(limits.take_check(Purpose::SignIn, &p, ip(1), now + 10).await),
            HOUR - 10
        );
        // The owner, elsewhere, is not locked out; nor is confirming a sign-up.
        limits.take_check(Purpose::SignIn, &p, ip(2), now + 10).await.unwrap();
        limits.take_check(Purpose::SignUp, &p, ip(1), now + 10).await.unwrap();
        // A check that did not fail is given back.
        limits.refund_check(Purpose::SignIn, &p, ip(2), now + 10).await;
        for _ in 0..9 {
            limits.take_check(Purpose::SignIn, &p, ip(2), now + 20).await.unwrap();
        }
        limits.take_check(Purpose::SignIn, &p, ip(2), now + 20).await.unwrap();
        waits(limits.take_check(Purpose::SignIn, &p, ip(2), now + 20).await);
    }

    #[tokio::test]
    async fn a_number_takes_a_hundred_failed_checks_a_day_however_many_try() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let p = phone("+14155552671");
        let now = 10 * DAY;
        for i in 0..100 {
            limits
                .take_check(Purpose::SignIn, &p, ip(i), now + u64::from(i))
                .await
                .unwrap();
        }
        assert!(waits(limits.take_check(Purpose::SignIn, &p, ip(500), now + 200).await) > 20 * HOUR);
    }

    #[tokio::test]
    async fn the_store_sees_no_number_and_no_address() {
        let store = Arc::new(MemoryStore::default());
        let keyed = |secret: u8| Limits::new(store.clone(), LimitPolicy::standard(), vec![secret; 32].into());
        let p = phone("+14155552671");
        let names = |limits: &Limits| -> Vec<String> {
            let mut all: Vec<Bucket> = limits
                .send_buckets(Purpose::SignIn, &p, ip(7))
                .into_iter()
                .map(|(_, b)| b)
                .collect();
            all.extend(limits.check_buckets(Purpose::SignIn, &p, ip(7)));
            all.into_iter().map(|b| b.key).filter(|k| k != "limit:texts").collect()
        };
        let a = names(&keyed(1));
        for name in &a {
            assert!(!name.contains("4155552671") && !name.contains("198.51.100.7"), "{name}");
        }
        assert_eq!(
            a,
            names(&keyed(1)),
            "the same key names the same counters (several servers)"
        );
        let b = names(&keyed(2));
        assert!(a.iter().all(|n| !b.contains(n)), "another key, other names");
    }

    fn paused(r: Result<(), AuthError>) -> u64 {
        match r {
            Err(AuthError::TextsPaused { retry_after_secs }) => retry_after_secs,
            other => panic!("expected a paused budget, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_spent_range_pauses_while_the_rest_goes_on() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let now = 10 * DAY;
        // Twenty numbers of one range, each from its own address.
        for i in 0..20 {
            let p = phone(&format!("+1415555{:04}", 3000 + i));
            limits.take_send(Purpose::SignUp, &p, ip(i), now).await.unwrap();
        }
        let next = phone("+14155553999");
        assert_eq!(
            paused(limits.take_send(Purpose::SignUp, &next, ip(50), now).await),
            HOUR
        );
        // Another range of the same country goes on.
        limits
            .take_send(Purpose::SignUp, &phone("+14155562671"), ip(51), now)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_country_and_overall_budgets_cap_every_range() {
        let policy = LimitPolicy {
            texts_per_country: vec![Rule::new(3, HOUR)],
            texts_overall: vec![Rule::new(5, HOUR)],
            ..LimitPolicy::standard()
        };
        let limits = Limits::in_memory(policy);
        let now = 10 * DAY;
        let us = ["+14155552671", "+12125552671", "+13125552671"];
        for (i, n) in us.iter().enumerate() {
            limits
                .take_send(Purpose::SignUp, &phone(n), ip(i as u32), now)
                .await
                .unwrap();
        }
        paused(
            limits
                .take_send(Purpose::SignUp, &phone("+16175552671"), ip(9), now)
                .await,
        );
        // Canada has its own country budget, until the overall one is spent.
        limits
            .take_send(Purpose::SignUp, &phone("+14165552671"), ip(10), now)
            .await
            .unwrap();
        limits
            .take_send(Purpose::SignUp, &phone("+16045552671"), ip(11), now)
            .await
            .unwrap();
        paused(
            limits
                .take_send(Purpose::SignUp, &phone("+15145552671"), ip(12), now)
                .await,
        );
    }

    #[tokio::test]
    async fn sign_ins_spend_only_the_overall_budget_and_nothing_texted_spends_none() {
        let policy = LimitPolicy {
            texts_per_range: vec![Rule::new(2, HOUR)],
            texts_overall: vec![Rule::new(5, HOUR)],
            ..LimitPolicy::standard()
        };
        let limits = Limits::in_memory(policy);
        let now = 10 * DAY;
        let range = |i: u32| phone(&format!("+1415555{:04}", 3000 + i));
        limits.take_send(Purpose::SignUp, &range(0), ip(0), now).await.unwrap();
        limits.take_send(Purpose::SignUp, &range(1), ip(1), now).await.unwrap();
        paused(limits.take_send(Purpose::SignUp, &range(2), ip(2), now).await);
        // A sign-up for a number that has an account gives back the overall
        // budget only: the range keeps its count (giving it back would say
        // which of its numbers have accounts).
        limits.refund_overall_budget(Purpose::SignUp, &range(1), now).await;
        paused(limits.take_send(Purpose::SignUp, &range(2), ip(2), now).await);
        // A pumped range does not stop its accounts signing in.
        limits.take_send(Purpose::SignIn, &range(3), ip(3), now).await.unwrap();
        // A sign-in for a number with no account texts nothing: its budget
        // comes back (the person's limits stay counted).
        limits.refund_overall_budget(Purpose::SignIn, &range(3), now).await;
        for i in 4..8 {
            limits.take_send(Purpose::SignIn, &range(i), ip(i), now).await.unwrap();
        }
        paused(limits.take_send(Purpose::SignIn, &range(9), ip(9), now).await);
        // With room in the budget again, the person's own limits still hold.
        limits.refund_overall_budget(Purpose::SignIn, &range(7), now).await;
        assert_eq!(
            waits(limits.take_send(Purpose::SignIn, &range(3), ip(3), now + 1).await),
            59,
            "the person's cooldown was kept"
        );
    }

    #[tokio::test]
    async fn native_sign_ins_spend_their_country_and_range_as_sign_ups_do() {
        let policy = LimitPolicy {
            texts_per_range: vec![Rule::new(2, HOUR)],
            ..LimitPolicy::standard()
        };
        let range = |i: u32| phone(&format!("+1415555{:04}", 3000 + i));
        let custom = Limits::in_memory(policy.clone());
        let native = Limits::in_memory(policy).sign_ins_reach_unconfirmed(true);
        let now = 10 * DAY;
        for i in 0..2 {
            custom.take_send(Purpose::SignIn, &range(i), ip(i), now).await.unwrap();
            native.take_send(Purpose::SignIn, &range(i), ip(i), now).await.unwrap();
        }
        custom.take_send(Purpose::SignIn, &range(2), ip(2), now).await.unwrap();
        paused(native.take_send(Purpose::SignIn, &range(2), ip(2), now).await);
        assert!(!custom.reaches_unconfirmed(Purpose::SignIn));
        assert!(native.reaches_unconfirmed(Purpose::SignIn));
        assert!(custom.reaches_unconfirmed(Purpose::SignUp));
    }

    #[tokio::test]
    async fn an_ipv4_block_counts_as_one_site() {
        let limits = people_only();
        let now = 10 * DAY;
        // A hundred addresses of one /24: a hundred codes an hour between them.
        for i in 0..100u32 {
            let p = phone(&format!("+1415555{:04}", 5000 + i));
            limits.take_send(Purpose::SignIn, &p, ip(i), now).await.unwrap();
        }
        let p = phone("+14155555999");
        waits(limits.take_send(Purpose::SignIn, &p, ip(200), now).await);
        let elsewhere: IpAddr = "203.0.113.9".parse().unwrap();
        limits
            .take_send(Purpose::SignIn, &p, Some(elsewhere), now)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn waiting_out_a_puzzle_passes_a_few_times_an_hour() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let now = 10 * DAY;
        for i in 0..6 {
            assert!(limits.take_proof_wait(ip(1), now + i).await.unwrap(), "wait {i}");
        }
        assert!(!limits.take_proof_wait(ip(1), now + 10).await.unwrap());
        assert!(
            limits.take_proof_wait(ip(2), now + 10).await.unwrap(),
            "another address"
        );
        assert!(limits.take_proof_wait(ip(1), now + HOUR).await.unwrap(), "an hour on");
        // Thirty from one /24 in an hour, whatever its addresses.
        let limits = Limits::in_memory(LimitPolicy::standard());
        for i in 0..30 {
            assert!(limits.take_proof_wait(ip(i), now).await.unwrap());
        }
        assert!(!limits.take_proof_wait(ip(77), now).await.unwrap());
    }

    #[tokio::test]
    async fn an_ipv6_site_counts_as_one_beyond_its_subscribers() {
        let limits = people_only();
        let now = 10 * DAY;
        // A hundred /56s of one /48: the /48 allows a hundred codes an hour.
        for i in 0..100u16 {
            let client: IpAddr = format!("2001:db8:7:{:x}::1", i << 8).parse().unwrap();
            let p = phone(&format!("+1415555{:04}", 4000 + i));
            limits.take_send(Purpose::SignIn, &p, Some(client), now).await.unwrap();
        }
        let client: IpAddr = "2001:db8:7:ff00::1".parse().unwrap();
        waits(
            limits
                .take_send(Purpose::SignIn, &phone("+14155554999"), Some(client), now)
                .await,
        );
        let elsewhere: IpAddr = "2001:db8:8::1".parse().unwrap();
        limits
            .take_send(Purpose::SignIn, &phone("+14155554999"), Some(elsewhere), now)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn posts_per_address() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let client = ip(1).unwrap();
        for _ in 0..60 {
            limits.take_post(client, 100).await.unwrap();
        }
        assert_eq!(waits(limits.take_post(client, 110).await), 50);
        limits.take_post(ip(2).unwrap(), 110).await.unwrap();
    }

    #[tokio::test]
    async fn no_limits_when_off() {
        let limits = Limits::in_memory(LimitPolicy::off());
        let p = phone("+14155552671");
        for _ in 0..200 {
            limits.take_send(Purpose::SignIn, &p, ip(1), 5).await.unwrap();
            limits.take_check(Purpose::SignIn, &p, ip(1), 5).await.unwrap();
            limits.take_post(ip(1).unwrap(), 5).await.unwrap();
        }
    }

    #[test]
    fn guessing_is_bounded_per_day() {
        let standard = LimitPolicy::standard();
        // One address: 10 codes x 3 tries, capped by its 20 failed checks.
        assert_eq!(standard.daily_guess_bound(3, false), Some(20));
        // Any number of addresses: 50 codes x 3 tries, capped by the
        // number's 100 failed checks.
        assert_eq!(standard.daily_guess_bound(3, true), Some(100));
        assert_eq!(LimitPolicy::off().daily_guess_bound(3, true), None);
    }

    #[test]
    fn off_holds_nobody_back_whatever_its_budgets() {
        assert!(LimitPolicy::standard().holds_people_back());
        assert!(!LimitPolicy::off().holds_people_back());
        let budgets_only = LimitPolicy {
            texts_overall: vec![Rule::new(10, HOUR)],
            ..LimitPolicy::off()
        };
        assert!(!budgets_only.holds_people_back());
        let no_guess_limit = LimitPolicy {
            failed_checks_per_phone: vec![],
            failed_checks_per_phone_and_ip: vec![],
            ..LimitPolicy::standard()
        };
        assert!(!no_guess_limit.holds_people_back());
    }
}
