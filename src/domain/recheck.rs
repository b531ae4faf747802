//! The dashboard's re-check of a team's submission. It goes through the
//! same gate as Discord's "check again": one check per team at a time in
//! this process (a press while one runs joins it), the shared Hub budget
//! (with the organizers' reserve), and the team's cooldown, stored in the
//! database so it holds across processes — so the answer can say when the
//! team may be checked again. The check itself runs in the background; its
//! result is stored like any other and reaches the open dashboards through
//! their live updates.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::checks::{start_check, Flight};
use super::submission::{
    check_and_record, submission_deadline, SubmissionError, SubmissionFlights, SubmissionLinks,
    ToCheck,
};
use crate::config::{EventConfig, Settings};
use crate::hub::{HubBudget, HubClient, HubError};
use crate::store::{Store, Team};

/// The Hub client (with the process's one budget) and the checks running
/// in this process: shared by the bot and the web when one process serves
/// both, so a press on either side counts against the same limits.
#[derive(Debug, Clone)]
pub struct Checker {
    pub hub: HubClient,
    pub flights: Arc<SubmissionFlights>,
}

impl Checker {
    /// The process's Hub client from `HF_ENDPOINT`/`HF_TOKEN`, with the
    /// event's budget, and no check running yet.
    pub fn for_process(settings: &Settings, event: &EventConfig) -> Result<Self, HubError> {
        let budget = Arc::new(HubBudget::new(
            crate::hub::budget::BucketLimits::from_settings(&event.hub.budget),
        ));
        Ok(Self {
            hub: HubClient::from_settings(settings)?.with_budget(budget),
            flights: Arc::default(),
        })
    }
}

/// What a press did.
#[derive(Debug, Clone)]
pub enum Rechecked {
    /// A check started; the team's next check may start at `next_at`.
    Started { team: Team, next_at: DateTime<Utc> },
    /// A check of the team was already running: its result will show.
    AlreadyRunning { team: Team },
}

impl Rechecked {
    pub fn team(&self) -> &Team {
        match self {
            Rechecked::Started { team, .. } | Rechecked::AlreadyRunning { team } => team,
        }
    }
}

/// Starts a check of the team's current submission from the dashboard
/// (the caller is a confirmed organizer). Refusals: no such team, no
/// submission, the team's cooldown ([`SubmissionError::TooSoon`], with
/// when), the Hub budget ([`SubmissionError::BudgetSpent`], with when).
pub async fn start(
    store: &Store,
    event: &EventConfig,
    checker: &Checker,
    team_id: i64,
    now: DateTime<Utc>,
) -> Result<Rechecked, SubmissionError> {
    let team = store
        .team(team_id)
        .await?
        .filter(|t| t.event_id == event.event.id)
        .ok_or(SubmissionError::TeamNotFound)?;
    let sub = store
        .latest_submission(team.id)
        .await?
        .ok_or(SubmissionError::NoSubmission)?;
    let links = SubmissionLinks::from_stored(&sub)?;
    let hub = checker.hub.as_organizer();
    let lead = match start_check(
        store,
        &hub,
        &checker.flights,
        &event.hub.budget,
        team.id,
        false,
        now,
    )
    .await?
    {
        Flight::Join(_) => return Ok(Rechecked::AlreadyRunning { team }),
        Flight::Lead(lead) => lead,
    };
    let next_at =
        now + chrono::Duration::seconds(i64::from(event.hub.budget.check_cooldown_seconds));
    let (store, event) = (store.clone(), event.clone());
    let (team_id, submission_id) = (team.id, sub.id);
    tokio::spawn(async move {
        let checked = async {
            let deadline = submission_deadline(&store, &event).await?;
            check_and_record(
                &store,
                &hub,
                &event,
                ToCheck {
                    team_id,
                    submission_id,
                    links: &links,
                },
                deadline,
                None,
            )
            .await
        }
        .await;
        match checked {
            Ok(c) => {
                lead.finish(c);
            }
            // Dropping the lead tells anyone who joined that it ended.
            Err(e) => tracing::error!(error = %e, team_id, "a dashboard re-check failed"),
        }
    });
    Ok(Rechecked::Started { team, next_at })
}
