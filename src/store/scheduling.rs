//! Queries of the scheduler beyond the job basics in `jobs.rs`: reviving a
//! cancelled job, and who the nudges are for.
//! Nudges go to people known to the bot without a team: listing every guild
//! member would need the privileged GUILD_MEMBERS intent.

use super::{id_from_db, Result, Store};

impl Store {
    /// Participants of the event who are in no team, with their last Discord
    /// locale, by user id.
    pub async fn participants_without_team(
        &self,
        event_id: &str,
    ) -> Result<Vec<(u64, Option<String>)>> {
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT p.user_id, p.locale FROM participants p \
             WHERE p.event_id = $1 AND NOT EXISTS \
               (SELECT 1 FROM memberships m WHERE m.event_id = p.event_id AND m.user_id = p.user_id) \
             ORDER BY p.user_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, locale)| (id_from_db(id), locale))
            .collect())
    }
}

impl Store {
    /// Makes a cancelled job pending again with a new due time and payload
    /// (a deadline moved back to a time it had before); returns whether one
    /// was revived. Done, missed or failed jobs stay as they are.
    pub async fn revive_cancelled_job(&self, job: &super::NewJob<'_>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE jobs SET status = 'pending', due_at = $3, payload = $4, attempts = 0, \
             last_error = NULL, finished_at = NULL, locked_until = NULL \
             WHERE event_id = $1 AND job_key = $2 AND status = 'cancelled'",
        )
        .bind(job.event_id)
        .bind(job.key)
        .bind(super::millis(job.due_at))
        .bind(job.payload.to_string())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }
}

impl Store {}
