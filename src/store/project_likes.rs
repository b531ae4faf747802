//! The likes snapshot behind the honourable mention: each submitted
//! project's likes on the Hub at one moment, stored once per event.

use chrono::{DateTime, Utc};
use futures::FutureExt;
use sqlx::FromRow;

use super::{from_millis, millis, Result, Store, StoreError, Tx};

/// One project's likes as the snapshot counted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLikes {
    pub team_id: i64,
    /// The sum over the project's repos.
    pub likes: u64,
    /// The repos counted: JSON `[{"id": "org/name", "likes": 3}, …]`.
    pub repos: serde_json::Value,
}

/// The snapshot: when it was taken and every project's likes, most liked
/// first (ties by team id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLikesSnapshot {
    pub taken_at: DateTime<Utc>,
    pub projects: Vec<ProjectLikes>,
}

#[derive(FromRow)]
struct Row {
    team_id: i64,
    likes: i64,
    repos: String,
}

impl Store {
    /// Stores the snapshot unless one was stored for the event already;
    /// true when this call stored it. The marker row is written first, so
    /// of two concurrent callers one stores and the other gets false.
    pub async fn store_project_likes(
        &self,
        event_id: &str,
        projects: &[ProjectLikes],
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.transaction(|tx| {
            let (event_id, projects) = (event_id.to_owned(), projects.to_vec());
            async move {
                let event_id = event_id.as_str();
                let marked = sqlx::query(
                    "INSERT INTO project_likes_snapshots (event_id, taken_at) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(event_id)
                .bind(millis(now))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if marked == 0 {
                    return Ok(Tx::Rollback(false));
                }
                for p in &projects {
                    let likes = i64::try_from(p.likes)
                        .map_err(|_| StoreError::Corrupt(format!("likes {}", p.likes)))?;
                    // A team disbanded since it was read is left out.
                    sqlx::query(
                        "INSERT INTO project_likes (event_id, team_id, likes, repos) \
                         SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM teams WHERE id = $2)",
                    )
                    .bind(event_id)
                    .bind(p.team_id)
                    .bind(likes)
                    .bind(p.repos.to_string())
                    .execute(&mut *tx)
                    .await?;
                }
                Ok(Tx::Commit(true))
            }
            .boxed()
        })
        .await
    }

    /// The event's snapshot, if it was taken.
    pub async fn project_likes(&self, event_id: &str) -> Result<Option<ProjectLikesSnapshot>> {
        self.idempotent(|| async {
            let taken: Option<i64> = sqlx::query_scalar(
                "SELECT taken_at FROM project_likes_snapshots WHERE event_id = $1",
            )
            .bind(event_id)
            .fetch_optional(&self.pool)
            .await?;
            let Some(taken) = taken else {
                return Ok(None);
            };
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT team_id, likes, repos FROM project_likes WHERE event_id = $1 \
                 ORDER BY likes DESC, team_id",
            )
            .bind(event_id)
            .fetch_all(&self.pool)
            .await?;
            let projects = rows
                .into_iter()
                .map(|r| {
                    Ok(ProjectLikes {
                        team_id: r.team_id,
                        likes: u64::try_from(r.likes)
                            .map_err(|_| StoreError::Corrupt(format!("likes {}", r.likes)))?,
                        repos: serde_json::from_str(&r.repos)
                            .map_err(|e| StoreError::Corrupt(format!("project likes: {e}")))?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Some(ProjectLikesSnapshot {
                taken_at: from_millis(taken)?,
                projects,
            }))
        })
        .await
    }
}
