//! Teams and memberships. Size, uniqueness of names and "one team per person"
//! are enforced by the schema and by conditional writes in one transaction.

use chrono::{DateTime, Utc};
use futures::FutureExt;
use sqlx::{AnyConnection, FromRow};

use super::caps::lock_scope;
use super::gpu::{release_team_gpu, TeamGpuReleased};
use super::{
    from_millis, from_millis_opt, id_from_db, id_to_db, millis, Result, Store, StoreError, Tx,
};

/// A registered team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub event_id: String,
    pub name: String,
    pub topic: String,
    pub ods: Option<u8>,
    pub captain_id: u64,
    pub max_members: u32,
    pub member_count: u32,
    pub is_open: bool,
    pub role_id: Option<u64>,
    pub channel_id: Option<u64>,
    pub late_submission_until: Option<DateTime<Utc>>,
    /// Organizers reopened registration for this team until then.
    pub registration_override_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Team {
    pub fn free_places(&self) -> u32 {
        self.max_members.saturating_sub(self.member_count)
    }
}

/// A team and its members' Discord ids, oldest member first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamWithMembers {
    pub team: Team,
    pub members: Vec<u64>,
}

/// What is needed to create a team; the name is already validated.
#[derive(Debug, Clone)]
pub struct NewTeam {
    pub event_id: String,
    pub name: String,
    pub name_key: String,
    pub topic: String,
    pub ods: Option<u8>,
    pub captain_id: u64,
    pub max_members: u32,
    pub now: DateTime<Utc>,
}

#[derive(FromRow)]
struct TeamRow {
    id: i64,
    event_id: String,
    name: String,
    topic: String,
    ods: Option<i64>,
    captain_id: i64,
    max_members: i64,
    member_count: i64,
    is_open: i64,
    role_id: Option<i64>,
    channel_id: Option<i64>,
    late_submission_until: Option<i64>,
    registration_override_until: Option<i64>,
    created_at: i64,
}

impl TryFrom<TeamRow> for Team {
    type Error = super::StoreError;

    fn try_from(r: TeamRow) -> Result<Self> {
        Ok(Team {
            id: r.id,
            event_id: r.event_id,
            name: r.name,
            topic: r.topic,
            ods: r.ods.and_then(|v| u8::try_from(v).ok()),
            captain_id: id_from_db(r.captain_id),
            max_members: u32::try_from(r.max_members).unwrap_or(0),
            member_count: u32::try_from(r.member_count).unwrap_or(0),
            is_open: r.is_open != 0,
            role_id: r.role_id.map(id_from_db),
            channel_id: r.channel_id.map(id_from_db),
            late_submission_until: from_millis_opt(r.late_submission_until)?,
            registration_override_until: from_millis_opt(r.registration_override_until)?,
            created_at: from_millis(r.created_at)?,
        })
    }
}

const TEAM_COLUMNS: &str =
    "id, event_id, name, topic, ods, captain_id, max_members, member_count, \
     is_open, role_id, channel_id, late_submission_until, registration_override_until, created_at";

async fn team_in(conn: &mut AnyConnection, team_id: i64) -> Result<Option<Team>> {
    let row: Option<TeamRow> =
        sqlx::query_as(&format!("SELECT {TEAM_COLUMNS} FROM teams WHERE id = $1"))
            .bind(team_id)
            .fetch_optional(conn)
            .await?;
    row.map(Team::try_from).transpose()
}

/// Outcome of [`Store::create_team`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateTeamOutcome {
    Created(Team),
    NameTaken,
    AlreadyInTeam,
    /// The event has as many teams as its cap.
    TooManyTeams {
        cap: u32,
    },
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
    /// The last member left; the team no longer exists (and what it held
    /// on the GPU queue was given back).
    RemovedLast(Team, TeamGpuReleased),
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

impl Store {
    /// Creates a team with its creator as captain and first member.
    pub async fn create_team(&self, new: &NewTeam) -> Result<CreateTeamOutcome> {
        self.create_team_capped(new, None).await
    }

    /// Creates a team unless the event already has `max_teams` (checked in
    /// the same transaction, after the event's cap lock, so simultaneous
    /// creations never pass the cap).
    pub async fn create_team_capped(
        &self,
        new: &NewTeam,
        max_teams: Option<u32>,
    ) -> Result<CreateTeamOutcome> {
        self.transaction(|conn| {
            let new = new.clone();
            async move {
                if let Some(cap) = max_teams {
                    lock_scope(conn, &format!("teams:{}", new.event_id)).await?;
                    let count: i64 =
                        sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE event_id = $1")
                            .bind(&new.event_id)
                            .fetch_one(&mut *conn)
                            .await?;
                    if count >= i64::from(cap) {
                        return Ok(Tx::Rollback(CreateTeamOutcome::TooManyTeams { cap }));
                    }
                }
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO teams (event_id, name, name_key, topic, ods, captain_id, \
                     max_members, member_count, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) \
                     ON CONFLICT (event_id, name_key) DO NOTHING RETURNING id",
                )
                .bind(&new.event_id)
                .bind(&new.name)
                .bind(&new.name_key)
                .bind(&new.topic)
                .bind(new.ods.map(i64::from))
                .bind(id_to_db(new.captain_id))
                .bind(i64::from(new.max_members))
                .bind(millis(new.now))
                .fetch_optional(&mut *conn)
                .await?;
                let Some(id) = id else {
                    return Ok(Tx::Rollback(CreateTeamOutcome::NameTaken));
                };
                if !insert_membership(conn, &new.event_id, id, new.captain_id, new.now).await? {
                    // Nothing of the team may remain.
                    return Ok(Tx::Rollback(CreateTeamOutcome::AlreadyInTeam));
                }
                let team = team_in(conn, id).await?.ok_or_else(vanished)?;
                Ok(Tx::Commit(CreateTeamOutcome::Created(team)))
            }
            .boxed()
        })
        .await
    }

    /// Adds `user_id` to a team if it has a free place and the person is in
    /// no team of this event.
    pub async fn join_team(
        &self,
        event_id: &str,
        team_id: i64,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<JoinOutcome> {
        let outcome = self
            .transaction(|conn| {
                let event_id = event_id.to_owned();
                async move { join_in(conn, &event_id, team_id, user_id, now).await }.boxed()
            })
            .await?;
        match outcome {
            JoinOutcome::AlreadyInTeam(_) => Ok(JoinOutcome::AlreadyInTeam(
                self.team_of(event_id, user_id).await?,
            )),
            other => Ok(other),
        }
    }

    /// Removes a member. The captain is removed only when alone (the team is
    /// then deleted) or when `allow_captain` is set by a caller that handles
    /// the hand-over.
    pub async fn remove_member(
        &self,
        event_id: &str,
        team_id: i64,
        user_id: u64,
        now: DateTime<Utc>,
    ) -> Result<RemoveOutcome> {
        self.transaction(|conn| {
            let event_id = event_id.to_owned();
            async move {
                let event_id = event_id.as_str();
                // The write comes first so SQLite takes its lock at once.
                let removed = sqlx::query(
                    "UPDATE teams SET member_count = member_count - 1 \
                     WHERE id = $1 AND event_id = $2 \
                       AND (captain_id <> $3 OR member_count = 1) \
                       AND EXISTS (SELECT 1 FROM memberships m \
                                   WHERE m.team_id = teams.id AND m.user_id = $3)",
                )
                .bind(team_id)
                .bind(event_id)
                .bind(id_to_db(user_id))
                .execute(&mut *conn)
                .await?
                .rows_affected();
                if removed == 0 {
                    let Some(team) = team_in(conn, team_id).await? else {
                        return Ok(Tx::Commit(RemoveOutcome::NotMember));
                    };
                    let member: Option<i64> = sqlx::query_scalar(
                        "SELECT user_id FROM memberships WHERE team_id = $1 AND user_id = $2",
                    )
                    .bind(team_id)
                    .bind(id_to_db(user_id))
                    .fetch_optional(&mut *conn)
                    .await?;
                    return Ok(Tx::Commit(
                        if member.is_some() && team.captain_id == user_id {
                            RemoveOutcome::IsCaptain
                        } else {
                            RemoveOutcome::NotMember
                        },
                    ));
                }
                sqlx::query("DELETE FROM memberships WHERE team_id = $1 AND user_id = $2")
                    .bind(team_id)
                    .bind(id_to_db(user_id))
                    .execute(&mut *conn)
                    .await?;
                let team = team_in(conn, team_id).await?.ok_or_else(vanished)?;
                if team.member_count == 0 {
                    let gpu = release_team_gpu(conn, team_id, now).await?;
                    sqlx::query("DELETE FROM teams WHERE id = $1")
                        .bind(team_id)
                        .execute(&mut *conn)
                        .await?;
                    return Ok(Tx::Commit(RemoveOutcome::RemovedLast(team, gpu)));
                }
                Ok(Tx::Commit(RemoveOutcome::Removed(team)))
            }
            .boxed()
        })
        .await
    }

    /// Makes `to` the captain if `from` is the captain and `to` a member.
    pub async fn transfer_captain(&self, team_id: i64, from: u64, to: u64) -> Result<bool> {
        let changed = sqlx::query(
            "UPDATE teams SET captain_id = $3 WHERE id = $1 AND captain_id = $2 \
             AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = teams.id AND m.user_id = $3)",
        )
        .bind(team_id)
        .bind(id_to_db(from))
        .bind(id_to_db(to))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Renames a team; the new name must be free in the event.
    pub async fn rename_team(
        &self,
        team_id: i64,
        name: &str,
        name_key: &str,
    ) -> Result<RenameOutcome> {
        let result = sqlx::query("UPDATE teams SET name = $2, name_key = $3 WHERE id = $1")
            .bind(team_id)
            .bind(name)
            .bind(name_key)
            .execute(&self.pool)
            .await;
        match result {
            Ok(r) if r.rows_affected() == 1 => Ok(RenameOutcome::Renamed),
            Ok(_) => Ok(RenameOutcome::TeamNotFound),
            Err(e) if is_unique_violation(&e) => Ok(RenameOutcome::NameTaken),
            Err(e) => Err(e.into()),
        }
    }

    /// Deletes a team with its memberships, invitations and requests;
    /// returns it as it was, with the GPU leases and requests it ended.
    pub async fn delete_team(
        &self,
        team_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<(TeamWithMembers, TeamGpuReleased)>> {
        self.transaction(|conn| {
            async move {
                // The write comes first so SQLite takes its lock at once.
                let gpu = release_team_gpu(conn, team_id, now).await?;
                let Some(team) = team_in(conn, team_id).await? else {
                    return Ok(Tx::Rollback(None));
                };
                let members = members_in(conn, team_id).await?;
                sqlx::query("DELETE FROM teams WHERE id = $1")
                    .bind(team_id)
                    .execute(&mut *conn)
                    .await?;
                Ok(Tx::Commit(Some((TeamWithMembers { team, members }, gpu))))
            }
            .boxed()
        })
        .await
    }

    pub async fn team(&self, team_id: i64) -> Result<Option<Team>> {
        let mut conn = self.pool.acquire().await?;
        team_in(&mut conn, team_id).await
    }

    /// The team with this name (compared by its key) in the event.
    pub async fn team_by_name_key(&self, event_id: &str, name_key: &str) -> Result<Option<Team>> {
        let row: Option<TeamRow> = sqlx::query_as(&format!(
            "SELECT {TEAM_COLUMNS} FROM teams WHERE event_id = $1 AND name_key = $2"
        ))
        .bind(event_id)
        .bind(name_key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Team::try_from).transpose()
    }

    /// The team `user_id` belongs to in this event.
    pub async fn team_of(&self, event_id: &str, user_id: u64) -> Result<Option<Team>> {
        let row: Option<TeamRow> = sqlx::query_as(&format!(
            "SELECT {} FROM teams t JOIN memberships m ON m.team_id = t.id \
             WHERE m.event_id = $1 AND m.user_id = $2",
            prefixed("t", TEAM_COLUMNS)
        ))
        .bind(event_id)
        .bind(id_to_db(user_id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Team::try_from).transpose()
    }

    /// Members of a team, oldest first.
    pub async fn team_members(&self, team_id: i64) -> Result<Vec<u64>> {
        let mut conn = self.pool.acquire().await?;
        members_in(&mut conn, team_id).await
    }

    /// Every team of the event with its members, ordered by name, in two
    /// queries whatever the number of teams.
    pub async fn teams_with_members(&self, event_id: &str) -> Result<Vec<TeamWithMembers>> {
        let rows: Vec<TeamRow> = sqlx::query_as(&format!(
            "SELECT {TEAM_COLUMNS} FROM teams WHERE event_id = $1 ORDER BY name_key"
        ))
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        let members: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT team_id, user_id FROM memberships WHERE event_id = $1 ORDER BY joined_at, user_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        let mut by_team: std::collections::HashMap<i64, Vec<u64>> = Default::default();
        for (team_id, user_id) in members {
            by_team
                .entry(team_id)
                .or_default()
                .push(id_from_db(user_id));
        }
        rows.into_iter()
            .map(|r| {
                let team = Team::try_from(r)?;
                let members = by_team.remove(&team.id).unwrap_or_default();
                Ok(TeamWithMembers { team, members })
            })
            .collect()
    }

    /// Teams whose name contains `fragment` (case-insensitive), for
    /// autocomplete; at most `limit`.
    pub async fn search_teams(
        &self,
        event_id: &str,
        fragment: &str,
        limit: u32,
    ) -> Result<Vec<Team>> {
        let pattern = format!("%{}%", escape_like(&fragment.trim().to_lowercase()));
        let rows: Vec<TeamRow> = sqlx::query_as(&format!(
            "SELECT {TEAM_COLUMNS} FROM teams WHERE event_id = $1 AND name_key LIKE $2 ESCAPE '\\' \
             ORDER BY name_key LIMIT $3"
        ))
        .bind(event_id)
        .bind(pattern)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Team::try_from).collect()
    }

    pub async fn count_teams(&self, event_id: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE event_id = $1")
            .bind(event_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n.max(0) as u64)
    }

    /// Records the Discord role and project channel made for a team.
    pub async fn set_team_discord(
        &self,
        team_id: i64,
        role_id: Option<u64>,
        channel_id: Option<u64>,
    ) -> Result<()> {
        self.idempotent(|| async {
            sqlx::query("UPDATE teams SET role_id = $2, channel_id = $3 WHERE id = $1")
                .bind(team_id)
                .bind(role_id.map(id_to_db))
                .bind(channel_id.map(id_to_db))
                .execute(&self.pool)
                .await?;
            Ok(())
        })
        .await
    }

    /// Marks a team open (or not) to requests from people looking for one.
    pub async fn set_team_open(&self, team_id: i64, open: bool) -> Result<()> {
        sqlx::query("UPDATE teams SET is_open = $2 WHERE id = $1")
            .bind(team_id)
            .bind(i64::from(open))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Lets a team submit after the deadline until `until` (organizers).
    pub async fn allow_late_submission(
        &self,
        team_id: i64,
        until: Option<DateTime<Utc>>,
    ) -> Result<()> {
        sqlx::query("UPDATE teams SET late_submission_until = $2 WHERE id = $1")
            .bind(team_id)
            .bind(until.map(millis))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn vanished() -> StoreError {
    StoreError::Corrupt("a team disappeared inside its own transaction".into())
}

/// Takes a place in the team and adds the membership, in the caller's
/// transaction. The place is taken by a conditional update of the team row,
/// which serializes concurrent joins on both engines (a row lock on
/// PostgreSQL, the write lock on SQLite); the membership's primary key
/// (event, person) refuses a second team. Outcomes that must leave no trace
/// ask for a rollback.
pub(super) async fn join_in(
    conn: &mut AnyConnection,
    event_id: &str,
    team_id: i64,
    user_id: u64,
    now: DateTime<Utc>,
) -> Result<Tx<JoinOutcome>> {
    let taken = sqlx::query(
        "UPDATE teams SET member_count = member_count + 1, \
           is_open = CASE WHEN member_count + 1 >= max_members THEN 0 ELSE is_open END \
         WHERE id = $1 AND event_id = $2 AND member_count < max_members",
    )
    .bind(team_id)
    .bind(event_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if taken == 0 {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM teams WHERE id = $1 AND event_id = $2")
                .bind(team_id)
                .bind(event_id)
                .fetch_optional(&mut *conn)
                .await?;
        return Ok(Tx::Rollback(if exists.is_some() {
            JoinOutcome::TeamFull
        } else {
            JoinOutcome::TeamNotFound
        }));
    }
    if !insert_membership(conn, event_id, team_id, user_id, now).await? {
        return Ok(Tx::Rollback(JoinOutcome::AlreadyInTeam(None)));
    }
    let team = team_in(conn, team_id).await?.ok_or_else(vanished)?;
    Ok(Tx::Commit(JoinOutcome::Joined(team)))
}

/// Inserts a membership unless the person is already in a team of the event.
async fn insert_membership(
    conn: &mut AnyConnection,
    event_id: &str,
    team_id: i64,
    user_id: u64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO memberships (event_id, team_id, user_id, joined_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (event_id, user_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(team_id)
    .bind(id_to_db(user_id))
    .bind(millis(now))
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

async fn members_in(conn: &mut AnyConnection, team_id: i64) -> Result<Vec<u64>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM memberships WHERE team_id = $1 ORDER BY joined_at, user_id",
    )
    .bind(team_id)
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(id_from_db).collect())
}

fn prefixed(alias: &str, columns: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Escapes `%`, `_` and `\` so user text matches literally in LIKE.
pub(crate) fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

/// A page of teams and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamPage {
    pub teams: Vec<Team>,
    pub total: u64,
}

/// Filters of [`Store::list_teams`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamFilter {
    /// Only teams marked open that still have a free place.
    pub open_only: bool,
    /// Only teams whose topic contains this (case-insensitive).
    pub topic: Option<String>,
}

impl Store {
    /// The captain leaves and the longest-standing other member becomes
    /// captain, in one transaction. `None` when `captain` is not the captain
    /// of `team_id` or is its only member.
    pub async fn hand_over_and_remove(
        &self,
        event_id: &str,
        team_id: i64,
        captain: u64,
    ) -> Result<Option<Team>> {
        self.transaction(|conn| {
            let event_id = event_id.to_owned();
            async move {
                // The write comes first so SQLite takes its lock at once.
                let changed = sqlx::query(
                    "UPDATE teams SET member_count = member_count - 1, \
                       captain_id = (SELECT m.user_id FROM memberships m \
                                     WHERE m.team_id = teams.id AND m.user_id <> $3 \
                                     ORDER BY m.joined_at, m.user_id LIMIT 1) \
                     WHERE id = $1 AND event_id = $2 AND captain_id = $3 AND member_count > 1",
                )
                .bind(team_id)
                .bind(&event_id)
                .bind(id_to_db(captain))
                .execute(&mut *conn)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(Tx::Rollback(None));
                }
                let removed =
                    sqlx::query("DELETE FROM memberships WHERE team_id = $1 AND user_id = $2")
                        .bind(team_id)
                        .bind(id_to_db(captain))
                        .execute(&mut *conn)
                        .await?
                        .rows_affected();
                if removed == 0 {
                    return Ok(Tx::Rollback(None));
                }
                let team = team_in(conn, team_id).await?.ok_or_else(vanished)?;
                Ok(Tx::Commit(Some(team)))
            }
            .boxed()
        })
        .await
    }

    /// Makes `to` the captain if they are a member (organizers).
    pub async fn set_captain(&self, team_id: i64, to: u64) -> Result<bool> {
        let changed = sqlx::query(
            "UPDATE teams SET captain_id = $2 WHERE id = $1 \
             AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = teams.id AND m.user_id = $2)",
        )
        .bind(team_id)
        .bind(id_to_db(to))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    /// Lets a team form and rename after registration closed, until `until`.
    pub async fn set_registration_override(
        &self,
        team_id: i64,
        until: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        let changed =
            sqlx::query("UPDATE teams SET registration_override_until = $2 WHERE id = $1")
                .bind(team_id)
                .bind(until.map(millis))
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(changed == 1)
    }

    /// One page of the event's teams, ordered by name.
    pub async fn list_teams(
        &self,
        event_id: &str,
        filter: &TeamFilter,
        offset: u32,
        limit: u32,
    ) -> Result<TeamPage> {
        let pattern = format!(
            "%{}%",
            escape_like(&filter.topic.as_deref().unwrap_or("").trim().to_lowercase())
        );
        let open = i64::from(filter.open_only);
        let condition = "event_id = $1 AND LOWER(topic) LIKE $2 ESCAPE '\\' \
             AND ($3 = 0 OR (is_open = 1 AND member_count < max_members))";
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM teams WHERE {condition}"))
                .bind(event_id)
                .bind(&pattern)
                .bind(open)
                .fetch_one(&self.pool)
                .await?;
        let rows: Vec<TeamRow> = sqlx::query_as(&format!(
            "SELECT {TEAM_COLUMNS} FROM teams WHERE {condition} ORDER BY name_key LIMIT $4 OFFSET $5"
        ))
        .bind(event_id)
        .bind(&pattern)
        .bind(open)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        Ok(TeamPage {
            teams: rows
                .into_iter()
                .map(Team::try_from)
                .collect::<Result<_>>()?,
            total: total.max(0) as u64,
        })
    }

    /// Members of a team with their Hugging Face username, oldest first.
    pub async fn members_with_hf(
        &self,
        event_id: &str,
        team_id: i64,
    ) -> Result<Vec<(u64, Option<String>)>> {
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
            "SELECT m.user_id, p.hf_username FROM memberships m \
             LEFT JOIN participants p ON p.event_id = m.event_id AND p.user_id = m.user_id \
             WHERE m.event_id = $1 AND m.team_id = $2 ORDER BY m.joined_at, m.user_id",
        )
        .bind(event_id)
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, hf)| (id_from_db(id), hf))
            .collect())
    }

    /// Team members who have not linked a Hugging Face username, with their
    /// team's name, by team.
    pub async fn members_without_hf(&self, event_id: &str) -> Result<Vec<(u64, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT m.user_id, t.name FROM memberships m \
             JOIN teams t ON t.id = m.team_id \
             LEFT JOIN participants p ON p.event_id = m.event_id AND p.user_id = m.user_id \
             WHERE m.event_id = $1 AND p.hf_username IS NULL \
             ORDER BY t.name_key, m.joined_at, m.user_id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| (id_from_db(id), name))
            .collect())
    }
}
