//! The pages under load, the way people use them: people at once, each
//! running whole journeys through every page and form as a browser without
//! JavaScript does (`support::journeys`), against servers with one and with
//! two worker threads, keeping sessions in SQLite and in Redis. Each server
//! starts while the one before is under load, and routers are built beside
//! them all the while, as happens in a process where servers keep starting
//! (the tests side by side): what once stalled pages for 15-30 s (see
//! `tests/it/routes.rs`). Any request slower than 2 s, any failed step,
//! fails it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::support::journeys;
use crate::support::redis::RedisServer;
use crate::support::workers::{RouterChurn, WorkerServer};

/// People at once, per server.
const PEOPLE: usize = 4;
/// How long each server is loaded.
const LOAD: Duration = Duration::from_secs(6);
/// The next server starts once the one before has run this many journeys
/// (it goes on until its time is up, so the two overlap).
const JOURNEYS_BEFORE_NEXT: usize = 8;
const SLOWEST_ALLOWED: Duration = Duration::from_secs(2);
/// Between two routers built beside the load.
const CHURN_PAUSE: Duration = Duration::from_millis(50);

/// Budgets of texts large enough for the load (one range, on purpose).
fn budgets() -> Vec<(&'static str, String)> {
    [
        "SMS_BUDGET_HOURLY",
        "SMS_BUDGET_DAILY",
        "SMS_COUNTRY_BUDGET_HOURLY",
        "SMS_COUNTRY_BUDGET_DAILY",
        "SMS_RANGE_BUDGET_HOURLY",
        "SMS_RANGE_BUDGET_DAILY",
    ]
    .into_iter()
    .map(|name| (name, "1000000".to_owned()))
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_journeys_through_the_pages_answer_every_request_within_two_seconds() {
    let _machine = crate::support::MACHINE.lock().await;
    let redis = [RedisServer::start(), RedisServer::start()];
    let secret = ("SERVER_SECRET", "ab".repeat(32));
    // Name, worker threads, settings.
    type Setup = (&'static str, usize, Vec<(&'static str, String)>);
    let setups: [Setup; 4] = [
        ("1 worker, SQLite", 1, vec![]),
        ("2 workers, SQLite", 2, vec![]),
        (
            "1 worker, Redis",
            1,
            vec![("SESSION_STORE", redis[0].url()), secret.clone()],
        ),
        ("2 workers, Redis", 2, vec![("SESSION_STORE", redis[1].url()), secret]),
    ];
    let churn = RouterChurn::start(CHURN_PAUSE);
    let mut loads = Vec::new();
    for (i, (name, workers, settings)) in setups.into_iter().enumerate() {
        let mut settings = settings;
        settings.extend(budgets());
        // Started while the server before is under load.
        let server = WorkerServer::start(workers, &settings);
        let done = Arc::new(AtomicUsize::new(0));
        let site = server.site.clone();
        let load = tokio::spawn({
            let done = done.clone();
            async move { journeys::run(&site, PEOPLE, LOAD, i * 100_000, done).await }
        });
        // The next server starts once this one's journeys are under way.
        while done.load(Ordering::Relaxed) < JOURNEYS_BEFORE_NEXT && !load.is_finished() {
            tokio::task::yield_now().await;
        }
        loads.push((name, server, load));
    }
    let mut slow = Vec::new();
    let mut tallies = Vec::new();
    for (name, server, load) in loads {
        tallies.push((name, load.await.unwrap()));
        drop(server);
    }
    println!("routers built beside the load: {}", churn.finish());
    for (name, tally) in tallies {
        println!("{name}: {}", tally.summary());
        assert!(tally.failures.is_empty(), "{name}: {:?}", tally.failures);
        assert!(tally.journeys > 0, "{name}: no journey finished");
        let (max, step) = tally.slowest();
        if max > SLOWEST_ALLOWED {
            slow.push(format!("{name}: {step} took {max:?}"));
        }
    }
    assert!(slow.is_empty(), "requests slower than {SLOWEST_ALLOWED:?}: {slow:?}");
}
