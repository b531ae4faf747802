//! The scheduler's rules, told as stories, against real databases and an
//! outbox that records what would reach Discord (no Discord needed).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use futures::future::BoxFuture;
use somosbot::config::EventConfig;
use somosbot::domain::team::{self, TeamPolicy};
use somosbot::hub::report::{Finding, RepoReport, Report};
use somosbot::hub::{Localized, Message};
use somosbot::i18n::I18n;
use somosbot::scheduler::{self, Destination, OutMessage, Outbox, Scheduler, SendError, Task};
use somosbot::store::{JobStatus, NewJob, NewSubmission, Store, SubmissionStatus};

use crate::support::bot::shipped_event;
use crate::support::fake_hub::{self, noticia_team, FakeHub};

/// Records every message; fails the ones sent where a test said to.
#[derive(Default)]
pub struct Recorder {
    pub sent: Mutex<Vec<OutMessage>>,
    pub failing: Mutex<HashMap<Destination, SendError>>,
    /// Roles given: (user, role key).
    pub roles: Mutex<Vec<(u64, String)>>,
}

impl Recorder {
    pub fn sent(&self) -> Vec<OutMessage> {
        self.sent.lock().unwrap().clone()
    }

    fn sent_to(&self, to: &Destination) -> Vec<OutMessage> {
        self.sent().into_iter().filter(|m| &m.to == to).collect()
    }

    fn fail(&self, to: Destination, error: SendError) {
        self.failing.lock().unwrap().insert(to, error);
    }
}

impl Outbox for Recorder {
    fn send<'a>(&'a self, message: &'a OutMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            if let Some(e) = self.failing.lock().unwrap().get(&message.to) {
                return Err(e.clone());
            }
            self.sent.lock().unwrap().push(message.clone());
            Ok(())
        })
    }

    fn upsert<'a>(
        &'a self,
        message: &'a OutMessage,
        _previous: Option<scheduler::Posted>,
    ) -> BoxFuture<'a, Result<scheduler::Posted, SendError>> {
        Box::pin(async move {
            self.send(message).await?;
            Ok((1, self.sent.lock().unwrap().len() as u64))
        })
    }

    fn add_role<'a>(
        &'a self,
        user: u64,
        role_key: &'a str,
    ) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            self.roles
                .lock()
                .unwrap()
                .push((user, role_key.to_string()));
            Ok(())
        })
    }
}

fn event() -> Arc<EventConfig> {
    Arc::new(shipped_event())
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Before the event: every reminder is still ahead.
fn before_the_event() -> DateTime<Utc> {
    at(2024, 2, 20, 12, 0)
}

async fn seeded(store: &Store) -> (Arc<EventConfig>, Scheduler<Arc<Recorder>>, Arc<Recorder>) {
    let event = event();
    somosbot::domain::seed::seed_event(store, &event)
        .await
        .unwrap();
    scheduler::seed_jobs(store, &event, before_the_event())
        .await
        .unwrap();
    let recorder = Arc::new(Recorder::default());
    let s = Scheduler::new(
        store.clone(),
        event.clone(),
        Arc::new(I18n::load().unwrap()),
        recorder.clone(),
    );
    (event, s, recorder)
}

fn announcements() -> Destination {
    Destination::Event("announcements".into())
}

fn log() -> Destination {
    Destination::Event("log".into())
}

async fn seeding_twice_creates_nothing_twice(store: Store) {
    let event = event();
    somosbot::domain::seed::seed_event(&store, &event)
        .await
        .unwrap();
    let first = scheduler::seed_jobs(&store, &event, before_the_event())
        .await
        .unwrap();
    // 1 + 2 + 3 + 5 + 2 + 1 + 2 (scoring closes) reminders, the two nudge
    // rounds, the commit watch, the likes snapshot, the publication and the
    // judges' reminders on each of the last three days before scoring closes.
    assert_eq!(first, 24);
    somosbot::domain::seed::seed_event(&store, &event)
        .await
        .unwrap();
    let second = scheduler::seed_jobs(&store, &event, before_the_event())
        .await
        .unwrap();
    assert_eq!(second, 0);
    let jobs = store.jobs(&event.event.id).await.unwrap();
    assert_eq!(jobs.len(), 24);
    let keys: HashSet<_> = jobs.iter().map(|j| j.key.clone()).collect();
    assert_eq!(keys.len(), 24);
    let judges = keys.iter().filter(|k| k.contains("jury-nudges")).count();
    assert_eq!(judges, 3, "{keys:?}");
}

/// Several bot processes start together on one database (a deployment of
/// several instances): each seeds the deadlines and their jobs, all at once.
/// Unique keys make every row exist once and be counted as new once.
async fn processes_starting_at_once_seed_each_deadline_and_job_once(store: Store) {
    let event = event();
    let barrier = Arc::new(tokio::sync::Barrier::new(6));
    let starts: Vec<_> = (0..6)
        .map(|_| {
            let (store, event, barrier) = (store.clone(), event.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                somosbot::domain::seed::seed_event(&store, &event)
                    .await
                    .unwrap();
                scheduler::seed_jobs(&store, &event, before_the_event())
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut added = 0;
    for start in starts {
        added += start.await.unwrap();
    }
    assert_eq!(added, 24, "each job is new for exactly one process");
    let jobs = store.jobs(&event.event.id).await.unwrap();
    let keys: HashSet<_> = jobs.iter().map(|j| j.key.clone()).collect();
    assert_eq!((jobs.len(), keys.len()), (24, 24));
    let deadlines = store.deadlines(&event.event.id).await.unwrap();
    assert_eq!(deadlines.len(), event.deadlines.len());
}

async fn a_reminder_goes_to_the_announcements_channel_in_spanish(store: Store) {
    let (_, s, out) = seeded(&store).await;
    // The submission deadline is 2024-03-25 11:59 UTC; its 7-day reminder is due a week before.
    let due = at(2024, 3, 18, 11, 59);
    // (The earlier reminders are long overdue by then: missed, not sent.)
    s.tick(due - Duration::seconds(1)).await.unwrap();
    assert!(out.sent_to(&announcements()).is_empty());
    let report = s.tick(due).await.unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let sent = out.sent_to(&announcements());
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].text.contains("Entrega de proyectos"),
        "{}",
        sent[0].text
    );
    assert!(sent[0].text.contains("<t:1711367940:F>") && sent[0].text.contains("<t:1711367940:R>"));
    assert!(sent[0].nonce.len() <= 25);
    assert!(sent[0].pings.roles.is_empty() && sent[0].pings.users.is_empty());
    // Nothing twice.
    assert_eq!(s.tick(due + Duration::minutes(1)).await.unwrap().sent, 0);
}

async fn two_schedulers_send_each_of_a_thousand_due_jobs_once(store: Store) {
    a_thousand_jobs_between_two_schedulers(store.clone(), store).await;
}

/// Two bot processes: two connection pools on one PostgreSQL database.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_on_one_postgres_database_send_each_job_once() {
    let Some(db) = crate::support::db::TestDb::postgres(
        "two_processes_on_one_postgres_database_send_each_job_once",
    )
    .await
    else {
        return;
    };
    let other = Store::open(&db.url).await.unwrap();
    a_thousand_jobs_between_two_schedulers(db.store.clone(), other).await;
}

async fn a_thousand_jobs_between_two_schedulers(store: Store, other: Store) {
    let event = event();
    let now = before_the_event();
    for i in 0..1000 {
        let task = Task::Announcement {
            channel: 1,
            text: format!("n{i}"),
            role: None,
            author: 1,
        };
        let key = format!("announce:{i}");
        store
            .insert_job(
                &NewJob {
                    event_id: &event.event.id,
                    key: &key,
                    kind: task.kind(),
                    due_at: now - Duration::seconds(i % 60),
                    payload: serde_json::to_value(&task).unwrap(),
                },
                now,
            )
            .await
            .unwrap();
    }
    let i18n = Arc::new(I18n::load().unwrap());
    let (a, b) = (Arc::new(Recorder::default()), Arc::new(Recorder::default()));
    let sa = Scheduler::new(store.clone(), event.clone(), i18n.clone(), a.clone());
    let sb = Scheduler::new(other, event.clone(), i18n, b.clone());
    let (ra, rb) = tokio::join!(sa.tick(now), sb.tick(now));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.sent + rb.sent, 1000, "{ra:?} {rb:?}");
    let mut texts: Vec<String> = a
        .sent()
        .into_iter()
        .chain(b.sent())
        .map(|m| m.text)
        .collect();
    assert_eq!(texts.len(), 1000);
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 1000, "a job was sent twice");
    let jobs = store.jobs(&event.event.id).await.unwrap();
    assert!(jobs
        .iter()
        .all(|j| j.status == JobStatus::Done && j.attempts == 1));
}

async fn reminders_missed_during_downtime_are_not_sent_late_and_reported_once(store: Store) {
    let (event, s, out) = seeded(&store).await;
    // Down from before the "registration closes" reminders (3d, 1d, 3h before
    // 2024-03-16 11:59 UTC) until 40 minutes after the last one.
    let back = at(2024, 3, 16, 9, 39);
    let report = s.tick(back).await.unwrap();
    assert_eq!(
        out.sent_to(&announcements()).len(),
        0,
        "nothing is sent late"
    );
    let logged = out.sent_to(&log());
    assert_eq!(logged.len(), 1, "one summary: {logged:?}");
    assert!(
        logged[0].text.contains("registration-closes"),
        "{}",
        logged[0].text
    );
    // start(1) + teams-formed(2) + registration-closes(3) reminders, and the
    // nudge round a day before registration closes.
    assert_eq!(report.missed, 7, "{report:?}");
    let missed = store
        .jobs(&event.event.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.status == JobStatus::Missed)
        .count();
    assert_eq!(missed, 7);
    // Later ticks report nothing again.
    s.tick(back + Duration::minutes(1)).await.unwrap();
    assert_eq!(out.sent_to(&log()).len(), 1);
}

async fn a_job_within_the_grace_period_is_still_sent(store: Store) {
    let (_, s, out) = seeded(&store).await;
    // 3 h before registration closes, plus 20 minutes (grace is 30).
    s.tick(at(2024, 3, 16, 8, 59) + Duration::minutes(20))
        .await
        .unwrap();
    assert!(out
        .sent_to(&announcements())
        .iter()
        .any(|m| m.text.contains("Cierre de inscripciones")));
}

async fn failed_sends_retry_with_backoff_then_give_up_loudly(store: Store) {
    let (event, s, out) = seeded(&store).await;
    out.fail(announcements(), SendError::Transient("503".into()));
    let due = at(2024, 2, 29, 12, 0); // "start" reminder, 1 day before
    let first = s.tick(due).await.unwrap();
    assert_eq!(first.retried, 1, "{first:?}");
    // Not retried before its backoff.
    assert_eq!(
        s.tick(due + Duration::seconds(10)).await.unwrap().retried,
        0
    );
    let mut now = due;
    let mut failed = 0;
    for _ in 0..10 {
        now += Duration::minutes(10);
        failed += s.tick(now).await.unwrap().failed;
    }
    assert_eq!(failed, 1);
    let job = store
        .jobs(&event.event.id)
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.key.starts_with("deadline:start@"))
        .unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Failed, 5));
    let logged = out.sent_to(&log());
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(logged[0].text.contains("deadline:start@") && logged[0].text.contains("503"));
}

async fn a_moved_deadline_moves_its_reminders(store: Store) {
    let (event, s, out) = seeded(&store).await;
    let id = &event.event.id;
    let mut d = store.deadline(id, "submission").await.unwrap().unwrap();
    let old_at = d.at;
    d.at = old_at + Duration::days(2);
    store.upsert_deadline(id, &d).await.unwrap();
    let (cancelled, scheduled) =
        scheduler::reschedule_deadline(&store, &event, "submission", Some(&d), before_the_event())
            .await
            .unwrap();
    // Five reminders and the nudges, plus the commit watch.
    assert_eq!((cancelled, scheduled), (7, 7));
    let pending: Vec<_> = store
        .jobs(id)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.status == JobStatus::Pending && j.key.starts_with("deadline:submission@"))
        .collect();
    assert_eq!(pending.len(), 6);
    assert!(pending
        .iter()
        .all(|j| j.key.contains(&d.at.timestamp().to_string())));
    // At the old 1 h reminder nothing is posted; at the new one it is.
    s.tick(old_at - Duration::hours(1)).await.unwrap();
    assert!(out.sent_to(&announcements()).is_empty());
    s.tick(d.at - Duration::hours(1)).await.unwrap();
    let sent = out.sent_to(&announcements());
    assert_eq!(sent.len(), 1);
    assert!(sent[0].text.contains(&d.at.timestamp().to_string()));

    // Moved back: the reminders at the original time come back.
    d.at = old_at;
    store.upsert_deadline(id, &d).await.unwrap();
    let (_, scheduled) =
        scheduler::reschedule_deadline(&store, &event, "submission", Some(&d), before_the_event())
            .await
            .unwrap();
    assert_eq!(scheduled, 7);
}

async fn nudges_reach_only_the_people_and_teams_who_need_them(store: Store) {
    let (event, s, out) = seeded(&store).await;
    let id = event.event.id.clone();
    let policy = TeamPolicy {
        registration_closes: None,
        ..TeamPolicy::from_config(&event)
    };
    let t0 = before_the_event();
    // 10: no team; 11: in a team; 12: no team, DMs closed; 13 never used the bot.
    for (user, locale) in [(10, "es-ES"), (11, "en-US"), (12, "en-US")] {
        store
            .touch_participant(&id, user, Some(locale), t0)
            .await
            .unwrap();
    }
    let in_team = team::create_team(&store, &policy, 11, "Con Equipo", "tema", None, t0)
        .await
        .unwrap();
    store
        .set_team_discord(in_team.id, None, Some(500))
        .await
        .unwrap();
    let done = team::create_team(&store, &policy, 20, "Entregado", "tema", None, t0)
        .await
        .unwrap();
    store
        .set_team_discord(done.id, None, Some(501))
        .await
        .unwrap();
    let sub = store
        .create_submission(&NewSubmission {
            event_id: &id,
            team_id: done.id,
            submitted_by: 20,
            dataset: "somosnlp/x",
            model: Some("somosnlp/y"),
            demo: Some("somosnlp/z"),
            video: None,
            now: t0,
        })
        .await
        .unwrap();
    store
        .set_submission_report(
            sub.id,
            SubmissionStatus::Complete,
            &serde_json::json!({}),
            t0,
        )
        .await
        .unwrap();
    // Handed in, but the Hub check found the bias section missing.
    let half = team::create_team(&store, &policy, 22, "A Medias", "tema", None, t0)
        .await
        .unwrap();
    store
        .set_team_discord(half.id, None, Some(502))
        .await
        .unwrap();
    let partial = store
        .create_submission(&NewSubmission {
            event_id: &id,
            team_id: half.id,
            submitted_by: 22,
            dataset: "somosnlp/refranes",
            model: None,
            demo: None,
            video: None,
            now: t0,
        })
        .await
        .unwrap();
    let report = Report::new(
        "somosnlp",
        None,
        vec![RepoReport::new(
            "somosnlp/refranes",
            None,
            None,
            None,
            vec![Finding::error(
                "dataset.section.bias",
                Message::Fixed(Localized::new(
                    "Falta la sección de sesgos",
                    "The bias section is missing",
                )),
                Message::Fixed(Localized::new("Añádela", "Add it")),
            )],
            false,
        )],
        vec![],
    );
    let report: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    store
        .set_submission_report(partial.id, SubmissionStatus::Incomplete, &report, t0)
        .await
        .unwrap();
    // A team without a channel gets no nudge.
    team::create_team(&store, &policy, 21, "Sin Canal", "tema", None, t0)
        .await
        .unwrap();
    out.fail(Destination::Direct(12), SendError::DmClosed);

    // A day before registration closes (2024-03-16 11:59 UTC).
    s.tick(at(2024, 3, 15, 11, 59)).await.unwrap();
    let dms: Vec<_> = out
        .sent()
        .into_iter()
        .filter(|m| matches!(m.to, Destination::Direct(_)))
        .collect();
    assert_eq!(dms.len(), 1, "{dms:?}");
    assert_eq!(dms[0].to, Destination::Direct(10));
    assert!(
        dms[0].text.contains("no tienes equipo"),
        "in their language: {}",
        dms[0].text
    );
    let fallback = out.sent_to(&Destination::Event("find_team".into()));
    assert_eq!(fallback.len(), 1);
    assert!(fallback[0].text.contains("<@12>"));
    assert_eq!(fallback[0].pings.users, vec![12]);
    assert!(fallback[0].pings.roles.is_empty());

    // A day before the submission deadline (2024-03-25 11:59 UTC).
    s.tick(at(2024, 3, 24, 11, 59)).await.unwrap();
    let to_teams: Vec<_> = out
        .sent()
        .into_iter()
        .filter(|m| matches!(m.to, Destination::Channel(_)))
        .collect();
    assert_eq!(to_teams.len(), 2, "{to_teams:?}");
    let to = |channel: u64| {
        to_teams
            .iter()
            .find(|m| m.to == Destination::Channel(channel))
            .map(|m| m.text.clone())
            .unwrap_or_default()
    };
    assert!(
        to(500).contains("Con Equipo") && to(500).contains("aún no habéis entregado"),
        "{}",
        to(500)
    );
    assert!(
        to(502).contains("A Medias") && to(502).contains("• Falta la sección de sesgos"),
        "{}",
        to(502)
    );
    // Each person and team once, even if the round ran again.
    s.tick(at(2024, 3, 24, 12, 0)).await.unwrap();
    assert_eq!(
        out.sent()
            .into_iter()
            .filter(|m| matches!(m.to, Destination::Channel(_) | Destination::Direct(_)))
            .count(),
        3
    );
}

async fn a_cancelled_announcement_is_not_sent(store: Store) {
    let event = event();
    let (_, s, out) = seeded(&store).await;
    let t0 = before_the_event();
    let task = |text: &str| Task::Announcement {
        channel: 42,
        text: text.into(),
        role: Some(7),
        author: 1,
    };
    let key = format!("announce:{}", 1);
    let other = format!("announce:{}", 2);
    for (k, text) in [(&key, "cancelled"), (&other, "kept")] {
        let t = task(text);
        store
            .insert_job(
                &NewJob {
                    event_id: &event.event.id,
                    key: k,
                    kind: t.kind(),
                    due_at: t0 + Duration::hours(1),
                    payload: serde_json::to_value(&t).unwrap(),
                },
                t0,
            )
            .await
            .unwrap();
    }
    assert_eq!(
        store
            .cancel_pending_jobs(&event.event.id, &key, t0)
            .await
            .unwrap(),
        1
    );
    s.tick(t0 + Duration::hours(1)).await.unwrap();
    let sent = out.sent_to(&Destination::Channel(42));
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].text, "<@&7>\nkept");
    assert_eq!(
        sent[0].pings.roles,
        vec![7],
        "only the chosen role is pinged"
    );
}

/// Judges with packets left get one DM each of the last days before
/// scoring closes; a judge who finished gets none, and a tick run twice
/// sends nothing twice.
async fn judges_with_packets_left_are_reminded_each_day_once(store: Store) {
    let (event, s, out) = seeded(&store).await;
    let id = event.event.id.clone();
    let jury = event.jury.clone().expect("a jury");
    let closes = store
        .deadline(&id, &jury.scoring_closes)
        .await
        .unwrap()
        .expect("the deadline")
        .at;
    let t0 = before_the_event();
    let policy = TeamPolicy {
        registration_closes: None,
        ..TeamPolicy::from_config(&event)
    };
    let mut teams = Vec::new();
    for (captain, name) in [(30, "Alfa"), (31, "Beta")] {
        let t = team::create_team(&store, &policy, captain, name, "tema", None, t0)
            .await
            .unwrap();
        store
            .create_submission(&NewSubmission {
                event_id: &id,
                team_id: t.id,
                submitted_by: captain,
                dataset: "somosnlp/x",
                model: Some("somosnlp/y"),
                demo: Some("somosnlp/z"),
                video: None,
                now: t0,
            })
            .await
            .unwrap();
        teams.push(t.id);
    }
    let (pending, finished) = (900u64, 901u64);
    let pairs = [
        (teams[0], pending),
        (teams[1], pending),
        (teams[0], finished),
    ];
    store
        .apply_jury_assignment(&id, &pairs, &[], 1, t0)
        .await
        .unwrap();
    for g in &jury.groups {
        store
            .save_jury_score(&id, teams[0], finished, &g.id, 1, t0)
            .await
            .unwrap();
    }
    store
        .touch_participant(&id, pending, Some("en-US"), t0)
        .await
        .unwrap();
    let dms = |user: u64| out.sent_to(&Destination::Direct(user));
    let day = Duration::hours(24);
    s.tick(closes - day * 3).await.unwrap();
    s.tick(closes - day * 3).await.unwrap();
    assert_eq!(dms(pending).len(), 1, "{:?}", out.sent());
    assert!(
        dms(pending)[0].text.contains("2 projects left"),
        "{:?}",
        dms(pending)
    );
    assert!(dms(finished).is_empty());
    s.tick(closes - day * 2).await.unwrap();
    s.tick(closes - day).await.unwrap();
    assert_eq!(dms(pending).len(), 3);
    s.tick(closes + Duration::minutes(1)).await.unwrap();
    assert_eq!(dms(pending).len(), 3, "nothing after the close");
    assert!(dms(finished).is_empty());
}

crate::on_both_backends!(
    judges_with_packets_left_are_reminded_each_day_once,
    seeding_twice_creates_nothing_twice,
    a_reminder_goes_to_the_announcements_channel_in_spanish,
    two_schedulers_send_each_of_a_thousand_due_jobs_once,
    reminders_missed_during_downtime_are_not_sent_late_and_reported_once,
    a_job_within_the_grace_period_is_still_sent,
    failed_sends_retry_with_backoff_then_give_up_loudly,
    a_moved_deadline_moves_its_reminders,
    nudges_reach_only_the_people_and_teams_who_need_them,
    a_cancelled_announcement_is_not_sent,
    an_hour_after_the_deadline_the_commit_watch_lists_late_commits_once,
    the_commit_watch_goes_past_a_team_it_cannot_check_and_pauses_for_an_outage,
    a_commit_watch_longer_than_its_lease_runs_in_one_process_only,
    processes_starting_at_once_seed_each_deadline_and_job_once,
    at_the_likes_deadline_the_snapshot_is_stored_once_after_a_hub_outage,
    at_the_publish_deadline_the_results_are_published_once,
    the_publish_job_posts_nothing_when_organizers_published,
);

/// A submission of the NoticIA repos (on the fake Hub) for a new team.
async fn noticia_submission(store: &Store, event: &EventConfig, t0: DateTime<Utc>) {
    let policy = TeamPolicy {
        registration_closes: None,
        ..TeamPolicy::from_config(event)
    };
    let t = team::create_team(store, &policy, 30, "NoticIA", "tema", None, t0)
        .await
        .unwrap();
    store
        .create_submission(&NewSubmission {
            event_id: &event.event.id,
            team_id: t.id,
            submitted_by: 30,
            dataset: "https://huggingface.co/datasets/somosnlp/NoticIA-it",
            model: Some("https://huggingface.co/somosnlp/NoticIA-7B"),
            demo: Some("https://huggingface.co/spaces/somosnlp/NoticIA-demo"),
            video: None,
            now: t0,
        })
        .await
        .unwrap();
}

fn commit_watch_posts(out: &Recorder) -> Vec<OutMessage> {
    out.sent_to(&log())
        .into_iter()
        .filter(|m| m.text.contains("🔎"))
        .collect()
}

async fn an_hour_after_the_deadline_the_commit_watch_lists_late_commits_once(store: Store) {
    let (event, s, out) = seeded(&store).await;
    let hub = FakeHub::new();
    noticia_team(&hub);
    let url = hub.start().await;
    let s = s.with_hub(fake_hub::client(&url, None));
    let id = event.event.id.clone();
    noticia_submission(&store, &event, before_the_event()).await;

    // Organizers move the deadline to 10 April 23:59 UTC: the watch moves too.
    let mut d = store.deadline(&id, "submission").await.unwrap().unwrap();
    let old_at = d.at;
    d.at = at(2024, 4, 10, 23, 59);
    store.upsert_deadline(&id, &d).await.unwrap();
    scheduler::reschedule_deadline(&store, &event, "submission", Some(&d), before_the_event())
        .await
        .unwrap();
    let key = format!("commit-watch:submission@{}", d.at.timestamp());
    let jobs = store.jobs(&id).await.unwrap();
    let watch = jobs.iter().find(|j| j.key == key).expect("watch job");
    assert_eq!(watch.due_at, d.at + Duration::hours(1));
    assert!(jobs.iter().any(|j| j.key
        == format!("commit-watch:submission@{}", old_at.timestamp())
        && j.status != JobStatus::Pending));

    // Nothing at the old time, nor a minute early.
    s.tick(old_at + Duration::hours(1)).await.unwrap();
    s.tick(d.at + Duration::minutes(59)).await.unwrap();
    assert!(commit_watch_posts(&out).is_empty());
    let before = hub.seen().len();
    s.tick(d.at + Duration::hours(1)).await.unwrap();
    let posts = commit_watch_posts(&out);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    let text = &posts[0].text;
    // Only the Space changed after the deadline, at 08:30 on the 11th.
    assert!(
        text.contains("**NoticIA** `spaces/somosnlp/NoticIA-demo`: 2024-04-11 08:30 UTC"),
        "{text}"
    );
    assert!(
        !text.contains("NoticIA-7B") && !text.contains("NoticIA-it`"),
        "{text}"
    );
    assert!(hub.seen().len() > before);
    // Once: a later tick re-checks nothing and posts nothing.
    let after = hub.seen().len();
    s.tick(d.at + Duration::hours(2)).await.unwrap();
    assert_eq!(commit_watch_posts(&out).len(), 1);
    assert_eq!(hub.seen().len(), after);

    // With the deadline after every commit, the watch says nothing changed.
    d.at = at(2024, 4, 12, 0, 0);
    store.upsert_deadline(&id, &d).await.unwrap();
    scheduler::reschedule_deadline(
        &store,
        &event,
        "submission",
        Some(&d),
        d.at - Duration::days(1),
    )
    .await
    .unwrap();
    s.tick(d.at + Duration::hours(1)).await.unwrap();
    let posts = commit_watch_posts(&out);
    assert_eq!(posts.len(), 2, "{posts:#?}");
    assert!(!posts[1].text.contains("NoticIA"), "{}", posts[1].text);
    assert!(posts[1].text.contains("1 "), "{}", posts[1].text);
}

async fn the_commit_watch_goes_past_a_team_it_cannot_check_and_pauses_for_an_outage(store: Store) {
    let (event, s, out) = seeded(&store).await;
    let hub = FakeHub::new();
    noticia_team(&hub);
    // A team whose corpus card is stored on another host: never followed.
    hub.on(
        "/api/datasets/somosnlp/Refranes-it",
        fake_hub::Reply::json(
            200,
            &fake_hub::fixture("api/dataset_info.json").replace("NoticIA-it", "Refranes-it"),
        ),
    );
    hub.on(
        "/datasets/somosnlp/Refranes-it/resolve/main/README.md",
        fake_hub::Reply::new(302, "")
            .header("Location", "https://cdn-lfs.example.org/refranes/README.md"),
    );
    let url = hub.start().await;
    let s = s.with_hub(fake_hub::client(&url, None));
    let id = event.event.id.clone();
    let policy = TeamPolicy {
        registration_closes: None,
        ..TeamPolicy::from_config(&event)
    };
    let t0 = before_the_event();
    // The redirecting team first, so the watch must go past it.
    let refranes = team::create_team(&store, &policy, 31, "Refranes", "tema", None, t0)
        .await
        .unwrap();
    store
        .create_submission(&NewSubmission {
            event_id: &id,
            team_id: refranes.id,
            submitted_by: 31,
            dataset: "https://huggingface.co/datasets/somosnlp/Refranes-it",
            model: None,
            demo: None,
            video: None,
            now: t0,
        })
        .await
        .unwrap();
    noticia_submission(&store, &event, t0).await;

    let mut d = store.deadline(&id, "submission").await.unwrap().unwrap();
    d.at = at(2024, 4, 10, 23, 59);
    store.upsert_deadline(&id, &d).await.unwrap();
    scheduler::reschedule_deadline(&store, &event, "submission", Some(&d), t0)
        .await
        .unwrap();
    s.tick(d.at + Duration::hours(1)).await.unwrap();
    let posts = commit_watch_posts(&out);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    let text = &posts[0].text;
    assert!(
        text.contains("**NoticIA** `spaces/somosnlp/NoticIA-demo`: 2024-04-11 08:30 UTC"),
        "{text}"
    );
    assert!(
        text.contains("**Refranes** (el Hub redirigió a otro servidor (cdn-lfs.example.org)"),
        "{text}"
    );
    assert!(!text.contains("En pausa"), "{text}");
    let noticia = store
        .current_submissions(&id)
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.team_id != refranes.id)
        .unwrap();
    assert_eq!(noticia.status, SubmissionStatus::Late);

    // The Hub goes down before the next watch (the deadline moved again):
    // the run pauses and says so; every verdict stays.
    for path in [
        "/api/datasets/somosnlp/Refranes-it",
        "/api/datasets/somosnlp/NoticIA-it",
        "/datasets/somosnlp/NoticIA-it/resolve/main/README.md",
    ] {
        hub.replace(
            path,
            fake_hub::Reply::json(502, r#"{"error":"Bad Gateway"}"#),
        );
    }
    d.at = at(2024, 4, 10, 23, 58);
    store.upsert_deadline(&id, &d).await.unwrap();
    scheduler::reschedule_deadline(&store, &event, "submission", Some(&d), t0)
        .await
        .unwrap();
    s.tick(d.at + Duration::hours(1)).await.unwrap();
    let posts = commit_watch_posts(&out);
    assert_eq!(posts.len(), 2, "{posts:#?}");
    let text = &posts[1].text;
    assert!(
        text.contains("En pausa: el Hub dejó de responder tras 0 de 2"),
        "{text}"
    );
    let after = store.submission(noticia.id).await.unwrap().unwrap();
    assert_eq!(after.status, SubmissionStatus::Late);
    assert_eq!(after.report, noticia.report);
    assert!(after.failed_attempt.is_none());
    let refranes_sub = store.latest_submission(refranes.id).await.unwrap().unwrap();
    assert!(refranes_sub
        .failed_attempt
        .is_some_and(|a| a.error.contains("502")));
}

/// The commit watch re-checks every submission at the Hub's pace, which can
/// take longer than a job's lease. Its process renews the lease while it
/// runs, so a second process ticking all along (as a deployment of two
/// instances does) never takes it over: one summary, one set of Hub calls.
async fn a_commit_watch_longer_than_its_lease_runs_in_one_process_only(store: Store) {
    let (event, first, out) = seeded(&store).await;
    let mut hub = FakeHub::new();
    hub.latency = std::time::Duration::from_millis(1_000);
    noticia_team(&hub);
    let url = hub.start().await;
    let lease = scheduler::SchedulerOptions {
        lease: Duration::milliseconds(300),
        ..scheduler::SchedulerOptions::for_event(&event)
    };
    let first = Arc::new(
        first
            .with_hub(fake_hub::client(&url, None))
            .with_options(lease.clone()),
    );
    // The other process: its own scheduler (and outbox) on the same database.
    let second = Scheduler::new(
        store.clone(),
        event.clone(),
        Arc::new(I18n::load().unwrap()),
        out.clone(),
    )
    .with_hub(fake_hub::client(&url, None))
    .with_options(lease.clone());
    noticia_submission(&store, &event, before_the_event()).await;
    let d = store
        .deadline(&event.event.id, "submission")
        .await
        .unwrap()
        .unwrap();
    let due = d.at + Duration::hours(1);
    // Only the watch is due: the reminders and nudges are in the past.
    for j in store.jobs(&event.event.id).await.unwrap() {
        if !j.key.starts_with("commit-watch:") {
            store
                .cancel_pending_jobs(&event.event.id, &j.key, due)
                .await
                .unwrap();
        }
    }

    let started = std::time::Instant::now();
    let running = tokio::spawn({
        let first = first.clone();
        async move { first.tick(due).await.unwrap() }
    });
    let mut second_ticks = 0;
    while !running.is_finished() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let now = due + Duration::from_std(started.elapsed()).unwrap();
        let report = second.tick(now).await.unwrap();
        assert_eq!(
            report,
            scheduler::TickReport::default(),
            "the second process took the watch"
        );
        second_ticks += 1;
    }
    let report = running.await.unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    assert!(
        started.elapsed() > std::time::Duration::from_millis(900),
        "the watch must outlast its lease several times to test anything: {:?}",
        started.elapsed()
    );
    assert!(second_ticks >= 5, "{second_ticks}");
    assert_eq!(commit_watch_posts(&out).len(), 1);
    let job = store
        .jobs(&event.event.id)
        .await
        .unwrap()
        .into_iter()
        .find(|j| j.key.starts_with("commit-watch:"))
        .unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Done, 1));
}

const DATASETS: &str = "/api/datasets?author=somosnlp&limit=1000";
const MODELS: &str = "/api/models?author=somosnlp&limit=1000";
const SPACES: &str = "/api/spaces?author=somosnlp&limit=1000";

async fn at_the_likes_deadline_the_snapshot_is_stored_once_after_a_hub_outage(store: Store) {
    let (event, s, _out) = seeded(&store).await;
    let id = event.event.id.clone();
    let hub = FakeHub::new();
    // The Hub is down for the first listing (every retry of the client).
    for _ in 0..3 {
        hub.on(DATASETS, fake_hub::Reply::json(503, "{}"));
    }
    hub.on(
        DATASETS,
        fake_hub::Reply::json(
            200,
            r#"[{"id":"somosnlp/NoticIA-it","likes":3},{"id":"somosnlp/corpus-andino","likes":9},
               {"id":"somosnlp/otro","likes":40}]"#,
        ),
    );
    hub.on(
        MODELS,
        fake_hub::Reply::json(200, r#"[{"id":"somosnlp/noticia-7b","likes":4}]"#),
    );
    hub.on(
        SPACES,
        fake_hub::Reply::json(200, r#"[{"id":"somosnlp/NoticIA-demo","likes":2}]"#),
    );
    let url = hub.start().await;
    let s = s.with_hub(fake_hub::client(&url, None));
    noticia_submission(&store, &event, before_the_event()).await;
    let policy = TeamPolicy {
        registration_closes: None,
        ..TeamPolicy::from_config(&event)
    };
    let andino = team::create_team(
        &store,
        &policy,
        31,
        "Andino",
        "tema",
        None,
        before_the_event(),
    )
    .await
    .unwrap();
    store
        .create_submission(&NewSubmission {
            event_id: &id,
            team_id: andino.id,
            submitted_by: 31,
            dataset: "https://huggingface.co/datasets/somosnlp/corpus-andino",
            model: None,
            demo: None,
            video: None,
            now: before_the_event(),
        })
        .await
        .unwrap();
    // A team without a submission is not a project.
    team::create_team(
        &store,
        &policy,
        32,
        "Sin entrega",
        "tema",
        None,
        before_the_event(),
    )
    .await
    .unwrap();

    let d = store
        .deadline(&id, "likes-snapshot")
        .await
        .unwrap()
        .unwrap();
    s.tick(d.at - Duration::minutes(1)).await.unwrap();
    assert!(store.project_likes(&id).await.unwrap().is_none());
    // At the deadline the Hub is down: nothing stored, tried again later.
    s.tick(d.at).await.unwrap();
    assert!(store.project_likes(&id).await.unwrap().is_none());
    assert_eq!(hub.count(DATASETS), 3);
    s.tick(d.at + Duration::minutes(5)).await.unwrap();
    let snap = store
        .project_likes(&id)
        .await
        .unwrap()
        .expect("the snapshot");
    let likes: Vec<u64> = snap.projects.iter().map(|p| p.likes).collect();
    // NoticIA 3 + 4 + 2 = 9 ties with Andino's 9; a repo of no project
    // (40 likes) counts for nobody.
    assert_eq!(likes, [9, 9], "{snap:#?}");
    let mention = somosbot::domain::jury::mention::honourable_mention(&store, &id)
        .await
        .unwrap()
        .expect("a mention");
    let names: Vec<&str> = mention.teams.iter().map(|t| t.team.as_str()).collect();
    assert_eq!(names, ["Andino", "NoticIA"]);
    assert_eq!(mention.likes, 9);

    // Once: later ticks ask the Hub nothing more, and a second store is refused.
    let asked = hub.seen().len();
    s.tick(d.at + Duration::hours(2)).await.unwrap();
    assert_eq!(hub.seen().len(), asked);
    assert!(!store
        .store_project_likes(&id, &[], d.at + Duration::hours(3))
        .await
        .unwrap());
    assert_eq!(store.project_likes(&id).await.unwrap(), Some(snap));
}

fn publications(out: &Recorder) -> Vec<OutMessage> {
    out.sent_to(&announcements())
        .into_iter()
        .filter(|m| m.text.contains("🏆"))
        .collect()
}

async fn at_the_publish_deadline_the_results_are_published_once(store: Store) {
    let (event, s, out) = seeded(&store).await;
    let id = event.event.id.clone();
    let d = store.deadline(&id, "winners").await.unwrap().unwrap();
    s.tick(d.at - Duration::minutes(1)).await.unwrap();
    assert!(publications(&out).is_empty());
    // Long after (the bot was down): still published, once.
    s.tick(d.at + Duration::hours(3)).await.unwrap();
    s.tick(d.at + Duration::hours(4)).await.unwrap();
    let posts = publications(&out);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    assert!(posts[0].nonce.len() <= 25);
    assert!(store.results_posted(&id).await.unwrap());
    let audit = store.audit_entries(&id, 10).await.unwrap();
    assert_eq!(
        audit.iter().filter(|a| a.action == "jury.publish").count(),
        1
    );
}

async fn the_publish_job_posts_nothing_when_organizers_published(store: Store) {
    let (event, s, out) = seeded(&store).await;
    let id = event.event.id.clone();
    let d = store.deadline(&id, "winners").await.unwrap().unwrap();
    // Organizers published (another outbox) an hour before the deadline.
    let other = Recorder::default();
    let i18n = I18n::load().unwrap();
    let done =
        scheduler::publish::publish(&store, &event, &i18n, &other, 9, d.at - Duration::hours(1))
            .await
            .unwrap();
    assert!(matches!(done, scheduler::publish::Published::Posted(_)));
    assert_eq!(publications(&other).len(), 1);
    s.tick(d.at).await.unwrap();
    assert!(publications(&out).is_empty());
}
