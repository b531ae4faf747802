//! Submission rules without Discord or the Hub, on both engines: who may
//! submit, until when, the late exception, history and the overview.

use chrono::{Duration, Utc};
use somosbot::domain::submission::{self, RawLinks, SubmissionError};
use somosbot::domain::team::{self, TeamPolicy};
use somosbot::store::{Store, StoredDeadline, SubmissionStatus};

use crate::support::bot::shipped_event;

const LINKS: RawLinks<'static> = RawLinks {
    dataset: "https://huggingface.co/datasets/somosnlp/NoticIA-it",
    model: Some("hf.co/somosnlp/NoticIA-7B"),
    demo: Some("https://somosnlp-noticia-demo.hf.space"),
    video: Some("youtu.be/abc"),
};

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

    let member = submission::submit(&store, &event, 2, &LINKS, now).await;
    assert!(
        matches!(member, Err(SubmissionError::NotCaptain)),
        "{member:?}"
    );
    let outsider = submission::submit(&store, &event, 9, &LINKS, now).await;
    assert!(
        matches!(outsider, Err(SubmissionError::NotInTeam)),
        "{outsider:?}"
    );

    let first = submission::submit(&store, &event, 1, &LINKS, now)
        .await
        .unwrap();
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
    let refused = submission::submit(&store, &event, 1, &LINKS, later).await;
    assert!(
        matches!(refused, Err(SubmissionError::DeadlinePassed { .. })),
        "{refused:?}"
    );
    let (_, until) = submission::allow_late(&store, &event, "ñandúes", 3, later)
        .await
        .unwrap();
    assert_eq!(until, later + Duration::hours(3));
    submission::submit(&store, &event, 1, &LINKS, later + Duration::hours(1))
        .await
        .unwrap();
    let too_late = submission::submit(&store, &event, 1, &LINKS, later + Duration::hours(4)).await;
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

crate::on_both_backends!(the_captain_submits_before_the_deadline_and_late_only_by_exception);
