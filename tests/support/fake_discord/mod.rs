//! A local fake Discord (REST + gateway) for running the real bot in tests.
//!
//! Connect a bot with `HttpBuilder::new(token).proxy(fake.api_base()).ratelimiter_disabled(true)`
//! and `ClientBuilder::new_with_http`; see `tests/fake_discord.rs`. The fake owns one guild
//! whose channels, roles, members and messages the bot's REST calls really change, records
//! every request, and sends gateway dispatches built by [`fixtures`].

pub mod fixtures;
pub mod gateway;
pub mod rest;
pub mod state;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::watch;

pub use fixtures::InteractionBuilder;
pub use gateway::ResumeMode;
pub use rest::Failure;
pub use state::{RecordedRequest, State};

use fixtures::{id_of, sf};

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
                gateway: gateway::GatewayState::new(),
            }),
            changed: watch::channel(0).0,
            gateway_url,
            api_base,
            heartbeat_ms: options.heartbeat_ms,
            echo_events: options.echo_events,
        });
        let rest_app = rest::router(shared.clone());
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
        Self { shared, tasks }
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

    /// A role with the given permission bits (decimal string), above existing roles.
    pub fn add_role(&self, name: &str, permissions: &str) -> u64 {
        self.with_state(|s| {
            let id = s.next_id();
            let position = s.roles.len() as u64;
            s.roles
                .insert(id, fixtures::role(id, name, position, permissions));
            id
        })
    }

    /// A member (and user) with roles.
    pub fn add_member(&self, user_id: u64, username: &str, roles: &[u64]) {
        self.with_state(|s| s.add_member(fixtures::user(user_id, username), roles));
    }

    /// A user who is not a member (e.g. to DM).
    pub fn add_user(&self, user_id: u64, username: &str) {
        self.with_state(|s| s.users.insert(user_id, fixtures::user(user_id, username)));
    }

    // ---- reading the guild ----

    pub fn channel(&self, id: u64) -> Option<Value> {
        self.inspect(|i| i.state.channel(id).ok())
    }

    /// Guild channels and threads whose name is `name`.
    pub fn channels_named(&self, name: &str) -> Vec<Value> {
        self.inspect(|i| {
            i.state
                .channels
                .values()
                .filter(|c| c["name"] == json!(name))
                .cloned()
                .collect()
        })
    }

    pub fn role(&self, id: u64) -> Option<Value> {
        self.inspect(|i| i.state.roles.get(&id).cloned())
    }

    pub fn role_named(&self, name: &str) -> Option<Value> {
        self.inspect(|i| {
            i.state
                .roles
                .values()
                .find(|r| r["name"] == json!(name))
                .cloned()
        })
    }

    pub fn member(&self, user_id: u64) -> Option<Value> {
        self.inspect(|i| i.state.members.get(&user_id).cloned())
    }

    pub fn member_roles(&self, user_id: u64) -> Vec<u64> {
        self.member(user_id)
            .map(|m| {
                m["roles"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(id_of)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A stored message, whatever its channel.
    pub fn message(&self, message_id: u64) -> Option<Value> {
        self.inspect(|i| i.state.find_message(message_id))
    }

    /// Messages in a channel (guild, thread or DM), oldest first.
    pub fn messages_in(&self, channel_id: u64) -> Vec<Value> {
        self.inspect(|i| {
            i.state
                .messages
                .get(&channel_id)
                .cloned()
                .unwrap_or_default()
        })
    }

    /// The DM channel the bot opened with `user_id`, if any.
    pub fn dm_channel_with(&self, user_id: u64) -> Option<u64> {
        self.inspect(|i| {
            i.state
                .dms
                .values()
                .find(|dm| id_of(&dm["recipients"][0]["id"]) == Some(user_id))
                .and_then(|dm| id_of(&dm["id"]))
        })
    }

    /// Messages the bot sent to `user_id` by DM.
    pub fn dms_to(&self, user_id: u64) -> Vec<Value> {
        self.dm_channel_with(user_id)
            .map(|c| self.messages_in(c))
            .unwrap_or_default()
    }

    pub fn guild_commands(&self) -> Vec<Value> {
        self.inspect(|i| i.state.guild_commands.clone())
    }

    pub fn global_commands(&self) -> Vec<Value> {
        self.inspect(|i| i.state.global_commands.clone())
    }

    // ---- requests ----

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.inspect(|i| i.requests.clone())
    }

    /// Requests with `method` (`"*"` for any) on paths matching `pattern` (`*` = one segment).
    pub fn requests_to(&self, method: &str, pattern: &str) -> Vec<RecordedRequest> {
        self.inspect(|i| {
            i.requests
                .iter()
                .filter(|r| r.is(method, pattern))
                .cloned()
                .collect()
        })
    }

    /// Every `METHOD /path` no route answered (each was also logged to stderr).
    pub fn unknown_routes(&self) -> Vec<String> {
        self.inspect(|i| i.unknown_routes.clone())
    }

    #[track_caller]
    pub fn assert_no_unknown_routes(&self) {
        let unknown = self.unknown_routes();
        assert!(
            unknown.is_empty(),
            "the fake Discord got requests it has no route for: {unknown:#?}"
        );
    }

    /// Waits until `check` returns `Some` (re-checked on every change), or panics after
    /// `timeout` with `what` in the message.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&Inner) -> Option<T>,
    ) -> T {
        let mut changes = self.shared.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            changes.borrow_and_update();
            if let Some(found) = self.inspect(&mut check) {
                return found;
            }
            if tokio::time::timeout_at(deadline, changes.changed())
                .await
                .is_err()
            {
                let recent: Vec<String> = self.inspect(|i| {
                    i.requests
                        .iter()
                        .rev()
                        .take(15)
                        .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
                        .collect()
                });
                panic!("timed out after {timeout:?} waiting for {what}; latest requests (newest first): {recent:#?}");
            }
        }
    }

    /// Waits for a request matching `method` and `pattern` after the first `skip` ones.
    pub async fn wait_request_n(
        &self,
        method: &str,
        pattern: &str,
        skip: usize,
    ) -> RecordedRequest {
        let what = format!("request #{} to {method} {pattern}", skip + 1);
        self.wait_for(&what, DEFAULT_WAIT, |i| {
            i.requests
                .iter()
                .filter(|r| r.is(method, pattern))
                .nth(skip)
                .cloned()
        })
        .await
    }

    /// Waits for the first request matching `method` and `pattern`.
    pub async fn wait_request(&self, method: &str, pattern: &str) -> RecordedRequest {
        self.wait_request_n(method, pattern, 0).await
    }

    /// Waits for the bot's command registration (guild or global `PUT`), and returns its body.
    /// poise holds every event until setup returns, so send interactions after this.
    pub async fn wait_commands_registered(&self) -> Value {
        self.wait_for("the command registration PUT", DEFAULT_WAIT, |i| {
            i.requests
                .iter()
                .find(|r| {
                    r.status < 300
                        && (r.is("PUT", "/applications/*/guilds/*/commands")
                            || r.is("PUT", "/applications/*/commands"))
                })
                .map(|r| r.body.clone())
        })
        .await
    }

    // ---- interaction answers ----

    /// The first callback body (`{"type": 4, "data": …}`) for `token`, if any.
    pub fn callback_for(&self, token: &str) -> Option<Value> {
        self.inspect(|i| {
            i.state
                .interactions
                .get(token)
                .and_then(|r| r.callbacks.first().cloned())
        })
    }

    /// Waits for the callback of `token` and returns its body.
    pub async fn wait_callback(&self, token: &str) -> Value {
        self.wait_for(
            &format!("the callback of interaction {token}"),
            DEFAULT_WAIT,
            |i| {
                i.state
                    .interactions
                    .get(token)
                    .and_then(|r| r.callbacks.first().cloned())
            },
        )
        .await
    }

    /// Follow-up messages of `token`, in creation order (as currently stored, edits included).
    pub fn followups_for(&self, token: &str) -> Vec<Value> {
        self.inspect(|i| {
            i.state
                .interactions
                .get(token)
                .map(|r| {
                    r.followups
                        .iter()
                        .filter_map(|id| i.state.find_message(*id))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Waits until `token` has at least `n` follow-ups and returns them.
    pub async fn wait_followups(&self, token: &str, n: usize) -> Vec<Value> {
        self.wait_for(&format!("{n} follow-ups of {token}"), DEFAULT_WAIT, |i| {
            let record = i.state.interactions.get(token)?;
            (record.followups.len() >= n).then(|| {
                record
                    .followups
                    .iter()
                    .filter_map(|id| i.state.find_message(*id))
                    .collect()
            })
        })
        .await
    }

    /// The original response message of `token` (after type 4, a defer, or an `@original` edit).
    pub fn original_message(&self, token: &str) -> Option<Value> {
        self.inspect(|i| {
            let id = i.state.interactions.get(token)?.original?;
            i.state.find_message(id)
        })
    }

    /// Waits until the original response of `token` satisfies `check` (e.g. a deferred
    /// response got its content) and returns it.
    pub async fn wait_original(&self, token: &str, mut check: impl FnMut(&Value) -> bool) -> Value {
        self.wait_for(
            &format!("the original response of {token}"),
            DEFAULT_WAIT,
            |i| {
                let id = i.state.interactions.get(token)?.original?;
                i.state.find_message(id).filter(|m| check(m))
            },
        )
        .await
    }

    // ---- failures on demand ----

    /// The next `times` requests with `method` (`"*"` for any) on `pattern` get `failure`.
    pub fn fail_next(&self, method: &str, pattern: &str, times: usize, failure: Failure) {
        self.shared.update(|i| {
            i.failures.push(rest::FailureRule {
                method: method.to_string(),
                pattern: pattern.to_string(),
                dm_only: false,
                remaining: times,
                failure,
            })
        });
    }

    /// The next `times` messages the bot sends into a DM channel get `failure` (typically
    /// [`Failure::cannot_dm`]: the user closed their DMs).
    pub fn fail_next_dm_messages(&self, times: usize, failure: Failure) {
        self.shared.update(|i| {
            i.failures.push(rest::FailureRule {
                method: "POST".into(),
                pattern: "/channels/*/messages".into(),
                dm_only: true,
                remaining: times,
                failure,
            })
        });
    }

    // ---- gateway ----

    /// Waits until the bot identified and got READY + GUILD_CREATE (`n`-th session).
    pub async fn wait_ready_n(&self, n: usize) {
        self.wait_for(&format!("gateway READY #{n}"), DEFAULT_WAIT, |i| {
            (i.gateway.readies >= n).then_some(())
        })
        .await
    }

    pub async fn wait_ready(&self) {
        self.wait_ready_n(1).await
    }

    /// Waits until the bot has resumed `n` times.
    pub async fn wait_resumed(&self, n: usize) {
        self.wait_for(&format!("gateway RESUME #{n}"), DEFAULT_WAIT, |i| {
            (i.gateway.resumes >= n).then_some(())
        })
        .await
    }

    /// Waits until the bot has sent `n` heartbeats (each answered with op 11).
    pub async fn wait_heartbeats(&self, n: usize) {
        self.wait_for(&format!("{n} heartbeats"), DEFAULT_WAIT, |i| {
            (i.gateway.heartbeats >= n).then_some(())
        })
        .await
    }

    pub fn gateway_ops(&self) -> Vec<gateway::GatewayOp> {
        self.inspect(|i| i.gateway.received.clone())
    }

    /// What the fake answers to RESUME from now on.
    pub fn set_resume_mode(&self, mode: ResumeMode) {
        self.shared.update(|i| i.gateway.resume_mode = mode);
    }

    /// Cuts the live websocket without a close frame; serenity reconnects and resumes.
    /// Dispatches sent meanwhile are queued and delivered after RESUMED (or READY).
    pub fn drop_gateway(&self) {
        self.shared
            .update(|i| i.gateway.end_live(|| gateway::Outgoing::Drop));
    }

    /// Closes the live websocket with a close code (4000 = unknown error, resumable).
    pub fn close_gateway(&self, code: u16) {
        self.shared.update(|i| {
            if let Some(connection) = i.gateway.live.take() {
                if let Some((_, tx)) = i.gateway.sockets.iter().find(|(c, _)| *c == connection) {
                    let _ = tx.send(gateway::Outgoing::Close(code));
                }
            }
        });
    }

    /// Sends any dispatch (queued until the bot is connected). An INTERACTION_CREATE sent
    /// this way is registered too, so its callback and follow-ups are accepted.
    pub fn send_dispatch(&self, event: &str, data: Value) {
        self.shared.update(|i| {
            if event == "INTERACTION_CREATE" {
                if let Some((token, record)) = state::InteractionRecord::from_dispatch(&data) {
                    i.state.interactions.insert(token, record);
                }
            }
            i.gateway.dispatch(event, data)
        });
    }

    /// Makes a first interaction callback later than `deadline` fail with 10062 (Unknown
    /// interaction), as Discord does after 3 s; `None` (the default) accepts any delay.
    pub fn set_callback_deadline(&self, deadline: Option<Duration>) {
        self.with_state(|s| s.callback_deadline = deadline);
    }

    /// Sends an INTERACTION_CREATE with a fresh id and token; the fake then accepts its
    /// callback and follow-ups. For commands, `data.id` becomes the registered command's id.
    pub fn send_interaction(&self, mut builder: InteractionBuilder) -> SentInteraction {
        self.shared.update(|i| {
            builder.id = i.state.next_id();
            builder.token = format!("itoken-{}", builder.id);
            if builder.data.get("name").is_some() {
                let name = builder.data["name"].as_str().unwrap_or_default();
                if let Some(id) = i.state.command_id(name) {
                    builder.data["id"] = sf(id);
                }
            }
            let d = builder.build();
            let (token, record) =
                state::InteractionRecord::from_dispatch(&d).expect("id and token");
            i.state.interactions.insert(token, record);
            i.gateway.dispatch("INTERACTION_CREATE", d);
            SentInteraction {
                id: builder.id,
                token: builder.token.clone(),
            }
        })
    }

    /// A click on button `custom_id` of the stored message `message_id` in `channel_id`.
    pub fn click_button(
        &self,
        channel_id: u64,
        message_id: u64,
        custom_id: &str,
        user: (u64, &str),
    ) -> SentInteraction {
        let message = self.stored_message(channel_id, message_id);
        self.send_interaction(
            InteractionBuilder::button(custom_id, message)
                .channel(channel_id)
                .user(user.0, user.1),
        )
    }

    /// A choice in string select `custom_id` of the stored message `message_id`.
    pub fn choose(
        &self,
        channel_id: u64,
        message_id: u64,
        custom_id: &str,
        values: &[&str],
        user: (u64, &str),
    ) -> SentInteraction {
        let message = self.stored_message(channel_id, message_id);
        self.send_interaction(
            InteractionBuilder::string_select(custom_id, values, message)
                .channel(channel_id)
                .user(user.0, user.1),
        )
    }

    fn stored_message(&self, channel_id: u64, message_id: u64) -> Value {
        let message = self.inspect(|i| i.state.message(channel_id, message_id));
        let mut message =
            message.unwrap_or_else(|_| panic!("no message {message_id} in channel {channel_id}"));
        // Interaction messages never carry `guild_id`/`member`.
        message.as_object_mut().map(|m| m.remove("guild_id"));
        message
    }

    /// A member writes in a channel: stored, then MESSAGE_CREATE.
    pub fn user_message(&self, channel_id: u64, user_id: u64, content: &str) -> Value {
        self.shared.update(|i| {
            let author = i
                .state
                .users
                .get(&user_id)
                .cloned()
                .expect("add the user first");
            let id = i.state.next_id();
            let message =
                i.state
                    .insert_message(channel_id, id, author, &json!({ "content": content }));
            let d = match i.state.members.get(&user_id) {
                Some(member) if !i.state.is_dm(channel_id) => {
                    fixtures::guild_message_create(&message, member)
                }
                _ => message.clone(),
            };
            i.gateway.dispatch("MESSAGE_CREATE", d);
            message
        })
    }

    /// A member opens a forum post: thread + starter message stored, then THREAD_CREATE.
    pub fn user_forum_post(
        &self,
        forum_id: u64,
        user_id: u64,
        name: &str,
        tags: &[u64],
        content: &str,
    ) -> u64 {
        self.shared.update(|i| {
            let body = json!({
                "name": name,
                "applied_tags": tags.iter().map(|t| sf(*t)).collect::<Vec<_>>(),
                "message": { "content": content },
            });
            let thread = i
                .state
                .create_thread(forum_id, &body)
                .expect("forum exists");
            let id = id_of(&thread["id"]).expect("thread id");
            let stored = i.state.channels.get_mut(&id).expect("thread stored");
            stored["owner_id"] = sf(user_id);
            stored["member"]["user_id"] = sf(user_id);
            let author = i
                .state
                .users
                .get(&user_id)
                .cloned()
                .expect("add the user first");
            if let Some(starter) = i.state.messages.get_mut(&id).and_then(|m| m.first_mut()) {
                starter["author"] = author;
            }
            let d = fixtures::thread_create(&i.state.channels[&id]);
            i.gateway.dispatch("THREAD_CREATE", d);
            id
        })
    }

    /// A user joins: stored as a member, then GUILD_MEMBER_ADD.
    pub fn member_join(&self, user_id: u64, username: &str) {
        self.shared.update(|i| {
            let member = i.state.add_member(fixtures::user(user_id, username), &[]);
            i.gateway
                .dispatch("GUILD_MEMBER_ADD", fixtures::guild_member_add(&member));
        });
    }

    /// A member leaves: removed, then GUILD_MEMBER_REMOVE.
    pub fn member_leave(&self, user_id: u64) {
        self.shared.update(|i| {
            i.state.members.remove(&user_id);
            let user = i.state.users.get(&user_id).cloned().expect("known user");
            i.gateway
                .dispatch("GUILD_MEMBER_REMOVE", fixtures::guild_member_remove(user));
        });
    }
}
