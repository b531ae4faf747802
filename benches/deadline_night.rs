//! Deadline night: the real bot binary against the local fake Discord and a
//! local Hub, replaying the commands people use in the last hours — `/submit`,
//! `/submission status`, `/team info`, `/ask` (the form, then the post),
//! `/gpu status`, autocomplete — at
//! rising rates, on SQLite and (when `SOMOSBOT_TEST_POSTGRES_URL` is set)
//! PostgreSQL, first with one process, then with two processes sharing the
//! database on shards 0 and 1 of 2.
//!
//! For every stage it prints, per command, p50/p99 of the time from the
//! INTERACTION_CREATE to the bot's first callback (as the fake receives it),
//! the errors (no callback within Discord's 3 seconds), and at the end the
//! bot's peak resident memory (`VmHWM`) and whether every `/submit` was
//! stored. `cargo bench --bench deadline_night`; `NIGHT_RATES=50,200` and
//! `NIGHT_STAGE_SECS=5` change the stages, `NIGHT_BACKENDS=sqlite` (or
//! `postgres`) runs only those. `NIGHT_WEB_RPS=20` also serves the web from
//! each bot process (`WEB_ADDR`) and asks it for `/projects` and `/`, that
//! many requests per second in all, while the stages run: the bot's figures
//! with the web beside it.
//!
//! The event file's Hub budget is raised for the run to the most the config
//! accepts (a burst of 470 of the Hub's 500 anonymous requests per 5
//! minutes; the shipped burst of 100 refuses most `/submit` checks within a
//! second at these rates, and this bench measures the bot, not the budget).

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::burst::Figures;
use support::db::TestDb;
use support::fake_discord::{FakeDiscord, InteractionBuilder, SentInteraction};
use support::fake_hub::{complete_repo_routes, serve, FakeHub};

/// Teams in the database, each with a captain; half have submitted already.
const TEAMS: u64 = 300;
/// Discord's limit for the first callback.
const DISCORD_LIMIT: Duration = Duration::from_secs(3);
/// What the fake Hub adds to every answer (a busy Hub on deadline night).
const HUB_DELAY: Duration = Duration::from_millis(50);

fn captain(t: u64) -> u64 {
    700_000 + t
}

fn team_name(t: u64) -> String {
    format!("Equipo {t:03}")
}

fn slug(t: u64) -> String {
    format!("equipo-{t:03}")
}

/// One kind of interaction in the mix: its label, its share, whether it
/// only reads the database, and how to build the `i`-th one for team `t`.
struct Kind {
    label: &'static str,
    weight: u32,
    db_only: bool,
    build: fn(u64, u64) -> InteractionBuilder,
}

fn mix() -> Vec<Kind> {
    vec![
        Kind {
            label: "/submit",
            weight: 10,
            db_only: false,
            build: |_, t| {
                InteractionBuilder::slash("submit")
                    .option(
                        "dataset",
                        format!("https://huggingface.co/datasets/somosnlp/{}-data", slug(t)),
                    )
                    .option(
                        "model",
                        format!("https://huggingface.co/somosnlp/{}-model", slug(t)),
                    )
                    .option(
                        "demo",
                        format!("https://huggingface.co/spaces/somosnlp/{}-demo", slug(t)),
                    )
                    .user(captain(t), &format!("capitan{t}"))
                    .locale("es-ES")
            },
        },
        Kind {
            label: "/submission status",
            weight: 25,
            db_only: true,
            build: |_, t| {
                InteractionBuilder::slash("submission")
                    .subcommand("status")
                    .user(captain(t), &format!("capitan{t}"))
                    .locale("es-ES")
            },
        },
        Kind {
            label: "/team info",
            weight: 20,
            db_only: true,
            build: |i, t| {
                InteractionBuilder::slash("team")
                    .subcommand("info")
                    .option("name", team_name(t))
                    .user(900_000 + i % 500, "curioso")
                    .locale(if i % 2 == 0 { "es-ES" } else { "en-US" })
            },
        },
        Kind {
            label: "/ask (form opens)",
            weight: 5,
            db_only: true,
            build: |i, _| {
                InteractionBuilder::slash("ask")
                    .user(800_000 + i % 1000, "preguntona")
                    .locale("es-ES")
            },
        },
        Kind {
            label: "/ask (form sent)",
            weight: 5,
            db_only: false,
            build: |i, t| {
                // One asker per form: a double submit is deduplicated, and
                // this run wants every form to become a post.
                let asker = 1_000_000 + i;
                InteractionBuilder::modal_submit(
                    &format!("sb:ask:{asker}:0"),
                    &[
                        (
                            "title",
                            &format!("No consigo subir el dataset {} a la organización", slug(t)),
                        ),
                        ("tried", "Probé push_to_hub con mi token y da 403."),
                        ("links", ""),
                    ],
                )
                .user(asker, "preguntona")
                .locale("es-ES")
            },
        },
        Kind {
            label: "/gpu status",
            weight: 10,
            db_only: true,
            build: |_, t| {
                InteractionBuilder::slash("gpu")
                    .subcommand("status")
                    .user(captain(t), &format!("capitan{t}"))
                    .locale("es-ES")
            },
        },
        Kind {
            label: "autocomplete",
            weight: 25,
            db_only: true,
            build: |i, t| {
                InteractionBuilder::autocomplete("team")
                    .subcommand("request")
                    .focused("name", &format!("Equipo {}", t % 30))
                    .user(900_000 + i % 500, "buscador")
                    .locale("es-419")
            },
        },
    ]
}

/// The shipped event moved three years ahead, so registration and the
/// submission window are open while the benchmark runs.
fn event_file(dir: &std::path::Path) -> std::path::PathBuf {
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/events/somos600m.toml"
    ))
    .expect("the shipped event file");
    let path = dir.join("event.toml");
    let moved = shipped
        .replace("2024-", "2027-")
        .replace("requests_per_window = 200\n", "requests_per_window = 30\n")
        .replace("burst = 100\n", "burst = 470\n")
        .replace("reserve = 30\n", "reserve = 10\n");
    assert!(moved.contains("burst = 470"), "the budget was not raised");
    std::fs::write(&path, moved).expect("write the event file");
    path
}

/// A Hub with a complete dataset, model and demo for every team.
fn hub() -> FakeHub {
    let hub = FakeHub::new();
    for t in 0..TEAMS {
        let routes = complete_repo_routes(
            &format!("somosnlp/{}-data", slug(t)),
            &format!("somosnlp/{}-model", slug(t)),
            &format!("somosnlp/{}-demo", slug(t)),
        );
        serve(&hub, routes, HUB_DELAY);
    }
    hub
}

async fn seed(db: &TestDb, event_path: &std::path::Path) {
    let event = somosbot::config::EventConfig::load(event_path).expect("the moved event file");
    let mut policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    // Seeded past the event's team cap: the load, not the server plan, is
    // what this bench measures.
    policy.max_teams = TEAMS as u32;
    let now = chrono::Utc::now();
    for t in 0..TEAMS {
        somosbot::domain::team::create_team(
            &db.store,
            &policy,
            captain(t),
            &team_name(t),
            "PLN en español",
            None,
            now,
        )
        .await
        .expect("seed a team");
    }
}

fn memory_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Sends `rate` interactions per second for `secs` seconds, then waits for
/// their first callbacks (up to Discord's limit past the last send).
async fn stage(
    fake: &FakeDiscord,
    instances: u64,
    kinds: &[Kind],
    rate: u64,
    secs: u64,
    counter: &mut u64,
) -> Vec<(usize, SentInteraction)> {
    let total = rate * secs;
    let schedule: Vec<usize> = kinds
        .iter()
        .enumerate()
        .flat_map(|(k, kind)| std::iter::repeat(k).take(kind.weight as usize))
        .collect();
    let mut sent = Vec::with_capacity(total as usize);
    let started = tokio::time::Instant::now();
    for n in 0..total {
        tokio::time::sleep_until(started + Duration::from_secs_f64(n as f64 / rate as f64)).await;
        let i = *counter;
        *counter += 1;
        // Spread kinds evenly (a fixed interleaving of the weights) and
        // teams pseudo-randomly.
        let k = schedule[(i.wrapping_mul(7919) % schedule.len() as u64) as usize];
        let t = i.wrapping_mul(2_654_435_761) % TEAMS;
        let builder = (kinds[k].build)(i, t);
        let interaction = if instances > 1 {
            // Each process owns some of the event's guilds: spread the
            // interactions over their shards.
            fake.send_interaction_on_shard(builder, i % instances)
        } else {
            fake.send_interaction(builder)
        };
        sent.push((k, interaction));
    }
    // Latencies come from the fake's own timestamps, so waiting is a cheap
    // poll: the driver must not take CPU from the bot while it measures.
    let until = tokio::time::Instant::now() + DISCORD_LIMIT + Duration::from_secs(1);
    while tokio::time::Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let answered = fake.inspect(|i| {
            sent.iter().all(|(_, s)| {
                i.state
                    .interactions
                    .get(&s.token)
                    .is_some_and(|r| !r.callbacks.is_empty())
            })
        });
        if answered {
            break;
        }
    }
    sent
}

/// Per kind: the first-callback latencies, and the interactions that had
/// none within Discord's limit.
fn figures(
    fake: &FakeDiscord,
    kinds: &[Kind],
    sent: &[(usize, SentInteraction)],
) -> Vec<(Figures, usize)> {
    fake.inspect(|i| {
        let callback_at: HashMap<&str, Instant> = i
            .requests
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/callback"))
            .map(|r| (r.path.as_str(), r.at))
            .collect();
        let mut out: Vec<(Figures, usize)> = kinds.iter().map(|_| Default::default()).collect();
        for (k, s) in sent {
            let path = format!("/interactions/{}/{}/callback", s.id, s.token);
            let sent_at = i.state.interactions.get(&s.token).and_then(|r| r.sent_at);
            match (sent_at, callback_at.get(path.as_str())) {
                (Some(a), Some(b)) if b.saturating_duration_since(a) <= DISCORD_LIMIT => {
                    out[*k].0.latencies.push(b.saturating_duration_since(a));
                }
                _ => out[*k].1 += 1,
            }
        }
        out
    })
}

/// A free local port for a bot process's web pages.
fn free_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    l.local_addr().expect("addr").to_string()
}

/// Asks the web pages for `/projects` and `/` (alternately, over the
/// processes' addresses), `rps` requests per second, until `stop`; returns
/// (answered 200, other answers or failures).
fn web_load(
    addrs: Vec<String>,
    rps: u64,
    stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<(u64, u64)> {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let started = tokio::time::Instant::now();
        let (mut ok, mut failed) = (0u64, 0u64);
        let mut pending = Vec::new();
        for n in 0u64.. {
            if *stop.borrow() {
                break;
            }
            tokio::time::sleep_until(started + Duration::from_secs_f64(n as f64 / rps as f64))
                .await;
            let addr = &addrs[(n as usize) % addrs.len()];
            let path = if n % 2 == 0 { "/projects" } else { "/" };
            let request = client
                .get(format!("http://{addr}{path}"))
                .header("Accept-Language", "es")
                .send();
            pending.push(tokio::spawn(async move {
                match request.await {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                }
            }));
            if pending.len() >= 64 {
                for p in pending.drain(..) {
                    match p.await {
                        Ok(true) => ok += 1,
                        _ => failed += 1,
                    }
                }
            }
        }
        for p in pending {
            match p.await {
                Ok(true) => ok += 1,
                _ => failed += 1,
            }
        }
        (ok, failed)
    })
}

async fn run(backend: &str, db: TestDb, instances: u64, rates: &[u64], secs: u64) {
    let web_rps = list("NIGHT_WEB_RPS", &[0])[0];
    let dir = tempfile::tempdir().expect("temp dir");
    let event_path = event_file(dir.path());
    seed(&db, &event_path).await;
    let hub = hub();
    let hub_url = hub.start().await;

    let fake = FakeDiscord::start().await;
    let event = somosbot::config::EventConfig::load(&event_path).expect("event");
    fake.add_text_channel(&event.channels.find_team, None);
    fake.add_text_channel(&event.channels.log, None);
    fake.add_category(&event.channels.projects_category);
    let (forum, _) = fake.add_forum(
        &event.channels.help_forum,
        &[
            &event.help.tag,
            &event.help.open_tag,
            &event.help.claimed_tag,
            &event.help.resolved_tag,
        ],
    );
    fake.add_role(&event.roles.mentor, "0");
    fake.add_role(&event.roles.organizer, "0");
    fake.add_role(&event.roles.participant, "0");
    let web_addrs: Vec<String> = (0..instances)
        .filter(|_| web_rps > 0)
        .map(|_| free_addr())
        .collect();
    let mut children: Vec<std::process::Child> = (0..instances)
        .map(|n| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_somosbot"));
            cmd.arg("run")
                .current_dir(dir.path())
                .env("DISCORD_TOKEN", "fake.bot.token")
                .env("DISCORD_API_BASE", fake.api_base())
                .env("DATABASE_URL", db.url.expose())
                .env("SOMOSBOT_EVENT", &event_path)
                .env("HF_ENDPOINT", &hub_url)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::inherit());
            if instances > 1 {
                cmd.env("DISCORD_SHARDS", format!("{n}-{n}/{instances}"));
            }
            if let Some(addr) = web_addrs.get(n as usize) {
                cmd.env("WEB_ADDR", addr);
            }
            cmd.spawn().expect("start the bot")
        })
        .collect();
    fake.wait_commands_registered().await;
    fake.wait_ready_n(instances as usize).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle: Vec<Option<u64>> = children
        .iter()
        .map(|c| memory_kib(c.id(), "VmRSS:"))
        .collect();

    let (stop_web, web_stopped) = tokio::sync::watch::channel(false);
    let web = (web_rps > 0).then(|| web_load(web_addrs.clone(), web_rps, web_stopped));
    let kinds = mix();
    let mut counter = 0;
    let mut submits_sent = 0;
    let mut asks_sent = 0;
    println!(
        "\n{backend}, {instances} process(es): {TEAMS} teams, Hub answers after {} ms, {secs} s per stage, {}",
        HUB_DELAY.as_millis(),
        if web_rps > 0 {
            format!("web served and asked {web_rps} pages/s")
        } else {
            "no web".to_string()
        }
    );
    println!(
        "{:>6}  {:<20} {:>6} {:>6} {:>10} {:>10}",
        "rate/s", "command", "n", "errors", "p50 ms", "p99 ms"
    );
    for &rate in rates {
        let sent = stage(&fake, instances, &kinds, rate, secs, &mut counter).await;
        submits_sent += sent
            .iter()
            .filter(|(k, _)| kinds[*k].label == "/submit")
            .count();
        asks_sent += sent
            .iter()
            .filter(|(k, _)| kinds[*k].label == "/ask (form sent)")
            .count();
        let mut db_only = Figures::default();
        let mut db_only_errors = 0;
        let mut all = Figures::default();
        let mut all_errors = 0;
        for (kind, (f, errors)) in kinds.iter().zip(figures(&fake, &kinds, &sent)) {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "{rate:>6}  {:<20} {:>6} {:>6} {:>10.1} {:>10.1}",
                kind.label,
                f.latencies.len() + errors,
                errors,
                ms(f.percentile(0.50)),
                ms(f.percentile(0.99)),
            );
            all.latencies.extend(f.latencies.iter().copied());
            all_errors += errors;
            if kind.db_only {
                db_only.latencies.extend(f.latencies);
                db_only_errors += errors;
            }
        }
        println!(
            "{rate:>6}  {:<20} {:>6} {:>6} {:>10.1} {:>10.1}",
            "(all)",
            all.latencies.len() + all_errors,
            all_errors,
            all.percentile(0.50).as_secs_f64() * 1000.0,
            all.percentile(0.99).as_secs_f64() * 1000.0,
        );
        println!(
            "{rate:>6}  {:<20} {:>6} {:>6} {:>10.1} {:>10.1}",
            "(database-only)",
            db_only.latencies.len() + db_only_errors,
            db_only_errors,
            db_only.percentile(0.50).as_secs_f64() * 1000.0,
            db_only.percentile(0.99).as_secs_f64() * 1000.0,
        );
    }
    let _ = stop_web.send(true);
    if let Some(web) = web {
        let (ok, failed) = web.await.unwrap_or((0, 0));
        println!("{backend}: web pages answered {ok}, failed {failed}");
    }
    // Every /submit that was acknowledged must end stored (checked or not).
    let deadline = Instant::now() + Duration::from_secs(120);
    let stored = loop {
        let event_id = &event.event.id;
        let mut stored = 0;
        for t in 0..TEAMS {
            if let Ok(Some(team)) = db.store.team_of(event_id, captain(t)).await {
                stored += db
                    .store
                    .submission_history(team.id)
                    .await
                    .map(|h| h.len())
                    .unwrap_or(0);
            }
        }
        if stored >= submits_sent || Instant::now() > deadline {
            break stored;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let kib = |v: &Option<u64>| v.map_or("?".into(), |v| v.to_string());
    let peak: Vec<Option<u64>> = children
        .iter()
        .map(|c| memory_kib(c.id(), "VmHWM:"))
        .collect();
    for child in &mut children {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let _ = child.wait();
    }
    let posts = fake.inspect(|i| {
        i.state
            .threads()
            .iter()
            .filter(|t| t["parent_id"] == serde_json::json!(forum.to_string()))
            .count()
    });
    println!("{backend}: submissions stored {stored} of {submits_sent} sent");
    println!("{backend}: help posts created {posts} of {asks_sent} forms sent");
    for (n, (idle, peak)) in idle.iter().zip(&peak).enumerate() {
        println!(
            "{backend}: process {n} memory idle {} KiB, peak {} KiB",
            kib(idle),
            kib(peak)
        );
    }
}

fn list(var: &str, default: &[u64]) -> Vec<u64> {
    std::env::var(var)
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .filter(|v: &Vec<u64>| !v.is_empty())
        .unwrap_or_else(|| default.to_vec())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let rates = list("NIGHT_RATES", &[50, 100, 200, 400]);
    let secs = list("NIGHT_STAGE_SECS", &[5])[0];
    let backends = std::env::var("NIGHT_BACKENDS").unwrap_or_default();
    let wanted = |b: &str| backends.is_empty() || backends.contains(b);
    if wanted("sqlite") {
        run("SQLite", TestDb::sqlite().await, 1, &rates, secs).await;
    }
    if !wanted("postgres") {
        return;
    }
    // PostgreSQL with one process, then with two sharing the database on
    // shards 0 and 1 of 2 (as a deployment that outgrew one process).
    for instances in [1, 2] {
        match TestDb::postgres("deadline_night").await {
            Some(db) => run("PostgreSQL", db, instances, &rates, secs).await,
            None => println!("PostgreSQL skipped: set SOMOSBOT_TEST_POSTGRES_URL"),
        }
    }
}
