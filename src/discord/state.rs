//! What every command and event handler can reach.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::{EventConfig, Settings};
use crate::domain::checks::Flights;
use crate::domain::likes::BoardCache;
use crate::domain::path::HubView;
use crate::domain::path::HubViews;
use crate::domain::submission::SubmissionFlights;
use crate::domain::team::TeamPolicy;
use crate::hub::HubClient;
use crate::i18n::I18n;
use crate::lifecycle::InFlight;
use crate::store::Store;

/// poise's user data.
pub struct Data {
    pub store: Store,
    pub event: Arc<EventConfig>,
    pub settings: Settings,
    pub i18n: Arc<I18n>,
    pub inflight: Arc<InFlight>,
    /// Guilds whose commands this process has registered.
    pub registered_guilds: Mutex<HashSet<u64>>,
    /// Serializes `/setup apply` so a double click creates nothing twice.
    pub setup_lock: tokio::sync::Mutex<()>,
    /// Serializes applying `/jury assign`, so a double click applies once.
    pub jury_lock: tokio::sync::Mutex<()>,
    /// Serializes finding or making a projects category and putting a team
    /// channel in it, so simultaneous `/team create` make one category and
    /// never a 51st channel in one.
    pub category_lock: tokio::sync::Mutex<()>,
    /// The Hub, from `HF_ENDPOINT` and `HF_TOKEN`; shared so its request
    /// limits hold across commands.
    pub hub: HubClient,
    /// Submission checks running in this process, one per team: a second
    /// `/submit` or re-check joins the running one.
    pub checks: Arc<SubmissionFlights>,
    /// `/path` checks of teams that have not submitted, one per team.
    pub path_checks: Arc<Flights<HubView>>,
    /// The likes leaderboard's Hub answers, kept for five minutes.
    pub likes_boards: BoardCache,
    /// When this process started: a command begun before it that never
    /// ended was cut off by a crash (see `recovery`).
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// The help desk's memory in this process.
    pub tickets: crate::discord::tickets::TicketDesk,
    /// Hub checks of teams that have not submitted, for /path.
    pub path_views: HubViews,
    /// The Hub organization's member list, for /path's membership step.
    pub org_members: Arc<crate::hub::members::MemberCache>,
    /// Who this process recorded as a participant lately, so a person's
    /// every command does not write the same row again.
    pub recent_participants: Arc<RecentParticipants>,
    /// The served guild and the ids of the event's roles and channels.
    pub ids: Arc<crate::discord::identity::Directory>,
}

/// What [`Data`] is made from; the rest (locks, caches, in-flight checks)
/// starts empty.
pub struct DataParts {
    pub store: Store,
    pub event: Arc<EventConfig>,
    pub settings: Settings,
    pub i18n: Arc<I18n>,
    pub inflight: Arc<InFlight>,
    pub hub: HubClient,
    /// Running submission checks, shared with the web of the same process.
    pub checks: Arc<SubmissionFlights>,
    pub ids: Arc<crate::discord::identity::Directory>,
}

impl Data {
    pub fn new(parts: DataParts) -> Self {
        let DataParts {
            store,
            event,
            settings,
            i18n,
            inflight,
            hub,
            checks,
            ids,
        } = parts;
        Data {
            event,
            store,
            settings,
            i18n,
            inflight,
            registered_guilds: Mutex::new(Default::default()),
            setup_lock: tokio::sync::Mutex::new(()),
            jury_lock: tokio::sync::Mutex::new(()),
            category_lock: tokio::sync::Mutex::new(()),
            hub,
            checks,
            path_checks: Default::default(),
            likes_boards: Default::default(),
            started_at: chrono::Utc::now(),
            tickets: Default::default(),
            path_views: Default::default(),
            // Ten minutes: joining shows up soon, and a burst of /path costs
            // one listing.
            org_members: Arc::new(crate::hub::members::MemberCache::new(Duration::from_secs(
                600,
            ))),
            recent_participants: Default::default(),
            ids,
        }
    }

    /// The team rules now (see [`TeamPolicy::current`]).
    pub async fn team_policy(&self) -> Result<TeamPolicy, crate::store::StoreError> {
        TeamPolicy::current(&self.store, &self.event).await
    }
}

/// People recorded as participants lately, with their locale. A command
/// from someone recorded within [`RecentParticipants::FRESH`] in the same
/// language would write nothing new; the memory expires because another
/// process (shard range) may have recorded a different locale since.
#[derive(Debug, Default)]
pub struct RecentParticipants(Mutex<HashMap<u64, (Option<String>, Instant)>>);

impl RecentParticipants {
    const FRESH: Duration = Duration::from_secs(600);
    /// Past this many people, expired entries are dropped.
    const PRUNE_AT: usize = 10_000;

    /// Whether recording `user` with `locale` would change nothing (`None`
    /// keeps the stored locale).
    pub fn is_fresh(&self, user: u64, locale: Option<&str>) -> bool {
        let Ok(map) = self.0.lock() else {
            return false;
        };
        map.get(&user).is_some_and(|(known, at)| {
            at.elapsed() < Self::FRESH && (locale.is_none() || known.as_deref() == locale)
        })
    }

    /// `user` was recorded with `locale` just now.
    pub fn record(&self, user: u64, locale: Option<&str>) {
        let Ok(mut map) = self.0.lock() else {
            return;
        };
        if map.len() >= Self::PRUNE_AT {
            map.retain(|_, (_, at)| at.elapsed() < Self::FRESH);
        }
        let known = map.remove(&user).and_then(|(l, _)| l);
        let locale = locale.map(str::to_string).or(known);
        map.insert(user, (locale, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participant_is_written_again_only_when_it_changes() {
        let recent = RecentParticipants::default();
        assert!(!recent.is_fresh(7, Some("es-ES")), "never recorded");
        recent.record(7, Some("es-ES"));
        assert!(recent.is_fresh(7, Some("es-ES")));
        assert!(recent.is_fresh(7, None), "no locale keeps the stored one");
        assert!(!recent.is_fresh(7, Some("en-US")), "a new language");
        assert!(!recent.is_fresh(8, Some("es-ES")), "someone else");
        recent.record(7, None);
        assert!(recent.is_fresh(7, Some("es-ES")), "the locale is kept");
    }
}
