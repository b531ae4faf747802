//! The participant's path on both engines: the welcome claimed once, the
//! first introduction kept, GPU history, and the overview of a seeded event.

use chrono::{Duration, Utc};
use somosbot::config::GpuKind;
use somosbot::domain::path::{self, HubViews};
use somosbot::domain::team::{self, TeamPolicy};
use somosbot::hub::{RepoFacts, RepoId, RepoKind, RepoReport, Report};
use somosbot::store::{
    GpuResource, GpuResourceStatus, GrantOutcome, NewGpuRequest, NewSubmission, Store,
    SubmissionStatus,
};

use crate::support::bot::shipped_event;

async fn a_welcome_is_claimed_once_even_by_concurrent_joins(store: Store) {
    let id = shipped_event().event.id;
    let now = Utc::now();
    let claims = futures::future::join_all((0..8).map(|_| {
        let (store, id) = (store.clone(), id.clone());
        async move { store.claim_welcome(&id, 42, now).await.unwrap() }
    }))
    .await;
    assert_eq!(claims.iter().filter(|c| **c).count(), 1, "{claims:?}");
    assert!(!store.claim_welcome(&id, 42, now).await.unwrap());
    // Someone the bot already knew is welcomed once too, keeping their data.
    store
        .set_hf_username(&id, 43, Some("ana"), now)
        .await
        .unwrap();
    assert!(store.claim_welcome(&id, 43, now).await.unwrap());
    assert!(!store.claim_welcome(&id, 43, now).await.unwrap());
    let p = store.participant(&id, 43).await.unwrap().unwrap();
    assert_eq!(p.hf_username.as_deref(), Some("ana"));
}

async fn the_first_introduction_is_kept(store: Store) {
    let id = shipped_event().event.id;
    let first = Utc::now() - Duration::hours(2);
    store
        .set_hf_username(&id, 7, Some("bea"), first)
        .await
        .unwrap();
    assert_eq!(
        store
            .participant(&id, 7)
            .await
            .unwrap()
            .unwrap()
            .introduced_at,
        None
    );
    store.mark_introduced(&id, 7, first).await.unwrap();
    store.mark_introduced(&id, 7, Utc::now()).await.unwrap();
    let p = store.participant(&id, 7).await.unwrap().unwrap();
    assert_eq!(
        p.introduced_at.map(|t| t.timestamp_millis()),
        Some(first.timestamp_millis())
    );
    assert_eq!(p.hf_username.as_deref(), Some("bea"));
    // Someone who never used a command is recorded by their introduction.
    store.mark_introduced(&id, 8, first).await.unwrap();
    assert!(store
        .participant(&id, 8)
        .await
        .unwrap()
        .unwrap()
        .introduced_at
        .is_some());
}

fn complete(kind: RepoKind, id: &str) -> RepoReport {
    RepoReport::new(
        id,
        Some(kind),
        Some(RepoId::parse(kind, id).unwrap()),
        Some(RepoFacts {
            exists: true,
            in_organization: true,
            public: true,
            runtime_stage: (kind == RepoKind::Space).then(|| "RUNNING".to_string()),
            ..RepoFacts::default()
        }),
        vec![],
        false,
    )
}

async fn submit_with_report(store: &Store, event_id: &str, team_id: i64, repos: Vec<RepoReport>) {
    let now = Utc::now();
    let dataset = repos[0].target.clone();
    let sub = store
        .create_submission(&NewSubmission {
            event_id,
            team_id,
            submitted_by: 0,
            dataset: &dataset,
            model: None,
            demo: None,
            video: None,
            now,
        })
        .await
        .unwrap();
    let report = Report::new("somosnlp", None, repos, vec![]);
    let status = somosbot::domain::submission::status_of(&report);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    store
        .set_submission_report(sub.id, status, &json, now)
        .await
        .unwrap();
}

/// Four teams, one at each of four places on the path.
async fn the_overview_counts_a_seeded_event(store: Store) {
    let event = shipped_event();
    let id = event.event.id.clone();
    let mut policy = TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = Utc::now();
    let make = |captain: u64, name: &'static str| {
        let (store, policy) = (store.clone(), policy.clone());
        async move {
            team::create_team(&store, &policy, captain, name, "tema", None, now)
                .await
                .unwrap()
        }
    };
    let alfa = make(1, "Alfa").await;
    let _beta = make(2, "Beta").await;
    let gamma = make(3, "Gamma").await;
    let _delta = make(4, "Delta").await;
    // Everyone but Delta's captain introduced themselves and linked the Hub.
    for user in 1..=3 {
        store.mark_introduced(&id, user, now).await.unwrap();
        store
            .set_hf_username(&id, user, Some(&format!("u{user}")), now)
            .await
            .unwrap();
    }
    // Alfa handed in everything, complete.
    submit_with_report(
        &store,
        &id,
        alfa.id,
        vec![
            complete(RepoKind::Dataset, "somosnlp/alfa-it"),
            complete(RepoKind::Model, "somosnlp/alfa-7b"),
            complete(RepoKind::Space, "somosnlp/alfa-demo"),
        ],
    )
    .await;
    assert_eq!(
        store
            .latest_submission(alfa.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        SubmissionStatus::Complete
    );
    // Gamma's corpus is done and it waits for a GPU.
    submit_with_report(
        &store,
        &id,
        gamma.id,
        vec![complete(RepoKind::Dataset, "somosnlp/gamma-it")],
    )
    .await;
    store
        .create_gpu_request(&NewGpuRequest {
            event_id: &id,
            team_id: gamma.id,
            kind: GpuKind::Vm24Gb,
            hours: 24,
            dataset_repo: "somosnlp/gamma-it",
            created_by: 3,
            now,
        })
        .await
        .unwrap()
        .expect("queued");
    let views = HubViews::default();
    let leases = store.active_gpu_leases(&id).await.unwrap();
    let mut teams = Vec::new();
    for t in store.teams_with_members(&id).await.unwrap() {
        let (facts, gpu_dataset) = path::team_facts(&store, &event, &views, t.team, &leases)
            .await
            .unwrap();
        if facts.team.id == gamma.id {
            assert_eq!(gpu_dataset.as_deref(), Some("somosnlp/gamma-it"));
            assert!(facts.gpu.queued);
        }
        teams.push(facts);
    }
    let steps = &event.path.steps;
    let o = path::overview(steps, &teams);
    let at = |step: &str| o.at_step[steps.iter().position(|s| s.id == step).unwrap()];
    assert_eq!(o.finished, 1, "{o:?}");
    assert_eq!(at("intros"), 1, "{o:?}");
    assert_eq!(at("dataset"), 1, "{o:?}");
    assert_eq!(at("model"), 1, "{o:?}");
    // Beta and Delta were never checked on the Hub.
    assert_eq!(o.hub_unknown, 2, "{o:?}");
    assert_eq!(o.at_step.iter().sum::<usize>() + o.finished, 4);
}

async fn a_lease_that_ended_still_counts_as_a_gpu(store: Store) {
    let event = shipped_event();
    let id = event.event.id.clone();
    let mut policy = TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = Utc::now();
    let t = team::create_team(&store, &policy, 1, "Alfa", "tema", None, now)
        .await
        .unwrap();
    let other = team::create_team(&store, &policy, 2, "Beta", "tema", None, now)
        .await
        .unwrap();
    store
        .seed_gpu_resource(
            &id,
            &GpuResource {
                name: "vm-1".into(),
                kind: GpuKind::Vm24Gb,
                description: None,
                default_hours: 24,
                max_hours: 72,
                status: GpuResourceStatus::Available,
            },
        )
        .await
        .unwrap();
    let request = store
        .create_gpu_request(&NewGpuRequest {
            event_id: &id,
            team_id: t.id,
            kind: GpuKind::Vm24Gb,
            hours: 24,
            dataset_repo: "somosnlp/alfa-it",
            created_by: 1,
            now,
        })
        .await
        .unwrap()
        .unwrap();
    let GrantOutcome::Granted(lease) = store
        .grant_gpu(&id, request.id, "vm-1", 99, now, now + Duration::hours(24))
        .await
        .unwrap()
    else {
        panic!("granted");
    };
    store.release_gpu_lease(lease.id, now).await.unwrap();
    assert!(store.team_had_gpu_lease(t.id).await.unwrap());
    assert!(!store.team_had_gpu_lease(other.id).await.unwrap());
}

crate::on_both_backends!(
    a_welcome_is_claimed_once_even_by_concurrent_joins,
    the_first_introduction_is_kept,
    the_overview_counts_a_seeded_event,
    a_lease_that_ended_still_counts_as_a_gpu,
);
