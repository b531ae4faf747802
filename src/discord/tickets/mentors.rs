//! Mentors at work: claim, hand back, resolve, reopen, and the buttons in
//! the posts (claim, FAQ, rating).

use super::ask::{ask_modal, AskDraft};
use super::forum::{help_forum, lang_of, schedule_pings, sync_post, text, usable_forum, HelpForum};
use crate::discord::access::member_access;
use crate::discord::custom_id::CustomId;
use crate::discord::reply;
use crate::discord::{BotError, Data};
use crate::domain::ticket_flow::{self, Standing, TicketActor, TicketError};
use crate::domain::tickets::helper_to_rate;
use crate::i18n::Lang;
use crate::render::markup::fit;
use crate::scheduler::{cancel_ticket_archive, cancel_ticket_pings, schedule_ticket_archive};
use crate::store::{RateOutcome, Ticket, TicketStatus};
use chrono::Utc;
use serenity::all::{
    ButtonStyle, ChannelId, ComponentInteraction, Context as SerenityContext, CreateActionRow,
    CreateButton, CreateInteractionResponse, GuildId, Member, UserId,
};

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
    ) -> Result<crate::discord::access::Access, BotError> {
        match self.member {
            Some(m) => member_access(ctx, data, self.guild, m).await,
            None => Ok(crate::discord::access::Access::default()),
        }
    }

    /// The actor as the ticket rules see them: who, and their standing.
    async fn on_tickets(
        &self,
        ctx: &SerenityContext,
        data: &Data,
    ) -> Result<TicketActor, BotError> {
        let access = self.access(ctx, data).await?;
        let standing = if access.organizer {
            Standing::Organizer
        } else if access.mentor {
            Standing::Mentor
        } else {
            Standing::Member
        };
        Ok(TicketActor {
            user: self.user.get(),
            standing,
        })
    }

    /// A refused transition, in the actor's language: not being allowed is
    /// an error; a ticket that moved meanwhile is a private answer.
    fn refusal(&self, data: &Data, e: TicketError) -> Result<Answer, BotError> {
        let mention = |id: u64| format!("<@{id}>");
        let t = match e {
            TicketError::NotMentor => return Err(BotError::user("error-not-mentor")),
            TicketError::NotAllowed => return Err(BotError::user("ticket-not-allowed")),
            TicketError::Store(e) => return Err(e.into()),
            TicketError::Taken { by } => text(
                data,
                self.lang,
                "ticket-claim-taken",
                &[("mentor", mention(by).into())],
            ),
            TicketError::Closed => data.i18n.get(self.lang, "ticket-claim-closed"),
            TicketError::NotClaimed => data.i18n.get(self.lang, "ticket-release-not-claimed"),
            TicketError::NotYours { holder } => text(
                data,
                self.lang,
                "ticket-release-not-yours",
                &[("mentor", mention(holder).into())],
            ),
            TicketError::AlreadyResolved => data.i18n.get(self.lang, "ticket-already-resolved"),
            TicketError::NotResolved => data.i18n.get(self.lang, "ticket-not-resolved"),
        };
        Ok(Answer::private(t))
    }
}

pub(super) async fn move_post(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    ticket: &Ticket,
    state: (TicketStatus, Option<bool>),
) -> Option<(HelpForum, ChannelId)> {
    let thread = ChannelId::new(ticket.thread_id?);
    let forum = match help_forum(ctx, data, guild).await {
        Ok(f) => usable_forum(ctx, data, guild, f).await?,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the help forum");
            return None;
        }
    };
    sync_post(ctx, data, guild, &forum, thread, None, state).await;
    Some((forum, thread))
}

/// Pings mentors again about a ticket back in the queue, unless answered.
async fn ping_again(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
    ticket: &Ticket,
    moved: Option<(HelpForum, ChannelId)>,
    now: chrono::DateTime<Utc>,
) -> Result<(), BotError> {
    if let (Some((forum, thread)), None) = (moved, ticket.first_response_at) {
        let tags = thread_tag_names(ctx, &forum, thread).await;
        schedule_pings(ctx, data, guild, ticket.id, &tags, now).await?;
    }
    Ok(())
}

/// A mentor takes a ticket; of two at once, one wins.
pub async fn claim(
    ctx: &SerenityContext,
    data: &Data,
    actor: &Actor<'_>,
    ticket: &Ticket,
) -> Result<Answer, BotError> {
    let who = actor.on_tickets(ctx, data).await?;
    if let Err(e) = ticket_flow::claim(&data.store, &who, ticket, Utc::now()).await {
        return actor.refusal(data, e);
    }
    let lang = lang_of(data, ticket);
    move_post(
        ctx,
        data,
        actor.guild,
        ticket,
        (TicketStatus::Claimed, None),
    )
    .await;
    join_thread(ctx, ticket, actor.user).await;
    let mut answer = Answer::public(text(
        data,
        lang,
        "ticket-claimed",
        &[("mentor", format!("<@{}>", actor.user).into())],
    ));
    answer.components = vec![CreateActionRow::Buttons(vec![CreateButton::new(
        CustomId::TicketRelease { ticket: ticket.id }.to_string(),
    )
    .label(data.i18n.get(lang, "ticket-release-button"))
    .style(ButtonStyle::Secondary)])];
    Ok(answer)
}

/// Adds someone to a ticket's thread so Discord tells them of every answer
/// (logged when Discord refuses: the claim stands).
pub async fn join_thread(ctx: &SerenityContext, ticket: &Ticket, user: UserId) {
    let Some(thread) = ticket.thread_id else {
        return;
    };
    if let Err(e) = ChannelId::new(thread)
        .add_thread_member(&ctx.http, user)
        .await
    {
        tracing::warn!(error = %e, thread, %user, "cannot add someone to a help post");
    }
}

/// The mentor who took a ticket (or an organizer) hands it back.
pub async fn release(
    ctx: &SerenityContext,
    data: &Data,
    actor: &Actor<'_>,
    ticket: &Ticket,
) -> Result<Answer, BotError> {
    let who = actor.on_tickets(ctx, data).await?;
    let now = Utc::now();
    if let Err(e) = ticket_flow::release(&data.store, &who, ticket, now).await {
        return actor.refusal(data, e);
    }
    let lang = lang_of(data, ticket);
    let moved = move_post(ctx, data, actor.guild, ticket, (TicketStatus::Open, None)).await;
    ping_again(ctx, data, actor.guild, ticket, moved, now).await?;
    Ok(Answer::public(text(
        data,
        lang,
        "ticket-released",
        &[("mentor", format!("<@{}>", actor.user).into())],
    )))
}

pub(super) async fn thread_tag_names(
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
    let who = actor.on_tickets(ctx, data).await?;
    if let Err(e) = ticket_flow::resolve(&data.store, &who, ticket, Utc::now()).await {
        return actor.refusal(data, e);
    }
    cancel_ticket_pings(&data.store, &data.event, ticket.id, Utc::now()).await?;
    let lang = lang_of(data, ticket);
    let by = format!("<@{}>", actor.user);
    // The author rates the mentor who helped, also when closing the post
    // themselves; with no helper but the author there is nothing to rate.
    if !rating || helper_to_rate(ticket).is_none() {
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
            (
                "mentor",
                helper_to_rate(ticket)
                    .map_or_else(String::new, |m| format!("<@{m}>"))
                    .into(),
            ),
        ],
    ));
    answer.components = vec![rating_row(ticket.id)];
    Ok(answer)
}

/// The 1–5 buttons with which the author rates the help.
pub(super) fn rating_row(ticket: i64) -> CreateActionRow {
    CreateActionRow::Buttons(
        (1..=5)
            .map(|n| {
                CreateButton::new(CustomId::TicketRate { ticket, stars: n }.to_string())
                    .label(format!("{n} ★"))
                    .style(ButtonStyle::Secondary)
            })
            .collect(),
    )
}

/// After a resolution is announced: the resolved tag, the post archived,
/// and an archive scheduled in case someone writes in it again.
pub async fn close_post(ctx: &SerenityContext, data: &Data, guild: GuildId, ticket: &Ticket) {
    move_post(
        ctx,
        data,
        guild,
        ticket,
        (TicketStatus::Resolved, Some(true)),
    )
    .await;
    let now = Utc::now();
    if let Err(e) = schedule_ticket_archive(&data.store, &data.event, ticket.id, now, now).await {
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
    let who = actor.on_tickets(ctx, data).await?;
    let now = Utc::now();
    if let Err(e) = ticket_flow::reopen(&data.store, &who, ticket, now).await {
        return actor.refusal(data, e);
    }
    cancel_ticket_archive(&data.store, &data.event, ticket.id, now).await?;
    let moved = move_post(
        ctx,
        data,
        actor.guild,
        ticket,
        (TicketStatus::Open, Some(false)),
    )
    .await;
    ping_again(ctx, data, actor.guild, ticket, moved, now).await?;
    Ok(Answer::public(text(
        data,
        lang_of(data, ticket),
        "ticket-reopened",
        &[("by", format!("<@{}>", actor.user).into())],
    )))
}

// ---- buttons ----

pub(super) async fn respond(
    ctx: &SerenityContext,
    press: &ComponentInteraction,
    answer: Answer,
) -> Result<(), BotError> {
    let msg = reply::response()
        .content(fit(&answer.text))
        .components(answer.components)
        .ephemeral(!answer.public);
    press
        .create_response(&ctx.http, CreateInteractionResponse::Message(msg))
        .await?;
    Ok(())
}

/// "Edit" under a refused /ask form: the form again, with its text.
pub async fn ask_edit(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    topic: u64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let draft = AskDraft::from_refusal(&press.message);
    let modal = ask_modal(data, lang, press.id.get(), topic, &draft);
    press
        .create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
        .await?;
    Ok(())
}

/// Another page of the mentors' queue.
pub async fn queue_page(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    page: u32,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let (content, row) = crate::discord::commands::tickets_queue_page(data, lang, page).await?;
    let msg = reply::response()
        .content(fit(&content))
        .components(row.into_iter().collect());
    press
        .create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(msg))
        .await?;
    Ok(())
}

/// The buttons in a help post: claim, hand back, the FAQ's answer, the
/// rating. The router checked who may press; the conditional writes behind
/// them make two presses at once count once.
pub async fn on_ticket_button(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    id: &CustomId,
    ticket_id: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let Some(guild) = press.guild_id else {
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
    match *id {
        CustomId::TicketClaim { .. } => {
            respond(ctx, press, claim(ctx, data, &actor, &ticket).await?).await?
        }
        CustomId::TicketRelease { .. } => {
            respond(ctx, press, release(ctx, data, &actor, &ticket).await?).await?
        }
        CustomId::FaqSolved { .. } | CustomId::FaqStill { .. } => {
            if ticket.author_id != press.user.id.get() {
                return Err(BotError::user("ticket-only-author"));
            }
            let solved = matches!(id, CustomId::FaqSolved { .. });
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
            let msg = reply::response()
                .content(fit(&format!("{}\n\n{note}", press.message.content)))
                .components(vec![]);
            press
                .create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(msg))
                .await?;
            if resolved {
                cancel_ticket_pings(&data.store, &data.event, ticket.id, Utc::now()).await?;
                close_post(ctx, data, guild, &ticket).await;
            }
        }
        CustomId::TicketRate { stars, .. } => {
            if ticket.author_id != press.user.id.get() {
                return Err(BotError::user("ticket-only-author"));
            }
            let t = match data
                .store
                .rate_ticket(ticket.id, press.user.id.get(), stars)
                .await?
            {
                RateOutcome::Rated { mentor } => text(
                    data,
                    lang,
                    "ticket-rate-thanks",
                    &[
                        ("rating", i64::from(stars).into()),
                        ("mentor", format!("<@{mentor}>").into()),
                    ],
                ),
                RateOutcome::NotResolved => data.i18n.get(lang, "ticket-rate-not-resolved"),
                RateOutcome::AlreadyRated => data.i18n.get(lang, "ticket-rate-already"),
                RateOutcome::NotAuthor => data.i18n.get(lang, "ticket-only-author"),
                RateOutcome::NobodyToRate => data.i18n.get(lang, "ticket-rate-nobody"),
            };
            respond(ctx, press, Answer::private(t)).await?;
        }
        _ => return Err(BotError::user("error-expired-button")),
    }
    Ok(())
}
