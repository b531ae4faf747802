//! Who may do what, checked on the server side for every organizer and
//! mentor command (hiding them with default permissions is only cosmetic).

use std::collections::HashMap;

use serenity::all::{GuildId, Member, Permissions, Role, RoleId};

use super::{BotError, Context, Data};

/// What the caller is, as far as the event's roles go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Access {
    pub organizer: bool,
    pub mentor: bool,
}

/// Whether one of `member_roles` is called `name` (case-insensitive).
pub fn has_named_role(member_roles: &[RoleId], roles: &HashMap<RoleId, Role>, name: &str) -> bool {
    member_roles
        .iter()
        .filter_map(|id| roles.get(id))
        .any(|r| r.name.trim().eq_ignore_ascii_case(name.trim()))
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

/// The access of a guild member (from a command or a button click).
pub async fn member_access(
    ctx: &serenity::all::Context,
    data: &Data,
    guild_id: GuildId,
    member: &Member,
) -> Result<Access, BotError> {
    let admin = member
        .permissions
        .is_some_and(|p| p.contains(Permissions::ADMINISTRATOR));
    roles_access(ctx, data, guild_id, &member.roles, admin).await
}

/// The access that a member's role ids give (`admin`: the member has the
/// Administrator permission). The one place roles become access: commands,
/// buttons and the messages of MESSAGE_CREATE (whose `member` field carries
/// the author's role ids) all come here.
pub async fn roles_access(
    ctx: &serenity::all::Context,
    data: &Data,
    guild_id: GuildId,
    member_roles: &[RoleId],
    admin: bool,
) -> Result<Access, BotError> {
    let cached = ctx.cache.guild(guild_id).map(|g| g.roles.clone());
    let roles = match cached {
        Some(roles) if member_roles.iter().all(|r| roles.contains_key(r)) => roles,
        _ => guild_id.roles(&ctx.http).await?,
    };
    let names = &data.event.roles;
    let organizer = admin || has_named_role(member_roles, &roles, &names.organizer);
    let mentor = organizer || has_named_role(member_roles, &roles, &names.mentor);
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
        Err(BotError::user_with(
            "error-not-organizer",
            vec![("role", ctx.data().event.roles.organizer.clone())],
        ))
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
        Err(BotError::user("error-not-mentor"))
    }
}
