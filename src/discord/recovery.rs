//! After a crash (SIGKILL, a lost machine): the commands that were cut off.
//! Each command is recorded when it starts and forgotten when it ends; at the
//! next start, what is left is answered — the person is told their command
//! may not have finished — and a `/team create` cut off between storing the
//! team and recording its role and channel is undone, so no half-made team
//! stays behind.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serenity::all::{CreateInteractionResponseFollowup, GuildId, Http};

use super::reply::{fit, no_mentions};
use super::teams::{channel_slug, teardown};
use crate::config::EventConfig;
use crate::i18n::{I18n, Lang};
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
        let followup = CreateInteractionResponseFollowup::new()
            .content(fit(&text))
            .ephemeral(true)
            .allowed_mentions(no_mentions());
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
                tracing::warn!(team = team.id, name = %team.name, "removed a team a crash left half made");
                Some(team)
            }
            Err(e) => {
                tracing::error!(error = %e, team = team.id, "cannot remove a half-made team");
                None
            }
        }
    }

    /// `team` with the role and channel Discord holds for it, found by name
    /// when they were made but not recorded.
    async fn made_in_discord(&self, guild: GuildId, team: &Team) -> Team {
        let mut found = team.clone();
        if found.role_id.is_none() {
            match guild.roles(&self.http).await {
                Ok(roles) => {
                    found.role_id = roles
                        .values()
                        .find(|r| r.name == team.name)
                        .map(|r| r.id.get());
                }
                Err(e) => tracing::warn!(error = %e, "cannot list roles"),
            }
        }
        if found.channel_id.is_none() {
            let slug = channel_slug(&team.name, team.id);
            match guild.channels(&self.http).await {
                Ok(channels) => {
                    found.channel_id = channels
                        .values()
                        .find(|c| c.name == slug)
                        .map(|c| c.id.get());
                }
                Err(e) => tracing::warn!(error = %e, "cannot list channels"),
            }
        }
        found
    }
}
