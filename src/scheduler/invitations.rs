//! Invitations and join requests expire by a job at their expiry time:
//! every due one is marked expired, and the view of a team channel given to
//! a person whose DMs were closed is taken back (from every invitation that
//! is over and still holds one, so a crash or a failed removal is made up
//! by the next run).

use chrono::{DateTime, Utc};

use super::{put_job, Failure, Outbox, Scheduler, Task};
use crate::store::{Invitation, Store, StoreError};

/// Schedules the expiry of an invitation or request at its time.
pub async fn schedule_invitation_expiry(
    store: &Store,
    event_id: &str,
    invitation: &Invitation,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let key = format!("invitation:{}:expire", invitation.id);
    let task = Task::InvitationExpiry {
        invitation: invitation.id,
    };
    put_job(
        store,
        event_id,
        &key,
        invitation.expires_at,
        &task,
        now,
        false,
    )
    .await?;
    Ok(())
}

impl<O: Outbox> Scheduler<O> {
    /// Expires what is due and takes back channel views that are over.
    pub(super) async fn expire_invitations(&self, now: DateTime<Utc>) -> Result<bool, Failure> {
        let event_id = &self.event.event.id;
        let expired = self.store.expire_invitations(event_id, now).await?;
        let mut taken = 0usize;
        for invitation in self.store.invitations_holding_access(event_id).await? {
            let channel = self
                .store
                .team(invitation.team_id)
                .await?
                .and_then(|t| t.channel_id);
            if let Some(channel) = channel {
                self.outbox
                    .remove_member_view(channel, invitation.user_id)
                    .await?;
            }
            if self
                .store
                .take_invitation_channel_access(invitation.id)
                .await?
            {
                taken += 1;
            }
        }
        if !expired.is_empty() || taken > 0 {
            tracing::info!(
                expired = expired.len(),
                views_removed = taken,
                "invitations expired"
            );
        }
        Ok(!expired.is_empty() || taken > 0)
    }
}
