//! What a server needs for the event, worked out from a snapshot of it: the
//! checks of `/setup check` and the creations of `/setup apply`. Pure, so it
//! is tested without Discord.

use std::collections::HashMap;

use serenity::all::{ChannelId, ChannelType, GuildChannel, Permissions, Role, RoleId, UserId};

use super::bot_permissions::{self, NEEDS};
use super::channel_access::{self, Purpose};

use crate::config::EventConfig;

/// Discord's limits that the event can run into.
pub const MAX_ROLES: usize = 250;
pub const MAX_CHANNELS_PER_CATEGORY: usize = 50;
/// Free roles wanted for team roles before warning.
pub const ROLE_HEADROOM: usize = 50;

/// The server as the bot sees it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub channels: Vec<GuildChannel>,
    pub roles: HashMap<RoleId, Role>,
    /// The `@everyone` role's id (the guild id).
    pub everyone: RoleId,
    pub bot_roles: Vec<RoleId>,
    /// The bot's user id (its own channel overwrites).
    pub bot_user: UserId,
    /// Every permission bit of roles and overwrites.
    pub raw: channel_access::RawPermissions,
}

impl Snapshot {
    /// The bot's server-wide permissions: `@everyone` plus its roles.
    pub fn bot_permissions(&self) -> Permissions {
        channel_access::base(self.bot(), &self.raw)
    }

    fn bot(&self) -> channel_access::Member<'_> {
        channel_access::Member {
            user: self.bot_user,
            roles: &self.bot_roles,
            everyone: self.everyone,
        }
    }

    /// What the bot may do in `channel`, overwrites included.
    pub fn bot_permissions_in(&self, channel: &GuildChannel) -> Permissions {
        channel_access::in_channel(self.bot(), &self.raw, channel.id)
    }

    fn bot_top_position(&self) -> u16 {
        self.bot_roles
            .iter()
            .filter_map(|id| self.roles.get(id))
            .map(|r| r.position)
            .max()
            .unwrap_or(0)
    }

    fn channel(&self, name: &str) -> Option<&GuildChannel> {
        self.channels
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    fn category(&self, name: &str) -> Option<&GuildChannel> {
        self.channels.iter().find(|c| {
            c.kind == ChannelType::Category && c.name.trim().eq_ignore_ascii_case(name.trim())
        })
    }

    fn role(&self, name: &str) -> Option<&Role> {
        self.roles
            .values()
            .find(|r| r.name.trim().eq_ignore_ascii_case(name.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Missing,
    Warning,
}

/// A localizable text: message id and arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

fn text(id: &'static str, args: &[(&'static str, &str)]) -> Text {
    Text {
        id,
        args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
    }
}

/// Something `/setup apply` can create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Creation {
    TextChannel(String),
    Forum {
        name: String,
        tags: Vec<String>,
    },
    ForumTags {
        channel: ChannelId,
        tags: Vec<String>,
    },
    Category(String),
    Role(String),
}

impl Creation {
    /// A short label for confirmations (names are shown as typed in config).
    pub fn label(&self) -> String {
        match self {
            Creation::TextChannel(n) => format!("#{n}"),
            Creation::Forum { name, .. } => format!("#{name}"),
            Creation::ForumTags { tags, .. } => tags.join(", "),
            Creation::Category(n) => format!("“{n}”"),
            Creation::Role(n) => format!("@{n}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub status: Status,
    pub what: Text,
    pub fix: Option<Text>,
    pub creation: Option<Creation>,
}

impl Finding {
    fn ok(what: Text) -> Self {
        Finding {
            status: Status::Ok,
            what,
            fix: None,
            creation: None,
        }
    }

    fn missing(what: Text, fix: Text, creation: Option<Creation>) -> Self {
        Finding {
            status: Status::Missing,
            what,
            fix: Some(fix),
            creation,
        }
    }

    fn warning(what: Text, fix: Text) -> Self {
        Finding {
            status: Status::Warning,
            what,
            fix: Some(fix),
            creation: None,
        }
    }
}

/// Everything the event needs from the server, checked against `snap`.
pub fn inspect(event: &EventConfig, snap: &Snapshot) -> Vec<Finding> {
    let mut out = Vec::new();
    let c = &event.channels;
    let board = c.gpu_board.as_ref();
    let purposes = [
        (&c.find_team, Purpose::FindTeam),
        (&c.intros, Purpose::Intros),
        (&c.announcements, Purpose::Announcements),
        (&c.log, Purpose::Log),
    ];
    for (name, purpose) in purposes
        .into_iter()
        .chain(board.map(|b| (b, Purpose::GpuBoard)))
    {
        out.push(text_channel(snap, name));
        out.extend(access(snap, snap.channel(name), name, purpose));
    }
    out.extend(forum(event, snap));
    let forum_channel = snap.channel(&c.help_forum);
    out.extend(access(
        snap,
        forum_channel,
        &c.help_forum,
        Purpose::HelpForum,
    ));
    out.push(category(snap, &c.projects_category));
    let projects = snap.category(&c.projects_category);
    out.extend(access(
        snap,
        projects,
        &c.projects_category,
        Purpose::ProjectsCategory,
    ));

    let r = &event.roles;
    for name in [&r.organizer, &r.mentor, &r.participant] {
        let what = text("setup-role", &[("name", name)]);
        out.push(match snap.role(name) {
            Some(_) => Finding::ok(what),
            None => Finding::missing(
                what,
                text("setup-role-missing-fix", &[]),
                Some(Creation::Role(name.clone())),
            ),
        });
    }
    if let Some(participant) = snap.role(&r.participant) {
        let what = text("setup-bot-role-position", &[("role", &participant.name)]);
        out.push(if snap.bot_top_position() > participant.position {
            Finding::ok(what)
        } else {
            Finding::missing(
                what,
                text(
                    "setup-bot-role-position-fix",
                    &[("role", &participant.name)],
                ),
                None,
            )
        });
    }

    let perms = snap.bot_permissions();
    let admin = perms.administrator();
    for need in NEEDS {
        let what = text("setup-permission", &[("permission", need.name)]);
        out.push(if admin || perms.contains(need.permission) {
            Finding::ok(what)
        } else {
            Finding::missing(what, text("setup-permission-fix", &[]), None)
        });
    }
    // A role ping notifies only when the role is mentionable or the bot may
    // mention every role; team roles are made non-mentionable.
    let pings_any_role = perms.contains(Permissions::MENTION_EVERYONE);
    for name in [&r.mentor, &r.organizer] {
        if let Some(role) = snap.role(name) {
            let what = text("setup-pings", &[("role", &role.name)]);
            out.push(if pings_any_role || role.mentionable {
                Finding::ok(what)
            } else {
                Finding::missing(what, text("setup-pings-fix", &[("role", &role.name)]), None)
            });
        }
    }
    let what = text("setup-pings-teams", &[]);
    out.push(if pings_any_role {
        Finding::ok(what)
    } else {
        Finding::missing(what, text("setup-pings-teams-fix", &[]), None)
    });

    let count = snap.roles.len();
    let what = text("setup-role-limit", &[("count", &count.to_string())]);
    out.push(if MAX_ROLES.saturating_sub(count) >= ROLE_HEADROOM {
        Finding::ok(what)
    } else {
        Finding::warning(
            what,
            text(
                "setup-role-limit-fix",
                &[("needed", &ROLE_HEADROOM.to_string())],
            ),
        )
    });
    out
}

fn text_channel(snap: &Snapshot, name: &str) -> Finding {
    let what = text("setup-channel", &[("name", name), ("kind", "text")]);
    match snap.channel(name) {
        Some(ch) if matches!(ch.kind, ChannelType::Text | ChannelType::News) => Finding::ok(what),
        Some(_) => Finding::missing(
            what,
            text("setup-channel-wrong-kind-fix", &[("kind", "text")]),
            None,
        ),
        None => Finding::missing(
            what,
            text("setup-channel-missing-fix", &[]),
            Some(Creation::TextChannel(name.to_string())),
        ),
    }
}

fn forum(event: &EventConfig, snap: &Snapshot) -> Vec<Finding> {
    let name = &event.channels.help_forum;
    let h = &event.help;
    let wanted: Vec<String> = [&h.tag, &h.open_tag, &h.claimed_tag, &h.resolved_tag]
        .into_iter()
        .cloned()
        .collect();
    let what = text("setup-channel", &[("name", name), ("kind", "forum")]);
    match snap.channel(name) {
        None => vec![Finding::missing(
            what,
            text("setup-channel-missing-fix", &[]),
            Some(Creation::Forum {
                name: name.clone(),
                tags: wanted,
            }),
        )],
        Some(ch) if ch.kind != ChannelType::Forum => vec![Finding::missing(
            what,
            text("setup-channel-wrong-kind-fix", &[("kind", "forum")]),
            None,
        )],
        Some(ch) => {
            let mut out = vec![Finding::ok(what)];
            let missing: Vec<String> = wanted
                .iter()
                .filter(|t| {
                    !ch.available_tags
                        .iter()
                        .any(|a| a.name.eq_ignore_ascii_case(t))
                })
                .cloned()
                .collect();
            for tag in &wanted {
                let what = text("setup-forum-tag", &[("tag", tag), ("forum", name)]);
                if missing.contains(tag) {
                    // One creation adds every missing tag at once.
                    let creation = (tag == &missing[0]).then(|| Creation::ForumTags {
                        channel: ch.id,
                        tags: missing.clone(),
                    });
                    out.push(Finding::missing(
                        what,
                        text("setup-forum-tag-fix", &[]),
                        creation,
                    ));
                } else {
                    out.push(Finding::ok(what));
                }
            }
            out
        }
    }
}

fn category(snap: &Snapshot, name: &str) -> Finding {
    let what = text("setup-category", &[("name", name)]);
    match snap.category(name) {
        None => Finding::missing(
            what,
            text("setup-channel-missing-fix", &[]),
            Some(Creation::Category(name.to_string())),
        ),
        Some(cat) => {
            let children = snap
                .channels
                .iter()
                .filter(|c| c.parent_id == Some(cat.id))
                .count();
            if children >= MAX_CHANNELS_PER_CATEGORY {
                Finding::warning(
                    what,
                    text(
                        "setup-category-full-fix",
                        &[("count", &children.to_string())],
                    ),
                )
            } else {
                Finding::ok(what)
            }
        }
    }
}

/// What the bot lacks in a configured channel or category; nothing when the
/// channel is missing (its own finding says so).
fn access(
    snap: &Snapshot,
    channel: Option<&GuildChannel>,
    name: &str,
    purpose: Purpose,
) -> Option<Finding> {
    let channel = channel?;
    let what = text("setup-access", &[("name", name)]);
    let lacking = purpose.needs() - snap.bot_permissions_in(channel);
    if lacking.is_empty() {
        return Some(Finding::ok(what));
    }
    let names = bot_permissions::names(lacking).join(", ");
    Some(Finding::missing(
        what,
        text(
            "setup-access-fix",
            &[("permissions", &names), ("name", name)],
        ),
        None,
    ))
}
