//! The participant's path: each step of the event (from `[[path.steps]]`)
//! evaluated from what the bot already knows — the participant row, the
//! team, the GPU queue, the submission and the Hub — into done, under way,
//! missing or unknown, plus the next step and the organizers' overview.
//!
//! Hub facts come from one [`Report`] per team: the stored report of the
//! team's current submission when there is one, else a check of the repos
//! the bot can attribute to the team. Before a submission the bot knows no
//! links, so it finds the team's repos itself: the dataset a GPU request
//! named, otherwise the organization's listings (`/api/{datasets,models,
//! spaces}?author=<org>`) matched to the team's name (see
//! [`match_team_repo`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::chart::{bar_chart_png, Bar, ChartError};
use crate::config::{EventConfig, PathCheck, PathSettings, PathStep};
use crate::hub::{
    check_submission, CheckContext, HubClient, HubError, RepoId, RepoKind, RepoReport, Report,
    Severity, Status,
};
use crate::i18n::Lang;
use crate::store::{GpuRequestStatus, Store, StoreError, SubmissionStatus, Team};

/// How a step stands. ⏳ covers three cases that must not be confused with
/// ❌: under way, the Hub could not be asked, and facts the bot cannot see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Done,
    /// Started, not finished (a queued GPU request, a Space building…).
    InProgress,
    Missing,
    /// The Hub did not answer (or was not asked yet): nothing is known.
    CouldNotCheck,
    /// The bot has no way to know (an external form, org membership).
    CannotCheck,
}

impl StepStatus {
    pub fn icon(self) -> &'static str {
        match self {
            Self::Done => "✅",
            Self::Missing => "❌",
            Self::InProgress | Self::CouldNotCheck | Self::CannotCheck => "⏳",
        }
    }

    /// Whether the step is something to do now (it can be the next step).
    pub fn is_actionable(self) -> bool {
        matches!(self, Self::Missing | Self::InProgress)
    }
}

/// Why a step stands as it does, rendered by the Discord side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    None,
    /// The linked Hugging Face username.
    HfUser(String),
    /// Linked as this user; the organization's member list could not be read.
    OrgUnknown(String),
    /// Linked as this user, who is not in the organization's member list.
    NotOrgMember(String),
    /// Done on a form outside Discord.
    ExternalForm,
    Team(String),
    /// The repo the step is about.
    Repo(String),
    /// The repo exists, but outside the organization.
    NotInOrg(String),
    /// The named repo is not on the Hub (or is private).
    NotFound(String),
    /// The card of this repo has this many problems.
    CardProblems {
        repo: String,
        count: usize,
    },
    /// The demo Space exists but is not running (its stage).
    NotRunning {
        repo: String,
        stage: String,
    },
    GpuQueued,
    GpuLease {
        resource: String,
        until: DateTime<Utc>,
    },
    /// The submission's verdict.
    Submission(SubmissionStatus),
    /// The Hub could not be asked.
    HubUnavailable,
    /// How many of the team's members have done a personal step.
    Members {
        done: usize,
        total: usize,
    },
}

/// What the bot knows about one person.
#[derive(Debug, Clone, Default)]
pub struct PersonFacts {
    pub user_id: u64,
    /// In the server (a member, or someone who used a command there).
    pub joined: bool,
    pub introduced: bool,
    pub hf_username: Option<String>,
    /// Whether `hf_username` is in the event's Hub organization, from its
    /// member list; `None` when not asked or the Hub could not answer.
    pub hub_org_member: Option<bool>,
}

/// The team's GPU requests and leases.
#[derive(Debug, Clone, Default)]
pub struct GpuFacts {
    pub queued: bool,
    pub lease: Option<(String, DateTime<Utc>)>,
    /// A lease was granted at some point (and may have ended).
    pub ever_leased: bool,
}

/// What the Hub said about a team, and when.
#[derive(Debug, Clone)]
pub enum HubView {
    /// No check yet (or none recent enough to show).
    NotChecked,
    /// The last attempt could not reach the Hub.
    Unavailable { at: DateTime<Utc> },
    Checked {
        report: Box<Report>,
        at: DateTime<Utc>,
    },
}

impl HubView {
    pub fn checked_at(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::NotChecked => None,
            Self::Unavailable { at } | Self::Checked { at, .. } => Some(*at),
        }
    }

    /// Whether it can be shown without asking the Hub again: a report
    /// younger than `fresh`, or an outage younger than [`OUTAGE_RETRY`].
    pub fn is_recent(&self, now: DateTime<Utc>, fresh: chrono::Duration) -> bool {
        match self {
            Self::NotChecked => false,
            Self::Unavailable { at } => now - *at < OUTAGE_RETRY,
            Self::Checked { at, .. } => now - *at < fresh,
        }
    }

    /// The view a fresh report gives.
    pub fn from_report(report: Report, at: DateTime<Utc>) -> Self {
        // A report on nothing but unreachable repos says nothing.
        let all_unreachable = !report.repos.is_empty()
            && report
                .repos
                .iter()
                .all(|r| r.status == Status::CouldNotCheck);
        if all_unreachable {
            Self::Unavailable { at }
        } else {
            Self::Checked {
                report: Box::new(report),
                at,
            }
        }
    }
}

/// After a Hub outage, how soon /path asks again.
pub const OUTAGE_RETRY: chrono::Duration = chrono::Duration::minutes(2);

/// What the bot knows about a team.
#[derive(Debug, Clone)]
pub struct TeamFacts {
    pub team: Team,
    pub members: Vec<PersonFacts>,
    pub gpu: GpuFacts,
    pub submission: Option<SubmissionStatus>,
    pub hub: HubView,
    /// The latest attempt to check the submission, when it failed: `hub`
    /// and `submission` are then the last real verdict.
    pub failed_attempt: Option<crate::store::FailedAttempt>,
}

/// Whether the team's Hub facts must be asked for again before a path is
/// whole: some step uses the Hub, and the facts are not recent (see
/// [`HubView::is_recent`]), nor was the Hub tried within [`OUTAGE_RETRY`].
/// Without a team there is nothing to ask.
pub fn needs_hub_check(
    settings: &PathSettings,
    team: Option<&TeamFacts>,
    now: DateTime<Utc>,
) -> bool {
    let fresh = chrono::Duration::minutes(i64::from(settings.fresh_minutes));
    // A verdict kept through a failed attempt is as old as its check, but
    // the Hub was asked just now: wait as after an outage.
    let tried_recently = |t: &TeamFacts| {
        t.failed_attempt
            .as_ref()
            .is_some_and(|a| now - a.at < OUTAGE_RETRY)
    };
    settings.steps.iter().any(|s| s.check.uses_hub())
        && team.is_some_and(|t| !t.hub.is_recent(now, fresh) && !tried_recently(t))
}

/// One evaluated step.
#[derive(Debug, Clone)]
pub struct StepView {
    /// Index into the event's steps.
    pub index: usize,
    pub status: StepStatus,
    pub detail: Detail,
}

/// Every step, and the first one to act on.
#[derive(Debug, Clone)]
pub struct PathView {
    pub steps: Vec<StepView>,
    /// Index (into `steps`) of the next step; `None` when nothing is left
    /// that the bot can point to.
    pub next: Option<usize>,
}

impl PathView {
    fn new(steps: Vec<StepView>) -> Self {
        let next = steps.iter().position(|s| s.status.is_actionable());
        Self { steps, next }
    }

    pub fn done(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.status == StepStatus::Done)
            .count()
    }
}

/// A person's path: personal steps from their facts, team steps from their
/// team (all missing without one).
pub fn evaluate_person(
    steps: &[PathStep],
    person: &PersonFacts,
    team: Option<&TeamFacts>,
) -> PathView {
    evaluate(steps, |check| {
        if check.is_personal() {
            personal(check, person)
        } else {
            match team {
                Some(t) => team_step(check, t),
                None => (StepStatus::Missing, Detail::None),
            }
        }
    })
}

/// A team's path: team steps as for a person; a personal step is done when
/// every member has done it (with the count shown).
pub fn evaluate_team(steps: &[PathStep], team: &TeamFacts) -> PathView {
    evaluate(steps, |check| {
        if check.is_personal() {
            members_step(check, &team.members)
        } else {
            team_step(check, team)
        }
    })
}

fn evaluate(steps: &[PathStep], judge: impl Fn(PathCheck) -> (StepStatus, Detail)) -> PathView {
    PathView::new(
        steps
            .iter()
            .enumerate()
            .map(|(index, step)| {
                let (status, detail) = judge(step.check);
                StepView {
                    index,
                    status,
                    detail,
                }
            })
            .collect(),
    )
}

fn personal(check: PathCheck, p: &PersonFacts) -> (StepStatus, Detail) {
    let yes_no = |b: bool| {
        if b {
            StepStatus::Done
        } else {
            StepStatus::Missing
        }
    };
    match check {
        PathCheck::Joined => (yes_no(p.joined), Detail::None),
        PathCheck::Introduced => (yes_no(p.introduced), Detail::None),
        PathCheck::HfLinked => match &p.hf_username {
            Some(u) => (StepStatus::Done, Detail::HfUser(u.clone())),
            None => (StepStatus::Missing, Detail::None),
        },
        // From the organization's member list; unknown when it was not
        // asked (a team's view) or the Hub could not answer.
        PathCheck::HubOrgMember => match (&p.hf_username, p.hub_org_member) {
            (Some(u), Some(true)) => (StepStatus::Done, Detail::HfUser(u.clone())),
            (Some(u), Some(false)) => (StepStatus::Missing, Detail::NotOrgMember(u.clone())),
            (Some(u), None) => (StepStatus::CannotCheck, Detail::OrgUnknown(u.clone())),
            (None, _) => (StepStatus::Missing, Detail::None),
        },
        PathCheck::Registered => (StepStatus::CannotCheck, Detail::ExternalForm),
        _ => (StepStatus::Missing, Detail::None),
    }
}

fn members_step(check: PathCheck, members: &[PersonFacts]) -> (StepStatus, Detail) {
    let total = members.len();
    let statuses: Vec<StepStatus> = members.iter().map(|m| personal(check, m).0).collect();
    if statuses.contains(&StepStatus::CannotCheck) && !statuses.contains(&StepStatus::Missing) {
        return (StepStatus::CannotCheck, personal(check, &members[0]).1);
    }
    let done = statuses
        .iter()
        .filter(|s| matches!(s, StepStatus::Done | StepStatus::CannotCheck))
        .count();
    let status = if total > 0 && done == total {
        StepStatus::Done
    } else if done > 0 {
        StepStatus::InProgress
    } else {
        StepStatus::Missing
    };
    (status, Detail::Members { done, total })
}

fn team_step(check: PathCheck, t: &TeamFacts) -> (StepStatus, Detail) {
    match check {
        PathCheck::Team => (StepStatus::Done, Detail::Team(t.team.name.clone())),
        PathCheck::Gpu => gpu_step(&t.gpu),
        PathCheck::Submitted => match t.submission {
            None => (StepStatus::Missing, Detail::None),
            Some(s) => {
                let status = match s {
                    SubmissionStatus::Complete => StepStatus::Done,
                    // Late is not complete: the organizers decide.
                    SubmissionStatus::Late | SubmissionStatus::Incomplete => StepStatus::Missing,
                    SubmissionStatus::Checking => StepStatus::InProgress,
                    SubmissionStatus::Unchecked => StepStatus::CouldNotCheck,
                };
                (status, Detail::Submission(s))
            }
        },
        PathCheck::Dataset => presence(repo_state(&t.hub, RepoKind::Dataset)),
        PathCheck::DatasetCard => card(repo_state(&t.hub, RepoKind::Dataset)),
        PathCheck::Model => match presence(repo_state(&t.hub, RepoKind::Model)) {
            // No model yet: training on a granted GPU, or waiting for one,
            // is under way.
            (StepStatus::Missing, Detail::None) => match gpu_step(&t.gpu) {
                (StepStatus::Done, d @ Detail::GpuLease { .. }) | (StepStatus::InProgress, d) => {
                    (StepStatus::InProgress, d)
                }
                _ => (StepStatus::Missing, Detail::None),
            },
            other => other,
        },
        PathCheck::ModelCard => card(repo_state(&t.hub, RepoKind::Model)),
        PathCheck::Demo => match repo_state(&t.hub, RepoKind::Space) {
            RepoState::Present {
                repo,
                stage: Some(stage),
                ..
            } => {
                let building = stage.eq_ignore_ascii_case("BUILDING")
                    || stage.eq_ignore_ascii_case("APP_STARTING");
                let status = if building {
                    StepStatus::InProgress
                } else {
                    StepStatus::Missing
                };
                (status, Detail::NotRunning { repo, stage })
            }
            other => presence(other),
        },
        _ => (StepStatus::Missing, Detail::None),
    }
}

fn gpu_step(g: &GpuFacts) -> (StepStatus, Detail) {
    if let Some((resource, until)) = &g.lease {
        return (
            StepStatus::Done,
            Detail::GpuLease {
                resource: resource.clone(),
                until: *until,
            },
        );
    }
    if g.queued {
        (StepStatus::InProgress, Detail::GpuQueued)
    } else if g.ever_leased {
        (StepStatus::Done, Detail::None)
    } else {
        (StepStatus::Missing, Detail::None)
    }
}

/// What the Hub facts say about the team's repo of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoState {
    /// No repo of this kind is known for the team.
    Absent,
    Unavailable,
    NotFound(String),
    NotInOrg(String),
    Present {
        repo: String,
        card_errors: usize,
        /// The Space's stage when it is not running.
        stage: Option<String>,
    },
}

fn presence(state: RepoState) -> (StepStatus, Detail) {
    match state {
        RepoState::Absent => (StepStatus::Missing, Detail::None),
        RepoState::Unavailable => (StepStatus::CouldNotCheck, Detail::HubUnavailable),
        RepoState::NotFound(r) => (StepStatus::Missing, Detail::NotFound(r)),
        RepoState::NotInOrg(r) => (StepStatus::Missing, Detail::NotInOrg(r)),
        RepoState::Present { repo, .. } => (StepStatus::Done, Detail::Repo(repo)),
    }
}

fn card(state: RepoState) -> (StepStatus, Detail) {
    match state {
        RepoState::Present {
            repo,
            card_errors: 0,
            ..
        } => (StepStatus::Done, Detail::Repo(repo)),
        RepoState::Present {
            repo, card_errors, ..
        } => (
            StepStatus::Missing,
            Detail::CardProblems {
                repo,
                count: card_errors,
            },
        ),
        RepoState::Unavailable => (StepStatus::CouldNotCheck, Detail::HubUnavailable),
        // No repo, no card.
        _ => (StepStatus::Missing, Detail::None),
    }
}

/// The state of the team's repo of `kind` in the Hub view.
pub fn repo_state(view: &HubView, kind: RepoKind) -> RepoState {
    let report = match view {
        HubView::NotChecked | HubView::Unavailable { .. } => return RepoState::Unavailable,
        HubView::Checked { report, .. } => report,
    };
    let Some(r) = report.repos.iter().find(|r| r.kind == Some(kind)) else {
        return RepoState::Absent;
    };
    let name = r
        .repo
        .as_ref()
        .map(RepoId::id)
        .unwrap_or_else(|| r.target.clone());
    if r.status == Status::CouldNotCheck {
        return RepoState::Unavailable;
    }
    let Some(facts) = r.facts.as_ref().filter(|f| f.exists) else {
        return RepoState::NotFound(name);
    };
    if !facts.in_organization {
        return RepoState::NotInOrg(name);
    }
    let not_running = r
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.id.ends_with(".runtime"));
    RepoState::Present {
        card_errors: card_errors(r, &report.cross_checks),
        stage: not_running.then(|| {
            facts
                .runtime_stage
                .clone()
                .unwrap_or_else(|| "?".to_string())
        }),
        repo: name,
    }
}

/// Errors about a repo's card: its own card findings (anything but the
/// repo itself, its commits and its runtime), and cross-checks that its
/// card fails (`submission.model.links_dataset` is the model card's).
fn card_errors(r: &RepoReport, cross: &[crate::hub::Finding]) -> usize {
    let own = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| {
            !matches!(
                f.id.split('.').nth(1),
                Some("repo" | "commits" | "runtime" | "hub")
            )
        })
        .count();
    let kind = r.kind.map_or("", RepoKind::as_str);
    let crossed = cross
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| f.id.split('.').nth(1) == Some(kind))
        .count();
    own + crossed
}

/// How many teams stand at each step: a team stands at its first step not
/// done (personal steps count when every member has done them; a step the
/// bot cannot check does not hold a team back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathOverview {
    /// Per step (event order): teams standing there.
    pub at_step: Vec<usize>,
    /// Teams with every step done.
    pub finished: usize,
    /// Teams whose Hub facts are unknown (never checked or outage).
    pub hub_unknown: usize,
}

pub fn overview(steps: &[PathStep], teams: &[TeamFacts]) -> PathOverview {
    let mut at_step = vec![0; steps.len()];
    let (mut finished, mut hub_unknown) = (0, 0);
    for t in teams {
        if !matches!(t.hub, HubView::Checked { .. }) {
            hub_unknown += 1;
        }
        let view = evaluate_team(steps, t);
        let standing = view
            .steps
            .iter()
            .position(|s| !matches!(s.status, StepStatus::Done | StepStatus::CannotCheck));
        match standing {
            Some(i) => at_step[i] += 1,
            None => finished += 1,
        }
    }
    PathOverview {
        at_step,
        finished,
        hub_unknown,
    }
}

/// The overview's rows: `(label, teams)` per step in order ("3. Build the
/// corpus"), then the finished teams under `finished`.
pub fn overview_rows(
    steps: &[PathStep],
    o: &PathOverview,
    lang: Lang,
    finished: &str,
) -> Vec<(String, usize)> {
    let mut rows: Vec<(String, usize)> = steps
        .iter()
        .zip(&o.at_step)
        .enumerate()
        .map(|(i, (s, n))| (format!("{}. {}", i + 1, s.title.get(lang)), *n))
        .collect();
    rows.push((finished.to_string(), o.finished));
    rows
}

/// The overview as a PNG bar chart: one bar per row, in order.
pub fn overview_chart(title: &str, rows: &[(String, usize)]) -> Result<Vec<u8>, ChartError> {
    let bars: Vec<Bar> = rows
        .iter()
        .map(|(label, n)| Bar {
            label: label.clone(),
            value: *n as u64,
        })
        .collect();
    bar_chart_png(title, &bars)
}

/// The step the path points to and the deadline it belongs to, if that
/// deadline is still ahead; otherwise the first deadline still ahead among
/// the steps not done.
pub fn next_deadline<'a>(
    steps: &'a [PathStep],
    view: &PathView,
    deadlines: &HashMap<String, DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<(&'a str, DateTime<Utc>)> {
    let ahead = |i: usize| {
        let id = steps.get(i)?.deadline.as_deref()?;
        let at = *deadlines.get(id)?;
        (at > now).then_some((id, at))
    };
    if let Some(found) = view.next.and_then(|n| ahead(view.steps[n].index)) {
        return Some(found);
    }
    view.steps
        .iter()
        .filter(|s| s.status != StepStatus::Done)
        .filter_map(|s| ahead(s.index))
        .min_by_key(|(_, at)| *at)
}

/// A name made comparable: lowercase, accents dropped, runs of anything
/// but letters and digits turned into one `-`.
pub fn slug(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in name.nfd().filter(|c| c.is_ascii() || c.is_alphanumeric()) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The repo among `ids` (`org/name`) that belongs to `team`: its name is
/// the team's slug, or starts with it followed by `-` (`NoticIA` →
/// `NoticIA-it`, `noticia-7b`); failing that, the same with dashes ignored,
/// for team slugs of four characters or more (`Notic IA` → `NoticIA-it`).
/// Among several, the shortest name wins (the plain corpus over its
/// variants), then the first alphabetically.
pub fn match_team_repo<'a>(team: &str, ids: &'a [String]) -> Option<&'a String> {
    let team = slug(team);
    if team.is_empty() {
        return None;
    }
    let compact = |s: &str| s.replace('-', "");
    let team_compact = compact(&team);
    let name = |id: &str| slug(id.rsplit('/').next().unwrap_or(id));
    let best = |pred: &dyn Fn(&str) -> bool| {
        ids.iter()
            .filter(|id| pred(&name(id)))
            .min_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
    };
    best(&|n: &str| n == team || n.starts_with(&format!("{team}-"))).or_else(|| {
        (team_compact.len() >= 4)
            .then(|| best(&|n: &str| compact(n).starts_with(&team_compact)))
            .flatten()
    })
}

/// The team's repos the bot can name without a submission: the dataset a
/// GPU request named, else the organization's listings matched to the
/// team's name. A listing the Hub cannot give is an outage.
pub async fn find_team_repos(
    hub: &HubClient,
    event: &EventConfig,
    team: &Team,
    gpu_dataset: Option<&str>,
) -> Result<crate::hub::Submission, HubError> {
    let org = &event.hub.organization;
    let find = |kind: RepoKind| async move {
        let ids = hub.list_repo_ids(kind, org).await?;
        Ok::<_, HubError>(
            match_team_repo(&team.name, &ids).and_then(|id| RepoId::parse(kind, id).ok()),
        )
    };
    let named = gpu_dataset.and_then(|d| RepoId::parse(RepoKind::Dataset, d).ok());
    let (dataset, model, space) = futures::join!(
        async {
            match &named {
                Some(d) => Ok(Some(d.clone())),
                None => find(RepoKind::Dataset).await,
            }
        },
        find(RepoKind::Model),
        find(RepoKind::Space)
    );
    Ok(crate::hub::Submission {
        dataset: dataset?,
        model: model?,
        space: space?,
    })
}

/// Asks the Hub afresh about a team that has not submitted: finds its
/// repos and checks them as the judges would.
pub async fn check_unsubmitted(
    hub: &HubClient,
    event: &EventConfig,
    team: &Team,
    gpu_dataset: Option<&str>,
    deadline: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> HubView {
    match find_team_repos(hub, event, team, gpu_dataset).await {
        Err(e) => {
            tracing::info!(error = %e, team = team.id, "cannot list the organization's repos");
            HubView::Unavailable { at: now }
        }
        Ok(sub) => {
            let ctx = CheckContext::from_event(event, deadline);
            let report = check_submission(hub, &sub, &ctx).await;
            HubView::from_report(report, now)
        }
    }
}

/// The view a stored submission gives, if it has been checked.
pub fn view_of_submission(sub: &crate::store::StoredSubmission) -> HubView {
    match (
        crate::domain::submission::stored_report(sub),
        sub.checked_at,
    ) {
        (Some(report), Some(at)) => HubView::from_report(report, at),
        _ => HubView::NotChecked,
    }
}

/// Hub views of teams without a submission, remembered in memory (the bot
/// adds no table for them): a restart forgets them, and the next /path
/// asks the Hub again.
#[derive(Debug, Default)]
pub struct HubViews {
    views: std::sync::Mutex<HashMap<i64, HubView>>,
}

impl HubViews {
    pub fn get(&self, team_id: i64) -> HubView {
        self.views
            .lock()
            .map(|v| v.get(&team_id).cloned().unwrap_or(HubView::NotChecked))
            .unwrap_or(HubView::NotChecked)
    }

    pub fn put(&self, team_id: i64, view: HubView) {
        if let Ok(mut v) = self.views.lock() {
            v.insert(team_id, view);
        }
    }
}

/// Everything the store knows about a team for its path; the Hub view is
/// the stored submission's report, else the remembered one.
pub async fn team_facts(
    store: &Store,
    event: &EventConfig,
    views: &HubViews,
    team: Team,
    active_leases: &[crate::store::GpuLease],
) -> Result<(TeamFacts, Option<String>), StoreError> {
    let event_id = &event.event.id;
    let member_ids = store.team_members(team.id).await?;
    let known: HashMap<u64, crate::store::Participant> = store
        .participants(event_id, &member_ids)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p))
        .collect();
    let members = member_ids
        .iter()
        .map(|id| person_facts(*id, known.get(id)))
        .collect();
    let requests = store.open_gpu_requests(team.id).await?;
    let lease = active_leases
        .iter()
        .find(|l| l.team_id == team.id)
        .map(|l| (l.resource.clone(), l.ends_at));
    let gpu = GpuFacts {
        queued: requests
            .iter()
            .any(|r| r.status == GpuRequestStatus::Queued),
        ever_leased: lease.is_some() || store.team_had_gpu_lease(team.id).await?,
        lease,
    };
    let gpu_dataset = requests.first().map(|r| r.dataset_repo.clone());
    let latest = store.latest_submission(team.id).await?;
    let (submission, hub) = match &latest {
        Some(s) => (Some(s.status), view_of_submission(s)),
        None => (None, views.get(team.id)),
    };
    Ok((
        TeamFacts {
            team,
            members,
            gpu,
            submission,
            hub,
            failed_attempt: latest.and_then(|s| s.failed_attempt),
        },
        gpu_dataset,
    ))
}

/// A person's facts from their participant row (absent: only joined).
pub fn person_facts(user_id: u64, p: Option<&crate::store::Participant>) -> PersonFacts {
    PersonFacts {
        user_id,
        joined: true,
        introduced: p.is_some_and(|p| p.introduced_at.is_some()),
        hf_username: p.and_then(|p| p.hf_username.clone()),
        hub_org_member: None,
    }
}

/// Asks the Hub (through the cached member list) whether a person with a
/// linked username is in the event's organization, when some step needs it.
/// A Hub that cannot answer leaves it unknown: the step says it cannot check.
pub async fn add_org_membership(
    facts: &mut PersonFacts,
    event: &EventConfig,
    hub: &crate::hub::HubClient,
    members: &crate::hub::members::MemberCache,
) {
    let Some(user) = &facts.hf_username else {
        return;
    };
    let needed = event
        .path
        .steps
        .iter()
        .any(|s| s.check == PathCheck::HubOrgMember);
    if !needed {
        return;
    }
    match members.is_member(hub, &event.hub.organization, user).await {
        Ok(yes) => facts.hub_org_member = Some(yes),
        Err(e) => tracing::info!(error = %e, "could not read the organization's members"),
    }
}

/// Whose path is shown.
#[derive(Debug, Clone, Copy)]
pub enum PathTarget {
    Person(u64),
    Team(i64),
}

/// The facts behind one answer about a path.
pub struct PathFacts {
    pub person: Option<PersonFacts>,
    pub team: Option<TeamFacts>,
    pub gpu_dataset: Option<String>,
    pub deadlines: Vec<crate::store::StoredDeadline>,
}

/// Reads everything the store knows about the target, and whether the
/// person is in the event's Hub organization (from the members' cache).
pub async fn gather(
    store: &Store,
    event: &EventConfig,
    hub: &HubClient,
    members: &crate::hub::members::MemberCache,
    views: &HubViews,
    target: PathTarget,
) -> Result<PathFacts, StoreError> {
    let event_id = &event.event.id;
    let (person, team) = match target {
        PathTarget::Person(user) => {
            let p = store.participant(event_id, user).await?;
            let team = store.team_of(event_id, user).await?;
            let mut facts = person_facts(user, p.as_ref());
            add_org_membership(&mut facts, event, hub, members).await;
            (Some(facts), team)
        }
        PathTarget::Team(id) => (
            None,
            store.team(id).await?.filter(|t| &t.event_id == event_id),
        ),
    };
    let (team, gpu_dataset) = match team {
        Some(t) => {
            let leases = store.active_gpu_leases(event_id).await?;
            let (facts, gpu) = team_facts(store, event, views, t, &leases).await?;
            (Some(facts), gpu)
        }
        None => (None, None),
    };
    Ok(PathFacts {
        person,
        team,
        gpu_dataset,
        deadlines: store.deadlines(event_id).await?,
    })
}

/// Every team's facts from the store (no Hub call: the overview shows what
/// is known), counted per step; with the number of teams.
pub async fn event_overview(
    store: &Store,
    event: &EventConfig,
    views: &HubViews,
) -> Result<(PathOverview, usize), StoreError> {
    let leases = store.active_gpu_leases(&event.event.id).await?;
    let mut teams = Vec::new();
    for t in store.teams_with_members(&event.event.id).await? {
        let (facts, _) = team_facts(store, event, views, t.team, &leases).await?;
        teams.push(facts);
    }
    Ok((overview(&event.path.steps, &teams), teams.len()))
}

#[cfg(test)]
mod tests;
