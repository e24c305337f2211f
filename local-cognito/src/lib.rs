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

pub use config::{AppClient, PoolConfig};
pub use outbox::{Outbox, SmsKind, SmsRecord};
pub use pool::Pool;

/// A running stand-in: where it listens and how to reach its state.
pub struct LocalCognito {
    pub addr: SocketAddr,
    pub pool: Arc<Pool>,
    task: tokio::task::JoinHandle<()>,
}

impl LocalCognito {
    /// Binds `addr` (use port 0 for any free port) and serves until dropped.
    pub async fn start(pool: Arc<Pool>, addr: SocketAddr) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = http::router(pool.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!(error = %e, "local-cognito stopped");
            }
        });
        Ok(Self { addr, pool, task })
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for LocalCognito {
    fn drop(&mut self) {
        self.task.abort();
    }
}
