//! Queries of the scheduler beyond the job basics in `jobs.rs`: claiming
//! one event's jobs, reviving a cancelled job, and who the nudges are for.
//! Nudges go to people known to the bot without a team: listing every guild
//! member would need the privileged GUILD_MEMBERS intent.

use chrono::{DateTime, Utc};

use super::jobs::{JobRow, COLUMNS};
use super::{id_from_db, millis, Backend, Job, Result, Store};

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

impl Store {
    /// Like [`Store::claim_due_jobs`], limited to one event's jobs, so bots
    /// of two events sharing a database never run each other's jobs.
    pub async fn claim_due_event_jobs(
        &self,
        event_id: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Job>> {
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let rows: Vec<JobRow> = sqlx::query_as(&format!(
            "UPDATE jobs SET status = 'running', locked_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs \
                          WHERE event_id = $4 AND due_at <= $1 \
                            AND (status = 'pending' OR (status = 'running' AND locked_until < $1)) \
                          ORDER BY due_at, id LIMIT $3 {lock}) \
             AND (status = 'pending' OR (status = 'running' AND locked_until < $1)) \
             RETURNING {COLUMNS}"
        ))
        .bind(millis(now))
        .bind(millis(lease_until))
        .bind(i64::from(limit))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        let mut jobs = rows
            .into_iter()
            .map(Job::try_from)
            .collect::<Result<Vec<_>>>()?;
        jobs.sort_by_key(|j| (j.due_at, j.id));
        Ok(jobs)
    }
}
