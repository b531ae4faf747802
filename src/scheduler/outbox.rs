//! Where the scheduler's messages go. The scheduler only sees this trait, so
//! its rules (claiming, grace, retries, reports) are tested without Discord;
//! [`DiscordOutbox`] is the real thing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use serenity::all::{
    ChannelId, ChannelType, CreateAllowedMentions, CreateMessage, GuildId, Http, HttpError, Nonce,
    RoleId, UserId,
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

/// Delivers scheduler messages.
pub trait Outbox: Send + Sync {
    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>>;
}

impl<T: Outbox + ?Sized> Outbox for Arc<T> {
    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>> {
        (**self).send(message)
    }
}

/// Sends through Discord's REST API, resolving channel names in the bot's
/// guilds (remembered after the first lookup). The guilds are those of the
/// READY; a process whose shards hold none (one of several instances) asks
/// REST for the bot's guilds, since its jobs may name any event channel.
pub struct DiscordOutbox {
    http: Arc<Http>,
    guilds: Mutex<Vec<GuildId>>,
    named: Mutex<HashMap<String, ChannelId>>,
}

impl DiscordOutbox {
    pub fn new(http: Arc<Http>, guilds: Vec<GuildId>) -> Self {
        Self {
            http,
            guilds: Mutex::new(guilds),
            named: Mutex::new(HashMap::new()),
        }
    }

    /// The guilds to search: the READY's, or the bot's guilds from REST.
    async fn guilds(&self) -> Result<Vec<GuildId>, SendError> {
        let known = self.guilds.lock().map(|g| g.clone()).unwrap_or_default();
        if !known.is_empty() {
            return Ok(known);
        }
        let listed: Vec<GuildId> = self
            .http
            .get_guilds(None, None)
            .await
            .map_err(classify)?
            .into_iter()
            .map(|g| g.id)
            .collect();
        if let Ok(mut g) = self.guilds.lock() {
            g.clone_from(&listed);
        }
        Ok(listed)
    }

    async fn channel(&self, to: &Destination) -> Result<ChannelId, SendError> {
        match to {
            Destination::Channel(id) => Ok(ChannelId::new(*id)),
            Destination::Direct(user) => UserId::new(*user)
                .create_dm_channel(&self.http)
                .await
                .map(|c| c.id)
                .map_err(classify),
            Destination::Named(name) => {
                if let Some(id) = self.named.lock().ok().and_then(|m| m.get(name).copied()) {
                    return Ok(id);
                }
                let guilds = self.guilds().await?;
                if guilds.is_empty() {
                    return Err(SendError::Transient("no guild known yet".into()));
                }
                for guild in &guilds {
                    let channels = guild.channels(&self.http).await.map_err(classify)?;
                    let found = channels.into_values().find(|c| {
                        matches!(c.kind, ChannelType::Text | ChannelType::News) && c.name == *name
                    });
                    if let Some(c) = found {
                        if let Ok(mut m) = self.named.lock() {
                            m.insert(name.clone(), c.id);
                        }
                        return Ok(c.id);
                    }
                }
                Err(SendError::Permanent(format!(
                    "no text channel named #{name}"
                )))
            }
        }
    }
}

impl Outbox for DiscordOutbox {
    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
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
                Ok(_) => Ok(()),
                Err(e) => {
                    let e = classify(e);
                    if e != SendError::DmClosed {
                        // A stale name lookup (channel recreated) is retried afresh.
                        if let (Destination::Named(name), Ok(mut m)) =
                            (&message.to, self.named.lock())
                        {
                            m.remove(name);
                        }
                    }
                    Err(e)
                }
            }
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
