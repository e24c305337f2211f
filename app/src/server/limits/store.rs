//! Sliding windows: each key keeps the times of its recent events, and an
//! event is allowed while every rule on every key has room. In memory for
//! one server; the shared one (Redis) is the server's, and both pass the
//! same conformance suite (`server/tests/it/limit_stores.rs`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

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
    /// Seconds until the next event would be allowed, and which bucket (its
    /// index in the call; the first of those that wait longest) holds it back.
    RetryAfter {
        secs: u64,
        bucket: usize,
    },
}

#[derive(Debug, thiserror::Error)]
#[error("rate-limit store: {0}")]
pub struct StoreError(pub String);

pub type StoreFuture<'a> = Pin<Box<dyn Future<Output = Result<Verdict, StoreError>> + Send + 'a>>;
pub type CountFuture<'a> = Pin<Box<dyn Future<Output = Result<u64, StoreError>> + Send + 'a>>;

/// Applies `mode` to all `buckets` at once (atomically where it is shared).
pub trait LimitStore: Send + Sync {
    fn apply<'a>(&'a self, buckets: &'a [Bucket], now: u64, mode: Mode) -> StoreFuture<'a>;

    /// How many events `key` holds in the `window_secs` up to `now` (those
    /// its buckets still keep).
    fn count<'a>(&'a self, key: &'a str, window_secs: u64, now: u64) -> CountFuture<'a>;
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
        let mut wait: Option<(u64, usize)> = None;
        for (index, bucket) in buckets.iter().enumerate() {
            let (keep, times) = self.events.entry(bucket.key.clone()).or_default();
            *keep = (*keep).max(bucket.keep_secs());
            let start = now.saturating_sub(*keep);
            times.retain(|&t| t > start);
            if mode != Mode::Record
                && let Some(secs) = wait_for(times, &bucket.rules, now)
                && wait.is_none_or(|(longest, _)| secs > longest)
            {
                wait = Some((secs, index));
            }
        }
        if let Some((secs, bucket)) = wait {
            return Verdict::RetryAfter { secs, bucket };
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

    fn count<'a>(&'a self, key: &'a str, window_secs: u64, now: u64) -> CountFuture<'a> {
        let logs = self.logs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let start = now.saturating_sub(window_secs);
        let n = logs
            .events
            .get(key)
            .map_or(0, |(_, times)| times.iter().filter(|&&t| t > start && t <= now).count());
        Box::pin(std::future::ready(Ok(n as u64)))
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
}
