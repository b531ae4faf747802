//! The in-memory guild that the bot's REST calls change, plus what the fake records
//! (requests, interaction callbacks, follow-ups) so tests can assert on it.

mod channels;
mod interactions;
mod members;
mod messages;
mod notify;
pub mod permissions;
mod refusals;

pub use interactions::InteractionRecord;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::fixtures::{self, channel_type, id_of, GUILD_ID};

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
    /// The bytes of each attachment, in the order of `files`.
    pub file_bytes: Vec<Vec<u8>>,
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
    pub fn unknown_webhook() -> Self {
        Self::new(404, 10015, "Unknown Webhook")
    }
    pub fn invalid_form_body(why: &str) -> Self {
        Self::new(400, 50035, &format!("Invalid Form Body: {why}"))
    }
}

pub type ApiResult = Result<Value, ApiError>;

/// The in-memory guild and everything around it.
#[derive(Debug)]
pub struct State {
    pub guild_name: String,
    /// Other guilds the bot is in (`id`, `name`): listed by
    /// `GET /users/@me/guilds`, nothing else of them is faked.
    pub other_guilds: Vec<(u64, String)>,
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
    /// Members of each thread (`PUT/DELETE /channels/{t}/thread-members/{u}`, creators).
    pub thread_members: BTreeMap<u64, BTreeSet<u64>>,
    /// Who each message the bot sent really notified (see `notify`).
    pub notified: BTreeMap<u64, Vec<u64>>,
    next_id: u64,
}

impl State {
    /// The starting guild: `@everyone`, `#general`, the owner `alice` and the bot as members.
    pub fn new() -> Self {
        let mut state = Self {
            guild_name: "Hackathon Guild".into(),
            other_guilds: Vec::new(),
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
            thread_members: BTreeMap::new(),
            notified: BTreeMap::new(),
            next_id: 100_000,
        };
        state.roles.insert(GUILD_ID, fixtures::everyone_role());
        state
            .roles
            .insert(fixtures::BOT_ROLE_ID, fixtures::bot_role());
        state.channels.insert(
            fixtures::GENERAL_CHANNEL_ID,
            fixtures::text_channel(fixtures::GENERAL_CHANNEL_ID, "general", None),
        );
        state.add_member(fixtures::user(fixtures::OWNER_ID, "alice"), &[]);
        state.add_member(fixtures::bot_user(), &[fixtures::BOT_ROLE_ID]);
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
}
