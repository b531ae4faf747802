//! The Discord ids of the event's roles and channels (table `discord_ids`).
//! Everything that checks a role or posts in an event channel reads its id
//! here; names only ever serve to find an id once.

use chrono::{DateTime, Utc};

use super::{id_from_db, id_to_db, millis, Result, Store};

/// Whether a stored id names a role or a channel (categories and forums are
/// channels on Discord).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Role,
    Channel,
}

impl IdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Role => "role",
            IdKind::Channel => "channel",
        }
    }
}

/// One stored id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredId {
    pub kind: IdKind,
    pub key: String,
    pub id: u64,
    /// The organizer who linked it by hand (`/setup link`).
    pub set_by: Option<u64>,
}

impl Store {
    /// The id stored for `key` in `guild`, if any.
    pub async fn discord_id(
        &self,
        event_id: &str,
        guild: u64,
        kind: IdKind,
        key: &str,
    ) -> Result<Option<u64>> {
        self.idempotent(|| async {
            let id: Option<i64> = sqlx::query_scalar(
                "SELECT discord_id FROM discord_ids \
                 WHERE event_id = $1 AND guild_id = $2 AND kind = $3 AND key = $4",
            )
            .bind(event_id)
            .bind(id_to_db(guild))
            .bind(kind.as_str())
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
            Ok(id.map(id_from_db))
        })
        .await
    }

    /// Every id stored for the event in `guild`, by kind and key.
    pub async fn discord_ids(&self, event_id: &str, guild: u64) -> Result<Vec<StoredId>> {
        self.idempotent(|| async {
            let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
                "SELECT kind, key, discord_id, set_by FROM discord_ids \
                 WHERE event_id = $1 AND guild_id = $2 ORDER BY kind, key",
            )
            .bind(event_id)
            .bind(id_to_db(guild))
            .fetch_all(&self.pool)
            .await?;
            Ok(rows
                .into_iter()
                .filter_map(|(kind, key, id, by)| {
                    let kind = match kind.as_str() {
                        "role" => IdKind::Role,
                        "channel" => IdKind::Channel,
                        _ => return None,
                    };
                    Some(StoredId {
                        kind,
                        key,
                        id: id_from_db(id),
                        set_by: by.map(id_from_db),
                    })
                })
                .collect())
        })
        .await
    }

    /// Stores `id` for `key` unless one is stored already; returns the id
    /// that holds afterwards. Two processes finding the same thing at once
    /// agree on the first.
    pub async fn bind_discord_id_if_absent(
        &self,
        event_id: &str,
        guild: u64,
        kind: IdKind,
        key: &str,
        id: u64,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        self.idempotent(|| async {
            sqlx::query(
                "INSERT INTO discord_ids (event_id, guild_id, kind, key, discord_id, set_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, NULL, $6) \
                 ON CONFLICT (event_id, guild_id, kind, key) DO NOTHING",
            )
            .bind(event_id)
            .bind(id_to_db(guild))
            .bind(kind.as_str())
            .bind(key)
            .bind(id_to_db(id))
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await?;
        let stored = self.discord_id(event_id, guild, kind, key).await?;
        Ok(stored.unwrap_or(id))
    }

    /// Stores `id` for `key`, replacing what was there (`/setup apply`
    /// created it, or an organizer linked it with `/setup link`: `by`).
    /// Returns the id it replaced.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_discord_id(
        &self,
        event_id: &str,
        guild: u64,
        kind: IdKind,
        key: &str,
        id: u64,
        by: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<Option<u64>> {
        let before = self.discord_id(event_id, guild, kind, key).await?;
        self.idempotent(|| async {
            sqlx::query(
                "INSERT INTO discord_ids (event_id, guild_id, kind, key, discord_id, set_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (event_id, guild_id, kind, key) \
                 DO UPDATE SET discord_id = $5, set_by = $6, updated_at = $7",
            )
            .bind(event_id)
            .bind(id_to_db(guild))
            .bind(kind.as_str())
            .bind(key)
            .bind(id_to_db(id))
            .bind(by.map(id_to_db))
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await?;
        Ok(before)
    }

    /// Forgets the id of `key` when it is still `id` (the thing was deleted
    /// from Discord); `true` when it was forgotten.
    pub async fn forget_discord_id(
        &self,
        event_id: &str,
        guild: u64,
        kind: IdKind,
        key: &str,
        id: u64,
    ) -> Result<bool> {
        self.idempotent(|| async {
            let done = sqlx::query(
                "DELETE FROM discord_ids WHERE event_id = $1 AND guild_id = $2 \
                 AND kind = $3 AND key = $4 AND discord_id = $5",
            )
            .bind(event_id)
            .bind(id_to_db(guild))
            .bind(kind.as_str())
            .bind(key)
            .bind(id_to_db(id))
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() > 0)
        })
        .await
    }
}
