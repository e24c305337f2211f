//! The limit counters' stores, in memory (one server) and in Redis (several),
//! held to one behaviour: sliding windows over several keys at once, peeks
//! that never count, records that always do, refunds of exactly one event.

use app::server::limits::{Bucket, LimitStore, MemoryStore, Mode, Rule, Verdict};

use crate::support::redis::RedisServer;

#[tokio::test]
async fn the_in_memory_store_conforms() {
    conformance(&MemoryStore::default(), "").await;
}

#[tokio::test]
async fn the_redis_store_conforms() {
    let redis = RedisServer::start();
    let pool = server::redis::connect(&redis.url()).await.unwrap();
    conformance(&server::redis::RedisLimitStore::new(pool), "conformance:").await;
}

/// Behaviour every [`LimitStore`] must have.
async fn conformance(store: &dyn LimitStore, prefix: &str) {
    let b = |key: &str, rules: Vec<Rule>| Bucket {
        key: format!("{prefix}{key}"),
        rules,
    };
    let t0 = 1_000_000;
    let one_a_minute = [b("a", vec![Rule::new(1, 60)])];
    assert_eq!(
        store.apply(&one_a_minute, t0, Mode::Take).await.unwrap(),
        Verdict::Allowed
    );
    assert_eq!(
        store.apply(&one_a_minute, t0 + 15, Mode::Take).await.unwrap(),
        Verdict::RetryAfter { secs: 45, bucket: 0 }
    );
    assert_eq!(
        store.apply(&one_a_minute, t0 + 60, Mode::Take).await.unwrap(),
        Verdict::Allowed
    );

    // Two keys at once: a refusal by one counts in neither.
    let both = [b("b", vec![Rule::new(2, 100)]), b("c", vec![Rule::new(1, 100)])];
    assert_eq!(store.apply(&both, t0, Mode::Take).await.unwrap(), Verdict::Allowed);
    assert_eq!(
        store.apply(&both, t0 + 1, Mode::Take).await.unwrap(),
        Verdict::RetryAfter { secs: 99, bucket: 1 }
    );
    let b_alone = [b("b", vec![Rule::new(2, 100)])];
    assert_eq!(
        store.apply(&b_alone, t0 + 2, Mode::Take).await.unwrap(),
        Verdict::Allowed
    );
    assert_eq!(
        store.apply(&b_alone, t0 + 3, Mode::Peek).await.unwrap(),
        Verdict::RetryAfter { secs: 97, bucket: 0 }
    );

    // Peek never counts; Record always does.
    let failures = [b("d", vec![Rule::new(2, 50)])];
    for _ in 0..3 {
        assert_eq!(store.apply(&failures, t0, Mode::Peek).await.unwrap(), Verdict::Allowed);
    }
    store.apply(&failures, t0 + 1, Mode::Record).await.unwrap();
    store.apply(&failures, t0 + 2, Mode::Record).await.unwrap();
    store.apply(&failures, t0 + 3, Mode::Record).await.unwrap();
    assert_eq!(
        store.apply(&failures, t0 + 4, Mode::Peek).await.unwrap(),
        Verdict::RetryAfter { secs: 48, bucket: 0 }
    );
    assert_eq!(
        store.apply(&failures, t0 + 52, Mode::Peek).await.unwrap(),
        Verdict::Allowed
    );

    // A refund takes back one event at that time, in every bucket, and only one.
    let pair = [b("e", vec![Rule::new(2, 60)]), b("f", vec![Rule::new(1, 60)])];
    assert_eq!(store.apply(&pair, t0, Mode::Take).await.unwrap(), Verdict::Allowed);
    store.apply(&pair, t0, Mode::Refund).await.unwrap();
    assert_eq!(store.apply(&pair, t0 + 1, Mode::Take).await.unwrap(), Verdict::Allowed);
    assert_eq!(
        store.apply(&pair, t0 + 2, Mode::Take).await.unwrap(),
        Verdict::RetryAfter { secs: 59, bucket: 1 }
    );
    // Nothing at that time: nothing to give back.
    store.apply(&pair, t0 + 30, Mode::Refund).await.unwrap();
    assert_eq!(
        store.apply(&pair, t0 + 31, Mode::Peek).await.unwrap(),
        Verdict::RetryAfter { secs: 30, bucket: 1 }
    );

    // The longest wait names its bucket (the first, on a tie).
    let tie = [b("g", vec![Rule::new(1, 60)]), b("h", vec![Rule::new(1, 60)])];
    assert_eq!(store.apply(&tie, t0, Mode::Take).await.unwrap(), Verdict::Allowed);
    assert_eq!(
        store.apply(&tie, t0 + 1, Mode::Peek).await.unwrap(),
        Verdict::RetryAfter { secs: 59, bucket: 0 }
    );

    // Counting what a key holds in a window.
    let key = format!("{prefix}i");
    let counted = [b("i", vec![Rule::new(100, 3600)])];
    for t in [t0, t0 + 10, t0 + 20] {
        store.apply(&counted, t, Mode::Record).await.unwrap();
    }
    assert_eq!(store.count(&key, 3600, t0 + 20).await.unwrap(), 3);
    assert_eq!(store.count(&key, 15, t0 + 20).await.unwrap(), 2, "t0 + 10 and t0 + 20");
    assert_eq!(store.count(&format!("{prefix}nothing"), 3600, t0).await.unwrap(), 0);
}
