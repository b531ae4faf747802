//! A judge's comment, private note and extra points, written apart so one
//! never overwrites the other.

use chrono::{DateTime, Utc};
use futures::FutureExt;

use super::{id_to_db, millis, JuryReview, Result, Store, Tx};

/// What pressing "extra points" on a project did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraMoved {
    /// Given to this project, taken from `from` when another had them.
    Given { from: Option<i64> },
    /// This project had them: taken back.
    TakenBack,
    /// The judge is not assigned to the project: nothing was written.
    NotAssigned,
}

/// Locks the assignment row (a no-op update; SQLite takes its write lock
/// at once): 0 rows when the judge is not assigned.
async fn lock_assignment(
    tx: &mut sqlx::AnyConnection,
    event_id: &str,
    team_id: i64,
    judge: u64,
) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE jury_assignments SET assigned_at = assigned_at \
         WHERE event_id = $1 AND team_id = $2 AND judge_id = $3",
    )
    .bind(event_id)
    .bind(team_id)
    .bind(id_to_db(judge))
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1)
}

impl Store {
    /// One judge's review of one project.
    pub async fn jury_review(
        &self,
        event_id: &str,
        team_id: i64,
        judge: u64,
    ) -> Result<Option<JuryReview>> {
        Ok(self
            .jury_reviews(event_id)
            .await?
            .into_iter()
            .find(|r| r.team_id == team_id && r.judge_id == judge))
    }

    /// Saves the comment and note, keeping the extra points; false when
    /// the judge is not assigned.
    pub async fn save_jury_comment(
        &self,
        event_id: &str,
        team_id: i64,
        judge: u64,
        comment: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.transaction(|tx| {
            let (event_id, comment, note) =
                (event_id.to_owned(), comment.to_owned(), note.to_owned());
            async move {
                if !lock_assignment(tx, &event_id, team_id, judge).await? {
                    return Ok(Tx::Rollback(false));
                }
                sqlx::query(
                    "INSERT INTO jury_reviews \
                     (event_id, team_id, judge_id, comment, note, extra_halves, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, 0, $6) \
                     ON CONFLICT (event_id, team_id, judge_id) DO UPDATE SET \
                     comment = excluded.comment, note = excluded.note, \
                     updated_at = excluded.updated_at",
                )
                .bind(event_id.as_str())
                .bind(team_id)
                .bind(id_to_db(judge))
                .bind(comment.as_str())
                .bind(note.as_str())
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                Ok(Tx::Commit(true))
            }
            .boxed()
        })
        .await
    }

    /// Gives the judge's extra points (`halves`) to `team_id`, taking them
    /// from any other project in the same transaction; when `team_id`
    /// already has them, takes them back. Comments stay.
    pub async fn toggle_jury_extra(
        &self,
        event_id: &str,
        team_id: i64,
        judge: u64,
        halves: u32,
        now: DateTime<Utc>,
    ) -> Result<ExtraMoved> {
        self.transaction(|tx| {
            let event_id = event_id.to_owned();
            async move {
                let event_id = event_id.as_str();
                if !lock_assignment(tx, event_id, team_id, judge).await? {
                    return Ok(Tx::Rollback(ExtraMoved::NotAssigned));
                }
                let holder: Option<i64> = sqlx::query_scalar(
                    "SELECT team_id FROM jury_reviews WHERE event_id = $1 \
                     AND judge_id = $2 AND extra_halves > 0",
                )
                .bind(event_id)
                .bind(id_to_db(judge))
                .fetch_optional(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE jury_reviews SET extra_halves = 0, updated_at = $3 \
                     WHERE event_id = $1 AND judge_id = $2 AND extra_halves > 0",
                )
                .bind(event_id)
                .bind(id_to_db(judge))
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                if holder == Some(team_id) {
                    return Ok(Tx::Commit(ExtraMoved::TakenBack));
                }
                sqlx::query(
                    "INSERT INTO jury_reviews \
                     (event_id, team_id, judge_id, comment, note, extra_halves, updated_at) \
                     VALUES ($1, $2, $3, '', '', $4, $5) \
                     ON CONFLICT (event_id, team_id, judge_id) DO UPDATE SET \
                     extra_halves = excluded.extra_halves, updated_at = excluded.updated_at",
                )
                .bind(event_id)
                .bind(team_id)
                .bind(id_to_db(judge))
                .bind(i64::from(halves))
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                Ok(Tx::Commit(ExtraMoved::Given { from: holder }))
            }
            .boxed()
        })
        .await
    }
}
