//! `/teams admin …`: organizers change any team, whatever the registration
//! window says. Checked on the server side and written to the audit log.

use chrono::Utc;
use serenity::all::User;

use super::common;
use crate::discord::access::require_organizer;
use crate::discord::reply::{ephemeral, tr_args};
use crate::discord::teams::{self as glue, team_error};
use crate::discord::{audit, BotError, Context};
use crate::domain::team::{self, Departure, TeamName};
use crate::render::markup::timestamps;

/// Team administration (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("admin"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn teams(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Change any team (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "add_member",
        "remove_member",
        "rename",
        "disband",
        "set_captain",
        "reopen_registration",
        "missing_hf"
    ),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn admin(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Checks the caller, then defers: Discord work may take a while.
async fn organizer(ctx: Context<'_>) -> Result<serenity::all::GuildId, BotError> {
    require_organizer(ctx).await?;
    ctx.defer_ephemeral().await?;
    ctx.guild_id()
        .ok_or_else(|| BotError::user("error-guild-only"))
}

/// Add someone to a team, even after registration closed.
#[poise::command(slash_command, guild_only, rename = "add-member")]
pub async fn add_member(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    team: String,
    person: User,
) -> Result<(), BotError> {
    let guild = organizer(ctx).await?;
    let data = ctx.data();
    let user = person.id.get();
    let joined = team::admin::add_member(
        &data.store,
        &data.team_policy().await?,
        &team,
        user,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    audit::by_caller(
        ctx,
        "teams.add-member",
        &joined.name,
        serde_json::json!({ "user": user.to_string() }),
    )
    .await?;
    let lang = crate::discord::reply::lang(ctx);
    let warning = glue::after_join(ctx.http(), data, Some(guild), &joined, user, lang).await;
    let mut text = tr_args(
        ctx,
        "admin-added",
        &[
            ("user", user.to_string().into()),
            ("team", joined.name.clone().into()),
        ],
    );
    if let Some(w) = warning {
        text.push('\n');
        text.push_str(&w);
    }
    ephemeral(ctx, text).await
}

/// Remove someone from a team.
#[poise::command(slash_command, guild_only, rename = "remove-member")]
pub async fn remove_member(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    team: String,
    person: User,
) -> Result<(), BotError> {
    let guild = organizer(ctx).await?;
    let data = ctx.data();
    let user = person.id.get();
    let departure = team::admin::remove_member(
        &data.store,
        &data.team_policy().await?,
        &team,
        user,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    let http = ctx.http();
    let name = match &departure {
        Departure::Left(t) | Departure::HandedOver { team: t, .. } => {
            glue::take_role(http, guild, user, t).await;
            t.name.clone()
        }
        Departure::Dissolved(t, gpu) => {
            glue::gpu_given_back(data, gpu).await?;
            glue::teardown(http, guild, t).await;
            t.name.clone()
        }
    };
    audit::by_caller(
        ctx,
        "teams.remove-member",
        &name,
        serde_json::json!({ "user": user.to_string() }),
    )
    .await?;
    let text = tr_args(
        ctx,
        "admin-removed",
        &[("user", user.to_string().into()), ("team", name.into())],
    );
    ephemeral(ctx, text).await
}

/// Rename a team.
#[poise::command(slash_command, guild_only)]
pub async fn rename(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    team: String,
    #[max_length = 100] name: String,
) -> Result<(), BotError> {
    let guild = organizer(ctx).await?;
    let data = ctx.data();
    let own = data
        .store
        .team_by_name_key(&data.event.event.id, &TeamName::key_of(&team))
        .await?;
    let policy = glue::policy_reserving_guild(ctx.http(), data, guild, own.as_ref()).await?;
    let renamed = team::admin::rename(&data.store, &policy, &team, &name)
        .await
        .map_err(|e| team_error(e, data))?;
    glue::rename_in_discord(ctx.http(), data, guild, &renamed).await;
    audit::by_caller(
        ctx,
        "teams.rename",
        &renamed.name,
        serde_json::json!({ "from": team }),
    )
    .await?;
    let text = tr_args(
        ctx,
        "admin-renamed",
        &[("team", renamed.name.clone().into())],
    );
    ephemeral(ctx, text).await
}

/// Disband a team.
#[poise::command(slash_command, guild_only)]
pub async fn disband(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    team: String,
) -> Result<(), BotError> {
    let guild = organizer(ctx).await?;
    let data = ctx.data();
    let gone = team::admin::disband(
        &data.store,
        &data.team_policy().await?,
        &team,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    glue::gpu_given_back(data, &gone.gpu).await?;
    glue::teardown(ctx.http(), guild, &gone.team).await;
    let members: Vec<String> = gone.members.iter().map(u64::to_string).collect();
    let leases: Vec<&str> = gone
        .gpu
        .leases
        .iter()
        .map(|l| l.resource.as_str())
        .collect();
    audit::by_caller(
        ctx,
        "teams.disband",
        &gone.team.name,
        serde_json::json!({ "members": members, "gpu_released": leases }),
    )
    .await?;
    let text = tr_args(
        ctx,
        "admin-disbanded",
        &[("team", gone.team.name.clone().into())],
    );
    ephemeral(ctx, text).await
}

/// Make a member the captain.
#[poise::command(slash_command, guild_only, rename = "set-captain")]
pub async fn set_captain(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    team: String,
    person: User,
) -> Result<(), BotError> {
    organizer(ctx).await?;
    let data = ctx.data();
    let user = person.id.get();
    let changed = team::admin::set_captain(&data.store, &data.team_policy().await?, &team, user)
        .await
        .map_err(|e| team_error(e, data))?;
    audit::by_caller(
        ctx,
        "teams.set-captain",
        &changed.name,
        serde_json::json!({ "user": user.to_string() }),
    )
    .await?;
    let text = tr_args(
        ctx,
        "admin-captain",
        &[
            ("user", user.to_string().into()),
            ("team", changed.name.clone().into()),
        ],
    );
    ephemeral(ctx, text).await
}

/// Let one team form and change after registration closed.
#[poise::command(slash_command, guild_only, rename = "reopen-registration")]
pub async fn reopen_registration(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    team: String,
    #[min = 1]
    #[max = 720]
    hours: Option<u32>,
) -> Result<(), BotError> {
    organizer(ctx).await?;
    let data = ctx.data();
    let hours = hours.unwrap_or(48);
    let reopened = team::admin::reopen_registration(
        &data.store,
        &data.team_policy().await?,
        &team,
        hours,
        Utc::now(),
    )
    .await
    .map_err(|e| team_error(e, data))?;
    let until = reopened
        .registration_override_until
        .unwrap_or_else(Utc::now);
    audit::by_caller(
        ctx,
        "teams.reopen-registration",
        &reopened.name,
        serde_json::json!({ "until": until.to_rfc3339() }),
    )
    .await?;
    let text = tr_args(
        ctx,
        "admin-reopened",
        &[
            ("team", reopened.name.clone().into()),
            ("until", timestamps(until).0.into()),
        ],
    );
    ephemeral(ctx, text).await
}

/// List team members without a Hugging Face username.
#[poise::command(slash_command, guild_only, rename = "missing-hf")]
pub async fn missing_hf(ctx: Context<'_>) -> Result<(), BotError> {
    organizer(ctx).await?;
    let data = ctx.data();
    let missing = data.store.members_without_hf(&data.event.event.id).await?;
    if missing.is_empty() {
        return ephemeral(ctx, tr_args(ctx, "hf-missing-none", &[])).await;
    }
    let mut lines = vec![tr_args(
        ctx,
        "hf-missing-title",
        &[("count", (missing.len() as i64).into())],
    )];
    for (user, team) in missing {
        lines.push(tr_args(
            ctx,
            "hf-missing-line",
            &[("user", user.to_string().into()), ("team", team.into())],
        ));
    }
    ephemeral(ctx, lines.join("\n")).await
}
