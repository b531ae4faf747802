//! The project gallery with 300 submitted teams (SQLite): time to first
//! byte and page weight of `/projects`, and the requests per second the
//! gallery serves when the server has one core (a current-thread runtime
//! on its own thread; the load comes from another thread over loopback).
//! Prints figures: `cargo bench --bench web`.

#[path = "../tests/support/db.rs"]
#[allow(dead_code)]
mod db;
#[path = "support/figures.rs"]
mod figures;

use std::time::{Duration, Instant};

use chrono::Utc;
use figures::Figures;
use somosbot::config::EventConfig;
use somosbot::domain::gallery;
use somosbot::hub::{Finding, Message, RepoKind, RepoReport, Report};
use somosbot::store::CreateTeamOutcome;
use somosbot::store::{NewSubmission, NewTeam, Store, SubmissionStatus};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TEAMS: i64 = 300;
const EVENT: &str = "somos600m-2024";

fn event() -> EventConfig {
    EventConfig::parse(include_str!("../events/somos600m.toml")).expect("shipped event")
}

/// 300 teams of 3 (two listed each), every one with a checked submission.
async fn fill(store: &Store) {
    let now = Utc::now();
    for i in 0..TEAMS {
        let captain = 1_000_000 + (i as u64) * 10;
        let name = format!("Equipo {i:03} Ñandú");
        let team = match store
            .create_team(&NewTeam {
                event_id: EVENT.into(),
                name: name.clone(),
                name_key: name.to_lowercase(),
                topic: format!("Tema del equipo {i}, con una descripción de unas palabras"),
                ods: Some((i % 17 + 1) as u8),
                captain_id: captain,
                max_members: 5,
                now,
            })
            .await
            .expect("team")
        {
            CreateTeamOutcome::Created(t) => t,
            other => panic!("{other:?}"),
        };
        for m in 1..3 {
            store
                .join_team(EVENT, team.id, captain + m, now)
                .await
                .expect("join");
        }
        for m in 0..2 {
            gallery::make_public(
                store,
                EVENT,
                captain + m,
                &format!("Persona {i}-{m}"),
                "p",
                now,
            )
            .await
            .expect("opt in");
        }
        let dataset = format!("https://huggingface.co/datasets/somosnlp/corpus-{i}");
        let model = format!("https://huggingface.co/somosnlp/modelo-{i}");
        let demo = format!("https://huggingface.co/spaces/somosnlp/demo-{i}");
        let s = store
            .create_submission(&NewSubmission {
                event_id: EVENT,
                team_id: team.id,
                submitted_by: captain,
                dataset: &dataset,
                model: Some(&model),
                demo: Some(&demo),
                video: None,
                now,
            })
            .await
            .expect("submission");
        let report = Report::new(
            "somosnlp",
            None,
            vec![RepoReport::new(
                dataset.clone(),
                Some(RepoKind::Dataset),
                None,
                None,
                vec![Finding::ok(
                    "dataset.language",
                    Message::new("hub-language-accepted").text("values", "es, es-MX"),
                )],
                false,
            )],
            vec![],
        );
        let status = if i % 3 == 0 {
            SubmissionStatus::Incomplete
        } else {
            SubmissionStatus::Complete
        };
        store
            .set_submission_report(
                s.id,
                status,
                &serde_json::to_value(&report).expect("json"),
                now,
            )
            .await
            .expect("report");
    }
}

/// One `GET` over a fresh connection: (time to first byte, bytes of body).
async fn get(addr: std::net::SocketAddr, path: &str) -> (Duration, usize) {
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: bench\r\nAccept-Language: es\r\nConnection: close\r\n\r\n"
    );
    let start = Instant::now();
    s.write_all(req.as_bytes()).await.expect("write");
    let mut first = [0u8; 1];
    s.read_exact(&mut first).await.expect("first byte");
    let ttfb = start.elapsed();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).await.expect("read");
    let text = String::from_utf8_lossy(&rest);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.len())
        .unwrap_or(0);
    (ttfb, body)
}

fn main() {
    let db_rt = tokio::runtime::Runtime::new().expect("runtime");
    let db = db_rt.block_on(async {
        let db = db::TestDb::sqlite().await;
        fill(&db.store).await;
        db
    });
    // The server: one thread, one core's worth of work.
    let store = db.store.clone();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            addr_tx
                .send(listener.local_addr().expect("addr"))
                .expect("send addr");
            let state =
                somosbot::web::WebState::new(store, event(), "http://bench", None).expect("state");
            somosbot::web::serve(listener, state, Box::pin(std::future::pending()))
                .await
                .expect("serve");
        });
    });
    let addr = addr_rx.recv().expect("server address");
    let client = tokio::runtime::Runtime::new().expect("client runtime");
    client.block_on(async {
        let mut ttfb = Vec::new();
        let mut weight = 0;
        for _ in 0..50 {
            let (t, bytes) = get(addr, "/projects").await;
            ttfb.push(t);
            weight = bytes;
        }
        Figures(ttfb).print("sqlite", "/projects TTFB, 300 teams");
        println!("sqlite    /projects page weight               {weight} bytes ({:.1} KiB) HTML; + site.css and time.js (cached)", weight as f64 / 1024.0);
        let (_, filtered) = get(addr, "/projects?ods=4&q=equipo").await;
        println!("sqlite    /projects?ods=4&q=equipo weight     {filtered} bytes");

        // Throughput: 8 clients in a loop for 5 s against the one-core server.
        let until = Instant::now() + Duration::from_secs(5);
        let mut tasks = Vec::new();
        for _ in 0..8 {
            tasks.push(tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < until {
                    get(addr, "/projects").await;
                    n += 1;
                }
                n
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.expect("client");
        }
        println!("sqlite    /projects on one core               {:.1} requests/s (8 clients, 5 s)", total as f64 / 5.0);
    });
    drop(db);
}
