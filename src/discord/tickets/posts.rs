//! Posts made by hand, activity in posts, and the comparison with Discord
//! after a restart.

use super::*;
use crate::discord::reply::{self, fit};
use crate::discord::{BotError, Data};
use crate::domain::tickets::{check_title, detect_language};
use crate::scheduler::schedule_ticket_archive;
use crate::store::{NewTicket, TicketStatus};
use chrono::{DateTime, Utc};
use serenity::all::{
    ChannelId, ChannelType, Context as SerenityContext, GuildChannel, GuildId, UserId,
};
use std::collections::{HashMap, HashSet};

// ---- posts made by hand ----

/// A THREAD_CREATE: a new post in the help forum made by hand becomes a
/// ticket; its author is guided (tag, title, FAQ). Returns whether it was
/// such a post.
pub async fn on_thread_create(
    ctx: &SerenityContext,
    data: &Data,
    thread: &GuildChannel,
) -> Result<bool, BotError> {
    let Some(parent) = thread.parent_id else {
        return Ok(false);
    };
    let bot = ctx.cache.current_user().id;
    if thread.kind != ChannelType::PublicThread || not_a_person(thread.owner_id, bot) {
        return Ok(false);
    }
    let forum = help_forum(ctx, data, thread.guild_id).await?;
    match &forum {
        Some(f) if f.id == parent => {}
        _ => return Ok(false),
    }
    let Some(forum) = usable_forum(ctx, data, thread.guild_id, forum).await else {
        return Ok(false);
    };
    hand_made_post(ctx, data, &forum, thread, Utc::now()).await
}

/// `owner_id` is missing or the bot: not a person's post.
pub(super) fn not_a_person(owner: Option<UserId>, bot: UserId) -> bool {
    owner.is_none() || owner == Some(bot)
}

pub(super) fn created_at(thread: &GuildChannel) -> Option<DateTime<Utc>> {
    thread
        .thread_metadata
        .and_then(|m| m.create_timestamp)
        .and_then(|t| DateTime::from_timestamp(t.unix_timestamp(), 0))
}

pub(super) async fn hand_made_post(
    ctx: &SerenityContext,
    data: &Data,
    forum: &HelpForum,
    thread: &GuildChannel,
    now: DateTime<Utc>,
) -> Result<bool, BotError> {
    if created_at(thread).is_some_and(|at| now - at > NEW_POST_WINDOW) {
        return Ok(false);
    }
    let Some(author) = thread.owner_id else {
        return Ok(false);
    };
    // The post's title as the list of tickets will show it.
    let title = crate::text::sanitize(&thread.name);
    let lang = detect_language(&title, data.event.event.default_language);
    let (ticket, created) = data
        .store
        .create_ticket(&NewTicket {
            event_id: &data.event.event.id,
            thread_id: Some(thread.id.get()),
            author_id: author.get(),
            title: &title,
            request_key: None,
            lang: Some(lang.code()),
            now,
        })
        .await?;
    if !created {
        // Seen already (a replayed event, or a post made with /ask).
        return Ok(false);
    }
    let guild = thread.guild_id;
    let had_tag = forum
        .event_tag
        .is_some_and(|t| thread.applied_tags.contains(&t));
    let tagged = sync_post(
        ctx,
        data,
        guild,
        forum,
        thread.id,
        Some(thread.applied_tags.clone()),
        (TicketStatus::Open, None),
    )
    .await;
    let minutes = i64::from(data.event.help.ping_after_minutes);
    let mut lines = vec![text(
        data,
        lang,
        "ticket-welcome",
        &[
            ("author", format!("<@{author}>").into()),
            ("minutes", minutes.into()),
        ],
    )];
    if forum.event_tag.is_some() && !had_tag {
        let tag = data.event.help.tag.clone();
        let id = if tagged {
            "ticket-tag-added"
        } else {
            "ticket-tag-missing"
        };
        lines.push(text(data, lang, id, &[("tag", tag.into())]));
    }
    if check_title(&thread.name).is_err() {
        lines.push(data.i18n.get(lang, "ticket-title-advice"));
    }
    let guidance = reply::message()
        .content(fit(&lines.join("\n\n")))
        .components(vec![claim_row(data, lang, ticket.id)]);
    thread.id.send_message(&ctx.http, guidance).await?;
    // The starter message's text needs the message content intent, which
    // the bot does not ask for: the title is what it can read.
    if let Some(faq) = faq_message(data, lang, ticket.id, &thread.name) {
        thread.id.send_message(&ctx.http, faq).await?;
    }
    let tags = forum.names(&thread.applied_tags);
    schedule_pings(ctx, data, guild, ticket.id, &tags, ticket.created_at).await?;
    Ok(true)
}

// ---- activity in posts ----

/// A MESSAGE_CREATE: a message in a ticket's post is activity, and the
/// first one by someone other than the author is the first answer. Only
/// author and channel are read (no message content intent).
pub async fn on_message(data: &Data, message: &serenity::all::Message) -> Result<(), BotError> {
    if message.author.bot || message.guild_id.is_none() {
        return Ok(());
    }
    let now = Utc::now();
    let replied = data
        .store
        .record_thread_reply(
            &data.event.event.id,
            message.channel_id.get(),
            message.author.id.get(),
            now,
        )
        .await?;
    if let Some((ticket, TicketStatus::Resolved)) = replied {
        // Discord reopens an archived post on a new message; archive it
        // again once it is quiet.
        schedule_ticket_archive(&data.store, &data.event, ticket, now, now).await?;
    }
    Ok(())
}

/// A THREAD_UPDATE: a ticket's post archived by hand is resolved.
pub async fn on_thread_update(data: &Data, thread: &GuildChannel) -> Result<(), BotError> {
    let archived = thread.thread_metadata.is_some_and(|m| m.archived);
    if !archived {
        return Ok(());
    }
    let Some(ticket) = data
        .store
        .ticket_by_thread(&data.event.event.id, thread.id.get())
        .await?
    else {
        return Ok(());
    };
    if ticket.status != TicketStatus::Resolved {
        data.store
            .set_ticket_status(ticket.id, TicketStatus::Resolved, Utc::now())
            .await?;
    }
    Ok(())
}

/// A THREAD_DELETE: the ticket leaves the queue.
pub async fn on_thread_delete(data: &Data, thread: ChannelId) -> Result<(), BotError> {
    if let Some(ticket) = data
        .store
        .ticket_by_thread(&data.event.event.id, thread.get())
        .await?
    {
        data.store
            .mark_ticket_deleted(ticket.id, Utc::now())
            .await?;
    }
    Ok(())
}

// ---- after a restart ----

/// What [`reconcile`] changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reconciled {
    pub deleted: u32,
    pub archived: u32,
    pub found: u32,
    pub retagged: u32,
}

/// Compares the open tickets with Discord after a start: posts deleted or
/// archived while the bot was away, tags that drifted (a refused edit), and
/// posts made by hand that were never seen. Tells the organizers when
/// anything changed.
pub async fn reconcile(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
) -> Result<Reconciled, BotError> {
    let mut done = Reconciled::default();
    // A server not set up yet has no forum: nothing to compare, nothing to
    // report (`/setup check` says what is missing).
    let Some(forum) = help_forum(ctx, data, guild).await? else {
        return Ok(done);
    };
    let now = Utc::now();
    // The tickets first, Discord second: a post made meanwhile is handled
    // by its own event, not touched twice.
    let live = data.store.live_tickets(&data.event.event.id).await?;
    let active: HashMap<ChannelId, GuildChannel> = guild
        .get_active_threads(&ctx.http)
        .await?
        .threads
        .into_iter()
        .filter(|t| t.parent_id == Some(forum.id))
        .map(|t| (t.id, t))
        .collect();
    let known: HashSet<u64> = live.iter().filter_map(|t| t.thread_id).collect();
    for ticket in live {
        let Some(thread_id) = ticket.thread_id.map(ChannelId::new) else {
            continue;
        };
        if let Some(thread) = active.get(&thread_id) {
            let wanted = forum.wanted_tags(&thread.applied_tags, ticket.status);
            let mut have = thread.applied_tags.clone();
            have.sort();
            let mut want = wanted.clone();
            want.sort();
            if have != want
                && sync_post(
                    ctx,
                    data,
                    guild,
                    &forum,
                    thread_id,
                    Some(thread.applied_tags.clone()),
                    (ticket.status, None),
                )
                .await
            {
                done.retagged += 1;
            }
            continue;
        }
        match thread_id.to_channel(&ctx.http).await {
            Ok(channel) => {
                let archived = channel
                    .guild()
                    .and_then(|c| c.thread_metadata)
                    .is_some_and(|m| m.archived);
                if archived
                    && data
                        .store
                        .set_ticket_status(ticket.id, TicketStatus::Resolved, now)
                        .await?
                {
                    done.archived += 1;
                }
            }
            Err(serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)))
                if r.status_code.as_u16() == 404 =>
            {
                if data.store.mark_ticket_deleted(ticket.id, now).await? {
                    done.deleted += 1;
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    let bot = ctx.cache.current_user().id;
    for thread in active.values() {
        if known.contains(&thread.id.get()) || not_a_person(thread.owner_id, bot) {
            continue;
        }
        if hand_made_post(ctx, data, &forum, thread, now).await? {
            done.found += 1;
        }
    }
    if done != Reconciled::default() {
        let t = text(
            data,
            data.event.event.default_language,
            "ticket-reconciled",
            &[
                ("deleted", i64::from(done.deleted).into()),
                ("archived", i64::from(done.archived).into()),
                ("found", i64::from(done.found).into()),
                ("retagged", i64::from(done.retagged).into()),
            ],
        );
        report(ctx, data, guild, t).await;
    }
    tracing::info!(?done, "help tickets reconciled with Discord");
    Ok(done)
}
