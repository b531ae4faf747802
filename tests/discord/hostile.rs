//! Hostile text in every text parameter of every command (team names,
//! topics, LFT posts, deadline titles, announcement text, ticket titles as
//! they are added…), sent through the fake Discord to the real bot: nothing
//! panics or fails internally, no message can ping anyone the text names,
//! nothing the bot sends breaks Discord's limits, and what was stored renders
//! again in the lists afterwards.
//!
//! CI runs a fixed corpus plus two generated strings; for more:
//! `PROPTEST_CASES=200 cargo test --test discord hostile`.

use std::collections::BTreeSet;
use std::time::Duration;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use somosbot::i18n::{I18n, Lang};

use crate::command_table::{first_answer, leaves, with_option, Leaf, World};
use crate::support::bot::RunningBot;
use crate::support::db::TestDb;
use crate::support::fake_discord::state::RecordedRequest;
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};
use crate::teams_kit::{event_closing_in, prepare};

/// Texts that have broken bots before: mentions in every spelling, markdown
/// that escapes its context, invisible and bidirectional characters, the
/// biggest allowed sizes, NULs and newlines.
const CORPUS: &[&str] = &[
    "@everyone",
    "@here hola",
    "<@3000> <@!3000> <@&2001> <#4000> </team create:1>",
    "@\u{200b}everyone @every\u{0000}one",
    "`@everyone` ```@here``` ||@everyone|| **<@&2001>**",
    "[x](https://evil.example) <https://evil.example> @everyone",
    "\u{202e}evil\u{202d} \u{2066}x\u{2069} \u{feff}",
    "line one\nline two\r\n\tthree",
    "   ",
    "🏳️‍🌈👩🏽‍💻 ñandú ÇÃÕ",
    "<t:9999999999999:R> <a:x:1> <:y:2>",
    "{ $name } {{name}} %s %n ${x}",
];

/// Generated strings mixing the corpus's dangerous pieces with anything.
fn generated(n: u32) -> Vec<String> {
    let piece = proptest::prop_oneof![
        proptest::string::string_regex("\\PC{0,12}").expect("regex"),
        proptest::sample::select(vec![
            "@everyone",
            "@here",
            "<@1>",
            "<@&2001>",
            "<#4000>",
            "\n",
            "`",
            "*",
            "|",
            "\u{200b}",
            "\u{0}",
            "\\",
        ])
        .prop_map(str::to_string),
    ];
    let text = proptest::collection::vec(piece, 1..8).prop_map(|p| p.concat());
    let mut runner = TestRunner::new(Config::default());
    (0..n)
        .map(|_| text.new_tree(&mut runner).expect("a value").current())
        .collect()
}

fn cases() -> Vec<String> {
    let extra = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    CORPUS
        .iter()
        .map(|s| s.to_string())
        .chain(generated(extra))
        .collect()
}

/// Cuts `text` to an option's `max_length`: Discord refuses longer values
/// before the bot sees them.
fn within_limits(text: &str, option: &Value) -> String {
    let max = option["max_length"].as_u64().unwrap_or(6000) as usize;
    text.chars().take(max).collect()
}

/// `leaf` with `text` in its string option `target` and plausible values in
/// the other required options.
fn hostile_invocation(
    leaf: &Leaf,
    target: &Value,
    text: &str,
    who: (u64, &str),
    roles: &[u64],
    world: &World,
) -> InteractionBuilder {
    let mut b = InteractionBuilder::slash(&leaf.path[0])
        .user(who.0, who.1)
        .roles(roles)
        .locale(if who.0 % 2 == 0 { "en-US" } else { "es-ES" });
    match leaf.path.len() {
        1 => {}
        2 => b = b.subcommand(&leaf.path[1]),
        _ => b = b.group(&leaf.path[1]).subcommand(&leaf.path[2]),
    }
    for option in &leaf.options {
        if option["name"] == target["name"] {
            b = b.option(
                option["name"].as_str().unwrap_or_default(),
                within_limits(text, option),
            );
        } else if option["required"] == Value::Bool(true) {
            b = with_option(b, option, world);
        }
    }
    b
}

/// Ids the hostile text mentions (`<@id>`, `<@!id>`, `<@&id>`): the bot
/// must never allow a ping to them.
fn ids_in(text: &str) -> BTreeSet<String> {
    text.split("<@")
        .skip(1)
        .map(|rest| rest.trim_start_matches(['!', '&']))
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|id| !id.is_empty())
        .collect()
}

/// What Discord would refuse, or what could ping someone named in `hostile`.
fn problems(r: &RecordedRequest, hostile: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    let what = format!("{} {}", r.method, r.path);
    let mut bodies = vec![&r.body];
    if r.body.get("data").is_some_and(Value::is_object) {
        bodies.push(&r.body["data"]);
    }
    for body in bodies {
        let content = body["content"].as_str().unwrap_or_default();
        if content.chars().count() > 2000 {
            out.push(format!("{what}: content over 2000 characters"));
        }
        let creates = r.method == "POST" && (!content.is_empty() || body.get("embeds").is_some());
        let allowed = &body["allowed_mentions"];
        if creates && !allowed.is_object() {
            out.push(format!(
                "{what}: a message without allowed_mentions: {content:?}"
            ));
        }
        if let Some(parse) = allowed["parse"].as_array() {
            if !parse.is_empty() {
                out.push(format!("{what}: allowed_mentions parses {parse:?}"));
            }
        }
        for kind in ["users", "roles"] {
            for id in allowed[kind].as_array().into_iter().flatten() {
                let id = id
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| id.to_string());
                if hostile.contains(&id) {
                    out.push(format!("{what}: pings {kind} {id} named in the text"));
                }
            }
        }
        for embed in body["embeds"].as_array().into_iter().flatten() {
            if embed["description"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .count()
                > 4096
                || embed["title"].as_str().unwrap_or_default().chars().count() > 256
            {
                out.push(format!("{what}: an embed over Discord's limits"));
            }
        }
        for row in body["components"].as_array().into_iter().flatten() {
            for c in row["components"].as_array().into_iter().flatten() {
                if c["custom_id"].as_str().unwrap_or_default().chars().count() > 100 {
                    out.push(format!("{what}: custom_id over 100: {}", c["custom_id"]));
                }
                if c["label"].as_str().unwrap_or_default().chars().count() > 80 {
                    out.push(format!("{what}: label over 80: {}", c["label"]));
                }
                for o in c["options"].as_array().into_iter().flatten() {
                    if o["label"].as_str().unwrap_or_default().chars().count() > 100
                        || o["value"].as_str().unwrap_or_default().chars().count() > 100
                    {
                        out.push(format!("{what}: a select option over 100"));
                    }
                }
            }
        }
        let name = body["name"].as_str().unwrap_or_default();
        if (r.path.contains("/channels")
            || r.path.contains("/roles")
            || r.path.contains("/threads"))
            && (name.chars().count() > 100
                || (r.method == "POST" && body.get("name").is_some() && name.trim().is_empty()))
        {
            out.push(format!("{what}: a name Discord refuses: {name:?}"));
        }
        if body["topic"].as_str().unwrap_or_default().chars().count() > 1024 {
            out.push(format!("{what}: a channel topic over 1024"));
        }
    }
    out
}

/// Whether a text is the apology for an internal error.
fn internal(text: &str, i18n: &I18n) -> bool {
    Lang::ALL.iter().any(|lang| {
        let apology = i18n.get_args(*lang, "error-internal", &[("reference", "REF".into())]);
        let head = apology.split("REF").next().unwrap_or_default();
        let head: String = head.chars().take(30).collect();
        text.contains(&head)
    })
}

/// Sends `builder` and checks its answer; a modal (announcements) is filled
/// with `text` and its preview confirmed, as an organizer would.
async fn run(fake: &FakeDiscord, builder: InteractionBuilder, text: &str, what: &str, i18n: &I18n) {
    let user = builder.user.clone();
    let roles = builder.roles.clone();
    let sent = fake.send_interaction(builder);
    let (answer, _) = first_answer(fake, &sent).await;
    assert!(
        !internal(&answer, i18n),
        "{what} with {text:?} failed inside: {answer}"
    );
    let Some(modal) = fake.callback_for(&sent.token).filter(|c| c["type"] == 9) else {
        return;
    };
    let fields: Vec<(String, String)> = modal["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|c| {
            let max = c["max_length"].as_u64().unwrap_or(4000) as usize;
            let value: String = text.chars().take(max).collect();
            (
                c["custom_id"].as_str().unwrap_or_default().to_string(),
                value,
            )
        })
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let custom_id = modal["data"]["custom_id"].as_str().unwrap_or_default();
    let mut submit = InteractionBuilder::modal_submit(custom_id, &fields).roles(&roles);
    submit.user = user.clone();
    let submitted = fake.send_interaction(submit);
    let (answer, _) = first_answer(fake, &submitted).await;
    assert!(
        !internal(&answer, i18n),
        "{what}'s modal with {text:?} failed inside: {answer}"
    );
    // Confirm the preview's first button (post), if there is one.
    let Some(callback) = fake.callback_for(&submitted.token) else {
        return;
    };
    let Some(post) = callback["data"]["components"][0]["components"][0]["custom_id"].as_str()
    else {
        return;
    };
    let Some(preview) = fake.original_message(&submitted.token) else {
        return;
    };
    let channel =
        crate::support::fake_discord::fixtures::id_of(&preview["channel_id"]).unwrap_or_default();
    let mut press = InteractionBuilder::button(post, preview)
        .channel(channel)
        .roles(&roles);
    press.user = user;
    let pressed = fake.send_interaction(press);
    let (answer, _) = first_answer(fake, &pressed).await;
    assert!(
        !internal(&answer, i18n),
        "{what}'s confirmation with {text:?} failed inside: {answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_in_every_text_parameter_pings_nobody_and_renders_again() {
    let fake = FakeDiscord::start().await;
    let event = event_closing_in(30);
    let server = prepare(&fake);
    let participant_role = crate::support::fake_discord::fixtures::id_of(
        &fake
            .role_named(&event.roles.participant)
            .expect("participant role")["id"],
    )
    .expect("role id");
    fake.add_text_channel(&event.channels.log, None);
    fake.add_text_channel(&event.channels.announcements, None);
    let db = TestDb::sqlite().await;
    let mut policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let world = World {
        target: (8002, "objetivo"),
        participant_role,
        team: "Equipo Objetivo",
        ticket_thread: None,
    };
    somosbot::domain::team::create_team(
        &db.store,
        &policy,
        8001,
        world.team,
        "tema",
        None,
        chrono::Utc::now(),
    )
    .await
    .expect("a team to act on");
    fake.add_member(world.target.0, world.target.1, &[participant_role]);
    let bot = RunningBot::start_with(&fake, db, event).await;
    let i18n = I18n::load().expect("texts");
    let commands = leaves();
    let mut all_texts = String::new();
    let mut sent = 0;

    for (n, text) in cases().iter().enumerate() {
        all_texts.push_str(text);
        // A new organizer per case, so "already in a team" does not hide the rest.
        let who = (8100 + n as u64, "hostil");
        fake.add_member(who.0, who.1, &[server.organizer_role]);
        for leaf in &commands {
            for option in leaf
                .options
                .iter()
                .filter(|o| o["type"] == 3 && o["choices"].as_array().map_or(true, Vec::is_empty))
            {
                let what = format!("/{} {}", leaf.qualified, option["name"]);
                let builder =
                    hostile_invocation(leaf, option, text, who, &[server.organizer_role], &world);
                run(&fake, builder, text, &what, &i18n).await;
                sent += 1;
            }
        }
    }

    assert!(
        sent >= 20 * CORPUS.len(),
        "only {sent} hostile commands were sent"
    );
    let announced = fake
        .messages_in(crate::support::fake_discord::fixtures::GENERAL_CHANNEL_ID)
        .len();
    assert!(announced > 0, "the announcements' text went out too");

    // What was stored renders again, for members and organizers.
    let organizer = (8099u64, "organizadora");
    fake.add_member(organizer.0, organizer.1, &[server.organizer_role]);
    let member = (8098u64, "miembro");
    fake.add_member(member.0, member.1, &[participant_role]);
    let teams = bot
        .db
        .store
        .teams_with_members(&crate::support::bot::shipped_event().event.id)
        .await
        .expect("teams");
    assert!(teams.len() > 1, "some hostile names made teams");
    // What was stored cannot rearrange or hide what others read.
    let event_id = crate::support::bot::shipped_event().event.id;
    let lft = bot
        .db
        .store
        .list_lft_posts(&event_id, &Default::default(), 0, 100)
        .await
        .expect("LFT posts");
    let deadlines = bot.db.store.deadlines(&event_id).await.expect("deadlines");
    let stored: Vec<&str> = teams
        .iter()
        .flat_map(|t| [t.team.name.as_str(), t.team.topic.as_str()])
        .chain(lft.posts.iter().flat_map(|p| {
            [
                p.topic.as_str(),
                p.skills.as_str(),
                p.languages.as_str(),
                p.time_zone.as_str(),
            ]
        }))
        .chain(
            deadlines
                .iter()
                .flat_map(|d| [d.title_es.as_str(), d.title_en.as_str()]),
        )
        .collect();
    assert!(!lft.posts.is_empty(), "some hostile LFT posts were stored");
    let hidden: Vec<&&str> = stored
        .iter()
        .filter(|t| {
            t.chars().any(|c| {
                matches!(
                    c,
                    '\u{202A}'..='\u{202E}'
                        | '\u{2066}'..='\u{2069}'
                        | '\u{200B}'
                        | '\u{200C}'
                        | '\u{200E}'
                        | '\u{200F}'
                        | '\u{2060}'
                        | '\u{FEFF}'
                        | '\u{0}'
                )
            })
        })
        .collect();
    assert!(
        hidden.is_empty(),
        "stored with invisible characters: {hidden:?}"
    );
    let mut renders = vec![
        ("team", vec!["list"]),
        ("lft", vec!["list"]),
        ("deadlines", vec![]),
        ("announce", vec!["list"]),
        ("submissions", vec!["overview"]),
        ("teams", vec!["admin", "missing-hf"]),
        ("help", vec![]),
    ];
    renders.retain(|(name, path)| {
        let qualified = std::iter::once(*name)
            .chain(path.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        commands.iter().any(|l| l.qualified == qualified)
    });
    for (name, path) in renders {
        for (who, roles) in [
            (organizer, vec![server.organizer_role]),
            (member, vec![participant_role]),
        ] {
            let mut b = InteractionBuilder::slash(name)
                .user(who.0, who.1)
                .roles(&roles)
                .locale("en-US");
            match path.len() {
                0 => {}
                1 => b = b.subcommand(path[0]),
                _ => b = b.group(path[0]).subcommand(path[1]),
            }
            run(&fake, b, "(render)", &format!("/{name} {path:?}"), &i18n).await;
        }
    }
    for team in &teams {
        let b = InteractionBuilder::slash("team")
            .subcommand("info")
            .option("name", team.team.name.clone())
            .user(member.0, member.1)
            .locale("es-ES");
        run(&fake, b, &team.team.name, "/team info", &i18n).await;
    }
    // Scheduled announcements go out (wake the scheduler) before the check.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let hostile = ids_in(&all_texts);
    let found: Vec<String> = fake
        .requests()
        .iter()
        .flat_map(|r| problems(r, &hostile))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    // The sweep: every message created or edited in this whole run (answers,
    // deferred answers filled in, follow-ups, modal answers, DMs, posts,
    // the scheduler's announcements) said whom it may ping.
    let bare = fake.messages_without_allowed_mentions();
    assert!(bare.is_empty(), "{bare:#?}");
    let swept = fake
        .requests()
        .iter()
        .filter(|r| {
            r.is("PATCH", "/webhooks/*/*/messages/*") || r.is("POST", "/channels/*/messages")
        })
        .count();
    assert!(swept > 20, "the sweep saw edits and posts ({swept})");
    fake.assert_no_unknown_routes();
    bot.stop().await.expect("the bot stops cleanly");
}
