//! The conversion watch: of the open codes (see `Purpose`) texted to a
//! country, how many come back. People who ask for a code almost always
//! type it in; SMS pumping asks for texts to numbers nobody reads, so its
//! codes are never used. When a country's share collapses, its open texts
//! pause (the breaker trips) and a warning says so, before its budget is
//! spent.
//!
//! Open texts only: sign-up codes, which Cognito texts to any number, and
//! in the native flow sign-in codes too. In the custom flow sign-in codes
//! go only to numbers that already confirmed one, so there a tripped
//! breaker never keeps anyone with an account from signing in.

use domain::PhoneNumber;

use super::store::{Bucket, Mode, Rule, StoreError, Verdict};
use super::{DAY, HOUR, Limits};
use crate::error::AuthError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversionRule {
    /// Codes sent and used are counted over this window...
    pub window_secs: u64,
    /// ...but a code sent less than this long ago is not yet counted as
    /// unused: people take a minute to type it in, and a burst of real
    /// sign-ups must not look like pumping while their texts are on the way.
    pub grace_secs: u64,
    /// No verdict on fewer texts than this in the window.
    pub min_sent: u32,
    /// With fewer codes used than this share of those sent (percent), the breaker trips...
    pub min_used_percent: u32,
    /// ...for this long, doubled for each other trip in the last day (up to
    /// [`MAX_PAUSE_DOUBLINGS`] times): pumping that comes back after a pause
    /// finds the next one longer.
    pub pause_secs: u64,
}

/// A pause is at most `pause_secs` times two to this.
pub const MAX_PAUSE_DOUBLINGS: u32 = 3;

impl ConversionRule {
    pub const fn standard() -> Self {
        Self {
            window_secs: HOUR,
            grace_secs: 5 * 60,
            // More than one address's codes in an hour (20): one client
            // alone cannot pause a country's sign-ups.
            min_sent: 50,
            min_used_percent: 20,
            pause_secs: HOUR,
        }
    }

    /// The pause after a trip when `trips` (this one included) happened in
    /// the last day.
    pub fn pause_after(&self, trips: u64) -> u64 {
        let doublings = trips.saturating_sub(1).min(u64::from(MAX_PAUSE_DOUBLINGS)) as u32;
        self.pause_secs.saturating_mul(1 << doublings)
    }

    /// Whether `used` codes of `sent` (those sent before the grace) is the
    /// signature of pumping.
    pub fn collapsed(&self, sent: u64, used: u64) -> bool {
        sent >= u64::from(self.min_sent)
            && used.saturating_mul(100) < sent.saturating_mul(u64::from(self.min_used_percent))
    }
}

/// The store's keys of a country's counts: countries are few and not
/// personal, so their names are plain (an operator can read them).
fn key(what: &str, country: &str) -> String {
    format!("limit:conversion:{what}:{country}")
}

fn country(phone: &PhoneNumber) -> &str {
    phone.region().unwrap_or("none")
}

/// The country's trips, kept a day: the latest one holds texts back for
/// the pause that `trips` trips in the day call for.
fn breaker(rule: &ConversionRule, phone: &PhoneNumber, trips: u64) -> Bucket {
    Bucket {
        key: key("paused", country(phone)),
        rules: vec![Rule::new(1, rule.pause_after(trips)), Rule::new(u32::MAX, DAY)],
    }
}

/// The country's codes sent or used (`what`), kept for the window.
fn counted(what: &str, rule: &ConversionRule, phone: &PhoneNumber) -> Bucket {
    Bucket {
        key: key(what, country(phone)),
        rules: vec![Rule::new(u32::MAX, rule.window_secs)],
    }
}

impl Limits {
    async fn trips(&self, phone: &PhoneNumber, now: u64) -> Result<u64, StoreError> {
        self.store.count(&key("paused", country(phone)), DAY, now).await
    }

    /// `TextsPaused` for an open text while the breaker of `phone`'s country is tripped.
    pub async fn open_texts_allowed(&self, phone: &PhoneNumber, now: u64) -> Result<(), AuthError> {
        let Some(rule) = &self.policy.conversion else {
            return Ok(());
        };
        let checked = async {
            let trips = self.trips(phone, now).await?;
            if trips == 0 {
                return Ok(Verdict::Allowed);
            }
            self.store.apply(&[breaker(rule, phone, trips)], now, Mode::Peek).await
        };
        match checked.await {
            Ok(Verdict::Allowed) => Ok(()),
            Ok(Verdict::RetryAfter { secs, .. }) => {
                tracing::info!(
                    country = country(phone),
                    retry_after = secs,
                    "open texts paused: conversion"
                );
                Err(AuthError::TextsPaused { retry_after_secs: secs })
            }
            Err(e) => Err(super::store_failed(e)),
        }
    }

    /// Counts an open code texted to `phone`, and trips its country's
    /// breaker if the codes used there have collapsed (those sent in the
    /// window, but before the grace). True when it tripped.
    /// A store failure is logged, not passed on: the text has gone already.
    pub async fn open_text_sent(&self, phone: &PhoneNumber, now: u64) -> bool {
        let Some(rule) = self.policy.conversion else {
            return false;
        };
        let counted = async {
            self.store
                .apply(&[counted("sent", &rule, phone)], now, Mode::Record)
                .await?;
            let sent_key = key("sent", country(phone));
            let sent = self.store.count(&sent_key, rule.window_secs, now).await?;
            let in_grace = self.store.count(&sent_key, rule.grace_secs, now).await?;
            let sent = sent.saturating_sub(in_grace);
            let used = self
                .store
                .count(&key("used", country(phone)), rule.window_secs, now)
                .await?;
            if !rule.collapsed(sent, used) {
                return Ok(false);
            }
            // Taken, not recorded: of the sign-ups that see the collapse at
            // once, one trips the breaker; the others find it tripped, and
            // the pause doubles only for a trip after the last pause ended.
            // (Held against the pause now running, if any: the last trip's.)
            let before = self.trips(phone, now).await?;
            let taken = self
                .store
                .apply(&[breaker(&rule, phone, before.max(1))], now, Mode::Take)
                .await?;
            if taken != Verdict::Allowed {
                return Ok(false);
            }
            let trips = before + 1;
            // The line an operator alerts on.
            tracing::warn!(
                country = country(phone),
                sent,
                used,
                pause_secs = rule.pause_after(trips),
                "conversion collapsed: open texts paused"
            );
            Ok(true)
        };
        counted.await.unwrap_or_else(|e: StoreError| {
            tracing::warn!(error = %e, "could not count an open text");
            false
        })
    }

    /// Counts an open code that came back (a sign-up confirmed, or a native
    /// sign-in code used).
    pub async fn open_code_used(&self, phone: &PhoneNumber, now: u64) {
        let Some(rule) = self.policy.conversion else {
            return;
        };
        if let Err(e) = self
            .store
            .apply(&[counted("used", &rule, phone)], now, Mode::Record)
            .await
        {
            tracing::warn!(error = %e, "could not count a used open code");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DAY, LimitPolicy};
    use super::*;

    #[test]
    fn the_signature_of_pumping() {
        let rule = ConversionRule::standard();
        assert!(!rule.collapsed(49, 0), "too few texts to say");
        assert!(rule.collapsed(50, 0));
        assert!(rule.collapsed(50, 9));
        assert!(!rule.collapsed(50, 10), "a fifth used is people");
        assert!(!rule.collapsed(100, 60));
        assert!(rule.collapsed(1000, 199));
        assert!(!rule.collapsed(u64::MAX, u64::MAX), "no overflow");
    }

    fn phone(s: &str) -> PhoneNumber {
        PhoneNumber::parse(s).unwrap()
    }

    #[tokio::test]
    async fn a_country_whose_codes_are_never_used_trips_and_comes_back() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let mut now = 10 * DAY;
        let us = |i: u32| phone(&format!("+1415555{:04}", 1000 + i));
        // People: three in four type their code in.
        for i in 0..40 {
            now += 10;
            assert!(!limits.open_text_sent(&us(i), now).await);
            if i % 4 != 0 {
                limits.open_code_used(&us(i), now + 30).await;
            }
        }
        limits.open_texts_allowed(&us(99), now).await.unwrap();
        // Pumping into the UK: nobody types a code in. At first its texts
        // are young (people might still type them in)...
        let uk = |i: u32| phone(&format!("+4474001{:05}", i));
        for i in 0..60 {
            assert!(!limits.open_text_sent(&uk(i), now + u64::from(i)).await, "text {i}");
        }
        // ...five minutes on, sixty unused ones trip it; the sign-ups that
        // see it at the same time find it tripped (one trip, not several).
        now += 5 * 60 + 60;
        assert!(limits.open_text_sent(&uk(60), now).await);
        assert!(!limits.open_text_sent(&uk(61), now).await);
        assert!(!limits.open_text_sent(&uk(62), now + 10).await);
        let paused = limits.open_texts_allowed(&uk(99), now).await;
        assert_eq!(paused, Err(AuthError::TextsPaused { retry_after_secs: HOUR }));
        // Only the UK.
        limits.open_texts_allowed(&us(99), now).await.unwrap();
        // Back after the pause...
        now += HOUR;
        limits.open_texts_allowed(&uk(99), now).await.unwrap();
        // ...and pumping that comes back finds the next pause twice as long.
        for i in 0..60 {
            assert!(!limits.open_text_sent(&uk(100 + i), now).await);
        }
        now += 5 * 60 + 30;
        assert!(limits.open_text_sent(&uk(200), now).await);
        assert_eq!(
            limits.open_texts_allowed(&uk(99), now).await,
            Err(AuthError::TextsPaused {
                retry_after_secs: 2 * HOUR
            })
        );
    }

    #[test]
    fn pauses_double_with_each_trip_in_a_day_up_to_eight_times() {
        let rule = ConversionRule::standard();
        let pauses: Vec<u64> = (1..=6).map(|n| rule.pause_after(n) / HOUR).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 8, 8]);
    }

    #[tokio::test]
    async fn a_burst_of_real_sign_ups_does_not_trip_it() {
        let limits = Limits::in_memory(LimitPolicy::standard());
        let now = 10 * DAY;
        let us = |i: u32| phone(&format!("+1415555{:04}", 1000 + i));
        // Five hundred at once, before anyone has typed a code in.
        for i in 0..500 {
            assert!(!limits.open_text_sent(&us(i), now).await);
        }
        // Within the grace they type them in (most of them).
        for i in 0..400 {
            limits.open_code_used(&us(i), now + 120).await;
        }
        assert!(!limits.open_text_sent(&us(600), now + 6 * 60).await);
        limits.open_texts_allowed(&us(601), now + 6 * 60).await.unwrap();
    }

    #[tokio::test]
    async fn no_watch_when_off() {
        let limits = Limits::in_memory(LimitPolicy::off());
        let p = phone("+447400123456");
        for i in 0..100 {
            assert!(!limits.open_text_sent(&p, 5 + i).await);
        }
        limits.open_texts_allowed(&p, 200).await.unwrap();
    }
}
