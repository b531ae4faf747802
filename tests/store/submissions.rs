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

/// `/submit` as one process would run it.
async fn submit(
    store: &Store,
    event: &somosbot::config::EventConfig,
    user: u64,
    raw: &RawLinks<'_>,
    now: chrono::DateTime<Utc>,
) -> Result<Started<Accepted>, SubmissionError> {
    let (hub, flights) = gate_parts();
    let gate = Gate {
        hub: &hub,
        flights: &flights,
    };
    submission::submit(store, event, gate, user, raw, now).await
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

    let member = submit(&store, &event, 2, &LINKS, now).await;
    assert!(
        matches!(member, Err(SubmissionError::NotCaptain)),
        "{member:?}"
    );
    let outsider = submit(&store, &event, 9, &LINKS, now).await;
    assert!(
        matches!(outsider, Err(SubmissionError::NotInTeam)),
        "{outsider:?}"
    );

    let first = started(submit(&store, &event, 1, &LINKS, now).await);
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
    let refused = submit(&store, &event, 1, &LINKS, later).await;
    assert!(
        matches!(refused, Err(SubmissionError::DeadlinePassed { .. })),
        "{refused:?}"
    );
    let (_, until) = submission::allow_late(&store, &event, "ñandúes", 3, later)
        .await
        .unwrap();
    assert_eq!(until, later + Duration::hours(3));
    started(submit(&store, &event, 1, &LINKS, later + Duration::hours(1)).await);
    let too_late = submit(&store, &event, 1, &LINKS, later + Duration::hours(4)).await;
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

/// A checked report: the dataset changed at `changed` (after `deadline`
/// when late), with the verdict that follows.
fn report_changed_at(
    deadline: chrono::DateTime<Utc>,
    changed: chrono::DateTime<Utc>,
) -> somosbot::hub::Report {
    use somosbot::hub::{Commit, RepoFacts, RepoId, RepoKind, RepoReport, Report};
    let repo = RepoId::parse(RepoKind::Dataset, "somosnlp/NoticIA-it").unwrap();
    let facts = RepoFacts {
        exists: true,
        in_organization: true,
        public: true,
        last_commit: Some(changed),
        commits_after_deadline: vec![Commit {
            id: "a".repeat(40),
            title: "Fix after the deadline".into(),
            date: changed,
            authors: vec![],
        }],
        ..RepoFacts::default()
    };
    let r = RepoReport::new(
        repo.to_string(),
        Some(RepoKind::Dataset),
        Some(repo),
        Some(facts),
        vec![],
        false,
    );
    let report = Report::new("somosnlp", Some(deadline), vec![r], vec![]);
    // Worked out the way a check does: late unless accepted.
    somosbot::hub::check::apply_late_exception(&report, None)
}

fn json(report: &somosbot::hub::Report) -> serde_json::Value {
    serde_json::from_str(&report.to_json()).unwrap()
}

async fn a_failed_attempt_never_erases_a_verdict(store: Store) {
    let event = shipped_event();
    let mut policy = TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = Utc::now();
    let t = team::create_team(&store, &policy, 1, "Ñandúes", "Refranes", None, now)
        .await
        .unwrap();
    let first = started(submit(&store, &event, 1, &LINKS, now).await);
    let id = first.submission.id;
    let outage = serde_json::json!({"status": "could_not_check"});

    // The first check fails: nothing is known, the attempt's report is kept.
    store
        .record_failed_attempt(id, &outage, "the Hub answered HTTP 503", now)
        .await
        .unwrap();
    let s = store.submission(id).await.unwrap().unwrap();
    assert_eq!(s.status, SubmissionStatus::Unchecked);
    assert_eq!(s.report.as_ref(), Some(&outage));
    assert_eq!(
        s.failed_attempt.as_ref().unwrap().error,
        "the Hub answered HTTP 503"
    );

    // A real verdict replaces it and clears the attempt.
    let verdict = serde_json::json!({"status": "complete"});
    let t1 = now + Duration::minutes(5);
    store
        .set_submission_report(id, SubmissionStatus::Complete, &verdict, t1)
        .await
        .unwrap();
    let s = store.submission(id).await.unwrap().unwrap();
    assert_eq!(s.status, SubmissionStatus::Complete);
    assert_eq!(s.failed_attempt, None);

    // Later attempts fail: the verdict, its report and its time stay.
    let t2 = now + Duration::minutes(10);
    store
        .record_failed_attempt(id, &outage, "rate limited by the Hub", t2)
        .await
        .unwrap();
    let s = store.latest_submission(t.id).await.unwrap().unwrap();
    assert_eq!(s.status, SubmissionStatus::Complete);
    assert_eq!(s.report.as_ref(), Some(&verdict));
    assert_eq!(
        s.checked_at.map(|c| c.timestamp_millis()),
        Some(t1.timestamp_millis())
    );
    let attempt = s.failed_attempt.clone().unwrap();
    assert_eq!(attempt.at.timestamp_millis(), t2.timestamp_millis());
    let overview = submission::overview(&store, &event).await.unwrap();
    assert_eq!(overview.complete, vec!["Ñandúes".to_string()]);
    assert!(overview.unchecked.is_empty());
    assert_eq!(overview.stale.len(), 1);

    // Twenty failed attempts racing one verdict: the verdict is never lost.
    let late_report = json(&report_changed_at(
        now - Duration::days(1),
        now - Duration::hours(1),
    ));
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (store, outage) = (store.clone(), outage.clone());
        tasks.push(tokio::spawn(async move {
            store
                .record_failed_attempt(id, &outage, "timeout", t2 + Duration::seconds(i))
                .await
        }));
    }
    let t3 = t2 + Duration::seconds(10);
    store
        .set_submission_report(id, SubmissionStatus::Late, &late_report, t3)
        .await
        .unwrap();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let s = store.submission(id).await.unwrap().unwrap();
    assert_eq!(s.status, SubmissionStatus::Late);
    assert_eq!(s.report.as_ref(), Some(&late_report));
}

async fn a_late_exception_turns_late_into_complete_and_back(store: Store) {
    let event = shipped_event();
    let mut policy = TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = Utc::now();
    let t = team::create_team(&store, &policy, 1, "Ñandúes", "Refranes", None, now)
        .await
        .unwrap();
    let other = team::create_team(&store, &policy, 3, "Otros", "Otro tema", None, now)
        .await
        .unwrap();
    let sub = started(submit(&store, &event, 1, &LINKS, now).await);
    let report = report_changed_at(now - Duration::days(1), now - Duration::hours(1));
    assert_eq!(report.status, somosbot::hub::Status::Late);
    let checked = now - Duration::minutes(30);
    store
        .set_submission_report(
            sub.submission.id,
            SubmissionStatus::Late,
            &json(&report),
            checked,
        )
        .await
        .unwrap();
    let overview = submission::overview(&store, &event).await.unwrap();
    assert_eq!(overview.late, vec!["Ñandúes".to_string()]);
    assert!(overview.complete.is_empty());

    // Twenty organizers press at once: one exception, the verdict complete.
    let mut tasks = Vec::new();
    for i in 0..20u64 {
        let (store, event) = (store.clone(), event.clone());
        tasks.push(tokio::spawn(async move {
            submission::set_late_exception(&store, &event, t.id, 900 + i, true, now).await
        }));
    }
    for task in tasks {
        let d = task.await.unwrap().unwrap();
        assert_eq!(d.status, Some(SubmissionStatus::Complete));
    }
    let e = store.late_exception(t.id).await.unwrap().unwrap();
    assert_eq!(e.accepted_until.timestamp_millis(), now.timestamp_millis());
    let s = store.latest_submission(t.id).await.unwrap().unwrap();
    assert_eq!(s.status, SubmissionStatus::Complete);
    // The report says it was accepted, and when the check was made stays.
    assert_eq!(
        s.checked_at.map(|c| c.timestamp_millis()),
        Some(checked.timestamp_millis())
    );
    let stored = submission::stored_report(&s).unwrap();
    assert!(!stored.repos[0].facts.as_ref().unwrap().late);
    let overview = submission::overview(&store, &event).await.unwrap();
    assert_eq!(overview.complete, vec!["Ñandúes".to_string()]);
    assert!(overview.late.is_empty());

    // Withdrawn: late again; withdrawing twice is refused; another event's
    // or an unknown team is not found.
    let d = submission::set_late_exception(&store, &event, t.id, 900, false, now)
        .await
        .unwrap();
    assert_eq!(d.status, Some(SubmissionStatus::Late));
    assert!(d.exception.is_none());
    assert!(matches!(
        submission::set_late_exception(&store, &event, t.id, 900, false, now).await,
        Err(SubmissionError::NoLateException)
    ));
    assert!(matches!(
        submission::set_late_exception(&store, &event, 987_654, 900, true, now).await,
        Err(SubmissionError::TeamNotFound)
    ));
    // Letting the team hand in late covers its changes within that window;
    // a window that ended before the change does not.
    submission::allow_late(&store, &event, "ñandúes", 3, now - Duration::hours(5))
        .await
        .unwrap();
    assert_eq!(
        store.latest_submission(t.id).await.unwrap().unwrap().status,
        SubmissionStatus::Late
    );
    submission::allow_late(&store, &event, "ñandúes", 3, now)
        .await
        .unwrap();
    assert_eq!(
        store.latest_submission(t.id).await.unwrap().unwrap().status,
        SubmissionStatus::Complete
    );
    store.allow_late_submission(t.id, None).await.unwrap();
    // A team without a submission gets the exception, and no verdict.
    let d = submission::set_late_exception(&store, &event, other.id, 900, true, now)
        .await
        .unwrap();
    assert_eq!(d.status, None);

    // A verdict replaced meanwhile is not overwritten by the re-derivation.
    let newer = now - Duration::minutes(1);
    store
        .set_submission_report(
            sub.submission.id,
            SubmissionStatus::Late,
            &json(&report),
            newer,
        )
        .await
        .unwrap();
    let replaced = store
        .set_verdict_keeping_attempt(
            sub.submission.id,
            SubmissionStatus::Complete,
            &json(&report),
            checked,
        )
        .await
        .unwrap();
    assert!(!replaced);
    assert_eq!(
        store
            .submission(sub.submission.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        SubmissionStatus::Late
    );
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
    a_failed_attempt_never_erases_a_verdict,
    a_late_exception_turns_late_into_complete_and_back,
    a_team_checks_at_most_once_per_cooldown_across_processes
);
