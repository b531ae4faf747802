//! The bot on a server set up as the README says, against a fake that
//! refuses what Discord refuses: the bot's role holds exactly the permission
//! set `somosbot invite-url` asks for, and `@everyone` keeps `@everyone`
//! pings and thread creation to staff, as a community server does.

use serde_json::Value;
use somosbot::discord::bot_permissions::{PIN_MESSAGES, REQUIRED};

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::id_of;
use crate::support::fake_discord::state::permissions::bits;
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};
use crate::teams_kit::*;

/// What members get from `@everyone` on the server.
const EVERYONE: u64 = bits::VIEW_CHANNEL
    | bits::SEND_MESSAGES
    | bits::READ_MESSAGE_HISTORY
    | bits::ADD_REACTIONS
    | bits::ATTACH_FILES
    | bits::EMBED_LINKS
    | bits::SEND_MESSAGES_IN_THREADS
    | bits::USE_APPLICATION_COMMANDS;

/// The event's channels and roles, and staff.
struct Real {
    find_team: u64,
    log: u64,
    forum: u64,
    organizer_role: u64,
    participant_role: u64,
    organizer: (u64, String),
    mentor: (u64, String),
}

/// Every channel the event file names (projects category too when
/// `with_category`), its roles, an organizer and a mentor; the bot's role
/// holds exactly `bot_permissions`.
fn real_server(fake: &FakeDiscord, bot_permissions: u64, with_category: bool) -> Real {
    let event = shipped_event();
    let c = &event.channels;
    fake.set_role_permissions(fake.guild_id(), EVERYONE);
    fake.set_role_permissions(fake.bot_role_id(), bot_permissions);
    let find_team = fake.add_text_channel(&c.find_team, None);
    fake.add_text_channel(&c.intros, None);
    fake.add_text_channel(&c.announcements, None);
    let log = fake.add_text_channel(&c.log, None);
    if let Some(board) = &c.gpu_board {
        fake.add_text_channel(board, None);
    }
    let h = &event.help;
    let tags = [&h.tag, &h.open_tag, &h.claimed_tag, &h.resolved_tag].map(String::as_str);
    let (forum, _) = fake.add_forum(&c.help_forum, &tags);
    if with_category {
        fake.add_category(&c.projects_category);
    }
    let r = &event.roles;
    let participant_role = fake.add_role(&r.participant, "0");
    let mentor_role = fake.add_role(&r.mentor, "0");
    let organizer_role = fake.add_role(&r.organizer, "0");
    if let Some(jury) = &event.jury {
        fake.add_role(&jury.judge_role, "0");
        // The winners' honorary roles are event roles too.
        for honorary in &jury.honorary_roles {
            fake.add_role(&honorary.role, "0");
        }
    }
    fake.add_member(6001, "olga", &[organizer_role]);
    fake.add_member(6002, "mateo", &[mentor_role]);
    Real {
        find_team,
        log,
        forum,
        organizer_role,
        participant_role,
        organizer: (6001, "olga".into()),
        mentor: (6002, "mateo".into()),
    }
}

async fn start_real(bot_permissions: u64, with_category: bool) -> (FakeDiscord, Real, RunningBot) {
    let fake = FakeDiscord::start().await;
    let real = real_server(&fake, bot_permissions, with_category);
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, event_closing_in(30)).await;
    (fake, real, bot)
}

/// `/setup check` by the organizer, in English.
async fn setup_check(fake: &FakeDiscord, real: &Real) -> String {
    let sent = fake.send_interaction(
        InteractionBuilder::slash("setup")
            .subcommand("check")
            .user(real.organizer.0, &real.organizer.1)
            .roles(&[real.organizer_role])
            .locale("en-US"),
    );
    content(&answer(fake, &sent).await)
}

fn participant(fake: &FakeDiscord, real: &Real, id: u64, name: &str) -> (u64, String) {
    fake.add_member(id, name, &[real.participant_role]);
    (id, name.to_string())
}

/// The ticket of a help post; it is stored around the bot's guidance, so
/// this waits for the row itself.
async fn ticket_of(bot: &RunningBot, post: u64) -> somosbot::store::Ticket {
    let event_id = shipped_event().event.id;
    let waited = std::time::Instant::now();
    loop {
        match bot
            .db
            .store
            .ticket_by_thread(&event_id, post)
            .await
            .unwrap()
        {
            Some(ticket) => return ticket,
            None if waited.elapsed() < WAIT => {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await
            }
            None => panic!("no ticket for post {post} after {WAIT:?}"),
        }
    }
}

/// Requests Discord refused, as `METHOD path status`.
fn refusals(fake: &FakeDiscord) -> Vec<String> {
    fake.requests()
        .iter()
        .filter(|r| r.status == 403)
        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_exactly_the_readme_permissions_setup_is_green_and_a_team_is_made_whole() {
    let (fake, real, bot) = start_real(REQUIRED.bits(), true).await;
    let report = setup_check(&fake, &real).await;
    assert!(!report.contains('❌') && !report.contains('⚠'), "{report}");
    assert!(report.contains("Everything is ready"), "{report}");

    let ana = participant(&fake, &real, 5001, "ana");
    let bea = participant(&fake, &real, 5002, "bea");
    let channel = create_team(&fake, &ana, "Los Ñandúes").await;
    let role = role_id(&fake, "Los Ñandúes");
    assert!(has_role(&fake, ana.0, "Los Ñandúes"));
    assert!(fake.can_view(ana.0, channel), "the team sees its channel");
    assert!(
        fake.can_view(real.organizer.0, channel),
        "organizers see it"
    );
    assert!(fake.can_view(real.mentor.0, channel), "mentors see it");
    assert!(!fake.can_view(bea.0, channel), "other participants do not");
    let staff = bits::VIEW_CHANNEL | bits::SEND_MESSAGES;
    assert_eq!(
        fake.channel_permissions(real.mentor.0, channel) & staff,
        staff,
        "mentors can write"
    );
    let pins = fake.inspect(|i| i.state.pins(channel));
    assert_eq!(pins.len(), 1, "the welcome is pinned");
    let announced = fake.messages_in(real.find_team);
    assert!(announced.iter().any(|m| content(m).contains("Los Ñandúes")));
    assert!(refusals(&fake).is_empty(), "{:?}", refusals(&fake));
    assert_ne!(role, 0);
    fake.assert_no_unknown_routes();
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_pin_messages_the_team_is_made_the_pin_reported_and_setup_names_it() {
    let (fake, real, bot) = start_real(REQUIRED.bits() & !PIN_MESSAGES.bits(), true).await;
    let ana = participant(&fake, &real, 5001, "ana");
    let channel = create_team(&fake, &ana, "Los Ñandúes").await;
    assert!(fake.can_view(ana.0, channel));
    assert!(has_role(&fake, ana.0, "Los Ñandúes"), "the team stands");
    assert!(fake.inspect(|i| i.state.pins(channel)).is_empty());
    assert_eq!(
        fake.messages_in(channel).len(),
        1,
        "the welcome is there, unpinned"
    );
    let report = fake
        .wait_for("the pin reported to organizers", WAIT, |i| {
            messages_of(i, real.log)
                .into_iter()
                .find(|m| content(m).contains("fijar"))
        })
        .await;
    assert!(content(&report).contains("Fijar mensajes"), "{report}");
    // A second team: the same problem is not reported again.
    let bea = participant(&fake, &real, 5002, "bea");
    create_team(&fake, &bea, "Las Vicuñas").await;
    let reports = fake.messages_in(real.log);
    assert_eq!(
        reports
            .iter()
            .filter(|m| content(m).contains("fijar"))
            .count(),
        1
    );

    let check = setup_check(&fake, &real).await;
    assert!(check.contains("❌ Permission “Pin Messages”"), "{check}");
    assert!(
        check.contains("lacks Pin Messages"),
        "the category line names it: {check}"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lft_post_without_create_public_threads_is_a_clear_error_and_leaves_nothing() {
    let without = REQUIRED.bits() & !bits::CREATE_PUBLIC_THREADS;
    let (fake, real, bot) = start_real(without, true).await;
    let ana = participant(&fake, &real, 5001, "ana");
    let sent = fake.send_interaction(
        InteractionBuilder::slash("lft")
            .subcommand("post")
            .user(ana.0, &ana.1)
            .locale("en-US")
            .option("topic", "NLP en salud")
            .option("skills", "Python, PLN")
            .option("languages", "es, en")
            .option("timezone", "UTC-5"),
    );
    let reply = answer(&fake, &sent).await;
    let text = content(&reply);
    assert!(text.contains("did not let me open your thread"), "{reply}");
    assert!(text.contains("/setup check"), "{text}");
    assert!(
        fake.messages_in(real.find_team).is_empty(),
        "no orphan message"
    );
    let posts = bot
        .db
        .store
        .list_lft_posts(&shipped_event().event.id, &Default::default(), 0, 10)
        .await
        .unwrap();
    assert_eq!(posts.total, 0, "no post without its thread");
    let check = setup_check(&fake, &real).await;
    assert!(check.contains("lacks Create Public Threads"), "{check}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_makes_the_asker_a_thread_member_and_mentions_only_them() {
    let (fake, real, bot) = start_real(REQUIRED.bits(), true).await;
    let lucia = participant(&fake, &real, 5001, "lucia");
    let sent = fake.send_interaction(
        InteractionBuilder::slash("ask")
            .user(lucia.0, &lucia.1)
            .locale("es-ES"),
    );
    let modal = fake.wait_callback(&sent.token).await;
    let form = modal["data"]["custom_id"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("a form: {modal}"));
    let submit = fake.send_interaction(
        InteractionBuilder::modal_submit(
            &form,
            &[
                (
                    "title",
                    "Error 401 al subir el dataset al Hub con push_to_hub",
                ),
                (
                    "tried",
                    "Hice login con huggingface-cli y el token es de escritura.",
                ),
                ("links", ""),
            ],
        )
        .user(lucia.0, &lucia.1)
        .locale("es-ES"),
    );
    let post = fake
        .wait_for("the help post", WAIT, |i| {
            i.state
                .threads()
                .into_iter()
                .find(|t| id_of(&t["parent_id"]) == Some(real.forum))
                .and_then(|t| id_of(&t["id"]))
        })
        .await;
    fake.wait_original(&submit.token, |m| content(m).contains(&post.to_string()))
        .await;
    fake.wait_for("the asker in the thread", WAIT, |i| {
        i.state
            .thread_member_ids(post)
            .contains(&lucia.0)
            .then_some(())
    })
    .await;
    let notified: Vec<Vec<u64>> = fake
        .messages_in(post)
        .iter()
        .filter_map(|m| id_of(&m["id"]))
        .map(|m| fake.notified_by(m))
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(notified, vec![vec![lucia.0]], "one mention, of the asker");

    // A mentor who claims joins the thread too.
    let starter = fake.messages_in(post)[0].clone();
    let claim = custom_ids(&starter)[0].clone();
    let press = InteractionBuilder::button(&claim, starter.clone())
        .channel(post)
        .user(real.mentor.0, &real.mentor.1)
        .roles(&[fake
            .role_named(&shipped_event().roles.mentor)
            .map_or(0, |r| id_of(&r["id"]).unwrap_or(0))])
        .locale("es-ES");
    fake.wait_callback(&fake.send_interaction(press).token)
        .await;
    fake.wait_for("the mentor in the thread", WAIT, |i| {
        i.state
            .thread_member_ids(post)
            .contains(&real.mentor.0)
            .then_some(())
    })
    .await;
    assert!(refusals(&fake).is_empty(), "{:?}", refusals(&fake));
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_to_an_english_speaker_is_in_english_in_a_spanish_event() {
    let (fake, real, bot) = start_real(REQUIRED.bits(), true).await;
    assert_eq!(shipped_event().event.default_language.code(), "es");
    let ana = participant(&fake, &real, 5001, "ana");
    let john = participant(&fake, &real, 5002, "john");
    // John has used the bot from an English client: his locale is stored.
    say(&fake, team_cmd(&john, "list")).await;
    let captain = InteractionBuilder::slash("team")
        .subcommand("create")
        .user(ana.0, &ana.1)
        .locale("es-ES")
        .option("name", "Los Ñandúes")
        .option("topic", "Corpus de refranes");
    say(&fake, captain).await;
    let invite = say(
        &fake,
        InteractionBuilder::slash("team")
            .subcommand("invite")
            .user(ana.0, &ana.1)
            .locale("es-ES")
            .option_user(
                "person",
                user_json(john.0, &john.1),
                &[real.participant_role],
            ),
    )
    .await;
    assert!(!invite.is_empty());
    let dm = fake
        .wait_for("the invitation", WAIT, |i| {
            dms_in(i, john.0).first().cloned()
        })
        .await;
    let text = content(&dm);
    assert!(text.contains("invites you to join"), "{text}");
    assert!(!text.contains("te invita"), "{text}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_simultaneous_team_creates_make_one_category() {
    let (fake, real, bot) = start_real(REQUIRED.bits(), false).await;
    let people: Vec<(u64, String)> = (0..3)
        .map(|i| participant(&fake, &real, 5001 + i, &format!("p{i}")))
        .collect();
    // Discord answers the channel list slowly: three creators that do not
    // wait for each other would all see no category and make one each.
    fake.hold("GET", "/guilds/*/channels");
    let sent: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            fake.send_interaction(
                team_cmd(p, "create")
                    .option("name", format!("Equipo {i}"))
                    .option("topic", "Corpus"),
            )
        })
        .collect();
    let held_since = std::time::Instant::now();
    while fake.held_requests() < 3 && held_since.elapsed() < std::time::Duration::from_secs(2) {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    fake.release_holds();
    for s in &sent {
        let text = content(&answer(&fake, s).await);
        assert!(text.contains("is ready"), "{text}");
    }
    let name = shipped_event().channels.projects_category;
    let categories: Vec<Value> = fake
        .inspect(|i| i.state.guild_channels())
        .into_iter()
        .filter(|c| c["type"] == 4)
        .collect();
    assert_eq!(categories.len(), 1, "{categories:?}");
    assert_eq!(categories[0]["name"], name.as_str());
    let category = id_of(&categories[0]["id"]);
    let children = fake
        .inspect(|i| i.state.guild_channels())
        .into_iter()
        .filter(|c| id_of(&c["parent_id"]) == category)
        .count();
    assert_eq!(children, 3);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_teams_with_long_topics_all_appear_across_the_team_list_pages() {
    let db = TestDb::sqlite().await;
    let event = event_closing_in(30);
    let policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    let now = chrono::Utc::now();
    for i in 0..10u64 {
        let topic = format!("{i:02} {}", "corpus de noticias en español ".repeat(7))
            .chars()
            .take(200)
            .collect::<String>();
        somosbot::domain::team::create_team(
            &db.store,
            &policy,
            7000 + i,
            &format!("Equipo {i:02}"),
            &topic,
            None,
            now,
        )
        .await
        .unwrap();
    }
    let (fake, _server, bot) = start_on(db, event).await;
    let ana = person(&fake, 5001, "ana");
    let sent = fake.send_interaction(team_cmd(&ana, "list"));
    let mut page = answer(&fake, &sent).await;
    let mut message = fake.original_message(&sent.token).expect("the list");
    let mut seen = Vec::new();
    let pages = loop {
        let text = content(&page);
        assert!(text.chars().count() <= 2000, "{}", text.chars().count());
        assert!(!text.ends_with('…'), "nothing is cut off the end: {text}");
        let header = text.lines().next().unwrap_or_default().to_string();
        let (at, of) = header
            .rsplit_once("page ")
            .and_then(|(_, n)| n.split_once(" of "))
            .map(|(a, b)| (a.parse::<u32>().unwrap(), b.parse::<u32>().unwrap()))
            .unwrap_or_else(|| panic!("a page header: {header}"));
        seen.extend((0..10).filter(|i| text.contains(&format!("Equipo {i:02}"))));
        if at == of {
            break of;
        }
        let next = custom_ids(&message)
            .into_iter()
            .nth(1)
            .expect("a next button");
        let pressed = click(&fake, &message, &next, &ana);
        page = answer(&fake, &pressed).await;
        message = page.clone();
    };
    assert!(
        pages >= 2,
        "200-character topics do not fit ten to a message"
    );
    seen.sort();
    assert_eq!(seen, (0..10).collect::<Vec<_>>(), "every team on some page");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gpu_grant_notice_really_pings_the_teams_members() {
    use crate::support::fake_hub::{FakeHub, Reply};
    let fake = FakeDiscord::start().await;
    let real = real_server(&fake, REQUIRED.bits(), true);
    let hub = FakeHub::new();
    hub.on(
        "/api/datasets/somosnlp/corpus-0",
        Reply::json(200, r#"{"id":"somosnlp/corpus-0","private":false}"#),
    );
    let hub_url = hub.start().await;
    let bot = RunningBot::start_with_hub(
        &fake,
        TestDb::sqlite().await,
        event_closing_in(30),
        &hub_url,
    )
    .await;
    let ana = participant(&fake, &real, 5001, "ana");
    let bea = participant(&fake, &real, 5002, "bea");
    let bob = participant(&fake, &real, 5003, "bob");
    let channel = create_team(&fake, &ana, "Los Ñandúes").await;
    let dm = invite(&fake, &ana, &bea).await;
    let accept = custom_ids(&dm)
        .into_iter()
        .find(|b| b.starts_with("sb:inv-accept:"))
        .expect("an accept button");
    answer(&fake, &click(&fake, &dm, &accept, &bea)).await;
    wait_role(&fake, bea.0, "Los Ñandúes", true).await;

    let asked = say(
        &fake,
        InteractionBuilder::slash("gpu")
            .subcommand("request")
            .user(ana.0, &ana.1)
            .locale("en-US")
            .option("kind", 0)
            .option("hours", 24)
            .option(
                "dataset",
                "https://huggingface.co/datasets/somosnlp/corpus-0",
            )
            .option("tested", true),
    )
    .await;
    assert!(asked.contains("Place in line"), "{asked}");
    let granted = say(
        &fake,
        InteractionBuilder::slash("gpu")
            .subcommand("grant")
            .user(real.organizer.0, &real.organizer.1)
            .roles(&[real.organizer_role])
            .locale("en-US"),
    )
    .await;
    assert!(granted.contains("lent to **Los Ñandúes**"), "{granted}");
    let role = role_id(&fake, "Los Ñandúes");
    let notice = fake
        .wait_for("the grant notice in the team channel", WAIT, |i| {
            messages_of(i, channel)
                .into_iter()
                .find(|m| content(m).contains(&format!("<@&{role}>")))
        })
        .await;
    let notified = fake.notified_by(id_of(&notice["id"]).expect("message id"));
    assert!(
        notified.contains(&ana.0) && notified.contains(&bea.0),
        "{notified:?}"
    );
    assert!(!notified.contains(&bob.0), "{notified:?}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_simultaneous_creates_at_a_nearly_full_category_make_one_overflow() {
    let (fake, real, bot) = start_real(REQUIRED.bits(), true).await;
    let name = shipped_event().channels.projects_category;
    let category = id_of(&fake.channels_named(&name)[0]["id"]).expect("category");
    for i in 0..49 {
        fake.add_text_channel(&format!("old-{i}"), Some(category));
    }
    let people: Vec<(u64, String)> = (0..3)
        .map(|i| participant(&fake, &real, 5001 + i, &format!("p{i}")))
        .collect();
    // Discord answers the channel list slowly: three creators that do not
    // wait for each other would all see no category and make one each.
    fake.hold("GET", "/guilds/*/channels");
    let sent: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            fake.send_interaction(
                team_cmd(p, "create")
                    .option("name", format!("Equipo {i}"))
                    .option("topic", "Corpus"),
            )
        })
        .collect();
    let held_since = std::time::Instant::now();
    while fake.held_requests() < 3 && held_since.elapsed() < std::time::Duration::from_secs(2) {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    fake.release_holds();
    for s in &sent {
        let text = content(&answer(&fake, s).await);
        assert!(text.contains("is ready"), "{text}");
    }
    let channels = fake.inspect(|i| i.state.guild_channels());
    let categories: Vec<&Value> = channels.iter().filter(|c| c["type"] == 4).collect();
    let names: Vec<&str> = categories
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec![name.clone(), format!("{name} 2")],
        "one overflow"
    );
    let children = |id: Option<u64>| {
        channels
            .iter()
            .filter(|c| c.get("parent_id").and_then(id_of) == id)
            .count()
    };
    assert_eq!(children(Some(category)), 50);
    assert_eq!(children(id_of(&categories[1]["id"])), 2);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_manage_threads_a_hand_post_keeps_its_ticket_and_organizers_are_told_once() {
    let without = REQUIRED.bits() & !bits::MANAGE_THREADS;
    let (fake, real, bot) = start_real(without, true).await;
    fake.wait_request_n("GET", "/guilds/*/threads/active", 0)
        .await;
    let lucia = participant(&fake, &real, 5001, "lucia");
    let mut posts = Vec::new();
    for title in [
        "Error 401 al subir el modelo al Hub",
        "CUDA out of memory entrenando con LoRA",
    ] {
        let thread = fake.user_forum_post(real.forum, lucia.0, title, &[], "");
        fake.wait_for("the bot's guidance", WAIT, |i| {
            (!messages_of(i, thread).is_empty()).then_some(())
        })
        .await;
        posts.push(thread);
    }
    let refused = fake.requests_to("PATCH", "/channels/*");
    assert!(
        refused.iter().all(|r| r.status == 403),
        "Discord refuses the tag edits"
    );
    let told = fake
        .wait_for("the organizers told", WAIT, |i| {
            let told: Vec<String> = messages_of(i, real.log)
                .iter()
                .map(content)
                .filter(|t| t.contains("Gestionar hilos"))
                .collect();
            (told.len() == 2).then_some(told)
        })
        .await;
    for thread in &posts {
        assert_eq!(
            told.iter()
                .filter(|t| t.contains(&format!("<#{thread}>")))
                .count(),
            1,
            "once per post: {told:?}"
        );
        assert!(fake.channel(*thread).is_some(), "the post stays");
        ticket_of(&bot, *thread).await;
    }
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_ticket_really_pings_the_mentors() {
    use std::sync::Arc;

    use serenity::all::HttpBuilder;
    use somosbot::discord::outbox::DiscordOutbox;
    use somosbot::i18n::I18n;
    use somosbot::scheduler::Scheduler;
    use somosbot::store::JobStatus;

    let (fake, real, bot) = start_real(REQUIRED.bits(), true).await;
    fake.wait_request_n("GET", "/guilds/*/threads/active", 0)
        .await;
    let event = shipped_event();
    let lucia = participant(&fake, &real, 5001, "lucia");
    let tag = fake.inspect(|i| {
        i.state.channels[&real.forum]["available_tags"]
            .as_array()
            .and_then(|tags| tags.iter().find(|t| t["name"] == event.help.tag.as_str()))
            .and_then(|t| id_of(&t["id"]))
    });
    let post = fake.user_forum_post(
        real.forum,
        lucia.0,
        "CUDA out of memory al entrenar Llama 7B",
        &tag.into_iter().collect::<Vec<_>>(),
        "",
    );
    fake.wait_for("the bot's guidance", WAIT, |i| {
        (!messages_of(i, post).is_empty()).then_some(())
    })
    .await;
    let created = ticket_of(&bot, post).await;
    let http = HttpBuilder::new("fake.bot.token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let outbox = DiscordOutbox::new(
        Arc::new(http),
        Arc::new(somosbot::discord::identity::Directory::new(
            bot.db.store.clone(),
            Arc::new(event.clone()),
            Arc::new(I18n::load().expect("locales")),
            Some(fake.guild_id()),
        )),
    );
    let scheduler = Scheduler::new(
        bot.db.store.clone(),
        Arc::new(event.clone()),
        Arc::new(I18n::load().expect("locales")),
        outbox,
    );
    let mentor_role = id_of(&fake.role_named(&event.roles.mentor).unwrap()["id"]).unwrap();
    // The ping jobs are scheduled just after the guidance reply, and again
    // (from the bot's now) when it adds the post's tags. Tick each pending
    // ping job at its own due time: a tick far past a job's due time would
    // mark it missed (the grace period), which is not what this test is for.
    let prefix = format!("ticket:{}:ping", created.id);
    let deadline = std::time::Instant::now() + WAIT;
    let ping = loop {
        let due: Vec<_> = bot
            .db
            .store
            .jobs(&event.event.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|j| j.key.starts_with(&prefix) && j.status == JobStatus::Pending)
            .map(|j| j.due_at)
            .collect();
        for at in due {
            scheduler
                .tick(at + chrono::Duration::seconds(1))
                .await
                .unwrap();
        }
        let found = fake
            .messages_in(post)
            .into_iter()
            .find(|m| content(m).contains(&format!("<@&{mentor_role}>")));
        match found {
            Some(ping) => break ping,
            None if std::time::Instant::now() < deadline => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await
            }
            None => panic!(
                "the mentors were never pinged; the ticket's jobs: {:?}",
                bot.db
                    .store
                    .jobs(&event.event.id)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|j| j.key.starts_with(&prefix))
                    .map(|j| (j.key, j.due_at, j.status, j.last_error))
                    .collect::<Vec<_>>()
            ),
        }
    };
    let notified = fake.notified_by(id_of(&ping["id"]).unwrap());
    assert_eq!(
        notified,
        vec![real.mentor.0],
        "the mentor hears it, nobody else"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_another_process_stored_first_is_kept_and_ours_deleted() {
    let (fake, real, bot) = start_real(REQUIRED.bits(), false).await;
    let event = shipped_event();
    let ana = participant(&fake, &real, 5001, "ana");
    // Discord is slow to make our category; meanwhile another bot process
    // (sharing the database) makes and stores its own.
    fake.hold("POST", "/guilds/*/channels");
    let sent = fake.send_interaction(
        team_cmd(&ana, "create")
            .option("name", "Los Ñandúes")
            .option("topic", "Corpus"),
    );
    fake.wait_for("our category held", WAIT, |i| (i.held == 1).then_some(()))
        .await;
    let theirs = fake.add_category(&event.channels.projects_category);
    bot.db
        .store
        .set_discord_id(
            &event.event.id,
            fake.guild_id(),
            somosbot::store::IdKind::Channel,
            "projects_category",
            theirs,
            None,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    fake.release_holds();
    let text = content(&answer(&fake, &sent).await);
    assert!(text.contains("is ready"), "{text}");
    let channels = fake.inspect(|i| i.state.guild_channels());
    let categories: Vec<u64> = channels
        .iter()
        .filter(|c| c["type"] == 4)
        .filter_map(|c| id_of(&c["id"]))
        .collect();
    assert_eq!(categories, vec![theirs], "ours was deleted");
    let team = channels
        .iter()
        .find(|c| c["type"] == 0 && c.get("parent_id").and_then(id_of).is_some())
        .expect("the team channel");
    assert_eq!(id_of(&team["parent_id"]), Some(theirs));
    let stored = bot
        .db
        .store
        .discord_ids(&event.event.id, fake.guild_id())
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.key == "projects_category")
        .map(|s| s.id);
    assert_eq!(stored, Some(theirs));
    bot.stop().await.unwrap();
}
