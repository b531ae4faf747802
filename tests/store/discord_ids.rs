//! The ids of the event's roles and channels: found once (the first finder
//! wins, also under a burst), re-pointed by an organizer, forgotten only
//! when they still name the deleted thing, and kept apart per event, guild
//! and kind.

use chrono::Utc;
use somosbot::store::{IdKind, Store, StoredId};

const EV: &str = "ev";
const GUILD: u64 = 9_000_000_000_000_000_001; // above i64::MAX: stored bit for bit

async fn ids_are_found_once_relinked_and_forgotten(store: Store) {
    let now = Utc::now();
    assert_eq!(
        store
            .discord_id(EV, GUILD, IdKind::Role, "organizer")
            .await
            .unwrap(),
        None
    );
    // Twenty finders at once (several processes starting): one id holds.
    let finders = (0..20u64).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .bind_discord_id_if_absent(EV, GUILD, IdKind::Role, "organizer", 100 + i, now)
                .await
                .unwrap()
        })
    });
    let agreed: Vec<u64> = futures::future::join_all(finders)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let held = store
        .discord_id(EV, GUILD, IdKind::Role, "organizer")
        .await
        .unwrap()
        .expect("stored");
    assert!((100..120).contains(&held));
    assert!(agreed.iter().all(|id| *id == held), "{agreed:?} vs {held}");

    // A channel with the same key space is another row; so is another guild
    // and another event.
    store
        .bind_discord_id_if_absent(EV, GUILD, IdKind::Channel, "log", 7, now)
        .await
        .unwrap();
    store
        .bind_discord_id_if_absent(EV, 5, IdKind::Role, "organizer", 55, now)
        .await
        .unwrap();
    store
        .bind_discord_id_if_absent("other", GUILD, IdKind::Role, "organizer", 66, now)
        .await
        .unwrap();
    assert_eq!(
        store
            .discord_id(EV, 5, IdKind::Role, "organizer")
            .await
            .unwrap(),
        Some(55)
    );

    // An organizer re-points it: the old id is returned, who did it is kept.
    let before = store
        .set_discord_id(
            EV,
            GUILD,
            IdKind::Role,
            "organizer",
            u64::MAX - 3,
            Some(42),
            now,
        )
        .await
        .unwrap();
    assert_eq!(before, Some(held));
    assert_eq!(
        store.discord_ids(EV, GUILD).await.unwrap(),
        vec![
            StoredId {
                kind: IdKind::Channel,
                key: "log".into(),
                id: 7,
                set_by: None,
            },
            StoredId {
                kind: IdKind::Role,
                key: "organizer".into(),
                id: u64::MAX - 3,
                set_by: Some(42),
            },
        ]
    );
    // Finding by name never overwrites a stored id.
    let kept = store
        .bind_discord_id_if_absent(EV, GUILD, IdKind::Role, "organizer", 1, now)
        .await
        .unwrap();
    assert_eq!(kept, u64::MAX - 3);

    // Forgetting a deleted thing's id only works while it is still that id.
    assert!(!store
        .forget_discord_id(EV, GUILD, IdKind::Role, "organizer", held)
        .await
        .unwrap());
    assert!(store
        .forget_discord_id(EV, GUILD, IdKind::Role, "organizer", u64::MAX - 3)
        .await
        .unwrap());
    assert_eq!(
        store
            .discord_id(EV, GUILD, IdKind::Role, "organizer")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .discord_id("other", GUILD, IdKind::Role, "organizer")
            .await
            .unwrap(),
        Some(66)
    );
}

crate::on_both_backends!(ids_are_found_once_relinked_and_forgotten);
