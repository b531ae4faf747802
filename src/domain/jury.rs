//! The jury: who judges which project, their scores, the ranking and the
//! certificates. Pure rules live in the submodules; the use cases that read
//! and write the store are here.

pub mod assignment;
pub mod certificates;
pub mod judging;
pub mod mention;
pub mod progress;
pub mod publication;
pub mod results;
pub mod scoring;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use self::assignment::{AssignmentPlan, Existing, ProjectToJudge};
use self::certificates::CertificateContent;
use self::results::{JudgeTotal, ProjectScale, Ranking};
use crate::config::JurySettings;
use crate::secret::Secret;
use crate::store::{Store, StoreError, TeamWithMembers};

/// Failures of the jury's use cases.
#[derive(Debug, thiserror::Error)]
pub enum JuryError {
    #[error("the event file has no [jury] section")]
    NoJury,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A submitted project: its team and its current submission's shape.
#[derive(Debug, Clone)]
pub struct Project {
    pub team: TeamWithMembers,
    pub corpus_only: bool,
    pub dataset: String,
    pub model: Option<String>,
    pub demo: Option<String>,
    pub video: Option<String>,
}

/// Every team with a submission, in team id order.
pub async fn projects(store: &Store, event_id: &str) -> Result<Vec<Project>, JuryError> {
    let mut out = Vec::new();
    for team in store.teams_with_members(event_id).await? {
        if let Some(s) = store.latest_submission(team.team.id).await? {
            out.push(Project {
                corpus_only: s.model.is_none() && s.demo.is_none(),
                dataset: s.dataset,
                model: s.model,
                demo: s.demo,
                video: s.video,
                team,
            });
        }
    }
    out.sort_by_key(|p| p.team.team.id);
    Ok(out)
}

/// What `/jury assign` would do with these judges (user ids of the judge
/// role's members): nothing is written.
pub async fn preview_assignment(
    store: &Store,
    event_id: &str,
    jury: &JurySettings,
    judges: &[u64],
) -> Result<AssignmentPlan, JuryError> {
    let projects = projects(store, event_id).await?;
    let mut helpers: HashMap<i64, Vec<u64>> = HashMap::new();
    for (team, helper) in store.team_helpers(event_id).await? {
        helpers.entry(team).or_default().push(helper);
    }
    let inputs: Vec<ProjectToJudge> = projects
        .iter()
        .map(|p| ProjectToJudge {
            team_id: p.team.team.id,
            members: p.team.members.clone(),
            helpers: helpers.remove(&p.team.team.id).unwrap_or_default(),
        })
        .collect();
    let conflicts = store.jury_conflicts(event_id).await?;
    let existing: Vec<Existing> = store
        .jury_assignments(event_id)
        .await?
        .into_iter()
        .map(|a| Existing {
            team_id: a.team_id,
            judge_id: a.judge_id,
            scored: a.scored,
        })
        .collect();
    Ok(assignment::plan(
        &inputs,
        judges,
        &conflicts,
        &existing,
        jury.judges_per_project as usize,
    ))
}

/// Writes a previewed plan and audits it. Returns (added, removed).
pub async fn apply_assignment(
    store: &Store,
    event_id: &str,
    plan: &AssignmentPlan,
    by: u64,
    now: DateTime<Utc>,
) -> Result<(usize, usize), JuryError> {
    let done = store
        .apply_jury_assignment(event_id, &plan.added, &plan.removed, by, now)
        .await?;
    store
        .record_audit(
            event_id,
            by,
            "jury.assign",
            None,
            &serde_json::json!({
                "added": plan.added, "removed": plan.removed, "short": plan.short,
            }),
            now,
        )
        .await?;
    Ok(done)
}

/// Each judge's complete totals (a judge who has not scored every group
/// the project is judged on is left out) and each project's scale.
pub async fn totals(
    store: &Store,
    event_id: &str,
    jury: &JurySettings,
) -> Result<(Vec<ProjectScale>, Vec<JudgeTotal>), JuryError> {
    let projects = projects(store, event_id).await?;
    let scores = store.jury_scores(event_id).await?;
    let reviews = store.jury_reviews(event_id).await?;
    let mut by_pair: BTreeMap<(i64, u64), HashMap<String, u32>> = BTreeMap::new();
    for s in scores {
        by_pair
            .entry((s.team_id, s.judge_id))
            .or_default()
            .insert(s.group_id, s.halves);
    }
    let mut extra: HashMap<i64, u32> = HashMap::new();
    for r in reviews {
        *extra.entry(r.team_id).or_insert(0) += r.extra_halves;
    }
    let corpus_only: HashMap<i64, bool> = projects
        .iter()
        .map(|p| (p.team.team.id, p.corpus_only))
        .collect();
    let scales = projects
        .iter()
        .map(|p| ProjectScale {
            team_id: p.team.team.id,
            corpus_only: p.corpus_only,
            out_of: jury.groups_for(p.corpus_only).map(|g| g.points).sum(),
            extra: scoring::points(extra.get(&p.team.team.id).copied().unwrap_or(0)),
        })
        .collect();
    let totals = by_pair
        .into_iter()
        .filter_map(|((team, judge), groups)| {
            let co = *corpus_only.get(&team)?;
            let halves: Option<u32> = jury
                .groups_for(co)
                .map(|g| groups.get(&g.id).copied())
                .sum();
            halves.map(|h| JudgeTotal {
                team_id: team,
                judge_id: judge,
                total: scoring::points(h),
            })
        })
        .collect();
    Ok((scales, totals))
}

/// The ranking as `/jury results` and the publication show it.
pub async fn ranking(
    store: &Store,
    event_id: &str,
    jury: &JurySettings,
    normalized: bool,
) -> Result<Ranking, JuryError> {
    let (scales, totals) = totals(store, event_id, jury).await?;
    Ok(results::rank(&scales, &totals, normalized))
}

/// One certificate to issue, its code, and whether a name to print is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub content: CertificateContent,
    pub code: String,
}

/// What the certificate run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Issuance {
    pub issued: Vec<Issued>,
    /// Members of accepted teams with no name to print (they set it with
    /// `/certificate name`).
    pub missing_name: Vec<(i64, u64)>,
}

/// The podium once scoring has closed: team → place, for as many places
/// as the event names honorary roles (3 when it names none). Before the
/// close, no one has a place.
pub async fn podium(
    store: &Store,
    event: &crate::config::EventConfig,
    jury: &JurySettings,
    now: DateTime<Utc>,
) -> Result<HashMap<i64, u32>, JuryError> {
    let closed = event
        .deadline(&jury.scoring_closes)
        .is_some_and(|d| d.at_utc() <= now);
    if !closed {
        return Ok(HashMap::new());
    }
    let places = jury
        .honorary_roles
        .iter()
        .map(|r| r.place)
        .max()
        .unwrap_or(3);
    let ranking = ranking(store, &event.event.id, jury, false).await?;
    Ok(ranking
        .complete
        .iter()
        .filter(|r| r.place <= places && r.judges > 0)
        .map(|r| (r.team_id, r.place))
        .collect())
}

/// The date printed on certificates: the day results are published, else
/// today.
pub fn certificate_date(
    event: &crate::config::EventConfig,
    jury: &JurySettings,
    now: DateTime<Utc>,
) -> String {
    jury.publish_at
        .as_deref()
        .and_then(|id| event.deadline(id))
        .map_or_else(|| now.date_naive(), |d| d.at.date_naive())
        .to_string()
}

/// Issues (and stores) the certificates: every member of an accepted team
/// (or only `only`), with their team's podium place from `places` (team →
/// place). The name is the one set with `/certificate name`, else
/// `fallback_names`.
#[allow(clippy::too_many_arguments)]
pub async fn issue_certificates(
    store: &Store,
    event: &crate::config::EventConfig,
    secret: &Secret,
    places: &HashMap<i64, u32>,
    fallback_names: &HashMap<u64, String>,
    only: Option<u64>,
    date: &str,
    now: DateTime<Utc>,
) -> Result<Issuance, JuryError> {
    let event_id = event.event.id.as_str();
    let names: HashMap<u64, String> = store
        .certificate_names(event_id)
        .await?
        .into_iter()
        .collect();
    let accepted = store.accepted_teams(event_id).await?;
    let mut out = Issuance::default();
    for team in store.teams_with_members(event_id).await? {
        if !accepted.contains(&team.team.id) {
            continue;
        }
        for member in team
            .members
            .iter()
            .filter(|m| only.map_or(true, |o| o == **m))
        {
            let name = names
                .get(member)
                .or_else(|| fallback_names.get(member))
                .and_then(|n| certificates::sanitize_name(n).ok());
            let Some(name) = name else {
                out.missing_name.push((team.team.id, *member));
                continue;
            };
            let content = CertificateContent {
                event_id: event_id.to_string(),
                event_name: event.event.name.clone(),
                user_id: *member,
                name,
                team: team.team.name.clone(),
                project: team.team.topic.clone(),
                place: places.get(&team.team.id).copied(),
                date: date.to_string(),
            };
            let code = certificates::code(secret, &content);
            let json = serde_json::to_string(&content)
                .map_err(|e| StoreError::Corrupt(format!("certificate content: {e}")))?;
            store
                .store_certificate(event_id, *member, &code, &json, now)
                .await?;
            out.issued.push(Issued { content, code });
        }
    }
    Ok(out)
}

/// What a code proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Genuine(CertificateContent),
    /// Not a code, or no certificate has it.
    Unknown,
    /// A stored certificate whose content no longer matches its code.
    Tampered,
}

/// Checks a typed code against the issued certificates.
pub async fn verify_certificate(
    store: &Store,
    secret: &Secret,
    typed: &str,
) -> Result<Verification, JuryError> {
    let Some(code) = certificates::normalize_code(typed) else {
        return Ok(Verification::Unknown);
    };
    let Some(stored) = store.certificate_by_code(&code).await? else {
        return Ok(Verification::Unknown);
    };
    let Ok(content) = serde_json::from_str::<CertificateContent>(&stored.content) else {
        return Ok(Verification::Tampered);
    };
    Ok(if certificates::verify(secret, &content, &code) {
        Verification::Genuine(content)
    } else {
        Verification::Tampered
    })
}

/// Why organizers' acceptance of a submission cannot be changed.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("no such team in this event")]
    NoTeam,
    #[error("the team has no submission to accept")]
    NoSubmission,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AcceptError {
    /// The Fluent id of the refusal.
    pub fn message_id(&self) -> &'static str {
        match self {
            AcceptError::NoTeam => "submissions-accept-pick",
            AcceptError::NoSubmission => "submissions-accept-no-submission",
            AcceptError::Store(_) => "error-internal",
        }
    }
}

/// What accepting (or taking back) did.
#[derive(Debug, Clone)]
pub struct AcceptDecision {
    pub team: crate::store::Team,
    /// False when the team already was in the asked state (nothing written).
    pub changed: bool,
}

/// Accepts a team's submission (its members get certificates), or takes
/// the acceptance back. Idempotent: asking for the current state changes
/// nothing and says so.
pub async fn set_acceptance(
    store: &Store,
    event_id: &str,
    team_id: i64,
    by: u64,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<AcceptDecision, AcceptError> {
    let team = store
        .team(team_id)
        .await?
        .filter(|t| t.event_id == event_id)
        .ok_or(AcceptError::NoTeam)?;
    let changed = if accept {
        if store.latest_submission(team.id).await?.is_none() {
            return Err(AcceptError::NoSubmission);
        }
        store.accept_submission(event_id, team.id, by, now).await?
    } else {
        store.unaccept_submission(event_id, team.id).await?
    };
    Ok(AcceptDecision { team, changed })
}

/// Why a person gets no certificate now.
#[derive(Debug, thiserror::Error)]
pub enum CertificateError {
    /// The event has no jury, or results are not published yet:
    /// certificates open with the publication, so a place is never shown
    /// before the announcement.
    #[error("certificates are not open yet")]
    NotOpen,
    #[error("not a member of a team")]
    NotInTeam,
    #[error("the team's submission was not accepted")]
    NotAccepted,
    /// No name to print: neither set nor usable from the display name.
    #[error("no name to print")]
    NeedName,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CertificateError {
    /// The Fluent id of the answer.
    pub fn message_id(&self) -> &'static str {
        match self {
            CertificateError::NotOpen => "certificate-not-open",
            CertificateError::NotInTeam => "certificate-no-team",
            CertificateError::NotAccepted => "certificate-not-accepted",
            CertificateError::NeedName => "certificate-need-name",
            CertificateError::Store(_) => "error-internal",
        }
    }
}

impl From<JuryError> for CertificateError {
    fn from(e: JuryError) -> Self {
        match e {
            JuryError::NoJury => CertificateError::NotOpen,
            JuryError::Store(e) => CertificateError::Store(e),
        }
    }
}

/// A person's certificate, issued (or found unchanged) now: the same
/// content always gives the same code; a changed name or place gives a new
/// code and the old one no longer verifies.
pub async fn my_certificate(
    store: &Store,
    event: &crate::config::EventConfig,
    secret: &Secret,
    user_id: u64,
    display_name: &str,
    now: DateTime<Utc>,
) -> Result<Issued, CertificateError> {
    let jury = event.jury.as_ref().ok_or(CertificateError::NotOpen)?;
    let event_id = event.event.id.as_str();
    if !store.results_posted(event_id).await? {
        return Err(CertificateError::NotOpen);
    }
    let team = store
        .team_of(event_id, user_id)
        .await?
        .ok_or(CertificateError::NotInTeam)?;
    if !store.accepted_teams(event_id).await?.contains(&team.id) {
        return Err(CertificateError::NotAccepted);
    }
    let places = podium(store, event, jury, now).await?;
    let fallback = HashMap::from([(user_id, display_name.to_string())]);
    let date = certificate_date(event, jury, now);
    let issuance = issue_certificates(
        store,
        event,
        secret,
        &places,
        &fallback,
        Some(user_id),
        &date,
        now,
    )
    .await?;
    issuance
        .issued
        .into_iter()
        .next()
        .ok_or(CertificateError::NeedName)
}
