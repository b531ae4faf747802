//! Where the scheduler's messages go. The scheduler only sees this trait, so
//! its rules (claiming, grace, retries, reports) are tested without Discord;
//! [`DiscordOutbox`] is the real thing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serenity::all::{
    ChannelId, ChannelType, CreateAllowedMentions, CreateMessage, EditMessage, EditThread, GuildId,
    Http, HttpError, MessageId, Nonce, RoleId, UserId,
};

/// Where a message goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Destination {
    /// A channel by id (a team's project channel, an announcement target).
    Channel(u64),
    /// A channel of the event by its configured name (`anuncios`, the log).
    Named(String),
    /// A person's direct messages.
    Direct(u64),
}

/// Who a message may ping; nobody unless said so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pings {
    pub roles: Vec<u64>,
    pub users: Vec<u64>,
}

/// One message the scheduler wants delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutMessage {
    pub to: Destination,
    pub text: String,
    /// Derived from the job key; with `enforce_nonce`, Discord returns the
    /// first message instead of posting a second one.
    pub nonce: String,
    pub pings: Pings,
}

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later (rate limit, 5xx, network, guild not ready).
    #[error("temporary failure: {0}")]
    Transient(String),
    /// Trying again will not help (missing channel, missing permission).
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// The person does not accept DMs from the bot (Discord code 50007).
    #[error("the person does not accept direct messages")]
    DmClosed,
}

/// Where a message that is edited in place lives: (channel id, message id).
pub type Posted = (u64, u64);

/// Delivers scheduler messages.
pub trait Outbox: Send + Sync {
    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>>;

    /// Archives a thread (a resolved help post). Outboxes that only carry
    /// messages refuse it.
    fn archive_thread(&self, thread: u64) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            Err(SendError::Permanent(format!(
                "this outbox cannot archive thread {thread}"
            )))
        })
    }

    /// The names of `user`'s roles in the event's guild (empty when they
    /// left it); `None` when this outbox cannot tell, and then nobody is
    /// held back for their roles.
    fn member_role_names(
        &self,
        user: u64,
    ) -> BoxFuture<'_, Result<Option<Vec<String>>, SendError>> {
        let _ = user;
        Box::pin(async { Ok(None) })
    }

    /// Edits `previous` to say `message.text` when it is still in the
    /// channel `message.to` names, else posts it anew (with its nonce);
    /// returns where it now is. Live boards use this, so a restart edits the
    /// same message. Outboxes that cannot edit refuse.
    fn upsert<'a>(
        &'a self,
        message: &'a OutMessage,
        previous: Option<Posted>,
    ) -> BoxFuture<'a, Result<Posted, SendError>> {
        let _ = (message, previous);
        Box::pin(async {
            Err(SendError::Permanent(
                "this outbox cannot edit messages".into(),
            ))
        })
    }
}

impl<T: Outbox + ?Sized> Outbox for Arc<T> {
    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>> {
        (**self).send(message)
    }

    fn archive_thread(&self, thread: u64) -> BoxFuture<'_, Result<(), SendError>> {
        (**self).archive_thread(thread)
    }

    fn upsert<'a>(
        &'a self,
        message: &'a OutMessage,
        previous: Option<Posted>,
    ) -> BoxFuture<'a, Result<Posted, SendError>> {
        (**self).upsert(message, previous)
    }

    fn member_role_names(
        &self,
        user: u64,
    ) -> BoxFuture<'_, Result<Option<Vec<String>>, SendError>> {
        (**self).member_role_names(user)
    }
}

/// Sends through Discord's REST API, resolving channel names in the bot's
/// guilds (remembered after the first lookup). The guilds of the first
/// READY are searched first; a process whose shards hold none of the
/// event's guilds (one of several instances, or a later shard of its range)
/// then asks REST for all the bot's guilds.
pub struct DiscordOutbox {
    http: Arc<Http>,
    /// The guilds of the first READY, searched before asking REST.
    guilds: Vec<GuildId>,
    named: Mutex<HashMap<String, ChannelId>>,
}

impl DiscordOutbox {
    pub fn new(http: Arc<Http>, guilds: Vec<GuildId>) -> Self {
        Self {
            http,
            guilds,
            named: Mutex::new(HashMap::new()),
        }
    }

    /// The text channel called `name` in `guild`, if any.
    async fn find_in(&self, guild: GuildId, name: &str) -> Result<Option<ChannelId>, SendError> {
        let channels = guild.channels(&self.http).await.map_err(classify)?;
        Ok(channels
            .into_values()
            .find(|c| matches!(c.kind, ChannelType::Text | ChannelType::News) && c.name == name)
            .map(|c| c.id))
    }

    async fn named(&self, name: &str) -> Result<ChannelId, SendError> {
        if let Some(id) = self.named.lock().ok().and_then(|m| m.get(name).copied()) {
            return Ok(id);
        }
        let mut found = None;
        for guild in &self.guilds {
            found = self.find_in(*guild, name).await?;
            if found.is_some() {
                break;
            }
        }
        if found.is_none() {
            let listed = self.http.get_guilds(None, None).await.map_err(classify)?;
            for guild in listed.iter().map(|g| g.id) {
                if self.guilds.contains(&guild) {
                    continue;
                }
                found = self.find_in(guild, name).await?;
                if found.is_some() {
                    break;
                }
            }
        }
        let id =
            found.ok_or_else(|| SendError::Permanent(format!("no text channel named #{name}")))?;
        if let Ok(mut m) = self.named.lock() {
            m.insert(name.to_string(), id);
        }
        Ok(id)
    }

    async fn channel(&self, to: &Destination) -> Result<ChannelId, SendError> {
        match to {
            Destination::Channel(id) => Ok(ChannelId::new(*id)),
            Destination::Direct(user) => UserId::new(*user)
                .create_dm_channel(&self.http)
                .await
                .map(|c| c.id)
                .map_err(classify),
            Destination::Named(name) => self.named(name).await,
        }
    }
}

impl DiscordOutbox {
    /// `user`'s role names in the first guild of READY (REST: the bot reads
    /// one member without the privileged members intent).
    async fn role_names_of(&self, user: u64) -> Result<Option<Vec<String>>, SendError> {
        let Some(guild) = self.guilds.first() else {
            return Ok(None);
        };
        let member = match guild.member(&self.http, UserId::new(user)).await {
            Ok(member) => member,
            // 10007 Unknown Member: they left the server.
            Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r)))
                if r.error.code == 10007 =>
            {
                return Ok(Some(Vec::new()))
            }
            Err(e) => return Err(classify(e)),
        };
        let roles = guild.roles(&self.http).await.map_err(classify)?;
        Ok(Some(
            member
                .roles
                .iter()
                .filter_map(|id| roles.get(id))
                .map(|r| r.name.clone())
                .collect(),
        ))
    }

    /// Posts `message`; returns (channel, message) ids.
    async fn post(&self, message: &OutMessage) -> Result<Posted, SendError> {
        let channel = self.channel(&message.to).await?;
        let mentions = CreateAllowedMentions::new()
            .roles(message.pings.roles.iter().map(|r| RoleId::new(*r)))
            .users(message.pings.users.iter().map(|u| UserId::new(*u)));
        let body = CreateMessage::new()
            .content(crate::discord::reply::fit(&message.text))
            .nonce(Nonce::String(message.nonce.clone()))
            .enforce_nonce(true)
            .allowed_mentions(mentions);
        match channel.send_message(&self.http, body).await {
            Ok(posted) => Ok((channel.get(), posted.id.get())),
            Err(e) => Err(self.failed(&message.to, e)),
        }
    }

    fn failed(&self, to: &Destination, error: serenity::Error) -> SendError {
        let e = classify(error);
        if e != SendError::DmClosed {
            // A stale name lookup (channel recreated) is retried afresh.
            if let (Destination::Named(name), Ok(mut m)) = (to, self.named.lock()) {
                m.remove(name);
            }
        }
        e
    }
}

impl Outbox for DiscordOutbox {
    fn member_role_names(
        &self,
        user: u64,
    ) -> BoxFuture<'_, Result<Option<Vec<String>>, SendError>> {
        Box::pin(self.role_names_of(user))
    }

    fn archive_thread(&self, thread: u64) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            ChannelId::new(thread)
                .edit_thread(&self.http, EditThread::new().archived(true))
                .await
                .map(|_| ())
                .map_err(classify)
        })
    }

    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move { self.post(message).await.map(|_| ()) })
    }

    fn upsert<'a>(
        &'a self,
        message: &'a OutMessage,
        previous: Option<Posted>,
    ) -> BoxFuture<'a, Result<Posted, SendError>> {
        Box::pin(async move {
            let channel = self.channel(&message.to).await?;
            if let Some((old_channel, old_message)) = previous {
                if old_channel == channel.get() {
                    let edit = EditMessage::new()
                        .content(crate::discord::reply::fit(&message.text))
                        .allowed_mentions(CreateAllowedMentions::new());
                    match channel
                        .edit_message(&self.http, MessageId::new(old_message), edit)
                        .await
                    {
                        Ok(_) => return Ok((old_channel, old_message)),
                        // Deleted by someone (10008 Unknown Message): post anew.
                        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r)))
                            if r.status_code.as_u16() == 404 => {}
                        Err(e) => return Err(self.failed(&message.to, e)),
                    }
                }
            }
            self.post(message).await
        })
    }
}

/// Sorts a serenity error into what the scheduler should do about it.
fn classify(error: serenity::Error) -> SendError {
    match &error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            let status = r.status_code.as_u16();
            if r.error.code == 50007 {
                SendError::DmClosed
            } else if status == 429 || status >= 500 {
                SendError::Transient(format!("{status}: {}", r.error.message))
            } else {
                SendError::Permanent(format!("{status} ({}): {}", r.error.code, r.error.message))
            }
        }
        serenity::Error::Http(HttpError::Request(_)) => SendError::Transient(error.to_string()),
        _ => SendError::Permanent(error.to_string()),
    }
}
