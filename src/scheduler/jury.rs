//! Reminders for judges: each of the last days before `scoring_closes`
//! (at the same hour as the deadline, the last one 24 h before it), one DM
//! to each judge with packets still to score. Jobs are keyed by the
//! deadline's time and the judge, so a restart sends none twice; nothing is
//! planned after the close, and a judge who has finished gets nothing.

use chrono::{DateTime, Utc};

use super::{put_job, Destination, Failure, Outbox, Pings, Scheduler, Task, NUDGE_BEFORE};
use crate::config::EventConfig;
use crate::store::StoredDeadline;

/// How many daily reminders precede the close.
pub const JURY_REMINDER_DAYS: i32 = 3;

/// The fan-out jobs of the scoring deadline `d` (none for other deadlines).
pub(super) fn plan_nudges(
    event: &EventConfig,
    d: &StoredDeadline,
    base: &str,
) -> Vec<(String, DateTime<Utc>, Task)> {
    let closes = event.jury.as_ref().map(|j| &j.scoring_closes);
    if closes != Some(&d.id) {
        return Vec::new();
    }
    (1..=JURY_REMINDER_DAYS)
        .map(|day| {
            (
                format!("{base}:jury-nudges:{day}"),
                d.at - NUDGE_BEFORE * day,
                Task::JuryNudges {
                    deadline: d.id.clone(),
                    at: d.at.timestamp(),
                },
            )
        })
        .collect()
}

impl<O: Outbox> Scheduler<O> {
    pub(super) async fn deliver_jury(
        &self,
        job: &crate::store::Job,
        task: &Task,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        let event_id = &self.event.event.id;
        let Some(jury) = &self.event.jury else {
            return Ok(false);
        };
        match task {
            Task::JuryNudges { deadline, at } => {
                if self.current_deadline(deadline, *at).await?.is_none() {
                    return Ok(false);
                }
                let progress = crate::domain::jury::progress::load(&self.store, event_id, jury)
                    .await
                    .map_err(|e| match e {
                        crate::domain::jury::JuryError::Store(e) => Failure::Store(e),
                        other => {
                            Failure::Store(crate::store::StoreError::Corrupt(other.to_string()))
                        }
                    })?;
                for judge in progress.judges.iter().filter(|j| !j.pending.is_empty()) {
                    let task = Task::NudgeJudge {
                        deadline: deadline.clone(),
                        at: *at,
                        judge: judge.judge_id,
                    };
                    let key = format!("{}:{}", job.key, judge.judge_id);
                    put_job(&self.store, event_id, &key, now, &task, now, false).await?;
                }
                Ok(false)
            }
            Task::NudgeJudge {
                deadline,
                at,
                judge,
            } => {
                let Some(d) = self.current_deadline(deadline, *at).await? else {
                    return Ok(false);
                };
                if now >= d.at {
                    return Ok(false);
                }
                let progress = crate::domain::jury::progress::load(&self.store, event_id, jury)
                    .await
                    .map_err(|e| match e {
                        crate::domain::jury::JuryError::Store(e) => Failure::Store(e),
                        other => {
                            Failure::Store(crate::store::StoreError::Corrupt(other.to_string()))
                        }
                    })?;
                let pending = progress
                    .judges
                    .iter()
                    .find(|j| j.judge_id == *judge)
                    .map_or(0, |j| j.pending.len());
                if pending == 0 {
                    return Ok(false);
                }
                let lang =
                    crate::domain::people::person_lang(&self.store, &self.event, *judge).await;
                let (when, relative) = crate::render::markup::timestamps(d.at);
                let text = self.i18n.get_args(
                    lang,
                    "jury-reminder",
                    &[
                        ("count", (pending as i64).into()),
                        ("when", when.into()),
                        ("relative", relative.into()),
                    ],
                );
                let dm = self.message(job, Destination::Direct(*judge), text, Pings::default());
                self.outbox.send(&dm).await?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_scoring_deadline_plans_daily_reminders_before_it() {
        let event = EventConfig::parse(include_str!("../../events/somos600m.toml")).expect("event");
        let closes = event.jury.as_ref().expect("jury").scoring_closes.clone();
        let at = Utc::now();
        let d = StoredDeadline {
            id: closes,
            title_es: "t".into(),
            title_en: "t".into(),
            at,
            reminders: vec![],
        };
        let plan = plan_nudges(&event, &d, "k");
        let dues: Vec<DateTime<Utc>> = plan.iter().map(|(_, due, _)| *due).collect();
        assert_eq!(
            dues,
            (1..=JURY_REMINDER_DAYS)
                .map(|n| at - NUDGE_BEFORE * n)
                .collect::<Vec<_>>()
        );
        let other = StoredDeadline {
            id: "submission".into(),
            ..d
        };
        assert!(plan_nudges(&event, &other, "k").is_empty());
    }
}
