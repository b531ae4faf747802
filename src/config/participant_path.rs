//! The participant's path (`[path]`) and the welcome (`[welcome]`): which
//! steps an event has, in which order, which deadline each belongs to and
//! which of the bot's built-in checks tells whether it is done.

use serde::Deserialize;

use super::problems::KeyPath;
use crate::i18n::Localized;

/// What backs a step: one fact the bot can read from its own data or the
/// Hub. New events pick from these; they cannot invent new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathCheck {
    /// In the server (anyone the bot hears from is).
    Joined,
    /// Posted in the introductions channel.
    Introduced,
    /// A Hugging Face username linked with `/hf link`.
    HfLinked,
    /// Linked, and in the event's Hub organization as far as the Hub tells.
    HubOrgMember,
    /// Registered on the event's external form (the bot cannot see it).
    Registered,
    /// On a team.
    Team,
    /// The team's dataset is in the organization.
    Dataset,
    /// … and its card is complete.
    DatasetCard,
    /// A GPU request queued or a lease granted.
    Gpu,
    /// The team's model is in the organization.
    Model,
    /// … and its card is complete.
    ModelCard,
    /// The team's demo Space is in the organization and running.
    Demo,
    /// The team handed in a complete submission.
    Submitted,
}

impl PathCheck {
    /// Whether the check is about one person (else about their team).
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            Self::Joined
                | Self::Introduced
                | Self::HfLinked
                | Self::HubOrgMember
                | Self::Registered
        )
    }

    /// Whether the answer comes from the Hub (so it can be "could not check").
    pub fn uses_hub(self) -> bool {
        matches!(
            self,
            Self::Dataset | Self::DatasetCard | Self::Model | Self::ModelCard | Self::Demo
        )
    }
}

/// One step of the path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathStep {
    pub id: String,
    pub title: Localized,
    /// What to do, with the command that does it.
    pub hint: Localized,
    /// The deadline (by id) the step must be done by, if any.
    #[serde(default)]
    pub deadline: Option<String>,
    pub check: PathCheck,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathSettings {
    #[serde(default)]
    pub steps: Vec<PathStep>,
    /// A stored Hub check younger than this is shown as is; an older one is
    /// checked again when someone asks for their path.
    #[serde(default = "default_fresh_minutes")]
    pub fresh_minutes: u32,
}

fn default_fresh_minutes() -> u32 {
    30
}

impl Default for PathSettings {
    fn default() -> Self {
        Self {
            steps: Vec::new(),
            fresh_minutes: default_fresh_minutes(),
        }
    }
}

impl PathSettings {
    /// Mistakes that span fields: `(path, message)`. `indices` places each
    /// step in the file (steps that could not be read are left out).
    pub(super) fn validate(
        &self,
        indices: &[usize],
        deadline_ids: Option<&[&str]>,
    ) -> Vec<(KeyPath, String)> {
        let root = KeyPath::root().key("path");
        let mut out = Vec::new();
        let mut ids = std::collections::HashSet::new();
        let mut checks = std::collections::HashSet::new();
        for (n, s) in self.steps.iter().enumerate() {
            let path = root
                .key("steps")
                .index(indices.get(n).copied().unwrap_or(n));
            if !super::syntax::is_slug(&s.id) {
                out.push((
                    path.key("id"),
                    "must be a slug: lowercase letters, digits and '-'".into(),
                ));
            }
            if !ids.insert(s.id.as_str()) {
                out.push((path.key("id"), "is used by another step".into()));
            }
            if !checks.insert(s.check) {
                out.push((path.key("check"), "is used by another step".into()));
            }
            for (key, text) in [("title", &s.title), ("hint", &s.hint)] {
                if text.es.trim().is_empty() || text.en.trim().is_empty() {
                    out.push((path.key(key), "needs both es and en texts".into()));
                }
            }
            if let (Some(d), Some(known)) = (&s.deadline, deadline_ids) {
                if !known.contains(&d.as_str()) {
                    out.push((
                        path.key("deadline"),
                        "names no deadline; use the id of one [[deadlines]] entry".into(),
                    ));
                }
            }
        }
        if self.fresh_minutes == 0 {
            out.push((root.key("fresh_minutes"), "must be at least 1".into()));
        }
        out
    }
}

/// A greeting for people who join the server. Off by default: it needs the
/// privileged GUILD_MEMBERS intent, switched on in the developer portal.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WelcomeSettings {
    #[serde(default)]
    pub enabled: bool,
}
