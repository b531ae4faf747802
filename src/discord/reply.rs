//! Answering people: their language, ephemeral errors, no stray mentions.

use poise::CreateReply;
use serenity::all::CreateAllowedMentions;

use super::{BotError, Context};
use crate::i18n::{Args, Lang};

/// Discord's limit for a message's content.
pub const MAX_CONTENT: usize = 2000;

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

/// Cuts text to Discord's limit on a character boundary, marking the cut.
pub fn fit(text: &str) -> String {
    if text.chars().count() <= MAX_CONTENT {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_CONTENT - 1).collect();
    out.push('…');
    out
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

/// Renders a time as Discord timestamps: absolute (`F`) and relative (`R`),
/// which every client shows in its own time zone.
pub fn timestamps(at: chrono::DateTime<chrono::Utc>) -> (String, String) {
    let unix = at.timestamp();
    (format!("<t:{unix}:F>"), format!("<t:{unix}:R>"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn long_text_is_cut_to_the_limit() {
        let long = "ñ".repeat(3000);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), MAX_CONTENT);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn times_become_discord_timestamps() {
        let at = chrono::Utc
            .with_ymd_and_hms(2024, 3, 25, 11, 59, 0)
            .unwrap();
        assert_eq!(
            timestamps(at),
            (
                "<t:1711367940:F>".to_string(),
                "<t:1711367940:R>".to_string()
            )
        );
    }
}
