//! The scheduler with 10,000 pending jobs: the time from a job's due time to
//! its message reaching the (local, fake) Discord, p50 and p99, with the
//! production loop interval; and the process's CPU use while the scheduler
//! idles (nothing due) over a minute, as a percentage of one core.
//! `cargo bench --bench scheduler`. Knobs: SCHED_BENCH_INTERVAL_MS (5000),
//! SCHED_BENCH_IDLE_SECS (60), SCHED_BENCH_DUE (200 jobs due during the run).

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serenity::all::HttpBuilder;
use somosbot::discord::outbox::DiscordOutbox;
use somosbot::scheduler::{Scheduler, Task};
use support::fake_discord::FakeDiscord;

const PENDING: usize = 10_000;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// User + system CPU time of this process (USER_HZ is 100 on Linux).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let interval = Duration::from_millis(env_u64("SCHED_BENCH_INTERVAL_MS", 5000));
    let idle_secs = env_u64("SCHED_BENCH_IDLE_SECS", 60);
    let due_count = env_u64("SCHED_BENCH_DUE", 200) as usize;

    let dir = tempfile::tempdir().expect("temp dir");
    let url = somosbot::secret::DatabaseUrl::new(format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ));
    let store = somosbot::store::Store::open(&url).await.expect("open");
    let event = Arc::new(support::bot::shipped_event());
    let event_id = event.event.id.clone();

    let fake = FakeDiscord::start().await;
    let channel = fake.add_text_channel("anuncios", None);

    // Jobs due during the run are spread over a few loop intervals; the rest
    // wait until tomorrow, so the claim query works against a full table.
    let base_utc = Utc::now();
    let base = Instant::now();
    let lead = Duration::from_secs(2);
    let spread = interval * 3;
    let mut due_of: HashMap<String, Instant> = HashMap::new();
    let mut rows = Vec::with_capacity(PENDING);
    for i in 0..PENDING {
        let text = format!("bench-{i}");
        let due_utc = if i < due_count {
            let offset = lead + spread.mul_f64(i as f64 / due_count.max(1) as f64);
            due_of.insert(text.clone(), base + offset);
            base_utc + chrono::Duration::from_std(offset).unwrap_or_default()
        } else {
            base_utc + chrono::Duration::days(1) + chrono::Duration::seconds(i as i64)
        };
        let task = Task::Announcement {
            channel,
            text,
            role: None,
            author: 1,
        };
        let payload = serde_json::to_string(&task)
            .expect("payload")
            .replace('\'', "''");
        rows.push(format!(
            "('{event_id}', 'announce:bench-{i}', 'announcement', {}, '{payload}', {})",
            due_utc.timestamp_millis(),
            base_utc.timestamp_millis()
        ));
    }
    for chunk in rows.chunks(500) {
        store
            .execute_raw(&format!(
                "INSERT INTO jobs (event_id, job_key, kind, due_at, payload, created_at) VALUES {}",
                chunk.join(", ")
            ))
            .await
            .expect("insert jobs");
    }
    let seeded_in = base.elapsed();

    let http = HttpBuilder::new("fake.bot.token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let outbox = DiscordOutbox::new(
        Arc::new(http),
        Arc::new(somosbot::discord::identity::Directory::new(
            store.clone(),
            event.clone(),
            Arc::new(somosbot::i18n::I18n::load().expect("locales")),
            Some(fake.guild_id()),
        )),
    );
    let i18n = Arc::new(somosbot::i18n::I18n::load().expect("locales"));
    let scheduler = Arc::new(Scheduler::new(store.clone(), event, i18n, outbox));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let inflight = Arc::new(somosbot::lifecycle::InFlight::default());
    let task = somosbot::scheduler::spawn_loop(scheduler, interval, stopped, inflight);

    // Wait until every due job has reached the fake.
    let path = format!("/channels/{channel}/messages");
    let requests = fake
        .wait_for(
            "every due job's message",
            lead + spread + interval * 4,
            |i| {
                let posts: Vec<_> = i
                    .requests
                    .iter()
                    .filter(|r| r.method == "POST" && r.path == path)
                    .cloned()
                    .collect();
                (posts.len() >= due_count).then_some(posts)
            },
        )
        .await;
    let mut latencies: Vec<Duration> = requests
        .iter()
        .filter_map(|r| {
            let text = r.body["content"].as_str()?;
            let due = due_of.get(text)?;
            Some(r.at.saturating_duration_since(*due))
        })
        .collect();
    latencies.sort();

    // Idle: nothing due for a day, 9,800 jobs pending.
    let cpu_before = cpu_time();
    let wall = Instant::now();
    tokio::time::sleep(Duration::from_secs(idle_secs)).await;
    let cpu_after = cpu_time();
    let idle_wall = wall.elapsed();
    let _ = stop.send(true);
    let _ = task.await;

    println!("scheduler bench: {PENDING} pending jobs (seeded in {seeded_in:?}), loop interval {interval:?}");
    println!(
        "due → message at the fake, {} jobs: p50 {:?}, p99 {:?}, max {:?}",
        latencies.len(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
    );
    match (cpu_before, cpu_after) {
        (Some(a), Some(b)) => println!(
            "idle CPU over {idle_wall:?}: {:?} = {:.3}% of one core (whole process, fake Discord included)",
            b.saturating_sub(a),
            100.0 * b.saturating_sub(a).as_secs_f64() / idle_wall.as_secs_f64()
        ),
        _ => println!("idle CPU: /proc/self/stat unavailable on this system"),
    }
}
