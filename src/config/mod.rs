//! Configuration: deployment settings from the environment, and the event
//! (dates, rules, names) from its TOML file.

mod event;
mod jury;
pub mod keys;
mod limits;
mod machine;
mod participant_path;
mod problems;
mod settings;
mod shards;
mod syntax;

pub use event::{
    BudgetSettings, Channels, DeadlineConfig, EventConfig, EventInfo, FaqEntry, GpuKind,
    GpuResourceConfig, GpuSettings, HelpSettings, HubSettings, Localized, MentorSkill, Roles,
    SchedulerSettings, TeamRules,
};
pub use jury::{CriteriaGroup, HonoraryRole, JurySettings};
pub use limits::{LimitsSettings, ServerFootprint};
pub use machine::{MachineName, MachineNameError};
pub use participant_path::{PathCheck, PathSettings, PathStep, WelcomeSettings};
pub use problems::{ConfigProblem, ConfigProblems, KeyPath};
pub use settings::{
    Settings, DEFAULT_DATABASE_URL, DEFAULT_EVENT_PATH, DEFAULT_HF_ENDPOINT,
    DEFAULT_HF_VIEWER_ENDPOINT,
};
pub use shards::{ShardRange, ShardRangeError};
pub use syntax::is_slug;

#[cfg(test)]
mod tests;
