//! What every command and event handler can reach.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use crate::config::{EventConfig, Settings};
use crate::domain::submission::RecheckLimiter;
use crate::domain::team::TeamPolicy;
use crate::hub::HubClient;
use crate::i18n::I18n;
use crate::store::Store;

/// poise's user data.
pub struct Data {
    pub store: Store,
    pub event: Arc<EventConfig>,
    pub settings: Settings,
    pub i18n: Arc<I18n>,
    pub teams: TeamPolicy,
    pub inflight: Arc<InFlight>,
    /// Guilds whose commands this process has registered.
    pub registered_guilds: Mutex<HashSet<u64>>,
    /// Serializes `/setup apply` so a double click creates nothing twice.
    pub setup_lock: tokio::sync::Mutex<()>,
    /// The Hub, from `HF_ENDPOINT` and `HF_TOKEN`; shared so its request
    /// limits hold across commands.
    pub hub: HubClient,
    /// One submission re-check per team every two minutes.
    pub rechecks: RecheckLimiter,
}

/// Counts handlers that are running, so shutdown can let them finish.
#[derive(Debug, Default)]
pub struct InFlight {
    count: AtomicUsize,
    idle: Notify,
}

impl InFlight {
    pub fn start(self: &Arc<Self>) -> InFlightGuard {
        self.count.fetch_add(1, Ordering::SeqCst);
        InFlightGuard(self.clone())
    }

    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Waits until no handler runs, at most `limit`.
    pub async fn wait_idle(&self, limit: std::time::Duration) -> bool {
        let wait = async {
            loop {
                let notified = self.idle.notified();
                if self.count() == 0 {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }
}

/// Ends one running handler when dropped (even on panic or early return).
pub struct InFlightGuard(Arc<InFlight>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}
