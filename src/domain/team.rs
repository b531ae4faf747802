//! Team rules and use cases: create, join, leave, kick, transfer, rename,
//! disband. Each use case takes the store and plain values and returns a
//! typed result; Discord only renders it.

use chrono::{DateTime, Utc};
use unicode_normalization::UnicodeNormalization;

use crate::config::EventConfig;
use crate::store::{NewTeam, Store, StoreError, Team, TeamWithMembers};

/// Longest team name, in characters (fits a Discord role and channel name).
pub const NAME_MAX_CHARS: usize = 40;
pub const NAME_MIN_CHARS: usize = 2;
pub const TOPIC_MAX_CHARS: usize = 200;

/// A team name that is safe to show anywhere: no mentions, no markdown, no
/// control characters, whitespace collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamName {
    display: String,
    key: String,
}

/// Why a team name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is too short")]
    TooShort,
    #[error("the name is too long")]
    TooLong,
    #[error("the name contains a character that is not allowed: {0:?}")]
    ForbiddenChar(char),
}

impl TeamName {
    /// Accepts letters and digits of any script, spaces and `- . ' & + ! ?`
    /// (and `¡ ¿`). Everything else (`@`, `#`, `<`, `*`, `_`, `` ` ``, `|`,
    /// `~`, `>`) could ping, link or format, so it is refused, not escaped.
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let display: String = raw
            .nfc()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(c) = display.chars().find(|c| !Self::allowed(*c)) {
            return Err(NameError::ForbiddenChar(c));
        }
        let len = display.chars().count();
        if len < NAME_MIN_CHARS || !display.chars().any(char::is_alphanumeric) {
            return Err(NameError::TooShort);
        }
        if len > NAME_MAX_CHARS {
            return Err(NameError::TooLong);
        }
        let key = Self::key_of(&display);
        Ok(Self { display, key })
    }

    fn allowed(c: char) -> bool {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '-' | '.' | '\'' | '&' | '+' | '!' | '?' | '¡' | '¿'
            )
    }

    /// The comparison key: trimmed, compatibility-normalized, lowercased.
    pub fn key_of(name: &str) -> String {
        name.nfkc()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.display
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// A topic line: free text, but bounded and without control characters so
/// it renders in one line.
pub fn clean_topic(raw: &str) -> Result<String, TeamError> {
    let topic: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let len = topic.chars().count();
    if len < 3 {
        return Err(TeamError::TopicTooShort);
    }
    if len > TOPIC_MAX_CHARS {
        return Err(TeamError::TopicTooLong);
    }
    Ok(topic)
}

/// Outcome of [`Store::create_team`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateTeamOutcome {
    Created(Team),
    NameTaken,
    AlreadyInTeam,
}

/// Outcome of [`Store::join_team`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinOutcome {
    Joined(Team),
    TeamFull,
    TeamNotFound,
    /// Already in a team (the one named, when it still exists).
    AlreadyInTeam(Option<Team>),
}

/// Outcome of [`Store::remove_member`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoveOutcome {
    Removed(Team),
    /// The last member left; the team no longer exists.
    RemovedLast(Team),
    NotMember,
    IsCaptain,
}

/// Outcome of [`Store::rename_team`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameOutcome {
    Renamed,
    NameTaken,
    TeamNotFound,
}

/// Everything that can refuse a team action, in the user's terms. Each maps
/// to a message id in `locales/*/teams.ftl`.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("invalid team name: {0}")]
    InvalidName(#[from] NameError),
    #[error("topic too short")]
    TopicTooShort,
    #[error("topic too long")]
    TopicTooLong,
    #[error("ODS must be between 1 and 17")]
    InvalidOds,
    #[error("that name is taken")]
    NameTaken,
    #[error("the team is full")]
    TeamFull,
    #[error("no such team")]
    TeamNotFound,
    #[error("already in a team")]
    AlreadyInTeam { team: Option<String> },
    #[error("not in a team")]
    NotInTeam,
    #[error("only the captain can do this")]
    NotCaptain,
    #[error("the captain must hand over before leaving")]
    CaptainMustTransfer,
    #[error("that person is not in the team")]
    TargetNotMember,
    #[error("you cannot do this to yourself")]
    NotYourself,
    #[error("registration closed at {closed_at}")]
    RegistrationClosed { closed_at: DateTime<Utc> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl TeamError {
    /// The Fluent message id that explains this error to a person.
    pub fn message_id(&self) -> &'static str {
        match self {
            TeamError::InvalidName(NameError::TooShort) => "team-error-name-short",
            TeamError::InvalidName(NameError::TooLong) => "team-error-name-long",
            TeamError::InvalidName(NameError::ForbiddenChar(_)) => "team-error-name-char",
            TeamError::TopicTooShort => "team-error-topic-short",
            TeamError::TopicTooLong => "team-error-topic-long",
            TeamError::InvalidOds => "team-error-ods",
            TeamError::NameTaken => "team-error-name-taken",
            TeamError::TeamFull => "team-error-full",
            TeamError::TeamNotFound => "team-error-not-found",
            TeamError::AlreadyInTeam { .. } => "team-error-already-in-team",
            TeamError::NotInTeam => "team-error-not-in-team",
            TeamError::NotCaptain => "team-error-not-captain",
            TeamError::CaptainMustTransfer => "team-error-captain-must-transfer",
            TeamError::TargetNotMember => "team-error-target-not-member",
            TeamError::NotYourself => "team-error-not-yourself",
            TeamError::RegistrationClosed { .. } => "team-error-registration-closed",
            TeamError::Store(_) => "error-internal",
        }
    }
}

/// The team rules of one event, read from its configuration.
#[derive(Debug, Clone)]
pub struct TeamPolicy {
    pub event_id: String,
    pub max_members: u32,
    pub registration_closes: Option<DateTime<Utc>>,
}

impl TeamPolicy {
    pub fn from_config(config: &EventConfig) -> Self {
        Self {
            event_id: config.event.id.clone(),
            max_members: config.teams.max_size,
            registration_closes: config.registration_closes_at(),
        }
    }

    fn ensure_open(&self, now: DateTime<Utc>) -> Result<(), TeamError> {
        match self.registration_closes {
            Some(closed_at) if now >= closed_at => Err(TeamError::RegistrationClosed { closed_at }),
            _ => Ok(()),
        }
    }
}

/// Creates a team; its creator becomes captain and first member.
pub async fn create_team(
    store: &Store,
    policy: &TeamPolicy,
    creator: u64,
    name: &str,
    topic: &str,
    ods: Option<u8>,
    now: DateTime<Utc>,
) -> Result<Team, TeamError> {
    policy.ensure_open(now)?;
    let name = TeamName::parse(name)?;
    let topic = clean_topic(topic)?;
    if ods.is_some_and(|o| !(1..=17).contains(&o)) {
        return Err(TeamError::InvalidOds);
    }
    let outcome = store
        .create_team(&NewTeam {
            event_id: policy.event_id.clone(),
            name: name.as_str().to_owned(),
            name_key: name.key().to_owned(),
            topic,
            ods,
            captain_id: creator,
            max_members: policy.max_members,
            now,
        })
        .await?;
    match outcome {
        CreateTeamOutcome::Created(team) => Ok(team),
        CreateTeamOutcome::NameTaken => Err(TeamError::NameTaken),
        CreateTeamOutcome::AlreadyInTeam => {
            let team = store.team_of(&policy.event_id, creator).await?;
            Err(TeamError::AlreadyInTeam {
                team: team.map(|t| t.name),
            })
        }
    }
}

/// Adds a person to a team (after an accepted invitation or request, or by
/// an organizer).
pub async fn join_team(
    store: &Store,
    policy: &TeamPolicy,
    team_id: i64,
    user: u64,
    now: DateTime<Utc>,
) -> Result<Team, TeamError> {
    policy.ensure_open(now)?;
    match store
        .join_team(&policy.event_id, team_id, user, now)
        .await?
    {
        JoinOutcome::Joined(team) => Ok(team),
        JoinOutcome::TeamFull => Err(TeamError::TeamFull),
        JoinOutcome::TeamNotFound => Err(TeamError::TeamNotFound),
        JoinOutcome::AlreadyInTeam(team) => Err(TeamError::AlreadyInTeam {
            team: team.map(|t| t.name),
        }),
    }
}

/// What happened to a team when someone left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Departure {
    /// The team goes on without the person.
    Left(Team),
    /// The person was the last member; the team is gone.
    Dissolved(Team),
}

/// Leaves the caller's team. A captain with teammates must transfer first.
pub async fn leave_team(
    store: &Store,
    policy: &TeamPolicy,
    user: u64,
) -> Result<Departure, TeamError> {
    let team = store
        .team_of(&policy.event_id, user)
        .await?
        .ok_or(TeamError::NotInTeam)?;
    match store.remove_member(&policy.event_id, team.id, user).await? {
        RemoveOutcome::Removed(team) => Ok(Departure::Left(team)),
        RemoveOutcome::RemovedLast(team) => Ok(Departure::Dissolved(team)),
        RemoveOutcome::NotMember => Err(TeamError::NotInTeam),
        RemoveOutcome::IsCaptain => Err(TeamError::CaptainMustTransfer),
    }
}

/// The caller's team, when the caller is its captain.
pub async fn captains_team(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
) -> Result<Team, TeamError> {
    let team = store
        .team_of(&policy.event_id, captain)
        .await?
        .ok_or(TeamError::NotInTeam)?;
    if team.captain_id != captain {
        return Err(TeamError::NotCaptain);
    }
    Ok(team)
}

/// The captain removes a member.
pub async fn kick_member(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
    target: u64,
) -> Result<Team, TeamError> {
    if captain == target {
        return Err(TeamError::NotYourself);
    }
    let team = captains_team(store, policy, captain).await?;
    match store
        .remove_member(&policy.event_id, team.id, target)
        .await?
    {
        RemoveOutcome::Removed(team) | RemoveOutcome::RemovedLast(team) => Ok(team),
        RemoveOutcome::NotMember | RemoveOutcome::IsCaptain => Err(TeamError::TargetNotMember),
    }
}

/// The captain hands the captaincy to another member.
pub async fn transfer_captain(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
    to: u64,
) -> Result<Team, TeamError> {
    if captain == to {
        return Err(TeamError::NotYourself);
    }
    let team = captains_team(store, policy, captain).await?;
    if !store.transfer_captain(team.id, captain, to).await? {
        return Err(TeamError::TargetNotMember);
    }
    store.team(team.id).await?.ok_or(TeamError::TeamNotFound)
}

/// The captain renames the team while registration is open.
pub async fn rename_team(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
    new_name: &str,
    now: DateTime<Utc>,
) -> Result<Team, TeamError> {
    policy.ensure_open(now)?;
    let name = TeamName::parse(new_name)?;
    let team = captains_team(store, policy, captain).await?;
    match store
        .rename_team(team.id, name.as_str(), name.key())
        .await?
    {
        RenameOutcome::Renamed => store.team(team.id).await?.ok_or(TeamError::TeamNotFound),
        RenameOutcome::NameTaken => Err(TeamError::NameTaken),
        RenameOutcome::TeamNotFound => Err(TeamError::TeamNotFound),
    }
}

/// The captain disbands the team (after confirming in Discord).
pub async fn disband_team(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
) -> Result<TeamWithMembers, TeamError> {
    let team = captains_team(store, policy, captain).await?;
    store
        .delete_team(team.id)
        .await?
        .ok_or(TeamError::TeamNotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_compared_without_case() {
        let a = TeamName::parse("  Los   Ñandúes ").expect("valid");
        assert_eq!(a.as_str(), "Los Ñandúes");
        let b = TeamName::parse("los ñandúes").expect("valid");
        assert_eq!(a.key(), b.key());
    }

    #[test]
    fn names_that_could_ping_or_format_are_refused() {
        for bad in [
            "@everyone",
            "<@123>",
            "**bold**",
            "a_b_c",
            "`code`",
            "x|y",
            "team #1",
            "a\u{0}b",
        ] {
            assert!(
                matches!(TeamName::parse(bad), Err(NameError::ForbiddenChar(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_have_bounds() {
        assert_eq!(TeamName::parse("a"), Err(NameError::TooShort));
        assert_eq!(TeamName::parse("--"), Err(NameError::TooShort));
        assert_eq!(TeamName::parse(&"x".repeat(41)), Err(NameError::TooLong));
        assert!(TeamName::parse(&"x".repeat(40)).is_ok());
        assert!(TeamName::parse("¿Qué IA? ¡Sí!").is_ok());
    }

    #[test]
    fn topics_lose_control_characters() {
        assert_eq!(clean_topic("a\nb\tc").ok().as_deref(), Some("a b c"));
        assert!(matches!(clean_topic("ab"), Err(TeamError::TopicTooShort)));
    }
}
