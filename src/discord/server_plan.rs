//! What a server needs for the event, worked out from a snapshot of it: the
//! checks of `/setup check` and the creations of `/setup apply`. The event's
//! roles and channels are looked at by their stored ids (names only count
//! to say that several things share one). Pure, so it is tested without
//! Discord.

use std::collections::HashMap;

use serenity::all::{ChannelId, ChannelType, GuildChannel, Permissions, Role, RoleId, UserId};

use super::bot_permissions::{self, NEEDS};
use super::channel_access::{self, Purpose};
use super::identity::{wanted, Shape, Wanted};
use crate::config::keys;
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
    /// The stored ids of the event's roles and channels, by key.
    pub bound: HashMap<String, u64>,
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

    /// The event channel stored under `key`, if it still exists.
    fn channel(&self, key: &str) -> Option<&GuildChannel> {
        let id = ChannelId::new(*self.bound.get(key)?);
        self.channels.iter().find(|c| c.id == id)
    }

    /// The event role stored under `key`, if it still exists.
    fn role(&self, key: &str) -> Option<&Role> {
        self.roles.get(&RoleId::new(*self.bound.get(key)?))
    }

    /// How many things of the shape have exactly `name`.
    fn named(&self, wanted: &Wanted) -> usize {
        match wanted.shape {
            Shape::Role => self
                .roles
                .values()
                .filter(|r| r.name == wanted.name)
                .count(),
            shape => self
                .channels
                .iter()
                .filter(|c| c.name == wanted.name && shape_of(c.kind) == Some(shape))
                .count(),
        }
    }
}

fn shape_of(kind: ChannelType) -> Option<Shape> {
    match kind {
        ChannelType::Text | ChannelType::News => Some(Shape::Text),
        ChannelType::Forum => Some(Shape::Forum),
        ChannelType::Category => Some(Shape::Category),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingStatus {
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

/// Something `/setup apply` can create; the event's roles and channels
/// carry their key, so the new id is stored under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Creation {
    TextChannel {
        key: String,
        name: String,
    },
    Forum {
        key: String,
        name: String,
        tags: Vec<String>,
    },
    ForumTags {
        channel: ChannelId,
        tags: Vec<String>,
    },
    Category {
        key: String,
        name: String,
    },
    Role {
        key: String,
        name: String,
    },
}

impl Creation {
    /// A short label for confirmations (names are shown as typed in config).
    pub fn label(&self) -> String {
        match self {
            Creation::TextChannel { name, .. } => format!("#{name}"),
            Creation::Forum { name, .. } => format!("#{name}"),
            Creation::ForumTags { tags, .. } => tags.join(", "),
            Creation::Category { name, .. } => format!("“{name}”"),
            Creation::Role { name, .. } => format!("@{name}"),
        }
    }

    fn new(wanted: &Wanted, event: &EventConfig) -> Self {
        let (key, name) = (wanted.key.clone(), wanted.name.clone());
        match wanted.shape {
            Shape::Role => Creation::Role { key, name },
            Shape::Text => Creation::TextChannel { key, name },
            Shape::Category => Creation::Category { key, name },
            Shape::Forum => {
                let h = &event.help;
                let tags = [&h.tag, &h.open_tag, &h.claimed_tag, &h.resolved_tag]
                    .into_iter()
                    .cloned()
                    .collect();
                Creation::Forum { key, name, tags }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub status: FindingStatus,
    pub what: Text,
    pub fix: Option<Text>,
    pub creation: Option<Creation>,
}

impl Finding {
    fn ok(what: Text) -> Self {
        Finding {
            status: FindingStatus::Ok,
            what,
            fix: None,
            creation: None,
        }
    }

    fn missing(what: Text, fix: Text, creation: Option<Creation>) -> Self {
        Finding {
            status: FindingStatus::Missing,
            what,
            fix: Some(fix),
            creation,
        }
    }

    fn warning(what: Text, fix: Text) -> Self {
        Finding {
            status: FindingStatus::Warning,
            what,
            fix: Some(fix),
            creation: None,
        }
    }
}

/// Everything the event needs from the server, checked against `snap`.
pub fn inspect(event: &EventConfig, snap: &Snapshot) -> Vec<Finding> {
    let mut out = Vec::new();
    for w in wanted(event) {
        match w.shape {
            Shape::Role => out.push(role(event, snap, &w)),
            Shape::Text => out.push(text_channel(event, snap, &w)),
            Shape::Forum => out.extend(forum(event, snap, &w)),
            Shape::Category => out.push(category(event, snap, &w)),
        }
        if let Some(purpose) = purpose_of(&w.key) {
            out.extend(access(snap, snap.channel(&w.key), &w.name, purpose));
        }
    }
    if let Some(participant) = snap.role("participant") {
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
    for key in [keys::MENTOR, keys::ORGANIZER] {
        if let Some(role) = snap.role(key) {
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

/// Not stored (or deleted): create it, unless several share the name.
fn absent(event: &EventConfig, snap: &Snapshot, w: &Wanted, what: Text) -> Finding {
    if snap.named(w) > 1 {
        Finding::missing(what, text("setup-several", &[]), None)
    } else {
        let fix = match w.shape {
            Shape::Role => "setup-role-missing-fix",
            _ => "setup-channel-missing-fix",
        };
        Finding::missing(what, text(fix, &[]), Some(Creation::new(w, event)))
    }
}

fn role(event: &EventConfig, snap: &Snapshot, w: &Wanted) -> Finding {
    let what = text("setup-role", &[("name", &w.name)]);
    match snap.role(&w.key) {
        Some(_) => Finding::ok(what),
        None => absent(event, snap, w, what),
    }
}

fn text_channel(event: &EventConfig, snap: &Snapshot, w: &Wanted) -> Finding {
    let what = text("setup-channel", &[("name", &w.name), ("kind", "text")]);
    match snap.channel(&w.key) {
        Some(ch) if matches!(ch.kind, ChannelType::Text | ChannelType::News) => Finding::ok(what),
        Some(_) => Finding::missing(
            what,
            text("setup-channel-wrong-kind-fix", &[("kind", "text")]),
            None,
        ),
        None => absent(event, snap, w, what),
    }
}

fn forum(event: &EventConfig, snap: &Snapshot, w: &Wanted) -> Vec<Finding> {
    let name = &w.name;
    let h = &event.help;
    let wanted: Vec<String> = [&h.tag, &h.open_tag, &h.claimed_tag, &h.resolved_tag]
        .into_iter()
        .cloned()
        .collect();
    let what = text("setup-channel", &[("name", name), ("kind", "forum")]);
    match snap.channel(&w.key) {
        None => vec![absent(event, snap, w, what)],
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

fn category(event: &EventConfig, snap: &Snapshot, w: &Wanted) -> Finding {
    let what = text("setup-category", &[("name", &w.name)]);
    match snap
        .channel(&w.key)
        .filter(|c| c.kind == ChannelType::Category)
    {
        None => absent(event, snap, w, what),
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

/// What an event channel is used for, by its key.
fn purpose_of(key: &str) -> Option<Purpose> {
    Some(match key {
        keys::FIND_TEAM => Purpose::FindTeam,
        keys::INTROS => Purpose::Intros,
        keys::ANNOUNCEMENTS => Purpose::Announcements,
        keys::LOG => Purpose::Log,
        keys::GPU_BOARD => Purpose::GpuBoard,
        keys::HELP_FORUM => Purpose::HelpForum,
        keys::PROJECTS_CATEGORY => Purpose::ProjectsCategory,
        _ => return None,
    })
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
