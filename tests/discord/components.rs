//! Every button and form of the bot, pressed by someone it is not for: the
//! table of components (`somosbot::discord::custom_id::TABLE`) is walked,
//! each component is pressed by an outsider against the real bot, and the
//! answer is a private refusal in their language while nothing changes —
//! not the database, not a message.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};
use somosbot::discord::custom_id::{CustomId, Kind, Presser, TABLE};
use somosbot::i18n::{I18n, Lang};
use somosbot::store::NewTicket;

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::{self, GENERAL_CHANNEL_ID};
use crate::support::fake_discord::view::content;
use crate::support::fake_discord::{FakeDiscord, InteractionBuilder};
use crate::teams_kit::{answer, event_closing_in, prepare};

const CAPTAIN: u64 = 9001;
const INVITED: u64 = 9002;
const ASKING: u64 = 9003;
const AUTHOR: u64 = 9004;
const OUTSIDER: (u64, &str) = (9999, "forastera");

/// What the walk acts on: real rows, so a missing check would act on them.
struct Scene {
    team: i64,
    invitation: i64,
    request: i64,
    ticket: i64,
}

/// A component of `kind` aimed at the scene's rows and people.
fn sample(kind: Kind, s: &Scene) -> CustomId {
    // Exhaustive: a new component must be added to the walk.
    match kind {
        Kind::SetupApply => CustomId::SetupApply { owner: CAPTAIN },
        Kind::SetupCancel => CustomId::SetupCancel { owner: CAPTAIN },
        Kind::SubmissionRecheck => CustomId::SubmissionRecheck { team: s.team },
        Kind::PathMine => CustomId::PathMine,
        Kind::PathTeam => CustomId::PathTeam { team: s.team },
        Kind::GpuRelease => CustomId::GpuRelease {
            lease: 1,
            owner: CAPTAIN,
        },
        Kind::GpuKeep => CustomId::GpuKeep { owner: CAPTAIN },
        Kind::AnnounceForm => CustomId::AnnounceForm {
            channel: GENERAL_CHANNEL_ID,
            role: 0,
            at: 0,
        },
        Kind::AnnouncePost => CustomId::AnnouncePost {
            channel: GENERAL_CHANNEL_ID,
            role: 0,
            at: 0,
        },
        Kind::AnnounceDrop => CustomId::AnnounceDrop,
        Kind::JuryPublish => CustomId::JuryPublish,
        Kind::AskForm => CustomId::AskForm {
            opener: 77,
            topic: 0,
        },
        Kind::AskEdit => CustomId::AskEdit { topic: 0 },
        Kind::TicketClaim => CustomId::TicketClaim { ticket: s.ticket },
        Kind::TicketRelease => CustomId::TicketRelease { ticket: s.ticket },
        Kind::FaqSolved => CustomId::FaqSolved { ticket: s.ticket },
        Kind::FaqStill => CustomId::FaqStill { ticket: s.ticket },
        Kind::TicketRate => CustomId::TicketRate {
            ticket: s.ticket,
            stars: 5,
        },
        Kind::TicketQueue => CustomId::TicketQueue { page: 1 },
        Kind::InviteAccept => CustomId::InviteAccept {
            invitation: s.invitation,
        },
        Kind::InviteDecline => CustomId::InviteDecline {
            invitation: s.invitation,
        },
        Kind::RequestApprove => CustomId::RequestApprove {
            invitation: s.request,
        },
        Kind::RequestDeny => CustomId::RequestDeny {
            invitation: s.request,
        },
        Kind::TeamDisband => CustomId::TeamDisband {
            team: s.team,
            owner: CAPTAIN,
        },
        Kind::TeamKeep => CustomId::TeamKeep { owner: CAPTAIN },
        Kind::TeamList => CustomId::TeamList {
            page: 1,
            open_only: false,
            topic: None,
        },
        Kind::LftList => CustomId::LftList {
            page: 1,
            skill: None,
            topic: None,
        },
        Kind::JuryAssign => CustomId::JuryAssign {
            owner: CAPTAIN,
            plan: 1,
        },
        Kind::JuryScore => CustomId::JuryScore {
            team: s.team,
            group: 0,
        },
        Kind::JuryScoreForm => CustomId::JuryScoreForm {
            team: s.team,
            group: 0,
        },
        Kind::JuryComment => CustomId::JuryComment { team: s.team },
        Kind::JuryCommentForm => CustomId::JuryCommentForm { team: s.team },
        Kind::JuryExtra => CustomId::JuryExtra { team: s.team },
    }
}

/// The refusal the outsider must read, in their language.
fn refusal(who: Presser, i18n: &I18n, lang: Lang) -> String {
    match who {
        Presser::Person(_) => i18n.get(lang, "error-button-not-yours"),
        Presser::Organizers => i18n.get_args(
            lang,
            "error-not-organizer",
            &[("role", shipped_event().roles.organizer.into())],
        ),
        Presser::Mentors => i18n.get(lang, "error-not-mentor"),
        Presser::TeamMembers(_) => i18n.get(lang, "component-refused-team"),
        Presser::Invitee(_) | Presser::Captain(_) => {
            i18n.get(lang, "team-error-invitation-not-yours")
        }
        Presser::PostAuthor(_) => i18n.get(lang, "ticket-only-author"),
        Presser::Judges => i18n.get_args(
            lang,
            "jury-not-judge",
            &[(
                "role",
                shipped_event().jury.expect("a jury").judge_role.into(),
            )],
        ),
        Presser::Anyone => unreachable!("anyone may press it"),
    }
}

/// Every row of every table of the test database, as text.
async fn snapshot(db: &TestDb) -> BTreeMap<String, Vec<String>> {
    let url = db.url.expose().to_string();
    let mut out = BTreeMap::new();
    if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&url).await.expect("open postgres");
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() \
             AND tablename NOT LIKE '_sqlx%' ORDER BY tablename",
        )
        .fetch_all(&pool)
        .await
        .expect("tables");
        for table in tables {
            let mut rows: Vec<String> =
                sqlx::query_scalar(&format!("SELECT CAST(t AS text) FROM \"{table}\" AS t"))
                    .fetch_all(&pool)
                    .await
                    .expect("rows");
            rows.sort();
            out.insert(table, rows);
        }
        pool.close().await;
        assert!(!out.is_empty(), "the schema's tables were found");
        return out;
    }
    let pool = sqlx::SqlitePool::connect(&url).await.expect("open sqlite");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .expect("tables");
    for table in tables {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(&pool)
                .await
                .expect("columns");
        let row_text = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {row_text} FROM \"{table}\""))
                .fetch_all(&pool)
                .await
                .expect("rows");
        rows.sort();
        out.insert(table, rows);
    }
    pool.close().await;
    out
}

/// A message holding the component, as the client sends it with a press.
fn holder(id: &str) -> Value {
    let mut message = fixtures::message(
        424242,
        GENERAL_CHANNEL_ID,
        fixtures::bot_user(),
        "Draft announcement text",
    );
    message["components"] = json!([{
        "type": 1,
        "components": [{ "type": 2, "style": 1, "label": "x", "custom_id": id }],
    }]);
    message
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_component_pressed_by_an_outsider_is_refused_privately_and_changes_nothing() {
    outsiders_change_nothing(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_component_pressed_by_an_outsider_changes_nothing_on_postgres() {
    if let Some(db) = TestDb::postgres("every_component_pressed_by_an_outsider").await {
        outsiders_change_nothing(db).await;
    }
}

async fn outsiders_change_nothing(db: TestDb) {
    let fake = FakeDiscord::start().await;
    let event = event_closing_in(30);
    prepare(&fake);
    let participant_role = fixtures::id_of(
        &fake
            .role_named(&event.roles.participant)
            .expect("participant role")["id"],
    )
    .expect("role id");
    fake.add_role(&event.roles.mentor, "0");
    fake.add_forum(&event.channels.help_forum, &[&event.help.tag]);
    let log = fake.add_text_channel(&event.channels.log, None);
    let mut policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    policy.registration_closes = None;
    let now = chrono::Utc::now();
    let team = somosbot::domain::team::create_team(
        &db.store,
        &policy,
        CAPTAIN,
        "Equipo Cerrado",
        "tema del equipo",
        None,
        now,
    )
    .await
    .expect("a team");
    let (_, invitation) = somosbot::domain::team::invite(&db.store, &policy, CAPTAIN, INVITED, now)
        .await
        .expect("an invitation");
    let (_, request) =
        somosbot::domain::team::request_to_join(&db.store, &policy, ASKING, &team.name, now)
            .await
            .expect("a join request");
    let (ticket, _) = db
        .store
        .create_ticket(&NewTicket {
            event_id: &event.event.id,
            thread_id: Some(5555),
            author_id: AUTHOR,
            title: "How do I load the dataset?",
            request_key: None,
            lang: Some("en"),
            now,
        })
        .await
        .expect("a ticket");
    let scene = Scene {
        team: team.id,
        invitation: invitation.id,
        request: request.id,
        ticket: ticket.id,
    };
    for (id, name) in [
        (CAPTAIN, "capitana"),
        (INVITED, "invitada"),
        (ASKING, "aspirante"),
        (AUTHOR, "autora"),
    ] {
        fake.add_member(id, name, &[participant_role]);
    }
    fake.add_member(OUTSIDER.0, OUTSIDER.1, &[participant_role]);
    let bot = RunningBot::start_with(&fake, db, event).await;
    // The start's ticket check reports ticket 5555's post (not on Discord)
    // in the log: wait for it, so it is not taken for a press's doing.
    fake.wait_for("the start's ticket report", crate::teams_kit::WAIT, |i| {
        (!crate::teams_kit::messages_of(i, log).is_empty()).then_some(())
    })
    .await;
    let i18n = I18n::load().expect("texts");
    let first = snapshot(&bot.db).await;
    assert!(
        first
            .values()
            .flatten()
            .any(|row| row.contains("Equipo Cerrado")),
        "the snapshot sees the scene's rows: {first:?}"
    );

    let mut anyone = Vec::new();
    let mut walked = 0;
    for (n, route) in TABLE.iter().enumerate() {
        // Half the outsiders read Spanish, half English.
        let (locale, lang) = if n % 2 == 0 {
            ("es-ES", Lang::Es)
        } else {
            ("en-US", Lang::En)
        };
        let id = sample(route.kind, &scene);
        let who = id.presser();
        if who == Presser::Anyone {
            anyone.push(route.kind);
            continue;
        }
        let before = snapshot(&bot.db).await;
        let seen = fake.requests().len();
        let custom_id = id.to_string();
        let press = if route.modal {
            InteractionBuilder::modal_submit(&custom_id, &[("text", "Hola a todos")])
        } else {
            InteractionBuilder::button(&custom_id, holder(&custom_id))
        };
        let sent = fake.send_interaction(
            press
                .channel(GENERAL_CHANNEL_ID)
                .user(OUTSIDER.0, OUTSIDER.1)
                .roles(&[participant_role])
                .locale(locale),
        );
        let answered = answer(&fake, &sent).await;
        // Whatever a missing check would have started has time to show.
        tokio::time::sleep(Duration::from_millis(250)).await;
        let what = format!("{:?} ({custom_id}) by an outsider", route.kind);
        assert_eq!(content(&answered), refusal(who, &i18n, lang), "{what}");
        let callback = fake.callback_for(&sent.token).expect("a callback");
        assert_eq!(
            callback["type"], 4,
            "{what}: a new private message, not an edit"
        );
        assert_eq!(
            callback["data"]["flags"].as_u64().unwrap_or_default() & 64,
            64,
            "{what}: the refusal is ephemeral"
        );
        let writes: Vec<String> = fake.requests()[seen..]
            .iter()
            .filter(|r| r.method != "GET")
            .filter(|r| !r.is("POST", &format!("/interactions/*/{}/callback", sent.token)))
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(writes.is_empty(), "{what} made Discord changes: {writes:?}");
        assert_eq!(
            snapshot(&bot.db).await,
            before,
            "{what} changed the database"
        );
        walked += 1;
    }

    assert_eq!(
        anyone,
        vec![
            Kind::PathMine,
            Kind::AskForm,
            Kind::AskEdit,
            Kind::TeamList,
            Kind::LftList
        ],
        "only read-only components and the presser's own forms are open to anyone"
    );
    assert_eq!(walked + anyone.len(), TABLE.len());
    let bare = fake.messages_without_allowed_mentions();
    assert!(bare.is_empty(), "{bare:#?}");
    fake.assert_no_unknown_routes();
    bot.stop().await.expect("the bot stops cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_and_oversized_custom_ids_get_the_expired_answer_and_change_nothing() {
    let fake = FakeDiscord::start().await;
    prepare(&fake);
    let db = TestDb::sqlite().await;
    let bot = RunningBot::start_with(&fake, db, event_closing_in(30)).await;
    let i18n = I18n::load().expect("texts");
    fake.add_member(OUTSIDER.0, OUTSIDER.1, &[]);
    let long = format!("sb:tk-claim:{}", "9".repeat(90));
    for forged in [
        "sb:tk-claim:-1",
        "sb:team-disband:1",
        "sb:inv-accept:1\nINFO somosbot: granted",
        "sb:nothing:1",
        "",
        long.as_str(),
    ] {
        let before = snapshot(&bot.db).await;
        let seen = fake.requests().len();
        let sent = fake.send_interaction(
            InteractionBuilder::button(forged, holder(forged))
                .channel(GENERAL_CHANNEL_ID)
                .user(OUTSIDER.0, OUTSIDER.1)
                .locale("en-US"),
        );
        let answered = answer(&fake, &sent).await;
        assert_eq!(
            content(&answered),
            i18n.get(Lang::En, "error-expired-button"),
            "{forged:?}"
        );
        let writes = fake.requests()[seen..]
            .iter()
            .filter(|r| r.method != "GET" && !r.path.ends_with("/callback"))
            .count();
        assert_eq!(writes, 0, "{forged:?}");
        assert_eq!(snapshot(&bot.db).await, before, "{forged:?}");
    }
    bot.stop().await.expect("the bot stops cleanly");
}
