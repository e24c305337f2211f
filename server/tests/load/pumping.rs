//! The SMS pumping simulation, through the real server at its default
//! limits and budgets, over a simulated day and more (the harness's clock):
//! attackers on 1,000 addresses spread over one IPv6 /48 and 100 IPv4
//! addresses walk numbers in a UK premium-rate range (never texted) and in
//! a UK mobile range (texted, until the budgets and the conversion breaker
//! stop it), hopping to the next range whenever one pauses; once without
//! solving the proof step, once solving every puzzle. Meanwhile real people
//! in the US, Ireland and the UK sign up and in, and people with accounts
//! in the UK sign in again. What was texted is read from the outbox, not
//! from the server's own counters.
//!
//! Run with `--nocapture` for the report (its figures are in the README's
//! security section).

use std::collections::BTreeMap;

use futures::future::join_all;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use server::config::TrustedProxies;

use crate::support::{Harness, browser, counter, start_with};

const STEP: u64 = 5 * 60;
const HOURS: u64 = 26;
/// Attack requests per five minutes (about one every two seconds), half of
/// them at the premium range.
const ATTACKS_PER_STEP: usize = 150;
/// How many attack requests are in flight at once.
const IN_FLIGHT: usize = 25;

const HOUR: u64 = 3600;
const DAY: u64 = 86_400;

/// The default budgets (`LimitPolicy::standard`), which this run must keep.
const OVERALL: [(u64, usize); 2] = [(HOUR, 500), (DAY, 2000)];
const COUNTRY: [(u64, usize); 2] = [(HOUR, 200), (DAY, 1000)];

enum Answer {
    Sent,
    Puzzle { seed: String, bits: u8 },
    Refused(String),
}

fn answer(status: StatusCode, body: &str) -> Answer {
    if status == StatusCode::OK {
        return Answer::Sent;
    }
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if let Some(p) = v.get("ProofNeeded") {
        return Answer::Puzzle {
            seed: p["seed"].as_str().unwrap_or_default().to_owned(),
            bits: p["bits"].as_u64().unwrap_or(0) as u8,
        };
    }
    let name = match &v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
        _ => format!("{status}"),
    };
    Answer::Refused(name)
}

/// One POST from `address`, as a hydrated page sends it; a puzzle is
/// solved and the form sent again when `solve` (as every browser does).
async fn post(h: &Harness, http: &Client, address: &str, api: &str, body: &[(&str, &str)], solve: bool) -> Answer {
    let send = |extra: Vec<(&'static str, String)>| {
        let mut form: Vec<(String, String)> = body.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        form.extend(extra.into_iter().map(|(k, v)| (k.to_owned(), v)));
        let request = http.post(h.url(api)).header("x-forwarded-for", address).form(&form);
        async move {
            let r = request.send().await.expect("the server answers");
            let status = r.status();
            answer(status, &r.text().await.unwrap_or_default())
        }
    };
    match send(vec![]).await {
        Answer::Puzzle { seed, bits } if solve => {
            let solution = app::proof::search(&seed, bits, 0, u64::MAX).expect("solvable");
            send(vec![("proof_seed", seed), ("proof", solution.to_string())]).await
        }
        other => other,
    }
}

#[derive(Default, Debug)]
struct Tally {
    attempts: usize,
    served: usize,
    refusals: BTreeMap<String, usize>,
}

impl Tally {
    fn record(&mut self, result: Result<(), String>) {
        self.attempts += 1;
        match result {
            Ok(()) => self.served += 1,
            Err(why) => *self.refusals.entry(why).or_default() += 1,
        }
    }

    fn share(&self) -> String {
        format!("{}/{}", self.served, self.attempts)
    }
}

struct Person {
    http: Client,
    address: String,
    country: &'static str,
    national: String,
    e164: String,
}

impl Person {
    async fn code(&self, h: &Harness, count: usize) -> Result<String, String> {
        let texts = h.texts(&self.e164).await;
        if texts.len() < count {
            return Err("no text came".into());
        }
        Ok(texts[count - 1]["code"].as_str().unwrap_or_default().to_owned())
    }

    /// What went wrong, as `step: error`.
    async fn call(&self, h: &Harness, api: &str, body: &[(&str, &str)]) -> Result<(), String> {
        let step = api.trim_start_matches("/api/");
        match post(h, &self.http, &self.address, api, body, true).await {
            Answer::Sent => Ok(()),
            Answer::Puzzle { .. } => Err(format!("{step}: ProofNeeded")),
            Answer::Refused(why) => Err(format!("{step}: {why}")),
        }
    }

    async fn sign_up(&self, h: &Harness) -> Result<(), String> {
        let number = [
            ("country", self.country),
            ("phone", self.national.as_str()),
            ("name", ""),
        ];
        self.call(h, "/api/sign_up", &number).await?;
        let code = self.code(h, 1).await?;
        self.call(h, "/api/confirm_sign_up", &[("code", &code)]).await
    }

    async fn sign_in(&self, h: &Harness, texts_before: usize) -> Result<(), String> {
        let number = [("country", self.country), ("phone", self.national.as_str())];
        self.call(h, "/api/start_sign_in", &number).await?;
        let code = self.code(h, texts_before + 1).await?;
        self.call(h, "/api/verify_sign_in", &[("code", &code)]).await
    }
}

/// The `i`th person: in the US, Ireland or the UK, each in a number range
/// of their own (as people are: a range is 10,000 numbers).
fn person(i: usize) -> Person {
    let range = 200 + i % 250;
    let (country, national, e164) = match i % 3 {
        0 => ("US", format!("415{range}{i:04}"), format!("+1415{range}{i:04}")),
        1 => ("IE", format!("085{range}{i:04}"), format!("+35385{range}{i:04}")),
        _ => {
            let number = (i % 50) * 10_000 + i;
            ("GB", format!("07500{number:06}"), format!("+447500{number:06}"))
        }
    };
    Person {
        http: browser(),
        // Each their own address in a /24 of its own, as people at home are.
        address: format!("100.{}.{}.1", 64 + i / 250, i % 250),
        country,
        national,
        e164,
    }
}

/// The attackers' addresses: 1,000 /64s spread over one IPv6 /48, and 100
/// IPv4 addresses, each in a /24 of its own.
fn attacker_addresses() -> Vec<String> {
    let mut all: Vec<String> = (0..1000u32)
        .map(|i| format!("2001:db8:a77a:{:x}::1", (i * 65) % 65_536))
        .collect();
    // Each in a /24 of its own (a /24 counts as one site).
    all.extend((1..=100).map(|i| format!("198.18.{i}.7")));
    all
}

struct Report {
    solve: bool,
    premium_texts: usize,
    attack_texts: usize,
    busiest_hour: usize,
    busiest_day: usize,
    all_busiest_hour: usize,
    all_busiest_day: usize,
    /// When the attack on the mobile range was first held back.
    first_stop: Option<u64>,
    first_trip: Option<u64>,
    new_users: BTreeMap<&'static str, Tally>,
    returning_gb: Tally,
    attack_refusals: BTreeMap<String, usize>,
}

/// The most of `times` in any window of `window` seconds.
fn busiest(times: &[u64], window: u64) -> usize {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    let mut most = 0;
    let mut start = 0;
    for end in 0..sorted.len() {
        while sorted[end] - sorted[start] >= window {
            start += 1;
        }
        most = most.max(end - start + 1);
    }
    most
}

async fn simulate(solve: bool) -> Report {
    let h = start_with(|c| {
        c.proxies = Some(TrustedProxies {
            header: "x-forwarded-for".parse().unwrap(),
            from: vec!["127.0.0.1/32".parse().unwrap()],
        });
        c.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
        // Light puzzles: the attackers' (and people's) solving is not what
        // is measured here, and this is a debug build.
        c.proof_policy.bits = 6;
    })
    .await;
    let addresses = attacker_addresses();
    let attacker = browser();
    let mut next_address = 0usize;
    let (mut range, mut within, mut premium) = (0u32, 0u32, 0u32);
    let mut attack_refusals: BTreeMap<String, usize> = BTreeMap::new();
    let mut new_users: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut returning_gb = Tally::default();
    // People in the UK who had accounts before the attack began.
    let mut gb_accounts: Vec<Person> = Vec::new();
    for i in 0..20 {
        let p = person(3 * (1000 + i) + 2);
        p.sign_up(&h).await.expect("an account before the attack");
        gb_accounts.push(p);
    }
    h.advance(HOUR);
    let start = h.now();
    let (mut first_stop, mut first_trip) = (None, None);

    for step in 0..(HOURS * HOUR / STEP) as usize {
        // The attack: a batch at a time, each request from the next address.
        for _ in 0..ATTACKS_PER_STEP / IN_FLIGHT {
            let mut targets = Vec::new();
            for k in 0..IN_FLIGHT {
                let national = if k % 2 == 0 {
                    premium += 1;
                    format!("0909{:07}", premium)
                } else {
                    within += 1;
                    if within == 10_000 {
                        (range, within) = (range + 1, 0);
                    }
                    format!("07400{:02}{:04}", range % 100, within)
                };
                let address = addresses[next_address % addresses.len()].clone();
                next_address += 1;
                targets.push((address, national, k % 2 == 1));
            }
            let answers = join_all(targets.iter().map(|(address, national, _)| {
                let body = [("country", "GB"), ("phone", national.as_str()), ("name", "")];
                let (h, attacker) = (&h, &attacker);
                async move { post(h, attacker, address, "/api/sign_up", &body, solve).await }
            }))
            .await;
            let mut hop = false;
            for ((_, _, mobile), a) in targets.iter().zip(answers) {
                let why = match a {
                    Answer::Sent => continue,
                    Answer::Puzzle { .. } => "ProofNeeded".to_owned(),
                    Answer::Refused(why) => why,
                };
                // Held back (a spent budget, or a puzzle this attacker will
                // not solve): it moves on to the next range.
                if *mobile && (why == "TextsPaused" || why == "ProofNeeded") {
                    hop = true;
                    first_stop.get_or_insert(h.now() - start);
                }
                *attack_refusals.entry(why).or_default() += 1;
            }
            // A paused range: the attacker moves on to the next one.
            if hop {
                (range, within) = (range + 1, 0);
            }
        }

        // People with accounts in the UK sign in again (every half hour, the
        // next of them: each a few times a day)...
        if step % 6 == 0 {
            let back = &gb_accounts[(step / 6) % gb_accounts.len()];
            let before = h.texts(&back.e164).await.len();
            returning_gb.record(back.sign_in(&h, before).await);
        }

        // ...and one new person signs up and in.
        let p = person(step);
        let result = match p.sign_up(&h).await {
            Ok(()) => p.sign_in(&h, 1).await,
            Err(e) => Err(e),
        };
        new_users.entry(p.country).or_default().record(result);

        if first_trip.is_none() {
            let metrics = h.metrics().await;
            if counter(
                &metrics,
                r#"phone_sign_in_conversion_breaker_trips_total{country="GB"}"#,
            ) > 0
            {
                first_trip = Some(h.now() - start);
            }
        }
        h.advance(STEP);
    }

    let texts = h.server.local_cognito.as_ref().unwrap().pool.outbox.list(None);
    let at = |prefix: &str| -> Vec<u64> {
        texts
            .iter()
            .filter(|t| t.to.starts_with(prefix))
            .map(|t| t.created_at)
            .collect()
    };
    let attack = at("+447400");
    let all = at("+");
    Report {
        solve,
        premium_texts: at("+44909").len(),
        attack_texts: attack.len(),
        busiest_hour: busiest(&attack, HOUR),
        busiest_day: busiest(&attack, DAY),
        all_busiest_hour: busiest(&all, HOUR),
        all_busiest_day: busiest(&all, DAY),
        first_stop,
        first_trip,
        new_users,
        returning_gb,
        attack_refusals,
    }
}

fn print(r: &Report) {
    let minutes = |t: Option<u64>| t.map_or("never".into(), |s| format!("{} min", s / 60));
    println!(
        "\n== SMS pumping, {HOURS} h, attackers {} the proof step ==",
        if r.solve { "solving" } else { "not solving" }
    );
    println!("texts to the premium range: {}", r.premium_texts);
    println!(
        "texts to the attacked mobile range(s): {} in all; busiest hour {} (country budget {}), busiest day {} (budget {})",
        r.attack_texts, r.busiest_hour, COUNTRY[0].1, r.busiest_day, COUNTRY[1].1
    );
    println!(
        "all texts: busiest hour {} (overall budget {}), busiest day {} (budget {})",
        r.all_busiest_hour, OVERALL[0].1, r.all_busiest_day, OVERALL[1].1
    );
    println!(
        "attack first held back after {}; conversion breaker first tripped after {}",
        minutes(r.first_stop),
        minutes(r.first_trip)
    );
    for (country, t) in &r.new_users {
        println!(
            "new people in {country}: {} signed up and in {:?}",
            t.share(),
            t.refusals
        );
    }
    println!(
        "people with accounts in GB signing in: {} {:?}",
        r.returning_gb.share(),
        r.returning_gb.refusals
    );
    println!("attack answers refused: {:?}", r.attack_refusals);
}

fn check(r: &Report) {
    assert_eq!(r.premium_texts, 0, "a premium-rate number is never texted");
    assert!(
        r.attack_texts > 0,
        "the mobile range is allowed: some texts go before anything trips"
    );
    assert!(r.busiest_hour <= COUNTRY[0].1, "over the country's hourly budget");
    assert!(r.busiest_day <= COUNTRY[1].1, "over the country's daily budget");
    assert!(r.all_busiest_hour <= OVERALL[0].1, "over the overall hourly budget");
    assert!(r.all_busiest_day <= OVERALL[1].1, "over the overall daily budget");
    assert!(r.first_stop.is_some(), "nothing ever held the attack back");
    for country in ["US", "IE"] {
        let t = &r.new_users[country];
        assert_eq!(
            t.served, t.attempts,
            "people in {country}, outside the attack: {:?}",
            t.refusals
        );
    }
    assert_eq!(
        r.returning_gb.served, r.returning_gb.attempts,
        "people with accounts in the attacked country still sign in: {:?}",
        r.returning_gb.refusals
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pumping_never_costs_more_than_the_budgets_and_people_are_served() {
    let _machine = crate::support::MACHINE.lock().await;
    for solve in [false, true] {
        let report = simulate(solve).await;
        print(&report);
        check(&report);
    }
}
