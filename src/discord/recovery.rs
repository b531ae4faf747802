//! After a crash (SIGKILL, a lost machine): the commands that were cut off.
//! Each command is recorded when it starts and forgotten when it ends; at the
//! next start, what is left is answered — the person is told their command
//! may not have finished — and a `/team create` cut off between storing the
//! team and recording its role and channel is undone, so no half-made team
//! stays behind.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serenity::all::{GuildId, Http};

use super::reply;
use super::teams::{team_channel_name, team_role_name, teardown};
use crate::config::keys;
use crate::config::EventConfig;
use crate::i18n::{I18n, Lang};
use crate::render::markup::fit;
use crate::store::{PendingInteraction, Store, Team};

/// Discord accepts follow-ups for 15 minutes after the interaction.
const TOKEN_LIFETIME: chrono::Duration = chrono::Duration::minutes(15);

/// What recovery needs; cheap clones of the bot's parts.
#[derive(Clone)]
pub struct Recovery {
    pub http: Arc<Http>,
    pub store: Store,
    pub i18n: Arc<I18n>,
    pub event: Arc<EventConfig>,
}

impl Recovery {
    /// Answers every command of `guilds` (0 for DMs) that started before
    /// `started` (this process's start) and never ended.
    pub async fn run(&self, guilds: &[u64], started: DateTime<Utc>) {
        let pending = match self
            .store
            .take_unfinished_interactions(guilds, started)
            .await
        {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "cannot read the commands a crash cut off");
                return;
            }
        };
        for p in pending {
            self.answer(&p).await;
        }
    }

    async fn answer(&self, p: &PendingInteraction) {
        tracing::warn!(command = %p.command, user = p.user_id, started = %p.started_at, "a command was cut off by a restart");
        let lang = p
            .locale
            .as_deref()
            .map(Lang::from_locale)
            .unwrap_or(self.event.event.default_language);
        let mut text = self.i18n.get_args(
            lang,
            "interrupted-command",
            &[("command", p.command.clone().into())],
        );
        if p.command == "team create" && p.guild_id != 0 {
            if let Some(team) = self.undo_half_made_team(p).await {
                text.push('\n');
                text.push_str(&self.i18n.get_args(
                    lang,
                    "interrupted-team-undone",
                    &[("name", team.name.into())],
                ));
            }
        }
        if Utc::now() - p.started_at > TOKEN_LIFETIME {
            tracing::info!(user = p.user_id, "too late to answer a cut-off command");
            return;
        }
        let followup = reply::followup().content(fit(&text)).ephemeral(true);
        if let Err(e) = self
            .http
            .create_followup_message(&p.token, &followup, vec![])
            .await
        {
            tracing::info!(error = %e, user = p.user_id, "cannot tell a person their command was cut off");
        }
    }

    /// The captain's team made by the cut-off command, if its role or channel
    /// was never recorded: deleted, with whatever Discord already made for it.
    async fn undo_half_made_team(&self, p: &PendingInteraction) -> Option<Team> {
        let team = match self.store.team_of(&self.event.event.id, p.user_id).await {
            Ok(Some(t)) => t,
            Ok(None) => return None,
            Err(e) => {
                tracing::error!(error = %e, "cannot look up a cut-off team");
                return None;
            }
        };
        let half_made = team.captain_id == p.user_id
            && team.created_at >= p.started_at - chrono::Duration::seconds(1)
            && (team.role_id.is_none() || team.channel_id.is_none());
        if !half_made {
            return None;
        }
        let guild = GuildId::new(p.guild_id);
        let found = self.made_in_discord(guild, &team).await;
        teardown(&self.http, guild, &found).await;
        match self.store.delete_team(team.id, chrono::Utc::now()).await {
            Ok(_) => {
                tracing::warn!(team = team.id, name = ?team.name, "removed a team a crash left half made");
                Some(team)
            }
            Err(e) => {
                tracing::error!(error = %e, team = team.id, "cannot remove a half-made team");
                None
            }
        }
    }

    /// `team` with what Discord made for it when the crash came between
    /// making a role or channel and recording its id. Only the bot makes
    /// these, so only they are looked at: a role with the team's prefixed
    /// name that no team has on record (no staff role can begin with the
    /// team prefix: `config check` sees to it), and a channel with the
    /// team's prefixed name inside one of the event's projects categories,
    /// known by their stored ids, that no team has on record.
    async fn made_in_discord(&self, guild: GuildId, team: &Team) -> Team {
        let mut found = team.clone();
        if found.role_id.is_some() && found.channel_id.is_some() {
            return found;
        }
        let event_id = &self.event.event.id;
        let (held_roles, held_channels): (HashSet<u64>, HashSet<u64>) =
            match self.store.teams_with_members(event_id).await {
                Ok(teams) => (
                    teams.iter().filter_map(|t| t.team.role_id).collect(),
                    teams.iter().filter_map(|t| t.team.channel_id).collect(),
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the teams");
                    return found;
                }
            };
        if found.role_id.is_none() {
            let name = team_role_name(&self.event, team);
            match guild.roles(&self.http).await {
                Ok(roles) => {
                    found.role_id = roles
                        .values()
                        .find(|r| r.name == name && !held_roles.contains(&r.id.get()))
                        .map(|r| r.id.get());
                }
                Err(e) => tracing::warn!(error = %e, "cannot list roles"),
            }
        }
        if found.channel_id.is_none() {
            let categories: HashSet<u64> = match self.store.discord_ids(event_id, guild.get()).await
            {
                Ok(ids) => ids
                    .into_iter()
                    .filter(|s| s.key.starts_with(keys::PROJECTS_CATEGORY))
                    .map(|s| s.id)
                    .collect(),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the projects categories");
                    return found;
                }
            };
            let name = team_channel_name(&self.event, team);
            match guild.channels(&self.http).await {
                Ok(channels) => {
                    found.channel_id = channels
                        .values()
                        .find(|c| {
                            c.name == name
                                && c.parent_id.is_some_and(|p| categories.contains(&p.get()))
                                && !held_channels.contains(&c.id.get())
                        })
                        .map(|c| c.id.get());
                }
                Err(e) => tracing::warn!(error = %e, "cannot list channels"),
            }
        }
        found
    }
}
