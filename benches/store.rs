//! Storage hot paths with 500 teams in the database, on SQLite and (when
//! SOMOSBOT_TEST_POSTGRES_URL is set) PostgreSQL. Prints figures:
//! `cargo bench --bench store`.

#[path = "../tests/support/db.rs"]
#[allow(dead_code)]
mod db;
#[path = "support/figures.rs"]
mod figures;

use std::time::Instant;

use figures::Figures;

use chrono::Utc;
use somosbot::domain::team::{self, TeamPolicy};
use somosbot::store::Store;

const TEAMS: u64 = 500;
const ROUNDS: u64 = 300;

fn policy() -> TeamPolicy {
    TeamPolicy {
        event_id: "bench".into(),
        max_members: 5,
        registration_closes: None,
        invitation_expiry_hours: 48,
        // The bench measures the store with more teams than a server holds.
        max_teams: 10_000,
        pending_invitations_per_team: 5,
        reinvite_after_decline_hours: 24,
        create_after_disband_hours: 0,
        reserved: Default::default(),
    }
}

async fn bench(backend: &str, store: Store) {
    let p = policy();
    let now = Utc::now();
    // 500 teams of 3.
    let mut create = Vec::new();
    let mut ids = Vec::new();
    for i in 0..TEAMS {
        let start = Instant::now();
        let t = team::create_team(
            &store,
            &p,
            1_000_000 + i,
            &format!("Equipo {i}"),
            "tema",
            None,
            now,
        )
        .await
        .expect("create");
        create.push(start.elapsed());
        ids.push(t.id);
        for m in 0..2 {
            team::join_team(&store, &p, t.id, 2_000_000 + i * 10 + m, now)
                .await
                .expect("join");
        }
    }
    Figures(create).print(backend, "create team");

    let (mut join, mut leave) = (Vec::new(), Vec::new());
    for r in 0..ROUNDS {
        let team_id = ids[(r % TEAMS) as usize];
        let user = 9_000_000 + r;
        let start = Instant::now();
        team::join_team(&store, &p, team_id, user, now)
            .await
            .expect("join");
        join.push(start.elapsed());
        let start = Instant::now();
        team::leave_team(&store, &p, user, false, now)
            .await
            .expect("leave");
        leave.push(start.elapsed());
    }
    Figures(join).print(backend, "join team");
    Figures(leave).print(backend, "leave team");

    let mut list = Vec::new();
    for _ in 0..30 {
        let start = Instant::now();
        let teams = store.teams_with_members("bench").await.expect("list");
        assert_eq!(teams.len(), TEAMS as usize);
        list.push(start.elapsed());
    }
    Figures(list).print(backend, "list 500 teams with members");

    let mut find = Vec::new();
    for r in 0..ROUNDS {
        let start = Instant::now();
        store
            .team_of("bench", 2_000_000 + (r % TEAMS) * 10)
            .await
            .expect("team_of");
        find.push(start.elapsed());
    }
    Figures(find).print(backend, "team of a person");
}

#[tokio::main]
async fn main() {
    let sqlite = db::TestDb::sqlite().await;
    bench("sqlite", sqlite.store.clone()).await;
    match db::TestDb::postgres("store bench").await {
        Some(pg) => bench("postgres", pg.store.clone()).await,
        None => println!("postgres  skipped: set SOMOSBOT_TEST_POSTGRES_URL"),
    }
}
