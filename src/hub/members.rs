//! Hub organization membership (the path's "join the organization" step):
//! the organization's member list, every page of it, kept for a while so a
//! server of participants asking `/path` costs one listing, not one each.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use tokio::time::Instant;

use super::client::{HubClient, HubError, MAX_LIST_PAGES};

/// One member of `GET /api/organizations/{org}/members`.
#[derive(Debug, Deserialize)]
struct Member {
    #[serde(default)]
    user: String,
}

impl HubClient {
    /// Every member's username, following the listing's pages (`Link:
    /// rel="next"`) up to [`MAX_LIST_PAGES`]; empty when the organization
    /// does not exist.
    pub async fn organization_members(&self, org: &str) -> Result<Vec<String>, HubError> {
        let mut out = Vec::new();
        if !super::repo_id::is_valid_namespace(org) {
            return Ok(out);
        }
        let mut path = format!("/api/organizations/{org}/members");
        for _page in 0..MAX_LIST_PAGES {
            let Some((members, next)) = self.list_page::<Member>(&path).await? else {
                break;
            };
            out.extend(
                members
                    .into_iter()
                    .map(|m| m.user)
                    .filter(|u| !u.is_empty()),
            );
            match next {
                Some(p) => path = p,
                None => break,
            }
        }
        Ok(out)
    }
}

/// When a member list was read, and the lowercased usernames on it.
type Listed = (Instant, Arc<HashSet<String>>);

/// Member lists by organization, each kept for `ttl`.
#[derive(Debug)]
pub struct MemberCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, Listed>>,
}

impl MemberCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `user` is a member of `org` (usernames compared without case,
    /// as the Hub does). A failed listing is not cached.
    pub async fn is_member(
        &self,
        client: &HubClient,
        org: &str,
        user: &str,
    ) -> Result<bool, HubError> {
        let key = org.to_ascii_lowercase();
        let fresh = self.entries.lock().ok().and_then(|e| {
            e.get(&key)
                .filter(|(at, _)| at.elapsed() < self.ttl)
                .map(|(_, m)| Arc::clone(m))
        });
        let members = match fresh {
            Some(m) => m,
            None => {
                let listed: HashSet<String> = client
                    .organization_members(org)
                    .await?
                    .into_iter()
                    .map(|u| u.to_ascii_lowercase())
                    .collect();
                let listed = Arc::new(listed);
                if let Ok(mut e) = self.entries.lock() {
                    e.insert(key, (Instant::now(), Arc::clone(&listed)));
                }
                listed
            }
        };
        Ok(members.contains(&user.to_ascii_lowercase()))
    }
}
