//! Time from INTERACTION_CREATE sent to the first callback received, for a
//! command that reads the database (`/team info`), over 1,000 interactions
//! against the real binary and the local fake Discord; and the bot's
//! resident memory when idle and after the run. `cargo bench --bench discord_latency`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::fake_discord::{FakeDiscord, InteractionBuilder};

const INTERACTIONS: usize = 1000;
const TEAMS: u64 = 500;

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let event_path = concat!(env!("CARGO_MANIFEST_DIR"), "/events/somos600m.toml");
    {
        let store = somosbot::store::Store::open(&somosbot::secret::DatabaseUrl::new(url.clone()))
            .await
            .expect("open");
        let event = support::bot::shipped_event();
        let mut policy = somosbot::domain::team::TeamPolicy::from_config(&event);
        policy.registration_closes = None;
        // Seeded past the event's team cap: the load is what is measured.
        policy.max_teams = TEAMS as u32;
        let now = chrono::Utc::now();
        for i in 0..TEAMS {
            somosbot::domain::team::create_team(
                &store,
                &policy,
                10_000 + i,
                &format!("Equipo {i}"),
                "tema",
                None,
                now,
            )
            .await
            .expect("seed team");
        }
        store.close().await;
    }

    let fake = FakeDiscord::start().await;
    let api = fake.api_base();
    let mut child = Command::new(env!("CARGO_BIN_EXE_somosbot"))
        .arg("run")
        .current_dir(dir.path())
        .env("DISCORD_TOKEN", "fake.bot.token")
        .env("DISCORD_API_BASE", &api)
        .env("DATABASE_URL", &url)
        .env("SOMOSBOT_EVENT", event_path)
        .env("HF_ENDPOINT", "http://127.0.0.1:9")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the bot");
    fake.wait_commands_registered().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = rss_kib(child.id());

    let mut latencies = Vec::with_capacity(INTERACTIONS);
    let started = Instant::now();
    for i in 0..INTERACTIONS {
        let name = format!("Equipo {}", i as u64 % TEAMS);
        let sent_at = Instant::now();
        let sent = fake.send_interaction(
            InteractionBuilder::slash("team")
                .subcommand("info")
                .option("name", name.as_str())
                .locale("en-US"),
        );
        let callback = fake.wait_callback(&sent.token).await;
        latencies.push(sent_at.elapsed());
        assert_eq!(callback["type"], 4, "{callback}");
    }
    let total = started.elapsed();
    let after = rss_kib(child.id());
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();

    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("/team info over {INTERACTIONS} interactions ({TEAMS} teams, SQLite, sequential):");
    println!(
        "  first callback: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.0} interactions/s",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(latencies[latencies.len() - 1]),
        INTERACTIONS as f64 / total.as_secs_f64()
    );
    println!(
        "  bot resident memory: idle {} KiB, after the run {} KiB",
        idle.map_or("?".into(), |v| v.to_string()),
        after.map_or("?".into(), |v| v.to_string())
    );
}
