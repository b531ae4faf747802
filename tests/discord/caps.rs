//! Caps against Discord's limits and spam, through the real bot: each
//! refusal says the cap and when it resets (a Discord timestamp where time
//! is what frees it), and changes nothing. Invitations expire by the
//! scheduler, which also takes back a channel view given for closed DMs.

use chrono::{Duration, Utc};

use crate::schedule::discord_scheduler;
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::id_of;
use crate::support::fake_discord::{Failure, InteractionBuilder};
use crate::teams::button_with;
use crate::teams_kit::*;

const EVENT: &str = "somos600m-2024";

/// Whether a refusal names a time as a Discord timestamp.
fn has_timestamp(text: &str) -> bool {
    text.contains("<t:") && text.contains(":R>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_team_cap_refuses_saying_the_limit_and_when_it_resets() {
    let mut event = event_closing_in(30);
    event.limits.max_teams = Some(2);
    event.limits.pending_invitations_per_team = 1;
    event.limits.lft_posts_per_day = 1;
    let (fake, _server, bot) = start_on(TestDb::sqlite().await, event).await;
    let store = bot.db.store.clone();
    let ana = person(&fake, 5001, "ana");
    let bea = person(&fake, 5002, "bea");
    let cruz = person(&fake, 5003, "cruz");
    let dani = person(&fake, 5004, "dani");
    let eva = person(&fake, 5005, "eva");

    // Teams in total.
    create_team(&fake, &ana, "Uno").await;
    create_team(&fake, &bea, "Dos").await;
    let refused = say(
        &fake,
        team_cmd(&cruz, "create")
            .option("name", "Tres")
            .option("topic", "Corpus de refranes"),
    )
    .await;
    assert!(refused.contains("already has its 2 teams"), "{refused}");
    assert_eq!(store.count_teams(EVENT).await.unwrap(), 2);
    assert!(fake.role_named("Tres").is_none(), "no role made");

    // Pending invitations per team: the next frees when the first expires.
    let dm = invite(&fake, &ana, &dani).await;
    let refused = say(
        &fake,
        team_cmd(&ana, "invite").option_user("person", user_json(eva.0, &eva.1), &[]),
    )
    .await;
    assert!(
        refused.contains("1 invitations waiting") && has_timestamp(&refused),
        "{refused}"
    );

    // Re-inviting someone who declined waits a cooldown.
    let declined = click(&fake, &dm, &button_with(&dm, "sb:inv-decline:"), &dani);
    answer(&fake, &declined).await;
    let refused = say(
        &fake,
        team_cmd(&ana, "invite").option_user("person", user_json(dani.0, &dani.1), &[]),
    )
    .await;
    assert!(
        refused.contains("declined an invitation") && refused.contains("24 hours"),
        "{refused}"
    );
    assert!(has_timestamp(&refused), "{refused}");
    // Someone else may be invited meanwhile.
    invite(&fake, &ana, &eva).await;

    // Creating a team again after disbanding one waits a cooldown.
    let sent = fake.send_interaction(team_cmd(&bea, "disband"));
    let confirm = answer(&fake, &sent).await;
    let pressed = click(
        &fake,
        &confirm,
        &button_with(&confirm, "sb:team-disband:"),
        &bea,
    );
    assert!(content(&answer(&fake, &pressed).await).contains("was disbanded"));
    let refused = say(
        &fake,
        team_cmd(&bea, "create")
            .option("name", "Dos Bis")
            .option("topic", "Corpus de refranes"),
    )
    .await;
    assert!(
        refused.contains("disbanded a team") && refused.contains("12 hours"),
        "{refused}"
    );
    assert!(has_timestamp(&refused), "{refused}");
    // The place it left is free for someone else.
    create_team(&fake, &cruz, "Tres").await;

    // "Looking for a team" posts per person and day.
    let lft = |who: &(u64, String)| {
        InteractionBuilder::slash("lft")
            .subcommand("post")
            .user(who.0, &who.1)
            .locale("en-US")
            .option("topic", "Traducción al gallego")
            .option("skills", "datos")
            .option("languages", "gallego")
            .option("timezone", "UTC+1")
    };
    let posted = say(&fake, lft(&bea)).await;
    assert!(posted.contains("Your post is up"), "{posted}");
    store
        .close_lft_posts_of(EVENT, bea.0, Utc::now())
        .await
        .unwrap();
    let refused = say(&fake, lft(&bea)).await;
    assert!(
        refused.contains("1 posts in the last 24 hours") && has_timestamp(&refused),
        "{refused}"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_invitation_takes_back_the_channel_view_given_for_closed_dms() {
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
    let sees = |fake: &crate::support::fake_discord::FakeDiscord| {
        fake.channel(channel).unwrap()["permission_overwrites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| id_of(&o["id"]) == Some(bea.0))
    };
    assert!(sees(&fake), "the invited person can see the channel");
    let team = bot.db.store.team_of(EVENT, ana.0).await.unwrap().unwrap();
    let invitation = bot.db.store.pending_invitations(team.id).await.unwrap()[0].clone();

    let scheduler = discord_scheduler(&fake, &bot.db);
    scheduler
        .tick(invitation.expires_at - Duration::minutes(1))
        .await
        .unwrap();
    assert!(sees(&fake), "not before it expires");
    let report = scheduler
        .tick(invitation.expires_at + Duration::minutes(1))
        .await
        .unwrap();
    assert!(!sees(&fake), "the view is taken back: {report:?}");
    let expired = bot
        .db
        .store
        .invitation(invitation.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(expired.status, somosbot::store::InvitationStatus::Expired);
    // The button in the channel says so and changes nothing.
    let post = fake
        .messages_in(channel)
        .into_iter()
        .find(|m| content(m).starts_with("<@5002>"))
        .expect("the invitation in the team channel");
    let pressed = click(&fake, &post, &button_with(&post, "sb:inv-accept:"), &bea);
    let text = content(&answer(&fake, &pressed).await);
    assert!(text.contains("has expired"), "{text}");
    assert!(bot.db.store.team_of(EVENT, bea.0).await.unwrap().is_none());
    bot.stop().await.unwrap();
}
