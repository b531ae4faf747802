//! Deadlines organizers add, move and remove while the event runs. The id
//! rule is the event file's (see [`DeadlineId::parse`]), so a deadline typed
//! in Discord could also have been written in the file. Reminders are jobs:
//! the caller moves them (`scheduler::reschedule_deadline`) after a change.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::{is_slug, EventConfig};
use crate::store::{Store, StoreError, StoredDeadline};
use crate::text::sanitize;

/// A deadline's id: lowercase ASCII letters, digits and `-`, not starting
/// or ending with `-`, at most [`DeadlineId::MAX_LEN`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeadlineId(String);

impl DeadlineId {
    /// The event file's limit, which ids typed in Discord share.
    pub const MAX_LEN: usize = 64;

    /// Reads an id, ignoring surrounding spaces.
    pub fn parse(input: &str) -> Result<Self, DeadlineError> {
        let id = input.trim();
        if is_slug(id) {
            Ok(Self(id.to_string()))
        } else {
            Err(DeadlineError::BadId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a deadline change was refused.
#[derive(Debug, thiserror::Error)]
pub enum DeadlineError {
    #[error("not a deadline id")]
    BadId,
    #[error("deadline {0} already exists")]
    Exists(String),
    #[error("no deadline {0}")]
    NotFound(String),
    /// The event's rules name it (registration closes at it).
    #[error("deadline {0} is used by the event's rules")]
    InUse(String),
    #[error("nothing to change")]
    NothingToChange,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A deadline to add.
#[derive(Debug, Clone)]
pub struct NewDeadline {
    pub id: DeadlineId,
    pub at: DateTime<Utc>,
    pub title_es: String,
    pub title_en: String,
    pub reminders: Vec<Duration>,
}

/// What an edit changes; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct DeadlineChange {
    pub at: Option<DateTime<Utc>>,
    pub title_es: Option<String>,
    pub title_en: Option<String>,
    pub reminders: Option<Vec<Duration>>,
}

impl DeadlineChange {
    pub fn is_empty(&self) -> bool {
        self.at.is_none()
            && self.title_es.is_none()
            && self.title_en.is_none()
            && self.reminders.is_none()
    }
}

/// A title as stored: without hidden characters or surrounding spaces.
fn clean_title(title: &str) -> String {
    sanitize(title).trim().to_string()
}

/// Adds a deadline unless a live one has this id.
pub async fn add(
    store: &Store,
    event_id: &str,
    new: NewDeadline,
) -> Result<StoredDeadline, DeadlineError> {
    let id = new.id.as_str();
    if store.deadline(event_id, id).await?.is_some() {
        return Err(DeadlineError::Exists(id.to_string()));
    }
    let d = StoredDeadline {
        id: id.to_string(),
        title_es: clean_title(&new.title_es),
        title_en: clean_title(&new.title_en),
        at: new.at,
        reminders: new.reminders,
    };
    store.upsert_deadline(event_id, &d).await?;
    Ok(d)
}

/// A deadline before and after an edit.
#[derive(Debug, Clone)]
pub struct Edited {
    pub old: StoredDeadline,
    pub new: StoredDeadline,
}

/// Changes a deadline. Ids are looked up as stored, so a deadline added
/// under an older rule can still be edited.
pub async fn edit(
    store: &Store,
    event_id: &str,
    id: &str,
    change: DeadlineChange,
) -> Result<Edited, DeadlineError> {
    let id = id.trim();
    let Some(old) = store.deadline(event_id, id).await? else {
        return Err(DeadlineError::NotFound(id.to_string()));
    };
    if change.is_empty() {
        return Err(DeadlineError::NothingToChange);
    }
    let mut new = old.clone();
    if let Some(at) = change.at {
        new.at = at;
    }
    if let Some(reminders) = change.reminders {
        new.reminders = reminders;
    }
    if let Some(t) = change.title_es {
        new.title_es = clean_title(&t);
    }
    if let Some(t) = change.title_en {
        new.title_en = clean_title(&t);
    }
    store.upsert_deadline(event_id, &new).await?;
    Ok(Edited { old, new })
}

/// Removes a deadline the event's rules do not depend on; returns it as it
/// was.
pub async fn remove(
    store: &Store,
    event: &EventConfig,
    id: &str,
    now: DateTime<Utc>,
) -> Result<StoredDeadline, DeadlineError> {
    let id = id.trim();
    if id == event.teams.registration_closes {
        return Err(DeadlineError::InUse(id.to_string()));
    }
    let event_id = &event.event.id;
    let Some(old) = store.deadline(event_id, id).await? else {
        return Err(DeadlineError::NotFound(id.to_string()));
    };
    store.delete_deadline(event_id, id, now).await?;
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_event_files_rule() {
        for good in ["final-demo", "a", "r2", "registration-closes"] {
            assert_eq!(DeadlineId::parse(good).map(|i| i.0).ok(), Some(good.into()));
        }
        assert_eq!(
            DeadlineId::parse("  final  ").map(|i| i.0).ok(),
            Some("final".into()),
            "surrounding spaces are not part of the id"
        );
        for bad in [
            "",
            "   ",
            "Final",
            "final demo",
            "final_demo",
            "-final",
            "final-",
            "fínal",
            "final!",
        ] {
            assert!(
                matches!(DeadlineId::parse(bad), Err(DeadlineError::BadId)),
                "{bad:?} must be refused"
            );
        }
    }

    #[test]
    fn ids_may_be_as_long_as_the_event_file_allows() {
        let longest = "a".repeat(DeadlineId::MAX_LEN);
        assert!(DeadlineId::parse(&longest).is_ok());
        let longer = "a".repeat(DeadlineId::MAX_LEN + 1);
        assert!(matches!(
            DeadlineId::parse(&longer),
            Err(DeadlineError::BadId)
        ));
        // Longer than /deadline's old 40-character rule: the file allows it.
        assert!(DeadlineId::parse(&"b".repeat(41)).is_ok());
    }

    #[test]
    fn an_empty_change_is_empty() {
        assert!(DeadlineChange::default().is_empty());
        let change = DeadlineChange {
            reminders: Some(Vec::new()),
            ..DeadlineChange::default()
        };
        assert!(!change.is_empty());
    }
}
