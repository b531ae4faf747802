//! The GPU queue's reads with 100 teams in line and 10 machines on loan, on
//! SQLite and (when SOMOSBOT_TEST_POSTGRES_URL is set) PostgreSQL. Prints
//! figures: `cargo bench --bench gpu`.
//!
//! - `/gpu queue`: the board read from the store and rendered into pages,
//!   as the command does before it answers;
//! - a board update: one board job through the scheduler's step (claim,
//!   read, render, edit through an outbox that answers at once, record),
//!   so the figure is the bot's own cost without Discord's latency.

#[path = "../tests/support/db.rs"]
#[allow(dead_code)]
mod db;
#[path = "support/figures.rs"]
mod figures;

use std::sync::Arc;
use std::time::Instant;

use figures::Figures;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use somosbot::config::{EventConfig, GpuKind};
use somosbot::domain::gpu;
use somosbot::domain::team::{self, TeamPolicy};
use somosbot::i18n::{I18n, Lang};
use somosbot::render::gpu_board::board_pages;
use somosbot::scheduler::gpu::schedule_board;
use somosbot::scheduler::{OutMessage, Outbox, Posted, Scheduler, SendError};
use somosbot::store::{GpuResource, GpuResourceStatus, GrantOutcome, NewGpuRequest, Store};

const QUEUED: u64 = 100;
const LEASED: u64 = 10;
const ROUNDS: usize = 200;

/// An outbox that edits in no time.
struct Instant0;

impl Outbox for Instant0 {
    fn send<'a>(&'a self, _: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async { Ok(()) })
    }

    fn upsert<'a>(
        &'a self,
        _: &'a OutMessage,
        previous: Option<Posted>,
    ) -> BoxFuture<'a, Result<Posted, SendError>> {
        Box::pin(async move { Ok(previous.unwrap_or((1, 1))) })
    }
}

fn event() -> EventConfig {
    EventConfig::parse(include_str!("../events/somos600m.toml")).expect("shipped event")
}

/// 110 teams; 10 machines each lent to one of them; the other 100 in line.
async fn fill(store: &Store, event: &EventConfig, now: DateTime<Utc>) {
    let event_id = &event.event.id;
    let policy = TeamPolicy {
        event_id: event_id.clone(),
        max_members: 5,
        registration_closes: None,
        invitation_expiry_hours: 48,
        max_teams: 10_000,
        pending_invitations_per_team: 5,
        reinvite_after_decline_hours: 24,
        create_after_disband_hours: 0,
        reserved: Default::default(),
    };
    for m in 0..LEASED {
        store
            .seed_gpu_resource(
                event_id,
                &GpuResource {
                    name: format!("vm-bench-{m}"),
                    kind: GpuKind::Vm24Gb,
                    description: Some("A10G 24 GB".into()),
                    default_hours: 24,
                    max_hours: 72,
                    status: GpuResourceStatus::Available,
                },
            )
            .await
            .expect("machine");
    }
    for i in 0..QUEUED + LEASED {
        let t = team::create_team(
            store,
            &policy,
            1_000 + i,
            &format!("Equipo {i}"),
            "tema",
            None,
            now,
        )
        .await
        .expect("team");
        let request = store
            .create_gpu_request(&NewGpuRequest {
                event_id,
                team_id: t.id,
                kind: GpuKind::Vm24Gb,
                hours: 24,
                dataset_repo: "somosnlp/corpus",
                created_by: 1_000 + i,
                now: now + chrono::Duration::seconds(i as i64),
            })
            .await
            .expect("request")
            .expect("queued");
        if i < LEASED {
            let outcome = store
                .grant_gpu(
                    event_id,
                    request.id,
                    &format!("vm-bench-{i}"),
                    1,
                    now,
                    now + chrono::Duration::hours(24 + i as i64),
                )
                .await
                .expect("grant");
            assert!(matches!(outcome, GrantOutcome::Granted(_)));
        }
    }
}

async fn bench(backend: &str, store: Store) {
    let event = Arc::new(event());
    let i18n = Arc::new(I18n::load().expect("locales"));
    let now = Utc::now();
    fill(&store, &event, now).await;
    let event_id = event.event.id.clone();

    let board = gpu::board(&store, &event_id, now).await.expect("board");
    assert_eq!(board.queue(GpuKind::Vm24Gb).len(), QUEUED as usize);
    assert_eq!(
        board.machines.iter().filter(|m| m.lease.is_some()).count(),
        LEASED as usize
    );

    let mut queue = Vec::new();
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let board = gpu::board(&store, &event_id, now).await.expect("board");
        let pages = board_pages(&i18n, Lang::Es, &board, now);
        std::hint::black_box(pages);
        queue.push(start.elapsed());
    }
    Figures(queue).print(backend, "/gpu queue (read + render)");

    let scheduler = Scheduler::new(store.clone(), event.clone(), i18n.clone(), Instant0);
    let mut update = Vec::new();
    for r in 0..ROUNDS {
        let at = now + chrono::Duration::milliseconds(r as i64);
        schedule_board(&store, &event_id, at).await.expect("job");
        let start = Instant::now();
        let report = scheduler.tick(at).await.expect("tick");
        update.push(start.elapsed());
        assert_eq!(report.sent, 1, "{report:?}");
    }
    Figures(update).print(backend, "board update (scheduler step)");
}

#[tokio::main]
async fn main() {
    let sqlite = db::TestDb::sqlite().await;
    bench("sqlite", sqlite.store.clone()).await;
    match db::TestDb::postgres("bench gpu").await {
        Some(pg) => bench("postgres", pg.store.clone()).await,
        None => println!("postgres  (not measured: set SOMOSBOT_TEST_POSTGRES_URL)"),
    }
}
