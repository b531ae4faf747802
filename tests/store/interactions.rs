//! Commands under way: recorded at start, forgotten at the end; what a crash
//! left is taken once, by the process serving the guild.

use chrono::{Duration, Utc};
use somosbot::store::{PendingInteraction, Store};

fn pending(id: u64, guild: u64, minutes_ago: i64) -> PendingInteraction {
    PendingInteraction {
        id,
        guild_id: guild,
        token: format!("token-{id}"),
        user_id: 40 + id,
        command: "team create".into(),
        locale: Some("es-419".into()),
        started_at: Utc::now() - Duration::minutes(minutes_ago),
    }
}

async fn unfinished_commands_are_taken_once_by_their_guild(store: Store) {
    let started = Utc::now();
    store.begin_interaction(&pending(1, 7, 3)).await.unwrap();
    store.begin_interaction(&pending(1, 7, 3)).await.unwrap(); // redelivered
    store.begin_interaction(&pending(2, 7, 2)).await.unwrap();
    store.begin_interaction(&pending(3, 8, 2)).await.unwrap(); // another guild
    store.begin_interaction(&pending(4, 0, 1)).await.unwrap(); // a DM
    store.end_interaction(2).await.unwrap(); // finished normally

    let taken = store
        .take_unfinished_interactions(&[7, 0], started)
        .await
        .unwrap();
    let ids: Vec<u64> = taken.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 4], "oldest first, this process's guilds only");
    assert_eq!(taken[0], pending(1, 7, 3).with_time(taken[0].started_at));
    assert!(store
        .take_unfinished_interactions(&[7, 0], started)
        .await
        .unwrap()
        .is_empty());
    // A command that started after this process is someone else's to finish.
    store.begin_interaction(&pending(5, 8, -1)).await.unwrap();
    let other = store
        .take_unfinished_interactions(&[8], started)
        .await
        .unwrap();
    assert_eq!(other.iter().map(|p| p.id).collect::<Vec<_>>(), [3]);
}

trait WithTime {
    fn with_time(self, at: chrono::DateTime<Utc>) -> Self;
}

impl WithTime for PendingInteraction {
    fn with_time(mut self, at: chrono::DateTime<Utc>) -> Self {
        self.started_at = at;
        self
    }
}

crate::on_both_backends!(unfinished_commands_are_taken_once_by_their_guild);
