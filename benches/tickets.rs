//! Time from the THREAD_CREATE of a post made by hand in the help forum to
//! the bot's guidance reply in it (the `POST /channels/{post}/messages` the
//! fake receives), over 500 posts one after another, then 500 at once. The
//! real bot runs in-process against the fake Discord, on SQLite and (when
//! `SOMOSBOT_TEST_POSTGRES_URL` is set) PostgreSQL. Posts vary: half lack
//! the event tag, a third have a vague title, some match an FAQ entry.
//! `cargo bench --bench tickets`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use support::bot::{shipped_event, RunningBot};
use support::db::TestDb;
use support::fake_discord::fixtures::id_of;
use support::fake_discord::{FakeDiscord, Inner};

const POSTS: usize = 500;
const AUTHORS: u64 = 50;

const TITLES: &[&str] = &[
    "ayuda",
    "Error CUDA out of memory al entrenar Llama 7B",
    "How do I find a team for the hackathon?",
    "duda",
    "Error 401 al subir el dataset al Hub",
    "¿Qué nivel necesito para participar?",
];

/// When the bot's first message in each channel reached the fake.
fn first_messages(i: &Inner) -> HashMap<u64, Instant> {
    let mut first = HashMap::new();
    for r in i
        .requests
        .iter()
        .filter(|r| r.method == "POST" && r.status < 300)
    {
        let mut parts = r.path.trim_matches('/').split('/');
        if let (Some("channels"), Some(id), Some("messages"), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        {
            if let Ok(id) = id.parse() {
                first.entry(id).or_insert(r.at);
            }
        }
    }
    first
}

/// When the bot's first message in `thread` reached the fake.
fn reply_at(i: &Inner, thread: u64) -> Option<Instant> {
    let path = format!("/channels/{thread}/messages");
    i.requests
        .iter()
        .find(|r| r.method == "POST" && r.path == path && r.status < 300)
        .map(|r| r.at)
}

fn figures(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |p: f64| {
        let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
        samples[rank - 1].as_secs_f64() * 1000.0
    };
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2].as_secs_f64() * 1000.0
    } else {
        (samples[n / 2 - 1] + samples[n / 2]).as_secs_f64() * 500.0
    };
    println!(
        "{label:34} n={n}  median {median:6.1} ms  p90 {:6.1} ms  p99 {:6.1} ms  max {:6.1} ms",
        at(0.90),
        at(0.99),
        at(1.0)
    );
}

async fn run(backend: &str, db: TestDb) {
    let fake = FakeDiscord::start().await;
    let mut event = shipped_event();
    // Each author opens 20 posts here; the bench times the bot's handling of
    // posts, not the cap that would answer most of them with a refusal.
    event.limits.open_help_posts_per_author = (2 * POSTS) as u32;
    let (forum, tags) = fake.add_forum(
        &event.channels.help_forum,
        &["hackathon", "abierto", "en curso", "resuelto", "gpu"],
    );
    fake.add_text_channel(&event.channels.log, None);
    fake.add_role(&event.roles.mentor, "0");
    for a in 0..AUTHORS {
        fake.add_member(7000 + a, &format!("user{a}"), &[]);
    }
    let bot = RunningBot::start_with(&fake, db, event).await;
    let post = |n: usize| {
        let tagged: Vec<u64> = if n % 2 == 0 {
            vec![tags[0]]
        } else {
            vec![tags[4]]
        };
        let title = format!("{} #{n}", TITLES[n % TITLES.len()]);
        let title = if n % 3 == 0 {
            TITLES[0].to_string()
        } else {
            title
        };
        let start = Instant::now();
        let thread = fake.user_forum_post(forum, 7000 + (n as u64 % AUTHORS), &title, &tagged, "");
        (thread, start)
    };

    // One after another: the time the bot takes for one post.
    let mut one_by_one = Vec::with_capacity(POSTS);
    for n in 0..POSTS {
        let (thread, start) = post(n);
        let at = fake
            .wait_for("the guidance reply", Duration::from_secs(30), |i| {
                reply_at(i, thread)
            })
            .await;
        one_by_one.push(at - start);
    }
    figures(&format!("{backend}: one post at a time"), one_by_one);

    // All at once: what a rush at the start of the hackathon looks like.
    let burst: Vec<(u64, Instant)> = (POSTS..2 * POSTS).map(post).collect();
    let started = Instant::now();
    let replies = fake
        .wait_for("every guidance reply", Duration::from_secs(300), |i| {
            let first = first_messages(i);
            burst
                .iter()
                .map(|(t, s)| first.get(t).map(|at| *at - *s))
                .collect::<Option<Vec<_>>>()
        })
        .await;
    figures(&format!("{backend}: {POSTS} posts at once"), replies);
    println!(
        "{backend}: the burst was answered in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let tickets = bot
        .db
        .store
        .tickets(&shipped_event().event.id)
        .await
        .expect("tickets");
    assert_eq!(tickets.len(), 2 * POSTS, "one ticket per post");
    let threads = fake.inspect(|i| {
        i.state
            .threads()
            .iter()
            .filter(|t| id_of(&t["parent_id"]) == Some(forum))
            .count()
    });
    assert_eq!(threads, 2 * POSTS, "no post deleted");
    bot.stop().await.expect("the bot stops");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    run("SQLite", TestDb::sqlite().await).await;
    match TestDb::postgres("tickets bench").await {
        Some(db) => run("PostgreSQL", db).await,
        None => println!("PostgreSQL skipped: set SOMOSBOT_TEST_POSTGRES_URL"),
    }
}
