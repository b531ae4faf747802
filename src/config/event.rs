//! The event file: everything about one hackathon edition, as data.
//!
//! Loading never stops at the first mistake: each section (and each element
//! of an array of tables) is read on its own, then the whole is validated, so
//! `somosbot config check` reports every problem at once with its key path.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::jury::JurySettings;
use super::limits::LimitsSettings;
use super::participant_path::{PathSettings, WelcomeSettings};
use super::problems::{ConfigProblem, ConfigProblems, KeyPath};
use super::syntax::{is_channel_name, is_slug, line_at};
use crate::hub::rules::CardRules;
use crate::i18n::Lang;

/// Event-file texts in each language: one type for the whole bot.
pub use crate::i18n::Localized;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventInfo {
    /// A short slug that scopes every stored row (`somos600m-2024`).
    pub id: String,
    pub name: String,
    /// Language of posts no one invoked (announcements, reminders).
    pub default_language: Lang,
    #[serde(default)]
    pub website: Option<String>,
    /// Link to the participant guide, shown in welcome texts.
    #[serde(default)]
    pub guide_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubSettings {
    /// The Hub organization every deliverable must live in.
    pub organization: String,
    /// Whether a team may submit a dataset without model and demo.
    #[serde(default)]
    pub allow_corpus_only: bool,
    /// Id of the deadline after which /submit is refused (unless an
    /// organizer lets a team submit late). A key, so a renamed deadline does
    /// not need a code change.
    #[serde(default = "default_submission_deadline")]
    pub submission_deadline: String,
    /// The Hub requests this process may make (`[hub.budget]`).
    #[serde(default)]
    pub budget: BudgetSettings,
}

fn default_submission_deadline() -> String {
    "submission".to_string()
}

/// The Hub's anonymous limit: 500 API requests per 5-minute window per IP.
pub const HUB_ANONYMOUS_LIMIT: u32 = 500;
/// The Hub's rate-limit window, in seconds.
pub const HUB_WINDOW_SECONDS: u32 = 300;

/// The process's Hub budget, a token bucket shared by every command (see
/// `hub::budget`), and the per-team check cooldown. The defaults spend at
/// most 100 + 200 = 300 requests in any 5 minutes, well inside the Hub's
/// anonymous 500.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetSettings {
    /// Tokens added per window.
    pub requests_per_window: u32,
    pub window_seconds: u32,
    /// The most requests sent in a burst (the bucket's size).
    pub burst: u32,
    /// Tokens only organizer-initiated checks (recheck-all, an organizer's
    /// re-check) may use.
    pub reserve: u32,
    /// The longest a participant's request waits for a token before the
    /// answer says when to try again.
    pub max_wait_seconds: u32,
    /// A team's Hub check (`/submit`, a re-check) runs at most once per
    /// this many seconds.
    pub check_cooldown_seconds: u32,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        Self {
            requests_per_window: 200,
            window_seconds: HUB_WINDOW_SECONDS,
            burst: 100,
            reserve: 30,
            max_wait_seconds: 20,
            check_cooldown_seconds: 120,
        }
    }
}

impl BudgetSettings {
    /// The most requests the bucket can send in any `seconds`: a full
    /// burst, then the refill.
    pub fn worst_case(&self, seconds: u32) -> u64 {
        let window = u64::from(self.window_seconds.max(1));
        u64::from(self.burst)
            + (u64::from(self.requests_per_window) * u64::from(seconds)).div_ceil(window)
    }

    fn validate(&self, at: KeyPath, problems: &mut Vec<ConfigProblem>) {
        let mut push = |key: &str, msg: String| problems.push(ConfigProblem::new(at.key(key), msg));
        if self.requests_per_window == 0 {
            push("requests_per_window", "must be at least 1".into());
        }
        if self.window_seconds == 0 {
            push("window_seconds", "must be at least 1".into());
        }
        if self.burst == 0 {
            push("burst", "must be at least 1".into());
        }
        if self.reserve >= self.burst {
            push(
                "reserve",
                format!(
                    "must be less than burst ({}), or participants get nothing",
                    self.burst
                ),
            );
        }
        if self.max_wait_seconds > 60 {
            push(
                "max_wait_seconds",
                "must be at most 60: a participant should not wait longer for an answer".into(),
            );
        }
        let worst = self.worst_case(HUB_WINDOW_SECONDS);
        if self.window_seconds > 0 && worst > u64::from(HUB_ANONYMOUS_LIMIT) {
            push(
                "burst",
                format!(
                    "burst plus the refill allow {worst} requests in 5 minutes, more than the Hub's anonymous limit of {HUB_ANONYMOUS_LIMIT}"
                ),
            );
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamRules {
    pub min_size: u32,
    pub max_size: u32,
    /// Id of the deadline after which teams can no longer be formed or renamed.
    pub registration_closes: String,
    #[serde(default = "default_invitation_hours")]
    pub invitation_expiry_hours: u32,
    /// Put before a team's name to name its role, so a team role can never
    /// be called like a staff role.
    #[serde(default = "default_role_prefix")]
    pub role_prefix: String,
    /// Put before a team's channel slug, so a team channel can never be
    /// called like an event channel.
    #[serde(default = "default_channel_prefix")]
    pub channel_prefix: String,
    /// Whether the organizer and mentor roles see and write in every
    /// project channel (to help); otherwise only administrators do.
    #[serde(default = "default_true")]
    pub staff_see_project_channels: bool,
}

fn default_true() -> bool {
    true
}

fn default_invitation_hours() -> u32 {
    48
}

fn default_role_prefix() -> String {
    "Equipo · ".to_string()
}

fn default_channel_prefix() -> String {
    "equipo-".to_string()
}

/// The longest team role or channel prefix: team names keep room within
/// Discord's 100-character names.
pub const MAX_TEAM_PREFIX_CHARS: usize = 30;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    pub find_team: String,
    pub help_forum: String,
    pub intros: String,
    pub announcements: String,
    /// Where organizer actions and scheduler reports are logged.
    pub log: String,
    /// Category that holds the teams' private project channels.
    pub projects_category: String,
    /// Where the live GPU board (machines, leases, queue) is kept; no board
    /// when absent.
    #[serde(default)]
    pub gpu_board: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    pub organizer: String,
    pub mentor: String,
    pub participant: String,
}

impl Roles {
    /// Every event role as (key, name). A new role (a judge role, say) is a
    /// field above and a line here; the bot then finds, stores, checks and
    /// offers it in `/setup link` like the others.
    pub fn names(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("organizer", self.organizer.as_str()),
            ("mentor", self.mentor.as_str()),
            ("participant", self.participant.as_str()),
        ]
        .into_iter()
    }
}

impl Channels {
    /// Every event channel as (key, name); the board only when configured.
    pub fn names(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("find_team", Some(self.find_team.as_str())),
            ("help_forum", Some(self.help_forum.as_str())),
            ("intros", Some(self.intros.as_str())),
            ("announcements", Some(self.announcements.as_str())),
            ("log", Some(self.log.as_str())),
            ("projects_category", Some(self.projects_category.as_str())),
            ("gpu_board", self.gpu_board.as_deref()),
        ]
        .into_iter()
        .filter_map(|(k, n)| n.map(|n| (k, n)))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpSettings {
    /// The forum tag every help post must carry ("hackathon").
    pub tag: String,
    #[serde(default = "default_open_tag")]
    pub open_tag: String,
    #[serde(default = "default_claimed_tag")]
    pub claimed_tag: String,
    #[serde(default = "default_resolved_tag")]
    pub resolved_tag: String,
    /// Minutes before an unanswered ticket pings the matching mentors.
    #[serde(default = "default_first_ping")]
    pub ping_after_minutes: u32,
    /// Minutes before an unanswered ticket pings every mentor.
    #[serde(default = "default_second_ping")]
    pub ping_all_after_minutes: u32,
    /// Hours of inactivity after which a resolved ticket is archived.
    #[serde(default = "default_archive_hours")]
    pub archive_resolved_after_hours: u32,
    /// Mentors by skill: an unanswered post with one of these forum tags
    /// pings them first, before every mentor is pinged.
    #[serde(default)]
    pub mentor_skills: Vec<MentorSkill>,
}

/// The mentors who know about one forum tag: a role (by name), people (by
/// user id), or both.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MentorSkill {
    /// A tag of the help forum, by name.
    pub tag: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub users: Vec<u64>,
}

fn default_open_tag() -> String {
    "abierto".into()
}
fn default_claimed_tag() -> String {
    "en curso".into()
}
fn default_resolved_tag() -> String {
    "resuelto".into()
}
fn default_first_ping() -> u32 {
    60
}
fn default_second_ping() -> u32 {
    180
}
fn default_archive_hours() -> u32 {
    48
}

/// One deadline, in UTC once loaded. The file must state the offset
/// (`-12:00` for Anywhere on Earth), so no time is ever guessed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineConfig {
    pub id: String,
    pub title: Localized,
    #[serde(deserialize_with = "datetime_with_offset")]
    pub at: DateTime<FixedOffset>,
    /// How long before `at` to remind everyone ("7d", "1d", "1h").
    #[serde(default, deserialize_with = "durations")]
    pub reminders: Vec<Duration>,
}

impl DeadlineConfig {
    pub fn at_utc(&self) -> DateTime<Utc> {
        self.at.with_timezone(&Utc)
    }
}

/// What a GPU resource is; decides which requests it can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum GpuKind {
    #[serde(rename = "vm-24gb")]
    Vm24Gb,
    #[serde(rename = "space-t4-small")]
    SpaceT4Small,
}

impl GpuKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GpuKind::Vm24Gb => "vm-24gb",
            GpuKind::SpaceT4Small => "space-t4-small",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "vm-24gb" => Some(Self::Vm24Gb),
            "space-t4-small" => Some(Self::SpaceT4Small),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpuResourceConfig {
    pub name: String,
    pub kind: GpuKind,
    #[serde(default)]
    pub description: Option<String>,
    pub default_hours: u32,
    pub max_hours: u32,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpuSettings {
    #[serde(default)]
    pub pool: Vec<GpuResourceConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    pub id: String,
    /// Words (either language) that suggest this entry for a help post.
    pub keywords: Vec<String>,
    pub question: Localized,
    pub answer: Localized,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchedulerSettings {
    /// A job overdue by more than this after downtime is marked missed.
    #[serde(default = "default_grace_minutes")]
    pub grace_minutes: u32,
    /// How long a job claimed by a process that then died waits before
    /// another process takes it. A running job's lease is renewed, so this
    /// bounds the takeover delay, not how long a job may run.
    #[serde(default = "default_lease_seconds")]
    pub lease_seconds: u32,
}

fn default_grace_minutes() -> u32 {
    30
}

fn default_lease_seconds() -> u32 {
    120
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        Self {
            grace_minutes: default_grace_minutes(),
            lease_seconds: default_lease_seconds(),
        }
    }
}

/// A whole event file, loaded and validated.
#[derive(Debug, Clone)]
pub struct EventConfig {
    pub event: EventInfo,
    pub hub: HubSettings,
    pub teams: TeamRules,
    pub channels: Channels,
    pub roles: Roles,
    pub help: HelpSettings,
    pub deadlines: Vec<DeadlineConfig>,
    pub gpu: GpuSettings,
    pub faq: Vec<FaqEntry>,
    pub cards: CardRules,
    pub scheduler: SchedulerSettings,
    pub path: PathSettings,
    pub welcome: WelcomeSettings,
    /// The jury and its rubric; absent before an event plans its judging.
    pub jury: Option<JurySettings>,
    pub limits: LimitsSettings,
}

const SECTIONS: &[&str] = &[
    "event",
    "hub",
    "teams",
    "channels",
    "roles",
    "help",
    "deadlines",
    "gpu",
    "faq",
    "cards",
    "scheduler",
    "path",
    "welcome",
    "jury",
    "limits",
];

impl EventConfig {
    /// Reads and validates the event file at `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigProblems> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigProblems::single(ConfigProblem::new(
                KeyPath::root(),
                format!("cannot read {}: {e}", path.display()),
            ))
        })?;
        Self::parse(&text)
    }

    /// Parses and validates an event file's text.
    pub fn parse(text: &str) -> Result<Self, ConfigProblems> {
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let line = e.span().map(|s| line_at(text, s.start));
                let mut p = ConfigProblem::new(KeyPath::root(), e.message().to_string());
                p.line = line;
                return Err(ConfigProblems::single(p));
            }
        };
        let mut problems = Vec::new();
        for key in table.keys() {
            if !SECTIONS.contains(&key.as_str()) {
                problems.push(ConfigProblem::new(
                    KeyPath::root().key(key),
                    format!("unknown section; expected one of: {}", SECTIONS.join(", ")),
                ));
            }
        }
        let (path, path_indices) = path_section(&table, &mut problems);
        let sections = Sections {
            event: section(&table, "event", &mut problems),
            hub: section(&table, "hub", &mut problems),
            teams: section(&table, "teams", &mut problems),
            channels: section(&table, "channels", &mut problems),
            roles: section(&table, "roles", &mut problems),
            help: section(&table, "help", &mut problems),
            deadlines: array_section(&table, "deadlines", &mut problems),
            gpu: optional_section(&table, "gpu", &mut problems),
            faq: array_section(&table, "faq", &mut problems),
            cards: optional_section(&table, "cards", &mut problems),
            scheduler: optional_section(&table, "scheduler", &mut problems),
            path,
            path_indices,
            welcome: optional_section(&table, "welcome", &mut problems),
            jury: match table.get("jury") {
                Some(value) => {
                    read_value(value, KeyPath::root().key("jury"), &mut problems).map(Some)
                }
                None => Some(None),
            },
            limits: optional_section(&table, "limits", &mut problems),
        };
        // Sections that were read are validated even when others were not,
        // so one run shows every mistake.
        sections.validate(&mut problems);
        let config = sections.complete();
        if let Some(config) = &config {
            super::limits::validate(config, &mut problems);
        }
        let mut problems = ConfigProblems::new(problems);
        problems.locate(text);
        match config {
            Some(config) if problems.is_empty() => Ok(config),
            _ => Err(problems),
        }
    }

    /// The deadline with this id.
    pub fn deadline(&self, id: &str) -> Option<&DeadlineConfig> {
        self.deadlines.iter().find(|d| d.id == id)
    }

    /// When team registration closes, in UTC.
    pub fn registration_closes_at(&self) -> Option<DateTime<Utc>> {
        self.deadline(&self.teams.registration_closes)
            .map(DeadlineConfig::at_utc)
    }
}

/// The sections of an event file as far as they could be read.
struct Sections {
    event: Option<EventInfo>,
    hub: Option<HubSettings>,
    teams: Option<TeamRules>,
    channels: Option<Channels>,
    roles: Option<Roles>,
    help: Option<HelpSettings>,
    deadlines: Option<Vec<DeadlineConfig>>,
    gpu: Option<GpuSettings>,
    faq: Option<Vec<FaqEntry>>,
    cards: Option<CardRules>,
    scheduler: Option<SchedulerSettings>,
    path: Option<PathSettings>,
    /// Where each read step of `path` sits in the file.
    path_indices: Vec<usize>,
    welcome: Option<WelcomeSettings>,
    jury: Option<Option<JurySettings>>,
    limits: Option<LimitsSettings>,
}

impl Sections {
    fn complete(self) -> Option<EventConfig> {
        Some(EventConfig {
            event: self.event?,
            hub: self.hub?,
            teams: self.teams?,
            channels: self.channels?,
            roles: self.roles?,
            help: self.help?,
            deadlines: self.deadlines?,
            gpu: self.gpu?,
            faq: self.faq?,
            cards: self.cards?,
            scheduler: self.scheduler?,
            path: self.path?,
            welcome: self.welcome?,
            jury: self.jury?,
            limits: self.limits?,
        })
    }

    /// Checks the rules that span fields, one problem per mistake.
    fn validate(&self, problems: &mut Vec<ConfigProblem>) {
        let root = KeyPath::root();
        if let Some(hub) = &self.hub {
            hub.budget.validate(root.key("hub").key("budget"), problems);
        }
        let mut push =
            |path: KeyPath, msg: &str| problems.push(ConfigProblem::new(path, msg.to_string()));
        self.check_event(&mut push);
        self.check_teams(&mut push);
        self.check_channels_and_roles(&mut push);
        self.check_help(&mut push);
        self.check_deadlines(&mut push);
        self.check_gpu_and_faq(&mut push);
        self.check_cards_path_jury(&mut push);
    }

    /// The event id and name, and the Hub organization.
    fn check_event(&self, push: &mut dyn FnMut(KeyPath, &str)) {
        let root = KeyPath::root();
        if let Some(event) = &self.event {
            if !is_slug(&event.id) {
                push(
                    root.key("event").key("id"),
                    "must be a slug: lowercase letters, digits and '-' (e.g. somos600m-2024)",
                );
            }
            if event.name.trim().is_empty() {
                push(root.key("event").key("name"), "must not be empty");
            }
        }
        if let Some(hub) = &self.hub {
            if !crate::hub::repo_id::is_valid_namespace(&hub.organization) {
                push(
                    root.key("hub").key("organization"),
                    "is not a valid Hugging Face organization name",
                );
            }
        }
    }

    /// Team sizes, the registration deadline, and the prefixes that keep team
    /// roles and channels apart from the server's own.
    fn check_teams(&self, push: &mut dyn FnMut(KeyPath, &str)) {
        let root = KeyPath::root();
        if let Some(rules) = &self.teams {
            let teams = root.key("teams");
            if rules.min_size < 1 {
                push(teams.key("min_size"), "must be at least 1");
            }
            if rules.max_size < rules.min_size {
                push(teams.key("max_size"), "must be at least teams.min_size");
            }
            if rules.max_size > 25 {
                push(teams.key("max_size"), "must be at most 25");
            }
            if let Some(deadlines) = &self.deadlines {
                if !deadlines.iter().any(|d| d.id == rules.registration_closes) {
                    push(
                        teams.key("registration_closes"),
                        "names no deadline; use the id of one [[deadlines]] entry",
                    );
                }
            }
            if rules.invitation_expiry_hours == 0 {
                push(teams.key("invitation_expiry_hours"), "must be at least 1");
            }
            let role_prefix = rules.role_prefix.trim();
            if role_prefix.is_empty() {
                push(
                    teams.key("role_prefix"),
                    "must not be empty: it keeps team roles apart from staff roles",
                );
            } else if rules.role_prefix.chars().count() > MAX_TEAM_PREFIX_CHARS {
                push(teams.key("role_prefix"), "must be at most 30 characters");
            } else if rules.role_prefix.contains(['@', '#', ':', '`']) {
                push(teams.key("role_prefix"), "must not contain @ # : or `");
            } else if let Some(roles) = &self.roles {
                let lower = role_prefix.to_lowercase();
                if roles
                    .names()
                    .any(|(_, n)| n.trim().to_lowercase().starts_with(&lower))
                {
                    push(
                        teams.key("role_prefix"),
                        "must not begin a role name of [roles]: a team could take that role's name",
                    );
                }
            }
            let channel_prefix = &rules.channel_prefix;
            if channel_prefix.is_empty()
                || channel_prefix.chars().count() > MAX_TEAM_PREFIX_CHARS
                || !channel_prefix
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                push(
                    teams.key("channel_prefix"),
                    "must be 1 to 30 lowercase letters, digits, '-' or '_' (e.g. equipo-)",
                );
            } else if let Some(c) = &self.channels {
                if c.names()
                    .any(|(_, n)| n.to_lowercase().starts_with(channel_prefix.as_str()))
                {
                    push(
                        teams.key("channel_prefix"),
                        "must not begin a channel name of [channels]: a team could take that channel's name",
                    );
                }
            }
        }
    }

    /// Discord names of the channels and roles the bot uses.
    fn check_channels_and_roles(&self, push: &mut dyn FnMut(KeyPath, &str)) {
        let root = KeyPath::root();
        if let Some(c) = &self.channels {
            let channels = root.key("channels");
            for (key, name) in [
                ("find_team", &c.find_team),
                ("help_forum", &c.help_forum),
                ("intros", &c.intros),
                ("announcements", &c.announcements),
                ("log", &c.log),
            ] {
                if !is_channel_name(name) {
                    push(
                        channels.key(key),
                        "must be a Discord channel name: 1-100 lowercase letters, digits, '-' or '_', no spaces",
                    );
                }
            }
            if let Some(name) = &c.gpu_board {
                if !is_channel_name(name) {
                    push(
                        channels.key("gpu_board"),
                        "must be a Discord channel name: 1-100 lowercase letters, digits, '-' or '_', no spaces",
                    );
                }
            }
            if c.projects_category.trim().is_empty() || c.projects_category.chars().count() > 100 {
                push(
                    channels.key("projects_category"),
                    "must be 1-100 characters",
                );
            }
        }
        if let Some(r) = &self.roles {
            let roles = root.key("roles");
            for (key, name) in [
                ("organizer", &r.organizer),
                ("mentor", &r.mentor),
                ("participant", &r.participant),
            ] {
                if name.trim().is_empty() || name.chars().count() > 100 {
                    push(roles.key(key), "must be 1-100 characters");
                }
            }
            if r.organizer == r.mentor || r.organizer == r.participant {
                push(
                    roles.key("organizer"),
                    "must differ from the mentor and participant roles",
                );
            }
        }
    }

    /// The help forum's tags and the mentors' skills.
    fn check_help(&self, push: &mut dyn FnMut(KeyPath, &str)) {
        let root = KeyPath::root();
        if let Some(help) = &self.help {
            let path = root.key("help");
            if help.tag.trim().is_empty() {
                push(path.key("tag"), "must not be empty");
            }
            let status = [&help.open_tag, &help.claimed_tag, &help.resolved_tag];
            for (key, name) in [
                ("open_tag", &help.open_tag),
                ("claimed_tag", &help.claimed_tag),
                ("resolved_tag", &help.resolved_tag),
            ] {
                if name.trim().is_empty() || name.chars().count() > 20 {
                    push(path.key(key), "must be 1-20 characters (a forum tag name)");
                } else if name.eq_ignore_ascii_case(&help.tag)
                    || status
                        .iter()
                        .filter(|s| s.eq_ignore_ascii_case(name))
                        .count()
                        > 1
                {
                    push(path.key(key), "must differ from the other help tags");
                }
            }
            if help.ping_all_after_minutes < help.ping_after_minutes {
                push(
                    path.key("ping_all_after_minutes"),
                    "must be at least ping_after_minutes (everyone is pinged after the matching mentors)",
                );
            }
            let mut tags = std::collections::HashSet::new();
            for (i, skill) in help.mentor_skills.iter().enumerate() {
                let skill_path = path.key("mentor_skills").index(i);
                let tag = skill.tag.trim().to_lowercase();
                if tag.is_empty() || skill.tag.chars().count() > 20 {
                    push(
                        skill_path.key("tag"),
                        "must be 1-20 characters (a forum tag name)",
                    );
                } else if status
                    .iter()
                    .chain(std::iter::once(&&help.tag))
                    .any(|s| s.trim().eq_ignore_ascii_case(&tag))
                {
                    push(
                        skill_path.key("tag"),
                        "is the event or a status tag; name a topic tag",
                    );
                } else if !tags.insert(tag) {
                    push(skill_path.key("tag"), "is used by another mentor skill");
                }
                match &skill.role {
                    Some(role) if role.trim().is_empty() || role.chars().count() > 100 => {
                        push(skill_path.key("role"), "must be 1-100 characters");
                    }
                    None if skill.users.is_empty() => push(
                        skill_path.clone(),
                        "needs a role or users (Discord user ids)",
                    ),
                    _ => {}
                }
                if skill.users.contains(&0) {
                    push(skill_path.key("users"), "0 is not a Discord user id");
                }
            }
        }
    }

    /// Deadline ids, titles and reminders.
    fn check_deadlines(&self, push: &mut dyn FnMut(KeyPath, &str)) {
        let root = KeyPath::root();
        if let Some(deadlines) = &self.deadlines {
            let mut seen = std::collections::HashSet::new();
            for (i, d) in deadlines.iter().enumerate() {
                let path = root.key("deadlines").index(i);
                if !is_slug(&d.id) {
                    push(
                        path.key("id"),
                        "must be a slug: lowercase letters, digits and '-'",
                    );
                }
                if !seen.insert(d.id.as_str()) {
                    push(path.key("id"), "is used by another deadline");
                }
                if d.title.es.trim().is_empty() || d.title.en.trim().is_empty() {
                    push(path.key("title"), "needs both es and en texts");
                }
                for (j, r) in d.reminders.iter().enumerate() {
                    if r.is_zero() {
                        push(path.key("reminders").index(j), "must be longer than zero");
                    }
                }
            }
            if deadlines.is_empty() {
                push(
                    root.key("deadlines"),
                    "at least one deadline is needed (registration closes at one)",
                );
            }
        }
    }

    /// The GPU pool and the FAQ entries.
    fn check_gpu_and_faq(&self, push: &mut dyn FnMut(KeyPath, &str)) {
        let root = KeyPath::root();
        if let Some(gpu) = &self.gpu {
            let mut names = std::collections::HashSet::new();
            for (i, r) in gpu.pool.iter().enumerate() {
                let path = root.key("gpu").key("pool").index(i);
                if let Err(e) = super::MachineName::parse(&r.name) {
                    push(path.key("name"), &e.to_string());
                }
                if !names.insert(r.name.to_lowercase()) {
                    push(path.key("name"), "is used by another resource");
                }
                if r.max_hours == 0 {
                    push(path.key("max_hours"), "must be at least 1");
                }
                if r.default_hours == 0 || r.default_hours > r.max_hours {
                    push(path.key("default_hours"), "must be between 1 and max_hours");
                }
            }
        }
        if let Some(faq) = &self.faq {
            let mut ids = std::collections::HashSet::new();
            for (i, f) in faq.iter().enumerate() {
                let path = root.key("faq").index(i);
                if !ids.insert(f.id.as_str()) {
                    push(path.key("id"), "is used by another FAQ entry");
                }
                if f.keywords.iter().all(|k| k.trim().is_empty()) {
                    push(path.key("keywords"), "needs at least one keyword");
                }
            }
        }
    }

    /// The sections that check themselves: model cards, the path, the jury.
    fn check_cards_path_jury(&self, push: &mut dyn FnMut(KeyPath, &str)) {
        let root = KeyPath::root();
        if let Some(cards) = &self.cards {
            for (path, message) in cards.validate() {
                push(root.key("cards").dotted(&path), &message);
            }
        }
        if let Some(path) = &self.path {
            let ids: Option<Vec<&str>> = self
                .deadlines
                .as_ref()
                .map(|d| d.iter().map(|d| d.id.as_str()).collect());
            for (key, message) in path.validate(&self.path_indices, ids.as_deref()) {
                push(key, &message);
            }
        }
        if let Some(Some(jury)) = &self.jury {
            let ids: Option<Vec<&str>> = self
                .deadlines
                .as_ref()
                .map(|d| d.iter().map(|d| d.id.as_str()).collect());
            for (key, message) in jury.validate(ids.as_deref()) {
                push(key, &message);
            }
            if let Some(roles) = &self.roles {
                if [&roles.organizer, &roles.mentor, &roles.participant]
                    .iter()
                    .any(|r| **r == jury.judge_role)
                {
                    push(
                        root.key("jury").key("judge_role"),
                        "must differ from the organizer, mentor and participant roles",
                    );
                }
            }
        }
    }
}

fn section<T: DeserializeOwned>(
    table: &toml::Table,
    key: &str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<T> {
    match table.get(key) {
        Some(value) => read_value(value, KeyPath::root().key(key), problems),
        None => {
            problems.push(ConfigProblem::new(
                KeyPath::root().key(key),
                "missing section".to_string(),
            ));
            None
        }
    }
}

fn optional_section<T: DeserializeOwned + Default>(
    table: &toml::Table,
    key: &str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<T> {
    match table.get(key) {
        Some(value) => read_value(value, KeyPath::root().key(key), problems),
        None => Some(T::default()),
    }
}

/// `[path]`, its steps read one by one, so a bad step does not hide the
/// mistakes of the others: the steps that read are kept (with their index
/// in the file) for the checks that span sections, and any problem still
/// fails the whole file.
fn path_section(
    table: &toml::Table,
    problems: &mut Vec<ConfigProblem>,
) -> (Option<PathSettings>, Vec<usize>) {
    let Some(toml::Value::Table(path)) = table.get("path") else {
        let settings: Option<PathSettings> = optional_section(table, "path", problems);
        let indices = settings.as_ref().map_or(0, |p| p.steps.len());
        return (settings, (0..indices).collect());
    };
    let mut rest = path.clone();
    rest.remove("steps");
    let root = KeyPath::root().key("path");
    let settings: Option<PathSettings> =
        read_value(&toml::Value::Table(rest), root.clone(), problems);
    let mut steps = Vec::new();
    let mut indices = Vec::new();
    match path.get("steps") {
        None => {}
        Some(toml::Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(step) = read_value(item, root.key("steps").index(i), problems) {
                    steps.push(step);
                    indices.push(i);
                }
            }
        }
        Some(_) => problems.push(ConfigProblem::new(
            root.key("steps"),
            "must be an array of tables ([[path.steps]])".to_string(),
        )),
    }
    (settings.map(|s| PathSettings { steps, ..s }), indices)
}

/// Reads an array of tables element by element, so one bad element does not
/// hide the mistakes of the others.
fn array_section<T: DeserializeOwned>(
    table: &toml::Table,
    key: &str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<Vec<T>> {
    let path = KeyPath::root().key(key);
    match table.get(key) {
        None => Some(Vec::new()),
        Some(toml::Value::Array(items)) => {
            let before = problems.len();
            let read: Vec<T> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| read_value(item, path.index(i), problems))
                .collect();
            (problems.len() == before).then_some(read)
        }
        Some(_) => {
            problems.push(ConfigProblem::new(
                path,
                format!("must be an array of tables ([[{key}]])"),
            ));
            None
        }
    }
}

fn read_value<T: DeserializeOwned>(
    value: &toml::Value,
    path: KeyPath,
    problems: &mut Vec<ConfigProblem>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value.clone()) {
        Ok(v) => Some(v),
        Err(e) => {
            let inner = e.path().to_string();
            let path = if inner == "." || inner.is_empty() {
                path
            } else {
                path.dotted(&inner)
            };
            problems.push(ConfigProblem::new(path, e.into_inner().to_string()));
            None
        }
    }
}

fn datetime_with_offset<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<DateTime<FixedOffset>, D::Error> {
    use serde::de::Error;
    // Read through `toml::Value`, a TOML datetime arrives as its text.
    let text = String::deserialize(d)?;
    let value: toml::value::Datetime = text
        .parse()
        .map_err(|_| D::Error::custom(format!("`{text}` is not a TOML date-time")))?;
    if value.offset.is_none() || value.date.is_none() || value.time.is_none() {
        return Err(D::Error::custom(format!(
            "`{value}` needs a date, a time and an explicit offset, e.g. 2024-03-24T23:59:00-12:00 (Anywhere on Earth)"
        )));
    }
    DateTime::parse_from_rfc3339(&value.to_string())
        .map_err(|e| D::Error::custom(format!("`{value}` is not a valid time: {e}")))
}

fn durations<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Duration>, D::Error> {
    use serde::de::Error;
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|s| {
            humantime::parse_duration(s).map_err(|e| {
                D::Error::custom(format!(
                    "`{s}` is not a duration like \"7d\" or \"1h 30m\": {e}"
                ))
            })
        })
        .collect()
}
