//! The axum server: Cognito client, sessions, and the Leptos app.
//! [`start`] binds and returns the address, so tests run it on port 0.

pub mod client_ip;
pub mod cognito;
pub mod config;
pub mod middleware;
pub mod redis;
pub mod security;
pub mod sessions;

use std::net::SocketAddr;
use std::sync::Arc;

use app::server::{AuthFlow, Clock, Limits, SendFloor, SessionMaxAge};
use app::{App, Hydration, shell};
use axum::Router;
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use local_cognito::LocalCognito;
use tokio::sync::oneshot;

pub use config::{CognitoTarget, Config};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("could not bind {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("session store: {0}")]
    Sessions(#[from] sessions::SessionStoreError),
    #[error("local Cognito: {0}")]
    LocalCognito(String),
    #[error("HTTP client for the pool's keys: {0}")]
    Http(String),
}

/// A running server. Dropping it stops it.
pub struct Running {
    pub addr: SocketAddr,
    /// Present in embedded mode: the in-process stand-in and its outbox.
    pub local_cognito: Option<LocalCognito>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets in-flight requests finish, and waits.
    pub async fn shutdown(mut self) {
        self.stop().await;
    }

    /// [`Self::shutdown`] for a caller that keeps the value (a test that
    /// restarts the server in place).
    pub async fn stop(&mut self) {
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

/// Builds everything from `config` and serves on `config.addr`.
pub async fn start(config: Config, leptos_options: LeptosOptions) -> Result<Running, StartError> {
    let cognito::Connected {
        flow,
        verifier,
        local: local_cognito,
    } = cognito::connect(&config).await?;
    let opened = sessions::open(&config).await?;
    let limits = Arc::new(match opened.redis {
        Some(pool) => Limits::new(Arc::new(redis::RedisLimitStore::new(pool)), config.limits.clone()),
        None => Limits::in_memory(config.limits.clone()),
    });
    let session_layer = sessions::layer(&config, opened.store);

    let auth = Arc::new(flow);
    let verifier = Arc::new(verifier);
    let max_age = SessionMaxAge(config.session_max_age.as_secs());
    let routes = generate_route_list(App);
    let mut router = Router::new()
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            {
                let auth: Arc<AuthFlow> = auth.clone();
                let hydration = Hydration(config.hydrate);
                let send_floor = SendFloor(config.send_floor);
                let limits = limits.clone();
                let verifier = verifier.clone();
                let clock: Clock = config.clock.clone();
                move || {
                    provide_context(auth.clone());
                    provide_context(limits.clone());
                    provide_context(verifier.clone());
                    provide_context(max_age);
                    provide_context(clock.clone());
                    provide_context(hydration);
                    provide_context(send_floor);
                }
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(leptos_options)
        .layer(axum::middleware::from_fn(middleware::server_fn_decode_errors_are_400))
        .layer(session_layer)
        .layer(axum::middleware::from_fn(middleware::store_failures_are_503))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn(security::same_origin_writes))
        .layer(axum::middleware::from_fn({
            let header = config.client_ip_header.clone();
            move |req, next| client_ip::remember(header.clone(), req, next)
        }))
        .route("/healthz", get(|| async { "ok" }));
    if let Some(local) = &local_cognito {
        router = router.merge(local_cognito::http::dev_routes(local.pool.outbox.clone()));
    }
    let production = config.secure_cookies;
    let router = router.layer(axum::middleware::from_fn(move |req, next| {
        security::headers(production, req, next)
    }));

    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.addr,
        source,
    })?;
    let (tx, rx) = oneshot::channel::<()>();
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, service).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        if let Err(e) = served.await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Running {
        addr,
        local_cognito,
        shutdown: Some(tx),
        task,
    })
}
