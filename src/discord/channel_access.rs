//! What the bot may do in one channel, computed as Discord documents it
//! (`developers/topics/permissions.mdx`, "Permission Overwrites"): base
//! permissions from `@everyone` and the bot's roles, Administrator grants
//! everything, then the `@everyone` overwrite, the roles' overwrites together,
//! the bot's own overwrite last. And what each configured channel needs.
//! Bits are read from Discord's JSON, not serenity's models, which drop
//! the ones serenity 0.12 does not know (Pin Messages).

use std::collections::HashMap;

use serenity::all::{
    ChannelId, GuildId, Http, LightMethod, Permissions, Request, RoleId, Route, UserId,
};

use super::bot_permissions::PIN_MESSAGES;

/// Every bit Discord defines, what Administrator stands for.
const ALL: Permissions = Permissions::all().union(PIN_MESSAGES);

/// Whom an overwrite is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Role(RoleId),
    Member(UserId),
}

/// A channel permission overwrite with all its bits (serenity's models drop
/// bits it does not know, such as Pin Messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overwrite {
    pub target: Target,
    pub allow: Permissions,
    pub deny: Permissions,
}

/// Roles' permissions and channels' overwrites, read as Discord sends them.
#[derive(Debug, Clone, Default)]
pub struct RawPermissions {
    pub roles: HashMap<RoleId, Permissions>,
    pub overwrites: HashMap<ChannelId, Vec<Overwrite>>,
}

fn bits(value: &serde_json::Value) -> Permissions {
    let n = match value {
        serde_json::Value::String(s) => s.parse().unwrap_or(0),
        other => other.as_u64().unwrap_or(0),
    };
    Permissions::from_bits_retain(n)
}

fn id(value: &serde_json::Value) -> Option<u64> {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .filter(|n| *n > 0)
}

async fn get_json(http: &Http, route: Route<'_>) -> Result<serde_json::Value, serenity::Error> {
    let response = http.request(Request::new(route, LightMethod::Get)).await?;
    let text = response
        .text()
        .await
        .map_err(|e| serenity::Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(serde_json::from_str(&text)?)
}

impl RawPermissions {
    /// Reads the guild's roles and channels with every permission bit.
    pub async fn fetch(http: &Http, guild_id: GuildId) -> Result<Self, serenity::Error> {
        let roles = get_json(http, Route::GuildRoles { guild_id }).await?;
        let channels = get_json(http, Route::GuildChannels { guild_id }).await?;
        Ok(Self::parse(&roles, &channels))
    }

    /// From `GET /guilds/{g}/roles` and `GET /guilds/{g}/channels` answers.
    pub fn parse(roles: &serde_json::Value, channels: &serde_json::Value) -> Self {
        let roles = roles
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| Some((RoleId::new(id(&r["id"])?), bits(&r["permissions"]))))
            .collect();
        let overwrites = channels
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| {
                let list = c["permission_overwrites"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|o| {
                        let target = match o["type"].as_u64() {
                            Some(0) => Target::Role(RoleId::new(id(&o["id"])?)),
                            Some(1) => Target::Member(UserId::new(id(&o["id"])?)),
                            _ => return None,
                        };
                        Some(Overwrite {
                            target,
                            allow: bits(&o["allow"]),
                            deny: bits(&o["deny"]),
                        })
                    })
                    .collect();
                Some((ChannelId::new(id(&c["id"])?), list))
            })
            .collect();
        Self { roles, overwrites }
    }
}

/// The bot as far as permissions go.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub user: UserId,
    pub roles: &'a [RoleId],
    /// The `@everyone` role's id (the guild id).
    pub everyone: RoleId,
}

/// Server-wide permissions: `@everyone` or'd with the member's roles;
/// Administrator stands for every bit.
pub fn base(member: Member<'_>, raw: &RawPermissions) -> Permissions {
    let base = std::iter::once(&member.everyone)
        .chain(member.roles)
        .filter_map(|id| raw.roles.get(id))
        .fold(Permissions::empty(), |acc, p| acc | *p);
    if base.contains(Permissions::ADMINISTRATOR) {
        ALL
    } else {
        base
    }
}

/// Effective permissions in `channel`; no View Channel means nothing at all.
pub fn in_channel(member: Member<'_>, raw: &RawPermissions, channel: ChannelId) -> Permissions {
    let base = base(member, raw);
    if base.contains(Permissions::ADMINISTRATOR) {
        return base;
    }
    let overwrites = raw.overwrites.get(&channel).map_or(&[][..], Vec::as_slice);
    let find = |target: Target| overwrites.iter().find(|o| o.target == target);
    let mut permissions = base;
    if let Some(o) = find(Target::Role(member.everyone)) {
        permissions = (permissions - o.deny) | o.allow;
    }
    let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
    for o in member.roles.iter().filter_map(|r| find(Target::Role(*r))) {
        allow |= o.allow;
        deny |= o.deny;
    }
    permissions = (permissions - deny) | allow;
    if let Some(o) = find(Target::Member(member.user)) {
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
        let talk = Permissions::VIEW_CHANNEL
            | Permissions::SEND_MESSAGES
            | Permissions::READ_MESSAGE_HISTORY;
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const GUILD: u64 = 1;
    const BOT_ROLE: u64 = 2;
    const BOT: u64 = 9;

    fn raw(overwrites: serde_json::Value) -> RawPermissions {
        let roles = json!([
            { "id": "1", "permissions": Permissions::VIEW_CHANNEL.bits().to_string() },
            { "id": "2", "permissions": (Permissions::SEND_MESSAGES | PIN_MESSAGES).bits().to_string() },
        ]);
        RawPermissions::parse(
            &roles,
            &json!([{ "id": "50", "permission_overwrites": overwrites }]),
        )
    }

    fn bot() -> Member<'static> {
        const ROLES: &[RoleId] = &[RoleId::new(BOT_ROLE)];
        Member {
            user: UserId::new(BOT),
            roles: ROLES,
            everyone: RoleId::new(GUILD),
        }
    }

    #[test]
    fn bits_serenity_does_not_know_are_kept() {
        assert!(base(bot(), &raw(json!([]))).contains(PIN_MESSAGES));
    }

    #[test]
    fn overwrites_apply_everyone_then_roles_then_the_member() {
        let view = Permissions::VIEW_CHANNEL.bits().to_string();
        let send = Permissions::SEND_MESSAGES.bits().to_string();
        let hidden = raw(json!([{ "id": "1", "type": 0, "allow": "0", "deny": view }]));
        assert_eq!(
            in_channel(bot(), &hidden, ChannelId::new(50)),
            Permissions::empty()
        );
        let let_in = raw(json!([
            { "id": "1", "type": 0, "allow": "0", "deny": view },
            { "id": "2", "type": 0, "allow": "0", "deny": send },
            { "id": "9", "type": 1, "allow": view, "deny": "0" },
        ]));
        let held = in_channel(bot(), &let_in, ChannelId::new(50));
        assert!(held.contains(Permissions::VIEW_CHANNEL | PIN_MESSAGES));
        assert!(
            !held.contains(Permissions::SEND_MESSAGES),
            "the role's deny stands"
        );
    }
}
