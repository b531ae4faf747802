//! The jury's rows: conflicts, assignments, scores, reviews, the claimed
//! publication, accepted submissions and certificates.

use chrono::{DateTime, Utc};
use futures::FutureExt;
use sqlx::FromRow;

use super::{from_millis, id_from_db, id_to_db, millis, Result, Store, StoreError, Tx};

/// A stored assignment and whether the judge has scored it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JuryAssignment {
    pub team_id: i64,
    pub judge_id: u64,
    pub scored: bool,
}

/// One judge's score for one group of one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JuryScore {
    pub team_id: i64,
    pub judge_id: u64,
    pub group_id: String,
    pub halves: u32,
}

/// A judge's comment, private note and extra points for one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JuryReview {
    pub team_id: i64,
    pub judge_id: u64,
    pub comment: String,
    pub note: String,
    pub extra_halves: u32,
}

/// What saving a score did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreSaved {
    /// The previous value, if any (for the audit log).
    Saved { previous: Option<u32> },
    /// The judge is not assigned to the project: nothing was written.
    NotAssigned,
}

/// What giving extra points did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraSaved {
    Saved,
    NotAssigned,
    /// The judge already gave their extra points to this team.
    AlreadyGiven {
        team_id: i64,
    },
}

/// Who may publish now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicationClaim {
    /// This caller holds the claim and must post, then call
    /// [`Store::finish_publication`].
    Claimed,
    /// Results were posted already (message id).
    AlreadyPosted(Option<u64>),
    /// Another caller claimed less than the lease ago and may be posting.
    InProgress,
}

/// An issued certificate as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    pub user_id: u64,
    pub code: String,
    pub content: String,
    pub issued_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct AssignmentRow {
    team_id: i64,
    judge_id: i64,
    scored: i64,
}

#[derive(FromRow)]
struct ScoreRow {
    team_id: i64,
    judge_id: i64,
    group_id: String,
    halves: i64,
}

#[derive(FromRow)]
struct ReviewRow {
    team_id: i64,
    judge_id: i64,
    comment: String,
    note: String,
    extra_halves: i64,
}

#[derive(FromRow)]
struct CertificateRow {
    user_id: i64,
    code: String,
    content: String,
    issued_at: i64,
}

fn halves_from_db(v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("half points {v}")))
}

impl Store {
    /// Records that `judge` may not judge `team`; true when new.
    pub async fn declare_jury_conflict(
        &self,
        event_id: &str,
        judge: u64,
        team_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.idempotent(|| async {
            let done = sqlx::query(
                "INSERT INTO jury_conflicts (event_id, judge_id, team_id, reason, declared_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(event_id)
            .bind(id_to_db(judge))
            .bind(team_id)
            .bind(reason)
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    /// Every declared conflict: (judge, team).
    pub async fn jury_conflicts(&self, event_id: &str) -> Result<Vec<(u64, i64)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT judge_id, team_id FROM jury_conflicts WHERE event_id = $1 \
             ORDER BY judge_id, team_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(j, t)| (id_from_db(j), t)).collect())
    }

    /// Who answered or claimed a help post written by a member of each
    /// team: (team, helper).
    pub async fn team_helpers(&self, event_id: &str) -> Result<Vec<(i64, u64)>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT DISTINCT m.team_id, h.helper FROM memberships m JOIN ( \
                 SELECT event_id, author_id, claimed_by AS helper FROM tickets \
                     WHERE claimed_by IS NOT NULL \
                 UNION SELECT event_id, author_id, first_responder_id FROM tickets \
                     WHERE first_responder_id IS NOT NULL \
             ) h ON h.event_id = m.event_id AND h.author_id = m.user_id \
             WHERE m.event_id = $1 ORDER BY m.team_id, h.helper",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(t, h)| (t, id_from_db(h))).collect())
    }

    /// Every assignment, with whether it has scores.
    pub async fn jury_assignments(&self, event_id: &str) -> Result<Vec<JuryAssignment>> {
        let rows: Vec<AssignmentRow> = sqlx::query_as(
            "SELECT a.team_id, a.judge_id, \
                 CASE WHEN EXISTS (SELECT 1 FROM jury_scores s WHERE s.event_id = a.event_id \
                     AND s.team_id = a.team_id AND s.judge_id = a.judge_id) \
                 THEN 1 ELSE 0 END AS scored \
             FROM jury_assignments a WHERE a.event_id = $1 ORDER BY a.team_id, a.judge_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| JuryAssignment {
                team_id: r.team_id,
                judge_id: id_from_db(r.judge_id),
                scored: r.scored != 0,
            })
            .collect())
    }

    /// Applies a planned assignment in one transaction: adds `added`, drops
    /// `removed` unless a score arrived meanwhile. Returns (added, removed).
    pub async fn apply_jury_assignment(
        &self,
        event_id: &str,
        added: &[(i64, u64)],
        removed: &[(i64, u64)],
        by: u64,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize)> {
        self.transaction(|tx| {
            let event_id = event_id.to_owned();
            let (added, removed) = (added.to_vec(), removed.to_vec());
            async move {
                let event_id = event_id.as_str();
                let mut n_added = 0;
                for (team, judge) in &added {
                    n_added += sqlx::query(
                        "INSERT INTO jury_assignments \
                         (event_id, team_id, judge_id, assigned_by, assigned_at) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                    )
                    .bind(event_id)
                    .bind(*team)
                    .bind(id_to_db(*judge))
                    .bind(id_to_db(by))
                    .bind(millis(now))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected() as usize;
                }
                let mut n_removed = 0;
                for (team, judge) in &removed {
                    n_removed += sqlx::query(
                        "DELETE FROM jury_assignments WHERE event_id = $1 \
                         AND team_id = $2 AND judge_id = $3 \
                         AND NOT EXISTS (SELECT 1 FROM jury_scores s WHERE s.event_id = $1 \
                             AND s.team_id = $2 AND s.judge_id = $3) \
                         AND NOT EXISTS (SELECT 1 FROM jury_reviews r WHERE r.event_id = $1 \
                             AND r.team_id = $2 AND r.judge_id = $3)",
                    )
                    .bind(event_id)
                    .bind(*team)
                    .bind(id_to_db(*judge))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected() as usize;
                }
                Ok(Tx::Commit((n_added, n_removed)))
            }
            .boxed()
        })
        .await
    }

    /// Whether `judge` is assigned to `team`.
    pub async fn is_jury_assigned(&self, event_id: &str, team_id: i64, judge: u64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM jury_assignments WHERE event_id = $1 AND team_id = $2 \
             AND judge_id = $3",
        )
        .bind(event_id)
        .bind(team_id)
        .bind(id_to_db(judge))
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Saves a group score, only for an assigned judge.
    pub async fn save_jury_score(
        &self,
        event_id: &str,
        team_id: i64,
        judge: u64,
        group_id: &str,
        halves: u32,
        now: DateTime<Utc>,
    ) -> Result<ScoreSaved> {
        self.transaction(|tx| {
            let (event_id, group_id) = (event_id.to_owned(), group_id.to_owned());
            async move {
                let (event_id, group_id) = (event_id.as_str(), group_id.as_str());
                // The write first (SQLite takes its lock at once): a no-op
                // update that fails when unassigned.
                let assigned = sqlx::query(
                    "UPDATE jury_assignments SET assigned_at = assigned_at \
                     WHERE event_id = $1 AND team_id = $2 AND judge_id = $3",
                )
                .bind(event_id)
                .bind(team_id)
                .bind(id_to_db(judge))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if assigned == 0 {
                    return Ok(Tx::Rollback(ScoreSaved::NotAssigned));
                }
                let previous: Option<i64> = sqlx::query_scalar(
                    "SELECT halves FROM jury_scores WHERE event_id = $1 AND team_id = $2 \
                     AND judge_id = $3 AND group_id = $4",
                )
                .bind(event_id)
                .bind(team_id)
                .bind(id_to_db(judge))
                .bind(group_id)
                .fetch_optional(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO jury_scores \
                     (event_id, team_id, judge_id, group_id, halves, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (event_id, team_id, judge_id, group_id) \
                     DO UPDATE SET halves = excluded.halves, updated_at = excluded.updated_at",
                )
                .bind(event_id)
                .bind(team_id)
                .bind(id_to_db(judge))
                .bind(group_id)
                .bind(i64::from(halves))
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                let previous = previous.map(halves_from_db).transpose()?;
                Ok(Tx::Commit(ScoreSaved::Saved { previous }))
            }
            .boxed()
        })
        .await
    }

    /// Saves a judge's comment to the team, private note and extra points
    /// (0 takes them back). One project per judge may have extra points.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_jury_review(
        &self,
        event_id: &str,
        team_id: i64,
        judge: u64,
        comment: &str,
        note: &str,
        extra_halves: u32,
        now: DateTime<Utc>,
    ) -> Result<ExtraSaved> {
        self.transaction(|tx| {
            let (event_id, comment, note) =
                (event_id.to_owned(), comment.to_owned(), note.to_owned());
            async move {
                let (event_id, comment, note) =
                    (event_id.as_str(), comment.as_str(), note.as_str());
                let assigned = sqlx::query(
                    "UPDATE jury_assignments SET assigned_at = assigned_at \
                     WHERE event_id = $1 AND team_id = $2 AND judge_id = $3",
                )
                .bind(event_id)
                .bind(team_id)
                .bind(id_to_db(judge))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if assigned == 0 {
                    return Ok(Tx::Rollback(ExtraSaved::NotAssigned));
                }
                if extra_halves > 0 {
                    let other: Option<i64> = sqlx::query_scalar(
                        "SELECT team_id FROM jury_reviews WHERE event_id = $1 \
                         AND judge_id = $2 AND extra_halves > 0 AND team_id <> $3",
                    )
                    .bind(event_id)
                    .bind(id_to_db(judge))
                    .bind(team_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some(team_id) = other {
                        return Ok(Tx::Rollback(ExtraSaved::AlreadyGiven { team_id }));
                    }
                }
                sqlx::query(
                    "INSERT INTO jury_reviews \
                     (event_id, team_id, judge_id, comment, note, extra_halves, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (event_id, team_id, judge_id) DO UPDATE SET \
                     comment = excluded.comment, note = excluded.note, \
                     extra_halves = excluded.extra_halves, updated_at = excluded.updated_at",
                )
                .bind(event_id)
                .bind(team_id)
                .bind(id_to_db(judge))
                .bind(comment)
                .bind(note)
                .bind(i64::from(extra_halves))
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                Ok(Tx::Commit(ExtraSaved::Saved))
            }
            .boxed()
        })
        .await
    }

    /// Every score of the event.
    pub async fn jury_scores(&self, event_id: &str) -> Result<Vec<JuryScore>> {
        let rows: Vec<ScoreRow> = sqlx::query_as(
            "SELECT team_id, judge_id, group_id, halves FROM jury_scores WHERE event_id = $1 \
             ORDER BY team_id, judge_id, group_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(JuryScore {
                    team_id: r.team_id,
                    judge_id: id_from_db(r.judge_id),
                    group_id: r.group_id,
                    halves: halves_from_db(r.halves)?,
                })
            })
            .collect()
    }

    /// Every review of the event.
    pub async fn jury_reviews(&self, event_id: &str) -> Result<Vec<JuryReview>> {
        let rows: Vec<ReviewRow> = sqlx::query_as(
            "SELECT team_id, judge_id, comment, note, extra_halves FROM jury_reviews \
             WHERE event_id = $1 ORDER BY team_id, judge_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(JuryReview {
                    team_id: r.team_id,
                    judge_id: id_from_db(r.judge_id),
                    comment: r.comment,
                    note: r.note,
                    extra_halves: halves_from_db(r.extra_halves)?,
                })
            })
            .collect()
    }

    /// Claims the publication of results. A claim older than `lease` (its
    /// holder died mid-way) may be taken over; a posted one never is.
    pub async fn claim_publication(
        &self,
        event_id: &str,
        nonce: &str,
        by: u64,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> Result<PublicationClaim> {
        self.transaction(|tx| {
            let (event_id, nonce) = (event_id.to_owned(), nonce.to_owned());
            async move {
                let (event_id, nonce) = (event_id.as_str(), nonce.as_str());
                let taken = sqlx::query(
                    "INSERT INTO jury_publications (event_id, nonce, state, claimed_by, claimed_at) \
                     VALUES ($1, $2, 'claimed', $3, $4) \
                     ON CONFLICT (event_id) DO UPDATE SET nonce = excluded.nonce, \
                     claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at \
                     WHERE jury_publications.state = 'claimed' \
                     AND jury_publications.claimed_at < $5",
                )
                .bind(event_id)
                .bind(nonce)
                .bind(id_to_db(by))
                .bind(millis(now))
                .bind(millis(now - lease))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if taken == 1 {
                    return Ok(Tx::Commit(PublicationClaim::Claimed));
                }
                let (state, message): (String, Option<i64>) = sqlx::query_as(
                    "SELECT state, message_id FROM jury_publications WHERE event_id = $1",
                )
                .bind(event_id)
                .fetch_one(&mut *tx)
                .await?;
                Ok(Tx::Commit(if state == "posted" {
                    PublicationClaim::AlreadyPosted(message.map(id_from_db))
                } else {
                    PublicationClaim::InProgress
                }))
            }
            .boxed()
        })
        .await
    }

    /// Marks the publication done, if `nonce` still holds the claim.
    pub async fn finish_publication(
        &self,
        event_id: &str,
        nonce: &str,
        message_id: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.idempotent(|| async {
            let done = sqlx::query(
                "UPDATE jury_publications SET state = 'posted', message_id = $3, posted_at = $4 \
                 WHERE event_id = $1 AND nonce = $2 AND state = 'claimed'",
            )
            .bind(event_id)
            .bind(nonce)
            .bind(message_id.map(id_to_db))
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    /// Records that organizers accepted a team's submission; true when new.
    pub async fn accept_submission(
        &self,
        event_id: &str,
        team_id: i64,
        by: u64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.idempotent(|| async {
            let done = sqlx::query(
                "INSERT INTO submission_acceptances (event_id, team_id, accepted_by, accepted_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(event_id)
            .bind(team_id)
            .bind(id_to_db(by))
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    /// Takes back organizers' acceptance of a team's submission; true when
    /// it was accepted.
    pub async fn unaccept_submission(&self, event_id: &str, team_id: i64) -> Result<bool> {
        self.idempotent(|| async {
            let done = sqlx::query(
                "DELETE FROM submission_acceptances WHERE event_id = $1 AND team_id = $2",
            )
            .bind(event_id)
            .bind(team_id)
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
        .await
    }

    /// The teams whose submission organizers accepted.
    pub async fn accepted_teams(&self, event_id: &str) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT team_id FROM submission_acceptances WHERE event_id = $1 ORDER BY team_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Sets the name printed on a person's certificate.
    pub async fn set_certificate_name(
        &self,
        event_id: &str,
        user_id: u64,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.idempotent(|| async {
            sqlx::query(
                "INSERT INTO certificate_names (event_id, user_id, name, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (event_id, user_id) \
                 DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
            )
            .bind(event_id)
            .bind(id_to_db(user_id))
            .bind(name)
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await
    }

    /// Every name set for a certificate: (user, name).
    pub async fn certificate_names(&self, event_id: &str) -> Result<Vec<(u64, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT user_id, name FROM certificate_names WHERE event_id = $1 ORDER BY user_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(u, n)| (id_from_db(u), n)).collect())
    }

    /// Stores (or replaces, when the content changed) a person's certificate.
    pub async fn store_certificate(
        &self,
        event_id: &str,
        user_id: u64,
        code: &str,
        content: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.idempotent(|| async {
            sqlx::query(
                "INSERT INTO certificates (event_id, user_id, code, content, issued_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id, user_id) DO UPDATE SET \
                 code = excluded.code, content = excluded.content, issued_at = excluded.issued_at \
                 WHERE certificates.code <> excluded.code",
            )
            .bind(event_id)
            .bind(id_to_db(user_id))
            .bind(code)
            .bind(content)
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await
    }

    /// The certificate with this code, in any event.
    pub async fn certificate_by_code(&self, code: &str) -> Result<Option<StoredCertificate>> {
        let row: Option<CertificateRow> = sqlx::query_as(
            "SELECT user_id, code, content, issued_at FROM certificates WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(StoredCertificate {
                user_id: id_from_db(r.user_id),
                code: r.code,
                content: r.content,
                issued_at: from_millis(r.issued_at)?,
            })
        })
        .transpose()
    }
}
