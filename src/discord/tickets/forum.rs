//! The help forum: its tags, the post edits that move them, who to ping,
//! and problems told to the organizers.

use crate::config::keys;
use crate::discord::custom_id::CustomId;
use crate::discord::reply;
use crate::discord::{BotError, Data};
use crate::domain::tickets::{self as rules, match_faq};
use crate::i18n::{Args, Lang};
use crate::render::markup::fit;
use crate::scheduler::{schedule_ticket_pings, Pings};
use crate::store::{Ticket, TicketStatus};
use chrono::{DateTime, Utc};
use serenity::all::Http;
use serenity::all::{
    AutoArchiveDuration, ButtonStyle, ChannelId, ChannelType, Context as SerenityContext,
    CreateActionRow, CreateButton, CreateMessage, EditThread, ForumTag, ForumTagId, GuildChannel,
    GuildId,
};
use std::collections::HashSet;
use std::sync::Mutex;

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
    pub(super) fn from_channel(data: &Data, channel: &GuildChannel) -> Self {
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

    pub(super) fn status_tag(&self, status: TicketStatus) -> Option<ForumTagId> {
        match status {
            TicketStatus::Open => self.open,
            TicketStatus::Claimed => self.claimed,
            TicketStatus::Resolved => self.resolved,
        }
    }

    pub(super) fn status_tags(&self) -> Vec<ForumTagId> {
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
    pub(super) fn names(&self, ids: &[ForumTagId]) -> Vec<String> {
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

pub(super) fn text(data: &Data, lang: Lang, id: &str, args: &Args<'_>) -> String {
    data.i18n.get_args(lang, id, args)
}

pub(super) fn lang_of(data: &Data, ticket: &Ticket) -> Lang {
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
    let Some(id) = data.ids.channel_if_set(&ctx.http, keys::HELP_FORUM).await else {
        return Ok(None);
    };
    let is_forum = |c: &GuildChannel| c.kind == ChannelType::Forum;
    let cached = ctx
        .cache
        .guild(guild)
        .and_then(|g| g.channels.get(&id).cloned());
    let channel = match cached {
        Some(found) => Some(found),
        None => match id.to_channel(&ctx.http).await {
            Ok(c) => c.guild(),
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the help forum");
                None
            }
        },
    };
    Ok(channel
        .filter(is_forum)
        .map(|c| HelpForum::from_channel(data, &c)))
}

/// Tells the organizers (log channel) about a problem they must fix, once
/// per process and `key`.
pub async fn report_once(http: &Http, data: &Data, guild: GuildId, key: &str, text: String) {
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
    report(http, data, guild, text).await;
}

pub(super) async fn report(http: &Http, data: &Data, guild: GuildId, text: String) {
    if !data.ids.serves(http, guild).await {
        return;
    }
    let Some(log) = data.ids.channel_if_set(http, keys::LOG).await else {
        tracing::warn!("help desk: no log channel to tell the organizers");
        return;
    };
    let msg = reply::message().content(fit(&text));
    if let Err(e) = log.send_message(http, msg).await {
        tracing::warn!(error = %e, "cannot write to the log channel");
    }
}

/// Tells the organizers the forum or its event tag is missing; returns the
/// forum when it can take tickets.
pub(super) async fn usable_forum(
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
        report_once(&ctx.http, data, guild, "forum-missing", t).await;
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
            report_once(&ctx.http, data, guild, &format!("tag-missing:{name}"), t).await;
        }
    }
    Some(forum)
}

/// Puts the post's tags (and archive state) in line with `status`. A
/// refusal (missing permission) is told to the organizers; the ticket's
/// status in the database stands and a restart re-applies the tags.
pub(super) async fn sync_post(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    forum: &HelpForum,
    thread: ChannelId,
    current: Option<Vec<ForumTagId>>,
    (status, archived): (TicketStatus, Option<bool>),
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
            report_once(&ctx.http, data, guild, &format!("edit-failed:{thread}"), t).await;
            false
        }
    }
}

/// Who to ping about an unanswered post with these tags: the mentors whose
/// skills match, and every mentor (the mentor role).
pub(super) async fn mentor_pings(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    tags: &[String],
) -> Result<(Pings, Pings), BotError> {
    if !data.ids.serves(&ctx.http, guild).await {
        return Ok((Pings::default(), Pings::default()));
    }
    let (skill_tags, users) = rules::matching_mentors(&data.event.help.mentor_skills, tags);
    let mut roles = Vec::new();
    for tag in skill_tags {
        let key = format!("{}{tag}", keys::SKILL_PREFIX);
        if let Some(id) = data.ids.role_if_set(&ctx.http, &key).await {
            if !roles.contains(&id.get()) {
                roles.push(id.get());
            }
        }
    }
    let first = Pings { roles, users };
    let mentor = data.ids.role_if_set(&ctx.http, keys::MENTOR).await;
    let all = Pings {
        roles: mentor.map(|r| r.get()).into_iter().collect(),
        users: vec![],
    };
    Ok((first, all))
}

pub(super) fn claim_row(data: &Data, lang: Lang, ticket: i64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![CreateButton::new(
        CustomId::TicketClaim { ticket }.to_string(),
    )
    .label(data.i18n.get(lang, "ticket-claim-button"))
    .style(ButtonStyle::Primary)])
}

/// The FAQ answer for a post, if its words match an entry.
pub(super) fn faq_message(
    data: &Data,
    lang: Lang,
    ticket: i64,
    words: &str,
) -> Option<CreateMessage> {
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
        CreateButton::new(CustomId::FaqSolved { ticket }.to_string())
            .label(data.i18n.get(lang, "faq-solved-button"))
            .style(ButtonStyle::Success),
        CreateButton::new(CustomId::FaqStill { ticket }.to_string())
            .label(data.i18n.get(lang, "faq-still-button"))
            .style(ButtonStyle::Secondary),
    ]);
    Some(
        reply::message()
            .content(fit(&content))
            .components(vec![row]),
    )
}

/// Schedules the mentor pings of a new (or handed back) ticket.
pub(super) async fn schedule_pings(
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
