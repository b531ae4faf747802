//! Submission rules without Discord or the Hub, on both engines: who may
//! submit, until when, the late exception, history and the overview.

use std::sync::Arc;

use chrono::{Duration, Utc};
use somosbot::domain::submission::{
    self, Accepted, Gate, RawLinks, Started, SubmissionError, SubmissionFlights,
};
use somosbot::domain::team::{self, TeamPolicy};
use somosbot::hub::{ClientOptions, HubClient};
use somosbot::store::{Store, StoredDeadline, SubmissionStatus};

use crate::support::bot::shipped_event;

const LINKS: RawLinks<'static> = RawLinks {
    dataset: "https://huggingface.co/datasets/somosnlp/NoticIA-it",
    model: Some("hf.co/somosnlp/NoticIA-7B"),
    demo: Some("https://somosnlp-noticia-demo.hf.space"),
    video: Some("youtu.be/abc"),
};

/// A Hub client that is never asked (a gate only reads its budget) and
/// the process's running checks.
fn gate_parts() -> (HubClient, Arc<SubmissionFlights>) {
    let hub = HubClient::new(ClientOptions::new("http://127.0.0.1:9")).expect("client");
    (hub, Arc::default())
}

/// The accepted submission of a started check; the check is over at once.
fn started(s: Result<Started<Accepted>, SubmissionError>) -> Accepted {
    match s {
        Ok(Started::Check(a, _lead)) => a,
        other => panic!("expected a started check, got {other:?}"),
    }
}

async fn set_deadline(store: &Store, event_id: &str, at: chrono::DateTime<Utc>) {
    store
        .upsert_deadline(
            event_id,
            &StoredDeadline {
                id: "submission".into(),
                title_es: "Entrega".into(),
                title_en: "Submission".into(),
                at,
                reminders: vec![],
            },
        )
        .await
        .unwrap();
}

async fn the_captain_submits_before_the_deadline_and_late_only_by_exception(store: Store) {
    let event = shipped_event();
    let id = event.event.id.clone();
    let mut policy = TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = Utc::now();
    let t = team::create_team(&store, &policy, 1, "Ñandúes", "Refranes", None, now)
        .await
        .unwrap();
    team::join_team(&store, &policy, t.id, 2, now)
        .await
        .unwrap();
    let other = team::create_team(&store, &policy, 3, "Otros", "Otro tema", None, now)
        .await
        .unwrap();
    set_deadline(&store, &id, now + Duration::days(1)).await;
    let (hub, flights) = gate_parts();
    let gate = Gate {
        hub: &hub,
        flights: &flights,
    };

    let member = submission::submit(&store, &event, gate, 2, &LINKS, now).await;
    assert!(
        matches!(member, Err(SubmissionError::NotCaptain)),
        "{member:?}"
    );
    let outsider = submission::submit(&store, &event, gate, 9, &LINKS, now).await;
    assert!(
        matches!(outsider, Err(SubmissionError::NotInTeam)),
        "{outsider:?}"
    );

    let first = started(submission::submit(&store, &event, gate, 1, &LINKS, now).await);
    assert_eq!(
        first.submission.demo.as_deref(),
        Some("https://somosnlp-noticia-demo.hf.space")
    );
    assert_eq!(
        first.submission.video.as_deref(),
        Some("https://youtu.be/abc")
    );
    assert_eq!(first.submission.status, SubmissionStatus::Checking);

    // After the deadline: refused, until an organizer lets the team in.
    let later = now + Duration::days(2);
    let refused = submission::submit(&store, &event, gate, 1, &LINKS, later).await;
    assert!(
        matches!(refused, Err(SubmissionError::DeadlinePassed { .. })),
        "{refused:?}"
    );
    let (_, until) = submission::allow_late(&store, &event, "ñandúes", 3, later)
        .await
        .unwrap();
    assert_eq!(until, later + Duration::hours(3));
    started(submission::submit(&store, &event, gate, 1, &LINKS, later + Duration::hours(1)).await);
    let too_late =
        submission::submit(&store, &event, gate, 1, &LINKS, later + Duration::hours(4)).await;
    assert!(matches!(
        too_late,
        Err(SubmissionError::DeadlinePassed { .. })
    ));
    assert_eq!(store.submission_history(t.id).await.unwrap().len(), 2);

    let overview = submission::overview(&store, &event).await.unwrap();
    assert_eq!(overview.unchecked, vec!["Ñandúes".to_string()]);
    assert_eq!(overview.missing, vec![other.name]);
    assert!(overview.complete.is_empty() && overview.incomplete.is_empty());
}

/// The per-team cooldown lives in the database, so it holds across two
/// processes: a second `/submit` within two minutes is refused with the time
/// it may run again (by a "second process" with its own running checks),
/// and 20 simultaneous takes give exactly one turn.
async fn a_team_checks_at_most_once_per_cooldown_across_processes(store: Store) {
    let event = shipped_event();
    let mut policy = TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = Utc::now();
    let t = team::create_team(&store, &policy, 1, "Ñandúes", "Refranes", None, now)
        .await
        .unwrap();
    set_deadline(&store, &event.event.id, now + Duration::days(1)).await;
    let (hub, first_process) = gate_parts();
    let (_, second_process) = gate_parts();
    let gate = |flights| Gate { hub: &hub, flights };
    started(submission::submit(&store, &event, gate(&first_process), 1, &LINKS, now).await);
    let again = submission::submit(
        &store,
        &event,
        gate(&second_process),
        1,
        &LINKS,
        now + Duration::seconds(30),
    )
    .await;
    let cooldown = Duration::seconds(i64::from(event.hub.budget.check_cooldown_seconds));
    match again {
        Err(SubmissionError::TooSoon { retry_at }) => {
            assert_eq!(
                retry_at.timestamp_millis(),
                (now + cooldown).timestamp_millis()
            )
        }
        other => panic!("expected TooSoon, got {other:?}"),
    }
    assert_eq!(
        store.submission_history(t.id).await.unwrap().len(),
        1,
        "a refused /submit stores nothing"
    );
    // Once the cooldown is over, it runs again.
    started(
        submission::submit(
            &store,
            &event,
            gate(&second_process),
            1,
            &LINKS,
            now + cooldown + Duration::seconds(1),
        )
        .await,
    );

    // 20 presses at once, each as its own process: one turn.
    let other = team::create_team(&store, &policy, 5, "Otros", "Otro tema", None, now)
        .await
        .unwrap();
    let until = now + cooldown;
    let takes = (0..20).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .take_team_cooldown(other.id, "hub_check", now, until)
                .await
                .unwrap()
        })
    });
    let mut taken = 0;
    for t in takes {
        match t.await.unwrap() {
            None => taken += 1,
            Some(at) => assert_eq!(at.timestamp_millis(), until.timestamp_millis()),
        }
    }
    assert_eq!(taken, 1);
}

crate::on_both_backends!(
    the_captain_submits_before_the_deadline_and_late_only_by_exception,
    a_team_checks_at_most_once_per_cooldown_across_processes
);
