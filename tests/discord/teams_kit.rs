//! What the team stories share: a server ready for the event, an event whose
//! registration is open, people, and reading the bot's answers.

use std::time::Duration;

use serde_json::Value;
use somosbot::config::EventConfig;

use crate::support::bot::{shipped_event, RunningBot};
use crate::support::db::TestDb;
use crate::support::fake_discord::fixtures::{self, id_of};
pub use crate::support::fake_discord::view::{content, custom_ids};
use crate::support::fake_discord::{FakeDiscord, Inner, InteractionBuilder, SentInteraction};

pub const WAIT: Duration = Duration::from_secs(15);

/// The shipped event with registration closing in `days` (negative: closed).
pub fn event_closing_in(days: i64) -> EventConfig {
    let mut event = shipped_event();
    let id = event.teams.registration_closes.clone();
    let at = (chrono::Utc::now() + chrono::Duration::days(days)).fixed_offset();
    for d in &mut event.deadlines {
        if d.id == id {
            d.at = at;
        }
    }
    event
}

/// The server: #encuentra-equipo, the projects category, the event's roles.
pub struct Server {
    pub find_team: u64,
    pub category: u64,
    pub organizer_role: u64,
}

pub fn prepare(fake: &FakeDiscord) -> Server {
    let event = shipped_event();
    let find_team = fake.add_text_channel(&event.channels.find_team, None);
    let category = fake.add_category(&event.channels.projects_category);
    let organizer_role = fake.add_role(&event.roles.organizer, "0");
    fake.add_role(&event.roles.participant, "0");
    Server {
        find_team,
        category,
        organizer_role,
    }
}

/// A fake Discord with the server prepared and the bot running on a fresh
/// SQLite database with registration open.
pub async fn start() -> (FakeDiscord, Server, RunningBot) {
    start_on(TestDb::sqlite().await, event_closing_in(30)).await
}

pub async fn start_on(db: TestDb, event: EventConfig) -> (FakeDiscord, Server, RunningBot) {
    let fake = FakeDiscord::start().await;
    let server = prepare(&fake);
    let bot = RunningBot::start_with(&fake, db, event).await;
    (fake, server, bot)
}

/// A member of the server called `name`.
pub fn person(fake: &FakeDiscord, id: u64, name: &str) -> (u64, String) {
    fake.add_member(id, name, &[]);
    (id, name.to_string())
}

pub fn user_json(id: u64, name: &str) -> Value {
    fixtures::user(id, name)
}

/// `/team <sub>` by `who`, in English.
pub fn team_cmd(who: &(u64, String), sub: &str) -> InteractionBuilder {
    InteractionBuilder::slash("team")
        .subcommand(sub)
        .user(who.0, &who.1)
        .locale("en-US")
}

/// The bot's first visible answer to an interaction: the follow-up after a
/// defer, or the message of the callback.
pub async fn answer(fake: &FakeDiscord, sent: &SentInteraction) -> Value {
    fake.wait_for(&format!("the answer to {}", sent.token), WAIT, |i| {
        let record = i.state.interactions.get(&sent.token)?;
        if let Some(id) = record.followups.first() {
            return i.state.find_message(*id);
        }
        let callback = record.callbacks.first()?;
        match callback["type"].as_u64() {
            Some(4) | Some(7) => Some(callback["data"].clone()),
            _ => None,
        }
    })
    .await
}

pub async fn say(fake: &FakeDiscord, builder: InteractionBuilder) -> String {
    let sent = fake.send_interaction(builder);
    content(&answer(fake, &sent).await)
}

/// Clicks `custom_id` on a stored message, as `who`, in a DM when the
/// message is in one.
pub fn click(
    fake: &FakeDiscord,
    message: &Value,
    custom_id: &str,
    who: &(u64, String),
) -> SentInteraction {
    fake.send_interaction(press(fake, message, custom_id, who))
}

/// The interaction of a click on `custom_id` (see [`click`]), to send as a
/// test chooses.
pub fn press(
    fake: &FakeDiscord,
    message: &Value,
    custom_id: &str,
    who: &(u64, String),
) -> InteractionBuilder {
    let channel = id_of(&message["channel_id"]).expect("channel id");
    let in_dm = fake.inspect(|i| i.state.is_dm(channel));
    let mut m = message.clone();
    m.as_object_mut().map(|o| o.remove("guild_id"));
    let builder = InteractionBuilder::button(custom_id, m)
        .user(who.0, &who.1)
        .locale("en-US");
    if in_dm {
        builder.in_dm(channel)
    } else {
        builder.channel(channel)
    }
}

/// Creates a team through the bot; returns its channel id.
pub async fn create_team(fake: &FakeDiscord, captain: &(u64, String), name: &str) -> u64 {
    let text = say(
        fake,
        team_cmd(captain, "create")
            .option("name", name)
            .option("topic", "Corpus de refranes"),
    )
    .await;
    assert!(text.contains("is ready"), "{text}");
    let at = text.find("<#").expect("a channel mention");
    text[at + 2..]
        .split('>')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("channel id")
}

/// Invites `who` (by DM) and returns the DM with its buttons.
pub async fn invite(fake: &FakeDiscord, captain: &(u64, String), who: &(u64, String)) -> Value {
    let before = fake.dms_to(who.0).len();
    let text = say(
        fake,
        team_cmd(captain, "invite").option_user("person", user_json(who.0, &who.1), &[]),
    )
    .await;
    assert!(text.contains("Invitation sent"), "{text}");
    fake.wait_for("the invitation DM", WAIT, |i| {
        let dms = dms_in(i, who.0);
        (dms.len() > before).then(|| dms[before].clone())
    })
    .await
}

/// Inside `wait_for` predicates the fake is locked: these read its state
/// directly instead of through the handle.
pub fn dms_in(i: &Inner, user: u64) -> Vec<Value> {
    i.state
        .dms
        .iter()
        .find(|(_, dm)| id_of(&dm["recipients"][0]["id"]) == Some(user))
        .and_then(|(id, _)| i.state.messages.get(id).cloned())
        .unwrap_or_default()
}

pub fn messages_of(i: &Inner, channel: u64) -> Vec<Value> {
    i.state.messages.get(&channel).cloned().unwrap_or_default()
}

/// The role the bot makes for the team `name` (the event's role prefix).
pub fn team_role(name: &str) -> String {
    format!("Equipo · {name}")
}

/// Whether `user` has the role of the team called `team`.
pub fn has_role_in(i: &Inner, user: u64, team: &str) -> bool {
    let role_name = team_role(team);
    let Some(role) = i
        .state
        .roles
        .iter()
        .find(|(_, r)| r["name"] == role_name.as_str())
        .map(|(id, _)| *id)
    else {
        return false;
    };
    i.state.members.get(&user).is_some_and(|m| {
        m["roles"]
            .as_array()
            .is_some_and(|roles| roles.iter().any(|r| id_of(r) == Some(role)))
    })
}

/// Waits until `user` has (or, with `wanted` false, lacks) the role.
pub async fn wait_role(fake: &FakeDiscord, user: u64, role_name: &str, wanted: bool) {
    fake.wait_for(
        &format!("{user} to have role {role_name}: {wanted}"),
        WAIT,
        |i| (has_role_in(i, user, role_name) == wanted).then_some(()),
    )
    .await
}

/// Whether `user` has the role called `role_name`.
pub fn has_role(fake: &FakeDiscord, user: u64, role_name: &str) -> bool {
    fake.inspect(|i| has_role_in(i, user, role_name))
}

/// The id of the role of the team called `name`.
pub fn role_id(fake: &FakeDiscord, name: &str) -> u64 {
    id_of(&fake.role_named(&team_role(name)).expect("the team role")["id"]).expect("role id")
}
