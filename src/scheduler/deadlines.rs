//! The jobs a deadline plans: the reminder in the announcements channel,
//! the nudges to people without a team and to teams whose submission is not
//! complete, and the commit watch after the submission deadline. Each job
//! first checks the deadline is still at the time it was planned for.

use chrono::{DateTime, Utc};

use super::{nonce_for, put_job, Destination, Failure, Outbox, Pings, Scheduler, SendError, Task};
use crate::config::keys;
use crate::i18n::Lang;
use crate::store::Job;

impl<O: Outbox> Scheduler<O> {
    /// Reminds everyone in the announcements channel.
    pub(super) async fn remind(&self, job: &Job, deadline: &str, at: i64) -> Result<bool, Failure> {
        let Some(d) = self.current_deadline(deadline, at).await? else {
            return Ok(false);
        };
        let (when, relative) = crate::render::markup::timestamps(d.at);
        let text = self.i18n.get_args(
            self.lang(),
            "sched-reminder",
            &[
                (
                    "title",
                    crate::render::deadline::title(&d, self.lang()).into(),
                ),
                ("when", when.into()),
                ("relative", relative.into()),
            ],
        );
        self.post(job, keys::ANNOUNCEMENTS, text).await
    }

    /// Plans one nudge per known participant without a team.
    pub(super) async fn plan_people_nudges(
        &self,
        job: &Job,
        deadline: &str,
        at: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        let event_id = &self.event.event.id;
        if self.current_deadline(deadline, at).await?.is_none() {
            return Ok(false);
        }
        for (user, _) in self.store.participants_without_team(event_id).await? {
            let task = Task::NudgePerson {
                deadline: deadline.to_string(),
                at,
                user,
            };
            let key = format!("{}:{user}", job.key);
            put_job(&self.store, event_id, &key, now, &task, now, false).await?;
        }
        Ok(false)
    }

    /// Plans one nudge per team with a channel whose submission lacks
    /// something.
    pub(super) async fn plan_team_nudges(
        &self,
        job: &Job,
        deadline: &str,
        at: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        let event_id = &self.event.event.id;
        if self.current_deadline(deadline, at).await?.is_none() {
            return Ok(false);
        }
        for t in self.store.teams_with_members(event_id).await? {
            if t.team.channel_id.is_none() || self.missing(t.team.id, self.lang()).await?.is_empty()
            {
                continue;
            }
            let task = Task::NudgeTeam {
                deadline: deadline.to_string(),
                at,
                team: t.team.id,
            };
            let key = format!("{}:{}", job.key, t.team.id);
            put_job(&self.store, event_id, &key, now, &task, now, false).await?;
        }
        Ok(false)
    }

    /// DMs a participant still without a team; when their DMs are closed,
    /// mentions them in the find-a-team channel instead.
    pub(super) async fn nudge_person(
        &self,
        job: &Job,
        deadline: &str,
        at: i64,
        user: u64,
    ) -> Result<bool, Failure> {
        let event_id = &self.event.event.id;
        let Some(d) = self.current_deadline(deadline, at).await? else {
            return Ok(false);
        };
        if self.store.team_of(event_id, user).await?.is_some() {
            return Ok(false);
        }
        if !self.takes_part(user).await? {
            return Ok(false);
        }
        let lang = self
            .store
            .participant(event_id, user)
            .await?
            .and_then(|p| p.locale)
            .map_or(self.lang(), |l| Lang::from_locale(&l));
        let (when, relative) = crate::render::markup::timestamps(d.at);
        let args = [
            ("event", self.event.event.name.clone().into()),
            ("when", when.into()),
            ("relative", relative.into()),
            ("channel", self.event.channels.find_team.clone().into()),
            ("user", user.to_string().into()),
        ];
        let text = self.i18n.get_args(lang, "sched-nudge-person", &args);
        let dm = self.message(job, Destination::Direct(user), text, Pings::default());
        match self.outbox.send(&dm).await {
            Err(SendError::DmClosed) => {
                // The person closed their DMs: mention them in the
                // find-a-team channel instead, pinging only them.
                let text = self
                    .i18n
                    .get_args(lang, "sched-nudge-person-fallback", &args);
                let mut fallback = self.message(
                    job,
                    Destination::Event(keys::FIND_TEAM.to_string()),
                    text,
                    Pings {
                        users: vec![user],
                        roles: vec![],
                    },
                );
                fallback.nonce = nonce_for(event_id, &format!("{}#fallback", job.key));
                self.outbox.send(&fallback).await?;
                Ok(true)
            }
            other => other.map(|()| true).map_err(Failure::Send),
        }
    }

    /// Tells a team in its channel what its submission still lacks.
    pub(super) async fn nudge_team(
        &self,
        job: &Job,
        deadline: &str,
        at: i64,
        team: i64,
    ) -> Result<bool, Failure> {
        let Some(d) = self.current_deadline(deadline, at).await? else {
            return Ok(false);
        };
        let Some(t) = self.store.team(team).await? else {
            return Ok(false);
        };
        let Some(channel) = t.channel_id else {
            return Ok(false);
        };
        let lang = self.lang();
        let missing = self.missing(t.id, lang).await?;
        if missing.is_empty() {
            return Ok(false);
        }
        let list: Vec<String> = missing.iter().map(|line| format!("• {line}")).collect();
        let (when, relative) = crate::render::markup::timestamps(d.at);
        let text = self.i18n.get_args(
            lang,
            "sched-nudge-team",
            &[
                ("team", t.name.clone().into()),
                ("when", when.into()),
                ("relative", relative.into()),
                ("missing", list.join("\n").into()),
            ],
        );
        let msg = self.message(job, Destination::Channel(channel), text, Pings::default());
        self.outbox.send(&msg).await?;
        Ok(true)
    }

    /// Re-checks every submission and lists in the log channel the repos
    /// changed after the deadline.
    pub(super) async fn watch_commits(
        &self,
        job: &Job,
        deadline: &str,
        at: i64,
    ) -> Result<bool, Failure> {
        if self.current_deadline(deadline, at).await?.is_none() {
            return Ok(false);
        }
        let Some(hub) = &self.hub else {
            tracing::warn!(key = %job.key, "commit watch without a Hub client");
            return Ok(false);
        };
        let watch = crate::domain::submission::commit_watch(&self.store, hub, &self.event).await?;
        let text = self.commit_watch_text(&watch);
        self.post(job, keys::LOG, text).await
    }
}
