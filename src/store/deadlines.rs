//! Deadlines as stored: seeded from the event file, editable by organizers.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{from_millis, millis, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeadline {
    pub id: String,
    pub title_es: String,
    pub title_en: String,
    pub at: DateTime<Utc>,
    pub reminders: Vec<Duration>,
}

#[derive(FromRow)]
struct DeadlineRow {
    id: String,
    title_es: String,
    title_en: String,
    at: i64,
    reminders: String,
}

impl TryFrom<DeadlineRow> for StoredDeadline {
    type Error = StoreError;

    fn try_from(r: DeadlineRow) -> Result<Self> {
        let secs: Vec<u64> = serde_json::from_str(&r.reminders)
            .map_err(|e| StoreError::Corrupt(format!("deadline reminders: {e}")))?;
        Ok(StoredDeadline {
            id: r.id,
            title_es: r.title_es,
            title_en: r.title_en,
            at: from_millis(r.at)?,
            reminders: secs.into_iter().map(Duration::from_secs).collect(),
        })
    }
}

impl Store {
    /// Inserts a deadline unless one with this id exists; returns whether it
    /// was inserted. Seeding from the file never overwrites an organizer edit.
    pub async fn insert_deadline_if_absent(
        &self,
        event_id: &str,
        d: &StoredDeadline,
    ) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO deadlines (event_id, id, title_es, title_en, at, reminders) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id, id) DO NOTHING",
        )
        .bind(event_id)
        .bind(&d.id)
        .bind(&d.title_es)
        .bind(&d.title_en)
        .bind(millis(d.at))
        .bind(reminders_json(&d.reminders))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Creates or replaces a deadline (bringing back one that was removed).
    pub async fn upsert_deadline(&self, event_id: &str, d: &StoredDeadline) -> Result<()> {
        sqlx::query(
            "INSERT INTO deadlines (event_id, id, title_es, title_en, at, reminders) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id, id) DO UPDATE SET \
             title_es = excluded.title_es, title_en = excluded.title_en, at = excluded.at, \
             reminders = excluded.reminders, removed_at = NULL",
        )
        .bind(event_id)
        .bind(&d.id)
        .bind(&d.title_es)
        .bind(&d.title_en)
        .bind(millis(d.at))
        .bind(reminders_json(&d.reminders))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes a deadline. The row stays as a tombstone so that seeding from
    /// the event file does not restore it.
    pub async fn delete_deadline(
        &self,
        event_id: &str,
        id: &str,
        now: chrono::DateTime<Utc>,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE deadlines SET removed_at = $3 WHERE event_id = $1 AND id = $2 AND removed_at IS NULL",
        )
            .bind(event_id)
            .bind(id)
            .bind(millis(now))
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// All deadlines of the event, soonest first.
    pub async fn deadlines(&self, event_id: &str) -> Result<Vec<StoredDeadline>> {
        let rows: Vec<DeadlineRow> = sqlx::query_as(
            "SELECT id, title_es, title_en, at, reminders FROM deadlines \
             WHERE event_id = $1 AND removed_at IS NULL ORDER BY at, id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredDeadline::try_from).collect()
    }

    pub async fn deadline(&self, event_id: &str, id: &str) -> Result<Option<StoredDeadline>> {
        let row: Option<DeadlineRow> = sqlx::query_as(
            "SELECT id, title_es, title_en, at, reminders FROM deadlines WHERE event_id = $1 AND id = $2 AND removed_at IS NULL",
        )
        .bind(event_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredDeadline::try_from).transpose()
    }
}

fn reminders_json(reminders: &[Duration]) -> String {
    let secs: Vec<u64> = reminders.iter().map(Duration::as_secs).collect();
    serde_json::to_string(&secs).unwrap_or_else(|_| "[]".into())
}
