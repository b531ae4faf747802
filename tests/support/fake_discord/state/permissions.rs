//! Discord's permission rules, as documented in discord-api-docs
//! (`developers/topics/permissions.mdx`, `developers/resources/channel.mdx`,
//! `developers/resources/message.mdx`, `developers/topics/threads.mdx`):
//! a member's base permissions in the guild, their effective permissions in a channel, and
//! the refusals the bot's requests meet (50001 Missing Access, 50013 Missing Permissions).

use serde_json::Value;

use super::super::fixtures::{self, channel_type, id_of, GUILD_ID};
use super::{ApiError, State};

/// Permission bits (`developers/topics/permissions.mdx`, "Bitwise Permission Flags").
pub mod bits {
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_CHANNELS: u64 = 1 << 4;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const MANAGE_MESSAGES: u64 = 1 << 13;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const MENTION_EVERYONE: u64 = 1 << 17;
    pub const MANAGE_ROLES: u64 = 1 << 28;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    pub const MANAGE_THREADS: u64 = 1 << 34;
    pub const CREATE_PUBLIC_THREADS: u64 = 1 << 35;
    pub const CREATE_PRIVATE_THREADS: u64 = 1 << 36;
    pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
    pub const CREATE_EVENTS: u64 = 1 << 44;
    pub const PIN_MESSAGES: u64 = 1 << 51;
    /// Every bit Discord defines today (0..=52 but 47), what Administrator stands for.
    pub const ALL: u64 = ((1 << 53) - 1) & !(1 << 47);
}

/// 50001: the bot cannot see the channel.
pub fn missing_access() -> ApiError {
    ApiError::new(403, 50001, "Missing Access")
}

/// 50013: the bot sees the channel but lacks a permission.
pub fn missing_permissions() -> ApiError {
    ApiError::new(403, 50013, "Missing Permissions")
}

/// A permission field as Discord sends it (a decimal string) or as clients may (a number).
pub fn parse_bits(value: &Value) -> u64 {
    match value {
        Value::String(s) => s.parse().unwrap_or(0),
        Value::Number(n) => n.as_u64().unwrap_or(0),
        _ => 0,
    }
}

impl State {
    fn role_ids_of(&self, user_id: u64) -> Vec<u64> {
        self.members
            .get(&user_id)
            .and_then(|m| m["roles"].as_array())
            .into_iter()
            .flatten()
            .filter_map(id_of)
            .collect()
    }

    /// Base permissions: `@everyone`'s, or'd with every role's; the owner and
    /// Administrator hold every bit ("Permission Overwrites", `compute_base_permissions`).
    pub fn base_permissions(&self, user_id: u64) -> u64 {
        if user_id == fixtures::OWNER_ID {
            return bits::ALL;
        }
        let everyone = self
            .roles
            .get(&GUILD_ID)
            .map_or(0, |r| parse_bits(&r["permissions"]));
        let permissions = self
            .role_ids_of(user_id)
            .iter()
            .filter_map(|id| self.roles.get(id))
            .fold(everyone, |acc, r| acc | parse_bits(&r["permissions"]));
        if permissions & bits::ADMINISTRATOR != 0 {
            return bits::ALL;
        }
        permissions
    }

    /// Effective permissions in a channel (`compute_overwrites`): base, then the `@everyone`
    /// overwrite, then all role overwrites together, then the member's. A thread takes its
    /// parent's ("Inherited Permissions (Threads)"); losing VIEW_CHANNEL loses everything
    /// ("Implicit Permissions").
    pub fn channel_permissions(&self, user_id: u64, channel_id: u64) -> u64 {
        let base = self.base_permissions(user_id);
        if base & bits::ADMINISTRATOR != 0 || base == bits::ALL {
            return bits::ALL;
        }
        let Some(channel) = self.channels.get(&channel_id) else {
            return base;
        };
        if channel_type::is_thread(channel["type"].as_u64().unwrap_or(0)) {
            let parent = channel.get("parent_id").and_then(id_of).unwrap_or(0);
            return self.channel_permissions(user_id, parent);
        }
        let overwrites: Vec<&Value> = channel["permission_overwrites"]
            .as_array()
            .into_iter()
            .flatten()
            .collect();
        let find = |id: u64| overwrites.iter().find(|o| id_of(&o["id"]) == Some(id));
        let mut permissions = base;
        if let Some(o) = find(GUILD_ID) {
            permissions &= !parse_bits(&o["deny"]);
            permissions |= parse_bits(&o["allow"]);
        }
        let (mut allow, mut deny) = (0, 0);
        for role in self.role_ids_of(user_id) {
            if let Some(o) = find(role) {
                allow |= parse_bits(&o["allow"]);
                deny |= parse_bits(&o["deny"]);
            }
        }
        permissions &= !deny;
        permissions |= allow;
        if let Some(o) = find(user_id).filter(|o| o["type"].as_u64() == Some(1)) {
            permissions &= !parse_bits(&o["deny"]);
            permissions |= parse_bits(&o["allow"]);
        }
        if permissions & bits::VIEW_CHANNEL == 0 {
            return 0;
        }
        // Denying SEND_MESSAGES implicitly denies what only a sender can use.
        if permissions & bits::SEND_MESSAGES == 0 {
            permissions &= !(bits::MENTION_EVERYONE | bits::ATTACH_FILES | bits::EMBED_LINKS);
        }
        permissions
    }

    /// Whether `user_id` can see the channel (threads: its parent).
    pub fn can_view(&self, user_id: u64, channel_id: u64) -> bool {
        self.channel_permissions(user_id, channel_id) & bits::VIEW_CHANNEL != 0
    }

    /// The bot's guild-wide permissions must hold `needed`.
    pub fn bot_needs(&self, needed: u64) -> Result<(), ApiError> {
        let held = self.base_permissions(fixtures::BOT_USER_ID);
        if held & needed == needed {
            Ok(())
        } else {
            Err(missing_permissions())
        }
    }

    /// The bot must see the channel (else 50001) and hold `needed` there (else 50013).
    /// DM channels carry no permissions.
    pub fn bot_needs_in(&self, channel_id: u64, needed: u64) -> Result<(), ApiError> {
        if self.is_dm(channel_id) || !self.channels.contains_key(&channel_id) {
            return Ok(());
        }
        let held = self.channel_permissions(fixtures::BOT_USER_ID, channel_id);
        if held & bits::VIEW_CHANNEL == 0 {
            return Err(missing_access());
        }
        if held & needed != needed {
            return Err(missing_permissions());
        }
        Ok(())
    }

    /// "Only permissions your bot has in the guild or parent channel (if applicable) can be
    /// allowed/denied"; `MANAGE_ROLES` in an overwrite takes Administrator.
    pub fn bot_may_write_overwrites(
        &self,
        parent: Option<u64>,
        overwrites: &[Value],
    ) -> Result<(), ApiError> {
        if overwrites.is_empty() {
            return Ok(());
        }
        self.bot_needs(bits::MANAGE_ROLES)?;
        let base = self.base_permissions(fixtures::BOT_USER_ID);
        if base == bits::ALL {
            return Ok(());
        }
        let held = match parent.filter(|p| self.channels.contains_key(p)) {
            Some(parent) => self.channel_permissions(fixtures::BOT_USER_ID, parent),
            None => base,
        };
        for overwrite in overwrites {
            let used = parse_bits(&overwrite["allow"]) | parse_bits(&overwrite["deny"]);
            if used & bits::MANAGE_ROLES != 0 || used & !held != 0 {
                return Err(missing_permissions());
            }
        }
        Ok(())
    }

    /// Whether the bot created this thread (its creator may rename, archive and tag it).
    pub fn bot_owns_thread(&self, thread_id: u64) -> bool {
        self.channels
            .get(&thread_id)
            .and_then(|t| t.get("owner_id").and_then(id_of))
            == Some(fixtures::BOT_USER_ID)
    }
}
