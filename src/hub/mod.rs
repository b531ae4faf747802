//! The Hugging Face Hub: links, the HTTP client, cards and their rules.

pub mod card;
pub mod check;
pub mod client;
pub mod link;
pub mod repo_id;
pub mod report;
pub mod rules;

pub use link::{parse_link, HubLink, LinkError, SpaceSubdomain};
pub use repo_id::{RepoId, RepoIdError, RepoKind};
