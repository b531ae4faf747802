//! `[limits]`: caps that keep one person or team from exhausting what
//! everybody shares — Discord's object limits (250 roles, 500 channels per
//! server) and mentors' attention. Every cap has a default; the refusals say
//! the cap and when it resets.

use serde::Deserialize;

use super::event::EventConfig;
use super::problems::{ConfigProblem, KeyPath};

/// Discord's limit of roles in one server (with `@everyone`).
pub const DISCORD_MAX_ROLES: u32 = 250;
/// Discord's limit of channels in one server (categories included).
pub const DISCORD_MAX_CHANNELS: u32 = 500;
/// Channels in one category before the next projects category is opened.
pub const CHANNELS_PER_CATEGORY: u32 = 50;
/// Roles kept free for organizers' own use whatever the teams do.
pub const FREE_ROLES: u32 = 30;
/// Channels kept free for organizers' own use whatever the teams do.
pub const FREE_CHANNELS: u32 = 50;

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsSettings {
    /// Teams in the whole event; by default as many as leave
    /// [`FREE_ROLES`] roles and [`FREE_CHANNELS`] channels free after the
    /// event's own roles and channels.
    pub max_teams: Option<u32>,
    /// Invitations and join requests waiting for an answer, per team.
    pub pending_invitations_per_team: u32,
    /// Help posts not resolved yet, per author (`/ask` and posts by hand).
    pub open_help_posts_per_author: u32,
    /// "Looking for a team" posts per person in any 24 hours.
    pub lft_posts_per_day: u32,
    /// Hours before a team may invite again a person who declined.
    pub reinvite_after_decline_hours: u32,
    /// Hours before a person who disbanded a team may create another.
    pub create_after_disband_hours: u32,
}

impl Default for LimitsSettings {
    fn default() -> Self {
        Self {
            max_teams: None,
            pending_invitations_per_team: 5,
            open_help_posts_per_author: 3,
            lft_posts_per_day: 3,
            reinvite_after_decline_hours: 24,
            create_after_disband_hours: 12,
        }
    }
}

/// What the event's server plan takes of Discord's limits before any team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerFootprint {
    pub roles: u32,
    pub channels: u32,
}

impl ServerFootprint {
    /// `@everyone`, the bot's own role, the event's roles and the skill
    /// roles; the event's channels and the first projects category.
    pub fn of(event: &EventConfig) -> Self {
        let mut skill_roles: Vec<&str> = event
            .help
            .mentor_skills
            .iter()
            .filter_map(|s| s.role.as_deref())
            .collect();
        skill_roles.sort_unstable();
        skill_roles.dedup();
        let roles = 2 + 3 + skill_roles.len() as u32;
        let channels = 6 + u32::from(event.channels.gpu_board.is_some());
        Self { roles, channels }
    }

    /// Roles and channels `teams` teams add: one role, one channel each,
    /// and another projects category every [`CHANNELS_PER_CATEGORY`].
    pub fn with_teams(self, teams: u32) -> Self {
        let extra_categories = teams.div_ceil(CHANNELS_PER_CATEGORY).saturating_sub(1);
        Self {
            roles: self.roles + teams,
            channels: self.channels + teams + extra_categories,
        }
    }

    /// Whether `teams` teams leave the wanted free roles and channels.
    pub fn leaves_room_for(self, teams: u32) -> bool {
        let used = self.with_teams(teams);
        used.roles + FREE_ROLES <= DISCORD_MAX_ROLES
            && used.channels + FREE_CHANNELS <= DISCORD_MAX_CHANNELS
    }

    /// The most teams that leave the wanted free roles and channels.
    pub fn max_teams(self) -> u32 {
        let mut n = DISCORD_MAX_ROLES.saturating_sub(FREE_ROLES + self.roles);
        while n > 0 && !self.leaves_room_for(n) {
            n -= 1;
        }
        n
    }
}

impl EventConfig {
    /// How many teams the event allows (see [`LimitsSettings::max_teams`]).
    pub fn team_cap(&self) -> u32 {
        self.limits
            .max_teams
            .unwrap_or_else(|| ServerFootprint::of(self).max_teams())
    }
}

/// Checks `[limits]` against the server plan: one problem per mistake.
pub(super) fn validate(event: &EventConfig, problems: &mut Vec<ConfigProblem>) {
    let path = KeyPath::root().key("limits");
    let l = &event.limits;
    let footprint = ServerFootprint::of(event);
    if let Some(max) = l.max_teams {
        if max == 0 {
            problems.push(ConfigProblem::new(
                path.key("max_teams"),
                "must be at least 1".to_string(),
            ));
        } else if !footprint.leaves_room_for(max) {
            problems.push(ConfigProblem::new(
                path.key("max_teams"),
                format!(
                    "leaves fewer than {FREE_ROLES} free roles of {DISCORD_MAX_ROLES} or \
                     {FREE_CHANNELS} free channels of {DISCORD_MAX_CHANNELS} after the event's \
                     own {} roles and {} channels; at most {}",
                    footprint.roles,
                    footprint.channels,
                    footprint.max_teams()
                ),
            ));
        }
    }
    for (key, value) in [
        (
            "pending_invitations_per_team",
            l.pending_invitations_per_team,
        ),
        ("open_help_posts_per_author", l.open_help_posts_per_author),
        ("lft_posts_per_day", l.lft_posts_per_day),
    ] {
        if value == 0 {
            problems.push(ConfigProblem::new(
                path.key(key),
                "must be at least 1".to_string(),
            ));
        }
    }
    for (key, value) in [
        (
            "reinvite_after_decline_hours",
            l.reinvite_after_decline_hours,
        ),
        ("create_after_disband_hours", l.create_after_disband_hours),
    ] {
        if value > 24 * 30 {
            problems.push(ConfigProblem::new(
                path.key(key),
                "must be at most 720 (30 days)".to_string(),
            ));
        }
    }
}
