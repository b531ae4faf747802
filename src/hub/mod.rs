//! The Hugging Face Hub: links, the HTTP client, cards and their rules.

pub mod repo_id;
pub mod rules;
