use chrono::{Duration, TimeZone, Utc};
use somosbot::config::GpuKind;
use somosbot::domain::team::{self, Departure, TeamError, TeamPolicy};
use somosbot::store::*;

pub fn policy(event: &str) -> TeamPolicy {
    TeamPolicy {
        event_id: event.into(),
        max_members: 5,
        registration_closes: Some(Utc.with_ymd_and_hms(2024, 3, 16, 11, 59, 0).unwrap()),
        invitation_expiry_hours: 48,
        max_teams: 200,
        pending_invitations_per_team: 5,
        reinvite_after_decline_hours: 24,
        create_after_disband_hours: 12,
        reserved: Default::default(),
    }
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 5, 12, 0, 0).unwrap()
}

async fn a_team_lives_from_creation_to_disbanding(store: Store) {
    let p = policy("ev");
    let t = team::create_team(
        &store,
        &p,
        1,
        "  Los  Ñandúes ",
        "Corpus de refranes",
        Some(4),
        now(),
    )
    .await
    .unwrap();
    assert_eq!(t.name, "Los Ñandúes");
    assert_eq!((t.captain_id, t.member_count, t.ods), (1, 1, Some(4)));

    let taken = team::create_team(&store, &p, 2, "los ñandúes", "otro tema", None, now()).await;
    assert!(matches!(taken, Err(TeamError::NameTaken)), "{taken:?}");

    for user in 2..=3 {
        team::join_team(&store, &p, t.id, user, now())
            .await
            .unwrap();
    }
    let again = team::join_team(&store, &p, t.id, 2, now()).await;
    assert!(
        matches!(again, Err(TeamError::AlreadyInTeam { .. })),
        "{again:?}"
    );

    let t2 = team::transfer_captain(&store, &p, 1, 2, now())
        .await
        .unwrap();
    assert_eq!(t2.captain_id, 2);
    let t3 = team::transfer_captain(&store, &p, 2, 1, now())
        .await
        .unwrap();
    assert_eq!(t3.captain_id, 1);
    // The captain leaves: the member who joined first (2) takes over.
    let captain_leaves = team::leave_team(&store, &p, 1, false, now()).await;
    assert!(
        matches!(&captain_leaves, Ok(Departure::HandedOver { new_captain: 2, team }) if team.member_count == 2),
        "{captain_leaves:?}"
    );
    assert!(matches!(
        team::kick_member(&store, &p, 3, 2, now()).await,
        Err(TeamError::NotCaptain)
    ));
    let after_kick = team::kick_member(&store, &p, 2, 3, now()).await.unwrap();
    assert_eq!(after_kick.member_count, 1);

    let renamed = team::rename_team(&store, &p, 2, "Nuevo Nombre", now())
        .await
        .unwrap();
    assert_eq!(renamed.name, "Nuevo Nombre");
    assert!(store
        .team_by_name_key("ev", "los ñandúes")
        .await
        .unwrap()
        .is_none());

    let gone = team::disband_confirmed(&store, &p, 2, t.id, now())
        .await
        .unwrap();
    assert_eq!(gone.members, vec![2]);
    assert!(store.team(t.id).await.unwrap().is_none());
    assert!(store.team_of("ev", 2).await.unwrap().is_none());
}

async fn the_last_member_leaving_dissolves_the_team(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 7, "Solo", "un tema", None, now())
        .await
        .unwrap();
    assert!(matches!(
        team::leave_team(&store, &p, 7, false, now()).await,
        Err(TeamError::LastMemberMustConfirm)
    ));
    assert!(store.team(t.id).await.unwrap().is_some());
    assert!(matches!(
        team::leave_team(&store, &p, 7, true, now()).await,
        Ok(Departure::Dissolved(..))
    ));
    assert!(store.team(t.id).await.unwrap().is_none());
    // The name is free again.
    team::create_team(&store, &p, 8, "solo", "otro", None, now())
        .await
        .unwrap();
}

async fn registration_closes_at_its_deadline(store: Store) {
    let p = policy("ev");
    let late = p.registration_closes.unwrap() + Duration::seconds(1);
    let r = team::create_team(&store, &p, 1, "Tarde", "tema", None, late).await;
    assert!(
        matches!(r, Err(TeamError::RegistrationClosed { .. })),
        "{r:?}"
    );
    assert_eq!(store.count_teams("ev").await.unwrap(), 0);
}

async fn events_do_not_see_each_other(store: Store) {
    let a = team::create_team(&store, &policy("a"), 1, "Mismo", "t a", None, now())
        .await
        .unwrap();
    let b = team::create_team(&store, &policy("b"), 1, "Mismo", "t b", None, now())
        .await
        .unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(
        store.team_of("a", 1).await.unwrap().map(|t| t.id),
        Some(a.id)
    );
    assert_eq!(
        store.team_of("b", 1).await.unwrap().map(|t| t.id),
        Some(b.id)
    );
    assert_eq!(store.teams_with_members("a").await.unwrap().len(), 1);
    // A team of another event cannot be joined through this one.
    let wrong = team::join_team(&store, &policy("a"), b.id, 9, now()).await;
    assert!(matches!(wrong, Err(TeamError::TeamNotFound)), "{wrong:?}");
}

async fn teams_are_listed_with_members_and_found_by_fragment(store: Store) {
    let p = policy("ev");
    for (i, name) in ["Beta 50%", "alfa", "Gamma_x"].iter().enumerate() {
        let name = name.replace(['%', '_'], " ");
        team::create_team(&store, &p, 10 + i as u64, &name, "tema", None, now())
            .await
            .unwrap();
    }
    let listed = store.teams_with_members("ev").await.unwrap();
    let names: Vec<_> = listed.iter().map(|t| t.team.name.as_str()).collect();
    assert_eq!(names, ["alfa", "Beta 50", "Gamma x"]);
    assert_eq!(listed[0].members, vec![11]);
    let found = store.search_teams("ev", "ET", 10).await.unwrap();
    assert_eq!(found.len(), 1);
    // LIKE wildcards typed by a user match literally.
    assert!(store.search_teams("ev", "%", 10).await.unwrap().is_empty());
}

async fn an_invitation_is_accepted_once(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "Invitan", "tema", None, now())
        .await
        .unwrap();
    let exp = now() + Duration::hours(48);
    let inv = store
        .create_invitation("ev", t.id, 2, InvitationKind::Invite, 1, now(), exp)
        .await
        .unwrap()
        .expect("created");
    let dup = store
        .create_invitation("ev", t.id, 2, InvitationKind::Invite, 1, now(), exp)
        .await
        .unwrap();
    assert!(dup.is_none(), "a second pending invitation is not created");
    let first = store.accept_invitation("ev", inv.id, now()).await.unwrap();
    assert!(matches!(first, AcceptOutcome::Joined(_)), "{first:?}");
    let second = store.accept_invitation("ev", inv.id, now()).await.unwrap();
    assert_eq!(second, AcceptOutcome::NotPending);
    assert_eq!(store.team(t.id).await.unwrap().unwrap().member_count, 2);
}

async fn an_expired_invitation_cannot_be_accepted(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "Caduca", "tema", None, now())
        .await
        .unwrap();
    let inv = store
        .create_invitation(
            "ev",
            t.id,
            2,
            InvitationKind::Request,
            2,
            now(),
            now() + Duration::hours(1),
        )
        .await
        .unwrap()
        .unwrap();
    let later = now() + Duration::hours(2);
    assert_eq!(
        store.accept_invitation("ev", inv.id, later).await.unwrap(),
        AcceptOutcome::NotPending
    );
    let expired = store.expire_invitations("ev", later).await.unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(
        store.invitation(inv.id).await.unwrap().unwrap().status,
        InvitationStatus::Expired
    );
}

async fn accepting_into_a_full_team_changes_nothing(store: Store) {
    let mut p = policy("ev");
    p.max_members = 1;
    let t = team::create_team(&store, &p, 1, "Llena", "tema", None, now())
        .await
        .unwrap();
    let inv = store
        .create_invitation(
            "ev",
            t.id,
            2,
            InvitationKind::Invite,
            1,
            now(),
            now() + Duration::hours(1),
        )
        .await
        .unwrap()
        .unwrap();
    let r = store.accept_invitation("ev", inv.id, now()).await.unwrap();
    assert_eq!(
        r,
        AcceptOutcome::Join(somosbot::store::JoinOutcome::TeamFull)
    );
    assert_eq!(
        store.invitation(inv.id).await.unwrap().unwrap().status,
        InvitationStatus::Pending
    );
    assert!(store.team_of("ev", 2).await.unwrap().is_none());
}

async fn a_team_has_one_open_gpu_request_per_kind(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "GPU", "tema", None, now())
        .await
        .unwrap();
    let req = |kind| NewGpuRequest {
        event_id: "ev",
        team_id: t.id,
        kind,
        hours: 12,
        dataset_repo: "somosnlp/corpus-it",
        created_by: 1,
        now: now(),
    };
    let first = store
        .create_gpu_request(&req(GpuKind::Vm24Gb))
        .await
        .unwrap()
        .expect("queued");
    assert!(store
        .create_gpu_request(&req(GpuKind::Vm24Gb))
        .await
        .unwrap()
        .is_none());
    assert!(store
        .create_gpu_request(&req(GpuKind::SpaceT4Small))
        .await
        .unwrap()
        .is_some());

    store
        .seed_gpu_resource(
            "ev",
            &GpuResource {
                name: "vm-1".into(),
                kind: GpuKind::Vm24Gb,
                description: None,
                default_hours: 24,
                max_hours: 48,
                status: GpuResourceStatus::Available,
            },
        )
        .await
        .unwrap();
    let lease = match store
        .grant_gpu(
            "ev",
            first.id,
            "vm-1",
            99,
            now(),
            now() + Duration::hours(12),
        )
        .await
        .unwrap()
    {
        GrantOutcome::Granted(l) => l,
        other => panic!("{other:?}"),
    };
    // Granted is still open: no second request of that kind.
    assert!(store
        .create_gpu_request(&req(GpuKind::Vm24Gb))
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        store
            .grant_gpu(
                "ev",
                first.id,
                "vm-1",
                99,
                now(),
                now() + Duration::hours(1)
            )
            .await
            .unwrap(),
        GrantOutcome::RequestNotQueued
    );
    assert!(store
        .release_gpu_lease(lease.id, now())
        .await
        .unwrap()
        .is_some());
    assert!(store
        .release_gpu_lease(lease.id, now())
        .await
        .unwrap()
        .is_none());
    assert!(store
        .create_gpu_request(&req(GpuKind::Vm24Gb))
        .await
        .unwrap()
        .is_some());
}

async fn a_busy_machine_is_not_granted_twice(store: Store) {
    let p = policy("ev");
    let mut requests = Vec::new();
    for i in 0..2u64 {
        let t = team::create_team(
            &store,
            &p,
            100 + i,
            &format!("Equipo {i}"),
            "tema",
            None,
            now(),
        )
        .await
        .unwrap();
        let r = store
            .create_gpu_request(&NewGpuRequest {
                event_id: "ev",
                team_id: t.id,
                kind: GpuKind::Vm24Gb,
                hours: 4,
                dataset_repo: "somosnlp/x",
                created_by: 100 + i,
                now: now() + Duration::seconds(i as i64),
            })
            .await
            .unwrap()
            .unwrap();
        requests.push(r);
    }
    let queue = store.gpu_queue("ev", GpuKind::Vm24Gb).await.unwrap();
    assert_eq!(
        queue.iter().map(|r| r.id).collect::<Vec<_>>(),
        requests.iter().map(|r| r.id).collect::<Vec<_>>()
    );
    let end = now() + Duration::hours(4);
    assert!(matches!(
        store
            .grant_gpu("ev", requests[0].id, "vm-1", 9, now(), end)
            .await
            .unwrap(),
        GrantOutcome::Granted(_)
    ));
    assert_eq!(
        store
            .grant_gpu("ev", requests[1].id, "vm-1", 9, now(), end)
            .await
            .unwrap(),
        GrantOutcome::ResourceBusy
    );
    // The refused grant left the request in the queue.
    assert_eq!(
        store.gpu_queue("ev", GpuKind::Vm24Gb).await.unwrap().len(),
        1
    );
}

async fn a_job_is_seeded_once_and_claimed_once(store: Store) {
    let job = NewJob {
        event_id: "ev",
        key: "deadline:submission:1d",
        kind: "reminder",
        due_at: now(),
        payload: serde_json::json!({"deadline": "submission"}),
    };
    assert!(store.insert_job(&job, now()).await.unwrap());
    assert!(!store.insert_job(&job, now()).await.unwrap());
    assert_eq!(store.next_job_due("ev").await.unwrap(), Some(now()));
    assert_eq!(store.next_job_due("other-event").await.unwrap(), None);
    let lease = now() + Duration::minutes(5);
    let claimed = store.claim_due_jobs("ev", now(), lease, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].payload["deadline"], "submission");
    assert_eq!(
        store.next_job_due("ev").await.unwrap(),
        None,
        "a claimed job is not pending"
    );
    assert!(store
        .claim_due_jobs("ev", now(), lease, 10)
        .await
        .unwrap()
        .is_empty());
    // After a crash, the lease runs out and the job can be claimed again.
    let after = lease + Duration::seconds(1);
    let reclaimed = store
        .claim_due_jobs("ev", after, after + Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(reclaimed.len(), 1);
    assert_eq!(reclaimed[0].attempts, 2);
    // The first claim is fenced off: it can neither renew nor finish.
    let (id, first) = (claimed[0].id, claimed[0].attempts);
    assert!(!store
        .renew_job_lease(id, first, after + Duration::hours(1))
        .await
        .unwrap());
    assert!(!store
        .finish_job(id, first, false, false, Some("late"), after)
        .await
        .unwrap());
    assert!(!store.retry_job(id, first, "late", after).await.unwrap());
    assert!(store
        .renew_job_lease(id, 2, after + Duration::minutes(10))
        .await
        .unwrap());
    assert!(
        store
            .claim_due_jobs(
                "ev",
                after + Duration::minutes(6),
                after + Duration::minutes(7),
                10
            )
            .await
            .unwrap()
            .is_empty(),
        "a renewed lease keeps the job"
    );
    assert!(store
        .finish_job(reclaimed[0].id, 2, true, false, None, after)
        .await
        .unwrap());
    assert_eq!(
        store.job("ev", job.key).await.unwrap().unwrap().status,
        JobStatus::Done
    );
}

async fn moving_a_deadline_cancels_its_pending_jobs(store: Store) {
    for key in [
        "deadline:submission:1d",
        "deadline:submission:1h",
        "deadline:start:1d",
    ] {
        let job = NewJob {
            event_id: "ev",
            key,
            kind: "reminder",
            due_at: now(),
            payload: serde_json::json!({}),
        };
        store.insert_job(&job, now()).await.unwrap();
    }
    assert_eq!(
        store
            .cancel_pending_jobs("ev", "deadline:submission:", now())
            .await
            .unwrap(),
        2
    );
    let statuses: Vec<_> = store
        .jobs("ev")
        .await
        .unwrap()
        .into_iter()
        .map(|j| (j.key, j.status))
        .collect();
    assert!(
        statuses.contains(&("deadline:start:1d".into(), JobStatus::Pending)),
        "{statuses:?}"
    );
}

async fn a_double_submitted_ticket_is_one_ticket(store: Store) {
    let new = NewTicket {
        event_id: "ev",
        thread_id: None,
        author_id: 5,
        title: "Error al cargar el dataset con datasets 2.18",
        request_key: Some("interaction-123"),
        lang: Some("es"),
        now: now(),
    };
    let (a, created_a) = store.create_ticket(&new).await.unwrap();
    let (b, created_b) = store.create_ticket(&new).await.unwrap();
    assert!(created_a && !created_b);
    assert_eq!(a.id, b.id);
    assert!(store.claim_ticket(a.id, 77, now()).await.unwrap());
    assert!(
        !store.claim_ticket(a.id, 78, now()).await.unwrap(),
        "a claimed ticket is not claimed twice"
    );
    store
        .record_ticket_reply(a.id, 77, now() + Duration::minutes(3))
        .await
        .unwrap();
    store
        .record_ticket_reply(a.id, 78, now() + Duration::minutes(9))
        .await
        .unwrap();
    let t = store.tickets("ev").await.unwrap().remove(0);
    assert_eq!(t.first_responder_id, Some(77));
    assert_eq!(t.first_response_at, Some(now() + Duration::minutes(3)));
}

async fn submissions_keep_their_history(store: Store) {
    let t = team::create_team(&store, &policy("ev"), 1, "Entrega", "tema", None, now())
        .await
        .unwrap();
    for dataset in ["somosnlp/a-it", "somosnlp/b-it"] {
        let s = store
            .create_submission(&NewSubmission {
                event_id: "ev",
                team_id: t.id,
                submitted_by: 1,
                dataset,
                model: Some("somosnlp/m"),
                demo: None,
                video: None,
                now: now(),
            })
            .await
            .unwrap();
        store
            .set_submission_report(
                s.id,
                SubmissionStatus::Incomplete,
                &serde_json::json!({"findings": []}),
                now(),
            )
            .await
            .unwrap();
    }
    let latest = store.latest_submission(t.id).await.unwrap().unwrap();
    assert_eq!(latest.dataset, "somosnlp/b-it");
    assert_eq!(latest.status, SubmissionStatus::Incomplete);
    assert_eq!(store.submission_history(t.id).await.unwrap().len(), 2);
    assert_eq!(store.current_submissions("ev").await.unwrap().len(), 1);
}

async fn seeding_deadlines_keeps_organizer_edits(store: Store) {
    let d = StoredDeadline {
        id: "submission".into(),
        title_es: "Entrega".into(),
        title_en: "Submission".into(),
        at: now(),
        reminders: vec![std::time::Duration::from_secs(3600)],
    };
    assert!(store.insert_deadline_if_absent("ev", &d).await.unwrap());
    let moved = StoredDeadline {
        at: now() + Duration::days(2),
        ..d.clone()
    };
    store.upsert_deadline("ev", &moved).await.unwrap();
    assert!(!store.insert_deadline_if_absent("ev", &d).await.unwrap());
    assert_eq!(
        store.deadline("ev", "submission").await.unwrap(),
        Some(moved.clone())
    );

    // A removed deadline stays removed when the event file is seeded again.
    assert!(store
        .delete_deadline("ev", "submission", now())
        .await
        .unwrap());
    assert!(!store.insert_deadline_if_absent("ev", &d).await.unwrap());
    assert!(store.deadlines("ev").await.unwrap().is_empty());
    assert!(store.deadline("ev", "submission").await.unwrap().is_none());
    // Adding it again brings it back.
    store.upsert_deadline("ev", &moved).await.unwrap();
    assert_eq!(store.deadlines("ev").await.unwrap(), vec![moved]);
}

async fn organizer_actions_are_audited(store: Store) {
    store
        .record_audit(
            "ev",
            42,
            "gpu.grant",
            Some("team:3"),
            &serde_json::json!({"hours": 12}),
            now(),
        )
        .await
        .unwrap();
    let entries = store.audit_entries("ev", 10).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].actor_id, entries[0].action.as_str()),
        (42, "gpu.grant")
    );
    assert_eq!(entries[0].details["hours"], 12);
}

async fn participants_keep_their_hub_name_and_locale(store: Store) {
    store
        .touch_participant("ev", 5, Some("es-ES"), now())
        .await
        .unwrap();
    store
        .set_hf_username("ev", 5, Some("maria"), now())
        .await
        .unwrap();
    store.touch_participant("ev", 5, None, now()).await.unwrap();
    let p = store.participant("ev", 5).await.unwrap().unwrap();
    assert_eq!(
        (p.hf_username.as_deref(), p.locale.as_deref()),
        (Some("maria"), Some("es-ES"))
    );
}

async fn discord_ids_survive_the_round_trip(store: Store) {
    // Snowflakes above i64::MAX must come back unchanged.
    let big = u64::MAX - 5;
    let t = team::create_team(&store, &policy("ev"), big, "Grande", "tema", None, now())
        .await
        .unwrap();
    assert_eq!(t.captain_id, big);
    store
        .set_team_discord(t.id, Some(big - 1), Some(1_215_000_000_000_000_000))
        .await
        .unwrap();
    let t = store.team_of("ev", big).await.unwrap().unwrap();
    assert_eq!(
        (t.role_id, t.channel_id),
        (Some(big - 1), Some(1_215_000_000_000_000_000))
    );
}

crate::on_both_backends!(
    a_team_lives_from_creation_to_disbanding,
    the_last_member_leaving_dissolves_the_team,
    registration_closes_at_its_deadline,
    events_do_not_see_each_other,
    teams_are_listed_with_members_and_found_by_fragment,
    an_invitation_is_accepted_once,
    an_expired_invitation_cannot_be_accepted,
    accepting_into_a_full_team_changes_nothing,
    a_team_has_one_open_gpu_request_per_kind,
    a_busy_machine_is_not_granted_twice,
    a_job_is_seeded_once_and_claimed_once,
    moving_a_deadline_cancels_its_pending_jobs,
    a_double_submitted_ticket_is_one_ticket,
    submissions_keep_their_history,
    seeding_deadlines_keeps_organizer_edits,
    organizer_actions_are_audited,
    participants_keep_their_hub_name_and_locale,
    discord_ids_survive_the_round_trip,
);
