//! Joining and leaving teams: invitations, requests, restarts, closed DMs,
//! the size limit under concurrency, and what captains can do.

use serde_json::Value;

use crate::support::bot::RunningBot;
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::id_of;
use crate::support::fake_discord::{Failure, InteractionBuilder};
use crate::teams::button_with;
use crate::teams_kit::*;

const EVENT: &str = "somos600m-2024";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_accepted_by_dm_gives_the_role_and_a_second_click_does_nothing() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let channel = create_team(&fake, &ana, "Refraneros").await;
    let dm = invite(&fake, &ana, &bea).await;
    assert!(content(&dm).contains("Refraneros"), "{dm}");
    let accept = button_with(&dm, "sb:inv-accept:");

    // Someone else cannot use it.
    let cruz = person(&fake, 5003, "cruz");
    let other = click(&fake, &dm, &accept, &cruz);
    assert!(content(&answer(&fake, &other).await).contains("for someone else"));

    let first = click(&fake, &dm, &accept, &bea);
    let text = content(&answer(&fake, &first).await);
    assert!(text.contains("Welcome to **Refraneros**"), "{text}");
    wait_role(&fake, bea.0, "Refraneros", true).await;
    fake.wait_for("the welcome in the team channel", WAIT, |i| {
        messages_of(i, channel)
            .iter()
            .any(|m| content(m).contains("<@5002> se ha unido"))
            .then_some(())
    })
    .await;

    let second = click(&fake, &dm, &accept, &bea);
    let text = content(&answer(&fake, &second).await);
    assert!(text.contains("already answered"), "{text}");
    let team = bot.db.store.team_of(EVENT, bea.0).await.unwrap().unwrap();
    assert_eq!(team.member_count, 2);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_survives_a_restart() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    create_team(&fake, &ana, "Persistentes").await;
    let dm = invite(&fake, &ana, &bea).await;

    let db = bot.stop_keeping_db().await;
    let registrations = fake
        .requests_to("PUT", "/applications/*/guilds/*/commands")
        .len();
    let bot = RunningBot::start_with(&fake, db, event_closing_in(30)).await;
    fake.wait_request_n("PUT", "/applications/*/guilds/*/commands", registrations)
        .await;

    let pressed = click(&fake, &dm, &button_with(&dm, "sb:inv-accept:"), &bea);
    let text = content(&answer(&fake, &pressed).await);
    assert!(text.contains("Welcome to **Persistentes**"), "{text}");
    wait_role(&fake, bea.0, "Persistentes", true).await;
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_dms_fall_back_to_a_mention_in_the_team_channel() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let channel = create_team(&fake, &ana, "Sin Privados").await;
    fake.fail_next_dm_messages(1, Failure::cannot_dm());
    let text = say(
        &fake,
        team_cmd(&ana, "invite").option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("does not accept private messages"), "{text}");
    let post = fake
        .messages_in(channel)
        .into_iter()
        .find(|m| content(m).starts_with("<@5002>"))
        .expect("the invitation in the team channel");
    let sent = fake
        .requests_to("POST", &format!("/channels/{channel}/messages"))
        .into_iter()
        .find(|r| {
            r.body["content"]
                .as_str()
                .is_some_and(|c| c.starts_with("<@5002>"))
        })
        .expect("the request that posted it");
    assert_eq!(
        sent.body["allowed_mentions"]["users"],
        serde_json::json!(["5002"]),
        "only the invited person is pinged: {}",
        sent.body
    );
    let overwrites = fake.channel(channel).unwrap()["permission_overwrites"].clone();
    assert!(
        overwrites
            .as_array()
            .unwrap()
            .iter()
            .any(|o| id_of(&o["id"]) == Some(bea.0)),
        "the invited person can see the channel: {overwrites}"
    );
    let pressed = click(&fake, &post, &button_with(&post, "sb:inv-accept:"), &bea);
    assert!(content(&answer(&fake, &pressed).await).contains("Welcome"));
    wait_role(&fake, bea.0, "Sin Privados", true).await;
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_join_request_is_approved_by_the_captain_in_the_team_channel() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let channel = create_team(&fake, &ana, "Abiertos").await;
    let text = say(&fake, team_cmd(&bea, "request").option("name", "abiertos")).await;
    assert!(text.contains("was sent to its captain"), "{text}");
    let post = fake
        .messages_in(channel)
        .into_iter()
        .find(|m| content(m).contains("asks to join"))
        .expect("the request in the team channel, in the captain's language");
    let approve = button_with(&post, "sb:req-approve:");
    // Only the captain decides.
    let pressed = click(&fake, &post, &approve, &bea);
    assert!(content(&answer(&fake, &pressed).await).contains("for someone else"));
    let pressed = click(&fake, &post, &approve, &ana);
    let text = content(&answer(&fake, &pressed).await);
    assert!(text.contains("<@5002> is now in **Abiertos**"), "{text}");
    wait_role(&fake, bea.0, "Abiertos", true).await;
    fake.wait_for("the DM to the requester", WAIT, |i| {
        dms_in(i, bea.0)
            .iter()
            .any(|m| content(m).contains("was accepted"))
            .then_some(())
    })
    .await;
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sixth_member_is_refused() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    create_team(&fake, &ana, "Cinco").await;
    let mut dms = Vec::new();
    for i in 2..=6u64 {
        let p = person(&fake, 5000 + i, &format!("p{i}"));
        dms.push((invite(&fake, &ana, &p).await, p));
    }
    for (dm, p) in dms.iter().take(4) {
        let pressed = click(&fake, dm, &button_with(dm, "sb:inv-accept:"), p);
        assert!(content(&answer(&fake, &pressed).await).contains("Welcome"));
    }
    let (dm, sixth) = &dms[4];
    let pressed = click(&fake, dm, &button_with(dm, "sb:inv-accept:"), sixth);
    let text = content(&answer(&fake, &pressed).await);
    assert!(text.contains("full (5 members at most)"), "{text}");
    assert!(!has_role(&fake, sixth.0, "Cinco"));
    // A full team cannot invite either.
    let seven = person(&fake, 5007, "p7");
    let text = say(
        &fake,
        team_cmd(&ana, "invite").option_user("person", user_json(seven.0, &seven.1), &[]),
    )
    .await;
    assert!(text.contains("full"), "{text}");
    bot.stop().await.unwrap();
}

/// 20 people press Accept at once on invitations to a team with 2 free
/// places: exactly 2 join, and exactly 2 get the role.
async fn twenty_accepts_for_two_places(db: TestDb) {
    let mut event = event_closing_in(30);
    // Twenty-two invitations wait at once here.
    event.limits.pending_invitations_per_team = 25;
    let (fake, _server, bot) = start_on(db, event).await;
    let ana = person(&fake, 5001, "ana");
    create_team(&fake, &ana, "Carrera").await;
    let mut invited = Vec::new();
    for i in 0..22u64 {
        let p = person(&fake, 6000 + i, &format!("r{i}"));
        invited.push((invite(&fake, &ana, &p).await, p));
    }
    // Two join first: three places are taken, two are free.
    for (dm, p) in invited.drain(..2) {
        let pressed = click(&fake, &dm, &button_with(&dm, "sb:inv-accept:"), &p);
        assert!(content(&answer(&fake, &pressed).await).contains("Welcome"));
    }
    let presses: Vec<_> = invited
        .iter()
        .map(|(dm, p)| click(&fake, dm, &button_with(dm, "sb:inv-accept:"), p))
        .collect();
    let mut welcomed = 0;
    for pressed in &presses {
        let text = content(&answer(&fake, pressed).await);
        if text.contains("Welcome") {
            welcomed += 1;
        } else {
            assert!(text.contains("full"), "{text}");
        }
    }
    assert_eq!(welcomed, 2);
    let team = bot.db.store.team_of(EVENT, ana.0).await.unwrap().unwrap();
    assert_eq!(team.member_count, 5);
    fake.wait_for("two roles given", WAIT, |i| {
        let given = invited
            .iter()
            .filter(|(_, p)| has_role_in(i, p.0, "Carrera"))
            .count();
        (given == 2).then_some(())
    })
    .await;
    // And no more than two, once every handler is done.
    for pressed in &presses {
        answer(&fake, pressed).await;
    }
    let given = invited
        .iter()
        .filter(|(_, p)| has_role(&fake, p.0, "Carrera"))
        .count();
    assert_eq!(given, 2);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_accepts_for_two_places_let_exactly_two_in_on_sqlite() {
    twenty_accepts_for_two_places(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_accepts_for_two_places_let_exactly_two_in_on_postgres() {
    if let Some(db) = TestDb::postgres("twenty_accepts_for_two_places").await {
        twenty_accepts_for_two_places(db).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_invitation_gets_a_clear_answer() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    create_team(&fake, &ana, "Caducados").await;
    let team = bot.db.store.team_of(EVENT, ana.0).await.unwrap().unwrap();
    let past = chrono::Utc::now() - chrono::Duration::hours(50);
    let invitation = bot
        .db
        .store
        .create_invitation(
            EVENT,
            team.id,
            bea.0,
            somosbot::store::InvitationKind::Invite,
            ana.0,
            past,
            past + chrono::Duration::hours(48),
        )
        .await
        .unwrap()
        .unwrap();
    let message =
        crate::support::fake_discord::fixtures::bot_message(1, fake.general_channel_id(), "x");
    let pressed = fake.send_interaction(
        InteractionBuilder::button(&format!("sb:inv-accept:{}", invitation.id), message)
            .user(bea.0, &bea.1)
            .locale("en-US"),
    );
    let text = content(&answer(&fake, &pressed).await);
    assert!(text.contains("has expired"), "{text}");
    assert!(bot.db.store.team_of(EVENT, bea.0).await.unwrap().is_none());
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn captains_leave_kick_transfer_rename_and_disband() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let cruz = person(&fake, 5003, "cruz");
    let channel = create_team(&fake, &ana, "Viajeros").await;
    for p in [&bea, &cruz] {
        let dm = invite(&fake, &ana, p).await;
        let pressed = click(&fake, &dm, &button_with(&dm, "sb:inv-accept:"), p);
        assert!(content(&answer(&fake, &pressed).await).contains("Welcome"));
    }
    // Only the captain kicks; the captain kicks cruz.
    let text = say(
        &fake,
        team_cmd(&bea, "kick").option_user("person", user_json(cruz.0, &cruz.1), &[]),
    )
    .await;
    assert!(text.contains("Only the team's captain"), "{text}");
    wait_role(&fake, cruz.0, "Viajeros", true).await;
    let text = say(
        &fake,
        team_cmd(&ana, "kick").option_user("person", user_json(cruz.0, &cruz.1), &[]),
    )
    .await;
    assert!(text.contains("is no longer in **Viajeros**"), "{text}");
    assert!(
        !has_role(&fake, cruz.0, "Viajeros"),
        "the role is taken away"
    );

    // Transfer to bea and back.
    let text = say(
        &fake,
        team_cmd(&ana, "transfer").option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("<@5002> is the captain"), "{text}");
    let text = say(
        &fake,
        team_cmd(&bea, "transfer").option_user("person", user_json(ana.0, &ana.1), &[]),
    )
    .await;
    assert!(text.contains("<@5001> is the captain"), "{text}");

    // Rename: database, role and channel.
    let text = say(&fake, team_cmd(&ana, "rename").option("name", "Nómadas")).await;
    assert!(text.contains("now called **Nómadas**"), "{text}");
    assert!(fake.role_named(&team_role("Nómadas")).is_some());
    assert_eq!(fake.channel(channel).unwrap()["name"], "equipo-nómadas");

    // The captain leaves: bea, the longest member, takes over.
    let text = say(&fake, team_cmd(&ana, "leave")).await;
    assert!(text.contains("<@5002> is its captain now"), "{text}");
    assert!(!has_role(&fake, ana.0, "Nómadas"));
    let team = bot.db.store.team_of(EVENT, bea.0).await.unwrap().unwrap();
    assert_eq!((team.captain_id, team.member_count), (bea.0, 1));

    // The last member leaving asks first, then disbands.
    let sent = fake.send_interaction(team_cmd(&bea, "leave"));
    let confirm = answer(&fake, &sent).await;
    assert!(
        content(&confirm).contains("leaving disbands it"),
        "{confirm}"
    );
    let cancel = click(
        &fake,
        &confirm,
        &button_with(&confirm, "sb:team-keep:"),
        &bea,
    );
    assert!(content(&answer(&fake, &cancel).await).contains("Nothing changed"));
    assert!(bot.db.store.team(team.id).await.unwrap().is_some());

    let sent = fake.send_interaction(team_cmd(&bea, "disband"));
    let confirm = answer(&fake, &sent).await;
    let disband = button_with(&confirm, "sb:team-disband:");
    let pressed = click(&fake, &confirm, &disband, &bea);
    assert!(content(&answer(&fake, &pressed).await).contains("was disbanded"));
    assert!(bot.db.store.team(team.id).await.unwrap().is_none());
    fake.wait_for("the channel and role deleted", WAIT, |i| {
        (!i.state.channels.contains_key(&channel)
            && !i
                .state
                .roles
                .values()
                .any(|r| r["name"] == "Equipo · Nómadas"))
        .then_some(())
    })
    .await;
    // A second press does nothing more.
    let again = click(&fake, &confirm, &disband, &bea);
    assert!(content(&answer(&fake, &again).await).contains("not in a team"));
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn looking_for_a_team_opens_a_thread_is_listed_and_closes_on_joining() {
    let (fake, server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let lft = |who: &(u64, String), sub: &str| {
        InteractionBuilder::slash("lft")
            .subcommand(sub)
            .user(who.0, &who.1)
            .locale("en-US")
    };
    let text = say(
        &fake,
        lft(&bea, "post")
            .option("topic", "Traducción al gallego")
            .option("skills", "datos, evaluación")
            .option("languages", "gallego, español")
            .option("timezone", "UTC+1"),
    )
    .await;
    assert!(text.contains("Your post is up"), "{text}");
    let thread = fake
        .wait_for("the thread", WAIT, |i| {
            i.state
                .threads()
                .into_iter()
                .find(|t| id_of(&t["parent_id"]) == Some(server.find_team))
        })
        .await;
    let thread_id = id_of(&thread["id"]).unwrap();
    let again = say(
        &fake,
        lft(&bea, "post")
            .option("topic", "Otra cosa")
            .option("skills", "x")
            .option("languages", "y")
            .option("timezone", "z"),
    )
    .await;
    assert!(again.contains("already have an open post"), "{again}");

    let list = say(&fake, lft(&ana, "list").option("skill", "EVALUACIÓN")).await;
    assert!(
        list.contains("<@5002>") && list.contains("gallego"),
        "{list}"
    );
    let none = say(&fake, lft(&ana, "list").option("topic", "medicina")).await;
    assert!(none.contains("Nobody matches"), "{none}");

    create_team(&fake, &ana, "Gallegos").await;
    let dm = invite(&fake, &ana, &bea).await;
    let pressed = click(&fake, &dm, &button_with(&dm, "sb:inv-accept:"), &bea);
    assert!(content(&answer(&fake, &pressed).await).contains("Welcome"));
    fake.wait_for("the thread archived", WAIT, |i| {
        let t = i.state.channels.get(&thread_id)?;
        (t["thread_metadata"]["archived"] == true).then_some(())
    })
    .await;
    let list = say(&fake, lft(&ana, "list")).await;
    assert!(list.contains("Nobody matches"), "{list}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_team_list_pages_with_buttons_and_filters_open_teams() {
    let db = TestDb::sqlite().await;
    let event = event_closing_in(30);
    let policy = somosbot::domain::team::TeamPolicy::from_config(&event);
    let now = chrono::Utc::now();
    for i in 0..23u64 {
        let topic = if i % 2 == 0 { "salud mental" } else { "leyes" };
        somosbot::domain::team::create_team(
            &db.store,
            &policy,
            7000 + i,
            &format!("Equipo {i:02}"),
            topic,
            None,
            now,
        )
        .await
        .unwrap();
    }
    somosbot::domain::team::set_open(&db.store, &policy, 7003, true, now)
        .await
        .unwrap();
    let (fake, _server, bot) = start_on(db, event).await;
    let ana = person(&fake, 5001, "ana");
    let sent = fake.send_interaction(team_cmd(&ana, "list"));
    let first = answer(&fake, &sent).await;
    assert!(content(&first).contains("(23) — page 1 of 3"), "{first}");
    assert!(content(&first).contains("Equipo 00") && !content(&first).contains("Equipo 10"));
    let next = custom_ids(&first)
        .into_iter()
        .nth(1)
        .expect("a next button");
    let original: Value = fake
        .original_message(&sent.token)
        .expect("the list message");
    let pressed = click(&fake, &original, &next, &ana);
    let second = answer(&fake, &pressed).await;
    assert!(
        content(&second).contains("page 2 of 3") && content(&second).contains("Equipo 10"),
        "{second}"
    );

    let text = say(&fake, team_cmd(&ana, "list").option("topic", "LEYES")).await;
    assert!(text.contains("(11)"), "{text}");
    let text = say(&fake, team_cmd(&ana, "list").option("open", true)).await;
    assert!(
        text.contains("(1)") && text.contains("Equipo 03") && text.contains("open to requests"),
        "{text}"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hugging_face_usernames_are_checked_shown_and_missing_ones_listed() {
    let (fake, server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    create_team(&fake, &ana, "Enlazados").await;
    let hf = |who: &(u64, String)| {
        InteractionBuilder::slash("hf")
            .subcommand("link")
            .user(who.0, &who.1)
            .locale("en-US")
    };
    let org = person(&fake, 5009, "org");
    let missing = || {
        InteractionBuilder::slash("teams")
            .group("admin")
            .subcommand("missing-hf")
            .user(org.0, &org.1)
            .roles(&[server.organizer_role])
            .locale("en-US")
    };
    let text = say(&fake, missing()).await;
    assert!(text.contains("<@5001> — Enlazados"), "{text}");
    let text = say(&fake, hf(&ana).option("username", "not valid!")).await;
    assert!(text.contains("not a valid Hugging Face username"), "{text}");
    let text = say(&fake, hf(&ana).option("username", "ana-garcia")).await;
    assert!(text.contains("**ana-garcia**"), "{text}");
    let info = say(&fake, team_cmd(&ana, "info")).await;
    assert!(info.contains("<@5001> → ana-garcia"), "{info}");
    let text = say(&fake, missing()).await;
    assert!(text.contains("Every team member has linked"), "{text}");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_that_reaches_nobody_is_withdrawn() {
    let (fake, _server, bot) = start().await;
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    create_team(&fake, &ana, "Inalcanzables").await;
    fake.fail_next_dm_messages(1, Failure::cannot_dm());
    fake.fail_next(
        "POST",
        "/channels/*/messages",
        1,
        Failure::missing_permissions(),
    );
    let text = say(
        &fake,
        team_cmd(&ana, "invite").option_user("person", user_json(bea.0, &bea.1), &[]),
    )
    .await;
    assert!(text.contains("went wrong on our side"), "{text}");
    let team = bot.db.store.team_of(EVENT, ana.0).await.unwrap().unwrap();
    assert!(bot
        .db
        .store
        .pending_invitations(team.id)
        .await
        .unwrap()
        .is_empty());
    // The captain can try again.
    invite(&fake, &ana, &bea).await;
    bot.stop().await.unwrap();
}
