//! Suggestions while an option is typed.

use serenity::all::CreateAutocompleteResponse;

use crate::discord::{BotError, Data};
use crate::store::Team;

type AppContext<'a> = poise::ApplicationContext<'a, Data, BotError>;

/// Suggests team names containing what has been typed; the value chosen is
/// the team's name.
pub async fn team_name(ctx: AppContext<'_>, partial: &str) -> CreateAutocompleteResponse {
    teams(ctx, partial, |t| (t.name.clone(), t.name)).await
}

/// Suggests teams by name; the value chosen is the team's id.
pub async fn team_id(ctx: AppContext<'_>, partial: &str) -> CreateAutocompleteResponse {
    teams(ctx, partial, |t| (t.name, t.id.to_string())).await
}

/// At most 25 teams whose name contains `partial`, each as (label, value).
async fn teams(
    ctx: AppContext<'_>,
    partial: &str,
    choice: impl Fn(Team) -> (String, String),
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
                let (label, value) = choice(t);
                response = response.add_string_choice(label, value);
            }
        }
        Err(e) => tracing::warn!(error = %e, "team autocomplete failed"),
    }
    response
}
