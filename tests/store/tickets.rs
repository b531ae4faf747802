//! Help tickets in the store: claims under concurrency, handing back, the
//! queue, deleted posts, on both engines.

use chrono::Duration;
use somosbot::store::*;

use crate::scenarios::now;

async fn ticket(store: &Store, thread: u64, minutes: i64) -> Ticket {
    store
        .create_ticket(&NewTicket {
            event_id: "ev",
            thread_id: Some(thread),
            author_id: 5,
            title: "Error 401 al subir el dataset al Hub",
            request_key: None,
            lang: Some("es"),
            now: now() + Duration::minutes(minutes),
        })
        .await
        .unwrap()
        .0
}

async fn mentors_claiming_at_once_make_one_claim(store: Store) {
    let t = ticket(&store, 100, 0).await;
    let claims: Vec<bool> = futures::future::join_all((0..8u64).map(|m| {
        let store = store.clone();
        async move { store.claim_ticket(t.id, 70 + m, now()).await.unwrap() }
    }))
    .await;
    assert_eq!(claims.iter().filter(|c| **c).count(), 1, "{claims:?}");
    let held = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(held.status, TicketStatus::Claimed);
    let holder = held.claimed_by.unwrap();

    // Only the holder (or anyone, for an organizer) hands it back, once.
    let other = if holder == 70 { 71 } else { 70 };
    assert!(!store
        .release_ticket(t.id, Some(other), now())
        .await
        .unwrap());
    assert!(store
        .release_ticket(t.id, Some(holder), now())
        .await
        .unwrap());
    assert!(
        !store.release_ticket(t.id, None, now()).await.unwrap(),
        "not claimed any more"
    );
    let open = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!((open.status, open.claimed_by), (TicketStatus::Open, None));
    assert!(store.claim_ticket(t.id, other, now()).await.unwrap());
    assert!(
        store.release_ticket(t.id, None, now()).await.unwrap(),
        "an organizer"
    );
}

async fn the_queue_is_oldest_first_without_answered_resolved_or_deleted_posts(store: Store) {
    let old = ticket(&store, 1, 0).await;
    let answered = ticket(&store, 2, 1).await;
    let resolved = ticket(&store, 3, 2).await;
    let deleted = ticket(&store, 4, 3).await;
    let newer = ticket(&store, 5, 4).await;
    store
        .record_ticket_reply(answered.id, 77, now() + Duration::minutes(5))
        .await
        .unwrap();
    store
        .set_ticket_status(resolved.id, TicketStatus::Resolved, now())
        .await
        .unwrap();
    assert!(store.mark_ticket_deleted(deleted.id, now()).await.unwrap());
    assert!(!store.mark_ticket_deleted(deleted.id, now()).await.unwrap());
    let (page, total) = store.unanswered_tickets_page("ev", 0, 10).await.unwrap();
    assert_eq!(total, 2);
    let ids: Vec<i64> = page.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![old.id, newer.id]);
    let (second, _) = store.unanswered_tickets_page("ev", 1, 1).await.unwrap();
    assert_eq!(second[0].id, newer.id);
    let live: Vec<i64> = store
        .live_tickets("ev")
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(live, vec![old.id, answered.id, newer.id]);
    assert_eq!(
        store.ticket(old.id).await.unwrap().unwrap().lang.as_deref(),
        Some("es")
    );
    store.record_ticket_ping(old.id).await.unwrap();
    assert_eq!(store.ticket(old.id).await.unwrap().unwrap().pings_sent, 1);
}

async fn a_message_in_a_post_is_recorded_by_thread_in_one_step(store: Store) {
    let t = ticket(&store, 300, 0).await;
    let at = now() + Duration::minutes(4);
    assert_eq!(
        store
            .record_thread_reply("ev", 999, 77, true, at)
            .await
            .unwrap(),
        None,
        "not a ticket's post"
    );
    assert_eq!(
        store
            .record_thread_reply("ev", 300, 5, true, at)
            .await
            .unwrap(),
        Some((t.id, TicketStatus::Open))
    );
    let seen = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(
        (seen.last_activity_at, seen.first_response_at),
        (at, None),
        "the author's own message is activity, not an answer"
    );
    store
        .set_ticket_status(t.id, TicketStatus::Resolved, now())
        .await
        .unwrap();
    let later = at + Duration::minutes(1);
    assert_eq!(
        store
            .record_thread_reply("ev", 300, 78, false, later)
            .await
            .unwrap(),
        Some((t.id, TicketStatus::Resolved))
    );
    let not_staff = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(
        (not_staff.last_activity_at, not_staff.first_response_at),
        (later, None),
        "a participant's message is activity, not an answer"
    );
    assert_eq!(
        store
            .record_thread_reply("ev", 300, 77, true, later)
            .await
            .unwrap(),
        Some((t.id, TicketStatus::Resolved))
    );
    let answered = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(
        (answered.first_response_at, answered.first_responder_id),
        (Some(later), Some(77))
    );
}

crate::on_both_backends!(
    mentors_claiming_at_once_make_one_claim,
    the_queue_is_oldest_first_without_answered_resolved_or_deleted_posts,
    a_message_in_a_post_is_recorded_by_thread_in_one_step,
);
