//! The in-memory guild that the bot's REST calls change, plus what the fake records
//! (requests, interaction callbacks, follow-ups) so tests can assert on it.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::fixtures::{self, channel_type, id_of, sf, APP_ID, GUILD_ID};

/// How long Discord remembers an enforced nonce ("a few minutes").
pub const NONCE_WINDOW: Duration = Duration::from_secs(5 * 60);

/// One REST request as the fake received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    /// The path without `/api/v10`, e.g. `/channels/4000/messages`.
    pub path: String,
    /// The raw query string (serenity writes it as `&a=b&c=d`), if any.
    pub query: Option<String>,
    /// The JSON body, or the `payload_json` of a multipart body; `Null` when there is none.
    pub body: Value,
    /// File names of multipart attachments.
    pub files: Vec<String>,
    /// The status the fake answered with.
    pub status: u16,
    pub at: Instant,
}

impl RecordedRequest {
    /// Whether this is `method` on a path matching `pattern` (`*` matches one segment).
    pub fn is(&self, method: &str, pattern: &str) -> bool {
        (method == "*" || self.method.eq_ignore_ascii_case(method))
            && path_matches(pattern, &self.path)
    }
}

/// `pattern` segments match literally, `*` matches any one segment; a leading `/api/v10` on
/// either side is ignored.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let strip = |p: &str| {
        p.strip_prefix("/api/v10")
            .unwrap_or(p)
            .trim_matches('/')
            .to_string()
    };
    let (pattern, path) = (strip(pattern), strip(path));
    let (pattern, path): (Vec<_>, Vec<_>) =
        (pattern.split('/').collect(), path.split('/').collect());
    pattern.len() == path.len() && pattern.iter().zip(&path).all(|(p, s)| *p == "*" || p == s)
}

/// A Discord-style error answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: u32,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: u32, message: &str) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
    pub fn unknown_channel() -> Self {
        Self::new(404, 10003, "Unknown Channel")
    }
    pub fn unknown_message() -> Self {
        Self::new(404, 10008, "Unknown Message")
    }
    pub fn unknown_role() -> Self {
        Self::new(404, 10011, "Unknown Role")
    }
    pub fn unknown_member() -> Self {
        Self::new(404, 10007, "Unknown Member")
    }
    pub fn unknown_user() -> Self {
        Self::new(404, 10013, "Unknown User")
    }
    pub fn unknown_interaction() -> Self {
        Self::new(404, 10062, "Unknown interaction")
    }
    pub fn already_acknowledged() -> Self {
        Self::new(400, 40060, "Interaction has already been acknowledged.")
    }
    pub fn invalid_form_body(why: &str) -> Self {
        Self::new(400, 50035, &format!("Invalid Form Body: {why}"))
    }
}

pub type ApiResult = Result<Value, ApiError>;

/// Everything the fake knows about one interaction it dispatched, keyed by token.
#[derive(Clone, Debug, Default)]
pub struct InteractionRecord {
    pub id: u64,
    pub channel_id: u64,
    /// The message a component interaction came from (updated by callback type 7).
    pub message_id: Option<u64>,
    /// Bodies of `POST /interactions/{id}/{token}/callback`, in arrival order.
    pub callbacks: Vec<Value>,
    /// The original response message (type 4, or created by a defer / `@original` edit).
    pub original: Option<u64>,
    /// Follow-up message ids, in creation order.
    pub followups: Vec<u64>,
    /// When the fake sent it (Discord refuses a first callback after 3 seconds).
    pub sent_at: Option<Instant>,
}

impl InteractionRecord {
    /// The record of an INTERACTION_CREATE `d` the fake is about to send.
    pub fn from_dispatch(d: &Value) -> Option<(String, Self)> {
        let token = d["token"].as_str()?.to_string();
        let record = Self {
            id: id_of(&d["id"])?,
            channel_id: id_of(&d["channel_id"]).unwrap_or(0),
            message_id: id_of(&d["message"]["id"]),
            sent_at: Some(Instant::now()),
            ..Default::default()
        };
        Some((token, record))
    }
}

/// The in-memory guild and everything around it.
#[derive(Debug)]
pub struct State {
    pub guild_name: String,
    /// Guild channels and threads by id.
    pub channels: BTreeMap<u64, Value>,
    /// DM channels by id.
    pub dms: BTreeMap<u64, Value>,
    pub roles: BTreeMap<u64, Value>,
    pub members: BTreeMap<u64, Value>,
    /// Users known to the fake (members and anyone added with `add_user`).
    pub users: BTreeMap<u64, Value>,
    /// Messages by channel, in creation order (deleted ones removed).
    pub messages: BTreeMap<u64, Vec<Value>>,
    /// Enforced nonces: nonce → (channel, message, when).
    pub nonces: HashMap<String, (u64, u64, Instant)>,
    pub guild_commands: Vec<Value>,
    pub global_commands: Vec<Value>,
    pub interactions: HashMap<String, InteractionRecord>,
    /// If set, a first callback later than this after the dispatch gets 10062 (Unknown
    /// interaction), as on Discord after 3 s. Off by default: debug builds on a busy CI
    /// machine can be slow.
    pub callback_deadline: Option<Duration>,
    next_id: u64,
}

impl State {
    /// The starting guild: `@everyone`, `#general`, the owner `alice` and the bot as members.
    pub fn new() -> Self {
        let mut state = Self {
            guild_name: "Hackathon Guild".into(),
            channels: BTreeMap::new(),
            dms: BTreeMap::new(),
            roles: BTreeMap::new(),
            members: BTreeMap::new(),
            users: BTreeMap::new(),
            messages: BTreeMap::new(),
            nonces: HashMap::new(),
            guild_commands: Vec::new(),
            global_commands: Vec::new(),
            interactions: HashMap::new(),
            callback_deadline: None,
            next_id: 100_000,
        };
        state.roles.insert(GUILD_ID, fixtures::everyone_role());
        state.channels.insert(
            fixtures::GENERAL_CHANNEL_ID,
            fixtures::text_channel(fixtures::GENERAL_CHANNEL_ID, "general", None),
        );
        state.add_member(fixtures::user(fixtures::OWNER_ID, "alice"), &[]);
        state.add_member(fixtures::bot_user(), &[]);
        state
    }

    /// A fresh snowflake (increasing, so ids sort by creation like Discord's).
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn add_member(&mut self, user: Value, roles: &[u64]) -> Value {
        let id = id_of(&user["id"]).expect("user id");
        self.users.insert(id, user.clone());
        let member = fixtures::member(user, roles);
        self.members.insert(id, member.clone());
        member
    }

    /// Non-thread guild channels, in id order.
    pub fn guild_channels(&self) -> Vec<Value> {
        self.channels
            .values()
            .filter(|c| !channel_type::is_thread(c["type"].as_u64().unwrap_or(0)))
            .cloned()
            .collect()
    }

    /// Threads (including forum posts), in id order.
    pub fn threads(&self) -> Vec<Value> {
        self.channels
            .values()
            .filter(|c| channel_type::is_thread(c["type"].as_u64().unwrap_or(0)))
            .cloned()
            .collect()
    }

    /// Roles sorted by position (then id), as Discord lists them.
    pub fn roles_sorted(&self) -> Vec<Value> {
        let mut roles: Vec<Value> = self.roles.values().cloned().collect();
        roles.sort_by_key(|r| {
            (
                r["position"].as_u64().unwrap_or(0),
                id_of(&r["id"]).unwrap_or(0),
            )
        });
        roles
    }

    pub fn guild_create(&self) -> Value {
        fixtures::guild_create(
            &self.guild_name,
            self.roles_sorted(),
            self.guild_channels()
                .into_iter()
                .map(|mut c| {
                    c.as_object_mut().map(|o| o.remove("guild_id"));
                    c
                })
                .collect(),
            self.threads(),
            self.members.values().cloned().collect(),
        )
    }

    pub fn partial_guild(&self) -> Value {
        fixtures::partial_guild(&self.guild_name, self.roles_sorted())
    }

    pub fn is_dm(&self, channel_id: u64) -> bool {
        self.dms.contains_key(&channel_id)
    }

    fn channel_exists(&self, channel_id: u64) -> bool {
        self.channels.contains_key(&channel_id) || self.dms.contains_key(&channel_id)
    }

    pub fn channel(&self, channel_id: u64) -> ApiResult {
        self.channels
            .get(&channel_id)
            .or_else(|| self.dms.get(&channel_id))
            .cloned()
            .ok_or_else(ApiError::unknown_channel)
    }

    // ---- channels and threads ----

    /// `POST /guilds/{g}/channels`.
    pub fn create_channel(&mut self, body: &Value) -> ApiResult {
        let name = body["name"]
            .as_str()
            .ok_or_else(|| ApiError::invalid_form_body("name is required"))?;
        let kind = body["type"].as_u64().unwrap_or(0) as u8;
        let id = self.next_id();
        let mut channel = fixtures::channel(id, kind, name, body.get("parent_id").and_then(id_of));
        if kind == channel_type::FORUM {
            channel =
                fixtures::forum_channel(id, name, body.get("parent_id").and_then(id_of), vec![]);
            let tags = body["available_tags"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            channel["available_tags"] = Value::Array(self.with_tag_ids(tags));
        }
        for key in [
            "topic",
            "position",
            "nsfw",
            "rate_limit_per_user",
            "permission_overwrites",
        ] {
            if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
                channel[key] = value.clone();
            }
        }
        self.channels.insert(id, channel.clone());
        Ok(channel)
    }

    /// Forum tags sent without an id get one (as Discord does).
    fn with_tag_ids(&mut self, tags: Vec<Value>) -> Vec<Value> {
        tags.into_iter()
            .map(|tag| {
                // serenity sends `ForumTag`s with id 0 for new tags: Discord assigns one.
                let id = tag.get("id").and_then(id_of).filter(|id| *id != 0);
                let id = id.unwrap_or_else(|| self.next_id());
                let mut full = fixtures::forum_tag(id, tag["name"].as_str().unwrap_or(""));
                fixtures::merge(&mut full, &tag);
                full["id"] = sf(id);
                full
            })
            .collect()
    }

    /// `PATCH /channels/{id}`: thread metadata keys go under `thread_metadata`.
    pub fn modify_channel(&mut self, channel_id: u64, body: &Value) -> ApiResult {
        let mut tags = None;
        if let Some(new_tags) = body.get("available_tags").and_then(Value::as_array) {
            tags = Some(self.with_tag_ids(new_tags.clone()));
        }
        let channel = self
            .channels
            .get_mut(&channel_id)
            .ok_or_else(ApiError::unknown_channel)?;
        for (key, value) in body.as_object().into_iter().flatten() {
            match key.as_str() {
                "archived" | "locked" | "auto_archive_duration" | "invitable" => {
                    channel["thread_metadata"][key] = value.clone();
                    if key == "archived" {
                        channel["thread_metadata"]["archive_timestamp"] = json!(fixtures::now());
                    }
                }
                "available_tags" => channel[key] = Value::Array(tags.clone().unwrap_or_default()),
                _ => channel[key] = value.clone(),
            }
        }
        Ok(channel.clone())
    }

    pub fn delete_channel(&mut self, channel_id: u64) -> ApiResult {
        let channel = self
            .channels
            .remove(&channel_id)
            .ok_or_else(ApiError::unknown_channel)?;
        self.messages.remove(&channel_id);
        Ok(channel)
    }

    /// `PUT /channels/{c}/permissions/{id}`.
    pub fn put_overwrite(
        &mut self,
        channel_id: u64,
        target: u64,
        body: &Value,
    ) -> Result<(), ApiError> {
        let channel = self
            .channels
            .get_mut(&channel_id)
            .ok_or_else(ApiError::unknown_channel)?;
        let overwrite = json!({
            "id": sf(target),
            "type": body["type"].as_u64().unwrap_or(0),
            "allow": body["allow"].as_str().map(str::to_string).unwrap_or_else(|| body["allow"].to_string()),
            "deny": body["deny"].as_str().map(str::to_string).unwrap_or_else(|| body["deny"].to_string()),
        });
        let list = channel["permission_overwrites"]
            .as_array_mut()
            .expect("permission_overwrites is an array");
        list.retain(|o| id_of(&o["id"]) != Some(target));
        list.push(overwrite);
        Ok(())
    }

    pub fn delete_overwrite(&mut self, channel_id: u64, target: u64) -> Result<(), ApiError> {
        let channel = self
            .channels
            .get_mut(&channel_id)
            .ok_or_else(ApiError::unknown_channel)?;
        if let Some(list) = channel["permission_overwrites"].as_array_mut() {
            list.retain(|o| id_of(&o["id"]) != Some(target));
        }
        Ok(())
    }

    /// `POST /channels/{id}/threads`: a forum post (with its starter `message`) when the parent
    /// is a forum, otherwise a thread without a starter message.
    pub fn create_thread(&mut self, parent_id: u64, body: &Value) -> ApiResult {
        let parent = self.channel(parent_id)?;
        let name = body["name"]
            .as_str()
            .ok_or_else(|| ApiError::invalid_form_body("name is required"))?
            .to_string();
        let id = self.next_id();
        let is_forum = parent["type"].as_u64() == Some(channel_type::FORUM as u64);
        let kind = if is_forum {
            channel_type::PUBLIC_THREAD
        } else {
            body["type"]
                .as_u64()
                .unwrap_or(channel_type::PRIVATE_THREAD as u64) as u8
        };
        let mut thread = fixtures::thread(id, parent_id, fixtures::BOT_USER_ID, kind, &name);
        thread["thread_metadata"]["create_timestamp"] = json!(fixtures::now());
        if let Some(duration) = body.get("auto_archive_duration").filter(|v| !v.is_null()) {
            thread["thread_metadata"]["auto_archive_duration"] = duration.clone();
        }
        if let Some(tags) = body.get("applied_tags").filter(|v| !v.is_null()) {
            thread["applied_tags"] = tags.clone();
        }
        self.channels.insert(id, thread.clone());
        if is_forum {
            // The starter message of a forum post has the thread's id.
            let message = body.get("message").cloned().unwrap_or_else(|| json!({}));
            let starter = self.insert_message(id, id, fixtures::bot_user(), &message);
            self.channels.get_mut(&id).expect("just inserted")["last_message_id"] = sf(id);
            thread["last_message_id"] = sf(id);
            thread["message"] = starter;
        }
        Ok(thread)
    }

    /// `POST /channels/{c}/messages/{m}/threads`: the thread takes the message's id.
    pub fn create_thread_from_message(
        &mut self,
        channel_id: u64,
        message_id: u64,
        body: &Value,
    ) -> ApiResult {
        self.message(channel_id, message_id)?;
        let name = body["name"].as_str().unwrap_or("thread").to_string();
        let mut thread = fixtures::thread(
            message_id,
            channel_id,
            fixtures::BOT_USER_ID,
            channel_type::PUBLIC_THREAD,
            &name,
        );
        if let Some(duration) = body.get("auto_archive_duration").filter(|v| !v.is_null()) {
            thread["thread_metadata"]["auto_archive_duration"] = duration.clone();
        }
        self.channels.insert(message_id, thread.clone());
        Ok(thread)
    }

    // ---- messages ----

    /// Stores a message built from a create body (content, embeds, components, flags…).
    pub fn insert_message(
        &mut self,
        channel_id: u64,
        id: u64,
        author: Value,
        body: &Value,
    ) -> Value {
        let mut message = fixtures::message(
            id,
            channel_id,
            author,
            body["content"].as_str().unwrap_or(""),
        );
        message["timestamp"] = json!(fixtures::now());
        if self.channels.contains_key(&channel_id) {
            message["guild_id"] = sf(GUILD_ID);
        }
        for key in [
            "embeds",
            "components",
            "flags",
            "nonce",
            "message_reference",
            "tts",
            "sticker_ids",
            "poll",
        ] {
            if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
                message[key] = value.clone();
            }
        }
        if let Some(attachments) = body.get("attachments").and_then(Value::as_array) {
            message["attachments"] = Value::Array(
                attachments
                    .iter()
                    .map(|a| {
                        json!({
                            "id": sf(self.next_id()),
                            "filename": a["filename"].as_str().unwrap_or("file"),
                            "size": 0,
                            "url": "http://127.0.0.1/attachment",
                            "proxy_url": "http://127.0.0.1/attachment",
                        })
                    })
                    .collect(),
            );
        }
        self.messages
            .entry(channel_id)
            .or_default()
            .push(message.clone());
        if let Some(channel) = self
            .channels
            .get_mut(&channel_id)
            .or_else(|| self.dms.get_mut(&channel_id))
        {
            channel["last_message_id"] = sf(id);
        }
        message
    }

    /// `POST /channels/{c}/messages`, honouring `nonce` + `enforce_nonce`.
    pub fn create_message(&mut self, channel_id: u64, body: &Value) -> ApiResult {
        if !self.channel_exists(channel_id) {
            return Err(ApiError::unknown_channel());
        }
        let nonce = body.get("nonce").filter(|n| !n.is_null()).map(|n| match n {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let enforce = body["enforce_nonce"].as_bool().unwrap_or(false);
        if let (Some(nonce), true) = (&nonce, enforce) {
            if let Some((channel, message, at)) = self.nonces.get(nonce).copied() {
                if at.elapsed() < NONCE_WINDOW {
                    if let Ok(existing) = self.message(channel, message) {
                        return Ok(existing);
                    }
                }
            }
        }
        let empty = |key: &str| body[key].as_array().map_or(true, Vec::is_empty);
        if body["content"].as_str().unwrap_or("").is_empty()
            && ["embeds", "components", "attachments", "sticker_ids"]
                .into_iter()
                .all(empty)
            && body["poll"].is_null()
        {
            return Err(ApiError::new(400, 50006, "Cannot send an empty message"));
        }
        let id = self.next_id();
        let message = self.insert_message(channel_id, id, fixtures::bot_user(), body);
        if let (Some(nonce), true) = (nonce, enforce) {
            self.nonces.insert(nonce, (channel_id, id, Instant::now()));
        }
        Ok(message)
    }

    pub fn message(&self, channel_id: u64, message_id: u64) -> ApiResult {
        self.messages
            .get(&channel_id)
            .and_then(|list| list.iter().find(|m| id_of(&m["id"]) == Some(message_id)))
            .cloned()
            .ok_or_else(ApiError::unknown_message)
    }

    /// Finds a message in any channel (interaction responses only know their id).
    pub fn find_message(&self, message_id: u64) -> Option<Value> {
        self.messages
            .values()
            .flatten()
            .find(|m| id_of(&m["id"]) == Some(message_id))
            .cloned()
    }

    fn message_mut(&mut self, message_id: u64) -> Option<&mut Value> {
        self.messages
            .values_mut()
            .flatten()
            .find(|m| id_of(&m["id"]) == Some(message_id))
    }

    /// `PATCH` of a message: only the keys sent change.
    pub fn edit_message(&mut self, message_id: u64, body: &Value) -> ApiResult {
        let message = self
            .message_mut(message_id)
            .ok_or_else(ApiError::unknown_message)?;
        for key in ["content", "embeds", "components", "flags", "attachments"] {
            if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
                message[key] = value.clone();
            }
        }
        message["edited_timestamp"] = json!(fixtures::now());
        Ok(message.clone())
    }

    pub fn delete_message(&mut self, channel_id: u64, message_id: u64) -> Result<(), ApiError> {
        let list = self
            .messages
            .get_mut(&channel_id)
            .ok_or_else(ApiError::unknown_message)?;
        let before = list.len();
        list.retain(|m| id_of(&m["id"]) != Some(message_id));
        if list.len() == before {
            return Err(ApiError::unknown_message());
        }
        Ok(())
    }

    /// `GET /channels/{c}/messages`: newest first, `limit` (default 50), ids strictly
    /// between `after` and `before` when given.
    pub fn list_messages(
        &self,
        channel_id: u64,
        limit: usize,
        before: Option<u64>,
        after: Option<u64>,
    ) -> ApiResult {
        if !self.channel_exists(channel_id) {
            return Err(ApiError::unknown_channel());
        }
        let list = self.messages.get(&channel_id).cloned().unwrap_or_default();
        let in_range = |m: &Value| {
            let id = id_of(&m["id"]).unwrap_or(0);
            before.map_or(true, |b| id < b) && after.map_or(true, |a| id > a)
        };
        Ok(Value::Array(
            list.into_iter()
                .rev()
                .filter(in_range)
                .take(limit)
                .collect(),
        ))
    }

    /// `GET /guilds/{g}/members/search`: username or nick starting with `query`.
    pub fn search_members(&self, query: &str, limit: usize) -> Value {
        let query = query.to_lowercase();
        let matches = |m: &&Value| {
            [&m["user"]["username"], &m["nick"]]
                .iter()
                .filter_map(|v| v.as_str())
                .any(|name| name.to_lowercase().starts_with(&query))
        };
        Value::Array(
            self.members
                .values()
                .filter(matches)
                .take(limit)
                .cloned()
                .collect(),
        )
    }

    pub fn set_pinned(
        &mut self,
        channel_id: u64,
        message_id: u64,
        pinned: bool,
    ) -> Result<(), ApiError> {
        self.message(channel_id, message_id)?;
        let message = self.message_mut(message_id).expect("found above");
        message["pinned"] = json!(pinned);
        Ok(())
    }

    pub fn pins(&self, channel_id: u64) -> Vec<Value> {
        self.messages
            .get(&channel_id)
            .map(|list| {
                list.iter()
                    .filter(|m| m["pinned"] == json!(true))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    // ---- DMs and users ----

    /// `POST /users/@me/channels`: one DM channel per recipient.
    pub fn open_dm(&mut self, recipient_id: u64) -> ApiResult {
        if let Some(dm) = self
            .dms
            .values()
            .find(|dm| id_of(&dm["recipients"][0]["id"]) == Some(recipient_id))
        {
            return Ok(dm.clone());
        }
        let user = self
            .users
            .get(&recipient_id)
            .cloned()
            .ok_or_else(ApiError::unknown_user)?;
        let id = self.next_id();
        let dm = fixtures::dm_channel(id, user);
        self.dms.insert(id, dm.clone());
        Ok(dm)
    }

    // ---- roles and members ----

    pub fn create_role(&mut self, body: &Value) -> ApiResult {
        let id = self.next_id();
        let permissions = match &body["permissions"] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => "0".into(),
        };
        let mut role = fixtures::role(
            id,
            body["name"].as_str().unwrap_or("new role"),
            1,
            &permissions,
        );
        for key in ["color", "hoist", "mentionable", "unicode_emoji"] {
            if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
                role[key] = value.clone();
            }
        }
        role["colors"]["primary_color"] = role["color"].clone();
        self.roles.insert(id, role.clone());
        Ok(role)
    }

    pub fn modify_role(&mut self, role_id: u64, body: &Value) -> ApiResult {
        let role = self
            .roles
            .get_mut(&role_id)
            .ok_or_else(ApiError::unknown_role)?;
        for (key, value) in body.as_object().into_iter().flatten() {
            if key == "permissions" && value.is_number() {
                role[key] = json!(value.to_string());
            } else if !value.is_null() || key == "unicode_emoji" {
                role[key] = value.clone();
            }
        }
        role["colors"]["primary_color"] = role["color"].clone();
        Ok(role.clone())
    }

    /// `PATCH /guilds/{g}/roles` with `[{id, position}]`.
    pub fn reorder_roles(&mut self, body: &Value) -> ApiResult {
        for entry in body.as_array().into_iter().flatten() {
            let id = entry
                .get("id")
                .and_then(id_of)
                .ok_or_else(|| ApiError::invalid_form_body("id"))?;
            let role = self.roles.get_mut(&id).ok_or_else(ApiError::unknown_role)?;
            role["position"] = entry["position"].clone();
        }
        Ok(Value::Array(self.roles_sorted()))
    }

    pub fn delete_role(&mut self, role_id: u64) -> Result<(), ApiError> {
        self.roles
            .remove(&role_id)
            .ok_or_else(ApiError::unknown_role)?;
        for member in self.members.values_mut() {
            if let Some(roles) = member["roles"].as_array_mut() {
                roles.retain(|r| id_of(r) != Some(role_id));
            }
        }
        Ok(())
    }

    pub fn member(&self, user_id: u64) -> ApiResult {
        self.members
            .get(&user_id)
            .cloned()
            .ok_or_else(ApiError::unknown_member)
    }

    pub fn add_member_role(&mut self, user_id: u64, role_id: u64) -> Result<(), ApiError> {
        if !self.roles.contains_key(&role_id) {
            return Err(ApiError::unknown_role());
        }
        let member = self
            .members
            .get_mut(&user_id)
            .ok_or_else(ApiError::unknown_member)?;
        let roles = member["roles"].as_array_mut().expect("roles is an array");
        if !roles.iter().any(|r| id_of(r) == Some(role_id)) {
            roles.push(sf(role_id));
        }
        Ok(())
    }

    pub fn remove_member_role(&mut self, user_id: u64, role_id: u64) -> Result<(), ApiError> {
        if !self.roles.contains_key(&role_id) {
            return Err(ApiError::unknown_role());
        }
        let member = self
            .members
            .get_mut(&user_id)
            .ok_or_else(ApiError::unknown_member)?;
        member["roles"]
            .as_array_mut()
            .expect("roles is an array")
            .retain(|r| id_of(r) != Some(role_id));
        Ok(())
    }

    /// `PATCH /guilds/{g}/members/{u}` (roles, nick).
    pub fn modify_member(&mut self, user_id: u64, body: &Value) -> ApiResult {
        let member = self
            .members
            .get_mut(&user_id)
            .ok_or_else(ApiError::unknown_member)?;
        for key in ["roles", "nick", "communication_disabled_until"] {
            if let Some(value) = body.get(key) {
                member[key] = value.clone();
            }
        }
        Ok(member.clone())
    }

    // ---- commands ----

    /// `PUT .../commands`: replaces the set, keeping ids of commands with the same name.
    pub fn put_commands(&mut self, guild: bool, body: &Value) -> ApiResult {
        let commands = body
            .as_array()
            .ok_or_else(|| ApiError::invalid_form_body("expected an array of commands"))?;
        let old = if guild {
            &self.guild_commands
        } else {
            &self.global_commands
        }
        .clone();
        let mut new = Vec::new();
        for command in commands {
            let existing = old.iter().find(|c| {
                c["name"] == command["name"]
                    && c["type"] == command.get("type").cloned().unwrap_or(json!(1))
            });
            let id = existing
                .and_then(|c| id_of(&c["id"]))
                .unwrap_or_else(|| self.next_id());
            new.push(fixtures::registered_command(
                command.clone(),
                id,
                guild.then_some(GUILD_ID),
            ));
        }
        if guild {
            self.guild_commands = new.clone();
        } else {
            self.global_commands = new.clone();
        }
        Ok(Value::Array(new))
    }

    /// `POST .../commands`: creates or overwrites one command by name.
    pub fn upsert_command(&mut self, guild: bool, body: &Value) -> ApiResult {
        let list = if guild {
            &self.guild_commands
        } else {
            &self.global_commands
        };
        let existing = list.iter().position(|c| c["name"] == body["name"]);
        let id = existing
            .and_then(|i| id_of(&list[i]["id"]))
            .unwrap_or_else(|| self.next_id());
        let command = fixtures::registered_command(body.clone(), id, guild.then_some(GUILD_ID));
        let list = if guild {
            &mut self.guild_commands
        } else {
            &mut self.global_commands
        };
        match existing {
            Some(index) => list[index] = command.clone(),
            None => list.push(command.clone()),
        }
        Ok(command)
    }

    /// The id the registered command `name` got (for interaction `data.id`).
    pub fn command_id(&self, name: &str) -> Option<u64> {
        self.guild_commands
            .iter()
            .chain(&self.global_commands)
            .find(|c| c["name"] == json!(name))
            .and_then(|c| id_of(&c["id"]))
    }

    // ---- interactions ----

    fn interaction(&mut self, token: &str) -> Result<&mut InteractionRecord, ApiError> {
        self.interactions
            .get_mut(token)
            .ok_or_else(ApiError::unknown_interaction)
    }

    /// `POST /interactions/{id}/{token}/callback`. Type 4 creates the original message, 5 a
    /// "thinking" original, 7 edits the component's message; a second callback is refused.
    pub fn interaction_callback(
        &mut self,
        interaction_id: u64,
        token: &str,
        body: &Value,
    ) -> Result<(), ApiError> {
        let record = self.interaction(token)?;
        if record.id != interaction_id {
            return Err(ApiError::unknown_interaction());
        }
        if !record.callbacks.is_empty() {
            return Err(ApiError::already_acknowledged());
        }
        let sent_at = record.sent_at;
        let late = |deadline: Duration| sent_at.is_some_and(|at| at.elapsed() > deadline);
        if self.callback_deadline.is_some_and(late) {
            return Err(ApiError::unknown_interaction());
        }
        let record = self.interaction(token)?;
        record.callbacks.push(body.clone());
        let (channel_id, message_id) = (record.channel_id, record.message_id);
        let data = body.get("data").cloned().unwrap_or_else(|| json!({}));
        match body["type"].as_u64() {
            Some(4) | Some(5) => {
                let id = self.next_id();
                let mut message = fixtures::bot_message(id, channel_id, "");
                message["timestamp"] = json!(fixtures::now());
                if body["type"] == json!(5) {
                    // "Thinking…": flag LOADING (128), plus EPHEMERAL (64) if asked.
                    let ephemeral = data["flags"].as_u64().unwrap_or(0) & 64;
                    message["flags"] = json!(128 | ephemeral);
                } else {
                    message = self.merged_message(message, &data);
                }
                self.messages.entry(channel_id).or_default().push(message);
                self.interaction(token)?.original = Some(id);
            }
            Some(7) => {
                if let Some(message_id) = message_id {
                    self.edit_message(message_id, &data)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn merged_message(&self, mut message: Value, data: &Value) -> Value {
        for key in [
            "content",
            "embeds",
            "components",
            "flags",
            "tts",
            "attachments",
        ] {
            if let Some(value) = data.get(key).filter(|v| !v.is_null()) {
                message[key] = value.clone();
            }
        }
        message
    }

    /// `POST /webhooks/{app}/{token}`: a follow-up message in the interaction's channel.
    pub fn create_followup(&mut self, token: &str, body: &Value) -> ApiResult {
        let record = self.interaction(token)?;
        // The interaction webhook exists only once the interaction was acknowledged.
        if record.callbacks.is_empty() {
            return Err(ApiError::unknown_webhook());
        }
        let channel_id = record.channel_id;
        let id = self.next_id();
        let mut message = fixtures::bot_message(id, channel_id, "");
        message["timestamp"] = json!(fixtures::now());
        let message = self.merged_message(message, body);
        self.messages
            .entry(channel_id)
            .or_default()
            .push(message.clone());
        self.interaction(token)?.followups.push(id);
        Ok(message)
    }

    /// `GET/PATCH /webhooks/{app}/{token}/messages/@original` or `/{id}`.
    pub fn webhook_message(
        &mut self,
        token: &str,
        which: &str,
        patch: Option<&Value>,
    ) -> ApiResult {
        let record = self.interaction(token)?.clone();
        let id = if which == "@original" {
            match record.original {
                Some(id) => id,
                None if patch.is_some() && record.callbacks.is_empty() => {
                    return Err(ApiError::unknown_webhook());
                }
                None => {
                    // An edit of @original after a deferred update (type 6) edits the
                    // component's message.
                    record.message_id.ok_or_else(ApiError::unknown_message)?
                }
            }
        } else {
            which.parse().map_err(|_| ApiError::unknown_message())?
        };
        match patch {
            Some(body) => {
                self.edit_message(id, body)?;
                // Editing the "thinking" message clears the LOADING flag.
                let message = self.message_mut(id).expect("edited above");
                let flags = message["flags"].as_u64().unwrap_or(0) & !128;
                message["flags"] = json!(flags);
                Ok(message.clone())
            }
            None => self.find_message(id).ok_or_else(ApiError::unknown_message),
        }
    }

    pub fn delete_webhook_message(&mut self, token: &str, which: &str) -> Result<(), ApiError> {
        let record = self.interaction(token)?.clone();
        let id = if which == "@original" {
            record.original.ok_or_else(ApiError::unknown_message)?
        } else {
            which.parse().map_err(|_| ApiError::unknown_message())?
        };
        let channel = record.channel_id;
        self.delete_message(channel, id)
    }

    /// The application id in webhook routes must be the fake's.
    pub fn check_app(app: u64) -> Result<(), ApiError> {
        if app == APP_ID {
            Ok(())
        } else {
            Err(ApiError::unknown_webhook())
        }
    }
}

impl ApiError {
    pub fn unknown_webhook() -> Self {
        Self::new(404, 10015, "Unknown Webhook")
    }
}
