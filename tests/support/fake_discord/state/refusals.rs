//! What each of the bot's REST requests needs, route by route, as Discord documents it
//! ("Requires the X permission" in `developers/resources/*.mdx`); checked before the
//! request changes anything, so a refused request leaves the guild as it was.

use serde_json::Value;

use super::super::fixtures::{channel_type, id_of};
use super::permissions::{bits, parse_bits};
use super::{ApiError, State};

impl State {
    /// 50001/50013 when the bot may not make this request; `files` is the number of
    /// attachments it uploads.
    pub fn authorize(
        &self,
        method: &str,
        segments: &[&str],
        body: &Value,
        files: usize,
    ) -> Result<(), ApiError> {
        let id = |s: &str| s.parse::<u64>().unwrap_or(0);
        match (method, segments) {
            ("POST", ["guilds", _, "channels"]) => {
                self.bot_needs(bits::MANAGE_CHANNELS)?;
                let parent = body.get("parent_id").and_then(id_of);
                if let Some(parent) = parent {
                    self.bot_needs_in(parent, bits::MANAGE_CHANNELS)?;
                }
                self.bot_may_write_overwrites(parent, overwrites_in(body))
            }
            ("PATCH", ["guilds", _, "channels"]) => self.bot_needs(bits::MANAGE_CHANNELS),
            ("GET", ["channels", c]) => self.bot_needs_in(id(c), 0),
            ("PATCH", ["channels", c]) if self.is_thread(id(c)) => {
                self.authorize_thread_edit(id(c), body)
            }
            ("PATCH", ["channels", c]) => {
                let c = id(c);
                self.bot_needs_in(c, bits::MANAGE_CHANNELS)?;
                if body.get("permission_overwrites").is_some() {
                    self.bot_needs_in(c, bits::MANAGE_ROLES)?;
                    self.bot_may_write_overwrites(self.parent_of(c), overwrites_in(body))?;
                }
                Ok(())
            }
            ("DELETE", ["channels", c]) if self.is_thread(id(c)) => {
                self.bot_needs_in(id(c), bits::MANAGE_THREADS)
            }
            ("DELETE", ["channels", c]) => self.bot_needs_in(id(c), bits::MANAGE_CHANNELS),
            ("PUT", ["channels", c, "permissions", _]) => {
                let c = id(c);
                self.bot_needs_in(c, bits::MANAGE_ROLES)?;
                self.bot_may_write_overwrites(self.parent_of(c), std::slice::from_ref(body))
            }
            ("DELETE", ["channels", c, "permissions", _]) => {
                self.bot_needs_in(id(c), bits::MANAGE_ROLES)
            }
            ("POST", ["channels", c, "threads"]) => {
                let c = id(c);
                let forum = self.kind_of(c) == Some(channel_type::FORUM as u64);
                // "creating threads in a forum" is SEND_MESSAGES; type 12 is a private thread.
                let needed = if forum {
                    bits::SEND_MESSAGES
                } else if body["type"].as_u64().unwrap_or(12) == 12 {
                    bits::CREATE_PRIVATE_THREADS
                } else {
                    bits::CREATE_PUBLIC_THREADS
                };
                let files = if forum { files } else { 0 };
                self.bot_needs_in(c, needed | attach(files))
            }
            ("POST", ["channels", c, "messages", _, "threads"]) => self.bot_needs_in(
                id(c),
                bits::CREATE_PUBLIC_THREADS | bits::READ_MESSAGE_HISTORY,
            ),
            ("PUT", ["channels", t, "thread-members", "@me"]) => self.bot_needs_in(id(t), 0),
            // "Requires the ability to send messages in the thread."
            ("PUT", ["channels", t, "thread-members", _]) => {
                self.bot_needs_in(id(t), bits::SEND_MESSAGES_IN_THREADS)
            }
            ("DELETE", ["channels", t, "thread-members", "@me"]) => self.bot_needs_in(id(t), 0),
            ("DELETE", ["channels", t, "thread-members", _]) => {
                let t = id(t);
                let private = self.kind_of(t) == Some(channel_type::PRIVATE_THREAD as u64);
                if private && self.bot_owns_thread(t) {
                    self.bot_needs_in(t, 0)
                } else {
                    self.bot_needs_in(t, bits::MANAGE_THREADS)
                }
            }
            ("POST", ["channels", c, "messages"]) => {
                let c = id(c);
                let mut needed = attach(files);
                if self.is_thread(c) {
                    needed |= bits::SEND_MESSAGES_IN_THREADS;
                    if self.channels[&c]["thread_metadata"]["locked"].as_bool() == Some(true) {
                        needed |= bits::MANAGE_THREADS;
                    }
                } else {
                    needed |= bits::SEND_MESSAGES;
                }
                self.bot_needs_in(c, needed)
            }
            ("POST", ["channels", c, "typing"]) => self.bot_needs_in(id(c), bits::SEND_MESSAGES),
            ("GET", ["channels", c, "messages"]) => self.bot_needs_in(id(c), 0),
            ("GET", ["channels", c, "messages", "pins"]) | ("GET", ["channels", c, "pins"]) => {
                self.bot_needs_in(id(c), 0)
            }
            ("GET", ["channels", c, "messages", _]) => {
                self.bot_needs_in(id(c), bits::READ_MESSAGE_HISTORY)
            }
            ("PATCH", ["channels", c, "messages", _]) => self.bot_needs_in(id(c), 0),
            ("DELETE", ["channels", c, "messages", m]) => {
                let own = self.find_message(id(m)).is_some_and(|m| {
                    id_of(&m["author"]["id"]) == Some(super::super::fixtures::BOT_USER_ID)
                });
                let needed = if own { 0 } else { bits::MANAGE_MESSAGES };
                self.bot_needs_in(id(c), needed)
            }
            // Since 2026-02-23 pinning takes PIN_MESSAGES; MANAGE_MESSAGES no longer does.
            ("PUT" | "DELETE", ["channels", c, "pins", _])
            | ("PUT" | "DELETE", ["channels", c, "messages", "pins", _]) => {
                self.bot_needs_in(id(c), bits::PIN_MESSAGES)
            }
            ("POST", ["guilds", _, "roles"]) | ("PATCH", ["guilds", _, "roles", _]) => {
                self.bot_needs(bits::MANAGE_ROLES)?;
                // "it can only grant permissions it has to those roles"
                let granted = body.get("permissions").map_or(0, parse_bits);
                self.bot_needs(granted)
            }
            ("PATCH", ["guilds", _, "roles"])
            | ("DELETE", ["guilds", _, "roles", _])
            | ("PUT" | "DELETE", ["guilds", _, "members", _, "roles", _]) => {
                self.bot_needs(bits::MANAGE_ROLES)
            }
            ("PATCH", ["guilds", _, "members", _]) if body.get("roles").is_some() => {
                self.bot_needs(bits::MANAGE_ROLES)
            }
            _ => Ok(()),
        }
    }

    /// Thread edits ("JSON Params (Thread)"): reopening alone needs SEND_MESSAGES; `locked`
    /// and slow mode need MANAGE_THREADS; name, archiving and tags need MANAGE_THREADS
    /// unless the bot created the thread.
    fn authorize_thread_edit(&self, thread: u64, body: &Value) -> Result<(), ApiError> {
        let keys: Vec<&str> = body
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let reopening = body["archived"] == Value::Bool(false)
            && body
                .get("locked")
                .map_or(true, |l| l == &Value::Bool(false))
            && keys.iter().all(|k| matches!(*k, "archived" | "locked"));
        if reopening {
            return self.bot_needs_in(thread, bits::SEND_MESSAGES);
        }
        let creator_may = ["name", "archived", "auto_archive_duration", "applied_tags"];
        let only_creator_keys = keys.iter().all(|k| creator_may.contains(k));
        if only_creator_keys && self.bot_owns_thread(thread) {
            self.bot_needs_in(thread, 0)
        } else {
            self.bot_needs_in(thread, bits::MANAGE_THREADS)
        }
    }

    fn kind_of(&self, channel_id: u64) -> Option<u64> {
        self.channels.get(&channel_id)?["type"].as_u64()
    }

    pub fn is_thread(&self, channel_id: u64) -> bool {
        self.kind_of(channel_id)
            .is_some_and(channel_type::is_thread)
    }

    fn parent_of(&self, channel_id: u64) -> Option<u64> {
        self.channels
            .get(&channel_id)?
            .get("parent_id")
            .and_then(id_of)
    }
}

fn overwrites_in(body: &Value) -> &[Value] {
    body.get("permission_overwrites")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn attach(files: usize) -> u64 {
    if files > 0 {
        bits::ATTACH_FILES
    } else {
        0
    }
}
