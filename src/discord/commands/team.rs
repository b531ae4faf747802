use serenity::all::CreateAutocompleteResponse;

use crate::discord::reply::{ephemeral, tr_args};
use crate::discord::{BotError, Context};
use crate::domain::team::TeamName;

/// Teams of the hackathon.
#[poise::command(slash_command, subcommands("info"), subcommand_required)]
pub async fn team(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Suggests team names containing what has been typed.
async fn autocomplete_team(
    ctx: poise::ApplicationContext<'_, crate::discord::Data, BotError>,
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
                response = response.add_string_choice(t.name.clone(), t.name);
            }
        }
        Err(e) => tracing::warn!(error = %e, "team autocomplete failed"),
    }
    response
}

/// A team's members, topic and captain.
#[poise::command(slash_command)]
pub async fn info(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_team"]
    #[max_length = 100]
    name: Option<String>,
) -> Result<(), BotError> {
    let data = ctx.data();
    let event_id = &data.event.event.id;
    let team = match &name {
        Some(name) => {
            data.store
                .team_by_name_key(event_id, &TeamName::key_of(name))
                .await?
        }
        None => data.store.team_of(event_id, ctx.author().id.get()).await?,
    };
    let Some(team) = team else {
        return Err(match name {
            Some(name) => BotError::user_with("team-info-not-found", vec![("name", name)]),
            None => BotError::user_with(
                "team-info-no-team",
                vec![("channel", data.event.channels.find_team.clone())],
            ),
        });
    };
    let members = data.store.team_members(team.id).await?;
    let mut lines = vec![
        tr_args(
            ctx,
            "team-info-title",
            &[("name", team.name.clone().into())],
        ),
        tr_args(
            ctx,
            "team-info-topic",
            &[("topic", team.topic.clone().into())],
        ),
    ];
    if let Some(ods) = team.ods {
        lines.push(tr_args(
            ctx,
            "team-info-ods",
            &[("ods", i64::from(ods).into())],
        ));
    }
    lines.push(tr_args(
        ctx,
        "team-info-captain",
        &[("captain", team.captain_id.to_string().into())],
    ));
    let mentions: Vec<String> = members.iter().map(|m| format!("<@{m}>")).collect();
    lines.push(tr_args(
        ctx,
        "team-info-members",
        &[
            ("count", i64::from(team.member_count).into()),
            ("max", i64::from(team.max_members).into()),
            ("members", mentions.join(", ").into()),
        ],
    ));
    ephemeral(ctx, lines.join("\n")).await
}
