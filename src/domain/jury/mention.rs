//! The honourable mention: the project with the most likes on the Hub at
//! the jury's `likes_snapshot_at` deadline (tied projects are all named; no
//! mention when no project has a like). A project's likes are the sum over
//! its dataset, model and demo, as the owners' Hub listings give them; the
//! snapshot is taken once (by a scheduler job) and stored, so the mention
//! never changes after the deadline whatever happens to the likes.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::config::EventConfig;
use crate::domain::gallery;
use crate::domain::submission::stored_report;
use crate::hub::{parse_link, HubClient, HubError, HubLink, Liked, RepoId, RepoKind};
use crate::store::{ProjectLikes, Store, StoreError, StoredSubmission};

/// Why the snapshot could not be taken (the job tries again later).
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("the Hub could not be asked: {0}")]
    Hub(#[from] HubError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The repos a submission names: the ids its last check resolved, else the
/// links as typed when they name a repo (a `*.hf.space` address the check
/// never resolved is left out).
pub fn project_repos(sub: &StoredSubmission) -> Vec<RepoId> {
    let mut out: Vec<RepoId> = Vec::new();
    if let Some(report) = stored_report(sub) {
        out.extend(report.repos.into_iter().filter_map(|r| r.repo));
    }
    if out.is_empty() {
        let links = [Some(&sub.dataset), sub.model.as_ref(), sub.demo.as_ref()];
        out.extend(
            links
                .into_iter()
                .flatten()
                .filter_map(|l| match parse_link(l) {
                    Ok(HubLink::Repo(id)) => Some(id),
                    _ => None,
                }),
        );
    }
    let mut seen = BTreeSet::new();
    out.retain(|r| seen.insert((r.kind.as_str(), r.id().to_lowercase())));
    out
}

/// Key of a repo in the listings: kind and lowercase id (the Hub's ids are
/// case-insensitive).
fn key(kind: RepoKind, id: &str) -> (RepoKind, String) {
    (kind, id.to_lowercase())
}

/// One project's likes from the listings (a repo missing from its owner's
/// listing, e.g. private or deleted, counts 0).
pub fn count(
    team_id: i64,
    repos: &[RepoId],
    listed: &HashMap<(RepoKind, String), u64>,
) -> ProjectLikes {
    let counted: Vec<Liked> = repos
        .iter()
        .map(|r| Liked {
            id: r.id(),
            likes: listed.get(&key(r.kind, &r.id())).copied().unwrap_or(0),
        })
        .collect();
    ProjectLikes {
        team_id,
        likes: counted.iter().map(|l| l.likes).sum(),
        repos: serde_json::to_value(&counted).unwrap_or_default(),
    }
}

/// The most liked projects: every one tied at the top, none when the top
/// has no like.
pub fn most_liked(projects: &[ProjectLikes]) -> Vec<&ProjectLikes> {
    let top = projects.iter().map(|p| p.likes).max().unwrap_or(0);
    if top == 0 {
        return Vec::new();
    }
    projects.iter().filter(|p| p.likes == top).collect()
}

/// Takes and stores the snapshot of every submitted project's likes; true
/// when this call stored it (false: it was taken already). One listing per
/// owner and kind the projects use, on the organizers' share of the Hub
/// budget.
pub async fn take_snapshot(
    store: &Store,
    client: &HubClient,
    event: &EventConfig,
    now: DateTime<Utc>,
) -> Result<bool, SnapshotError> {
    let event_id = &event.event.id;
    if store.project_likes(event_id).await?.is_some() {
        return Ok(false);
    }
    let mut projects: Vec<(i64, Vec<RepoId>)> = Vec::new();
    for team in store.teams_with_members(event_id).await? {
        if let Some(sub) = store.latest_submission(team.team.id).await? {
            projects.push((team.team.id, project_repos(&sub)));
        }
    }
    // Each owner's listing once per kind, in a stable order.
    let owners: BTreeSet<(&'static str, String)> = projects
        .iter()
        .flat_map(|(_, repos)| repos.iter())
        .map(|r| (r.kind.as_str(), r.namespace.clone()))
        .collect();
    let mut listed: HashMap<(RepoKind, String), u64> = HashMap::new();
    for (kind, owner) in owners {
        let Some(kind) = RepoKind::parse(kind) else {
            continue;
        };
        for l in client.list_likes(kind, &owner).await? {
            listed.insert(key(kind, &l.id), l.likes);
        }
    }
    let counted: Vec<ProjectLikes> = projects
        .iter()
        .map(|(team, repos)| count(*team, repos, &listed))
        .collect();
    Ok(store.store_project_likes(event_id, &counted, now).await?)
}

/// A project named by the mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentioned {
    pub team_id: i64,
    pub team: String,
    /// The gallery address of the team's project.
    pub slug: String,
}

/// The honourable mention as the publication and the public pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Every project tied at the top, by team name.
    pub teams: Vec<Mentioned>,
    pub likes: u64,
    pub taken_at: DateTime<Utc>,
}

/// The honourable mention from the stored snapshot; `None` before the
/// snapshot or when no project has a like. Read-only and cheap (two
/// queries and a team read per mentioned project): the publication and the
/// web's public podium page both call it. The page should show it only
/// once results are posted (`Store::results_posted`), as the podium.
pub async fn honourable_mention(
    store: &Store,
    event_id: &str,
) -> Result<Option<Mention>, StoreError> {
    let Some(snapshot) = store.project_likes(event_id).await? else {
        return Ok(None);
    };
    let top = most_liked(&snapshot.projects);
    let Some(likes) = top.first().map(|p| p.likes) else {
        return Ok(None);
    };
    let mut teams = Vec::new();
    for p in top {
        if let Some(t) = store.team(p.team_id).await? {
            teams.push(Mentioned {
                team_id: t.id,
                slug: gallery::slug(t.id, &t.name),
                team: t.name,
            });
        }
    }
    if teams.is_empty() {
        return Ok(None);
    }
    teams.sort_by_key(|a| a.team.to_lowercase());
    Ok(Some(Mention {
        teams,
        likes,
        taken_at: snapshot.taken_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(team_id: i64, likes: u64) -> ProjectLikes {
        ProjectLikes {
            team_id,
            likes,
            repos: serde_json::Value::Null,
        }
    }

    #[test]
    fn the_most_liked_win_together_and_no_likes_name_no_one() {
        let all = [p(1, 3), p(2, 7), p(3, 7), p(4, 0)];
        let ids: Vec<i64> = most_liked(&all).iter().map(|p| p.team_id).collect();
        assert_eq!(ids, [2, 3]);
        assert!(most_liked(&[p(1, 0), p(2, 0)]).is_empty());
        assert!(most_liked(&[]).is_empty());
    }

    #[test]
    fn a_project_counts_its_repos_likes_case_insensitively() {
        let repos = [
            RepoId::parse(RepoKind::Dataset, "somosnlp/NoticIA-it").unwrap(),
            RepoId::parse(RepoKind::Model, "somosnlp/NoticIA-7B").unwrap(),
            RepoId::parse(RepoKind::Space, "somosnlp/NoticIA-demo").unwrap(),
        ];
        let listed = HashMap::from([
            (key(RepoKind::Dataset, "somosnlp/noticia-it"), 4),
            (key(RepoKind::Model, "somosnlp/NoticIA-7B"), 2),
            // a model with the Space's name does not count for the Space
            (key(RepoKind::Model, "somosnlp/NoticIA-demo"), 50),
        ]);
        let c = count(9, &repos, &listed);
        assert_eq!(c.likes, 6);
        assert_eq!(c.repos[2]["likes"], 0);
    }
}
