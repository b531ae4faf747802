//! Per-team cooldowns: one row per team and action holding when it may run
//! again. Taking a turn is one conditional upsert, so two processes (or 20
//! simultaneous presses) never both get it.

use chrono::{DateTime, Utc};

use super::{from_millis, millis, Result, Store};

impl Store {
    /// Takes the team's turn at `action` at `now`, blocking it until
    /// `until`: `Ok(None)` when taken, `Ok(Some(at))` with the time the
    /// current block ends when it is not.
    pub async fn take_team_cooldown(
        &self,
        team_id: i64,
        action: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        // The update applies only when the previous block has ended; the
        // row comes back only when the turn was taken.
        let taken: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO team_cooldowns (team_id, action, until_at) VALUES ($1, $2, $3) \
             ON CONFLICT (team_id, action) DO UPDATE SET until_at = excluded.until_at \
             WHERE team_cooldowns.until_at <= $4 \
             RETURNING until_at",
        )
        .bind(team_id)
        .bind(action)
        .bind(millis(until))
        .bind(millis(now))
        .fetch_optional(&self.pool)
        .await?;
        if taken.is_some() {
            return Ok(None);
        }
        let (until_at,): (i64,) = sqlx::query_as(
            "SELECT until_at FROM team_cooldowns WHERE team_id = $1 AND action = $2",
        )
        .bind(team_id)
        .bind(action)
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(from_millis(until_at)?))
    }
}
