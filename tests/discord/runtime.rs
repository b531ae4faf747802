//! Connection, registration, languages, resuming, mentions.

use serde_json::Value;

use crate::support::bot::RunningBot;
use crate::support::db::TestDb;
use crate::support::fake_discord::view::{content, is_ephemeral};
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};

fn command<'a>(registered: &'a Value, name: &str) -> &'a Value {
    registered
        .as_array()
        .and_then(|cmds| cmds.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("command {name} not registered: {registered}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_registers_its_commands_in_both_languages() {
    let fake = FakeDiscord::start().await;
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let registered = fake.wait_commands_registered().await;

    let team = command(&registered, "team");
    assert_eq!(team["name_localizations"]["es-ES"], "equipo");
    assert_eq!(team["name_localizations"]["es-419"], "equipo");
    assert_eq!(team["description"], "Teams of the hackathon");
    assert_eq!(
        team["description_localizations"]["es-ES"],
        "Equipos del hackathon"
    );
    let info = &team["options"][0];
    assert_eq!(info["name"], "info");
    let name = &info["options"][0];
    assert_eq!(name["name_localizations"]["es-419"], "nombre");
    assert!(name["autocomplete"].as_bool().unwrap_or(false));

    // Organizer commands are hidden from members by default permissions.
    let setup = command(&registered, "setup");
    assert_eq!(setup["default_member_permissions"], "32");

    // Every command, subcommand and parameter has a description in both languages.
    fn walk(option: &Value, path: &str) {
        let here = format!("{path}/{}", option["name"]);
        let desc = option["description"].as_str().unwrap_or_default();
        assert!(
            !desc.is_empty() && desc != "A slash command",
            "{here}: English description missing"
        );
        assert!(
            option["description_localizations"]["es-ES"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{here}: Spanish description missing"
        );
        if let Some(children) = option["options"].as_array() {
            for child in children {
                walk(child, &here);
            }
        }
    }
    for cmd in registered.as_array().unwrap() {
        walk(cmd, "");
    }
    fake.assert_no_unknown_routes();
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_is_answered_in_their_language() {
    let fake = FakeDiscord::start().await;
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;

    let es = fake.send_interaction(InteractionBuilder::slash("about").locale("es-ES"));
    let en = fake.send_interaction(InteractionBuilder::slash("about").locale("en-US"));
    let es = fake.wait_callback(&es.token).await;
    let en = fake.wait_callback(&en.token).await;
    assert!(content(&es).contains("gestiona"), "{es}");
    assert!(content(&en).contains("runs"), "{en}");
    assert!(content(&es).contains("somosnlp") && content(&en).contains("somosnlp"));
    // Ephemeral (flag 64).
    assert_eq!(es["data"]["flags"].as_u64().unwrap_or(0) & 64, 64);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_with_everyone_is_echoed_without_pinging_anyone() {
    let fake = FakeDiscord::start().await;
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;

    let sent = fake.send_interaction(
        InteractionBuilder::slash("team")
            .subcommand("info")
            .option("name", "@everyone <@&123> **x**")
            .locale("en-US"),
    );
    let callback = fake.wait_callback(&sent.token).await;
    assert!(content(&callback).contains("@everyone"), "{callback}");
    let allowed = &callback["data"]["allowed_mentions"];
    assert_eq!(
        allowed["parse"],
        serde_json::json!([]),
        "no mention type is parsed: {callback}"
    );
    assert!(allowed
        .get("roles")
        .map_or(true, |r| r == &serde_json::json!([])));
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_dropped_connection_the_bot_resumes_and_answers() {
    let fake = FakeDiscord::start().await;
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    fake.wait_ready().await;
    fake.drop_gateway();
    let sent = fake.send_interaction(InteractionBuilder::slash("about").locale("en-US"));
    fake.wait_resumed(1).await;
    let callback = fake.wait_callback(&sent.token).await;
    assert!(content(&callback).contains("runs"), "{callback}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_names_autocomplete_from_the_database() {
    let fake = FakeDiscord::start().await;
    let db = TestDb::sqlite().await;
    let event = crate::support::bot::shipped_event();
    let mut policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = chrono::Utc::now();
    for (user, name) in [
        (1u64, "Refranes Andinos"),
        (2, "Corpus Canario"),
        (3, "Andaluz IA"),
    ] {
        somosbot::domain::team::create_team(&db.store, &policy, user, name, "tema", None, now)
            .await
            .unwrap();
    }
    let bot = RunningBot::start(&fake, db).await;
    let sent = fake.send_interaction(
        InteractionBuilder::autocomplete("team")
            .subcommand("info")
            .focused("name", "and"),
    );
    let callback = fake.wait_callback(&sent.token).await;
    assert_eq!(callback["type"], 8);
    let names: Vec<&str> = callback["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["Andaluz IA", "Refranes Andinos"]);

    let info = fake.send_interaction(
        InteractionBuilder::slash("team")
            .subcommand("info")
            .option("name", "andaluz ia")
            .locale("es-419"),
    );
    let callback = fake.wait_callback(&info.token).await;
    let text = content(&callback);
    assert!(
        text.contains("**Andaluz IA**") && text.contains("Miembros (1/5)") && text.contains("<@3>"),
        "{text}"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_shows_what_the_callers_role_can_use() {
    let fake = FakeDiscord::start().await;
    let organizer = fake.add_role(&crate::support::bot::shipped_event().roles.organizer, "0");
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;

    let participant = fake.send_interaction(InteractionBuilder::slash("help").locale("en-US"));
    let org = fake.send_interaction(
        InteractionBuilder::slash("help")
            .roles(&[organizer])
            .locale("es-419"),
    );
    let participant = content(&fake.wait_callback(&participant.token).await);
    let first = content(&fake.wait_callback(&org.token).await);
    // The organizers' help is longer than one message: it arrives as the
    // answer plus follow-ups, every page within Discord's limit and whole.
    let mut pages = vec![first];
    let mut followups = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !pages.last().is_some_and(|p| p.contains("Dudas: el foro")) {
        assert!(
            std::time::Instant::now() < deadline,
            "the help never ended: {pages:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        pages.truncate(1);
        followups = fake.followups_for(&org.token);
        pages.extend(followups.iter().map(content));
    }
    assert!(followups.iter().all(is_ephemeral), "{followups:?}");
    for page in &pages {
        assert!(page.chars().count() <= 2000, "{page}");
        assert!(!page.ends_with('…'), "a page was cut: {page}");
    }
    let org = pages.join("\n");
    assert!(
        participant.contains("/team info") && participant.contains("/deadlines"),
        "{participant}"
    );
    assert!(
        !participant.contains("/setup"),
        "organizer commands are not offered: {participant}"
    );
    assert!(
        org.contains("/preparar revisar") && org.contains("/anunciar"),
        "{org}"
    );
    bot.stop().await.unwrap();
}
