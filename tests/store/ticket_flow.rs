//! The help desk's transitions (domain::ticket_flow) against the store, on
//! both engines: the rule decides who, the conditional write decides which
//! of two presses wins.

use chrono::Duration;
use somosbot::domain::ticket_flow::{self, Standing, TicketActor, TicketError};
use somosbot::store::*;

use crate::scenarios::now;

const AUTHOR: u64 = 5;

fn mentor(user: u64) -> TicketActor {
    TicketActor {
        user,
        standing: Standing::Mentor,
    }
}

async fn ticket(store: &Store, thread: u64) -> Ticket {
    store
        .create_ticket(&NewTicket {
            event_id: "ev",
            thread_id: Some(thread),
            author_id: AUTHOR,
            title: "Error 401 al subir el dataset al Hub",
            request_key: None,
            lang: Some("es"),
            now: now(),
        })
        .await
        .unwrap()
        .0
}

async fn twenty_mentors_claim_at_once_and_the_others_learn_who_won(store: Store) {
    let t = ticket(&store, 400).await;
    let results: Vec<Result<(), TicketError>> = futures::future::join_all((0..20u64).map(|m| {
        let store = store.clone();
        let t = t.clone();
        async move { ticket_flow::claim(&store, &mentor(100 + m), &t, now()).await }
    }))
    .await;
    let winners: Vec<u64> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_ok())
        .map(|(i, _)| 100 + i as u64)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    let winner = winners[0];
    for r in &results {
        match r {
            Ok(()) => {}
            Err(TicketError::Taken { by }) => assert_eq!(*by, winner),
            Err(other) => panic!("a loser is told who won, not {other:?}"),
        }
    }
    let held = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(
        (held.status, held.claimed_by),
        (TicketStatus::Claimed, Some(winner))
    );
}

async fn hand_back_resolve_and_reopen_follow_the_rules(store: Store) {
    let t = ticket(&store, 401).await;
    let later = now() + Duration::minutes(1);
    ticket_flow::claim(&store, &mentor(70), &t, later)
        .await
        .unwrap();
    let held = store.ticket(t.id).await.unwrap().unwrap();

    let other = ticket_flow::release(&store, &mentor(71), &held, later).await;
    assert!(
        matches!(other, Err(TicketError::NotYours { holder: 70 })),
        "{other:?}"
    );
    let organizer = TicketActor {
        user: 72,
        standing: Standing::Organizer,
    };
    ticket_flow::release(&store, &organizer, &held, later)
        .await
        .unwrap();
    let open = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!((open.status, open.claimed_by), (TicketStatus::Open, None));

    let stranger = TicketActor {
        user: 9,
        standing: Standing::Member,
    };
    let refused = ticket_flow::resolve(&store, &stranger, &open, later).await;
    assert!(
        matches!(refused, Err(TicketError::NotAllowed)),
        "{refused:?}"
    );
    let author = TicketActor {
        user: AUTHOR,
        standing: Standing::Member,
    };
    ticket_flow::resolve(&store, &author, &open, later)
        .await
        .unwrap();
    // A second press read the ticket before the first resolved it.
    let again = ticket_flow::resolve(&store, &mentor(70), &open, later).await;
    assert!(
        matches!(again, Err(TicketError::AlreadyResolved)),
        "{again:?}"
    );
    let resolved = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(resolved.status, TicketStatus::Resolved);

    ticket_flow::reopen(&store, &author, &resolved, later)
        .await
        .unwrap();
    let again = ticket_flow::reopen(&store, &author, &resolved, later).await;
    assert!(matches!(again, Err(TicketError::NotResolved)), "{again:?}");
    let reopened = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(reopened.status, TicketStatus::Open);
}

crate::on_both_backends!(
    twenty_mentors_claim_at_once_and_the_others_learn_who_won,
    hand_back_resolve_and_reopen_follow_the_rules,
);
