//! Snapshots of the likes leaderboard, one row each, newest wins.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{from_millis, id_from_db, id_to_db, millis, Result, Store, StoreError};

/// A stored ranking: `ranking` is the JSON list of `{id, likes}`.
#[derive(Debug, Clone, PartialEq)]
pub struct LikesSnapshot {
    pub id: i64,
    pub kind: String,
    pub taken_by: u64,
    pub taken_at: DateTime<Utc>,
    pub ranking: serde_json::Value,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    kind: String,
    taken_by: i64,
    taken_at: i64,
    ranking: String,
}

impl TryFrom<Row> for LikesSnapshot {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self> {
        Ok(Self {
            id: r.id,
            kind: r.kind,
            taken_by: id_from_db(r.taken_by),
            taken_at: from_millis(r.taken_at)?,
            ranking: serde_json::from_str(&r.ranking)
                .map_err(|e| StoreError::Corrupt(format!("likes snapshot: {e}")))?,
        })
    }
}

impl Store {
    /// Stores a snapshot of the ranking of `kind` (`space` or `model`).
    pub async fn insert_likes_snapshot(
        &self,
        event_id: &str,
        kind: &str,
        taken_by: u64,
        ranking: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<LikesSnapshot> {
        let row: Row = sqlx::query_as(
            "INSERT INTO likes_snapshots (event_id, kind, taken_by, taken_at, ranking) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id, kind, taken_by, taken_at, ranking",
        )
        .bind(event_id)
        .bind(kind)
        .bind(id_to_db(taken_by))
        .bind(millis(now))
        .bind(ranking.to_string())
        .fetch_one(&self.pool)
        .await?;
        LikesSnapshot::try_from(row)
    }

    /// The newest snapshot of `kind` for the event.
    pub async fn latest_likes_snapshot(
        &self,
        event_id: &str,
        kind: &str,
    ) -> Result<Option<LikesSnapshot>> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, kind, taken_by, taken_at, ranking FROM likes_snapshots \
             WHERE event_id = $1 AND kind = $2 ORDER BY taken_at DESC, id DESC LIMIT 1",
        )
        .bind(event_id)
        .bind(kind)
        .fetch_optional(&self.pool)
        .await?;
        row.map(LikesSnapshot::try_from).transpose()
    }
}
