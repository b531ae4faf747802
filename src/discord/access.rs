//! Who may do what, checked on the server side for every organizer and
//! mentor command (hiding them with default permissions is only cosmetic).

use serenity::all::{GuildId, Member, Permissions, RoleId};

use super::{BotError, Context, Data};
use crate::config::keys;

/// What the caller is, as far as the event's roles go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Access {
    pub organizer: bool,
    pub mentor: bool,
}

/// Works out the caller's access from their roles. Server administrators
/// count as organizers, so a fresh server can run `/setup`.
pub async fn access(ctx: Context<'_>) -> Result<Access, BotError> {
    let Some(guild_id) = ctx.guild_id() else {
        return Ok(Access::default());
    };
    let Some(member) = ctx.author_member().await else {
        return Ok(Access::default());
    };
    member_access(ctx.serenity_context(), ctx.data(), guild_id, &member).await
}

/// The access of a guild member (from a command or a button click), by
/// the stored ids of the event's roles: a role that only carries a staff
/// role's name gives nothing. Outside the served guild, nothing.
pub async fn member_access(
    ctx: &serenity::all::Context,
    data: &Data,
    guild_id: GuildId,
    member: &Member,
) -> Result<Access, BotError> {
    let http = &ctx.http;
    if !data.ids.serves(http, guild_id).await {
        return Ok(Access::default());
    }
    let admin = member
        .permissions
        .is_some_and(|p| p.contains(Permissions::ADMINISTRATOR));
    roles_access(ctx, data, guild_id, &member.roles, admin).await
}

/// The access that a member's role ids give (`admin`: the member has the
/// Administrator permission), by the stored ids of the event's roles. The
/// one place roles become access: commands, buttons and the messages of
/// MESSAGE_CREATE (whose `member` field carries the author's role ids) all
/// come here. Outside the served guild, nothing.
pub async fn roles_access(
    ctx: &serenity::all::Context,
    data: &Data,
    guild_id: GuildId,
    member_roles: &[RoleId],
    admin: bool,
) -> Result<Access, BotError> {
    let http = &ctx.http;
    if !data.ids.serves(http, guild_id).await {
        return Ok(Access::default());
    }
    let holds = |role: Option<RoleId>| role.is_some_and(|r| member_roles.contains(&r));
    let organizer = admin || holds(data.ids.role_if_set(http, keys::ORGANIZER).await);
    let mentor = organizer || holds(data.ids.role_if_set(http, keys::MENTOR).await);
    Ok(Access { organizer, mentor })
}

/// Refuses the command unless the caller is an organizer.
pub async fn require_organizer(ctx: Context<'_>) -> Result<(), BotError> {
    if ctx.guild_id().is_none() {
        return Err(BotError::user("error-guild-only"));
    }
    if access(ctx).await?.organizer {
        Ok(())
    } else {
        Err(refusal(ctx, keys::ORGANIZER).await.unwrap_or_else(|| {
            BotError::user_with(
                "error-not-organizer",
                vec![("role", ctx.data().event.roles.organizer.clone())],
            )
        }))
    }
}

/// Refuses the command unless the caller is a mentor or an organizer.
pub async fn require_mentor(ctx: Context<'_>) -> Result<(), BotError> {
    if ctx.guild_id().is_none() {
        return Err(BotError::user("error-guild-only"));
    }
    if access(ctx).await?.mentor {
        Ok(())
    } else {
        Err(refusal(ctx, keys::MENTOR)
            .await
            .unwrap_or_else(|| BotError::user("error-not-mentor")))
    }
}

/// When the role a command needs is not set up, the refusal says so (and
/// how to fix it) instead of asking for a role nobody can be given.
async fn refusal(ctx: Context<'_>, key: &str) -> Option<BotError> {
    match ctx.data().ids.role(ctx.http(), key).await {
        Err(super::identity::LookupError::NotSetUp(e)) => Some(e.to_user()),
        _ => None,
    }
}

/// Whether a member with these role ids holds the jury's role (by its
/// stored id). Organizers are not judges by rank: only the role counts.
pub async fn holds_judge_role(
    ctx: &serenity::all::Context,
    data: &Data,
    guild_id: GuildId,
    member_roles: &[RoleId],
) -> bool {
    if data.event.jury.is_none() || !data.ids.serves(&ctx.http, guild_id).await {
        return false;
    }
    data.ids
        .role_if_set(&ctx.http, keys::JUDGE)
        .await
        .is_some_and(|r| member_roles.contains(&r))
}

/// Whether the caller of a command holds the jury's role (by id).
pub async fn caller_is_judge(ctx: Context<'_>, guild_id: GuildId) -> bool {
    match ctx.author_member().await {
        Some(m) => holds_judge_role(ctx.serenity_context(), ctx.data(), guild_id, &m.roles).await,
        None => false,
    }
}

/// Refuses the command unless the caller holds the jury's role.
pub async fn require_judge(ctx: Context<'_>) -> Result<(), BotError> {
    let Some(guild_id) = ctx.guild_id() else {
        return Err(BotError::user("error-guild-only"));
    };
    let Some(jury) = &ctx.data().event.jury else {
        return Err(BotError::user("jury-none"));
    };
    if caller_is_judge(ctx, guild_id).await {
        Ok(())
    } else {
        Err(refusal(ctx, keys::JUDGE).await.unwrap_or_else(|| {
            BotError::user_with("jury-not-judge", vec![("role", jury.judge_role.clone())])
        }))
    }
}
