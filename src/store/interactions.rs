//! Commands under way (`pending_interactions`): written when a command
//! starts, removed when it ends; what is left after a crash names the people
//! who never got their answer.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{from_millis, id_from_db, id_to_db, millis, Result, Store, StoreError};

/// A command that started and has not ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingInteraction {
    pub id: u64,
    /// The guild it came from, 0 in a DM.
    pub guild_id: u64,
    /// Discord's interaction token: enough to answer for 15 minutes.
    pub token: String,
    pub user_id: u64,
    /// The qualified command name (`team create`).
    pub command: String,
    pub locale: Option<String>,
    pub started_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    guild_id: i64,
    token: String,
    user_id: i64,
    command: String,
    locale: Option<String>,
    started_at: i64,
}

impl TryFrom<Row> for PendingInteraction {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Self {
            id: id_from_db(r.id),
            guild_id: id_from_db(r.guild_id),
            token: r.token,
            user_id: id_from_db(r.user_id),
            command: r.command,
            locale: r.locale,
            started_at: from_millis(r.started_at)?,
        })
    }
}

impl Store {
    /// Records that a command started (again: a redelivered interaction is
    /// recorded once).
    pub async fn begin_interaction(&self, p: &PendingInteraction) -> Result<()> {
        self.idempotent(|| async {
            sqlx::query(
                "INSERT INTO pending_interactions \
                 (id, guild_id, token, user_id, command, locale, started_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
            )
            .bind(id_to_db(p.id))
            .bind(id_to_db(p.guild_id))
            .bind(&p.token)
            .bind(id_to_db(p.user_id))
            .bind(&p.command)
            .bind(p.locale.as_deref())
            .bind(millis(p.started_at))
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await
    }

    /// The command `id` ended (answered, refused or failed).
    pub async fn end_interaction(&self, id: u64) -> Result<()> {
        self.idempotent(|| async {
            sqlx::query("DELETE FROM pending_interactions WHERE id = $1")
                .bind(id_to_db(id))
                .execute(&self.pool)
                .await?;
            Ok(())
        })
        .await
    }

    /// Takes every command of `guilds` (0 for DMs) that started before
    /// `before` and never ended, oldest first, removing them: each is
    /// answered once. Only the process serving a guild asks for it, so a
    /// command another process is still running is never taken.
    pub async fn take_unfinished_interactions(
        &self,
        guilds: &[u64],
        before: DateTime<Utc>,
    ) -> Result<Vec<PendingInteraction>> {
        if guilds.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..guilds.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "DELETE FROM pending_interactions WHERE started_at < $1 AND guild_id IN ({}) \
             RETURNING id, guild_id, token, user_id, command, locale, started_at",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(millis(before));
        for g in guilds {
            query = query.bind(id_to_db(*g));
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut out: Vec<PendingInteraction> = rows
            .into_iter()
            .map(PendingInteraction::try_from)
            .collect::<Result<_>>()?;
        out.sort_by_key(|p| p.started_at);
        Ok(out)
    }
}
