//! The scheduler's real outbox: its messages go out through Discord's REST
//! API. The scheduler only knows the [`Outbox`] trait; this is the one place
//! where its messages meet serenity.

use std::sync::Arc;

use futures::future::BoxFuture;
use serenity::all::{
    ChannelId, CreateAllowedMentions, EditThread, Http, HttpError, MessageId, Nonce,
    PermissionOverwriteType, RoleId, UserId,
};

use super::identity::{Directory, LookupError};
use super::reply;
use crate::scheduler::{Destination, OutMessage, Outbox, Posted, SendError};

/// Sends through Discord's REST API. Event channels are posted to by the
/// ids stored for them (see [`crate::discord::identity`]); one that is not
/// set up is a permanent failure, reported like any other.
pub struct DiscordOutbox {
    http: Arc<Http>,
    ids: Arc<Directory>,
}

impl DiscordOutbox {
    pub fn new(http: Arc<Http>, ids: Arc<Directory>) -> Self {
        Self { http, ids }
    }

    async fn channel(&self, to: &Destination) -> Result<ChannelId, SendError> {
        match to {
            Destination::Channel(id) => Ok(ChannelId::new(*id)),
            Destination::Direct(user) => UserId::new(*user)
                .create_dm_channel(&self.http)
                .await
                .map(|c| c.id)
                .map_err(classify),
            Destination::Event(key) => match self.ids.channel(&self.http, key).await {
                Ok(id) => Ok(id),
                Err(LookupError::NotSetUp(e)) => Err(SendError::Permanent(e.to_string())),
                Err(LookupError::Discord(e)) => Err(classify(e)),
                Err(LookupError::Store(e)) => Err(SendError::Transient(e.to_string())),
            },
        }
    }
}

impl DiscordOutbox {
    /// Reads the member by REST (one member needs no privileged intent)
    /// and compares their roles with the event's, by id.
    async fn member_takes_part(&self, user: u64) -> Result<Option<bool>, SendError> {
        use crate::config::keys;
        let http = &self.http;
        let (Some(guild), Some(participant)) = (
            self.ids.guild(http).await,
            self.ids.role_if_set(http, "participant").await,
        ) else {
            return Ok(None);
        };
        let member = match guild.member(http, UserId::new(user)).await {
            Ok(member) => member,
            // 10007 Unknown Member: they left the server.
            Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r)))
                if r.error.code == 10007 =>
            {
                return Ok(Some(false))
            }
            Err(e) => return Err(classify(e)),
        };
        let mut staff = Vec::new();
        for key in [keys::ORGANIZER, keys::MENTOR] {
            staff.extend(self.ids.role_if_set(http, key).await);
        }
        Ok(Some(
            member.roles.contains(&participant) && !member.roles.iter().any(|r| staff.contains(r)),
        ))
    }

    /// Posts `message`; returns (channel, message) ids.
    async fn post(&self, message: &OutMessage) -> Result<Posted, SendError> {
        let channel = self.channel(&message.to).await?;
        let mentions = CreateAllowedMentions::new()
            .roles(message.pings.roles.iter().map(|r| RoleId::new(*r)))
            .users(message.pings.users.iter().map(|u| UserId::new(*u)));
        let body = reply::message()
            .content(crate::render::markup::fit(&message.text))
            .nonce(Nonce::String(message.nonce.clone()))
            .enforce_nonce(true)
            .allowed_mentions(mentions);
        match channel.send_message(&self.http, body).await {
            Ok(posted) => Ok((channel.get(), posted.id.get())),
            Err(e) => Err(classify(e)),
        }
    }
}

impl Outbox for DiscordOutbox {
    fn add_role<'a>(
        &'a self,
        user: u64,
        role_key: &'a str,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let http = &self.http;
            let Some(guild) = self.ids.guild(http).await else {
                return Err(SendError::Permanent("the bot serves no guild".into()));
            };
            let role = match self.ids.role(http, role_key).await {
                Ok(role) => role,
                Err(LookupError::NotSetUp(e)) => return Err(SendError::Permanent(e.to_string())),
                Err(LookupError::Discord(e)) => return Err(classify(e)),
                Err(LookupError::Store(e)) => return Err(SendError::Transient(e.to_string())),
            };
            http.add_member_role(guild, UserId::new(user), role, Some("jury results"))
                .await
                .map_err(classify)
        })
    }

    fn takes_part(&self, user: u64) -> BoxFuture<'_, Result<Option<bool>, SendError>> {
        Box::pin(self.member_takes_part(user))
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

    fn remove_member_view(&self, channel: u64, user: u64) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async move {
            let removed = ChannelId::new(channel)
                .delete_permission(
                    &self.http,
                    PermissionOverwriteType::Member(UserId::new(user)),
                )
                .await;
            match removed {
                Ok(()) => Ok(()),
                // 404: no such overwrite (already removed) or no such
                // channel (the team is gone): nothing left to take back.
                Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r)))
                    if r.status_code.as_u16() == 404 =>
                {
                    Ok(())
                }
                Err(e) => Err(classify(e)),
            }
        })
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
                    let edit = reply::edit_message()
                        .content(crate::render::markup::fit(&message.text))
                        .allowed_mentions(CreateAllowedMentions::new());
                    match channel
                        .edit_message(&self.http, MessageId::new(old_message), edit)
                        .await
                    {
                        Ok(_) => return Ok((old_channel, old_message)),
                        // Deleted by someone (10008 Unknown Message): post anew.
                        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r)))
                            if r.status_code.as_u16() == 404 => {}
                        Err(e) => return Err(classify(e)),
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
