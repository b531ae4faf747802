//! The GPU pool, the request queue and leases. One open request per team and
//! kind, and one active lease per machine, are unique indexes.

use chrono::{DateTime, Utc};
use futures::FutureExt;
use sqlx::FromRow;

use super::{
    from_millis, from_millis_opt, id_from_db, id_to_db, millis, Result, Store, StoreError, Tx,
};
use crate::config::GpuKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpuResourceStatus {
    Available,
    OutOfService,
    Retired,
}

impl GpuResourceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::OutOfService => "out_of_service",
            Self::Retired => "retired",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "available" => Self::Available,
            "out_of_service" => Self::OutOfService,
            "retired" => Self::Retired,
            other => return Err(StoreError::Corrupt(format!("gpu resource status {other}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpuResource {
    pub name: String,
    pub kind: GpuKind,
    pub description: Option<String>,
    pub default_hours: u32,
    pub max_hours: u32,
    pub status: GpuResourceStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpuRequestStatus {
    Queued,
    Granted,
    Cancelled,
    Done,
}

impl GpuRequestStatus {
    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "queued" => Self::Queued,
            "granted" => Self::Granted,
            "cancelled" => Self::Cancelled,
            "done" => Self::Done,
            other => return Err(StoreError::Corrupt(format!("gpu request status {other}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpuRequest {
    pub id: i64,
    pub team_id: i64,
    pub kind: GpuKind,
    pub hours: u32,
    pub dataset_repo: String,
    pub status: GpuRequestStatus,
    pub queue_key: i64,
    pub created_by: u64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewGpuRequest<'a> {
    pub event_id: &'a str,
    pub team_id: i64,
    pub kind: GpuKind,
    pub hours: u32,
    pub dataset_repo: &'a str,
    pub created_by: u64,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GpuLease {
    pub id: i64,
    pub request_id: Option<i64>,
    pub team_id: i64,
    pub resource: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub released_at: Option<DateTime<Utc>>,
    pub granted_by: u64,
}

#[derive(FromRow)]
struct ResourceRow {
    name: String,
    kind: String,
    description: Option<String>,
    default_hours: i64,
    max_hours: i64,
    status: String,
}

#[derive(FromRow)]
struct RequestRow {
    id: i64,
    team_id: i64,
    kind: String,
    hours: i64,
    dataset_repo: String,
    status: String,
    queue_key: i64,
    created_by: i64,
    created_at: i64,
}

#[derive(FromRow)]
struct LeaseRow {
    id: i64,
    request_id: Option<i64>,
    team_id: i64,
    resource: String,
    starts_at: i64,
    ends_at: i64,
    released_at: Option<i64>,
    granted_by: i64,
}

fn kind(s: &str) -> Result<GpuKind> {
    GpuKind::parse(s).ok_or_else(|| StoreError::Corrupt(format!("gpu kind {s}")))
}

fn hours(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

impl TryFrom<ResourceRow> for GpuResource {
    type Error = StoreError;
    fn try_from(r: ResourceRow) -> Result<Self> {
        Ok(GpuResource {
            name: r.name,
            kind: kind(&r.kind)?,
            description: r.description,
            default_hours: hours(r.default_hours),
            max_hours: hours(r.max_hours),
            status: GpuResourceStatus::parse(&r.status)?,
        })
    }
}

impl TryFrom<RequestRow> for GpuRequest {
    type Error = StoreError;
    fn try_from(r: RequestRow) -> Result<Self> {
        Ok(GpuRequest {
            id: r.id,
            team_id: r.team_id,
            kind: kind(&r.kind)?,
            hours: hours(r.hours),
            dataset_repo: r.dataset_repo,
            status: GpuRequestStatus::parse(&r.status)?,
            queue_key: r.queue_key,
            created_by: id_from_db(r.created_by),
            created_at: from_millis(r.created_at)?,
        })
    }
}

impl TryFrom<LeaseRow> for GpuLease {
    type Error = StoreError;
    fn try_from(r: LeaseRow) -> Result<Self> {
        Ok(GpuLease {
            id: r.id,
            request_id: r.request_id,
            team_id: r.team_id,
            resource: r.resource,
            starts_at: from_millis(r.starts_at)?,
            ends_at: from_millis(r.ends_at)?,
            released_at: from_millis_opt(r.released_at)?,
            granted_by: id_from_db(r.granted_by),
        })
    }
}

const REQUEST_COLUMNS: &str =
    "id, team_id, kind, hours, dataset_repo, status, queue_key, created_by, created_at";
const LEASE_COLUMNS: &str =
    "id, request_id, team_id, resource, starts_at, ends_at, released_at, granted_by";

/// Outcome of granting a machine to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantOutcome {
    Granted(GpuLease),
    /// The request is no longer queued (granted or cancelled meanwhile).
    RequestNotQueued,
    /// The machine already serves a team.
    ResourceBusy,
}

impl Store {
    /// Adds a machine of the event file unless it is known (run-time changes
    /// by organizers survive a restart).
    pub async fn seed_gpu_resource(&self, event_id: &str, r: &GpuResource) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO gpu_resources (event_id, name, kind, description, default_hours, max_hours, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id, name) DO NOTHING",
        )
        .bind(event_id)
        .bind(&r.name)
        .bind(r.kind.as_str())
        .bind(r.description.as_deref())
        .bind(i64::from(r.default_hours))
        .bind(i64::from(r.max_hours))
        .bind(r.status.as_str())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    pub async fn set_gpu_resource_status(
        &self,
        event_id: &str,
        name: &str,
        status: GpuResourceStatus,
    ) -> Result<bool> {
        let n =
            sqlx::query("UPDATE gpu_resources SET status = $3 WHERE event_id = $1 AND name = $2")
                .bind(event_id)
                .bind(name)
                .bind(status.as_str())
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(n == 1)
    }

    pub async fn gpu_resources(&self, event_id: &str) -> Result<Vec<GpuResource>> {
        let rows: Vec<ResourceRow> = sqlx::query_as(
            "SELECT name, kind, description, default_hours, max_hours, status FROM gpu_resources \
             WHERE event_id = $1 ORDER BY name",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(GpuResource::try_from).collect()
    }

    /// Queues a request; `None` when the team already has an open one of
    /// this kind.
    pub async fn create_gpu_request(&self, new: &NewGpuRequest<'_>) -> Result<Option<GpuRequest>> {
        let row: Option<RequestRow> = sqlx::query_as(&format!(
            "INSERT INTO gpu_requests (event_id, team_id, kind, hours, dataset_repo, queue_key, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $6) \
             ON CONFLICT (team_id, kind) WHERE status IN ('queued', 'granted') DO NOTHING \
             RETURNING {REQUEST_COLUMNS}"
        ))
        .bind(new.event_id)
        .bind(new.team_id)
        .bind(new.kind.as_str())
        .bind(i64::from(new.hours))
        .bind(new.dataset_repo)
        .bind(millis(new.now))
        .bind(id_to_db(new.created_by))
        .fetch_optional(&self.pool)
        .await?;
        row.map(GpuRequest::try_from).transpose()
    }

    /// Queued requests of a kind, first in line first.
    pub async fn gpu_queue(&self, event_id: &str, kind: GpuKind) -> Result<Vec<GpuRequest>> {
        let rows: Vec<RequestRow> = sqlx::query_as(&format!(
            "SELECT {REQUEST_COLUMNS} FROM gpu_requests WHERE event_id = $1 AND kind = $2 \
             AND status = 'queued' ORDER BY queue_key, id"
        ))
        .bind(event_id)
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(GpuRequest::try_from).collect()
    }

    /// The team's open requests (queued or granted).
    pub async fn open_gpu_requests(&self, team_id: i64) -> Result<Vec<GpuRequest>> {
        let rows: Vec<RequestRow> = sqlx::query_as(&format!(
            "SELECT {REQUEST_COLUMNS} FROM gpu_requests WHERE team_id = $1 \
             AND status IN ('queued', 'granted') ORDER BY id"
        ))
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(GpuRequest::try_from).collect()
    }

    pub async fn cancel_gpu_request(&self, request_id: i64, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE gpu_requests SET status = 'cancelled', decided_at = $2 WHERE id = $1 AND status = 'queued'",
        )
        .bind(request_id)
        .bind(millis(now))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Moves a queued request to a new place in its line.
    pub async fn set_gpu_queue_key(&self, request_id: i64, queue_key: i64) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE gpu_requests SET queue_key = $2 WHERE id = $1 AND status = 'queued'",
        )
        .bind(request_id)
        .bind(queue_key)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Grants `resource` to a queued request until `ends_at`, atomically.
    pub async fn grant_gpu(
        &self,
        event_id: &str,
        request_id: i64,
        resource: &str,
        granted_by: u64,
        now: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> Result<GrantOutcome> {
        self.transaction(|conn| {
            let (event_id, resource) = (event_id.to_owned(), resource.to_owned());
            async move {
                let (event_id, resource) = (event_id.as_str(), resource.as_str());
                let team: Option<i64> = sqlx::query_scalar(
                    "UPDATE gpu_requests SET status = 'granted', decided_at = $2 \
                     WHERE id = $1 AND event_id = $3 AND status = 'queued' RETURNING team_id",
                )
                .bind(request_id)
                .bind(millis(now))
                .bind(event_id)
                .fetch_optional(&mut *conn)
                .await?;
                let Some(team_id) = team else {
                    return Ok(Tx::Rollback(GrantOutcome::RequestNotQueued));
                };
                let lease: Option<LeaseRow> = sqlx::query_as(&format!(
                    "INSERT INTO gpu_leases (event_id, request_id, team_id, resource, starts_at, ends_at, granted_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (event_id, resource) WHERE released_at IS NULL DO NOTHING \
                     RETURNING {LEASE_COLUMNS}"
                ))
                .bind(event_id)
                .bind(request_id)
                .bind(team_id)
                .bind(resource)
                .bind(millis(now))
                .bind(millis(ends_at))
                .bind(id_to_db(granted_by))
                .fetch_optional(&mut *conn)
                .await?;
                Ok(match lease {
                    Some(row) => Tx::Commit(GrantOutcome::Granted(GpuLease::try_from(row)?)),
                    None => Tx::Rollback(GrantOutcome::ResourceBusy),
                })
            }
            .boxed()
        })
        .await
    }

    pub async fn extend_gpu_lease(&self, lease_id: i64, ends_at: DateTime<Utc>) -> Result<bool> {
        let n =
            sqlx::query("UPDATE gpu_leases SET ends_at = $2 WHERE id = $1 AND released_at IS NULL")
                .bind(lease_id)
                .bind(millis(ends_at))
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(n == 1)
    }

    /// Ends a lease and closes its request; `None` if it was already ended.
    pub async fn release_gpu_lease(
        &self,
        lease_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<GpuLease>> {
        self.end_lease(lease_id, None, now).await
    }

    /// Ends a lease at `at` (only if it still ends at `expected_end`, when
    /// given) and marks its request done, in one transaction.
    async fn end_lease(
        &self,
        lease_id: i64,
        expected_end: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<Option<GpuLease>> {
        self.transaction(|conn| {
            async move {
                let row: Option<LeaseRow> = sqlx::query_as(&format!(
                    "UPDATE gpu_leases SET released_at = $2 WHERE id = $1 AND released_at IS NULL \
                     AND ($3 = 0 OR ends_at = $4) RETURNING {LEASE_COLUMNS}"
                ))
                .bind(lease_id)
                .bind(millis(at))
                .bind(i64::from(expected_end.is_some()))
                .bind(expected_end.map_or(0, millis))
                .fetch_optional(&mut *conn)
                .await?;
                let Some(lease) = row.map(GpuLease::try_from).transpose()? else {
                    return Ok(Tx::Commit(None));
                };
                if let Some(request_id) = lease.request_id {
                    sqlx::query("UPDATE gpu_requests SET status = 'done' WHERE id = $1 AND status = 'granted'")
                        .bind(request_id)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(Tx::Commit(Some(lease)))
            }
            .boxed()
        })
        .await
    }

    /// One machine by name (as organizers type it: case does not matter).
    pub async fn gpu_resource(&self, event_id: &str, name: &str) -> Result<Option<GpuResource>> {
        let row: Option<ResourceRow> = sqlx::query_as(
            "SELECT name, kind, description, default_hours, max_hours, status FROM gpu_resources \
             WHERE event_id = $1 AND LOWER(name) = LOWER($2)",
        )
        .bind(event_id)
        .bind(name.trim())
        .fetch_optional(&self.pool)
        .await?;
        row.map(GpuResource::try_from).transpose()
    }

    pub async fn gpu_request(&self, request_id: i64) -> Result<Option<GpuRequest>> {
        let row: Option<RequestRow> = sqlx::query_as(&format!(
            "SELECT {REQUEST_COLUMNS} FROM gpu_requests WHERE id = $1"
        ))
        .bind(request_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(GpuRequest::try_from).transpose()
    }

    /// Gives queued requests new places in line at once: `(request id,
    /// queue key)` pairs; requests no longer queued are left alone.
    pub async fn set_gpu_queue_keys(&self, keys: &[(i64, i64)]) -> Result<u64> {
        let keys = keys.to_vec();
        self.transaction(|conn| {
            let keys = keys.clone();
            async move {
                let mut changed = 0;
                for (id, key) in keys {
                    changed += sqlx::query(
                        "UPDATE gpu_requests SET queue_key = $2 WHERE id = $1 AND status = 'queued'",
                    )
                    .bind(id)
                    .bind(key)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected();
                }
                Ok(Tx::Commit(changed))
            }
            .boxed()
        })
        .await
    }

    pub async fn gpu_lease(&self, lease_id: i64) -> Result<Option<GpuLease>> {
        let row: Option<LeaseRow> = sqlx::query_as(&format!(
            "SELECT {LEASE_COLUMNS} FROM gpu_leases WHERE id = $1"
        ))
        .bind(lease_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(GpuLease::try_from).transpose()
    }

    /// Ends a lease at its end time, unless it was released or extended
    /// meanwhile (`ends_at` no longer matches); closes its request.
    pub async fn expire_gpu_lease(
        &self,
        lease_id: i64,
        ends_at: DateTime<Utc>,
    ) -> Result<Option<GpuLease>> {
        self.end_lease(lease_id, Some(ends_at), ends_at).await
    }

    /// Every lease of the event, ended or not, oldest first (the usage chart).
    pub async fn gpu_lease_history(&self, event_id: &str) -> Result<Vec<GpuLease>> {
        let rows: Vec<LeaseRow> = sqlx::query_as(&format!(
            "SELECT {LEASE_COLUMNS} FROM gpu_leases WHERE event_id = $1 ORDER BY starts_at, id"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(GpuLease::try_from).collect()
    }

    /// Whether the team was ever lent a GPU (a lease that ended counts:
    /// the participant's path keeps the step "get a GPU" done).
    pub async fn team_had_gpu_lease(&self, team_id: i64) -> Result<bool> {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM gpu_leases WHERE team_id = $1 LIMIT 1")
                .bind(team_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    /// Team names by id, for listings that show many teams in one query.
    pub async fn team_names(
        &self,
        event_id: &str,
    ) -> Result<std::collections::HashMap<i64, String>> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM teams WHERE event_id = $1")
                .bind(event_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().collect())
    }

    /// Where the live board is: (channel id, message id).
    pub async fn gpu_board_message(&self, event_id: &str) -> Result<Option<(u64, u64)>> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT channel_id, message_id FROM gpu_board WHERE event_id = $1")
                .bind(event_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(c, m)| (id_from_db(c), id_from_db(m))))
    }

    pub async fn set_gpu_board_message(
        &self,
        event_id: &str,
        channel_id: u64,
        message_id: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO gpu_board (event_id, channel_id, message_id, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (event_id) DO UPDATE SET channel_id = $2, message_id = $3, updated_at = $4",
        )
        .bind(event_id)
        .bind(id_to_db(channel_id))
        .bind(id_to_db(message_id))
        .bind(millis(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Leases not yet released, soonest end first.
    pub async fn active_gpu_leases(&self, event_id: &str) -> Result<Vec<GpuLease>> {
        let rows: Vec<LeaseRow> = sqlx::query_as(&format!(
            "SELECT {LEASE_COLUMNS} FROM gpu_leases WHERE event_id = $1 AND released_at IS NULL ORDER BY ends_at"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(GpuLease::try_from).collect()
    }
}

/// What a team held on the GPU queue when it went away: its leases ended
/// and its waiting requests withdrawn, as `/gpu release` and `/gpu cancel`
/// would, so the caller redraws the board and tells the next team.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamGpuReleased {
    pub leases: Vec<GpuLease>,
    pub requests: Vec<GpuRequest>,
}

impl TeamGpuReleased {
    pub fn is_empty(&self) -> bool {
        self.leases.is_empty() && self.requests.is_empty()
    }
}

/// Ends a team's active leases and withdraws its open requests, inside the
/// caller's transaction (the one that removes the team).
pub(crate) async fn release_team_gpu(
    conn: &mut sqlx::AnyConnection,
    team_id: i64,
    now: DateTime<Utc>,
) -> Result<TeamGpuReleased> {
    let leases: Vec<LeaseRow> = sqlx::query_as(&format!(
        "UPDATE gpu_leases SET released_at = $2 WHERE team_id = $1 AND released_at IS NULL \
         RETURNING {LEASE_COLUMNS}"
    ))
    .bind(team_id)
    .bind(millis(now))
    .fetch_all(&mut *conn)
    .await?;
    let requests: Vec<RequestRow> = sqlx::query_as(&format!(
        "UPDATE gpu_requests SET status = CASE WHEN status = 'granted' THEN 'done' ELSE 'cancelled' END, \
           decided_at = $2 \
         WHERE team_id = $1 AND status IN ('queued', 'granted') RETURNING {REQUEST_COLUMNS}"
    ))
    .bind(team_id)
    .bind(millis(now))
    .fetch_all(&mut *conn)
    .await?;
    Ok(TeamGpuReleased {
        leases: leases
            .into_iter()
            .map(GpuLease::try_from)
            .collect::<Result<_>>()?,
        requests: requests
            .into_iter()
            .map(GpuRequest::try_from)
            .collect::<Result<_>>()?,
    })
}
