//! The process's lifecycle: which handlers are running, so a shutdown lets
//! them finish. Discord handlers and the scheduler both count here.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

/// Counts handlers that are running, so shutdown can let them finish.
#[derive(Debug, Default)]
pub struct InFlight {
    count: AtomicUsize,
    idle: Notify,
    /// Commands between poise's `pre_command` and their end (success or
    /// error), by interaction id: poise has no hook that wraps a command.
    commands: Mutex<std::collections::HashMap<u64, InFlightGuard>>,
}

impl InFlight {
    /// A command started (poise `pre_command`).
    pub fn command_started(self: &Arc<Self>, id: u64) {
        let guard = self.start();
        if let Ok(mut map) = self.commands.lock() {
            map.insert(id, guard);
        }
    }

    /// A command ended, however it ended.
    pub fn command_ended(&self, id: u64) {
        let guard = self
            .commands
            .lock()
            .ok()
            .and_then(|mut map| map.remove(&id));
        drop(guard);
    }

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

impl std::fmt::Debug for InFlightGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InFlightGuard")
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn shutdown_waits_for_running_commands() {
        let inflight = Arc::new(InFlight::default());
        inflight.command_started(1);
        let button = inflight.start();
        assert!(
            !inflight.wait_idle(Duration::from_millis(20)).await,
            "two handlers run"
        );
        let waiter = {
            let inflight = inflight.clone();
            tokio::spawn(async move { inflight.wait_idle(Duration::from_secs(5)).await })
        };
        inflight.command_ended(1);
        drop(button);
        assert!(waiter.await.expect("join"), "idle once both ended");
        // Ending an unknown or already ended command changes nothing.
        inflight.command_ended(1);
        assert_eq!(inflight.count(), 0);
    }
}
