//! `/jury publish` (organizers): a preview of the announcement — podium,
//! honourable mention, how many roles and comments go out — then one
//! "Publish" button. The publication itself is `scheduler::publish`, shared
//! with the job at the `publish_at` deadline, and posts once however many
//! press.

use serenity::all::{
    ButtonStyle, ComponentInteraction, Context as SerenityContext, CreateActionRow, CreateButton,
    CreateInteractionResponse,
};

use crate::discord::access::require_organizer;
use crate::discord::custom_id::CustomId;
use crate::discord::outbox::DiscordOutbox;
use crate::discord::reply::{self, lang};
use crate::discord::{audit, BotError, Context, Data};
use crate::domain::jury::publication;
use crate::domain::jury::JuryError;
use crate::i18n::Lang;
use crate::render::markup::fit;
use crate::scheduler::publish::{self, PublishError, Published};

/// The command, for the jury group: `let mut jury = jury::jury();
/// jury.subcommands.push(jury_publish::publish());`.
pub fn publish() -> poise::Command<Data, BotError> {
    publish_results()
}

fn jury_error(e: JuryError) -> BotError {
    match e {
        JuryError::NoJury => BotError::user("publish-no-jury"),
        JuryError::Store(e) => e.into(),
    }
}

/// Publish the results: a preview first, then a button (organizers).
#[poise::command(
    slash_command,
    guild_only,
    rename = "publish",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn publish_results(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let lang = lang(ctx);
    if data.event.jury.is_none() {
        return Err(BotError::user("publish-no-jury"));
    }
    if data.store.results_posted(&data.event.event.id).await? {
        return Err(BotError::user("publish-already"));
    }
    let now = chrono::Utc::now();
    let p = publication::prepare(&data.store, &data.event, now)
        .await
        .map_err(jury_error)?;
    let roles: usize = p
        .podium
        .iter()
        .filter(|t| {
            data.event
                .jury
                .iter()
                .flat_map(|j| &j.honorary_roles)
                .any(|r| r.place == t.place)
        })
        .map(|t| t.members.len())
        .sum();
    let head = data.i18n.get_args(
        lang,
        "publish-preview",
        &[
            ("roles", (roles as i64).into()),
            ("teams", (p.comments.len() as i64).into()),
        ],
    );
    // The announcement as it will be posted, in the event's language.
    let body = publish::podium_text(
        &data.i18n,
        data.event.event.default_language,
        &data.event,
        &p,
    );
    let button = CreateButton::new(CustomId::JuryPublish.to_string())
        .style(ButtonStyle::Danger)
        .label(data.i18n.get(lang, "publish-confirm-button"));
    ctx.send(
        reply::create_reply()
            .content(fit(&format!("{head}\n\n{body}")))
            .components(vec![CreateActionRow::Buttons(vec![button])])
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// "Publish" pressed (the router checked the presser is an organizer).
pub async fn confirmed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    // Posting, roles and comments take longer than Discord's 3 seconds.
    press
        .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let outbox = DiscordOutbox::new(ctx.http.clone(), data.ids.clone());
    let actor = press.user.id.get();
    let now = chrono::Utc::now();
    let outcome = publish::publish(&data.store, &data.event, &data.i18n, &outbox, actor, now).await;
    let text = match outcome {
        Ok(Published::Posted(report)) => {
            audit::record(
                &ctx.http,
                data,
                press.guild_id,
                actor,
                "jury.publish",
                None,
                serde_json::json!({
                    "message_id": report.message_id,
                    "roles_given": report.roles_given,
                    "roles_failed": report.roles_failed,
                    "comments_in_channel": report.comments_in_channel,
                    "comments_by_dm": report.comments_by_dm,
                    "comments_undelivered": report.comments_undelivered,
                }),
            )
            .await?;
            data.i18n.get_args(
                lang,
                "publish-done",
                &[
                    ("roles", (report.roles_given as i64).into()),
                    ("failed", (report.roles_failed as i64).into()),
                    ("channels", (report.comments_in_channel as i64).into()),
                    ("dms", (report.comments_by_dm as i64).into()),
                    ("undelivered", (report.comments_undelivered as i64).into()),
                ],
            )
        }
        Ok(Published::AlreadyPosted(_)) => data.i18n.get(lang, "publish-already"),
        Ok(Published::InProgress) => data.i18n.get(lang, "publish-in-progress"),
        Err(PublishError::Send(e)) => {
            tracing::warn!(error = %e, "results not posted");
            data.i18n.get_args(
                lang,
                "publish-failed",
                &[("minutes", publish::LEASE.num_minutes().into())],
            )
        }
        Err(PublishError::Store(e)) => return Err(e.into()),
        Err(PublishError::Jury(e)) => return Err(jury_error(e)),
    };
    press
        .edit_response(
            &ctx.http,
            reply::edit_response()
                .content(fit(&text))
                .components(vec![]),
        )
        .await?;
    Ok(())
}
