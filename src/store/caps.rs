//! Caps: how a capped insert stays exact under concurrency, and the records
//! the cooldowns read.

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

use super::{from_millis_opt, id_to_db, millis, Result, Store};

/// Serializes the transactions that check one cap. A write to the scope's
/// row comes first in the transaction: SQLite takes its write lock at once,
/// PostgreSQL holds the row lock until commit, and the statements after it
/// (READ COMMITTED) see what the transactions before it committed. So of 20
/// simultaneous inserts at a cap of N, exactly N pass.
pub(crate) async fn lock_scope(conn: &mut AnyConnection, scope: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO cap_locks (scope, uses) VALUES ($1, 1) \
         ON CONFLICT (scope) DO UPDATE SET uses = cap_locks.uses + 1",
    )
    .bind(scope)
    .execute(conn)
    .await?;
    Ok(())
}

/// Why a capped insert was refused: the cap, and when a place frees up by
/// itself (`None` when it frees only by someone's action, such as resolving
/// a help post).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapReached {
    pub cap: u32,
    pub resets_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Records that `user` disbanded a team (the cooldown of `/team create`).
    pub async fn record_disband(
        &self,
        event_id: &str,
        user: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO team_disbands (event_id, user_id, disbanded_at) VALUES ($1, $2, $3)",
        )
        .bind(event_id)
        .bind(id_to_db(user))
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// When `user` last disbanded a team in the event.
    pub async fn last_disband(&self, event_id: &str, user: u64) -> Result<Option<DateTime<Utc>>> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(disbanded_at) FROM team_disbands WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event_id)
        .bind(id_to_db(user))
        .fetch_one(&self.pool)
        .await?;
        from_millis_opt(at)
    }
}
