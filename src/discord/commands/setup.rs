//! `/setup check`, `/setup apply` and `/setup link`: is this server ready
//! for the event, create what is missing after a confirmation (storing the
//! new ids), and point an event role or channel at an existing one by id.
//! The confirmation button carries everything it needs in its custom id, so
//! it works after a restart.

use serenity::all::{
    ButtonStyle, ChannelType, ComponentInteraction, Context as SerenityContext, CreateActionRow,
    CreateAutocompleteResponse, CreateButton, CreateChannel, CreateForumTag,
    CreateInteractionResponse, EditChannel, EditRole, GuildId, Http,
};

use crate::discord::access::{member_access, require_organizer};
use crate::discord::custom_id::CustomId;
use crate::discord::identity::{wanted, Shape, Wanted};
use crate::discord::reply::{self, ephemeral, lang};
use crate::discord::server_plan::{inspect, Creation, Finding, FindingStatus, Snapshot, Text};
use crate::discord::{audit, BotError, Context, Data};
use crate::i18n::Lang;
use crate::render::markup::fit;

/// Check or prepare this server for the event (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("check", "apply", "link"),
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
    let snap = snapshot(
        ctx.http(),
        ctx.data(),
        guild_id,
        ctx.framework().bot_id().get(),
    )
    .await?;
    let findings = inspect(&ctx.data().event, &snap);
    let text = render(ctx.data(), lang(ctx), &findings);
    ctx.send(reply::create_reply().content(fit(&text)).ephemeral(true))
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
    let snap = snapshot(ctx.http(), data, guild_id, ctx.framework().bot_id().get()).await?;
    let creations = creations(&inspect(&data.event, &snap));
    if creations.is_empty() {
        let text = data.i18n.get(lang, "setup-apply-nothing");
        ctx.send(reply::create_reply().content(text).ephemeral(true))
            .await?;
        return Ok(());
    }
    let labels: Vec<String> = creations.iter().map(Creation::label).collect();
    let author = ctx.author().id.get();
    let buttons = CreateActionRow::Buttons(vec![
        CreateButton::new(CustomId::SetupApply { owner: author }.to_string())
            .style(ButtonStyle::Success)
            .label(data.i18n.get(lang, "setup-apply-button")),
        CreateButton::new(CustomId::SetupCancel { owner: author }.to_string())
            .style(ButtonStyle::Secondary)
            .label(data.i18n.get(lang, "setup-cancel-button")),
    ]);
    let text = data.i18n.get_args(
        lang,
        "setup-apply-confirm",
        &[("items", labels.join(", ").into())],
    );
    ctx.send(
        reply::create_reply()
            .content(fit(&text))
            .ephemeral(true)
            .components(vec![buttons]),
    )
    .await?;
    Ok(())
}

/// The confirmation buttons, pressed by the organizer who ran `/setup
/// apply` (the router checked that): apply the plan, or drop it.
pub async fn confirmed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    confirmed: bool,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let answer = |text: String| {
        CreateInteractionResponse::UpdateMessage(
            reply::response().content(fit(&text)).components(vec![]),
        )
    };
    if !confirmed {
        press
            .create_response(
                &ctx.http,
                answer(data.i18n.get(lang, "setup-apply-cancelled")),
            )
            .await?;
        return Ok(());
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
    let (done, failure) = apply_plan(ctx, data, guild_id).await?;
    if done.is_empty() && failure.is_none() {
        // Another press already did the work and reported it: leave its
        // answer in place.
        return Ok(());
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
    let text = applied_text(data, lang, &done, failure);
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

/// What `/setup apply` made (labels) and the first thing Discord refused
/// (label and reason), after which it stops.
type Applied = (Vec<String>, Option<(String, String)>);

/// Makes what the plan, read afresh from the server, says is missing; each
/// new role or channel is the event's from then on, by its id.
async fn apply_plan(
    ctx: &SerenityContext,
    data: &Data,
    guild_id: GuildId,
) -> Result<Applied, BotError> {
    let bot_id = ctx.cache.current_user().id.get();
    let snap = snapshot(&ctx.http, data, guild_id, bot_id).await?;
    let mut done = Vec::new();
    for creation in creations(&inspect(&data.event, &snap)) {
        match create(&ctx.http, guild_id, &snap, &creation).await {
            Ok(made) => {
                if let Some((key, id)) = made {
                    data.ids.set(guild_id, &key, id, None).await?;
                }
                done.push(creation.label());
            }
            Err(e) => {
                tracing::warn!(error = %e, item = creation.label(), "setup apply failed");
                return Ok((done, Some((creation.label(), e.to_string()))));
            }
        }
    }
    Ok((done, None))
}

/// What was made, or that nothing was, and what Discord refused.
fn applied_text(
    data: &Data,
    lang: Lang,
    done: &[String],
    failure: Option<(String, String)>,
) -> String {
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
    text
}

fn creations(findings: &[Finding]) -> Vec<Creation> {
    findings.iter().filter_map(|f| f.creation.clone()).collect()
}

/// Reads the server afresh (channels, roles, the bot's roles) with the
/// stored ids, after giving an id to what has exactly its name.
async fn snapshot(
    http: &Http,
    data: &Data,
    guild_id: GuildId,
    bot_id: u64,
) -> Result<Snapshot, BotError> {
    data.ids.resolve_all(http).await;
    let channels = guild_id.channels(http).await?.into_values().collect();
    let roles = guild_id.roles(http).await?;
    let bot = guild_id.member(http, bot_id).await?;
    let bound = data
        .store
        .discord_ids(&data.event.event.id, guild_id.get())
        .await?
        .into_iter()
        .map(|s| (s.key, s.id))
        .collect();
    Ok(Snapshot {
        channels,
        roles,
        everyone: guild_id.everyone_role(),
        bot_roles: bot.roles,
        bound,
        bot_user: serenity::all::UserId::new(bot_id),
        raw: crate::discord::channel_access::RawPermissions::fetch(http, guild_id).await?,
    })
}

/// Makes one thing; returns the key and id of an event role or channel.
async fn create(
    http: &Http,
    guild_id: GuildId,
    snap: &Snapshot,
    creation: &Creation,
) -> Result<Option<(String, u64)>, serenity::Error> {
    Ok(match creation {
        Creation::TextChannel { key, name } => {
            let made = guild_id
                .create_channel(http, CreateChannel::new(name).kind(ChannelType::Text))
                .await?;
            Some((key.clone(), made.id.get()))
        }
        Creation::Category { key, name } => {
            let made = guild_id
                .create_channel(http, CreateChannel::new(name).kind(ChannelType::Category))
                .await?;
            Some((key.clone(), made.id.get()))
        }
        Creation::Forum { key, name, tags } => {
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
            Some((key.clone(), forum.id.get()))
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
            None
        }
        Creation::Role { key, name } => {
            let made = guild_id
                .create_role(http, EditRole::new().name(name))
                .await?;
            Some((key.clone(), made.id.get()))
        }
    })
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
        FindingStatus::Missing => 0,
        FindingStatus::Warning => 1,
        FindingStatus::Ok => 2,
    });
    for f in &sorted {
        let what = localize(&f.what);
        let line = match (f.status, &f.fix) {
            (FindingStatus::Ok, _) | (_, None) => {
                i18n.get_args(lang, "setup-ok", &[("what", what.into())])
            }
            (FindingStatus::Missing, Some(fix)) => i18n.get_args(
                lang,
                "setup-missing",
                &[("what", what.into()), ("fix", localize(fix).into())],
            ),
            (FindingStatus::Warning, Some(fix)) => i18n.get_args(
                lang,
                "setup-warn",
                &[("what", what.into()), ("fix", localize(fix).into())],
            ),
        };
        lines.push(line);
    }
    let problems = findings
        .iter()
        .filter(|f| f.status == FindingStatus::Missing)
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

/// Point an event role or channel at one of the server's (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("link_role", "link_channel"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn link(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Make an event role (organizer, mentor…) this role of the server.
#[poise::command(
    slash_command,
    guild_only,
    rename = "role",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn link_role(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_role_key"] key: String,
    role: serenity::all::Role,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let guild = ctx
        .guild_id()
        .ok_or_else(|| BotError::user("error-guild-only"))?;
    let wanted = declared(ctx, &key, |s| s == Shape::Role, "role")?;
    if role.id.get() == guild.get() {
        return Err(BotError::user("setup-link-everyone"));
    }
    linked(ctx, guild, &wanted, role.id.get(), format!("@&{}", role.id)).await
}

/// Make an event channel (announcements, log…) this channel of the server.
#[poise::command(
    slash_command,
    guild_only,
    rename = "channel",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn link_channel(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_channel_key"] key: String,
    channel: serenity::all::PartialChannel,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let guild = ctx
        .guild_id()
        .ok_or_else(|| BotError::user("error-guild-only"))?;
    let wanted = declared(ctx, &key, |s| s != Shape::Role, "channel")?;
    let fits = match wanted.shape {
        Shape::Text => matches!(channel.kind, ChannelType::Text | ChannelType::News),
        Shape::Forum => channel.kind == ChannelType::Forum,
        Shape::Category => channel.kind == ChannelType::Category,
        Shape::Role => false,
    };
    if !fits {
        let kind = match wanted.shape {
            Shape::Forum => "setup-kind-forum",
            Shape::Category => "setup-kind-category",
            _ => "setup-kind-text",
        };
        return Err(BotError::user_with(
            "setup-link-wrong-kind",
            vec![
                ("target", channel.id.to_string()),
                ("kind", ctx.data().i18n.get(lang(ctx), kind)),
                ("key", key),
            ],
        ));
    }
    linked(
        ctx,
        guild,
        &wanted,
        channel.id.get(),
        format!("#{}", channel.id),
    )
    .await
}

/// The event's role or channel `key`, when it has the wanted shape.
fn declared(
    ctx: Context<'_>,
    key: &str,
    shape: impl Fn(Shape) -> bool,
    kind: &str,
) -> Result<Wanted, BotError> {
    ctx.data()
        .ids
        .declared(key)
        .filter(|w| shape(w.shape))
        .ok_or_else(|| {
            BotError::user_with(
                "setup-link-unknown-key",
                vec![("key", key.to_string()), ("kind", kind.to_string())],
            )
        })
}

/// Stores the link, audits it and confirms it.
async fn linked(
    ctx: Context<'_>,
    guild: GuildId,
    wanted: &Wanted,
    id: u64,
    target: String,
) -> Result<(), BotError> {
    let data = ctx.data();
    let author = ctx.author().id.get();
    let before = data.ids.set(guild, &wanted.key, id, Some(author)).await?;
    audit::by_caller(
        ctx,
        "setup.link",
        &wanted.key,
        serde_json::json!({ "id": id.to_string(), "before": before.map(|b| b.to_string()) }),
    )
    .await?;
    let sigil = if wanted.shape == Shape::Role {
        "@&"
    } else {
        "#"
    };
    let mut args = vec![
        ("what", wanted.label().into()),
        ("key", wanted.key.clone().into()),
        ("target", target.into()),
    ];
    let id = match before.filter(|b| *b != id) {
        Some(before) => {
            args.push(("before", format!("{sigil}{before}").into()));
            "setup-link-done-before"
        }
        None => "setup-link-done",
    };
    ephemeral(ctx, data.i18n.get_args(lang(ctx), id, &args)).await
}

async fn autocomplete_role_key(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    key_choices(ctx.data(), partial, true)
}

async fn autocomplete_channel_key(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    key_choices(ctx.data(), partial, false)
}

/// The event's role (or channel) keys matching `partial`, shown with their
/// configured names.
fn key_choices(data: &Data, partial: &str, roles: bool) -> CreateAutocompleteResponse {
    let partial = partial.to_lowercase();
    wanted(&data.event)
        .into_iter()
        .filter(|w| (w.shape == Shape::Role) == roles)
        .filter(|w| {
            w.key.to_lowercase().contains(&partial) || w.name.to_lowercase().contains(&partial)
        })
        .take(25)
        .fold(CreateAutocompleteResponse::new(), |r, w| {
            let label: String = format!("{} — {}", w.key, w.label())
                .chars()
                .take(100)
                .collect();
            r.add_string_choice(label, w.key)
        })
}
