//! Invitations (a captain asks a person) and join requests (a person asks a
//! team). Deciding one is a conditional update, so a second click on the
//! same button finds nothing pending and changes nothing.

use chrono::{DateTime, Utc};
use futures::FutureExt;
use sqlx::FromRow;

use super::caps::{lock_scope, CapReached};
use super::teams::join_in;
use super::teams::JoinOutcome;
use super::{
    from_millis, from_millis_opt, id_from_db, id_to_db, millis, Result, Store, StoreError, Tx,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationKind {
    /// The team invites a person.
    Invite,
    /// A person asks to join the team.
    Request,
}

impl InvitationKind {
    fn as_str(self) -> &'static str {
        match self {
            InvitationKind::Invite => "invite",
            InvitationKind::Request => "request",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Expired,
    Cancelled,
}

impl InvitationStatus {
    fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Declined => "declined",
            InvitationStatus::Expired => "expired",
            InvitationStatus::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "pending" => Self::Pending,
            "accepted" => Self::Accepted,
            "declined" => Self::Declined,
            "expired" => Self::Expired,
            "cancelled" => Self::Cancelled,
            other => return Err(StoreError::Corrupt(format!("invitation status {other}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: i64,
    pub team_id: i64,
    pub user_id: u64,
    pub kind: InvitationKind,
    pub status: InvitationStatus,
    pub created_by: u64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct InvitationRow {
    id: i64,
    team_id: i64,
    user_id: i64,
    kind: String,
    status: String,
    created_by: i64,
    created_at: i64,
    expires_at: i64,
    decided_at: Option<i64>,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;

    fn try_from(r: InvitationRow) -> Result<Self> {
        Ok(Invitation {
            id: r.id,
            team_id: r.team_id,
            user_id: id_from_db(r.user_id),
            kind: match r.kind.as_str() {
                "invite" => InvitationKind::Invite,
                "request" => InvitationKind::Request,
                other => return Err(StoreError::Corrupt(format!("invitation kind {other}"))),
            },
            status: InvitationStatus::parse(&r.status)?,
            created_by: id_from_db(r.created_by),
            created_at: from_millis(r.created_at)?,
            expires_at: from_millis(r.expires_at)?,
            decided_at: from_millis_opt(r.decided_at)?,
        })
    }
}

const COLUMNS: &str =
    "id, team_id, user_id, kind, status, created_by, created_at, expires_at, decided_at";

/// Outcome of [`Store::create_invitation_capped`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewInvitationOutcome {
    Created(Invitation),
    /// The same invitation or request is already pending.
    AlreadyPending,
    /// The team has as many pending as the cap; the first frees when the
    /// oldest expires.
    Capped(CapReached),
}

/// Outcome of accepting an invitation or approving a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcceptOutcome {
    Joined(crate::store::Team),
    /// Already decided, expired or cancelled: nothing happens twice.
    NotPending,
    Join(JoinOutcome),
}

impl Store {
    /// Creates a pending invitation or request; `None` when the same one is
    /// already pending.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_invitation(
        &self,
        event_id: &str,
        team_id: i64,
        user_id: u64,
        kind: InvitationKind,
        created_by: u64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<Option<Invitation>> {
        let row: Option<InvitationRow> = sqlx::query_as(&format!(
            "INSERT INTO team_invitations (event_id, team_id, user_id, kind, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (team_id, user_id, kind) WHERE status = 'pending' DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(event_id)
        .bind(team_id)
        .bind(id_to_db(user_id))
        .bind(kind.as_str())
        .bind(id_to_db(created_by))
        .bind(millis(now))
        .bind(millis(expires_at))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Invitation::try_from).transpose()
    }

    /// Creates a pending invitation or request unless the team already has
    /// `cap` of this kind pending (unexpired), checked after the team's cap
    /// lock so simultaneous invitations never pass it.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_invitation_capped(
        &self,
        event_id: &str,
        team_id: i64,
        user_id: u64,
        kind: InvitationKind,
        created_by: u64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
        cap: u32,
    ) -> Result<NewInvitationOutcome> {
        self.transaction(|conn| {
            let event_id = event_id.to_owned();
            async move {
                lock_scope(conn, &format!("invites:{team_id}:{}", kind.as_str())).await?;
                let pending: Vec<i64> = sqlx::query_scalar(
                    "SELECT expires_at FROM team_invitations \
                     WHERE team_id = $1 AND kind = $2 AND status = 'pending' AND expires_at > $3 \
                     ORDER BY expires_at",
                )
                .bind(team_id)
                .bind(kind.as_str())
                .bind(millis(now))
                .fetch_all(&mut *conn)
                .await?;
                if pending.len() >= cap as usize {
                    let resets_at = from_millis_opt(pending.first().copied())?;
                    return Ok(Tx::Rollback(NewInvitationOutcome::Capped(CapReached {
                        cap,
                        resets_at,
                    })));
                }
                let row: Option<InvitationRow> = sqlx::query_as(&format!(
                    "INSERT INTO team_invitations (event_id, team_id, user_id, kind, created_by, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (team_id, user_id, kind) WHERE status = 'pending' DO NOTHING RETURNING {COLUMNS}"
                ))
                .bind(&event_id)
                .bind(team_id)
                .bind(id_to_db(user_id))
                .bind(kind.as_str())
                .bind(id_to_db(created_by))
                .bind(millis(now))
                .bind(millis(expires_at))
                .fetch_optional(&mut *conn)
                .await?;
                Ok(match row.map(Invitation::try_from).transpose()? {
                    Some(i) => Tx::Commit(NewInvitationOutcome::Created(i)),
                    None => Tx::Rollback(NewInvitationOutcome::AlreadyPending),
                })
            }
            .boxed()
        })
        .await
    }

    /// When `user` last declined an invitation of this team (the cooldown
    /// before the team may invite them again).
    pub async fn last_declined_invitation(
        &self,
        team_id: i64,
        user_id: u64,
    ) -> Result<Option<DateTime<Utc>>> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(decided_at) FROM team_invitations \
             WHERE team_id = $1 AND user_id = $2 AND kind = 'invite' AND status = 'declined'",
        )
        .bind(team_id)
        .bind(id_to_db(user_id))
        .fetch_one(&self.pool)
        .await?;
        from_millis_opt(at)
    }

    /// Notes that the invited person was given a view of the team channel
    /// (their DMs were closed), so the expiry job takes it back.
    pub async fn mark_invitation_channel_access(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE team_invitations SET channel_access = 1 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the person of this invitation was given channel access and
    /// still holds it (cleared once taken back).
    pub async fn take_invitation_channel_access(&self, id: i64) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE team_invitations SET channel_access = 0 WHERE id = $1 AND channel_access = 1",
        )
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Invitations given channel access that are over (expired, declined,
    /// cancelled, or accepted: a member sees the channel through the team
    /// role) and still hold it, to take it back.
    pub async fn invitations_holding_access(&self, event_id: &str) -> Result<Vec<Invitation>> {
        let rows: Vec<InvitationRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM team_invitations \
             WHERE event_id = $1 AND channel_access = 1 AND status <> 'pending' ORDER BY id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Invitation::try_from).collect()
    }

    /// The earliest expiry of a pending invitation of the event.
    pub async fn next_invitation_expiry(&self, event_id: &str) -> Result<Option<DateTime<Utc>>> {
        let at: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(expires_at) FROM team_invitations WHERE event_id = $1 AND status = 'pending'",
        )
        .bind(event_id)
        .fetch_one(&self.pool)
        .await?;
        from_millis_opt(at)
    }

    pub async fn invitation(&self, id: i64) -> Result<Option<Invitation>> {
        let row: Option<InvitationRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM team_invitations WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Invitation::try_from).transpose()
    }

    /// Declines or cancels a pending invitation; `false` if it was not pending.
    pub async fn close_invitation(
        &self,
        id: i64,
        status: InvitationStatus,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE team_invitations SET status = $2, decided_at = $3 WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(status.as_str())
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Accepts a pending, unexpired invitation and joins the team, in one
    /// transaction: either both happen or neither.
    pub async fn accept_invitation(
        &self,
        event_id: &str,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<AcceptOutcome> {
        self.transaction(|conn| {
            let event_id = event_id.to_owned();
            async move {
                let event_id = event_id.as_str();
                let row: Option<InvitationRow> = sqlx::query_as(&format!(
                    "UPDATE team_invitations SET status = 'accepted', decided_at = $2 \
                     WHERE id = $1 AND event_id = $3 AND status = 'pending' AND expires_at > $2 \
                     RETURNING {COLUMNS}"
                ))
                .bind(id)
                .bind(millis(now))
                .bind(event_id)
                .fetch_optional(&mut *conn)
                .await?;
                let Some(inv) = row.map(Invitation::try_from).transpose()? else {
                    return Ok(Tx::Rollback(AcceptOutcome::NotPending));
                };
                Ok(
                    match join_in(conn, event_id, inv.team_id, inv.user_id, now).await? {
                        Tx::Commit(JoinOutcome::Joined(team)) => {
                            Tx::Commit(AcceptOutcome::Joined(team))
                        }
                        Tx::Commit(other) | Tx::Rollback(other) => {
                            Tx::Rollback(AcceptOutcome::Join(other))
                        }
                    },
                )
            }
            .boxed()
        })
        .await
    }

    /// Marks pending invitations past their time as expired; returns them.
    pub async fn expire_invitations(
        &self,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Invitation>> {
        let rows: Vec<InvitationRow> = sqlx::query_as(&format!(
            "UPDATE team_invitations SET status = 'expired', decided_at = $2 \
             WHERE event_id = $1 AND status = 'pending' AND expires_at <= $2 RETURNING {COLUMNS}"
        ))
        .bind(event_id)
        .bind(millis(now))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Invitation::try_from).collect()
    }

    /// Pending invitations and requests of a team.
    pub async fn pending_invitations(&self, team_id: i64) -> Result<Vec<Invitation>> {
        let rows: Vec<InvitationRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM team_invitations WHERE team_id = $1 AND status = 'pending' ORDER BY id"
        ))
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Invitation::try_from).collect()
    }
}
