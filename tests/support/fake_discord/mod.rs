//! A local fake Discord (REST + gateway) for running the real bot in tests.
//!
//! The fake owns one guild whose channels, roles, members and messages the bot's REST calls
//! really change; it records every request and sends gateway dispatches built by
//! [`fixtures`] (each checked against serenity's types in `tests/fake_discord.rs`).
//!
//! ```ignore
//! let fake = FakeDiscord::start().await;
//! // Production's seam (DISCORD_API_BASE): the ratelimiter must be off, it ignores the proxy.
//! let http = HttpBuilder::new("a.b.c").proxy(fake.api_base()).ratelimiter_disabled(true).build();
//! let client = ClientBuilder::new_with_http(http, intents).framework(framework).await?;
//! tokio::spawn(async move { client.start().await });
//! fake.wait_ready().await;
//! fake.wait_commands_registered().await; // poise holds events until its setup returns
//! let sent = fake.send_interaction(InteractionBuilder::slash("ping").option("text", "hi"));
//! assert_eq!(fake.wait_callback(&sent.token).await["type"], 4);
//! fake.assert_no_unknown_routes();
//! ```
//!
//! Like Discord, the fake refuses what the bot may not do: its effective permissions in each
//! channel are computed as Discord documents them (`state::permissions`), each route checks
//! what Discord says it requires (`state::refusals`: 50001 Missing Access, 50013 Missing
//! Permissions), and every message records who it really notified (`state::notify`).
//! The default bot role holds broad permissions; set it with `set_role_permissions`.
//!
//! Modules: [`state`] (the guild and the records), [`rest`] (routes, failures on demand),
//! [`gateway`] (the websocket), [`fixtures`] (payload builders); the handle's methods are in
//! `queries` (read and wait) and `drive` (gateway trouble, users acting); [`view`] reads
//! messages as a person sees them (text, buttons) and presses buttons by label.

mod drive;
pub mod fixtures;
pub mod gateway;
pub mod limits;
pub mod oauth;
mod queries;
pub mod rest;
pub mod state;
pub mod view;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::watch;

pub use fixtures::InteractionBuilder;
pub use gateway::ResumeMode;
pub use rest::Failure;
pub use state::{RecordedRequest, State};

/// How long the `wait_*` helpers without a timeout argument wait.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// Everything behind the fake's one lock. Tests read it in `wait_for` predicates.
#[derive(Debug)]
pub struct Inner {
    pub state: State,
    pub requests: Vec<RecordedRequest>,
    /// `METHOD /path` of every request no route answered.
    pub unknown_routes: Vec<String>,
    pub failures: Vec<rest::FailureRule>,
    /// `(method, pattern)` of requests held unanswered until [`FakeDiscord::release_holds`].
    pub holds: Vec<(String, String)>,
    /// Requests waiting on a hold right now.
    pub held: usize,
    pub gateway: gateway::GatewayState,
}

/// Shared by the REST handlers, the gateway connections and the test's handle.
#[derive(Debug)]
pub struct Shared {
    inner: Mutex<Inner>,
    /// Bumped on every change so waiters re-check their condition.
    changed: watch::Sender<u64>,
    pub gateway_url: String,
    pub api_base: String,
    pub heartbeat_ms: u64,
    pub echo_events: bool,
}

impl Shared {
    /// Runs `f` under the lock and wakes every waiter.
    pub fn update<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let result = f(&mut self.inner.lock().unwrap_or_else(|e| e.into_inner()));
        self.changed.send_modify(|n| *n += 1);
        result
    }

    /// Runs `f` under the lock without waking anyone (reads).
    pub fn read<R>(&self, f: impl FnOnce(&Inner) -> R) -> R {
        f(&self.inner.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// An interaction the fake sent; wait for its answers by `token`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentInteraction {
    pub id: u64,
    pub token: String,
}

/// Options for [`FakeDiscord::start_with`].
#[derive(Clone, Debug)]
pub struct FakeOptions {
    /// HELLO's heartbeat interval. Short, so tests exercise heartbeats; serenity reconnects
    /// if an ACK is missing when the next beat is due.
    pub heartbeat_ms: u64,
    /// Send the dispatches Discord sends after the bot's own REST changes (CHANNEL_CREATE,
    /// GUILD_ROLE_UPDATE, MESSAGE_CREATE…), filtered by the intents of IDENTIFY, so the
    /// bot's cache follows its changes as in production.
    pub echo_events: bool,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            heartbeat_ms: 2_000,
            echo_events: true,
        }
    }
}

/// The handle a test holds. Dropping it stops the servers.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    /// Login with Discord (OAuth2), answered in front of the REST fake.
    pub oauth: Arc<oauth::OAuth>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl FakeDiscord {
    /// Starts REST and gateway on ephemeral 127.0.0.1 ports.
    pub async fn start() -> Self {
        Self::start_with(FakeOptions::default()).await
    }

    pub async fn start_with(options: FakeOptions) -> Self {
        let rest_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind REST");
        let gateway_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway");
        let api_base = format!(
            "http://{}",
            rest_listener.local_addr().expect("REST address")
        );
        let gateway_url = format!(
            "ws://{}",
            gateway_listener.local_addr().expect("gateway address")
        );
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                state: State::new(),
                requests: Vec::new(),
                unknown_routes: Vec::new(),
                failures: Vec::new(),
                holds: Vec::new(),
                held: 0,
                gateway: gateway::GatewayState::new(),
            }),
            changed: watch::channel(0).0,
            gateway_url,
            api_base,
            heartbeat_ms: options.heartbeat_ms,
            echo_events: options.echo_events,
        });
        let oauth = Arc::new(oauth::OAuth::default());
        let rest_app = oauth::wrap(rest::router(shared.clone()), shared.clone(), oauth.clone());
        let gateway_app = axum::Router::new()
            .route("/", axum::routing::get(gateway::upgrade))
            .with_state(shared.clone());
        let tasks = vec![
            tokio::spawn(async move {
                axum::serve(rest_listener, rest_app)
                    .await
                    .expect("REST server");
            }),
            tokio::spawn(async move {
                axum::serve(gateway_listener, gateway_app)
                    .await
                    .expect("gateway server");
            }),
        ];
        Self {
            shared,
            oauth,
            tasks,
        }
    }

    // ---- addresses and ids ----

    /// The value for `DISCORD_API_BASE` / `HttpBuilder::proxy`: `http://127.0.0.1:PORT`.
    pub fn api_base(&self) -> String {
        self.shared.api_base.clone()
    }

    /// The gateway URL `GET /gateway` answers (no query; serenity appends `?v=10`).
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url.clone()
    }

    pub fn app_id(&self) -> u64 {
        fixtures::APP_ID
    }

    pub fn bot_user_id(&self) -> u64 {
        fixtures::BOT_USER_ID
    }

    pub fn guild_id(&self) -> u64 {
        fixtures::GUILD_ID
    }

    /// The guild owner `alice`, the default invoker of interactions.
    pub fn owner_id(&self) -> u64 {
        fixtures::OWNER_ID
    }

    pub fn general_channel_id(&self) -> u64 {
        fixtures::GENERAL_CHANNEL_ID
    }

    // ---- direct state access ----

    /// Changes the in-memory guild (seeding before the bot connects, or simulating a change
    /// made by a human; send the matching dispatch yourself if the bot must notice).
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        self.shared.update(|inner| f(&mut inner.state))
    }

    /// Changes anything the fake holds (gateway bookkeeping included); prefer the helpers.
    pub fn update<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        self.shared.update(f)
    }

    /// Dispatches sent (or queued) so far, oldest first: `(event name, d)`.
    pub fn dispatches(&self) -> Vec<(String, Value)> {
        self.inspect(|i| i.gateway.dispatched.clone())
    }

    /// Reads everything the fake holds.
    pub fn inspect<R>(&self, f: impl FnOnce(&Inner) -> R) -> R {
        self.shared.read(f)
    }

    // ---- seeding ----

    pub fn add_text_channel(&self, name: &str, parent_id: Option<u64>) -> u64 {
        self.with_state(|s| {
            let id = s.next_id();
            s.channels
                .insert(id, fixtures::text_channel(id, name, parent_id));
            id
        })
    }

    pub fn add_category(&self, name: &str) -> u64 {
        self.with_state(|s| {
            let id = s.next_id();
            s.channels.insert(id, fixtures::category(id, name));
            id
        })
    }

    /// A forum with one tag per name; returns the forum id and the tag ids in order.
    pub fn add_forum(&self, name: &str, tags: &[&str]) -> (u64, Vec<u64>) {
        self.with_state(|s| {
            let id = s.next_id();
            let tag_ids: Vec<u64> = tags.iter().map(|_| s.next_id()).collect();
            let tags = tags
                .iter()
                .zip(&tag_ids)
                .map(|(n, t)| fixtures::forum_tag(*t, n))
                .collect();
            s.channels
                .insert(id, fixtures::forum_channel(id, name, None, tags));
            (id, tag_ids)
        })
    }

    /// A role with the given permission bits (decimal string), placed like a new role on
    /// Discord: at position 1, below the bot's role, so the bot can manage it.
    pub fn add_role(&self, name: &str, permissions: &str) -> u64 {
        self.with_state(|s| {
            let id = s.next_id();
            s.insert_role_at_bottom(fixtures::role(id, name, 1, permissions));
            id
        })
    }

    /// Moves a role (e.g. above the bot's, to provoke 50013 Missing Permissions).
    pub fn set_role_position(&self, role_id: u64, position: u64) {
        self.with_state(|s| {
            let role = s.roles.get_mut(&role_id).expect("known role");
            role["position"] = serde_json::json!(position);
        });
    }

    /// Replaces a role's permission bits (the bot's role: `bot_role_id()`; `@everyone`:
    /// `guild_id()`).
    pub fn set_role_permissions(&self, role_id: u64, permissions: u64) {
        self.with_state(|s| {
            let role = s.roles.get_mut(&role_id).expect("known role");
            role["permissions"] = serde_json::json!(permissions.to_string());
        });
    }

    /// Changes whether a role's mentions notify its members.
    pub fn set_role_mentionable(&self, role_id: u64, mentionable: bool) {
        self.with_state(|s| {
            let role = s.roles.get_mut(&role_id).expect("known role");
            role["mentionable"] = serde_json::json!(mentionable);
        });
    }

    /// Sets a channel's permission overwrites (`[{id, type, allow, deny}]`).
    pub fn set_overwrites(&self, channel_id: u64, overwrites: serde_json::Value) {
        self.with_state(|s| {
            let channel = s.channels.get_mut(&channel_id).expect("known channel");
            channel["permission_overwrites"] = overwrites;
        });
    }

    /// A server administrator renames a role in the client: stored, then
    /// GUILD_ROLE_UPDATE (its id stays the same, as on Discord).
    pub fn admin_renames_role(&self, role_id: u64, name: &str) {
        self.shared.update(|i| {
            let role = i.state.roles.get_mut(&role_id).expect("known role");
            role["name"] = serde_json::json!(name);
            let d = fixtures::guild_role_event(role);
            i.gateway.dispatch("GUILD_ROLE_UPDATE", d);
        });
    }

    /// Another guild the bot is in, seen only in `GET /users/@me/guilds`.
    pub fn add_other_guild(&self, id: u64, name: &str) {
        self.with_state(|s| s.other_guilds.push((id, name.to_string())));
    }

    /// The bot's managed role (created with the guild, above the roles added later).
    pub fn bot_role_id(&self) -> u64 {
        fixtures::BOT_ROLE_ID
    }

    /// A member (and user) with roles.
    pub fn add_member(&self, user_id: u64, username: &str, roles: &[u64]) {
        self.with_state(|s| s.add_member(fixtures::user(user_id, username), roles));
    }

    /// A user who is not a member (e.g. to DM).
    pub fn add_user(&self, user_id: u64, username: &str) {
        self.with_state(|s| s.users.insert(user_id, fixtures::user(user_id, username)));
    }
}
