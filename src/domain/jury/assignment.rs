//! Who judges which project: a pure function of the projects, the judges,
//! who may not judge whom, and what is already assigned.
//!
//! Rules: every project gets `per_project` judges when enough judges may
//! judge it; a judge never gets a project whose team they are on, whose help
//! posts they answered or claimed, or for which they declared a conflict;
//! the load is balanced (a new assignment goes to the eligible judge with the
//! fewest projects); and an assignment that already has scores is kept even
//! if the judge left, so a re-run never throws work away.

use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A submitted project as assignment sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectToJudge {
    pub team_id: i64,
    /// The team's members (by user id).
    pub members: Vec<u64>,
    /// Everyone who answered or claimed one of the team's help posts.
    pub helpers: Vec<u64>,
}

/// An assignment already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Existing {
    pub team_id: i64,
    pub judge_id: u64,
    /// Whether the judge has given any score for it.
    pub scored: bool,
}

/// Why a judge may not judge a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exclusion {
    Member,
    Helper,
    Conflict,
}

/// What a run would do: the full set after it, what it adds and drops, and
/// the projects still short of judges (with how many they have).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentPlan {
    /// (team, judge), sorted.
    pub assignments: Vec<(i64, u64)>,
    pub added: Vec<(i64, u64)>,
    pub removed: Vec<(i64, u64)>,
    /// Kept although the judge left or may no longer judge it: it has scores.
    pub kept_scored: Vec<(i64, u64)>,
    pub short: Vec<(i64, usize)>,
}

impl AssignmentPlan {
    /// How many projects each judge has after the run.
    pub fn load(&self) -> BTreeMap<u64, usize> {
        let mut load = BTreeMap::new();
        for (_, judge) in &self.assignments {
            *load.entry(*judge).or_insert(0) += 1;
        }
        load
    }

    /// Whether the run changes nothing.
    pub fn is_noop(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Why `judge` may not judge `project`, if they may not.
pub fn exclusion(
    project: &ProjectToJudge,
    judge: u64,
    conflicts: &HashSet<(u64, i64)>,
) -> Option<Exclusion> {
    if project.members.contains(&judge) {
        Some(Exclusion::Member)
    } else if project.helpers.contains(&judge) {
        Some(Exclusion::Helper)
    } else if conflicts.contains(&(judge, project.team_id)) {
        Some(Exclusion::Conflict)
    } else {
        None
    }
}

/// Plans the assignment. Deterministic: the same input gives the same plan.
pub fn plan(
    projects: &[ProjectToJudge],
    judges: &[u64],
    conflicts: &[(u64, i64)],
    existing: &[Existing],
    per_project: usize,
) -> AssignmentPlan {
    let conflicts: HashSet<(u64, i64)> = conflicts.iter().copied().collect();
    let judges: BTreeSet<u64> = judges.iter().copied().collect();
    let by_team: BTreeMap<i64, &ProjectToJudge> = projects.iter().map(|p| (p.team_id, p)).collect();

    let mut chosen: BTreeMap<i64, BTreeSet<u64>> =
        by_team.keys().map(|t| (*t, BTreeSet::new())).collect();
    let mut load: BTreeMap<u64, usize> = judges.iter().map(|j| (*j, 0)).collect();
    let mut out = AssignmentPlan::default();

    for e in existing {
        let eligible = judges.contains(&e.judge_id)
            && by_team
                .get(&e.team_id)
                .is_some_and(|p| exclusion(p, e.judge_id, &conflicts).is_none());
        if eligible || e.scored {
            if !eligible {
                out.kept_scored.push((e.team_id, e.judge_id));
            }
            chosen.entry(e.team_id).or_default().insert(e.judge_id);
            *load.entry(e.judge_id).or_insert(0) += 1;
        } else {
            out.removed.push((e.team_id, e.judge_id));
        }
    }

    // The most constrained projects first, so a project with few eligible
    // judges is not starved by earlier picks.
    let mut order: Vec<(usize, i64)> = by_team
        .values()
        .map(|p| {
            let eligible = judges
                .iter()
                .filter(|j| exclusion(p, **j, &conflicts).is_none())
                .count();
            (eligible, p.team_id)
        })
        .collect();
    order.sort_unstable();

    for (_, team) in order {
        let project = by_team[&team];
        loop {
            let have = chosen.get(&team).map_or(0, BTreeSet::len);
            if have >= per_project {
                break;
            }
            let taken = &chosen[&team];
            let pick = judges
                .iter()
                .filter(|j| !taken.contains(j) && exclusion(project, **j, &conflicts).is_none())
                .min_by_key(|j| (load.get(j).copied().unwrap_or(0), **j))
                .copied();
            match pick {
                Some(judge) => {
                    chosen.entry(team).or_default().insert(judge);
                    *load.entry(judge).or_insert(0) += 1;
                    out.added.push((team, judge));
                }
                None => {
                    out.short.push((team, have));
                    break;
                }
            }
        }
    }
    out.assignments = chosen
        .into_iter()
        .flat_map(|(team, js)| js.into_iter().map(move |j| (team, j)))
        .collect();
    out.added.sort_unstable();
    out.removed.sort_unstable();
    out.kept_scored.sort_unstable();
    out.short.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(team: i64, members: &[u64], helpers: &[u64]) -> ProjectToJudge {
        ProjectToJudge {
            team_id: team,
            members: members.to_vec(),
            helpers: helpers.to_vec(),
        }
    }

    fn judges_of(plan: &AssignmentPlan, team: i64) -> Vec<u64> {
        plan.assignments
            .iter()
            .filter(|(t, _)| *t == team)
            .map(|(_, j)| *j)
            .collect()
    }

    #[test]
    fn members_helpers_and_conflicts_never_judge_and_load_is_balanced() {
        let projects: Vec<ProjectToJudge> = (1..=6)
            .map(|t| project(t, &[100 + t as u64], &[]))
            .chain([])
            .collect();
        let mut projects = projects;
        projects[0].helpers.push(1); // judge 1 answered team 1's post
        projects[1].members.push(2); // judge 2 is on team 2
        let plan = plan(&projects, &[1, 2, 3, 4], &[(3, 3)], &[], 2);
        assert!(!judges_of(&plan, 1).contains(&1));
        assert!(!judges_of(&plan, 2).contains(&2));
        assert!(!judges_of(&plan, 3).contains(&3));
        for t in 1..=6 {
            assert_eq!(judges_of(&plan, t).len(), 2, "team {t}");
        }
        let load = plan.load();
        let (min, max) = (load.values().min(), load.values().max());
        assert_eq!((min, max), (Some(&3), Some(&3)), "{load:?}");
        assert!(plan.short.is_empty());
    }

    #[test]
    fn a_project_without_enough_eligible_judges_is_reported_short() {
        let projects = vec![project(1, &[1], &[2])];
        let plan = plan(&projects, &[1, 2, 3], &[], &[], 2);
        assert_eq!(judges_of(&plan, 1), vec![3]);
        assert_eq!(plan.short, vec![(1, 1)]);
    }

    #[test]
    fn a_rerun_keeps_scored_work_and_drops_unscored_work_of_a_judge_who_left() {
        let projects = vec![project(1, &[], &[]), project(2, &[], &[])];
        let existing = [
            Existing {
                team_id: 1,
                judge_id: 9,
                scored: true,
            },
            Existing {
                team_id: 2,
                judge_id: 9,
                scored: false,
            },
            Existing {
                team_id: 2,
                judge_id: 1,
                scored: false,
            },
        ];
        // Judge 9 left the jury.
        let plan = plan(&projects, &[1, 2, 3], &[], &existing, 2);
        assert!(judges_of(&plan, 1).contains(&9));
        assert_eq!(plan.kept_scored, vec![(1, 9)]);
        assert_eq!(plan.removed, vec![(2, 9)]);
        assert!(
            judges_of(&plan, 2).contains(&1),
            "unscored but still valid: kept"
        );
        assert_eq!(judges_of(&plan, 2).len(), 2);
        // Running the plan's result again changes nothing.
        let now: Vec<Existing> = plan
            .assignments
            .iter()
            .map(|(t, j)| Existing {
                team_id: *t,
                judge_id: *j,
                scored: *j == 9,
            })
            .collect();
        let again = super::plan(&projects, &[1, 2, 3], &[], &now, 2);
        assert!(again.is_noop(), "{again:?}");
    }

    #[test]
    fn a_conflict_declared_after_assignment_moves_the_unscored_project() {
        let projects = vec![project(1, &[], &[])];
        let existing = [Existing {
            team_id: 1,
            judge_id: 1,
            scored: false,
        }];
        let plan = plan(&projects, &[1, 2], &[(1, 1)], &existing, 1);
        assert_eq!(plan.removed, vec![(1, 1)]);
        assert_eq!(judges_of(&plan, 1), vec![2]);
    }

    #[test]
    fn constrained_projects_are_served_first() {
        // Team 2 can only be judged by judge 1; team 1 by anyone.
        let projects = vec![project(1, &[], &[]), project(2, &[2, 3], &[])];
        let plan = plan(&projects, &[1, 2, 3], &[], &[], 1);
        assert_eq!(judges_of(&plan, 2), vec![1]);
        assert!(plan.short.is_empty());
    }
}
