//! `/deadlines` for everyone; `/deadline add|edit|remove` and
//! `/announce send|list|cancel` for organizers. Deadline changes move their
//! reminders (the deadline's time is in each job key) and are announced;
//! every organizer action is audited. The announcement modal and its
//! confirmation carry the channel, role and time in their custom ids and the
//! text in the preview message, so they survive a restart.

use chrono::{DateTime, Utc};
use serenity::all::{
    ActionRowComponent, ButtonStyle, ComponentInteraction, Context as SerenityContext,
    CreateActionRow, CreateAutocompleteResponse, CreateButton, CreateEmbed, CreateInputText,
    CreateInteractionResponse, CreateModal, GuildId, Http, InputTextStyle, ModalInteraction, Role,
};

use super::common::typed_time as time;
use crate::discord::access::require_organizer;
use crate::discord::custom_id::CustomId;
use crate::discord::reply::{self, ephemeral, lang, tr, tr_args};
use crate::discord::{audit, BotError, Context, Data};
use crate::domain::deadlines::{
    self, DeadlineChange, DeadlineError, DeadlineId, Edited, NewDeadline,
};
use crate::i18n::Lang;
use crate::render::deadline::title;
use crate::render::markup::{fit, timestamps};
use crate::scheduler::{self, Task};

const TEXT_FIELD: &str = "text";
/// Room left for the role mention in a 2000-character message.
const MAX_ANNOUNCEMENT: u16 = 1900;

/// The event's deadlines, in your own time zone.
#[poise::command(slash_command)]
pub async fn deadlines(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let lang = lang(ctx);
    let all = data.store.deadlines(&data.event.event.id).await?;
    if all.is_empty() {
        return ephemeral(ctx, tr(ctx, "deadlines-none")).await;
    }
    let mut lines = vec![tr_args(
        ctx,
        "deadlines-title",
        &[("event", data.event.event.name.clone().into())],
    )];
    for d in &all {
        let (when, relative) = timestamps(d.at);
        lines.push(tr_args(
            ctx,
            "deadlines-line",
            &[
                ("title", title(d, lang).to_string().into()),
                ("when", when.into()),
                ("relative", relative.into()),
            ],
        ));
    }
    ephemeral(ctx, lines.join("\n")).await
}

/// Add, edit or remove a deadline (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("add", "edit", "remove"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn deadline(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Suggests deadline ids matching what has been typed.
async fn autocomplete_deadline(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    let data = ctx.data();
    let lang = ctx
        .locale()
        .map_or(data.event.event.default_language, Lang::from_locale);
    let needle = partial.trim().to_lowercase();
    let mut response = CreateAutocompleteResponse::new();
    match data.store.deadlines(&data.event.event.id).await {
        Ok(all) => {
            for d in all
                .iter()
                .filter(|d| {
                    d.id.contains(&needle) || title(d, lang).to_lowercase().contains(&needle)
                })
                .take(25)
            {
                let label: String = format!("{} — {}", d.id, title(d, lang))
                    .chars()
                    .take(100)
                    .collect();
                response = response.add_string_choice(label, d.id.clone());
            }
        }
        Err(e) => tracing::warn!(error = %e, "deadline autocomplete failed"),
    }
    response
}

fn parse_time(input: &str) -> Result<DateTime<Utc>, BotError> {
    time::parse_when(input)
        .map_err(|_| BotError::user_with("deadline-bad-time", vec![("input", input.to_string())]))
}

fn parse_reminders(input: &str) -> Result<Vec<std::time::Duration>, BotError> {
    time::parse_offsets(input).map_err(|_| {
        BotError::user_with("deadline-bad-offsets", vec![("input", input.to_string())])
    })
}

/// A refused deadline change, as the organizer reads it.
fn deadline_error(e: DeadlineError) -> BotError {
    match e {
        DeadlineError::BadId => BotError::user("deadline-bad-id"),
        DeadlineError::Exists(id) => BotError::user_with("deadline-exists", vec![("id", id)]),
        DeadlineError::NotFound(id) => BotError::user_with("deadline-not-found", vec![("id", id)]),
        DeadlineError::InUse(id) => BotError::user_with("deadline-in-use", vec![("id", id)]),
        DeadlineError::NothingToChange => BotError::user("deadline-nothing-to-change"),
        DeadlineError::Store(e) => e.into(),
    }
}

/// Adds a deadline and schedules its reminders.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn add(
    ctx: Context<'_>,
    #[max_length = 64] id: String,
    #[max_length = 60] at: String,
    #[max_length = 100] title_es: String,
    #[max_length = 100] title_en: String,
    #[max_length = 100] reminders: Option<String>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let event_id = &data.event.event.id;
    let id = DeadlineId::parse(&id).map_err(deadline_error)?;
    let new = NewDeadline {
        id,
        at: parse_time(&at)?,
        title_es,
        title_en,
        reminders: parse_reminders(reminders.as_deref().unwrap_or(""))?,
    };
    let d = deadlines::add(&data.store, event_id, new)
        .await
        .map_err(deadline_error)?;
    let (at, id) = (d.at, d.id.clone());
    let (_, scheduled) =
        scheduler::reschedule_deadline(&data.store, &data.event, &id, Some(&d), Utc::now()).await?;
    audit::record(
        ctx.http(),
        data,
        ctx.guild_id(),
        ctx.author().id.get(),
        "deadline.add",
        Some(&id),
        serde_json::json!({ "at": at.to_rfc3339(), "reminders": scheduled }),
    )
    .await?;
    let (when, relative) = timestamps(at);
    let post = data.i18n.get_args(
        data.event.event.default_language,
        "deadline-added-post",
        &[
            (
                "title",
                title(&d, data.event.event.default_language)
                    .to_string()
                    .into(),
            ),
            ("when", when.clone().into()),
            ("relative", relative.clone().into()),
        ],
    );
    post_to_announcements(ctx.http(), data, ctx.guild_id(), post).await;
    let reply = tr_args(
        ctx,
        "deadline-added",
        &[
            ("title", title(&d, lang(ctx)).to_string().into()),
            ("when", when.into()),
            ("relative", relative.into()),
            ("reminders", i64::from(scheduled).into()),
        ],
    );
    ephemeral(ctx, reply).await
}

/// Changes a deadline; its pending reminders move with it.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn edit(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_deadline"]
    #[max_length = 64]
    id: String,
    #[max_length = 60] at: Option<String>,
    #[max_length = 100] title_es: Option<String>,
    #[max_length = 100] title_en: Option<String>,
    #[max_length = 100] reminders: Option<String>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let event_id = &data.event.event.id;
    let change = DeadlineChange {
        at: at.as_deref().map(parse_time).transpose()?,
        title_es,
        title_en,
        reminders: reminders.as_deref().map(parse_reminders).transpose()?,
    };
    let Edited { old, new: d } = deadlines::edit(&data.store, event_id, &id, change)
        .await
        .map_err(deadline_error)?;
    let (cancelled, scheduled) =
        scheduler::reschedule_deadline(&data.store, &data.event, &d.id, Some(&d), Utc::now())
            .await?;
    audit::record(
        ctx.http(),
        data,
        ctx.guild_id(),
        ctx.author().id.get(),
        "deadline.edit",
        Some(&d.id),
        serde_json::json!({
            "from": old.at.to_rfc3339(),
            "to": d.at.to_rfc3339(),
            "cancelled": cancelled,
            "scheduled": scheduled,
        }),
    )
    .await?;
    let (when, relative) = timestamps(d.at);
    if d.at != old.at {
        let default = data.event.event.default_language;
        let post = data.i18n.get_args(
            default,
            "deadline-moved-post",
            &[
                ("title", title(&d, default).to_string().into()),
                ("when", when.clone().into()),
                ("relative", relative.clone().into()),
                ("old", timestamps(old.at).0.into()),
            ],
        );
        post_to_announcements(ctx.http(), data, ctx.guild_id(), post).await;
    }
    let reply = tr_args(
        ctx,
        "deadline-edited",
        &[
            ("title", title(&d, lang(ctx)).to_string().into()),
            ("when", when.into()),
            ("relative", relative.into()),
            ("cancelled", (cancelled as i64).into()),
            ("scheduled", i64::from(scheduled).into()),
        ],
    );
    ephemeral(ctx, reply).await
}

/// Removes a deadline and cancels its reminders.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn remove(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_deadline"]
    #[max_length = 64]
    id: String,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let old = deadlines::remove(&data.store, &data.event, &id, Utc::now())
        .await
        .map_err(deadline_error)?;
    let id = old.id.clone();
    let (cancelled, _) =
        scheduler::reschedule_deadline(&data.store, &data.event, &id, None, Utc::now()).await?;
    audit::record(
        ctx.http(),
        data,
        ctx.guild_id(),
        ctx.author().id.get(),
        "deadline.remove",
        Some(&id),
        serde_json::json!({ "at": old.at.to_rfc3339(), "cancelled": cancelled }),
    )
    .await?;
    let default = data.event.event.default_language;
    let post = data.i18n.get_args(
        default,
        "deadline-removed-post",
        &[("title", title(&old, default).to_string().into())],
    );
    post_to_announcements(ctx.http(), data, ctx.guild_id(), post).await;
    let reply = tr_args(
        ctx,
        "deadline-removed",
        &[("id", id.into()), ("cancelled", (cancelled as i64).into())],
    );
    ephemeral(ctx, reply).await
}

/// Posts to the announcements channel; a failure is logged, not fatal (the
/// change itself is stored and audited).
async fn post_to_announcements(http: &Http, data: &Data, guild: Option<GuildId>, text: String) {
    if guild.is_none() {
        return;
    }
    let key = crate::config::keys::ANNOUNCEMENTS;
    let Some(channel) = data.ids.channel_if_set(http, key).await else {
        return;
    };
    let message = reply::message().content(fit(&text));
    if let Err(e) = channel.send_message(http, message).await {
        tracing::warn!(error = %e, "cannot post to the announcements channel");
    }
}

/// Announcements to a channel, now or later (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("send", "list", "cancel"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn announce(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Writes an announcement in a form, then shows a preview to confirm.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn send(
    ctx: Context<'_>,
    #[channel_types("Text", "News")] channel: serenity::all::GuildChannel,
    #[max_length = 60] at: Option<String>,
    role: Option<Role>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let unix = match &at {
        Some(at) => {
            let when = parse_time(at)?;
            if when <= Utc::now() {
                return Err(BotError::user("announce-in-past"));
            }
            when.timestamp()
        }
        None => 0,
    };
    let role = role.map_or(0, |r| r.id.get());
    let poise::Context::Application(app) = ctx else {
        return Err(BotError::user("error-guild-only"));
    };
    let lang = lang(ctx);
    let i18n = &ctx.data().i18n;
    let input = CreateInputText::new(
        InputTextStyle::Paragraph,
        i18n.get(lang, "announce-modal-text"),
        TEXT_FIELD,
    )
    .max_length(MAX_ANNOUNCEMENT)
    .required(true);
    let modal = CreateModal::new(
        CustomId::AnnounceForm {
            channel: channel.id.get(),
            role,
            at: unix,
        }
        .to_string(),
        i18n.get(lang, "announce-modal-title"),
    )
    .components(vec![CreateActionRow::InputText(input)]);
    app.interaction
        .create_response(ctx.http(), CreateInteractionResponse::Modal(modal))
        .await?;
    Ok(())
}

/// Lists the scheduled announcements.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn list(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let pending = pending_announcements(ctx.data()).await?;
    if pending.is_empty() {
        return ephemeral(ctx, tr(ctx, "announce-list-none")).await;
    }
    let mut lines = vec![tr(ctx, "announce-list-title")];
    for (key, due, channel, text) in pending {
        let (when, relative) = timestamps(due);
        let preview: String = text.chars().take(80).collect();
        lines.push(tr_args(
            ctx,
            "announce-list-line",
            &[
                ("id", key.into()),
                ("channel", channel.to_string().into()),
                ("when", when.into()),
                ("relative", relative.into()),
                ("preview", preview.into()),
            ],
        ));
    }
    ephemeral(ctx, lines.join("\n")).await
}

/// (key, due, channel, text) of every pending announcement.
async fn pending_announcements(
    data: &Data,
) -> Result<Vec<(String, DateTime<Utc>, u64, String)>, BotError> {
    Ok(scheduler::pending_announcements(&data.store, &data.event.event.id).await?)
}

async fn autocomplete_announcement(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    let mut response = CreateAutocompleteResponse::new();
    match pending_announcements(ctx.data()).await {
        Ok(pending) => {
            for (key, _, _, text) in pending
                .into_iter()
                .filter(|p| p.0.contains(partial.trim()))
                .take(25)
            {
                let label: String = format!("{key} — {text}").chars().take(100).collect();
                response = response.add_string_choice(label, key);
            }
        }
        Err(_) => tracing::warn!("announcement autocomplete failed"),
    }
    response
}

/// Cancels a scheduled announcement.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn cancel(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_announcement"]
    #[max_length = 60]
    id: String,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let id = id.trim().to_string();
    let cancelled = if id.starts_with("announce:") {
        data.store
            .cancel_pending_jobs(&data.event.event.id, &id, Utc::now())
            .await?
    } else {
        0
    };
    if cancelled == 0 {
        return Err(BotError::user_with(
            "announce-cancel-not-found",
            vec![("id", id)],
        ));
    }
    audit::record(
        ctx.http(),
        data,
        ctx.guild_id(),
        ctx.author().id.get(),
        "announce.cancel",
        Some(&id),
        serde_json::json!({}),
    )
    .await?;
    ephemeral(
        ctx,
        tr_args(ctx, "announce-cancel-done", &[("id", id.into())]),
    )
    .await
}

/// The announcement form sent by an organizer (the router checked that):
/// show the preview with its "post" and "drop" buttons.
pub async fn form_sent(
    ctx: &SerenityContext,
    data: &Data,
    submit: &ModalInteraction,
    channel: u64,
    role: u64,
    unix: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&submit.locale);
    let text = submit
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) if t.custom_id == TEXT_FIELD => t.value.clone(),
            _ => None,
        })
        .unwrap_or_default();
    let text = crate::text::sanitize(&text).trim().to_string();
    if text.is_empty() {
        return Err(BotError::user("announce-empty"));
    }
    let when = when_text(data, lang, unix);
    let explanation = data.i18n.get_args(
        lang,
        "announce-preview",
        &[
            ("channel", channel.to_string().into()),
            ("when", when.into()),
            (
                "role",
                if role == 0 {
                    "none".to_string()
                } else {
                    role.to_string()
                }
                .into(),
            ),
        ],
    );
    let buttons = CreateActionRow::Buttons(vec![
        CreateButton::new(
            CustomId::AnnouncePost {
                channel,
                role,
                at: unix,
            }
            .to_string(),
        )
        .label(data.i18n.get(lang, "announce-confirm"))
        .style(ButtonStyle::Success),
        CreateButton::new(CustomId::AnnounceDrop.to_string())
            .label(data.i18n.get(lang, "announce-cancel"))
            .style(ButtonStyle::Secondary),
    ]);
    // The preview's content is exactly the text: the confirmation reads it
    // back from the message, so nothing is kept in memory.
    let preview = reply::response()
        .content(text)
        .embed(CreateEmbed::new().description(explanation))
        .components(vec![buttons])
        .ephemeral(true);
    submit
        .create_response(&ctx.http, CreateInteractionResponse::Message(preview))
        .await?;
    Ok(())
}

fn when_text(data: &Data, lang: Lang, unix: i64) -> String {
    match DateTime::from_timestamp(unix, 0).filter(|_| unix > 0) {
        Some(at) => {
            let (when, relative) = timestamps(at);
            data.i18n.get_args(
                lang,
                "announce-when-at",
                &[("when", when.into()), ("relative", relative.into())],
            )
        }
        None => data.i18n.get(lang, "announce-when-now"),
    }
}

/// "Drop": the preview is discarded.
pub async fn drop_pressed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    press
        .create_response(
            &ctx.http,
            settled(data.i18n.get(lang, "announce-cancelled-draft")),
        )
        .await?;
    Ok(())
}

/// The preview's text and buttons give way to `text`.
fn settled(text: String) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(
        reply::response()
            .content(fit(&text))
            .embeds(vec![])
            .components(vec![]),
    )
}

/// "Post": an organizer (as the router checked) schedules the preview's text.
pub async fn post_pressed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    channel: u64,
    role: u64,
    unix: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let text = press.message.content.trim().to_string();
    if text.is_empty() {
        return Err(BotError::user("announce-empty"));
    }
    let now = Utc::now();
    let due = DateTime::from_timestamp(unix, 0)
        .filter(|at| unix > 0 && *at > now)
        .unwrap_or(now);
    let task = Task::Announcement {
        channel,
        text,
        role: (role != 0).then_some(role),
        author: press.user.id.get(),
    };
    // One key per preview message: a double click schedules it once.
    let key = format!("announce:{}", press.message.id.get());
    scheduler::schedule_announcement(&data.store, &data.event.event.id, &key, due, &task, now)
        .await?;
    if due <= now {
        scheduler::wake();
    }
    audit::record(
        &ctx.http,
        data,
        press.guild_id,
        press.user.id.get(),
        "announce.schedule",
        Some(&key),
        serde_json::json!({ "channel": channel, "role": role, "at": due.to_rfc3339() }),
    )
    .await?;
    let when = when_text(data, lang, if due > now { unix } else { 0 });
    let text = data.i18n.get_args(
        lang,
        "announce-scheduled",
        &[
            ("id", key.into()),
            ("channel", channel.to_string().into()),
            ("when", when.into()),
        ],
    );
    press.create_response(&ctx.http, settled(text)).await?;
    Ok(())
}
