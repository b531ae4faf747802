//! The help desk's timers: mentors pinged about unanswered tickets, and
//! resolved posts archived once quiet. They are jobs like any other, so a
//! restart loses none; each one re-reads the ticket when it runs, so a
//! ticket answered, claimed or deleted in the meantime pings no one.

use chrono::{DateTime, Duration, Utc};

use super::{put_job, Destination, Failure, Outbox, Pings, Scheduler, Task};
use crate::config::EventConfig;
use crate::i18n::Lang;
use crate::store::{Job, Store, StoreError, TicketStatus};

/// Schedules the pings of an unanswered ticket counted from `from` (its
/// creation, or the moment a mentor handed it back): `first` after
/// `ping_after_minutes`, and every mentor (`all`) after
/// `ping_all_after_minutes` when `first` was only some of them.
pub async fn schedule_ticket_pings(
    store: &Store,
    event: &EventConfig,
    ticket: i64,
    from: DateTime<Utc>,
    first: Pings,
    all: Pings,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let help = &event.help;
    let (first_at, all_at) = crate::domain::tickets::ping_times(
        from,
        help.ping_after_minutes,
        help.ping_all_after_minutes,
    );
    // One chain per ticket: a chain still pending (the ticket reopened or
    // handed back before it ran) is replaced, never doubled.
    cancel_ticket_pings(store, event, ticket, now).await?;
    let stamp = from.timestamp_millis();
    let only_some = !first.roles.is_empty() || !first.users.is_empty();
    let stages = if only_some {
        vec![(1, first_at, first, false), (2, all_at, all, true)]
    } else {
        vec![(1, first_at, all, true)]
    };
    for (stage, due, pings, everyone) in stages {
        if pings.roles.is_empty() && pings.users.is_empty() {
            continue;
        }
        let task = Task::TicketPing {
            ticket,
            roles: pings.roles,
            users: pings.users,
            all: everyone,
        };
        let key = format!("{}{stage}@{stamp}", pings_prefix(ticket));
        // Revived when the same chain was cancelled just above.
        put_job(store, &event.event.id, &key, due, &task, now, true).await?;
    }
    Ok(())
}

/// The key prefix of a ticket's ping jobs, whatever their stage and time.
fn pings_prefix(ticket: i64) -> String {
    format!("ticket:{ticket}:ping")
}

/// Drops the mentor pings still pending for a ticket (it was resolved, or
/// a new chain replaces them).
pub async fn cancel_ticket_pings(
    store: &Store,
    event: &EventConfig,
    ticket: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store
        .cancel_pending_jobs(&event.event.id, &pings_prefix(ticket), now)
        .await?;
    Ok(())
}

/// The key prefix of a ticket's archive jobs, whatever their time.
fn archive_prefix(ticket: i64) -> String {
    format!("ticket:{ticket}:archive@")
}

/// When a resolved post quiet since `since` is archived.
fn archive_due(event: &EventConfig, since: DateTime<Utc>) -> DateTime<Utc> {
    since + Duration::hours(i64::from(event.help.archive_resolved_after_hours))
}

/// Schedules the archive of a resolved ticket's post once it has been quiet
/// since `quiet_since`, replacing any archive still pending for it (a
/// message in a resolved post moves the time on).
pub async fn schedule_ticket_archive(
    store: &Store,
    event: &EventConfig,
    ticket: i64,
    quiet_since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    cancel_ticket_archive(store, event, ticket, now).await?;
    let due = archive_due(event, quiet_since);
    let key = format!("{}{}", archive_prefix(ticket), due.timestamp_millis());
    put_job(
        store,
        &event.event.id,
        &key,
        due,
        &Task::TicketArchive { ticket },
        now,
        true,
    )
    .await?;
    Ok(())
}

/// Drops the archive still pending for a ticket (it was reopened).
pub async fn cancel_ticket_archive(
    store: &Store,
    event: &EventConfig,
    ticket: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store
        .cancel_pending_jobs(&event.event.id, &archive_prefix(ticket), now)
        .await?;
    Ok(())
}

impl<O: Outbox> Scheduler<O> {
    /// Runs a help-desk job; `Ok(false)` when the ticket no longer needs it.
    pub(super) async fn deliver_ticket(
        &self,
        job: &Job,
        task: &Task,
        now: DateTime<Utc>,
    ) -> Result<bool, Failure> {
        match task {
            Task::TicketPing {
                ticket,
                roles,
                users,
                all,
            } => {
                let Some(t) = self.store.ticket(*ticket).await? else {
                    return Ok(false);
                };
                let waiting = t.status == TicketStatus::Open
                    && t.first_response_at.is_none()
                    && t.deleted_at.is_none();
                let Some(thread) = t.thread_id.filter(|_| waiting) else {
                    return Ok(false);
                };
                let lang = t.lang.as_deref().map_or(self.lang(), Lang::from_locale);
                let mentions: Vec<String> = roles
                    .iter()
                    .map(|r| format!("<@&{r}>"))
                    .chain(users.iter().map(|u| format!("<@{u}>")))
                    .collect();
                let minutes = (now - t.created_at).num_minutes().max(0);
                let text = self.i18n.get_args(
                    lang,
                    if *all {
                        "sched-ticket-ping-all"
                    } else {
                        "sched-ticket-ping"
                    },
                    &[
                        ("mentions", mentions.join(" ").into()),
                        ("title", t.title.clone().into()),
                        ("minutes", minutes.into()),
                    ],
                );
                let pings = Pings {
                    roles: roles.clone(),
                    users: users.clone(),
                };
                let msg = self.message(job, Destination::Channel(thread), text, pings);
                self.outbox.send(&msg).await?;
                self.store.record_ticket_ping(t.id).await?;
                Ok(true)
            }
            Task::TicketArchive { ticket } => {
                let Some(t) = self.store.ticket(*ticket).await? else {
                    return Ok(false);
                };
                let Some(thread) = t
                    .thread_id
                    .filter(|_| t.status == TicketStatus::Resolved && t.deleted_at.is_none())
                else {
                    return Ok(false);
                };
                if archive_due(&self.event, t.last_activity_at) > now {
                    // Someone wrote in it since: wait until it is quiet.
                    schedule_ticket_archive(
                        &self.store,
                        &self.event,
                        t.id,
                        t.last_activity_at,
                        now,
                    )
                    .await?;
                    return Ok(false);
                }
                self.outbox.archive_thread(thread).await?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}
