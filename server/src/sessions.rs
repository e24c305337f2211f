//! The server-side session store and the cookie that points into it.

use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration as CookieDuration;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;
use tower_sessions_sqlx_store::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

use crate::config::{Config, SessionStoreConfig};

#[derive(Debug, thiserror::Error)]
pub enum SessionStoreError {
    #[error("cannot create {path}: {source}")]
    Directory { path: String, source: std::io::Error },
    #[error("cannot open the session database: {0}")]
    Database(#[from] tower_sessions_sqlx_store::sqlx::Error),
}

pub async fn layer(config: &Config) -> Result<SessionManagerLayer<SqliteStore>, SessionStoreError> {
    let SessionStoreConfig::Sqlite(path) = &config.session_store;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| SessionStoreError::Directory {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    let store = SqliteStore::new(pool);
    store.migrate().await?;
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(300)),
    );

    let idle = CookieDuration::seconds(config.session_idle_timeout.as_secs().try_into().unwrap_or(i64::MAX));
    // `__Host-` requires Secure, Path=/ and no Domain: the cookie cannot be
    // set or shadowed by a sibling subdomain.
    let name = if config.secure_cookies { "__Host-sid" } else { "sid" };
    Ok(SessionManagerLayer::new(store)
        .with_name(name)
        .with_secure(config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle)))
}
