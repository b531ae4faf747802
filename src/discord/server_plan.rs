//! What a server needs for the event, worked out from a snapshot of it: the
//! checks of `/setup check` and the creations of `/setup apply`. Pure, so it
//! is tested without Discord.

use std::collections::HashMap;

use serenity::all::{ChannelId, ChannelType, GuildChannel, Permissions, Role, RoleId};

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
}

impl Snapshot {
    /// The bot's server-wide permissions: `@everyone` plus its roles.
    pub fn bot_permissions(&self) -> Permissions {
        std::iter::once(&self.everyone)
            .chain(&self.bot_roles)
            .filter_map(|id| self.roles.get(id))
            .fold(Permissions::empty(), |acc, r| acc | r.permissions)
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

/// The permissions each feature needs, with their names as Discord shows them.
pub const REQUIRED_PERMISSIONS: &[(Permissions, &str)] = &[
    (Permissions::VIEW_CHANNEL, "View Channels"),
    (Permissions::SEND_MESSAGES, "Send Messages"),
    (
        Permissions::SEND_MESSAGES_IN_THREADS,
        "Send Messages in Threads",
    ),
    (Permissions::EMBED_LINKS, "Embed Links"),
    (Permissions::READ_MESSAGE_HISTORY, "Read Message History"),
    (Permissions::MANAGE_ROLES, "Manage Roles"),
    (Permissions::MANAGE_CHANNELS, "Manage Channels"),
    (Permissions::MANAGE_THREADS, "Manage Threads"),
];

/// Everything the event needs from the server, checked against `snap`.
pub fn inspect(event: &EventConfig, snap: &Snapshot) -> Vec<Finding> {
    let mut out = Vec::new();
    let c = &event.channels;
    let board = c.gpu_board.as_ref();
    for name in [&c.find_team, &c.intros, &c.announcements, &c.log]
        .into_iter()
        .chain(board)
    {
        out.push(text_channel(snap, name));
    }
    out.extend(forum(event, snap));
    out.push(category(snap, &c.projects_category));

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
    for (perm, name) in REQUIRED_PERMISSIONS {
        let what = text("setup-permission", &[("permission", name)]);
        out.push(if admin || perms.contains(*perm) {
            Finding::ok(what)
        } else {
            Finding::missing(what, text("setup-permission-fix", &[]), None)
        });
    }

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
    match snap.channels.iter().find(|c| {
        c.kind == ChannelType::Category && c.name.trim().eq_ignore_ascii_case(name.trim())
    }) {
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
