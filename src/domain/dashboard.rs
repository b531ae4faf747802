//! What organizers see on the web dashboard: every team and its members,
//! every current submission with its state and last check, the GPU line and
//! leases, the help posts no one has answered yet and the help desk's
//! numbers, and the jury's progress. Organizers may see Discord ids; this
//! is never shown on a public page.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::jury::progress::{self, Progress};
use super::jury::JuryError;
use super::tickets::TicketStats;
use crate::config::{EventConfig, GpuKind};
use crate::store::{
    GpuLease, GpuRequest, Store, StoreError, SubmissionStatus, TeamWithMembers, Ticket,
};

/// One current submission.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionLine {
    pub team_id: i64,
    pub team: String,
    pub status: SubmissionStatus,
    pub submitted_at: DateTime<Utc>,
    pub checked_at: Option<DateTime<Utc>>,
}

/// The whole dashboard, read at one moment.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub teams: Vec<TeamWithMembers>,
    pub submissions: Vec<SubmissionLine>,
    pub gpu_queue: Vec<(String, GpuRequest)>,
    pub gpu_leases: Vec<(String, GpuLease)>,
    pub unanswered: Vec<Ticket>,
    pub unanswered_total: u64,
    /// The same numbers as `/tickets stats`.
    pub ticket_stats: TicketStats,
    /// `None` when the event has no jury.
    pub jury: Option<Progress>,
    /// Teams whose re-check runs in this process now (set by the caller,
    /// which knows the running checks).
    pub rechecking: Vec<i64>,
}

/// Unanswered posts shown at most (the total is given beside).
pub const UNANSWERED_SHOWN: u32 = 50;

pub async fn snapshot(store: &Store, event: &EventConfig) -> Result<Dashboard, StoreError> {
    let id = &event.event.id;
    let teams = store.teams_with_members(id).await?;
    let names: HashMap<i64, String> = teams
        .iter()
        .map(|t| (t.team.id, t.team.name.clone()))
        .collect();
    let name = |team: i64| {
        names
            .get(&team)
            .cloned()
            .unwrap_or_else(|| format!("#{team}"))
    };
    let mut submissions: Vec<SubmissionLine> = store
        .current_submissions(id)
        .await?
        .into_iter()
        .map(|s| SubmissionLine {
            team: name(s.team_id),
            team_id: s.team_id,
            status: s.status,
            submitted_at: s.created_at,
            checked_at: s.checked_at,
        })
        .collect();
    submissions.sort_by(|a, b| {
        a.status
            .as_str()
            .cmp(b.status.as_str())
            .then_with(|| a.team.to_lowercase().cmp(&b.team.to_lowercase()))
    });
    let mut gpu_queue = Vec::new();
    for kind in [GpuKind::Vm24Gb, GpuKind::SpaceT4Small] {
        for r in store.gpu_queue(id, kind).await? {
            gpu_queue.push((name(r.team_id), r));
        }
    }
    let gpu_leases = store
        .active_gpu_leases(id)
        .await?
        .into_iter()
        .map(|l| (name(l.team_id), l))
        .collect();
    let (unanswered, unanswered_total) = store
        .unanswered_tickets_page(id, 0, UNANSWERED_SHOWN)
        .await?;
    let tickets: Vec<Ticket> = store
        .tickets(id)
        .await?
        .into_iter()
        .filter(|t| t.thread_id.is_some())
        .collect();
    let jury = match &event.jury {
        Some(settings) => match progress::load(store, id, settings).await {
            Ok(p) => Some(p),
            Err(JuryError::Store(e)) => return Err(e),
            Err(JuryError::NoJury) => None,
        },
        None => None,
    };
    Ok(Dashboard {
        teams,
        submissions,
        gpu_queue,
        gpu_leases,
        unanswered,
        unanswered_total,
        ticket_stats: TicketStats::from_tickets(&tickets),
        jury,
        rechecking: Vec::new(),
    })
}

/// A fingerprint of what the live part shows: changes when a submission is
/// made or checked, a GPU request moves, or a post is answered.
pub fn fingerprint(d: &Dashboard) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for s in &d.submissions {
        (
            s.team_id,
            s.status.as_str(),
            s.checked_at.map(|t| t.timestamp_millis()),
        )
            .hash(&mut h);
    }
    for (_, r) in &d.gpu_queue {
        (r.id, r.queue_key).hash(&mut h);
    }
    for (_, l) in &d.gpu_leases {
        (l.id, l.ends_at.timestamp_millis()).hash(&mut h);
    }
    d.unanswered_total.hash(&mut h);
    d.teams.len().hash(&mut h);
    let t = &d.ticket_stats;
    (
        t.total,
        t.answered,
        t.resolved,
        t.median_first_answer.map(|m| m.num_seconds()),
    )
        .hash(&mut h);
    if let Some(p) = &d.jury {
        for project in &p.projects {
            (project.team_id, &project.assigned, &project.finished).hash(&mut h);
        }
    }
    d.rechecking.hash(&mut h);
    h.finish()
}
