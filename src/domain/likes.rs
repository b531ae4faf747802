//! The likes leaderboard: the event organization's Spaces or models ranked
//! by likes on the Hub, and the change since organizers' last snapshot.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::config::EventConfig;
use crate::hub::{HubClient, HubError, Liked, RepoKind};
use crate::store::{Store, StoreError};

/// How many entries the board shows.
pub const TOP: usize = 20;

/// Why the board could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LikesError {
    #[error("the Hub could not be asked: {0}")]
    Hub(#[from] HubError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The change of one entry since the last snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not in the snapshot.
    New,
    /// Likes gained (or lost) since the snapshot.
    Likes(i64),
}

/// One line of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub rank: usize,
    pub id: String,
    pub likes: u64,
    /// `None` when there is no snapshot to compare with.
    pub change: Option<Change>,
}

/// The board, with when the compared snapshot was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LikesBoard {
    pub kind: RepoKind,
    pub entries: Vec<Entry>,
    /// How many repos the organization has in all.
    pub total: usize,
    pub since: Option<DateTime<Utc>>,
}

/// The store's name for a kind.
pub fn kind_key(kind: RepoKind) -> &'static str {
    match kind {
        RepoKind::Space => "space",
        RepoKind::Model => "model",
        RepoKind::Dataset => "dataset",
    }
}

/// Most liked first; ties by id, so the order is stable.
pub fn rank(mut items: Vec<Liked>) -> Vec<Liked> {
    items.sort_by(|a, b| b.likes.cmp(&a.likes).then_with(|| a.id.cmp(&b.id)));
    items
}

/// The top [`TOP`] of `ranking`, each compared with `previous` when given.
pub fn board_entries(ranking: &[Liked], previous: Option<&[Liked]>) -> Vec<Entry> {
    let before: Option<HashMap<&str, u64>> =
        previous.map(|p| p.iter().map(|l| (l.id.as_str(), l.likes)).collect());
    ranking
        .iter()
        .take(TOP)
        .enumerate()
        .map(|(i, l)| Entry {
            rank: i + 1,
            id: l.id.clone(),
            likes: l.likes,
            change: before.as_ref().map(|b| match b.get(l.id.as_str()) {
                Some(old) => Change::Likes(l.likes as i64 - *old as i64),
                None => Change::New,
            }),
        })
        .collect()
}

async fn current(
    client: &HubClient,
    event: &EventConfig,
    kind: RepoKind,
) -> Result<Vec<Liked>, HubError> {
    Ok(rank(
        client.list_likes(kind, &event.hub.organization).await?,
    ))
}

/// The Hub's rankings, kept for [`BoardCache::FRESH`]: likes change slowly,
/// and anyone may ask for the board as often as they like, so the Hub is
/// asked at most once per kind and period in this process.
#[derive(Debug, Default)]
pub struct BoardCache {
    rankings: Mutex<HashMap<&'static str, (Vec<Liked>, Instant)>>,
}

impl BoardCache {
    pub const FRESH: Duration = Duration::from_secs(300);

    fn get(&self, kind: RepoKind) -> Option<Vec<Liked>> {
        let map = self.rankings.lock().unwrap_or_else(|p| p.into_inner());
        map.get(kind_key(kind))
            .filter(|(_, at)| at.elapsed() < Self::FRESH)
            .map(|(r, _)| r.clone())
    }

    fn put(&self, kind: RepoKind, ranking: &[Liked]) {
        let mut map = self.rankings.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(kind_key(kind), (ranking.to_vec(), Instant::now()));
    }
}

/// `/leaderboard likes`: the ranking (from the cache when fresh) and the
/// change since the last snapshot.
pub async fn board(
    store: &Store,
    client: &HubClient,
    cache: &BoardCache,
    event: &EventConfig,
    kind: RepoKind,
) -> Result<LikesBoard, LikesError> {
    let ranking = match cache.get(kind) {
        Some(r) => r,
        None => {
            let r = current(client, event, kind).await?;
            cache.put(kind, &r);
            r
        }
    };
    let snapshot = store
        .latest_likes_snapshot(&event.event.id, kind_key(kind))
        .await?;
    // A snapshot that no longer parses is ignored rather than failing.
    let previous: Option<(DateTime<Utc>, Vec<Liked>)> = snapshot.and_then(|s| {
        serde_json::from_value(s.ranking)
            .ok()
            .map(|r| (s.taken_at, r))
    });
    Ok(LikesBoard {
        kind,
        entries: board_entries(&ranking, previous.as_ref().map(|(_, r)| r.as_slice())),
        total: ranking.len(),
        since: previous.map(|(t, _)| t),
    })
}

/// `/leaderboard snapshot`: stores the current ranking; returns how many
/// repos it holds.
pub async fn snapshot(
    store: &Store,
    client: &HubClient,
    event: &EventConfig,
    kind: RepoKind,
    actor: u64,
    now: DateTime<Utc>,
) -> Result<usize, LikesError> {
    // Always asked afresh: the snapshot is what later boards compare with.
    let ranking = current(client, event, kind).await?;
    let json = serde_json::to_value(&ranking).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    store
        .insert_likes_snapshot(&event.event.id, kind_key(kind), actor, &json, now)
        .await?;
    Ok(ranking.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(id: &str, likes: u64) -> Liked {
        Liked {
            id: id.into(),
            likes,
        }
    }

    #[test]
    fn ranks_by_likes_then_id_and_compares_with_the_snapshot() {
        let r = rank(vec![l("o/b", 2), l("o/a", 2), l("o/c", 9)]);
        let ids: Vec<_> = r.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["o/c", "o/a", "o/b"]);
        let e = board_entries(&r, Some(&[l("o/c", 4), l("o/a", 3)]));
        assert_eq!(e[0].change, Some(Change::Likes(5)));
        assert_eq!(e[1].change, Some(Change::Likes(-1)));
        assert_eq!(e[2].change, Some(Change::New));
        assert!(board_entries(&r, None).iter().all(|x| x.change.is_none()));
        let many: Vec<_> = (0..30).map(|i| l(&format!("o/{i:02}"), i)).collect();
        assert_eq!(board_entries(&rank(many), None).len(), TOP);
    }
}
