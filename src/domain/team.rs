//! Team rules and use cases: create, join, leave, kick, transfer, rename,
//! disband. Each use case takes the store and plain values and returns a
//! typed result; Discord only renders it.

use chrono::{DateTime, Utc};
use unicode_normalization::UnicodeNormalization;

use super::names::ReservedNames;
use crate::config::EventConfig;
use crate::store::{
    AcceptOutcome, CreateTeamOutcome, Invitation, InvitationKind, InvitationStatus, JoinOutcome,
    NewInvitationOutcome, NewTeam, RemoveOutcome, RenameOutcome, Store, StoreError, Team,
    TeamGpuReleased,
};

/// Longest team name, in characters (fits a Discord role and channel name).
pub const NAME_MAX_CHARS: usize = 40;
/// Shortest team name, in characters.
pub const NAME_MIN_CHARS: usize = 3;
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
pub enum TeamNameError {
    #[error("the name is too short")]
    TooShort,
    #[error("the name is too long")]
    TooLong,
    #[error("the name contains a character that is not allowed: {0:?}")]
    ForbiddenChar(char),
    #[error("the name contains an invisible character")]
    InvisibleChar,
}

impl TeamName {
    /// Accepts letters and digits of any script, spaces and `- . ' & + ! ?`
    /// (and `¡ ¿`). Everything else (`@`, `#`, `<`, `*`, `_`, `` ` ``, `|`,
    /// `~`, `>`) could ping, link or format, so it is refused, not escaped.
    pub fn parse(raw: &str) -> Result<Self, TeamNameError> {
        let display: String = raw
            .nfc()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // Control characters are refused below as forbidden, like symbols.
        let shown: String = display.chars().filter(|c| !c.is_control()).collect();
        if !crate::text::is_clean(&shown) {
            return Err(TeamNameError::InvisibleChar);
        }
        if let Some(c) = display.chars().find(|c| !Self::allowed(*c)) {
            return Err(TeamNameError::ForbiddenChar(c));
        }
        let len = display.chars().count();
        if len < NAME_MIN_CHARS || !display.chars().any(char::is_alphanumeric) {
            return Err(TeamNameError::TooShort);
        }
        if len > NAME_MAX_CHARS {
            return Err(TeamNameError::TooLong);
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
    let topic: String = crate::text::sanitize(raw)
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

/// Everything that can refuse a team action, in the user's terms. Each maps
/// to a message id in `locales/*/teams.ftl`.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("invalid team name: {0}")]
    InvalidName(#[from] TeamNameError),
    #[error("topic too short")]
    TopicTooShort,
    #[error("topic too long")]
    TopicTooLong,
    #[error("ODS must be between 1 and 17")]
    InvalidOds,
    #[error("that name is taken")]
    NameTaken,
    #[error("the name could be taken for {name}")]
    NameReserved { name: String },
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
    #[error("the last member must confirm that the team is disbanded")]
    LastMemberMustConfirm,
    #[error("that person is already in a team")]
    TargetInTeam { team: Option<String> },
    #[error("an invitation or request is already pending")]
    AlreadyPending,
    #[error("the invitation expired")]
    InvitationExpired,
    #[error("the invitation was already answered")]
    InvitationNotPending,
    #[error("no such invitation")]
    InvitationNotFound,
    #[error("this invitation is for someone else")]
    InvitationNotYours,
    #[error("a full team cannot be open")]
    FullCannotOpen,
    #[error("the event has its {cap} teams")]
    TooManyTeams { cap: u32 },
    #[error("the team has {cap} invitations or requests pending")]
    TooManyPending {
        cap: u32,
        kind: InvitationKind,
        resets_at: Option<DateTime<Utc>>,
    },
    #[error("that person declined an invitation of this team; wait until {until}")]
    ReinviteCooldown { hours: u32, until: DateTime<Utc> },
    #[error("you disbanded a team; wait until {until}")]
    CreateCooldown { hours: u32, until: DateTime<Utc> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl TeamError {
    /// The Fluent message id that explains this error to a person.
    pub fn message_id(&self) -> &'static str {
        match self {
            TeamError::InvalidName(TeamNameError::TooShort) => "team-error-name-short",
            TeamError::InvalidName(TeamNameError::TooLong) => "team-error-name-long",
            TeamError::InvalidName(TeamNameError::ForbiddenChar(_)) => "team-error-name-char",
            TeamError::InvalidName(TeamNameError::InvisibleChar) => "team-error-name-invisible",
            TeamError::TopicTooShort => "team-error-topic-short",
            TeamError::TopicTooLong => "team-error-topic-long",
            TeamError::InvalidOds => "team-error-ods",
            TeamError::NameTaken => "team-error-name-taken",
            TeamError::NameReserved { .. } => "team-error-name-reserved",
            TeamError::TeamFull => "team-error-full",
            TeamError::TeamNotFound => "team-error-not-found",
            TeamError::AlreadyInTeam { .. } => "team-error-already-in-team",
            TeamError::NotInTeam => "team-error-not-in-team",
            TeamError::NotCaptain => "team-error-not-captain",
            TeamError::CaptainMustTransfer => "team-error-captain-must-transfer",
            TeamError::TargetNotMember => "team-error-target-not-member",
            TeamError::NotYourself => "team-error-not-yourself",
            TeamError::RegistrationClosed { .. } => "team-error-registration-closed",
            TeamError::LastMemberMustConfirm => "team-error-last-member-confirm",
            TeamError::TargetInTeam { .. } => "team-error-target-in-team",
            TeamError::AlreadyPending => "team-error-already-pending",
            TeamError::InvitationExpired => "team-error-invitation-expired",
            TeamError::InvitationNotPending => "team-error-invitation-not-pending",
            TeamError::InvitationNotFound => "team-error-invitation-not-found",
            TeamError::InvitationNotYours => "team-error-invitation-not-yours",
            TeamError::FullCannotOpen => "team-error-full-cannot-open",
            TeamError::TooManyTeams { .. } => "team-error-too-many-teams",
            TeamError::TooManyPending {
                kind: InvitationKind::Invite,
                ..
            } => "team-error-too-many-invites",
            TeamError::TooManyPending {
                kind: InvitationKind::Request,
                ..
            } => "team-error-too-many-requests",
            TeamError::ReinviteCooldown { .. } => "team-error-reinvite-cooldown",
            TeamError::CreateCooldown { .. } => "team-error-create-cooldown",
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
    /// How long an invitation or a join request can be answered.
    pub invitation_expiry_hours: u32,
    /// Caps from `[limits]`.
    pub max_teams: u32,
    pub pending_invitations_per_team: u32,
    pub reinvite_after_decline_hours: u32,
    pub create_after_disband_hours: u32,
    /// Names a team may not take or look like: the event's roles and
    /// channels, plus what the caller adds from the guild.
    pub reserved: ReservedNames,
}

impl TeamPolicy {
    pub fn from_config(config: &EventConfig) -> Self {
        Self {
            event_id: config.event.id.clone(),
            max_members: config.teams.max_size,
            registration_closes: config.registration_closes_at(),
            invitation_expiry_hours: config.teams.invitation_expiry_hours,
            max_teams: config.team_cap(),
            pending_invitations_per_team: config.limits.pending_invitations_per_team,
            reinvite_after_decline_hours: config.limits.reinvite_after_decline_hours,
            create_after_disband_hours: config.limits.create_after_disband_hours,
            reserved: ReservedNames::new(
                config
                    .roles
                    .names()
                    .chain(config.channels.names())
                    .map(|(_, name)| name),
            ),
        }
    }

    /// The rules with more names reserved (the guild's current roles and
    /// channels).
    pub fn reserving<'a>(mut self, names: impl IntoIterator<Item = &'a str>) -> Self {
        self.reserved.extend(names);
        self
    }

    /// The name, parsed, unless it could be taken for a reserved one.
    pub fn team_name(&self, raw: &str) -> Result<TeamName, TeamError> {
        let name = TeamName::parse(raw)?;
        match self.reserved.clash(name.as_str()) {
            Some(reserved) => Err(TeamError::NameReserved {
                name: reserved.to_string(),
            }),
            None => Ok(name),
        }
    }

    /// The rules now: registration closes at the stored deadline, so an
    /// organizer's `/deadline edit` moves it at once, in every process
    /// sharing the database (the event file's time until it is seeded).
    pub async fn current(store: &Store, config: &EventConfig) -> Result<Self, StoreError> {
        let mut policy = Self::from_config(config);
        let id = &config.teams.registration_closes;
        if let Some(d) = store.deadline(&config.event.id, id).await? {
            policy.registration_closes = Some(d.at);
        }
        Ok(policy)
    }

    /// Whether teams may still form and change at `now`.
    pub fn ensure_open(&self, now: DateTime<Utc>) -> Result<(), TeamError> {
        match self.registration_closes {
            Some(closed_at) if now >= closed_at => Err(TeamError::RegistrationClosed { closed_at }),
            _ => Ok(()),
        }
    }

    /// Like [`Self::ensure_open`], but a team that organizers reopened may
    /// change until its override ends.
    pub fn ensure_open_for(&self, team: &Team, now: DateTime<Utc>) -> Result<(), TeamError> {
        if team.registration_override_until.is_some_and(|u| now < u) {
            return Ok(());
        }
        self.ensure_open(now)
    }

    pub fn invitation_expiry(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.invitation_expiry_hours.max(1)))
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
    let name = policy.team_name(name)?;
    let topic = clean_topic(topic)?;
    if ods.is_some_and(|o| !(1..=17).contains(&o)) {
        return Err(TeamError::InvalidOds);
    }
    let hours = policy.create_after_disband_hours;
    if let Some(at) = store.last_disband(&policy.event_id, creator).await? {
        let until = at + chrono::Duration::hours(i64::from(hours));
        if now < until {
            return Err(TeamError::CreateCooldown { hours, until });
        }
    }
    let outcome = store
        .create_team_capped(
            &NewTeam {
                event_id: policy.event_id.clone(),
                name: name.as_str().to_owned(),
                name_key: name.key().to_owned(),
                topic,
                ods,
                captain_id: creator,
                max_members: policy.max_members,
                now,
            },
            Some(policy.max_teams),
        )
        .await?;
    match outcome {
        CreateTeamOutcome::Created(team) => Ok(team),
        CreateTeamOutcome::NameTaken => Err(TeamError::NameTaken),
        CreateTeamOutcome::TooManyTeams { cap } => Err(TeamError::TooManyTeams { cap }),
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
    let team = store.team(team_id).await?.ok_or(TeamError::TeamNotFound)?;
    policy.ensure_open_for(&team, now)?;
    join_team_anytime(store, policy, team_id, user, now).await
}

/// Adds a person to a team whatever the registration window says
/// (organizers, and the window checks done by the caller).
pub async fn join_team_anytime(
    store: &Store,
    policy: &TeamPolicy,
    team_id: i64,
    user: u64,
    now: DateTime<Utc>,
) -> Result<Team, TeamError> {
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
    /// The captain left; the longest-standing member is captain now.
    HandedOver { team: Team, new_captain: u64 },
    /// The person was the last member; the team is gone, and what it held
    /// on the GPU queue was given back.
    Dissolved(Team, TeamGpuReleased),
}

/// Leaves the caller's team. A captain with teammates hands the captaincy to
/// the member who joined first; the last member leaves only when
/// `disband_if_alone` confirms that the team goes with them.
pub async fn leave_team(
    store: &Store,
    policy: &TeamPolicy,
    user: u64,
    disband_if_alone: bool,
    now: DateTime<Utc>,
) -> Result<Departure, TeamError> {
    let team = store
        .team_of(&policy.event_id, user)
        .await?
        .ok_or(TeamError::NotInTeam)?;
    policy.ensure_open_for(&team, now)?;
    let departure =
        remove_with_hand_over(store, policy, &team, user, disband_if_alone, now).await?;
    if matches!(departure, Departure::Dissolved(..)) {
        store.record_disband(&policy.event_id, user, now).await?;
    }
    Ok(departure)
}

/// Removes `user` from `team`: a captain hands over first; the last member
/// dissolves the team only when `disband_if_alone`.
async fn remove_with_hand_over(
    store: &Store,
    policy: &TeamPolicy,
    team: &Team,
    user: u64,
    disband_if_alone: bool,
    now: DateTime<Utc>,
) -> Result<Departure, TeamError> {
    if team.member_count <= 1 && !disband_if_alone {
        return Err(TeamError::LastMemberMustConfirm);
    }
    if team.captain_id == user && team.member_count > 1 {
        if let Some(after) = store
            .hand_over_and_remove(&policy.event_id, team.id, user)
            .await?
        {
            let new_captain = after.captain_id;
            return Ok(Departure::HandedOver {
                team: after,
                new_captain,
            });
        }
        // The team changed meanwhile (someone left): decide again below.
    }
    match store
        .remove_member(&policy.event_id, team.id, user, now)
        .await?
    {
        RemoveOutcome::Removed(team) => Ok(Departure::Left(team)),
        RemoveOutcome::RemovedLast(team, gpu) => Ok(Departure::Dissolved(team, gpu)),
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
    now: DateTime<Utc>,
) -> Result<Team, TeamError> {
    if captain == target {
        return Err(TeamError::NotYourself);
    }
    let team = captains_team(store, policy, captain).await?;
    policy.ensure_open_for(&team, now)?;
    match store
        .remove_member(&policy.event_id, team.id, target, now)
        .await?
    {
        RemoveOutcome::Removed(team) | RemoveOutcome::RemovedLast(team, _) => Ok(team),
        RemoveOutcome::NotMember | RemoveOutcome::IsCaptain => Err(TeamError::TargetNotMember),
    }
}

/// The captain hands the captaincy to another member.
pub async fn transfer_captain(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
    to: u64,
    now: DateTime<Utc>,
) -> Result<Team, TeamError> {
    if captain == to {
        return Err(TeamError::NotYourself);
    }
    let team = captains_team(store, policy, captain).await?;
    policy.ensure_open_for(&team, now)?;
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
    let name = policy.team_name(new_name)?;
    let team = captains_team(store, policy, captain).await?;
    policy.ensure_open_for(&team, now)?;
    apply_rename(store, &team, &name).await
}

async fn apply_rename(store: &Store, team: &Team, name: &TeamName) -> Result<Team, TeamError> {
    match store
        .rename_team(team.id, name.as_str(), name.key())
        .await?
    {
        RenameOutcome::Renamed => store.team(team.id).await?.ok_or(TeamError::TeamNotFound),
        RenameOutcome::NameTaken => Err(TeamError::NameTaken),
        RenameOutcome::TeamNotFound => Err(TeamError::TeamNotFound),
    }
}

/// A team that is gone: as it was, its members, and what it held on the GPU
/// queue (given back; the caller tells the queue, as `/gpu release` does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disbanded {
    pub team: Team,
    pub members: Vec<u64>,
    pub gpu: TeamGpuReleased,
}

async fn delete(store: &Store, team_id: i64, now: DateTime<Utc>) -> Result<Disbanded, TeamError> {
    let (gone, gpu) = store
        .delete_team(team_id, now)
        .await?
        .ok_or(TeamError::TeamNotFound)?;
    Ok(Disbanded {
        team: gone.team,
        members: gone.members,
        gpu,
    })
}

/// Disbands after the captain confirmed with a button made for `team_id`:
/// a button left over from an older team of the same captain does nothing.
pub async fn disband_confirmed(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
    team_id: i64,
    now: DateTime<Utc>,
) -> Result<Disbanded, TeamError> {
    let team = captains_team(store, policy, captain).await?;
    if team.id != team_id {
        return Err(TeamError::TeamNotFound);
    }
    policy.ensure_open_for(&team, now)?;
    let gone = delete(store, team.id, now).await?;
    store.record_disband(&policy.event_id, captain, now).await?;
    Ok(gone)
}

/// The captain invites a person; the invitation is answered with buttons.
pub async fn invite(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
    target: u64,
    now: DateTime<Utc>,
) -> Result<(Team, Invitation), TeamError> {
    if captain == target {
        return Err(TeamError::NotYourself);
    }
    let team = captains_team(store, policy, captain).await?;
    policy.ensure_open_for(&team, now)?;
    if team.free_places() == 0 {
        return Err(TeamError::TeamFull);
    }
    if let Some(other) = store.team_of(&policy.event_id, target).await? {
        return Err(TeamError::TargetInTeam {
            team: Some(other.name),
        });
    }
    let hours = policy.reinvite_after_decline_hours;
    if let Some(at) = store.last_declined_invitation(team.id, target).await? {
        let until = at + chrono::Duration::hours(i64::from(hours));
        if now < until {
            return Err(TeamError::ReinviteCooldown { hours, until });
        }
    }
    let invitation = create_capped(
        store,
        policy,
        &team,
        target,
        InvitationKind::Invite,
        captain,
        now,
    )
    .await?;
    Ok((team, invitation))
}

/// A person asks to join a team; its captain answers with buttons.
pub async fn request_to_join(
    store: &Store,
    policy: &TeamPolicy,
    user: u64,
    team_name: &str,
    now: DateTime<Utc>,
) -> Result<(Team, Invitation), TeamError> {
    let team = store
        .team_by_name_key(&policy.event_id, &TeamName::key_of(team_name))
        .await?
        .ok_or(TeamError::TeamNotFound)?;
    policy.ensure_open_for(&team, now)?;
    if let Some(own) = store.team_of(&policy.event_id, user).await? {
        return Err(TeamError::AlreadyInTeam {
            team: Some(own.name),
        });
    }
    if team.free_places() == 0 {
        return Err(TeamError::TeamFull);
    }
    let invitation = create_capped(
        store,
        policy,
        &team,
        user,
        InvitationKind::Request,
        user,
        now,
    )
    .await?;
    Ok((team, invitation))
}

/// Records a pending invitation or request within the team's cap of
/// pending ones of that kind.
async fn create_capped(
    store: &Store,
    policy: &TeamPolicy,
    team: &Team,
    user: u64,
    kind: InvitationKind,
    by: u64,
    now: DateTime<Utc>,
) -> Result<Invitation, TeamError> {
    match store
        .create_invitation_capped(
            &policy.event_id,
            team.id,
            user,
            kind,
            by,
            now,
            now + policy.invitation_expiry(),
            policy.pending_invitations_per_team,
        )
        .await?
    {
        NewInvitationOutcome::Created(invitation) => Ok(invitation),
        NewInvitationOutcome::AlreadyPending => Err(TeamError::AlreadyPending),
        NewInvitationOutcome::Capped(c) => Err(TeamError::TooManyPending {
            cap: c.cap,
            kind,
            resets_at: c.resets_at,
        }),
    }
}

/// The answer to an invitation or a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The person is in the team now.
    Joined {
        team: Team,
        invitation: Invitation,
    },
    Declined {
        team: Team,
        invitation: Invitation,
    },
}

/// Answers an invitation (by the invited person) or a join request (by the
/// team's captain). Conditional in the store: a second click finds nothing
/// pending and changes nothing.
pub async fn decide_invitation(
    store: &Store,
    policy: &TeamPolicy,
    invitation_id: i64,
    actor: u64,
    accept: bool,
    now: DateTime<Utc>,
) -> Result<Decision, TeamError> {
    let invitation = store
        .invitation(invitation_id)
        .await?
        .ok_or(TeamError::InvitationNotFound)?;
    let team = store
        .team(invitation.team_id)
        .await?
        .ok_or(TeamError::TeamNotFound)?;
    let allowed = match invitation.kind {
        InvitationKind::Invite => actor == invitation.user_id,
        InvitationKind::Request => actor == team.captain_id,
    };
    if !allowed {
        return Err(TeamError::InvitationNotYours);
    }
    match invitation.status {
        InvitationStatus::Pending => {}
        InvitationStatus::Expired => return Err(TeamError::InvitationExpired),
        _ => return Err(TeamError::InvitationNotPending),
    }
    if now >= invitation.expires_at {
        store
            .close_invitation(invitation.id, InvitationStatus::Expired, now)
            .await?;
        return Err(TeamError::InvitationExpired);
    }
    if !accept {
        if !store
            .close_invitation(invitation.id, InvitationStatus::Declined, now)
            .await?
        {
            return Err(TeamError::InvitationNotPending);
        }
        return Ok(Decision::Declined { team, invitation });
    }
    policy.ensure_open_for(&team, now)?;
    match store
        .accept_invitation(&policy.event_id, invitation.id, now)
        .await?
    {
        AcceptOutcome::Joined(team) => Ok(Decision::Joined { team, invitation }),
        AcceptOutcome::NotPending => {
            // Expired between the read and the write, or a second click.
            match store.invitation(invitation.id).await? {
                Some(i) if i.status == InvitationStatus::Pending => {
                    Err(TeamError::InvitationExpired)
                }
                _ => Err(TeamError::InvitationNotPending),
            }
        }
        AcceptOutcome::Join(JoinOutcome::TeamFull) => Err(TeamError::TeamFull),
        AcceptOutcome::Join(JoinOutcome::TeamNotFound) => Err(TeamError::TeamNotFound),
        AcceptOutcome::Join(JoinOutcome::AlreadyInTeam(_) | JoinOutcome::Joined(_)) => {
            let own = store.team_of(&policy.event_id, invitation.user_id).await?;
            Err(match invitation.kind {
                InvitationKind::Invite => TeamError::AlreadyInTeam {
                    team: own.map(|t| t.name),
                },
                InvitationKind::Request => TeamError::TargetInTeam {
                    team: own.map(|t| t.name),
                },
            })
        }
    }
}

/// The captain marks the team open (or not) to people looking for one.
pub async fn set_open(
    store: &Store,
    policy: &TeamPolicy,
    captain: u64,
    open: bool,
    now: DateTime<Utc>,
) -> Result<Team, TeamError> {
    let team = captains_team(store, policy, captain).await?;
    policy.ensure_open_for(&team, now)?;
    if open && team.free_places() == 0 {
        return Err(TeamError::FullCannotOpen);
    }
    store.set_team_open(team.id, open).await?;
    store.team(team.id).await?.ok_or(TeamError::TeamNotFound)
}

/// Organizer actions: they ignore the registration window and captaincy,
/// but not the size limit nor "one team per person".
pub mod admin {
    use super::*;

    /// The team called `name` in the event.
    pub async fn team_named(
        store: &Store,
        policy: &TeamPolicy,
        name: &str,
    ) -> Result<Team, TeamError> {
        store
            .team_by_name_key(&policy.event_id, &TeamName::key_of(name))
            .await?
            .ok_or(TeamError::TeamNotFound)
    }

    pub async fn add_member(
        store: &Store,
        policy: &TeamPolicy,
        team_name: &str,
        user: u64,
        now: DateTime<Utc>,
    ) -> Result<Team, TeamError> {
        let team = team_named(store, policy, team_name).await?;
        join_team_anytime(store, policy, team.id, user, now).await
    }

    /// Removes a member; a captain hands over, the last member dissolves
    /// the team.
    pub async fn remove_member(
        store: &Store,
        policy: &TeamPolicy,
        team_name: &str,
        user: u64,
        now: DateTime<Utc>,
    ) -> Result<Departure, TeamError> {
        let team = team_named(store, policy, team_name).await?;
        match remove_with_hand_over(store, policy, &team, user, true, now).await {
            Err(TeamError::NotInTeam) => Err(TeamError::TargetNotMember),
            other => other,
        }
    }

    pub async fn rename(
        store: &Store,
        policy: &TeamPolicy,
        team_name: &str,
        new_name: &str,
    ) -> Result<Team, TeamError> {
        let name = policy.team_name(new_name)?;
        let team = team_named(store, policy, team_name).await?;
        apply_rename(store, &team, &name).await
    }

    /// Disbands a team (no cooldown for its members: they did not choose).
    pub async fn disband(
        store: &Store,
        policy: &TeamPolicy,
        team_name: &str,
        now: DateTime<Utc>,
    ) -> Result<Disbanded, TeamError> {
        let team = team_named(store, policy, team_name).await?;
        delete(store, team.id, now).await
    }

    pub async fn set_captain(
        store: &Store,
        policy: &TeamPolicy,
        team_name: &str,
        user: u64,
    ) -> Result<Team, TeamError> {
        let team = team_named(store, policy, team_name).await?;
        if !store.set_captain(team.id, user).await? {
            return Err(TeamError::TargetNotMember);
        }
        store.team(team.id).await?.ok_or(TeamError::TeamNotFound)
    }

    /// Lets one team form and change after registration closed, for `hours`.
    pub async fn reopen_registration(
        store: &Store,
        policy: &TeamPolicy,
        team_name: &str,
        hours: u32,
        now: DateTime<Utc>,
    ) -> Result<Team, TeamError> {
        let team = team_named(store, policy, team_name).await?;
        let until = now + chrono::Duration::hours(i64::from(hours.clamp(1, 24 * 30)));
        store
            .set_registration_override(team.id, Some(until))
            .await?;
        store.team(team.id).await?.ok_or(TeamError::TeamNotFound)
    }
}

/// Who answers an invitation: the invited person, or the team's captain
/// for a join request. The kind is the stored one, so an "accept" id forged
/// onto a join request still needs the captain. `None` when the invitation
/// or its team is gone.
pub async fn invitation_answerer(
    store: &Store,
    invitation: i64,
) -> Result<Option<u64>, StoreError> {
    let Some(invitation) = store.invitation(invitation).await? else {
        return Ok(None);
    };
    let Some(team) = store.team(invitation.team_id).await? else {
        return Ok(None);
    };
    Ok(Some(match invitation.kind {
        InvitationKind::Invite => invitation.user_id,
        InvitationKind::Request => team.captain_id,
    }))
}

/// A team and its members, each with their Hugging Face username if linked.
pub struct TeamCard {
    pub team: Team,
    pub members: Vec<(u64, Option<String>)>,
}

/// The team named `name` (any spelling of its name), or `user`'s own team
/// when no name is given; `None` when there is no such team.
pub async fn team_card(
    store: &Store,
    event_id: &str,
    name: Option<&str>,
    user: u64,
) -> Result<Option<TeamCard>, StoreError> {
    let team = match name {
        Some(name) => {
            store
                .team_by_name_key(event_id, &TeamName::key_of(name))
                .await?
        }
        None => store.team_of(event_id, user).await?,
    };
    let Some(team) = team else {
        return Ok(None);
    };
    let members = store.members_with_hf(event_id, team.id).await?;
    Ok(Some(TeamCard { team, members }))
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
                matches!(TeamName::parse(bad), Err(TeamNameError::ForbiddenChar(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn invisible_characters_are_refused() {
        for bad in [
            "ab\u{200B}c",
            "a\u{2060}bc",
            "\u{FEFF}abc",
            "ab\u{202E}c",
            "a\u{00AD}bc",
        ] {
            assert_eq!(
                TeamName::parse(bad),
                Err(TeamNameError::InvisibleChar),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn names_have_bounds() {
        assert_eq!(TeamName::parse("ab"), Err(TeamNameError::TooShort));
        assert!(TeamName::parse("abc").is_ok());
        assert_eq!(
            TeamName::parse(&"x".repeat(200)),
            Err(TeamNameError::TooLong)
        );
        assert_eq!(TeamName::parse("a"), Err(TeamNameError::TooShort));
        assert_eq!(TeamName::parse("--"), Err(TeamNameError::TooShort));
        assert_eq!(
            TeamName::parse(&"x".repeat(41)),
            Err(TeamNameError::TooLong)
        );
        assert!(TeamName::parse(&"x".repeat(40)).is_ok());
        assert!(TeamName::parse("¿Qué IA? ¡Sí!").is_ok());
    }

    #[test]
    fn topics_lose_control_characters() {
        assert_eq!(clean_topic("a\nb\tc").ok().as_deref(), Some("a b c"));
        assert!(matches!(clean_topic("ab"), Err(TeamError::TopicTooShort)));
    }
}
