//! Help tickets in the #pide-ayuda forum, end to end: /ask, posts made by
//! hand, FAQ answers, mentors claiming and resolving, pings and archives
//! driven by the scheduler's step function, and a restart in between.

use std::sync::Arc;

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use serenity::all::HttpBuilder;
use somosbot::config::{EventConfig, MentorSkill};
use somosbot::discord::outbox::DiscordOutbox;
use somosbot::i18n::I18n;
use somosbot::scheduler::Scheduler;
use somosbot::store::{NewTicket, TicketStatus};

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::id_of;
use crate::support::fake_discord::view::{content, custom_ids, is_ephemeral};
use crate::support::fake_discord::{
    Failure, FakeDiscord, Inner, InteractionBuilder, SentInteraction,
};
use crate::teams_kit::{messages_of, WAIT};

const EVENT_ID: &str = "somos600m-2024";
const TAGS: &[&str] = &[
    "hackathon",
    "abierto",
    "en curso",
    "resuelto",
    "datasets",
    "gpu",
];

/// The server: the help forum with its tags, the log channel, the roles,
/// an asker and two mentors.
struct Desk {
    forum: u64,
    tags: Vec<u64>,
    log: u64,
    mentor_role: u64,
    asker: (u64, &'static str),
    ana: (u64, &'static str),
    beto: (u64, &'static str),
}

impl Desk {
    fn tag(&self, name: &str) -> u64 {
        let i = TAGS.iter().position(|t| *t == name).expect("known tag");
        self.tags[i]
    }
}

fn prepare(fake: &FakeDiscord, tags: &[&str]) -> Desk {
    let event = shipped_event();
    let (forum, tags) = fake.add_forum(&event.channels.help_forum, tags);
    let log = fake.add_text_channel(&event.channels.log, None);
    fake.add_role(&event.roles.organizer, "0");
    fake.add_role(&event.roles.participant, "0");
    let mentor_role = fake.add_role(&event.roles.mentor, "0");
    let desk = Desk {
        forum,
        tags,
        log,
        mentor_role,
        asker: (5001, "lucia"),
        ana: (5002, "ana"),
        beto: (5003, "beto"),
    };
    fake.add_member(desk.asker.0, desk.asker.1, &[]);
    fake.add_member(desk.ana.0, desk.ana.1, &[mentor_role]);
    fake.add_member(desk.beto.0, desk.beto.1, &[mentor_role]);
    desk
}

async fn start(event: EventConfig) -> (FakeDiscord, Desk, RunningBot) {
    let fake = FakeDiscord::start().await;
    let desk = prepare(&fake, TAGS);
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, event).await;
    reconciled(&fake, 1).await;
    (fake, desk, bot)
}

/// Waits until the bot's `n`-th start has compared its tickets with Discord
/// (listing the active threads is its last look), so a test's posts do not
/// race it.
async fn reconciled(fake: &FakeDiscord, n: usize) {
    fake.wait_request_n("GET", "/guilds/*/threads/active", n - 1)
        .await;
}

fn scheduler(fake: &FakeDiscord, db: &TestDb, event: EventConfig) -> Scheduler<DiscordOutbox> {
    let http = HttpBuilder::new("fake.bot.token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let outbox = DiscordOutbox::new(
        Arc::new(http),
        Arc::new(somosbot::discord::identity::Directory::new(
            db.store.clone(),
            Arc::new(event.clone()),
            Arc::new(I18n::load().expect("locales")),
            Some(fake.guild_id()),
        )),
    );
    Scheduler::new(
        db.store.clone(),
        Arc::new(event),
        Arc::new(I18n::load().expect("locales")),
        outbox,
    )
}

/// A post made by hand by the asker, with the event tag.
fn hand_post(fake: &FakeDiscord, desk: &Desk, title: &str) -> u64 {
    fake.user_forum_post(
        desk.forum,
        desk.asker.0,
        title,
        &[desk.tag("hackathon")],
        "",
    )
}

/// Messages the bot wrote in `channel`.
fn bot_messages(i: &Inner, channel: u64) -> Vec<Value> {
    messages_of(i, channel)
        .into_iter()
        .filter(|m| {
            id_of(&m["author"]["id"]) == Some(crate::support::fake_discord::fixtures::BOT_USER_ID)
        })
        .collect()
}

/// Waits until `check` (a database read) holds.
async fn eventually<F, Fut>(mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for the database"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Waits until the bot has written `n` messages in `channel`.
async fn wait_bot_messages(fake: &FakeDiscord, channel: u64, n: usize) -> Vec<Value> {
    fake.wait_for(&format!("{n} bot messages in {channel}"), WAIT, |i| {
        let found = bot_messages(i, channel);
        (found.len() >= n).then_some(found)
    })
    .await
}

fn applied_tags(fake: &FakeDiscord, thread: u64) -> Vec<u64> {
    fake.channel(thread).expect("thread")["applied_tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(id_of)
        .collect()
}

fn archived(fake: &FakeDiscord, thread: u64) -> bool {
    fake.channel(thread).expect("thread")["thread_metadata"]["archived"] == json!(true)
}

/// A click on `custom_id` of `message` by `who` (with `roles`).
fn click(
    fake: &FakeDiscord,
    message: &Value,
    custom_id: &str,
    who: (u64, &str),
    roles: &[u64],
) -> SentInteraction {
    let channel = id_of(&message["channel_id"]).expect("channel id");
    let mut m = message.clone();
    m.as_object_mut().map(|o| o.remove("guild_id"));
    fake.send_interaction(
        InteractionBuilder::button(custom_id, m)
            .channel(channel)
            .user(who.0, who.1)
            .roles(roles)
            .locale("es-ES"),
    )
}

/// The first visible answer to an interaction (callback message, or the
/// deferred response once edited).
async fn answer(fake: &FakeDiscord, sent: &SentInteraction) -> Value {
    fake.wait_for(&format!("the answer to {}", sent.token), WAIT, |i| {
        let record = i.state.interactions.get(&sent.token)?;
        let callback = record.callbacks.first()?;
        match callback["type"].as_u64() {
            Some(4) | Some(7) | Some(9) => Some(callback.clone()),
            Some(5) => {
                let original = i.state.find_message(record.original?)?;
                (!content(&original).is_empty()).then(|| json!({ "type": 5, "data": original }))
            }
            _ => None,
        }
    })
    .await
}

/// `/command sub` by `who` (with `roles`), in `channel` if given, and its answer.
async fn run(
    fake: &FakeDiscord,
    command: &str,
    who: (u64, &str),
    roles: &[u64],
    channel: Option<u64>,
) -> Value {
    let (name, sub) = command.split_once(' ').expect("command and subcommand");
    let mut builder = InteractionBuilder::slash(name)
        .subcommand(sub)
        .user(who.0, who.1)
        .roles(roles)
        .locale("es-ES");
    if let Some(channel) = channel {
        builder = builder.channel(channel);
    }
    answer(fake, &fake.send_interaction(builder)).await
}

/// `/ask` by `who`; returns the form's custom id.
async fn open_ask(fake: &FakeDiscord, who: (u64, &str), locale: &str) -> String {
    let sent = fake.send_interaction(
        InteractionBuilder::slash("ask")
            .user(who.0, who.1)
            .locale(locale),
    );
    let modal = answer(fake, &sent).await;
    assert_eq!(modal["type"], json!(9), "{modal}");
    modal["data"]["custom_id"]
        .as_str()
        .expect("modal id")
        .to_string()
}

fn submit(
    fake: &FakeDiscord,
    custom_id: &str,
    who: (u64, &str),
    title: &str,
    tried: &str,
    links: &str,
) -> SentInteraction {
    fake.send_interaction(
        InteractionBuilder::modal_submit(
            custom_id,
            &[("title", title), ("tried", tried), ("links", links)],
        )
        .user(who.0, who.1)
        .locale("es-ES"),
    )
}

fn threads_in(fake: &FakeDiscord, forum: u64) -> Vec<Value> {
    fake.inspect(|i| {
        i.state
            .threads()
            .into_iter()
            .filter(|t| id_of(&t["parent_id"]) == Some(forum))
            .collect()
    })
}

fn thread_id_in(text: &str) -> u64 {
    let at = text.find("<#").expect("a channel mention");
    text[at + 2..]
        .split('>')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("thread id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_with_a_vague_title_is_refused_keeping_the_text_then_accepted_once() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let form = open_ask(&fake, desk.asker, "es-ES").await;
    let tried = "Ejecuto push_to_hub y devuelve 401 aunque hice login.";

    // "ayuda" says nothing: refused, with what was typed kept.
    let refusal = submit(&fake, &form, desk.asker, "ayuda", tried, "");
    let refused = answer(&fake, &refusal).await;
    assert!(is_ephemeral(&refused), "{refused}");
    assert!(content(&refused).contains("solo pide ayuda"), "{refused}");
    assert_eq!(refused["data"]["embeds"][0]["description"], json!(tried));
    assert!(threads_in(&fake, desk.forum).is_empty(), "nothing created");

    // "Edit" opens the form again with the text in it.
    let message = fake
        .original_message(&refusal.token)
        .expect("the refusal is stored");
    let edit = custom_ids(&message)[0].clone();
    let reopened = answer(&fake, &click(&fake, &message, &edit, desk.asker, &[])).await;
    assert_eq!(reopened["type"], json!(9), "{reopened}");
    let rows = reopened["data"]["components"].to_string();
    assert!(
        rows.contains("ayuda") && rows.contains("push_to_hub"),
        "{rows}"
    );
    let form = reopened["data"]["custom_id"].as_str().unwrap().to_string();

    // A descriptive title, submitted twice at once (a double click): one post.
    let title = "Error 401 al subir el dataset al Hub";
    let first = submit(
        &fake,
        &form,
        desk.asker,
        title,
        tried,
        "https://huggingface.co/datasets/somosnlp/x",
    );
    let second = submit(
        &fake,
        &form,
        desk.asker,
        title,
        tried,
        "https://huggingface.co/datasets/somosnlp/x",
    );
    let (a, b) = (
        content(&answer(&fake, &first).await),
        content(&answer(&fake, &second).await),
    );
    let created: Vec<&String> = [&a, &b]
        .into_iter()
        .filter(|t| t.contains("¡Listo!"))
        .collect();
    assert_eq!(created.len(), 1, "{a} / {b}");
    let thread = thread_id_in(created[0]);
    let posts = threads_in(&fake, desk.forum);
    assert_eq!(posts.len(), 1, "one post for a double submit");
    assert_eq!(posts[0]["name"], json!(title));
    let mut tags = applied_tags(&fake, thread);
    tags.sort();
    assert_eq!(tags, vec![desk.tag("hackathon"), desk.tag("abierto")]);
    let starter = fake.messages_in(thread)[0].clone();
    assert!(content(&starter).contains("push_to_hub"), "{starter}");
    assert!(
        custom_ids(&starter)[0].starts_with("sb:tk-claim:"),
        "{starter}"
    );
    let ticket = bot
        .db
        .store
        .ticket_by_thread(EVENT_ID, thread)
        .await
        .unwrap()
        .expect("ticket");
    assert_eq!(ticket.status, TicketStatus::Open);
    assert_eq!(ticket.author_id, desk.asker.0);
    fake.assert_no_unknown_routes();
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_made_by_hand_without_the_tag_gets_it_and_advice_on_its_title() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let thread = fake.user_forum_post(
        desk.forum,
        desk.asker.0,
        "ayuda",
        &[desk.tag("gpu")],
        "no me va",
    );
    let guidance = wait_bot_messages(&fake, thread, 1).await;
    let text = content(&guidance[0]);
    assert!(
        text.contains("He añadido la etiqueta «hackathon»"),
        "{text}"
    );
    assert!(
        text.contains("el título no deja claro el problema"),
        "{text}"
    );
    assert!(custom_ids(&guidance[0])[0].starts_with("sb:tk-claim:"));
    let tags = applied_tags(&fake, thread);
    assert_eq!(
        tags,
        vec![desk.tag("hackathon"), desk.tag("abierto"), desk.tag("gpu")]
    );
    // The title stays the author's: the bot never renames, never deletes.
    assert_eq!(fake.channel(thread).unwrap()["name"], json!("ayuda"));
    let edits = fake.requests_to("PATCH", &format!("/channels/{thread}"));
    assert_eq!(edits.len(), 1);
    assert!(edits[0].body.get("name").is_none(), "{:?}", edits[0].body);
    assert!(fake.requests_to("DELETE", "/channels/*").is_empty());
    assert!(fake
        .requests_to("DELETE", "/channels/*/messages/*")
        .is_empty());

    // A good post with the tag: welcomed, no advice, no tag note.
    let good = hand_post(&fake, &desk, "CUDA out of memory al entrenar Llama 7B");
    let text = content(&wait_bot_messages(&fake, good, 1).await[0]);
    assert!(text.contains("Tu pregunta ya está en la cola"), "{text}");
    assert!(
        !text.contains("etiqueta") && !text.contains("título"),
        "{text}"
    );
    fake.assert_no_unknown_routes();
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_faq_answers_in_the_language_of_the_post_and_solves_it() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let es = hand_post(&fake, &desk, "¿Cómo encuentro equipo si estoy sin equipo?");
    let en = hand_post(&fake, &desk, "How do I find a team for the hackathon?");
    let es_faq = wait_bot_messages(&fake, es, 2).await[1].clone();
    let en_faq = wait_bot_messages(&fake, en, 2).await[1].clone();
    assert!(
        content(&es_faq).contains("¿Cómo encuentro equipo?"),
        "{es_faq}"
    );
    assert!(content(&es_faq).contains("#encuentra-equipo"), "{es_faq}");
    assert!(
        content(&en_faq).contains("How do I find a team?"),
        "{en_faq}"
    );
    assert!(
        content(&en_faq).contains("Answer a \"looking for members\" post"),
        "{en_faq}"
    );
    assert!(content(&wait_bot_messages(&fake, en, 1).await[0])
        .contains("Your question is in the help queue"));
    let ids = custom_ids(&es_faq);
    assert!(ids[0].starts_with("sb:tk-faq-ok:") && ids[1].starts_with("sb:tk-faq-no:"));

    // Only the author may say it solved it.
    let other = answer(
        &fake,
        &click(&fake, &es_faq, &ids[0], desk.ana, &[desk.mentor_role]),
    )
    .await;
    assert!(content(&other).contains("Solo quien abrió"), "{other}");
    let solved = answer(&fake, &click(&fake, &es_faq, &ids[0], desk.asker, &[])).await;
    assert_eq!(
        solved["type"],
        json!(7),
        "the FAQ message is updated: {solved}"
    );
    assert!(content(&solved).contains("Resuelto con las preguntas frecuentes"));
    fake.wait_for("the post archived", WAIT, |i| {
        (i.state.channels[&es]["thread_metadata"]["archived"] == json!(true)).then_some(())
    })
    .await;
    assert!(applied_tags(&fake, es).contains(&desk.tag("resuelto")));
    let ticket = bot
        .db
        .store
        .ticket_by_thread(EVENT_ID, es)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ticket.status, TicketStatus::Resolved);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_mentors_claiming_at_the_same_moment_make_one_claim() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let thread = hand_post(&fake, &desk, "Error al cargar el dataset con datasets 2.18");
    let guidance = wait_bot_messages(&fake, thread, 1).await[0].clone();
    let claim = custom_ids(&guidance)[0].clone();
    // A participant cannot claim.
    let refused = answer(&fake, &click(&fake, &guidance, &claim, desk.asker, &[])).await;
    assert!(content(&refused).contains("Solo mentores"), "{refused}");

    let (sent_a, sent_b) = (
        click(&fake, &guidance, &claim, desk.ana, &[desk.mentor_role]),
        click(&fake, &guidance, &claim, desk.beto, &[desk.mentor_role]),
    );
    let (a, b) = (answer(&fake, &sent_a).await, answer(&fake, &sent_b).await);
    let public: Vec<&Value> = [&a, &b].into_iter().filter(|x| !is_ephemeral(x)).collect();
    assert_eq!(public.len(), 1, "one claim: {a} / {b}");
    let loser = if is_ephemeral(&a) { &a } else { &b };
    assert!(content(loser).contains("ya se encarga"), "{loser}");
    let ticket = bot
        .db
        .store
        .ticket_by_thread(EVENT_ID, thread)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ticket.status, TicketStatus::Claimed);
    let winner = ticket.claimed_by.unwrap();
    assert!(
        content(public[0]).contains(&format!("<@{winner}>")),
        "the post shows who took it"
    );
    fake.wait_for("the claimed tag", WAIT, |i| {
        let tags = i.state.channels[&thread]["applied_tags"].to_string();
        tags.contains(&desk.tag("en curso").to_string())
            .then_some(())
    })
    .await;
    assert!(!applied_tags(&fake, thread).contains(&desk.tag("abierto")));

    // The other mentor cannot hand it back; the one who took it can.
    let release = custom_ids(&public[0]["data"])[0].clone();
    let winning = if is_ephemeral(&a) { &sent_b } else { &sent_a };
    let claim_msg = fake
        .original_message(&winning.token)
        .expect("the claim message");
    let other = if winner == desk.ana.0 {
        desk.beto
    } else {
        desk.ana
    };
    let holder = if winner == desk.ana.0 {
        desk.ana
    } else {
        desk.beto
    };
    let no = answer(
        &fake,
        &click(&fake, &claim_msg, &release, other, &[desk.mentor_role]),
    )
    .await;
    assert!(content(&no).contains("puede devolverla"), "{no}");
    let yes = answer(
        &fake,
        &click(&fake, &claim_msg, &release, holder, &[desk.mentor_role]),
    )
    .await;
    assert!(
        content(&yes).contains("devuelto esta pregunta a la cola"),
        "{yes}"
    );
    let ticket = bot.db.store.ticket(ticket.id).await.unwrap().unwrap();
    assert_eq!(
        (ticket.status, ticket.claimed_by),
        (TicketStatus::Open, None)
    );
    bot.stop().await.unwrap();
}

fn with_gpu_mentor(mut event: EventConfig, mentor: u64) -> EventConfig {
    event.help.mentor_skills = vec![MentorSkill {
        tag: "gpu".into(),
        role: None,
        users: vec![mentor],
    }];
    event
}

/// Bot messages in `thread` that mention `mention`.
fn pings_in(fake: &FakeDiscord, thread: u64, mention: &str) -> Vec<Value> {
    fake.inspect(|i| bot_messages(i, thread))
        .into_iter()
        .filter(|m| content(m).contains(mention))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_ticket_pings_matching_mentors_then_all_and_an_answered_one_pings_no_one() {
    let fake = FakeDiscord::start().await;
    let desk = prepare(&fake, TAGS);
    let event = with_gpu_mentor(shipped_event(), 5002);
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, event.clone()).await;
    reconciled(&fake, 1).await;
    let waiting = fake.user_forum_post(
        desk.forum,
        desk.asker.0,
        "CUDA out of memory al entrenar Llama 7B",
        &[desk.tag("hackathon"), desk.tag("gpu")],
        "",
    );
    let answered = fake.user_forum_post(
        desk.forum,
        desk.asker.0,
        "La VM de 24 GB no arranca con el driver",
        &[desk.tag("hackathon"), desk.tag("gpu")],
        "",
    );
    wait_bot_messages(&fake, waiting, 1).await;
    wait_bot_messages(&fake, answered, 1).await;
    // The author writing is not an answer; a mentor writing is.
    fake.user_message(waiting, desk.asker.0, "más detalles");
    fake.user_message(answered, desk.beto.0, "¿qué driver usas?");
    let store = bot.db.store.clone();
    eventually(|| {
        let store = store.clone();
        async move {
            store
                .ticket_by_thread(EVENT_ID, answered)
                .await
                .unwrap()
                .is_some_and(|t| t.first_response_at.is_some())
        }
    })
    .await;
    let created = store
        .ticket_by_thread(EVENT_ID, waiting)
        .await
        .unwrap()
        .unwrap();
    assert!(
        created.first_response_at.is_none(),
        "the author's message is no answer"
    );
    let scheduler = scheduler(&fake, &bot.db, event);

    let mentors = format!("<@&{}>", desk.mentor_role);
    scheduler
        .tick(created.created_at + Duration::minutes(59))
        .await
        .unwrap();
    assert!(
        pings_in(&fake, waiting, "<@5002>").is_empty(),
        "not before the delay"
    );

    let report = scheduler
        .tick(created.created_at + Duration::minutes(61))
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let first = pings_in(&fake, waiting, "<@5002>");
    assert_eq!(first.len(), 1, "the gpu mentor is pinged first");
    assert!(!content(&first[0]).contains(&format!("<@&{}>", desk.mentor_role)));
    let sent = fake.requests_to("POST", &format!("/channels/{waiting}/messages"));
    assert_eq!(
        sent.last().unwrap().body["allowed_mentions"]["users"],
        json!(["5002"])
    );
    for who in ["<@5002>", mentors.as_str()] {
        assert!(
            pings_in(&fake, answered, who).is_empty(),
            "an answered ticket pings no one"
        );
    }

    scheduler
        .tick(created.created_at + Duration::minutes(181))
        .await
        .unwrap();
    let all = pings_in(&fake, waiting, &mentors);
    assert_eq!(all.len(), 1, "every mentor after the second delay");
    assert!(pings_in(&fake, answered, &mentors).is_empty());
    let ticket = store.ticket(created.id).await.unwrap().unwrap();
    assert_eq!(ticket.pings_sent, 2);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_between_creation_and_the_ping_loses_nothing_and_reconciles_deleted_posts() {
    let fake = FakeDiscord::start().await;
    let desk = prepare(&fake, TAGS);
    let event = shipped_event();
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, event.clone()).await;
    reconciled(&fake, 1).await;
    let kept = hand_post(&fake, &desk, "Error 401 al subir el modelo al Hub");
    let gone = hand_post(&fake, &desk, "El tokenizer corta las tildes del corpus");
    let closed = hand_post(&fake, &desk, "Cómo cito el dataset en la model card");
    for t in [kept, gone, closed] {
        wait_bot_messages(&fake, t, 1).await;
    }
    let db = bot.stop_keeping_db().await;

    // While the bot is away: one post deleted, one archived by hand, one new.
    fake.with_state(|s| {
        s.delete_channel(gone).unwrap();
        s.modify_channel(closed, &json!({ "archived": true }))
            .unwrap();
    });
    let unseen = fake.with_state(|s| {
        let body = json!({ "name": "No puedo entrar a la VM asignada", "applied_tags": [], "message": { "content": "" } });
        let thread = s.create_thread(desk.forum, &body).unwrap();
        let id = id_of(&thread["id"]).unwrap();
        s.channels.get_mut(&id).unwrap()["owner_id"] = json!(desk.asker.0.to_string());
        s.messages.get_mut(&id).unwrap()[0]["author"] = s.users[&desk.asker.0].clone();
        id
    });
    let logged_before = fake.messages_in(desk.log).len();

    let bot = RunningBot::start_with(&fake, db, event.clone()).await;
    reconciled(&fake, 2).await;
    let report = fake
        .wait_for("the reconcile report", WAIT, |i| {
            messages_of(i, desk.log)
                .into_iter()
                .skip(logged_before)
                .map(|m| content(&m))
                .find(|t| t.contains("tras reiniciar"))
        })
        .await;
    assert!(
        report.contains("1 publicaciones borradas, 1 archivadas a mano, 1 nuevas"),
        "{report}"
    );
    let store = &bot.db.store;
    assert!(store
        .ticket_by_thread(EVENT_ID, gone)
        .await
        .unwrap()
        .unwrap()
        .deleted_at
        .is_some());
    assert_eq!(
        store
            .ticket_by_thread(EVENT_ID, closed)
            .await
            .unwrap()
            .unwrap()
            .status,
        TicketStatus::Resolved
    );
    assert!(content(&wait_bot_messages(&fake, unseen, 1).await[0]).contains("He añadido"));

    // The ping scheduled before the restart fires, only for the live post.
    let created = store
        .ticket_by_thread(EVENT_ID, kept)
        .await
        .unwrap()
        .unwrap()
        .created_at;
    let report = scheduler(&fake, &bot.db, event)
        .tick(created + Duration::minutes(61))
        .await
        .unwrap();
    let mentors = format!("<@&{}>", desk.mentor_role);
    assert_eq!(pings_in(&fake, kept, &mentors).len(), 1, "{report:?}");
    assert!(pings_in(&fake, closed, &mentors).is_empty());
    assert!(
        report.skipped >= 2,
        "deleted and resolved posts ping no one: {report:?}"
    );
    fake.assert_no_unknown_routes();
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resolved_post_is_archived_rated_and_archived_again_once_quiet() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let thread = hand_post(&fake, &desk, "Error 401 al subir el modelo al Hub");
    wait_bot_messages(&fake, thread, 1).await;
    // A participant who did not ask cannot resolve it.
    fake.add_member(5009, "otro", &[]);
    let no = run(&fake, "ticket resolve", (5009, "otro"), &[], Some(thread)).await;
    assert!(content(&no).contains("Solo mentores"), "{no}");

    fake.user_message(thread, desk.ana.0, "Prueba con huggingface-cli login");
    // The mentor's answer is recorded before the resolution, which rates it.
    let answered = bot.db.store.clone();
    eventually(|| {
        let store = answered.clone();
        async move {
            store
                .ticket_by_thread(EVENT_ID, thread)
                .await
                .unwrap()
                .is_some_and(|t| t.first_response_at.is_some())
        }
    })
    .await;
    let resolved = run(
        &fake,
        "ticket resolve",
        desk.ana,
        &[desk.mentor_role],
        Some(thread),
    )
    .await;
    let text = content(&resolved);
    assert!(
        text.contains("Resuelta por <@5002>") && text.contains("<@5001>"),
        "{text}"
    );
    fake.wait_for("the post archived", WAIT, |i| {
        (i.state.channels[&thread]["thread_metadata"]["archived"] == json!(true)).then_some(())
    })
    .await;
    assert!(applied_tags(&fake, thread).contains(&desk.tag("resuelto")));

    // The author rates the help.
    let rate = fake
        .wait_for("the rating prompt", WAIT, |i| {
            bot_messages(i, thread)
                .into_iter()
                .find(|m| custom_ids(m).iter().any(|b| b.starts_with("sb:tk-rate:")))
        })
        .await;
    let five = custom_ids(&rate)
        .into_iter()
        .find(|b| b.ends_with(":5"))
        .unwrap();
    let thanks = answer(&fake, &click(&fake, &rate, &five, desk.asker, &[])).await;
    assert!(content(&thanks).contains("5/5"), "{thanks}");
    let ticket = bot
        .db
        .store
        .ticket_by_thread(EVENT_ID, thread)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ticket.rating, Some(5));

    // Someone writes in it: Discord reopens it; once quiet it is archived again.
    fake.user_message(thread, desk.asker.0, "¡gracias!");
    assert!(!archived(&fake, thread));
    let store = bot.db.store.clone();
    let before = ticket.last_activity_at;
    eventually(|| {
        let store = store.clone();
        async move {
            store
                .ticket(ticket.id)
                .await
                .unwrap()
                .unwrap()
                .last_activity_at
                > before
        }
    })
    .await;
    let quiet_from = store
        .ticket(ticket.id)
        .await
        .unwrap()
        .unwrap()
        .last_activity_at;
    let scheduler = scheduler(&fake, &bot.db, shipped_event());
    scheduler
        .tick(quiet_from + Duration::hours(47))
        .await
        .unwrap();
    assert!(!archived(&fake, thread), "not while the post is recent");
    let report = scheduler
        .tick(quiet_from + Duration::hours(48) + Duration::minutes(1))
        .await
        .unwrap();
    assert!(archived(&fake, thread), "{report:?}");

    // Reopened: back in the queue, unarchived, open tag.
    let reopened = run(&fake, "ticket reopen", desk.asker, &[], Some(thread)).await;
    assert!(content(&reopened).contains("ha reabierto"), "{reopened}");
    assert!(!archived(&fake, thread));
    assert!(applied_tags(&fake, thread).contains(&desk.tag("abierto")));
    fake.assert_no_unknown_routes();
    bot.stop().await.unwrap();
}

/// Seeds a ticket answered `answer_min` minutes after creation by `mentor`.
async fn seed(
    store: &somosbot::store::Store,
    thread: u64,
    answer_min: Option<i64>,
    mentor: u64,
    rating: Option<u8>,
) {
    let at = Utc::now() - Duration::days(1);
    let (t, _) = store
        .create_ticket(&NewTicket {
            event_id: EVENT_ID,
            thread_id: Some(thread),
            author_id: 9000,
            title: "Una pregunta con un título suficiente",
            request_key: None,
            lang: Some("es"),
            now: at,
        })
        .await
        .unwrap();
    if let Some(m) = answer_min {
        store
            .record_ticket_reply(t.id, mentor, at + Duration::minutes(m))
            .await
            .unwrap();
    }
    if let Some(r) = rating {
        store
            .set_ticket_status(t.id, TicketStatus::Resolved, at)
            .await
            .unwrap();
        assert!(matches!(
            store.rate_ticket(t.id, 9000, r).await.unwrap(),
            somosbot::store::RateOutcome::Rated { .. }
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_and_queue_are_computed_on_a_seeded_history() {
    // Seeded before the bot starts, so its comparison with Discord at start
    // does not race the seeding (the posts exist in the forum, tagged).
    let fake = FakeDiscord::start().await;
    let desk = prepare(&fake, TAGS);
    let db = TestDb::sqlite().await;
    let store = &db.store;
    // First answers after 5, 10, 20, 30 and 90 minutes; one unanswered.
    let mut unanswered = 0;
    for (thread, minutes, mentor, rating) in [
        (1, Some(5), 5002, Some(5)),
        (2, Some(10), 5002, Some(4)),
        (3, Some(20), 5003, None),
        (4, Some(30), 5002, Some(3)),
        (5, Some(90), 5003, None),
        (6, None, 0, None),
    ] {
        let post = fake.with_state(|s| {
            let status = if rating.is_some() {
                "resuelto"
            } else {
                "abierto"
            };
            let tags = [desk.tag("hackathon"), desk.tag(status)].map(|t| t.to_string());
            let body = json!({ "name": format!("Pregunta {thread}"), "applied_tags": tags });
            let post = s.create_thread(desk.forum, &body).unwrap();
            id_of(&post["id"]).unwrap()
        });
        seed(store, post, minutes, mentor, rating).await;
        if thread == 6 {
            unanswered = post;
        }
    }
    let bot = RunningBot::start_with(&fake, db, shipped_event()).await;
    reconciled(&fake, 1).await;
    let stats = run(&fake, "tickets stats", desk.ana, &[desk.mentor_role], None).await;
    let text = content(&stats);
    assert!(text.contains("Total: 6"), "{text}");
    assert!(
        text.contains("Con respuesta: 5 · sin respuesta: 1"),
        "{text}"
    );
    assert!(text.contains("mediana 20 min, p90 1 h 30 min"), "{text}");
    assert!(text.contains("<@5002>: 3 · 0 · 0"), "{text}");
    assert!(text.contains("<@5003>: 2 · 0 · 0"), "{text}");
    assert!(text.contains("Valoraciones**: 3, media 4.0"), "{text}");

    let queue = run(&fake, "tickets queue", desk.ana, &[desk.mentor_role], None).await;
    let text = content(&queue);
    assert!(
        text.contains("Preguntas sin respuesta: 1") && text.contains(&format!("<#{unanswered}>")),
        "{text}"
    );

    // Participants see neither.
    let refused = run(&fake, "tickets stats", desk.asker, &[], None).await;
    assert!(content(&refused).contains("Solo mentores"), "{refused}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forum_without_the_event_tag_is_a_clear_error_to_organizers_not_a_crash() {
    let fake = FakeDiscord::start().await;
    let desk = prepare(&fake, &["abierto", "en curso", "resuelto"]);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    reconciled(&fake, 1).await;
    let form = open_ask(&fake, desk.asker, "es-ES").await;
    let refused = answer(
        &fake,
        &submit(
            &fake,
            &form,
            desk.asker,
            "Error 401 al subir el dataset al Hub",
            "login hecho",
            "",
        ),
    )
    .await;
    assert!(
        content(&refused).contains("El foro de ayuda no está preparado"),
        "{refused}"
    );
    assert!(threads_in(&fake, desk.forum).is_empty());
    let report = fake
        .wait_for("the organizers told", WAIT, |i| {
            messages_of(i, desk.log)
                .into_iter()
                .map(|m| content(&m))
                .find(|t| t.contains("no tiene la etiqueta «hackathon»"))
        })
        .await;
    assert!(report.contains("#pide-ayuda"), "{report}");

    // A post made by hand is still welcomed, and the bot keeps working.
    let thread = fake.user_forum_post(
        desk.forum,
        desk.asker.0,
        "Error 401 al subir el modelo",
        &[],
        "",
    );
    wait_bot_messages(&fake, thread, 1).await;
    let queue = run(&fake, "tickets queue", desk.ana, &[desk.mentor_role], None).await;
    assert!(
        content(&queue).contains("Preguntas sin respuesta: 1"),
        "{queue}"
    );
    let reports = fake
        .messages_in(desk.log)
        .iter()
        .filter(|m| content(m).contains("«hackathon»"))
        .count();
    assert_eq!(reports, 1, "told once, not per post");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_tag_edit_asks_the_author_tells_organizers_and_is_fixed_after_a_restart() {
    let fake = FakeDiscord::start().await;
    let desk = prepare(&fake, TAGS);
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, shipped_event()).await;
    reconciled(&fake, 1).await;
    // The bot lost "Manage Threads" in the forum: its tag edit is refused.
    fake.fail_next("PATCH", "/channels/*", 1, Failure::missing_permissions());
    let thread = fake.user_forum_post(
        desk.forum,
        desk.asker.0,
        "Error 401 al subir el modelo al Hub",
        &[],
        "",
    );
    let text = content(&wait_bot_messages(&fake, thread, 1).await[0]);
    assert!(text.contains("Falta la etiqueta «hackathon»"), "{text}");
    let told = fake
        .wait_for("the organizers told", WAIT, |i| {
            messages_of(i, desk.log)
                .into_iter()
                .map(|m| content(&m))
                .find(|t| t.contains("Gestionar hilos"))
        })
        .await;
    assert!(told.contains(&format!("<#{thread}>")), "{told}");
    assert!(
        applied_tags(&fake, thread).is_empty(),
        "Discord refused the edit"
    );
    let ticket = bot
        .db
        .store
        .ticket_by_thread(EVENT_ID, thread)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ticket.status, TicketStatus::Open, "the ticket stands");

    // Permission back, bot restarted: the tags are put right.
    let db = bot.stop_keeping_db().await;
    let bot = RunningBot::start_with(&fake, db, shipped_event()).await;
    reconciled(&fake, 2).await;
    fake.wait_for("the tags fixed", WAIT, |i| {
        let tags = i.state.channels[&thread]["applied_tags"].to_string();
        (tags.contains(&desk.tag("hackathon").to_string())
            && tags.contains(&desk.tag("abierto").to_string()))
        .then_some(())
    })
    .await;
    let report = fake
        .wait_for("the reconcile report", WAIT, |i| {
            messages_of(i, desk.log)
                .into_iter()
                .map(|m| content(&m))
                .find(|t| t.contains("tras reiniciar"))
        })
        .await;
    assert!(report.contains("1 con etiquetas corregidas"), "{report}");
    bot.stop().await.unwrap();
}

/// The ticket of `thread` as stored now.
async fn ticket_of(bot: &RunningBot, thread: u64) -> somosbot::store::Ticket {
    bot.db
        .store
        .ticket_by_thread(EVENT_ID, thread)
        .await
        .unwrap()
        .expect("a ticket")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participants_message_does_not_answer_a_ticket_a_mentors_does() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let thread = hand_post(&fake, &desk, "Error 401 al subir el modelo al Hub");
    wait_bot_messages(&fake, thread, 1).await;
    let created = ticket_of(&bot, thread).await;
    let mentor_roles = [desk.mentor_role];
    let stats = || run(&fake, "tickets stats", desk.ana, &mentor_roles, None);
    let before = content(&stats().await);

    // Another participant chimes in: activity, not an answer.
    fake.add_member(5009, "otro", &[]);
    fake.user_message(thread, 5009, "a mí también me pasa");
    let store = bot.db.store.clone();
    eventually(|| {
        let store = store.clone();
        async move {
            store
                .ticket(created.id)
                .await
                .unwrap()
                .unwrap()
                .last_activity_at
                > created.last_activity_at
        }
    })
    .await;
    let seen = ticket_of(&bot, thread).await;
    assert_eq!(
        (seen.first_response_at, seen.first_responder_id),
        (None, None)
    );
    assert_eq!(content(&stats().await), before, "the stats are unchanged");
    let queue = run(&fake, "tickets queue", desk.ana, &[desk.mentor_role], None).await;
    assert!(content(&queue).contains(&format!("<#{thread}>")), "{queue}");

    // A mentor's message is the first answer.
    fake.user_message(thread, desk.beto.0, "¿Qué token usas?");
    eventually(|| {
        let store = store.clone();
        async move {
            store
                .ticket(created.id)
                .await
                .unwrap()
                .unwrap()
                .first_response_at
                .is_some()
        }
    })
    .await;
    assert_eq!(
        ticket_of(&bot, thread).await.first_responder_id,
        Some(desk.beto.0)
    );
    let after = content(&stats().await);
    assert_ne!(after, before);
    assert!(after.contains("<@5003>"), "{after}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_author_closing_after_a_mentor_helped_rates_that_mentor_once() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let thread = hand_post(&fake, &desk, "Error 401 al subir el modelo al Hub");
    wait_bot_messages(&fake, thread, 1).await;
    fake.user_message(thread, desk.beto.0, "Prueba con huggingface-cli login");
    let store = bot.db.store.clone();
    eventually(|| {
        let store = store.clone();
        async move {
            store
                .ticket_by_thread(EVENT_ID, thread)
                .await
                .unwrap()
                .is_some_and(|t| t.first_response_at.is_some())
        }
    })
    .await;

    // The author closes it: they are asked to rate the mentor who helped.
    let resolved = run(&fake, "ticket resolve", desk.asker, &[], Some(thread)).await;
    let text = content(&resolved);
    assert!(
        text.contains("Resuelta por <@5001>") && text.contains("la ayuda de <@5003>"),
        "{text}"
    );
    let rate = fake
        .wait_for("the rating prompt", WAIT, |i| {
            bot_messages(i, thread)
                .into_iter()
                .find(|m| custom_ids(m).iter().any(|b| b.starts_with("sb:tk-rate:")))
        })
        .await;
    let button = |n: &str| {
        custom_ids(&rate)
            .into_iter()
            .find(|b| b.ends_with(n))
            .expect("a rating button")
    };
    // The mentor cannot rate their own help.
    let own = answer(
        &fake,
        &click(&fake, &rate, &button(":5"), desk.beto, &[desk.mentor_role]),
    )
    .await;
    assert!(content(&own).contains("Solo quien abrió"), "{own}");
    let thanks = answer(&fake, &click(&fake, &rate, &button(":4"), desk.asker, &[])).await;
    assert!(
        content(&thanks).contains("4/5") && content(&thanks).contains("<@5003>"),
        "{thanks}"
    );
    let again = answer(&fake, &click(&fake, &rate, &button(":1"), desk.asker, &[])).await;
    assert!(content(&again).contains("Ya puntuaste"), "{again}");
    let ticket = ticket_of(&bot, thread).await;
    assert_eq!(ticket.rating, Some(4));
    assert_eq!(ticket.rated_mentor_id, Some(desk.beto.0));
    // The rating counts for that mentor in the stats.
    let stats = run(&fake, "tickets stats", desk.ana, &[desk.mentor_role], None).await;
    assert!(
        content(&stats).contains("<@5003>: 1 · 0 · 0 · 4.0★ (1)"),
        "{stats}"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resolving_cancels_the_pings_and_reopening_does_not_stack_them() {
    let event = shipped_event();
    let (fake, desk, bot) = start(event.clone()).await;
    let thread = hand_post(&fake, &desk, "El tokenizer corta las tildes del corpus");
    wait_bot_messages(&fake, thread, 1).await;
    let t = ticket_of(&bot, thread).await;
    let pending_pings = || {
        let store = bot.db.store.clone();
        async move {
            store
                .jobs(EVENT_ID)
                .await
                .unwrap()
                .into_iter()
                .filter(|j| {
                    j.key.starts_with(&format!("ticket:{}:ping", t.id))
                        && j.status == somosbot::store::JobStatus::Pending
                })
                .count()
        }
    };
    // Scheduled right after the guidance message.
    eventually(|| async { pending_pings().await == 1 }).await;
    // Resolving answers first, then closes the post: wait for it, as a
    // person would, before reopening.
    let resolve = || async {
        run(&fake, "ticket resolve", desk.asker, &[], Some(thread)).await;
        fake.wait_for("the post closed", WAIT, |i| {
            let post = &i.state.channels[&thread];
            (post["thread_metadata"]["archived"] == json!(true)).then(|| post.clone())
        })
        .await
    };
    resolve().await;
    assert_eq!(pending_pings().await, 0, "resolving cancels it");
    for _ in 0..2 {
        let reopened = run(&fake, "ticket reopen", desk.asker, &[], Some(thread)).await;
        assert!(content(&reopened).contains("ha reabierto"), "{reopened}");
        assert_eq!(pending_pings().await, 1, "one chain after reopening");
        resolve().await;
    }
    let reopened = run(&fake, "ticket reopen", desk.asker, &[], Some(thread)).await;
    assert!(content(&reopened).contains("ha reabierto"), "{reopened}");
    assert_eq!(pending_pings().await, 1);
    assert!(!archived(&fake, thread));
    // The bot's own close, delivered late (after the reopening), is not
    // taken for the author closing the post.
    let closed = resolve().await;
    let reopened = run(&fake, "ticket reopen", desk.asker, &[], Some(thread)).await;
    assert!(content(&reopened).contains("ha reabierto"), "{reopened}");
    assert_eq!(
        ticket_of(&bot, thread).await.status,
        TicketStatus::Open,
        "reopened"
    );
    fake.send_dispatch("THREAD_UPDATE", closed);
    let later = fake.send_interaction(
        InteractionBuilder::slash("tickets")
            .subcommand("queue")
            .user(desk.ana.0, desk.ana.1)
            .roles(&[desk.mentor_role])
            .locale("es-ES"),
    );
    answer(&fake, &later).await;
    assert_eq!(ticket_of(&bot, thread).await.status, TicketStatus::Open);
    assert_eq!(pending_pings().await, 1);

    let mentors = format!("<@&{}>", desk.mentor_role);
    // Past the first delay after the last reopening: one ping, not one per
    // reopening.
    let report = scheduler(&fake, &bot.db, event)
        .tick(Utc::now() + Duration::minutes(61))
        .await
        .unwrap();
    assert_eq!(pings_in(&fake, thread, &mentors).len(), 1, "{report:?}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_posts_over_the_authors_cap_are_answered_not_ticketed() {
    let mut event = shipped_event();
    event.limits.open_help_posts_per_author = 1;
    let (fake, desk, bot) = start(event.clone()).await;
    let first = hand_post(&fake, &desk, "Error 401 al subir el modelo al Hub");
    wait_bot_messages(&fake, first, 1).await;

    // A second post by hand stays, gets an explanation, and is no ticket.
    let second = hand_post(&fake, &desk, "El tokenizer corta las tildes del corpus");
    let note = wait_bot_messages(&fake, second, 1).await;
    let text = content(&note[0]);
    assert!(
        text.contains("Ya tienes 1 preguntas") && text.contains(&format!("<#{first}>")),
        "{text}"
    );
    assert!(
        custom_ids(&note[0]).is_empty(),
        "no claim button: {}",
        note[0]
    );
    assert!(fake.channel(second).is_some(), "the post is not deleted");
    assert!(bot
        .db
        .store
        .ticket_by_thread(EVENT_ID, second)
        .await
        .unwrap()
        .is_none());
    assert!(!applied_tags(&fake, second).contains(&desk.tag("abierto")));

    // A restart finds the post again: it is not answered twice. (Another
    // person's post deleted meanwhile makes the comparison report, which
    // comes after every post was looked at.)
    fake.add_member(5009, "otro", &[]);
    let other = fake.user_forum_post(
        desk.forum,
        5009,
        "La VM de 24 GB no arranca con el driver",
        &[desk.tag("hackathon")],
        "",
    );
    wait_bot_messages(&fake, other, 1).await;
    let db = bot.stop_keeping_db().await;
    fake.with_state(|s| {
        s.delete_channel(other).unwrap();
    });
    let bot = RunningBot::start_with(&fake, db, event).await;
    reconciled(&fake, 2).await;
    let log = desk.log;
    fake.wait_for("the comparison report", WAIT, |i| {
        messages_of(i, log)
            .into_iter()
            .find(|m| content(m).contains("tras reiniciar"))
    })
    .await;
    assert_eq!(fake.inspect(|i| bot_messages(i, second)).len(), 1);
    assert!(bot
        .db
        .store
        .ticket_by_thread(EVENT_ID, second)
        .await
        .unwrap()
        .is_none());

    // /ask says the same and makes no post.
    let form = open_ask(&fake, desk.asker, "es-ES").await;
    let sent = submit(
        &fake,
        &form,
        desk.asker,
        "CUDA out of memory al entrenar Llama 7B",
        "Bajé el batch a 1",
        "",
    );
    let refused = answer(&fake, &sent).await;
    assert!(
        content(&refused).contains("Ya tienes 1 preguntas"),
        "{refused}"
    );
    assert_eq!(threads_in(&fake, desk.forum).len(), 2);

    // Once the first is resolved, the author may ask again.
    run(&fake, "ticket resolve", desk.asker, &[], Some(first)).await;
    let form = open_ask(&fake, desk.asker, "es-ES").await;
    let sent = submit(
        &fake,
        &form,
        desk.asker,
        "CUDA out of memory al entrenar Llama 7B",
        "Bajé el batch a 1",
        "",
    );
    let made = answer(&fake, &sent).await;
    assert!(!content(&made).contains("Ya tienes"), "{made}");
    assert_eq!(threads_in(&fake, desk.forum).len(), 3);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_closed_by_hand_after_a_mentor_helped_asks_its_author_to_rate() {
    let (fake, desk, bot) = start(shipped_event()).await;
    let thread = hand_post(&fake, &desk, "Error 401 al subir el modelo al Hub");
    wait_bot_messages(&fake, thread, 1).await;
    fake.user_message(thread, desk.ana.0, "Prueba con huggingface-cli login");
    let store = bot.db.store.clone();
    eventually(|| {
        let store = store.clone();
        async move {
            store
                .ticket_by_thread(EVENT_ID, thread)
                .await
                .unwrap()
                .is_some_and(|t| t.first_response_at.is_some())
        }
    })
    .await;

    // "Close post" in Discord archives the thread.
    fake.user_archives_thread(thread);
    let rate = fake
        .wait_for("the rating prompt", WAIT, |i| {
            bot_messages(i, thread)
                .into_iter()
                .find(|m| custom_ids(m).iter().any(|b| b.starts_with("sb:tk-rate:")))
        })
        .await;
    assert!(
        content(&rate).contains("<@5001>") && content(&rate).contains("<@5002>"),
        "{rate}"
    );
    // Closed again, with the resolved tag.
    fake.wait_for("the post archived again", WAIT, |i| {
        (i.state.channels[&thread]["thread_metadata"]["archived"] == json!(true)).then_some(())
    })
    .await;
    assert!(applied_tags(&fake, thread).contains(&desk.tag("resuelto")));
    let five = custom_ids(&rate)
        .into_iter()
        .find(|b| b.ends_with(":5"))
        .unwrap();
    let thanks = answer(&fake, &click(&fake, &rate, &five, desk.asker, &[])).await;
    assert!(content(&thanks).contains("5/5"), "{thanks}");
    assert_eq!(ticket_of(&bot, thread).await.rating, Some(5));

    // A post closed by hand that nobody answered asks for no rating.
    let lonely = hand_post(&fake, &desk, "El tokenizer corta las tildes del corpus");
    wait_bot_messages(&fake, lonely, 1).await;
    fake.user_archives_thread(lonely);
    eventually(|| {
        let store = store.clone();
        async move {
            store
                .ticket_by_thread(EVENT_ID, lonely)
                .await
                .unwrap()
                .is_some_and(|t| t.status == TicketStatus::Resolved)
        }
    })
    .await;
    assert!(fake
        .inspect(|i| bot_messages(i, lonely))
        .iter()
        .all(|m| !custom_ids(m).iter().any(|b| b.starts_with("sb:tk-rate:"))));
    bot.stop().await.unwrap();
}
