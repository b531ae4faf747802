//! Identity by id: the one guild the bot serves, and the ids of the event's
//! roles and channels in it. A name is used once, to find an id — when
//! `/setup apply` creates the thing, or when exactly one role or channel of
//! the guild has the configured name — and the id is stored; from then on
//! access checks and posts use the stored id only, so a team or a person
//! cannot take a staff role's or an event channel's place by its name.
//! What is missing or ambiguous is said once, in the process log and in
//! the log channel, and the feature that needs it answers "not set up yet".

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serenity::all::{ChannelId, ChannelType, GuildChannel, GuildId, Http, RoleId};

use super::BotError;
use crate::config::EventConfig;
use crate::i18n::I18n;
use crate::store::{IdKind, Store, StoreError};

use crate::config::keys;

/// What kind of Discord object a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Role,
    Text,
    Forum,
    Category,
}

impl Shape {
    pub fn id_kind(self) -> IdKind {
        match self {
            Shape::Role => IdKind::Role,
            _ => IdKind::Channel,
        }
    }

    fn fits(self, kind: ChannelType) -> bool {
        match self {
            Shape::Role => false,
            Shape::Text => matches!(kind, ChannelType::Text | ChannelType::News),
            Shape::Forum => kind == ChannelType::Forum,
            Shape::Category => kind == ChannelType::Category,
        }
    }
}

/// One role or channel the event needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub key: String,
    pub name: String,
    pub shape: Shape,
}

impl Wanted {
    /// How a person sees it in a message: `@Mentor`, `#anuncios`.
    pub fn label(&self) -> String {
        match self.shape {
            Shape::Role => format!("@{}", self.name),
            Shape::Category => format!("“{}”", self.name),
            _ => format!("#{}", self.name),
        }
    }
}

/// Every role and channel of the event, as declared in the event file.
pub fn wanted(event: &EventConfig) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = event
        .roles
        .names()
        .map(|(key, name)| Wanted {
            key: key.to_string(),
            name: name.to_string(),
            shape: Shape::Role,
        })
        .collect();
    if let Some(jury) = &event.jury {
        out.push(Wanted {
            key: keys::JUDGE.to_string(),
            name: jury.judge_role.clone(),
            shape: Shape::Role,
        });
    }
    for skill in &event.help.mentor_skills {
        if let Some(role) = &skill.role {
            let key = format!("{}{}", keys::SKILL_PREFIX, skill.tag);
            if !out.iter().any(|w| w.key == key) {
                out.push(Wanted {
                    key,
                    name: role.clone(),
                    shape: Shape::Role,
                });
            }
        }
    }
    // The winners' honorary roles, created by `/setup apply` like the rest.
    for honorary in event.jury.iter().flat_map(|j| &j.honorary_roles) {
        let key = format!("{}{}", keys::HONORARY_PREFIX, honorary.place);
        if !out.iter().any(|w| w.key == key) {
            out.push(Wanted {
                key,
                name: honorary.role.clone(),
                shape: Shape::Role,
            });
        }
    }
    out.extend(event.channels.names().map(|(key, name)| Wanted {
        key: key.to_string(),
        name: name.to_string(),
        shape: match key {
            keys::HELP_FORUM => Shape::Forum,
            keys::PROJECTS_CATEGORY => Shape::Category,
            _ => Shape::Text,
        },
    }));
    out
}

/// Why a role or channel has no id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing in the guild has the configured name.
    Absent,
    /// Several things have it: which one is meant is for an organizer.
    Several(usize),
}

/// A role or channel the bot cannot use yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotSetUp {
    #[error("{} is not set up: {problem:?}", wanted.label())]
    Missing { wanted: Wanted, problem: Problem },
    /// The event file has no such key (a board that is not configured).
    #[error("the event file declares no `{0}`")]
    Undeclared(String),
    /// The bot serves no guild (several and no `DISCORD_GUILD_ID`).
    #[error("the bot serves no guild")]
    NoGuild,
}

impl NotSetUp {
    /// The localized refusal: which role or channel, and how to fix it.
    pub fn to_user(&self) -> BotError {
        match self {
            NotSetUp::Missing { wanted, problem } => BotError::user_with(
                match problem {
                    Problem::Absent => "error-not-set-up",
                    Problem::Several(_) => "error-not-set-up-several",
                },
                vec![
                    ("what", wanted.label()),
                    ("key", wanted.key.clone()),
                    (
                        "kind",
                        if wanted.shape == Shape::Role {
                            "role"
                        } else {
                            "channel"
                        }
                        .to_string(),
                    ),
                ],
            ),
            NotSetUp::Undeclared(key) => {
                BotError::user_with("error-not-declared", vec![("key", key.clone())])
            }
            NotSetUp::NoGuild => BotError::user("error-no-guild-served"),
        }
    }
}

/// Failures looking an id up: not set up (say so) or broken (an apology).
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error(transparent)]
    NotSetUp(#[from] NotSetUp),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Discord(#[from] serenity::Error),
}

impl From<LookupError> for BotError {
    fn from(e: LookupError) -> Self {
        match e {
            LookupError::NotSetUp(n) => n.to_user(),
            LookupError::Store(e) => e.into(),
            LookupError::Discord(e) => e.into(),
        }
    }
}

/// The served guild and the stored ids, shared by commands, events and
/// the scheduler's outbox.
pub struct Directory {
    store: Store,
    event: Arc<EventConfig>,
    i18n: Arc<I18n>,
    /// `DISCORD_GUILD_ID`.
    configured: Option<GuildId>,
    /// The guild found when none was configured (the bot's only one).
    found: tokio::sync::OnceCell<GuildId>,
    /// When the bot was last found in no guild or in several: asked again
    /// only after [`Directory::RECHECK`], not at every event.
    none_at: Mutex<Option<Instant>>,
    several_said: AtomicBool,
    /// Problems already said (`kind:key:problem`), so each is said once.
    said: Mutex<HashSet<String>>,
    /// Keys whose lookup by name just failed, with the problem: not listed
    /// again for [`Directory::MISS_FOR`], so a missing mentor role does not
    /// cost a REST call per command.
    missed: Mutex<HashMap<String, (Instant, Problem)>>,
}

impl Directory {
    /// How long "no guild to serve" holds before the guilds are listed again.
    const RECHECK: Duration = Duration::from_secs(60);
    /// How long a failed lookup by name holds before the guild is listed
    /// again (`/setup apply`, `/setup link` and `/setup check` do not wait).
    const MISS_FOR: Duration = Duration::from_secs(15);

    pub fn new(
        store: Store,
        event: Arc<EventConfig>,
        i18n: Arc<I18n>,
        configured: Option<u64>,
    ) -> Self {
        Self {
            store,
            event,
            i18n,
            configured: configured.map(GuildId::new),
            found: tokio::sync::OnceCell::new(),
            none_at: Mutex::new(None),
            several_said: AtomicBool::new(false),
            said: Mutex::new(HashSet::new()),
            missed: Mutex::new(HashMap::new()),
        }
    }

    /// The guild the bot serves: `DISCORD_GUILD_ID`, or the bot's only
    /// guild. In several guilds without the setting it serves none and says
    /// (once) which ids to choose from.
    pub async fn guild(&self, http: &Http) -> Option<GuildId> {
        if let Some(g) = self.configured {
            return Some(g);
        }
        if let Some(g) = self.found.get() {
            return Some(*g);
        }
        let recent = self
            .none_at
            .lock()
            .ok()
            .and_then(|at| *at)
            .is_some_and(|at| at.elapsed() < Self::RECHECK);
        if recent {
            return None;
        }
        // A passing failure must not leave the bot deaf (commands are
        // registered when a guild appears): a few tries.
        let mut attempt = 0u64;
        let listed = loop {
            match http.get_guilds(None, None).await {
                Ok(l) => break l,
                Err(e) if attempt < 3 => {
                    attempt += 1;
                    tracing::warn!(error = %e, attempt, "cannot list the bot's guilds; trying again");
                    tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot list the bot's guilds; set DISCORD_GUILD_ID");
                    return None;
                }
            }
        };
        let none = || {
            if let Ok(mut at) = self.none_at.lock() {
                *at = Some(Instant::now());
            }
            None
        };
        match listed.as_slice() {
            [only] => Some(*self.found.get_or_init(|| async { only.id }).await),
            [] => none(),
            several => {
                if !self.several_said.swap(true, Ordering::SeqCst) {
                    let ids: Vec<String> = several
                        .iter()
                        .map(|g| format!("{} ({})", g.id, g.name))
                        .collect();
                    tracing::error!(
                        guilds = %ids.join(", "),
                        "the bot is in several guilds and DISCORD_GUILD_ID is not set: serving none; set DISCORD_GUILD_ID to one of these ids"
                    );
                }
                none()
            }
        }
    }

    /// Whether `guild` is the one the bot serves.
    pub async fn serves(&self, http: &Http, guild: GuildId) -> bool {
        self.guild(http).await == Some(guild)
    }

    /// [`Directory::serves`] after a guild appeared (the bot joined one):
    /// the guilds are listed again at once.
    pub async fn serves_after_join(&self, http: &Http, guild: GuildId) -> bool {
        if let Ok(mut at) = self.none_at.lock() {
            *at = None;
        }
        self.serves(http, guild).await
    }

    /// What the event declares under `key`.
    pub fn declared(&self, key: &str) -> Option<Wanted> {
        wanted(&self.event).into_iter().find(|w| w.key == key)
    }

    /// The stored id of `key`; when none is stored, the one thing of the
    /// guild with exactly the configured name, stored now.
    pub async fn id(&self, http: &Http, key: &str) -> Result<u64, LookupError> {
        let wanted = self
            .declared(key)
            .ok_or_else(|| NotSetUp::Undeclared(key.to_string()))?;
        let guild = self.guild(http).await.ok_or(NotSetUp::NoGuild)?;
        let event_id = &self.event.event.id;
        let kind = wanted.shape.id_kind();
        if let Some(id) = self
            .store
            .discord_id(event_id, guild.get(), kind, key)
            .await?
        {
            return Ok(id);
        }
        let recent_miss = self.missed.lock().ok().and_then(|m| {
            m.get(key)
                .filter(|(at, _)| at.elapsed() < Self::MISS_FOR)
                .map(|(_, p)| p.clone())
        });
        if let Some(problem) = recent_miss {
            return Err(NotSetUp::Missing { wanted, problem }.into());
        }
        let matches = self.named(http, guild, &wanted).await?;
        match matches.as_slice() {
            [one] => {
                let id = self
                    .store
                    .bind_discord_id_if_absent(
                        event_id,
                        guild.get(),
                        kind,
                        key,
                        *one,
                        chrono::Utc::now(),
                    )
                    .await?;
                tracing::info!(key, id, name = %wanted.name, "found an event {} by its name", kind.as_str());
                Ok(id)
            }
            found => {
                let problem = if found.is_empty() {
                    Problem::Absent
                } else {
                    Problem::Several(found.len())
                };
                self.say_once(http, guild, &wanted, &problem).await;
                if let Ok(mut m) = self.missed.lock() {
                    m.insert(key.to_string(), (Instant::now(), problem.clone()));
                }
                Err(NotSetUp::Missing { wanted, problem }.into())
            }
        }
    }

    pub async fn role(&self, http: &Http, key: &str) -> Result<RoleId, LookupError> {
        self.id(http, key).await.map(RoleId::new)
    }

    pub async fn channel(&self, http: &Http, key: &str) -> Result<ChannelId, LookupError> {
        self.id(http, key).await.map(ChannelId::new)
    }

    /// The role's id when it is set up; `None` (said once) otherwise.
    pub async fn role_if_set(&self, http: &Http, key: &str) -> Option<RoleId> {
        match self.role(http, key).await {
            Ok(id) => Some(id),
            Err(LookupError::NotSetUp(_)) => None,
            Err(e) => {
                tracing::warn!(error = %e, key, "cannot look up an event role");
                None
            }
        }
    }

    /// The channel's id when it is set up; `None` (said once) otherwise.
    pub async fn channel_if_set(&self, http: &Http, key: &str) -> Option<ChannelId> {
        match self.channel(http, key).await {
            Ok(id) => Some(id),
            Err(LookupError::NotSetUp(_)) => None,
            Err(e) => {
                tracing::warn!(error = %e, key, "cannot look up an event channel");
                None
            }
        }
    }

    /// Stores `id` for `key` (`/setup apply` made it, or an organizer
    /// linked it: `by`); returns the id it replaced.
    pub async fn set(
        &self,
        guild: GuildId,
        key: &str,
        id: u64,
        by: Option<u64>,
    ) -> Result<Option<u64>, LookupError> {
        let wanted = self
            .declared(key)
            .ok_or_else(|| NotSetUp::Undeclared(key.to_string()))?;
        let before = self
            .store
            .set_discord_id(
                &self.event.event.id,
                guild.get(),
                wanted.shape.id_kind(),
                key,
                id,
                by,
                chrono::Utc::now(),
            )
            .await?;
        if let Ok(mut said) = self.said.lock() {
            said.retain(|k| !k.starts_with(&format!("{key}:")));
        }
        if let Ok(mut m) = self.missed.lock() {
            m.remove(key);
        }
        Ok(before)
    }

    /// At start: every role and channel of the event gets its id. Stored
    /// ids whose thing was deleted are forgotten first, so the name (or an
    /// organizer) can give a new one.
    pub async fn resolve_all(&self, http: &Http) {
        let Some(guild) = self.guild(http).await else {
            return;
        };
        if let Ok(mut m) = self.missed.lock() {
            m.clear();
        }
        let event_id = &self.event.event.id;
        let stored = match self.store.discord_ids(event_id, guild.get()).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the event's stored ids");
                return;
            }
        };
        let (roles, channels) = match (guild.roles(http).await, guild.channels(http).await) {
            (Ok(r), Ok(c)) => (r, c),
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(error = %e, "cannot read the guild's roles and channels");
                return;
            }
        };
        for s in stored {
            let exists = match s.kind {
                IdKind::Role => roles.contains_key(&RoleId::new(s.id)),
                IdKind::Channel => channels.contains_key(&ChannelId::new(s.id)),
            };
            if !exists {
                tracing::warn!(key = %s.key, id = s.id, "an event {} was deleted from Discord; forgetting its id", s.kind.as_str());
                if let Err(e) = self
                    .store
                    .forget_discord_id(event_id, guild.get(), s.kind, &s.key, s.id)
                    .await
                {
                    tracing::warn!(error = %e, "cannot forget a deleted id");
                }
            }
        }
        // The log channel first: the other problems are said there.
        let mut all = wanted(&self.event);
        all.sort_by_key(|w| w.key != keys::LOG);
        for w in all {
            if let Err(LookupError::Store(e)) = self.id(http, &w.key).await {
                tracing::error!(error = %e, key = %w.key, "cannot store an event id");
            }
        }
    }

    /// Ids of the guild's things with exactly `wanted`'s name and shape.
    async fn named(
        &self,
        http: &Http,
        guild: GuildId,
        wanted: &Wanted,
    ) -> Result<Vec<u64>, serenity::Error> {
        Ok(match wanted.shape {
            Shape::Role => guild
                .roles(http)
                .await?
                .into_values()
                .filter(|r| r.id.get() != guild.get() && r.name == wanted.name)
                .map(|r| r.id.get())
                .collect(),
            shape => guild
                .channels(http)
                .await?
                .into_values()
                .filter(|c: &GuildChannel| shape.fits(c.kind) && c.name == wanted.name)
                .map(|c| c.id.get())
                .collect(),
        })
    }

    /// Says a problem once: in the process log, and in the log channel when
    /// that one is set up (and is not the problem).
    async fn say_once(&self, http: &Http, guild: GuildId, wanted: &Wanted, problem: &Problem) {
        let said_key = format!("{}:{problem:?}", wanted.key);
        let first = self
            .said
            .lock()
            .map(|mut s| s.insert(said_key))
            .unwrap_or(false);
        if !first {
            return;
        }
        let (id, count) = match problem {
            Problem::Absent => ("ids-log-absent", 0),
            Problem::Several(n) => ("ids-log-several", *n),
        };
        tracing::warn!(key = %wanted.key, name = %wanted.name, ?problem, "an event {} is not set up; run /setup apply or /setup link", wanted.shape.id_kind().as_str());
        if wanted.key == keys::LOG {
            return;
        }
        let Ok(Some(log)) = self
            .store
            .discord_id(
                &self.event.event.id,
                guild.get(),
                IdKind::Channel,
                keys::LOG,
            )
            .await
        else {
            return;
        };
        let text = self.i18n.get_args(
            self.event.event.default_language,
            id,
            &[
                ("what", wanted.label().into()),
                ("key", wanted.key.clone().into()),
                ("count", (count as i64).into()),
            ],
        );
        let message = super::reply::message().content(crate::render::markup::fit(&text));
        if let Err(e) = ChannelId::new(log).send_message(http, message).await {
            tracing::warn!(error = %e, "cannot write to the log channel");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_role_and_channel_is_wanted_once() {
        let event =
            EventConfig::parse(include_str!("../../events/somos600m.toml")).expect("shipped event");
        let all = wanted(&event);
        let found: HashSet<&str> = all.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(found.len(), all.len(), "keys are unique");
        for key in [
            keys::ORGANIZER,
            keys::MENTOR,
            "participant",
            keys::FIND_TEAM,
            keys::HELP_FORUM,
            keys::INTROS,
            keys::ANNOUNCEMENTS,
            keys::LOG,
            keys::PROJECTS_CATEGORY,
            keys::GPU_BOARD,
            keys::JUDGE,
        ] {
            assert!(found.contains(key), "{key} is wanted");
        }
        let forum = all
            .iter()
            .find(|w| w.key == keys::HELP_FORUM)
            .expect("forum");
        assert_eq!(forum.shape, Shape::Forum);
    }
}
