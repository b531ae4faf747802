//! Answering people: their language, ephemeral errors, no stray mentions.

use poise::CreateReply;
use serenity::all::{
    CreateAllowedMentions, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse, EditMessage,
};

use super::{BotError, Context};
use crate::i18n::{Args, Lang};

// Every answer is fitted the same way as the scheduler's posts.
use crate::render::markup::fit;

/// The language of the person who invoked the command.
pub fn lang(ctx: Context<'_>) -> Lang {
    ctx.locale()
        .map(Lang::from_locale)
        .unwrap_or(ctx.data().event.event.default_language)
}

pub fn tr(ctx: Context<'_>, id: &str) -> String {
    ctx.data().i18n.get(lang(ctx), id)
}

pub fn tr_args(ctx: Context<'_>, id: &str, args: &Args<'_>) -> String {
    ctx.data().i18n.get_args(lang(ctx), id, args)
}

/// Mentions that ping nobody: user text can never reach `@everyone`, a role
/// or a person through the bot.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

// Every message the bot sends or edits starts from one of these builders,
// which carry "ping nobody"; a send that should ping sets its own allowed
// mentions on top. A test (`every_message_builder_comes_from_reply`) keeps
// the builders' constructors out of the rest of the code.

/// A new message (channel post, DM, forum post starter).
pub fn message() -> CreateMessage {
    CreateMessage::new().allowed_mentions(no_mentions())
}

/// An edit of a message.
pub fn edit_message() -> EditMessage {
    EditMessage::new().allowed_mentions(no_mentions())
}

/// An answer to an interaction (message, update, deferral).
pub fn response() -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new().allowed_mentions(no_mentions())
}

/// An edit of an interaction's answer (also the one that fills in a
/// deferred answer).
pub fn edit_response() -> EditInteractionResponse {
    EditInteractionResponse::new().allowed_mentions(no_mentions())
}

/// A follow-up to an interaction.
pub fn followup() -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new().allowed_mentions(no_mentions())
}

/// A poise reply (first answer, or follow-up).
pub fn create_reply() -> CreateReply {
    CreateReply::default().allowed_mentions(no_mentions())
}

/// Sends a message only the caller sees.
pub async fn ephemeral(ctx: Context<'_>, text: impl Into<String>) -> Result<(), BotError> {
    ctx.send(
        CreateReply::default()
            .content(fit(&text.into()))
            .ephemeral(true)
            .allowed_mentions(no_mentions()),
    )
    .await?;
    Ok(())
}

/// Sends a message everyone in the channel sees, pinging nobody.
pub async fn public(ctx: Context<'_>, text: impl Into<String>) -> Result<(), BotError> {
    ctx.send(
        CreateReply::default()
            .content(fit(&text.into()))
            .allowed_mentions(no_mentions()),
    )
    .await?;
    Ok(())
}
