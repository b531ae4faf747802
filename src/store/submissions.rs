//! Submissions: each /submit is a new row, so the history stays; the latest
//! row of a team is its current submission, with its check report.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::{
    from_millis, from_millis_opt, id_from_db, id_to_db, millis, Result, Store, StoreError,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStatus {
    /// Stored, the Hub check under way.
    Checking,
    Complete,
    /// Complete, but changed after the deadline without an exception.
    Late,
    Incomplete,
    /// No check has completed yet: the Hub could not be reached; the links
    /// are kept, re-check later.
    Unchecked,
}

impl SubmissionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Checking => "checking",
            Self::Complete => "complete",
            Self::Late => "late",
            Self::Incomplete => "incomplete",
            Self::Unchecked => "unchecked",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "checking" => Self::Checking,
            "complete" => Self::Complete,
            "late" => Self::Late,
            "incomplete" => Self::Incomplete,
            "unchecked" => Self::Unchecked,
            other => return Err(StoreError::Corrupt(format!("submission status {other}"))),
        })
    }

    /// Whether this is a verdict (a check completed), not a state of the
    /// checking itself.
    pub fn is_verdict(self) -> bool {
        matches!(self, Self::Complete | Self::Late | Self::Incomplete)
    }

    /// The value of the older `status` column, which has no "late": a late
    /// submission is not complete.
    fn status_column(self) -> &'static str {
        match self {
            Self::Late => Self::Incomplete.as_str(),
            other => other.as_str(),
        }
    }
}

/// The latest attempt to check a submission, when it could not be completed;
/// the last real verdict stays what everyone sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedAttempt {
    pub at: DateTime<Utc>,
    /// Why, as the Hub client said it (for organizers and logs).
    pub error: String,
}

/// An organizer's late exception for a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateException {
    pub team_id: i64,
    /// Changes up to this time count as on time.
    pub accepted_until: DateTime<Utc>,
    pub accepted_by: u64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredSubmission {
    pub id: i64,
    pub team_id: i64,
    pub submitted_by: u64,
    pub dataset: String,
    pub model: Option<String>,
    pub demo: Option<String>,
    pub video: Option<String>,
    /// The last real verdict, or where the checking stands when there is
    /// none yet.
    pub status: SubmissionStatus,
    /// The report of the last real verdict (or of the failed first check).
    pub report: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    /// When `report` was made.
    pub checked_at: Option<DateTime<Utc>>,
    /// Set when the latest attempt could not be completed.
    pub failed_attempt: Option<FailedAttempt>,
}

#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    pub event_id: &'a str,
    pub team_id: i64,
    pub submitted_by: u64,
    pub dataset: &'a str,
    pub model: Option<&'a str>,
    pub demo: Option<&'a str>,
    pub video: Option<&'a str>,
    pub now: DateTime<Utc>,
}

#[derive(FromRow)]
struct SubmissionRow {
    id: i64,
    team_id: i64,
    submitted_by: i64,
    dataset: String,
    model: Option<String>,
    demo: Option<String>,
    video: Option<String>,
    status: String,
    verdict: Option<String>,
    report: Option<String>,
    created_at: i64,
    checked_at: Option<i64>,
    attempted_at: Option<i64>,
    attempt_error: Option<String>,
}

impl TryFrom<SubmissionRow> for StoredSubmission {
    type Error = StoreError;
    fn try_from(r: SubmissionRow) -> Result<Self> {
        Ok(StoredSubmission {
            id: r.id,
            team_id: r.team_id,
            submitted_by: id_from_db(r.submitted_by),
            dataset: r.dataset,
            model: r.model,
            demo: r.demo,
            video: r.video,
            status: SubmissionStatus::parse(r.verdict.as_deref().unwrap_or(&r.status))?,
            report: r
                .report
                .map(|s| serde_json::from_str(&s))
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("submission report: {e}")))?,
            created_at: from_millis(r.created_at)?,
            checked_at: from_millis_opt(r.checked_at)?,
            failed_attempt: match r.attempted_at {
                Some(at) => Some(FailedAttempt {
                    at: from_millis(at)?,
                    error: r.attempt_error.unwrap_or_default(),
                }),
                None => None,
            },
        })
    }
}

#[derive(FromRow)]
struct LateExceptionRow {
    team_id: i64,
    accepted_until: i64,
    accepted_by: i64,
    created_at: i64,
}

impl TryFrom<LateExceptionRow> for LateException {
    type Error = StoreError;
    fn try_from(r: LateExceptionRow) -> Result<Self> {
        Ok(LateException {
            team_id: r.team_id,
            accepted_until: from_millis(r.accepted_until)?,
            accepted_by: id_from_db(r.accepted_by),
            created_at: from_millis(r.created_at)?,
        })
    }
}

const COLUMNS: &str = "id, team_id, submitted_by, dataset, model, demo, video, status, verdict, \
     report, created_at, checked_at, attempted_at, attempt_error";

impl Store {
    pub async fn create_submission(&self, new: &NewSubmission<'_>) -> Result<StoredSubmission> {
        let row: SubmissionRow = sqlx::query_as(&format!(
            "INSERT INTO submissions (event_id, team_id, submitted_by, dataset, model, demo, video, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
        ))
        .bind(new.event_id)
        .bind(new.team_id)
        .bind(id_to_db(new.submitted_by))
        .bind(new.dataset)
        .bind(new.model)
        .bind(new.demo)
        .bind(new.video)
        .bind(millis(new.now))
        .fetch_one(&self.pool)
        .await?;
        StoredSubmission::try_from(row)
    }

    /// Stores the outcome of a check that completed (or, with `Unchecked`,
    /// of one that did not, replacing everything: see
    /// [`Store::record_failed_attempt`] to keep the last verdict instead).
    pub async fn set_submission_report(
        &self,
        id: i64,
        status: SubmissionStatus,
        report: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE submissions SET status = $2, verdict = $3, report = $4, checked_at = $5, \
             attempted_at = NULL, attempt_error = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(status.status_column())
        .bind(status.is_verdict().then(|| status.as_str()))
        .bind(report.to_string())
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Replaces a verdict worked out again without the Hub (a late
    /// exception granted or withdrawn), only if the stored report is still
    /// the one made at `checked_at`; `false` when a newer check replaced it
    /// meanwhile. A failed attempt noted beside it stays.
    pub async fn set_verdict_keeping_attempt(
        &self,
        id: i64,
        status: SubmissionStatus,
        report: &serde_json::Value,
        checked_at: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE submissions SET status = $2, verdict = $3, report = $4 \
             WHERE id = $1 AND checked_at = $5 AND verdict IS NOT NULL",
        )
        .bind(id)
        .bind(status.status_column())
        .bind(status.is_verdict().then(|| status.as_str()))
        .bind(report.to_string())
        .bind(millis(checked_at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records a check that could not be completed. A submission with a
    /// verdict keeps it and its report, and only notes the attempt; one
    /// without (its first check) stores `report` as "unchecked". One
    /// statement, so a verdict stored meanwhile is never overwritten.
    pub async fn record_failed_attempt(
        &self,
        id: i64,
        report: &serde_json::Value,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE submissions SET attempted_at = $2, attempt_error = $3, \
             status = CASE WHEN verdict IS NULL THEN 'unchecked' ELSE status END, \
             report = CASE WHEN verdict IS NULL THEN $4 ELSE report END, \
             checked_at = CASE WHEN verdict IS NULL THEN $2 ELSE checked_at END \
             WHERE id = $1",
        )
        .bind(id)
        .bind(millis(now))
        .bind(error)
        .bind(report.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Grants (or moves) the team's late exception.
    pub async fn set_late_exception(
        &self,
        team_id: i64,
        accepted_until: DateTime<Utc>,
        accepted_by: u64,
        now: DateTime<Utc>,
    ) -> Result<LateException> {
        let row: LateExceptionRow = sqlx::query_as(
            "INSERT INTO late_exceptions (team_id, accepted_until, accepted_by, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (team_id) DO UPDATE SET \
             accepted_until = excluded.accepted_until, accepted_by = excluded.accepted_by, \
             created_at = excluded.created_at \
             RETURNING team_id, accepted_until, accepted_by, created_at",
        )
        .bind(team_id)
        .bind(millis(accepted_until))
        .bind(id_to_db(accepted_by))
        .bind(millis(now))
        .fetch_one(&self.pool)
        .await?;
        LateException::try_from(row)
    }

    /// Withdraws the team's late exception; `false` when it had none.
    pub async fn remove_late_exception(&self, team_id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM late_exceptions WHERE team_id = $1")
            .bind(team_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn late_exception(&self, team_id: i64) -> Result<Option<LateException>> {
        let row: Option<LateExceptionRow> = sqlx::query_as(
            "SELECT team_id, accepted_until, accepted_by, created_at FROM late_exceptions \
             WHERE team_id = $1",
        )
        .bind(team_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(LateException::try_from).transpose()
    }

    pub async fn submission(&self, id: i64) -> Result<Option<StoredSubmission>> {
        let row: Option<SubmissionRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM submissions WHERE id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(StoredSubmission::try_from).transpose()
    }

    /// The team's current (latest) submission.
    pub async fn latest_submission(&self, team_id: i64) -> Result<Option<StoredSubmission>> {
        let row: Option<SubmissionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE team_id = $1 ORDER BY id DESC LIMIT 1"
        ))
        .bind(team_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(StoredSubmission::try_from).transpose()
    }

    /// Every submission of the team, newest first.
    pub async fn submission_history(&self, team_id: i64) -> Result<Vec<StoredSubmission>> {
        let rows: Vec<SubmissionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE team_id = $1 ORDER BY id DESC"
        ))
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredSubmission::try_from).collect()
    }

    /// The latest submission of every team of the event.
    pub async fn current_submissions(&self, event_id: &str) -> Result<Vec<StoredSubmission>> {
        let rows: Vec<SubmissionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM submissions s WHERE event_id = $1 AND id = \
             (SELECT MAX(id) FROM submissions s2 WHERE s2.team_id = s.team_id) ORDER BY team_id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredSubmission::try_from).collect()
    }
}
