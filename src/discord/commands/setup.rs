//! `/setup check` and `/setup apply`: is this server ready for the event,
//! and create what is missing after a confirmation. The confirmation button
//! carries everything it needs in its custom id, so it works after a restart.

use poise::CreateReply;
use serenity::all::{
    ButtonStyle, ChannelType, ComponentInteraction, Context as SerenityContext, CreateActionRow,
    CreateButton, CreateChannel, CreateForumTag, CreateInteractionResponse,
    CreateInteractionResponseMessage, EditChannel, EditRole, GuildId, Http,
};

use crate::discord::access::{member_access, require_organizer};
use crate::discord::reply::{fit, lang, no_mentions};
use crate::discord::server_plan::{inspect, Creation, Finding, Snapshot, Status, Text};
use crate::discord::{audit, BotError, Context, Data};
use crate::i18n::Lang;

const APPLY_ID: &str = "sb:setup-apply:";
const CANCEL_ID: &str = "sb:setup-cancel:";

/// Check or prepare this server for the event (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("check", "apply"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn setup(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Lists what the server is missing, with the fix for each.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn check(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    ctx.defer_ephemeral().await?;
    let guild_id = ctx
        .guild_id()
        .ok_or_else(|| BotError::user("error-guild-only"))?;
    let snap = snapshot(ctx.http(), guild_id, ctx.framework().bot_id().get()).await?;
    let findings = inspect(&ctx.data().event, &snap);
    let text = render(ctx.data(), lang(ctx), &findings);
    ctx.send(
        CreateReply::default()
            .content(fit(&text))
            .ephemeral(true)
            .allowed_mentions(no_mentions()),
    )
    .await?;
    Ok(())
}

/// Creates what is missing, after a confirmation button.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn apply(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let lang = lang(ctx);
    let guild_id = ctx
        .guild_id()
        .ok_or_else(|| BotError::user("error-guild-only"))?;
    let snap = snapshot(ctx.http(), guild_id, ctx.framework().bot_id().get()).await?;
    let creations = creations(&inspect(&data.event, &snap));
    if creations.is_empty() {
        let text = data.i18n.get(lang, "setup-apply-nothing");
        ctx.send(CreateReply::default().content(text).ephemeral(true))
            .await?;
        return Ok(());
    }
    let labels: Vec<String> = creations.iter().map(Creation::label).collect();
    let author = ctx.author().id.get();
    let buttons = CreateActionRow::Buttons(vec![
        CreateButton::new(format!("{APPLY_ID}{author}"))
            .style(ButtonStyle::Success)
            .label(data.i18n.get(lang, "setup-apply-button")),
        CreateButton::new(format!("{CANCEL_ID}{author}"))
            .style(ButtonStyle::Secondary)
            .label(data.i18n.get(lang, "setup-cancel-button")),
    ]);
    let text = data.i18n.get_args(
        lang,
        "setup-apply-confirm",
        &[("items", labels.join(", ").into())],
    );
    ctx.send(
        CreateReply::default()
            .content(fit(&text))
            .ephemeral(true)
            .allowed_mentions(no_mentions())
            .components(vec![buttons]),
    )
    .await?;
    Ok(())
}

/// Handles the confirmation buttons; returns `false` for other buttons.
pub async fn handle_component(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
) -> Result<bool, BotError> {
    let id = press.data.custom_id.as_str();
    let (confirmed, owner) = if let Some(rest) = id.strip_prefix(APPLY_ID) {
        (true, rest)
    } else if let Some(rest) = id.strip_prefix(CANCEL_ID) {
        (false, rest)
    } else {
        return Ok(false);
    };
    let lang = Lang::from_locale(&press.locale);
    let answer = |text: String| {
        CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new()
                .content(fit(&text))
                .components(vec![])
                .allowed_mentions(no_mentions()),
        )
    };
    if owner.parse::<u64>().ok() != Some(press.user.id.get()) {
        let text = data.i18n.get(lang, "error-button-not-yours");
        press
            .create_response(
                &ctx.http,
                CreateInteractionResponse::Message(
                    CreateInteractionResponseMessage::new()
                        .content(text)
                        .ephemeral(true),
                ),
            )
            .await?;
        return Ok(true);
    }
    if !confirmed {
        press
            .create_response(
                &ctx.http,
                answer(data.i18n.get(lang, "setup-apply-cancelled")),
            )
            .await?;
        return Ok(true);
    }
    let (Some(guild_id), Some(member)) = (press.guild_id, press.member.as_ref()) else {
        return Err(BotError::user("error-guild-only"));
    };
    // The role is checked again: the button may outlive the caller's role.
    if !member_access(ctx, data, guild_id, member).await?.organizer {
        return Err(BotError::user_with(
            "error-not-organizer",
            vec![("role", data.event.roles.organizer.clone())],
        ));
    }
    // Acknowledge now: creating channels can take longer than 3 seconds.
    press
        .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    // One apply at a time per process, and the plan is made afresh, so a
    // double click creates nothing twice.
    let _guard = data.setup_lock.lock().await;
    let bot_id = ctx.cache.current_user().id.get();
    let snap = snapshot(&ctx.http, guild_id, bot_id).await?;
    let mut done = Vec::new();
    let mut failure = None;
    for creation in creations(&inspect(&data.event, &snap)) {
        match create(&ctx.http, guild_id, &snap, &creation).await {
            Ok(()) => done.push(creation.label()),
            Err(e) => {
                tracing::warn!(error = %e, item = creation.label(), "setup apply failed");
                failure = Some((creation.label(), e.to_string()));
                break;
            }
        }
    }
    if done.is_empty() && failure.is_none() {
        // Another press already did the work and reported it: leave its
        // answer in place.
        return Ok(true);
    }
    audit::record(
        &ctx.http,
        data,
        Some(guild_id),
        press.user.id.get(),
        "setup.apply",
        None,
        serde_json::json!({ "created": done, "failed": failure.as_ref().map(|f| &f.0) }),
    )
    .await?;
    let mut text = if done.is_empty() {
        data.i18n.get(lang, "setup-apply-nothing")
    } else {
        data.i18n.get_args(
            lang,
            "setup-apply-done",
            &[("items", done.join(", ").into())],
        )
    };
    if let Some((item, reason)) = failure {
        text.push('\n');
        text.push_str(&data.i18n.get_args(
            lang,
            "setup-apply-failed",
            &[("item", item.into()), ("reason", reason.into())],
        ));
    }
    press
        .edit_response(
            &ctx.http,
            serenity::all::EditInteractionResponse::new()
                .content(fit(&text))
                .components(vec![])
                .allowed_mentions(no_mentions()),
        )
        .await?;
    Ok(true)
}

fn creations(findings: &[Finding]) -> Vec<Creation> {
    findings.iter().filter_map(|f| f.creation.clone()).collect()
}

/// Reads the server afresh (channels, roles, the bot's roles).
async fn snapshot(http: &Http, guild_id: GuildId, bot_id: u64) -> Result<Snapshot, BotError> {
    let channels = guild_id.channels(http).await?.into_values().collect();
    let roles = guild_id.roles(http).await?;
    let bot = guild_id.member(http, bot_id).await?;
    Ok(Snapshot {
        channels,
        roles,
        everyone: guild_id.everyone_role(),
        bot_roles: bot.roles,
        bot_user: serenity::all::UserId::new(bot_id),
        raw: crate::discord::channel_access::RawPermissions::fetch(http, guild_id).await?,
    })
}

async fn create(
    http: &Http,
    guild_id: GuildId,
    snap: &Snapshot,
    creation: &Creation,
) -> Result<(), serenity::Error> {
    match creation {
        Creation::TextChannel(name) => {
            guild_id
                .create_channel(http, CreateChannel::new(name).kind(ChannelType::Text))
                .await?;
        }
        Creation::Category(name) => {
            guild_id
                .create_channel(http, CreateChannel::new(name).kind(ChannelType::Category))
                .await?;
        }
        Creation::Forum { name, tags } => {
            let forum = guild_id
                .create_channel(http, CreateChannel::new(name).kind(ChannelType::Forum))
                .await?;
            forum
                .id
                .edit(
                    http,
                    EditChannel::new().available_tags(tags.iter().map(CreateForumTag::new)),
                )
                .await?;
        }
        Creation::ForumTags { channel, tags } => {
            let existing = snap
                .channels
                .iter()
                .find(|c| c.id == *channel)
                .map(|c| c.available_tags.clone())
                .unwrap_or_default();
            // Discord replaces the whole list: keep the tags that exist.
            let all = existing
                .iter()
                .map(|t| CreateForumTag::new(t.name.clone()).moderated(t.moderated))
                .chain(tags.iter().map(CreateForumTag::new));
            channel
                .edit(http, EditChannel::new().available_tags(all))
                .await?;
        }
        Creation::Role(name) => {
            guild_id
                .create_role(http, EditRole::new().name(name))
                .await?;
        }
    }
    Ok(())
}

/// The check as a message: one line per finding, problems first.
fn render(data: &Data, lang: Lang, findings: &[Finding]) -> String {
    let i18n = &data.i18n;
    let localize = |t: &Text| {
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = t
            .args
            .iter()
            .map(|(k, v)| {
                let v = if *k == "kind" {
                    i18n.get(lang, &format!("setup-kind-{v}"))
                } else {
                    v.clone()
                };
                (*k, v.into())
            })
            .collect();
        i18n.get_args(lang, t.id, &args)
    };
    let mut lines = vec![i18n.get_args(
        lang,
        "setup-check-title",
        &[("event", data.event.event.name.clone().into())],
    )];
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| match f.status {
        Status::Missing => 0,
        Status::Warning => 1,
        Status::Ok => 2,
    });
    for f in &sorted {
        let what = localize(&f.what);
        let line = match (f.status, &f.fix) {
            (Status::Ok, _) | (_, None) => {
                i18n.get_args(lang, "setup-ok", &[("what", what.into())])
            }
            (Status::Missing, Some(fix)) => i18n.get_args(
                lang,
                "setup-missing",
                &[("what", what.into()), ("fix", localize(fix).into())],
            ),
            (Status::Warning, Some(fix)) => i18n.get_args(
                lang,
                "setup-warn",
                &[("what", what.into()), ("fix", localize(fix).into())],
            ),
        };
        lines.push(line);
    }
    let problems = findings
        .iter()
        .filter(|f| f.status == Status::Missing)
        .count();
    lines.push(String::new());
    lines.push(if problems == 0 {
        i18n.get(lang, "setup-all-good")
    } else {
        i18n.get_args(
            lang,
            "setup-problems",
            &[("count", (problems as i64).into())],
        )
    });
    lines.join("\n")
}
