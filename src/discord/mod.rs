//! Discord glue: the poise framework, event handling, errors shown to users.
//! Rules live in `domain`; this module translates and renders.

pub mod access;
pub mod audit;
pub mod bot_permissions;
pub mod channel_access;
pub mod commands;
pub mod components;
pub mod custom_id;
pub mod error;
pub mod identity;
pub mod jury;
pub mod localize;
pub mod outbox;
pub mod paging;
pub mod recovery;
pub mod reply;
pub mod server_plan;
mod state;
pub mod teams;
pub mod tickets;
mod welcome;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use futures::future::BoxFuture;
use serenity::all::{ClientBuilder, FullEvent, GatewayIntents, HttpBuilder, Interaction};

pub use error::{new_reference, BotError};
pub use state::Data;

use crate::config::{EventConfig, Settings};
use crate::i18n::{I18n, Lang};
use crate::lifecycle::InFlight;
use crate::secret::Secret;
use crate::store::Store;

pub type Context<'a> = poise::Context<'a, Data, BotError>;

/// How often the scheduler looks for due jobs.
const SCHEDULER_INTERVAL: Duration = Duration::from_secs(5);

/// Gateway intents: guilds (channels, roles, threads), guild messages (help
/// posts, who posts in the introductions channel) and DMs; none privileged.
/// The welcome adds the privileged GUILD_MEMBERS (joins), only when the
/// event enables it.
pub fn intents(event: &EventConfig) -> GatewayIntents {
    let base =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    if event.welcome.enabled {
        base | GatewayIntents::GUILD_MEMBERS
    } else {
        base
    }
}

/// Everything `run` needs.
pub struct Launch {
    pub token: Secret,
    pub settings: Settings,
    pub event: EventConfig,
    pub store: Store,
    /// Completes when the bot should stop (a signal, or a test's request).
    pub shutdown: BoxFuture<'static, ()>,
    /// The Hub client and running checks to share with the web served by
    /// the same process; `None`: the bot makes its own.
    pub checker: Option<crate::domain::recheck::Checker>,
}

/// Completes on Ctrl-C or SIGTERM.
pub fn shutdown_signal() -> BoxFuture<'static, ()> {
    Box::pin(async {
        let ctrl_c = async {
            if let Err(e) = tokio::signal::ctrl_c().await {
                tracing::error!(error = %e, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        };
        #[cfg(unix)]
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot listen for SIGTERM");
                    std::future::pending::<()>().await;
                }
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => tracing::info!("Ctrl-C received, stopping"),
            _ = term => tracing::info!("SIGTERM received, stopping"),
        }
    })
}

/// Runs the bot until `launch.shutdown` completes or the gateway gives up.
pub async fn run(launch: Launch) -> anyhow::Result<()> {
    let Launch {
        token,
        settings,
        event,
        store,
        shutdown,
        checker,
    } = launch;
    let shards = settings.shards()?;
    let configured_guild = settings.guild_id()?;
    let i18n = Arc::new(I18n::load()?);
    plan_jobs(&store, &event).await?;
    let inflight = Arc::new(InFlight::default());
    // One Hub budget for the whole process: every command, the scheduler,
    // recheck-all and the web's dashboard take their requests from it.
    let checker = match checker {
        Some(c) => c,
        None => crate::domain::recheck::Checker::for_process(&settings, &event)
            .context("building the Hub client")?,
    };
    let hub = checker.hub.clone();
    let intents = intents(&event);
    let event = Arc::new(event);
    let ids = Arc::new(identity::Directory::new(
        store.clone(),
        event.clone(),
        i18n.clone(),
        configured_guild,
    ));
    // The scheduler starts once the gateway is ready and stops on shutdown.
    let (stop_scheduler, scheduler_stopped) = tokio::sync::watch::channel(false);
    let scheduler = SchedulerParts {
        store: store.clone(),
        event: event.clone(),
        i18n: i18n.clone(),
        inflight: inflight.clone(),
        hub: hub.clone(),
        ids: ids.clone(),
        stopped: scheduler_stopped,
    };
    let data = Data::new(state::DataParts {
        event,
        store,
        settings: settings.clone(),
        i18n,
        inflight: inflight.clone(),
        hub,
        checks: checker.flights.clone(),
        ids,
    });
    let framework = framework(data, scheduler);
    let mut client = client_builder(&token, &settings, intents)
        .framework(framework)
        .await
        .context("building the Discord client")?;
    let manager = client.shard_manager.clone();
    // With DISCORD_SHARDS this process runs only its range (the others run
    // elsewhere, on the same database); otherwise every recommended shard.
    let connection = async {
        match shards {
            Some(r) => {
                tracing::info!(shards = %r, "starting a shard range");
                // serenity's range end is inclusive here.
                client.start_shard_range(r.first..r.last, r.total).await
            }
            None => client.start().await,
        }
    };
    tokio::select! {
        outcome = connection => outcome.context("the Discord gateway connection ended")?,
        () = shutdown => {
            let _ = stop_scheduler.send(true);
            manager.shutdown_all().await;
            if !inflight.wait_idle(Duration::from_secs(10)).await {
                tracing::warn!(running = inflight.count(), "stopping with handlers still running");
            }
        }
    }
    Ok(())
}

/// Stores the event's data and plans its jobs before connecting: deadline
/// reminders, the GPU leases' ends and the GPU board.
async fn plan_jobs(store: &Store, event: &EventConfig) -> anyhow::Result<()> {
    crate::domain::seed::seed_event(store, event)
        .await
        .context("seeding the event data")?;
    crate::scheduler::seed_jobs(store, event, chrono::Utc::now())
        .await
        .context("scheduling the deadline reminders")?;
    crate::scheduler::gpu::seed_lease_jobs(store, &event.event.id, chrono::Utc::now())
        .await
        .context("scheduling the GPU leases' ends")?;
    let board = store
        .gpu_board_message(&event.event.id)
        .await
        .context("reading the GPU board")?;
    if event.channels.gpu_board.is_some() && board.is_some() {
        // Drawn afresh at each start (the machines or the texts may have
        // changed); the first board is posted at the first change.
        crate::scheduler::gpu::schedule_board(store, &event.event.id, chrono::Utc::now())
            .await
            .context("scheduling the GPU board")?;
    }
    Ok(())
}

/// What the scheduler needs once the gateway is ready.
struct SchedulerParts {
    store: Store,
    event: Arc<EventConfig>,
    i18n: Arc<I18n>,
    inflight: Arc<InFlight>,
    hub: crate::hub::HubClient,
    ids: Arc<identity::Directory>,
    /// Turns true on shutdown.
    stopped: tokio::sync::watch::Receiver<bool>,
}

/// The poise framework: the commands and their hooks; the scheduler starts
/// when the gateway is ready.
fn framework(data: Data, scheduler: SchedulerParts) -> poise::Framework<Data, BotError> {
    let mut commands = commands::all();
    localize::apply(&mut commands, &data.i18n);
    let options = poise::FrameworkOptions {
        commands,
        on_error: |error| Box::pin(on_error(error)),
        event_handler: |framework, event| Box::pin(on_event(framework, event)),
        // Nothing the bot says pings anyone unless a reply says otherwise.
        allowed_mentions: Some(reply::no_mentions()),
        pre_command: |ctx| Box::pin(command_started(ctx)),
        post_command: |ctx| Box::pin(command_ended(ctx.data(), ctx.id())),
        // Commands run only in the served guild (and in DMs).
        command_check: Some(|ctx| {
            Box::pin(async move {
                match ctx.guild_id() {
                    None => Ok(true),
                    Some(g) if ctx.data().ids.serves(ctx.http(), g).await => Ok(true),
                    Some(_) => Err(BotError::user("error-guild-not-served")),
                }
            })
        }),
        initialize_owners: false,
        ..Default::default()
    };
    poise::Framework::builder()
        .options(options)
        .setup(|ctx, ready, _framework| {
            let SchedulerParts {
                store,
                event,
                i18n,
                inflight,
                hub,
                ids,
                stopped,
            } = scheduler;
            let outbox = outbox::DiscordOutbox::new(ctx.http.clone(), ids);
            let scheduler =
                crate::scheduler::Scheduler::new(store, event, i18n, outbox).with_hub(hub);
            crate::scheduler::spawn_loop(Arc::new(scheduler), SCHEDULER_INTERVAL, stopped, inflight);
            Box::pin(async move {
                tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
                Ok(data)
            })
        })
        .build()
}

/// The client's builder, through the configured API base when one is set.
fn client_builder(token: &Secret, settings: &Settings, intents: GatewayIntents) -> ClientBuilder {
    match &settings.discord_api_base {
        Some(base) => {
            // The ratelimiter ignores the proxy, so it is off when one is set
            // (tests only; see shared/reference/discord-testing.md).
            let http = HttpBuilder::new(token.expose())
                .proxy(base.as_str())
                .ratelimiter_disabled(true)
                .build();
            ClientBuilder::new_with_http(http, intents)
        }
        None => ClientBuilder::new(token.expose(), intents),
    }
}

/// Before every command: counts it as under way and remembers who uses the
/// bot and their language, so deadline nudges can reach them (off the
/// command's path, and only when it would change something).
async fn command_started(ctx: Context<'_>) {
    ctx.data().inflight.command_started(ctx.id());
    remember_command(ctx).await;
    tracing::debug!(command = %ctx.command().qualified_name, user = %ctx.author().id, "command");
    let data = ctx.data();
    let (user, locale) = (ctx.author().id.get(), ctx.locale().map(str::to_string));
    if data.recent_participants.is_fresh(user, locale.as_deref()) {
        return;
    }
    let (store, event_id) = (data.store.clone(), data.event.event.id.clone());
    let recent = data.recent_participants.clone();
    tokio::spawn(async move {
        let now = chrono::Utc::now();
        match store
            .touch_participant(&event_id, user, locale.as_deref(), now)
            .await
        {
            Ok(()) => recent.record(user, locale.as_deref()),
            Err(e) => tracing::warn!(error = %e, "cannot record a participant"),
        }
    });
}

/// Records a slash command as under way, so a crash before its end is
/// answered at the next start ([`recovery`]).
async fn remember_command(ctx: Context<'_>) {
    let poise::Context::Application(app) = ctx else {
        return;
    };
    let pending = crate::store::PendingInteraction {
        id: ctx.id(),
        guild_id: ctx.guild_id().map_or(0, |g| g.get()),
        token: app.interaction.token.clone(),
        user_id: ctx.author().id.get(),
        command: ctx.command().qualified_name.to_string(),
        locale: ctx.locale().map(str::to_string),
        started_at: chrono::Utc::now(),
    };
    if let Err(e) = ctx.data().store.begin_interaction(&pending).await {
        tracing::warn!(error = %e, "cannot record a command under way");
    }
}

/// A command ended, answered or refused: it is no longer under way, in the
/// store or for shutdown.
async fn command_ended(data: &Data, id: u64) {
    if let Err(e) = data.store.end_interaction(id).await {
        tracing::warn!(error = %e, "cannot forget a finished command");
    }
    data.inflight.command_ended(id);
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, BotError>,
    event: &FullEvent,
) -> Result<(), BotError> {
    let (ctx, data) = (framework.serenity_context, framework.user_data);
    if let Some(guild) = event_guild(event) {
        if !data.ids.serves(&ctx.http, guild).await {
            return Ok(());
        }
    }
    if let FullEvent::InteractionCreate { interaction } = event {
        if components::on_interaction(ctx, data, interaction).await {
            return Ok(());
        }
    }
    on_ticket_event(ctx, data, event).await;
    match event {
        FullEvent::GuildMemberAddition { new_member } => {
            let _running = data.inflight.start();
            welcome::member_joined(ctx, data, new_member).await;
        }
        FullEvent::Message { new_message } => {
            welcome::message_seen(ctx, data, new_message).await;
        }
        FullEvent::GuildCreate { guild, .. } => {
            if !data.ids.serves_after_join(&ctx.http, guild.id).await {
                tracing::warn!(guild = %guild.id, "not the guild this bot serves (DISCORD_GUILD_ID); ignoring it");
                return Ok(());
            }
            let first = data
                .registered_guilds
                .lock()
                .map(|mut g| g.insert(guild.id.get()))
                .unwrap_or(true);
            if first {
                // Commands a crash cut off in this guild (and, on shard 0,
                // in DMs) are answered by the process that now serves it.
                let mut served = vec![guild.id.get()];
                if ctx.shard_id.0 == 0 {
                    served.push(0);
                }
                let recovery = recovery::Recovery {
                    http: ctx.http.clone(),
                    store: data.store.clone(),
                    i18n: data.i18n.clone(),
                    event: data.event.clone(),
                };
                let started = data.started_at;
                tokio::spawn(async move { recovery.run(&served, started).await });
                // The event's roles and channels get their ids before any
                // command can need them.
                data.ids.resolve_all(&ctx.http).await;
                poise::builtins::register_in_guild(ctx, &framework.options.commands, guild.id)
                    .await?;
                tracing::info!(guild = %guild.id, "commands registered");
                // Posts deleted or archived while the bot was away.
                let _running = data.inflight.start();
                if let Err(e) = tickets::reconcile(ctx, data, guild.id).await {
                    tracing::warn!(error = %format!("{e:#}"), "cannot reconcile help tickets");
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The guild an event happens in, for the events the bot acts on (guild
/// creation is checked where it is handled).
fn event_guild(event: &FullEvent) -> Option<serenity::all::GuildId> {
    match event {
        FullEvent::InteractionCreate { interaction } => match interaction {
            Interaction::Component(c) => c.guild_id,
            Interaction::Modal(m) => m.guild_id,
            Interaction::Autocomplete(a) => a.guild_id,
            Interaction::Command(c) => c.guild_id,
            _ => None,
        },
        FullEvent::Message { new_message } => new_message.guild_id,
        FullEvent::GuildMemberAddition { new_member } => Some(new_member.guild_id),
        FullEvent::ThreadCreate { thread } => Some(thread.guild_id),
        FullEvent::ThreadUpdate { new, .. } => Some(new.guild_id),
        FullEvent::ThreadDelete { thread, .. } => Some(thread.guild_id),
        _ => None,
    }
}

/// Help-desk events: forum posts created, changed or deleted, and messages
/// in them (other features may handle the same events too).
async fn on_ticket_event(ctx: &serenity::all::Context, data: &Data, event: &FullEvent) {
    let outcome = match event {
        FullEvent::ThreadCreate { thread } => {
            let _running = data.inflight.start();
            tickets::on_thread_create(ctx, data, thread)
                .await
                .map(|_| ())
        }
        FullEvent::ThreadUpdate { new, .. } => tickets::on_thread_update(ctx, data, new).await,
        FullEvent::ThreadDelete { thread, .. } => tickets::on_thread_delete(data, thread.id).await,
        FullEvent::Message { new_message } => tickets::on_message(ctx, data, new_message).await,
        _ => return,
    };
    if let Err(e) = outcome {
        tracing::warn!(error = %format!("{e:#}"), "help desk event failed");
    }
}

/// What to tell a person about an error: the refusal in their language, or
/// an apology with a reference that is also in the log.
pub(crate) fn user_text(data: &Data, lang: Lang, error: &BotError) -> String {
    match error {
        BotError::User { id, args } => {
            let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
                args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
            data.i18n.get_args(lang, id, &args)
        }
        BotError::Internal(e) => {
            let reference = new_reference();
            tracing::error!(reference, error = %format!("{e:#}"), "internal error");
            data.i18n
                .get_args(lang, "error-internal", &[("reference", reference.into())])
        }
    }
}

async fn on_error(error: poise::FrameworkError<'_, Data, BotError>) {
    let ended = error.ctx().map(|ctx| (ctx.data(), ctx.id()));
    handle_error(error).await;
    // The command is over once its error is answered (poise runs
    // `post_command` only after a success).
    if let Some((data, id)) = ended {
        command_ended(data, id).await;
    }
}

async fn handle_error(error: poise::FrameworkError<'_, Data, BotError>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            let text = user_text(ctx.data(), reply::lang(ctx), &error);
            if let Err(e) = reply::ephemeral(ctx, text).await {
                tracing::warn!(error = %e, "cannot tell the user about an error");
            }
        }
        poise::FrameworkError::Setup { error, .. } => {
            tracing::error!(error = %error, "setup failed");
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::warn!(error = %e, "error while handling an error");
            }
        }
    }
}
