//! Two bot processes (the real binary) on shards 0 and 1 of 2, sharing one
//! PostgreSQL database and one fake Discord, as a deployment that outgrew
//! one process runs them: every scheduled job is posted once, team limits
//! hold while both answer interactions, and the jobs of a process killed
//! mid-send are posted by the other once their lease runs out. PostgreSQL
//! only (SQLite has one writer and one host).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use somosbot::scheduler::{nonce_for, Task};
use somosbot::store::{Job, JobStatus, NewJob, Store};

use crate::support::bot_process::{event_file, BotProcess as Instance, LONG_WAIT};
use crate::support::db::TestDb;
use crate::support::fake_discord::{FakeDiscord, Inner, SentInteraction};
use crate::teams::button_with;
use crate::teams_kit::*;

const EVENT_ID: &str = "somos600m-2024";
/// The event file's `lease_seconds`: how long a dead process's jobs wait.
const LEASE_SECONDS: u64 = 2;

/// The event's channels and roles, then both processes, each connected
/// with its own shard and its scheduler running. Returns (A on shard 0,
/// B on shard 1, the #anuncios channel, the temp dir).
async fn start_pair(
    fake: &FakeDiscord,
    db: &TestDb,
) -> (Instance, Instance, u64, tempfile::TempDir) {
    prepare(fake);
    let announcements = fake.add_text_channel("anuncios", None);
    fake.add_text_channel("somosbot-log", None);
    let dir = tempfile::tempdir().expect("temp dir");
    let event = event_file(dir.path(), LEASE_SECONDS);
    let a = Instance::spawn("A (shard 0/2)", "0-0/2", fake, &db.url, &event);
    let b = Instance::spawn("B (shard 1/2)", "1-1/2", fake, &db.url, &event);
    a.wait_logged("connected to Discord").await;
    b.wait_logged("connected to Discord").await;
    fake.wait_shard_live(0).await;
    fake.wait_shard_live(1).await;
    fake.wait_commands_registered().await;
    fake.inspect(|i| {
        let ready = |shard: u64| {
            i.gateway
                .dispatched
                .iter()
                .filter(|(t, d)| t == "READY" && d["shard"][0] == shard)
                .count()
        };
        assert_eq!((ready(0), ready(1)), (1, 1), "one session per shard");
    });
    (a, b, announcements, dir)
}

/// Schedules `task` under `key`, due at `due`.
async fn insert(store: &Store, key: &str, task: &Task, due: DateTime<Utc>) {
    let now = Utc::now();
    let job = NewJob {
        event_id: EVENT_ID,
        key,
        kind: task.kind(),
        due_at: due,
        payload: serde_json::to_value(task).unwrap(),
    };
    assert!(store.insert_job(&job, now).await.unwrap(), "{key} is new");
}

/// `count` announcements due now in `channel`; returns their keys.
async fn announce(
    store: &Store,
    name: &str,
    count: u32,
    channel: u64,
    due: DateTime<Utc>,
) -> Vec<String> {
    let mut keys = Vec::new();
    for n in 0..count {
        let key = format!("announce:{name}-{n}");
        let task = Task::Announcement {
            channel,
            text: format!("Anuncio {name} {n}"),
            role: None,
            author: 1,
        };
        insert(store, &key, &task, due).await;
        keys.push(key);
    }
    keys
}

/// Waits until every job in `keys` is done; returns them.
async fn all_done(store: &Store, keys: &[String], instances: &[&Instance]) -> Vec<Job> {
    let started = Instant::now();
    loop {
        let jobs: Vec<Job> = store
            .jobs(EVENT_ID)
            .await
            .unwrap()
            .into_iter()
            .filter(|j| keys.contains(&j.key))
            .collect();
        if jobs.len() == keys.len() && jobs.iter().all(|j| j.status == JobStatus::Done) {
            return jobs;
        }
        if started.elapsed() > LONG_WAIT {
            let logs: Vec<String> = instances.iter().map(|i| i.dump()).collect();
            panic!("jobs not done: {jobs:#?}\n{}", logs.join("\n"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every message the bot posted anywhere (channels and DMs) with `nonce`.
fn posted_with(i: &Inner, nonce: &str) -> usize {
    i.state
        .messages
        .values()
        .flatten()
        .filter(|m| m["nonce"].as_str() == Some(nonce))
        .count()
}

fn assert_each_posted_once(fake: &FakeDiscord, keys: &[String]) {
    fake.inspect(|i| {
        for key in keys {
            let n = posted_with(i, &nonce_for(EVENT_ID, key));
            assert_eq!(n, 1, "{key} posted {n} times");
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_post_every_due_reminder_announcement_and_nudge_once() {
    let Some(db) = TestDb::postgres("two_processes_post_every_due_job_once").await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let participant = fake.add_role(&crate::support::bot::shipped_event().roles.participant, "0");
    let (a, b, announcements, _dir) = start_pair(&fake, &db).await;
    let store = &db.store;
    let closes = store
        .deadline(EVENT_ID, "registration-closes")
        .await
        .unwrap()
        .expect("seeded by the processes");
    let at = closes.at.timestamp();
    // Due a little after both schedulers have looked (they look at least
    // every 5 s), so both wake at the due time and claim together: more
    // jobs than one claim takes (100), so each process gets some.
    let due = Utc::now() + chrono::Duration::seconds(7);
    let mut keys = announce(store, "night", 120, announcements, due).await;
    for n in 0..10 {
        // Reminders of the same deadline share a text: the nonce tells them apart.
        let key = format!("deadline:registration-closes@{at}:remind:night{n}");
        let task = Task::Reminder {
            deadline: "registration-closes".into(),
            at,
        };
        insert(store, &key, &task, due).await;
        keys.push(key);
    }
    for n in 0..20u64 {
        let user = 7_000 + n;
        fake.add_member(user, &format!("solo{n}"), &[participant]);
        let key = format!("deadline:registration-closes@{at}:nudge-people:{user}");
        let task = Task::NudgePerson {
            deadline: "registration-closes".into(),
            at,
            user,
        };
        insert(store, &key, &task, due).await;
        keys.push(key);
    }

    let jobs = all_done(store, &keys, &[&a, &b]).await;
    assert_each_posted_once(&fake, &keys);
    assert_eq!(fake.messages_in(announcements).len(), 130);
    for n in 0..20u64 {
        assert_eq!(fake.dms_to(7_000 + n).len(), 1, "one nudge for solo{n}");
    }
    assert!(jobs.iter().all(|j| j.attempts == 1), "no job claimed twice");
    let claims = (a.count("claimed due jobs"), b.count("claimed due jobs"));
    eprintln!("claims: A {} batches, B {} batches", claims.0, claims.1);
    assert!(
        claims.0 > 0 && claims.1 > 0,
        "both processes sent: {claims:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn team_limits_hold_while_both_processes_answer_and_post_due_jobs_and_a_double_press_counts_once(
) {
    let Some(db) = TestDb::postgres("team_limits_hold_across_processes").await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let (a, b, announcements, _dir) = start_pair(&fake, &db).await;
    let ana = person(&fake, 5001, "ana");
    create_team(&fake, &ana, "Carrera").await;
    let mut invited = Vec::new();
    for i in 0..23u64 {
        let p = person(&fake, 6000 + i, &format!("r{i}"));
        invited.push((invite(&fake, &ana, &p).await, p));
    }
    // Two join first: three places are taken, two are free.
    for (dm, p) in invited.drain(..2) {
        let pressed = click(&fake, &dm, &button_with(&dm, "sb:inv-accept:"), &p);
        assert!(content(&answer(&fake, &pressed).await).contains("Welcome"));
    }
    // One person presses Accept twice, and each press reaches another
    // process: one welcome, one refusal, one new member.
    let (dm, twice) = invited.remove(0);
    let accept = button_with(&dm, "sb:inv-accept:");
    let doubled = [
        fake.send_interaction(press(&fake, &dm, &accept, &twice)),
        fake.send_interaction_on_shard(press(&fake, &dm, &accept, &twice), 1),
    ];
    let mut texts = Vec::new();
    for pressed in &doubled {
        texts.push(content(&answer(&fake, pressed).await));
    }
    texts.sort_by_key(|t| !t.contains("Welcome"));
    assert!(
        texts[0].contains("Welcome") && texts[1].contains("already"),
        "{texts:?}"
    );
    let team = db.store.team_of(EVENT_ID, ana.0).await.unwrap().unwrap();
    assert_eq!(team.member_count, 4);

    // Twenty others press at once for the last place, half of them handled
    // by each process, while both schedulers deliver forty due announcements.
    let keys = announce(&db.store, "race", 40, announcements, Utc::now()).await;
    let presses: Vec<SentInteraction> = invited
        .iter()
        .enumerate()
        .map(|(n, (dm, p))| {
            let pressed = press(&fake, dm, &button_with(dm, "sb:inv-accept:"), p);
            if n % 2 == 0 {
                fake.send_interaction(pressed)
            } else {
                fake.send_interaction_on_shard(pressed, 1)
            }
        })
        .collect();
    let mut welcomed = 0;
    for pressed in &presses {
        let text = content(&answer(&fake, pressed).await);
        if text.contains("Welcome") {
            welcomed += 1;
        } else {
            assert!(text.contains("full"), "{text}");
        }
    }
    assert_eq!(welcomed, 1, "exactly the one free place");
    let team = db.store.team_of(EVENT_ID, ana.0).await.unwrap().unwrap();
    assert_eq!(team.member_count, 5);
    let members = db.store.team_members(team.id).await.unwrap();
    assert_eq!(members.len(), 5, "{members:?}");
    // Every handler is done: roles only for the members.
    fake.wait_for("the two new members' roles", WAIT, |i| {
        let given = invited
            .iter()
            .map(|(_, p)| p.0)
            .chain([twice.0])
            .filter(|u| has_role_in(i, *u, "Carrera"))
            .count();
        (given == 2).then_some(())
    })
    .await;
    for pressed in &presses {
        answer(&fake, pressed).await;
    }
    let given = invited
        .iter()
        .map(|(_, p)| p.0)
        .chain([twice.0])
        .filter(|u| has_role(&fake, *u, "Carrera"))
        .count();
    assert_eq!(given, 2);
    all_done(&db.store, &keys, &[&a, &b]).await;
    assert_each_posted_once(&fake, &keys);
    assert!(
        a.count("ERROR") == 0 && b.count("ERROR") == 0,
        "{}\n{}",
        a.dump(),
        b.dump()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_jobs_of_a_killed_process_are_posted_by_the_other_once_after_the_lease() {
    let Some(db) = TestDb::postgres("killed_process_jobs_are_taken_over").await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let (a, b, announcements, _dir) = start_pair(&fake, &db).await;
    // Discord stops answering message posts: whoever claims the jobs is
    // caught holding their leases.
    fake.hold("POST", "/channels/*/messages");
    let keys = announce(&db.store, "kill", 12, announcements, Utc::now()).await;
    let started = Instant::now();
    while !((a.count("claimed due jobs") > 0 || b.count("claimed due jobs") > 0)
        && fake.held_requests() > 0)
    {
        assert!(
            started.elapsed() < LONG_WAIT,
            "nobody claimed\n{}\n{}",
            a.dump(),
            b.dump()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (mut victim, survivor) = if a.count("claimed due jobs") > 0 {
        (a, b)
    } else {
        (b, a)
    };
    let running = db
        .store
        .jobs(EVENT_ID)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.status == JobStatus::Running)
        .count();
    assert!(running > 0);
    victim.kill().await;
    let killed = Instant::now();
    fake.release_holds();

    let jobs = all_done(&db.store, &keys, &[&survivor]).await;
    let taken_over: Vec<&Job> = jobs.iter().filter(|j| j.attempts >= 2).collect();
    assert!(
        !taken_over.is_empty(),
        "the survivor took over the killed process's jobs: {jobs:#?}\n{}",
        survivor.dump()
    );
    assert!(
        killed.elapsed() >= Duration::from_secs(LEASE_SECONDS) - Duration::from_millis(200),
        "taken over before the lease ran out"
    );
    assert_each_posted_once(&fake, &keys);
    assert_eq!(fake.messages_in(announcements).len(), 12);
    eprintln!(
        "{} of 12 jobs taken over {:?} after the kill",
        taken_over.len(),
        killed.elapsed()
    );
}
