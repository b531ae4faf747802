//! `/profile public|private`: whether your name appears beside your team on
//! the web's project gallery. Nobody is listed until they say so.

use chrono::Utc;

use crate::discord::reply::{ephemeral, tr, tr_args};
use crate::discord::{BotError, Context};
use crate::domain::gallery;

/// Your listing on the event's web pages.
#[poise::command(slash_command, subcommands("public", "private"), subcommand_required)]
pub async fn profile(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Show your name with your team on the project gallery.
#[poise::command(slash_command)]
pub async fn public(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let author = ctx.author();
    // The server nickname when there is one, else the global display name.
    let nick = ctx.author_member().await.and_then(|m| m.nick.clone());
    let shown = nick
        .or_else(|| author.global_name.clone())
        .unwrap_or_else(|| author.name.clone());
    let name = gallery::make_public(
        &data.store,
        &data.event.event.id,
        author.id.get(),
        &shown,
        &author.name,
        Utc::now(),
    )
    .await?;
    ephemeral(
        ctx,
        tr_args(ctx, "profile-public-done", &[("name", name.into())]),
    )
    .await
}

/// Take your name off the project gallery.
#[poise::command(slash_command)]
pub async fn private(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    gallery::make_private(
        &data.store,
        &data.event.event.id,
        ctx.author().id.get(),
        Utc::now(),
    )
    .await?;
    ephemeral(ctx, tr(ctx, "profile-private-done")).await
}
