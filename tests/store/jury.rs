//! The jury's storage on both engines: conflicts and helpers feed the
//! assignment, scores exist only for assignments, one extra point per judge
//! under concurrent presses, the publication is claimed once, certificates
//! are found by code.

use chrono::Duration;
use somosbot::domain::team;
use somosbot::store::*;

use crate::scenarios::{now, policy};

async fn team_of(store: &Store, captain: u64, name: &str, members: &[u64]) -> i64 {
    let p = policy("ev");
    let t = team::create_team(store, &p, captain, name, "un tema", None, now())
        .await
        .unwrap();
    for m in members {
        team::join_team(store, &p, t.id, *m, now()).await.unwrap();
    }
    t.id
}

async fn assignments_scores_and_reviews_keep_their_rules(store: Store) {
    let t1 = team_of(&store, 1, "Uno", &[2]).await;
    let t2 = team_of(&store, 3, "Dos", &[]).await;
    // A help post by team 1's member 2, answered by 50 and claimed by 51.
    let (ticket, _) = store
        .create_ticket(&NewTicket {
            event_id: "ev",
            thread_id: Some(900),
            author_id: 2,
            title: "¿Cómo subo el corpus?",
            request_key: None,
            lang: Some("es"),
            now: now(),
        })
        .await
        .unwrap();
    store
        .record_ticket_reply(ticket.id, 50, now())
        .await
        .unwrap();
    assert!(store.claim_ticket(ticket.id, 51, now()).await.unwrap());
    assert_eq!(
        store.team_helpers("ev").await.unwrap(),
        [(t1, 50), (t1, 51)]
    );

    assert!(store
        .declare_jury_conflict("ev", 60, t2, "mi prima", now())
        .await
        .unwrap());
    assert!(!store
        .declare_jury_conflict("ev", 60, t2, "otra vez", now())
        .await
        .unwrap());
    assert_eq!(store.jury_conflicts("ev").await.unwrap(), [(60, t2)]);

    let (added, removed) = store
        .apply_jury_assignment("ev", &[(t1, 60), (t2, 61), (t1, 61)], &[], 9, now())
        .await
        .unwrap();
    assert_eq!((added, removed), (3, 0));
    assert!(store.is_jury_assigned("ev", t1, 60).await.unwrap());
    assert!(!store.is_jury_assigned("ev", t2, 60).await.unwrap());

    // Not assigned: nothing written.
    let refused = store
        .save_jury_score("ev", t2, 60, "corpus", 4, now())
        .await
        .unwrap();
    assert_eq!(refused, ScoreSaved::NotAssigned);
    let first = store
        .save_jury_score("ev", t1, 60, "corpus", 5, now())
        .await
        .unwrap();
    assert_eq!(first, ScoreSaved::Saved { previous: None });
    let again = store
        .save_jury_score("ev", t1, 60, "corpus", 7, now())
        .await
        .unwrap();
    assert_eq!(again, ScoreSaved::Saved { previous: Some(5) });
    let scores = store.jury_scores("ev").await.unwrap();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].halves, 7);

    // A scored assignment is never dropped; an unscored one is.
    let (_, removed) = store
        .apply_jury_assignment("ev", &[], &[(t1, 60), (t1, 61)], 9, now())
        .await
        .unwrap();
    assert_eq!(removed, 1);
    let left: Vec<(i64, u64, bool)> = store
        .jury_assignments("ev")
        .await
        .unwrap()
        .iter()
        .map(|a| (a.team_id, a.judge_id, a.scored))
        .collect();
    assert_eq!(left, [(t1, 60, true), (t2, 61, false)]);

    // Reviews: the extra point goes to one project per judge.
    store
        .apply_jury_assignment("ev", &[(t2, 60)], &[], 9, now())
        .await
        .unwrap();
    let ok = store
        .save_jury_review("ev", t1, 60, "¡Muy bien!", "sólido", 2, now())
        .await
        .unwrap();
    assert_eq!(ok, ExtraSaved::Saved);
    let second = store
        .save_jury_review("ev", t2, 60, "", "", 2, now())
        .await
        .unwrap();
    assert_eq!(second, ExtraSaved::AlreadyGiven { team_id: t1 });
    let unassigned = store
        .save_jury_review("ev", t1, 99, "x", "", 0, now())
        .await
        .unwrap();
    assert_eq!(unassigned, ExtraSaved::NotAssigned);
    let reviews = store.jury_reviews("ev").await.unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        (reviews[0].comment.as_str(), reviews[0].extra_halves),
        ("¡Muy bien!", 2)
    );
}

async fn twenty_simultaneous_extra_points_give_one(store: Store) {
    let mut teams = Vec::new();
    for i in 0..20u64 {
        teams.push(team_of(&store, 100 + i, &format!("Equipo {i}"), &[]).await);
    }
    let pairs: Vec<(i64, u64)> = teams.iter().map(|t| (*t, 7)).collect();
    store
        .apply_jury_assignment("ev", &pairs, &[], 9, now())
        .await
        .unwrap();
    let tasks: Vec<_> = teams
        .iter()
        .map(|t| {
            let (store, t) = (store.clone(), *t);
            tokio::spawn(async move { store.save_jury_review("ev", t, 7, "", "", 2, now()).await })
        })
        .collect();
    let mut saved = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(ExtraSaved::Saved) => saved += 1,
            Ok(ExtraSaved::AlreadyGiven { .. }) | Err(StoreError::Database(_)) => {}
            other => panic!("{other:?}"),
        }
    }
    let given = store
        .jury_reviews("ev")
        .await
        .unwrap()
        .iter()
        .filter(|r| r.extra_halves > 0)
        .count();
    assert_eq!((saved, given), (1, 1));
}

async fn the_publication_is_claimed_once(store: Store) {
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .claim_publication("ev", &format!("n{i}"), 9, now(), Duration::minutes(5))
                    .await
            })
        })
        .collect();
    let mut claimed = 0;
    for task in tasks {
        if task.await.unwrap().unwrap() == PublicationClaim::Claimed {
            claimed += 1;
        }
    }
    assert_eq!(claimed, 1);
    // A claim whose holder died is taken over after the lease…
    let later = now() + Duration::minutes(10);
    let over = store
        .claim_publication("ev", "late", 9, later, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(over, PublicationClaim::Claimed);
    // …and the dead holder can no longer finish it.
    assert!(!store
        .finish_publication("ev", "n0", Some(1), later)
        .await
        .unwrap());
    assert!(store
        .finish_publication("ev", "late", Some(77), later)
        .await
        .unwrap());
    let after = store
        .claim_publication(
            "ev",
            "again",
            9,
            later + Duration::hours(1),
            Duration::minutes(5),
        )
        .await
        .unwrap();
    assert_eq!(after, PublicationClaim::AlreadyPosted(Some(77)));
}

async fn acceptances_names_and_certificates(store: Store) {
    let t = team_of(&store, 1, "Uno", &[]).await;
    assert!(store.accept_submission("ev", t, 9, now()).await.unwrap());
    assert!(!store.accept_submission("ev", t, 9, now()).await.unwrap());
    assert_eq!(store.accepted_teams("ev").await.unwrap(), [t]);
    assert!(store.unaccept_submission("ev", t).await.unwrap());
    assert!(!store.unaccept_submission("ev", t).await.unwrap());
    assert!(store.accepted_teams("ev").await.unwrap().is_empty());
    assert!(store.accept_submission("ev", t, 9, now()).await.unwrap());
    store
        .set_certificate_name("ev", 1, "José", now())
        .await
        .unwrap();
    store
        .set_certificate_name("ev", 1, "José Núñez", now())
        .await
        .unwrap();
    assert_eq!(
        store.certificate_names("ev").await.unwrap(),
        [(1, "José Núñez".to_string())]
    );
    store
        .store_certificate("ev", 1, "AAAA-BBBB", "{}", now())
        .await
        .unwrap();
    store
        .store_certificate("ev", 1, "CCCC-DDDD", "{\"n\":1}", now())
        .await
        .unwrap();
    assert!(store
        .certificate_by_code("AAAA-BBBB")
        .await
        .unwrap()
        .is_none());
    let c = store
        .certificate_by_code("CCCC-DDDD")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((c.user_id, c.content.as_str()), (1, "{\"n\":1}"));
}

/// The jury's progress read from the store: a judge finishes a project only
/// with every group it is judged on (a corpus-only project has fewer), an
/// assignment without scores is pending, and a project with fewer finished
/// judges than `judges_per_project` is below target.
async fn progress_is_loaded_from_assignments_and_scores(store: Store) {
    use somosbot::domain::jury::progress;
    let event = crate::support::bot::shipped_event();
    let jury = event.jury.clone().expect("the shipped event has a jury");
    let full = team_of(&store, 1, "Uno", &[]).await;
    let corpus = team_of(&store, 2, "Dos", &[]).await;
    let unsubmitted = team_of(&store, 3, "Tres", &[]).await;
    for (team, by, corpus_only) in [(full, 1, false), (corpus, 2, true)] {
        store
            .create_submission(&NewSubmission {
                event_id: "ev",
                team_id: team,
                submitted_by: by,
                dataset: "somosnlp/corpus",
                model: (!corpus_only).then_some("somosnlp/model"),
                demo: (!corpus_only).then_some("somosnlp/demo"),
                video: None,
                now: now(),
            })
            .await
            .unwrap();
    }
    let pairs = [(full, 60), (full, 61), (corpus, 60), (unsubmitted, 61)];
    store
        .apply_jury_assignment("ev", &pairs, &[], 9, now())
        .await
        .unwrap();
    for group in ["corpus", "model", "demo", "project"] {
        store
            .save_jury_score("ev", full, 60, group, 4, now())
            .await
            .unwrap();
    }
    // Judge 61 leaves out the demo; the corpus-only project has no model.
    for group in ["corpus", "model", "project"] {
        store
            .save_jury_score("ev", full, 61, group, 4, now())
            .await
            .unwrap();
    }
    for group in ["corpus", "demo", "project"] {
        store
            .save_jury_score("ev", corpus, 60, group, 2, now())
            .await
            .unwrap();
    }
    let p = progress::load(&store, "ev", &jury).await.unwrap();
    assert_eq!(p.per_project, 3);
    let rows: Vec<(i64, Vec<u64>, Vec<u64>)> = p
        .projects
        .iter()
        .map(|x| (x.team_id, x.assigned.clone(), x.finished.clone()))
        .collect();
    assert_eq!(
        rows,
        [(full, vec![60, 61], vec![60]), (corpus, vec![60], vec![60])]
    );
    let judges: Vec<(u64, Vec<i64>, Vec<i64>)> = p
        .judges
        .iter()
        .map(|j| (j.judge_id, j.done.clone(), j.pending.clone()))
        .collect();
    assert_eq!(
        judges,
        [(60, vec![full, corpus], vec![]), (61, vec![], vec![full])]
    );
    assert_eq!(p.below_target().count(), 2);
    assert_eq!(p.totals(), (2, 3));
}

/// Twenty processes store the likes snapshot at once: one stores it.
async fn the_likes_snapshot_is_stored_once(store: Store) {
    let t1 = team_of(&store, 1, "Uno", &[]).await;
    let t2 = team_of(&store, 2, "Dos", &[]).await;
    assert!(store.project_likes("ev").await.unwrap().is_none());
    let runs = (0..20u64).map(|i| {
        let store = store.clone();
        async move {
            let projects = [
                ProjectLikes {
                    team_id: t1,
                    likes: i % 5,
                    repos: serde_json::json!([]),
                },
                ProjectLikes {
                    team_id: t2,
                    likes: 5,
                    repos: serde_json::json!([{"id": "o/d", "likes": 5}]),
                },
            ];
            store
                .store_project_likes("ev", &projects, now())
                .await
                .unwrap()
        }
    });
    let stored = futures::future::join_all(runs).await;
    assert_eq!(stored.iter().filter(|s| **s).count(), 1);
    let snap = store.project_likes("ev").await.unwrap().unwrap();
    assert_eq!(snap.projects.len(), 2);
    assert_eq!(snap.projects[0].team_id, t2, "most liked first");
    assert_eq!(snap.projects[0].repos[0]["id"], "o/d");
    assert!(store.project_likes("other").await.unwrap().is_none());
}

crate::on_both_backends!(
    the_likes_snapshot_is_stored_once,
    assignments_scores_and_reviews_keep_their_rules,
    twenty_simultaneous_extra_points_give_one,
    the_publication_is_claimed_once,
    acceptances_names_and_certificates,
    progress_is_loaded_from_assignments_and_scores,
);
