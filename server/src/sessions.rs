//! The server-side session store and the cookie that points into it: a
//! SQLite file for one server, Redis for several.

use std::fmt;

use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration as CookieDuration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_redis_store::RedisStore;
use tower_sessions_redis_store::fred::prelude::Pool as RedisPool;
use tower_sessions_sqlx_store::SqliteStore;
use tower_sessions_sqlx_store::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};

use secrecy::ExposeSecret;

use crate::config::{Config, SessionStoreConfig, redacted_url};

#[derive(Debug, thiserror::Error)]
pub enum SessionStoreError {
    #[error("cannot create {path}: {source}")]
    Directory { path: String, source: std::io::Error },
    #[error("cannot open the session database: {0}")]
    Database(#[from] tower_sessions_sqlx_store::sqlx::Error),
    #[error("cannot reach Redis at {url}: {message}")]
    Redis { url: String, message: String },
}

/// Whichever store the configuration names.
#[derive(Clone)]
pub enum Store {
    /// One file: writes go through a single connection, reads through a
    /// few (see [`open`]).
    Sqlite {
        write: SqliteStore,
        read: SqliteStore,
    },
    Redis(RedisStore<RedisPool>),
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sqlite { .. } => "Store::Sqlite",
            Self::Redis(_) => "Store::Redis",
        })
    }
}

#[async_trait::async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite { write, .. } => write.create(record).await,
            Self::Redis(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Sqlite { write, .. } => write.save(record).await,
            Self::Redis(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Sqlite { read, .. } => read.load(id).await,
            Self::Redis(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Sqlite { write, .. } => write.delete(id).await,
            Self::Redis(s) => s.delete(id).await,
        }
    }
}

/// The opened store, and the Redis pool when there is one (the limits share it).
pub struct Opened {
    pub store: Store,
    pub redis: Option<RedisPool>,
}

pub async fn open(config: &Config) -> Result<Opened, SessionStoreError> {
    match &config.session_store {
        SessionStoreConfig::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|source| SessionStoreError::Directory {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
            // WAL with synchronous=NORMAL: a commit is not fsynced, only the
            // checkpoints are. A commit survives the server crashing or being
            // killed; an OS crash or power loss can lose the last moments'
            // commits (those people sign in again), never the file.
            // A relative path is the working directory's: say which one it is.
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            tracing::info!(path = %absolute.display(), "sessions are kept in SQLite");
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(std::time::Duration::from_secs(5));
            // One writer per server: SQLite runs one write at a time anyway, and a
            // session's creation (read, then write, in one transaction)
            // fails at once rather than waiting when another connection
            // wrote in between. Queued in the pool instead, writes never
            // meet a locked database. (Two servers on one file, as during a
            // rolling restart, can still meet it at a session's creation:
            // several servers want Redis.)
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await?;
            let write = SqliteStore::new(writer);
            write.migrate().await?;
            let readers = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options.read_only(true))
                .await?;
            let read = SqliteStore::new(readers);
            // tower-sessions' own loop stops at its first error; this one
            // logs it and tries again at the next tick.
            tokio::spawn({
                let write = write.clone();
                async move {
                    let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
                    loop {
                        tick.tick().await;
                        if let Err(e) = write.delete_expired().await {
                            tracing::warn!(error = %e, "expired sessions not deleted; tried again later");
                        }
                    }
                }
            });
            Ok(Opened {
                store: Store::Sqlite { write, read },
                redis: None,
            })
        }
        // Redis expires each session itself (the record's expiry is the key's).
        SessionStoreConfig::Redis(url) => {
            let url = url.expose_secret();
            let pool = crate::redis::connect(url).await.map_err(|e| SessionStoreError::Redis {
                url: redacted_url(url),
                message: e.to_string(),
            })?;
            Ok(Opened {
                store: Store::Redis(RedisStore::new(pool.clone())),
                redis: Some(pool),
            })
        }
    }
}

pub fn layer(config: &Config, store: Store) -> SessionManagerLayer<Store> {
    let idle = CookieDuration::seconds(config.session_idle_timeout.as_secs().try_into().unwrap_or(i64::MAX));
    // `__Host-` requires Secure, Path=/ and no Domain: the cookie cannot be
    // set or shadowed by a sibling subdomain.
    let name = if config.secure_cookies { "__Host-sid" } else { "sid" };
    SessionManagerLayer::new(store)
        .with_name(name)
        .with_secure(config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}
