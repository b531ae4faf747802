//! The GPU queue: who may ask for a machine, the order of the line, how long
//! a team may expect to wait, and how long a lease may be. Use cases take the
//! store (and the Hub client for the dataset check) and plain values; the
//! invariants (one open request per team and kind, one lease per machine)
//! are the database's, so two organizers pressing grant together still make
//! one lease.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Duration, Utc};

use crate::config::{EventConfig, GpuKind, MachineName};
use crate::hub::{parse_link, HubClient, HubLink, LinkError, RepoId, RepoKind, RepoOutcome};
use crate::store::{
    GpuLease, GpuRequest, GpuResource, GpuResourceStatus, GrantOutcome, NewGpuRequest, Store,
    StoreError, Team,
};

/// Every kind of machine, in the order listings show them.
pub const KINDS: [GpuKind; 2] = [GpuKind::Vm24Gb, GpuKind::SpaceT4Small];

/// Minutes before a lease ends that the team is warned.
pub const WARNINGS_MINUTES: [i64; 2] = [60, 10];

/// Everything that can refuse a GPU action, in the user's terms. Each maps
/// to a message id in `locales/*/gpu.ftl`.
#[derive(Debug, thiserror::Error)]
pub enum GpuError {
    #[error("not in a team")]
    NotInTeam,
    #[error("only the captain can ask")]
    NotCaptain,
    #[error("the code was not tested on a small machine")]
    NotTested,
    #[error("no machine of this kind in the pool")]
    NoMachineOfKind,
    #[error("hours must be between 1 and {max}")]
    BadHours { max: u32 },
    #[error("the dataset link cannot be read: {0}")]
    BadLink(LinkError),
    #[error("the link is not a dataset")]
    NotADataset,
    #[error("the dataset is not in the organization {org}")]
    WrongOrganization { org: String },
    #[error("the dataset does not exist (or is private)")]
    DatasetMissing { repo: String },
    #[error("the dataset is private or gated")]
    DatasetPrivate { repo: String },
    #[error("the Hub did not answer")]
    HubUnavailable,
    #[error("the team already has an open request of this kind")]
    AlreadyRequested,
    #[error("the team has no queued request")]
    NothingQueued,
    #[error("no team has that name")]
    UnknownTeam,
    #[error("no machine has that name")]
    UnknownResource,
    #[error("the machine is not in service")]
    ResourceNotAvailable { resource: String },
    #[error("the machine is lent until {until}")]
    ResourceBusy {
        resource: String,
        until: DateTime<Utc>,
    },
    #[error("the machine is of another kind")]
    WrongKind { resource: String },
    #[error("nobody is waiting")]
    QueueEmpty,
    #[error("no free machine for the next request")]
    NoFreeMachine,
    #[error("someone else granted it first")]
    GrantRace,
    #[error("no active lease")]
    NoLease,
    #[error("the lease is another team's")]
    NotYourLease,
    #[error("a machine with this name exists")]
    ResourceExists,
    #[error("the machine is lent; release it first")]
    ResourceLeased {
        resource: String,
        until: DateTime<Utc>,
    },
    #[error("the position must be within the line")]
    BadPosition { max: usize },
    #[error("the team has requests of several kinds; say which")]
    KindNeeded,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl GpuError {
    /// The Fluent message id that explains this error to a person.
    pub fn message_id(&self) -> &'static str {
        match self {
            GpuError::NotInTeam => "gpu-error-not-in-team",
            GpuError::NotCaptain => "gpu-error-not-captain",
            GpuError::NotTested => "gpu-error-not-tested",
            GpuError::NoMachineOfKind => "gpu-error-no-machine-of-kind",
            GpuError::BadHours { .. } => "gpu-error-bad-hours",
            GpuError::BadLink(_) => "gpu-error-bad-link",
            GpuError::NotADataset => "gpu-error-not-a-dataset",
            GpuError::WrongOrganization { .. } => "gpu-error-wrong-org",
            GpuError::DatasetMissing { .. } => "gpu-error-dataset-missing",
            GpuError::DatasetPrivate { .. } => "gpu-error-dataset-private",
            GpuError::HubUnavailable => "gpu-error-hub-unavailable",
            GpuError::AlreadyRequested => "gpu-error-already-requested",
            GpuError::NothingQueued => "gpu-error-nothing-queued",
            GpuError::UnknownTeam => "gpu-error-unknown-team",
            GpuError::UnknownResource => "gpu-error-unknown-resource",
            GpuError::ResourceNotAvailable { .. } => "gpu-error-resource-not-available",
            GpuError::ResourceBusy { .. } => "gpu-error-resource-busy",
            GpuError::WrongKind { .. } => "gpu-error-wrong-kind",
            GpuError::QueueEmpty => "gpu-error-queue-empty",
            GpuError::NoFreeMachine => "gpu-error-no-free-machine",
            GpuError::GrantRace => "gpu-error-grant-race",
            GpuError::NoLease => "gpu-error-no-lease",
            GpuError::NotYourLease => "gpu-error-not-your-lease",
            GpuError::ResourceExists => "gpu-error-resource-exists",
            GpuError::ResourceLeased { .. } => "gpu-error-resource-leased",
            GpuError::BadPosition { .. } => "gpu-error-bad-position",
            GpuError::KindNeeded => "gpu-error-kind-needed",
            GpuError::Store(_) => "error-internal",
        }
    }
}

/// A machine with the lease it serves now, if any.
#[derive(Debug, Clone)]
pub struct MachineView {
    pub resource: GpuResource,
    pub lease: Option<(GpuLease, String)>,
}

/// A queued request with its team, place in line and expected start.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub request: GpuRequest,
    pub team: String,
    /// 1-based, within its kind.
    pub position: usize,
    /// `None` when no machine of the kind is in service.
    pub expected_start: Option<DateTime<Utc>>,
}

/// The whole picture: machines, leases, and each kind's line.
#[derive(Debug, Clone)]
pub struct GpuBoard {
    pub machines: Vec<MachineView>,
    pub queues: Vec<(GpuKind, Vec<QueueEntry>)>,
}

impl GpuBoard {
    /// The team's queued requests.
    pub fn entries_of(&self, team_id: i64) -> Vec<&QueueEntry> {
        self.queues
            .iter()
            .flat_map(|(_, q)| q.iter())
            .filter(|e| e.request.team_id == team_id)
            .collect()
    }

    /// The machines the team holds.
    pub fn leases_of(&self, team_id: i64) -> Vec<&MachineView> {
        self.machines
            .iter()
            .filter(|m| m.lease.as_ref().is_some_and(|(l, _)| l.team_id == team_id))
            .collect()
    }

    pub fn queue(&self, kind: GpuKind) -> &[QueueEntry] {
        self.queues
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(&[], |(_, q)| q.as_slice())
    }

    pub fn machine(&self, name: &str) -> Option<&MachineView> {
        self.machines
            .iter()
            .find(|m| m.resource.name.eq_ignore_ascii_case(name.trim()))
    }

    fn free_machines(&self, kind: GpuKind) -> impl Iterator<Item = &MachineView> {
        self.machines.iter().filter(move |m| {
            m.resource.kind == kind
                && m.resource.status == GpuResourceStatus::Available
                && m.lease.is_none()
        })
    }
}

/// Reads the board in a fixed number of queries (five), whatever the size
/// of the line.
pub async fn board(
    store: &Store,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<GpuBoard, StoreError> {
    let resources = store.gpu_resources(event_id).await?;
    let leases = store.active_gpu_leases(event_id).await?;
    let names = store.team_names(event_id).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let mut by_machine: HashMap<String, GpuLease> = leases
        .into_iter()
        .map(|l| (l.resource.clone(), l))
        .collect();
    let machines: Vec<MachineView> = resources
        .into_iter()
        .map(|r| {
            let lease = by_machine.remove(&r.name).map(|l| {
                let team = name(l.team_id);
                (l, team)
            });
            MachineView { resource: r, lease }
        })
        .filter(|m| m.resource.status != GpuResourceStatus::Retired || m.lease.is_some())
        .collect();
    let mut queues = Vec::new();
    for kind in KINDS {
        let queued = store.gpu_queue(event_id, kind).await?;
        let free_at = machine_free_times(&machines, kind, now);
        let hours: Vec<u32> = queued.iter().map(|r| r.hours).collect();
        let starts = expected_starts(now, &free_at, &hours);
        let entries = queued
            .into_iter()
            .zip(starts)
            .enumerate()
            .map(|(i, (request, expected_start))| QueueEntry {
                team: name(request.team_id),
                request,
                position: i + 1,
                expected_start,
            })
            .collect();
        queues.push((kind, entries));
    }
    Ok(GpuBoard { machines, queues })
}

/// When each in-service machine of `kind` is free: now, or at its lease's
/// end (an overdue lease counts as ending now).
fn machine_free_times(
    machines: &[MachineView],
    kind: GpuKind,
    now: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    machines
        .iter()
        .filter(|m| m.resource.kind == kind && m.resource.status == GpuResourceStatus::Available)
        .map(|m| m.lease.as_ref().map_or(now, |(l, _)| l.ends_at.max(now)))
        .collect()
}

/// When each request in line may start, first come first served: each
/// takes the machine that frees first and holds it for its estimated hours.
/// `None` for all when no machine is in service.
pub fn expected_starts(
    now: DateTime<Utc>,
    free_at: &[DateTime<Utc>],
    hours: &[u32],
) -> Vec<Option<DateTime<Utc>>> {
    if free_at.is_empty() {
        return vec![None; hours.len()];
    }
    let mut heap: BinaryHeap<Reverse<DateTime<Utc>>> =
        free_at.iter().map(|t| Reverse((*t).max(now))).collect();
    hours
        .iter()
        .map(|h| {
            let Reverse(start) = heap.pop()?;
            heap.push(Reverse(start + Duration::hours(i64::from(*h))));
            Some(start)
        })
        .collect()
}

/// The longest lease a kind allows: the largest maximum among its machines
/// in service; `None` when the pool has none.
pub fn max_hours(resources: &[GpuResource], kind: GpuKind) -> Option<u32> {
    resources
        .iter()
        .filter(|r| r.kind == kind && r.status != GpuResourceStatus::Retired)
        .map(|r| r.max_hours)
        .max()
}

/// Checks a number of hours against a maximum.
pub fn check_hours(hours: i64, max: u32) -> Result<u32, GpuError> {
    u32::try_from(hours)
        .ok()
        .filter(|h| (1..=max).contains(h))
        .ok_or(GpuError::BadHours { max })
}

/// Reads a dataset link (or a bare `org/name` id) and checks it names a
/// dataset of the event's organization.
pub fn parse_dataset(text: &str, organization: &str) -> Result<RepoId, GpuError> {
    let trimmed = text.trim();
    let repo = match parse_link(trimmed) {
        Ok(HubLink::Repo(r)) => r,
        Ok(HubLink::SpaceSubdomain(_)) => return Err(GpuError::NotADataset),
        Err(LinkError::NotALink(_)) if trimmed.matches('/').count() == 1 => {
            RepoId::parse(RepoKind::Dataset, trimmed).map_err(|e| GpuError::BadLink(e.into()))?
        }
        Err(e) => return Err(GpuError::BadLink(e)),
    };
    if repo.kind != RepoKind::Dataset {
        return Err(GpuError::NotADataset);
    }
    if !repo.is_in(organization) {
        return Err(GpuError::WrongOrganization {
            org: organization.to_string(),
        });
    }
    Ok(repo)
}

/// What a team asks for.
#[derive(Debug, Clone)]
pub struct RequestForm<'a> {
    pub kind: GpuKind,
    pub hours: i64,
    pub dataset: &'a str,
    /// The captain confirms the training code ran on a small machine.
    pub tested: bool,
}

/// A request in line, with where it stands.
#[derive(Debug, Clone)]
pub struct Queued {
    pub team: Team,
    pub request: GpuRequest,
    pub position: usize,
    pub expected_start: Option<DateTime<Utc>>,
}

/// The captain's team, or why the caller cannot act for one.
async fn captains_team(store: &Store, event_id: &str, user: u64) -> Result<Team, GpuError> {
    let team = store
        .team_of(event_id, user)
        .await?
        .ok_or(GpuError::NotInTeam)?;
    if team.captain_id != user {
        return Err(GpuError::NotCaptain);
    }
    Ok(team)
}

/// A captain asks for a machine: the form is checked, then the dataset on
/// the Hub (an outage is "try again", never a refusal), then the request
/// joins the end of its kind's line.
pub async fn request(
    store: &Store,
    hub: &HubClient,
    event: &EventConfig,
    captain: u64,
    form: &RequestForm<'_>,
    now: DateTime<Utc>,
) -> Result<Queued, GpuError> {
    let event_id = &event.event.id;
    let team = captains_team(store, event_id, captain).await?;
    if !form.tested {
        return Err(GpuError::NotTested);
    }
    let resources = store.gpu_resources(event_id).await?;
    let max = max_hours(&resources, form.kind).ok_or(GpuError::NoMachineOfKind)?;
    let hours = check_hours(form.hours, max)?;
    let repo = parse_dataset(form.dataset, &event.hub.organization)?;
    // A second request is refused before the Hub is asked; the unique
    // index below is what really keeps it to one.
    if store
        .open_gpu_requests(team.id)
        .await?
        .iter()
        .any(|r| r.kind == form.kind)
    {
        return Err(GpuError::AlreadyRequested);
    }
    let id = repo.id();
    match hub.repo_info(&repo).await {
        RepoOutcome::Found(info) if !info.private => {}
        RepoOutcome::Found(_) | RepoOutcome::Gated(_) => {
            return Err(GpuError::DatasetPrivate { repo: id })
        }
        RepoOutcome::NotFound | RepoOutcome::NotFoundOrPrivate | RepoOutcome::Disabled(_) => {
            return Err(GpuError::DatasetMissing { repo: id })
        }
        RepoOutcome::Unavailable(u) => {
            tracing::warn!(error = ?u, "the Hub did not answer a GPU request's dataset check");
            return Err(GpuError::HubUnavailable);
        }
    }
    let request = store
        .create_gpu_request(&NewGpuRequest {
            event_id,
            team_id: team.id,
            kind: form.kind,
            hours,
            dataset_repo: &id,
            created_by: captain,
            now,
        })
        .await?
        .ok_or(GpuError::AlreadyRequested)?;
    let b = board(store, event_id, now).await?;
    let entry = b
        .queue(form.kind)
        .iter()
        .find(|e| e.request.id == request.id);
    Ok(Queued {
        position: entry.map_or(1, |e| e.position),
        expected_start: entry.and_then(|e| e.expected_start),
        team,
        request,
    })
}

/// The captain withdraws the team's queued request (of `kind`, or the only
/// one).
pub async fn cancel(
    store: &Store,
    event: &EventConfig,
    captain: u64,
    kind: Option<GpuKind>,
    now: DateTime<Utc>,
) -> Result<GpuRequest, GpuError> {
    let team = captains_team(store, &event.event.id, captain).await?;
    let queued: Vec<GpuRequest> = store
        .open_gpu_requests(team.id)
        .await?
        .into_iter()
        .filter(|r| r.status == crate::store::GpuRequestStatus::Queued)
        .filter(|r| kind.map_or(true, |k| r.kind == k))
        .collect();
    let request = match queued.as_slice() {
        [] => return Err(GpuError::NothingQueued),
        [one] => one.clone(),
        _ => return Err(GpuError::KindNeeded),
    };
    if store.cancel_gpu_request(request.id, now).await? {
        Ok(request)
    } else {
        // Granted (or cancelled) a moment ago.
        Err(GpuError::NothingQueued)
    }
}

/// What an organizer's grant names; anything left out is chosen: the next
/// team in line, a free machine of its kind, the hours it asked for.
#[derive(Debug, Clone, Default)]
pub struct GrantForm<'a> {
    pub team: Option<&'a str>,
    pub resource: Option<&'a str>,
    pub hours: Option<i64>,
}

/// The request and the machine a grant will join.
#[derive(Debug, Clone)]
pub struct GrantChoice {
    pub request: GpuRequest,
    pub team: String,
    pub resource: GpuResource,
}

/// Picks the request and the machine for a grant (see [`GrantForm`]).
pub fn choose_grant(
    board: &GpuBoard,
    team_id: Option<i64>,
    resource: Option<&str>,
) -> Result<GrantChoice, GpuError> {
    let pick = |entry: &QueueEntry, machine: &MachineView| GrantChoice {
        request: entry.request.clone(),
        team: entry.team.clone(),
        resource: machine.resource.clone(),
    };
    if let Some(name) = resource {
        let machine = board.machine(name).ok_or(GpuError::UnknownResource)?;
        let r = &machine.resource;
        if r.status != GpuResourceStatus::Available {
            return Err(GpuError::ResourceNotAvailable {
                resource: r.name.clone(),
            });
        }
        if let Some((lease, _)) = &machine.lease {
            return Err(GpuError::ResourceBusy {
                resource: r.name.clone(),
                until: lease.ends_at,
            });
        }
        let queue = board.queue(r.kind);
        let entry = match team_id {
            Some(t) => match queue.iter().find(|e| e.request.team_id == t) {
                Some(e) => e,
                None if !board.entries_of(t).is_empty() => {
                    return Err(GpuError::WrongKind {
                        resource: r.name.clone(),
                    })
                }
                None => return Err(GpuError::NothingQueued),
            },
            None => queue.first().ok_or(GpuError::QueueEmpty)?,
        };
        return Ok(pick(entry, machine));
    }
    // No machine named: the earliest request (of the team, when named)
    // whose kind has a free machine.
    let candidates: Vec<&QueueEntry> = match team_id {
        Some(t) => {
            let mine = board.entries_of(t);
            if mine.is_empty() {
                return Err(GpuError::NothingQueued);
            }
            mine
        }
        None => board.queues.iter().filter_map(|(_, q)| q.first()).collect(),
    };
    if candidates.is_empty() {
        return Err(GpuError::QueueEmpty);
    }
    candidates
        .into_iter()
        .filter_map(|e| board.free_machines(e.request.kind).next().map(|m| (e, m)))
        .min_by_key(|(e, _)| (e.request.queue_key, e.request.id))
        .map(|(e, m)| pick(e, m))
        .ok_or(GpuError::NoFreeMachine)
}

/// A lease just made.
#[derive(Debug, Clone)]
pub struct Granted {
    pub lease: GpuLease,
    pub team: String,
    pub resource: GpuResource,
}

/// An organizer lends a machine. Atomic in the store: of two organizers
/// granting the same machine (or the same request) at once, one succeeds
/// and the other is told someone was faster.
pub async fn grant(
    store: &Store,
    event: &EventConfig,
    organizer: u64,
    form: &GrantForm<'_>,
    now: DateTime<Utc>,
) -> Result<Granted, GpuError> {
    let event_id = &event.event.id;
    let team_id = match form.team {
        Some(name) => Some(team_named(store, event_id, name).await?.id),
        None => None,
    };
    let b = board(store, event_id, now).await?;
    let choice = choose_grant(&b, team_id, form.resource)?;
    let max = choice.resource.max_hours;
    let hours = match form.hours {
        Some(h) => check_hours(h, max)?,
        None => choice.request.hours.clamp(1, max),
    };
    let ends_at = now + Duration::hours(i64::from(hours));
    match store
        .grant_gpu(
            event_id,
            choice.request.id,
            &choice.resource.name,
            organizer,
            now,
            ends_at,
        )
        .await?
    {
        GrantOutcome::Granted(lease) => Ok(Granted {
            lease,
            team: choice.team,
            resource: choice.resource,
        }),
        GrantOutcome::RequestNotQueued | GrantOutcome::ResourceBusy => Err(GpuError::GrantRace),
    }
}

async fn team_named(store: &Store, event_id: &str, name: &str) -> Result<Team, GpuError> {
    store
        .team_by_name_key(event_id, &crate::domain::team::TeamName::key_of(name))
        .await?
        .ok_or(GpuError::UnknownTeam)
}

/// The active lease on a machine.
async fn lease_on(
    store: &Store,
    event_id: &str,
    resource: &str,
) -> Result<(GpuLease, GpuResource), GpuError> {
    let r = store
        .gpu_resource(event_id, resource)
        .await?
        .ok_or(GpuError::UnknownResource)?;
    let lease = store
        .active_gpu_leases(event_id)
        .await?
        .into_iter()
        .find(|l| l.resource == r.name)
        .ok_or(GpuError::NoLease)?;
    Ok((lease, r))
}

/// An organizer adds hours to a lease (at most the machine's maximum at a
/// time).
pub async fn extend(
    store: &Store,
    event: &EventConfig,
    resource: &str,
    hours: i64,
) -> Result<GpuLease, GpuError> {
    let (lease, r) = lease_on(store, &event.event.id, resource).await?;
    let hours = check_hours(hours, r.max_hours)?;
    let ends_at = lease.ends_at + Duration::hours(i64::from(hours));
    if !store.extend_gpu_lease(lease.id, ends_at).await? {
        return Err(GpuError::NoLease);
    }
    Ok(GpuLease { ends_at, ..lease })
}

/// Who is giving a machine back.
#[derive(Debug, Clone, Copy)]
pub enum Releaser {
    Organizer,
    Member(u64),
}

/// The lease a release would end, if the caller may end it: the team (any
/// member) gives its machine back early, or an organizer any machine. A
/// member may leave the machine out when the team holds one. Nothing is
/// written (the command asks for a confirmation first).
pub async fn release_target(
    store: &Store,
    event: &EventConfig,
    who: Releaser,
    resource: Option<&str>,
) -> Result<GpuLease, GpuError> {
    let event_id = &event.event.id;
    let lease = match (who, resource) {
        (_, Some(name)) => lease_on(store, event_id, name).await?.0,
        (Releaser::Member(user), None) => {
            let team = store
                .team_of(event_id, user)
                .await?
                .ok_or(GpuError::NotInTeam)?;
            let mine: Vec<GpuLease> = store
                .active_gpu_leases(event_id)
                .await?
                .into_iter()
                .filter(|l| l.team_id == team.id)
                .collect();
            match mine.as_slice() {
                [] => return Err(GpuError::NoLease),
                [one] => one.clone(),
                _ => return Err(GpuError::KindNeeded),
            }
        }
        (Releaser::Organizer, None) => return Err(GpuError::UnknownResource),
    };
    may_release(store, event_id, who, &lease).await?;
    Ok(lease)
}

async fn may_release(
    store: &Store,
    event_id: &str,
    who: Releaser,
    lease: &GpuLease,
) -> Result<(), GpuError> {
    if let Releaser::Member(user) = who {
        let team = store
            .team_of(event_id, user)
            .await?
            .ok_or(GpuError::NotInTeam)?;
        if team.id != lease.team_id {
            return Err(GpuError::NotYourLease);
        }
    }
    Ok(())
}

/// Ends lease `lease_id` now, when the caller may (checked again: the
/// confirmation may come a while after the question).
pub async fn release_lease(
    store: &Store,
    event: &EventConfig,
    who: Releaser,
    lease_id: i64,
    now: DateTime<Utc>,
) -> Result<GpuLease, GpuError> {
    let lease = store
        .gpu_lease(lease_id)
        .await?
        .filter(|l| l.released_at.is_none())
        .ok_or(GpuError::NoLease)?;
    may_release(store, &event.event.id, who, &lease).await?;
    store
        .release_gpu_lease(lease.id, now)
        .await?
        .ok_or(GpuError::NoLease)
}

/// Finds and ends a lease at once ([`release_target`], then
/// [`release_lease`]).
pub async fn release(
    store: &Store,
    event: &EventConfig,
    who: Releaser,
    resource: Option<&str>,
    now: DateTime<Utc>,
) -> Result<GpuLease, GpuError> {
    let lease = release_target(store, event, who, resource).await?;
    release_lease(store, event, who, lease.id, now).await
}

/// Where a request moves to, as a list of `(request id, new key)`: the
/// line's keys are kept and handed out again in the new order, so requests
/// made later still join at the end. `position` is 1-based.
pub fn reorder(line: &[GpuRequest], request_id: i64, position: usize) -> Vec<(i64, i64)> {
    let mut keys: Vec<i64> = line.iter().map(|r| r.queue_key).collect();
    keys.sort_unstable();
    let mut order: Vec<i64> = line.iter().map(|r| r.id).collect();
    let Some(from) = order.iter().position(|id| *id == request_id) else {
        return Vec::new();
    };
    let id = order.remove(from);
    let to = position.clamp(1, order.len() + 1) - 1;
    order.insert(to, id);
    let old: HashMap<i64, i64> = line.iter().map(|r| (r.id, r.queue_key)).collect();
    order
        .into_iter()
        .zip(keys)
        .filter(|(id, key)| old.get(id) != Some(key))
        .collect()
}

/// A move in the line, for the audit and the answer.
#[derive(Debug, Clone)]
pub struct Moved {
    pub team: String,
    pub kind: GpuKind,
    pub from: usize,
    pub to: usize,
}

/// An organizer moves a team's request to `position` in its line.
pub async fn move_request(
    store: &Store,
    event: &EventConfig,
    team: &str,
    kind: Option<GpuKind>,
    position: i64,
    now: DateTime<Utc>,
) -> Result<Moved, GpuError> {
    let event_id = &event.event.id;
    let team = team_named(store, event_id, team).await?;
    let b = board(store, event_id, now).await?;
    let mine: Vec<&QueueEntry> = b
        .entries_of(team.id)
        .into_iter()
        .filter(|e| kind.map_or(true, |k| e.request.kind == k))
        .collect();
    let entry = match mine.as_slice() {
        [] => return Err(GpuError::NothingQueued),
        [one] => *one,
        _ => return Err(GpuError::KindNeeded),
    };
    let line: Vec<GpuRequest> = b
        .queue(entry.request.kind)
        .iter()
        .map(|e| e.request.clone())
        .collect();
    let to = usize::try_from(position)
        .ok()
        .filter(|p| (1..=line.len()).contains(p))
        .ok_or(GpuError::BadPosition { max: line.len() })?;
    store
        .set_gpu_queue_keys(&reorder(&line, entry.request.id, to))
        .await?;
    Ok(Moved {
        team: team.name,
        kind: entry.request.kind,
        from: entry.position,
        to,
    })
}

/// Adds a machine to the pool at run time.
pub async fn add_resource(
    store: &Store,
    event: &EventConfig,
    resource: &GpuResource,
) -> Result<(), GpuError> {
    if MachineName::parse(&resource.name).map(|n| n.into_string()) != Ok(resource.name.clone()) {
        return Err(GpuError::UnknownResource);
    }
    check_hours(i64::from(resource.max_hours), 24 * 28)?;
    check_hours(i64::from(resource.default_hours), resource.max_hours)?;
    if store
        .gpu_resource(&event.event.id, &resource.name)
        .await?
        .is_some()
    {
        return Err(GpuError::ResourceExists);
    }
    if store.seed_gpu_resource(&event.event.id, resource).await? {
        Ok(())
    } else {
        Err(GpuError::ResourceExists)
    }
}

/// Marks a machine retired, out of service or available again; a machine
/// that is lent must be released first.
pub async fn set_status(
    store: &Store,
    event: &EventConfig,
    resource: &str,
    status: GpuResourceStatus,
) -> Result<GpuResource, GpuError> {
    let event_id = &event.event.id;
    let r = store
        .gpu_resource(event_id, resource)
        .await?
        .ok_or(GpuError::UnknownResource)?;
    if status != GpuResourceStatus::Available {
        if let Some(lease) = store
            .active_gpu_leases(event_id)
            .await?
            .into_iter()
            .find(|l| l.resource == r.name)
        {
            return Err(GpuError::ResourceLeased {
                resource: r.name,
                until: lease.ends_at,
            });
        }
    }
    store
        .set_gpu_resource_status(event_id, &r.name, status)
        .await?;
    Ok(GpuResource { status, ..r })
}

/// One bar of the usage chart: a team's time on a machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageSpan {
    pub resource: String,
    pub team: String,
    pub from: DateTime<Utc>,
    /// The release, or the planned end of a lease still running (cut at now).
    pub to: DateTime<Utc>,
}

/// Every lease of the event as spans, for the usage chart.
pub async fn usage(
    store: &Store,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<UsageSpan>, StoreError> {
    let names = store.team_names(event_id).await?;
    Ok(store
        .gpu_lease_history(event_id)
        .await?
        .into_iter()
        .map(|l| UsageSpan {
            team: names
                .get(&l.team_id)
                .cloned()
                .unwrap_or_else(|| format!("#{}", l.team_id)),
            resource: l.resource,
            from: l.starts_at,
            to: l.released_at.unwrap_or(l.ends_at.min(now)).max(l.starts_at),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 3, 10, h, 0, 0).unwrap()
    }

    fn req(id: i64, team: i64, kind: GpuKind, key: i64) -> GpuRequest {
        GpuRequest {
            id,
            team_id: team,
            kind,
            hours: 4,
            dataset_repo: "somosnlp/d".into(),
            status: crate::store::GpuRequestStatus::Queued,
            queue_key: key,
            created_by: 1,
            created_at: t(0),
        }
    }

    fn machine(name: &str, kind: GpuKind, lease: Option<(i64, u32)>) -> MachineView {
        MachineView {
            resource: GpuResource {
                name: name.into(),
                kind,
                description: None,
                default_hours: 4,
                max_hours: 8,
                status: GpuResourceStatus::Available,
            },
            lease: lease.map(|(team, end)| {
                (
                    GpuLease {
                        id: team,
                        request_id: None,
                        team_id: team,
                        resource: name.into(),
                        starts_at: t(0),
                        ends_at: t(end),
                        released_at: None,
                        granted_by: 1,
                    },
                    format!("T{team}"),
                )
            }),
        }
    }

    fn entry(r: GpuRequest, position: usize) -> QueueEntry {
        QueueEntry {
            team: format!("T{}", r.team_id),
            request: r,
            position,
            expected_start: None,
        }
    }

    #[test]
    fn the_first_in_line_gets_the_first_machine_to_free() {
        let now = t(1);
        // Two machines: one free at 3, one at 5; three requests of 4 h.
        let starts = expected_starts(now, &[t(5), t(3)], &[4, 4, 4]);
        assert_eq!(starts, vec![Some(t(3)), Some(t(5)), Some(t(7))]);
    }

    #[test]
    fn a_free_machine_means_no_wait_and_no_machine_means_no_estimate() {
        assert_eq!(expected_starts(t(1), &[t(0)], &[2]), vec![Some(t(1))]);
        assert_eq!(expected_starts(t(1), &[], &[2, 3]), vec![None, None]);
    }

    #[test]
    fn hours_must_be_within_the_maximum() {
        assert_eq!(check_hours(24, 72).unwrap(), 24);
        assert!(matches!(
            check_hours(0, 72),
            Err(GpuError::BadHours { max: 72 })
        ));
        assert!(matches!(
            check_hours(73, 72),
            Err(GpuError::BadHours { .. })
        ));
        assert!(matches!(
            check_hours(-1, 72),
            Err(GpuError::BadHours { .. })
        ));
    }

    #[test]
    fn the_longest_lease_is_the_largest_maximum_of_machines_not_retired() {
        let mut a = machine("a", GpuKind::Vm24Gb, None).resource;
        a.max_hours = 72;
        let mut b = machine("b", GpuKind::Vm24Gb, None).resource;
        b.max_hours = 100;
        b.status = GpuResourceStatus::Retired;
        assert_eq!(max_hours(&[a.clone(), b], GpuKind::Vm24Gb), Some(72));
        assert_eq!(max_hours(&[a], GpuKind::SpaceT4Small), None);
    }

    #[test]
    fn a_dataset_must_be_a_dataset_of_the_organization() {
        let ok = parse_dataset(
            "https://huggingface.co/datasets/somosnlp/corpus",
            "somosnlp",
        );
        assert_eq!(ok.unwrap().id(), "somosnlp/corpus");
        assert_eq!(
            parse_dataset("somosnlp/corpus", "somosnlp").unwrap().id(),
            "somosnlp/corpus"
        );
        assert!(matches!(
            parse_dataset("https://huggingface.co/somosnlp/model", "somosnlp"),
            Err(GpuError::NotADataset)
        ));
        assert!(matches!(
            parse_dataset("https://huggingface.co/datasets/other/corpus", "somosnlp"),
            Err(GpuError::WrongOrganization { .. })
        ));
        assert!(matches!(
            parse_dataset("my dataset", "somosnlp"),
            Err(GpuError::BadLink(_))
        ));
    }

    #[test]
    fn moving_a_request_hands_out_the_same_keys_in_the_new_order() {
        let line: Vec<GpuRequest> = (1..=4)
            .map(|i| req(i, 10 + i, GpuKind::Vm24Gb, 100 * i))
            .collect();
        // Request 4 to the front: 4 takes key 100, the others shift back.
        assert_eq!(
            reorder(&line, 4, 1),
            vec![(4, 100), (1, 200), (2, 300), (3, 400)]
        );
        // Request 1 to place 2: only the first two change.
        assert_eq!(reorder(&line, 1, 2), vec![(2, 100), (1, 200)]);
        assert_eq!(reorder(&line, 2, 2), vec![], "staying put changes nothing");
        assert_eq!(reorder(&line, 99, 1), vec![], "unknown request");
    }

    fn sample_board() -> GpuBoard {
        GpuBoard {
            machines: vec![
                machine("vm-1", GpuKind::Vm24Gb, Some((1, 5))),
                machine("vm-2", GpuKind::Vm24Gb, None),
                machine("t4", GpuKind::SpaceT4Small, None),
            ],
            queues: vec![
                (
                    GpuKind::Vm24Gb,
                    vec![
                        entry(req(10, 2, GpuKind::Vm24Gb, 5), 1),
                        entry(req(11, 3, GpuKind::Vm24Gb, 6), 2),
                    ],
                ),
                (
                    GpuKind::SpaceT4Small,
                    vec![entry(req(12, 3, GpuKind::SpaceT4Small, 4), 1)],
                ),
            ],
        }
    }

    #[test]
    fn a_grant_by_default_goes_to_the_earliest_request_with_a_free_machine() {
        let b = sample_board();
        let c = choose_grant(&b, None, None).unwrap();
        assert_eq!((c.request.id, c.resource.name.as_str()), (12, "t4"));
        let c = choose_grant(&b, None, Some("vm-2")).unwrap();
        assert_eq!((c.request.id, c.team.as_str()), (10, "T2"));
        let c = choose_grant(&b, Some(3), Some("VM-2")).unwrap();
        assert_eq!(c.request.id, 11, "a named team skips the line");
    }

    #[test]
    fn a_grant_is_refused_for_a_busy_or_unknown_machine_or_an_absent_team() {
        let b = sample_board();
        assert!(matches!(
            choose_grant(&b, None, Some("vm-1")),
            Err(GpuError::ResourceBusy { .. })
        ));
        assert!(matches!(
            choose_grant(&b, None, Some("nope")),
            Err(GpuError::UnknownResource)
        ));
        assert!(matches!(
            choose_grant(&b, Some(2), Some("t4")),
            Err(GpuError::WrongKind { .. })
        ));
        assert!(matches!(
            choose_grant(&b, Some(99), None),
            Err(GpuError::NothingQueued)
        ));
        let empty = GpuBoard {
            machines: b.machines.clone(),
            queues: vec![],
        };
        assert!(matches!(
            choose_grant(&empty, None, None),
            Err(GpuError::QueueEmpty)
        ));
    }

    #[test]
    fn every_refusal_has_a_text() {
        let i18n = crate::i18n::I18n::load().unwrap();
        let errors = [
            GpuError::NotInTeam,
            GpuError::NotCaptain,
            GpuError::NotTested,
            GpuError::NoMachineOfKind,
            GpuError::BadHours { max: 1 },
            GpuError::BadLink(LinkError::Collection),
            GpuError::NotADataset,
            GpuError::WrongOrganization { org: "o".into() },
            GpuError::DatasetMissing { repo: "r".into() },
            GpuError::DatasetPrivate { repo: "r".into() },
            GpuError::HubUnavailable,
            GpuError::AlreadyRequested,
            GpuError::NothingQueued,
            GpuError::UnknownTeam,
            GpuError::UnknownResource,
            GpuError::ResourceNotAvailable {
                resource: "r".into(),
            },
            GpuError::ResourceBusy {
                resource: "r".into(),
                until: t(1),
            },
            GpuError::WrongKind {
                resource: "r".into(),
            },
            GpuError::QueueEmpty,
            GpuError::NoFreeMachine,
            GpuError::GrantRace,
            GpuError::NoLease,
            GpuError::NotYourLease,
            GpuError::ResourceExists,
            GpuError::ResourceLeased {
                resource: "r".into(),
                until: t(1),
            },
            GpuError::BadPosition { max: 1 },
            GpuError::KindNeeded,
        ];
        for e in errors {
            for lang in crate::i18n::Lang::ALL {
                assert!(
                    i18n.has(lang, e.message_id()),
                    "{lang:?} {}",
                    e.message_id()
                );
            }
        }
    }
}
