//! Your data: one row per account, keyed by `sub` (Cognito's id for the
//! account, which never changes), never by the phone number (numbers
//! change, and are recycled to other people). Your handles live in
//! [`Yours`]: add one there, and every page, server function and route of
//! yours reaches it.

use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use super::dashboard::MemberRow;
use crate::server::hooks::{HookResult, Hooks};

/// Everything your app adds to the server's state: made once at start
/// ([`Yours::open`]), provided to your pages and server functions (Leptos
/// context) and your axum routes (`Extension<Yours>`).
#[derive(Clone)]
pub struct Yours {
    pub members: Members,
}

impl Yours {
    /// Opens your database (`APP_DATABASE`, a `sqlite://` path; made if
    /// missing) and its table.
    pub async fn open(database: &str) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(database)?.create_if_missing(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let members = Members { pool };
        members.migrate().await?;
        Ok(Self { members })
    }
}

/// The `members` table.
#[derive(Clone)]
pub struct Members {
    pool: SqlitePool,
}

impl Members {
    async fn migrate(&self) -> Result<(), sqlx::Error> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS members (
                sub TEXT PRIMARY KEY NOT NULL,
                joined_at INTEGER NOT NULL,
                note TEXT NOT NULL DEFAULT ''
            )",
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Makes the row if it is missing (and leaves one that is there).
    pub async fn ensure(&self, sub: &str, now: u64) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO members (sub, joined_at) VALUES (?, ?) ON CONFLICT(sub) DO NOTHING")
            .bind(sub)
            .bind(i64::try_from(now).unwrap_or(i64::MAX))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn get(&self, sub: &str) -> Result<Option<MemberRow>, sqlx::Error> {
        let row: Option<(i64, String)> = sqlx::query_as("SELECT joined_at, note FROM members WHERE sub = ?")
            .bind(sub)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(joined_at, note)| MemberRow {
            joined_at: u64::try_from(joined_at).unwrap_or_default(),
            note,
        }))
    }

    pub async fn set_note(&self, sub: &str, note: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE members SET note = ? WHERE sub = ?")
            .bind(note)
            .bind(sub)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete(&self, sub: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM members WHERE sub = ?")
            .bind(sub)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Your rows follow the accounts: made at sign-up (and at sign-in, for an
/// account that signed up before your app kept rows, or whose sign-up hook
/// was retried), deleted with the account.
#[async_trait::async_trait]
impl Hooks for Yours {
    async fn signed_up(&self, sub: &str, _phone_number: &str) -> HookResult {
        Ok(self.members.ensure(sub, now()).await?)
    }

    async fn signed_in(&self, sub: &str, _phone_number: &str) -> HookResult {
        Ok(self.members.ensure(sub, now()).await?)
    }

    async fn account_deleted(&self, sub: &str) -> HookResult {
        Ok(self.members.delete(sub).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_row_follows_the_account_from_sign_up_to_deletion() {
        let yours = Yours::open("sqlite::memory:").await.unwrap();
        yours.signed_up("sub-1", "+14155550100").await.unwrap();
        let joined = yours.members.get("sub-1").await.unwrap().unwrap().joined_at;
        yours.members.set_note("sub-1", "hello").await.unwrap();
        // A sign-in keeps the row as it is.
        yours.signed_in("sub-1", "+14155550100").await.unwrap();
        let row = yours.members.get("sub-1").await.unwrap().unwrap();
        assert_eq!((row.joined_at, row.note.as_str()), (joined, "hello"));
        yours.account_deleted("sub-1").await.unwrap();
        assert_eq!(yours.members.get("sub-1").await.unwrap(), None);
    }
}
