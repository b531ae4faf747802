//! Proves the fake Discord before the real bot uses it: every fixture deserializes into
//! serenity's concrete types, and a minimal real poise bot runs against the fake.

mod support;

use serde_json::{json, Value};
use serenity::model::event::{
    GuildCreateEvent, GuildMemberAddEvent, GuildMemberRemoveEvent, InteractionCreateEvent,
    MessageCreateEvent, ReadyEvent, ThreadCreateEvent,
};
use support::fake_discord::fixtures::{self, InteractionBuilder};
use support::fake_discord::{FakeDiscord, State};

/// Deserializes strictly into `T`, with the payload in the panic message.
#[track_caller]
fn parse<T: serde::de::DeserializeOwned>(what: &str, value: &Value) -> T {
    match serde_json::from_value::<T>(value.clone()) {
        Ok(parsed) => parsed,
        Err(error) => panic!("{what} does not deserialize: {error}\n{value:#}"),
    }
}

fn component_message() -> Value {
    let mut message = fixtures::bot_message(7000, fixtures::GENERAL_CHANNEL_ID, "pick one");
    message["components"] = json!([{ "type": 1, "components": [
        { "type": 2, "style": 1, "label": "OK", "custom_id": "btn:confirm" },
    ]}]);
    message
}

mod fixtures_deserialize {
    use super::*;
    use serenity::all::{Interaction, Message};

    #[test]
    fn ready_sets_the_application_and_user() {
        let ready: ReadyEvent = parse("READY", &fixtures::ready("s", "ws://127.0.0.1:1"));
        assert_eq!(ready.ready.application.id.get(), fixtures::APP_ID);
        assert_eq!(ready.ready.user.id.get(), fixtures::BOT_USER_ID);
    }

    #[test]
    fn guild_create_of_a_populated_guild() {
        let mut state = State::new();
        let role = state
            .create_role(&json!({ "name": "Participante", "color": 3447003 }))
            .unwrap();
        let forum = state
            .create_channel(
                &json!({ "name": "ayuda", "type": 15, "available_tags": [{ "name": "bug" }] }),
            )
            .unwrap();
        let forum_id = fixtures::id_of(&forum["id"]).unwrap();
        state
            .create_thread(forum_id, &json!({ "name": "post", "applied_tags": [forum["available_tags"][0]["id"]], "message": { "content": "hi" } }))
            .unwrap();
        state
            .create_channel(&json!({ "name": "Equipos", "type": 4 }))
            .unwrap();
        state.add_member(
            fixtures::user(3001, "bob"),
            &[fixtures::id_of(&role["id"]).unwrap()],
        );
        let event: GuildCreateEvent = parse("GUILD_CREATE", &state.guild_create());
        let guild = match event {
            GuildCreateEvent { guild, .. } => guild,
        };
        assert_eq!(guild.id.get(), fixtures::GUILD_ID);
        assert_eq!(guild.roles.len(), 2);
        assert_eq!(guild.channels.len(), 3);
        assert_eq!(guild.threads.len(), 1);
        assert_eq!(guild.threads[0].applied_tags.len(), 1);
        assert_eq!(guild.members.len(), 3);
        assert_eq!(guild.channels[&forum_id.into()].available_tags.len(), 1);
    }

    fn interaction(what: &str, builder: &InteractionBuilder) -> Interaction {
        let event: InteractionCreateEvent = parse(what, &builder.build());
        event.interaction
    }

    #[test]
    fn slash_command_with_options_and_subcommands() {
        let plain = InteractionBuilder::slash("ping")
            .option("text", "hello")
            .option("n", 3)
            .option("yes", true);
        let command = interaction("slash", &plain).command().expect("a command");
        assert_eq!(command.data.name, "ping");
        assert_eq!(command.data.options.len(), 3);
        let nested = InteractionBuilder::slash("team")
            .group("admin")
            .subcommand("add")
            .option_user("who", fixtures::user(3001, "bob"), &[])
            .option_role("role", fixtures::role(5, "r", 1, "0"))
            .option_channel("where", 4000, 0, "general")
            .locale("en-US")
            .roles(&[5])
            .user(3001, "bob");
        let command = interaction("nested slash", &nested)
            .command()
            .expect("a command");
        assert_eq!(command.locale, "en-US");
        assert_eq!(command.user.id.get(), 3001);
        let options = command.data.options();
        assert_eq!(options.len(), 1, "{options:?}");
        assert_eq!(command.member.as_ref().unwrap().roles.len(), 1);
    }

    #[test]
    fn autocomplete_has_the_focused_option() {
        let builder = InteractionBuilder::autocomplete("ping").focused("text", "hel");
        let autocomplete = interaction("autocomplete", &builder)
            .autocomplete()
            .expect("autocomplete");
        assert_eq!(autocomplete.data.autocomplete().unwrap().value, "hel");
    }

    #[test]
    fn button_and_select_carry_their_message() {
        let button = interaction(
            "button",
            &InteractionBuilder::button("btn:confirm", component_message()),
        );
        let button = button.message_component().expect("a component");
        assert_eq!(button.data.custom_id, "btn:confirm");
        assert_eq!(button.message.components.len(), 1);
        let select = interaction(
            "select",
            &InteractionBuilder::string_select("sel", &["a", "b"], component_message()),
        );
        let select = select.message_component().expect("a component");
        match select.data.kind {
            serenity::all::ComponentInteractionDataKind::StringSelect { values } => {
                assert_eq!(values, ["a", "b"])
            }
            other => panic!("not a string select: {other:?}"),
        }
    }

    #[test]
    fn modal_submit_has_the_text_inputs() {
        let builder = InteractionBuilder::modal_submit(
            "modal:feedback",
            &[("body", "typed"), ("title", "t")],
        );
        let modal = interaction("modal", &builder)
            .modal_submit()
            .expect("a modal submit");
        assert_eq!(modal.data.custom_id, "modal:feedback");
        assert_eq!(modal.data.components.len(), 2);
    }

    #[test]
    fn thread_create_of_a_forum_post() {
        let thread = fixtures::thread_create(&fixtures::thread(8000, 3100, 3000, 11, "Bug"));
        let mut thread = thread;
        thread["applied_tags"] = json!(["3101", "3102"]);
        let event: ThreadCreateEvent = parse("THREAD_CREATE", &thread);
        assert_eq!(event.thread.applied_tags.len(), 2);
    }

    #[test]
    fn message_create_and_members() {
        let author = fixtures::user(3001, "bob");
        let member = fixtures::member(author.clone(), &[]);
        let message = fixtures::message(9000, 4000, author.clone(), "hola");
        let event: MessageCreateEvent = parse(
            "MESSAGE_CREATE",
            &fixtures::guild_message_create(&message, &member),
        );
        assert_eq!(event.message.content, "hola");
        assert!(event.message.member.is_some());
        let event: MessageCreateEvent = parse("MESSAGE_CREATE in a DM", &message);
        assert!(event.message.guild_id.is_none());
        let add: GuildMemberAddEvent =
            parse("GUILD_MEMBER_ADD", &fixtures::guild_member_add(&member));
        assert_eq!(add.member.user.id.get(), 3001);
        let remove: GuildMemberRemoveEvent = parse(
            "GUILD_MEMBER_REMOVE",
            &fixtures::guild_member_remove(author),
        );
        assert_eq!(remove.user.id.get(), 3001);
    }

    /// REST answers fail loudly rather than silently, but they must still parse.
    #[test]
    fn rest_answers_deserialize() {
        use serenity::all::{
            Command, CurrentApplicationInfo, CurrentUser, GuildChannel, Member, PartialGuild,
            PrivateChannel, Role, User,
        };
        let mut state = State::new();
        parse::<CurrentApplicationInfo>("application", &fixtures::application_info());
        parse::<CurrentUser>("@me", &fixtures::bot_user());
        parse::<User>("user", &fixtures::user(3001, "bob"));
        parse::<PartialGuild>("guild", &state.partial_guild());
        parse::<Vec<Role>>("roles", &Value::Array(state.roles_sorted()));
        parse::<Member>("member", &state.member(fixtures::OWNER_ID).unwrap());
        for channel in [
            state
                .create_channel(&json!({ "name": "t", "type": 0 }))
                .unwrap(),
            state
                .create_channel(&json!({ "name": "c", "type": 4 }))
                .unwrap(),
            state
                .create_channel(
                    &json!({ "name": "f", "type": 15, "available_tags": [{ "name": "x" }] }),
                )
                .unwrap(),
        ] {
            parse::<GuildChannel>("channel", &channel);
        }
        let forum = state
            .channels
            .values()
            .find(|c| c["type"] == json!(15))
            .unwrap()
            .clone();
        let post = state
            .create_thread(
                fixtures::id_of(&forum["id"]).unwrap(),
                &json!({ "name": "p", "message": { "content": "x" } }),
            )
            .unwrap();
        let parsed: GuildChannel = parse("forum post", &post);
        assert_eq!(parsed.kind, serenity::all::ChannelType::PublicThread);
        parse::<Message>("starter message", &post["message"]);
        let message = state
            .create_message(
                4000,
                &json!({ "content": "hi", "nonce": "n1", "enforce_nonce": true }),
            )
            .unwrap();
        parse::<Message>("message", &message);
        parse::<Message>("follow-up", &fixtures::bot_message(1, 4000, "done"));
        parse::<PrivateChannel>("dm", &state.open_dm(fixtures::OWNER_ID).unwrap());
        let commands = state
            .put_commands(true, &json!([{ "name": "ping", "description": "Ping", "options": [{ "type": 3, "name": "text", "description": "t", "autocomplete": true }] }]))
            .unwrap();
        parse::<Vec<Command>>("commands", &commands);
    }
}
