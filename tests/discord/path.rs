//! `/path`, `/paths overview` and the welcome: the real bot against the fake
//! Discord and a local fake Hub.

use std::time::Duration;

use serde_json::Value;
use somosbot::config::EventConfig;

use crate::support::bot::RunningBot;
use crate::support::db::TestDb;
use crate::support::fake_discord::view::{content, custom_ids};
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};
use crate::support::fake_hub::{noticia_dataset, FakeHub, Reply};
use crate::teams_kit::{answer, event_closing_in, person, prepare, say};

const ANA: u64 = 6001;

fn path_cmd(user: u64, locale: &str) -> InteractionBuilder {
    InteractionBuilder::slash("path")
        .user(user, "ana")
        .locale(locale)
}

/// The rows of a path answer: `(icon, title)` per numbered line.
fn rows(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let (icon, rest) = l.split_once(' ')?;
            let (n, title) = rest.split_once(". ")?;
            n.parse::<u32>().ok()?;
            Some((icon.to_string(), title.to_string()))
        })
        .collect()
}

fn icon_of(text: &str, title_start: &str) -> String {
    rows(text)
        .into_iter()
        .find(|(_, t)| t.starts_with(title_start))
        .unwrap_or_else(|| panic!("no row {title_start} in {text}"))
        .0
}

struct Scene {
    fake: FakeDiscord,
    bot: RunningBot,
    hub: FakeHub,
    hub_base: String,
    intros: u64,
    organizer_role: u64,
}

/// `/team create NoticIA` by `who`.
async fn create_noticia(s: &Scene, who: &(u64, String), locale: &str) -> String {
    say(
        &s.fake,
        InteractionBuilder::slash("team")
            .subcommand("create")
            .option("name", "NoticIA")
            .option("topic", "Titulares clickbait")
            .user(who.0, &who.1)
            .locale(locale),
    )
    .await
}

async fn scene(hub: FakeHub, event: EventConfig) -> Scene {
    let fake = FakeDiscord::start().await;
    let server = prepare(&fake);
    let intros = fake.add_text_channel(&event.channels.intros, None);
    let hub_url = hub.start().await;
    let bot = RunningBot::start_with_hub(&fake, TestDb::sqlite().await, event, &hub_url).await;
    Scene {
        fake,
        bot,
        hub,
        hub_base: hub_url,
        intros,
        organizer_role: server.organizer_role,
    }
}

/// The final text of `/path` by `user`.
async fn path_text(s: &Scene, user: u64, locale: &str) -> String {
    path_text_as(s, path_cmd(user, locale)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_participant_sees_every_step_open_then_their_progress() {
    let hub = FakeHub::new();
    // The organization lists no dataset at first, then the team's.
    hub.on("/api/datasets", Reply::json(200, "[]"));
    hub.on(
        "/api/datasets",
        Reply::json(200, r#"[{"id":"somosnlp/NoticIA-it","likes":0}]"#),
    );
    noticia_dataset(&hub);
    let s = scene(hub, event_closing_in(30)).await;
    let ana = person(&s.fake, ANA, "ana");

    // Nothing done yet: every step open, the first one next, no Hub call.
    let text = say(&s.fake, path_cmd(ANA, "es-ES")).await;
    let r = rows(&text);
    assert_eq!(r.len(), 10, "{text}");
    assert!(r.iter().all(|(icon, _)| icon != "✅"), "{text}");
    assert_eq!(icon_of(&text, "Entra al servidor"), "❌");
    assert_eq!(
        icon_of(&text, "Inscríbete"),
        "⏳",
        "an outside form is unknown"
    );
    assert!(
        text.contains("**Siguiente paso:** Entra al servidor y preséntate"),
        "{text}"
    );
    assert!(
        text.contains("<t:"),
        "the next date as a Discord timestamp: {text}"
    );
    assert!(s.hub.seen().is_empty(), "{:?}", s.hub.seen());

    // She introduces herself, links her Hub username and creates a team.
    s.fake.user_message(s.intros, ANA, "¡Hola! Soy Ana.");
    let event_id = crate::support::bot::shipped_event().event.id;
    for _ in 0..100 {
        let p = s.bot.db.store.participant(&event_id, ANA).await.unwrap();
        if p.is_some_and(|p| p.introduced_at.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    say(
        &s.fake,
        InteractionBuilder::slash("hf")
            .subcommand("link")
            .option("username", "ana-hf")
            .user(ANA, "ana")
            .locale("es-ES"),
    )
    .await;
    let created = create_noticia(&s, &ana, "es-ES").await;
    assert!(created.contains("NoticIA"), "{created}");

    // The Hub is asked (no dataset listed yet): the dataset is missing.
    // Her username is on the organization's member list (second page).
    s.hub.on(
        "/api/organizations/somosnlp/members",
        Reply::json(200, r#"[{"user":"otra"}]"#).header(
            "Link",
            &format!(
                "<{}/api/organizations/somosnlp/members?cursor=2>; rel=\"next\"",
                s.hub_base
            ),
        ),
    );
    s.hub.on(
        "/api/organizations/somosnlp/members?cursor=2",
        Reply::json(200, r#"[{"user":"Ana-HF"}]"#),
    );
    let text = path_text(&s, ANA, "es-ES").await;
    assert_eq!(icon_of(&text, "Entra al servidor"), "✅", "{text}");
    assert_eq!(icon_of(&text, "Cuenta de Hugging Face"), "✅", "{text}");
    assert!(text.contains("vinculado como `ana-hf`"), "{text}");
    assert_eq!(icon_of(&text, "Forma o únete"), "✅", "{text}");
    assert_eq!(icon_of(&text, "Crea el corpus"), "❌", "{text}");
    assert!(
        text.contains("**Siguiente paso:** Crea el corpus"),
        "{text}"
    );

    // The dataset appears; the stored answer is recent, so /path does not
    // ask again, and the button does.
    let asked = s.hub.count("/api/datasets?author=somosnlp&limit=1000");
    let sent = s.fake.send_interaction(path_cmd(ANA, "es-ES"));
    let again = answer(&s.fake, &sent).await;
    assert_eq!(icon_of(&content(&again), "Crea el corpus"), "❌");
    assert_eq!(
        s.hub.count("/api/datasets?author=somosnlp&limit=1000"),
        asked
    );
    assert_eq!(custom_ids(&again), vec!["sb:path:me".to_string()]);
    let message = s.fake.original_message(&sent.token).expect("path message");
    s.fake.send_interaction(
        InteractionBuilder::button("sb:path:me", message.clone())
            .user(ANA, "ana")
            .locale("es-ES"),
    );
    // The button updates the path message itself.
    let message_id = crate::support::fake_discord::fixtures::id_of(&message["id"]).unwrap();
    let done = s
        .fake
        .wait_for("the re-checked path", Duration::from_secs(15), |i| {
            let m = i.state.find_message(message_id)?;
            let c = content(&m);
            (c.contains("somosnlp/NoticIA-it") && !c.contains("comprobando")).then_some(m)
        })
        .await;
    let text = content(&done);
    assert_eq!(icon_of(&text, "Crea el corpus"), "✅", "{text}");
    assert_eq!(
        icon_of(&text, "Escribe la card del dataset"),
        "✅",
        "{text}"
    );
    assert_eq!(icon_of(&text, "Entrena un modelo"), "❌", "{text}");
    assert!(
        text.contains("**Siguiente paso:** Entrena un modelo"),
        "{text}"
    );
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_outage_shows_could_not_check_not_missing() {
    let hub = FakeHub::new();
    hub.on("/api/datasets", Reply::json(503, r#"{"error":"down"}"#));
    let s = scene(hub, event_closing_in(30)).await;
    let ana = person(&s.fake, ANA, "ana");
    create_noticia(&s, &ana, "en-US").await;
    let text = path_text(&s, ANA, "en-US").await;
    for step in [
        "Build the corpus",
        "Write the dataset card",
        "Fine-tune a model",
        "Write the model card",
        "Build the demo",
    ] {
        assert_eq!(icon_of(&text, step), "⏳", "{step}: {text}");
    }
    assert!(text.contains("could not check"), "{text}");
    assert!(text.contains("The Hub did not answer"), "{text}");
    assert_eq!(icon_of(&text, "Form or join"), "✅", "{text}");
    s.bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_teams_path_is_for_mentors_and_organizers() {
    let s = scene(FakeHub::new(), event_closing_in(30)).await;
    let ana = person(&s.fake, ANA, "ana");
    create_noticia(&s, &ana, "en-US").await;
    person(&s.fake, 6002, "curioso");
    let refused = say(&s.fake, path_cmd(6002, "en-US").option("team", "NoticIA")).await;
    assert!(!refused.contains("Team NoticIA's path"), "{refused}");
    s.fake.add_member(6003, "org", &[s.organizer_role]);
    let text = path_text_as(
        &s,
        path_cmd(6003, "en-US")
            .option("team", "NoticIA")
            .roles(&[s.organizer_role]),
    )
    .await;
    assert!(text.contains("Team NoticIA's path"), "{text}");
    assert!(text.contains("0 of 1 members"), "{text}");
    s.bot.stop().await.unwrap();
}

/// The final text of a /path answer: the edit after a Hub check, or the
/// callback when no check was needed.
async fn path_text_as(s: &Scene, builder: InteractionBuilder) -> String {
    let checking =
        |c: &str| c.contains("comprobando en el Hub") || c.contains("checking on the Hub");
    let sent = s.fake.send_interaction(builder);
    let first = content(&answer(&s.fake, &sent).await);
    if !checking(&first) {
        return first;
    }
    let done = s
        .fake
        .wait_original(&sent.token, |m| !checking(&content(m)))
        .await;
    content(&done)
}

fn welcome_event(enabled: bool) -> EventConfig {
    let mut event = event_closing_in(30);
    event.welcome.enabled = enabled;
    event
}

fn dms(fake: &FakeDiscord, user: u64) -> Vec<Value> {
    fake.dms_to(user)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_member_is_welcomed_once_even_after_a_restart() {
    let fake = FakeDiscord::start().await;
    prepare(&fake);
    let intros = fake.add_text_channel("intros", None);
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, welcome_event(true)).await;
    // The welcome needs the GUILD_MEMBERS intent (1 << 1).
    assert_ne!(fake.inspect(|i| i.gateway.intents) & 2, 0);
    fake.member_join(7001, "nueva");
    fake.member_join(7001, "nueva");
    for _ in 0..100 {
        if !dms(&fake, 7001).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = dms(&fake, 7001);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    let text = content(&sent[0]);
    assert!(text.contains(&format!("<#{intros}>")), "{text}");
    assert!(
        text.contains("/camino"),
        "Spanish is the event's language: {text}"
    );

    // A restart and the same join replayed: nothing more.
    let bot = bot
        .restart_with_hub(&fake, welcome_event(true), "http://127.0.0.1:9")
        .await;
    fake.member_join(7001, "nueva");
    fake.member_join(7002, "otra");
    for _ in 0..100 {
        if !dms(&fake, 7002).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(dms(&fake, 7002).len(), 1);
    // 7001's replayed join was handled before 7002's (same gateway order);
    // give it the same time to show up.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(dms(&fake, 7001).len(), 1);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_welcome_is_sent_when_the_event_does_not_enable_it() {
    let fake = FakeDiscord::start().await;
    prepare(&fake);
    fake.add_text_channel("intros", None);
    let bot = RunningBot::start_with(&fake, TestDb::sqlite().await, welcome_event(false)).await;
    // Without the welcome, the privileged intent is not asked for.
    assert_eq!(fake.inspect(|i| i.gateway.intents) & 2, 0);
    fake.member_join(7001, "nueva");
    // /path is the entry point: it answers the newcomer.
    let text = say(&fake, path_cmd(7001, "es-ES")).await;
    assert!(text.contains("Siguiente paso"), "{text}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(dms(&fake, 7001).is_empty());
    let event_id = crate::support::bot::shipped_event().event.id;
    // Nobody recorded a welcome either.
    assert!(bot
        .db
        .store
        .claim_welcome(&event_id, 7001, chrono::Utc::now())
        .await
        .unwrap());
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_counts_teams_per_step_with_a_chart() {
    let s = scene(FakeHub::new(), event_closing_in(30)).await;
    let ana = person(&s.fake, ANA, "ana");
    create_noticia(&s, &ana, "en-US").await;
    // A participant is refused.
    let refused = say(
        &s.fake,
        InteractionBuilder::slash("paths")
            .subcommand("overview")
            .user(ANA, "ana")
            .locale("en-US"),
    )
    .await;
    assert!(!refused.contains("Teams per step"), "{refused}");

    s.fake.add_member(6003, "org", &[s.organizer_role]);
    let sent = s.fake.send_interaction(
        InteractionBuilder::slash("paths")
            .subcommand("overview")
            .user(6003, "org")
            .roles(&[s.organizer_role])
            .locale("en-US"),
    );
    let text = content(&answer(&s.fake, &sent).await);
    assert!(text.contains("**Teams per step** (1 teams)"), "{text}");
    // Ana has not introduced herself: her team stands at the first step.
    assert!(
        text.lines()
            .any(|l| l.starts_with("1. Join the server") && l.trim_end().ends_with(" 1")),
        "{text}"
    );
    assert!(text.contains("1 team(s) without Hub facts"), "{text}");
    let with_chart = s
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.contains(&sent.token))
        .any(|r| r.files.iter().any(|f| f == "path-overview.png"));
    assert!(with_chart, "the chart is attached");
    s.bot.stop().await.unwrap();
}
