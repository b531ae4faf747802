//! The ranking: each project's score from its judges' totals, optionally
//! normalized per judge, with ties shown and corpus-only projects ranked on
//! their own scale.
//!
//! **Score.** A judge's total for a project is the sum of their group scores
//! (only judges who scored every group the project is judged on count). The
//! project's score is the mean of those totals plus every extra point judges
//! gave it.
//!
//! **Normalization** (optional; evens out strict and lenient judges). Each
//! total is first made a fraction of its project's scale, `f = total /
//! out_of`, so complete and corpus-only projects are comparable. For judge
//! `j` with fractions `f_j`: `z = (f − mean(f_j)) / sd(f_j)` (population
//! standard deviation; `z = 0` when the judge scored one project or gave
//! everyone the same). The z-score is rescaled onto the pool of every
//! judge's fractions, `f' = clamp(M + z · S, 0, 1)` with `M`, `S` the mean
//! and standard deviation of all fractions, and back to points, `total' =
//! f' · out_of`. The mean of the `total'` plus extra points is the
//! normalized score.

use std::collections::BTreeMap;

/// One judge's complete scoring of one project.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JudgeTotal {
    pub team_id: i64,
    pub judge_id: u64,
    /// In points (not halves), out of the project's scale.
    pub total: f64,
}

/// A project to rank.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectScale {
    pub team_id: i64,
    pub corpus_only: bool,
    /// The most its groups can give (10, or 7 for corpus-only in 2024).
    pub out_of: f64,
    /// Extra points judges gave it, summed.
    pub extra: f64,
}

/// One row of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub team_id: i64,
    pub corpus_only: bool,
    /// 1-based; tied projects share the place (1, 2, 2, 4).
    pub place: u32,
    pub tied: bool,
    pub score: f64,
    pub out_of: f64,
    /// How many judges' totals the mean is of.
    pub judges: usize,
}

/// The two rankings: complete projects, and corpus-only ones on their scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranking {
    pub complete: Vec<Ranked>,
    pub corpus_only: Vec<Ranked>,
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// Totals rescaled per judge as the module documents.
pub fn normalize(totals: &[JudgeTotal], scales: &BTreeMap<i64, f64>) -> Vec<JudgeTotal> {
    let fraction = |t: &JudgeTotal| {
        let out_of = scales.get(&t.team_id).copied().unwrap_or(1.0);
        if out_of > 0.0 {
            t.total / out_of
        } else {
            0.0
        }
    };
    let all: Vec<f64> = totals.iter().map(fraction).collect();
    let (pool_mean, pool_sd) = mean_sd(&all);
    let mut per_judge: BTreeMap<u64, Vec<f64>> = BTreeMap::new();
    for t in totals {
        per_judge.entry(t.judge_id).or_default().push(fraction(t));
    }
    let stats: BTreeMap<u64, (f64, f64)> = per_judge
        .into_iter()
        .map(|(j, fs)| (j, mean_sd(&fs)))
        .collect();
    totals
        .iter()
        .map(|t| {
            let (m, sd) = stats.get(&t.judge_id).copied().unwrap_or((0.0, 0.0));
            let z = if sd > 1e-12 {
                (fraction(t) - m) / sd
            } else {
                0.0
            };
            let f = (pool_mean + z * pool_sd).clamp(0.0, 1.0);
            JudgeTotal {
                total: f * scales.get(&t.team_id).copied().unwrap_or(0.0),
                ..*t
            }
        })
        .collect()
}

/// Ranks the projects. Scores are compared after rounding to 1e-6, so sums
/// that differ only by floating-point noise count as a tie.
pub fn rank(projects: &[ProjectScale], totals: &[JudgeTotal], normalized: bool) -> Ranking {
    let scales: BTreeMap<i64, f64> = projects.iter().map(|p| (p.team_id, p.out_of)).collect();
    let totals = if normalized {
        normalize(totals, &scales)
    } else {
        totals.to_vec()
    };
    let mut by_team: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for t in &totals {
        by_team.entry(t.team_id).or_default().push(t.total);
    }
    let rows = |corpus_only: bool| -> Vec<Ranked> {
        let mut rows: Vec<Ranked> = projects
            .iter()
            .filter(|p| p.corpus_only == corpus_only)
            .map(|p| {
                let ts = by_team.get(&p.team_id).map(Vec::as_slice).unwrap_or(&[]);
                let (mean, _) = mean_sd(ts);
                Ranked {
                    team_id: p.team_id,
                    corpus_only,
                    place: 0,
                    tied: false,
                    score: ((mean + p.extra) * 1e6).round() / 1e6,
                    out_of: p.out_of,
                    judges: ts.len(),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.team_id.cmp(&b.team_id)));
        let scores: Vec<f64> = rows.iter().map(|r| r.score).collect();
        for r in &mut rows {
            let higher = scores.iter().filter(|s| **s > r.score).count();
            r.place = higher as u32 + 1;
            r.tied = scores.iter().filter(|s| **s == r.score).count() > 1;
        }
        rows
    };
    Ranking {
        complete: rows(false),
        corpus_only: rows(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(team: i64, judge: u64, total: f64) -> JudgeTotal {
        JudgeTotal {
            team_id: team,
            judge_id: judge,
            total,
        }
    }

    fn p(team: i64, corpus_only: bool, extra: f64) -> ProjectScale {
        ProjectScale {
            team_id: team,
            corpus_only,
            out_of: if corpus_only { 7.0 } else { 10.0 },
            extra,
        }
    }

    #[test]
    fn mean_plus_extra_with_ties_and_a_separate_corpus_only_scale() {
        let projects = [
            p(1, false, 0.0),
            p(2, false, 1.0),
            p(3, false, 0.0),
            p(4, true, 0.0),
        ];
        let totals = [
            t(1, 1, 8.0),
            t(1, 2, 6.0), // mean 7
            t(2, 1, 6.0),
            t(2, 2, 6.0), // mean 6 + 1 extra = 7: tied with team 1
            t(3, 1, 9.0),
            t(3, 2, 9.0), // 9
            t(4, 1, 7.0), // corpus-only, 7/7
        ];
        let r = rank(&projects, &totals, false);
        let places: Vec<(i64, u32, bool, f64)> = r
            .complete
            .iter()
            .map(|x| (x.team_id, x.place, x.tied, x.score))
            .collect();
        assert_eq!(
            places,
            [(3, 1, false, 9.0), (1, 2, true, 7.0), (2, 2, true, 7.0)]
        );
        assert_eq!(r.corpus_only.len(), 1);
        assert_eq!((r.corpus_only[0].place, r.corpus_only[0].out_of), (1, 7.0));
    }

    #[test]
    fn normalization_evens_a_lenient_and_a_strict_judge() {
        // Judge 1 is lenient (gives 9 and 10), judge 2 strict (gives 2 and
        // 3). Team 1 is judged by the lenient one only, team 2 by the strict
        // one only, teams 3 and 4 by both. Raw, team 1 wins on leniency;
        // normalized, teams 1 and 2 are each the better of their judge's
        // two, so they tie with each other and with team 4 (each judge's
        // better project).
        let projects: Vec<ProjectScale> = (1..=4).map(|i| p(i, false, 0.0)).collect();
        let totals = [t(1, 1, 10.0), t(3, 1, 9.0), t(2, 2, 3.0), t(3, 2, 2.0)];
        let raw = rank(&projects, &totals, false);
        assert_eq!(raw.complete[0].team_id, 1);
        assert_eq!(
            raw.complete
                .iter()
                .find(|r| r.team_id == 2)
                .map(|r| r.place),
            Some(3)
        );
        let norm = rank(&projects, &totals, true);
        let score = |team: i64| {
            norm.complete
                .iter()
                .find(|r| r.team_id == team)
                .map(|r| r.score)
        };
        assert_eq!(score(1), score(2), "{norm:?}");
        assert!(score(1) > score(3), "{norm:?}");
        // The pool is [1.0, 0.9, 0.3, 0.2]: mean 0.6, sd 0.3535…; a judge's
        // better project has z = 1 → 0.6 + 0.3536 = 0.9536 → 9.536 points.
        let expected = ((0.6 + (0.125f64).sqrt()) * 10.0 * 1e6).round() / 1e6;
        assert_eq!(score(1), Some(expected));
        // Team 3 is each judge's worse project: z = -1 twice.
        let low = ((0.6 - (0.125f64).sqrt()) * 10.0 * 1e6).round() / 1e6;
        assert_eq!(score(3), Some(low));
        // Team 4 has no scores: mean 0.
        assert_eq!(score(4), Some(0.0));
    }

    #[test]
    fn a_judge_who_gives_everyone_the_same_contributes_the_pool_mean() {
        let projects: Vec<ProjectScale> = (1..=2).map(|i| p(i, false, 0.0)).collect();
        let totals = [t(1, 1, 5.0), t(2, 1, 5.0), t(1, 2, 10.0), t(2, 2, 0.0)];
        let out = normalize(
            &totals,
            &projects.iter().map(|p| (p.team_id, p.out_of)).collect(),
        );
        assert!((out[0].total - 5.0).abs() < 1e-9);
        assert!((out[1].total - 5.0).abs() < 1e-9);
        assert!(out[2].total > out[3].total);
    }
}
