//! `/jury …`: judges declare conflicts, read their packets and score;
//! organizers assign, follow the progress and preview the results. Every
//! action is checked on the server side (role, assignment, deadline).

use chrono::Utc;
use serenity::all::CreateAutocompleteResponse;

use crate::discord::access::require_judge;
use crate::discord::jury::judging_error;
use crate::discord::reply::{ephemeral, tr_args};
use crate::discord::{BotError, Context, Data};
use crate::domain::jury::judging;

/// The jury: packets, scores, assignment and results.
// Other modules attach their subcommands to the value this returns (see
// `commands::all`).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("conflict"),
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
