//! What the bot may do in one channel, computed as Discord documents it
//! (`developers/topics/permissions.mdx`, "Permission Overwrites"): base
//! permissions from `@everyone` and the bot's roles, Administrator grants
//! everything, then the `@everyone` overwrite, the roles' overwrites together,
//! the bot's own overwrite last. And what each configured channel needs.

use std::collections::HashMap;

use serenity::all::{
    GuildChannel, PermissionOverwriteType, Permissions, Role, RoleId, UserId,
};

use super::bot_permissions::PIN_MESSAGES;

/// The bot as far as permissions go.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub user: UserId,
    pub roles: &'a [RoleId],
    /// The `@everyone` role's id (the guild id).
    pub everyone: RoleId,
}

/// Server-wide permissions: `@everyone` or'd with the member's roles.
pub fn base(member: Member<'_>, roles: &HashMap<RoleId, Role>) -> Permissions {
    let base = std::iter::once(&member.everyone)
        .chain(member.roles)
        .filter_map(|id| roles.get(id))
        .fold(Permissions::empty(), |acc, r| acc | r.permissions);
    if base.administrator() {
        Permissions::all() | PIN_MESSAGES
    } else {
        base
    }
}

/// Effective permissions in `channel`; no View Channel means nothing at all.
pub fn in_channel(
    member: Member<'_>,
    roles: &HashMap<RoleId, Role>,
    channel: &GuildChannel,
) -> Permissions {
    let base = base(member, roles);
    if base.administrator() {
        return base;
    }
    let overwrites = &channel.permission_overwrites;
    let role_overwrite = |id: RoleId| {
        overwrites
            .iter()
            .find(|o| o.kind == PermissionOverwriteType::Role(id))
    };
    let mut permissions = base;
    if let Some(o) = role_overwrite(member.everyone) {
        permissions = (permissions - o.deny) | o.allow;
    }
    let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
    for o in member.roles.iter().filter_map(|r| role_overwrite(*r)) {
        allow |= o.allow;
        deny |= o.deny;
    }
    permissions = (permissions - deny) | allow;
    if let Some(o) = overwrites
        .iter()
        .find(|o| o.kind == PermissionOverwriteType::Member(member.user))
    {
        permissions = (permissions - o.deny) | o.allow;
    }
    if !permissions.contains(Permissions::VIEW_CHANNEL) {
        return Permissions::empty();
    }
    permissions
}

/// What each kind of configured channel is used for, as permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// #find-team: `/lft` threads, closed when their author joins a team.
    FindTeam,
    /// The introductions channel: the bot only sees who posts.
    Intros,
    /// Announcements and reminders, pinging roles.
    Announcements,
    /// The organizers' log.
    Log,
    /// The GPU board: one message, edited.
    GpuBoard,
    /// The help forum: posts, replies, tags, archiving, mentor pings.
    HelpForum,
    /// The projects category: team channels are created in it with overwrites.
    ProjectsCategory,
}

impl Purpose {
    pub fn needs(self) -> Permissions {
        let talk =
            Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES | Permissions::READ_MESSAGE_HISTORY;
        match self {
            Purpose::FindTeam => {
                talk | Permissions::CREATE_PUBLIC_THREADS
                    | Permissions::SEND_MESSAGES_IN_THREADS
                    | Permissions::MANAGE_THREADS
            }
            Purpose::Intros => Permissions::VIEW_CHANNEL,
            Purpose::Announcements => talk | Permissions::MENTION_EVERYONE,
            Purpose::Log | Purpose::GpuBoard => talk,
            Purpose::HelpForum => {
                talk | Permissions::SEND_MESSAGES_IN_THREADS
                    | Permissions::EMBED_LINKS
                    | Permissions::MANAGE_THREADS
                    | Permissions::MENTION_EVERYONE
            }
            Purpose::ProjectsCategory => {
                talk | Permissions::MANAGE_CHANNELS
                    | Permissions::MANAGE_ROLES
                    | Permissions::MENTION_EVERYONE
                    | PIN_MESSAGES
            }
        }
    }
}
