//! The Discord side of help tickets: the #pide-ayuda forum, its posts (made
//! with /ask or by hand), the tags that show a ticket's status, the buttons
//! in the posts (claim, hand back, FAQ, rating), and the comparison with
//! Discord after a restart.
//!
//! The database holds each ticket's status; forum tags follow it (never the
//! title: Discord allows two renames per ten minutes). Buttons carry only
//! the ticket id (`sb:tk-claim:<id>`), and every change behind them is a
//! conditional write, so two mentors clicking at once make one claim.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use serenity::all::{
    ActionRowComponent, AutoArchiveDuration, ButtonStyle, ChannelId, ChannelType,
    ComponentInteraction, Context as SerenityContext, CreateActionRow, CreateButton, CreateEmbed,
    CreateForumPost, CreateInputText, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateMessage, CreateModal, EditInteractionResponse, EditThread, ForumTag, ForumTagId,
    GuildChannel, GuildId, InputTextStyle, Member, ModalInteraction, RoleId, UserId,
};

use super::access::member_access;
use super::reply::{fit, no_mentions, text_channel_named};
use super::{BotError, Data};
use crate::domain::tickets::{
    self as rules, check_title, detect_language, match_faq, TitleProblem, TITLE_MAX_CHARS,
    TITLE_MIN_CHARS,
};
use crate::i18n::{Args, Lang};
use crate::scheduler::{schedule_ticket_archive, schedule_ticket_pings, Pings};
use crate::store::{NewTicket, Ticket, TicketStatus};

/// `sb:ask:<opening interaction id>:<topic tag id or 0>`: the /ask form. The
/// same form submitted twice carries the same id, so it makes one post.
pub const ASK_MODAL: &str = "sb:ask:";
/// `sb:ask-edit:<topic tag id or 0>`: reopen a refused form with its text.
pub const ASK_EDIT: &str = "sb:ask-edit:";
pub const CLAIM: &str = "sb:tk-claim:";
pub const RELEASE: &str = "sb:tk-release:";
pub const FAQ_SOLVED: &str = "sb:tk-faq-ok:";
pub const FAQ_STILL: &str = "sb:tk-faq-no:";
/// `sb:tk-rate:<ticket>:<1-5>`.
pub const RATE: &str = "sb:tk-rate:";
/// `sb:tk-queue:<page>`.
pub const QUEUE: &str = "sb:tk-queue:";

const FIELD_TITLE: &str = "title";
const FIELD_TRIED: &str = "tried";
const FIELD_LINKS: &str = "links";
const TRIED_MAX: u16 = 1500;
const LINKS_MAX: u16 = 400;

/// Posts older than this are not taken as new help posts (a THREAD_CREATE
/// also comes when the bot is added to an old thread).
const NEW_POST_WINDOW: Duration = Duration::hours(24);

/// What the help desk remembers in this process: problems already told to
/// the organizers, so a broken forum is reported once, not per post.
#[derive(Debug, Default)]
pub struct TicketDesk {
    reported: Mutex<HashSet<String>>,
}

/// The help forum and the tags the bot needs in it.
#[derive(Debug, Clone)]
pub struct HelpForum {
    pub id: ChannelId,
    pub tags: Vec<ForumTag>,
    pub event_tag: Option<ForumTagId>,
    open: Option<ForumTagId>,
    claimed: Option<ForumTagId>,
    resolved: Option<ForumTagId>,
}

impl HelpForum {
    fn from_channel(data: &Data, channel: &GuildChannel) -> Self {
        let help = &data.event.help;
        let find = |name: &str| {
            channel
                .available_tags
                .iter()
                .find(|t| t.name.trim().eq_ignore_ascii_case(name.trim()))
                .map(|t| t.id)
        };
        Self {
            id: channel.id,
            tags: channel.available_tags.clone(),
            event_tag: find(&help.tag),
            open: find(&help.open_tag),
            claimed: find(&help.claimed_tag),
            resolved: find(&help.resolved_tag),
        }
    }

    fn status_tag(&self, status: TicketStatus) -> Option<ForumTagId> {
        match status {
            TicketStatus::Open => self.open,
            TicketStatus::Claimed => self.claimed,
            TicketStatus::Resolved => self.resolved,
        }
    }

    fn status_tags(&self) -> Vec<ForumTagId> {
        [self.open, self.claimed, self.resolved]
            .into_iter()
            .flatten()
            .collect()
    }

    /// The tags a post in `status` should carry, keeping the author's own.
    pub fn wanted_tags(&self, current: &[ForumTagId], status: TicketStatus) -> Vec<ForumTagId> {
        let first: Vec<ForumTagId> = [self.event_tag, self.status_tag(status)]
            .into_iter()
            .flatten()
            .collect();
        rules::tags_with_status(current, &first, &self.status_tags())
    }

    /// Tag names, for matching mentor skills.
    fn names(&self, ids: &[ForumTagId]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.tags.iter().find(|t| t.id == *id))
            .map(|t| t.name.clone())
            .collect()
    }

    /// The tags a person may pick as the topic of a question (not the
    /// event's or a status tag).
    pub fn topic_tags(&self) -> Vec<&ForumTag> {
        let fixed: Vec<ForumTagId> = self
            .status_tags()
            .into_iter()
            .chain(self.event_tag)
            .collect();
        self.tags
            .iter()
            .filter(|t| !fixed.contains(&t.id))
            .collect()
    }
}

fn text(data: &Data, lang: Lang, id: &str, args: &Args<'_>) -> String {
    data.i18n.get_args(lang, id, args)
}

fn lang_of(data: &Data, ticket: &Ticket) -> Lang {
    ticket
        .lang
        .as_deref()
        .map_or(data.event.event.default_language, Lang::from_locale)
}

/// The help forum of the guild, from the cache or Discord; `None` when the
/// guild has no forum with the configured name.
pub async fn help_forum(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
) -> Result<Option<HelpForum>, BotError> {
    let name = &data.event.channels.help_forum;
    let is_forum =
        |c: &GuildChannel| c.kind == ChannelType::Forum && c.name.eq_ignore_ascii_case(name);
    let cached = ctx
        .cache
        .guild(guild)
        .map(|g| g.channels.values().find(|c| is_forum(c)).cloned());
    let channel = match cached {
        Some(found) => found,
        None => guild
            .channels(&ctx.http)
            .await?
            .into_values()
            .find(|c| is_forum(c)),
    };
    Ok(channel.map(|c| HelpForum::from_channel(data, &c)))
}

/// Tells the organizers (log channel) about a problem they must fix, once
/// per process and `key`.
async fn report_once(ctx: &SerenityContext, data: &Data, guild: GuildId, key: &str, text: String) {
    let first = data
        .tickets
        .reported
        .lock()
        .map(|mut r| r.insert(key.to_string()))
        .unwrap_or(true);
    tracing::warn!(problem = key, "help desk: {text}");
    if !first {
        return;
    }
    report(ctx, data, guild, text).await;
}

async fn report(ctx: &SerenityContext, data: &Data, guild: GuildId, text: String) {
    let Some(log) = text_channel_named(&ctx.http, guild, &data.event.channels.log).await else {
        tracing::warn!("help desk: no log channel to tell the organizers");
        return;
    };
    let msg = CreateMessage::new()
        .content(fit(&text))
        .allowed_mentions(no_mentions());
    if let Err(e) = log.send_message(&ctx.http, msg).await {
        tracing::warn!(error = %e, "cannot write to the log channel");
    }
}

/// Tells the organizers the forum or its event tag is missing; returns the
/// forum when it can take tickets.
async fn usable_forum(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    forum: Option<HelpForum>,
) -> Option<HelpForum> {
    let lang = data.event.event.default_language;
    let forum_name = data.event.channels.help_forum.clone();
    let Some(forum) = forum else {
        let t = text(
            data,
            lang,
            "ticket-forum-missing",
            &[("forum", forum_name.into())],
        );
        report_once(ctx, data, guild, "forum-missing", t).await;
        return None;
    };
    let help = &data.event.help;
    for (name, found) in [
        (&help.tag, forum.event_tag),
        (&help.open_tag, forum.open),
        (&help.claimed_tag, forum.claimed),
        (&help.resolved_tag, forum.resolved),
    ] {
        if found.is_none() {
            let t = text(
                data,
                lang,
                "ticket-tag-missing-report",
                &[
                    ("forum", forum_name.clone().into()),
                    ("tag", name.clone().into()),
                ],
            );
            report_once(ctx, data, guild, &format!("tag-missing:{name}"), t).await;
        }
    }
    Some(forum)
}

/// Puts the post's tags (and archive state) in line with `status`. A
/// refusal (missing permission) is told to the organizers; the ticket's
/// status in the database stands and a restart re-applies the tags.
async fn sync_post(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    forum: &HelpForum,
    thread: ChannelId,
    current: Option<Vec<ForumTagId>>,
    status: TicketStatus,
    archived: Option<bool>,
) -> bool {
    let current = match current {
        Some(tags) => tags,
        None => match thread.to_channel(&ctx.http).await {
            Ok(c) => c.guild().map(|g| g.applied_tags).unwrap_or_default(),
            Err(e) => {
                tracing::warn!(error = %e, %thread, "cannot read a help post");
                return false;
            }
        },
    };
    let mut edit = EditThread::new().applied_tags(forum.wanted_tags(&current, status));
    if let Some(archived) = archived {
        edit = edit.archived(archived);
    }
    if archived != Some(true) {
        // Discord's default archives a quiet post after a day or three; a
        // question waiting for a mentor should stay in view for a week.
        edit = edit.auto_archive_duration(AutoArchiveDuration::OneWeek);
    }
    match thread.edit_thread(&ctx.http, edit).await {
        Ok(_) => true,
        Err(e) => {
            let t = text(
                data,
                data.event.event.default_language,
                "ticket-edit-failed-report",
                &[
                    ("thread", format!("<#{thread}>").into()),
                    ("error", e.to_string().into()),
                ],
            );
            report_once(ctx, data, guild, &format!("edit-failed:{thread}"), t).await;
            false
        }
    }
}

/// The role ids of the guild by name (lowercase).
async fn role_ids(
    ctx: &SerenityContext,
    guild: GuildId,
) -> Result<HashMap<String, RoleId>, BotError> {
    let cached = ctx.cache.guild(guild).map(|g| {
        g.roles
            .values()
            .map(|r| (r.name.trim().to_lowercase(), r.id))
            .collect::<HashMap<_, _>>()
    });
    Ok(match cached {
        Some(map) => map,
        None => guild
            .roles(&ctx.http)
            .await?
            .into_values()
            .map(|r| (r.name.trim().to_lowercase(), r.id))
            .collect(),
    })
}

/// Who to ping about an unanswered post with these tags: the mentors whose
/// skills match, and every mentor (the mentor role).
async fn mentor_pings(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    tags: &[String],
) -> Result<(Pings, Pings), BotError> {
    let roles = role_ids(ctx, guild).await?;
    let id = |name: &str| roles.get(&name.trim().to_lowercase()).map(|r| r.get());
    let (skill_roles, users) = rules::matching_mentors(&data.event.help.mentor_skills, tags);
    let first = Pings {
        roles: skill_roles.iter().filter_map(|r| id(r)).collect(),
        users,
    };
    let all = Pings {
        roles: id(&data.event.roles.mentor).into_iter().collect(),
        users: vec![],
    };
    Ok((first, all))
}

fn claim_row(data: &Data, lang: Lang, ticket: i64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![CreateButton::new(format!("{CLAIM}{ticket}"))
        .label(data.i18n.get(lang, "ticket-claim-button"))
        .style(ButtonStyle::Primary)])
}

/// The FAQ answer for a post, if its words match an entry.
fn faq_message(data: &Data, lang: Lang, ticket: i64, words: &str) -> Option<CreateMessage> {
    let entry = match_faq(&data.event.faq, words)?;
    let content = text(
        data,
        lang,
        "faq-suggestion",
        &[
            ("question", entry.question.get(lang).to_string().into()),
            ("answer", entry.answer.get(lang).to_string().into()),
        ],
    );
    let row = CreateActionRow::Buttons(vec![
        CreateButton::new(format!("{FAQ_SOLVED}{ticket}"))
            .label(data.i18n.get(lang, "faq-solved-button"))
            .style(ButtonStyle::Success),
        CreateButton::new(format!("{FAQ_STILL}{ticket}"))
            .label(data.i18n.get(lang, "faq-still-button"))
            .style(ButtonStyle::Secondary),
    ]);
    Some(
        CreateMessage::new()
            .content(fit(&content))
            .components(vec![row])
            .allowed_mentions(no_mentions()),
    )
}

/// Schedules the mentor pings of a new (or handed back) ticket.
async fn schedule_pings(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    ticket: i64,
    tags: &[String],
    from: DateTime<Utc>,
) -> Result<(), BotError> {
    let (first, all) = mentor_pings(ctx, data, guild, tags).await?;
    schedule_ticket_pings(
        &data.store,
        &data.event,
        ticket,
        from,
        first,
        all,
        Utc::now(),
    )
    .await?;
    crate::scheduler::wake();
    Ok(())
}

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
fn not_a_person(owner: Option<UserId>, bot: UserId) -> bool {
    owner.is_none() || owner == Some(bot)
}

fn created_at(thread: &GuildChannel) -> Option<DateTime<Utc>> {
    thread
        .thread_metadata
        .and_then(|m| m.create_timestamp)
        .and_then(|t| DateTime::from_timestamp(t.unix_timestamp(), 0))
}

async fn hand_made_post(
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
    let lang = detect_language(&thread.name, data.event.event.default_language);
    let (ticket, created) = data
        .store
        .create_ticket(&NewTicket {
            event_id: &data.event.event.id,
            thread_id: Some(thread.id.get()),
            author_id: author.get(),
            title: &thread.name,
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
        TicketStatus::Open,
        None,
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
    let guidance = CreateMessage::new()
        .content(fit(&lines.join("\n\n")))
        .components(vec![claim_row(data, lang, ticket.id)])
        .allowed_mentions(no_mentions());
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
    let Some(ticket) = data
        .store
        .ticket_by_thread(&data.event.event.id, message.channel_id.get())
        .await?
    else {
        return Ok(());
    };
    let now = Utc::now();
    data.store
        .record_ticket_reply(ticket.id, message.author.id.get(), now)
        .await?;
    if ticket.status == TicketStatus::Resolved {
        // Discord reopens an archived post on a new message; archive it
        // again once it is quiet.
        let quiet = Duration::hours(i64::from(data.event.help.archive_resolved_after_hours));
        schedule_ticket_archive(&data.store, &data.event, ticket.id, now + quiet, now).await?;
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
    let forum = help_forum(ctx, data, guild).await?;
    let Some(forum) = usable_forum(ctx, data, guild, forum).await else {
        return Ok(done);
    };
    let now = Utc::now();
    let active: HashMap<ChannelId, GuildChannel> = guild
        .get_active_threads(&ctx.http)
        .await?
        .threads
        .into_iter()
        .filter(|t| t.parent_id == Some(forum.id))
        .map(|t| (t.id, t))
        .collect();
    let live = data.store.live_tickets(&data.event.event.id).await?;
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
                    ticket.status,
                    None,
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

// ---- /ask ----

/// The /ask form, with what the person typed before when it comes back.
pub fn ask_modal(
    data: &Data,
    lang: Lang,
    opener: u64,
    topic: u64,
    draft: &AskDraft,
) -> CreateModal {
    let t = |id: &str| data.i18n.get(lang, id);
    let field = |style, label: &str, id: &str, placeholder: &str, value: &str| {
        let mut input = CreateInputText::new(style, t(label), id).placeholder(t(placeholder));
        if !value.is_empty() {
            input = input.value(value);
        }
        input
    };
    let title = field(
        InputTextStyle::Short,
        "ask-field-title",
        FIELD_TITLE,
        "ask-title-placeholder",
        &draft.title,
    )
    .min_length(1)
    .max_length(TITLE_MAX_CHARS as u16)
    .required(true);
    let tried = field(
        InputTextStyle::Paragraph,
        "ask-field-tried",
        FIELD_TRIED,
        "ask-tried-placeholder",
        &draft.tried,
    )
    .max_length(TRIED_MAX)
    .required(true);
    let links = field(
        InputTextStyle::Paragraph,
        "ask-field-links",
        FIELD_LINKS,
        "ask-links-placeholder",
        &draft.links,
    )
    .max_length(LINKS_MAX)
    .required(false);
    CreateModal::new(format!("{ASK_MODAL}{opener}:{topic}"), t("ask-modal-title")).components(vec![
        CreateActionRow::InputText(title),
        CreateActionRow::InputText(tried),
        CreateActionRow::InputText(links),
    ])
}

/// What a person typed in the /ask form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AskDraft {
    pub title: String,
    pub tried: String,
    pub links: String,
}

impl AskDraft {
    fn from_modal(submit: &ModalInteraction) -> Self {
        let value = |id: &str| {
            submit
                .data
                .components
                .iter()
                .flat_map(|row| row.components.iter())
                .find_map(|c| match c {
                    ActionRowComponent::InputText(t) if t.custom_id == id => t.value.clone(),
                    _ => None,
                })
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        Self {
            title: value(FIELD_TITLE),
            tried: value(FIELD_TRIED),
            links: value(FIELD_LINKS),
        }
    }

    /// The draft shown under a refusal: the title and links as fields, what
    /// was tried as the description, so "Edit" can read it back.
    fn embed(&self, data: &Data, lang: Lang) -> CreateEmbed {
        let mut embed = CreateEmbed::new()
            .field(
                data.i18n.get(lang, "ask-field-title"),
                field_value(&self.title),
                false,
            )
            .description(&self.tried);
        if !self.links.is_empty() {
            embed = embed.field(
                data.i18n.get(lang, "ask-field-links"),
                field_value(&self.links),
                false,
            );
        }
        embed
    }

    /// Reads the draft back from the refusal message.
    fn from_refusal(message: &serenity::all::Message) -> Self {
        let Some(embed) = message.embeds.first() else {
            return Self::default();
        };
        let field = |i: usize| {
            embed
                .fields
                .get(i)
                .map(|f| f.value.trim().to_string())
                .unwrap_or_default()
        };
        Self {
            title: field(0),
            tried: embed.description.clone().unwrap_or_default(),
            links: field(1),
        }
    }
}

/// Embed fields cannot be empty; the title is at most 100 characters and
/// links 400, within the 1024 a field holds.
fn field_value(value: &str) -> String {
    if value.trim().is_empty() {
        "-".to_string()
    } else {
        value.to_string()
    }
}

fn parse_two(rest: &str) -> Option<(u64, u64)> {
    let (a, b) = rest.split_once(':')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Whether the interaction is the /ask form.
pub fn is_ask_modal(submit: &ModalInteraction) -> bool {
    submit.data.custom_id.starts_with(ASK_MODAL)
}

/// The /ask form was sent: check the title (a refusal keeps the text), then
/// create one forum post for this form however many times it arrives.
pub async fn on_ask_modal(ctx: &SerenityContext, data: &Data, submit: &ModalInteraction) {
    let lang = Lang::from_locale(&submit.locale);
    if let Err(e) = ask_submitted(ctx, data, submit, lang).await {
        let t = super::user_text(data, lang, &e);
        let edit = EditInteractionResponse::new()
            .content(fit(&t))
            .allowed_mentions(no_mentions());
        if submit.edit_response(&ctx.http, edit).await.is_err() {
            let answer = CreateInteractionResponseMessage::new()
                .content(fit(&t))
                .ephemeral(true)
                .allowed_mentions(no_mentions());
            if let Err(e) = submit
                .create_response(&ctx.http, CreateInteractionResponse::Message(answer))
                .await
            {
                tracing::warn!(error = %e, "cannot answer the /ask form");
            }
        }
    }
}

async fn ask_submitted(
    ctx: &SerenityContext,
    data: &Data,
    submit: &ModalInteraction,
    lang: Lang,
) -> Result<(), BotError> {
    let Some(guild) = submit.guild_id else {
        return Err(BotError::user("error-guild-only"));
    };
    let Some((opener, topic)) = parse_two(&submit.data.custom_id[ASK_MODAL.len()..]) else {
        return Err(BotError::user("error-expired-button"));
    };
    let draft = AskDraft::from_modal(submit);
    if let Err(problem) = check_title(&draft.title) {
        let reason = title_problem_text(data, lang, problem);
        let refusal = CreateInteractionResponseMessage::new()
            .content(fit(&text(
                data,
                lang,
                "ask-refused",
                &[("reason", reason.into())],
            )))
            .embed(draft.embed(data, lang))
            .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
                format!("{ASK_EDIT}{topic}"),
            )
            .label(data.i18n.get(lang, "ask-edit"))
            .style(ButtonStyle::Primary)])])
            .ephemeral(true)
            .allowed_mentions(no_mentions());
        submit
            .create_response(&ctx.http, CreateInteractionResponse::Message(refusal))
            .await?;
        return Ok(());
    }
    submit
        .create_response(
            &ctx.http,
            CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(true),
            ),
        )
        .await?;
    let done = |t: String| EditInteractionResponse::new().content(fit(&t));
    let forum = help_forum(ctx, data, guild).await?;
    let forum = usable_forum(ctx, data, guild, forum)
        .await
        .filter(|f| f.event_tag.is_some());
    let Some(forum) = forum else {
        let t = text(
            data,
            lang,
            "ask-no-forum",
            &[
                ("forum", data.event.channels.help_forum.clone().into()),
                ("tag", data.event.help.tag.clone().into()),
            ],
        );
        submit.edit_response(&ctx.http, done(t)).await?;
        return Ok(());
    };
    let author = submit.user.id;
    let key = format!("ask:{author}:{opener}");
    let words = format!("{}\n{}\n{}", draft.title, draft.tried, draft.links);
    let post_lang = detect_language(&words, lang);
    let (ticket, created) = data
        .store
        .create_ticket(&NewTicket {
            event_id: &data.event.event.id,
            thread_id: None,
            author_id: author.get(),
            title: &draft.title,
            request_key: Some(&key),
            lang: Some(post_lang.code()),
            now: Utc::now(),
        })
        .await?;
    if !created {
        let t = match ticket.thread_id {
            Some(thread) => text(
                data,
                lang,
                "ask-already",
                &[("thread", format!("<#{thread}>").into())],
            ),
            None => data.i18n.get(lang, "ask-in-progress"),
        };
        submit.edit_response(&ctx.http, done(t)).await?;
        return Ok(());
    }
    let none = data.i18n.get(lang, "ask-post-no-links");
    let body = text(
        data,
        lang,
        "ask-post-body",
        &[
            ("tried", draft.tried.clone().into()),
            (
                "links",
                if draft.links.is_empty() {
                    none
                } else {
                    draft.links.clone()
                }
                .into(),
            ),
            ("author", format!("<@{author}>").into()),
        ],
    );
    let topic_tag = forum
        .topic_tags()
        .into_iter()
        .find(|t| t.id.get() == topic)
        .map(|t| t.id);
    let tags = forum.wanted_tags(
        &topic_tag.into_iter().collect::<Vec<_>>(),
        TicketStatus::Open,
    );
    let starter = CreateMessage::new()
        .content(fit(&body))
        .components(vec![claim_row(data, post_lang, ticket.id)])
        .allowed_mentions(no_mentions());
    let post = forum
        .id
        .create_forum_post(
            &ctx.http,
            CreateForumPost::new(draft.title.clone(), starter)
                .set_applied_tags(tags.clone())
                .auto_archive_duration(AutoArchiveDuration::OneWeek),
        )
        .await?;
    data.store
        .set_ticket_thread(ticket.id, post.id.get())
        .await?;
    let t = text(
        data,
        lang,
        "ask-created",
        &[("thread", format!("<#{}>", post.id).into())],
    );
    submit.edit_response(&ctx.http, done(t)).await?;
    if let Some(faq) = faq_message(data, post_lang, ticket.id, &words) {
        post.id.send_message(&ctx.http, faq).await?;
    }
    schedule_pings(
        ctx,
        data,
        guild,
        ticket.id,
        &forum.names(&tags),
        ticket.created_at,
    )
    .await?;
    Ok(())
}

pub fn title_problem_text(data: &Data, lang: Lang, problem: TitleProblem) -> String {
    text(
        data,
        lang,
        problem.message_id(),
        &[
            ("min", (TITLE_MIN_CHARS as i64).into()),
            ("max", (TITLE_MAX_CHARS as i64).into()),
        ],
    )
}

// ---- mentors: claim, hand back, resolve, reopen ----

/// An answer to a button or a command: public in the post, or private.
pub struct Answer {
    pub text: String,
    pub public: bool,
    pub components: Vec<CreateActionRow>,
}

impl Answer {
    fn private(text: String) -> Self {
        Self {
            text,
            public: false,
            components: vec![],
        }
    }

    fn public(text: String) -> Self {
        Self {
            text,
            public: true,
            components: vec![],
        }
    }
}

/// Who is acting, and what they may do.
pub struct Actor<'a> {
    pub guild: GuildId,
    pub user: UserId,
    pub member: Option<&'a Member>,
    pub lang: Lang,
}

impl Actor<'_> {
    async fn access(
        &self,
        ctx: &SerenityContext,
        data: &Data,
    ) -> Result<super::access::Access, BotError> {
        match self.member {
            Some(m) => member_access(ctx, data, self.guild, m).await,
            None => Ok(super::access::Access::default()),
        }
    }

    /// Mentors, organizers, or the person who asked.
    async fn may_handle(
        &self,
        ctx: &SerenityContext,
        data: &Data,
        ticket: &Ticket,
    ) -> Result<bool, BotError> {
        Ok(ticket.author_id == self.user.get() || self.access(ctx, data).await?.mentor)
    }
}

async fn forum_for(ctx: &SerenityContext, data: &Data, guild: GuildId) -> Option<HelpForum> {
    match help_forum(ctx, data, guild).await {
        Ok(f) => usable_forum(ctx, data, guild, f).await,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the help forum");
            None
        }
    }
}

/// A mentor takes a ticket; of two at once, one wins.
pub async fn claim(
    ctx: &SerenityContext,
    data: &Data,
    actor: &Actor<'_>,
    ticket: &Ticket,
) -> Result<Answer, BotError> {
    if !actor.access(ctx, data).await?.mentor {
        return Err(BotError::user("error-not-mentor"));
    }
    let now = Utc::now();
    if !data
        .store
        .claim_ticket(ticket.id, actor.user.get(), now)
        .await?
    {
        let current = data.store.ticket(ticket.id).await?;
        let t = match current {
            Some(Ticket {
                status: TicketStatus::Claimed,
                claimed_by: Some(m),
                ..
            }) => text(
                data,
                actor.lang,
                "ticket-claim-taken",
                &[("mentor", format!("<@{m}>").into())],
            ),
            _ => data.i18n.get(actor.lang, "ticket-claim-closed"),
        };
        return Ok(Answer::private(t));
    }
    let lang = lang_of(data, ticket);
    if let (Some(forum), Some(thread)) = (forum_for(ctx, data, actor.guild).await, ticket.thread_id)
    {
        sync_post(
            ctx,
            data,
            actor.guild,
            &forum,
            ChannelId::new(thread),
            None,
            TicketStatus::Claimed,
            None,
        )
        .await;
    }
    let mut answer = Answer::public(text(
        data,
        lang,
        "ticket-claimed",
        &[("mentor", format!("<@{}>", actor.user).into())],
    ));
    answer.components = vec![CreateActionRow::Buttons(vec![CreateButton::new(format!(
        "{RELEASE}{}",
        ticket.id
    ))
    .label(data.i18n.get(lang, "ticket-release-button"))
    .style(ButtonStyle::Secondary)])];
    Ok(answer)
}

/// The mentor who took a ticket (or an organizer) hands it back.
pub async fn release(
    ctx: &SerenityContext,
    data: &Data,
    actor: &Actor<'_>,
    ticket: &Ticket,
) -> Result<Answer, BotError> {
    let access = actor.access(ctx, data).await?;
    if !access.mentor {
        return Err(BotError::user("error-not-mentor"));
    }
    let Some(holder) = ticket
        .claimed_by
        .filter(|_| ticket.status == TicketStatus::Claimed)
    else {
        return Ok(Answer::private(
            data.i18n.get(actor.lang, "ticket-release-not-claimed"),
        ));
    };
    let by = (!access.organizer).then_some(actor.user.get());
    let now = Utc::now();
    if !data.store.release_ticket(ticket.id, by, now).await? {
        return Ok(Answer::private(text(
            data,
            actor.lang,
            "ticket-release-not-yours",
            &[("mentor", format!("<@{holder}>").into())],
        )));
    }
    let lang = lang_of(data, ticket);
    if let (Some(forum), Some(thread)) = (forum_for(ctx, data, actor.guild).await, ticket.thread_id)
    {
        sync_post(
            ctx,
            data,
            actor.guild,
            &forum,
            ChannelId::new(thread),
            None,
            TicketStatus::Open,
            None,
        )
        .await;
        if ticket.first_response_at.is_none() {
            let tags = thread_tag_names(ctx, &forum, ChannelId::new(thread)).await;
            schedule_pings(ctx, data, actor.guild, ticket.id, &tags, now).await?;
        }
    }
    Ok(Answer::public(text(
        data,
        lang,
        "ticket-released",
        &[("mentor", format!("<@{}>", actor.user).into())],
    )))
}

async fn thread_tag_names(
    ctx: &SerenityContext,
    forum: &HelpForum,
    thread: ChannelId,
) -> Vec<String> {
    match thread.to_channel(&ctx.http).await {
        Ok(c) => c
            .guild()
            .map(|g| forum.names(&g.applied_tags))
            .unwrap_or_default(),
        Err(_) => vec![],
    }
}

/// Marks a ticket resolved; the caller answers (in the post), then calls
/// [`close_post`]. `rating` asks the author for a rating.
pub async fn resolve(
    ctx: &SerenityContext,
    data: &Data,
    actor: &Actor<'_>,
    ticket: &Ticket,
    rating: bool,
) -> Result<Answer, BotError> {
    if !actor.may_handle(ctx, data, ticket).await? {
        return Err(BotError::user("ticket-not-allowed"));
    }
    if !data
        .store
        .set_ticket_status(ticket.id, TicketStatus::Resolved, Utc::now())
        .await?
    {
        return Ok(Answer::private(
            data.i18n.get(actor.lang, "ticket-already-resolved"),
        ));
    }
    let lang = lang_of(data, ticket);
    let by = format!("<@{}>", actor.user);
    // The author rates the help they got, not their own resolution.
    if !rating || ticket.author_id == actor.user.get() {
        return Ok(Answer::public(text(
            data,
            lang,
            "ticket-resolved-plain",
            &[("by", by.into())],
        )));
    }
    let mut answer = Answer::public(text(
        data,
        lang,
        "ticket-resolved",
        &[
            ("by", by.into()),
            ("author", format!("<@{}>", ticket.author_id).into()),
        ],
    ));
    answer.components = vec![CreateActionRow::Buttons(
        (1..=5)
            .map(|n| {
                CreateButton::new(format!("{RATE}{}:{n}", ticket.id))
                    .label(format!("{n} ★"))
                    .style(ButtonStyle::Secondary)
            })
            .collect(),
    )];
    Ok(answer)
}

/// After a resolution is announced: the resolved tag, the post archived,
/// and an archive scheduled in case someone writes in it again.
pub async fn close_post(ctx: &SerenityContext, data: &Data, guild: GuildId, ticket: &Ticket) {
    let Some(thread) = ticket.thread_id.map(ChannelId::new) else {
        return;
    };
    if let Some(forum) = forum_for(ctx, data, guild).await {
        sync_post(
            ctx,
            data,
            guild,
            &forum,
            thread,
            None,
            TicketStatus::Resolved,
            Some(true),
        )
        .await;
    }
    let now = Utc::now();
    let quiet = Duration::hours(i64::from(data.event.help.archive_resolved_after_hours));
    if let Err(e) =
        schedule_ticket_archive(&data.store, &data.event, ticket.id, now + quiet, now).await
    {
        tracing::warn!(error = %e, ticket = ticket.id, "cannot schedule a ticket archive");
    }
}

/// Reopens a resolved ticket: back in the queue, its post unarchived.
pub async fn reopen(
    ctx: &SerenityContext,
    data: &Data,
    actor: &Actor<'_>,
    ticket: &Ticket,
) -> Result<Answer, BotError> {
    if !actor.may_handle(ctx, data, ticket).await? {
        return Err(BotError::user("ticket-not-allowed"));
    }
    if ticket.status != TicketStatus::Resolved {
        return Ok(Answer::private(
            data.i18n.get(actor.lang, "ticket-not-resolved"),
        ));
    }
    let now = Utc::now();
    if !data
        .store
        .set_ticket_status(ticket.id, TicketStatus::Open, now)
        .await?
    {
        return Ok(Answer::private(
            data.i18n.get(actor.lang, "ticket-not-resolved"),
        ));
    }
    data.store
        .cancel_pending_jobs(
            &data.event.event.id,
            &format!("ticket:{}:archive@", ticket.id),
            now,
        )
        .await?;
    if let (Some(forum), Some(thread)) = (forum_for(ctx, data, actor.guild).await, ticket.thread_id)
    {
        sync_post(
            ctx,
            data,
            actor.guild,
            &forum,
            ChannelId::new(thread),
            None,
            TicketStatus::Open,
            Some(false),
        )
        .await;
        if ticket.first_response_at.is_none() {
            let tags = thread_tag_names(ctx, &forum, ChannelId::new(thread)).await;
            schedule_pings(ctx, data, actor.guild, ticket.id, &tags, now).await?;
        }
    }
    Ok(Answer::public(text(
        data,
        lang_of(data, ticket),
        "ticket-reopened",
        &[("by", format!("<@{}>", actor.user).into())],
    )))
}

// ---- buttons ----

fn ticket_id(rest: &str) -> Option<i64> {
    rest.split(':').next()?.parse().ok()
}

async fn respond(
    ctx: &SerenityContext,
    press: &ComponentInteraction,
    answer: Answer,
) -> Result<(), BotError> {
    let msg = CreateInteractionResponseMessage::new()
        .content(fit(&answer.text))
        .components(answer.components)
        .ephemeral(!answer.public)
        .allowed_mentions(no_mentions());
    press
        .create_response(&ctx.http, CreateInteractionResponse::Message(msg))
        .await?;
    Ok(())
}

/// Handles the help desk's buttons; `Ok(false)` when the button is not one.
pub async fn handle_component(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
) -> Result<bool, BotError> {
    let id = press.data.custom_id.as_str();
    let lang = Lang::from_locale(&press.locale);
    if let Some(rest) = id.strip_prefix(ASK_EDIT) {
        let topic = rest.parse().unwrap_or(0);
        let draft = AskDraft::from_refusal(&press.message);
        let modal = ask_modal(data, lang, press.id.get(), topic, &draft);
        press
            .create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
            .await?;
        return Ok(true);
    }
    if let Some(rest) = id.strip_prefix(QUEUE) {
        let page = rest.parse().unwrap_or(0);
        let (content, row) = super::commands::tickets_queue_page(data, lang, page).await?;
        let msg = CreateInteractionResponseMessage::new()
            .content(fit(&content))
            .components(row.into_iter().collect())
            .allowed_mentions(no_mentions());
        press
            .create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(msg))
            .await?;
        return Ok(true);
    }
    let prefixes = [CLAIM, RELEASE, FAQ_SOLVED, FAQ_STILL, RATE];
    let Some(prefix) = prefixes.into_iter().find(|p| id.starts_with(p)) else {
        return Ok(false);
    };
    let rest = &id[prefix.len()..];
    let (Some(guild), Some(ticket_id)) = (press.guild_id, ticket_id(rest)) else {
        return Err(BotError::user("error-expired-button"));
    };
    let Some(ticket) = data.store.ticket(ticket_id).await? else {
        return Err(BotError::user("error-expired-button"));
    };
    let actor = Actor {
        guild,
        user: press.user.id,
        member: press.member.as_ref(),
        lang,
    };
    match prefix {
        CLAIM => respond(ctx, press, claim(ctx, data, &actor, &ticket).await?).await?,
        RELEASE => respond(ctx, press, release(ctx, data, &actor, &ticket).await?).await?,
        FAQ_SOLVED | FAQ_STILL => {
            if ticket.author_id != press.user.id.get() {
                return Err(BotError::user("ticket-only-author"));
            }
            let solved = prefix == FAQ_SOLVED;
            let post_lang = lang_of(data, &ticket);
            let resolved = solved
                && data
                    .store
                    .set_ticket_status(ticket.id, TicketStatus::Resolved, Utc::now())
                    .await?;
            let note = data.i18n.get(
                post_lang,
                if solved {
                    "faq-solved-done"
                } else {
                    "faq-still-done"
                },
            );
            // The FAQ message keeps its answer and loses its buttons.
            let msg = CreateInteractionResponseMessage::new()
                .content(fit(&format!("{}\n\n{note}", press.message.content)))
                .components(vec![])
                .allowed_mentions(no_mentions());
            press
                .create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(msg))
                .await?;
            if resolved {
                close_post(ctx, data, guild, &ticket).await;
            }
        }
        RATE => {
            if ticket.author_id != press.user.id.get() {
                return Err(BotError::user("ticket-only-author"));
            }
            let rating = rest
                .split(':')
                .nth(1)
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=5).contains(n))
                .ok_or_else(|| BotError::user("error-expired-button"))?;
            let t = if data.store.rate_ticket(ticket.id, rating).await? {
                text(
                    data,
                    lang,
                    "ticket-rate-thanks",
                    &[("rating", i64::from(rating).into())],
                )
            } else {
                data.i18n.get(lang, "ticket-rate-not-resolved")
            };
            respond(ctx, press, Answer::private(t)).await?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}
