//! Discord payload builders, shaped after the payloads verified against serenity 0.12.5
//! (`tests/fake_discord.rs` deserializes every one of them into serenity's concrete types).
//!
//! Serenity drops a gateway dispatch it cannot deserialize without telling anyone, so every
//! key here that looks optional is probably not: remove one only after the fixture test passes.

use serde_json::{json, Map, Value};

/// The application id, which is also the bot user's id (as on real Discord).
pub const APP_ID: u64 = 1000;
/// The bot's user id.
pub const BOT_USER_ID: u64 = APP_ID;
/// The one guild of the fake; also the id of its `@everyone` role.
pub const GUILD_ID: u64 = 2000;
/// The guild owner, a human member called `alice`.
pub const OWNER_ID: u64 = 3000;
/// The `#general` text channel the guild starts with.
pub const GENERAL_CHANNEL_ID: u64 = 4000;
/// All permissions a normal member has in the fixtures (as Discord sends them: a string).
pub const MEMBER_PERMISSIONS: &str = "1071698660929";
/// A fixed timestamp for objects whose creation time does not matter.
pub const EPOCH: &str = "2024-01-01T00:00:00.000000+00:00";
/// The locale of the guild and of interactions unless a test says otherwise.
pub const DEFAULT_LOCALE: &str = "es-ES";

/// Discord's channel types used by the fake.
pub mod channel_type {
    pub const TEXT: u8 = 0;
    pub const DM: u8 = 1;
    pub const CATEGORY: u8 = 4;
    pub const ANNOUNCEMENT_THREAD: u8 = 10;
    pub const PUBLIC_THREAD: u8 = 11;
    pub const PRIVATE_THREAD: u8 = 12;
    pub const FORUM: u8 = 15;

    /// Whether a channel of this type is a thread (listed under `threads` in GUILD_CREATE).
    pub fn is_thread(kind: u64) -> bool {
        matches!(
            kind as u8,
            ANNOUNCEMENT_THREAD | PUBLIC_THREAD | PRIVATE_THREAD
        )
    }
}

/// The current time in Discord's timestamp format.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

/// Snowflakes travel as strings.
pub fn sf(id: u64) -> Value {
    Value::String(id.to_string())
}

/// Reads a snowflake that may be a string or a number.
pub fn id_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Sets `key` on a JSON object (the small override helper every builder uses).
pub fn with(mut object: Value, key: &str, value: Value) -> Value {
    object[key] = value;
    object
}

/// Copies every key of `patch` onto `target` (a shallow merge, like Discord's PATCH).
pub fn merge(target: &mut Value, patch: &Value) {
    if let (Some(target), Some(patch)) = (target.as_object_mut(), patch.as_object()) {
        for (key, value) in patch {
            target.insert(key.clone(), value.clone());
        }
    }
}

/// A human user.
pub fn user(id: u64, username: &str) -> Value {
    json!({
        "id": sf(id),
        "username": username,
        "discriminator": "0",
        "global_name": username,
        "avatar": null,
    })
}

/// The bot user (as in READY and `GET /users/@me`).
pub fn bot_user() -> Value {
    json!({
        "id": sf(BOT_USER_ID),
        "username": "somosbot",
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0,
    })
}

/// A guild member (GUILD_CREATE, `GET /guilds/{g}/members/{u}`, interactions).
pub fn member(user: Value, roles: &[u64]) -> Value {
    json!({
        "user": user,
        "roles": roles.iter().map(|r| sf(*r)).collect::<Vec<_>>(),
        "joined_at": EPOCH,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "nick": null,
        "avatar": null,
    })
}

/// A role. `colors` is required by serenity 0.12.5 even though Discord added it late.
pub fn role(id: u64, name: &str, position: u64, permissions: &str) -> Value {
    json!({
        "id": sf(id),
        "name": name,
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions,
        "managed": false,
        "mentionable": false,
        "flags": 0,
    })
}

/// The `@everyone` role (its id is the guild id).
pub fn everyone_role() -> Value {
    role(GUILD_ID, "@everyone", 0, MEMBER_PERMISSIONS)
}

/// A guild channel of any non-thread type.
pub fn channel(id: u64, kind: u8, name: &str, parent_id: Option<u64>) -> Value {
    json!({
        "id": sf(id),
        "guild_id": sf(GUILD_ID),
        "type": kind,
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "parent_id": parent_id.map(sf),
        "topic": null,
        "nsfw": false,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
    })
}

/// A text channel.
pub fn text_channel(id: u64, name: &str, parent_id: Option<u64>) -> Value {
    channel(id, channel_type::TEXT, name, parent_id)
}

/// A category.
pub fn category(id: u64, name: &str) -> Value {
    channel(id, channel_type::CATEGORY, name, None)
}

/// A forum tag (`available_tags` entry).
pub fn forum_tag(id: u64, name: &str) -> Value {
    json!({ "id": sf(id), "name": name, "moderated": false, "emoji_id": null, "emoji_name": null })
}

/// A forum channel with the given tags.
pub fn forum_channel(id: u64, name: &str, parent_id: Option<u64>, tags: Vec<Value>) -> Value {
    let mut forum = channel(id, channel_type::FORUM, name, parent_id);
    forum["available_tags"] = Value::Array(tags);
    forum["default_auto_archive_duration"] = json!(4320);
    forum["default_sort_order"] = Value::Null;
    forum["default_forum_layout"] = json!(0);
    forum
}

/// A thread (a forum post when `kind` is 11 and the parent is a forum).
pub fn thread(id: u64, parent_id: u64, owner_id: u64, kind: u8, name: &str) -> Value {
    json!({
        "id": sf(id),
        "guild_id": sf(GUILD_ID),
        "parent_id": sf(parent_id),
        "owner_id": sf(owner_id),
        "type": kind,
        "name": name,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "applied_tags": [],
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": 4320,
            "locked": false,
            "archive_timestamp": EPOCH,
            "create_timestamp": EPOCH,
        },
        "member": {
            "id": sf(id),
            "user_id": sf(owner_id),
            "join_timestamp": EPOCH,
            "flags": 1,
        },
    })
}

/// A DM channel (`POST /users/@me/channels`).
pub fn dm_channel(id: u64, recipient: Value) -> Value {
    json!({
        "id": sf(id),
        "type": channel_type::DM,
        "last_message_id": null,
        "flags": 0,
        "recipients": [recipient],
    })
}

/// A message. `guild_id` is left out (DMs, interaction responses); add it with [`with`].
pub fn message(id: u64, channel_id: u64, author: Value, content: &str) -> Value {
    json!({
        "id": sf(id),
        "channel_id": sf(channel_id),
        "type": 0,
        "author": author,
        "content": content,
        "timestamp": EPOCH,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "flags": 0,
    })
}

/// A message sent by the bot as an interaction response or follow-up.
pub fn bot_message(id: u64, channel_id: u64, content: &str) -> Value {
    let mut msg = message(id, channel_id, bot_user(), content);
    msg["webhook_id"] = sf(APP_ID);
    msg["application_id"] = sf(APP_ID);
    msg
}

/// A registered application command, as Discord echoes it after `PUT .../commands`.
pub fn registered_command(mut command: Value, id: u64, guild_id: Option<u64>) -> Value {
    let object = command.as_object_mut().expect("a command is a JSON object");
    object.insert("id".into(), sf(id));
    object.insert("application_id".into(), sf(APP_ID));
    object.insert("version".into(), sf(id + 1));
    object.entry("type").or_insert(json!(1));
    object.entry("description").or_insert(json!(""));
    object
        .entry("default_member_permissions")
        .or_insert(Value::Null);
    object.entry("nsfw").or_insert(json!(false));
    if let Some(guild) = guild_id {
        object.insert("guild_id".into(), sf(guild));
    }
    command
}

/// `GET /oauth2/applications/@me`: a realistic application owned by the guild owner.
pub fn application_info() -> Value {
    json!({
        "id": sf(APP_ID),
        "name": "somosbot",
        "icon": null,
        "description": "Bot del hackathon #Somos600M",
        "summary": "",
        "type": null,
        "rpc_origins": [],
        "bot_public": false,
        "bot_require_code_grant": false,
        "bot": bot_user(),
        "owner": user(OWNER_ID, "alice"),
        "team": null,
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "flags": 0,
        "hook": true,
        "is_monetized": false,
        "integration_types_config": { "0": {} },
        "approximate_guild_count": 1,
        "redirect_uris": [],
        "interactions_endpoint_url": null,
    })
}

/// The `d` of READY.
pub fn ready(session_id: &str, resume_gateway_url: &str) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": [{ "id": sf(GUILD_ID), "unavailable": true }],
        "session_id": session_id,
        "resume_gateway_url": resume_gateway_url,
        "shard": [0, 1],
        "application": { "id": sf(APP_ID), "flags": 0 },
    })
}

/// The guild object without the GUILD_CREATE-only keys (`GET /guilds/{g}`, a `PartialGuild`).
pub fn partial_guild(name: &str, roles: Vec<Value>) -> Value {
    json!({
        "id": sf(GUILD_ID),
        "name": name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": sf(OWNER_ID),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": roles,
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": DEFAULT_LOCALE,
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
    })
}

/// The `d` of GUILD_CREATE (all 26 keys serenity requires, on top of the partial guild).
pub fn guild_create(
    name: &str,
    roles: Vec<Value>,
    channels: Vec<Value>,
    threads: Vec<Value>,
    members: Vec<Value>,
) -> Value {
    let mut guild = partial_guild(name, roles);
    let extra = json!({
        "joined_at": EPOCH,
        "large": false,
        "unavailable": false,
        "member_count": members.len(),
        "voice_states": [],
        "members": members,
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "threads": threads,
        "channels": channels,
    });
    merge(&mut guild, &extra);
    guild
}

/// What kind of interaction an [`InteractionBuilder`] makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InteractionKind {
    Command = 2,
    Component = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}

/// Builds the `d` of an INTERACTION_CREATE: slash commands (with subcommands and options),
/// autocomplete, buttons, string selects and modal submits, with overridable user, roles,
/// locale and channel. Ids and token are filled in by the fake when it sends one.
#[derive(Clone, Debug)]
pub struct InteractionBuilder {
    pub kind: InteractionKind,
    pub id: u64,
    pub token: String,
    pub channel_id: u64,
    pub user: Value,
    pub roles: Vec<u64>,
    pub permissions: String,
    pub locale: String,
    pub data: Value,
    /// The message a component belongs to (required by serenity for buttons and selects).
    pub message: Option<Value>,
    /// Sent in a DM with the bot: `user` instead of `member`, no `guild_id`.
    pub in_dm: bool,
    /// Where new options go: the top level or inside a (sub)command group.
    option_path: Vec<usize>,
    resolved: Map<String, Value>,
}

impl InteractionBuilder {
    fn new(kind: InteractionKind, data: Value) -> Self {
        Self {
            kind,
            id: 6000,
            token: "itoken".into(),
            channel_id: GENERAL_CHANNEL_ID,
            user: user(OWNER_ID, "alice"),
            roles: Vec::new(),
            permissions: MEMBER_PERMISSIONS.into(),
            locale: DEFAULT_LOCALE.into(),
            data,
            message: None,
            in_dm: false,
            option_path: Vec::new(),
            resolved: Map::new(),
        }
    }

    /// A slash command `/name`.
    pub fn slash(name: &str) -> Self {
        Self::new(
            InteractionKind::Command,
            json!({ "id": "5000", "name": name, "type": 1, "guild_id": sf(GUILD_ID), "options": [] }),
        )
    }

    /// Autocomplete for `/name`; add the focused option with [`Self::focused`].
    pub fn autocomplete(name: &str) -> Self {
        Self {
            kind: InteractionKind::Autocomplete,
            ..Self::slash(name)
        }
    }

    /// A click on the button `custom_id` of `message`.
    pub fn button(custom_id: &str, message: Value) -> Self {
        let mut b = Self::new(
            InteractionKind::Component,
            json!({ "custom_id": custom_id, "component_type": 2 }),
        );
        b.message = Some(message);
        b
    }

    /// A choice in the string select `custom_id` of `message`.
    pub fn string_select(custom_id: &str, values: &[&str], message: Value) -> Self {
        let mut b = Self::new(
            InteractionKind::Component,
            json!({ "custom_id": custom_id, "component_type": 3, "values": values }),
        );
        b.message = Some(message);
        b
    }

    /// A submitted modal: `fields` are (text input custom_id, typed value).
    pub fn modal_submit(custom_id: &str, fields: &[(&str, &str)]) -> Self {
        let rows: Vec<Value> = fields
            .iter()
            .map(|(id, value)| {
                json!({ "type": 1, "components": [{ "type": 4, "custom_id": id, "value": value }] })
            })
            .collect();
        Self::new(
            InteractionKind::ModalSubmit,
            json!({ "custom_id": custom_id, "components": rows }),
        )
    }

    fn options_mut(&mut self) -> &mut Vec<Value> {
        let mut options = &mut self.data["options"];
        for index in &self.option_path {
            options = &mut options[*index]["options"];
        }
        options.as_array_mut().expect("options is an array")
    }

    fn nest(mut self, name: &str, kind: u8) -> Self {
        let options = self.options_mut();
        options.push(json!({ "name": name, "type": kind, "options": [] }));
        let index = options.len() - 1;
        self.option_path.push(index);
        self
    }

    /// Enters subcommand group `name`; following subcommands go inside it.
    pub fn group(self, name: &str) -> Self {
        self.nest(name, 2)
    }

    /// Enters subcommand `name`; following options go inside it.
    pub fn subcommand(self, name: &str) -> Self {
        self.nest(name, 1)
    }

    /// An option of explicit Discord type (3 string, 4 integer, 5 boolean, 6 user, 7 channel,
    /// 8 role, 10 number).
    pub fn option_typed(mut self, name: &str, kind: u8, value: Value) -> Self {
        self.options_mut()
            .push(json!({ "name": name, "type": kind, "value": value }));
        self
    }

    /// An option whose type follows the JSON value: string 3, integer 4, boolean 5, number 10.
    pub fn option(self, name: &str, value: impl Into<Value>) -> Self {
        let value = value.into();
        let kind = match &value {
            Value::Bool(_) => 5,
            Value::Number(n) if n.is_i64() || n.is_u64() => 4,
            Value::Number(_) => 10,
            _ => 3,
        };
        self.option_typed(name, kind, value)
    }

    /// A user option, with the user (and member) in `resolved` as Discord sends it.
    pub fn option_user(mut self, name: &str, user: Value, roles: &[u64]) -> Self {
        let id = user["id"].as_str().unwrap_or_default().to_string();
        let mut partial = member(Value::Null, roles);
        partial.as_object_mut().map(|m| m.remove("user"));
        partial["permissions"] = json!(MEMBER_PERMISSIONS);
        self.resolved_insert("users", &id, user);
        self.resolved_insert("members", &id, partial);
        self.option_typed(name, 6, json!(id))
    }

    /// A role option, with the role in `resolved`.
    pub fn option_role(mut self, name: &str, role: Value) -> Self {
        let id = role["id"].as_str().unwrap_or_default().to_string();
        self.resolved_insert("roles", &id, role);
        self.option_typed(name, 8, json!(id))
    }

    /// A channel option, with the (partial) channel in `resolved`.
    pub fn option_channel(
        mut self,
        name: &str,
        channel_id: u64,
        kind: u8,
        channel_name: &str,
    ) -> Self {
        let id = channel_id.to_string();
        let channel = json!({ "id": id, "name": channel_name, "type": kind, "permissions": MEMBER_PERMISSIONS });
        self.resolved_insert("channels", &id, channel);
        self.option_typed(name, 7, json!(id))
    }

    fn resolved_insert(&mut self, kind: &str, id: &str, value: Value) {
        let entry = self
            .resolved
            .entry(kind.to_string())
            .or_insert_with(|| json!({}));
        entry[id] = value;
    }

    /// The option being typed in an autocomplete (sent as a string, `focused: true`).
    pub fn focused(mut self, name: &str, partial: &str) -> Self {
        self.options_mut()
            .push(json!({ "name": name, "type": 3, "value": partial, "focused": true }));
        self
    }

    /// Who invokes it.
    pub fn user(mut self, id: u64, username: &str) -> Self {
        self.user = user(id, username);
        self
    }

    /// The invoking member's roles.
    pub fn roles(mut self, roles: &[u64]) -> Self {
        self.roles = roles.to_vec();
        self
    }

    /// The invoking member's computed permissions (a decimal string).
    pub fn permissions(mut self, permissions: &str) -> Self {
        self.permissions = permissions.into();
        self
    }

    /// The invoking user's client locale (`en-US`, `es-ES`, …).
    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = locale.into();
        self
    }

    /// The channel it happens in.
    pub fn channel(mut self, channel_id: u64) -> Self {
        self.channel_id = channel_id;
        self
    }

    /// In the DM channel `channel_id` with the bot (no guild, no member).
    pub fn in_dm(mut self, channel_id: u64) -> Self {
        self.channel_id = channel_id;
        self.in_dm = true;
        self
    }

    /// The `d` of the INTERACTION_CREATE.
    pub fn build(&self) -> Value {
        let mut member = member(self.user.clone(), &self.roles);
        member["permissions"] = json!(self.permissions);
        let mut data = self.data.clone();
        if !self.resolved.is_empty() {
            data["resolved"] = Value::Object(self.resolved.clone());
        }
        let mut d = json!({
            "id": sf(self.id),
            "application_id": sf(APP_ID),
            "type": self.kind as u8,
            "token": self.token,
            "version": 1,
            "guild_id": sf(GUILD_ID),
            "channel_id": sf(self.channel_id),
            "channel": {
                "id": sf(self.channel_id),
                "type": 0,
                "name": "channel",
                "permissions": MEMBER_PERMISSIONS,
            },
            "app_permissions": MEMBER_PERMISSIONS,
            "locale": self.locale,
            "guild_locale": DEFAULT_LOCALE,
            "entitlements": [],
            "authorizing_integration_owners": { "0": sf(GUILD_ID) },
            "context": 0,
            "attachment_size_limit": 10485760,
            "member": member,
            "data": data,
        });
        if let Some(message) = &self.message {
            d["message"] = message.clone();
        }
        if self.in_dm {
            let object = d.as_object_mut().expect("an object");
            for key in ["guild_id", "member", "guild_locale"] {
                object.remove(key);
            }
            object.insert("user".into(), self.user.clone());
            object.insert("context".into(), json!(1));
            object.insert(
                "authorizing_integration_owners".into(),
                json!({ "0": sf(GUILD_ID) }),
            );
            object.insert("channel".into(), json!({ "id": sf(self.channel_id), "type": channel_type::DM, "recipients": [self.user] }));
            d["data"]
                .as_object_mut()
                .map(|data| data.remove("guild_id"));
        }
        d
    }
}

/// The `d` of GUILD_MEMBER_ADD.
pub fn guild_member_add(member: &Value) -> Value {
    with(member.clone(), "guild_id", sf(GUILD_ID))
}

/// The `d` of GUILD_MEMBER_REMOVE.
pub fn guild_member_remove(user: Value) -> Value {
    json!({ "guild_id": sf(GUILD_ID), "user": user })
}

/// The `d` of a MESSAGE_CREATE written by a member in a guild channel.
pub fn guild_message_create(message: &Value, member: &Value) -> Value {
    let mut d = with(message.clone(), "guild_id", sf(GUILD_ID));
    let mut partial = member.clone();
    partial.as_object_mut().map(|m| m.remove("user"));
    d["member"] = partial;
    d
}

/// The `d` of THREAD_CREATE for a newly created thread or forum post.
pub fn thread_create(thread: &Value) -> Value {
    with(thread.clone(), "newly_created", json!(true))
}

/// The `d` of GUILD_MEMBER_UPDATE.
pub fn guild_member_update(member: &Value) -> Value {
    with(member.clone(), "guild_id", sf(GUILD_ID))
}

/// The `d` of GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE.
pub fn guild_role_event(role: &Value) -> Value {
    json!({ "guild_id": sf(GUILD_ID), "role": role })
}

/// The `d` of GUILD_ROLE_DELETE.
pub fn guild_role_delete(role_id: u64) -> Value {
    json!({ "guild_id": sf(GUILD_ID), "role_id": sf(role_id) })
}

/// The `d` of THREAD_DELETE (a partial channel).
pub fn thread_delete(thread: &Value) -> Value {
    json!({ "id": thread["id"], "guild_id": sf(GUILD_ID), "parent_id": thread["parent_id"], "type": thread["type"] })
}

/// The `d` of MESSAGE_DELETE.
pub fn message_delete(channel_id: u64, message_id: u64, in_guild: bool) -> Value {
    let mut d = json!({ "id": sf(message_id), "channel_id": sf(channel_id) });
    if in_guild {
        d["guild_id"] = sf(GUILD_ID);
    }
    d
}

/// The `d` of CHANNEL_PINS_UPDATE.
pub fn channel_pins_update(channel_id: u64, in_guild: bool) -> Value {
    let mut d = json!({ "channel_id": sf(channel_id), "last_pin_timestamp": now() });
    if in_guild {
        d["guild_id"] = sf(GUILD_ID);
    }
    d
}
