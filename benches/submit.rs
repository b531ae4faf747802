//! Wall time of `/submit`, from INTERACTION_CREATE to the final report in
//! the `@original` response, with a local Hub that adds 100 ms to every
//! answer; and the number of Hub requests per submission. The real bot runs
//! in-process against the fake Discord. `cargo bench --bench submit`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use somosbot::store::StoredDeadline;
use support::bot::{shipped_event, RunningBot};
use support::db::TestDb;
use support::fake_discord::{FakeDiscord, InteractionBuilder};
use support::fake_hub::{noticia_team, FakeHub};

const RUNS: usize = 10;
const CAPTAIN: u64 = 5001;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut hub = FakeHub::new();
    hub.latency = Duration::from_millis(100);
    noticia_team(&hub);
    let hub_url = hub.start().await;
    let fake = FakeDiscord::start().await;
    // Ten sequential checks of one team: the per-team cooldown and the
    // process's Hub budget (measured by `benches/hub_budget.rs`) are left
    // out of the way, so this measures the check itself.
    let mut event = shipped_event();
    event.hub.budget.check_cooldown_seconds = 0;
    event.hub.budget.burst = 10_000;
    event.hub.budget.requests_per_window = 10_000;
    let db = TestDb::sqlite().await;
    let now = Utc::now();
    db.with_noticia_team(&event.event.id, CAPTAIN, now).await;
    db.store
        .upsert_deadline(
            &event.event.id,
            &StoredDeadline {
                id: event.hub.submission_deadline.clone(),
                title_es: "Entrega".into(),
                title_en: "Submission".into(),
                at: now + chrono::Duration::days(7),
                reminders: vec![],
            },
        )
        .await
        .expect("deadline");
    let bot = RunningBot::start_with_hub(&fake, db, event, &hub_url).await;

    let mut times = Vec::with_capacity(RUNS);
    let mut requests = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let before = hub.seen().len();
        let started = Instant::now();
        let sent = fake.send_interaction(
            InteractionBuilder::slash("submit")
                .user(CAPTAIN, "capitana")
                .locale("en-US")
                .option(
                    "dataset",
                    "https://huggingface.co/datasets/somosnlp/NoticIA-it",
                )
                .option("model", "https://huggingface.co/somosnlp/NoticIA-7B")
                .option(
                    "demo",
                    "https://huggingface.co/spaces/somosnlp/NoticIA-demo",
                ),
        );
        // The final report is the edit that carries the re-check button.
        fake.wait_original(&sent.token, |m| {
            m["components"].as_array().is_some_and(|c| !c.is_empty())
        })
        .await;
        times.push(started.elapsed());
        requests.push(hub.seen().len() - before);
    }
    let _ = bot.stop().await;

    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("/submit (3 repos, local Hub +100 ms per answer, {RUNS} runs, sequential):");
    println!(
        "  interaction → final report: min {:.0} ms, p50 {:.0} ms, max {:.0} ms",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    println!(
        "  Hub requests per submission: {:?} (min {}, max {})",
        requests,
        requests.iter().min().copied().unwrap_or(0),
        requests.iter().max().copied().unwrap_or(0)
    );
}
