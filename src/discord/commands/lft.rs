//! `/lft post` and `/lft list`: people looking for a team, and `/hf link`.

use chrono::Utc;
use serenity::all::{CreateActionRow, CreateThread};

use super::common::pager::{id_safe, pager};
use crate::config::keys;
use crate::discord::paging::{line_within, Page};
use crate::discord::reply::{self, lang, tr_args};
use crate::discord::teams::lft_error;
use crate::discord::{BotError, Context, Data};
use crate::domain::lft::{self, LftRequest};
use crate::i18n::Lang;
use crate::render::markup::fit;
use crate::store::{LftFilter, LftPost};

/// Looking for a team.
#[poise::command(slash_command, subcommands("post", "list"), subcommand_required)]
pub async fn lft(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

async fn answer(
    ctx: Context<'_>,
    content: String,
    row: Option<CreateActionRow>,
) -> Result<(), BotError> {
    ctx.send(
        reply::create_reply()
            .content(fit(&content))
            .ephemeral(true)
            .components(row.into_iter().collect()),
    )
    .await?;
    Ok(())
}

/// Say you are looking for a team (opens a thread).
#[poise::command(slash_command, guild_only)]
pub async fn post(
    ctx: Context<'_>,
    #[max_length = 200] topic: String,
    #[max_length = 200] skills: String,
    #[max_length = 200] languages: String,
    #[max_length = 60] timezone: String,
) -> Result<(), BotError> {
    if ctx.guild_id().is_none() {
        return Err(BotError::user("error-guild-only"));
    }
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    // The channel by its stored id, before anything is stored.
    let channel = data.ids.channel(ctx.http(), keys::FIND_TEAM).await?;
    let user = ctx.author().id.get();
    let request = LftRequest {
        topic: &topic,
        skills: &skills,
        languages: &languages,
        time_zone: &timezone,
    };
    let post = lft::post(
        &data.store,
        &data.event.event.id,
        user,
        &request,
        data.event.limits.lft_posts_per_day,
        Utc::now(),
    )
    .await
    .map_err(lft_error)?;
    let http = ctx.http();
    let made = async {
        let default = data.event.event.default_language;
        let body = data.i18n.get_args(
            default,
            "lft-thread-body",
            &[
                ("user", user.to_string().into()),
                ("topic", post.topic.clone().into()),
                ("skills", post.skills.clone().into()),
                ("languages", post.languages.clone().into()),
                ("tz", post.time_zone.clone().into()),
            ],
        );
        let message = channel
            .send_message(http, reply::message().content(fit(&body)))
            .await?;
        let title: String = data
            .i18n
            .get_args(
                default,
                "lft-thread-title",
                &[("topic", post.topic.clone().into())],
            )
            .chars()
            .take(100)
            .collect();
        let thread = match channel
            .create_thread_from_message(http, message.id, CreateThread::new(title))
            .await
        {
            Ok(thread) => thread,
            Err(e) => {
                // The message alone would be a post nobody can answer in.
                if let Err(undo) = message.delete(http).await {
                    tracing::warn!(error = %undo, "cannot delete a looking-for-team message without its thread");
                }
                return Err(e.into());
            }
        };
        anyhow::Ok(thread.id)
    }
    .await;
    let thread = match made {
        Ok(thread) => thread,
        Err(e) => {
            // No post without its thread: it could never be closed.
            data.store.delete_lft_post(post.id).await?;
            if crate::discord::error::refused_by_discord(&e) {
                tracing::warn!(error = %e, "Discord refused the looking-for-team thread");
                return Err(BotError::user_with(
                    "lft-thread-refused",
                    vec![("channel", data.event.channels.find_team.clone())],
                ));
            }
            return Err(BotError::Internal(e));
        }
    };
    data.store.set_lft_thread(post.id, thread.get()).await?;
    let text = tr_args(
        ctx,
        "lft-posted",
        &[("thread", thread.get().to_string().into())],
    );
    answer(ctx, text, None).await
}

/// One page of `/lft list` and its buttons.
pub async fn lft_list_page(
    data: &Data,
    lang: Lang,
    page: u32,
    skill: Option<String>,
    topic: Option<String>,
) -> Result<(String, Option<CreateActionRow>), BotError> {
    let filter = LftFilter {
        skill: id_safe(skill),
        topic: id_safe(topic),
    };
    let event_id = &data.event.event.id;
    let render = |p: &LftPost| {
        let fields = vec![
            p.topic.clone(),
            p.skills.clone(),
            p.languages.clone(),
            p.time_zone.clone(),
        ];
        line_within(fields, |f| {
            let mut line = data.i18n.get_args(
                lang,
                "lft-list-line",
                &[
                    ("user", p.user_id.to_string().into()),
                    ("topic", f[0].clone().into()),
                    ("skills", f[1].clone().into()),
                    ("languages", f[2].clone().into()),
                    ("tz", f[3].clone().into()),
                ],
            );
            if let Some(thread) = p.thread_id {
                line.push_str(&format!(" — <#{thread}>"));
            }
            line
        })
    };
    let filter_ref = &filter;
    let result = Page::of_rows(
        page,
        |offset, limit| async move {
            let found = data
                .store
                .list_lft_posts(event_id, filter_ref, offset, limit)
                .await?;
            Ok((found.posts, found.total))
        },
        render,
    )
    .await?;
    if result.total == 0 {
        return Ok((data.i18n.get(lang, "lft-list-empty"), None));
    }
    let (page, pages) = (result.page, result.pages);
    let mut lines = vec![result.title(&data.i18n, lang, "lft-list-title")];
    lines.extend(result.items);
    let filters = format!(
        "{}\u{1f}{}",
        filter.skill.as_deref().unwrap_or_default(),
        filter.topic.as_deref().unwrap_or_default()
    );
    let row = pager(
        data,
        lang,
        crate::discord::custom_id::prefix(crate::discord::custom_id::Kind::LftList),
        page,
        pages,
        &filters,
    );
    Ok((lines.join("\n"), row))
}

/// People looking for a team.
#[poise::command(slash_command)]
pub async fn list(
    ctx: Context<'_>,
    #[max_length = 100] skill: Option<String>,
    #[max_length = 100] topic: Option<String>,
) -> Result<(), BotError> {
    let (text, row) = lft_list_page(ctx.data(), lang(ctx), 0, skill, topic).await?;
    answer(ctx, text, row).await
}

/// Your Hugging Face account.
#[poise::command(slash_command, subcommands("link"), subcommand_required)]
pub async fn hf(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Link your Hugging Face username.
#[poise::command(slash_command)]
pub async fn link(ctx: Context<'_>, #[max_length = 120] username: String) -> Result<(), BotError> {
    let data = ctx.data();
    let linked = lft::link_hf(
        &data.store,
        &data.event.event.id,
        ctx.author().id.get(),
        &username,
        Utc::now(),
    )
    .await
    .map_err(lft_error)?;
    let text = tr_args(ctx, "hf-linked", &[("username", linked.into())]);
    answer(ctx, text, None).await
}

/// Another page of `/lft list`.
pub async fn lft_list_pressed(
    ctx: &serenity::all::Context,
    data: &Data,
    press: &serenity::all::ComponentInteraction,
    page: u32,
    skill: Option<String>,
    topic: Option<String>,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let (content, row) = lft_list_page(data, lang, page, skill, topic).await?;
    crate::discord::teams::update_with(ctx, press, content, row).await
}
