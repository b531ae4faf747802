//! Faults at the worst moment — in the middle of a burst of commands:
//! Discord answering 429 and 5xx, the websocket dropping, the database locked
//! or its connections killed. After each: every person waiting got an answer,
//! every team is whole (a role, a channel, one announcement) or does not
//! exist, and nothing was posted twice.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use somosbot::i18n::{I18n, Lang};
use somosbot::store::JobStatus;

use crate::schedule::{discord_scheduler, queue_announcement};
use crate::support::bot::shipped_event;
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::id_of;
use crate::support::fake_discord::{Failure, FakeDiscord, Inner, SentInteraction};
use crate::teams_kit::{
    answer, content, event_closing_in, messages_of, person, start, start_on, team_cmd, Server, WAIT,
};

/// How a team creation ended for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Told {
    Created,
    /// Discord refused: "try again".
    DiscordFailed,
    /// The apology with a reference.
    Internal,
}

fn told(text: &str, i18n: &I18n) -> Told {
    let failed = i18n.get(Lang::En, "team-create-discord-failed");
    let apology = i18n.get_args(Lang::En, "error-internal", &[("reference", "R".into())]);
    let apology: String = apology.chars().take(25).collect();
    if text.contains("is ready") {
        Told::Created
    } else if text == failed {
        Told::DiscordFailed
    } else if text.starts_with(&apology) {
        Told::Internal
    } else {
        panic!("an unclear answer to /team create: {text:?}")
    }
}

/// Sends `/team create` for each captain at once; returns the sent interactions.
fn create_burst(
    fake: &FakeDiscord,
    captains: &[(u64, String)],
    prefix: &str,
) -> Vec<SentInteraction> {
    captains
        .iter()
        .map(|c| {
            fake.send_interaction(
                team_cmd(c, "create")
                    .option("name", format!("{prefix} {}", c.0))
                    .option("topic", "Corpus de refranes"),
            )
        })
        .collect()
}

/// What each captain was told, by captain id.
async fn outcomes(
    fake: &FakeDiscord,
    captains: &[(u64, String)],
    sent: &[SentInteraction],
) -> BTreeMap<u64, Told> {
    let i18n = I18n::load().expect("texts");
    let mut out = BTreeMap::new();
    for (c, s) in captains.iter().zip(sent) {
        out.insert(c.0, told(&content(&answer(fake, s).await), &i18n));
    }
    out
}

/// Every team is whole and alone: in the database with a role and a channel
/// that exist, announced once; and no role or channel without a team.
async fn assert_teams_whole(fake: &FakeDiscord, server: &Server, db: &TestDb) -> Vec<String> {
    let event = shipped_event();
    let teams = db
        .store
        .teams_with_members(&event.event.id)
        .await
        .expect("teams");
    let mut names = Vec::new();
    for t in &teams {
        let team = &t.team;
        let role = team
            .role_id
            .unwrap_or_else(|| panic!("{} has no role", team.name));
        let channel = team
            .channel_id
            .unwrap_or_else(|| panic!("{} has no channel", team.name));
        assert!(fake.role(role).is_some(), "{}: its role is gone", team.name);
        assert!(
            fake.channel(channel).is_some(),
            "{}: its channel is gone",
            team.name
        );
        let announced = fake
            .messages_in(server.find_team)
            .iter()
            .filter(|m| content(m).contains(&format!("**{}**", team.name)))
            .count();
        assert_eq!(announced, 1, "{} announced {announced} times", team.name);
        names.push(team.name.clone());
    }
    let base = [
        event.roles.organizer.as_str(),
        event.roles.participant.as_str(),
        event.roles.mentor.as_str(),
        "@everyone",
    ];
    let stray_roles: Vec<String> = fake.inspect(|i| {
        i.state
            .roles
            .iter()
            .filter(|(id, r)| {
                **id != fake.bot_role_id()
                    && !base.contains(&r["name"].as_str().unwrap_or_default())
                    && !teams.iter().any(|t| t.team.role_id == Some(**id))
            })
            .map(|(_, r)| r["name"].to_string())
            .collect()
    });
    assert!(
        stray_roles.is_empty(),
        "roles without a team: {stray_roles:?}"
    );
    let stray_channels: Vec<String> = fake.inspect(|i| {
        i.state
            .channels
            .iter()
            .filter(|(id, c)| {
                id_of(&c["parent_id"]) == Some(server.category)
                    && !teams.iter().any(|t| t.team.channel_id == Some(**id))
            })
            .map(|(_, c)| c["name"].to_string())
            .collect()
    });
    assert!(
        stray_channels.is_empty(),
        "channels without a team: {stray_channels:?}"
    );
    names
}

fn captains(fake: &FakeDiscord, from: u64, n: u64) -> Vec<(u64, String)> {
    (from..from + n)
        .map(|id| person(fake, id, &format!("capi{id}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_burst_through_429s_and_5xx_leaves_only_whole_teams() {
    let (fake, server, bot) = start().await;
    let people = captains(&fake, 6100, 8);
    // Mid-burst: the first two role creations are rate limited, two channel
    // creations fail with 502 (their roles must be undone), one interaction
    // callback gets a 503 (the command cannot even defer).
    fake.fail_next("POST", "/guilds/*/roles", 2, Failure::rate_limited(0.2));
    fake.fail_next("POST", "/guilds/*/channels", 2, Failure::server_error(502));
    fake.fail_next(
        "POST",
        "/interactions/*/*/callback",
        1,
        Failure::server_error(503),
    );
    let sent = create_burst(&fake, &people, "Equipo");
    let first = outcomes(&fake, &people, &sent).await;
    let failed: Vec<(u64, String)> = people
        .iter()
        .filter(|p| first[&p.0] != Told::Created)
        .cloned()
        .collect();
    assert!(
        failed.len() >= 4,
        "the injected faults reached {} captains: {first:?}",
        failed.len()
    );
    let names = assert_teams_whole(&fake, &server, &bot.db).await;
    assert_eq!(names.len(), people.len() - failed.len(), "{first:?}");

    // Discord is back: those who were told to try again succeed.
    let sent = create_burst(&fake, &failed, "Equipo");
    let second = outcomes(&fake, &failed, &sent).await;
    assert!(second.values().all(|t| *t == Told::Created), "{second:?}");
    let names = assert_teams_whole(&fake, &server, &bot.db).await;
    assert_eq!(names.len(), people.len());
    bot.stop().await.expect("the bot stops cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_dropped_mid_burst_answers_every_command_once() {
    let (fake, server, bot) = start().await;
    fake.wait_ready().await;
    let people = captains(&fake, 6200, 6);
    let mut sent = create_burst(&fake, &people[..3], "Grupo");
    fake.drop_gateway();
    sent.extend(create_burst(&fake, &people[3..], "Grupo"));
    fake.wait_resumed(1).await;
    let told = outcomes(&fake, &people, &sent).await;
    assert!(told.values().all(|t| *t == Told::Created), "{told:?}");
    // Each interaction was answered once: one defer, one follow-up.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for s in &sent {
        let (callbacks, followups) = fake.inspect(|i| {
            let r = &i.state.interactions[&s.token];
            (r.callbacks.len(), r.followups.len())
        });
        assert_eq!((callbacks, followups), (1, 1), "{}", s.token);
    }
    assert_eq!(assert_teams_whole(&fake, &server, &bot.db).await.len(), 6);
    bot.stop().await.expect("the bot stops cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_sqlite_database_delays_a_burst_and_loses_nothing() {
    let db = TestDb::sqlite().await;
    let url = db.url.expose().to_string();
    let (fake, server, bot) = start_on(db, event_closing_in(30)).await;
    let people = captains(&fake, 6300, 4);
    // Someone holds the write lock (a backup, an admin's sqlite3 shell).
    use sqlx::Connection;
    let mut lock = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("connect");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut lock)
        .await
        .expect("take the write lock");
    let sent = create_burst(&fake, &people, "Bloque");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let answered = fake.inspect(|i| {
        sent.iter()
            .filter(|s| !i.state.interactions[&s.token].followups.is_empty())
            .count()
    });
    assert_eq!(
        answered, 0,
        "no team can be made while the database is locked"
    );
    sqlx::query("ROLLBACK")
        .execute(&mut lock)
        .await
        .expect("release the lock");
    let told = outcomes(&fake, &people, &sent).await;
    assert!(told.values().all(|t| *t == Told::Created), "{told:?}");
    assert_eq!(assert_teams_whole(&fake, &server, &bot.db).await.len(), 4);
    bot.stop().await.expect("the bot stops cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_postgres_connections_mid_burst_lose_nothing() {
    let Some(db) = TestDb::postgres("killed_postgres_connections_mid_burst_lose_nothing").await
    else {
        return;
    };
    // The bot's connections carry a name of their own, so only they are killed.
    let app = format!("sbfault{}", std::process::id());
    let db = db.with_url_param(&format!("application_name={app}")).await;
    let admin_url = std::env::var("SOMOSBOT_TEST_POSTGRES_URL").expect("set");
    let (fake, server, bot) = start_on(db, event_closing_in(30)).await;
    let people = captains(&fake, 6400, 8);
    let first = create_burst(&fake, &people[..2], "Cortado");
    outcomes(&fake, &people[..2], &first).await;

    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("admin");
    // `wait` milliseconds for each backend to be gone (0: do not wait).
    let kill = "SELECT count(pg_terminate_backend(pid, $2)) FROM pg_stat_activity \
                WHERE application_name = $1";
    // A database restart between bursts: every pooled connection is dead.
    let killed: i64 = sqlx::query_scalar(kill)
        .bind(&app)
        .bind(5000i64)
        .fetch_one(&mut admin)
        .await
        .expect("terminate");
    assert!(killed > 0, "the bot had connections to kill");
    let sent = create_burst(&fake, &people[2..5], "Cortado");
    let told = outcomes(&fake, &people[2..5], &sent).await;
    assert!(
        told.values().all(|t| *t == Told::Created),
        "dead pooled connections are replaced: {told:?}"
    );

    // In the middle of a burst: a statement under way may fail, and its
    // person is told to try again; nothing is left half made.
    let sent = create_burst(&fake, &people[5..], "Cortado");
    tokio::time::sleep(Duration::from_millis(15)).await;
    let _: i64 = sqlx::query_scalar(kill)
        .bind(&app)
        .bind(0i64)
        .fetch_one(&mut admin)
        .await
        .expect("terminate");
    let told = outcomes(&fake, &people[5..], &sent).await;
    assert_teams_whole(&fake, &server, &bot.db).await;
    let again: Vec<(u64, String)> = people[5..]
        .iter()
        .filter(|p| told[&p.0] != Told::Created)
        .cloned()
        .collect();
    let sent = create_burst(&fake, &again, "Cortado");
    let retried = outcomes(&fake, &again, &sent).await;
    assert!(retried.values().all(|t| *t == Told::Created), "{retried:?}");
    assert_eq!(assert_teams_whole(&fake, &server, &bot.db).await.len(), 8);
    bot.stop().await.expect("the bot stops cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_post_rides_out_429_and_5xx_and_posts_once() {
    let fake = FakeDiscord::start().await;
    let channel = fake.add_text_channel("anuncios", None);
    let db = TestDb::sqlite().await;
    let event = shipped_event();
    let now = chrono::Utc::now();
    let key = "announce:faults";
    queue_announcement(&db, key, channel, "Taller a las 18:00", None, now).await;
    let path = format!("/channels/{channel}/messages");
    fake.fail_next("POST", &path, 1, Failure::rate_limited(1.0));
    fake.fail_next("POST", &path, 1, Failure::server_error(503));
    // Discord posts it but the answer is lost: the retry must not post again.
    fake.fail_next("POST", &path, 1, Failure::after_write(502));
    let s = discord_scheduler(&fake, &db);
    let mut at = now;
    for _ in 0..8 {
        s.tick(at).await.expect("tick");
        let job = db.store.job(&event.event.id, key).await.unwrap().unwrap();
        if job.status == JobStatus::Done {
            break;
        }
        at += chrono::Duration::minutes(5);
    }
    let job = db.store.job(&event.event.id, key).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Done, "{job:?}");
    assert_eq!(
        fake.requests_to("POST", &path).len(),
        4,
        "three failures, one success"
    );
    let posted: Vec<Value> = fake.messages_in(channel);
    assert_eq!(posted.len(), 1, "posted once: {posted:#?}");
}

/// Inside `wait_for`: the log channel's messages.
fn log_messages(i: &Inner, log: u64) -> Vec<Value> {
    messages_of(i, log)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_post_discord_keeps_refusing_is_reported_to_organizers() {
    let fake = FakeDiscord::start().await;
    let event = shipped_event();
    let channel = fake.add_text_channel("anuncios", None);
    let log = fake.add_text_channel(&event.channels.log, None);
    let db = TestDb::sqlite().await;
    let now = chrono::Utc::now();
    let key = "announce:refused";
    queue_announcement(&db, key, channel, "Nunca llega", None, now).await;
    let path = format!("/channels/{channel}/messages");
    fake.fail_next("POST", &path, 100, Failure::server_error(500));
    let s = discord_scheduler(&fake, &db);
    let mut at = now;
    for _ in 0..12 {
        s.tick(at).await.expect("tick");
        at += chrono::Duration::minutes(10);
    }
    let job = db.store.job(&event.event.id, key).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Failed, "{job:?}");
    let report = fake
        .wait_for("the failure report in the log channel", WAIT, |i| {
            log_messages(i, log)
                .into_iter()
                .find(|m| content(m).contains(key))
        })
        .await;
    assert!(content(&report).contains("500"), "{report}");
    assert!(fake.messages_in(channel).is_empty());
}
