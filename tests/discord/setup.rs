//! `/setup`: checking the server, creating what is missing, refusing
//! non-organizers on the server side.

use serde_json::Value;

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::view::{content, custom_ids};
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};

/// Exactly the permissions the bot asks for.
fn bot_permissions() -> String {
    somosbot::discord::bot_permissions::REQUIRED
        .bits()
        .to_string()
}

/// A server with everything but the help forum, and a bot role above the
/// participant role. Returns the organizer role's id.
fn prepare_server_without_forum(fake: &FakeDiscord) -> u64 {
    let event = shipped_event();
    let c = &event.channels;
    for name in [&c.find_team, &c.intros, &c.announcements, &c.log]
        .into_iter()
        .chain(c.gpu_board.as_ref())
    {
        fake.add_text_channel(name, None);
    }
    fake.add_category(&c.projects_category);
    let participant = fake.add_role(&event.roles.participant, "0");
    let mentor = fake.add_role(&event.roles.mentor, "0");
    let organizer = fake.add_role(&event.roles.organizer, "0");
    if let Some(jury) = &event.jury {
        fake.add_role(&jury.judge_role, "0");
        // The winners' honorary roles are event roles too.
        for honorary in &jury.honorary_roles {
            fake.add_role(&honorary.role, "0");
        }
    }
    let bot_role = fake.add_role("somosbot", &bot_permissions());
    fake.with_state(|s| {
        // The bot's role sits at the top.
        if let Some(role) = s.roles.get_mut(&bot_role) {
            role["position"] = serde_json::json!(50);
        }
    });
    fake.add_member(fake.bot_user_id(), "somosbot", &[bot_role]);
    let _ = (participant, mentor);
    organizer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_finds_the_missing_forum_and_creates_it_with_its_tags() {
    let fake = FakeDiscord::start().await;
    let organizer = prepare_server_without_forum(&fake);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let forum_name = shipped_event().channels.help_forum;

    let check = fake.send_interaction(
        InteractionBuilder::slash("setup")
            .subcommand("check")
            .roles(&[organizer])
            .locale("en-US"),
    );
    let followups = fake.wait_followups(&check.token, 1).await;
    let report = content(&followups[0]);
    assert!(
        report.contains(&format!("❌ Channel #{forum_name} (forum)")),
        "{report}"
    );
    assert!(report.contains("One thing needs fixing."), "{report}");
    assert!(report.contains("✅ Permission “Manage Roles”"), "{report}");

    let apply = fake.send_interaction(
        InteractionBuilder::slash("setup")
            .subcommand("apply")
            .roles(&[organizer])
            .locale("en-US"),
    );
    let confirm = fake.wait_followups(&apply.token, 1).await.remove(0);
    assert!(
        content(&confirm).contains(&format!("#{forum_name}")),
        "{confirm}"
    );
    assert!(
        fake.channels_named(&forum_name).is_empty(),
        "nothing is created before confirming"
    );
    let button = custom_ids(&confirm)
        .into_iter()
        .next()
        .expect("the confirm button");
    let message_id: u64 = confirm["id"].as_str().unwrap().parse().unwrap();
    let channel_id: u64 = confirm["channel_id"].as_str().unwrap().parse().unwrap();

    // A double click: two presses of the same button.
    let message = fake
        .inspect(|i| i.state.find_message(message_id))
        .expect("confirmation stored");
    let presses: Vec<_> = (0..2)
        .map(|_| {
            fake.send_interaction(
                InteractionBuilder::button(&button, message.clone())
                    .channel(channel_id)
                    .roles(&[organizer])
                    .locale("en-US"),
            )
        })
        .collect();
    for p in &presses {
        fake.wait_callback(&p.token).await;
    }
    let forum = fake
        .wait_for(
            "the forum to have its tags",
            std::time::Duration::from_secs(10),
            |i| {
                let forums: Vec<Value> = i
                    .state
                    .guild_channels()
                    .into_iter()
                    .filter(|c| c["name"] == forum_name.as_str())
                    .collect();
                (forums.len() == 1
                    && forums[0]["available_tags"]
                        .as_array()
                        .is_some_and(|t| !t.is_empty()))
                .then(|| forums[0].clone())
            },
        )
        .await;
    assert_eq!(forum["type"], 15, "a forum channel");
    let tags: Vec<&str> = forum["available_tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert!(tags.contains(&"hackathon"), "{tags:?}");
    // Both presses answered; only one forum exists.
    let edited = fake
        .wait_for(
            "the confirmation to say what was created",
            std::time::Duration::from_secs(10),
            |i| {
                // After a deferred update, the edit lands on the button's own message.
                i.state
                    .find_message(message_id)
                    .filter(|m| content(m).contains("Created"))
            },
        )
        .await;
    assert!(
        content(&edited).contains(&format!("#{forum_name}")),
        "{edited}"
    );
    assert_eq!(fake.channels_named(&forum_name).len(), 1);
    // The forum it made is the event's by id; so is every role and channel
    // it found by its unique name at start.
    let ids = bot
        .db
        .store
        .discord_ids("somos600m-2024", fake.guild_id())
        .await
        .unwrap();
    let forum_id = forum["id"].as_str().unwrap().parse::<u64>().unwrap();
    assert!(
        ids.iter()
            .any(|s| s.key == "help_forum" && s.id == forum_id),
        "{ids:?}"
    );
    for key in [
        "organizer",
        "mentor",
        "participant",
        "announcements",
        "log",
        "projects_category",
        "gpu_board",
    ] {
        assert!(ids.iter().any(|s| s.key == key), "{key}: {ids:?}");
    }

    // The action is audited.
    let audit = bot
        .db
        .store
        .audit_entries("somos600m-2024", 10)
        .await
        .unwrap();
    assert!(audit.iter().any(|a| a.action == "setup.apply"), "{audit:?}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_cannot_run_setup_and_nothing_changes() {
    let fake = FakeDiscord::start().await;
    prepare_server_without_forum(&fake);
    let bot = RunningBot::start(&fake, TestDb::sqlite().await).await;
    let before = fake.requests().len();

    let sent = fake.send_interaction(
        InteractionBuilder::slash("setup")
            .subcommand("apply")
            .locale("es-ES"),
    );
    let callback = fake.wait_callback(&sent.token).await;
    assert!(
        content(&callback).contains("Solo la organización"),
        "{callback}"
    );
    assert_eq!(
        callback["data"]["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "ephemeral"
    );
    let writes: Vec<_> = fake.requests()[before..]
        .iter()
        .filter(|r| {
            r.method != "GET"
                && !r.path.contains("/interactions/")
                && !r.path.contains("/webhooks/")
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(writes.is_empty(), "nothing changes: {writes:?}");
    assert!(bot
        .db
        .store
        .audit_entries("somos600m-2024", 10)
        .await
        .unwrap()
        .is_empty());
    bot.stop().await.unwrap();
}
