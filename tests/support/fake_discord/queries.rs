//! What tests read and wait for: the guild as the bot left it, recorded requests,
//! interaction answers; and the failures they arm.

use std::time::Duration;

use serde_json::{json, Value};

use super::fixtures::id_of;
use super::state::RecordedRequest;
use super::{rest, Failure, FakeDiscord, Inner, DEFAULT_WAIT};

impl FakeDiscord {
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

    /// Who a message the bot sent really notified (mentions that Discord lets through).
    pub fn notified_by(&self, message_id: u64) -> Vec<u64> {
        self.inspect(|i| {
            i.state
                .notified
                .get(&message_id)
                .cloned()
                .unwrap_or_default()
        })
    }

    /// The users in a thread (added by `PUT /channels/{t}/thread-members/{u}` or creators).
    pub fn thread_members(&self, thread_id: u64) -> Vec<u64> {
        self.inspect(|i| i.state.thread_member_ids(thread_id))
    }

    /// Whether `user_id` can see the channel, by Discord's permission computation.
    pub fn can_view(&self, user_id: u64, channel_id: u64) -> bool {
        self.inspect(|i| i.state.can_view(user_id, channel_id))
    }

    /// The effective permissions of `user_id` in a channel.
    pub fn channel_permissions(&self, user_id: u64, channel_id: u64) -> u64 {
        self.inspect(|i| i.state.channel_permissions(user_id, channel_id))
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

    /// Every request that creates or edits a message without `allowed_mentions`, described:
    /// channel messages and their edits, forum posts' first messages, interaction answers
    /// that carry a message (types 4 and 7), follow-ups and edits of interaction answers.
    pub fn messages_without_allowed_mentions(&self) -> Vec<String> {
        self.requests()
            .iter()
            .filter_map(|r| {
                let body = if r.is("POST", "/channels/*/messages")
                    || r.is("PATCH", "/channels/*/messages/*")
                    || r.is("POST", "/webhooks/*/*")
                    || r.is("PATCH", "/webhooks/*/*/messages/*")
                {
                    &r.body
                } else if r.is("POST", "/channels/*/threads") && r.body.get("message").is_some() {
                    &r.body["message"]
                } else if r.is("POST", "/interactions/*/*/callback")
                    && matches!(r.body["type"].as_u64(), Some(4) | Some(7))
                {
                    &r.body["data"]
                } else {
                    return None;
                };
                (!body["allowed_mentions"].is_object()).then(|| {
                    format!(
                        "{} {} without allowed_mentions: {}",
                        r.method,
                        r.path,
                        body["content"].as_str().unwrap_or_default()
                    )
                })
            })
            .collect()
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
                let unknown = self.unknown_routes();
                panic!(
                    "timed out after {timeout:?} waiting for {what}; latest requests (newest \
                     first): {recent:#?}; requests with no route: {unknown:#?}"
                );
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
}
