//! The Hugging Face Hub: links, the HTTP client, cards and their rules, and
//! the checks the bot and `somosbot check` run.

pub mod budget;
pub mod card;
pub mod card_check;
pub mod card_sections;
pub mod check;
pub mod cli;
pub mod client;
pub mod corpus;
pub mod link;
pub mod members;
pub mod repo_files;
pub mod repo_id;
pub mod report;
pub mod rules;
pub mod team;
pub mod viewer;

pub use crate::i18n::{Localized, Message};
pub use budget::{BudgetSpent, HubBudget, Priority};
pub use card::{Card, Placeholders, Section};
pub use card_check::{check_card, check_local_card};
pub use check::{check_link, check_repo, CheckContext, RepoCheck};
pub use cli::{CheckArgs, CheckError};
pub use client::{
    ClientOptions, Commit, Commits, HubClient, HubError, Liked, RateBudget, RepoInfo, RepoOutcome,
    RetryPolicy, Unavailable,
};
pub use link::{parse_link, HubLink, LinkError, SpaceSubdomain};
pub use repo_id::{RepoId, RepoIdError, RepoKind};
pub use report::{Finding, RepoFacts, RepoReport, Report, Severity, Status};
pub use rules::{CardRules, KindRules, MentionRule, SectionRule};
pub use team::{
    check_links, check_submission, check_submission_with_progress, cross_checks, resolve_link,
    Submission,
};
