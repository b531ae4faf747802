//! Organizer actions: written to the audit table and posted to the log
//! channel. The table is the record; the post is a courtesy, so failing to
//! post is logged, not fatal.

use crate::discord::reply;
use serenity::all::{GuildId, Http};

use super::{BotError, Data};

/// Records that `actor` did `action` (on `target`), and posts it to the log
/// channel of `guild_id`.
pub async fn record(
    http: &Http,
    data: &Data,
    guild_id: Option<GuildId>,
    actor: u64,
    action: &str,
    target: Option<&str>,
    details: serde_json::Value,
) -> Result<(), BotError> {
    data.store
        .record_audit(
            &data.event.event.id,
            actor,
            action,
            target,
            &details,
            chrono::Utc::now(),
        )
        .await?;
    tracing::info!(actor, action, target, "organizer action");
    let Some(guild_id) = guild_id else {
        return Ok(());
    };
    if !data.ids.serves(http, guild_id).await {
        return Ok(());
    }
    let channel = data
        .ids
        .channel_if_set(http, crate::config::keys::LOG)
        .await;
    if let Some(channel) = channel {
        let lang = data.event.event.default_language;
        let target = target.map(|t| format!(" → {t}")).unwrap_or_default();
        let text = data.i18n.get_args(
            lang,
            "log-organizer-action",
            &[
                ("actor", format!("<@{actor}>").into()),
                ("action", format!("`{action}`").into()),
                ("target", target.into()),
            ],
        );
        if let Err(e) = channel
            .send_message(http, reply::message().content(text))
            .await
        {
            tracing::warn!(error = %e, "cannot post to the log channel");
        }
    }
    Ok(())
}

/// Records an action of the command's caller (see [`record`]).
pub async fn by_caller(
    ctx: super::Context<'_>,
    action: &str,
    target: &str,
    details: serde_json::Value,
) -> Result<(), BotError> {
    record(
        ctx.http(),
        ctx.data(),
        ctx.guild_id(),
        ctx.author().id.get(),
        action,
        Some(target),
        details,
    )
    .await
}
