//! Durable scheduled jobs. A job's key is unique per event, so seeding twice
//! creates nothing twice; claiming is one conditional update with a lease,
//! so two bot processes never run the same job (on PostgreSQL the candidate
//! rows are locked with `FOR UPDATE SKIP LOCKED`; SQLite has one writer).
//! Each claim counts an attempt, and the count is the claim's fencing token:
//! renewing, finishing or retrying a job only works for the latest claim, so
//! a process whose lease ran out cannot undo the work of the one that took
//! the job over.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{from_millis, from_millis_opt, millis, Backend, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Pending,
    Running,
    Done,
    Missed,
    Failed,
    Cancelled,
}

impl JobStatus {
    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "pending" => Self::Pending,
            "running" => Self::Running,
            "done" => Self::Done,
            "missed" => Self::Missed,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            other => return Err(StoreError::Corrupt(format!("job status {other}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub event_id: String,
    pub key: String,
    pub kind: String,
    pub due_at: DateTime<Utc>,
    pub payload: serde_json::Value,
    pub status: JobStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub event_id: &'a str,
    pub key: &'a str,
    pub kind: &'a str,
    pub due_at: DateTime<Utc>,
    pub payload: serde_json::Value,
}

#[derive(FromRow)]
struct JobRow {
    id: i64,
    event_id: String,
    job_key: String,
    kind: String,
    due_at: i64,
    payload: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    finished_at: Option<i64>,
}

impl TryFrom<JobRow> for Job {
    type Error = StoreError;
    fn try_from(r: JobRow) -> Result<Self> {
        Ok(Job {
            id: r.id,
            event_id: r.event_id,
            key: r.job_key,
            kind: r.kind,
            due_at: from_millis(r.due_at)?,
            payload: serde_json::from_str(&r.payload)
                .map_err(|e| StoreError::Corrupt(format!("job payload: {e}")))?,
            status: JobStatus::parse(&r.status)?,
            attempts: u32::try_from(r.attempts).unwrap_or(0),
            last_error: r.last_error,
            finished_at: from_millis_opt(r.finished_at)?,
        })
    }
}

const COLUMNS: &str =
    "id, event_id, job_key, kind, due_at, payload, status, attempts, last_error, finished_at";

impl Store {
    /// Adds a job unless one with the same key exists; returns whether added.
    pub async fn insert_job(&self, job: &NewJob<'_>, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO jobs (event_id, job_key, kind, due_at, payload, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id, job_key) DO NOTHING",
        )
        .bind(job.event_id)
        .bind(job.key)
        .bind(job.kind)
        .bind(millis(job.due_at))
        .bind(job.payload.to_string())
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Cancels the pending jobs whose key starts with `prefix` (a deadline's
    /// reminders when it moves); returns how many.
    pub async fn cancel_pending_jobs(
        &self,
        event_id: &str,
        prefix: &str,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let pattern = format!("{}%", super::teams::escape_like(prefix));
        let n = sqlx::query(
            "UPDATE jobs SET status = 'cancelled', finished_at = $3 \
             WHERE event_id = $1 AND status = 'pending' AND job_key LIKE $2 ESCAPE '\\'",
        )
        .bind(event_id)
        .bind(pattern)
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n)
    }

    /// Claims up to `limit` due jobs of the event (pending, or running with
    /// an expired lease after a crash) until `lease_until`. Scoped to one
    /// event so bots of two events sharing a database never run each
    /// other's jobs.
    pub async fn claim_due_jobs(
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

    /// Marks a claimed job finished with `status` (done, missed or failed);
    /// `false` when the claim `attempt` is no longer the job's latest (its
    /// lease ran out and another process took it).
    pub async fn finish_job(
        &self,
        id: i64,
        attempt: u32,
        done: bool,
        missed: bool,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let status = match (done, missed) {
            (true, _) => "done",
            (false, true) => "missed",
            (false, false) => "failed",
        };
        let n = sqlx::query(
            "UPDATE jobs SET status = $2, last_error = $3, finished_at = $4, locked_until = NULL \
             WHERE id = $1 AND status = 'running' AND attempts = $5",
        )
        .bind(id)
        .bind(status)
        .bind(error)
        .bind(millis(now))
        .bind(i64::from(attempt))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Puts a claimed job back to pending, due again at `retry_at`; `false`
    /// when the claim `attempt` is no longer the latest.
    pub async fn retry_job(
        &self,
        id: i64,
        attempt: u32,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE jobs SET status = 'pending', last_error = $2, due_at = $3, locked_until = NULL \
             WHERE id = $1 AND status = 'running' AND attempts = $4",
        )
        .bind(id)
        .bind(error)
        .bind(millis(retry_at))
        .bind(i64::from(attempt))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Extends the lease of claim `attempt` of a running job to `until`;
    /// `false` when the claim is no longer the job's latest (lost).
    pub async fn renew_job_lease(
        &self,
        id: i64,
        attempt: u32,
        until: DateTime<Utc>,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE jobs SET locked_until = $3 WHERE id = $1 AND status = 'running' AND attempts = $2",
        )
        .bind(id)
        .bind(i64::from(attempt))
        .bind(millis(until))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    pub async fn job(&self, event_id: &str, key: &str) -> Result<Option<Job>> {
        let row: Option<JobRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE event_id = $1 AND job_key = $2"
        ))
        .bind(event_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Job::try_from).transpose()
    }

    /// The due time of the event's earliest pending job.
    pub async fn next_job_due(&self, event_id: &str) -> Result<Option<DateTime<Utc>>> {
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(due_at) FROM jobs WHERE event_id = $1 AND status = 'pending'",
        )
        .bind(event_id)
        .fetch_one(&self.pool)
        .await?;
        from_millis_opt(due)
    }

    /// Every job of the event, by due time.
    pub async fn jobs(&self, event_id: &str) -> Result<Vec<Job>> {
        let rows: Vec<JobRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE event_id = $1 ORDER BY due_at, id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Job::try_from).collect()
    }
}
