//! The Hugging Face Hub: links, the HTTP client, cards and their rules, and
//! the checks the bot and `somosbot check` run.

pub mod card;
pub mod check;
pub mod cli;
pub mod client;
pub mod link;
pub mod repo_id;
pub mod report;
pub mod rules;

pub use card::{Card, Placeholders, Section};
pub use check::{
    check_card, check_link, check_links, check_local_card, check_repo, check_submission,
    check_submission_with_progress, resolve_link, CheckContext, RepoCheck, Submission,
};
pub use cli::{CheckArgs, CheckError};
pub use client::{
    ClientOptions, Commit, Commits, HubClient, HubError, RepoInfo, RepoOutcome, RetryPolicy,
    Unavailable,
};
pub use link::{parse_link, HubLink, LinkError, SpaceSubdomain};
pub use repo_id::{RepoId, RepoIdError, RepoKind};
pub use report::{Finding, RepoFacts, RepoReport, Report, Severity, Status, Text};
pub use rules::{CardRules, KindRules, MentionRule, SectionRule};
