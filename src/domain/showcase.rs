//! What the public pages show of the results: the podium (and the
//! honourable mention) once organizers have published them — the
//! publication's state `posted` — and nothing before, however far the
//! scoring got. Only team names and places leave this module.

use chrono::{DateTime, Utc};

use super::gallery;
use super::jury::mention::{honourable_mention, Mention};
use super::jury::{self, JuryError};
use crate::config::EventConfig;
use crate::store::Store;

/// One podium place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// 1-based; tied teams share a place.
    pub place: u32,
    pub team: String,
    /// The gallery address of the team's project.
    pub slug: String,
}

/// The published results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Showcase {
    /// Best place first, then by team name.
    pub podium: Vec<Placed>,
    /// The most liked project(s) in the likes snapshot, if it was taken
    /// and anyone liked anything.
    pub mention: Option<Mention>,
}

/// The results to show, or `None` while they are not published (or the
/// event has no jury).
pub async fn published(
    store: &Store,
    event: &EventConfig,
    now: DateTime<Utc>,
) -> Result<Option<Showcase>, JuryError> {
    let Some(jury_settings) = event.jury.as_ref() else {
        return Ok(None);
    };
    if !store.results_posted(&event.event.id).await? {
        return Ok(None);
    }
    let places = jury::podium(store, event, jury_settings, now).await?;
    let mut podium: Vec<Placed> = store
        .teams_with_members(&event.event.id)
        .await?
        .into_iter()
        .filter_map(|t| {
            let place = *places.get(&t.team.id)?;
            Some(Placed {
                place,
                slug: gallery::slug(t.team.id, &t.team.name),
                team: t.team.name,
            })
        })
        .collect();
    podium.sort_by(|a, b| {
        a.place
            .cmp(&b.place)
            .then_with(|| a.team.to_lowercase().cmp(&b.team.to_lowercase()))
    });
    let mention = honourable_mention(store, &event.event.id).await?;
    Ok(Some(Showcase { podium, mention }))
}
