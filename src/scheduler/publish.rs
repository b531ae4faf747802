//! Publishing the jury's results through an [`Outbox`], from `/jury
//! publish` or the job at the `publish_at` deadline: the podium and the
//! honourable mention in the announcements channel, the honorary roles to
//! the winners' members, and each team's comments in its project channel
//! (by DM to each member when the channel is gone).
//!
//! Posted once: the store's publication claim lets one caller through
//! (a double click, twenty clicks, the job and a click); the post carries a
//! nonce fixed per event with `enforce_nonce`, so a caller that takes over
//! a dead one's claim after [`LEASE`] (shorter than Discord's nonce memory)
//! does not post the podium twice.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::{nonce_for, Destination, OutMessage, Outbox, Pings, SendError};
use crate::config::{keys, EventConfig};
use crate::domain::jury::publication::{self, Publication};
use crate::domain::jury::JuryError;
use crate::i18n::{I18n, Lang};
use crate::store::{PublicationClaim, Store, StoreError};

/// How long a claim holds before another caller may take it over.
pub const LEASE: chrono::Duration = chrono::Duration::minutes(2);

/// What a publication attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    Posted(PublishReport),
    /// Posted before (message id).
    AlreadyPosted(Option<u64>),
    /// Another caller is posting right now.
    InProgress,
}

/// What was delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishReport {
    pub message_id: u64,
    pub roles_given: usize,
    pub roles_failed: usize,
    pub comments_in_channel: usize,
    pub comments_by_dm: usize,
    /// Members whose comments could not be delivered (DMs closed too).
    pub comments_undelivered: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(transparent)]
    Jury(#[from] JuryError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the results could not be posted: {0}")]
    Send(#[from] SendError),
}

const MEDALS: [&str; 3] = ["🥇", "🥈", "🥉"];

/// The announcement: podium and mention, in `lang`.
pub fn podium_text(i18n: &I18n, lang: Lang, event: &EventConfig, p: &Publication) -> String {
    let mut out = i18n.get_args(
        lang,
        "publish-title",
        &[("event", event.event.name.clone().into())],
    );
    if p.podium.is_empty() {
        let _ = write!(out, "\n{}", i18n.get(lang, "publish-no-podium"));
    }
    for t in &p.podium {
        let medal = MEDALS
            .get(t.place.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("🏅");
        let _ = write!(
            out,
            "\n{medal} {}",
            i18n.get_args(
                lang,
                "publish-place",
                &[
                    ("place", i64::from(t.place).into()),
                    ("team", t.name.clone().into())
                ]
            )
        );
    }
    if let Some(m) = &p.mention {
        let teams: Vec<String> = m.teams.iter().map(|t| format!("**{}**", t.team)).collect();
        let _ = write!(
            out,
            "\n\n{}",
            i18n.get_args(
                lang,
                "publish-mention",
                &[
                    ("teams", teams.join(", ").into()),
                    ("likes", (m.likes as i64).into())
                ]
            )
        );
    }
    out
}

/// Publishes the results once (see the module); `by` is the organizer, or
/// 0 for the scheduler.
pub async fn publish<O: Outbox + ?Sized>(
    store: &Store,
    event: &EventConfig,
    i18n: &I18n,
    outbox: &O,
    by: u64,
    now: DateTime<Utc>,
) -> Result<Published, PublishError> {
    let event_id = event.event.id.as_str();
    let claim = format!("{by}:{:016x}", rand::random::<u64>());
    match store
        .claim_publication(event_id, &claim, by, now, LEASE)
        .await?
    {
        PublicationClaim::Claimed => {}
        PublicationClaim::AlreadyPosted(m) => return Ok(Published::AlreadyPosted(m)),
        PublicationClaim::InProgress => return Ok(Published::InProgress),
    }
    let p = publication::prepare(store, event, now).await?;
    let lang = event.event.default_language;
    let announcement = OutMessage {
        to: Destination::Event(keys::ANNOUNCEMENTS.to_string()),
        text: podium_text(i18n, lang, event, &p),
        nonce: nonce_for(event_id, "jury:publication"),
        pings: Pings::default(),
    };
    let (_, message_id) = outbox.upsert(&announcement, None).await?;
    let mut report = PublishReport {
        message_id,
        ..PublishReport::default()
    };
    let honorary = event.jury.iter().flat_map(|j| &j.honorary_roles);
    for role in honorary {
        let key = format!("{}{}", keys::HONORARY_PREFIX, role.place);
        for team in p.podium.iter().filter(|t| t.place == role.place) {
            for member in &team.members {
                match outbox.add_role(*member, &key).await {
                    Ok(()) => report.roles_given += 1,
                    Err(e) => {
                        tracing::warn!(error = %e, member, %key, "honorary role not given");
                        report.roles_failed += 1;
                    }
                }
            }
        }
    }
    for team in &p.comments {
        let quoted: Vec<String> = team
            .comments
            .iter()
            .map(|c| {
                c.lines()
                    .map(|l| format!("> {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        let text = i18n.get_args(
            lang,
            "publish-comments",
            &[
                ("team", team.name.clone().into()),
                ("comments", quoted.join("\n\n").into()),
            ],
        );
        let key = format!("jury:comments:{}", team.team_id);
        if let Some(channel) = team.channel_id {
            let msg = OutMessage {
                to: Destination::Channel(channel),
                text: text.clone(),
                nonce: nonce_for(event_id, &key),
                pings: Pings::default(),
            };
            match outbox.send(&msg).await {
                Ok(()) => {
                    report.comments_in_channel += 1;
                    continue;
                }
                Err(e) => {
                    tracing::info!(error = %e, team = team.team_id, "team channel unusable; comments by DM")
                }
            }
        }
        for member in &team.members {
            let msg = OutMessage {
                to: Destination::Direct(*member),
                text: text.clone(),
                nonce: nonce_for(event_id, &format!("{key}:{member}")),
                pings: Pings::default(),
            };
            match outbox.send(&msg).await {
                Ok(()) => report.comments_by_dm += 1,
                Err(e) => {
                    tracing::info!(error = %e, member, "jury comments not delivered");
                    report.comments_undelivered += 1;
                }
            }
        }
    }
    store
        .finish_publication(event_id, &claim, Some(message_id), now)
        .await?;
    Ok(Published::Posted(report))
}
