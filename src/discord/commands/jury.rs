//! `/jury …`: judges declare conflicts, read their packets and score;
//! organizers assign, follow the progress and preview the results. Every
//! action is checked on the server side (role, assignment, deadline).

use chrono::Utc;
use serenity::all::{ButtonStyle, CreateActionRow, CreateAutocompleteResponse, CreateButton};

use crate::discord::access::{require_judge, require_organizer};
use crate::discord::custom_id::CustomId;
use crate::discord::jury::{self as glue, judging_error, plain};
use crate::discord::paging::Page;
use crate::discord::reply::{self, ephemeral, lang, tr, tr_args};
use crate::discord::{BotError, Context, Data};
use crate::domain::jury::{self as domain, judging};
use crate::render::markup::fit;

/// The jury: packets, scores, assignment and results.
// Other modules attach their subcommands to the value this returns (see
// `commands::all`).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("conflict", "assign", "next", "packet", "progress", "results"),
    subcommand_required
)]
pub async fn jury(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Suggests the event's teams; the value is the team's id.
pub async fn autocomplete_any_team(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    let data = ctx.data();
    let mut response = CreateAutocompleteResponse::new();
    match data
        .store
        .search_teams(&data.event.event.id, partial, 25)
        .await
    {
        Ok(teams) => {
            for t in teams {
                response = response.add_int_choice(t.name, t.id);
            }
        }
        Err(e) => tracing::warn!(error = %e, "jury team autocomplete failed"),
    }
    response
}

/// Declare that you may not judge a team (judges).
// You advised it, you know its members…: assignment never gives it to you.
#[poise::command(slash_command, guild_only)]
pub async fn conflict(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_any_team"] team: i64,
    #[max_length = 300] reason: String,
) -> Result<(), BotError> {
    require_judge(ctx).await?;
    let data = ctx.data();
    let (name, new) = judging::declare_conflict(
        &data.store,
        &data.event,
        ctx.author().id.get(),
        team,
        &reason,
        Utc::now(),
    )
    .await
    .map_err(judging_error)?;
    let id = if new {
        "jury-conflict-declared"
    } else {
        "jury-conflict-already"
    };
    ephemeral(ctx, tr_args(ctx, id, &[("team", name.into())])).await
}

fn internal(e: domain::JuryError) -> BotError {
    BotError::Internal(e.into())
}

/// Assign the submitted projects to the judges (organizers).
#[poise::command(slash_command, guild_only)]
pub async fn assign(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    let judges = glue::judges(ctx.http(), data).await?;
    let plan = domain::preview_assignment(&data.store, &data.event.event.id, jury, &judges)
        .await
        .map_err(internal)?;
    let summary = glue::plan_text(data, lang(ctx), &plan, judges.len()).await?;
    if plan.is_noop() {
        let text = format!("{summary}\n{}", tr(ctx, "jury-assign-nothing"));
        return ephemeral(ctx, text).await;
    }
    let button = CreateButton::new(
        CustomId::JuryAssign {
            owner: ctx.author().id.get(),
            plan: glue::plan_fingerprint(&plan),
        }
        .to_string(),
    )
    .label(tr(ctx, "jury-assign-confirm"))
    .style(ButtonStyle::Primary);
    let text = format!("{summary}\n{}", tr(ctx, "jury-assign-ask"));
    ctx.send(
        reply::create_reply()
            .content(fit(&text))
            .ephemeral(true)
            .components(vec![CreateActionRow::Buttons(vec![button])]),
    )
    .await?;
    Ok(())
}

/// Suggests the caller's assigned projects; the value is the team's id.
pub async fn autocomplete_assigned(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    let data = ctx.data();
    let judge = ctx.interaction.user.id.get();
    let typed = partial.trim().to_lowercase();
    let mut response = CreateAutocompleteResponse::new();
    let event_id = &data.event.event.id;
    let (assigned, teams) = match (
        data.store.jury_assignments(event_id).await,
        data.store.teams_with_members(event_id).await,
    ) {
        (Ok(a), Ok(t)) => (a, t),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "packet autocomplete failed");
            return response;
        }
    };
    let mine: Vec<i64> = assigned
        .iter()
        .filter(|a| a.judge_id == judge)
        .map(|a| a.team_id)
        .collect();
    for t in teams
        .into_iter()
        .filter(|t| mine.contains(&t.team.id))
        .filter(|t| typed.is_empty() || t.team.name.to_lowercase().contains(&typed))
        .take(25)
    {
        response = response.add_int_choice(t.team.name, t.team.id);
    }
    response
}

/// Shows one assigned packet with its buttons.
async fn show_packet(ctx: Context<'_>, team: i64) -> Result<(), BotError> {
    let data = ctx.data();
    let judge = ctx.author().id.get();
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    let project = judging::assigned_project(&data.store, &data.event, judge, team)
        .await
        .map_err(judging_error)?;
    let lang = lang(ctx);
    let mut text = glue::packet_text(data, lang, jury, &project, judge).await?;
    if let Ok(Some(at)) = judging::closes_at(&data.store, &data.event).await {
        text.push('\n');
        text.push_str(&tr_args(
            ctx,
            "jury-packet-closes",
            &[("when", crate::render::markup::timestamps(at).0.into())],
        ));
    }
    ctx.send(
        reply::create_reply()
            .content(fit(&text))
            .ephemeral(true)
            .components(glue::packet_buttons(data, lang, jury, &project)),
    )
    .await?;
    Ok(())
}

/// Your next project to score (judges).
#[poise::command(slash_command, guild_only)]
pub async fn next(ctx: Context<'_>) -> Result<(), BotError> {
    require_judge(ctx).await?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    let judge = ctx.author().id.get();
    let progress = domain::progress::load(&data.store, &data.event.event.id, jury)
        .await
        .map_err(internal)?;
    let pending = progress
        .judges
        .iter()
        .find(|j| j.judge_id == judge)
        .and_then(|j| j.pending.first().copied());
    match pending {
        Some(team) => show_packet(ctx, team).await,
        None => ephemeral(ctx, tr(ctx, "jury-next-none")).await,
    }
}

/// One of your projects (judges).
#[poise::command(slash_command, guild_only)]
pub async fn packet(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_assigned"] team: i64,
) -> Result<(), BotError> {
    require_judge(ctx).await?;
    ctx.defer_ephemeral().await?;
    show_packet(ctx, team).await
}

/// How far the jury is (organizers).
#[poise::command(slash_command, guild_only)]
pub async fn progress(
    ctx: Context<'_>,
    #[min = 1]
    #[max = 1000]
    page: Option<u32>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    let progress = domain::progress::load(&data.store, &data.event.event.id, jury)
        .await
        .map_err(internal)?;
    let mut lines = Vec::new();
    for p in &progress.projects {
        let missing: Vec<String> = p
            .assigned
            .iter()
            .filter(|j| !p.finished.contains(j))
            .map(|j| format!("<@{j}>"))
            .collect();
        lines.push(tr_args(
            ctx,
            "jury-progress-project",
            &[
                ("team", plain(&p.name).into()),
                ("finished", (p.finished.len() as i64).into()),
                ("assigned", (p.assigned.len() as i64).into()),
                (
                    "missing",
                    if missing.is_empty() {
                        String::new()
                    } else {
                        tr_args(
                            ctx,
                            "jury-progress-missing",
                            &[("judges", missing.join(", ").into())],
                        )
                    }
                    .into(),
                ),
                (
                    "below",
                    i64::from(p.below_target(progress.per_project)).into(),
                ),
            ],
        ));
    }
    for j in &progress.judges {
        lines.push(tr_args(
            ctx,
            "jury-progress-judge",
            &[
                ("judge", format!("<@{}>", j.judge_id).into()),
                ("done", (j.done.len() as i64).into()),
                ("pending", (j.pending.len() as i64).into()),
            ],
        ));
    }
    let page = Page::of_lines(lines, page.unwrap_or(1).saturating_sub(1));
    let (finished, assigned) = progress.totals();
    let below = progress.below_target().count();
    let title = tr_args(
        ctx,
        "jury-progress-title",
        &[
            ("finished", (finished as i64).into()),
            ("assigned", (assigned as i64).into()),
            ("below", (below as i64).into()),
            ("page", i64::from(page.page + 1).into()),
            ("pages", i64::from(page.pages).into()),
        ],
    );
    ephemeral(ctx, format!("{title}\n{}", page.items.join("\n"))).await
}

/// Preview the ranking (organizers; only you see it).
#[poise::command(slash_command, guild_only)]
pub async fn results(ctx: Context<'_>, normalized: Option<bool>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    let normalized = normalized.unwrap_or(false);
    let ranking = domain::ranking(&data.store, &data.event.event.id, jury, normalized)
        .await
        .map_err(internal)?;
    let names: std::collections::HashMap<i64, String> = data
        .store
        .teams_with_members(&data.event.event.id)
        .await?
        .into_iter()
        .map(|t| (t.team.id, plain(&t.team.name)))
        .collect();
    let line = |r: &domain::results::Ranked| {
        tr_args(
            ctx,
            "jury-results-line",
            &[
                ("place", i64::from(r.place).into()),
                ("tied", i64::from(r.tied).into()),
                (
                    "team",
                    names.get(&r.team_id).cloned().unwrap_or_default().into(),
                ),
                ("score", format!("{:.2}", r.score).into()),
                ("out_of", r.out_of.to_string().into()),
                ("judges", (r.judges as i64).into()),
            ],
        )
    };
    let mut out = vec![tr_args(
        ctx,
        "jury-results-title",
        &[("normalized", i64::from(normalized).into())],
    )];
    out.extend(ranking.complete.iter().map(line));
    if !ranking.corpus_only.is_empty() {
        out.push(tr(ctx, "jury-results-corpus-only"));
        out.extend(ranking.corpus_only.iter().map(line));
    }
    ephemeral(ctx, out.join("\n")).await
}
