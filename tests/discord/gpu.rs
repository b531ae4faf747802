//! `/gpu`: the real bot against the fake Discord and a local fake Hub. Time
//! moves by calling the scheduler's step with a chosen `now`.

use std::sync::Arc;

use chrono::{Duration, Utc};
use serde_json::Value;
use serenity::all::HttpBuilder;
use somosbot::discord::outbox::DiscordOutbox;
use somosbot::i18n::I18n;
use somosbot::scheduler::Scheduler;
use somosbot::store::{GpuResourceStatus, NewTeam};

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::view::{content, custom_ids};
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};
use crate::support::fake_hub::{FakeHub, Reply};
use crate::teams_kit::{answer, click, messages_of, say, WAIT};

const ORGANIZERS: [(u64, &str); 2] = [(7001, "ana"), (7002, "beto")];

struct Team {
    id: i64,
    captain: (u64, String),
    channel: u64,
}

struct Scene {
    fake: FakeDiscord,
    bot: RunningBot,
    hub: FakeHub,
    hub_url: String,
    organizer_role: u64,
    board_channel: u64,
    log_channel: u64,
    teams: Vec<Team>,
}

fn dataset_path(i: usize) -> String {
    format!("/api/datasets/somosnlp/corpus-{i}")
}

fn public(i: usize) -> Reply {
    Reply::json(
        200,
        &format!(r#"{{"id":"somosnlp/corpus-{i}","private":false}}"#),
    )
}

/// The server with the board and log channels, `teams` teams with a
/// project channel each, the bot on `db`. With `one_machine`, only
/// `vm-a10g-1` of the 24 GB machines is in service.
async fn scene(db: TestDb, teams: usize, one_machine: bool, hub: FakeHub) -> Scene {
    let event = shipped_event();
    let fake = FakeDiscord::start().await;
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    let log_channel = fake.add_text_channel(&event.channels.log, None);
    let board_channel = fake.add_text_channel(event.channels.gpu_board.as_deref().unwrap(), None);
    for (id, name) in ORGANIZERS {
        fake.add_member(id, name, &[organizer_role]);
    }
    let now = Utc::now();
    let mut made = Vec::new();
    for i in 0..teams {
        let captain = (6000 + i as u64, format!("capi{i}"));
        fake.add_member(captain.0, &captain.1, &[]);
        let channel = fake.add_text_channel(&format!("equipo-{i}"), None);
        let name = format!("Equipo {i}");
        let team = match db
            .store
            .create_team(&NewTeam {
                event_id: event.event.id.clone(),
                name: name.clone(),
                name_key: name.to_lowercase(),
                topic: "Corpus".into(),
                ods: None,
                captain_id: captain.0,
                max_members: 5,
                now,
            })
            .await
            .unwrap()
        {
            somosbot::store::CreateTeamOutcome::Created(t) => t,
            other => panic!("{other:?}"),
        };
        db.store
            .set_team_discord(team.id, None, Some(channel))
            .await
            .unwrap();
        hub.on(&dataset_path(i), public(i));
        made.push(Team {
            id: team.id,
            captain,
            channel,
        });
    }
    somosbot::domain::seed::seed_event(&db.store, &event)
        .await
        .unwrap();
    if one_machine {
        for name in ["vm-a10g-2", "vm-l4-1"] {
            db.store
                .set_gpu_resource_status(&event.event.id, name, GpuResourceStatus::OutOfService)
                .await
                .unwrap();
        }
    }
    let hub_url = hub.start().await;
    let bot = RunningBot::start_with_hub(&fake, db, event, &hub_url).await;
    Scene {
        fake,
        bot,
        hub,
        hub_url,
        organizer_role,
        board_channel,
        log_channel,
        teams: made,
    }
}

fn gpu(sub: &str, who: &(u64, String)) -> InteractionBuilder {
    InteractionBuilder::slash("gpu")
        .subcommand(sub)
        .user(who.0, &who.1)
        .locale("en-US")
}

fn request(team: &Team, i: usize) -> InteractionBuilder {
    gpu("request", &team.captain)
        // The index of the choice, as Discord sends it: 0 is vm-24gb.
        .option("kind", 0)
        .option("hours", 24)
        .option(
            "dataset",
            format!("https://huggingface.co/datasets/somosnlp/corpus-{i}"),
        )
        .option("tested", true)
}

impl Scene {
    fn organizer(&self, n: usize) -> InteractionBuilder {
        let (id, name) = ORGANIZERS[n];
        InteractionBuilder::slash("gpu")
            .subcommand("grant")
            .user(id, name)
            .roles(&[self.organizer_role])
            .locale("en-US")
    }

    /// The board channel's messages.
    fn board(&self) -> Vec<Value> {
        self.fake.messages_in(self.board_channel)
    }

    /// Waits until the only board message says `text`.
    async fn board_says(&self, text: &str) -> Value {
        let channel = self.board_channel;
        self.fake
            .wait_for(&format!("the board to say {text}"), WAIT, |i| {
                let messages = messages_of(i, channel);
                messages
                    .first()
                    .filter(|m| content(m).contains(text))
                    .cloned()
            })
            .await
    }

    /// A scheduler like the bot's, to drive time by hand.
    fn scheduler(&self) -> Scheduler<DiscordOutbox> {
        let http = HttpBuilder::new("fake.bot.token")
            .proxy(self.fake.api_base())
            .ratelimiter_disabled(true)
            .build();
        let outbox = DiscordOutbox::new(
            Arc::new(http),
            Arc::new(somosbot::discord::identity::Directory::new(
                self.bot.db.store.clone(),
                Arc::new(shipped_event()),
                Arc::new(I18n::load().expect("locales")),
                Some(self.fake.guild_id()),
            )),
        );
        Scheduler::new(
            self.bot.db.store.clone(),
            Arc::new(shipped_event()),
            Arc::new(I18n::load().expect("locales")),
            outbox,
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_is_refused_until_the_dataset_is_on_the_hub_and_a_second_is_refused() {
    let hub = FakeHub::new();
    // The dataset is not there yet on the first try.
    hub.on(&dataset_path(0), Reply::anonymous_401());
    let s = scene(TestDb::sqlite().await, 1, false, hub).await;
    let team = &s.teams[0];

    let refused = say(&s.fake, request(team, 0)).await;
    assert!(refused.contains("does not exist on the Hub"), "{refused}");
    assert!(s
        .bot
        .db
        .store
        .open_gpu_requests(team.id)
        .await
        .unwrap()
        .is_empty());

    s.hub.on(&dataset_path(0), public(0));
    let queued = say(&s.fake, request(team, 0)).await;
    assert!(queued.contains("Place in line: **1**"), "{queued}");
    assert!(queued.contains("could start now"), "{queued}");

    let again = say(&s.fake, request(team, 0).locale("es-ES")).await;
    assert!(again.contains("ya tiene una solicitud abierta"), "{again}");

    let status = say(&s.fake, gpu("status", &team.captain)).await;
    assert!(status.contains("1. **Equipo 0**"), "{status}");
    // Someone else cannot ask for the team.
    let member = (6999, "otra".to_string());
    s.fake.add_member(member.0, &member.1, &[]);
    let outsider = say(&s.fake, request(team, 0).user(member.0, &member.1)).await;
    assert!(outsider.contains("not in a team"), "{outsider}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_is_one_message_edited_on_each_change() {
    let s = scene(TestDb::sqlite().await, 2, false, FakeHub::new()).await;
    // Posted at the first change.
    let queued = say(&s.fake, request(&s.teams[0], 0)).await;
    assert!(queued.contains("Place in line"), "{queued}");
    let first = s.board_says("Equipo 0").await;
    let id = first["id"].clone();
    assert!(content(&first).contains("vm-a10g-1"), "{first}");

    let granted = say(
        &s.fake,
        s.organizer(0)
            .option("resource", "vm-l4-1")
            .option("hours", 5),
    )
    .await;
    assert!(granted.contains("lent to **Equipo 0**"), "{granted}");
    let board = s.board_says("🔴").await;
    assert!(content(&board).contains("**Equipo 0** hasta"), "{board}");
    // The team hears it in its channel; the captain by DM.
    let channel = s.teams[0].channel;
    s.fake
        .wait_for("the team's notice", WAIT, |i| {
            messages_of(i, channel)
                .iter()
                .find(|m| content(m).contains("vm-l4-1") && content(m).contains("<t:"))
                .cloned()
        })
        .await;

    say(&s.fake, request(&s.teams[1], 1)).await;
    s.board_says("Equipo 1").await;
    let board = s.board();
    assert_eq!(board.len(), 1, "edited, never reposted: {board:#?}");
    assert_eq!(board[0]["id"], id);
    let edits = s.fake.requests_to(
        "PATCH",
        &format!("/channels/{}/messages/*", s.board_channel),
    );
    assert!(edits.len() >= 2, "{}", edits.len());
    let posts = s
        .fake
        .requests_to("POST", &format!("/channels/{}/messages", s.board_channel));
    assert_eq!(posts.len(), 1);
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_organizers_pressing_grant_together_make_one_lease() {
    let s = scene(TestDb::sqlite().await, 2, true, FakeHub::new()).await;
    for (i, team) in s.teams.iter().enumerate() {
        let text = say(&s.fake, request(team, i)).await;
        assert!(
            text.contains(&format!("Place in line: **{}**", i + 1)),
            "{text}"
        );
    }
    let a = s.fake.send_interaction(s.organizer(0));
    let b = s.fake.send_interaction(s.organizer(1));
    let (a, b) = (
        content(&answer(&s.fake, &a).await),
        content(&answer(&s.fake, &b).await),
    );
    let granted = [&a, &b]
        .iter()
        .filter(|t| t.contains("lent to **Equipo 0**"))
        .count();
    assert_eq!(granted, 1, "{a}\n{b}");
    assert!(
        [&a, &b]
            .iter()
            .any(|t| t.contains("a moment ago") || t.contains("No machine is free")),
        "{a}\n{b}"
    );
    let leases = s
        .bot
        .db
        .store
        .active_gpu_leases("somos600m-2024")
        .await
        .unwrap();
    assert_eq!(leases.len(), 1);
    let audit = s
        .bot
        .db
        .store
        .audit_entries("somos600m-2024", 10)
        .await
        .unwrap();
    assert_eq!(
        audit.iter().filter(|e| e.action == "gpu.grant").count(),
        1,
        "{audit:?}"
    );
    // A participant cannot grant.
    let refused = say(
        &s.fake,
        gpu("grant", &s.teams[1].captain).option("resource", "vm-a10g-1"),
    )
    .await;
    assert!(refused.contains("Only"), "{refused}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_outlives_a_restart_and_ends_on_time_handing_the_machine_on() {
    let s = scene(TestDb::sqlite().await, 2, true, FakeHub::new()).await;
    for (i, team) in s.teams.iter().enumerate() {
        say(&s.fake, request(team, i)).await;
    }
    let granted = say(&s.fake, s.organizer(0).option("hours", 3)).await;
    assert!(granted.contains("lent to **Equipo 0**"), "{granted}");
    let board = s.board_says("🔴").await;
    let store = s.bot.db.store.clone();
    let lease = store.active_gpu_leases("somos600m-2024").await.unwrap()[0].clone();

    // A deployment restarts the bot in the middle of the lease.
    let Scene {
        fake,
        bot,
        hub_url,
        board_channel,
        log_channel,
        teams,
        organizer_role,
        hub,
    } = s;
    let bot = bot.restart_with_hub(&fake, shipped_event(), &hub_url).await;
    let s = Scene {
        fake,
        bot,
        hub,
        hub_url,
        organizer_role,
        board_channel,
        log_channel,
        teams,
    };
    // The board is drawn again at start: the same message.
    s.fake
        .wait_for("the board redrawn after the restart", WAIT, |i| {
            messages_of(i, board_channel)
                .first()
                .filter(|m| m["edited_timestamp"] != board["edited_timestamp"])
                .cloned()
        })
        .await;
    assert_eq!(s.board().len(), 1);

    let scheduler = s.scheduler();
    let end = lease.ends_at;
    scheduler.tick(end - Duration::hours(1)).await.unwrap();
    scheduler.tick(end - Duration::minutes(10)).await.unwrap();
    scheduler.tick(end).await.unwrap();
    let team0 = s.fake.messages_in(s.teams[0].channel);
    let texts: Vec<String> = team0.iter().map(content).collect();
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("termina en 60 minutos"))
            .count(),
        1,
        "{texts:#?}"
    );
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("termina en 10 minutos"))
            .count(),
        1,
        "{texts:#?}"
    );
    assert_eq!(
        texts.iter().filter(|t| t.contains("ha terminado")).count(),
        1,
        "{texts:#?}"
    );
    let ended = store.gpu_lease(lease.id).await.unwrap().unwrap();
    assert_eq!(ended.released_at, Some(end));
    // The next team and the organizers are told.
    let team1: Vec<String> = s
        .fake
        .messages_in(s.teams[1].channel)
        .iter()
        .map(content)
        .collect();
    assert!(
        team1.iter().any(|t| t.contains("siguiente en la cola")),
        "{team1:#?}"
    );
    let log: Vec<String> = s
        .fake
        .messages_in(s.log_channel)
        .iter()
        .map(content)
        .collect();
    assert!(
        log.iter()
            .any(|t| t.contains("Siguiente en la cola: **Equipo 1**")),
        "{log:#?}"
    );
    // Ticking again sends nothing twice.
    let before = s.fake.messages_in(s.teams[0].channel).len();
    scheduler.tick(end + Duration::minutes(1)).await.unwrap();
    assert_eq!(s.fake.messages_in(s.teams[0].channel).len(), before);
    assert_eq!(s.board().len(), 1, "still one board message");

    // The default grant now gives the machine to the next team.
    let granted = say(&s.fake, s.organizer(1)).await;
    assert!(
        granted.contains("`vm-a10g-1` lent to **Equipo 1**"),
        "{granted}"
    );
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_usage_chart_is_sent_as_a_png() {
    let s = scene(TestDb::sqlite().await, 1, false, FakeHub::new()).await;
    say(&s.fake, request(&s.teams[0], 0)).await;
    say(&s.fake, s.organizer(0)).await;
    let sent = s.fake.send_interaction(gpu("usage", &s.teams[0].captain));
    let reply = answer(&s.fake, &sent).await;
    assert!(content(&reply).contains("leases: 1"), "{reply}");
    let uploads: Vec<_> = s
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.files.iter().any(|f| f == "gpu-usage.png"))
        .collect();
    assert_eq!(uploads.len(), 1, "the chart is attached");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_releases_its_machine_once_it_confirms_and_the_next_team_is_told() {
    let s = scene(TestDb::sqlite().await, 2, true, FakeHub::new()).await;
    for (i, team) in s.teams.iter().enumerate() {
        say(&s.fake, request(team, i)).await;
    }
    let granted = say(&s.fake, s.organizer(0)).await;
    assert!(granted.contains("lent to **Equipo 0**"), "{granted}");
    let store = s.bot.db.store.clone();

    let asked = s.fake.send_interaction(gpu("release", &s.teams[0].captain));
    let question = s
        .fake
        .wait_original(&asked.token, |m| !content(m).is_empty())
        .await;
    assert!(
        content(&question).contains("Release `vm-a10g-1` now?"),
        "{question}"
    );
    let ids = custom_ids(&question);
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(
        store
            .active_gpu_leases("somos600m-2024")
            .await
            .unwrap()
            .len(),
        1,
        "nothing changes before the confirmation"
    );

    // Only the one who asked can confirm.
    let other = click(&s.fake, &question, &ids[0], &s.teams[1].captain);
    let refused = content(&answer(&s.fake, &other).await);
    assert!(refused.contains("someone else"), "{refused}");
    assert_eq!(
        store
            .active_gpu_leases("somos600m-2024")
            .await
            .unwrap()
            .len(),
        1
    );

    let confirmed = click(&s.fake, &question, &ids[0], &s.teams[0].captain);
    let done = content(&answer(&s.fake, &confirmed).await);
    assert!(done.contains("`vm-a10g-1` was released"), "{done}");
    assert!(store
        .active_gpu_leases("somos600m-2024")
        .await
        .unwrap()
        .is_empty());
    // The bot's own scheduler tells the next team at once.
    let next = s.teams[1].channel;
    s.fake
        .wait_for("the next team to be told", WAIT, |i| {
            messages_of(i, next)
                .iter()
                .find(|m| content(m).contains("siguiente en la cola"))
                .cloned()
        })
        .await;
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disbanding_a_team_with_a_lease_releases_it_as_gpu_release_does() {
    let s = scene(TestDb::sqlite().await, 2, true, FakeHub::new()).await;
    for (i, team) in s.teams.iter().enumerate() {
        say(&s.fake, request(team, i)).await;
    }
    let granted = say(&s.fake, s.organizer(0)).await;
    assert!(granted.contains("lent to **Equipo 0**"), "{granted}");
    s.board_says("**Equipo 0** hasta").await;
    let store = s.bot.db.store.clone();
    let lease = store.active_gpu_leases("somos600m-2024").await.unwrap()[0].clone();

    let (id, name) = ORGANIZERS[0];
    let disband = InteractionBuilder::slash("teams")
        .group("admin")
        .subcommand("disband")
        .option("team", "Equipo 0")
        .user(id, name)
        .roles(&[s.organizer_role])
        .locale("en-US");
    let text = say(&s.fake, disband).await;
    assert!(text.contains("was disbanded"), "{text}");

    // The lease is ended in the database, not erased with the team.
    let ended = store.gpu_lease(lease.id).await.unwrap().expect("kept");
    assert!(ended.released_at.is_some(), "{ended:?}");
    assert!(store
        .active_gpu_leases("somos600m-2024")
        .await
        .unwrap()
        .is_empty());
    // The board is redrawn: the machine is free, the gone team not shown.
    let board = s.board_says("`vm-a10g-1` — A10G 24 GB — 🟢 libre").await;
    assert!(!content(&board).contains("Equipo 0"), "{board}");
    // The next team and the organizers are told, as after /gpu release.
    let next = s.teams[1].channel;
    s.fake
        .wait_for("the next team to be told", WAIT, |i| {
            messages_of(i, next)
                .iter()
                .find(|m| content(m).contains("siguiente en la cola"))
                .cloned()
        })
        .await;
    let log = s.log_channel;
    s.fake
        .wait_for("the organizers to be told", WAIT, |i| {
            messages_of(i, log)
                .iter()
                .find(|m| content(m).contains("vm-a10g-1") && content(m).contains("Equipo 1"))
                .cloned()
        })
        .await;
    s.bot.stop().await.unwrap();
}
