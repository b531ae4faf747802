//! A team's Hub checks share the process's Hub budget, so each team gets at
//! most one check at a time and one start per cooldown:
//! - one check in flight per team: a second `/submit`, `/path` re-check or
//!   "check again" while one runs joins it and gets its result ([`Flights`],
//!   in this process only — two processes may each run one);
//! - a start at most once per `check_cooldown_seconds` per team, stored in
//!   the database so it holds across processes and restarts;
//! - no start when the Hub budget has no room for a whole check: the answer
//!   says when to come back instead of failing half-way.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::config::BudgetSettings;
use crate::hub::{BudgetSpent, HubClient};
use crate::store::{Store, StoreError};

/// The cooldown's action key in the store.
pub const HUB_CHECK: &str = "hub_check";

/// Hub requests a three-repo check costs at most: info and README each; the
/// commit list too for a repo changed after the deadline.
pub const REQUESTS_PER_TEAM: u32 = 9;

/// Why a check may not start now.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error("the team checked recently; next check at {retry_at}")]
    TooSoon { retry_at: DateTime<Utc> },
    #[error(transparent)]
    BudgetSpent(#[from] BudgetSpent),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where a check's result appears: `None` until it ends.
type Outcome<T> = watch::Receiver<Option<Arc<T>>>;

/// Checks running in this process, by team (with the flight's id, so an
/// old lead never removes a newer one), each with the watchers that
/// joined it.
#[derive(Debug)]
pub struct Flights<T> {
    running: Mutex<HashMap<i64, (u64, Outcome<T>)>>,
    next_id: std::sync::atomic::AtomicU64,
}

impl<T> Default for Flights<T> {
    fn default() -> Self {
        Self {
            running: Mutex::new(HashMap::new()),
            next_id: std::sync::atomic::AtomicU64::new(1),
        }
    }
}

/// Leading a team's check, or watching the one that runs.
#[derive(Debug)]
pub enum Flight<T> {
    Lead(FlightLead<T>),
    Join(FlightJoin<T>),
}

/// The one check of a team that runs; others join it until it ends.
/// Dropped without [`FlightLead::finish`], its watchers learn it ended
/// without a result.
#[derive(Debug)]
pub struct FlightLead<T> {
    team_id: i64,
    id: u64,
    tx: watch::Sender<Option<Arc<T>>>,
    flights: Arc<Flights<T>>,
}

/// A watcher of a running check.
#[derive(Debug)]
pub struct FlightJoin<T> {
    rx: Outcome<T>,
}

impl<T> Flights<T> {
    /// Leads the team's check, or joins the one running.
    pub fn lead_or_join(self: &Arc<Self>, team_id: i64) -> Flight<T> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, rx)) = running.get(&team_id) {
            return Flight::Join(FlightJoin { rx: rx.clone() });
        }
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (tx, rx) = watch::channel(None);
        running.insert(team_id, (id, rx));
        Flight::Lead(FlightLead {
            team_id,
            id,
            tx,
            flights: self.clone(),
        })
    }

    /// Whether a check of the team runs in this process.
    pub fn is_running(&self, team_id: i64) -> bool {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        running.contains_key(&team_id)
    }
}

impl<T> FlightLead<T> {
    pub fn team_id(&self) -> i64 {
        self.team_id
    }

    /// Hands the result to every watcher and ends the flight.
    pub fn finish(self, result: T) -> Arc<T> {
        let result = Arc::new(result);
        // No watcher is not an error.
        let _ = self.tx.send(Some(result.clone()));
        result
    }
}

impl<T> Drop for FlightLead<T> {
    fn drop(&mut self) {
        let mut running = self
            .flights
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if running
            .get(&self.team_id)
            .is_some_and(|(id, _)| *id == self.id)
        {
            running.remove(&self.team_id);
        }
    }
}

impl<T> FlightJoin<T> {
    /// The running check's result; `None` when it ended without one.
    pub async fn result(mut self) -> Option<Arc<T>> {
        match self.rx.wait_for(Option::is_some).await {
            Ok(v) => v.clone(),
            Err(_) => None,
        }
    }
}

/// Decides whether a check of `team_id` may start now: joins the running
/// one if there is one; otherwise asks the Hub budget for room for a whole
/// check, then takes the team's cooldown turn unless `skip_cooldown`
/// (organizers' checks: the cooldown protects the budget from participants,
/// and organizers have their own reserve; and `/path`'s refresh of facts
/// that are no longer fresh, which its freshness already spaces out).
pub async fn start_check<T>(
    store: &Store,
    hub: &HubClient,
    flights: &Arc<Flights<T>>,
    settings: &BudgetSettings,
    team_id: i64,
    skip_cooldown: bool,
    now: DateTime<Utc>,
) -> Result<Flight<T>, GateError> {
    let lead = match flights.lead_or_join(team_id) {
        join @ Flight::Join(_) => return Ok(join),
        Flight::Lead(lead) => lead,
    };
    hub.admits(REQUESTS_PER_TEAM)?;
    if !skip_cooldown {
        let until = now + chrono::Duration::seconds(i64::from(settings.check_cooldown_seconds));
        if let Some(retry_at) = store
            .take_team_cooldown(team_id, HUB_CHECK, now, until)
            .await?
        {
            return Err(GateError::TooSoon { retry_at });
        }
    }
    Ok(Flight::Lead(lead))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_check_joins_the_running_one_and_gets_its_result() {
        let flights: Arc<Flights<String>> = Arc::default();
        let Flight::Lead(lead) = flights.lead_or_join(7) else {
            panic!("the first check leads");
        };
        let Flight::Join(a) = flights.lead_or_join(7) else {
            panic!("the second joins");
        };
        let Flight::Join(b) = flights.lead_or_join(7) else {
            panic!("the third joins");
        };
        // Another team is not affected.
        assert!(matches!(flights.lead_or_join(8), Flight::Lead(_)));
        let waiting = tokio::spawn(async move { (a.result().await, b.result().await) });
        tokio::task::yield_now().await;
        assert!(!waiting.is_finished(), "joiners wait for the lead");
        lead.finish("report".to_string());
        let (a, b) = waiting.await.expect("join");
        assert_eq!(a.as_deref().map(String::as_str), Some("report"));
        assert_eq!(b.as_deref().map(String::as_str), Some("report"));
        // The flight is over: the next check leads again.
        assert!(!flights.is_running(7));
        assert!(matches!(flights.lead_or_join(7), Flight::Lead(_)));
    }

    #[tokio::test]
    async fn a_lead_that_fails_tells_its_joiners() {
        let flights: Arc<Flights<u32>> = Arc::default();
        let Flight::Lead(lead) = flights.lead_or_join(1) else {
            panic!("leads");
        };
        let Flight::Join(join) = flights.lead_or_join(1) else {
            panic!("joins");
        };
        drop(lead);
        assert_eq!(join.result().await, None);
        assert!(!flights.is_running(1));
    }

    #[tokio::test]
    async fn twenty_at_once_start_one_check() {
        let flights: Arc<Flights<u32>> = Arc::default();
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let f = flights.clone();
            tasks.push(tokio::spawn(async move {
                match f.lead_or_join(3) {
                    Flight::Lead(lead) => {
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        (true, *lead.finish(42))
                    }
                    Flight::Join(j) => (false, j.result().await.map_or(0, |v| *v)),
                }
            }));
        }
        let mut leads = 0;
        for t in tasks {
            let (led, value) = t.await.expect("join");
            leads += usize::from(led);
            assert_eq!(value, 42, "every press gets the one result");
        }
        assert_eq!(leads, 1);
    }
}
