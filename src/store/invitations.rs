//! Invitations (a captain asks a person) and join requests (a person asks a
//! team). Deciding one is a conditional update, so a second click on the
//! same button finds nothing pending and changes nothing.

use chrono::{DateTime, Utc};
use futures::FutureExt;
use sqlx::FromRow;

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
