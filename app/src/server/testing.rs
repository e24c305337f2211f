//! For the flow modules' unit tests: an [`AppState`] wired to a local-cognito
//! of its own, and a fresh browser [`Visit`], with no Leptos and no HTTP
//! server of ours in between.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use domain::{CodePolicy, ManualClock, SignInFlow};
use local_cognito::{LocalCognito, Outbox, Pool, PoolConfig};
use tower_sessions::{MemoryStore, Session};

use super::cognito::AuthFlow;
use super::forms::DraftCookie;
use super::jwt::TokenVerifier;
use super::limits::{LimitPolicy, Limits};
use super::session::Visit;
use super::state::{AppState, Settings};

pub struct Setup {
    pub app: AppState,
    pub pool: LocalCognito,
    pub clock: ManualClock,
}

impl Setup {
    /// The newest code texted to `to`.
    pub fn code_for(&self, to: &str) -> String {
        self.pool
            .pool
            .outbox
            .list(Some(to))
            .last()
            .and_then(|t| t.code.clone())
            .expect("a text with a code")
    }
}

/// The app and a pool that both use `policy` and one clock.
pub async fn setup(policy: CodePolicy) -> Setup {
    setup_flow(policy, SignInFlow::Custom).await
}

/// As [`setup`], with the pool set up for `flow` as the template would.
pub async fn setup_flow(policy: CodePolicy, flow: SignInFlow) -> Setup {
    setup_pool(policy, flow, |_| {}).await
}

/// As [`setup_flow`], with the pool's settings then changed by `adjust`
/// (the app keeps the test numbers the pool had before).
pub async fn setup_pool(policy: CodePolicy, flow: SignInFlow, adjust: impl FnOnce(&mut PoolConfig)) -> Setup {
    let clock = ManualClock::starting_now();
    let mut config = PoolConfig::generated("Test", "test.example");
    config.triggers.policy = policy;
    // As the server sets up its embedded pool: test numbers with the
    // custom flow only.
    if flow == SignInFlow::Native {
        config = config.native();
    } else {
        config.triggers.test_numbers = Some(domain::TestNumbers::outside_production());
        config.triggers.confirm_at_sign_in = true;
    }
    let test_numbers = config.triggers.test_numbers.clone().map(Arc::new);
    adjust(&mut config);
    let pool = Pool::new(config, Arc::new(clock.clone()), Arc::new(Outbox::new(false))).unwrap();
    let pool = LocalCognito::start(Arc::new(pool), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = pool.pool.config.clients[0].clone();
    let sdk = aws_sdk_cognitoidentityprovider::Client::from_conf(
        aws_sdk_cognitoidentityprovider::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(pool.pool.config.region.clone()))
            .endpoint_url(pool.endpoint())
            .build(),
    );
    let jwks = format!("{}/{}/.well-known/jwks.json", pool.endpoint(), pool.pool.config.pool_id);
    let tokens = TokenVerifier::new(
        pool.pool.config.issuer(),
        jwks,
        client.id.clone(),
        Duration::from_secs(5),
    )
    .unwrap();
    let app = AppState {
        cognito: Arc::new(AuthFlow::new(sdk, client.id, client.secret, flow)),
        tokens: Arc::new(tokens),
        limits: Arc::new(
            Limits::in_memory(LimitPolicy::standard()).sign_ins_reach_unconfirmed(flow == SignInFlow::Native),
        ),
        clock: Arc::new(clock.clone()),
        drafts: DraftCookie::new(vec![1; 32].into(), false),
        proofs: super::proof::ProofGate::new(vec![1; 32].into(), Default::default()),
        sms: Arc::new(domain::SmsPolicy::default()),
        test_numbers,
        metrics: Arc::new(super::metrics::Metrics::new()),
        settings: Settings {
            code_policy: policy,
            session_max_age: Duration::from_secs(7 * 24 * 3600),
            send_floor: Duration::ZERO,
            check_floor: Duration::ZERO,
            hydrate: false,
        },
        hooks: Arc::new(super::hooks::NoHooks),
        revocation_checks: Arc::default(),
        csp_extra: Arc::from(""),
        brand: Arc::default(),
    };
    Setup { app, pool, clock }
}

/// A browser with an empty session.
pub fn visit() -> Visit {
    Visit::new(Session::new(None, Arc::new(MemoryStore::default()), None), None)
}

/// Hooks that note each call (`event sub`), and fail the first
/// `fail_sign_ups` calls of `signed_up`.
#[derive(Default)]
pub struct Recorder {
    pub calls: std::sync::Mutex<Vec<String>>,
    pub fail_sign_ups: std::sync::atomic::AtomicU32,
    /// Every `account_deleted` fails while set.
    pub fail_deletes: std::sync::atomic::AtomicBool,
}

impl Recorder {
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn note(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }
}

#[async_trait::async_trait]
impl super::hooks::Hooks for Recorder {
    async fn signed_up(&self, sub: &str, _: &str) -> super::hooks::HookResult {
        use std::sync::atomic::Ordering;
        self.note(format!("signed_up {sub}"));
        let fail = self
            .fail_sign_ups
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if fail {
            Err("the app's database is down".into())
        } else {
            Ok(())
        }
    }

    async fn signed_in(&self, sub: &str, _: &str) -> super::hooks::HookResult {
        self.note(format!("signed_in {sub}"));
        Ok(())
    }

    async fn signed_out(&self, sub: &str, everywhere: bool) -> super::hooks::HookResult {
        self.note(format!("signed_out {sub} {everywhere}"));
        Ok(())
    }

    async fn number_changed(&self, sub: &str, phone_number: &str) -> super::hooks::HookResult {
        self.note(format!("number_changed {sub} {phone_number}"));
        Ok(())
    }

    async fn account_deleted(&self, sub: &str) -> super::hooks::HookResult {
        self.note(format!("account_deleted {sub}"));
        if self.fail_deletes.load(std::sync::atomic::Ordering::SeqCst) {
            Err("the app's database is down".into())
        } else {
            Ok(())
        }
    }
}
