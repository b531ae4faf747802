//! Caps against Discord's limits and spam, and what a team gives back when
//! it goes: each cap holds exactly with 20 simultaneous attempts, and each
//! refusal says the cap and when it resets. On both databases.

use chrono::Duration;
use somosbot::config::GpuKind;
use somosbot::domain::lft::{self, LftError, LftRequest};
use somosbot::domain::team::{self, Departure, TeamError, TeamPolicy};
use somosbot::domain::tickets::helper_to_rate;
use somosbot::store::{
    GpuResource, GpuResourceStatus, GrantOutcome, NewGpuRequest, NewTicket, NewTicketOutcome,
    RateOutcome, Store, TicketStatus,
};

use super::concurrency::all_at_once;
use super::scenarios::{now, policy};

fn capped(max_teams: u32, pending: u32) -> TeamPolicy {
    TeamPolicy {
        max_teams,
        pending_invitations_per_team: pending,
        ..policy("ev")
    }
}

async fn twenty_teams_created_at_once_stop_at_the_event_cap(store: Store) {
    let p = capped(5, 5);
    let results = all_at_once(20, |i| {
        let (store, p) = (store.clone(), p.clone());
        async move {
            team::create_team(
                &store,
                &p,
                100 + i as u64,
                &format!("Equipo {i}"),
                "tema",
                None,
                now(),
            )
            .await
        }
    })
    .await;
    let made = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(TeamError::TooManyTeams { cap: 5 })))
        .count();
    assert_eq!((made, refused), (5, 15), "{results:?}");
    assert_eq!(store.count_teams("ev").await.unwrap(), 5);
    // A refused creator is in no team.
    let in_a_team = all_at_once(20, |i| {
        let store = store.clone();
        async move { store.team_of("ev", 100 + i as u64).await.unwrap().is_some() }
    })
    .await;
    assert_eq!(in_a_team.iter().filter(|x| **x).count(), 5);
}

async fn twenty_invitations_at_once_stop_at_the_pending_cap(store: Store) {
    let p = capped(200, 3);
    team::create_team(&store, &p, 1, "Invitadores", "tema", None, now())
        .await
        .unwrap();
    let results = all_at_once(20, |i| {
        let (store, p) = (store.clone(), p.clone());
        async move { team::invite(&store, &p, 1, 500 + i as u64, now()).await }
    })
    .await;
    let sent = results.iter().filter(|r| r.is_ok()).count();
    let expiry = now() + p.invitation_expiry();
    let refused = results
        .iter()
        .filter(|r| {
            matches!(r, Err(TeamError::TooManyPending { cap: 3, resets_at: Some(at), .. }) if *at == expiry)
        })
        .count();
    assert_eq!((sent, refused), (3, 17), "{results:?}");
    let t = store.team_of("ev", 1).await.unwrap().unwrap();
    assert_eq!(store.pending_invitations(t.id).await.unwrap().len(), 3);
    // Once they expire, places free up.
    let later = now() + p.invitation_expiry() + Duration::minutes(1);
    assert!(team::invite(&store, &p, 1, 999, later).await.is_ok());
}

async fn a_declined_person_is_invited_again_only_after_the_cooldown(store: Store) {
    let p = policy("ev");
    team::create_team(&store, &p, 1, "Insistentes", "tema", None, now())
        .await
        .unwrap();
    let (_, inv) = team::invite(&store, &p, 1, 2, now()).await.unwrap();
    let declined_at = now() + Duration::minutes(5);
    team::decide_invitation(&store, &p, inv.id, 2, false, declined_at)
        .await
        .unwrap();
    let until = declined_at + Duration::hours(24);
    let again = team::invite(&store, &p, 1, 2, declined_at + Duration::hours(1)).await;
    assert!(
        matches!(again, Err(TeamError::ReinviteCooldown { hours: 24, until: u }) if u == until),
        "{again:?}"
    );
    // Someone else may be invited meanwhile, and the person after the wait.
    assert!(team::invite(&store, &p, 1, 3, declined_at).await.is_ok());
    assert!(team::invite(&store, &p, 1, 2, until).await.is_ok());
}

async fn a_captain_who_disbanded_creates_again_only_after_the_cooldown(store: Store) {
    let p = policy("ev");
    let t = team::create_team(&store, &p, 1, "Efímeros", "tema", None, now())
        .await
        .unwrap();
    team::disband_confirmed(&store, &p, 1, t.id, now())
        .await
        .unwrap();
    let until = now() + Duration::hours(12);
    let again = team::create_team(&store, &p, 1, "Otra vez", "tema", None, now()).await;
    assert!(
        matches!(again, Err(TeamError::CreateCooldown { hours: 12, until: u }) if u == until),
        "{again:?}"
    );
    // The last member leaving is a disband too.
    let solo = team::create_team(&store, &p, 2, "Solitarios", "tema", None, now())
        .await
        .unwrap();
    assert!(matches!(
        team::leave_team(&store, &p, 2, true, now()).await,
        Ok(Departure::Dissolved(..))
    ));
    assert!(store.team(solo.id).await.unwrap().is_none());
    assert!(matches!(
        team::create_team(&store, &p, 2, "Solitarios 2", "tema", None, now()).await,
        Err(TeamError::CreateCooldown { .. })
    ));
    assert!(
        team::create_team(&store, &p, 1, "Otra vez", "tema", None, until)
            .await
            .is_ok()
    );
}

fn lft_request() -> LftRequest<'static> {
    LftRequest {
        topic: "PLN clínico",
        skills: "datos",
        languages: "es",
        time_zone: "UTC-5",
    }
}

async fn lft_posts_are_capped_per_day(store: Store) {
    let first = now();
    for i in 0..3 {
        let at = first + Duration::hours(i);
        lft::post(&store, "ev", 5, &lft_request(), 3, at)
            .await
            .unwrap();
        store.close_lft_posts_of("ev", 5, at).await.unwrap();
    }
    let fourth = lft::post(
        &store,
        "ev",
        5,
        &lft_request(),
        3,
        first + Duration::hours(4),
    )
    .await;
    let resets = first + Duration::hours(24);
    assert!(
        matches!(fourth, Err(LftError::TooManyPosts { cap: 3, resets_at: Some(at) }) if at == resets),
        "{fourth:?}"
    );
    assert!(lft::post(
        &store,
        "ev",
        5,
        &lft_request(),
        3,
        resets + Duration::minutes(1)
    )
    .await
    .is_ok());
}

async fn twenty_lft_posts_at_once_make_one(store: Store) {
    let results = all_at_once(20, |_| {
        let store = store.clone();
        async move { lft::post(&store, "ev", 6, &lft_request(), 3, now()).await }
    })
    .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
}

fn help_post(thread: u64, author: u64) -> NewTicket<'static> {
    NewTicket {
        event_id: "ev",
        thread_id: Some(thread),
        author_id: author,
        title: "El tokenizer corta las tildes",
        request_key: None,
        lang: Some("es"),
        now: now(),
    }
}

async fn twenty_help_posts_at_once_stop_at_the_open_cap(store: Store) {
    let results = all_at_once(20, |i| {
        let store = store.clone();
        async move {
            store
                .create_ticket_capped(&help_post(1000 + i as u64, 9), 3)
                .await
                .unwrap()
        }
    })
    .await;
    let made: Vec<_> = results
        .iter()
        .filter_map(|r| match r {
            NewTicketOutcome::Created(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    let refused = results
        .iter()
        .filter(|r| {
            matches!(r, NewTicketOutcome::Capped { cap: 3, open, first_refusal: true } if open.len() == 3)
        })
        .count();
    assert_eq!((made.len(), refused), (3, 17), "{results:?}");
    // A refused post found again (after a restart) is known as refused:
    // its author is not told twice.
    let refused_thread = (1000..1020)
        .find(|t| !made.iter().any(|m| m.thread_id == Some(*t)))
        .unwrap();
    assert!(matches!(
        store
            .create_ticket_capped(&help_post(refused_thread, 9), 3)
            .await
            .unwrap(),
        NewTicketOutcome::Capped {
            first_refusal: false,
            ..
        }
    ));
    // The same post seen again is its ticket, not a refusal.
    let thread = made[0].thread_id.unwrap();
    assert!(matches!(
        store.create_ticket_capped(&help_post(thread, 9), 3).await.unwrap(),
        NewTicketOutcome::Existing(t) if t.id == made[0].id
    ));
    // Another author is not affected; resolving one frees a place.
    assert!(matches!(
        store
            .create_ticket_capped(&help_post(2000, 10), 3)
            .await
            .unwrap(),
        NewTicketOutcome::Created(_)
    ));
    store
        .set_ticket_status(made[0].id, TicketStatus::Resolved, now())
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_ticket_capped(&help_post(2001, 9), 3)
            .await
            .unwrap(),
        NewTicketOutcome::Created(_)
    ));
}

async fn a_rating_is_given_once_per_resolution_by_the_author_of_who_helped(store: Store) {
    let NewTicketOutcome::Created(t) = store
        .create_ticket_capped(&help_post(300, 9), 3)
        .await
        .unwrap()
    else {
        panic!("created");
    };
    // Nobody helped yet: nothing to rate, even resolved by the author.
    store
        .set_ticket_status(t.id, TicketStatus::Resolved, now())
        .await
        .unwrap();
    assert_eq!(
        store.rate_ticket(t.id, 9, 5).await.unwrap(),
        RateOutcome::NobodyToRate
    );
    store
        .set_ticket_status(t.id, TicketStatus::Open, now())
        .await
        .unwrap();
    // A participant's message is no help; a mentor's is.
    store
        .record_thread_reply("ev", 300, 50, false, now())
        .await
        .unwrap();
    store
        .record_thread_reply("ev", 300, 77, true, now() + Duration::minutes(1))
        .await
        .unwrap();
    let helped = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(helper_to_rate(&helped), Some(77));
    // The author closes the post themselves: they rate the mentor, once.
    store
        .set_ticket_status(t.id, TicketStatus::Resolved, now() + Duration::minutes(2))
        .await
        .unwrap();
    assert_eq!(
        store.rate_ticket(t.id, 77, 5).await.unwrap(),
        RateOutcome::NotAuthor,
        "the mentor cannot rate their own help"
    );
    assert_eq!(
        store.rate_ticket(t.id, 9, 4).await.unwrap(),
        RateOutcome::Rated { mentor: 77 }
    );
    assert_eq!(
        store.rate_ticket(t.id, 9, 1).await.unwrap(),
        RateOutcome::AlreadyRated
    );
    assert_eq!(store.ticket(t.id).await.unwrap().unwrap().rating, Some(4));
    // Reopened and resolved again: a new resolution, a new rating.
    store
        .set_ticket_status(t.id, TicketStatus::Open, now() + Duration::minutes(3))
        .await
        .unwrap();
    store
        .set_ticket_status(t.id, TicketStatus::Resolved, now() + Duration::minutes(4))
        .await
        .unwrap();
    assert_eq!(
        store.rate_ticket(t.id, 9, 2).await.unwrap(),
        RateOutcome::Rated { mentor: 77 }
    );
    // Twenty presses at once on a fresh resolution: one rating.
    store
        .set_ticket_status(t.id, TicketStatus::Open, now() + Duration::minutes(5))
        .await
        .unwrap();
    store
        .set_ticket_status(t.id, TicketStatus::Resolved, now() + Duration::minutes(6))
        .await
        .unwrap();
    let presses = all_at_once(20, |i| {
        let store = store.clone();
        async move { store.rate_ticket(t.id, 9, 1 + (i % 5) as u8).await.unwrap() }
    })
    .await;
    assert_eq!(
        presses
            .iter()
            .filter(|r| matches!(r, RateOutcome::Rated { .. }))
            .count(),
        1,
        "{presses:?}"
    );
}

async fn a_mentor_who_asked_cannot_rate_their_own_claim(store: Store) {
    let NewTicketOutcome::Created(t) = store
        .create_ticket_capped(&help_post(301, 77), 3)
        .await
        .unwrap()
    else {
        panic!("created");
    };
    assert!(store.claim_ticket(t.id, 77, now()).await.unwrap());
    store
        .set_ticket_status(t.id, TicketStatus::Resolved, now())
        .await
        .unwrap();
    let t = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(helper_to_rate(&t), None);
    assert_eq!(
        store.rate_ticket(t.id, 77, 5).await.unwrap(),
        RateOutcome::NobodyToRate
    );
}

async fn lease_and_line(store: &Store, captain: u64, name: &str) -> (i64, i64) {
    let p = policy("ev");
    let t = team::create_team(store, &p, captain, name, "tema", None, now())
        .await
        .unwrap();
    let request = store
        .create_gpu_request(&NewGpuRequest {
            event_id: "ev",
            team_id: t.id,
            kind: GpuKind::Vm24Gb,
            hours: 8,
            dataset_repo: "somosnlp/x-it",
            created_by: captain,
            now: now(),
        })
        .await
        .unwrap()
        .unwrap();
    (t.id, request.id)
}

async fn disbanding_ends_the_teams_lease_and_withdraws_its_requests(store: Store) {
    store
        .seed_gpu_resource(
            "ev",
            &GpuResource {
                name: "vm-a10g-1".into(),
                kind: GpuKind::Vm24Gb,
                description: None,
                default_hours: 8,
                max_hours: 24,
                status: GpuResourceStatus::Available,
            },
        )
        .await
        .unwrap();
    let (team_id, request) = lease_and_line(&store, 1, "Con Máquina").await;
    let GrantOutcome::Granted(lease) = store
        .grant_gpu(
            "ev",
            request,
            "vm-a10g-1",
            99,
            now(),
            now() + Duration::hours(8),
        )
        .await
        .unwrap()
    else {
        panic!("granted");
    };
    let (waiting_team, _) = lease_and_line(&store, 2, "En Fila").await;
    let p = policy("ev");
    let at = now() + Duration::hours(1);
    let gone = team::disband_confirmed(&store, &p, 1, team_id, at)
        .await
        .unwrap();
    assert_eq!(gone.gpu.leases.len(), 1);
    assert_eq!(gone.gpu.leases[0].id, lease.id);
    // The lease is ended, not erased: the history keeps it.
    let ended = store.gpu_lease(lease.id).await.unwrap().unwrap();
    assert_eq!(ended.released_at, Some(at));
    assert!(store.active_gpu_leases("ev").await.unwrap().is_empty());
    // The other team is next in line for the freed machine.
    let line = store.gpu_queue("ev", GpuKind::Vm24Gb).await.unwrap();
    assert_eq!(
        line.iter().map(|r| r.team_id).collect::<Vec<_>>(),
        vec![waiting_team]
    );
    // The waiting team's last member leaves: its request goes with it.
    let left = team::leave_team(&store, &p, 2, true, at).await.unwrap();
    let Departure::Dissolved(_, gpu) = left else {
        panic!("{left:?}");
    };
    assert_eq!(gpu.requests.len(), 1);
    assert!(store
        .gpu_queue("ev", GpuKind::Vm24Gb)
        .await
        .unwrap()
        .is_empty());
}

crate::on_both_backends!(
    twenty_teams_created_at_once_stop_at_the_event_cap,
    twenty_invitations_at_once_stop_at_the_pending_cap,
    a_declined_person_is_invited_again_only_after_the_cooldown,
    a_captain_who_disbanded_creates_again_only_after_the_cooldown,
    lft_posts_are_capped_per_day,
    twenty_lft_posts_at_once_make_one,
    twenty_help_posts_at_once_stop_at_the_open_cap,
    a_rating_is_given_once_per_resolution_by_the_author_of_who_helped,
    a_mentor_who_asked_cannot_rate_their_own_claim,
    disbanding_ends_the_teams_lease_and_withdraws_its_requests,
);
