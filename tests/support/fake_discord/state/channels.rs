//! Guild channels, forum tags, threads and forum posts, permission overwrites.

use serde_json::{json, Value};

use super::super::fixtures::{self, channel_type, id_of, sf};
use super::{ApiError, ApiResult, State};

impl State {
    // ---- channels and threads ----

    /// `POST /guilds/{g}/channels`.
    pub fn create_channel(&mut self, body: &Value) -> ApiResult {
        let name = body["name"]
            .as_str()
            .ok_or_else(|| ApiError::invalid_form_body("name is required"))?;
        let kind = body["type"].as_u64().unwrap_or(0) as u8;
        // "each parent category can contain up to 50 channels"; 500 in a guild.
        if let Some(parent) = body.get("parent_id").and_then(id_of) {
            let children = self
                .guild_channels()
                .iter()
                .filter(|c| c.get("parent_id").and_then(id_of) == Some(parent))
                .count();
            if children >= 50 {
                return Err(ApiError::invalid_form_body(
                    "parent_id: Maximum number of channels in category reached (50)",
                ));
            }
        }
        if self.guild_channels().len() >= 500 {
            return Err(ApiError::new(
                400,
                30013,
                "Maximum number of guild channels reached (500)",
            ));
        }
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
        // An archived thread only accepts being unarchived (other keys may come with it).
        let archived = channel["thread_metadata"]["archived"].as_bool() == Some(true);
        if archived && body.get("archived").and_then(Value::as_bool) != Some(false) {
            let only_archiving = body
                .as_object()
                .is_some_and(|b| b.keys().all(|k| k == "archived" || k == "locked"));
            if !only_archiving {
                return Err(ApiError::new(400, 50083, "Thread is archived"));
            }
        }
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

    /// A message in an archived, unlocked thread unarchives it (as on Discord); returns the
    /// thread for THREAD_UPDATE when that happened.
    pub fn unarchive_on_message(&mut self, channel_id: u64) -> Option<Value> {
        let thread = self.channels.get_mut(&channel_id)?;
        let metadata = &mut thread["thread_metadata"];
        if metadata["archived"].as_bool() != Some(true)
            || metadata["locked"].as_bool() == Some(true)
        {
            return None;
        }
        metadata["archived"] = json!(false);
        metadata["archive_timestamp"] = json!(fixtures::now());
        Some(thread.clone())
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
        self.thread_members
            .entry(id)
            .or_default()
            .insert(fixtures::BOT_USER_ID);
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
        self.thread_members
            .entry(message_id)
            .or_default()
            .insert(fixtures::BOT_USER_ID);
        Ok(thread)
    }
}
