//! Invariants under contention: many tasks hit the same rows at the same
//! moment (a barrier releases them together), on both engines.

use std::sync::Arc;

use chrono::Duration;
use somosbot::config::GpuKind;
use somosbot::domain::team::{self, TeamError};
use somosbot::store::{NewGpuRequest, NewJob, Store};
use tokio::sync::Barrier;

use super::scenarios::{now, policy};

/// Runs `n` copies of `f` released at once; returns their results in order.
pub async fn all_at_once<T, F, Fut>(n: usize, f: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let barrier = Arc::new(Barrier::new(n));
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let barrier = barrier.clone();
            let fut = f(i);
            tokio::spawn(async move {
                barrier.wait().await;
                fut.await
            })
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for t in tasks {
        out.push(t.await.expect("task panicked"));
    }
    out
}

async fn twenty_people_race_for_four_places(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "Cuatro libres", "tema", None, now())
        .await
        .unwrap();
    let results = all_at_once(20, |i| {
        let (store, p) = (store.clone(), p.clone());
        async move { team::join_team(&store, &p, t.id, 1000 + i as u64, now()).await }
    })
    .await;
    let joined = results.iter().filter(|r| r.is_ok()).count();
    let full = results
        .iter()
        .filter(|r| matches!(r, Err(TeamError::TeamFull)))
        .count();
    assert_eq!((joined, full), (4, 16), "{results:?}");
    let team = store.team(t.id).await.unwrap().unwrap();
    assert_eq!(team.member_count, 5);
    assert_eq!(store.team_members(t.id).await.unwrap().len(), 5);
}

async fn twenty_teams_with_one_name_make_one_team(store: Store) {
    let p = policy("ev");
    let results =
        all_at_once(20, |i| {
            let (store, p) = (store.clone(), p.clone());
            // The same name as people type it: case and spaces differ.
            let name = if i % 2 == 0 {
                "Equipo Sol".to_string()
            } else {
                "  equipo   SOL ".to_string()
            };
            async move {
                team::create_team(&store, &p, 2000 + i as u64, &name, "tema", None, now()).await
            }
        })
        .await;
    let created = results.iter().filter(|r| r.is_ok()).count();
    let taken = results
        .iter()
        .filter(|r| matches!(r, Err(TeamError::NameTaken)))
        .count();
    assert_eq!((created, taken), (1, 19), "{results:?}");
    assert_eq!(store.count_teams("ev").await.unwrap(), 1);
    // The nineteen who lost hold no membership.
    let listed = store.teams_with_members("ev").await.unwrap();
    assert_eq!(listed[0].members.len(), 1);
}

async fn one_person_joining_two_teams_at_once_gets_one(store: Store) {
    let mut p = policy("ev");
    // Room for every round in either team, so only "already in a team" refuses.
    p.max_members = 10;
    let a = team::create_team(&store, &p, 1, "Equipo A", "tema", None, now())
        .await
        .unwrap();
    let b = team::create_team(&store, &p, 2, "Equipo B", "tema", None, now())
        .await
        .unwrap();
    for round in 0..5u64 {
        let person = 500 + round;
        let results = all_at_once(2, |i| {
            let (store, p) = (store.clone(), p.clone());
            let team_id = if i == 0 { a.id } else { b.id };
            async move { team::join_team(&store, &p, team_id, person, now()).await }
        })
        .await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        assert!(results
            .iter()
            .any(|r| matches!(r, Err(TeamError::AlreadyInTeam { .. }))));
        store
            .team_of("ev", person)
            .await
            .unwrap()
            .expect("in one team");
    }
    let a = store.team(a.id).await.unwrap().unwrap();
    let b = store.team(b.id).await.unwrap().unwrap();
    // Counters match memberships: the refused join gave its place back.
    assert_eq!(a.member_count + b.member_count, 2 + 5);
    assert_eq!(
        store.team_members(a.id).await.unwrap().len() as u32,
        a.member_count
    );
    assert_eq!(
        store.team_members(b.id).await.unwrap().len() as u32,
        b.member_count
    );
}

async fn one_creator_making_twenty_teams_at_once_gets_one(store: Store) {
    let p = policy("ev");
    let results = all_at_once(20, |i| {
        let (store, p) = (store.clone(), p.clone());
        async move {
            team::create_team(&store, &p, 42, &format!("Equipo {i}"), "tema", None, now()).await
        }
    })
    .await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert_eq!(
        store.count_teams("ev").await.unwrap(),
        1,
        "no half-made team remains"
    );
}

async fn twenty_gpu_requests_from_one_team_queue_one(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "GPU", "tema", None, now())
        .await
        .unwrap();
    let results = all_at_once(20, |_| {
        let store = store.clone();
        async move {
            store
                .create_gpu_request(&NewGpuRequest {
                    event_id: "ev",
                    team_id: t.id,
                    kind: GpuKind::Vm24Gb,
                    hours: 8,
                    dataset_repo: "somosnlp/x-it",
                    created_by: 1,
                    now: now(),
                })
                .await
                .unwrap()
        }
    })
    .await;
    assert_eq!(results.iter().filter(|r| r.is_some()).count(), 1);
    assert_eq!(
        store.gpu_queue("ev", GpuKind::Vm24Gb).await.unwrap().len(),
        1
    );
}

async fn two_schedulers_claim_each_job_once(store: Store) {
    for i in 0..40 {
        let key = format!("job-{i}");
        let job = NewJob {
            event_id: "ev",
            key: &key,
            kind: "reminder",
            due_at: now(),
            payload: serde_json::json!({}),
        };
        store.insert_job(&job, now()).await.unwrap();
    }
    let lease = now() + Duration::minutes(5);
    let claims = all_at_once(8, |_| {
        let store = store.clone();
        async move {
            let mut mine = Vec::new();
            loop {
                let batch = store.claim_due_jobs("ev", now(), lease, 3).await.unwrap();
                if batch.is_empty() {
                    break mine;
                }
                mine.extend(batch.into_iter().map(|j| j.id));
            }
        }
    })
    .await;
    let mut all: Vec<i64> = claims.into_iter().flatten().collect();
    let total = all.len();
    all.sort();
    all.dedup();
    assert_eq!(
        (total, all.len()),
        (40, 40),
        "every job claimed exactly once"
    );
}

crate::on_both_backends!(
    twenty_people_race_for_four_places,
    twenty_teams_with_one_name_make_one_team,
    one_person_joining_two_teams_at_once_gets_one,
    one_creator_making_twenty_teams_at_once_gets_one,
    twenty_gpu_requests_from_one_team_queue_one,
    two_schedulers_claim_each_job_once,
);
