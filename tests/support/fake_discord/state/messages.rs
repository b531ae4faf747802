//! Messages (with enforced nonces), pins and DM channels.

use std::time::Instant;

use serde_json::{json, Value};

use super::super::fixtures::{self, id_of, sf, GUILD_ID};
use super::{ApiError, ApiResult, State, NONCE_WINDOW};

impl State {
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

    pub(super) fn message_mut(&mut self, message_id: u64) -> Option<&mut Value> {
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
}
