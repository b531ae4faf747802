//! "Looking for a team" posts: one open post per person; it closes when the
//! person joins a team.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use futures::FutureExt;

use super::caps::{lock_scope, CapReached};
use super::teams::escape_like;
use super::{from_millis, from_millis_opt, id_from_db, id_to_db, millis, Result, Store, Tx};

/// A person's post in the find-a-team channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LftPost {
    pub id: i64,
    pub user_id: u64,
    pub thread_id: Option<u64>,
    pub topic: String,
    pub skills: String,
    pub languages: String,
    pub time_zone: String,
    pub open: bool,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// What is needed to record a post; the texts are already cleaned.
#[derive(Debug, Clone)]
pub struct NewLftPost {
    pub event_id: String,
    pub user_id: u64,
    pub topic: String,
    pub skills: String,
    pub languages: String,
    pub time_zone: String,
    pub now: DateTime<Utc>,
}

/// Filters of [`Store::list_lft_posts`]; both match case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LftFilter {
    pub skill: Option<String>,
    pub topic: Option<String>,
}

/// A page of open posts and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LftPage {
    pub posts: Vec<LftPost>,
    pub total: u64,
}

#[derive(FromRow)]
struct LftRow {
    id: i64,
    user_id: i64,
    thread_id: Option<i64>,
    topic: String,
    skills: String,
    languages: String,
    time_zone: String,
    status: String,
    created_at: i64,
    closed_at: Option<i64>,
}

impl TryFrom<LftRow> for LftPost {
    type Error = super::StoreError;

    fn try_from(r: LftRow) -> Result<Self> {
        Ok(LftPost {
            id: r.id,
            user_id: id_from_db(r.user_id),
            thread_id: r.thread_id.map(id_from_db),
            topic: r.topic,
            skills: r.skills,
            languages: r.languages,
            time_zone: r.time_zone,
            open: r.status == "open",
            created_at: from_millis(r.created_at)?,
            closed_at: from_millis_opt(r.closed_at)?,
        })
    }
}

const COLUMNS: &str = "id, user_id, thread_id, topic, skills, languages, time_zone, status, \
     created_at, closed_at";

impl Store {
    /// Records an open post; `None` when the person already has one open.
    pub async fn create_lft_post(&self, new: &NewLftPost) -> Result<Option<LftPost>> {
        let row: Option<LftRow> = sqlx::query_as(&format!(
            "INSERT INTO lft_posts (event_id, user_id, topic, skills, languages, time_zone, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (event_id, user_id) WHERE status = 'open' DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(&new.event_id)
        .bind(id_to_db(new.user_id))
        .bind(&new.topic)
        .bind(&new.skills)
        .bind(&new.languages)
        .bind(&new.time_zone)
        .bind(millis(new.now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(LftPost::try_from).transpose()
    }

    /// Records an open post unless the person made `per_day` posts in the
    /// last 24 hours (checked after the person's cap lock, so simultaneous
    /// posts never pass it). `Err(CapReached)` says when the oldest of them
    /// leaves the window; `Ok(None)` when a post is already open.
    pub async fn create_lft_post_capped(
        &self,
        new: &NewLftPost,
        per_day: u32,
    ) -> Result<std::result::Result<Option<LftPost>, CapReached>> {
        self.transaction(|conn| {
            let new = new.clone();
            async move {
                lock_scope(conn, &format!("lft:{}:{}", new.event_id, new.user_id)).await?;
                let window = new.now - chrono::Duration::hours(24);
                let recent: Vec<i64> = sqlx::query_scalar(
                    "SELECT created_at FROM lft_posts \
                     WHERE event_id = $1 AND user_id = $2 AND created_at > $3 ORDER BY created_at",
                )
                .bind(&new.event_id)
                .bind(id_to_db(new.user_id))
                .bind(millis(window))
                .fetch_all(&mut *conn)
                .await?;
                if recent.len() >= per_day as usize {
                    let resets_at = from_millis_opt(recent.first().copied())?
                        .map(|t| t + chrono::Duration::hours(24));
                    return Ok(Tx::Rollback(Err(CapReached {
                        cap: per_day,
                        resets_at,
                    })));
                }
                let row: Option<LftRow> = sqlx::query_as(&format!(
                    "INSERT INTO lft_posts (event_id, user_id, topic, skills, languages, time_zone, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (event_id, user_id) WHERE status = 'open' DO NOTHING RETURNING {COLUMNS}"
                ))
                .bind(&new.event_id)
                .bind(id_to_db(new.user_id))
                .bind(&new.topic)
                .bind(&new.skills)
                .bind(&new.languages)
                .bind(&new.time_zone)
                .bind(millis(new.now))
                .fetch_optional(&mut *conn)
                .await?;
                let post = row.map(LftPost::try_from).transpose()?;
                Ok(Tx::Commit(Ok(post)))
            }
            .boxed()
        })
        .await
    }

    /// Records the thread made for a post.
    pub async fn set_lft_thread(&self, id: i64, thread_id: u64) -> Result<()> {
        sqlx::query("UPDATE lft_posts SET thread_id = $2 WHERE id = $1")
            .bind(id)
            .bind(id_to_db(thread_id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets a post whose thread could not be made.
    pub async fn delete_lft_post(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM lft_posts WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes the open posts of a person; returns what was closed.
    pub async fn close_lft_posts_of(
        &self,
        event_id: &str,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<Vec<LftPost>> {
        let rows: Vec<LftRow> = sqlx::query_as(&format!(
            "UPDATE lft_posts SET status = 'closed', closed_at = $3 \
             WHERE event_id = $1 AND user_id = $2 AND status = 'open' RETURNING {COLUMNS}"
        ))
        .bind(event_id)
        .bind(id_to_db(user_id))
        .bind(millis(now))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(LftPost::try_from).collect()
    }

    /// One page of open posts, newest first.
    pub async fn list_lft_posts(
        &self,
        event_id: &str,
        filter: &LftFilter,
        offset: u32,
        limit: u32,
    ) -> Result<LftPage> {
        let like = |s: &Option<String>| {
            format!(
                "%{}%",
                escape_like(&s.as_deref().unwrap_or("").trim().to_lowercase())
            )
        };
        let condition = "event_id = $1 AND status = 'open' \
             AND LOWER(skills) LIKE $2 ESCAPE '\\' AND LOWER(topic) LIKE $3 ESCAPE '\\'";
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM lft_posts WHERE {condition}"))
                .bind(event_id)
                .bind(like(&filter.skill))
                .bind(like(&filter.topic))
                .fetch_one(&self.pool)
                .await?;
        let rows: Vec<LftRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM lft_posts WHERE {condition} \
             ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"
        ))
        .bind(event_id)
        .bind(like(&filter.skill))
        .bind(like(&filter.topic))
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        Ok(LftPage {
            posts: rows
                .into_iter()
                .map(LftPost::try_from)
                .collect::<Result<_>>()?,
            total: total.max(0) as u64,
        })
    }
}
