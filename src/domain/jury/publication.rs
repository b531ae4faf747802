//! What publishing the results announces: the podium (complete projects,
//! as many places as the event names honorary roles, 3 when none), the
//! honourable mention, and each team's jury comments as the judges wrote
//! them. Built from the store; posting it is the caller's (see
//! `scheduler::publish`).

use chrono::{DateTime, Utc};

use super::mention::{self, Mention};
use super::{podium, JuryError};
use crate::config::EventConfig;
use crate::store::Store;

/// A team on the podium.
#[derive(Debug, Clone, PartialEq)]
pub struct PodiumTeam {
    pub team_id: i64,
    pub name: String,
    /// 1-based; tied teams share a place.
    pub place: u32,
    pub members: Vec<u64>,
}

/// The comments the judges left for one team (empty ones left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamComments {
    pub team_id: i64,
    pub name: String,
    pub channel_id: Option<u64>,
    pub members: Vec<u64>,
    /// One per judge who wrote one, in judge order, as written.
    pub comments: Vec<String>,
}

/// Everything the publication says.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    /// Best place first, then by name.
    pub podium: Vec<PodiumTeam>,
    pub mention: Option<Mention>,
    pub comments: Vec<TeamComments>,
}

/// Reads what the publication would announce now. Places need scoring to
/// have closed (`jury::podium`); before that the podium is empty.
pub async fn prepare(
    store: &Store,
    event: &EventConfig,
    now: DateTime<Utc>,
) -> Result<Publication, JuryError> {
    let jury = event.jury.as_ref().ok_or(JuryError::NoJury)?;
    let event_id = event.event.id.as_str();
    let places = podium(store, event, jury, now).await?;
    let teams = store.teams_with_members(event_id).await?;
    let mut on_podium: Vec<PodiumTeam> = teams
        .iter()
        .filter_map(|t| {
            Some(PodiumTeam {
                team_id: t.team.id,
                name: t.team.name.clone(),
                place: *places.get(&t.team.id)?,
                members: t.members.clone(),
            })
        })
        .collect();
    on_podium.sort_by(|a, b| {
        a.place
            .cmp(&b.place)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let reviews = store.jury_reviews(event_id).await?;
    let comments = teams
        .iter()
        .filter_map(|t| {
            let comments: Vec<String> = reviews
                .iter()
                .filter(|r| r.team_id == t.team.id && !r.comment.trim().is_empty())
                .map(|r| r.comment.trim().to_string())
                .collect();
            (!comments.is_empty()).then(|| TeamComments {
                team_id: t.team.id,
                name: t.team.name.clone(),
                channel_id: t.team.channel_id,
                members: t.members.clone(),
                comments,
            })
        })
        .collect();
    Ok(Publication {
        podium: on_podium,
        mention: mention::honourable_mention(store, event_id).await?,
        comments,
    })
}
