//! Where the scheduler's messages go. The scheduler only sees this trait, so
//! its rules (claiming, grace, retries, reports) are tested without Discord;
//! `discord::outbox::DiscordOutbox` is the real thing.

use std::sync::Arc;

use futures::future::BoxFuture;

/// Where a message goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Destination {
    /// A channel by id (a team's project channel, an announcement target).
    Channel(u64),
    /// A channel of the event by its key in the event file
    /// (`announcements`, `log`), posted to by its stored id only.
    Event(String),
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

    /// Whether `user` has the participant role and no staff role in the
    /// served guild (`false` when they left it); `None` when this outbox
    /// cannot tell, and then nobody is held back for their roles.
    fn takes_part(&self, user: u64) -> BoxFuture<'_, Result<Option<bool>, SendError>> {
        let _ = user;
        Box::pin(async { Ok(None) })
    }

    /// Removes a person's own view permission from a channel (given to
    /// see an invitation there); none to remove is success. Outboxes that
    /// only carry messages refuse it.
    fn remove_member_view(&self, channel: u64, user: u64) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            Err(SendError::Permanent(format!(
                "this outbox cannot change channel {channel} for {user}"
            )))
        })
    }

    /// Gives `user` the event role `role_key` (by its stored id); having
    /// it already is success. Outboxes that only carry messages refuse it.
    fn add_role<'a>(
        &'a self,
        user: u64,
        role_key: &'a str,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            Err(SendError::Permanent(format!(
                "this outbox cannot give {user} the role {role_key}"
            )))
        })
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

    fn takes_part(&self, user: u64) -> BoxFuture<'_, Result<Option<bool>, SendError>> {
        (**self).takes_part(user)
    }

    fn remove_member_view(&self, channel: u64, user: u64) -> BoxFuture<'_, Result<(), SendError>> {
        (**self).remove_member_view(channel, user)
    }

    fn add_role<'a>(
        &'a self,
        user: u64,
        role_key: &'a str,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        (**self).add_role(user, role_key)
    }
}
