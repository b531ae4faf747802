//! What tests make happen on the gateway: connection trouble, and users acting
//! (interactions, messages, forum posts, joins) as real-shaped dispatches.

use std::time::Duration;

use serde_json::{json, Value};

use super::fixtures::{self, id_of, sf};
use super::state;
use super::{gateway, FakeDiscord, InteractionBuilder, ResumeMode, SentInteraction, DEFAULT_WAIT};

impl FakeDiscord {
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
    /// Frames the client missed are replayed on RESUME; dispatches sent while it is away
    /// are queued and delivered after RESUMED (or READY).
    pub fn drop_gateway(&self) {
        self.shared
            .update(|i| i.gateway.end_live(|| gateway::Outgoing::Drop));
    }

    /// Closes the live websocket with a close code (4000 = unknown error, resumable).
    pub fn close_gateway(&self, code: u16) {
        self.shared.update(|i| {
            let live = i.gateway.shards.get_mut(&0).and_then(|s| s.live.take());
            if let Some(connection) = live {
                if let Some((_, tx)) = i.gateway.sockets.iter().find(|(c, _)| *c == connection) {
                    let _ = tx.send(gateway::Outgoing::Close(code));
                }
            }
        });
    }

    /// Leaves requests matching `method` and `pattern` unanswered until
    /// [`FakeDiscord::release_holds`] (see [`FakeDiscord::held_requests`]).
    pub fn hold(&self, method: &str, pattern: &str) {
        self.shared
            .update(|i| i.holds.push((method.to_string(), pattern.to_string())));
    }

    /// Lets every held request through.
    pub fn release_holds(&self) {
        self.shared.update(|i| i.holds.clear());
    }

    /// How many requests are waiting on a hold.
    pub fn held_requests(&self) -> usize {
        self.inspect(|i| i.held)
    }

    /// Waits until shard `shard` has a session and a live connection.
    pub async fn wait_shard_live(&self, shard: u64) {
        self.wait_for(&format!("shard {shard} live"), DEFAULT_WAIT, |i| {
            let s = i.gateway.shards.get(&shard)?;
            (s.live.is_some() && s.session_id.is_some()).then_some(())
        })
        .await
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
    /// It goes on the shard Discord would use (the guild's, or 0 for a DM).
    pub fn send_interaction(&self, builder: InteractionBuilder) -> SentInteraction {
        self.send_interaction_via(builder, None)
    }

    /// Sends an interaction on `shard` whatever the routing says. The fake holds one guild
    /// (on shard 0), so this stands for the same event's interactions reaching a process
    /// whose shards own another of its guilds (several instances sharing one database).
    pub fn send_interaction_on_shard(
        &self,
        builder: InteractionBuilder,
        shard: u64,
    ) -> SentInteraction {
        self.send_interaction_via(builder, Some(shard))
    }

    fn send_interaction_via(
        &self,
        mut builder: InteractionBuilder,
        shard: Option<u64>,
    ) -> SentInteraction {
        self.shared.update(|i| {
            builder.id = i.state.next_id();
            builder.token = format!("itoken-{}", builder.id);
            if builder.data.get("name").is_some() {
                let name = builder.data["name"].as_str().unwrap_or_default();
                if let Some(id) = i.state.command_id(name) {
                    builder.data["id"] = sf(id);
                }
            }
            let mut d = builder.build();
            // The `channel` of the interaction describes the stored channel (a thread's type,
            // parent and metadata), as Discord sends it.
            if let Ok(channel) = i.state.channel(builder.channel_id) {
                if !builder.in_dm {
                    let mut partial = json!({
                        "id": channel["id"],
                        "name": channel["name"],
                        "type": channel["type"],
                        "permissions": fixtures::MEMBER_PERMISSIONS,
                        "parent_id": channel["parent_id"],
                    });
                    if let Some(metadata) = channel.get("thread_metadata") {
                        partial["thread_metadata"] = metadata.clone();
                    }
                    d["channel"] = partial;
                }
            }
            let (token, record) =
                state::InteractionRecord::from_dispatch(&d).expect("id and token");
            i.state.interactions.insert(token, record);
            match shard {
                Some(shard) => i.gateway.dispatch_on(shard, "INTERACTION_CREATE", d),
                None => i.gateway.dispatch("INTERACTION_CREATE", d),
            }
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
            let in_guild = !i.state.is_dm(channel_id);
            let d = match i.state.members.get(&user_id) {
                Some(member) if in_guild => fixtures::guild_message_create(&message, member),
                _ => message.clone(),
            };
            // Writing in an archived (unlocked) thread reopens it.
            if let Some(thread) = i.state.unarchive_on_message(channel_id) {
                i.gateway.dispatch("THREAD_UPDATE", thread);
            }
            let d = as_delivered(i.gateway.intents, d, in_guild);
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
            i.state.thread_members.insert(id, [user_id].into());
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
            // Discord then sends the starter message (whose id is the thread's).
            let starter = i.state.messages.get(&id).and_then(|m| m.first()).cloned();
            if let (Some(starter), Some(member)) = (starter, i.state.members.get(&user_id)) {
                let d = fixtures::guild_message_create(&starter, member);
                let d = as_delivered(i.gateway.intents, d, true);
                i.gateway.dispatch("MESSAGE_CREATE", d);
            }
            id
        })
    }

    /// A member deletes their forum post or thread: removed, then THREAD_DELETE.
    pub fn user_deletes_thread(&self, thread_id: u64) {
        self.shared.update(|i| {
            let thread = i.state.delete_channel(thread_id).expect("known thread");
            i.gateway
                .dispatch("THREAD_DELETE", fixtures::thread_delete(&thread));
        });
    }

    /// A moderator archives a thread by hand: stored, then THREAD_UPDATE.
    pub fn user_archives_thread(&self, thread_id: u64) {
        self.shared.update(|i| {
            let thread = i
                .state
                .modify_channel(thread_id, &json!({ "archived": true }))
                .expect("known thread");
            i.gateway.dispatch("THREAD_UPDATE", thread);
        });
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

/// Discord's GATEWAY_MESSAGE_CONTENT rule: without the MESSAGE_CONTENT intent (1 << 15) a
/// guild message arrives with empty `content`, `embeds`, `attachments` and `components`,
/// unless it mentions the bot. Author, channel and ids are always there.
fn as_delivered(intents: u64, mut d: Value, in_guild: bool) -> Value {
    const MESSAGE_CONTENT: u64 = 1 << 15;
    let mentions_bot = d["mentions"].as_array().is_some_and(|m| {
        m.iter()
            .any(|u| id_of(&u["id"]) == Some(fixtures::BOT_USER_ID))
    });
    if in_guild && intents & MESSAGE_CONTENT == 0 && !mentions_bot {
        d["content"] = json!("");
        for key in ["embeds", "attachments", "components"] {
            d[key] = json!([]);
        }
    }
    d
}
