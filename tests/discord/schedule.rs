//! Deadlines, announcements and the scheduler's Discord side, against the
//! fake Discord.

use std::sync::Arc;

use chrono::{Duration, Utc};
use serde_json::Value;
use serenity::all::HttpBuilder;
use somosbot::discord::outbox::DiscordOutbox;
use somosbot::i18n::I18n;
use somosbot::scheduler::{self, Scheduler, Task};
use somosbot::store::{JobStatus, NewJob};

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::view::{content, custom_ids};
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder, DEFAULT_WAIT};

/// The event's channels and roles; returns (organizer role, participant role).
fn prepare_server(fake: &FakeDiscord) -> (u64, u64) {
    let event = shipped_event();
    let c = &event.channels;
    for name in [&c.find_team, &c.intros, &c.announcements, &c.log] {
        fake.add_text_channel(name, None);
    }
    let participant = fake.add_role(&event.roles.participant, "0");
    let organizer = fake.add_role(&event.roles.organizer, "0");
    (organizer, participant)
}

fn channel_named(fake: &FakeDiscord, name: &str) -> u64 {
    fake.channels_named(name)[0]["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("channel id")
}

/// Queues an announcement of `text` in `channel` (pinging `role`), due at
/// `now`, as `/announce` does.
pub async fn queue_announcement(
    db: &TestDb,
    key: &str,
    channel: u64,
    text: &str,
    role: Option<u64>,
    now: chrono::DateTime<Utc>,
) {
    let task = Task::Announcement {
        channel,
        text: text.into(),
        role,
        author: 1,
    };
    let job = NewJob {
        event_id: &shipped_event().event.id,
        key,
        kind: task.kind(),
        due_at: now,
        payload: serde_json::to_value(&task).unwrap(),
    };
    db.store.insert_job(&job, now).await.unwrap();
}

pub fn discord_scheduler(fake: &FakeDiscord, db: &TestDb) -> Scheduler<DiscordOutbox> {
    let http = HttpBuilder::new("fake.bot.token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let outbox = DiscordOutbox::new(
        Arc::new(http),
        Arc::new(somosbot::discord::identity::Directory::new(
            db.store.clone(),
            Arc::new(shipped_event()),
            Arc::new(I18n::load().expect("locales")),
            Some(fake.guild_id()),
        )),
    );
    Scheduler::new(
        db.store.clone(),
        Arc::new(shipped_event()),
        Arc::new(I18n::load().expect("locales")),
        outbox,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlines_are_listed_with_discord_timestamps_in_spanish_and_english() {
    let fake = FakeDiscord::start().await;
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let es = fake.send_interaction(InteractionBuilder::slash("deadlines").locale("es-419"));
    let en = fake.send_interaction(InteractionBuilder::slash("deadlines").locale("en-GB"));
    let (es, en) = (
        content(&fake.wait_callback(&es.token).await),
        content(&fake.wait_callback(&en.token).await),
    );
    // Submission: 2024-03-24 23:59 AoE = 2024-03-25 11:59 UTC.
    for text in [&es, &en] {
        assert!(
            text.contains("<t:1711367940:F>") && text.contains("<t:1711367940:R>"),
            "{text}"
        );
    }
    assert!(
        es.contains("Entrega de proyectos") && es.contains("Fechas límite"),
        "{es}"
    );
    assert!(
        en.contains("Project submission") && en.contains("Deadlines"),
        "{en}"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_cannot_edit_a_deadline() {
    let fake = FakeDiscord::start().await;
    let (_, participant) = prepare_server(&fake);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let sent = fake.send_interaction(
        InteractionBuilder::slash("deadline")
            .subcommand("edit")
            .option("id", "submission")
            .option("at", "2030-01-01 00:00 AoE")
            .user(77, "pat")
            .roles(&[participant])
            .locale("en-US"),
    );
    let callback = fake.wait_callback(&sent.token).await;
    assert!(content(&callback).contains("Only organizers"), "{callback}");
    let d = bot
        .db
        .store
        .deadline("somos600m-2024", "submission")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.at.timestamp(), 1711367940, "unchanged");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organizer_moves_a_deadline_its_reminders_follow_and_everyone_is_told() {
    let fake = FakeDiscord::start().await;
    let (organizer, _) = prepare_server(&fake);
    let db = TestDb::sqlite().await;
    let event = shipped_event();
    // A deadline in the future, with reminders already scheduled.
    let at = Utc::now() + Duration::days(10);
    let d = somosbot::store::StoredDeadline {
        id: "final-demo".into(),
        title_es: "Demo final".into(),
        title_en: "Final demo".into(),
        at,
        reminders: vec![
            std::time::Duration::from_secs(86400),
            std::time::Duration::from_secs(3600),
        ],
    };
    db.store.upsert_deadline(&event.event.id, &d).await.unwrap();
    let bot = RunningBot::start(&fake, db).await;
    let store = &bot.db.store;
    let before: Vec<_> = store
        .jobs(&event.event.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.key.starts_with("deadline:final-demo@"))
        .collect();
    assert_eq!(before.len(), 2, "seeded at start");

    let sent = fake.send_interaction(
        InteractionBuilder::slash("deadline")
            .subcommand("edit")
            .option("id", "final-demo")
            .option("at", "2031-05-10 23:59 AoE")
            .roles(&[organizer])
            .locale("en-US"),
    );
    let callback = fake.wait_callback(&sent.token).await;
    let reply = content(&callback);
    assert!(
        reply.contains("2 pending reminders were cancelled and 2 scheduled"),
        "{reply}"
    );

    let new_at = chrono::DateTime::parse_from_rfc3339("2031-05-11T11:59:00Z").unwrap();
    let jobs = store.jobs(&event.event.id).await.unwrap();
    let mine: Vec<_> = jobs
        .iter()
        .filter(|j| j.key.starts_with("deadline:final-demo@"))
        .collect();
    assert!(mine
        .iter()
        .filter(|j| j.status == JobStatus::Pending)
        .all(|j| j.key.contains(&new_at.timestamp().to_string())));
    assert_eq!(
        mine.iter()
            .filter(|j| j.status == JobStatus::Cancelled)
            .count(),
        2
    );
    assert_eq!(
        mine.iter()
            .filter(|j| j.status == JobStatus::Pending)
            .count(),
        2
    );

    let announcements = channel_named(&fake, "anuncios");
    let posted = fake
        .wait_for("the change announced", DEFAULT_WAIT, |i| {
            let msgs = i
                .state
                .messages
                .get(&announcements)
                .cloned()
                .unwrap_or_default();
            msgs.into_iter().find(|m| content(m).contains("Demo final"))
        })
        .await;
    assert!(
        content(&posted).contains(&format!("<t:{}:F>", new_at.timestamp())),
        "{posted}"
    );
    let audit = store.audit_entries(&event.event.id, 10).await.unwrap();
    assert!(
        audit.iter().any(|a| a.action == "deadline.edit"),
        "{audit:?}"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_between_sending_and_marking_does_not_post_twice() {
    let fake = FakeDiscord::start().await;
    let (_, participant) = prepare_server(&fake);
    let db = TestDb::sqlite().await;
    let event = shipped_event();
    let announcements = channel_named(&fake, "anuncios");
    let now = Utc::now();
    let key = "announce:crash";
    queue_announcement(
        &db,
        key,
        announcements,
        "Workshop at 18:00",
        Some(participant),
        now,
    )
    .await;
    let s = discord_scheduler(&fake, &db);

    // The first process claims the job and sends it, then dies before marking it.
    let claimed = db
        .store
        .claim_due_jobs("somos600m-2024", now, now + Duration::minutes(2), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let message = scheduler::OutMessage {
        to: scheduler::Destination::Channel(announcements),
        text: format!("<@&{participant}>\nWorkshop at 18:00"),
        nonce: scheduler::nonce_for(&event.event.id, key),
        pings: scheduler::Pings {
            roles: vec![participant],
            users: vec![],
        },
    };
    use somosbot::scheduler::Outbox as _;
    s.outbox().send(&message).await.unwrap();

    // After its lease, another run takes the job again and sends it again.
    let report = s.tick(now + Duration::minutes(3)).await.unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let posts = fake.requests_to("POST", &format!("/channels/{announcements}/messages"));
    assert_eq!(posts.len(), 2, "sent twice");
    let messages = fake.messages_in(announcements);
    assert_eq!(messages.len(), 1, "posted once: {messages:?}");
    let body = &posts[1].body;
    assert_eq!(body["enforce_nonce"], true);
    assert!(body["nonce"].as_str().is_some_and(|n| n.len() <= 25));
    assert_eq!(
        body["allowed_mentions"]["roles"],
        serde_json::json!([participant.to_string()])
    );
    assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
    let job = db.store.job(&event.event.id, key).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_is_written_previewed_scheduled_and_cancelled() {
    let fake = FakeDiscord::start().await;
    let (organizer, participant) = prepare_server(&fake);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let announcements = channel_named(&fake, "anuncios");
    let role = fake.role(participant).unwrap();
    let sent = fake.send_interaction(
        InteractionBuilder::slash("announce")
            .subcommand("send")
            .option_channel("channel", announcements, 0, "anuncios")
            .option("at", "2099-01-01 18:00 +01:00")
            .option_role("role", role)
            .roles(&[organizer])
            .locale("en-US"),
    );
    let modal = fake.wait_callback(&sent.token).await;
    assert_eq!(modal["type"], 9, "a modal: {modal}");
    let modal_id = modal["data"]["custom_id"].as_str().unwrap().to_string();

    let submitted = fake.send_interaction(
        InteractionBuilder::modal_submit(&modal_id, &[("text", "Taller de distilabel @everyone")])
            .roles(&[organizer])
            .locale("en-US"),
    );
    let preview = fake.wait_callback(&submitted.token).await;
    assert_eq!(
        content(&preview),
        "Taller de distilabel @everyone",
        "{preview}"
    );
    assert_eq!(
        preview["data"]["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    let confirm = custom_ids(&preview)
        .into_iter()
        .next()
        .expect("the preview's confirm button");
    let mut message = fake
        .original_message(&submitted.token)
        .expect("preview stored");
    message.as_object_mut().map(|m| m.remove("guild_id"));
    let press = fake.send_interaction(
        InteractionBuilder::button(&confirm, message)
            .roles(&[organizer])
            .locale("en-US"),
    );
    let done = fake.wait_callback(&press.token).await;
    assert!(content(&done).contains("Scheduled"), "{done}");

    let store = &bot.db.store;
    let jobs: Vec<_> = store
        .jobs("somos600m-2024")
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == "announcement")
        .collect();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].due_at.timestamp(), 4070970000);
    let key = jobs[0].key.clone();

    let listed = fake.send_interaction(
        InteractionBuilder::slash("announce")
            .subcommand("list")
            .roles(&[organizer])
            .locale("en-US"),
    );
    assert!(content(&fake.wait_callback(&listed.token).await).contains(&key));

    let cancel = fake.send_interaction(
        InteractionBuilder::slash("announce")
            .subcommand("cancel")
            .option("id", key.as_str())
            .roles(&[organizer])
            .locale("en-US"),
    );
    assert!(content(&fake.wait_callback(&cancel.token).await).contains("Cancelled"));

    // When its time comes, nothing is posted.
    let s = discord_scheduler(&fake, &bot.db);
    let at = chrono::DateTime::from_timestamp(4070970000, 0).unwrap();
    s.tick(at).await.unwrap();
    assert!(fake
        .messages_in(announcements)
        .iter()
        .all(|m| !content(m).contains("distilabel")));
    let job = store.job("somos600m-2024", &key).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Cancelled);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_running_bot_posts_what_is_due_and_stops_cleanly() {
    let fake = FakeDiscord::start().await;
    prepare_server(&fake);
    let announcements = channel_named(&fake, "anuncios");
    let db = TestDb::sqlite().await;
    let now = Utc::now();
    queue_announcement(
        &db,
        "announce:start",
        announcements,
        "¡Arrancamos!",
        None,
        now,
    )
    .await;
    let bot = RunningBot::start(&fake, db).await;
    let posted = fake
        .wait_for("the due announcement", DEFAULT_WAIT, |i| {
            let msgs = i
                .state
                .messages
                .get(&announcements)
                .cloned()
                .unwrap_or_default();
            msgs.into_iter().find(|m| content(m) == "¡Arrancamos!")
        })
        .await;
    assert!(posted["nonce"].as_str().is_some(), "{posted}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_with_closed_dms_is_nudged_in_the_find_a_team_channel() {
    let fake = FakeDiscord::start().await;
    let (_, participant) = prepare_server(&fake);
    let find_team = channel_named(&fake, "encuentra-equipo");
    fake.add_member(12, "carla", &[participant]);
    let db = TestDb::sqlite().await;
    let event = shipped_event();
    let id = &event.event.id;
    let t0 = chrono::DateTime::parse_from_rfc3339("2024-02-20T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    somosbot::domain::seed::seed_event(&db.store, &event)
        .await
        .unwrap();
    scheduler::seed_jobs(&db.store, &event, t0).await.unwrap();
    db.store
        .touch_participant(id, 12, Some("es-ES"), t0)
        .await
        .unwrap();
    fake.fail_next_dm_messages(1, crate::support::fake_discord::Failure::cannot_dm());

    // A day before registration closes (2024-03-16 11:59 UTC).
    let s = discord_scheduler(&fake, &db);
    let at = chrono::DateTime::parse_from_rfc3339("2024-03-15T11:59:00Z")
        .unwrap()
        .with_timezone(&Utc);
    s.tick(at).await.unwrap();
    assert!(fake.dms_to(12).is_empty());
    let posted: Vec<Value> = fake
        .messages_in(find_team)
        .into_iter()
        .filter(|m| content(m).contains("<@12>"))
        .collect();
    assert_eq!(posted.len(), 1, "{posted:?}");
    let body = &fake
        .requests_to("POST", &format!("/channels/{find_team}/messages"))
        .last()
        .cloned()
        .unwrap()
        .body;
    assert_eq!(body["allowed_mentions"]["users"], serde_json::json!(["12"]));
    assert_eq!(body["allowed_mentions"]["roles"], serde_json::json!([]));
    // Once.
    s.tick(at + Duration::minutes(1)).await.unwrap();
    assert_eq!(
        fake.messages_in(find_team)
            .into_iter()
            .filter(|m| content(m).contains("<@12>"))
            .count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organizer_adds_and_removes_a_deadline() {
    let fake = FakeDiscord::start().await;
    let (organizer, _) = prepare_server(&fake);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let store = &bot.db.store;
    let ask = |b: InteractionBuilder| fake.send_interaction(b.roles(&[organizer]).locale("en-US"));

    let unreadable = ask(InteractionBuilder::slash("deadline")
        .subcommand("add")
        .option("id", "final-demo")
        .option("at", "next friday")
        .option("title_es", "Demo final")
        .option("title_en", "Final demo"));
    let text = content(&fake.wait_callback(&unreadable.token).await);
    assert!(
        text.contains("I cannot read") && text.contains("AoE"),
        "{text}"
    );

    let added = ask(InteractionBuilder::slash("deadline")
        .subcommand("add")
        .option("id", "final-demo")
        .option("at", "2099-06-01 23:59 AoE")
        .option("title_es", "Demo final")
        .option("title_en", "Final demo")
        .option("reminders", "1d, 1h"));
    let text = content(&fake.wait_callback(&added.token).await);
    assert!(
        text.contains("Added **Final demo**") && text.contains("2 reminders"),
        "{text}"
    );
    let pending = |jobs: Vec<somosbot::store::Job>| {
        jobs.into_iter()
            .filter(|j| j.key.starts_with("deadline:final-demo@") && j.status == JobStatus::Pending)
            .count()
    };
    assert_eq!(pending(store.jobs("somos600m-2024").await.unwrap()), 2);
    let announcements = channel_named(&fake, "anuncios");
    fake.wait_for("the new deadline announced", DEFAULT_WAIT, |i| {
        let msgs = i
            .state
            .messages
            .get(&announcements)
            .cloned()
            .unwrap_or_default();
        msgs.into_iter()
            .find(|m| content(m).contains("Nueva fecha límite: **Demo final**"))
    })
    .await;

    let refused = ask(InteractionBuilder::slash("deadline")
        .subcommand("remove")
        .option("id", "registration-closes"));
    let text = content(&fake.wait_callback(&refused.token).await);
    assert!(text.contains("cannot be removed"), "{text}");

    let removed = ask(InteractionBuilder::slash("deadline")
        .subcommand("remove")
        .option("id", "final-demo"));
    let text = content(&fake.wait_callback(&removed.token).await);
    assert!(text.contains("cancelled 2 pending reminders"), "{text}");
    assert_eq!(pending(store.jobs("somos600m-2024").await.unwrap()), 0);
    assert!(store
        .deadline("somos600m-2024", "final-demo")
        .await
        .unwrap()
        .is_none());
    let actions: Vec<String> = store
        .audit_entries("somos600m-2024", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(
        actions.contains(&"deadline.add".to_string())
            && actions.contains(&"deadline.remove".to_string()),
        "{actions:?}"
    );
    bot.stop().await.unwrap();
}

/// `/deadline` takes ids by the event file's rule, and a deadline stored
/// under the old command rule (a leading "-") can still be edited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadline_ids_follow_the_event_files_rule() {
    let fake = FakeDiscord::start().await;
    let (organizer, _) = prepare_server(&fake);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let store = &bot.db.store;
    let ask = |b: InteractionBuilder| fake.send_interaction(b.roles(&[organizer]).locale("en-US"));
    let add = |id: &str| {
        InteractionBuilder::slash("deadline")
            .subcommand("add")
            .option("id", id)
            .option("at", "2099-06-01 23:59 AoE")
            .option("title_es", "Demo final")
            .option("title_en", "Final demo")
    };

    for bad in ["-final", "final-", "Final", &"a".repeat(65)] {
        let refused = ask(add(bad));
        let text = content(&fake.wait_callback(&refused.token).await);
        assert!(text.contains("up to 64 characters"), "{bad}: {text}");
        assert!(store
            .deadline("somos600m-2024", bad)
            .await
            .unwrap()
            .is_none());
    }

    let long = "a".repeat(50);
    let added = ask(add(&long));
    let text = content(&fake.wait_callback(&added.token).await);
    assert!(text.contains("Added **Final demo**"), "{text}");
    assert!(store
        .deadline("somos600m-2024", &long)
        .await
        .unwrap()
        .is_some());

    let legacy = somosbot::store::StoredDeadline {
        id: "-legacy".into(),
        title_es: "Antigua".into(),
        title_en: "Old".into(),
        at: chrono::DateTime::from_timestamp(4070970000, 0).unwrap(),
        reminders: Vec::new(),
    };
    store
        .upsert_deadline("somos600m-2024", &legacy)
        .await
        .unwrap();
    let edited = ask(InteractionBuilder::slash("deadline")
        .subcommand("edit")
        .option("id", "-legacy")
        .option("title_en", "Renamed"));
    let text = content(&fake.wait_callback(&edited.token).await);
    assert!(text.contains("**Renamed**"), "{text}");
    let stored = store.deadline("somos600m-2024", "-legacy").await.unwrap();
    assert_eq!(stored.map(|d| d.title_en), Some("Renamed".to_string()));
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_for_now_is_posted_pinging_only_the_chosen_role() {
    let fake = FakeDiscord::start().await;
    let (organizer, participant) = prepare_server(&fake);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let announcements = channel_named(&fake, "anuncios");
    let role = fake.role(participant).unwrap();
    let sent = fake.send_interaction(
        InteractionBuilder::slash("announce")
            .subcommand("send")
            .option_channel("channel", announcements, 0, "anuncios")
            .option_role("role", role)
            .roles(&[organizer])
            .locale("es-ES"),
    );
    let modal = fake.wait_callback(&sent.token).await;
    let modal_id = modal["data"]["custom_id"].as_str().unwrap().to_string();
    let submitted = fake.send_interaction(
        InteractionBuilder::modal_submit(
            &modal_id,
            &[("text", "AMA con mentores a las 18:00 @everyone")],
        )
        .roles(&[organizer])
        .locale("es-ES"),
    );
    let preview = fake.wait_callback(&submitted.token).await;
    let confirm = custom_ids(&preview)
        .into_iter()
        .next()
        .expect("the preview's confirm button");
    let mut message = fake
        .original_message(&submitted.token)
        .expect("preview stored");
    message.as_object_mut().map(|m| m.remove("guild_id"));

    // Someone without the organizer role cannot press it.
    let intruder = fake.send_interaction(
        InteractionBuilder::button(&confirm, message.clone())
            .user(77, "pat")
            .roles(&[participant])
            .locale("en-US"),
    );
    assert!(content(&fake.wait_callback(&intruder.token).await).contains("Only organizers"));

    let press = fake.send_interaction(
        InteractionBuilder::button(&confirm, message)
            .roles(&[organizer])
            .locale("es-ES"),
    );
    assert!(content(&fake.wait_callback(&press.token).await).contains("Programado"));
    let posted = fake
        .wait_for("the announcement", DEFAULT_WAIT, |i| {
            let msgs = i
                .state
                .messages
                .get(&announcements)
                .cloned()
                .unwrap_or_default();
            msgs.into_iter()
                .find(|m| content(m).contains("AMA con mentores"))
        })
        .await;
    assert_eq!(
        content(&posted),
        format!("<@&{participant}>\nAMA con mentores a las 18:00 @everyone")
    );
    let body = fake
        .requests_to("POST", &format!("/channels/{announcements}/messages"))
        .into_iter()
        .find(|r| {
            r.body["content"]
                .as_str()
                .is_some_and(|c| c.contains("AMA"))
        })
        .unwrap()
        .body;
    assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
    assert_eq!(
        body["allowed_mentions"]["roles"],
        serde_json::json!([participant.to_string()])
    );
    let audit = bot
        .db
        .store
        .audit_entries("somos600m-2024", 10)
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.action == "announce.schedule"));
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_participants_are_nudged_to_find_a_team_in_their_own_language() {
    let fake = FakeDiscord::start().await;
    let (organizer, participant) = prepare_server(&fake);
    let event = shipped_event();
    let mentor = fake.add_role(&event.roles.mentor, "0");
    fake.add_member(21, "paula", &[participant]);
    fake.add_member(22, "john", &[participant]);
    fake.add_member(23, "olga", &[organizer]);
    fake.add_member(24, "mateo", &[mentor, participant]);
    fake.add_member(25, "visita", &[]);
    let db = TestDb::sqlite().await;
    let id = &event.event.id;
    let t0 = chrono::DateTime::parse_from_rfc3339("2024-02-20T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    somosbot::domain::seed::seed_event(&db.store, &event)
        .await
        .unwrap();
    scheduler::seed_jobs(&db.store, &event, t0).await.unwrap();
    for (user, locale) in [
        (21, "es-ES"),
        (22, "en-US"),
        (23, "es-ES"),
        (24, "es-ES"),
        (25, "es-ES"),
    ] {
        db.store
            .touch_participant(id, user, Some(locale), t0)
            .await
            .unwrap();
    }
    let s = discord_scheduler(&fake, &db);
    let at = chrono::DateTime::parse_from_rfc3339("2024-03-15T11:59:00Z")
        .unwrap()
        .with_timezone(&Utc);
    s.tick(at).await.unwrap();
    s.tick(at + Duration::minutes(1)).await.unwrap();
    assert_eq!(fake.dms_to(21).len(), 1, "a participant is nudged");
    let english = fake.dms_to(22);
    assert_eq!(english.len(), 1);
    let spanish = content(&fake.dms_to(21)[0]);
    assert_ne!(content(&english[0]), spanish, "each in their own language");
    for staff_or_guest in [23, 24, 25] {
        assert!(
            fake.dms_to(staff_or_guest).is_empty(),
            "{staff_or_guest} is not nudged"
        );
    }
}
