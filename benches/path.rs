//! `/path` latency, from INTERACTION_CREATE to the answer, with the team's
//! Hub facts cached, and with a re-check against a local Hub that adds
//! 100 ms to every answer (the organization's listings, then the team's
//! dataset, model and Space). The real bot runs in-process against the fake
//! Discord. `cargo bench --bench path`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use somosbot::config::EventConfig;
use support::bot::{shipped_event, RunningBot};
use support::db::TestDb;
use support::fake_discord::{FakeDiscord, InteractionBuilder};
use support::fake_hub::{noticia_team, FakeHub, Reply};

const RUNS: usize = 20;
const CAPTAIN: u64 = 5001;

fn is_final(m: &serde_json::Value) -> bool {
    let c = m["content"].as_str().unwrap_or_default();
    !c.is_empty() && !c.contains("checking on the Hub")
}

/// Starts a bot for `event` with the NoticIA team (not submitted yet).
async fn bot(fake: &FakeDiscord, hub_url: &str, event: EventConfig) -> RunningBot {
    let db = TestDb::sqlite().await;
    let now = Utc::now();
    db.with_noticia_team(&event.event.id, CAPTAIN, now).await;
    db.store
        .set_hf_username(&event.event.id, CAPTAIN, Some("capitana"), now)
        .await
        .expect("hf username");
    RunningBot::start_with_hub(fake, db, event, hub_url).await
}

/// `RUNS` sequential /path: time to the first answer and to the final one.
async fn measure(fake: &FakeDiscord) -> (Vec<Duration>, Vec<Duration>) {
    let (mut first, mut last) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let started = Instant::now();
        let sent = fake.send_interaction(
            InteractionBuilder::slash("path")
                .user(CAPTAIN, "capitana")
                .locale("en-US"),
        );
        fake.wait_callback(&sent.token).await;
        first.push(started.elapsed());
        fake.wait_original(&sent.token, is_final).await;
        last.push(started.elapsed());
    }
    (first, last)
}

fn line(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {label}: min {:.1} ms, p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1])
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut hub = FakeHub::new();
    hub.latency = Duration::from_millis(100);
    noticia_team(&hub);
    hub.on(
        "/api/datasets",
        Reply::json(200, r#"[{"id":"somosnlp/NoticIA-it"}]"#),
    )
    .on(
        "/api/models",
        Reply::json(200, r#"[{"id":"somosnlp/NoticIA-7B"}]"#),
    )
    .on(
        "/api/spaces",
        Reply::json(200, r#"[{"id":"somosnlp/NoticIA-demo"}]"#),
    );
    let hub_url = hub.start().await;

    // Cached: one /path fills the cache, the measured ones read it.
    let fake = FakeDiscord::start().await;
    let cached = bot(&fake, &hub_url, shipped_event()).await;
    measure_one(&fake).await;
    let before = hub.seen().len();
    let (first, _) = measure(&fake).await;
    assert_eq!(
        hub.seen().len(),
        before,
        "cached answers ask the Hub nothing"
    );
    let _ = cached.stop().await;
    println!("/path, {RUNS} runs, sequential, local Hub +100 ms per answer:");
    line("Hub facts cached → answer", first);

    // Re-check: facts never count as fresh, so every /path asks the Hub.
    let fake = FakeDiscord::start().await;
    let mut event = shipped_event();
    event.path.fresh_minutes = 0;
    let rechecking = bot(&fake, &hub_url, event).await;
    let before = hub.seen().len();
    let (first, last) = measure(&fake).await;
    let requests = (hub.seen().len() - before) as f64 / RUNS as f64;
    let _ = rechecking.stop().await;
    line("re-check → first answer (Hub steps \"checking\")", first);
    line("re-check → answer with the Hub's facts", last);
    println!("  Hub requests per re-check: {requests:.1}");
}

async fn measure_one(fake: &FakeDiscord) {
    let sent = fake.send_interaction(
        InteractionBuilder::slash("path")
            .user(CAPTAIN, "capitana")
            .locale("en-US"),
    );
    fake.wait_original(&sent.token, is_final).await;
}
