//! Help tickets: one per forum post, with who claimed it and how fast it
//! was answered.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use futures::FutureExt;

use super::caps::lock_scope;
use super::{
    from_millis, from_millis_opt, id_from_db, id_to_db, millis, Result, Store, StoreError, Tx,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketStatus {
    Open,
    Claimed,
    Resolved,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Claimed => "claimed",
            TicketStatus::Resolved => "resolved",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "open" => Self::Open,
            "claimed" => Self::Claimed,
            "resolved" => Self::Resolved,
            other => return Err(StoreError::Corrupt(format!("ticket status {other}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: i64,
    pub thread_id: Option<u64>,
    pub author_id: u64,
    pub title: String,
    pub status: TicketStatus,
    pub claimed_by: Option<u64>,
    pub created_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub first_responder_id: Option<u64>,
    pub last_activity_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub rating: Option<u8>,
    pub pings_sent: u32,
    /// `es` or `en`: the language the post is written in.
    pub lang: Option<String>,
    /// When the forum post was deleted (by hand, or while the bot was down).
    pub deleted_at: Option<DateTime<Utc>>,
    /// The mentor the author's rating is about.
    pub rated_mentor_id: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    pub event_id: &'a str,
    pub thread_id: Option<u64>,
    pub author_id: u64,
    pub title: &'a str,
    /// Identifies the submission that creates the ticket (a modal's
    /// interaction), so a double submit finds the first ticket.
    pub request_key: Option<&'a str>,
    /// `es` or `en`, when known.
    pub lang: Option<&'a str>,
    pub now: DateTime<Utc>,
}

#[derive(FromRow)]
struct TicketRow {
    id: i64,
    thread_id: Option<i64>,
    author_id: i64,
    title: String,
    status: String,
    claimed_by: Option<i64>,
    created_at: i64,
    first_response_at: Option<i64>,
    first_responder_id: Option<i64>,
    last_activity_at: i64,
    resolved_at: Option<i64>,
    rating: Option<i64>,
    pings_sent: i64,
    lang: Option<String>,
    deleted_at: Option<i64>,
    rated_mentor_id: Option<i64>,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = StoreError;

    fn try_from(r: TicketRow) -> Result<Self> {
        Ok(Ticket {
            id: r.id,
            thread_id: r.thread_id.map(id_from_db),
            author_id: id_from_db(r.author_id),
            title: r.title,
            status: TicketStatus::parse(&r.status)?,
            claimed_by: r.claimed_by.map(id_from_db),
            created_at: from_millis(r.created_at)?,
            first_response_at: from_millis_opt(r.first_response_at)?,
            first_responder_id: r.first_responder_id.map(id_from_db),
            last_activity_at: from_millis(r.last_activity_at)?,
            resolved_at: from_millis_opt(r.resolved_at)?,
            rating: r.rating.and_then(|v| u8::try_from(v).ok()),
            pings_sent: u32::try_from(r.pings_sent).unwrap_or(0),
            lang: r.lang,
            deleted_at: from_millis_opt(r.deleted_at)?,
            rated_mentor_id: r.rated_mentor_id.map(id_from_db),
        })
    }
}

/// A reply at `$3` by `$2`: activity, and the first answer when by someone
/// other than the author (a mentor or an organizer, said by the caller).
const REPLY_SET: &str = "last_activity_at = $3, \
    first_response_at = CASE WHEN first_response_at IS NULL AND author_id <> $2 THEN $3 ELSE first_response_at END, \
    first_responder_id = CASE WHEN first_response_at IS NULL AND author_id <> $2 THEN $2 ELSE first_responder_id END";

/// A message at `$3` by `$2` in a post: activity, and the first answer
/// only when `$5` says its author is staff (a mentor or an organizer).
const MESSAGE_SET: &str = "last_activity_at = $3, \
    first_response_at = CASE WHEN first_response_at IS NULL AND author_id <> $2 AND $5 = 1 THEN $3 ELSE first_response_at END, \
    first_responder_id = CASE WHEN first_response_at IS NULL AND author_id <> $2 AND $5 = 1 THEN $2 ELSE first_responder_id END";

/// Outcome of [`Store::create_ticket_capped`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewTicketOutcome {
    Created(Ticket),
    /// The same post or form submission made a ticket already.
    Existing(Ticket),
    /// The author has `cap` help posts open; they are listed, oldest first.
    /// `first_refusal`: this post (by thread) was not refused before, so
    /// its author has not been told yet.
    Capped {
        cap: u32,
        open: Vec<Ticket>,
        first_refusal: bool,
    },
}

/// Outcome of [`Store::rate_ticket`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateOutcome {
    /// Recorded, for this mentor.
    Rated {
        mentor: u64,
    },
    NotResolved,
    /// This resolution has its rating already.
    AlreadyRated,
    /// Only the post's author rates.
    NotAuthor,
    /// Nobody but the author helped (no claim, no answer): nothing to rate.
    NobodyToRate,
}

const COLUMNS: &str = "id, thread_id, author_id, title, status, claimed_by, created_at, \
    first_response_at, first_responder_id, last_activity_at, resolved_at, rating, pings_sent, \
    lang, deleted_at, rated_mentor_id";

impl Store {
    /// Records a ticket. Returns `(ticket, created)`: with a request key or
    /// thread already known, the existing ticket and `false`.
    pub async fn create_ticket(&self, new: &NewTicket<'_>) -> Result<(Ticket, bool)> {
        let row: Option<TicketRow> = sqlx::query_as(&format!(
            "INSERT INTO tickets (event_id, thread_id, author_id, title, request_key, created_at, last_activity_at, lang) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7) ON CONFLICT DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(new.event_id)
        .bind(new.thread_id.map(id_to_db))
        .bind(id_to_db(new.author_id))
        .bind(new.title)
        .bind(new.request_key)
        .bind(millis(new.now))
        .bind(new.lang)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = row {
            return Ok((Ticket::try_from(row)?, true));
        }
        let existing: Option<TicketRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE event_id = $1 AND (request_key = $2 OR thread_id = $3)"
        ))
        .bind(new.event_id)
        .bind(new.request_key)
        .bind(new.thread_id.map(id_to_db))
        .fetch_optional(&self.pool)
        .await?;
        let row = existing
            .ok_or_else(|| StoreError::Conflict("ticket exists but cannot be read".into()))?;
        Ok((Ticket::try_from(row)?, false))
    }

    /// Records a ticket unless its author has `cap` help posts open (not
    /// resolved, not deleted), checked after the author's cap lock so
    /// simultaneous posts never pass it. A post or a form submission seen
    /// before finds its ticket whatever the cap.
    pub async fn create_ticket_capped(
        &self,
        new: &NewTicket<'_>,
        cap: u32,
    ) -> Result<NewTicketOutcome> {
        let event_id = new.event_id.to_owned();
        let title = new.title.to_owned();
        let request_key = new.request_key.map(str::to_owned);
        let lang = new.lang.map(str::to_owned);
        let (thread_id, author_id, now) = (new.thread_id, new.author_id, new.now);
        self.transaction(|conn| {
            let (event_id, title) = (event_id.clone(), title.clone());
            let (request_key, lang) = (request_key.clone(), lang.clone());
            async move {
                lock_scope(conn, &format!("tickets:{event_id}:{author_id}")).await?;
                let existing: Option<TicketRow> = sqlx::query_as(&format!(
                    "SELECT {COLUMNS} FROM tickets WHERE event_id = $1 AND (request_key = $2 OR thread_id = $3)"
                ))
                .bind(&event_id)
                .bind(&request_key)
                .bind(thread_id.map(id_to_db))
                .fetch_optional(&mut *conn)
                .await?;
                if let Some(row) = existing {
                    return Ok(Tx::Rollback(NewTicketOutcome::Existing(Ticket::try_from(row)?)));
                }
                // A form whose post was never made (Discord refused it) stops
                // counting after a while.
                let stale = millis(now - chrono::Duration::minutes(10));
                let open: Vec<TicketRow> = sqlx::query_as(&format!(
                    "SELECT {COLUMNS} FROM tickets WHERE event_id = $1 AND author_id = $2 \
                     AND status <> 'resolved' AND deleted_at IS NULL \
                     AND (thread_id IS NOT NULL OR created_at > $3) ORDER BY created_at, id"
                ))
                .bind(&event_id)
                .bind(id_to_db(author_id))
                .bind(stale)
                .fetch_all(&mut *conn)
                .await?;
                if open.len() >= cap as usize {
                    let open = open
                        .into_iter()
                        .map(Ticket::try_from)
                        .collect::<Result<Vec<_>>>()?;
                    let first_refusal = match thread_id {
                        Some(thread) => {
                            sqlx::query(
                                "INSERT INTO help_post_refusals (event_id, thread_id, author_id, refused_at) \
                                 VALUES ($1, $2, $3, $4) ON CONFLICT (event_id, thread_id) DO NOTHING",
                            )
                            .bind(&event_id)
                            .bind(id_to_db(thread))
                            .bind(id_to_db(author_id))
                            .bind(millis(now))
                            .execute(&mut *conn)
                            .await?
                            .rows_affected()
                                == 1
                        }
                        None => true,
                    };
                    return Ok(Tx::Commit(NewTicketOutcome::Capped {
                        cap,
                        open,
                        first_refusal,
                    }));
                }
                let row: TicketRow = sqlx::query_as(&format!(
                    "INSERT INTO tickets (event_id, thread_id, author_id, title, request_key, created_at, last_activity_at, lang) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING {COLUMNS}"
                ))
                .bind(&event_id)
                .bind(thread_id.map(id_to_db))
                .bind(id_to_db(author_id))
                .bind(&title)
                .bind(&request_key)
                .bind(millis(now))
                .bind(&lang)
                .fetch_one(&mut *conn)
                .await?;
                Ok(Tx::Commit(NewTicketOutcome::Created(Ticket::try_from(row)?)))
            }
            .boxed()
        })
        .await
    }

    pub async fn set_ticket_thread(&self, ticket_id: i64, thread_id: u64) -> Result<()> {
        sqlx::query("UPDATE tickets SET thread_id = $2 WHERE id = $1")
            .bind(ticket_id)
            .bind(id_to_db(thread_id))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn ticket_by_thread(&self, event_id: &str, thread_id: u64) -> Result<Option<Ticket>> {
        let row: Option<TicketRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE event_id = $1 AND thread_id = $2"
        ))
        .bind(event_id)
        .bind(id_to_db(thread_id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Ticket::try_from).transpose()
    }

    /// Claims an open ticket for a mentor; `false` if someone else has it
    /// or it is resolved.
    pub async fn claim_ticket(
        &self,
        ticket_id: i64,
        mentor: u64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE tickets SET status = 'claimed', claimed_by = $2, last_activity_at = $3 \
             WHERE id = $1 AND status = 'open'",
        )
        .bind(ticket_id)
        .bind(id_to_db(mentor))
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Moves a ticket to `status`, from any other status.
    pub async fn set_ticket_status(
        &self,
        ticket_id: i64,
        status: TicketStatus,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE tickets SET status = $2, last_activity_at = $3, \
               claimed_by = CASE WHEN $2 = 'open' THEN NULL ELSE claimed_by END, \
               resolved_at = CASE WHEN $2 = 'resolved' THEN $3 ELSE NULL END \
             WHERE id = $1 AND status <> $2",
        )
        .bind(ticket_id)
        .bind(status.as_str())
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Records an answer by staff (the caller checked it is a mentor or an
    /// organizer): activity, and the first-response time once when by
    /// someone other than the author. Messages seen in posts go through
    /// [`Store::record_thread_reply`], which takes who wrote them.
    pub async fn record_ticket_reply(
        &self,
        ticket_id: i64,
        author: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(&format!("UPDATE tickets SET {REPLY_SET} WHERE id = $1"))
            .bind(ticket_id)
            .bind(id_to_db(author))
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a message in a ticket's post in one statement (it runs for
    /// every message the bot sees): `None` when the thread is no ticket's,
    /// else the ticket's id and status.
    /// `staff`: whether the message's author is a mentor or an organizer;
    /// only their message is a first answer.
    pub async fn record_thread_reply(
        &self,
        event_id: &str,
        thread_id: u64,
        author: u64,
        staff: bool,
        now: DateTime<Utc>,
    ) -> Result<Option<(i64, TicketStatus)>> {
        let row: Option<(i64, String)> = sqlx::query_as(&format!(
            "UPDATE tickets SET {MESSAGE_SET} WHERE event_id = $1 AND thread_id = $4 \
             RETURNING id, status"
        ))
        .bind(event_id)
        .bind(id_to_db(author))
        .bind(millis(now))
        .bind(id_to_db(thread_id))
        .bind(i64::from(staff))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, status)| Ok((id, TicketStatus::parse(&status)?)))
            .transpose()
    }

    /// The author rates the mentor who claimed the ticket (or, unclaimed,
    /// who answered first): once per resolution, never their own help. One
    /// conditional statement, so two presses record one rating.
    pub async fn rate_ticket(&self, ticket_id: i64, rater: u64, rating: u8) -> Result<RateOutcome> {
        let mentor: Option<i64> = sqlx::query_scalar(
            "UPDATE tickets SET rating = $2, rated_resolution_at = resolved_at, \
               rated_mentor_id = COALESCE(claimed_by, first_responder_id) \
             WHERE id = $1 AND status = 'resolved' AND author_id = $3 \
               AND (rated_resolution_at IS NULL OR rated_resolution_at <> resolved_at) \
               AND COALESCE(claimed_by, first_responder_id) IS NOT NULL \
               AND COALESCE(claimed_by, first_responder_id) <> author_id \
             RETURNING rated_mentor_id",
        )
        .bind(ticket_id)
        .bind(i64::from(rating))
        .bind(id_to_db(rater))
        .fetch_optional(&self.pool)
        .await?
        .flatten();
        if let Some(mentor) = mentor {
            return Ok(RateOutcome::Rated {
                mentor: id_from_db(mentor),
            });
        }
        let Some(t) = self.ticket(ticket_id).await? else {
            return Ok(RateOutcome::NotResolved);
        };
        let rated: Option<i64> =
            sqlx::query_scalar("SELECT rated_resolution_at FROM tickets WHERE id = $1")
                .bind(ticket_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(if t.author_id != rater {
            RateOutcome::NotAuthor
        } else if t.status != TicketStatus::Resolved {
            RateOutcome::NotResolved
        } else if rated.is_some() && rated == t.resolved_at.map(millis) {
            RateOutcome::AlreadyRated
        } else {
            RateOutcome::NobodyToRate
        })
    }

    /// Unanswered tickets, oldest first.
    pub async fn unanswered_tickets(&self, event_id: &str, limit: u32) -> Result<Vec<Ticket>> {
        Ok(self.unanswered_tickets_page(event_id, 0, limit).await?.0)
    }

    /// One page of the unanswered tickets (posts still there, not resolved,
    /// no answer yet), oldest first, with how many there are in all.
    pub async fn unanswered_tickets_page(
        &self,
        event_id: &str,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<Ticket>, u64)> {
        const WHERE: &str = "event_id = $1 AND status <> 'resolved' \
             AND first_response_at IS NULL AND deleted_at IS NULL AND thread_id IS NOT NULL";
        let rows: Vec<TicketRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE {WHERE} ORDER BY created_at, id LIMIT $2 OFFSET $3"
        ))
        .bind(event_id)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let (total,): (i64,) =
            sqlx::query_as(&format!("SELECT COUNT(*) FROM tickets WHERE {WHERE}"))
                .bind(event_id)
                .fetch_one(&self.pool)
                .await?;
        let tickets = rows
            .into_iter()
            .map(Ticket::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok((tickets, u64::try_from(total).unwrap_or(0)))
    }

    pub async fn ticket(&self, ticket_id: i64) -> Result<Option<Ticket>> {
        let row: Option<TicketRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM tickets WHERE id = $1"))
                .bind(ticket_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(Ticket::try_from).transpose()
    }

    /// Hands a claimed ticket back to the queue; `by` limits it to that
    /// mentor's claim (`None`: whoever holds it, for organizers).
    pub async fn release_ticket(
        &self,
        ticket_id: i64,
        by: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE tickets SET status = 'open', claimed_by = NULL, last_activity_at = $3 \
             WHERE id = $1 AND status = 'claimed' AND claimed_by = COALESCE($2, claimed_by)",
        )
        .bind(ticket_id)
        .bind(by.map(id_to_db))
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Counts a reminder sent to mentors about an unanswered ticket.
    pub async fn record_ticket_ping(&self, ticket_id: i64) -> Result<()> {
        sqlx::query("UPDATE tickets SET pings_sent = pings_sent + 1 WHERE id = $1")
            .bind(ticket_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The ticket's post is gone: it leaves the queue; `false` if it was
    /// already marked.
    pub async fn mark_ticket_deleted(&self, ticket_id: i64, now: DateTime<Utc>) -> Result<bool> {
        let n =
            sqlx::query("UPDATE tickets SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL")
                .bind(ticket_id)
                .bind(millis(now))
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(n == 1)
    }

    /// Tickets whose posts still exist and are not resolved (to compare
    /// with Discord after a restart).
    pub async fn live_tickets(&self, event_id: &str) -> Result<Vec<Ticket>> {
        let rows: Vec<TicketRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE event_id = $1 AND deleted_at IS NULL \
             AND thread_id IS NOT NULL AND status <> 'resolved' ORDER BY id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Ticket::try_from).collect()
    }

    /// Every ticket of the event (for statistics).
    pub async fn tickets(&self, event_id: &str) -> Result<Vec<Ticket>> {
        let rows: Vec<TicketRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE event_id = $1 ORDER BY id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Ticket::try_from).collect()
    }
}
