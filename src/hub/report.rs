//! Findings and reports: what the checker says, as Fluent message ids with
//! their arguments (JSON for storage), and as text for people in their
//! language.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::client::{Commit, Unavailable};
use super::repo_id::{RepoId, RepoKind};
use crate::i18n::{I18n, Lang, Message};

/// `Error`: the deliverable is incomplete. `Warning`: worth fixing, does not
/// block. `Info`: a check that passed or a fact worth showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn icon(self) -> &'static str {
        match self {
            Severity::Error => "❌",
            Severity::Warning => "⚠️",
            Severity::Info => "✅",
        }
    }
}

/// One result of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id (`dataset.section.bias`), for storage and tests.
    pub id: String,
    pub severity: Severity,
    pub message: Message,
    /// How to fix it; absent on checks that passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Message>,
}

impl Finding {
    pub fn error(id: impl Into<String>, message: Message, hint: Message) -> Self {
        Self {
            id: id.into(),
            severity: Severity::Error,
            message,
            hint: Some(hint),
        }
    }

    pub fn warning(id: impl Into<String>, message: Message, hint: Message) -> Self {
        Self {
            id: id.into(),
            severity: Severity::Warning,
            message,
            hint: Some(hint),
        }
    }

    /// A problem whose severity the event file sets; `Info` keeps the hint.
    pub fn with_severity(
        severity: Severity,
        id: impl Into<String>,
        message: Message,
        hint: Message,
    ) -> Self {
        Self {
            id: id.into(),
            severity,
            message,
            hint: Some(hint),
        }
    }

    pub fn ok(id: impl Into<String>, message: Message) -> Self {
        Self {
            id: id.into(),
            severity: Severity::Info,
            message,
            hint: None,
        }
    }
}

/// The verdict on one repo, or on a whole report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Complete,
    /// Everything is there, but a repo changed after the deadline and the
    /// organizers have not accepted it: the rules say that can disqualify.
    Late,
    /// Something required is missing or wrong.
    Incomplete,
    /// The Hub could not be asked (outage, rate limit, timeout): nothing is
    /// known to be missing.
    CouldNotCheck,
}

impl Status {
    /// The CLI's exit code: 0 complete, 1 something missing or changed
    /// after the deadline, 2 could not check.
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Complete => 0,
            Status::Late | Status::Incomplete => 1,
            Status::CouldNotCheck => 2,
        }
    }
}

/// What the Hub said about a repo.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RepoFacts {
    /// The id the Hub answers with, when a rename or case change moved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_to: Option<String>,
    pub exists: bool,
    pub in_organization: bool,
    pub public: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gated: Option<String>,
    pub disabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_commit: Option<DateTime<Utc>>,
    /// `commits` (the commit list) or `lastModified` (fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_commit_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_commits: Option<u64>,
    pub commits_after_deadline: Vec<Commit>,
    /// True when every listed commit is after the deadline and there are more.
    pub commits_after_deadline_truncated: bool,
    /// Organizers accepted the changes made up to this time (a late
    /// exception for the team).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_accepted_until: Option<DateTime<Utc>>,
    /// Changed after the deadline, and not covered by an exception.
    pub late: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hardware: Option<String>,
}

/// The result of checking one repo or one local card file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepoReport {
    /// What was checked, as the user gave it (a link or a file path).
    pub target: String,
    /// Unknown when the link itself could not be read.
    pub kind: Option<RepoKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<RepoId>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<RepoFacts>,
    pub findings: Vec<Finding>,
    /// Why the Hub could not be asked, when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<Unavailable>,
}

impl RepoReport {
    /// Builds a report whose status follows from its findings: any error
    /// makes it incomplete, unless the Hub could not be asked; with no
    /// error, a change after the deadline (`facts.late`) makes it late.
    pub fn new(
        target: impl Into<String>,
        kind: Option<RepoKind>,
        repo: Option<RepoId>,
        facts: Option<RepoFacts>,
        findings: Vec<Finding>,
        could_not_check: bool,
    ) -> Self {
        let has_error = findings.iter().any(|f| f.severity == Severity::Error);
        let late = facts.as_ref().is_some_and(|f| f.late);
        let status = if could_not_check {
            Status::CouldNotCheck
        } else if has_error {
            Status::Incomplete
        } else if late {
            Status::Late
        } else {
            Status::Complete
        };
        Self {
            target: target.into(),
            kind,
            repo,
            status,
            facts,
            findings,
            unavailable: None,
        }
    }

    /// Records why the Hub could not be asked.
    pub fn unavailable_because(mut self, reason: Unavailable) -> Self {
        self.unavailable = Some(reason);
        self
    }
}

/// A whole check: one or more repos and the checks between them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub organization: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateTime<Utc>>,
    pub status: Status,
    pub repos: Vec<RepoReport>,
    /// Checks across repos (the model names the dataset…).
    pub cross_checks: Vec<Finding>,
}

impl Report {
    pub fn new(
        organization: impl Into<String>,
        deadline: Option<DateTime<Utc>>,
        repos: Vec<RepoReport>,
        cross_checks: Vec<Finding>,
    ) -> Self {
        // Something known (missing, or changed late) outranks something not
        // checked: the team can act on it now.
        let incomplete = repos.iter().any(|r| r.status == Status::Incomplete)
            || cross_checks.iter().any(|f| f.severity == Severity::Error);
        let status = if incomplete {
            Status::Incomplete
        } else if repos.iter().any(|r| r.status == Status::Late) {
            Status::Late
        } else if repos.iter().any(|r| r.status == Status::CouldNotCheck) {
            Status::CouldNotCheck
        } else {
            Status::Complete
        };
        Self {
            organization: organization.into(),
            deadline,
            status,
            repos,
            cross_checks,
        }
    }

    /// Why the Hub as a whole could not be asked (rate limit, outage), if
    /// that is why a repo went unchecked; `None` when every repo that went
    /// unchecked did so for reasons of its own.
    pub fn hub_outage(&self) -> Option<&Unavailable> {
        self.repos
            .iter()
            .filter(|r| r.status == Status::CouldNotCheck)
            .filter_map(|r| r.unavailable.as_ref())
            .find(|u| u.is_hub_wide())
    }

    /// Why the first repo that went unchecked could not be, if one did.
    pub fn unavailable_reason(&self) -> Option<&Unavailable> {
        self.hub_outage().or_else(|| {
            self.repos
                .iter()
                .filter(|r| r.status == Status::CouldNotCheck)
                .find_map(|r| r.unavailable.as_ref())
        })
    }

    /// A stored report, as written by [`Report::to_json`].
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Text for people: a line per finding, problems first.
    pub fn render(&self, i18n: &I18n, lang: Lang) -> String {
        let mut out = String::new();
        for repo in &self.repos {
            let _ = writeln!(
                out,
                "{} {} ({}) — {}",
                status_icon(repo.status),
                repo.repo
                    .as_ref()
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| repo.target.clone()),
                repo.kind
                    .map_or_else(|| "?".to_string(), |k| kind_name(i18n, k, lang)),
                status_text(i18n, repo.status, lang)
            );
            render_findings(&mut out, &repo.findings, i18n, lang);
            if let Some(facts) = &repo.facts {
                for c in &facts.commits_after_deadline {
                    let _ = writeln!(
                        out,
                        "     · {} {} {}",
                        c.date.format("%Y-%m-%d %H:%M UTC"),
                        c.id.get(..8).unwrap_or(&c.id),
                        c.title
                    );
                }
            }
        }
        if !self.cross_checks.is_empty() {
            let _ = writeln!(out, "{}", i18n.get(lang, "hub-report-cross-checks"));
            render_findings(&mut out, &self.cross_checks, i18n, lang);
        }
        let _ = writeln!(
            out,
            "{} {}",
            status_icon(self.status),
            status_text(i18n, self.status, lang)
        );
        out
    }
}

fn render_findings(out: &mut String, findings: &[Finding], i18n: &I18n, lang: Lang) {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    for f in sorted {
        let _ = writeln!(
            out,
            "  {} {}",
            f.severity.icon(),
            i18n.message(lang, &f.message)
        );
        if let Some(h) = &f.hint {
            let _ = writeln!(out, "     → {}", i18n.message(lang, h));
        }
    }
}

fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Complete => "✅",
        Status::Late => "⏰",
        Status::Incomplete => "❌",
        Status::CouldNotCheck => "⚠️",
    }
}

/// The Fluent id of a verdict.
pub fn status_id(s: Status) -> &'static str {
    match s {
        Status::Complete => "hub-status-complete",
        Status::Late => "hub-status-late",
        Status::Incomplete => "hub-status-incomplete",
        Status::CouldNotCheck => "hub-status-could-not-check",
    }
}

fn status_text(i18n: &I18n, s: Status, lang: Lang) -> String {
    i18n.get(lang, status_id(s))
}

/// The Fluent id of a kind's name.
pub fn kind_id(kind: RepoKind) -> &'static str {
    match kind {
        RepoKind::Dataset => "hub-kind-dataset",
        RepoKind::Model => "hub-kind-model",
        RepoKind::Space => "hub-kind-space",
    }
}

/// A kind's name for people: "dataset", "modelo", "demo (Space)".
pub fn kind_name(i18n: &I18n, kind: RepoKind, lang: Lang) -> String {
    i18n.get(lang, kind_id(kind))
}

impl Finding {
    /// The message in `lang`.
    pub fn message_in(&self, i18n: &I18n, lang: Lang) -> String {
        i18n.message(lang, &self.message)
    }

    /// The hint in `lang`, when there is one.
    pub fn hint_in(&self, i18n: &I18n, lang: Lang) -> Option<String> {
        self.hint.as_ref().map(|h| i18n.message(lang, h))
    }
}
