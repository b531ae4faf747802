//! The jury (`[jury]`): the rubric as data, who judges, how many judges each
//! project gets, when scoring closes, and what winners receive.
//!
//! Points are kept in half points everywhere (a judge may give 2.5), so the
//! file's numbers must be multiples of 0.5; the domain works in integers.

use serde::Deserialize;

use super::problems::KeyPath;
use crate::i18n::Localized;

/// One criteria group of the rubric ("Corpus", 4 points) with the criteria a
/// judge weighs inside it. A group is scored as one number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaGroup {
    /// A slug that names the group in stored scores and exports.
    pub id: String,
    pub label: Localized,
    /// The most a judge can give in this group (half points allowed).
    pub points: f64,
    /// What the judge weighs inside the group, shown in the form's labels.
    #[serde(default)]
    pub criteria: Vec<Localized>,
    /// Whether a corpus-only project is scored on this group.
    #[serde(default = "yes")]
    pub corpus_only: bool,
}

fn yes() -> bool {
    true
}

/// A role given to the members of the team in one place of the podium.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HonoraryRole {
    /// 1 for the winners, 2 and 3 for the podium.
    pub place: u32,
    /// The role, by name (resolved to its id on the server).
    pub role: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JurySettings {
    /// The role that makes a member a judge, by name.
    pub judge_role: String,
    /// The fewest judges every submitted project gets.
    #[serde(default = "default_judges_per_project")]
    pub judges_per_project: u32,
    /// The deadline (by id) after which scores can no longer change.
    pub scoring_closes: String,
    /// The deadline (by id) at which results are published if organizers
    /// have not published them before.
    #[serde(default)]
    pub publish_at: Option<String>,
    /// Extra points each judge may give to one project that stood out.
    #[serde(default = "default_extra_points")]
    pub extra_points: f64,
    /// The scale of a corpus-only project: the groups marked `corpus_only`
    /// must add up to it.
    #[serde(default)]
    pub corpus_only_out_of: Option<f64>,
    /// The deadline (by id) at which the likes snapshot for the honourable
    /// mention is taken.
    #[serde(default)]
    pub likes_snapshot_at: Option<String>,
    #[serde(default)]
    pub honorary_roles: Vec<HonoraryRole>,
    pub groups: Vec<CriteriaGroup>,
}

fn default_judges_per_project() -> u32 {
    3
}

fn default_extra_points() -> f64 {
    1.0
}

/// Whether `x` is a non-negative multiple of one half.
pub(crate) fn is_half_points(x: f64) -> bool {
    x.is_finite() && x >= 0.0 && (x * 2.0).fract() == 0.0 && x <= 1000.0
}

impl JurySettings {
    /// The most a complete project can score from the groups (no extra).
    pub fn out_of(&self) -> f64 {
        self.groups.iter().map(|g| g.points).sum()
    }

    /// The groups a project is scored on.
    pub fn groups_for(&self, corpus_only: bool) -> impl Iterator<Item = &CriteriaGroup> {
        self.groups
            .iter()
            .filter(move |g| !corpus_only || g.corpus_only)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&CriteriaGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Mistakes that span fields: `(path, message)`.
    pub(super) fn validate(&self, deadline_ids: Option<&[&str]>) -> Vec<(KeyPath, String)> {
        let root = KeyPath::root().key("jury");
        let mut out: Vec<(KeyPath, String)> = Vec::new();
        if self.judge_role.trim().is_empty() || self.judge_role.chars().count() > 100 {
            out.push((root.key("judge_role"), "must be 1-100 characters".into()));
        }
        if self.judges_per_project == 0 || self.judges_per_project > 25 {
            out.push((root.key("judges_per_project"), "must be 1-25".into()));
        }
        if let Some(known) = deadline_ids {
            let deadlines = [
                ("scoring_closes", Some(&self.scoring_closes)),
                ("publish_at", self.publish_at.as_ref()),
                ("likes_snapshot_at", self.likes_snapshot_at.as_ref()),
            ];
            for (key, id) in deadlines {
                if let Some(id) = id {
                    if !known.contains(&id.as_str()) {
                        out.push((
                            root.key(key),
                            "names no deadline; use the id of one [[deadlines]] entry".into(),
                        ));
                    }
                }
            }
        }
        if !is_half_points(self.extra_points) || self.extra_points > 10.0 {
            out.push((
                root.key("extra_points"),
                "must be 0-10 in steps of 0.5".into(),
            ));
        }
        if self.groups.is_empty() {
            out.push((
                root.key("groups"),
                "needs at least one criteria group".into(),
            ));
        }
        // A modal has at most five inputs: one per group is simplest for a
        // judge, so more than five groups would not fit the form design.
        if self.groups.len() > 5 {
            out.push((root.key("groups"), "at most 5 criteria groups".into()));
        }
        let mut ids = std::collections::HashSet::new();
        for (i, g) in self.groups.iter().enumerate() {
            let path = root.key("groups").index(i);
            if !super::syntax::is_slug(&g.id) || g.id.len() > 32 {
                out.push((
                    path.key("id"),
                    "must be a slug of at most 32 characters: lowercase letters, digits and '-'"
                        .into(),
                ));
            }
            if !ids.insert(g.id.as_str()) {
                out.push((path.key("id"), "is used by another group".into()));
            }
            if g.label.es.trim().is_empty() || g.label.en.trim().is_empty() {
                out.push((path.key("label"), "needs both es and en texts".into()));
            }
            // The label heads a modal input, which Discord caps at 45.
            if g.label.es.chars().count() > 30 || g.label.en.chars().count() > 30 {
                out.push((path.key("label"), "must be at most 30 characters".into()));
            }
            if !is_half_points(g.points) || g.points == 0.0 || g.points > 100.0 {
                out.push((path.key("points"), "must be 0.5-100 in steps of 0.5".into()));
            }
            for (j, c) in g.criteria.iter().enumerate() {
                if c.es.trim().is_empty() || c.en.trim().is_empty() {
                    out.push((
                        path.key("criteria").index(j),
                        "needs both es and en texts".into(),
                    ));
                }
            }
        }
        if let Some(scale) = self.corpus_only_out_of {
            let sum: f64 = self.groups_for(true).map(|g| g.points).sum();
            if (sum - scale).abs() > f64::EPSILON {
                out.push((
                    root.key("corpus_only_out_of"),
                    format!("the groups marked corpus_only add up to {sum}, not {scale}"),
                ));
            }
        }
        let mut places = std::collections::HashSet::new();
        for (i, r) in self.honorary_roles.iter().enumerate() {
            let path = root.key("honorary_roles").index(i);
            if r.place == 0 || r.place > 10 {
                out.push((path.key("place"), "must be 1-10".into()));
            }
            if !places.insert(r.place) {
                out.push((path.key("place"), "is used by another honorary role".into()));
            }
            if r.role.trim().is_empty() || r.role.chars().count() > 100 {
                out.push((path.key("role"), "must be 1-100 characters".into()));
            }
        }
        out
    }
}
