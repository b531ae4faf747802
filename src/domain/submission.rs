//! Submissions: who may hand in, until when, which links are acceptable, and
//! how a check's outcome becomes the stored status. Each use case takes the
//! store (and the Hub client when it checks) and plain values; Discord only
//! renders the result.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedSender;

use crate::config::EventConfig;
use crate::hub::check::apply_late_exception;
use crate::hub::{
    check_link, check_submission_with_progress, parse_link, resolve_link, CheckContext, HubClient,
    HubLink, LinkError, RepoCheck, RepoId, RepoKind, RepoReport, Report, Status, Unavailable,
};
use crate::store::{
    FailedAttempt, LateException, NewSubmission, Store, StoreError, StoredSubmission,
    SubmissionStatus, Team,
};

use super::checks::{start_check, Flight, FlightJoin, FlightLead, Flights, GateError};

/// What a finished check gives its team and every check that joined it.
pub type CheckResult = Checked;
/// Submission checks running in this process, by team.
pub type SubmissionFlights = Flights<CheckResult>;

/// Which deliverable a link was given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Dataset,
    Model,
    Demo,
    Video,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Dataset => "dataset",
            Field::Model => "model",
            Field::Demo => "demo",
            Field::Video => "video",
        }
    }

    fn kind(self) -> Option<RepoKind> {
        match self {
            Field::Dataset => Some(RepoKind::Dataset),
            Field::Model => Some(RepoKind::Model),
            Field::Demo => Some(RepoKind::Space),
            Field::Video => None,
        }
    }
}

/// Everything that can refuse a submission action, in the user's terms.
/// Each maps to a message id in `locales/*/submissions.ftl`.
#[derive(Debug, thiserror::Error)]
pub enum SubmissionError {
    #[error("not in a team")]
    NotInTeam,
    #[error("only the captain can submit")]
    NotCaptain,
    #[error("no such team")]
    TeamNotFound,
    #[error("the submission deadline passed at {deadline}")]
    DeadlinePassed { deadline: DateTime<Utc> },
    #[error("the {} link is required", .0.as_str())]
    Missing(Field),
    #[error("the {} link cannot be read: {error}", .field.as_str())]
    BadLink { field: Field, error: LinkError },
    #[error("the {} link points to a {found}", .field.as_str())]
    WrongKind { field: Field, found: RepoKind },
    #[error("the video link is not a web address")]
    BadVideo,
    #[error("the team has not submitted yet")]
    NoSubmission,
    #[error("checked recently; next check at {retry_at}")]
    TooSoon { retry_at: DateTime<Utc> },
    #[error("the bot's Hub budget is spent; try again at {retry_at}")]
    BudgetSpent { retry_at: DateTime<Utc> },
    #[error("the number of hours must be between 1 and 720")]
    BadHours,
    #[error("the team has no late exception")]
    NoLateException,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SubmissionError {
    /// The Fluent message id that explains this error to a person.
    pub fn message_id(&self) -> &'static str {
        match self {
            SubmissionError::NotInTeam => "submit-error-not-in-team",
            SubmissionError::NotCaptain => "submit-error-not-captain",
            SubmissionError::TeamNotFound => "submit-error-team-not-found",
            SubmissionError::DeadlinePassed { .. } => "submit-error-deadline",
            SubmissionError::Missing(_) => "submit-error-missing",
            SubmissionError::BadLink { .. } => "submit-error-bad-link",
            SubmissionError::WrongKind { .. } => "submit-error-wrong-kind",
            SubmissionError::BadVideo => "submit-error-bad-video",
            SubmissionError::NoSubmission => "submit-error-no-submission",
            SubmissionError::TooSoon { .. } => "submit-error-too-soon",
            SubmissionError::BudgetSpent { .. } => "hub-budget-spent",
            SubmissionError::BadHours => "submit-error-bad-hours",
            SubmissionError::NoLateException => "submit-error-no-late-exception",
            SubmissionError::Store(_) => "error-internal",
        }
    }
}

impl From<GateError> for SubmissionError {
    fn from(e: GateError) -> Self {
        match e {
            GateError::TooSoon { retry_at } => SubmissionError::TooSoon { retry_at },
            GateError::BudgetSpent(b) => SubmissionError::BudgetSpent {
                retry_at: b.retry_at,
            },
            GateError::Store(e) => SubmissionError::Store(e),
        }
    }
}

/// A team's links, parsed and of the right kind; the demo may still be a
/// `*.hf.space` address that the check resolves.
#[derive(Debug, Clone)]
pub struct SubmissionLinks {
    pub dataset: RepoId,
    pub model: Option<RepoId>,
    pub demo: Option<HubLink>,
    pub video: Option<String>,
}

/// The text of each link, as the captain typed it.
#[derive(Debug, Clone, Default)]
pub struct RawLinks<'a> {
    pub dataset: &'a str,
    pub model: Option<&'a str>,
    pub demo: Option<&'a str>,
    pub video: Option<&'a str>,
}

impl SubmissionLinks {
    /// Parses every link before anything is stored, so a typo costs nothing.
    /// Model and demo are required unless the event allows a corpus alone.
    pub fn parse(raw: &RawLinks<'_>, allow_corpus_only: bool) -> Result<Self, SubmissionError> {
        let dataset = match parse_field(Field::Dataset, raw.dataset)? {
            HubLink::Repo(r) => r,
            HubLink::SpaceSubdomain(_) => {
                return Err(SubmissionError::WrongKind {
                    field: Field::Dataset,
                    found: RepoKind::Space,
                })
            }
        };
        let model = match present(raw.model) {
            Some(text) => match parse_field(Field::Model, text)? {
                HubLink::Repo(r) => Some(r),
                HubLink::SpaceSubdomain(_) => {
                    return Err(SubmissionError::WrongKind {
                        field: Field::Model,
                        found: RepoKind::Space,
                    })
                }
            },
            None if allow_corpus_only => None,
            None => return Err(SubmissionError::Missing(Field::Model)),
        };
        let demo = match present(raw.demo) {
            Some(text) => Some(parse_field(Field::Demo, text)?),
            None if allow_corpus_only => None,
            None => return Err(SubmissionError::Missing(Field::Demo)),
        };
        let video = match present(raw.video) {
            Some(text) => Some(parse_video(text)?),
            None => None,
        };
        Ok(Self {
            dataset,
            model,
            demo,
            video,
        })
    }

    /// How each deliverable is stored: the canonical Hub address.
    fn stored(&self) -> (String, Option<String>, Option<String>) {
        let demo = self.demo.as_ref().map(|d| match d {
            HubLink::Repo(r) => hub_url(r),
            HubLink::SpaceSubdomain(s) => format!("https://{}.hf.space", s.as_str()),
        });
        (
            hub_url(&self.dataset),
            self.model.as_ref().map(hub_url),
            demo,
        )
    }

    /// The links of a stored submission (they were valid when stored).
    pub fn from_stored(s: &StoredSubmission) -> Result<Self, SubmissionError> {
        Self::parse(
            &RawLinks {
                dataset: &s.dataset,
                model: s.model.as_deref(),
                demo: s.demo.as_deref(),
                video: s.video.as_deref(),
            },
            true,
        )
    }
}

/// The address people know a repo by (whatever endpoint the bot asks).
fn hub_url(r: &RepoId) -> String {
    format!("https://huggingface.co/{r}")
}

fn present(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn parse_field(field: Field, text: &str) -> Result<HubLink, SubmissionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(SubmissionError::Missing(field));
    }
    let link = parse_link(text).map_err(|error| SubmissionError::BadLink { field, error })?;
    if let (HubLink::Repo(r), Some(want)) = (&link, field.kind()) {
        if r.kind != want {
            return Err(SubmissionError::WrongKind {
                field,
                found: r.kind,
            });
        }
    }
    Ok(link)
}

/// A video is only shown to the judges, never fetched: any http(s) address.
fn parse_video(text: &str) -> Result<String, SubmissionError> {
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    match url::Url::parse(&with_scheme) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(u.to_string())
        }
        _ => Err(SubmissionError::BadVideo),
    }
}

/// The deadline after which /submit is refused, as organizers last set it.
pub async fn submission_deadline(
    store: &Store,
    event: &EventConfig,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(store
        .deadline(&event.event.id, &event.hub.submission_deadline)
        .await?
        .map(|d| d.at))
}

/// Whether the team may still submit at `now`: before the deadline, or
/// before its own late-submission exception.
pub fn check_deadline(
    team: &Team,
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), SubmissionError> {
    match deadline {
        Some(deadline) if now > deadline => match team.late_submission_until {
            Some(until) if now <= until => Ok(()),
            _ => Err(SubmissionError::DeadlinePassed { deadline }),
        },
        _ => Ok(()),
    }
}

/// A stored submission waiting for its check.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub team: Team,
    pub submission: StoredSubmission,
    pub links: SubmissionLinks,
    pub deadline: Option<DateTime<Utc>>,
}

/// What a `/submit` or a re-check starts: its own check (which must end in
/// [`FlightLead::finish`]), or a wait for the team's running one.
#[derive(Debug)]
pub enum Started<T> {
    Check(T, FlightLead<CheckResult>),
    Joined(FlightJoin<CheckResult>),
}

/// Where a check's gate looks: the Hub client (its budget) and the
/// process's running checks.
#[derive(Debug, Clone, Copy)]
pub struct Gate<'a> {
    pub hub: &'a HubClient,
    pub flights: &'a Arc<SubmissionFlights>,
}

/// `/submit`: the captain hands in the team's links. Links are parsed
/// first, then who and when are checked; a check of the team already
/// running is joined (nothing is stored); else the budget and the team's
/// cooldown must allow a check, and a new row is stored (the earlier ones
/// stay as history). The Hub check runs afterwards.
pub async fn submit(
    store: &Store,
    event: &EventConfig,
    gate: Gate<'_>,
    user_id: u64,
    raw: &RawLinks<'_>,
    now: DateTime<Utc>,
) -> Result<Started<Accepted>, SubmissionError> {
    let links = SubmissionLinks::parse(raw, event.hub.allow_corpus_only)?;
    let team = store
        .team_of(&event.event.id, user_id)
        .await?
        .ok_or(SubmissionError::NotInTeam)?;
    if team.captain_id != user_id {
        return Err(SubmissionError::NotCaptain);
    }
    let deadline = submission_deadline(store, event).await?;
    check_deadline(&team, deadline, now)?;
    let lead = match start_check(
        store,
        gate.hub,
        gate.flights,
        &event.hub.budget,
        team.id,
        false,
        now,
    )
    .await?
    {
        Flight::Join(join) => return Ok(Started::Joined(join)),
        Flight::Lead(lead) => lead,
    };
    let (dataset, model, demo) = links.stored();
    let submission = store
        .create_submission(&NewSubmission {
            event_id: &event.event.id,
            team_id: team.id,
            submitted_by: user_id,
            dataset: &dataset,
            model: model.as_deref(),
            demo: demo.as_deref(),
            video: links.video.as_deref(),
            now,
        })
        .await?;
    Ok(Started::Check(
        Accepted {
            team,
            submission,
            links,
            deadline,
        },
        lead,
    ))
}

/// The repos a check will report on, in the order the checklist shows them.
pub fn planned(links: &SubmissionLinks) -> Vec<(RepoKind, String)> {
    let mut out = vec![(RepoKind::Dataset, links.dataset.id())];
    if let Some(m) = &links.model {
        out.push((RepoKind::Model, m.id()));
    }
    if let Some(d) = &links.demo {
        out.push((
            RepoKind::Space,
            match d {
                HubLink::Repo(r) => r.id(),
                HubLink::SpaceSubdomain(s) => format!("{}.hf.space", s.as_str()),
            },
        ));
    }
    out
}

/// Checks the links on the Hub, sending each repo's report on `progress` as
/// it completes. A `*.hf.space` demo is resolved first; if that fails the
/// demo is checked by its link, which reports why.
pub async fn check_links(
    client: &HubClient,
    ctx: &CheckContext,
    links: &SubmissionLinks,
    progress: Option<&UnboundedSender<RepoReport>>,
) -> Report {
    let (space, unresolved) = match &links.demo {
        None => (None, None),
        Some(HubLink::Repo(r)) => (Some(r.clone()), None),
        Some(link @ HubLink::SpaceSubdomain(s)) => {
            match resolve_link(client, link, &ctx.organization).await {
                Ok(Some(r)) => (Some(r), None),
                _ => (None, Some(format!("https://{}.hf.space", s.as_str()))),
            }
        }
    };
    let sub = crate::hub::Submission {
        dataset: Some(links.dataset.clone()),
        model: links.model.clone(),
        space,
    };
    let report = check_submission_with_progress(client, &sub, ctx, progress).await;
    let Some(text) = unresolved else {
        return report;
    };
    let demo: RepoCheck = check_link(client, &text, ctx).await;
    if let Some(tx) = progress {
        // A closed receiver only means nobody watches any more.
        let _ = tx.send(demo.report.clone());
    }
    let mut repos = report.repos;
    repos.push(demo.report);
    Report::new(
        report.organization,
        report.deadline,
        repos,
        report.cross_checks,
    )
}

/// The stored status of a report: a Hub outage is "unchecked", never
/// "incomplete", so no team is told something is missing when nothing is
/// known.
pub fn status_of(report: &Report) -> SubmissionStatus {
    match report.status {
        Status::Complete => SubmissionStatus::Complete,
        Status::Late => SubmissionStatus::Late,
        Status::Incomplete => SubmissionStatus::Incomplete,
        Status::CouldNotCheck => SubmissionStatus::Unchecked,
    }
}

/// What a check left for everyone to see.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The verdict everyone sees: this check's, or, when it could not be
    /// completed, the last real one.
    pub status: SubmissionStatus,
    /// The report behind `status`.
    pub report: Report,
    /// When `report` was made.
    pub checked_at: DateTime<Utc>,
    /// Set when this check could not be completed.
    pub failed: Option<FailedAttempt>,
    /// Why this check could not be completed, when it could not.
    pub unavailable: Option<Unavailable>,
}

impl Checked {
    /// Why this check could not be completed, when the Hub as a whole was
    /// out of reach (rate limit, outage) rather than one repo.
    pub fn hub_outage(&self) -> Option<&Unavailable> {
        self.unavailable.as_ref().filter(|u| u.is_hub_wide())
    }
}

/// A stored submission to check: whose, which row, and its links.
#[derive(Debug, Clone, Copy)]
pub struct ToCheck<'a> {
    pub team_id: i64,
    pub submission_id: i64,
    pub links: &'a SubmissionLinks,
}

/// Checks a stored submission and stores the outcome. A check that could
/// not be completed is recorded as an attempt beside the last real
/// verdict, which stays what everyone sees: an outage never erases one.
pub async fn check_and_record(
    store: &Store,
    client: &HubClient,
    event: &EventConfig,
    target: ToCheck<'_>,
    deadline: Option<DateTime<Utc>>,
    progress: Option<&UnboundedSender<RepoReport>>,
) -> Result<Checked, StoreError> {
    let ToCheck {
        team_id,
        submission_id,
        links,
    } = target;
    let mut ctx = CheckContext::from_event(event, deadline);
    ctx.late_accepted_until = match store.team(team_id).await? {
        Some(team) => accepted_until(store, &team).await?,
        None => None,
    };
    let report = check_links(client, &ctx, links, progress).await;
    let now = Utc::now();
    let json = serde_json::from_str(&report.to_json()).unwrap_or(serde_json::Value::Null);
    if report.status != Status::CouldNotCheck {
        let status = status_of(&report);
        store
            .set_submission_report(submission_id, status, &json, now)
            .await?;
        super::gallery::touch();
        return Ok(Checked {
            status,
            report,
            checked_at: now,
            failed: None,
            unavailable: None,
        });
    }
    let unavailable = report.unavailable_reason().cloned();
    let reason = unavailable
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "the Hub could not be asked".to_string());
    store
        .record_failed_attempt(submission_id, &json, &reason, now)
        .await?;
    let failed = FailedAttempt {
        at: now,
        error: reason,
    };
    // Gone when the team was disbanded meanwhile: this check is all there is.
    let Some(kept) = store.submission(submission_id).await? else {
        return Ok(Checked {
            status: SubmissionStatus::Unchecked,
            report,
            checked_at: now,
            failed: Some(failed),
            unavailable,
        });
    };
    Ok(Checked {
        status: kept.status,
        report: stored_report(&kept).unwrap_or(report),
        checked_at: kept.checked_at.unwrap_or(now),
        failed: kept.failed_attempt.or(Some(failed)),
        unavailable,
    })
}

/// The stored report of a submission, if it has been checked.
pub fn stored_report(s: &StoredSubmission) -> Option<Report> {
    s.report
        .as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// A team's latest submission, for any member (or an organizer).
pub async fn latest_for_member(
    store: &Store,
    event: &EventConfig,
    user_id: u64,
) -> Result<(Team, StoredSubmission), SubmissionError> {
    let team = store
        .team_of(&event.event.id, user_id)
        .await?
        .ok_or(SubmissionError::NotInTeam)?;
    let sub = store
        .latest_submission(team.id)
        .await?
        .ok_or(SubmissionError::NoSubmission)?;
    Ok((team, sub))
}

/// A submission to check again.
pub type Recheck = (Team, StoredSubmission, SubmissionLinks);

/// A re-check: who asked must be in the team (or an organizer); a check
/// already running is joined, else the Hub budget and the team's cooldown
/// (not for organizers) must allow it. Returns the submission to check.
#[allow(clippy::too_many_arguments)]
pub async fn prepare_recheck(
    store: &Store,
    event: &EventConfig,
    gate: Gate<'_>,
    team_id: i64,
    user_id: u64,
    organizer: bool,
    now: DateTime<Utc>,
) -> Result<Started<Recheck>, SubmissionError> {
    let team = store
        .team(team_id)
        .await?
        .filter(|t| t.event_id == event.event.id)
        .ok_or(SubmissionError::TeamNotFound)?;
    if !organizer && !store.team_members(team.id).await?.contains(&user_id) {
        return Err(SubmissionError::NotInTeam);
    }
    let sub = store
        .latest_submission(team.id)
        .await?
        .ok_or(SubmissionError::NoSubmission)?;
    let links = SubmissionLinks::from_stored(&sub)?;
    match start_check(
        store,
        gate.hub,
        gate.flights,
        &event.hub.budget,
        team.id,
        organizer,
        now,
    )
    .await?
    {
        Flight::Join(join) => Ok(Started::Joined(join)),
        Flight::Lead(lead) => Ok(Started::Check((team, sub, links), lead)),
    }
}

/// Organizers let a team submit for `hours` more from `now`.
pub async fn allow_late(
    store: &Store,
    event: &EventConfig,
    team_name: &str,
    hours: i64,
    now: DateTime<Utc>,
) -> Result<(Team, DateTime<Utc>), SubmissionError> {
    if !(1..=720).contains(&hours) {
        return Err(SubmissionError::BadHours);
    }
    let key = crate::domain::team::TeamName::key_of(team_name);
    let team = store
        .team_by_name_key(&event.event.id, &key)
        .await?
        .ok_or(SubmissionError::TeamNotFound)?;
    let until = now + chrono::Duration::hours(hours);
    store.allow_late_submission(team.id, Some(until)).await?;
    let team = Team {
        late_submission_until: Some(until),
        ..team
    };
    // Changes within the new window are expected: a late verdict may end.
    rederive_verdict(store, &team).await?;
    Ok((team, until))
}

/// Up to when the team's changes count as on time: its late exception, or
/// the end of its late-submission window (organizers let it hand in until
/// then, so changes until then are expected), whichever is later.
async fn accepted_until(store: &Store, team: &Team) -> Result<Option<DateTime<Utc>>, StoreError> {
    let exception = store
        .late_exception(team.id)
        .await?
        .map(|e| e.accepted_until);
    Ok(exception.max(team.late_submission_until))
}

/// Works the team's current verdict out again from its stored report after
/// what the organizers accept changed, without asking the Hub; returns the
/// verdict (`None` without a submission).
async fn rederive_verdict(
    store: &Store,
    team: &Team,
) -> Result<Option<SubmissionStatus>, StoreError> {
    let Some(sub) = store.latest_submission(team.id).await? else {
        return Ok(None);
    };
    let (Some(report), Some(checked_at)) = (stored_report(&sub), sub.checked_at) else {
        return Ok(Some(sub.status));
    };
    if !sub.status.is_verdict() {
        return Ok(Some(sub.status));
    }
    let report = apply_late_exception(&report, accepted_until(store, team).await?);
    let status = status_of(&report);
    let json = serde_json::from_str(&report.to_json()).unwrap_or(serde_json::Value::Null);
    // A newer check stored meanwhile already knew what is accepted.
    if !store
        .set_verdict_keeping_attempt(sub.id, status, &json, checked_at)
        .await?
    {
        return Ok(store.latest_submission(team.id).await?.map(|s| s.status));
    }
    Ok(Some(status))
}

/// What `/submissions recheck-all` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecheckAll {
    pub total: usize,
    /// Teams whose check gave a verdict.
    pub checked: usize,
    /// Teams whose own repos could not be checked (a README that redirects
    /// to another host, an answer that is not JSON): their last verdict is
    /// kept and the run went on.
    pub skipped: Vec<SkippedTeam>,
    /// The Hub as a whole stopped answering even after waiting: the rest
    /// were left for later rather than spending the bot's request budget on
    /// failures.
    pub stopped_by_hub: Option<Unavailable>,
}

/// A team the run went past, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedTeam {
    pub team_id: i64,
    pub reason: SkipReason,
}

/// Why a run went past a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// One of its repos answered something the client cannot use.
    Hub(Unavailable),
    /// Its stored links no longer parse (they did when stored).
    StoredLinks,
    /// It could not be checked, and the client gave no reason.
    Unknown,
}

impl SkipReason {
    /// The Fluent message that says why, and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            SkipReason::Hub(u) => u.message(),
            SkipReason::StoredLinks => ("recheck-skip-stored-links", vec![]),
            SkipReason::Unknown => ("recheck-skip-unknown", vec![]),
        }
    }
}

/// How far a run over every team has got, for a message that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecheckProgress {
    /// Teams done (checked or skipped) so far.
    Done(usize),
    /// Waiting this long for the Hub's rate-limit window to reset.
    Paused { seconds: u64 },
}

/// Hub requests a three-repo check costs at most: info and README each; the
/// commit list too for a repo changed after the deadline.
pub const REQUESTS_PER_TEAM: u64 = super::checks::REQUESTS_PER_TEAM as u64;
/// The longest pause for the Hub's window (its windows are 5 minutes).
pub const MAX_RATE_PAUSE: std::time::Duration = std::time::Duration::from_secs(300);

/// Re-checks every team's current submission, one after another, with the
/// patience of a run nobody waits on ([`HubClient::patient`]): pausing when
/// the Hub's announced budget (`RateLimit: r`) has no room for another team
/// until its window resets (`t`), going past a team whose own repos cannot
/// be checked, and stopping only when the Hub as a whole is out of reach.
pub async fn recheck_all(
    store: &Store,
    client: &HubClient,
    event: &EventConfig,
    progress: Option<&UnboundedSender<RecheckProgress>>,
) -> Result<RecheckAll, StoreError> {
    let client = client.patient();
    let subs = store.current_submissions(&event.event.id).await?;
    let deadline = submission_deadline(store, event).await?;
    let mut out = RecheckAll {
        total: subs.len(),
        ..RecheckAll::default()
    };
    let tell = |p: RecheckProgress| {
        if let Some(tx) = progress {
            // A closed receiver only means nobody watches any more.
            let _ = tx.send(p);
        }
    };
    for s in &subs {
        // Paced by the Hub's own budget: when the window has no room for
        // one more team, wait for it to reset rather than run into 429s.
        if let Some(pause) = client.rate_budget().and_then(|b| {
            b.pause_before(
                REQUESTS_PER_TEAM,
                tokio::time::Instant::now(),
                MAX_RATE_PAUSE,
            )
        }) {
            tracing::info!(
                seconds = pause.as_secs(),
                "recheck-all waits for the Hub's rate-limit window"
            );
            tell(RecheckProgress::Paused {
                seconds: pause.as_secs(),
            });
            tokio::time::sleep(pause).await;
        }
        // Stored links were valid when stored; one that is not is skipped.
        let Ok(links) = SubmissionLinks::from_stored(s) else {
            tracing::warn!(submission = s.id, "stored links no longer parse");
            out.skipped.push(SkippedTeam {
                team_id: s.team_id,
                reason: SkipReason::StoredLinks,
            });
            tell(RecheckProgress::Done(out.checked + out.skipped.len()));
            continue;
        };
        let target = ToCheck {
            team_id: s.team_id,
            submission_id: s.id,
            links: &links,
        };
        let checked = check_and_record(store, &client, event, target, deadline, None).await?;
        if let Some(outage) = checked.hub_outage() {
            tracing::warn!(reason = %outage, "recheck-all stops: the Hub is out of reach");
            out.stopped_by_hub = Some(outage.clone());
            break;
        }
        match (checked.failed, checked.unavailable) {
            (Some(failed), reason) => {
                tracing::info!(team = s.team_id, reason = %failed.error, "recheck-all goes past a team it cannot check");
                out.skipped.push(SkippedTeam {
                    team_id: s.team_id,
                    reason: reason.map_or(SkipReason::Unknown, SkipReason::Hub),
                });
            }
            (None, _) => out.checked += 1,
        }
        tell(RecheckProgress::Done(out.checked + out.skipped.len()));
    }
    Ok(out)
}

/// Teams by the verdict of their latest submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionsOverview {
    pub complete: Vec<String>,
    /// Changed after the deadline, with no exception.
    pub late: Vec<String>,
    pub incomplete: Vec<String>,
    /// Not checked yet (Hub outage, or a check still running).
    pub unchecked: Vec<String>,
    pub missing: Vec<String>,
    /// Teams whose latest attempt failed: their verdict above is the last
    /// real one, made at this time.
    pub stale: Vec<(String, DateTime<Utc>)>,
}

/// `/submissions overview`: every team of the event, by verdict.
pub async fn overview(
    store: &Store,
    event: &EventConfig,
) -> Result<SubmissionsOverview, StoreError> {
    let teams = store.teams_with_members(&event.event.id).await?;
    let current = store.current_submissions(&event.event.id).await?;
    let by_team: HashMap<i64, &StoredSubmission> = current.iter().map(|s| (s.team_id, s)).collect();
    let mut out = SubmissionsOverview::default();
    for t in teams {
        let name = t.team.name.clone();
        let Some(sub) = by_team.get(&t.team.id) else {
            out.missing.push(name);
            continue;
        };
        if sub.failed_attempt.is_some() && sub.status.is_verdict() {
            if let Some(at) = sub.checked_at {
                out.stale.push((name.clone(), at));
            }
        }
        match sub.status {
            SubmissionStatus::Complete => out.complete.push(name),
            SubmissionStatus::Late => out.late.push(name),
            SubmissionStatus::Incomplete => out.incomplete.push(name),
            SubmissionStatus::Unchecked | SubmissionStatus::Checking => out.unchecked.push(name),
        }
    }
    for list in [
        &mut out.complete,
        &mut out.late,
        &mut out.incomplete,
        &mut out.unchecked,
        &mut out.missing,
    ] {
        list.sort_by_key(|n| n.to_lowercase());
    }
    out.stale.sort_by_key(|(n, _)| n.to_lowercase());
    Ok(out)
}

/// What an organizer's late exception left.
#[derive(Debug, Clone)]
pub struct LateDecision {
    pub team: Team,
    /// `None` when the exception was withdrawn.
    pub exception: Option<LateException>,
    /// The team's verdict now (`None` without a submission).
    pub status: Option<SubmissionStatus>,
}

/// Organizers accept a team's changes after the deadline, up to `now`
/// (later changes are late again), or withdraw that (`accept = false`; a
/// late-submission window still covers its own hours). The current verdict
/// is worked out again from the stored report, without asking the Hub.
pub async fn set_late_exception(
    store: &Store,
    event: &EventConfig,
    team_id: i64,
    organizer_id: u64,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<LateDecision, SubmissionError> {
    let team = store
        .team(team_id)
        .await?
        .filter(|t| t.event_id == event.event.id)
        .ok_or(SubmissionError::TeamNotFound)?;
    let exception = if accept {
        Some(
            store
                .set_late_exception(team.id, now, organizer_id, now)
                .await?,
        )
    } else {
        if !store.remove_late_exception(team.id).await? {
            return Err(SubmissionError::NoLateException);
        }
        None
    };
    let status = rederive_verdict(store, &team).await?;
    Ok(LateDecision {
        team,
        exception,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>(d: &'a str, m: Option<&'a str>, s: Option<&'a str>) -> RawLinks<'a> {
        RawLinks {
            dataset: d,
            model: m,
            demo: s,
            video: None,
        }
    }

    #[test]
    fn a_model_link_given_as_the_dataset_is_refused_before_storing() {
        let e = SubmissionLinks::parse(&raw("https://huggingface.co/somosnlp/x", None, None), true)
            .unwrap_err();
        assert!(matches!(
            e,
            SubmissionError::WrongKind {
                field: Field::Dataset,
                found: RepoKind::Model
            }
        ));
    }

    #[test]
    fn model_and_demo_are_required_unless_corpus_only_is_allowed() {
        let r = raw("hf.co/datasets/somosnlp/x", None, None);
        assert!(SubmissionLinks::parse(&r, true).is_ok());
        assert!(matches!(
            SubmissionLinks::parse(&r, false),
            Err(SubmissionError::Missing(Field::Model))
        ));
    }

    #[test]
    fn an_org_page_is_not_a_dataset() {
        let e = SubmissionLinks::parse(&raw("https://huggingface.co/somosnlp", None, None), true)
            .unwrap_err();
        assert_eq!(e.message_id(), "submit-error-bad-link");
    }

    #[test]
    fn a_space_subdomain_is_a_demo() {
        let l = SubmissionLinks::parse(
            &raw(
                "hf.co/datasets/somosnlp/x",
                Some("hf.co/somosnlp/m"),
                Some("https://somosnlp-demo.hf.space"),
            ),
            false,
        )
        .unwrap();
        assert!(matches!(l.demo, Some(HubLink::SpaceSubdomain(_))));
    }

    #[test]
    fn every_reason_to_go_past_a_team_is_said_in_both_languages() {
        let i18n = crate::i18n::I18n::load().expect("locales");
        let reasons = [
            SkipReason::Hub(Unavailable::Timeout),
            SkipReason::Hub(Unavailable::Network {
                message: "x".into(),
            }),
            SkipReason::Hub(Unavailable::RateLimited {
                retry_after_secs: Some(40),
            }),
            SkipReason::Hub(Unavailable::Server { status: 503 }),
            SkipReason::Hub(Unavailable::InvalidJson {
                message: "x".into(),
            }),
            SkipReason::Hub(Unavailable::TooManyRedirects),
            SkipReason::Hub(Unavailable::RedirectOffHost {
                host: "cdn.example.org".into(),
            }),
            SkipReason::Hub(Unavailable::BadToken),
            SkipReason::Hub(Unavailable::Unexpected { status: 418 }),
            SkipReason::StoredLinks,
            SkipReason::Unknown,
        ];
        for r in &reasons {
            let (id, args) = r.message();
            for lang in crate::i18n::Lang::ALL {
                assert!(i18n.has(lang, id), "{id} in {lang:?}");
                let text = i18n.get_strings(lang, id, &args);
                for (_, v) in &args {
                    assert!(text.contains(v.as_str()), "{text}");
                }
            }
        }
    }
}

/// One repo that changed after the deadline: the commit watch's finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateRepo {
    pub team: String,
    pub repo: String,
    /// Times of the commits after the deadline, newest first.
    pub commits: Vec<DateTime<Utc>>,
    /// More commits after the deadline than the Hub listed.
    pub more: bool,
}

/// What the commit watch found after re-checking every submission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitWatch {
    pub recheck: RecheckAll,
    pub late: Vec<LateRepo>,
    /// Teams the run went past (their own repos could not be checked), by
    /// name, with why.
    pub skipped: Vec<(String, SkipReason)>,
}

/// The commit watch: re-checks every current submission once (one team at a
/// time, see [`recheck_all`]) and lists the repos with commits after the
/// deadline, by team name.
pub async fn commit_watch(
    store: &Store,
    client: &HubClient,
    event: &EventConfig,
) -> Result<CommitWatch, StoreError> {
    let recheck = recheck_all(store, client, event, None).await?;
    let mut late = Vec::new();
    for sub in store.current_submissions(&event.event.id).await? {
        let Some(report) = stored_report(&sub) else {
            continue;
        };
        // Accepted changes are not news; late ones are.
        if sub.status != SubmissionStatus::Late {
            continue;
        }
        let team = match store.team(sub.team_id).await? {
            Some(t) => t.name,
            None => continue,
        };
        for r in &report.repos {
            let Some(f) = &r.facts else { continue };
            if !f.late {
                continue;
            }
            late.push(LateRepo {
                team: team.clone(),
                repo: r
                    .repo
                    .as_ref()
                    .map_or_else(|| r.target.clone(), ToString::to_string),
                commits: f.commits_after_deadline.iter().map(|c| c.date).collect(),
                more: f.commits_after_deadline_truncated,
            });
        }
    }
    late.sort_by(|a, b| (&a.team, &a.repo).cmp(&(&b.team, &b.repo)));
    let mut skipped = Vec::new();
    for s in &recheck.skipped {
        let name = store
            .team(s.team_id)
            .await?
            .map_or_else(|| format!("#{}", s.team_id), |t| t.name);
        skipped.push((name, s.reason.clone()));
    }
    Ok(CommitWatch {
        recheck,
        late,
        skipped,
    })
}
