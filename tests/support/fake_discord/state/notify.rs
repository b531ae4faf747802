//! Who a message really notifies, and who belongs to a thread.
//!
//! Mentions follow "Allowed Mentions Object" (`developers/resources/message.mdx`): the
//! content's `<@user>`, `<@&role>` and `@everyone`/`@here` notify only when allowed mentions
//! let them through (default: everything for a channel message, users only for interaction
//! responses and webhooks), a role only when it is mentionable or the bot has
//! MENTION_EVERYONE, `@everyone` only with MENTION_EVERYONE, and nobody who cannot see
//! the channel.

use std::collections::BTreeSet;

use serde_json::Value;

use super::super::fixtures::{self, id_of};
use super::permissions::bits;
use super::{ApiError, State};

/// What the content of a message mentions.
#[derive(Debug, Default)]
struct Mentions {
    users: Vec<u64>,
    roles: Vec<u64>,
    everyone: bool,
}

fn mentions_in(content: &str) -> Mentions {
    let mut found = Mentions {
        everyone: content.contains("@everyone") || content.contains("@here"),
        ..Mentions::default()
    };
    for piece in content.split("<@").skip(1) {
        let Some(inner) = piece.split('>').next() else {
            continue;
        };
        if let Some(role) = inner.strip_prefix('&') {
            found.roles.extend(role.parse::<u64>().ok());
        } else {
            found
                .users
                .extend(inner.trim_start_matches('!').parse::<u64>().ok());
        }
    }
    found
}

/// Which mention kinds `allowed_mentions` lets notify.
struct Allowed<'a> {
    parse: Vec<&'a str>,
    users: Vec<u64>,
    roles: Vec<u64>,
}

impl<'a> Allowed<'a> {
    fn from(allowed: Option<&'a Value>, interaction: bool) -> Self {
        match allowed.filter(|a| !a.is_null()) {
            None if interaction => Self::parse(vec!["users"]),
            None => Self::parse(vec!["users", "roles", "everyone"]),
            Some(a) => {
                let ids = |key: &str| -> Vec<u64> {
                    a[key]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(id_of)
                        .collect()
                };
                Self {
                    parse: a["parse"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect(),
                    users: ids("users"),
                    roles: ids("roles"),
                }
            }
        }
    }

    fn parse(parse: Vec<&'a str>) -> Self {
        Self {
            parse,
            users: Vec::new(),
            roles: Vec::new(),
        }
    }

    fn user(&self, id: u64) -> bool {
        self.parse.contains(&"users") || self.users.contains(&id)
    }

    fn role(&self, id: u64) -> bool {
        self.parse.contains(&"roles") || self.roles.contains(&id)
    }

    fn everyone(&self) -> bool {
        self.parse.contains(&"everyone")
    }
}

impl State {
    /// Records who `message` (sent by the bot with `body`) notifies; `interaction` for
    /// interaction responses and follow-ups, whose default allows only user mentions.
    pub fn record_notified(&mut self, message: &Value, body: &Value, interaction: bool) {
        let Some(message_id) = id_of(&message["id"]) else {
            return;
        };
        let channel = id_of(&message["channel_id"]).unwrap_or(0);
        let found = mentions_in(message["content"].as_str().unwrap_or(""));
        let allowed = Allowed::from(body.get("allowed_mentions"), interaction);
        let in_guild = self.channels.contains_key(&channel);
        let bot_may_mention_all = in_guild
            && self.channel_permissions(fixtures::BOT_USER_ID, channel) & bits::MENTION_EVERYONE
                != 0;
        let mut notified = BTreeSet::new();
        for user in found.users.iter().filter(|u| allowed.user(**u)) {
            notified.insert(*user);
        }
        for role in found.roles.iter().filter(|r| allowed.role(**r)) {
            let mentionable = self
                .roles
                .get(role)
                .is_some_and(|r| r["mentionable"].as_bool() == Some(true));
            if mentionable || bot_may_mention_all {
                notified.extend(self.members_with_role(*role));
            }
        }
        if found.everyone && allowed.everyone() && bot_may_mention_all {
            notified.extend(self.members.keys().copied());
        }
        notified.remove(&fixtures::BOT_USER_ID);
        if in_guild {
            notified.retain(|user| self.can_view(*user, channel));
        }
        self.notified
            .insert(message_id, notified.into_iter().collect());
    }

    fn members_with_role(&self, role: u64) -> Vec<u64> {
        self.members
            .iter()
            .filter(|(_, m)| {
                m["roles"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|r| id_of(r) == Some(role)))
            })
            .map(|(id, _)| *id)
            .collect()
    }

    // ---- thread members ----

    /// `PUT /channels/{t}/thread-members/{u}`: the thread must be open and `u` a member of the
    /// guild.
    pub fn add_thread_member(&mut self, thread: u64, user: u64) -> Result<(), ApiError> {
        let channel = self
            .channels
            .get(&thread)
            .filter(|c| self.is_thread(id_of(&c["id"]).unwrap_or(0)))
            .ok_or_else(ApiError::unknown_channel)?;
        if channel["thread_metadata"]["archived"].as_bool() == Some(true) {
            return Err(ApiError::new(400, 50083, "Thread is archived"));
        }
        if !self.members.contains_key(&user) {
            return Err(ApiError::unknown_member());
        }
        self.thread_members.entry(thread).or_default().insert(user);
        Ok(())
    }

    /// `DELETE /channels/{t}/thread-members/{u}`.
    pub fn remove_thread_member(&mut self, thread: u64, user: u64) -> Result<(), ApiError> {
        if !self.is_thread(thread) {
            return Err(ApiError::unknown_channel());
        }
        if self.channels[&thread]["thread_metadata"]["archived"].as_bool() == Some(true) {
            return Err(ApiError::new(400, 50083, "Thread is archived"));
        }
        if let Some(members) = self.thread_members.get_mut(&thread) {
            members.remove(&user);
        }
        Ok(())
    }

    /// The users in a thread (its creator joins on creation).
    pub fn thread_member_ids(&self, thread: u64) -> Vec<u64> {
        self.thread_members
            .get(&thread)
            .map(|m| m.iter().copied().collect())
            .unwrap_or_default()
    }
}
