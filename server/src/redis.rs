//! The shared store for several servers: one Redis (or Valkey) connection
//! pool, used by the session store and by the send/check limits, so that a
//! limit reached through one server holds on every other.

use std::time::Duration;

use app::server::limits::{Bucket, CountFuture, LimitStore, Mode, StoreError, StoreFuture, Verdict};
use fred::prelude::{Builder, ClientLike, Config, Pool, ReconnectPolicy, SortedSetsInterface};
use fred::types::scripts::Script;

/// How long one Redis command may take before the request that needed it
/// fails with "unavailable" (a 503) instead of hanging.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);

/// Connections per server: fred pipelines commands, so a few carry many requests.
const POOL_SIZE: usize = 4;

/// Connects, or says why not (the server does not start without its store).
pub async fn connect(url: &str) -> Result<Pool, fred::error::Error> {
    let config = Config::from_url(url)?;
    let pool = Builder::from_config(config)
        .with_performance_config(|p| p.default_command_timeout = COMMAND_TIMEOUT)
        .with_connection_config(|c| {
            c.connection_timeout = COMMAND_TIMEOUT;
            c.internal_command_timeout = COMMAND_TIMEOUT;
        })
        // Keep reconnecting for as long as the server runs: Redis coming back
        // must bring the sessions back without a restart.
        .set_policy(ReconnectPolicy::new_exponential(0, 100, 2_000, 2))
        .build_pool(POOL_SIZE)?;
    pool.init().await?;
    Ok(pool)
}

/// Sliding windows as sorted sets (score = event time), all buckets checked
/// and counted in one atomic script. The keys of one call must live on one
/// node, so this is for a single Redis/Valkey (with replicas), not a cluster.
const APPLY: &str = r#"
-- KEYS: one per bucket. ARGV: now, mode, nonce, then per bucket:
-- keep, rule count, then max and window for each rule. Returns the wait
-- (0: allowed) and the 0-based index of the bucket that holds it back.
local now = tonumber(ARGV[1])
local mode = ARGV[2]
local member = ARGV[1] .. ':' .. ARGV[3]
if mode == 'refund' then
  for k = 1, #KEYS do
    local at = redis.call('ZRANGEBYSCORE', KEYS[k], now, now, 'LIMIT', 0, 1)
    if #at > 0 then redis.call('ZREM', KEYS[k], at[1]) end
  end
  return {0, 0}
end
local i = 4
local wait = 0
local blocked = 0
local keeps = {}
for k = 1, #KEYS do
  local key = KEYS[k]
  local keep = tonumber(ARGV[i])
  local rules = tonumber(ARGV[i + 1])
  i = i + 2
  keeps[k] = keep
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - keep)
  for _ = 1, rules do
    local max = tonumber(ARGV[i])
    local window = tonumber(ARGV[i + 1])
    i = i + 2
    if mode ~= 'record' then
      local start = '(' .. (now - window)
      local count = redis.call('ZCOUNT', key, start, '+inf')
      if count >= max then
        -- The event that has to leave the window before another fits.
        local blocking = now
        local hit = redis.call('ZRANGEBYSCORE', key, start, '+inf', 'WITHSCORES', 'LIMIT', count - max, 1)
        if #hit > 0 then blocking = tonumber(hit[2]) end
        local w = blocking + window - now
        if w < 1 then w = 1 end
        if w > wait then
          wait = w
          blocked = k - 1
        end
      end
    end
  end
end
if wait > 0 then return {wait, blocked} end
if mode ~= 'peek' then
  for k = 1, #KEYS do
    redis.call('ZADD', KEYS[k], now, member)
    redis.call('EXPIRE', KEYS[k], keeps[k])
  end
end
return {0, 0}
"#;

/// The send/check limit counters in Redis.
pub struct RedisLimitStore {
    pool: Pool,
    script: Script,
}

impl RedisLimitStore {
    pub fn new(pool: Pool) -> Self {
        Self {
            pool,
            script: Script::from_lua(APPLY),
        }
    }
}

/// The script's arguments after `now`, `mode` and the nonce.
fn bucket_args(buckets: &[Bucket]) -> Vec<String> {
    let mut args = Vec::new();
    for bucket in buckets {
        args.push(bucket.keep_secs().to_string());
        args.push(bucket.rules.len().to_string());
        for rule in &bucket.rules {
            args.push(rule.max.to_string());
            args.push(rule.window_secs.to_string());
        }
    }
    args
}

impl LimitStore for RedisLimitStore {
    fn count<'a>(&'a self, key: &'a str, window_secs: u64, now: u64) -> CountFuture<'a> {
        Box::pin(async move {
            // Scores are whole seconds: (now - window, now] is [now - window + 1, now].
            let from = now.saturating_sub(window_secs) + 1;
            self.pool
                .next()
                .zcount::<u64, _>(key, from as f64, now as f64)
                .await
                .map_err(|e| StoreError(e.to_string()))
        })
    }

    fn apply<'a>(&'a self, buckets: &'a [Bucket], now: u64, mode: Mode) -> StoreFuture<'a> {
        Box::pin(async move {
            let keys: Vec<String> = buckets.iter().map(|b| b.key.clone()).collect();
            let mode = match mode {
                Mode::Take => "take",
                Mode::Peek => "peek",
                Mode::Record => "record",
                Mode::Refund => "refund",
            };
            // Two events in the same second are two members of the set.
            let nonce = uuid::Uuid::new_v4().simple().to_string();
            let mut args = vec![now.to_string(), mode.to_owned(), nonce];
            args.extend(bucket_args(buckets));
            let answer: Vec<u64> = self
                .script
                .evalsha_with_reload(self.pool.next(), keys, args)
                .await
                .map_err(|e| StoreError(e.to_string()))?;
            Ok(match answer.as_slice() {
                [0, ..] => Verdict::Allowed,
                [secs, bucket] => Verdict::RetryAfter {
                    secs: *secs,
                    bucket: usize::try_from(*bucket).unwrap_or(0),
                },
                other => return Err(StoreError(format!("unexpected script answer {other:?}"))),
            })
        })
    }
}
