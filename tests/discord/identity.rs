//! Identity by id, as a hostile participant tries it: a team named like a
//! staff role or an event channel (in any case, accent or look-alike
//! letter) is refused; a role that only carries a staff role's name gives
//! nothing; a staff role renamed by an administrator keeps working; two
//! channels with an event channel's name make the bot say so and post
//! nowhere until an organizer links one; the bot serves only its guild.

use std::time::Duration;

use chrono::Utc;
use serde_json::Value;
use somosbot::scheduler::Task;
use somosbot::store::{GpuResourceStatus, IdKind, NewJob};

use crate::schedule::discord_scheduler;
use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::{Failure, FakeDiscord, InteractionBuilder};
use crate::teams_kit::*;

const EVENT: &str = "somos600m-2024";
const ADMINISTRATOR: &str = "8";

/// `/teams admin rename` by `who`.
fn admin_rename(who: &(u64, String), role: u64, team: &str, name: &str) -> InteractionBuilder {
    InteractionBuilder::slash("teams")
        .group("admin")
        .subcommand("rename")
        .user(who.0, &who.1)
        .roles(&[role])
        .locale("en-US")
        .option("team", team)
        .option("name", name)
}

/// `/gpu pool retire resource:vm-a10g-1` by `who` holding `roles`.
fn retire(who: &(u64, String), roles: &[u64]) -> InteractionBuilder {
    InteractionBuilder::slash("gpu")
        .group("pool")
        .subcommand("retire")
        .user(who.0, &who.1)
        .roles(roles)
        .locale("en-US")
        .option("resource", "vm-a10g-1")
}

fn link_channel(who: &(u64, String), key: &str, channel: u64, name: &str) -> InteractionBuilder {
    InteractionBuilder::slash("setup")
        .group("link")
        .subcommand("channel")
        .user(who.0, &who.1)
        .locale("en-US")
        .option("key", key)
        .option_channel("channel", channel, 0, name)
}

fn link_role(who: &(u64, String), key: &str, role: Value) -> InteractionBuilder {
    InteractionBuilder::slash("setup")
        .group("link")
        .subcommand("role")
        .user(who.0, &who.1)
        .locale("en-US")
        .option("key", key)
        .option_role("role", role)
}

async fn machine_status(bot: &RunningBot) -> GpuResourceStatus {
    bot.db
        .store
        .gpu_resources(EVENT)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.name == "vm-a10g-1")
        .expect("the machine")
        .status
}

fn refused_for_the_name(text: &str, name: &str) {
    assert!(
        text.contains("could be taken for"),
        "“{name}” must be refused as a look-alike: {text}"
    );
}

/// Every staff role and event channel name, and spellings that only look
/// like them, refused by `/team create`, `/team rename` and the organizer
/// rename; nothing is made or renamed.
async fn names_like_staff_or_event_channels_are_refused(db: TestDb) {
    let (fake, server, bot) = start_on(db, event_closing_in(30)).await;
    let event = shipped_event();
    let mut names: Vec<String> = event
        .roles
        .names()
        .chain(event.channels.names())
        .map(|(_, n)| n.to_string())
        .collect();
    names.extend(
        [
            "ORGANIZACION",
            "organización",
            "Organizaci\u{43e}n", // Cyrillic о
            "M\u{435}ntor",       // Cyrillic е
            "mentor",
            "Somosbot Log",
            "Anuncios",
            "INTROS",
            "GPU cola",
            "Encuentra Equipo",
            "Participánte",
            "general", // a channel of the server, not of the event
        ]
        .map(str::to_string),
    );
    let ana = person(&fake, 5101, "ana");
    for name in &names {
        let text = say(
            &fake,
            team_cmd(&ana, "create")
                .option("name", name.as_str())
                .option("topic", "Corpus de refranes"),
        )
        .await;
        refused_for_the_name(&text, name);
    }
    assert_eq!(bot.db.store.count_teams(EVENT).await.unwrap(), 0);

    create_team(&fake, &ana, "Los Buenos").await;
    let org = person(&fake, 5102, "olga");
    for name in ["Mentor", "Organizaci\u{43e}n", "anuncios", "Somosbot-Log"] {
        let text = say(&fake, team_cmd(&ana, "rename").option("name", name)).await;
        refused_for_the_name(&text, name);
        let text = say(
            &fake,
            admin_rename(&org, server.organizer_role, "Los Buenos", name),
        )
        .await;
        refused_for_the_name(&text, name);
    }
    // Spanish callers are told in Spanish.
    let text = say(
        &fake,
        team_cmd(&ana, "rename")
            .option("name", "MENTOR")
            .locale("es-ES"),
    )
    .await;
    assert!(text.contains("podría confundirse con"), "{text}");

    let team = bot
        .db
        .store
        .team_of(EVENT, ana.0)
        .await
        .unwrap()
        .expect("the team");
    assert_eq!(team.name, "Los Buenos", "no rename went through");
    let role = fake.role(team.role_id.expect("role")).expect("team role");
    assert_eq!(role["name"], "Equipo · Los Buenos");
    let channel = fake
        .channel(team.channel_id.expect("channel"))
        .expect("team channel");
    assert_eq!(channel["name"], "equipo-los-buenos");
    // A fine rename keeps the prefixes.
    let text = say(
        &fake,
        team_cmd(&ana, "rename").option("name", "Los Mejores"),
    )
    .await;
    assert!(text.contains("Los Mejores"), "{text}");
    fake.wait_for("the renamed role", WAIT, |i| {
        (i.state
            .roles
            .values()
            .any(|r| r["name"] == "Equipo · Los Mejores"))
        .then_some(())
    })
    .await;
    for (_, name) in event.roles.names() {
        let same = fake.inspect(|i| i.state.roles.values().filter(|r| r["name"] == name).count());
        assert!(same <= 1, "a second role is called {name}");
    }
    bot.stop().await.expect("clean stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_like_staff_or_event_channels_are_refused_on_sqlite() {
    names_like_staff_or_event_channels_are_refused(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_like_staff_or_event_channels_are_refused_on_postgres() {
    let Some(db) = TestDb::postgres("identity_names").await else {
        return;
    };
    names_like_staff_or_event_channels_are_refused(db).await;
}

/// The reproduction: "Organización" as a team is refused, and a
/// role literally called "Organización" that a participant holds gives no
/// organizer power; the event's organizer role (by id) still does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_only_named_like_staff_gives_nothing() {
    let (fake, server, bot) = start().await;
    let mallory = person(&fake, 5201, "mallory");
    let text = say(
        &fake,
        team_cmd(&mallory, "create")
            .option("name", "Organización")
            .option("topic", "Poderes de organización"),
    )
    .await;
    refused_for_the_name(&text, "Organización");
    assert!(
        fake.inspect(|i| i
            .state
            .roles
            .values()
            .filter(|r| r["name"] == "Organización")
            .count())
            == 1
    );

    // Someone made another role with the very name, and mallory holds it.
    let impostor = fake.add_role("Organización", "0");
    fake.add_member(mallory.0, &mallory.1, &[impostor]);
    let text = say(&fake, retire(&mallory, &[impostor])).await;
    assert!(text.contains("Only organizers"), "{text}");
    assert_eq!(machine_status(&bot).await, GpuResourceStatus::Available);

    // Renamed by a server administrator, the real role keeps working.
    fake.admin_renames_role(server.organizer_role, "Staff 2024");
    let olga = person(&fake, 5202, "olga");
    let text = say(&fake, retire(&olga, &[server.organizer_role])).await;
    assert!(text.contains("is retired"), "{text}");
    assert_eq!(machine_status(&bot).await, GpuResourceStatus::Retired);
    // And the impostor still has nothing, even now that it is the only
    // role with the configured name.
    let text = say(
        &fake,
        InteractionBuilder::slash("teams")
            .group("admin")
            .subcommand("rename")
            .user(mallory.0, &mallory.1)
            .roles(&[impostor])
            .option("team", "x")
            .option("name", "y")
            .locale("en-US"),
    )
    .await;
    assert!(text.contains("Only organizers"), "{text}");
    bot.stop().await.expect("clean stop");
}

/// Two roles already called like the organizer role when the bot starts:
/// it uses neither, says so in the log channel, and answers "not set up"
/// to an organizer command of a real organizer; an administrator links the
/// right one, after which only its holders are organizers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ambiguous_staff_role_is_linked_by_an_administrator() {
    let fake = FakeDiscord::start().await;
    let server = prepare(&fake);
    let log = fake.add_text_channel("somosbot-log", None);
    let impostor = fake.add_role("Organización", "0");
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, event_closing_in(30)).await;

    let said = fake
        .wait_for("the log to say the role is ambiguous", WAIT, |i| {
            messages_of(i, log)
                .iter()
                .map(content)
                // In the event's language (Spanish): "2 … se llaman @Organización".
                .find(|t| t.contains("2 ") && t.contains("@Organización (`organizer`)"))
        })
        .await;
    assert!(said.contains("/setup link"), "{said}");

    let mallory = person(&fake, 5301, "mallory");
    let olga = person(&fake, 5302, "olga");
    // Not set up: nobody but administrators is an organizer, and the
    // refusal says why and how to fix it.
    for (who, role) in [(&mallory, impostor), (&olga, server.organizer_role)] {
        let text = say(&fake, retire(who, &[role])).await;
        assert!(
            text.contains("not set up yet") && text.contains("/setup link role key:organizer"),
            "{text}"
        );
    }
    assert_eq!(machine_status(&bot).await, GpuResourceStatus::Available);

    // `/setup check` names the problem and its fix; `/setup apply` would
    // not make a third role.
    let alice = (fake.owner_id(), "alice".to_string());
    let check = fake.send_interaction(
        InteractionBuilder::slash("setup")
            .subcommand("check")
            .user(alice.0, &alice.1)
            .permissions(ADMINISTRATOR)
            .locale("en-US"),
    );
    let report = fake.wait_followups(&check.token, 1).await;
    let report = content(&report[0]);
    assert!(
        report.contains("❌ Role “Organización” — several are called this"),
        "{report}"
    );

    // A participant cannot link; an administrator can.
    let real = fake.role(server.organizer_role).expect("role");
    let text = say(&fake, link_role(&mallory, "organizer", real.clone())).await;
    assert!(text.contains("not set up yet"), "{text}");
    assert_eq!(
        bot.db
            .store
            .discord_id(EVENT, fake.guild_id(), IdKind::Role, "organizer")
            .await
            .unwrap(),
        None,
        "a refused link changes nothing"
    );
    let text = say(
        &fake,
        link_role(&alice, "organizer", real).permissions(ADMINISTRATOR),
    )
    .await;
    assert!(
        text.contains(&format!("<@&{}>", server.organizer_role)),
        "{text}"
    );
    let stored = bot
        .db
        .store
        .discord_id(EVENT, fake.guild_id(), IdKind::Role, "organizer")
        .await
        .unwrap();
    assert_eq!(stored, Some(server.organizer_role));

    let text = say(&fake, retire(&mallory, &[impostor])).await;
    assert!(text.contains("Only organizers"), "{text}");
    let text = say(&fake, retire(&olga, &[server.organizer_role])).await;
    assert!(text.contains("is retired"), "{text}");
    let audit = bot.db.store.audit_entries(EVENT, 20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "setup.link" && a.actor_id == alice.0),
        "{audit:?}"
    );
    bot.stop().await.expect("clean stop");
}

/// Two channels called like the announcements channel: the bot says so in
/// the log channel and posts in neither — not the deadline post, not the
/// scheduler's reminder — until an organizer links one; then both go there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_announcement_channels_get_nothing_until_one_is_linked() {
    let fake = FakeDiscord::start().await;
    let server = prepare(&fake);
    let log = fake.add_text_channel("somosbot-log", None);
    let first = fake.add_text_channel("anuncios", None);
    let second = fake.add_text_channel("anuncios", None);
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, event_closing_in(30)).await;
    fake.wait_for("the log to say the channel is ambiguous", WAIT, |i| {
        messages_of(i, log)
            .iter()
            .map(content)
            .find(|t| t.contains("2 ") && t.contains("#anuncios (`announcements`)"))
    })
    .await;

    let olga = person(&fake, 5401, "olga");
    let add = |id: &str| {
        InteractionBuilder::slash("deadline")
            .subcommand("add")
            .user(olga.0, &olga.1)
            .roles(&[server.organizer_role])
            .locale("en-US")
            .option("id", id)
            .option("at", "2099-06-01 23:59 AoE")
            .option("title_es", "Demo final")
            .option("title_en", "Final demo")
    };
    let text = say(&fake, add("demo-one")).await;
    assert!(text.contains("Added **Final demo**"), "{text}");
    // The bot's scheduler sends a reminder due now: it fails, posting nothing.
    let scheduler = discord_scheduler(&fake, &bot.db);
    let now = Utc::now();
    let at = bot
        .db
        .store
        .deadline(EVENT, "demo-one")
        .await
        .unwrap()
        .expect("stored")
        .at;
    let reminder = |key: &'static str| {
        let task = Task::Reminder {
            deadline: "demo-one".into(),
            at: at.timestamp(),
        };
        (key, task)
    };
    let (key, task) = reminder("identity-reminder-1");
    insert(&bot, key, &task, now).await;
    let report = scheduler.tick(now).await.unwrap();
    assert_eq!(
        report.failed, 1,
        "not set up: a permanent failure: {report:?}"
    );
    // Its failure report goes to the log channel, which is set up.
    scheduler.tick(now).await.unwrap();
    fake.wait_for("the failure report in the log", WAIT, |i| {
        messages_of(i, log)
            .iter()
            .map(content)
            .find(|t| t.contains("identity-reminder-1"))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(fake.messages_in(first).is_empty(), "nothing in the first");
    assert!(fake.messages_in(second).is_empty(), "nothing in the second");

    // The keys are offered as the organizer types.
    let sent = fake.send_interaction(
        InteractionBuilder::autocomplete("setup")
            .group("link")
            .subcommand("channel")
            .user(olga.0, &olga.1)
            .roles(&[server.organizer_role])
            .locale("en-US")
            .focused("key", "anun"),
    );
    let callback = fake.wait_callback(&sent.token).await;
    let choices: Vec<Value> = callback["data"]["choices"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(choices.len(), 1, "{callback}");
    assert_eq!(choices[0]["value"], "announcements");

    // A participant cannot re-point it; the refusal changes nothing.
    let mallory = person(&fake, 5402, "mallory");
    let text = say(
        &fake,
        link_channel(&mallory, "announcements", second, "anuncios"),
    )
    .await;
    assert!(text.contains("Only organizers"), "{text}");
    // The wrong kind of channel for a key is refused.
    let text = say(
        &fake,
        link_channel(&olga, "projects_category", second, "anuncios")
            .roles(&[server.organizer_role]),
    )
    .await;
    assert!(text.contains("is not a category channel"), "{text}");
    let text = say(
        &fake,
        link_channel(&olga, "announcements", second, "anuncios").roles(&[server.organizer_role]),
    )
    .await;
    assert!(text.contains(&format!("<#{second}>")), "{text}");
    fake.wait_for("the link in the log channel", WAIT, |i| {
        messages_of(i, log)
            .iter()
            .map(content)
            .find(|t| t.contains("setup.link"))
    })
    .await;

    let text = say(&fake, add("demo-two")).await;
    assert!(text.contains("Added **Final demo**"), "{text}");
    fake.wait_for("the post in the linked channel", WAIT, |i| {
        (!messages_of(i, second).is_empty()).then_some(())
    })
    .await;
    let (key, task) = reminder("identity-reminder-2");
    insert(&bot, key, &task, now).await;
    let report = scheduler.tick(now).await.unwrap();
    assert_eq!((report.sent, report.failed), (1, 0), "{report:?}");
    assert_eq!(
        fake.messages_in(second).len(),
        2,
        "the post and the reminder"
    );
    assert!(fake.messages_in(first).is_empty(), "never the other one");
    bot.stop().await.expect("clean stop");
}

async fn insert(bot: &RunningBot, key: &str, task: &Task, now: chrono::DateTime<Utc>) {
    let job = NewJob {
        event_id: EVENT,
        key,
        kind: task.kind(),
        due_at: now,
        payload: serde_json::to_value(task).unwrap(),
    };
    bot.db.store.insert_job(&job, now).await.unwrap();
}

/// In two guilds with no `DISCORD_GUILD_ID`, the bot serves none (no
/// commands anywhere); with it, the named guild.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_serves_only_the_guild_it_is_told() {
    let fake = FakeDiscord::start().await;
    prepare(&fake);
    fake.add_other_guild(777_000_000_000_000_001, "Otro servidor");
    let bot = RunningBot::spawn(
        &fake,
        TestDb::sqlite().await,
        event_closing_in(30),
        "http://127.0.0.1:9",
        &[],
    );
    fake.wait_ready().await;
    fake.wait_request("GET", "/users/@me/guilds").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        fake.requests_to("PUT", "/applications/*/guilds/*/commands")
            .is_empty(),
        "no guild is served"
    );
    bot.stop().await.expect("clean stop");

    let fake = FakeDiscord::start().await;
    prepare(&fake);
    fake.add_other_guild(777_000_000_000_000_001, "Otro servidor");
    let bot = RunningBot::spawn(
        &fake,
        TestDb::sqlite().await,
        event_closing_in(30),
        "http://127.0.0.1:9",
        &[("DISCORD_GUILD_ID", fake.guild_id().to_string())],
    );
    fake.wait_commands_registered().await;
    // The other guild becomes available too (as after an outage): the bot
    // registers nothing there and answers nothing from it.
    let other = 777_000_000_000_000_001u64;
    let mut guild = fake.inspect(|i| i.state.guild_create());
    guild["id"] = serde_json::json!(other.to_string());
    guild["name"] = serde_json::json!("Otro servidor");
    guild["channels"] = serde_json::json!([]);
    guild["threads"] = serde_json::json!([]);
    fake.send_dispatch("GUILD_CREATE", guild);
    let ana = person(&fake, 5501, "ana");
    create_team(&fake, &ana, "Servidos").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        fake.requests_to("PUT", &format!("/applications/*/guilds/{other}/commands"))
            .is_empty(),
        "nothing registered in a guild it does not serve"
    );
    bot.stop().await.expect("clean stop");
}

/// Listing the bot's guilds fails twice at start (a 500): the bot tries
/// again and serves its only guild instead of staying deaf.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_guild_listing_is_tried_again() {
    let fake = FakeDiscord::start().await;
    prepare(&fake);
    fake.fail_next("GET", "/users/@me/guilds", 2, Failure::server_error(500));
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, event_closing_in(30)).await;
    let failed = fake
        .requests_to("GET", "/users/@me/guilds")
        .iter()
        .filter(|r| r.status == 500)
        .count();
    assert_eq!(failed, 2, "the failures happened");
    let ana = person(&fake, 5601, "ana");
    create_team(&fake, &ana, "Persistentes").await;
    bot.stop().await.expect("clean stop");
}
