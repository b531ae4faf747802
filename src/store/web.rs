//! What the web pages keep: who agreed to be listed on the project gallery.

use chrono::{DateTime, Utc};

use super::{id_from_db, id_to_db, millis, Result, Store};

/// A person who agreed to be listed, under the name they had then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicProfile {
    pub user_id: u64,
    pub display_name: String,
}

impl Store {
    /// A cheap stamp of what the public gallery is made of (counts and
    /// latest times of submissions and their checks, teams, members,
    /// listed profiles, likes snapshots, the results' publication): when
    /// it is unchanged, a gallery built earlier is still right — except
    /// for edits that leave all of these alone (a rename), which the
    /// cache's short lifetime covers.
    pub async fn gallery_stamp(&self, event_id: &str) -> Result<Vec<i64>> {
        self.idempotent(|| async {
            let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
                "SELECT                  (SELECT COUNT(*) FROM submissions WHERE event_id = $1),                  (SELECT COALESCE(MAX(id), 0) FROM submissions WHERE event_id = $1),                  (SELECT COALESCE(MAX(checked_at), 0) FROM submissions WHERE event_id = $1),                  (SELECT COUNT(*) FROM teams WHERE event_id = $1),                  (SELECT COUNT(*) FROM memberships WHERE event_id = $1),                  (SELECT COALESCE(MAX(updated_at), 0) FROM public_profiles WHERE event_id = $1),                  (SELECT COALESCE(MAX(id), 0) FROM likes_snapshots WHERE event_id = $1),                  (SELECT COUNT(*) FROM jury_publications WHERE event_id = $1 AND state = 'posted'), \
                 (SELECT COUNT(*) FROM project_likes_snapshots WHERE event_id = $1)",
            )
            .bind(event_id)
            .fetch_one(&self.pool)
            .await?;
            Ok(vec![
                row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
            ])
        })
        .await
    }

    /// Whether the jury's results were posted (`jury_publications` in state
    /// `posted`): before that the public pages show no podium.
    pub async fn results_posted(&self, event_id: &str) -> Result<bool> {
        self.idempotent(|| async {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM jury_publications WHERE event_id = $1 AND state = 'posted'",
            )
            .bind(event_id)
            .fetch_one(&self.pool)
            .await?;
            Ok(n > 0)
        })
        .await
    }

    /// `/profile public` (listed) or `/profile private` (not listed). The
    /// name is refreshed on every opt-in; opting out keeps no name.
    pub async fn set_profile_listing(
        &self,
        event_id: &str,
        user_id: u64,
        display_name: &str,
        listed: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let name = if listed { display_name } else { "" };
        self.idempotent(|| async {
            sqlx::query(
                "INSERT INTO public_profiles (event_id, user_id, display_name, listed, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (event_id, user_id) DO UPDATE SET \
                 display_name = excluded.display_name, listed = excluded.listed, \
                 updated_at = excluded.updated_at",
            )
            .bind(event_id)
            .bind(id_to_db(user_id))
            .bind(name)
            .bind(i64::from(listed))
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await
    }

    /// Everyone of the event who is listed, in no particular order.
    pub async fn listed_profiles(&self, event_id: &str) -> Result<Vec<PublicProfile>> {
        self.idempotent(|| async {
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT user_id, display_name FROM public_profiles \
                 WHERE event_id = $1 AND listed = 1",
            )
            .bind(event_id)
            .fetch_all(&self.pool)
            .await?;
            Ok(rows
                .into_iter()
                .map(|(user_id, display_name)| PublicProfile {
                    user_id: id_from_db(user_id),
                    display_name,
                })
                .collect())
        })
        .await
    }
}

/// An organizer's signed-in session on the dashboard.
#[derive(Clone, PartialEq, Eq)]
pub struct WebSession {
    pub user_id: u64,
    pub csrf_token: String,
    pub access_token: crate::secret::Secret,
    pub expires_at: DateTime<Utc>,
    pub role_checked_at: DateTime<Utc>,
}

impl std::fmt::Debug for WebSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebSession")
            .field("user_id", &self.user_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Remembers a login under way (its OAuth2 `state` and PKCE verifier).
    pub async fn begin_web_login(
        &self,
        state: &str,
        pkce_verifier: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO web_logins (state, pkce_verifier, created_at) VALUES ($1, $2, $3)",
        )
        .bind(state)
        .bind(pkce_verifier)
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Takes the login `state` names, once: the verifier if it was begun
    /// after `not_before`. A replayed or stale state gives `None`.
    pub async fn take_web_login(
        &self,
        state: &str,
        not_before: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "DELETE FROM web_logins WHERE state = $1 RETURNING pkce_verifier, created_at",
        )
        .bind(state)
        .fetch_optional(&self.pool)
        .await?;
        sqlx::query("DELETE FROM web_logins WHERE created_at < $1")
            .bind(millis(not_before))
            .execute(&self.pool)
            .await?;
        Ok(row
            .filter(|(_, created)| *created >= millis(not_before))
            .map(|(v, _)| v))
    }

    /// Opens a session; `token_hash` is the SHA-256 of the cookie's token.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_web_session(
        &self,
        token_hash: &str,
        event_id: &str,
        user_id: u64,
        csrf_token: &str,
        access_token: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO web_sessions (token_hash, event_id, user_id, csrf_token, access_token, \
             created_at, expires_at, role_checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6)",
        )
        .bind(token_hash)
        .bind(event_id)
        .bind(id_to_db(user_id))
        .bind(csrf_token)
        .bind(access_token)
        .bind(millis(now))
        .bind(millis(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session with this token hash, if any.
    pub async fn web_session(
        &self,
        event_id: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<WebSession>> {
        self.idempotent(|| async {
            let row: Option<(i64, String, String, i64, i64)> = sqlx::query_as(
                "SELECT user_id, csrf_token, access_token, expires_at, role_checked_at \
                 FROM web_sessions WHERE token_hash = $1 AND event_id = $2 AND expires_at > $3",
            )
            .bind(token_hash)
            .bind(event_id)
            .bind(millis(now))
            .fetch_optional(&self.pool)
            .await?;
            row.map(|(user, csrf, access, expires, checked)| {
                Ok(WebSession {
                    user_id: id_from_db(user),
                    csrf_token: csrf,
                    access_token: crate::secret::Secret::new(access),
                    expires_at: super::from_millis(expires)?,
                    role_checked_at: super::from_millis(checked)?,
                })
            })
            .transpose()
        })
        .await
    }

    /// Records that the organizer role was confirmed now.
    pub async fn touch_web_session_role(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE web_sessions SET role_checked_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends a session (logout, or the role is gone); also drops expired ones.
    pub async fn end_web_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("DELETE FROM web_sessions WHERE token_hash = $1 OR expires_at <= $2")
            .bind(token_hash)
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
