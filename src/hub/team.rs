//! A team's dataset, model and demo, checked together: concurrently, then
//! whether they name each other as the rules ask.

use tokio::sync::mpsc::UnboundedSender;

use super::check::{check_link, check_repo, CheckContext, RepoCheck};
use super::client::{HubClient, HubError};
use super::link::{parse_link, HubLink};
use super::repo_id::{RepoId, RepoKind};
use super::report::{Finding, RepoReport, Report};
use crate::i18n::Message;

/// A team's deliverables; any may be missing (a corpus-only submission).
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub dataset: Option<RepoId>,
    pub model: Option<RepoId>,
    pub space: Option<RepoId>,
}

/// Checks a team's deliverables concurrently, then how they link to each
/// other. About 8 requests for three repos (info + commits + README each,
/// the Space's README skipped when its info suffices).
pub async fn check_submission(client: &HubClient, sub: &Submission, ctx: &CheckContext) -> Report {
    check_submission_with_progress(client, sub, ctx, None).await
}

/// Like [`check_submission`], and sends each repo's report on `progress` as
/// soon as it is ready, so a checklist can fill in while the rest runs.
pub async fn check_submission_with_progress(
    client: &HubClient,
    sub: &Submission,
    ctx: &CheckContext,
    progress: Option<&UnboundedSender<RepoReport>>,
) -> Report {
    let one = |r: &Option<RepoId>| {
        let r = r.clone();
        async move {
            let repo = r?;
            let check = check_repo(client, &repo.to_string(), &repo, ctx).await;
            if let Some(tx) = progress {
                // A closed receiver only means nobody watches any more.
                let _ = tx.send(check.report.clone());
            }
            Some(check)
        }
    };
    let (d, m, s) = futures::join!(one(&sub.dataset), one(&sub.model), one(&sub.space));
    assemble(ctx, [d, m, s].into_iter().flatten().collect())
}

/// The repo a link names: parsed, and for `*.hf.space` looked up in the
/// Space lists (the event organization first). `Ok(None)` when no Space has
/// that address.
pub async fn resolve_link(
    client: &HubClient,
    link: &HubLink,
    organization: &str,
) -> Result<Option<RepoId>, HubError> {
    match link {
        HubLink::Repo(repo) => Ok(Some(repo.clone())),
        HubLink::SpaceSubdomain(sub) => client.find_space(sub, Some(organization)).await,
    }
}

/// Checks pasted links concurrently; when they hold at most one repo of each
/// kind, they are treated as one team's submission and cross-checked.
pub async fn check_links(client: &HubClient, links: &[String], ctx: &CheckContext) -> Report {
    let checks = futures::future::join_all(links.iter().map(|l| check_link(client, l, ctx))).await;
    assemble(ctx, checks)
}

fn assemble(ctx: &CheckContext, checks: Vec<RepoCheck>) -> Report {
    let cross = cross_checks(ctx, &checks);
    Report::new(
        ctx.organization.clone(),
        ctx.deadline,
        checks.into_iter().map(|c| c.report).collect(),
        cross,
    )
}

/// Model → dataset and Space → model + dataset, as the rules ask.
pub fn cross_checks(ctx: &CheckContext, checks: &[RepoCheck]) -> Vec<Finding> {
    let of_kind = |kind: RepoKind| {
        let found: Vec<&RepoCheck> = checks
            .iter()
            .filter(|c| c.report.kind == Some(kind) && c.report.repo.is_some())
            .collect();
        (found.len() == 1).then(|| found[0])
    };
    let (dataset, model, space) = (
        of_kind(RepoKind::Dataset),
        of_kind(RepoKind::Model),
        of_kind(RepoKind::Space),
    );
    let mut out = Vec::new();
    let mut link = |from: &RepoCheck, field: &str, names: &[String], to: &RepoCheck| {
        // Could-not-check repos have no card to read: say nothing.
        if from.report.facts.is_none() || to.report.repo.is_none() {
            return;
        }
        let Some(target) = to.report.repo.as_ref() else {
            return;
        };
        let from_kind = from.report.kind.map_or("repo", RepoKind::as_str);
        let id = format!("submission.{from_kind}.links_{}", target.kind.as_str());
        let named = names.iter().any(|n| names_repo(n, target));
        let message = |key: &'static str| {
            Message::new(key)
                .text("field", field)
                .text("from", from_kind)
                .text("target", target.id())
        };
        if named {
            out.push(Finding::ok(id, message("hub-cross-named")));
        } else {
            out.push(Finding::error(
                id,
                message("hub-cross-not-named"),
                Message::new("hub-cross-not-named-hint")
                    .text("field", field)
                    .text("target", target.id()),
            ));
        }
    };
    if let (Some(m), Some(d)) = (model, dataset) {
        if ctx.rules.model.must_link_dataset {
            link(m, "datasets", &m.linked_datasets, d);
        }
    }
    if let Some(s) = space {
        if let Some(m) = model.filter(|_| ctx.rules.space.must_link_model) {
            link(s, "models", &s.linked_models, m);
        }
        if let Some(d) = dataset.filter(|_| ctx.rules.space.must_link_dataset) {
            link(s, "datasets", &s.linked_datasets, d);
        }
    }
    out
}

/// Whether a `datasets:`/`models:` entry names `repo`: a bare id or a link.
fn names_repo(entry: &str, repo: &RepoId) -> bool {
    let e = entry.trim();
    if e.eq_ignore_ascii_case(&repo.id()) {
        return true;
    }
    match parse_link(e) {
        Ok(HubLink::Repo(r)) => r.id().eq_ignore_ascii_case(&repo.id()),
        _ => false,
    }
}
