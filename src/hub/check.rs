//! One repo on the Hub: whether it exists where it should, is public, was
//! changed before the deadline, runs (Spaces), and has a complete card.

use chrono::{DateTime, Utc};

use super::card::{contains_phrase, normalize, value_strings, Card};
use super::card_check::check_card;
use super::client::{Commits, HubClient, HubError, RepoInfo, RepoOutcome, Unavailable};
use super::link::{parse_link, HubLink};
use super::repo_id::{RepoId, RepoKind};
use super::report::{Finding, RepoFacts, RepoReport, Report, Status};
use super::rules::CardRules;
use crate::i18n::Message;

/// What every check needs to know about the event.
#[derive(Debug, Clone)]
pub struct CheckContext {
    /// The Hub organization deliverables must live in.
    pub organization: String,
    /// Commits after this are listed, and make the verdict "late".
    pub deadline: Option<DateTime<Utc>>,
    /// Organizers accepted this team's changes up to this time.
    pub late_accepted_until: Option<DateTime<Utc>>,
    pub rules: CardRules,
    /// How many recent commits to ask for (one request either way).
    pub commit_limit: usize,
    /// The dataset viewer, asked for a corpus' columns when its card
    /// declares none; without it such a card gets no corpus finding.
    pub viewer: Option<super::viewer::DatasetViewer>,
}

impl CheckContext {
    /// The event's organization and card rules, with this deadline.
    pub fn from_event(event: &crate::config::EventConfig, deadline: Option<DateTime<Utc>>) -> Self {
        Self {
            rules: event.cards.clone(),
            ..Self::new(event.hub.organization.clone(), deadline)
        }
    }

    pub fn new(organization: impl Into<String>, deadline: Option<DateTime<Utc>>) -> Self {
        Self {
            organization: organization.into(),
            deadline,
            late_accepted_until: None,
            rules: CardRules::default(),
            commit_limit: 20,
            viewer: None,
        }
    }
}

/// One repo's report plus what the cross-checks need from it.
#[derive(Debug, Clone)]
pub struct RepoCheck {
    pub report: RepoReport,
    /// `models:` named by the card (and, for Spaces, by the Hub's parse of the code).
    pub linked_models: Vec<String>,
    /// `datasets:` named likewise.
    pub linked_datasets: Vec<String>,
}

/// Checks one link: parses it, resolves `*.hf.space` through the org's Space
/// list, then checks the repo.
pub async fn check_link(client: &HubClient, text: &str, ctx: &CheckContext) -> RepoCheck {
    let unreadable = |kind: Option<RepoKind>, f: Finding, could_not_check: bool| RepoCheck {
        report: RepoReport::new(text, kind, None, None, vec![f], could_not_check),
        linked_models: Vec::new(),
        linked_datasets: Vec::new(),
    };
    let unavailable = |e: HubError| {
        let mut c = unreadable(
            Some(RepoKind::Space),
            unavailable_finding("space", e.text()),
            true,
        );
        if let HubError::Unavailable(u) = e {
            c.report = c.report.unavailable_because(u);
        }
        c
    };
    match parse_link(text) {
        Ok(HubLink::Repo(repo)) => check_repo(client, text, &repo, ctx).await,
        Ok(HubLink::SpaceSubdomain(sub)) => {
            match client.find_space(&sub, Some(&ctx.organization)).await {
                Ok(Some(repo)) => check_repo(client, text, &repo, ctx).await,
                Ok(None) => unreadable(
                    Some(RepoKind::Space),
                    Finding::error(
                        "space.link.unknown_subdomain",
                        Message::new("hub-space-unknown-subdomain")
                            .text("address", sub.to_string()),
                        Message::new("hub-space-unknown-subdomain-hint")
                            .text("org", &ctx.organization),
                    ),
                    false,
                ),
                Err(e) => unavailable(e),
            }
        }
        Err(e) => unreadable(
            None,
            Finding::error(
                "link.invalid",
                e.message(),
                Message::new("hub-link-invalid-hint"),
            ),
            false,
        ),
    }
}

fn unavailable_finding(k: &str, reason: Message) -> Finding {
    Finding::warning(
        format!("{k}.hub.unavailable"),
        Message::new("hub-unavailable").message("reason", reason),
        Message::new("hub-unavailable-hint"),
    )
}

/// The repo's info, or why the check ends before it: a report with what
/// was found and, when the Hub could not be asked, why.
type EarlyEnd = (Vec<Finding>, Option<Unavailable>);

/// Checks one repo: info and README asked concurrently (a Space's README is
/// skipped when its info already carries what the rules need); the commit
/// list only when `lastModified` is after the deadline, as only then is
/// there anything to list.
pub async fn check_repo(
    client: &HubClient,
    target: &str,
    repo: &RepoId,
    ctx: &CheckContext,
) -> RepoCheck {
    let k = repo.kind.as_str();
    let fetch_readme_now = repo.kind != RepoKind::Space;
    let (outcome, readme) = futures::join!(client.repo_info(repo), async {
        if fetch_readme_now {
            Some(client.readme(repo).await)
        } else {
            None
        }
    });
    let info = match found_info(k, repo, ctx, outcome) {
        Ok(info) => info,
        Err((findings, unavailable)) => {
            let could_not = unavailable.is_some();
            let mut report = RepoReport::new(
                target,
                Some(repo.kind),
                Some(repo.clone()),
                None,
                findings,
                could_not,
            );
            report.unavailable = unavailable;
            return RepoCheck {
                report,
                linked_models: Vec::new(),
                linked_datasets: Vec::new(),
            };
        }
    };
    let mut findings = Vec::new();
    let mut facts = repo_facts(repo, &info, ctx);
    repo_findings(k, repo, &facts, ctx, &mut findings);
    commit_findings(client, repo, &info, ctx, &mut facts, &mut findings).await;
    if repo.kind == RepoKind::Space {
        runtime_findings(k, &facts, ctx, &mut findings);
    }
    let readme = match readme {
        Some(r) => Some(r),
        None if space_card_is_enough(&info, ctx) => None,
        None => Some(client.readme(repo).await),
    };
    let mut unavailable = None;
    let card = card_of(k, &info, readme, &mut findings, &mut unavailable);
    let mut linked_models = Vec::new();
    let mut linked_datasets = Vec::new();
    if let Some(card) = &card {
        findings.extend(check_card(repo.kind, card, &ctx.rules));
        linked_models = card.meta_strings("models");
        linked_datasets = card.meta_strings("datasets");
        findings.extend(super::corpus::viewer_finding(repo, card, ctx, client).await);
    }
    findings.extend(super::repo_files::repo_file_findings(
        repo.kind, &info, &ctx.rules,
    ));
    linked_models.extend(info.models.iter().cloned());
    linked_datasets.extend(info.datasets.iter().cloned());
    let could_not_check = unavailable.is_some();
    let mut report = RepoReport::new(
        target,
        Some(repo.kind),
        Some(repo.clone()),
        Some(facts),
        findings,
        could_not_check,
    );
    report.unavailable = unavailable;
    RepoCheck {
        report,
        linked_models,
        linked_datasets,
    }
}

/// The repo's info when the Hub shows it; otherwise the findings that end
/// the check (missing, private, restricted, or the Hub out of reach).
fn found_info(
    k: &str,
    repo: &RepoId,
    ctx: &CheckContext,
    outcome: RepoOutcome,
) -> Result<RepoInfo, EarlyEnd> {
    let (id, message, hint) = match outcome {
        RepoOutcome::Found(info)
        | RepoOutcome::Gated(Some(info))
        | RepoOutcome::Disabled(Some(info)) => return Ok(*info),
        RepoOutcome::Unavailable(u) => {
            return Err((vec![unavailable_finding(k, u.text())], Some(u)));
        }
        RepoOutcome::NotFoundOrPrivate => (
            "repo.not_found_or_private",
            Message::new("hub-repo-not-found-or-private").text("repo", repo.to_string()),
            Message::new("hub-repo-not-found-or-private-hint").text("org", &ctx.organization),
        ),
        RepoOutcome::NotFound => (
            "repo.not_found",
            Message::new("hub-repo-not-found").text("repo", repo.to_string()),
            Message::new("hub-repo-not-found-hint"),
        ),
        RepoOutcome::Gated(None) | RepoOutcome::Disabled(None) => (
            "repo.restricted",
            Message::new("hub-repo-restricted").text("repo", repo.to_string()),
            Message::new("hub-repo-restricted-hint"),
        ),
    };
    Err((
        vec![Finding::error(format!("{k}.{id}"), message, hint)],
        None,
    ))
}

/// The commit facts, asking for the commit list only when it can say
/// something (see [`needs_commit_list`]), and the deadline finding.
async fn commit_findings(
    client: &HubClient,
    repo: &RepoId,
    info: &RepoInfo,
    ctx: &CheckContext,
    facts: &mut RepoFacts,
    findings: &mut Vec<Finding>,
) {
    let k = repo.kind.as_str();
    if needs_commit_list(info, ctx) {
        match client.commits(repo, ctx.commit_limit).await {
            Ok(c) => commit_facts(facts, &c, ctx),
            Err(e) => {
                facts.last_commit = info.last_modified;
                facts.last_commit_source = info.last_modified.map(|_| "lastModified".to_string());
                findings.push(Finding::warning(
                    format!("{k}.commits.unavailable"),
                    Message::new("hub-commits-unavailable").message("reason", e.text()),
                    Message::new("hub-check-again-later"),
                ));
                if let Some(d) = ctx.deadline {
                    if info.last_modified.is_some_and(|t| t > d) {
                        facts.commits_after_deadline_truncated = true;
                    }
                }
            }
        }
    }
    facts.late_accepted_until = ctx.late_accepted_until;
    facts.late = is_late(facts, ctx.deadline);
    findings.extend(deadline_finding(k, facts, ctx.deadline));
}

/// The card from the README (or, for a Space whose info suffices, from
/// `cardData`); a README that cannot be read is a finding.
fn card_of(
    k: &str,
    info: &RepoInfo,
    readme: Option<Result<String, HubError>>,
    findings: &mut Vec<Finding>,
    unavailable: &mut Option<Unavailable>,
) -> Option<Card> {
    let e = match readme {
        None => return info.card_data.as_ref().map(card_from_card_data),
        Some(Ok(text)) => return Some(Card::parse(&text)),
        Some(Err(e)) => e,
    };
    let finding = match e {
        HubError::EntryNotFound => Finding::error(
            format!("{k}.card.missing"),
            Message::new("hub-card-missing"),
            Message::new("hub-card-missing-hint"),
        ),
        HubError::Unavailable(u) => {
            findings.push(unavailable_finding(k, u.text()));
            *unavailable = Some(u);
            return None;
        }
        e => {
            let hint = match e {
                HubError::TooLarge { .. } | HubError::NotUtf8 => {
                    Message::new("hub-card-unreadable-format-hint")
                }
                _ => Message::new("hub-card-unreadable-public-hint"),
            };
            Finding::error(
                format!("{k}.card.unreadable"),
                Message::new("hub-card-unreadable").message("reason", e.text()),
                hint,
            )
        }
    };
    findings.push(finding);
    None
}

/// The commit list says something `lastModified` does not only when the
/// repo changed after the deadline (which commits, how many); before it, or
/// with no deadline, `lastModified` is the last commit's time.
fn needs_commit_list(info: &RepoInfo, ctx: &CheckContext) -> bool {
    match (ctx.deadline, info.last_modified) {
        (None, _) => false,
        (Some(d), Some(t)) => t > d,
        (Some(_), None) => true,
    }
}

/// Whether the repo changed after the deadline and no exception covers it:
/// the newest change after the deadline is later than what the organizers
/// accepted.
pub fn is_late(facts: &RepoFacts, deadline: Option<DateTime<Utc>>) -> bool {
    let Some(deadline) = deadline else {
        return false;
    };
    let newest_after = facts
        .commits_after_deadline
        .first()
        .map(|c| c.date)
        .or_else(|| {
            facts
                .last_commit
                .filter(|t| facts.commits_after_deadline_truncated && *t > deadline)
        });
    match (newest_after, facts.late_accepted_until) {
        (None, _) => false,
        (Some(t), Some(accepted)) => t > accepted,
        (Some(_), None) => true,
    }
}

/// Applies (or, with `None`, withdraws) the organizers' late exception to a
/// stored report: each repo's lateness, its deadline finding and status are
/// worked out again, without asking the Hub.
pub fn apply_late_exception(report: &Report, accepted_until: Option<DateTime<Utc>>) -> Report {
    let repos = report
        .repos
        .iter()
        .map(|r| {
            let Some(mut facts) = r.facts.clone() else {
                return r.clone();
            };
            facts.late_accepted_until = accepted_until;
            facts.late = is_late(&facts, report.deadline);
            let k = r.kind.map_or("repo", RepoKind::as_str);
            let id = format!("{k}.commits.deadline");
            let mut findings: Vec<Finding> = r.findings.clone();
            if let Some(f) = deadline_finding(k, &facts, report.deadline) {
                match findings.iter_mut().find(|x| x.id == id) {
                    Some(old) => *old = f,
                    None => findings.push(f),
                }
            }
            let mut out = RepoReport::new(
                r.target.clone(),
                r.kind,
                r.repo.clone(),
                Some(facts),
                findings,
                r.status == Status::CouldNotCheck,
            );
            out.unavailable = r.unavailable.clone();
            out
        })
        .collect();
    Report::new(
        report.organization.clone(),
        report.deadline,
        repos,
        report.cross_checks.clone(),
    )
}

/// A Space's README can be skipped when the rules need no sections and the
/// mentions are found in `cardData` (title, short description, tags).
fn space_card_is_enough(info: &RepoInfo, ctx: &CheckContext) -> bool {
    let rules = &ctx.rules.space;
    let Some(data) = &info.card_data else {
        return false;
    };
    if !rules.sections.is_empty() {
        return false;
    }
    let card = card_from_card_data(data);
    rules.mentions.iter().all(|m| {
        m.any_of
            .iter()
            .any(|a| contains_phrase(&card.normalized_text, &normalize(a)))
    })
}

/// A card with only metadata, from the `cardData` of an info answer.
fn card_from_card_data(data: &serde_json::Value) -> Card {
    let metadata = serde_yaml_ng::to_value(data).ok().and_then(|v| match v {
        serde_yaml_ng::Value::Mapping(m) => Some(m),
        _ => None,
    });
    let mut text = String::new();
    if let Some(m) = &metadata {
        for key in ["title", "short_description", "tags"] {
            if let Some(v) = m.get(key) {
                text.push_str(&value_strings(v).join(" "));
                text.push(' ');
            }
        }
    }
    Card {
        metadata,
        normalized_text: normalize(&text),
        ..Card::default()
    }
}

fn repo_facts(repo: &RepoId, info: &RepoInfo, ctx: &CheckContext) -> RepoFacts {
    let final_id = RepoId::parse(repo.kind, &info.id).ok();
    let renamed_to = final_id
        .as_ref()
        .filter(|f| f.id() != repo.id())
        .map(|f| f.id());
    let namespace_ok = final_id.as_ref().unwrap_or(repo).is_in(&ctx.organization);
    RepoFacts {
        renamed_to,
        exists: true,
        in_organization: namespace_ok,
        public: !info.private,
        gated: info.gated.clone(),
        disabled: info.disabled,
        last_commit: info.last_modified,
        last_commit_source: info.last_modified.map(|_| "lastModified".to_string()),
        runtime_stage: info.runtime.as_ref().and_then(|r| r.stage.clone()),
        hardware: info
            .runtime
            .as_ref()
            .and_then(|r| r.hardware.as_ref())
            .and_then(|h| h.current.clone()),
        ..RepoFacts::default()
    }
}

fn repo_findings(
    k: &str,
    repo: &RepoId,
    facts: &RepoFacts,
    ctx: &CheckContext,
    out: &mut Vec<Finding>,
) {
    let org = &ctx.organization;
    let id = |what: &str| format!("{k}.repo.{what}");
    out.push(Finding::ok(
        id("exists"),
        Message::new("hub-repo-exists").text("repo", repo.to_string()),
    ));
    if let Some(new_id) = &facts.renamed_to {
        out.push(Finding::warning(
            id("renamed"),
            Message::new("hub-repo-renamed").text("repo", new_id),
            Message::new("hub-repo-renamed-hint"),
        ));
    }
    out.push(if facts.in_organization {
        Finding::ok(
            id("organization"),
            Message::new("hub-repo-in-organization").text("org", org),
        )
    } else {
        Finding::error(
            id("organization"),
            Message::new("hub-repo-not-in-organization").text("org", org),
            Message::new("hub-repo-not-in-organization-hint").text("org", org),
        )
    });
    out.push(if facts.public {
        Finding::ok(id("public"), Message::new("hub-repo-public"))
    } else {
        Finding::error(
            id("public"),
            Message::new("hub-repo-private"),
            Message::new("hub-repo-private-hint"),
        )
    });
    if let Some(g) = &facts.gated {
        out.push(Finding::error(
            id("gated"),
            Message::new("hub-repo-gated").text("gate", g),
            Message::new("hub-repo-gated-hint"),
        ));
    }
    if facts.disabled {
        out.push(Finding::error(
            id("disabled"),
            Message::new("hub-repo-disabled"),
            Message::new("hub-repo-disabled-hint"),
        ));
    }
}

fn commit_facts(facts: &mut RepoFacts, commits: &Commits, ctx: &CheckContext) {
    facts.total_commits = commits.total;
    if let Some(newest) = commits.newest_first.first() {
        facts.last_commit = Some(newest.date);
        facts.last_commit_source = Some("commits".to_string());
    }
    if let Some(deadline) = ctx.deadline {
        facts.commits_after_deadline = commits
            .newest_first
            .iter()
            .filter(|c| c.date > deadline)
            .cloned()
            .collect();
        let all_after = !commits.newest_first.is_empty()
            && facts.commits_after_deadline.len() == commits.newest_first.len();
        let more = commits
            .total
            .is_some_and(|t| t > commits.newest_first.len() as u64);
        facts.commits_after_deadline_truncated = all_after && more;
    }
}

/// What the check says about the deadline: the last commit before it, the
/// commits after it (late), or those commits accepted by the organizers.
fn deadline_finding(
    k: &str,
    facts: &RepoFacts,
    deadline: Option<DateTime<Utc>>,
) -> Option<Finding> {
    let id = format!("{k}.commits.deadline");
    let Some(deadline) = deadline else {
        return facts.last_commit.map(|t| {
            Finding::ok(
                format!("{k}.commits.last"),
                Message::new("hub-commits-last").text("time", fmt_time(t)),
            )
        });
    };
    let n = facts.commits_after_deadline.len();
    let dl = fmt_time(deadline);
    if n == 0 && !facts.commits_after_deadline_truncated {
        let last = facts
            .last_commit
            .map(fmt_time)
            .unwrap_or_else(|| "?".into());
        return Some(Finding::ok(
            id,
            Message::new("hub-commits-before-deadline")
                .text("last", last)
                .text("deadline", dl),
        ));
    }
    // How many: "some" when only `lastModified` says so, "more" when the
    // list was cut short.
    let changes = match (n, facts.commits_after_deadline_truncated) {
        (0, _) => "some",
        (_, true) => "more",
        (_, false) => "exact",
    };
    if !facts.late {
        let until = facts
            .late_accepted_until
            .map(fmt_time)
            .unwrap_or_else(|| "?".into());
        return Some(Finding::ok(
            id,
            Message::new("hub-commits-accepted")
                .text("changes", changes)
                .number("count", n)
                .text("deadline", dl)
                .text("until", until),
        ));
    }
    Some(Finding::warning(
        id,
        Message::new("hub-commits-late")
            .text("changes", changes)
            .number("count", n)
            .text("deadline", dl),
        Message::new("hub-commits-late-hint"),
    ))
}

fn runtime_findings(k: &str, facts: &RepoFacts, ctx: &CheckContext, out: &mut Vec<Finding>) {
    let stage = facts.runtime_stage.as_deref().unwrap_or("UNKNOWN");
    let hw = facts.hardware.as_deref().unwrap_or("?");
    if stage == "RUNNING" || stage == "RUNNING_BUILDING" {
        out.push(Finding::ok(
            format!("{k}.runtime"),
            Message::new("hub-runtime-running").text("hardware", hw),
        ));
    } else if ctx.rules.space.require_running {
        out.push(Finding::error(
            format!("{k}.runtime"),
            Message::new("hub-runtime-stopped").text("stage", stage),
            Message::new("hub-runtime-stopped-hint"),
        ));
    }
}

fn fmt_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}
