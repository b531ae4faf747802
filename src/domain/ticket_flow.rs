//! Who may move a help ticket, and where: claim, hand back, resolve,
//! reopen. The rule ([`check`]) is pure, over the ticket as last read and
//! the actor's standing; the use cases then write conditionally, so of two
//! mentors pressing at once one wins and the other is told who did.

use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError, Ticket, TicketStatus};

/// What the actor is in the event, as far as tickets go. An organizer is
/// also a mentor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Anyone else (the author of a post is one, unless also a mentor).
    Member,
    Mentor,
    Organizer,
}

/// Who is acting on a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketActor {
    pub user: u64,
    pub standing: Standing,
}

impl TicketActor {
    fn mentor(&self) -> bool {
        self.standing >= Standing::Mentor
    }

    /// Mentors, organizers, or the person who asked.
    fn may_handle(&self, ticket: &Ticket) -> bool {
        ticket.author_id == self.user || self.mentor()
    }
}

/// A change of a ticket's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Claim,
    Release,
    Resolve,
    Reopen,
}

/// Why a transition was refused.
#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    /// Only mentors (and organizers) claim and hand back.
    #[error("only mentors may do this")]
    NotMentor,
    /// Only mentors, organizers and the author resolve and reopen.
    #[error("not the author, a mentor or an organizer")]
    NotAllowed,
    #[error("already claimed by {by}")]
    Taken { by: u64 },
    /// Resolved (or gone) meanwhile: nothing to claim.
    #[error("the ticket is closed")]
    Closed,
    #[error("the ticket is not claimed")]
    NotClaimed,
    /// A mentor hands back only their own claim; organizers any.
    #[error("claimed by {holder}, not by you")]
    NotYours { holder: u64 },
    #[error("already resolved")]
    AlreadyResolved,
    #[error("not resolved")]
    NotResolved,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether `actor` may make `transition` on `ticket` as it was read.
pub fn check(
    transition: Transition,
    actor: &TicketActor,
    ticket: &Ticket,
) -> Result<(), TicketError> {
    match transition {
        Transition::Claim => {
            if !actor.mentor() {
                return Err(TicketError::NotMentor);
            }
            match (ticket.status, ticket.claimed_by) {
                (TicketStatus::Open, _) => Ok(()),
                (TicketStatus::Claimed, Some(by)) => Err(TicketError::Taken { by }),
                _ => Err(TicketError::Closed),
            }
        }
        Transition::Release => {
            if !actor.mentor() {
                return Err(TicketError::NotMentor);
            }
            let holder = holder(ticket).ok_or(TicketError::NotClaimed)?;
            if actor.standing != Standing::Organizer && holder != actor.user {
                return Err(TicketError::NotYours { holder });
            }
            Ok(())
        }
        Transition::Resolve => {
            if !actor.may_handle(ticket) {
                return Err(TicketError::NotAllowed);
            }
            if ticket.status == TicketStatus::Resolved {
                return Err(TicketError::AlreadyResolved);
            }
            Ok(())
        }
        Transition::Reopen => {
            if !actor.may_handle(ticket) {
                return Err(TicketError::NotAllowed);
            }
            if ticket.status != TicketStatus::Resolved {
                return Err(TicketError::NotResolved);
            }
            Ok(())
        }
    }
}

/// The mentor holding a claimed ticket.
fn holder(ticket: &Ticket) -> Option<u64> {
    ticket
        .claimed_by
        .filter(|_| ticket.status == TicketStatus::Claimed)
}

/// A mentor takes the ticket; of two at once, one wins (the other learns
/// who from [`TicketError::Taken`]).
pub async fn claim(
    store: &Store,
    actor: &TicketActor,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<(), TicketError> {
    check(Transition::Claim, actor, ticket)?;
    if store.claim_ticket(ticket.id, actor.user, now).await? {
        return Ok(());
    }
    match store.ticket(ticket.id).await? {
        Some(current) => check(Transition::Claim, actor, &current).and(Err(TicketError::Closed)),
        None => Err(TicketError::Closed),
    }
}

/// The mentor holding the ticket (or an organizer) hands it back to the
/// queue.
pub async fn release(
    store: &Store,
    actor: &TicketActor,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<(), TicketError> {
    check(Transition::Release, actor, ticket)?;
    let by = (actor.standing != Standing::Organizer).then_some(actor.user);
    if store.release_ticket(ticket.id, by, now).await? {
        return Ok(());
    }
    let holder = holder(ticket).unwrap_or_default();
    Err(TicketError::NotYours { holder })
}

/// Marks the ticket resolved.
pub async fn resolve(
    store: &Store,
    actor: &TicketActor,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<(), TicketError> {
    check(Transition::Resolve, actor, ticket)?;
    if store
        .set_ticket_status(ticket.id, TicketStatus::Resolved, now)
        .await?
    {
        Ok(())
    } else {
        Err(TicketError::AlreadyResolved)
    }
}

/// Puts a resolved ticket back in the queue.
pub async fn reopen(
    store: &Store,
    actor: &TicketActor,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<(), TicketError> {
    check(Transition::Reopen, actor, ticket)?;
    if store
        .set_ticket_status(ticket.id, TicketStatus::Open, now)
        .await?
    {
        Ok(())
    } else {
        Err(TicketError::NotResolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTHOR: u64 = 1;
    const HOLDER: u64 = 2;
    const OTHER_MENTOR: u64 = 3;
    const ORGANIZER: u64 = 4;
    const STRANGER: u64 = 5;

    fn ticket(status: TicketStatus) -> Ticket {
        let now = Utc::now();
        Ticket {
            id: 9,
            thread_id: Some(90),
            author_id: AUTHOR,
            title: "help".into(),
            status,
            claimed_by: (status == TicketStatus::Claimed).then_some(HOLDER),
            created_at: now,
            first_response_at: None,
            first_responder_id: None,
            last_activity_at: now,
            resolved_at: (status == TicketStatus::Resolved).then_some(now),
            rating: None,
            rated_mentor_id: None,
            pings_sent: 0,
            lang: None,
            deleted_at: None,
        }
    }

    fn actor(user: u64, standing: Standing) -> TicketActor {
        TicketActor { user, standing }
    }

    /// Every kind of actor there is for a ticket.
    fn actors() -> [(&'static str, TicketActor); 5] {
        [
            ("author", actor(AUTHOR, Standing::Member)),
            ("holder", actor(HOLDER, Standing::Mentor)),
            ("other mentor", actor(OTHER_MENTOR, Standing::Mentor)),
            ("organizer", actor(ORGANIZER, Standing::Organizer)),
            ("stranger", actor(STRANGER, Standing::Member)),
        ]
    }

    const STATES: [TicketStatus; 3] = [
        TicketStatus::Open,
        TicketStatus::Claimed,
        TicketStatus::Resolved,
    ];

    /// The expected answer, written as a table: (actor, state) → result.
    fn expected(transition: Transition, who: &str, state: TicketStatus) -> &'static str {
        use TicketStatus::*;
        match (transition, who, state) {
            (Transition::Claim, "author" | "stranger", _) => "NotMentor",
            (Transition::Claim, _, Open) => "ok",
            (Transition::Claim, _, Claimed) => "Taken",
            (Transition::Claim, _, Resolved) => "Closed",

            (Transition::Release, "author" | "stranger", _) => "NotMentor",
            (Transition::Release, _, Open | Resolved) => "NotClaimed",
            (Transition::Release, "holder" | "organizer", Claimed) => "ok",
            (Transition::Release, _, Claimed) => "NotYours",

            (Transition::Resolve | Transition::Reopen, "stranger", _) => "NotAllowed",
            (Transition::Resolve, _, Resolved) => "AlreadyResolved",
            (Transition::Resolve, _, _) => "ok",
            (Transition::Reopen, _, Resolved) => "ok",
            (Transition::Reopen, _, _) => "NotResolved",
        }
    }

    fn outcome(r: Result<(), TicketError>) -> &'static str {
        match r {
            Ok(()) => "ok",
            Err(TicketError::NotMentor) => "NotMentor",
            Err(TicketError::NotAllowed) => "NotAllowed",
            Err(TicketError::Taken { by }) => {
                assert_eq!(by, HOLDER, "the holder is named");
                "Taken"
            }
            Err(TicketError::Closed) => "Closed",
            Err(TicketError::NotClaimed) => "NotClaimed",
            Err(TicketError::NotYours { holder }) => {
                assert_eq!(holder, HOLDER, "the holder is named");
                "NotYours"
            }
            Err(TicketError::AlreadyResolved) => "AlreadyResolved",
            Err(TicketError::NotResolved) => "NotResolved",
            Err(TicketError::Store(e)) => panic!("no store here: {e}"),
        }
    }

    #[test]
    fn every_actor_in_every_state_gets_the_rules_answer() {
        let mut checked = 0;
        for transition in [
            Transition::Claim,
            Transition::Release,
            Transition::Resolve,
            Transition::Reopen,
        ] {
            for state in STATES {
                for (who, a) in actors() {
                    let got = outcome(check(transition, &a, &ticket(state)));
                    assert_eq!(
                        got,
                        expected(transition, who, state),
                        "{transition:?} by {who} on a {state:?} ticket"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 4 * 3 * 5);
    }

    #[test]
    fn an_author_who_is_a_mentor_claims_like_a_mentor() {
        let a = actor(AUTHOR, Standing::Mentor);
        assert!(check(Transition::Claim, &a, &ticket(TicketStatus::Open)).is_ok());
        assert!(check(Transition::Resolve, &a, &ticket(TicketStatus::Claimed)).is_ok());
    }
}
