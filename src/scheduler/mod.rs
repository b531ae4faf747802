//! Durable scheduled messages: deadline reminders, targeted nudges,
//! organizer announcements, and the reports about them in the log channel.
//!
//! Jobs live in the database under unique keys, so seeding twice creates
//! nothing twice. [`Scheduler::tick`] claims due jobs in one short
//! transaction with a lease (PostgreSQL `FOR UPDATE SKIP LOCKED`), then sends
//! with no database lock held; two bot processes never both send a job. The
//! lease is renewed while a job runs and every write is fenced by the claim,
//! so a slow job (the commit watch) is not taken over while it runs. Each
//! message carries a nonce derived from its key with `enforce_nonce`, so a
//! crash between sending and marking done does not post twice. Jobs overdue
//! by more than the grace period after downtime are marked missed and listed
//! once in the log channel instead of being sent late. Failed sends retry
//! with exponential backoff, then are marked failed and reported.

mod deadlines;
pub mod gpu;
mod invitations;
mod jury;
pub mod outbox;
pub mod publish;
mod tickets;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

pub use invitations::schedule_invitation_expiry;
pub use outbox::{Destination, OutMessage, Outbox, Pings, Posted, SendError};
pub use tickets::{
    cancel_ticket_archive, cancel_ticket_pings, schedule_ticket_archive, schedule_ticket_pings,
};

use crate::config::keys;
use crate::config::EventConfig;
use crate::domain::jury::mention::SnapshotError;
use crate::hub::HubClient;
use crate::i18n::{I18n, Lang};
use crate::store::{Job, NewJob, Store, StoreError, StoredDeadline, SubmissionStatus};

/// The default submission deadline id; the event's `[hub]
/// submission_deadline` names the one whose incomplete teams are nudged.
pub const SUBMISSION_DEADLINE: &str = "submission";

/// How long before the team and submission deadlines the nudges go out.
pub const NUDGE_BEFORE: chrono::Duration = chrono::Duration::hours(24);

/// What a job does, stored as its payload (`kind` is also the job's kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Task {
    /// Remind everyone in the announcements channel.
    Reminder { deadline: String, at: i64 },
    /// Fan out one DM per known participant without a team.
    PeopleNudges { deadline: String, at: i64 },
    /// Fan out one message per team without a complete submission.
    TeamNudges { deadline: String, at: i64 },
    NudgePerson {
        deadline: String,
        at: i64,
        user: u64,
    },
    NudgeTeam {
        deadline: String,
        at: i64,
        team: i64,
    },
    /// An organizer's announcement.
    Announcement {
        channel: u64,
        text: String,
        role: Option<u64>,
        author: u64,
    },
    /// An hour after the submission deadline: re-check every submission
    /// and list in the log channel the repos changed after the deadline.
    CommitWatch { deadline: String, at: i64 },
    /// At the jury's `likes_snapshot_at` deadline: store every submitted
    /// project's likes for the honourable mention (once; retried while the
    /// Hub cannot be asked).
    LikesSnapshot { deadline: String, at: i64 },
    /// At the jury's `publish_at` deadline: publish the results unless
    /// organizers did (`publish::publish`, claimed once).
    PublishResults { deadline: String, at: i64 },
    /// Before the jury's `scoring_closes`: one DM per judge with packets
    /// still to score (`jury.rs`).
    JuryNudges { deadline: String, at: i64 },
    NudgeJudge {
        deadline: String,
        at: i64,
        judge: u64,
    },
    // ---- help tickets (src/scheduler/tickets.rs) ----
    /// An unanswered ticket: ping these mentors in its post (the ones whose
    /// skills match its tags first, every mentor later; `all` says which).
    TicketPing {
        ticket: i64,
        roles: Vec<u64>,
        users: Vec<u64>,
        all: bool,
    },
    /// A resolved ticket: archive its post once it has been quiet for the
    /// configured hours (a message in it moves the time on).
    TicketArchive { ticket: i64 },
    // ---- end of help tickets ----
    // GPU leases: delivered by `gpu.rs`.
    /// Tell a team a machine is theirs, or that its lease was extended.
    GpuLeaseNotice {
        lease: i64,
        ends_at: i64,
        extended: bool,
    },
    /// Warn a team `minutes` before its lease ends.
    GpuLeaseWarning {
        lease: i64,
        ends_at: i64,
        minutes: i64,
    },
    /// End a lease at its end time.
    GpuLeaseExpiry { lease: i64, ends_at: i64 },
    /// A machine is free: tell the next team in line and the organizers.
    GpuFreed { lease: i64 },
    /// Redraw the live GPU board.
    GpuBoard,
    /// An invitation's or request's time is up: expire what is due and
    /// take back channel views given for closed DMs.
    InvitationExpiry { invitation: i64 },
    /// Jobs marked missed after downtime, listed once.
    MissedReport { keys: Vec<String> },
    /// A job that could not be delivered.
    FailedReport { key: String, error: String },
}

impl Task {
    pub fn kind(&self) -> &'static str {
        match self {
            Task::Reminder { .. } => "reminder",
            Task::PeopleNudges { .. } => "people-nudges",
            Task::TeamNudges { .. } => "team-nudges",
            Task::NudgePerson { .. } => "nudge-person",
            Task::NudgeTeam { .. } => "nudge-team",
            Task::Announcement { .. } => "announcement",
            Task::CommitWatch { .. } => "commit-watch",
            Task::LikesSnapshot { .. } => "likes-snapshot",
            Task::PublishResults { .. } => "publish-results",
            Task::JuryNudges { .. } => "jury-nudges",
            Task::NudgeJudge { .. } => "nudge-judge",
            Task::TicketPing { .. } => "ticket-ping",
            Task::TicketArchive { .. } => "ticket-archive",
            Task::GpuLeaseNotice { .. } => "gpu-lease-notice",
            Task::GpuLeaseWarning { .. } => "gpu-lease-warning",
            Task::GpuLeaseExpiry { .. } => "gpu-lease-expiry",
            Task::GpuFreed { .. } => "gpu-freed",
            Task::GpuBoard => "gpu-board",
            Task::InvitationExpiry { .. } => "invitation-expiry",
            Task::MissedReport { .. } => "missed-report",
            Task::FailedReport { .. } => "failed-report",
        }
    }

    fn is_report(&self) -> bool {
        matches!(self, Task::MissedReport { .. } | Task::FailedReport { .. })
    }
}

/// The key prefix shared by every job of a deadline, whatever its time.
pub fn deadline_prefix(id: &str) -> String {
    format!("deadline:{id}@")
}

/// The key prefix of a deadline's commit watch, whatever its time.
pub fn commit_watch_prefix(id: &str) -> String {
    format!("commit-watch:{id}@")
}

/// How long after the submission deadline the commit watch runs.
pub const COMMIT_WATCH_AFTER: chrono::Duration = chrono::Duration::hours(1);

/// The key prefix of a deadline's jobs at one time (the time is in the key,
/// so moving a deadline makes new keys).
fn deadline_key(id: &str, at: DateTime<Utc>) -> String {
    format!("{}{}", deadline_prefix(id), at.timestamp())
}

/// A Discord nonce (≤ 25 characters) derived from the job's key: two
/// different FNV-1a hashes, hex.
pub fn nonce_for(event_id: &str, key: &str) -> String {
    fn fnv(seed: u64, parts: &[&str]) -> u64 {
        let mut h = seed;
        for p in parts {
            for b in p.bytes().chain(std::iter::once(0xff)) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
    }
    let a = fnv(0xcbf2_9ce4_8422_2325, &[event_id, key]);
    let b = fnv(0x84222325_cbf29ce4, &[key, event_id]);
    let full = format!("s{a:016x}{b:016x}");
    full.chars().take(25).collect()
}

/// The jobs a deadline needs: one reminder per offset, and the nudges when it
/// is the team or the submission deadline.
pub fn plan_deadline(
    event: &EventConfig,
    d: &StoredDeadline,
) -> Vec<(String, DateTime<Utc>, Task)> {
    let base = deadline_key(&d.id, d.at);
    let at = d.at.timestamp();
    let mut plan = Vec::new();
    for offset in &d.reminders {
        let Ok(before) = chrono::Duration::from_std(*offset) else {
            continue;
        };
        plan.push((
            format!("{base}:remind:{}", offset.as_secs()),
            d.at - before,
            Task::Reminder {
                deadline: d.id.clone(),
                at,
            },
        ));
    }
    if d.id == event.teams.registration_closes {
        plan.push((
            format!("{base}:nudge-people"),
            d.at - NUDGE_BEFORE,
            Task::PeopleNudges {
                deadline: d.id.clone(),
                at,
            },
        ));
    }
    if d.id == event.hub.submission_deadline {
        plan.push((
            format!("{base}:nudge-teams"),
            d.at - NUDGE_BEFORE,
            Task::TeamNudges {
                deadline: d.id.clone(),
                at,
            },
        ));
        plan.push((
            format!("{}{}", commit_watch_prefix(&d.id), at),
            d.at + COMMIT_WATCH_AFTER,
            Task::CommitWatch {
                deadline: d.id.clone(),
                at,
            },
        ));
    }
    let snapshot_at = event
        .jury
        .as_ref()
        .and_then(|j| j.likes_snapshot_at.as_ref());
    if snapshot_at == Some(&d.id) {
        plan.push((
            format!("{base}:likes-snapshot"),
            d.at,
            Task::LikesSnapshot {
                deadline: d.id.clone(),
                at,
            },
        ));
    }
    plan.extend(jury::plan_nudges(event, d, &base));
    let publish_at = event.jury.as_ref().and_then(|j| j.publish_at.as_ref());
    if publish_at == Some(&d.id) {
        plan.push((
            format!("{base}:publish-results"),
            d.at,
            Task::PublishResults {
                deadline: d.id.clone(),
                at,
            },
        ));
    }
    plan
}

/// (key, due, channel, text) of every announcement not sent yet.
pub async fn pending_announcements(
    store: &Store,
    event_id: &str,
) -> Result<Vec<(String, DateTime<Utc>, u64, String)>, StoreError> {
    let jobs = store.jobs(event_id).await?;
    Ok(jobs
        .into_iter()
        .filter(|j| j.status == crate::store::JobStatus::Pending)
        .filter_map(|j| match serde_json::from_value::<Task>(j.payload) {
            Ok(Task::Announcement { channel, text, .. }) => Some((j.key, j.due_at, channel, text)),
            _ => None,
        })
        .collect())
}

/// Inserts a job unless its key exists; a cancelled one comes back.
async fn put_job(
    store: &Store,
    event_id: &str,
    key: &str,
    due: DateTime<Utc>,
    task: &Task,
    now: DateTime<Utc>,
    revive: bool,
) -> Result<bool, StoreError> {
    let payload = serde_json::to_value(task).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let job = NewJob {
        event_id,
        key,
        kind: task.kind(),
        due_at: due,
        payload,
    };
    if store.insert_job(&job, now).await? {
        return Ok(true);
    }
    if revive {
        return store.revive_cancelled_job(&job).await;
    }
    Ok(false)
}

/// Creates the jobs of every stored deadline that are still ahead; returns
/// how many were new. Idempotent: keys are unique per event.
pub async fn seed_jobs(
    store: &Store,
    event: &EventConfig,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let event_id = &event.event.id;
    let mut added = 0;
    for d in store.deadlines(event_id).await? {
        for (key, due, task) in plan_deadline(event, &d) {
            if due >= now && put_job(store, event_id, &key, due, &task, now, false).await? {
                added += 1;
            }
        }
    }
    Ok(added)
}

/// Moves a deadline's jobs: cancels every pending one, then plans it afresh
/// (`None` when the deadline is removed). Returns (cancelled, scheduled).
pub async fn reschedule_deadline(
    store: &Store,
    event: &EventConfig,
    id: &str,
    deadline: Option<&StoredDeadline>,
    now: DateTime<Utc>,
) -> Result<(u64, u32), StoreError> {
    let event_id = &event.event.id;
    let cancelled = store
        .cancel_pending_jobs(event_id, &deadline_prefix(id), now)
        .await?
        + store
            .cancel_pending_jobs(event_id, &commit_watch_prefix(id), now)
            .await?;
    let mut added = 0;
    if let Some(d) = deadline {
        for (key, due, task) in plan_deadline(event, d) {
            if due >= now && put_job(store, event_id, &key, due, &task, now, true).await? {
                added += 1;
            }
        }
    }
    Ok((cancelled, added))
}

/// Schedules an organizer's announcement under `key` (`announce:…`);
/// returns whether it is new (a second click on the same preview is not).
pub async fn schedule_announcement(
    store: &Store,
    event_id: &str,
    key: &str,
    due: DateTime<Utc>,
    task: &Task,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    put_job(store, event_id, key, due, task, now, false).await
}

/// Tuning of the scheduler.
#[derive(Debug, Clone)]
pub struct SchedulerOptions {
    /// How long a claimed job is ours before another process may take it;
    /// renewed every third of it while the job runs.
    pub lease: chrono::Duration,
    pub batch: u32,
    /// Sends in flight at once.
    pub concurrency: usize,
    /// Attempts before a job is given up as failed.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled each time.
    pub first_backoff: chrono::Duration,
    /// Overdue by more than this: missed, not sent late.
    pub grace: chrono::Duration,
}

impl SchedulerOptions {
    pub fn for_event(event: &EventConfig) -> Self {
        Self {
            lease: chrono::Duration::seconds(i64::from(event.scheduler.lease_seconds.max(1))),
            batch: 100,
            concurrency: 8,
            max_attempts: 5,
            first_backoff: chrono::Duration::seconds(30),
            grace: chrono::Duration::minutes(i64::from(event.scheduler.grace_minutes)),
        }
    }
}

/// What one tick did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TickReport {
    pub sent: u32,
    pub missed: u32,
    pub retried: u32,
    pub failed: u32,
    /// Jobs with nothing left to do (a nudge for someone who found a team).
    pub skipped: u32,
    /// Jobs whose lease ran out while they waited or ran (another process
    /// has them now), left alone.
    pub lost: u32,
}

enum Outcome {
    Sent,
    Skipped,
    Missed(String),
    Retried,
    Failed,
    Lost,
}

/// Runs due jobs through an [`Outbox`].
pub struct Scheduler<O> {
    store: Store,
    event: Arc<EventConfig>,
    i18n: Arc<I18n>,
    outbox: O,
    options: SchedulerOptions,
    /// For the commit watch; without it the watch has nothing to do.
    hub: Option<HubClient>,
}

impl<O: Outbox> Scheduler<O> {
    pub fn new(store: Store, event: Arc<EventConfig>, i18n: Arc<I18n>, outbox: O) -> Self {
        let options = SchedulerOptions::for_event(&event);
        Self {
            store,
            event,
            i18n,
            outbox,
            options,
            hub: None,
        }
    }

    /// Gives the scheduler the Hub client the commit watch uses.
    pub fn with_hub(mut self, hub: HubClient) -> Self {
        self.hub = Some(hub);
        self
    }

    pub fn with_options(mut self, options: SchedulerOptions) -> Self {
        self.options = options;
        self
    }

    pub fn outbox(&self) -> &O {
        &self.outbox
    }

    /// When the next pending job of this event is due, so the loop can
    /// sleep until then instead of a whole interval.
    pub async fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.store.next_job_due(&self.event.event.id).await
    }

    /// Runs every job due at `now` (including the reports it creates), and
    /// returns what happened. Tests call this directly instead of sleeping.
    pub async fn tick(&self, now: DateTime<Utc>) -> Result<TickReport, StoreError> {
        let mut report = TickReport::default();
        let mut missed = Vec::new();
        // Bounded, in case jobs keep becoming due within this tick.
        for _ in 0..10_000 {
            let jobs = self
                .store
                .claim_due_jobs(
                    &self.event.event.id,
                    now,
                    now + self.options.lease,
                    self.options.batch,
                )
                .await?;
            if !jobs.is_empty() {
                tracing::debug!(jobs = jobs.len(), "claimed due jobs");
            }
            if jobs.is_empty() {
                if missed.is_empty() {
                    break;
                }
                self.report_missed(std::mem::take(&mut missed), now).await?;
                continue;
            }
            let outcomes: Vec<Result<Outcome, StoreError>> = futures::stream::iter(jobs)
                .map(|job| self.run(job, now))
                .buffer_unordered(self.options.concurrency.max(1))
                .collect()
                .await;
            let mut failure = None;
            for outcome in outcomes {
                let outcome = match outcome {
                    Ok(o) => o,
                    Err(e) => {
                        // That job's lease will expire and it runs again;
                        // the others finished, so their outcomes still count.
                        failure.get_or_insert(e);
                        continue;
                    }
                };
                match outcome {
                    Outcome::Sent => report.sent += 1,
                    Outcome::Skipped => report.skipped += 1,
                    Outcome::Missed(key) => {
                        report.missed += 1;
                        missed.push(key);
                    }
                    Outcome::Retried => report.retried += 1,
                    Outcome::Failed => report.failed += 1,
                    Outcome::Lost => report.lost += 1,
                }
            }
            if let Some(e) = failure {
                if !missed.is_empty() {
                    self.report_missed(std::mem::take(&mut missed), now).await?;
                }
                return Err(e);
            }
        }
        Ok(report)
    }

    async fn report_missed(
        &self,
        mut keys: Vec<String>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        keys.sort();
        let key = format!("report:missed:{}", nonce_for("", &keys.join("\n")));
        let task = Task::MissedReport { keys };
        put_job(
            &self.store,
            &self.event.event.id,
            &key,
            now,
            &task,
            now,
            false,
        )
        .await?;
        Ok(())
    }

    /// Runs one claimed job to an outcome, recorded in the store. The lease
    /// is confirmed first (a batch's later jobs wait for earlier sends) and
    /// renewed while the job runs, so a slow job (the commit watch paced by
    /// the Hub) never runs in two processes; if the lease is lost anyway
    /// (this process stalled past it), the job stops and is left to the
    /// process that took it.
    async fn run(&self, job: Job, now: DateTime<Utc>) -> Result<Outcome, StoreError> {
        let started = tokio::time::Instant::now();
        if !self.renew_lease(&job, now, started).await? {
            return Ok(self.lost(&job));
        }
        let work = self.run_claimed(&job, now);
        let keep = self.keep_lease(&job, now, started);
        tokio::select! {
            outcome = work => outcome,
            () = keep => Ok(self.lost(&job)),
        }
    }

    fn lost(&self, job: &Job) -> Outcome {
        tracing::warn!(key = %job.key, attempt = job.attempts, "job lease lost; another process has it");
        Outcome::Lost
    }

    /// Extends the job's lease to a full lease past the tick's `now` plus
    /// the time spent since the tick began; `false` when lost.
    async fn renew_lease(
        &self,
        job: &Job,
        now: DateTime<Utc>,
        started: tokio::time::Instant,
    ) -> Result<bool, StoreError> {
        let elapsed = chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
        self.store
            .renew_job_lease(job.id, job.attempts, now + elapsed + self.options.lease)
            .await
    }

    /// Renews the lease every third of it; completes only when it is lost.
    async fn keep_lease(&self, job: &Job, now: DateTime<Utc>, started: tokio::time::Instant) {
        let every = (self.options.lease / 3)
            .to_std()
            .unwrap_or_default()
            .max(std::time::Duration::from_millis(100));
        loop {
            tokio::time::sleep(every).await;
            match self.renew_lease(job, now, started).await {
                Ok(true) => {}
                Ok(false) => return,
                // A database hiccup: try again at the next beat; the lease
                // has two more thirds to run.
                Err(e) => tracing::warn!(key = %job.key, error = %e, "cannot renew a job lease"),
            }
        }
    }

    /// Finishes the job as `done`, `missed` or failed; `Lost` when the claim
    /// is no longer ours.
    async fn finish(
        &self,
        job: &Job,
        (done, missed): (bool, bool),
        error: Option<&str>,
        now: DateTime<Utc>,
        outcome: Outcome,
    ) -> Result<Outcome, StoreError> {
        if self
            .store
            .finish_job(job.id, job.attempts, done, missed, error, now)
            .await?
        {
            Ok(outcome)
        } else {
            Ok(self.lost(job))
        }
    }

    async fn run_claimed(&self, job: &Job, now: DateTime<Utc>) -> Result<Outcome, StoreError> {
        let task: Task = match serde_json::from_value(job.payload.clone()) {
            Ok(t) => t,
            Err(e) => {
                let error = format!("unreadable payload: {e}");
                tracing::error!(key = %job.key, %error, "scheduled job");
                let outcome = self
                    .finish(job, (false, false), Some(&error), now, Outcome::Failed)
                    .await?;
                if matches!(outcome, Outcome::Failed) {
                    self.report_failure(&job.key, &error, now).await?;
                }
                return Ok(outcome);
            }
        };
        if !task.is_report() && !task.runs_late() && now - job.due_at > self.options.grace {
            tracing::warn!(key = %job.key, due = %job.due_at, "job missed during downtime");
            let missed = Outcome::Missed(job.key.clone());
            let error = Some("overdue past the grace period");
            return self.finish(job, (false, true), error, now, missed).await;
        }
        match self.deliver(job, &task, now).await {
            Ok(true) => {
                self.finish(job, (true, false), None, now, Outcome::Sent)
                    .await
            }
            Ok(false) => {
                let nothing = Some("nothing to send");
                self.finish(job, (true, false), nothing, now, Outcome::Skipped)
                    .await
            }
            Err(Failure::Store(e)) => {
                // Leave the lease to expire: the job is claimed again later,
                // and the nonce keeps a second send from posting twice.
                Err(e)
            }
            Err(Failure::Send(e)) => {
                let error = e.to_string();
                let transient = matches!(e, SendError::Transient(_));
                if transient && job.attempts < self.options.max_attempts {
                    let wait = self.options.first_backoff
                        * 2_i32.saturating_pow(job.attempts.saturating_sub(1).min(16));
                    tracing::warn!(key = %job.key, attempt = job.attempts, %error, "send failed; will retry");
                    if !self
                        .store
                        .retry_job(job.id, job.attempts, &error, now + wait)
                        .await?
                    {
                        return Ok(self.lost(job));
                    }
                    return Ok(Outcome::Retried);
                }
                tracing::error!(key = %job.key, attempts = job.attempts, %error, "giving up on a scheduled message");
                let outcome = self
                    .finish(job, (false, false), Some(&error), now, Outcome::Failed)
                    .await?;
                if matches!(outcome, Outcome::Failed) && !task.is_report() {
                    self.report_failure(&job.key, &error, now).await?;
                }
                Ok(outcome)
            }
        }
    }

    async fn report_failure(
        &self,
        key: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let task = Task::FailedReport {
            key: key.to_string(),
            error: error.to_string(),
        };
        let report_key = format!("report:failed:{key}");
        put_job(
            &self.store,
            &self.event.event.id,
            &report_key,
            now,
            &task,
            now,
            false,
        )
        .await?;
        Ok(())
    }

    /// Whether `user` has the participant role and no staff role: nudges
    /// about forming a team are for participants only. When the outbox
    /// cannot read roles, everyone who used the bot counts.
    async fn takes_part(&self, user: u64) -> Result<bool, Failure> {
        match self.outbox.takes_part(user).await {
            Ok(answer) => Ok(answer.unwrap_or(true)),
            Err(e) => Err(Failure::Send(e)),
        }
    }

    fn lang(&self) -> Lang {
        self.event.event.default_language
    }

    fn message(&self, job: &Job, to: Destination, text: String, pings: Pings) -> OutMessage {
        OutMessage {
            to,
            text,
            nonce: nonce_for(&self.event.event.id, &job.key),
            pings,
        }
    }

    /// Posts `text` for `job` in the event channel `key`, pinging no one.
    async fn post(&self, job: &Job, key: &str, text: String) -> Result<bool, Failure> {
        let msg = self.message(
            job,
            Destination::Event(key.to_string()),
            text,
            Pings::default(),
        );
        self.outbox.send(&msg).await?;
        Ok(true)
    }

    /// The job at `likes_snapshot_at`: stores every project's likes once.
    async fn take_likes_snapshot(
        &self,
        job: &Job,
        deadline: &str,
        at: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        if self.current_deadline(deadline, at).await?.is_none() {
            return Ok(false);
        }
        let Some(hub) = &self.hub else {
            tracing::warn!(key = %job.key, "likes snapshot without a Hub client");
            return Ok(false);
        };
        let hub = hub.as_organizer().patient();
        match crate::domain::jury::mention::take_snapshot(&self.store, &hub, &self.event, now).await
        {
            Ok(stored) => Ok(stored),
            Err(SnapshotError::Store(e)) => Err(Failure::Store(e)),
            // Retried with backoff like a failed send.
            Err(SnapshotError::Hub(e)) => Err(Failure::Send(SendError::Transient(e.to_string()))),
        }
    }

    /// The job at `publish_at`: publishes unless organizers have; audited
    /// as done by the bot (actor 0).
    async fn publish_results(&self, now: DateTime<Utc>) -> Result<bool, Failure> {
        use crate::domain::jury::JuryError;
        use publish::{PublishError, Published};
        match publish::publish(&self.store, &self.event, &self.i18n, &self.outbox, 0, now).await {
            Ok(Published::Posted(report)) => {
                self.store
                    .record_audit(
                        &self.event.event.id,
                        0,
                        "jury.publish",
                        None,
                        &serde_json::json!({
                            "message_id": report.message_id,
                            "roles_given": report.roles_given,
                            "roles_failed": report.roles_failed,
                            "comments_in_channel": report.comments_in_channel,
                            "comments_by_dm": report.comments_by_dm,
                            "comments_undelivered": report.comments_undelivered,
                            "by": "scheduler",
                        }),
                        now,
                    )
                    .await?;
                Ok(true)
            }
            Ok(Published::AlreadyPosted(_)) | Err(PublishError::Jury(JuryError::NoJury)) => {
                Ok(false)
            }
            // Someone is publishing: look again later, when their claim
            // has either finished or lapsed.
            Ok(Published::InProgress) => Err(Failure::Send(SendError::Transient(
                "publication in progress".into(),
            ))),
            Err(PublishError::Send(e)) => Err(Failure::Send(e)),
            Err(PublishError::Store(e) | PublishError::Jury(JuryError::Store(e))) => {
                Err(Failure::Store(e))
            }
        }
    }

    /// Sends what the job says; `Ok(false)` when there is nothing to send.
    async fn deliver(&self, job: &Job, task: &Task, now: DateTime<Utc>) -> Result<bool, Failure> {
        match task {
            Task::Reminder { deadline, at } => self.remind(job, deadline, *at).await,
            Task::PeopleNudges { deadline, at } => {
                self.plan_people_nudges(job, deadline, *at, now).await
            }
            Task::TeamNudges { deadline, at } => {
                self.plan_team_nudges(job, deadline, *at, now).await
            }
            Task::NudgePerson { deadline, at, user } => {
                self.nudge_person(job, deadline, *at, *user).await
            }
            Task::NudgeTeam { deadline, at, team } => {
                self.nudge_team(job, deadline, *at, *team).await
            }
            Task::Announcement {
                channel,
                text,
                role,
                ..
            } => self.announce(job, *channel, text, *role).await,
            Task::CommitWatch { deadline, at } => self.watch_commits(job, deadline, *at).await,
            Task::LikesSnapshot { deadline, at } => {
                self.take_likes_snapshot(job, deadline, *at, now).await
            }
            Task::PublishResults { deadline, at } => {
                if self.current_deadline(deadline, *at).await?.is_none() {
                    return Ok(false);
                }
                self.publish_results(now).await
            }
            Task::JuryNudges { .. } | Task::NudgeJudge { .. } => {
                self.deliver_jury(job, task, now).await
            }
            Task::TicketPing { .. } | Task::TicketArchive { .. } => {
                self.deliver_ticket(job, task, now).await
            }
            Task::GpuLeaseNotice { .. }
            | Task::GpuLeaseWarning { .. }
            | Task::GpuLeaseExpiry { .. }
            | Task::GpuFreed { .. }
            | Task::GpuBoard => self.deliver_gpu(job, task, now).await,
            Task::InvitationExpiry { .. } => self.expire_invitations(now).await,
            Task::MissedReport { keys } => self.list_missed(job, keys).await,
            Task::FailedReport { key, error } => self.report_failed(job, key, error).await,
        }
    }

    /// An organizer's announcement in its channel, pinging its role if any.
    async fn announce(
        &self,
        job: &Job,
        channel: u64,
        text: &str,
        role: Option<u64>,
    ) -> Result<bool, Failure> {
        let (text, pings) = match role {
            Some(r) => (
                format!("<@&{r}>\n{text}"),
                Pings {
                    roles: vec![r],
                    users: vec![],
                },
            ),
            None => (text.to_string(), Pings::default()),
        };
        let msg = self.message(job, Destination::Channel(channel), text, pings);
        self.outbox.send(&msg).await?;
        Ok(true)
    }

    /// Lists once in the log channel the jobs marked missed after downtime.
    async fn list_missed(&self, job: &Job, missed: &[String]) -> Result<bool, Failure> {
        let shown: Vec<String> = missed.iter().take(20).map(|k| format!("`{k}`")).collect();
        let more = missed.len().saturating_sub(shown.len());
        let text = self.i18n.get_args(
            self.lang(),
            "sched-missed-report",
            &[
                ("count", (missed.len() as i64).into()),
                (
                    "grace",
                    i64::from(self.event.scheduler.grace_minutes).into(),
                ),
                ("list", shown.join(", ").into()),
                ("more", (more as i64).into()),
            ],
        );
        self.post(job, keys::LOG, text).await
    }

    /// Tells the log channel a job could not be delivered.
    async fn report_failed(&self, job: &Job, key: &str, error: &str) -> Result<bool, Failure> {
        let text = self.i18n.get_args(
            self.lang(),
            "sched-failed-report",
            &[
                ("key", key.to_string().into()),
                ("error", error.to_string().into()),
            ],
        );
        self.post(job, keys::LOG, text).await
    }

    /// The commit watch's summary: the late repos with their commit times,
    /// or that none changed; says so when the Hub cut the run short.
    fn commit_watch_text(&self, watch: &crate::domain::submission::CommitWatch) -> String {
        let lang = self.lang();
        let mut text = if watch.late.is_empty() {
            self.i18n.get_args(
                lang,
                "sched-commit-watch-none",
                &[("checked", (watch.recheck.checked as i64).into())],
            )
        } else {
            let lines: Vec<String> = watch
                .late
                .iter()
                .map(|l| {
                    let times: Vec<String> = l
                        .commits
                        .iter()
                        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                        .collect();
                    let more = if l.more { ", …" } else { "" };
                    format!("• **{}** `{}`: {}{more}", l.team, l.repo, times.join(", "))
                })
                .collect();
            self.i18n.get_args(
                lang,
                "sched-commit-watch-late",
                &[
                    ("count", (watch.late.len() as i64).into()),
                    ("checked", (watch.recheck.checked as i64).into()),
                    ("list", lines.join("\n").into()),
                ],
            )
        };
        if !watch.skipped.is_empty() {
            let list: Vec<String> = watch
                .skipped
                .iter()
                .map(|(team, reason)| {
                    let (id, args) = reason.message();
                    let why = self.i18n.get_strings(lang, id, &args);
                    format!("**{team}** ({why})")
                })
                .collect();
            text.push('\n');
            text.push_str(&self.i18n.get_args(
                lang,
                "sched-commit-watch-skipped",
                &[
                    ("count", (watch.skipped.len() as i64).into()),
                    ("teams", list.join(", ").into()),
                ],
            ));
        }
        if let Some(reason) = &watch.recheck.stopped_by_hub {
            let id = match reason {
                crate::hub::Unavailable::RateLimited { .. } => {
                    "sched-commit-watch-stopped-rate-limit"
                }
                _ => "sched-commit-watch-stopped",
            };
            text.push('\n');
            text.push_str(&self.i18n.get_args(
                lang,
                id,
                &[
                    (
                        "checked",
                        ((watch.recheck.checked + watch.recheck.skipped.len()) as i64).into(),
                    ),
                    ("total", (watch.recheck.total as i64).into()),
                ],
            ));
        }
        text
    }

    /// The deadline if it is still at the time the job was planned for (a
    /// moved or removed deadline's old jobs have nothing to say).
    async fn current_deadline(
        &self,
        id: &str,
        at: i64,
    ) -> Result<Option<StoredDeadline>, StoreError> {
        Ok(self
            .store
            .deadline(&self.event.event.id, id)
            .await?
            .filter(|d| d.at.timestamp() == at))
    }

    /// What a team's submission still lacks, as lines in `lang`: the links
    /// it has not given, then the errors of its last Hub check (or a general
    /// line when no readable report is stored).
    async fn missing(&self, team_id: i64, lang: Lang) -> Result<Vec<String>, StoreError> {
        let Some(s) = self.store.latest_submission(team_id).await? else {
            return Ok(vec![self.i18n.get(lang, "sched-missing-submission")]);
        };
        match s.status {
            SubmissionStatus::Complete => return Ok(vec![]),
            SubmissionStatus::Late => return Ok(vec![self.i18n.get(lang, "sched-missing-late")]),
            _ => {}
        }
        let mut out = Vec::new();
        if !self.event.hub.allow_corpus_only {
            if s.model.is_none() {
                out.push(self.i18n.get(lang, "sched-missing-model"));
            }
            if s.demo.is_none() {
                out.push(self.i18n.get(lang, "sched-missing-demo"));
            }
        }
        let errors: Vec<String> = s
            .report
            .and_then(|r| serde_json::from_value::<crate::hub::report::Report>(r).ok())
            .map(|r| {
                r.repos
                    .iter()
                    .flat_map(|repo| repo.findings.iter())
                    .chain(r.cross_checks.iter())
                    .filter(|f| f.severity == crate::hub::report::Severity::Error)
                    .take(MAX_LISTED_FINDINGS)
                    .map(|f| f.message_in(&self.i18n, lang))
                    .collect()
            })
            .unwrap_or_default();
        if errors.is_empty() {
            out.push(self.i18n.get(lang, "sched-missing-check"));
        } else {
            out.extend(errors);
        }
        Ok(out)
    }
}

/// Findings listed in a team's nudge; the rest is in `/submit`'s report.
const MAX_LISTED_FINDINGS: usize = 8;

enum Failure {
    Store(StoreError),
    Send(SendError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<SendError> for Failure {
    fn from(e: SendError) -> Self {
        Failure::Send(e)
    }
}

/// Wakes the loops of this process before their next interval (an
/// announcement confirmed for "now" is posted at once, not up to an
/// interval later).
static WAKE: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Asks the scheduler loop to tick now.
pub fn wake() {
    WAKE.notify_waiters();
}

/// Runs `scheduler.tick(now)` when the next job is due (at most `interval`
/// apart), or sooner when [`wake`] is called, until `stop` turns true. Each tick counts as a running handler,
/// so shutdown waits for it.
pub fn spawn_loop<O: Outbox + 'static>(
    scheduler: Arc<Scheduler<O>>,
    interval: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
    inflight: Arc<crate::lifecycle::InFlight>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        // The first tick runs at once; later ones when the next job is due,
        // at most `interval` apart (jobs added by another process are seen
        // within an interval).
        let mut next = tokio::time::Instant::now();
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(next) => {}
                () = WAKE.notified() => {}
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        break;
                    }
                    continue;
                }
            }
            if *stop.borrow() {
                break;
            }
            {
                let _running = inflight.start();
                match scheduler.tick(Utc::now()).await {
                    Ok(r) if r != TickReport::default() => tracing::info!(?r, "scheduler tick"),
                    Ok(_) => {}
                    Err(e) => {
                        tracing::error!(error = %e, "scheduler tick failed; retrying next tick")
                    }
                }
            }
            let wait = match scheduler.next_due().await {
                Ok(Some(due)) => (due - Utc::now())
                    .to_std()
                    .unwrap_or_default()
                    .min(interval),
                Ok(None) => interval,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the next due job");
                    interval
                }
            };
            // A floor keeps a job that keeps failing to claim from spinning.
            next = tokio::time::Instant::now() + wait.max(std::time::Duration::from_millis(10));
        }
        tracing::debug!("scheduler stopped");
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_fit_discord_and_follow_the_key() {
        let a = nonce_for(
            "somos600m-2024",
            "deadline:submission@1711367940:remind:3600",
        );
        assert_eq!(a.len(), 25);
        assert_eq!(
            a,
            nonce_for(
                "somos600m-2024",
                "deadline:submission@1711367940:remind:3600"
            ),
            "stable across runs"
        );
        assert_ne!(
            a,
            nonce_for(
                "somos600m-2024",
                "deadline:submission@1711367940:remind:3601"
            )
        );
        assert_ne!(
            a,
            nonce_for("other-2025", "deadline:submission@1711367940:remind:3600")
        );
    }

    #[test]
    fn a_payload_names_the_same_kind_as_its_job() {
        let tasks = [
            Task::Reminder {
                deadline: "d".into(),
                at: 1,
            },
            Task::PeopleNudges {
                deadline: "d".into(),
                at: 1,
            },
            Task::TeamNudges {
                deadline: "d".into(),
                at: 1,
            },
            Task::NudgePerson {
                deadline: "d".into(),
                at: 1,
                user: 2,
            },
            Task::NudgeTeam {
                deadline: "d".into(),
                at: 1,
                team: 3,
            },
            Task::Announcement {
                channel: 1,
                text: "t".into(),
                role: None,
                author: 1,
            },
            Task::TicketPing {
                ticket: 4,
                roles: vec![5],
                users: vec![6],
                all: true,
            },
            Task::TicketArchive { ticket: 4 },
            Task::GpuLeaseNotice {
                lease: 1,
                ends_at: 2,
                extended: false,
            },
            Task::GpuLeaseWarning {
                lease: 1,
                ends_at: 2,
                minutes: 10,
            },
            Task::GpuLeaseExpiry {
                lease: 1,
                ends_at: 2,
            },
            Task::GpuFreed { lease: 1 },
            Task::GpuBoard,
            Task::JuryNudges {
                deadline: "d".into(),
                at: 1,
            },
            Task::NudgeJudge {
                deadline: "d".into(),
                at: 1,
                judge: 7,
            },
            Task::MissedReport { keys: vec![] },
            Task::FailedReport {
                key: "k".into(),
                error: "e".into(),
            },
        ];
        for task in tasks {
            let value = serde_json::to_value(&task).unwrap();
            assert_eq!(value["kind"], task.kind());
            assert_eq!(serde_json::from_value::<Task>(value).unwrap(), task);
        }
    }

    #[test]
    fn a_deadlines_jobs_share_a_prefix_no_other_deadline_has() {
        assert!(!deadline_key("sub-2", Utc::now()).starts_with(&deadline_prefix("sub")));
    }
}
