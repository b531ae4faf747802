//! How far the jury is: per project, who is assigned and who has finished
//! (scored every group the project is judged on); per judge, what is done
//! and what is pending; and the projects below `judges_per_project`.
//!
//! A judge "finished" a project only with a score for each of its groups, the
//! same rule the ranking uses to count a judge's total, so progress and
//! results never disagree. Assignments of teams that no longer have a
//! submission are left out: they are not judged.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::JuryError;
use crate::config::JurySettings;
use crate::store::Store;

/// A submitted project as progress sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectInput {
    pub team_id: i64,
    pub name: String,
    pub corpus_only: bool,
}

/// One project's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectProgress {
    pub team_id: i64,
    pub name: String,
    pub corpus_only: bool,
    /// Judges assigned, sorted.
    pub assigned: Vec<u64>,
    /// Assigned judges who scored every group of the project, sorted.
    pub finished: Vec<u64>,
}

impl ProjectProgress {
    /// Fewer judges assigned than the event asks for.
    pub fn short_of_judges(&self, per_project: usize) -> bool {
        self.assigned.len() < per_project
    }

    /// Fewer judges finished than the event asks for.
    pub fn below_target(&self, per_project: usize) -> bool {
        self.finished.len() < per_project
    }
}

/// One judge's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgeProgress {
    pub judge_id: u64,
    /// Projects (team ids) the judge finished, sorted.
    pub done: Vec<i64>,
    /// Projects assigned and not finished, sorted.
    pub pending: Vec<i64>,
}

/// The jury's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// `judges_per_project` of the event.
    pub per_project: usize,
    /// Every project, in team id order.
    pub projects: Vec<ProjectProgress>,
    /// Every judge with an assignment, in id order.
    pub judges: Vec<JudgeProgress>,
}

impl Progress {
    /// Projects with fewer finished judges than `per_project`, in team id
    /// order.
    pub fn below_target(&self) -> impl Iterator<Item = &ProjectProgress> {
        self.projects
            .iter()
            .filter(|p| p.below_target(self.per_project))
    }

    /// (finished judge-project pairs, assigned pairs), for a one-line total.
    pub fn totals(&self) -> (usize, usize) {
        self.projects.iter().fold((0, 0), |(f, a), p| {
            (f + p.finished.len(), a + p.assigned.len())
        })
    }
}

/// Computes the progress. `groups` gives the group ids a project is judged
/// on (complete projects: `groups(false)`, corpus-only: `groups(true)`).
/// `assignments` are (team, judge); `scores` are (team, judge, group).
pub fn compute(
    projects: &[ProjectInput],
    assignments: &[(i64, u64)],
    scores: &[(i64, u64, String)],
    groups: impl Fn(bool) -> Vec<String>,
    per_project: usize,
) -> Progress {
    let complete_groups: BTreeSet<String> = groups(false).into_iter().collect();
    let corpus_groups: BTreeSet<String> = groups(true).into_iter().collect();
    let mut scored: HashMap<(i64, u64), BTreeSet<&str>> = HashMap::new();
    for (team, judge, group) in scores {
        scored
            .entry((*team, *judge))
            .or_default()
            .insert(group.as_str());
    }
    let mut by_team: BTreeMap<i64, BTreeSet<u64>> = BTreeMap::new();
    for (team, judge) in assignments {
        by_team.entry(*team).or_default().insert(*judge);
    }
    let mut judges: BTreeMap<u64, JudgeProgress> = BTreeMap::new();
    let mut out: Vec<ProjectProgress> = projects
        .iter()
        .map(|p| {
            let needed = if p.corpus_only {
                &corpus_groups
            } else {
                &complete_groups
            };
            let assigned: Vec<u64> = by_team
                .get(&p.team_id)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            let mut finished = Vec::new();
            for judge in &assigned {
                let has = scored.get(&(p.team_id, *judge));
                let done = has.is_some_and(|g| needed.iter().all(|n| g.contains(n.as_str())));
                let entry = judges.entry(*judge).or_insert_with(|| JudgeProgress {
                    judge_id: *judge,
                    done: Vec::new(),
                    pending: Vec::new(),
                });
                if done {
                    finished.push(*judge);
                    entry.done.push(p.team_id);
                } else {
                    entry.pending.push(p.team_id);
                }
            }
            ProjectProgress {
                team_id: p.team_id,
                name: p.name.clone(),
                corpus_only: p.corpus_only,
                assigned,
                finished,
            }
        })
        .collect();
    out.sort_by_key(|p| p.team_id);
    let mut judges: Vec<JudgeProgress> = judges.into_values().collect();
    for j in &mut judges {
        j.done.sort_unstable();
        j.pending.sort_unstable();
    }
    Progress {
        per_project,
        projects: out,
        judges,
    }
}

/// Reads the projects, assignments and scores and computes the progress:
/// a few queries whatever the number of teams (the dashboard asks every
/// second while it is open).
pub async fn load(
    store: &Store,
    event_id: &str,
    jury: &JurySettings,
) -> Result<Progress, JuryError> {
    let names: HashMap<i64, String> = store
        .teams_with_members(event_id)
        .await?
        .into_iter()
        .map(|t| (t.team.id, t.team.name))
        .collect();
    // The latest submission of each team, as [`super::projects`] reads it.
    let inputs: Vec<ProjectInput> = store
        .current_submissions(event_id)
        .await?
        .into_iter()
        .filter_map(|s| {
            Some(ProjectInput {
                name: names.get(&s.team_id)?.clone(),
                team_id: s.team_id,
                corpus_only: s.model.is_none() && s.demo.is_none(),
            })
        })
        .collect();
    let assignments: Vec<(i64, u64)> = store
        .jury_assignments(event_id)
        .await?
        .into_iter()
        .map(|a| (a.team_id, a.judge_id))
        .collect();
    let scores: Vec<(i64, u64, String)> = store
        .jury_scores(event_id)
        .await?
        .into_iter()
        .map(|s| (s.team_id, s.judge_id, s.group_id))
        .collect();
    Ok(compute(
        &inputs,
        &assignments,
        &scores,
        |corpus_only| jury.groups_for(corpus_only).map(|g| g.id.clone()).collect(),
        jury.judges_per_project as usize,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(team_id: i64, corpus_only: bool) -> ProjectInput {
        ProjectInput {
            team_id,
            name: format!("team {team_id}"),
            corpus_only,
        }
    }

    fn groups(corpus_only: bool) -> Vec<String> {
        if corpus_only {
            vec!["corpus".into()]
        } else {
            vec!["corpus".into(), "model".into(), "impact".into()]
        }
    }

    fn s(team: i64, judge: u64, group: &str) -> (i64, u64, String) {
        (team, judge, group.to_string())
    }

    #[test]
    fn a_judge_finishes_a_project_only_with_every_group_it_is_judged_on() {
        let projects = [project(1, false), project(2, true), project(3, false)];
        let assignments = [(1, 10), (1, 11), (2, 10), (2, 12), (3, 11)];
        let scores = [
            // Judge 10: every group of team 1, the one group of corpus-only 2.
            s(1, 10, "corpus"),
            s(1, 10, "model"),
            s(1, 10, "impact"),
            s(2, 10, "corpus"),
            // Judge 11: two of three groups of team 1, nothing of team 3.
            s(1, 11, "corpus"),
            s(1, 11, "model"),
        ];
        let p = compute(&projects, &assignments, &scores, groups, 2);
        let rows: Vec<(i64, Vec<u64>, Vec<u64>)> = p
            .projects
            .iter()
            .map(|x| (x.team_id, x.assigned.clone(), x.finished.clone()))
            .collect();
        assert_eq!(
            rows,
            [
                (1, vec![10, 11], vec![10]),
                (2, vec![10, 12], vec![10]),
                (3, vec![11], vec![]),
            ]
        );
        let judges: Vec<(u64, Vec<i64>, Vec<i64>)> = p
            .judges
            .iter()
            .map(|j| (j.judge_id, j.done.clone(), j.pending.clone()))
            .collect();
        assert_eq!(
            judges,
            [
                (10, vec![1, 2], vec![]),
                (11, vec![], vec![1, 3]),
                (12, vec![], vec![2]),
            ]
        );
        let below: Vec<i64> = p.below_target().map(|x| x.team_id).collect();
        assert_eq!(below, [1, 2, 3]);
        assert!(p.projects[2].short_of_judges(2));
        assert!(!p.projects[0].short_of_judges(2));
        assert_eq!(p.totals(), (2, 5));
    }

    #[test]
    fn projects_reach_the_target_and_stray_rows_are_ignored() {
        let projects = [project(1, false), project(2, false)];
        // Team 9 has no submission any more; its assignment is not judged.
        let assignments = [(1, 10), (9, 10)];
        let mut scores: Vec<(i64, u64, String)> = ["corpus", "model", "impact"]
            .iter()
            .map(|g| s(1, 10, g))
            .collect();
        // A score for an unknown group or an unassigned pair changes nothing.
        scores.push(s(2, 10, "corpus"));
        scores.push(s(9, 10, "corpus"));
        let p = compute(&projects, &assignments, &scores, groups, 1);
        assert_eq!(p.projects[0].finished, vec![10]);
        assert!(p.projects[1].assigned.is_empty());
        let below: Vec<i64> = p.below_target().map(|x| x.team_id).collect();
        assert_eq!(below, [2]);
        assert_eq!(p.judges.len(), 1);
        assert_eq!(
            (p.judges[0].done.clone(), p.judges[0].pending.clone()),
            (vec![1], vec![])
        );
    }

    #[test]
    fn no_projects_no_progress() {
        let p = compute(&[], &[], &[], groups, 3);
        assert!(p.projects.is_empty() && p.judges.is_empty());
        assert_eq!(p.totals(), (0, 0));
        assert_eq!(p.per_project, 3);
    }
}
