//! The GPU leases' jobs: the notice to a team when a machine is theirs, the
//! warnings an hour and ten minutes before the end, the end itself, the
//! message to the next team in line when a machine frees, and the live
//! board. Each is a job in the database, so a restart loses none and sends
//! none twice. A job names the lease's end time it was planned for, so an
//! extended or released lease's old jobs have nothing to do.

use chrono::{DateTime, Duration, Utc};

use super::{put_job, wake, Destination, Failure, Job, Outbox, Pings, Scheduler, SendError, Task};
use crate::config::keys;
use crate::domain::gpu::{self as domain, WARNINGS_MINUTES};
use crate::domain::people::person_lang;
use crate::i18n::Lang;
use crate::store::{GpuLease, GpuResourceStatus, Store, StoreError, Team, TeamGpuReleased};

/// Board redraws of this process run one at a time, so two jobs never both
/// post a first board message.
static BOARD_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The key prefix of a lease's timed jobs, whatever its end.
pub fn lease_prefix(lease: i64) -> String {
    format!("gpu:lease:{lease}@")
}

/// The timed jobs of a lease: the warnings that fall after its start, and
/// its end.
pub fn plan_lease(lease: &GpuLease) -> Vec<(String, DateTime<Utc>, Task)> {
    let end = lease.ends_at.timestamp();
    let base = format!("{}{end}", lease_prefix(lease.id));
    let mut plan = Vec::new();
    for minutes in WARNINGS_MINUTES {
        let due = lease.ends_at - Duration::minutes(minutes);
        if due > lease.starts_at {
            plan.push((
                format!("{base}:warn:{minutes}"),
                due,
                Task::GpuLeaseWarning {
                    lease: lease.id,
                    ends_at: end,
                    minutes,
                },
            ));
        }
    }
    plan.push((
        format!("{base}:expire"),
        lease.ends_at,
        Task::GpuLeaseExpiry {
            lease: lease.id,
            ends_at: end,
        },
    ));
    plan
}

async fn put_plan(
    store: &Store,
    event_id: &str,
    lease: &GpuLease,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for (key, due, task) in plan_lease(lease) {
        if due >= now {
            put_job(store, event_id, &key, due, &task, now, false).await?;
        }
    }
    Ok(())
}

/// Makes sure every running lease has its notice, warnings and end (at
/// start: a crash between a grant and its jobs loses nothing). Keys are
/// unique, so jobs that exist are left alone; an end already past is due
/// now.
pub async fn seed_lease_jobs(
    store: &Store,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let mut added = 0;
    for lease in store.active_gpu_leases(event_id).await? {
        added += u32::from(put_notice(store, event_id, &lease, false, now).await?);
        for (key, due, task) in plan_lease(&lease) {
            let expiry = matches!(task, Task::GpuLeaseExpiry { .. });
            if due >= now || expiry {
                let due = due.max(now);
                added += u32::from(put_job(store, event_id, &key, due, &task, now, false).await?);
            }
        }
    }
    Ok(added)
}

/// Asks for the board to be drawn again (at once).
pub async fn schedule_board(
    store: &Store,
    event_id: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let key = format!(
        "gpu:board:{}:{:08x}",
        now.timestamp_millis(),
        rand::random::<u32>()
    );
    put_job(store, event_id, &key, now, &Task::GpuBoard, now, false).await?;
    wake();
    Ok(())
}

/// A new lease: the team's notice, its warnings and end, a board redraw.
pub async fn schedule_grant(
    store: &Store,
    event_id: &str,
    lease: &GpuLease,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    put_notice(store, event_id, lease, false, now).await?;
    put_plan(store, event_id, lease, now).await?;
    schedule_board(store, event_id, now).await
}

/// The team's notice of a grant (once per lease) or of an extension (once
/// per new end).
async fn put_notice(
    store: &Store,
    event_id: &str,
    lease: &GpuLease,
    extended: bool,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let end = lease.ends_at.timestamp();
    let key = if extended {
        format!("{}{end}:extended", lease_prefix(lease.id))
    } else {
        format!("gpu:lease:{}:granted", lease.id)
    };
    let notice = Task::GpuLeaseNotice {
        lease: lease.id,
        ends_at: end,
        extended,
    };
    put_job(store, event_id, &key, now, &notice, now, false).await
}

/// A lease moved to a later end: its old timed jobs are cancelled and new
/// ones planned; the team is told.
pub async fn schedule_extension(
    store: &Store,
    event_id: &str,
    lease: &GpuLease,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store
        .cancel_pending_jobs(event_id, &lease_prefix(lease.id), now)
        .await?;
    put_notice(store, event_id, lease, true, now).await?;
    put_plan(store, event_id, lease, now).await?;
    schedule_board(store, event_id, now).await
}

/// A lease given back early: its timed jobs are cancelled, the next team in
/// line and the organizers are told.
pub async fn schedule_release(
    store: &Store,
    event_id: &str,
    lease: &GpuLease,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store
        .cancel_pending_jobs(event_id, &lease_prefix(lease.id), now)
        .await?;
    put_freed(store, event_id, lease.id, now).await?;
    schedule_board(store, event_id, now).await
}

/// A team went away holding machines or places in line (disbanded, or its
/// last member left): each lease ended as `/gpu release` ends one (the next
/// team and the organizers told, the board redrawn), and the board redrawn
/// for withdrawn requests.
pub async fn schedule_team_released(
    store: &Store,
    event_id: &str,
    released: &TeamGpuReleased,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    for lease in &released.leases {
        schedule_release(store, event_id, lease, now).await?;
    }
    if released.leases.is_empty() && !released.requests.is_empty() {
        schedule_board(store, event_id, now).await?;
    }
    Ok(())
}

async fn put_freed(
    store: &Store,
    event_id: &str,
    lease: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let key = format!("gpu:lease:{lease}:freed");
    put_job(
        store,
        event_id,
        &key,
        now,
        &Task::GpuFreed { lease },
        now,
        false,
    )
    .await?;
    Ok(())
}

impl Task {
    /// Whether the job still runs when the bot comes back after its grace
    /// period: a lease must still end and the board be redrawn; only the
    /// warnings lose their point.
    pub(super) fn runs_late(&self) -> bool {
        matches!(
            self,
            Task::GpuLeaseNotice { .. }
                | Task::GpuLeaseExpiry { .. }
                | Task::GpuFreed { .. }
                | Task::GpuBoard
                | Task::InvitationExpiry { .. }
                // A snapshot taken after downtime is late, but the mention
                // needs one; its time is stored with it.
                | Task::LikesSnapshot { .. }
                // Results are published even after downtime.
                | Task::PublishResults { .. }
        )
    }
}

/// The text with the team's role mentioned first, and the pings that go
/// with it.
fn to_team(team: &Team, text: String) -> (String, Pings) {
    match team.role_id {
        Some(role) => (
            format!("<@&{role}> {text}"),
            Pings {
                roles: vec![role],
                users: vec![],
            },
        ),
        None => (text, Pings::default()),
    }
}

impl<O: Outbox> Scheduler<O> {
    /// Runs the GPU tasks.
    pub(super) async fn deliver_gpu(
        &self,
        job: &Job,
        task: &Task,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        match task {
            Task::GpuLeaseNotice {
                lease,
                ends_at,
                extended,
            } => {
                self.lease_notice(job, *lease, *ends_at, *extended, now)
                    .await
            }
            Task::GpuLeaseWarning {
                lease,
                ends_at,
                minutes,
            } => self.lease_warning(job, *lease, *ends_at, *minutes).await,
            Task::GpuLeaseExpiry { lease, ends_at } => {
                self.lease_expiry(job, *lease, *ends_at, now).await
            }
            Task::GpuFreed { lease } => self.freed(job, *lease, now).await,
            Task::GpuBoard => self.refresh_board(job, now).await,
            _ => Ok(false),
        }
    }

    /// The lease and its team while it runs, to the end it was planned
    /// for when `ends_at` is given.
    async fn current_lease(
        &self,
        lease: i64,
        ends_at: Option<i64>,
    ) -> Result<Option<(GpuLease, Team)>, StoreError> {
        let Some(l) = self.store.gpu_lease(lease).await? else {
            return Ok(None);
        };
        if l.released_at.is_some() || ends_at.is_some_and(|e| l.ends_at.timestamp() != e) {
            return Ok(None);
        }
        Ok(self.store.team(l.team_id).await?.map(|t| (l, t)))
    }

    fn lease_args(&self, team: &Team, lease: &GpuLease) -> Vec<(&'static str, String)> {
        let (when, relative) = crate::render::markup::timestamps(lease.ends_at);
        vec![
            ("team", team.name.clone()),
            ("resource", lease.resource.clone()),
            ("until", when),
            ("relative", relative),
        ]
    }

    fn text(&self, id: &str, args: &[(&'static str, String)]) -> String {
        self.text_in(self.lang(), id, args)
    }

    fn text_in(&self, lang: Lang, id: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
            args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        self.i18n.get_args(lang, id, &args)
    }

    /// Posts message `id` in the team's channel (pinging its role, in the
    /// event's language), or DMs it to the captain in theirs when the team
    /// has no channel.
    async fn tell_team(
        &self,
        job: &Job,
        team: &Team,
        id: &str,
        args: &[(&'static str, String)],
    ) -> Result<(), Failure> {
        let msg = match team.channel_id {
            Some(channel) => {
                let (text, pings) = to_team(team, self.text(id, args));
                self.message(job, Destination::Channel(channel), text, pings)
            }
            None => {
                let lang = person_lang(&self.store, &self.event, team.captain_id).await;
                self.message(
                    job,
                    Destination::Direct(team.captain_id),
                    self.text_in(lang, id, args),
                    Pings::default(),
                )
            }
        };
        self.outbox.send(&msg).await?;
        Ok(())
    }

    async fn lease_notice(
        &self,
        job: &Job,
        lease: i64,
        ends_at: i64,
        extended: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        // A grant's notice shows the lease's end as it is now; an
        // extension's only if no later extension followed.
        let planned = extended.then_some(ends_at);
        let Some((l, team)) = self.current_lease(lease, planned).await? else {
            return Ok(false);
        };
        // Back after downtime past the lease's end: the notice would come
        // after (or race) the end's own message, so only the end is told.
        if l.ends_at <= now {
            return Ok(false);
        }
        let mut args = self.lease_args(&team, &l);
        let description = self
            .store
            .gpu_resource(&self.event.event.id, &l.resource)
            .await?
            .map(|r| {
                r.description.unwrap_or_else(|| {
                    crate::render::gpu_board::kind_name(&self.i18n, self.lang(), r.kind)
                })
            })
            .unwrap_or_default();
        args.push(("description", description));
        let id = if extended {
            "gpu-notice-extended"
        } else {
            "gpu-notice-granted"
        };
        self.tell_team(job, &team, id, &args).await?;
        if team.channel_id.is_some() && !extended {
            // The captain also gets it privately, in their language; closed
            // DMs are fine, the channel has it.
            let lang = person_lang(&self.store, &self.event, team.captain_id).await;
            let mut dm = self.message(
                job,
                Destination::Direct(team.captain_id),
                self.text_in(lang, id, &args),
                Pings::default(),
            );
            dm.nonce = super::nonce_for(&self.event.event.id, &format!("{}#dm", job.key));
            match self.outbox.send(&dm).await {
                Ok(()) | Err(SendError::DmClosed) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(true)
    }

    async fn lease_warning(
        &self,
        job: &Job,
        lease: i64,
        ends_at: i64,
        minutes: i64,
    ) -> Result<bool, Failure> {
        let Some((l, team)) = self.current_lease(lease, Some(ends_at)).await? else {
            return Ok(false);
        };
        let mut args = self.lease_args(&team, &l);
        args.push(("minutes", minutes.to_string()));
        self.tell_team(job, &team, "gpu-warning", &args).await?;
        Ok(true)
    }

    /// Ends the lease (once: the store's update is conditional), then tells
    /// the team; the next team and the board follow as jobs of their own.
    async fn lease_expiry(
        &self,
        job: &Job,
        lease: i64,
        ends_at: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        let event_id = &self.event.event.id;
        let Some(l) = self.store.gpu_lease(lease).await? else {
            return Ok(false);
        };
        if l.ends_at.timestamp() != ends_at {
            // Extended: a later job ends it.
            return Ok(false);
        }
        match l.released_at {
            None => {
                if self
                    .store
                    .expire_gpu_lease(l.id, l.ends_at)
                    .await?
                    .is_none()
                {
                    // Released or extended a moment ago.
                    return Ok(false);
                }
            }
            // Ended by this job before a failed send: carry on.
            Some(at) if at == l.ends_at => {}
            // Given back early: that release told everyone.
            Some(_) => return Ok(false),
        }
        put_freed(&self.store, event_id, l.id, now).await?;
        schedule_board(&self.store, event_id, now).await?;
        let Some(team) = self.store.team(l.team_id).await? else {
            return Ok(false);
        };
        let args = self.lease_args(&team, &l);
        self.tell_team(job, &team, "gpu-expired", &args).await?;
        Ok(true)
    }

    /// A machine is free: the next team of its kind is told to expect it,
    /// and the organizers who is next.
    async fn freed(&self, job: &Job, lease: i64, now: DateTime<Utc>) -> Result<bool, Failure> {
        let event_id = &self.event.event.id;
        let Some(l) = self.store.gpu_lease(lease).await? else {
            return Ok(false);
        };
        let board = domain::board(&self.store, event_id, now).await?;
        let Some(machine) = board.machine(&l.resource) else {
            return Ok(false);
        };
        let usable =
            machine.resource.status == GpuResourceStatus::Available && machine.lease.is_none();
        let next = usable
            .then(|| board.queue(machine.resource.kind).first())
            .flatten();
        let mut log_args = vec![("resource", l.resource.clone())];
        let log_id = match next {
            Some(entry) => {
                log_args.push(("team", entry.team.clone()));
                if let Some(team) = self.store.team(entry.request.team_id).await? {
                    let args = [
                        ("team", team.name.clone()),
                        ("resource", l.resource.clone()),
                    ];
                    let mut job = job.clone();
                    job.key = format!("{}#next", job.key);
                    self.tell_team(&job, &team, "gpu-freed-next", &args).await?;
                }
                "gpu-freed-log"
            }
            None if usable => "gpu-freed-log-nobody",
            None => return Ok(true),
        };
        let text = self.text(log_id, &log_args);
        let mut msg = self.message(
            job,
            Destination::Event(keys::LOG.to_string()),
            text,
            Pings::default(),
        );
        msg.nonce = super::nonce_for(event_id, &format!("{}#log", job.key));
        self.outbox.send(&msg).await?;
        Ok(true)
    }

    /// Draws the board and edits its message (posting one the first time,
    /// or when it was deleted).
    async fn refresh_board(&self, job: &Job, now: DateTime<Utc>) -> Result<bool, Failure> {
        let Some(channel) = &self.event.channels.gpu_board else {
            return Ok(false);
        };
        let event_id = &self.event.event.id;
        let _one_at_a_time = BOARD_LOCK.lock().await;
        let board = domain::board(&self.store, event_id, now).await?;
        let text = crate::render::gpu_board::board_text(&self.i18n, self.lang(), &board, now);
        let previous = self.store.gpu_board_message(event_id).await?;
        let msg = self.message(
            job,
            Destination::Event(keys::GPU_BOARD.to_string()),
            text,
            Pings::default(),
        );
        let posted = match self.outbox.upsert(&msg, previous).await {
            Ok(posted) => posted,
            Err(SendError::Permanent(error)) => {
                // No board channel (yet): `/setup check` names it; the next
                // change draws the board once it exists.
                tracing::warn!(%error, channel, "cannot show the GPU board");
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        };
        if Some(posted) != previous {
            self.store
                .set_gpu_board_message(event_id, posted.0, posted.1, now)
                .await?;
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn lease(hours: i64) -> GpuLease {
        let start = Utc.with_ymd_and_hms(2024, 3, 10, 12, 0, 0).unwrap();
        GpuLease {
            id: 7,
            request_id: Some(3),
            team_id: 2,
            resource: "vm-1".into(),
            starts_at: start,
            ends_at: start + Duration::hours(hours),
            released_at: None,
            granted_by: 1,
        }
    }

    #[test]
    fn a_lease_is_warned_an_hour_and_ten_minutes_before_it_ends() {
        let l = lease(24);
        let plan = plan_lease(&l);
        let dues: Vec<DateTime<Utc>> = plan.iter().map(|(_, d, _)| *d).collect();
        assert_eq!(
            dues,
            vec![
                l.ends_at - Duration::hours(1),
                l.ends_at - Duration::minutes(10),
                l.ends_at
            ]
        );
        assert!(plan.iter().all(|(k, _, _)| k.starts_with(&lease_prefix(7))));
    }

    #[test]
    fn a_one_hour_lease_has_no_warning_at_its_start() {
        let plan = plan_lease(&lease(1));
        assert_eq!(plan.len(), 2, "{plan:?}");
    }

    #[test]
    fn only_the_warnings_are_dropped_after_downtime() {
        assert!(!Task::GpuLeaseWarning {
            lease: 1,
            ends_at: 1,
            minutes: 60
        }
        .runs_late());
        assert!(Task::GpuLeaseExpiry {
            lease: 1,
            ends_at: 1
        }
        .runs_late());
        assert!(Task::GpuBoard.runs_late());
    }
}
