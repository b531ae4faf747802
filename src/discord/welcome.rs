//! Greeting people who join, and noticing who introduced themselves. Both
//! feed the participant's path: the welcome points to the introductions
//! channel and to `/path`, and a message there marks the first step done.

use serenity::all::{Context as SerenityContext, CreateAllowedMentions, Member, Message, UserId};

use super::reply;
use super::Data;
use crate::config::keys;
use crate::render::markup::fit;

/// A member joined: one welcome, if the event wants it. The database
/// decides who sends it, so a replayed join, a restart or a second process
/// sends nothing more. A closed DM falls back to a mention in the
/// introductions channel.
pub async fn member_joined(ctx: &SerenityContext, data: &Data, member: &Member) {
    if !data.event.welcome.enabled || member.user.bot {
        return;
    }
    let event_id = &data.event.event.id;
    let user = member.user.id.get();
    match data
        .store
        .claim_welcome(event_id, user, chrono::Utc::now())
        .await
    {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::warn!(error = %e, user, "cannot record a welcome; not sending it");
            return;
        }
    }
    // A person who used the bot before has a stored language.
    let lang = crate::domain::people::person_lang(&data.store, &data.event, user).await;
    let intros_name = &data.event.channels.intros;
    let intros = data.ids.channel_if_set(&ctx.http, keys::INTROS).await;
    let intros_text = match intros {
        Some(c) => format!("<#{c}>"),
        None => format!("#{intros_name}"),
    };
    let text = |mention: String| {
        data.i18n.get_args(
            lang,
            "path-welcome",
            &[
                ("user", mention.into()),
                ("event", data.event.event.name.clone().into()),
                ("intros", intros_text.clone().into()),
            ],
        )
    };
    let dm = async {
        let channel = UserId::new(user).create_dm_channel(&ctx.http).await?;
        channel
            .id
            .send_message(
                &ctx.http,
                reply::message()
                    .content(fit(&text(member.user.name.clone())))
                    .allowed_mentions(CreateAllowedMentions::new()),
            )
            .await
    }
    .await;
    let Err(e) = dm else {
        return;
    };
    tracing::info!(error = %e, user, "welcome DM refused; greeting in the introductions channel");
    let Some(channel) = intros else {
        return;
    };
    let public = reply::message()
        .content(fit(&text(format!("<@{user}>"))))
        .allowed_mentions(CreateAllowedMentions::new().users([UserId::new(user)]));
    if let Err(e) = channel.send_message(&ctx.http, public).await {
        tracing::warn!(error = %e, user, "cannot greet a new member");
    }
}

/// A message in a guild: if it is in the introductions channel, its author
/// has introduced themselves. Only the author and channel are read (the
/// bot has no message-content intent).
pub async fn message_seen(ctx: &SerenityContext, data: &Data, message: &Message) {
    if message.author.bot {
        return;
    }
    if message.guild_id.is_none() {
        return;
    }
    // By the stored id: a team channel called like it counts for nothing.
    if data.ids.channel_if_set(&ctx.http, keys::INTROS).await != Some(message.channel_id) {
        return;
    }
    let user = message.author.id.get();
    if let Err(e) = data
        .store
        .mark_introduced(&data.event.event.id, user, chrono::Utc::now())
        .await
    {
        tracing::warn!(error = %e, user, "cannot record an introduction");
    }
}
