//! People taking part: their Hugging Face username and Discord locale,
//! when they introduced themselves and whether the bot welcomed them.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{from_millis, from_millis_opt, id_from_db, id_to_db, millis, Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub user_id: u64,
    pub hf_username: Option<String>,
    pub locale: Option<String>,
    pub created_at: DateTime<Utc>,
    /// First message seen in the introductions channel.
    pub introduced_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct ParticipantRow {
    user_id: i64,
    hf_username: Option<String>,
    locale: Option<String>,
    created_at: i64,
    introduced_at: Option<i64>,
}

impl TryFrom<ParticipantRow> for Participant {
    type Error = super::StoreError;
    fn try_from(r: ParticipantRow) -> Result<Self> {
        Ok(Participant {
            user_id: id_from_db(r.user_id),
            hf_username: r.hf_username,
            locale: r.locale,
            created_at: from_millis(r.created_at)?,
            introduced_at: from_millis_opt(r.introduced_at)?,
        })
    }
}

const COLUMNS: &str = "user_id, hf_username, locale, created_at, introduced_at";

impl Store {
    /// Records that a person used the bot, keeping their latest locale.
    pub async fn touch_participant(
        &self,
        event_id: &str,
        user_id: u64,
        locale: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO participants (event_id, user_id, locale, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (event_id, user_id) DO UPDATE SET \
               locale = COALESCE(excluded.locale, participants.locale), updated_at = excluded.updated_at",
        )
        .bind(event_id)
        .bind(id_to_db(user_id))
        .bind(locale)
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Links (or, with `None`, unlinks) a Hugging Face username.
    pub async fn set_hf_username(
        &self,
        event_id: &str,
        user_id: u64,
        username: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO participants (event_id, user_id, hf_username, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (event_id, user_id) DO UPDATE SET \
               hf_username = excluded.hf_username, updated_at = excluded.updated_at",
        )
        .bind(event_id)
        .bind(id_to_db(user_id))
        .bind(username)
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn participant(&self, event_id: &str, user_id: u64) -> Result<Option<Participant>> {
        let row: Option<ParticipantRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM participants WHERE event_id = $1 AND user_id = $2"
        ))
        .bind(event_id)
        .bind(id_to_db(user_id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Participant::try_from).transpose()
    }

    /// The participants among `user_ids` the bot knows (a team's members).
    pub async fn participants(&self, event_id: &str, user_ids: &[u64]) -> Result<Vec<Participant>> {
        let mut out = Vec::with_capacity(user_ids.len());
        for id in user_ids {
            if let Some(p) = self.participant(event_id, *id).await? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Every participant of the event.
    pub async fn all_participants(&self, event_id: &str) -> Result<Vec<Participant>> {
        let rows: Vec<ParticipantRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM participants WHERE event_id = $1 ORDER BY user_id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Participant::try_from).collect()
    }

    /// Records that a person posted in the introductions channel; the first
    /// time is kept.
    pub async fn mark_introduced(
        &self,
        event_id: &str,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO participants (event_id, user_id, introduced_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $3, $3) \
             ON CONFLICT (event_id, user_id) DO UPDATE SET \
               introduced_at = COALESCE(participants.introduced_at, excluded.introduced_at)",
        )
        .bind(event_id)
        .bind(id_to_db(user_id))
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Claims the welcome of a person who joined: `true` for the one caller
    /// that should send it, `false` when they were already welcomed (the
    /// database decides, so concurrent or replayed joins greet once).
    pub async fn claim_welcome(
        &self,
        event_id: &str,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO participants (event_id, user_id, welcomed_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $3, $3) \
             ON CONFLICT (event_id, user_id) DO UPDATE SET welcomed_at = excluded.welcomed_at \
             WHERE participants.welcomed_at IS NULL",
        )
        .bind(event_id)
        .bind(id_to_db(user_id))
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
