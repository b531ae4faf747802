//! `/ask`: the form, its refusal that keeps the text, and the one post it
//! creates however many times it is submitted.

use super::forum::{
    claim_row, faq_message, help_forum, schedule_pings, text, usable_forum, HelpForum,
};
use super::{too_many_open, FIELD_LINKS, FIELD_TITLE, FIELD_TRIED, LINKS_MAX, TRIED_MAX};
use crate::discord::custom_id::CustomId;
use crate::discord::reply;
use crate::discord::{BotError, Data};
use crate::domain::tickets::{
    check_title, detect_language, TitleProblem, TITLE_MAX_CHARS, TITLE_MIN_CHARS,
};
use crate::i18n::Lang;
use crate::render::markup::fit;
use crate::store::{NewTicket, NewTicketOutcome, Ticket, TicketStatus};
use chrono::Utc;
use serenity::all::{
    ActionRowComponent, AutoArchiveDuration, ButtonStyle, ChannelId, Context as SerenityContext,
    CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed, CreateForumPost,
    CreateInputText, CreateInteractionResponse, CreateModal, ForumTagId, GuildId, InputTextStyle,
    ModalInteraction, UserId,
};

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
    CreateModal::new(
        CustomId::AskForm { opener, topic }.to_string(),
        t("ask-modal-title"),
    )
    .components(vec![
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
        };
        // What others will read in the post: nothing hidden or reordered.
        let value = |id: &str| crate::text::sanitize(&value(id)).trim().to_string();
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
    pub(super) fn from_refusal(message: &serenity::all::Message) -> Self {
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
pub(super) fn field_value(value: &str) -> String {
    if value.trim().is_empty() {
        "-".to_string()
    } else {
        value.to_string()
    }
}

/// The /ask form was sent: check the title (a refusal keeps the text), then
/// create one forum post for this form however many times it arrives.
pub async fn on_ask_modal(
    ctx: &SerenityContext,
    data: &Data,
    submit: &ModalInteraction,
    opener: u64,
    topic: u64,
) {
    let lang = Lang::from_locale(&submit.locale);
    if let Err(e) = ask_submitted(ctx, data, submit, lang, (opener, topic)).await {
        let t = super::super::user_text(data, lang, &e);
        let edit = reply::edit_response().content(fit(&t));
        if submit.edit_response(&ctx.http, edit).await.is_err() {
            let answer = reply::response().content(fit(&t)).ephemeral(true);
            if let Err(e) = submit
                .create_response(&ctx.http, CreateInteractionResponse::Message(answer))
                .await
            {
                tracing::warn!(error = %e, "cannot answer the /ask form");
            }
        }
    }
}

/// The /ask form arrived: a bad title is refused with the text kept; else
/// one ticket is reserved for this form and its forum post made.
pub(super) async fn ask_submitted(
    ctx: &SerenityContext,
    data: &Data,
    submit: &ModalInteraction,
    lang: Lang,
    (opener, topic): (u64, u64),
) -> Result<(), BotError> {
    let Some(guild) = submit.guild_id else {
        return Err(BotError::user("error-guild-only"));
    };
    let draft = AskDraft::from_modal(submit);
    if let Err(problem) = check_title(&draft.title) {
        return refuse_title(ctx, data, submit, lang, topic, &draft, problem).await;
    }
    submit
        .create_response(
            &ctx.http,
            CreateInteractionResponse::Defer(reply::response().ephemeral(true)),
        )
        .await?;
    let done = |t: String| reply::edit_response().content(fit(&t));
    let Some(forum) = ask_forum(ctx, data, guild).await? else {
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
    let words = format!("{}\n{}\n{}", draft.title, draft.tried, draft.links);
    let post_lang = detect_language(&words, lang);
    let ticket = match reserve_ticket(data, author.get(), opener, &draft.title, post_lang).await? {
        NewTicketOutcome::Created(t) => t,
        NewTicketOutcome::Existing(t) => {
            submit
                .edit_response(&ctx.http, done(already_asked(data, lang, &t)))
                .await?;
            return Ok(());
        }
        NewTicketOutcome::Capped { cap, open, .. } => {
            let t = too_many_open(data, lang, cap, &open);
            submit.edit_response(&ctx.http, done(t)).await?;
            return Ok(());
        }
    };
    let (post, tags) = create_post(
        ctx,
        data,
        &forum,
        &Asked {
            draft: &draft,
            ticket: &ticket,
            author,
            topic,
            asker_lang: lang,
            post_lang,
        },
    )
    .await?;
    let t = text(
        data,
        lang,
        "ask-created",
        &[("thread", format!("<#{}>", post).into())],
    );
    submit.edit_response(&ctx.http, done(t)).await?;
    if let Some(faq) = faq_message(data, post_lang, ticket.id, &words) {
        post.send_message(&ctx.http, faq).await?;
    }
    let tags = forum.names(&tags);
    schedule_pings(ctx, data, guild, ticket.id, &tags, ticket.created_at).await?;
    Ok(())
}

/// The help forum, when it is set up with the event's tag.
async fn ask_forum(
    ctx: &SerenityContext,
    data: &Data,
    guild: GuildId,
) -> Result<Option<HelpForum>, BotError> {
    let forum = help_forum(ctx, data, guild).await?;
    Ok(usable_forum(ctx, data, guild, forum)
        .await
        .filter(|f| f.event_tag.is_some()))
}

/// The answer to a form delivered again: the post it made, or that it is
/// being made.
fn already_asked(data: &Data, lang: Lang, ticket: &Ticket) -> String {
    match ticket.thread_id {
        Some(thread) => text(
            data,
            lang,
            "ask-already",
            &[("thread", format!("<#{thread}>").into())],
        ),
        None => data.i18n.get(lang, "ask-in-progress"),
    }
}

/// The refusal of a bad title, with the text typed so far and a button
/// that opens the form again with it.
async fn refuse_title(
    ctx: &SerenityContext,
    data: &Data,
    submit: &ModalInteraction,
    lang: Lang,
    topic: u64,
    draft: &AskDraft,
    problem: TitleProblem,
) -> Result<(), BotError> {
    let reason = title_problem_text(data, lang, problem);
    let refusal = reply::response()
        .content(fit(&text(
            data,
            lang,
            "ask-refused",
            &[("reason", reason.into())],
        )))
        .embed(draft.embed(data, lang))
        .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
            CustomId::AskEdit { topic }.to_string(),
        )
        .label(data.i18n.get(lang, "ask-edit"))
        .style(ButtonStyle::Primary)])])
        .ephemeral(true);
    submit
        .create_response(&ctx.http, CreateInteractionResponse::Message(refusal))
        .await?;
    Ok(())
}

/// Reserves the ticket of this form (keyed by the asker and the form), or
/// finds the one an earlier delivery of it made, within the asker's cap of
/// open posts.
async fn reserve_ticket(
    data: &Data,
    author: u64,
    opener: u64,
    title: &str,
    post_lang: Lang,
) -> Result<NewTicketOutcome, BotError> {
    let key = format!("ask:{author}:{opener}");
    Ok(data
        .store
        .create_ticket_capped(
            &NewTicket {
                event_id: &data.event.event.id,
                thread_id: None,
                author_id: author,
                title,
                request_key: Some(&key),
                lang: Some(post_lang.code()),
                now: Utc::now(),
            },
            data.event.limits.open_help_posts_per_author,
        )
        .await?)
}

/// A reserved ticket and what its post is made from.
struct Asked<'a> {
    draft: &'a AskDraft,
    ticket: &'a Ticket,
    author: UserId,
    /// The topic tag chosen with /ask.
    topic: u64,
    /// The asker's language, which the post's body is written in.
    asker_lang: Lang,
    /// The language detected in what they typed, for the post's buttons.
    post_lang: Lang,
}

/// Makes the ticket's forum post (the bot's, with the claim button), links
/// it to the ticket and adds the asker to it; returns the post and its tags.
async fn create_post(
    ctx: &SerenityContext,
    data: &Data,
    forum: &HelpForum,
    asked: &Asked<'_>,
) -> Result<(ChannelId, Vec<ForumTagId>), BotError> {
    let (draft, author) = (asked.draft, asked.author);
    let links = if draft.links.is_empty() {
        data.i18n.get(asked.asker_lang, "ask-post-no-links")
    } else {
        draft.links.clone()
    };
    let body = text(
        data,
        asked.asker_lang,
        "ask-post-body",
        &[
            ("tried", draft.tried.clone().into()),
            ("links", links.into()),
            ("author", format!("<@{author}>").into()),
        ],
    );
    let topic_tag = forum
        .topic_tags()
        .into_iter()
        .find(|t| t.id.get() == asked.topic)
        .map(|t| t.id);
    let tags = forum.wanted_tags(
        &topic_tag.into_iter().collect::<Vec<_>>(),
        TicketStatus::Open,
    );
    // The post is the bot's: the asker hears of answers only as a member of
    // its thread, and the one mention that may notify is theirs.
    let starter = reply::message()
        .content(fit(&body))
        .components(vec![claim_row(data, asked.post_lang, asked.ticket.id)])
        .allowed_mentions(CreateAllowedMentions::new().users([author]));
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
        .set_ticket_thread(asked.ticket.id, post.id.get())
        .await?;
    if let Err(e) = post.id.add_thread_member(&ctx.http, author).await {
        tracing::warn!(error = %e, thread = %post.id, "cannot add the asker to their post");
    }
    Ok((post.id, tags))
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
