//! What a judge does: declare a conflict, score a project's groups, write
//! a comment and a private note, give the extra points. Every write checks
//! on the server side that the judge is assigned and that scoring is open,
//! and is audited with the old and the new value.

use chrono::{DateTime, Utc};

use super::scoring::{self, ScoreError};
use super::{projects, Project};
use crate::config::{CriteriaGroup, EventConfig, JurySettings};
use crate::store::{ExtraMoved, Store, StoreError};

/// The longest conflict reason kept.
pub const MAX_REASON: usize = 300;
/// The longest comment to the team, and private note.
pub const MAX_COMMENT: usize = 1000;

/// Why a judge's action is refused; each maps to a localized message.
#[derive(Debug, thiserror::Error)]
pub enum JudgingError {
    #[error("the event has no jury")]
    NoJury,
    #[error("no such team")]
    NoTeam,
    #[error("the team has not submitted")]
    NotSubmitted,
    #[error("the reason must be 3-{MAX_REASON} characters")]
    BadReason,
    #[error("the text is longer than {MAX_COMMENT} characters")]
    TooLong,
    #[error("not assigned to this project")]
    NotAssigned,
    #[error("no such criteria group for this project")]
    NoGroup,
    #[error("scoring closed at {0}")]
    Closed(DateTime<Utc>),
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The jury settings, or the refusal.
pub fn settings(event: &EventConfig) -> Result<&JurySettings, JudgingError> {
    event.jury.as_ref().ok_or(JudgingError::NoJury)
}

/// When scoring closes, as organizers last set the deadline.
pub async fn closes_at(
    store: &Store,
    event: &EventConfig,
) -> Result<Option<DateTime<Utc>>, JudgingError> {
    let jury = settings(event)?;
    Ok(store
        .deadline(&event.event.id, &jury.scoring_closes)
        .await?
        .map(|d| d.at))
}

/// Refuses once the scoring deadline has passed.
pub async fn ensure_open(
    store: &Store,
    event: &EventConfig,
    now: DateTime<Utc>,
) -> Result<(), JudgingError> {
    match closes_at(store, event).await? {
        Some(at) if now >= at => Err(JudgingError::Closed(at)),
        _ => Ok(()),
    }
}

/// A conflict reason as stored: invisible characters removed, trimmed.
pub fn clean_reason(reason: &str) -> Result<String, JudgingError> {
    let cleaned = crate::text::sanitize(reason).trim().to_string();
    let n = cleaned.chars().count();
    if !(3..=MAX_REASON).contains(&n) {
        return Err(JudgingError::BadReason);
    }
    Ok(cleaned)
}

/// A comment or note as stored (empty is allowed: it clears it).
pub fn clean_comment(text: &str) -> Result<String, JudgingError> {
    let cleaned = crate::text::sanitize(text).trim().to_string();
    if cleaned.chars().count() > MAX_COMMENT {
        return Err(JudgingError::TooLong);
    }
    Ok(cleaned)
}

/// `judge` declares they may not judge `team_id`; true when new. Audited.
pub async fn declare_conflict(
    store: &Store,
    event: &EventConfig,
    judge: u64,
    team_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(String, bool), JudgingError> {
    settings(event)?;
    let reason = clean_reason(reason)?;
    let team = store
        .team(team_id)
        .await?
        .filter(|t| t.event_id == event.event.id)
        .ok_or(JudgingError::NoTeam)?;
    let new = store
        .declare_jury_conflict(&event.event.id, judge, team.id, &reason, now)
        .await?;
    if new {
        store
            .record_audit(
                &event.event.id,
                judge,
                "jury.conflict",
                Some(&team.name),
                &serde_json::json!({ "team": team.id, "reason": reason }),
                now,
            )
            .await?;
    }
    Ok((team.name, new))
}

/// The project `judge` may see: assigned, and submitted.
pub async fn assigned_project(
    store: &Store,
    event: &EventConfig,
    judge: u64,
    team_id: i64,
) -> Result<Project, JudgingError> {
    let event_id = &event.event.id;
    if !store.is_jury_assigned(event_id, team_id, judge).await? {
        return Err(JudgingError::NotAssigned);
    }
    projects(store, event_id)
        .await
        .map_err(|e| match e {
            super::JuryError::Store(e) => JudgingError::Store(e),
            super::JuryError::NoJury => JudgingError::NoJury,
        })?
        .into_iter()
        .find(|p| p.team.team.id == team_id)
        .ok_or(JudgingError::NotSubmitted)
}

/// The group `group_id` if `project` is scored on it.
pub fn group_for<'a>(
    jury: &'a JurySettings,
    project: &Project,
    group_id: &str,
) -> Result<&'a CriteriaGroup, JudgingError> {
    jury.groups_for(project.corpus_only)
        .find(|g| g.id == group_id)
        .ok_or(JudgingError::NoGroup)
}

/// What a saved score was and is, in half points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreChange {
    pub previous: Option<u32>,
    pub halves: u32,
}

/// Saves `judge`'s score for one group of `team_id` from what they typed.
/// Refused (nothing written) when scoring closed, the judge is not
/// assigned, the group is not one the project is scored on, or the value
/// is not a half point within the group's points.
pub async fn score(
    store: &Store,
    event: &EventConfig,
    judge: u64,
    team_id: i64,
    group_id: &str,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<ScoreChange, JudgingError> {
    let jury = settings(event)?;
    ensure_open(store, event, now).await?;
    let project = assigned_project(store, event, judge, team_id).await?;
    let group = group_for(jury, &project, group_id)?;
    let halves = scoring::parse_score(typed, group.points)?;
    let saved = store
        .save_jury_score(&event.event.id, team_id, judge, &group.id, halves, now)
        .await?;
    let previous = match saved {
        crate::store::ScoreSaved::Saved { previous } => previous,
        crate::store::ScoreSaved::NotAssigned => return Err(JudgingError::NotAssigned),
    };
    if previous != Some(halves) {
        store
            .record_audit(
                &event.event.id,
                judge,
                "jury.score",
                Some(&project.team.team.name),
                &serde_json::json!({
                    "team": team_id,
                    "group": group.id,
                    "from": previous.map(scoring::show),
                    "to": scoring::show(halves),
                }),
                now,
            )
            .await?;
    }
    Ok(ScoreChange { previous, halves })
}

/// Saves `judge`'s comment to the team and private note for `team_id`
/// (their extra points stay). Audited.
pub async fn comment(
    store: &Store,
    event: &EventConfig,
    judge: u64,
    team_id: i64,
    comment: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), JudgingError> {
    settings(event)?;
    ensure_open(store, event, now).await?;
    let (comment, note) = (clean_comment(comment)?, clean_comment(note)?);
    let project = assigned_project(store, event, judge, team_id).await?;
    let before = store
        .jury_review(&event.event.id, team_id, judge)
        .await?
        .map(|r| (r.comment, r.note))
        .unwrap_or_default();
    if !store
        .save_jury_comment(&event.event.id, team_id, judge, &comment, &note, now)
        .await?
    {
        return Err(JudgingError::NotAssigned);
    }
    if before != (comment.clone(), note.clone()) {
        store
            .record_audit(
                &event.event.id,
                judge,
                "jury.comment",
                Some(&project.team.team.name),
                &serde_json::json!({
                    "team": team_id,
                    "from": { "comment": before.0, "note": before.1 },
                    "to": { "comment": comment, "note": note },
                }),
                now,
            )
            .await?;
    }
    Ok(())
}

/// Gives `judge`'s extra points to `team_id`, moving them from the project
/// that had them; pressing again on the same project takes them back.
pub async fn toggle_extra(
    store: &Store,
    event: &EventConfig,
    judge: u64,
    team_id: i64,
    now: DateTime<Utc>,
) -> Result<ExtraMoved, JudgingError> {
    let jury = settings(event)?;
    ensure_open(store, event, now).await?;
    let project = assigned_project(store, event, judge, team_id).await?;
    let halves = scoring::halves(jury.extra_points);
    let moved = store
        .toggle_jury_extra(&event.event.id, team_id, judge, halves, now)
        .await?;
    let details = match moved {
        ExtraMoved::NotAssigned => return Err(JudgingError::NotAssigned),
        ExtraMoved::Given { from } => serde_json::json!({
            "team": team_id, "given": scoring::show(halves), "moved_from": from,
        }),
        ExtraMoved::TakenBack => serde_json::json!({ "team": team_id, "taken_back": true }),
    };
    store
        .record_audit(
            &event.event.id,
            judge,
            "jury.extra",
            Some(&project.team.team.name),
            &details,
            now,
        )
        .await?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_cleaned_and_bounded() {
        assert_eq!(
            clean_reason("  fui mentora\u{200B} del equipo ").ok(),
            Some("fui mentora del equipo".to_string())
        );
        assert!(matches!(
            clean_reason("\u{202E}a "),
            Err(JudgingError::BadReason)
        ));
        assert!(clean_reason(&"x".repeat(MAX_REASON)).is_ok());
        assert!(matches!(
            clean_reason(&"x".repeat(MAX_REASON + 1)),
            Err(JudgingError::BadReason)
        ));
        assert_eq!(clean_comment("").ok(), Some(String::new()));
        assert!(matches!(
            clean_comment(&"y".repeat(MAX_COMMENT + 1)),
            Err(JudgingError::TooLong)
        ));
    }
}
