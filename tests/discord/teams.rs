//! Teams, end to end: creating one, its Discord side, names, failures.

use serde_json::Value;

use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::id_of;
use crate::support::fake_discord::Failure;
use crate::teams_kit::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_a_team_makes_a_role_a_private_channel_a_pinned_welcome_and_an_announcement() {
    let (fake, server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let channel = create_team(&fake, &ana, "Los Ñandúes").await;

    let stored = fake.channel(channel).expect("the project channel");
    assert_eq!(stored["name"], "equipo-los-ñandúes");
    assert_eq!(id_of(&stored["parent_id"]), Some(server.category));
    let role = role_id(&fake, "Los Ñandúes");
    let overwrites = stored["permission_overwrites"]
        .as_array()
        .expect("overwrites");
    let everyone = overwrites
        .iter()
        .find(|o| id_of(&o["id"]) == Some(fake.guild_id()))
        .expect("an @everyone overwrite");
    assert_eq!(
        everyone["deny"], "1024",
        "@everyone cannot view: {everyone}"
    );
    let team_role = overwrites
        .iter()
        .find(|o| id_of(&o["id"]) == Some(role))
        .expect("a team role overwrite");
    assert_ne!(
        team_role["allow"]
            .as_str()
            .unwrap_or("0")
            .parse::<u64>()
            .unwrap_or(0)
            & 1024,
        0
    );
    assert!(overwrites
        .iter()
        .any(|o| id_of(&o["id"]) == Some(fake.bot_user_id())));
    assert!(
        has_role(&fake, ana.0, "Los Ñandúes"),
        "the captain has the role"
    );

    let pins = fake.inspect(|i| i.state.pins(channel));
    assert_eq!(pins.len(), 1, "one pinned welcome");
    let welcome = content(&pins[0]);
    assert!(
        welcome.contains("Los Ñandúes") && welcome.contains("<@5001>"),
        "{welcome}"
    );
    let announced: Vec<String> = fake
        .messages_in(server.find_team)
        .iter()
        .map(content)
        .collect();
    assert!(
        announced.iter().any(|m| m.contains("Los Ñandúes")),
        "{announced:?}"
    );

    let info = say(&fake, team_cmd(&ana, "info")).await;
    assert!(
        info.contains("Free places: 4") && info.contains("not linked"),
        "{info}"
    );
    fake.assert_no_unknown_routes();
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_un_goal_is_suggested_in_the_callers_language_and_shown_in_the_welcome() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let sent = fake.send_interaction(
        crate::support::fake_discord::InteractionBuilder::autocomplete("team")
            .subcommand("create")
            .user(ana.0, &ana.1)
            .locale("es-ES")
            .focused("ods", "clima"),
    );
    let callback = fake.wait_callback(&sent.token).await;
    let choices = callback["data"]["choices"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(choices.len(), 1, "{callback}");
    assert_eq!(choices[0]["value"], 13);
    assert!(choices[0]["name"]
        .as_str()
        .unwrap_or("")
        .contains("Acción por el clima"));

    let text = say(
        &fake,
        team_cmd(&ana, "create")
            .option("name", "Clima IA")
            .option("topic", "Noticias sobre el clima")
            .option("ods", 13),
    )
    .await;
    assert!(text.contains("is ready"), "{text}");
    let info = say(&fake, team_cmd(&ana, "info")).await;
    assert!(info.contains("UN goal 13: Climate action"), "{info}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_that_could_ping_format_or_hide_are_refused_with_the_reason() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let long = "x".repeat(200);
    for (name, reason) in [
        ("@everyone", "“@” is not allowed"),
        ("<@&123>", "“<” is not allowed"),
        ("**Bold**", "“*” is not allowed"),
        ("Zero\u{200B}Width", "invisible character"),
        ("Word\u{2060}Joiner", "invisible character"),
        ("\u{FEFF}Bom Team", "invisible character"),
        (long.as_str(), "at most 40 characters"),
        ("ab", "at least 3 characters"),
    ] {
        let text = say(
            &fake,
            team_cmd(&ana, "create")
                .option("name", name)
                .option("topic", "Un tema"),
        )
        .await;
        assert!(text.contains(reason), "{name:?}: {text}");
    }
    assert_eq!(bot.db.store.count_teams("somos600m-2024").await.unwrap(), 0);
    assert!(
        fake.requests_to("POST", "/guilds/*/roles").is_empty(),
        "nothing made in Discord"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discord_error_while_creating_the_channel_leaves_no_orphan_team_or_role() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    fake.fail_next(
        "POST",
        "/guilds/*/channels",
        1,
        Failure::missing_permissions(),
    );
    let text = say(
        &fake,
        team_cmd(&ana, "create")
            .option("name", "Sin Canal")
            .option("topic", "Un tema"),
    )
    .await;
    assert!(text.contains("Discord refused"), "{text}");
    assert!(
        fake.role_named(&team_role("Sin Canal")).is_none(),
        "the role was deleted again"
    );
    assert_eq!(fake.requests_to("DELETE", "/guilds/*/roles/*").len(), 1);
    let store = &bot.db.store;
    assert_eq!(store.count_teams("somos600m-2024").await.unwrap(), 0);
    assert!(store
        .team_of("somos600m-2024", ana.0)
        .await
        .unwrap()
        .is_none());
    // The name is free and the person can try again.
    create_team(&fake, &ana, "Sin Canal").await;
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_projects_category_overflows_into_a_numbered_one() {
    let fake = crate::support::fake_discord::FakeDiscord::start().await;
    let server = prepare(&fake);
    for i in 0..50 {
        fake.add_text_channel(&format!("old-{i}"), Some(server.category));
    }
    let bot = crate::support::bot::RunningBot::start_with(
        &fake,
        TestDb::sqlite().await,
        event_closing_in(30),
    )
    .await;
    let ana = person(&fake, 5001, "ana");
    let channel = create_team(&fake, &ana, "Desborde").await;
    let parent = id_of(&fake.channel(channel).unwrap()["parent_id"]).unwrap();
    let category = fake.channel(parent).unwrap();
    assert_eq!(category["name"], "Proyectos hackathon 2");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_closed_refuses_and_the_organizer_override_works() {
    let db = TestDb::sqlite().await;
    // A team formed while registration was open.
    let open = event_closing_in(30);
    let policy = somosbot::domain::team::TeamPolicy::from_config(&open);
    let now = chrono::Utc::now();
    let team = somosbot::domain::team::create_team(
        &db.store, &policy, 5001, "Tardíos", "Un tema", None, now,
    )
    .await
    .unwrap();
    let (fake, server, bot) = start_on(db, event_closing_in(-1)).await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let text = say(
        &fake,
        team_cmd(&bea, "create")
            .option("name", "Nuevo")
            .option("topic", "Un tema"),
    )
    .await;
    assert!(text.contains("registration closed"), "{text}");
    let text = say(
        &fake,
        team_cmd(&ana, "invite").option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("registration closed"), "{text}");

    // A participant cannot use the organizer commands.
    let admin = |who: &(u64, String), sub: &str| {
        crate::support::fake_discord::InteractionBuilder::slash("teams")
            .group("admin")
            .subcommand(sub)
            .user(who.0, &who.1)
            .locale("en-US")
    };
    let text = say(
        &fake,
        admin(&bea, "reopen-registration").option("team", "tardíos"),
    )
    .await;
    assert!(text.contains("Only organizers"), "{text}");

    let org = person(&fake, 5009, "org");
    let text = say(
        &fake,
        admin(&org, "reopen-registration")
            .roles(&[server.organizer_role])
            .option("team", "tardíos")
            .option("hours", 24),
    )
    .await;
    assert!(text.contains("can form and change until"), "{text}");
    let reopened = bot.db.store.team(team.id).await.unwrap().unwrap();
    assert!(reopened.registration_override_until.is_some());
    let audit = bot
        .db
        .store
        .audit_entries("somos600m-2024", 10)
        .await
        .unwrap();
    assert!(audit
        .iter()
        .any(|a| a.action == "teams.reopen-registration" && a.actor_id == org.0));

    // The captain can invite again; others still cannot create teams.
    let text = say(
        &fake,
        team_cmd(&ana, "invite").option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("Invitation sent"), "{text}");

    // Organizers add members whatever the window.
    let cruz = person(&fake, 5003, "cruz");
    let text = say(
        &fake,
        admin(&org, "add-member")
            .roles(&[server.organizer_role])
            .option("team", "Tardíos")
            .option_user("person", user_json(cruz.0, &cruz.1), &[]),
    )
    .await;
    assert!(text.contains("was added to"), "{text}");
    let after = bot.db.store.team(team.id).await.unwrap().unwrap();
    assert_eq!(after.member_count, 2);
    bot.stop().await.unwrap();
}

/// The JSON value of a message's first button with `prefix`.
pub fn button_with(message: &Value, prefix: &str) -> String {
    custom_ids(message)
        .into_iter()
        .find(|b| b.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} button in {message}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizers_remove_rename_set_the_captain_and_disband_with_an_audit_trail() {
    let (fake, server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let org = person(&fake, 5009, "org");
    let channel = create_team(&fake, &ana, "Gestionados").await;
    let admin = |sub: &str| {
        crate::support::fake_discord::InteractionBuilder::slash("teams")
            .group("admin")
            .subcommand(sub)
            .user(org.0, &org.1)
            .roles(&[server.organizer_role])
            .locale("en-US")
    };
    let text = say(
        &fake,
        admin("add-member")
            .option("team", "gestionados")
            .option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("was added"), "{text}");
    assert!(has_role(&fake, bea.0, "Gestionados"));

    // The captain marks the team open; a participant sees it in the list.
    let text = say(&fake, team_cmd(&ana, "open").option("open", true)).await;
    assert!(text.contains("is listed as open"), "{text}");
    let text = say(&fake, team_cmd(&bea, "open").option("open", false)).await;
    assert!(text.contains("Only the team's captain"), "{text}");

    let text = say(
        &fake,
        admin("set-captain")
            .option("team", "Gestionados")
            .option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("<@5002> is the captain"), "{text}");
    let text = say(
        &fake,
        admin("rename")
            .option("team", "Gestionados")
            .option("name", "@here"),
    )
    .await;
    assert!(text.contains("is not allowed"), "{text}");
    let text = say(
        &fake,
        admin("rename")
            .option("team", "Gestionados")
            .option("name", "Renombrados"),
    )
    .await;
    assert!(text.contains("now called **Renombrados**"), "{text}");
    assert_eq!(fake.channel(channel).unwrap()["name"], "equipo-renombrados");

    // Removing the captain hands over to the remaining member.
    let text = say(
        &fake,
        admin("remove-member")
            .option("team", "Renombrados")
            .option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("was removed"), "{text}");
    assert!(!has_role(&fake, bea.0, "Renombrados"));
    let team = bot
        .db
        .store
        .team_of("somos600m-2024", ana.0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((team.captain_id, team.member_count), (ana.0, 1));

    let text = say(&fake, admin("disband").option("team", "Renombrados")).await;
    assert!(text.contains("was disbanded"), "{text}");
    assert!(fake.channel(channel).is_none());
    assert!(fake.role_named(&team_role("Renombrados")).is_none());

    let actions: Vec<String> = bot
        .db
        .store
        .audit_entries("somos600m-2024", 20)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.actor_id == org.0)
        .map(|a| a.action)
        .collect();
    for action in [
        "teams.add-member",
        "teams.set-captain",
        "teams.rename",
        "teams.remove-member",
        "teams.disband",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_the_registration_deadline_closes_team_creation_at_once() {
    let (fake, server, bot) = start().await;
    let ana = person(&fake, 5101, "ana");
    create_team(&fake, &ana, "Antes del cierre").await;

    // The organizer brings registration's close to yesterday.
    let id = crate::support::bot::shipped_event()
        .teams
        .registration_closes;
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1))
        .format("%Y-%m-%d %H:%M UTC")
        .to_string();
    let edited = say(
        &fake,
        crate::support::fake_discord::InteractionBuilder::slash("deadline")
            .subcommand("edit")
            .option("id", id.as_str())
            .option("at", yesterday.as_str())
            .roles(&[server.organizer_role])
            .locale("en-US"),
    )
    .await;
    assert!(!edited.contains("Only organizers"), "{edited}");

    let bea = person(&fake, 5102, "bea");
    let refused = say(
        &fake,
        team_cmd(&bea, "create")
            .option("name", "Después")
            .option("topic", "Un tema"),
    )
    .await;
    assert!(
        refused.to_lowercase().contains("clos") || refused.contains("cerr"),
        "{refused}"
    );
    assert!(bot
        .db
        .store
        .team_by_name_key("somos600m-2024", "después")
        .await
        .unwrap()
        .is_none());
    bot.stop().await.unwrap();
}
