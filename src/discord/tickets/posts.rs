//! Posts made by hand, activity in posts, and the comparison with Discord
//! after a restart.

use super::forum::{
    claim_row, faq_message, help_forum, lang_of, report, schedule_pings, sync_post, text,
    usable_forum, HelpForum,
};
use super::mentors::{close_post, rating_row};
use super::{too_many_open, NEW_POST_WINDOW};
use crate::discord::reply;
use crate::discord::{BotError, Data};
use crate::domain::tickets::{check_title, detect_language};
use crate::i18n::Lang;
use crate::render::markup::fit;
use crate::scheduler::schedule_ticket_archive;
use crate::store::{NewTicket, NewTicketOutcome, Ticket, TicketStatus};
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

/// The bot's first message in a hand-made help post: welcome, when the
/// mentors are pinged, the event's tag if the bot added it (or could not),
/// and advice when the title is too short or too long.
fn guidance_text(
    data: &Data,
    lang: Lang,
    author: UserId,
    tag_added: Option<bool>,
    title_ok: bool,
) -> String {
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
    if let Some(added) = tag_added {
        let tag = data.event.help.tag.clone();
        let id = if added {
            "ticket-tag-added"
        } else {
            "ticket-tag-missing"
        };
        lines.push(text(data, lang, id, &[("tag", tag.into())]));
    }
    if !title_ok {
        lines.push(data.i18n.get(lang, "ticket-title-advice"));
    }
    lines.join("\n\n")
}

/// A help post made by hand in the forum (not with /ask): becomes a ticket
/// unless it is old, seen already or over its author's cap; then the bot
/// tags it, guides its author and plans the mentors' pings. `true` when a
/// ticket was made.
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
    let outcome = data
        .store
        .create_ticket_capped(
            &NewTicket {
                event_id: &data.event.event.id,
                thread_id: Some(thread.id.get()),
                author_id: author.get(),
                title: &title,
                request_key: None,
                lang: Some(lang.code()),
                now,
            },
            data.event.limits.open_help_posts_per_author,
        )
        .await?;
    let ticket = match outcome {
        NewTicketOutcome::Created(t) => t,
        // Seen already (a replayed event, or a post made with /ask).
        NewTicketOutcome::Existing(_) => return Ok(false),
        // Refused and answered before (a restart found the post again).
        NewTicketOutcome::Capped {
            first_refusal: false,
            ..
        } => return Ok(false),
        NewTicketOutcome::Capped { cap, open, .. } => {
            // Over the cap: the post stays (the bot deletes nobody's
            // words) but is no ticket — no tags, no pings, not in the
            // queue — and its author is told why and what to do.
            let note = format!("<@{author}> {}", too_many_open(data, lang, cap, &open));
            let reply = reply::message().content(fit(&note));
            thread.id.send_message(&ctx.http, reply).await?;
            return Ok(false);
        }
    };
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
    // Whether the event's tag was added by the bot (or could not be), when
    // the author had not set it.
    let tag_added = (forum.event_tag.is_some() && !had_tag).then_some(tagged);
    let welcome = guidance_text(
        data,
        lang,
        author,
        tag_added,
        check_title(&thread.name).is_ok(),
    );
    let guidance = reply::message()
        .content(fit(&welcome))
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
/// first one by a mentor or an organizer other than the author is the first
/// answer (a participant's "me too" is not). Only author, member roles and
/// channel are read (no message content intent).
pub async fn on_message(
    ctx: &SerenityContext,
    data: &Data,
    message: &serenity::all::Message,
) -> Result<(), BotError> {
    let Some(guild) = message.guild_id.filter(|_| !message.author.bot) else {
        return Ok(());
    };
    let staff = match &message.member {
        Some(member) => {
            crate::discord::access::roles_access(ctx, data, guild, &member.roles, false)
                .await?
                .mentor
        }
        None => false,
    };
    let now = Utc::now();
    let replied = data
        .store
        .record_thread_reply(
            &data.event.event.id,
            message.channel_id.get(),
            message.author.id.get(),
            staff,
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

/// A THREAD_UPDATE: a ticket's post archived by hand ("Close post") is
/// resolved; when a mentor helped, the author is asked to rate that help
/// (the prompt reopens the post, so it is closed again after).
pub async fn on_thread_update(
    ctx: &SerenityContext,
    data: &Data,
    thread: &GuildChannel,
) -> Result<(), BotError> {
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
    if ticket.status == TicketStatus::Resolved {
        return Ok(());
    }
    // An archive older than the ticket's last change is a stale event (the
    // bot's own close, delivered after the post was reopened): not a close.
    let archived_at = thread
        .thread_metadata
        .and_then(|m| m.archive_timestamp)
        .and_then(|t| {
            use chrono::Timelike;
            let millis = i64::from(t.nanosecond() / 1_000_000);
            DateTime::from_timestamp_millis(t.unix_timestamp() * 1000 + millis)
        });
    if archived_at.is_some_and(|at| at < ticket.last_activity_at) {
        tracing::debug!(
            ticket = ticket.id,
            "a stale archive event; the post was reopened since"
        );
        return Ok(());
    }
    // Events may arrive late and out of order: what counts is whether the
    // post is closed now.
    let closed_now = match thread.id.to_channel(&ctx.http).await {
        Ok(channel) => channel
            .guild()
            .and_then(|c| c.thread_metadata)
            .is_some_and(|m| m.archived),
        Err(e) => {
            tracing::warn!(error = %e, ticket = ticket.id, "cannot read a closed help post; taking the event as is");
            true
        }
    };
    if !closed_now {
        return Ok(());
    }
    let now = Utc::now();
    if !data
        .store
        .set_ticket_status(ticket.id, TicketStatus::Resolved, now)
        .await?
    {
        return Ok(());
    }
    crate::scheduler::cancel_ticket_pings(&data.store, &data.event, ticket.id, now).await?;
    let Some(mentor) = crate::domain::tickets::helper_to_rate(&ticket) else {
        return Ok(());
    };
    let lang = lang_of(data, &ticket);
    let prompt = text(
        data,
        lang,
        "ticket-closed-rate",
        &[
            ("author", format!("<@{}>", ticket.author_id).into()),
            ("mentor", format!("<@{mentor}>").into()),
        ],
    );
    let message = reply::message()
        .content(fit(&prompt))
        .components(vec![rating_row(ticket.id)])
        // The author is asked, so the author is pinged; nobody else.
        .allowed_mentions(
            serenity::all::CreateAllowedMentions::new().users([UserId::new(ticket.author_id)]),
        );
    thread.id.send_message(&ctx.http, message).await?;
    close_post(ctx, data, thread.guild_id, &ticket).await;
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
        match compare(ctx, data, guild, &forum, &active, &ticket, now).await? {
            Drift::None => {}
            Drift::Retagged => done.retagged += 1,
            Drift::Archived => done.archived += 1,
            Drift::Deleted => done.deleted += 1,
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
        report(&ctx.http, data, guild, t).await;
    }
    tracing::info!(?done, "help tickets reconciled with Discord");
    Ok(done)
}

/// What comparing one ticket with Discord changed.
enum Drift {
    None,
    /// The post's tags were set to the ticket's status again.
    Retagged,
    /// The post was archived while the bot was away: the ticket is resolved.
    Archived,
    /// The post is gone: the ticket leaves the queue.
    Deleted,
}

/// Compares one open ticket with its post: an active post gets its tags
/// back if they drifted; a post no longer active was archived or deleted.
async fn compare(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    forum: &HelpForum,
    active: &HashMap<ChannelId, GuildChannel>,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<Drift, BotError> {
    let Some(thread_id) = ticket.thread_id.map(ChannelId::new) else {
        return Ok(Drift::None);
    };
    if let Some(thread) = active.get(&thread_id) {
        let wanted = forum.wanted_tags(&thread.applied_tags, ticket.status);
        let mut have = thread.applied_tags.clone();
        have.sort();
        let mut want = wanted.clone();
        want.sort();
        let retagged = have != want
            && sync_post(
                ctx,
                data,
                guild,
                forum,
                thread_id,
                Some(thread.applied_tags.clone()),
                (ticket.status, None),
            )
            .await;
        return Ok(if retagged {
            Drift::Retagged
        } else {
            Drift::None
        });
    }
    match thread_id.to_channel(&ctx.http).await {
        Ok(channel) => {
            let archived = channel
                .guild()
                .and_then(|c| c.thread_metadata)
                .is_some_and(|m| m.archived);
            let resolved = archived
                && data
                    .store
                    .set_ticket_status(ticket.id, TicketStatus::Resolved, now)
                    .await?;
            Ok(if resolved {
                Drift::Archived
            } else {
                Drift::None
            })
        }
        Err(serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(r)))
            if r.status_code.as_u16() == 404 =>
        {
            let deleted = data.store.mark_ticket_deleted(ticket.id, now).await?;
            Ok(if deleted { Drift::Deleted } else { Drift::None })
        }
        Err(e) => Err(e.into()),
    }
}
