//! "Looking for a team" posts and Hugging Face usernames: the rules, apart
//! from Discord.

use chrono::{DateTime, Utc};

use crate::hub::repo_id::is_valid_namespace;
use crate::store::{LftPost, NewLftPost, Store, StoreError};

/// Longest field of a post, in characters (a thread title holds 100).
pub const FIELD_MAX_CHARS: usize = 200;

/// Why a post or a username was refused; each maps to a message id.
#[derive(Debug, thiserror::Error)]
pub enum LftError {
    #[error("a field is empty")]
    FieldEmpty,
    #[error("a field is too long")]
    FieldTooLong,
    #[error("already has an open post")]
    AlreadyPosted,
    #[error("{cap} posts in 24 hours already")]
    TooManyPosts {
        cap: u32,
        resets_at: Option<DateTime<Utc>>,
    },
    #[error("already in a team")]
    AlreadyInTeam,
    #[error("not a valid Hugging Face username")]
    InvalidHfUsername,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LftError {
    pub fn message_id(&self) -> &'static str {
        match self {
            LftError::FieldEmpty => "lft-error-field-empty",
            LftError::FieldTooLong => "lft-error-field-long",
            LftError::AlreadyPosted => "lft-error-already-posted",
            LftError::TooManyPosts { .. } => "lft-error-too-many",
            LftError::AlreadyInTeam => "lft-error-in-team",
            LftError::InvalidHfUsername => "hf-error-invalid",
            LftError::Store(_) => "error-internal",
        }
    }
}

/// One line of free text: control characters become spaces, whitespace is
/// collapsed, and the length is bounded.
pub fn clean_field(raw: &str) -> Result<String, LftError> {
    let text = crate::text::sanitize(raw)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return Err(LftError::FieldEmpty);
    }
    if text.chars().count() > FIELD_MAX_CHARS {
        return Err(LftError::FieldTooLong);
    }
    Ok(text)
}

/// What a person looking for a team says about themselves.
#[derive(Debug, Clone)]
pub struct LftRequest<'a> {
    pub topic: &'a str,
    pub skills: &'a str,
    pub languages: &'a str,
    pub time_zone: &'a str,
}

/// Records a post for a person in no team, with no other open post and
/// fewer than `per_day` posts in the last 24 hours.
pub async fn post(
    store: &Store,
    event_id: &str,
    user: u64,
    request: &LftRequest<'_>,
    per_day: u32,
    now: DateTime<Utc>,
) -> Result<LftPost, LftError> {
    let new = NewLftPost {
        event_id: event_id.to_owned(),
        user_id: user,
        topic: clean_field(request.topic)?,
        skills: clean_field(request.skills)?,
        languages: clean_field(request.languages)?,
        time_zone: clean_field(request.time_zone)?,
        now,
    };
    if store.team_of(event_id, user).await?.is_some() {
        return Err(LftError::AlreadyInTeam);
    }
    match store.create_lft_post_capped(&new, per_day).await? {
        Ok(Some(post)) => Ok(post),
        Ok(None) => Err(LftError::AlreadyPosted),
        Err(c) => Err(LftError::TooManyPosts {
            cap: c.cap,
            resets_at: c.resets_at,
        }),
    }
}

/// Links a Hugging Face username (checked against the Hub's rules for
/// names, not against the Hub itself).
pub async fn link_hf(
    store: &Store,
    event_id: &str,
    user: u64,
    username: &str,
    now: DateTime<Utc>,
) -> Result<String, LftError> {
    let username = username.trim().trim_start_matches('@');
    let username = username
        .strip_prefix("https://huggingface.co/")
        .unwrap_or(username)
        .trim_end_matches('/');
    if !is_valid_namespace(username) {
        return Err(LftError::InvalidHfUsername);
    }
    store
        .set_hf_username(event_id, user, Some(username), now)
        .await?;
    Ok(username.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_one_bounded_line() {
        assert_eq!(clean_field(" a\nb ").ok().as_deref(), Some("a b"));
        assert!(matches!(clean_field("  "), Err(LftError::FieldEmpty)));
        assert!(matches!(
            clean_field(&"x".repeat(201)),
            Err(LftError::FieldTooLong)
        ));
    }
}
