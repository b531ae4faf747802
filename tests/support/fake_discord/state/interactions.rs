//! Application commands, and the interactions the fake sent: callbacks, the original
//! response, follow-ups.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::super::fixtures::{self, id_of, APP_ID, GUILD_ID};
use super::{ApiError, ApiResult, State};

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

impl State {
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
