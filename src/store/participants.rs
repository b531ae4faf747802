//! People taking part: their Hugging Face username and Discord locale.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{from_millis, id_from_db, id_to_db, millis, Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub user_id: u64,
    pub hf_username: Option<String>,
    pub locale: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ParticipantRow {
    user_id: i64,
    hf_username: Option<String>,
    locale: Option<String>,
    created_at: i64,
}

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
        let row: Option<ParticipantRow> = sqlx::query_as(
            "SELECT user_id, hf_username, locale, created_at FROM participants \
             WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event_id)
        .bind(id_to_db(user_id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Participant {
                user_id: id_from_db(r.user_id),
                hf_username: r.hf_username,
                locale: r.locale,
                created_at: from_millis(r.created_at)?,
            })
        })
        .transpose()
    }
}
