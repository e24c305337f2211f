//! A Cognito user pool on loopback that speaks Cognito's own JSON protocol, so
//! the real AWS SDK (or the AWS CLI with `--endpoint-url`) talks to it
//! unchanged. Custom-auth runs the `lambdas` trigger functions in process with
//! real trigger-event JSON, and every text goes to an [`Outbox`]. Time comes
//! from a [`domain::Clock`], so tests move it by hand.

pub mod config;
pub mod error;
pub mod http;
pub mod outbox;
pub mod pool;
pub mod protocol;
pub mod signing;
pub mod triggers;

use std::net::SocketAddr;
use std::sync::Arc;

pub use config::{AppClient, AuthFlow, ConfigError, FeaturePlan, FirstFactor, PoolConfig};
pub use outbox::{Outbox, SmsKind, SmsRecord};
pub use pool::Pool;

/// A running stand-in: where it listens and how to reach its state.
pub struct LocalCognito {
    pub addr: SocketAddr,
    pub pool: Arc<Pool>,
    running: Running,
}

enum Running {
    Task(tokio::task::JoinHandle<()>),
    /// Dropping the sender ends the thread's runtime, and every task on it.
    Thread(#[allow(dead_code)] tokio::sync::oneshot::Sender<()>),
}

impl LocalCognito {
    /// Binds `addr` (use port 0 for any free port) and serves until dropped.
    pub async fn start(pool: Arc<Pool>, addr: SocketAddr) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(serve(listener, pool.clone()));
        Ok(Self {
            addr,
            pool,
            running: Running::Task(task),
        })
    }

    /// As [`LocalCognito::start`], but on a thread of its own named
    /// `local-cognito`, with its own runtime: what stands in for AWS then
    /// neither shares the embedding server's workers nor hides in its CPU
    /// figures (the journeys bench reads threads by name).
    pub fn start_on_own_thread(pool: Arc<Pool>, addr: SocketAddr) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = pool.clone();
        std::thread::Builder::new()
            .name("local-cognito".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => {
                            tokio::select! {
                                () = serve(listener, serving) => {}
                                _ = stopped => {}
                            }
                        }
                        Err(e) => tracing::error!(error = %e, "local-cognito could not listen"),
                    }
                });
            })?;
        Ok(Self {
            addr,
            pool,
            running: Running::Thread(stop),
        })
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn serve(listener: tokio::net::TcpListener, pool: Arc<Pool>) {
    let app = http::router(pool).into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, app).await {
        tracing::error!(error = %e, "local-cognito stopped");
    }
}

impl Drop for LocalCognito {
    fn drop(&mut self) {
        if let Running::Task(task) = &self.running {
            task.abort();
        }
    }
}
