//! Who may run what, checked by the bot itself: every organizer and mentor
//! command, sent by someone without the role, is refused in their language
//! and changes nothing. The command list comes from
//! `somosbot::discord::commands::all()`, so a command missing from [`ACCESS`]
//! fails the test instead of going unchecked.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::Value;
use somosbot::i18n::{I18n, Lang};

use crate::command_table::{first_answer, invocation, leaves, with_option, World};
use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::FakeDiscord;

/// Who a command is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Participant,
    Mentor,
    Organizer,
    /// Holders of the jury's role (organizers are not judges by rank).
    Judge,
}

use Who::{Judge, Mentor, Organizer, Participant};

/// Every leaf command by its qualified (English) name. A new command must be
/// added here, or `every_command_is_classified` fails.
const ACCESS: &[(&str, Who)] = &[
    ("help", Participant),
    ("about", Participant),
    ("setup check", Organizer),
    ("setup apply", Organizer),
    ("setup link role", Organizer),
    ("setup link channel", Organizer),
    ("team create", Participant),
    ("team invite", Participant),
    ("team request", Participant),
    ("team leave", Participant),
    ("team kick", Participant),
    ("team transfer", Participant),
    ("team rename", Participant),
    ("team disband", Participant),
    ("team open", Participant),
    ("team list", Participant),
    ("team info", Participant),
    ("submit", Participant),
    ("submission status", Participant),
    ("submissions overview", Organizer),
    ("submissions allow-late", Organizer),
    ("submissions accept-late", Organizer),
    ("submissions recheck-all", Organizer),
    ("submissions accept", Organizer),
    ("submissions unaccept", Organizer),
    ("certificate", Participant),
    ("deadlines", Participant),
    ("deadline add", Organizer),
    ("deadline edit", Organizer),
    ("deadline remove", Organizer),
    ("announce send", Organizer),
    ("announce list", Organizer),
    ("announce cancel", Organizer),
    ("teams admin add-member", Organizer),
    ("teams admin remove-member", Organizer),
    ("teams admin rename", Organizer),
    ("teams admin disband", Organizer),
    ("teams admin set-captain", Organizer),
    ("teams admin reopen-registration", Organizer),
    ("teams admin missing-hf", Organizer),
    ("lft post", Participant),
    ("lft list", Participant),
    ("hf link", Participant),
    ("profile public", Participant),
    ("profile private", Participant),
    ("leaderboard likes", Participant),
    ("leaderboard snapshot", Organizer),
    ("gpu request", Participant),
    ("gpu cancel", Participant),
    ("gpu queue", Participant),
    ("gpu status", Participant),
    // An organizer may name any machine; a member releases their team's lease.
    ("gpu release", Participant),
    ("gpu usage", Participant),
    ("gpu grant", Organizer),
    ("gpu extend", Organizer),
    ("gpu move", Organizer),
    ("gpu pool add", Organizer),
    ("gpu pool out-of-service", Organizer),
    ("gpu pool restore", Organizer),
    ("gpu pool retire", Organizer),
    ("path", Participant),
    ("paths overview", Organizer),
    ("ask", Participant),
    // In a help post: mentors take and hand back questions; the asker or a
    // mentor resolves and reopens.
    ("ticket claim", Mentor),
    ("ticket release", Mentor),
    ("ticket resolve", Participant),
    ("ticket reopen", Participant),
    ("tickets queue", Mentor),
    ("tickets stats", Mentor),
    ("jury conflict", Judge),
    ("jury assign", Organizer),
    ("jury next", Judge),
    ("jury packet", Judge),
    ("jury progress", Organizer),
    ("jury results", Organizer),
    ("jury publish", Organizer),
];

/// Options that make a participant command one for mentors or organizers:
/// (qualified command, option, who may use it).
const GUARDED_OPTIONS: &[(&str, &str, Who)] = &[
    // Anyone sees their own team's path; another team's is for mentors.
    ("path", "team", Mentor),
];

#[test]
fn every_command_is_classified() {
    let table: BTreeMap<&str, Who> = ACCESS.iter().copied().collect();
    assert_eq!(table.len(), ACCESS.len(), "a command is listed twice");
    let commands: BTreeSet<String> = leaves().into_iter().map(|l| l.qualified).collect();
    let missing: Vec<&String> = commands
        .iter()
        .filter(|c| !table.contains_key(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "commands missing from the access table in tests/discord/security.rs \
         (classify each as Participant, Mentor or Organizer): {missing:?}"
    );
    for (command, _, _) in GUARDED_OPTIONS {
        assert!(
            commands.contains(*command),
            "GUARDED_OPTIONS names /{command}, which no longer exists"
        );
    }
    let stale: Vec<&&str> = table.keys().filter(|c| !commands.contains(**c)).collect();
    assert!(stale.is_empty(), "commands that no longer exist: {stale:?}");
}

/// Every row of every table the bot writes, except who used the bot and
/// which commands are under way (any command records those) — a refused
/// command must leave the rest alone.
async fn dump(db_url: &str) -> BTreeMap<String, Vec<String>> {
    use sqlx::Row;
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect(db_url)
        .await
        .expect("open the test database");
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT IN ('participants', 'pending_interactions', '_sqlx_migrations') ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .expect("list tables")
    .into_iter()
    .map(|r| r.get::<String, _>(0))
    .collect();
    let mut out = BTreeMap::new();
    for table in tables {
        let columns: Vec<String> = sqlx::query(&format!("PRAGMA table_info(\"{table}\")"))
            .fetch_all(&pool)
            .await
            .expect("columns")
            .into_iter()
            .map(|r| r.get::<String, _>("name"))
            .collect();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let rows: Vec<String> = sqlx::query(&format!("SELECT {row} FROM \"{table}\" ORDER BY 1"))
            .fetch_all(&pool)
            .await
            .expect("rows")
            .into_iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
        out.insert(table, rows);
    }
    pool.close().await;
    out
}

/// Requests that change the server or speak in public. A refusal may read,
/// answer the interaction ephemerally, and nothing else.
fn changes(fake: &FakeDiscord, from: usize) -> Vec<String> {
    fake.requests()
        .into_iter()
        .skip(from)
        .filter(|r| r.method != "GET")
        .filter(|r| {
            let ephemeral = r.body["data"]["flags"].as_u64().unwrap_or(0) & 64 == 64
                || r.body["flags"].as_u64().unwrap_or(0) & 64 == 64;
            let answer = r.is("POST", "/interactions/*/*/callback")
                || r.is("POST", "/webhooks/*/*")
                || r.is("PATCH", "/webhooks/*/*/messages/@original");
            !(answer && (ephemeral || r.is("PATCH", "/webhooks/*/*/messages/@original")))
        })
        .map(|r| format!("{} {} {}", r.method, r.path, r.body))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organizer_and_mentor_commands_are_refused_to_those_without_the_role() {
    let fake = FakeDiscord::start().await;
    let event = shipped_event();
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    let mentor_role = fake.add_role(&event.roles.mentor, "0");
    let participant_role = fake.add_role(&event.roles.participant, "0");
    let judge_role = &event
        .jury
        .as_ref()
        .expect("the shipped event has a jury")
        .judge_role;
    fake.add_role(judge_role, "0");
    fake.add_text_channel(&event.channels.log, None);
    fake.add_text_channel(&event.channels.announcements, None);
    let db = TestDb::sqlite().await;
    let mut policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = chrono::Utc::now();
    let world = World {
        target: (7002, "objetivo"),
        participant_role,
        team: "Equipo Objetivo",
        ticket_thread: None,
    };
    somosbot::domain::team::create_team(&db.store, &policy, 7001, world.team, "tema", None, now)
        .await
        .expect("a team to act on");
    // A help post with its ticket, for the commands that run in one.
    let help = &event.help;
    let (forum, tags) = fake.add_forum(
        &event.channels.help_forum,
        &[
            &help.tag,
            &help.open_tag,
            &help.claimed_tag,
            &help.resolved_tag,
        ],
    );
    let asker = (7003u64, "preguntona");
    fake.add_member(asker.0, asker.1, &[participant_role]);
    let thread = fake.user_forum_post(
        forum,
        asker.0,
        "¿Cómo subo el dataset?",
        &tags[..2],
        "Ayuda",
    );
    db.store
        .create_ticket(&somosbot::store::NewTicket {
            event_id: &event.event.id,
            thread_id: Some(thread),
            author_id: asker.0,
            title: "¿Cómo subo el dataset?",
            request_key: None,
            lang: Some("es"),
            now,
        })
        .await
        .expect("a ticket to act on");
    let world = World {
        ticket_thread: Some(thread),
        ..world
    };
    let db_url = db.url.expose().to_string();
    let bot = RunningBot::start(&fake, db).await;
    let participant = (7100u64, "participante");
    let mentor = (7200u64, "mentora");
    let organizer = (7300u64, "organizadora");
    fake.add_member(participant.0, participant.1, &[participant_role]);
    fake.add_member(mentor.0, mentor.1, &[mentor_role]);
    fake.add_member(organizer.0, organizer.1, &[organizer_role]);
    fake.add_member(world.target.0, world.target.1, &[participant_role]);
    let i18n = I18n::load().expect("texts");
    let table: BTreeMap<&str, Who> = ACCESS.iter().copied().collect();
    // What the bot does on its own at start (help posts' tags…) is done.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let start = fake.requests().len();
    let before = dump(&db_url).await;

    // Each guarded command, and each participant command with a guarded option set.
    let all = leaves();
    let mut cases: Vec<(&crate::command_table::Leaf, Option<Who>, Option<&Value>)> = Vec::new();
    for leaf in &all {
        cases.push((leaf, table.get(leaf.qualified.as_str()).copied(), None));
        for (command, option, who) in GUARDED_OPTIONS {
            if *command == leaf.qualified {
                let option = leaf
                    .options
                    .iter()
                    .find(|o| o["name"] == *option)
                    .unwrap_or_else(|| panic!("/{command} has no option {option}"));
                cases.push((leaf, Some(*who), Some(option)));
            }
        }
    }
    let mut checked = 0;
    for (n, (leaf, who, guarded)) in cases.into_iter().enumerate() {
        let callers: Vec<((u64, &str), Vec<u64>, &str)> = match who {
            Some(Organizer) => vec![
                (participant, vec![participant_role], "not organizer"),
                (mentor, vec![mentor_role], "not organizer"),
            ],
            Some(Mentor) => vec![(participant, vec![participant_role], "not mentor")],
            Some(Judge) => vec![
                (participant, vec![participant_role], "not judge"),
                (organizer, vec![organizer_role], "not judge"),
            ],
            // Unclassified commands fail `every_command_is_classified`.
            Some(Participant) | None => continue,
        };
        for (k, (caller, roles, why)) in callers.into_iter().enumerate() {
            let (locale, lang) = if (n + k) % 2 == 0 {
                ("en-US", Lang::En)
            } else {
                ("es-419", Lang::Es)
            };
            let expected = match who {
                Some(Mentor) => i18n.get(lang, "error-not-mentor"),
                Some(Judge) => i18n.get_args(
                    lang,
                    "jury-not-judge",
                    &[("role", judge_role.clone().into())],
                ),
                _ => i18n.get_args(
                    lang,
                    "error-not-organizer",
                    &[("role", event.roles.organizer.clone().into())],
                ),
            };
            let from = fake.requests().len();
            let mut builder = invocation(leaf, caller, &roles, locale, &world);
            if let Some(option) = guarded {
                builder = with_option(builder, option, &world);
            }
            let sent = fake.send_interaction(builder);
            let (text, ephemeral) = first_answer(&fake, &sent).await;
            assert_eq!(
                text, expected,
                "/{} by a {why} caller ({locale}) was not refused",
                leaf.qualified
            );
            assert!(ephemeral, "/{}: the refusal is public", leaf.qualified);
            let changed = changes(&fake, from);
            assert!(
                changed.is_empty(),
                "/{} by a {why} caller changed the server: {changed:#?}",
                leaf.qualified
            );
            assert_eq!(
                dump(&db_url).await,
                before,
                "/{} by a {why} caller changed the database",
                leaf.qualified
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} refusals were checked");
    // Nothing happens later either (work spawned after the answer).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let changed = changes(&fake, start);
    assert!(changed.is_empty(), "{changed:#?}");
    assert_eq!(dump(&db_url).await, before);
    fake.assert_no_unknown_routes();
    bot.stop().await.expect("the bot stops cleanly");
}
