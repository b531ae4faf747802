//! Proves the fake Discord before the real bot uses it: every fixture deserializes into
//! serenity's concrete types, and a minimal real poise bot runs against the fake.

mod support;

#[path = "fake_discord/rules.rs"]
mod rules;

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
    fn ready_of_a_shard_without_guilds() {
        let d = fixtures::ready_on_shard("s", "ws://127.0.0.1:1", [1, 2], &[]);
        let ready: ReadyEvent = parse("READY", &d);
        assert!(ready.ready.guilds.is_empty());
        let shard = ready.ready.shard.expect("shard info");
        assert_eq!((shard.id.0, shard.total), (1, 2));
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
        let guild = event.guild;
        assert_eq!(guild.id.get(), fixtures::GUILD_ID);
        assert_eq!(
            guild.roles.len(),
            3,
            "@everyone, the bot's role, Participante"
        );
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
    fn slash_command_in_a_dm() {
        let builder = InteractionBuilder::slash("perfil")
            .in_dm(9100)
            .user(3001, "bob");
        let command = interaction("DM slash", &builder)
            .command()
            .expect("a command");
        assert!(command.guild_id.is_none() && command.member.is_none());
        assert_eq!(command.user.id.get(), 3001);
        assert_eq!(command.channel_id.get(), 9100);
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

/// A minimal real poise bot, defined here so the fake is proven before the real bot exists.
mod poise_bot {
    use super::*;
    use poise::serenity_prelude as serenity;
    use serenity::{
        CreateActionRow, CreateButton, CreateInteractionResponse, CreateInteractionResponseMessage,
    };
    use std::time::Duration;
    use support::fake_discord::{FakeOptions, ResumeMode};
    use tokio::sync::mpsc;

    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Context<'a> = poise::Context<'a, Data, Error>;

    pub struct Data {
        /// What the bot "logs" as errors, for the test to observe.
        errors: mpsc::UnboundedSender<String>,
        /// Gateway events the bot's handler saw, as short strings.
        seen: mpsc::UnboundedSender<String>,
    }

    async fn complete_text(
        _ctx: Context<'_>,
        partial: &str,
    ) -> serenity::CreateAutocompleteResponse {
        let choices = ["hello", "help", "world"]
            .into_iter()
            .filter(|c| c.starts_with(partial))
            .map(serenity::AutocompleteChoice::from)
            .collect();
        serenity::CreateAutocompleteResponse::new().set_choices(choices)
    }

    fn is_rate_limited(error: &serenity::Error) -> bool {
        matches!(error, serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) if r.status_code.as_u16() == 429)
    }

    /// Answers with a button; retries once on 429 (the ratelimiter is off against the fake).
    #[poise::command(slash_command)]
    async fn ping(
        ctx: Context<'_>,
        #[description = "What to echo"]
        #[autocomplete = "complete_text"]
        text: String,
    ) -> Result<(), Error> {
        let reply = || {
            let button = CreateButton::new("btn:confirm").label("OK");
            poise::CreateReply::default()
                .content(format!("pong: {text}"))
                .components(vec![CreateActionRow::Buttons(vec![button])])
        };
        if let Err(error) = ctx.send(reply()).await {
            if !is_rate_limited(&error) {
                return Err(error.into());
            }
            let _ = ctx.data().errors.send(format!("rate limited: {error}"));
            ctx.send(reply()).await?;
        }
        Ok(())
    }

    /// Defers, then answers with a follow-up.
    #[poise::command(slash_command)]
    async fn slow(ctx: Context<'_>) -> Result<(), Error> {
        ctx.defer().await?;
        ctx.say("done").await?;
        Ok(())
    }

    async fn on_event(
        framework: poise::FrameworkContext<'_, Data, Error>,
        event: &serenity::FullEvent,
    ) -> Result<(), Error> {
        let ctx = framework.serenity_context;
        let seen = |what: String| {
            let _ = framework.user_data.seen.send(what);
        };
        match event {
            serenity::FullEvent::InteractionCreate { interaction } => match interaction {
                serenity::Interaction::Component(component) => {
                    let response = match &component.data.kind {
                        serenity::ComponentInteractionDataKind::StringSelect { values } => {
                            seen(format!("select {}", values.join(",")));
                            CreateInteractionResponse::Acknowledge
                        }
                        _ => CreateInteractionResponse::UpdateMessage(
                            CreateInteractionResponseMessage::new()
                                .content("confirmed")
                                .components(vec![]),
                        ),
                    };
                    component.create_response(ctx, response).await?;
                }
                serenity::Interaction::Modal(modal) => {
                    let typed = modal
                        .data
                        .components
                        .iter()
                        .flat_map(|row| &row.components)
                        .filter_map(|c| match c {
                            serenity::ActionRowComponent::InputText(input) => input.value.clone(),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join("|");
                    let message = CreateInteractionResponseMessage::new()
                        .content(format!("got: {typed}"))
                        .ephemeral(true);
                    modal
                        .create_response(ctx, CreateInteractionResponse::Message(message))
                        .await?;
                }
                _ => {}
            },
            serenity::FullEvent::GuildMemberAddition { new_member } => {
                seen(format!("join {}", new_member.user.id))
            }
            serenity::FullEvent::GuildMemberRemoval { user, .. } => {
                seen(format!("leave {}", user.id))
            }
            serenity::FullEvent::Message { new_message } => seen(format!(
                "message {}: {}",
                new_message.author.id, new_message.content
            )),
            serenity::FullEvent::ThreadCreate { thread } => seen(format!(
                "thread {} tags {}",
                thread.name,
                thread.applied_tags.len()
            )),
            _ => {}
        }
        Ok(())
    }

    fn on_error(error: poise::FrameworkError<'_, Data, Error>) -> poise::BoxFuture<'_, ()> {
        Box::pin(async move {
            let (data, message) = match &error {
                poise::FrameworkError::Command { ctx, error, .. } => {
                    (ctx.data(), error.to_string())
                }
                poise::FrameworkError::EventHandler {
                    framework, error, ..
                } => (framework.user_data, error.to_string()),
                other => {
                    eprintln!("bot error: {other}");
                    return;
                }
            };
            let _ = data.errors.send(message);
        })
    }

    struct Bot {
        task: tokio::task::JoinHandle<()>,
        errors: mpsc::UnboundedReceiver<String>,
        seen: mpsc::UnboundedReceiver<String>,
    }

    impl Drop for Bot {
        fn drop(&mut self) {
            self.task.abort();
        }
    }

    /// Waits until the bot's handler reports `expected` (other reports are skipped).
    async fn saw(seen: &mut mpsc::UnboundedReceiver<String>, expected: &str) {
        let wait = async {
            while let Some(what) = seen.recv().await {
                if what == expected {
                    return;
                }
            }
            panic!("the bot stopped");
        };
        tokio::time::timeout(Duration::from_secs(10), wait)
            .await
            .unwrap_or_else(|_| panic!("the bot never saw {expected:?}"));
    }

    /// Builds and starts the bot against `fake` the way production does with DISCORD_API_BASE.
    async fn start_bot(fake: &FakeDiscord) -> Bot {
        let (errors, errors_rx) = mpsc::unbounded_channel();
        let (seen, seen_rx) = mpsc::unbounded_channel();
        let guild_id = serenity::GuildId::new(fake.guild_id());
        let framework = poise::Framework::builder()
            .options(poise::FrameworkOptions {
                commands: vec![ping(), slow()],
                event_handler: |framework, event| Box::pin(on_event(framework, event)),
                on_error,
                ..Default::default()
            })
            .setup(move |ctx, _ready, framework| {
                Box::pin(async move {
                    poise::builtins::register_in_guild(
                        ctx,
                        &framework.options().commands,
                        guild_id,
                    )
                    .await?;
                    Ok(Data { errors, seen })
                })
            })
            .build();
        // The proxy seam: every `https://discord.com` becomes the fake's base; the ratelimiter
        // must be off because it would bypass the proxy.
        let http = serenity::HttpBuilder::new("fake.bot.token")
            .proxy(fake.api_base())
            .ratelimiter_disabled(true)
            .build();
        let intents = serenity::GatewayIntents::non_privileged()
            | serenity::GatewayIntents::GUILD_MEMBERS
            | serenity::GatewayIntents::MESSAGE_CONTENT;
        let mut client = serenity::ClientBuilder::new_with_http(http, intents)
            .framework(framework)
            .await
            .expect("client builds");
        let task = tokio::spawn(async move {
            if let Err(error) = client.start().await {
                eprintln!("client stopped: {error}");
            }
        });
        Bot {
            task,
            errors: errors_rx,
            seen: seen_rx,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_real_poise_bot_runs_against_the_fake() {
        let fake = FakeDiscord::start().await;
        let mut bot = start_bot(&fake).await;

        // Connect, identify, register.
        fake.wait_ready().await;
        let registered = fake.wait_commands_registered().await;
        let names: Vec<&str> = registered
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["ping", "slow"]);
        assert_eq!(registered[0]["options"][0]["autocomplete"], json!(true));
        assert_eq!(fake.guild_commands().len(), 2);
        assert!(!fake.requests_to("GET", "/gateway").is_empty());

        // Slash command, autocomplete and a deferred command run concurrently: assert by token.
        let ping = fake.send_interaction(InteractionBuilder::slash("ping").option("text", "hello"));
        let complete =
            fake.send_interaction(InteractionBuilder::autocomplete("ping").focused("text", "hel"));
        let slow = fake.send_interaction(InteractionBuilder::slash("slow").locale("en-US"));

        let callback = fake.wait_callback(&ping.token).await;
        assert_eq!(callback["type"], json!(4));
        assert_eq!(callback["data"]["content"], json!("pong: hello"));
        // As on Discord, the visible response comes back as a MESSAGE_CREATE.
        saw(&mut bot.seen, "message 1000: pong: hello").await;
        let choices = fake.wait_callback(&complete.token).await;
        assert_eq!(choices["type"], json!(8));
        let names: Vec<&str> = choices["data"]["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["hello", "help"]);
        assert_eq!(fake.wait_callback(&slow.token).await["type"], json!(5));
        let followups = fake.wait_followups(&slow.token, 1).await;
        assert_eq!(followups[0]["content"], json!("done"));

        // The button on the stored response message.
        let original = fake
            .original_message(&ping.token)
            .expect("original response stored");
        let message_id = fixtures::id_of(&original["id"]).unwrap();
        let general = fake.general_channel_id();
        let click = fake.click_button(general, message_id, "btn:confirm", (3001, "bob"));
        assert_eq!(fake.wait_callback(&click.token).await["type"], json!(7));
        assert_eq!(
            fake.message(message_id).unwrap()["content"],
            json!("confirmed")
        );

        // A string select (deferred update) and a modal submit.
        let select = fake.choose(general, message_id, "sel", &["a", "b"], (3001, "bob"));
        assert_eq!(fake.wait_callback(&select.token).await["type"], json!(6));
        saw(&mut bot.seen, "select a,b").await;
        let modal = fake.send_interaction(InteractionBuilder::modal_submit(
            "modal:feedback",
            &[("body", "typed"), ("title", "t")],
        ));
        let answer = fake.wait_callback(&modal.token).await;
        assert_eq!(answer["type"], json!(4));
        assert_eq!(answer["data"]["content"], json!("got: typed|t"));
        assert_eq!(answer["data"]["flags"], json!(64));

        // Heartbeats are acknowledged.
        fake.wait_heartbeats(1).await;

        // The websocket drops; what is sent meanwhile arrives after the resume.
        fake.drop_gateway();
        let after_drop =
            fake.send_interaction(InteractionBuilder::slash("ping").option("text", "again"));
        fake.wait_resumed(1).await;
        let callback = fake.wait_callback(&after_drop.token).await;
        assert_eq!(callback["data"]["content"], json!("pong: again"));

        // A 429 on the callback route: the bot sees it and retries.
        fake.fail_next(
            "POST",
            "/interactions/*/*/callback",
            1,
            support::fake_discord::Failure::rate_limited(0.05),
        );
        let limited =
            fake.send_interaction(InteractionBuilder::slash("ping").option("text", "limited"));
        let callback = fake.wait_callback(&limited.token).await;
        assert_eq!(callback["data"]["content"], json!("pong: limited"));
        let statuses: Vec<u16> = fake
            .requests_to(
                "POST",
                &format!("/interactions/{}/{}/callback", limited.id, limited.token),
            )
            .iter()
            .map(|r| r.status)
            .collect();
        assert_eq!(statuses, [429, 204]);
        let logged = bot.errors.recv().await.expect("the bot reported the 429");
        assert!(logged.contains("rate limited"), "{logged}");

        // A close frame with a resumable code: the bot resumes again.
        fake.close_gateway(4000);
        fake.wait_resumed(2).await;
        let after_close =
            fake.send_interaction(InteractionBuilder::slash("ping").option("text", "closed"));
        let callback = fake.wait_callback(&after_close.token).await;
        assert_eq!(callback["data"]["content"], json!("pong: closed"));

        fake.assert_no_unknown_routes();
    }

    /// Member, message and forum dispatches reach the bot's handler; a refused resume makes
    /// it identify again.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn member_message_and_forum_events_reach_the_bot() {
        let fake = FakeDiscord::start_with(FakeOptions {
            heartbeat_ms: 5_000,
            ..Default::default()
        })
        .await;
        let (forum, tags) = fake.add_forum("proyectos", &["nlp", "datos"]);
        let mut bot = start_bot(&fake).await;
        fake.wait_ready().await;
        fake.wait_commands_registered().await;

        fake.member_join(3002, "carol");
        saw(&mut bot.seen, "join 3002").await;
        fake.user_message(fake.general_channel_id(), 3002, "hola");
        saw(&mut bot.seen, "message 3002: hola").await;
        let post = fake.user_forum_post(forum, 3002, "Mi proyecto", &tags, "descripción");
        saw(&mut bot.seen, "thread Mi proyecto tags 2").await;
        assert_eq!(fake.messages_in(post)[0]["content"], json!("descripción"));
        let in_thread = fake.send_interaction(
            InteractionBuilder::slash("ping")
                .option("text", "hilo")
                .channel(post),
        );
        let answer = fake.wait_callback(&in_thread.token).await;
        assert_eq!(answer["data"]["content"], json!("pong: hilo"));
        assert_eq!(
            fake.original_message(&in_thread.token).unwrap()["channel_id"],
            json!(post.to_string())
        );
        fake.member_leave(3002);
        saw(&mut bot.seen, "leave 3002").await;

        let ping = fake.send_interaction(InteractionBuilder::slash("ping").option("text", "x"));
        fake.wait_callback(&ping.token).await;

        fake.set_resume_mode(ResumeMode::InvalidSession);
        fake.drop_gateway();
        fake.member_join(3003, "dave");
        fake.wait_ready_n(2).await;
        saw(&mut bot.seen, "join 3003").await;
        let again = fake.send_interaction(InteractionBuilder::slash("ping").option("text", "y"));
        assert_eq!(
            fake.wait_callback(&again.token).await["data"]["content"],
            json!("pong: y")
        );
        fake.assert_no_unknown_routes();
    }
}

/// serenity's own HTTP client against the fake: every route the bot may use answers a
/// body serenity parses, changes the guild, and echoes the dispatch Discord would send.
mod rest_routes {
    use super::*;
    use serenity::all::{
        ChannelId, ChannelType, CreateChannel, CreateForumPost, CreateForumTag, CreateMessage,
        EditChannel, EditMessage, EditRole, EditThread, ForumTagId, GuildId, Http, HttpBuilder,
        Nonce, PermissionOverwrite, PermissionOverwriteType, Permissions, RoleId, UserId,
    };
    use support::fake_discord::Failure;

    fn http(fake: &FakeDiscord) -> Http {
        HttpBuilder::new("fake.bot.token")
            .proxy(fake.api_base())
            .ratelimiter_disabled(true)
            .build()
    }

    fn discord_code(error: serenity::Error) -> (u16, isize) {
        match error {
            serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)) => {
                (r.status_code.as_u16(), r.error.code)
            }
            other => panic!("not an HTTP error: {other}"),
        }
    }

    /// Pretends a bot identified with every intent, so REST changes are echoed.
    fn pretend_identified(fake: &FakeDiscord) {
        fake.update(|i| {
            i.gateway.shards.entry(0).or_default().session_id = Some("s".into());
            i.gateway.intents = u64::MAX;
        });
    }

    #[tokio::test]
    async fn guild_channels_threads_and_forum_posts() {
        let fake = FakeDiscord::start().await;
        pretend_identified(&fake);
        let http = http(&fake);
        let guild = GuildId::new(fake.guild_id());

        let category = guild
            .create_channel(
                &http,
                CreateChannel::new("Equipos").kind(ChannelType::Category),
            )
            .await
            .unwrap();
        let text = guild
            .create_channel(
                &http,
                CreateChannel::new("equipo-1")
                    .kind(ChannelType::Text)
                    .category(category.id),
            )
            .await
            .unwrap();
        assert_eq!(text.parent_id, Some(category.id));
        // serenity 0.12.5's CreateChannel wants full `ForumTag`s (with ids): set tags by editing.
        let forum = guild
            .create_channel(&http, CreateChannel::new("ayuda").kind(ChannelType::Forum))
            .await
            .unwrap();
        let tags = vec![CreateForumTag::new("bug"), CreateForumTag::new("idea")];
        let forum = forum
            .id
            .edit(&http, EditChannel::new().available_tags(tags))
            .await
            .unwrap();
        assert_eq!(forum.available_tags.len(), 2);
        let tag: ForumTagId = forum.available_tags[1].id;

        let post = forum
            .id
            .create_forum_post(
                &http,
                CreateForumPost::new("Mi proyecto", CreateMessage::new().content("hola"))
                    .add_applied_tag(tag),
            )
            .await
            .unwrap();
        assert_eq!(post.kind, ChannelType::PublicThread);
        assert_eq!(post.applied_tags, [tag]);
        assert_eq!(fake.messages_in(post.id.get())[0]["content"], json!("hola"));
        let request = fake
            .requests_to("POST", &format!("/channels/{}/threads", forum.id))
            .remove(0);
        assert_eq!(
            request.body["applied_tags"],
            json!([tag.to_string()]),
            "multipart payload_json is parsed"
        );

        let edited = post
            .id
            .edit_thread(
                &http,
                EditThread::new()
                    .archived(true)
                    .locked(true)
                    .applied_tags([]),
            )
            .await
            .unwrap();
        let metadata = edited.thread_metadata.unwrap();
        assert!(metadata.archived && metadata.locked);
        assert!(edited.applied_tags.is_empty());

        let role = RoleId::new(fake.add_role("Jurado", "0"));
        let overwrite = PermissionOverwrite {
            allow: Permissions::VIEW_CHANNEL,
            deny: Permissions::SEND_MESSAGES,
            kind: PermissionOverwriteType::Role(role),
        };
        text.id.create_permission(&http, overwrite).await.unwrap();
        let stored = fake.channel(text.id.get()).unwrap();
        assert_eq!(
            stored["permission_overwrites"][0]["allow"],
            json!(Permissions::VIEW_CHANNEL.bits().to_string())
        );

        let channels = guild.channels(&http).await.unwrap();
        assert_eq!(
            channels.len(),
            4,
            "general + 3 created; threads are not listed"
        );
        let fetched = ChannelId::new(fake.general_channel_id())
            .to_channel(&http)
            .await
            .unwrap();
        assert!(fetched.guild().is_some());

        let events: Vec<String> = fake.dispatches().into_iter().map(|(e, _)| e).collect();
        assert_eq!(events.iter().filter(|e| *e == "CHANNEL_CREATE").count(), 3);
        assert!(events.contains(&"THREAD_CREATE".to_string()));
        assert!(events.contains(&"THREAD_UPDATE".to_string()));
        assert!(events.contains(&"CHANNEL_UPDATE".to_string()));
        check_echoes(&fake);
        fake.assert_no_unknown_routes();
    }

    #[tokio::test]
    async fn roles_and_member_roles() {
        let fake = FakeDiscord::start().await;
        pretend_identified(&fake);
        let http = http(&fake);
        let guild = GuildId::new(fake.guild_id());
        fake.add_member(3001, "bob", &[]);

        let role = guild
            .create_role(
                &http,
                EditRole::new()
                    .name("Participante")
                    .colour(0x3498db)
                    .mentionable(true),
            )
            .await
            .unwrap();
        assert_eq!(role.name, "Participante");
        let role = guild
            .edit_role(&http, role.id, EditRole::new().name("Participantes"))
            .await
            .unwrap();
        assert_eq!(
            fake.role(role.id.get()).unwrap()["name"],
            json!("Participantes")
        );
        let roles = guild.edit_role_position(&http, role.id, 3).await.unwrap();
        assert!(roles.iter().any(|r| r.id == role.id && r.position == 3));
        // Now above the bot's role: Discord's hierarchy refuses to hand it out.
        let above = http.add_member_role(guild, UserId::new(3001), role.id, None);
        assert_eq!(discord_code(above.await.unwrap_err()), (403, 50013));
        fake.set_role_position(role.id.get(), 1);

        http.add_member_role(guild, UserId::new(3001), role.id, None)
            .await
            .unwrap();
        assert_eq!(fake.member_roles(3001), [role.id.get()]);
        let member = guild.member(&http, UserId::new(3001)).await.unwrap();
        assert_eq!(member.roles, [role.id]);
        http.remove_member_role(guild, UserId::new(3001), role.id, None)
            .await
            .unwrap();
        assert!(fake.member_roles(3001).is_empty());

        fake.fail_next("POST", "/guilds/*/roles", 1, Failure::missing_permissions());
        let refused = guild
            .create_role(&http, EditRole::new().name("x"))
            .await
            .unwrap_err();
        assert_eq!(discord_code(refused), (403, 50013));

        guild.delete_role(&http, role.id).await.unwrap();
        assert!(fake.role(role.id.get()).is_none());
        assert_eq!(guild.roles(&http).await.unwrap().len(), 2);
        let unknown = guild.member(&http, UserId::new(999)).await.unwrap_err();
        assert_eq!(discord_code(unknown), (404, 10007));

        let partial = guild.to_partial_guild(&http).await.unwrap();
        assert_eq!(partial.id, guild);
        assert_eq!(
            http.get_current_user().await.unwrap().id.get(),
            fake.bot_user_id()
        );
        assert_eq!(http.get_guilds(None, None).await.unwrap()[0].id, guild);
        check_echoes(&fake);
        fake.assert_no_unknown_routes();
    }

    #[tokio::test]
    async fn messages_nonces_pins_and_dms() {
        let fake = FakeDiscord::start().await;
        pretend_identified(&fake);
        let http = http(&fake);
        let general = ChannelId::new(fake.general_channel_id());

        let send = || {
            general.send_message(
                &http,
                CreateMessage::new()
                    .content("Recordatorio")
                    .nonce(Nonce::String("remind-1".into()))
                    .enforce_nonce(true),
            )
        };
        let first = send().await.unwrap();
        let again = send().await.unwrap();
        assert_eq!(
            first.id, again.id,
            "same nonce: the same message, not a second one"
        );
        assert_eq!(fake.messages_in(general.get()).len(), 1);

        let edited = general
            .edit_message(&http, first.id, EditMessage::new().content("Editado"))
            .await
            .unwrap();
        assert_eq!(edited.content, "Editado");
        general.pin(&http, first.id).await.unwrap();
        assert_eq!(general.pins(&http).await.unwrap().len(), 1);
        general.unpin(&http, first.id).await.unwrap();
        assert!(general.pins(&http).await.unwrap().is_empty());
        general.delete_message(&http, first.id).await.unwrap();
        assert!(fake.messages_in(general.get()).is_empty());
        let empty = general
            .send_message(&http, CreateMessage::new())
            .await
            .unwrap_err();
        assert_eq!(discord_code(empty), (400, 50006));

        fake.add_member(3001, "bob", &[]);
        let dm = UserId::new(3001).create_dm_channel(&http).await.unwrap();
        assert_eq!(dm.recipient.id.get(), 3001);
        dm.id.say(&http, "¡Bienvenido!").await.unwrap();
        assert_eq!(fake.dms_to(3001)[0]["content"], json!("¡Bienvenido!"));
        fake.fail_next_dm_messages(1, Failure::cannot_dm());
        let closed = dm.id.say(&http, "again").await.unwrap_err();
        assert_eq!(discord_code(closed), (403, 50007));
        assert_eq!(fake.dms_to(3001).len(), 1);
        assert_eq!(
            general
                .say(&http, "guild messages are not DMs")
                .await
                .unwrap()
                .content,
            "guild messages are not DMs"
        );

        fake.fail_next("*", "/channels/*/messages", 1, Failure::server_error(502));
        assert_eq!(
            discord_code(general.say(&http, "x").await.unwrap_err()).0,
            502
        );
        fake.fail_next(
            "POST",
            "/channels/*/messages",
            1,
            Failure::rate_limited(1.5),
        );
        assert_eq!(
            discord_code(general.say(&http, "x").await.unwrap_err()).0,
            429
        );

        // Unknown routes answer Discord's 404 and are collected.
        let request = serenity::all::Request::new(
            serenity::all::Route::GuildWidget {
                guild_id: GuildId::new(fake.guild_id()),
            },
            serenity::all::LightMethod::Get,
        );
        let missing = http.request(request).await.unwrap_err();
        assert_eq!(discord_code(missing), (404, 0));
        assert_eq!(
            fake.unknown_routes(),
            [format!("GET /guilds/{}/widget", fake.guild_id())]
        );
        check_echoes(&fake);
    }

    #[tokio::test]
    async fn interaction_callbacks_follow_discords_rules() {
        let fake = FakeDiscord::start().await;
        let http = HttpBuilder::new("fake.bot.token")
            .proxy(fake.api_base())
            .ratelimiter_disabled(true)
            .application_id(serenity::all::ApplicationId::new(fake.app_id()))
            .build();
        // A hand-made INTERACTION_CREATE is registered by `send_dispatch` as well.
        let mut builder = InteractionBuilder::slash("ping");
        builder.id = 77;
        builder.token = "hand-made".into();
        fake.send_dispatch("INTERACTION_CREATE", builder.build());
        let id = serenity::all::InteractionId::new(77);
        pretend_identified(&fake);

        let body = json!({ "content": "x" });
        let early = http.create_followup_message("hand-made", &body, vec![]);
        assert_eq!(discord_code(early.await.unwrap_err()), (404, 10015));
        let defer = json!({ "type": 5, "data": { "flags": 64 } });
        http.create_interaction_response(id, "hand-made", &defer, vec![])
            .await
            .unwrap();
        let twice = http.create_interaction_response(id, "hand-made", &defer, vec![]);
        assert_eq!(discord_code(twice.await.unwrap_err()), (400, 40060));
        assert_eq!(
            fake.original_message("hand-made").unwrap()["flags"],
            json!(128 | 64)
        );

        let edit = json!({ "content": "listo" });
        let edited = http
            .edit_original_interaction_response("hand-made", &edit, vec![])
            .await
            .unwrap();
        assert_eq!(edited.content, "listo");
        assert_eq!(
            http.get_original_interaction_response("hand-made")
                .await
                .unwrap()
                .content,
            "listo"
        );
        let body = json!({ "content": "más" });
        let followup = http.create_followup_message("hand-made", &body, vec![]);
        assert_eq!(followup.await.unwrap().content, "más");
        assert_eq!(fake.followups_for("hand-made").len(), 1);

        fake.set_callback_deadline(Some(std::time::Duration::ZERO));
        let late = fake.send_interaction(InteractionBuilder::slash("ping"));
        let answer = json!({ "type": 4, "data": { "content": "tarde" } });
        let refused = http.create_interaction_response(
            serenity::all::InteractionId::new(late.id),
            &late.token,
            &answer,
            vec![],
        );
        assert_eq!(discord_code(refused.await.unwrap_err()), (404, 10062));
        assert!(fake.callback_for(&late.token).is_none());
        let echoed: Vec<String> = fake.dispatches().into_iter().map(|(e, _)| e).collect();
        assert_eq!(
            echoed.iter().filter(|e| *e == "MESSAGE_CREATE").count(),
            1,
            "{echoed:?}"
        );
        check_echoes(&fake);
        fake.assert_no_unknown_routes();
    }

    #[tokio::test]
    async fn member_search_and_message_history() {
        let fake = FakeDiscord::start().await;
        let http = http(&fake);
        let guild = GuildId::new(fake.guild_id());
        fake.add_member(3001, "carolina", &[]);
        fake.add_member(3002, "Carlos", &[]);
        fake.add_member(3003, "dora", &[]);
        let found = guild.search_members(&http, "car", Some(10)).await.unwrap();
        let mut names: Vec<String> = found.into_iter().map(|m| m.user.name).collect();
        names.sort();
        assert_eq!(names, ["Carlos", "carolina"]);

        let general = ChannelId::new(fake.general_channel_id());
        let mut sent = Vec::new();
        for n in 0..4 {
            sent.push(general.say(&http, format!("m{n}")).await.unwrap().id);
        }
        let latest = general
            .messages(&http, serenity::all::GetMessages::new().limit(2))
            .await
            .unwrap();
        assert_eq!(
            latest
                .iter()
                .map(|m| m.content.as_str())
                .collect::<Vec<_>>(),
            ["m3", "m2"]
        );
        let older = general
            .messages(&http, serenity::all::GetMessages::new().before(sent[2]))
            .await
            .unwrap();
        assert_eq!(
            older.iter().map(|m| m.content.as_str()).collect::<Vec<_>>(),
            ["m1", "m0"]
        );
        fake.assert_no_unknown_routes();
    }

    /// Every echoed dispatch deserializes into its serenity event type.
    fn check_echoes(fake: &FakeDiscord) {
        use serenity::model::event::*;
        for (event, d) in fake.dispatches() {
            match event.as_str() {
                "CHANNEL_CREATE" => drop(parse::<ChannelCreateEvent>(&event, &d)),
                "CHANNEL_UPDATE" => drop(parse::<ChannelUpdateEvent>(&event, &d)),
                "CHANNEL_DELETE" => drop(parse::<ChannelDeleteEvent>(&event, &d)),
                "CHANNEL_PINS_UPDATE" => drop(parse::<ChannelPinsUpdateEvent>(&event, &d)),
                "THREAD_CREATE" => drop(parse::<ThreadCreateEvent>(&event, &d)),
                "THREAD_UPDATE" => drop(parse::<ThreadUpdateEvent>(&event, &d)),
                "THREAD_DELETE" => drop(parse::<ThreadDeleteEvent>(&event, &d)),
                "GUILD_ROLE_CREATE" => drop(parse::<GuildRoleCreateEvent>(&event, &d)),
                "GUILD_ROLE_UPDATE" => drop(parse::<GuildRoleUpdateEvent>(&event, &d)),
                "GUILD_ROLE_DELETE" => drop(parse::<GuildRoleDeleteEvent>(&event, &d)),
                "GUILD_MEMBER_UPDATE" => drop(parse::<GuildMemberUpdateEvent>(&event, &d)),
                "MESSAGE_CREATE" => drop(parse::<MessageCreateEvent>(&event, &d)),
                "MESSAGE_UPDATE" => drop(parse::<MessageUpdateEvent>(&event, &d)),
                "MESSAGE_DELETE" => drop(parse::<MessageDeleteEvent>(&event, &d)),
                "INTERACTION_CREATE" => drop(parse::<InteractionCreateEvent>(&event, &d)),
                other => panic!("no check for echoed {other}"),
            }
        }
    }
}

/// The gateway protocol seen by a raw websocket client (no serenity): what serenity relies on.
mod gateway_protocol {
    use super::*;
    use futures::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    type Socket = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    async fn connect(fake: &FakeDiscord) -> Socket {
        let url = format!("{}/?v=10", fake.gateway_url());
        tokio_tungstenite::connect_async(url).await.unwrap().0
    }

    async fn next(socket: &mut Socket) -> Value {
        let wait = async {
            loop {
                match socket.next().await.expect("socket open").expect("frame") {
                    Message::Text(text) => return serde_json::from_str::<Value>(&text).unwrap(),
                    _ => continue,
                }
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(5), wait)
            .await
            .expect("a frame within 5 s")
    }

    async fn send(socket: &mut Socket, payload: Value) {
        socket
            .send(Message::Text(payload.to_string()))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn identify_heartbeat_and_resume_with_replay() {
        let fake = FakeDiscord::start().await;
        let mut socket = connect(&fake).await;
        assert_eq!(next(&mut socket).await["op"], json!(10));
        send(
            &mut socket,
            json!({ "op": 2, "d": { "token": "t", "intents": 513, "properties": {} } }),
        )
        .await;
        let ready = next(&mut socket).await;
        assert_eq!(
            (ready["t"].as_str(), ready["s"].as_u64()),
            (Some("READY"), Some(1))
        );
        let session = ready["d"]["session_id"].as_str().unwrap().to_string();
        assert_eq!(ready["d"]["resume_gateway_url"], json!(fake.gateway_url()));
        assert_eq!(next(&mut socket).await["t"], json!("GUILD_CREATE"));
        send(&mut socket, json!({ "op": 1, "d": 2 })).await;
        assert_eq!(next(&mut socket).await, json!({ "op": 11 }));

        // Sent (s = 3) but never read: the client vanishes.
        fake.send_dispatch(
            "GUILD_MEMBER_ADD",
            fixtures::guild_member_add(&fixtures::member(fixtures::user(5, "e"), &[])),
        );
        fake.wait_for(
            "the frame to be sent",
            std::time::Duration::from_secs(5),
            |i| (i.gateway.first_shard().map(|s| s.seq) == Some(3)).then_some(()),
        )
        .await;
        drop(socket);
        fake.send_dispatch(
            "GUILD_MEMBER_REMOVE",
            fixtures::guild_member_remove(fixtures::user(5, "e")),
        );

        let mut socket = connect(&fake).await;
        assert_eq!(next(&mut socket).await["op"], json!(10));
        send(
            &mut socket,
            json!({ "op": 6, "d": { "token": "t", "session_id": session, "seq": 2 } }),
        )
        .await;
        // The missed frame is replayed with its number; the one sent while the fake had not
        // yet noticed the drop is replayed too, or queued until after RESUMED.
        let mut frames = Vec::new();
        for _ in 0..3 {
            let frame = next(&mut socket).await;
            frames.push((
                frame["t"].as_str().unwrap().to_string(),
                frame["s"].as_u64().unwrap(),
            ));
        }
        assert_eq!(frames[0], ("GUILD_MEMBER_ADD".to_string(), 3));
        let mut names: Vec<&str> = frames.iter().map(|(t, _)| t.as_str()).collect();
        names.sort();
        assert_eq!(
            names,
            ["GUILD_MEMBER_ADD", "GUILD_MEMBER_REMOVE", "RESUMED"]
        );
        assert!(frames.windows(2).all(|w| w[0].1 < w[1].1), "{frames:?}");

        // A resume of an unknown session is refused with op 9 (not resumable).
        let mut other = connect(&fake).await;
        next(&mut other).await;
        send(
            &mut other,
            json!({ "op": 6, "d": { "token": "t", "session_id": "nope", "seq": 1 } }),
        )
        .await;
        assert_eq!(next(&mut other).await, json!({ "op": 9, "d": false }));
    }

    /// IDENTIFY with `shard: [id, total]` on a fresh socket; returns the socket and READY.
    async fn identify_shard(fake: &FakeDiscord, id: u64, total: u64) -> (Socket, Value) {
        let mut socket = connect(fake).await;
        assert_eq!(next(&mut socket).await["op"], json!(10));
        let d = json!({ "token": "t", "intents": 513, "properties": {}, "shard": [id, total] });
        send(&mut socket, json!({ "op": 2, "d": d })).await;
        let ready = next(&mut socket).await;
        assert_eq!(ready["t"], json!("READY"));
        (socket, ready)
    }

    #[tokio::test]
    async fn each_shard_has_its_session_and_gets_its_guilds_events_and_dms_go_to_shard_0() {
        let fake = FakeDiscord::start().await;
        // A guild of shard 1 of 2, as Discord computes it.
        let other_guild = 1u64 << 22;
        assert_eq!(fixtures::shard_of_guild(other_guild, 2), 1);
        assert_eq!(fixtures::shard_of_guild(fake.guild_id(), 2), 0);
        // Queued before anyone connects: routed once the shard count is known.
        fake.send_dispatch(
            "GUILD_ROLE_DELETE",
            json!({ "guild_id": other_guild.to_string(), "role_id": "9" }),
        );

        let (mut zero, ready0) = identify_shard(&fake, 0, 2).await;
        assert_eq!(ready0["d"]["shard"], json!([0, 2]));
        assert_eq!(
            ready0["d"]["guilds"][0]["id"],
            json!(fake.guild_id().to_string())
        );
        assert_eq!(next(&mut zero).await["t"], json!("GUILD_CREATE"));
        let (mut one, ready1) = identify_shard(&fake, 1, 2).await;
        assert_eq!(ready1["d"]["shard"], json!([1, 2]));
        assert_eq!(ready1["d"]["guilds"], json!([]));
        assert_ne!(ready0["d"]["session_id"], ready1["d"]["session_id"]);
        let queued = next(&mut one).await;
        assert_eq!(
            (queued["t"].as_str(), queued["s"].as_u64()),
            (Some("GUILD_ROLE_DELETE"), Some(2))
        );

        // A guild interaction goes to the guild's shard, a DM to shard 0, and a guild of
        // shard 1 to shard 1; each shard numbers its own frames.
        let in_guild = fake.send_interaction(InteractionBuilder::slash("ping"));
        let frame = next(&mut zero).await;
        assert_eq!(
            (frame["t"].as_str(), frame["s"].as_u64()),
            (Some("INTERACTION_CREATE"), Some(3))
        );
        assert_eq!(frame["d"]["id"], json!(in_guild.id.to_string()));
        fake.send_interaction(InteractionBuilder::slash("ping").in_dm(77));
        let frame = next(&mut zero).await;
        assert_eq!(frame["s"].as_u64(), Some(4));
        assert!(frame["d"].get("guild_id").is_none());
        fake.send_dispatch(
            "GUILD_ROLE_DELETE",
            json!({ "guild_id": other_guild.to_string(), "role_id": "8" }),
        );
        let frame = next(&mut one).await;
        assert_eq!(
            (frame["d"]["role_id"].as_str(), frame["s"].as_u64()),
            (Some("8"), Some(3))
        );
        // Delivered on a chosen shard when a test says so.
        let forced = fake.send_interaction_on_shard(InteractionBuilder::slash("ping"), 1);
        let frame = next(&mut one).await;
        assert_eq!(frame["d"]["id"], json!(forced.id.to_string()));

        // Shard 1 resumes its own session; shard 0 is untouched.
        let session1 = ready1["d"]["session_id"].as_str().unwrap().to_string();
        drop(one);
        let mut again = connect(&fake).await;
        next(&mut again).await;
        send(
            &mut again,
            json!({ "op": 6, "d": { "token": "t", "session_id": session1, "seq": 3 } }),
        )
        .await;
        let replayed = next(&mut again).await;
        assert_eq!(replayed["d"]["id"], json!(forced.id.to_string()));
        assert_eq!(next(&mut again).await["t"], json!("RESUMED"));
        send(&mut zero, json!({ "op": 1, "d": 4 })).await;
        assert_eq!(next(&mut zero).await, json!({ "op": 11 }));
        fake.inspect(|i| {
            assert_eq!(i.gateway.shards.len(), 2);
            assert_eq!(i.gateway.readies, 2);
            assert_eq!(i.gateway.resumes, 1);
        });
    }
}

/// The typed reading tests use instead of JSON paths: text, buttons,
/// pressing by label, the last ephemeral answer.
mod view {
    use super::*;
    use support::fake_discord::view::{button, buttons, content, custom_ids, is_ephemeral, Button};

    fn two_buttons() -> Value {
        let mut message = component_message();
        message["components"] = json!([{ "type": 1, "components": [
            { "type": 2, "style": 1, "label": "OK", "custom_id": "btn:confirm" },
            { "type": 2, "style": 2, "label": "No", "custom_id": "btn:keep", "disabled": true },
            { "type": 2, "style": 5, "label": "Docs", "url": "https://example.org" },
        ]}]);
        message
    }

    #[test]
    fn content_reads_a_message_and_a_callback() {
        assert_eq!(content(&component_message()), "pick one");
        let callback = json!({ "type": 4, "data": { "content": "hola", "flags": 64 } });
        assert_eq!(content(&callback), "hola");
        assert!(is_ephemeral(&callback));
        assert!(!is_ephemeral(&component_message()));
        assert_eq!(content(&json!({ "type": 5 })), "");
    }

    #[test]
    fn buttons_say_their_label_id_and_whether_they_are_off() {
        let message = two_buttons();
        assert_eq!(
            buttons(&message),
            vec![
                Button {
                    label: "OK".into(),
                    custom_id: Some("btn:confirm".into()),
                    disabled: false,
                },
                Button {
                    label: "No".into(),
                    custom_id: Some("btn:keep".into()),
                    disabled: true,
                },
                Button {
                    label: "Docs".into(),
                    custom_id: None,
                    disabled: false,
                },
            ]
        );
        assert_eq!(custom_ids(&message), ["btn:confirm", "btn:keep"]);
        assert!(button(&message, "No").disabled);
    }

    #[test]
    #[should_panic(expected = "no button \"Maybe\" among [\"OK\", \"No\", \"Docs\"]")]
    fn a_missing_label_names_the_labels_there() {
        button(&two_buttons(), "Maybe");
    }

    /// A stored message with the two buttons, in the general channel.
    fn stored(fake: &FakeDiscord) -> u64 {
        let body = two_buttons();
        let message = fake
            .update(|i| i.state.create_message(fixtures::GENERAL_CHANNEL_ID, &body))
            .expect("stored");
        fixtures::id_of(&message["id"]).expect("message id")
    }

    #[tokio::test]
    async fn pressing_by_label_sends_that_buttons_custom_id() {
        let fake = FakeDiscord::start().await;
        let message = stored(&fake);
        let sent = fake.press(fixtures::GENERAL_CHANNEL_ID, message, "OK", (42, "ana"));
        let dispatched = fake
            .dispatches()
            .into_iter()
            .rev()
            .find(|(event, _)| event == "INTERACTION_CREATE")
            .expect("an interaction was dispatched");
        assert_eq!(dispatched.1["token"], json!(sent.token));
        assert_eq!(dispatched.1["data"]["custom_id"], json!("btn:confirm"));
    }

    #[tokio::test]
    #[should_panic(expected = "the button \"No\" is disabled")]
    async fn a_disabled_button_cannot_be_pressed() {
        let fake = FakeDiscord::start().await;
        let message = stored(&fake);
        fake.press(fixtures::GENERAL_CHANNEL_ID, message, "No", (42, "ana"));
    }

    #[tokio::test]
    async fn the_last_ephemeral_answer_skips_thinking_and_public_ones() {
        let fake = FakeDiscord::start().await;
        let message = stored(&fake);
        let sent = fake.press(fixtures::GENERAL_CHANNEL_ID, message, "OK", (42, "ana"));
        let defer = json!({ "type": 5, "data": { "flags": 64 } });
        fake.update(|i| i.state.interaction_callback(sent.id, &sent.token, &defer))
            .expect("deferred");
        assert_eq!(fake.last_ephemeral(&sent.token), None, "still thinking");
        let first = json!({ "content": "first", "flags": 64 });
        let public = json!({ "content": "for everyone" });
        for body in [&first, &public] {
            fake.update(|i| i.state.create_followup(&sent.token, body))
                .expect("follow-up");
        }
        let last = fake
            .last_ephemeral(&sent.token)
            .expect("an ephemeral answer");
        assert_eq!(content(&last), "first");
        assert_eq!(fake.wait_ephemeral_text(&sent.token).await, "first");
    }
}
