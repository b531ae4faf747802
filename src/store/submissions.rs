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
    Incomplete,
    /// The Hub could not be reached; the links are kept, re-check later.
    Unchecked,
}

impl SubmissionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Checking => "checking",
            Self::Complete => "complete",
            Self::Incomplete => "incomplete",
            Self::Unchecked => "unchecked",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "checking" => Self::Checking,
            "complete" => Self::Complete,
            "incomplete" => Self::Incomplete,
            "unchecked" => Self::Unchecked,
            other => return Err(StoreError::Corrupt(format!("submission status {other}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub id: i64,
    pub team_id: i64,
    pub submitted_by: u64,
    pub dataset: String,
    pub model: Option<String>,
    pub demo: Option<String>,
    pub video: Option<String>,
    pub status: SubmissionStatus,
    pub report: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub checked_at: Option<DateTime<Utc>>,
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
    report: Option<String>,
    created_at: i64,
    checked_at: Option<i64>,
}

impl TryFrom<SubmissionRow> for Submission {
    type Error = StoreError;
    fn try_from(r: SubmissionRow) -> Result<Self> {
        Ok(Submission {
            id: r.id,
            team_id: r.team_id,
            submitted_by: id_from_db(r.submitted_by),
            dataset: r.dataset,
            model: r.model,
            demo: r.demo,
            video: r.video,
            status: SubmissionStatus::parse(&r.status)?,
            report: r
                .report
                .map(|s| serde_json::from_str(&s))
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("submission report: {e}")))?,
            created_at: from_millis(r.created_at)?,
            checked_at: from_millis_opt(r.checked_at)?,
        })
    }
}

const COLUMNS: &str =
    "id, team_id, submitted_by, dataset, model, demo, video, status, report, created_at, checked_at";

impl Store {
    pub async fn create_submission(&self, new: &NewSubmission<'_>) -> Result<Submission> {
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
        Submission::try_from(row)
    }

    /// Stores the outcome of a check.
    pub async fn set_submission_report(
        &self,
        id: i64,
        status: SubmissionStatus,
        report: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE submissions SET status = $2, report = $3, checked_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(status.as_str())
        .bind(report.to_string())
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The team's current (latest) submission.
    pub async fn latest_submission(&self, team_id: i64) -> Result<Option<Submission>> {
        let row: Option<SubmissionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE team_id = $1 ORDER BY id DESC LIMIT 1"
        ))
        .bind(team_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Submission::try_from).transpose()
    }

    /// Every submission of the team, newest first.
    pub async fn submission_history(&self, team_id: i64) -> Result<Vec<Submission>> {
        let rows: Vec<SubmissionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM submissions WHERE team_id = $1 ORDER BY id DESC"
        ))
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Submission::try_from).collect()
    }

    /// The latest submission of every team of the event.
    pub async fn current_submissions(&self, event_id: &str) -> Result<Vec<Submission>> {
        let rows: Vec<SubmissionRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM submissions s WHERE event_id = $1 AND id = \
             (SELECT MAX(id) FROM submissions s2 WHERE s2.team_id = s.team_id) ORDER BY team_id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Submission::try_from).collect()
    }
}
