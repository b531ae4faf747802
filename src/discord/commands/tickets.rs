//! `/ask` (a help question through a form), `/ticket …` (mentors inside a
//! help post) and `/tickets …` (the queue and the numbers). The rules are in
//! `domain::tickets`; the forum work in `discord::tickets`.

use serenity::all::{CreateActionRow, CreateAutocompleteResponse, CreateInteractionResponse};

use super::common::pager::pager;
use crate::discord::access::require_mentor;
use crate::discord::custom_id::{self, Kind};
use crate::discord::paging::{line_within, Page};
use crate::discord::reply::{self, ephemeral, lang, tr_args};
use crate::discord::tickets::{self as desk, Actor, Answer, AskDraft};
use crate::discord::{audit, BotError, Context, Data};
use crate::domain::tickets::{human_duration, TicketStats};
use crate::i18n::Lang;
use crate::render::markup::{fit, timestamps};
use crate::store::Ticket;

/// Suggests the help forum's topic tags.
async fn autocomplete_topic(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    let mut response = CreateAutocompleteResponse::new();
    let Some(guild) = ctx.interaction.guild_id else {
        return response;
    };
    let forum = match desk::help_forum(ctx.serenity_context(), ctx.data(), guild).await {
        Ok(Some(f)) => f,
        Ok(None) => return response,
        Err(e) => {
            tracing::warn!(error = %e, "topic autocomplete failed");
            return response;
        }
    };
    let partial = partial.trim().to_lowercase();
    for tag in forum
        .topic_tags()
        .into_iter()
        .filter(|t| t.name.to_lowercase().contains(&partial))
        .take(25)
    {
        response = response.add_string_choice(tag.name.clone(), tag.id.get().to_string());
    }
    response
}

/// Ask the mentors for help (opens a form; the question goes to the help forum).
#[poise::command(slash_command, guild_only)]
pub async fn ask(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_topic"]
    #[max_length = 30]
    topic: Option<String>,
) -> Result<(), BotError> {
    let poise::Context::Application(app) = ctx else {
        return Err(BotError::user("error-guild-only"));
    };
    let topic = topic.and_then(|t| t.parse::<u64>().ok()).unwrap_or(0);
    let modal = desk::ask_modal(
        ctx.data(),
        lang(ctx),
        app.interaction.id.get(),
        topic,
        &AskDraft::default(),
    );
    app.interaction
        .create_response(ctx.http(), CreateInteractionResponse::Modal(modal))
        .await?;
    Ok(())
}

/// Mentors: handle the help question of this post.
#[poise::command(
    slash_command,
    guild_only,
    subcommands("claim", "release", "resolve", "reopen"),
    subcommand_required
)]
pub async fn ticket(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// The ticket of the post the command runs in.
async fn here(ctx: Context<'_>) -> Result<Ticket, BotError> {
    let data = ctx.data();
    data.store
        .ticket_by_thread(&data.event.event.id, ctx.channel_id().get())
        .await?
        .filter(|t| t.deleted_at.is_none())
        .ok_or_else(|| BotError::user("ticket-not-here"))
}

/// Sends a help-desk answer: public in the post, or only to the caller.
async fn show(ctx: Context<'_>, answer: Answer) -> Result<(), BotError> {
    ctx.send(
        reply::create_reply()
            .content(fit(&answer.text))
            .components(answer.components)
            .ephemeral(!answer.public),
    )
    .await?;
    Ok(())
}

async fn audit_action(ctx: Context<'_>, action: &str, ticket: &Ticket) -> Result<(), BotError> {
    audit::record(
        ctx.http(),
        ctx.data(),
        ctx.guild_id(),
        ctx.author().id.get(),
        action,
        Some(&ticket.id.to_string()),
        serde_json::json!({ "thread": ticket.thread_id, "title": ticket.title }),
    )
    .await
}

/// What a mentor (or the author) does with the ticket of a post.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Claim,
    Release,
    Resolve,
    Reopen,
}

/// Runs `act` on this post's ticket and shows the answer; when it happened
/// (a public answer), a resolved post is closed and the act audited.
async fn act(ctx: Context<'_>, act: Act) -> Result<(), BotError> {
    let ticket = here(ctx).await?;
    let guild = ctx
        .guild_id()
        .ok_or_else(|| BotError::user("error-guild-only"))?;
    let member = ctx.author_member().await;
    let actor = Actor {
        guild,
        user: ctx.author().id,
        member: member.as_deref(),
        lang: lang(ctx),
    };
    let (sctx, data) = (ctx.serenity_context(), ctx.data());
    let answer = match act {
        Act::Claim => desk::claim(sctx, data, &actor, &ticket).await?,
        Act::Release => desk::release(sctx, data, &actor, &ticket).await?,
        Act::Resolve => desk::resolve(sctx, data, &actor, &ticket, true).await?,
        Act::Reopen => desk::reopen(sctx, data, &actor, &ticket).await?,
    };
    let public = answer.public;
    // Answer first: a message in an archived post would reopen it.
    show(ctx, answer).await?;
    if !public {
        return Ok(());
    }
    let audited = match act {
        Act::Claim => return Ok(()),
        Act::Release => "ticket-release",
        Act::Resolve => {
            desk::close_post(sctx, data, guild, &ticket).await;
            "ticket-resolve"
        }
        Act::Reopen => "ticket-reopen",
    };
    audit_action(ctx, audited, &ticket).await
}

/// Take this question (mentors).
#[poise::command(slash_command, guild_only)]
pub async fn claim(ctx: Context<'_>) -> Result<(), BotError> {
    act(ctx, Act::Claim).await
}

/// Hand this question back to the queue (mentors).
#[poise::command(slash_command, guild_only)]
pub async fn release(ctx: Context<'_>) -> Result<(), BotError> {
    act(ctx, Act::Release).await
}

/// Mark this question resolved and archive the post (asks for a rating).
#[poise::command(slash_command, guild_only)]
pub async fn resolve(ctx: Context<'_>) -> Result<(), BotError> {
    act(ctx, Act::Resolve).await
}

/// Reopen this question: back in the queue.
#[poise::command(slash_command, guild_only)]
pub async fn reopen(ctx: Context<'_>) -> Result<(), BotError> {
    act(ctx, Act::Reopen).await
}

/// Help questions: the queue and the numbers (mentors and organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("queue", "stats"),
    subcommand_required
)]
pub async fn tickets(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// One page of the unanswered questions, oldest first, and its buttons.
pub async fn tickets_queue_page(
    data: &Data,
    lang: Lang,
    page: u32,
) -> Result<(String, Option<CreateActionRow>), BotError> {
    let event_id = &data.event.event.id;
    let render = |t: &Ticket| {
        let claimed = match t.claimed_by {
            Some(m) => data.i18n.get_args(
                lang,
                "tickets-queue-claimed",
                &[("mentor", format!("<@{m}>").into())],
            ),
            None => String::new(),
        };
        line_within(vec![t.title.clone()], |f| {
            data.i18n.get_args(
                lang,
                "tickets-queue-line",
                &[
                    (
                        "thread",
                        format!("<#{}>", t.thread_id.unwrap_or_default()).into(),
                    ),
                    ("title", f[0].clone().into()),
                    ("age", timestamps(t.created_at).1.into()),
                    ("claimed", claimed.clone().into()),
                ],
            )
        })
    };
    let result = Page::of_rows(
        page,
        |offset, limit| async move {
            data.store
                .unanswered_tickets_page(event_id, offset, limit)
                .await
        },
        render,
    )
    .await?;
    if result.total == 0 {
        return Ok((data.i18n.get(lang, "tickets-queue-empty"), None));
    }
    let mut lines = vec![result.title(&data.i18n, lang, "tickets-queue-title")];
    lines.extend(result.items.iter().cloned());
    let row = pager(
        data,
        lang,
        custom_id::prefix(Kind::TicketQueue),
        result.page,
        result.pages,
        "",
    );
    Ok((lines.join("\n"), row))
}

/// Unanswered questions, oldest first, with their age.
#[poise::command(slash_command, guild_only)]
pub async fn queue(ctx: Context<'_>) -> Result<(), BotError> {
    require_mentor(ctx).await?;
    let (content, row) = tickets_queue_page(ctx.data(), lang(ctx), 0).await?;
    ctx.send(
        reply::create_reply()
            .content(fit(&content))
            .components(row.into_iter().collect())
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// The help desk's numbers: time to first answer, per mentor, ratings.
#[poise::command(slash_command, guild_only)]
pub async fn stats(ctx: Context<'_>) -> Result<(), BotError> {
    require_mentor(ctx).await?;
    let data = ctx.data();
    let s = crate::domain::tickets::desk_stats(&data.store, &data.event.event.id).await?;
    ephemeral(ctx, stats_text(ctx, &s)).await
}

fn stats_text(ctx: Context<'_>, s: &TicketStats) -> String {
    let none = || tr_args(ctx, "tickets-stats-none", &[]);
    let duration = |d: Option<chrono::Duration>| d.map_or_else(none, human_duration);
    let n = |v: u32| i64::from(v).into();
    let mut out = vec![tr_args(
        ctx,
        "tickets-stats",
        &[
            ("total", n(s.total)),
            ("open", n(s.open)),
            ("claimed", n(s.claimed)),
            ("resolved", n(s.resolved)),
            ("answered", n(s.answered)),
            ("unanswered", n(s.unanswered)),
            ("median", duration(s.median_first_answer).into()),
            ("p90", duration(s.p90_first_answer).into()),
        ],
    )];
    if !s.mentors.is_empty() {
        out.push(tr_args(ctx, "tickets-stats-mentors", &[]));
        let mut mentors: Vec<_> = s.mentors.iter().collect();
        mentors.sort_by(|a, b| b.1.first_answers.cmp(&a.1.first_answers).then(a.0.cmp(b.0)));
        for (id, m) in mentors.into_iter().take(20) {
            out.push(tr_args(
                ctx,
                "tickets-stats-mentor-line",
                &[
                    ("mentor", format!("<@{id}>").into()),
                    ("answers", n(m.first_answers)),
                    ("claims", n(m.claims)),
                    ("resolved", n(m.resolved)),
                    (
                        "rating",
                        m.rating_mean()
                            .map_or_else(none, |r| format!("{r:.1}★ ({})", m.ratings))
                            .into(),
                    ),
                ],
            ));
        }
    }
    out.push(match s.rating_mean() {
        Some(mean) => tr_args(
            ctx,
            "tickets-stats-ratings",
            &[
                ("count", n(s.rating_count())),
                ("mean", format!("{mean:.1}").into()),
                ("r1", n(s.ratings[0])),
                ("r2", n(s.ratings[1])),
                ("r3", n(s.ratings[2])),
                ("r4", n(s.ratings[3])),
                ("r5", n(s.ratings[4])),
            ],
        ),
        None => tr_args(ctx, "tickets-stats-no-ratings", &[]),
    });
    out.join("\n")
}
