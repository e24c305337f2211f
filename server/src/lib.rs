//! The axum server: configuration, the Cognito client, sessions, and the
//! Leptos app. [`start`] is three steps, each usable alone: [`build_state`]
//! (connect to Cognito and the stores), [`router`] (the routes and layers
//! around the app), and [`serve`] (bind, and return the address), so tests
//! run it on port 0.

pub mod assets;
pub mod client_ip;
pub mod cognito;
pub mod config;
pub mod logs;
pub mod middleware;
pub mod page_cache;
pub mod readiness;
pub mod redis;
pub mod request_log;
pub mod security;
pub mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;

use app::server::forms::DraftCookie;
use app::server::limits::MemoryStore;
use app::server::proof::ProofGate;
use app::server::{AppState, LimitStore, Limits, Settings};
use app::yours::data::Yours;
use app::{App, shell};
use axum::Router;
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use local_cognito::LocalCognito;
use tokio::sync::oneshot;

pub use config::{CognitoTarget, Config};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("could not bind {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("session store: {0}")]
    Sessions(#[from] sessions::SessionStoreError),
    #[error("local Cognito: {0}")]
    LocalCognito(String),
    #[error("HTTP client for the pool's keys: {0}")]
    Http(String),
    #[error("your app's database (APP_DATABASE): {0}")]
    Yours(String),
}

/// What the app runs with, and what backs it: the session store and, in
/// embedded mode, the in-process Cognito stand-in.
pub struct Built {
    pub app: AppState,
    /// Your app's handles (`app::yours`), its hooks among them.
    pub yours: Yours,
    pub sessions: sessions::Store,
    pub local_cognito: Option<LocalCognito>,
}

/// Makes the folder a file of ours goes in (a SQLite store, the embedded
/// pool's state), if it is missing; why not, with the folder's name.
pub(crate) fn folder_for(file: &std::path::Path) -> Result<(), String> {
    match file.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display())),
        None => Ok(()),
    }
}

/// Connects to Cognito (or starts the embedded stand-in) and opens the stores.
pub async fn build_state(config: &Config) -> Result<Built, StartError> {
    let cognito::Connected { flow, verifier, local } = cognito::connect(config).await?;
    let opened = sessions::open(config).await?;
    let store: Arc<dyn LimitStore> = match opened.redis {
        Some(pool) => Arc::new(redis::RedisLimitStore::new(pool)),
        None => Arc::new(MemoryStore::default()),
    };
    let limits = Limits::new(store, config.limits.clone(), config.secret.clone())
        .sign_ins_reach_unconfirmed(config.sign_in_flow == domain::SignInFlow::Native);
    if let Some(file) = config.app_database.strip_prefix("sqlite://") {
        let file = std::path::Path::new(file);
        folder_for(file).map_err(StartError::Yours)?;
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        tracing::info!(path = %absolute.display(), "your app's data is kept in SQLite");
    }
    let yours = Yours::open(&config.app_database)
        .await
        .map_err(|e| StartError::Yours(e.to_string()))?;
    let app = AppState {
        cognito: Arc::new(flow),
        tokens: Arc::new(verifier),
        limits: Arc::new(limits),
        clock: config.clock.clone(),
        drafts: DraftCookie::new(config.secret.clone(), config.secure_cookies),
        proofs: ProofGate::new(config.secret.clone(), config.proof_policy),
        sms: Arc::new(config.sms_policy.clone()),
        test_numbers: config.test_numbers.clone().map(Arc::new),
        metrics: Arc::new(app::server::metrics::Metrics::new()),
        settings: Settings {
            code_policy: config.code_policy,
            session_max_age: config.session_max_age,
            send_floor: config.send_floor,
            check_floor: config.check_floor,
            hydrate: config.hydrate,
        },
        brand: Arc::new(app::views::Brand {
            name: config.app_name.clone(),
            help: config.links.help.as_ref().map(|l| l.as_str().to_owned()),
            terms: config.links.terms.as_ref().map(|l| l.as_str().to_owned()),
            privacy: config.links.privacy.as_ref().map(|l| l.as_str().to_owned()),
        }),
        hooks: Arc::new(yours.clone()),
        revocation_checks: Arc::default(),
        csp_extra: Arc::from(config.csp_extra.as_str()),
    };
    Ok(Built {
        app,
        yours,
        sessions: opened.store,
        local_cognito: local,
    })
}

/// The app's routes, listed once per process. Leptos lists them by running
/// the whole app under a process-wide flag, and any Resource first polled
/// meanwhile, by any server in the process, waits forever
/// (leptos-rs/leptos#4773): a router built while another server renders a
/// page (tests side by side, an app's own tests) stalled that page until a
/// timeout. Listed by the first router, nothing renders meanwhile.
pub fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The routes: the Leptos pages and server functions with the app state,
/// your routes (`app::yours::api`), sessions, and every layer around them.
pub fn router(config: &Config, built: &Built, leptos_options: LeptosOptions) -> Router {
    router_with(config, built, leptos_options, app::yours::api::routes())
}

/// [`router`] with `yours` as your plain axum routes: inside the sessions
/// (so [`app::server::User`] works in them) and the security headers, and
/// outside the sign-in's own policies, which cover only its routes
/// ([`app::api::is_sign_in_route`]).
pub fn router_with(config: &Config, built: &Built, leptos_options: LeptosOptions, yours: Router) -> Router {
    let app = built.app.clone();
    let your_state = built.yours.clone();
    let assets = Arc::new(app::server::assets::Assets::load(
        std::path::Path::new(leptos_options.site_root.as_ref()),
        &leptos_options.site_pkg_dir,
        &leptos_options.output_name,
    ));
    let provide = {
        let assets = assets.clone();
        move || {
            provide_context(app.clone());
            provide_context(assets.clone());
            provide_context(your_state.clone());
        }
    };
    let router = Router::new()
        .leptos_routes_with_context(&leptos_options, routes(), provide.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", assets::package(&leptos_options, &assets))
        .fallback(leptos_axum::file_and_error_handler_with_context(provide, shell))
        .with_state(leptos_options)
        .merge(yours)
        .layer(axum::Extension(built.app.clone()))
        .layer(axum::Extension(built.yours.clone()))
        .layer(axum::middleware::from_fn(middleware::server_fn_decode_errors_are_400))
        .layer(axum::middleware::from_fn(middleware::only_our_errors_in_urls))
        .layer(axum::middleware::from_fn(middleware::one_error_per_address))
        .layer(sessions::layer(config, built.sessions.clone()))
        .layer(axum::middleware::from_fn(middleware::store_failures_are_503))
        .layer(tower_http::compression::CompressionLayer::new())
        // Counted after the cross-site check, so that another site's page
        // cannot spend its visitors' budget of posts.
        .layer(axum::middleware::from_fn({
            let app = built.app.clone();
            move |req, next| middleware::cap_posts(app.clone(), req, next)
        }))
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        .layer(axum::middleware::from_fn({
            let proxies = config.proxies.clone();
            move |req, next| client_ip::remember(proxies.clone(), req, next)
        }))
        // Outside everything but the security headers: a kept page costs
        // no session, no render, no compression (a GET needs none of the
        // checks in between).
        .layer(axum::middleware::from_fn({
            let cache = Arc::new(page_cache::PageCache::new(
                page_cache::enabled(),
                config.sms_policy.countries().to_vec(),
            ));
            move |req, next| page_cache::serve(cache.clone(), req, next)
        }))
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/readyz",
            get({
                let (app, sessions) = (built.app.clone(), built.sessions.clone());
                move || readiness::readyz(app.clone(), sessions.clone())
            }),
        );
    let production = config.secure_cookies;
    router
        // A request that takes longer than this is answered 408.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(axum::middleware::from_fn(move |req, next| {
            security::headers(production, req, next)
        }))
        // Outermost: every line a request causes carries its id.
        .layer(axum::middleware::from_fn({
            let proxies = config.proxies.clone();
            move |req, next| request_log::log(proxies.clone(), req, next)
        }))
}

/// The counters for monitoring, alone on a listener of their own, so that
/// the app's port (which a proxy exposes) never serves them.
pub fn metrics_router(app: &AppState) -> Router {
    let metrics = app.metrics.clone();
    Router::new().route(
        "/metrics",
        get(move || {
            let metrics = metrics.clone();
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )],
                    metrics.encode(),
                )
            }
        }),
    )
}

/// A running server. Dropping it stops it.
pub struct Running {
    pub addr: SocketAddr,
    /// Present in embedded mode: the in-process stand-in and its outbox.
    pub local_cognito: Option<LocalCognito>,
    /// The listener of the counters for monitoring (`METRICS_ADDR`).
    pub metrics: Option<Box<Running>>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Where the counters for monitoring are served, if they are.
    pub fn metrics_url(&self) -> Option<String> {
        self.metrics.as_ref().map(|m| format!("{}/metrics", m.url()))
    }

    /// Stops accepting, lets in-flight requests finish, and waits.
    pub async fn shutdown(mut self) {
        self.stop().await;
    }

    /// [`Self::shutdown`] for a caller that keeps the value (a test that
    /// restarts the server in place).
    pub async fn stop(&mut self) {
        if let Some(metrics) = self.metrics.as_mut() {
            Box::pin(metrics.stop()).await;
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Binds `addr` (port 0 for any free port) and serves `router` until the
/// returned value is stopped or dropped. A connection that takes longer than
/// `header_read_timeout` to send a request's headers (a slow-loris client)
/// is closed.
pub async fn serve(
    router: Router,
    addr: SocketAddr,
    header_read_timeout: std::time::Duration,
) -> Result<Running, StartError> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| StartError::Bind { addr, source })?;
    let (tx, mut rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        // HTTP/1 only (a TLS proxy in front speaks it): the timer runs from
        // the first byte, where the HTTP/2 sniffing of an `auto` server
        // would wait untimed for a client that sends nothing.
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout);
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        // Out of file descriptors and the like: a pause, not a
                        // busy loop, before the next try.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                        continue;
                    }
                },
                _ = &mut rx => break,
            };
            // Without it, a response written in two parts (headers, then a
            // file's body) waits for the client's delayed ACK: 40 ms per
            // static file on a kept-alive connection.
            if let Err(e) = stream.set_nodelay(true) {
                tracing::debug!(error = %e, "TCP_NODELAY not set");
            }
            let router = router.clone();
            let service = hyper::service::service_fn(move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                router.clone().oneshot(request.map(axum::body::Body::new))
            });
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
            });
        }
        // Stop accepting; let the requests in flight finish.
        drop(listener);
        graceful.shutdown().await;
    });
    Ok(Running {
        addr: bound,
        local_cognito: None,
        metrics: None,
        shutdown: Some(tx),
        task,
    })
}

/// Builds everything from `config` and serves on `config.addr`, unless the
/// configuration is unsafe (see [`Config::check`]).
pub async fn start(config: Config, leptos_options: LeptosOptions) -> Result<Running, StartError> {
    start_with(config, leptos_options, app::yours::api::routes()).await
}

/// [`start`] with `yours` as your plain axum routes (see [`router_with`]).
pub async fn start_with(config: Config, leptos_options: LeptosOptions, yours: Router) -> Result<Running, StartError> {
    logs::tasks_keep_their_span();
    for warning in config.check()? {
        tracing::warn!("{warning}");
    }
    // Said at every start: these numbers sign in with a fixed code.
    if let Some(numbers) = &config.test_numbers {
        tracing::warn!(%numbers, "test numbers are on: they sign up and in with their fixed code and are never texted (TEST_NUMBERS)");
    }
    let built = build_state(&config).await?;
    let _ = tokio::task::spawn_blocking(app::server::warm_up).await;
    let router = router_with(&config, &built, leptos_options, yours);
    let mut running = serve(router, config.addr, config.header_read_timeout).await?;
    running.local_cognito = built.local_cognito;
    if let Some(addr) = config.metrics_addr {
        let metrics = serve(metrics_router(&built.app), addr, config.header_read_timeout).await?;
        tracing::info!(addr = %metrics.addr, "counters for monitoring at /metrics");
        running.metrics = Some(Box::new(metrics));
    }
    Ok(running)
}
