//! `/gpu`: teams ask for a machine and see the line; organizers lend,
//! extend, take back, reorder and keep the pool. The rules are in
//! `domain::gpu`; what happens later (notices, warnings, the end of a lease,
//! the board) is scheduled through `scheduler::gpu`, so it survives a
//! restart.

use std::fmt::Write as _;

use chrono::Utc;
use serenity::all::{
    ButtonStyle, ComponentInteraction, Context as SerenityContext, CreateActionRow,
    CreateAttachment, CreateAutocompleteResponse, CreateButton, CreateInteractionResponse,
};

use crate::config::{GpuKind, MachineName};
use crate::discord::access::{access, member_access, require_organizer};
use crate::discord::custom_id::CustomId;
use crate::discord::reply::{self, lang, tr, tr_args};
use crate::discord::{audit, BotError, Context, Data};
use crate::domain::gpu::{self as domain, GpuError, GrantForm, Releaser, RequestForm};
use crate::i18n::{I18n, Lang};
use crate::render::gpu_board::{board_pages, kind_name, machine_line, queue_line, usage_png};
use crate::render::markup::{fit, timestamps};
use crate::scheduler::gpu as jobs;
use crate::store::{GpuResource, GpuResourceStatus};

/// The kinds of machine, as offered in Discord.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum KindChoice {
    #[name = "vm-24gb"]
    Vm24Gb,
    #[name = "space-t4-small"]
    SpaceT4Small,
}

impl From<KindChoice> for GpuKind {
    fn from(k: KindChoice) -> Self {
        match k {
            KindChoice::Vm24Gb => GpuKind::Vm24Gb,
            KindChoice::SpaceT4Small => GpuKind::SpaceT4Small,
        }
    }
}

/// Turns a refusal into the user's message, in their language.
fn refuse(e: GpuError, lang: Lang) -> BotError {
    let id = e.message_id();
    let until = |t| timestamps(t).0;
    let args: Vec<(&'static str, String)> = match e {
        GpuError::Store(e) => return BotError::Internal(e.into()),
        GpuError::BadHours { max } => vec![("max", max.to_string())],
        GpuError::BadLink(e) => vec![("reason", I18n::shared().message(lang, &e.message()))],
        GpuError::WrongOrganization { org } => vec![("org", org)],
        GpuError::DatasetMissing { repo } | GpuError::DatasetPrivate { repo } => {
            vec![("repo", repo)]
        }
        GpuError::ResourceNotAvailable { resource } | GpuError::WrongKind { resource } => {
            vec![("resource", resource)]
        }
        GpuError::ResourceBusy { resource, until: t }
        | GpuError::ResourceLeased { resource, until: t } => {
            vec![("resource", resource), ("until", until(t))]
        }
        GpuError::BadPosition { max } => vec![("max", max.to_string())],
        _ => Vec::new(),
    };
    BotError::User { id, args }
}

async fn answer(ctx: Context<'_>, text: String) -> Result<(), BotError> {
    crate::discord::reply::ephemeral(ctx, text).await
}

/// GPU machines lent to teams.
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "request", "cancel", "queue", "status", "release", "usage", "grant", "extend", "move_",
        "pool"
    ),
    subcommand_required
)]
pub async fn gpu(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Ask for a GPU machine (captain), once your dataset is on the Hub.
#[poise::command(slash_command, guild_only)]
pub async fn request(
    ctx: Context<'_>,
    kind: KindChoice,
    #[min = 1]
    #[max = 672]
    hours: i64,
    #[max_length = 300] dataset: String,
    tested: bool,
) -> Result<(), BotError> {
    // The Hub check may take longer than Discord's three seconds.
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let lang = lang(ctx);
    let now = Utc::now();
    let form = RequestForm {
        kind: kind.into(),
        hours,
        dataset: &dataset,
        tested,
    };
    let queued = domain::request(
        &data.store,
        &data.hub,
        &data.event,
        ctx.author().id.get(),
        &form,
        now,
    )
    .await
    .map_err(|e| refuse(e, lang))?;
    jobs::schedule_board(&data.store, &data.event.event.id, now).await?;
    let wait = match queued.expected_start {
        Some(t) if t <= now => tr(ctx, "gpu-start-now"),
        Some(t) => tr_args(ctx, "gpu-start-at", &[("relative", timestamps(t).1.into())]),
        None => tr(ctx, "gpu-start-unknown"),
    };
    let text = tr_args(
        ctx,
        "gpu-requested",
        &[
            ("team", queued.team.name.clone().into()),
            (
                "kind",
                kind_name(&data.i18n, lang, queued.request.kind).into(),
            ),
            ("position", (queued.position as i64).into()),
            ("wait", wait.into()),
            ("repo", queued.request.dataset_repo.clone().into()),
        ],
    );
    answer(ctx, text).await
}

/// Withdraw your team's queued request (captain).
#[poise::command(slash_command, guild_only)]
pub async fn cancel(ctx: Context<'_>, kind: Option<KindChoice>) -> Result<(), BotError> {
    let data = ctx.data();
    let now = Utc::now();
    let request = domain::cancel(
        &data.store,
        &data.event,
        ctx.author().id.get(),
        kind.map(Into::into),
        now,
    )
    .await
    .map_err(|e| refuse(e, lang(ctx)))?;
    jobs::schedule_board(&data.store, &data.event.event.id, now).await?;
    let kind = kind_name(&data.i18n, lang(ctx), request.kind);
    answer(ctx, tr_args(ctx, "gpu-cancelled", &[("kind", kind.into())])).await
}

/// The machines and everyone's place in line.
#[poise::command(slash_command, guild_only)]
pub async fn queue(
    ctx: Context<'_>,
    #[min = 1]
    #[max = 100]
    page: Option<i64>,
) -> Result<(), BotError> {
    let data = ctx.data();
    let lang = lang(ctx);
    let now = Utc::now();
    let board = domain::board(&data.store, &data.event.event.id, now).await?;
    let pages = board_pages(&data.i18n, lang, &board, now);
    let index = usize::try_from(page.unwrap_or(1).max(1) - 1)
        .unwrap_or(0)
        .min(pages.len().saturating_sub(1));
    let mut text = pages.get(index).cloned().unwrap_or_default();
    if pages.len() > 1 {
        let _ = write!(
            text,
            "\n\n{}",
            tr_args(
                ctx,
                "gpu-queue-page",
                &[
                    ("page", (index as i64 + 1).into()),
                    ("pages", (pages.len() as i64).into()),
                ],
            )
        );
    }
    answer(ctx, text).await
}

/// Your team's request or machine.
#[poise::command(slash_command, guild_only)]
pub async fn status(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let lang = lang(ctx);
    let now = Utc::now();
    let event_id = &data.event.event.id;
    let team = data
        .store
        .team_of(event_id, ctx.author().id.get())
        .await?
        .ok_or_else(|| refuse(GpuError::NotInTeam, lang))?;
    let board = domain::board(&data.store, event_id, now).await?;
    let mut text = tr_args(
        ctx,
        "gpu-status-title",
        &[("team", team.name.clone().into())],
    );
    let leases = board.leases_of(team.id);
    let entries = board.entries_of(team.id);
    for m in &leases {
        let _ = write!(text, "\n{}", machine_line(&data.i18n, lang, m));
    }
    for e in &entries {
        let _ = write!(
            text,
            "\n{}: {}",
            kind_name(&data.i18n, lang, e.request.kind),
            queue_line(&data.i18n, lang, e, now)
        );
    }
    if leases.is_empty() && entries.is_empty() {
        let _ = write!(text, "\n{}", tr(ctx, "gpu-status-nothing"));
    }
    answer(ctx, text).await
}

/// Give a machine back early (your team's, or any for organizers); asks to
/// confirm first.
#[poise::command(slash_command, guild_only)]
pub async fn release(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_leased"]
    #[max_length = 64]
    resource: Option<String>,
) -> Result<(), BotError> {
    let data = ctx.data();
    let user = ctx.author().id.get();
    let organizer = resource.is_some() && access(ctx).await?.organizer;
    let who = if organizer {
        Releaser::Organizer
    } else {
        Releaser::Member(user)
    };
    let lease = domain::release_target(&data.store, &data.event, who, resource.as_deref())
        .await
        .map_err(|e| refuse(e, lang(ctx)))?;
    let team = data
        .store
        .team(lease.team_id)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let (when, relative) = timestamps(lease.ends_at);
    let text = tr_args(
        ctx,
        "gpu-release-confirm",
        &[
            ("resource", lease.resource.clone().into()),
            ("team", team.into()),
            ("until", when.into()),
            ("relative", relative.into()),
        ],
    );
    let row = CreateActionRow::Buttons(vec![
        CreateButton::new(
            CustomId::GpuRelease {
                lease: lease.id,
                owner: user,
            }
            .to_string(),
        )
        .style(ButtonStyle::Danger)
        .label(tr(ctx, "gpu-release-button")),
        CreateButton::new(CustomId::GpuKeep { owner: user }.to_string())
            .style(ButtonStyle::Secondary)
            .label(tr(ctx, "gpu-keep-button")),
    ]);
    ctx.send(
        reply::create_reply()
            .content(fit(&text))
            .ephemeral(true)
            .components(vec![row]),
    )
    .await?;
    Ok(())
}

/// Replaces the confirmation with `text`, without its buttons.
async fn settle(
    ctx: &SerenityContext,
    press: &ComponentInteraction,
    text: String,
) -> Result<(), BotError> {
    let message = reply::response().content(fit(&text)).components(vec![]);
    press
        .create_response(&ctx.http, CreateInteractionResponse::UpdateMessage(message))
        .await?;
    Ok(())
}

/// "Keep it": the release is not confirmed (by who asked, as the router checked).
pub async fn release_kept(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    settle(ctx, press, data.i18n.get(lang, "gpu-release-kept")).await
}

/// The release confirmed by who asked for it (the router checked that).
pub async fn release_confirmed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    lease_id: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let presser = press.user.id.get();
    // Whether the presser is an organizer is asked again, not read from the button.
    let organizer = match (press.guild_id, press.member.as_ref()) {
        (Some(g), Some(m)) => member_access(ctx, data, g, m).await?.organizer,
        _ => false,
    };
    let who = if organizer {
        Releaser::Organizer
    } else {
        Releaser::Member(presser)
    };
    let now = Utc::now();
    let lease = domain::release_lease(&data.store, &data.event, who, lease_id, now)
        .await
        .map_err(|e| refuse(e, lang))?;
    jobs::schedule_release(&data.store, &data.event.event.id, &lease, now).await?;
    if organizer {
        audit::record(
            &ctx.http,
            data,
            press.guild_id,
            presser,
            "gpu.release",
            Some(&lease.resource),
            serde_json::json!({ "lease": lease.id, "team_id": lease.team_id }),
        )
        .await?;
    }
    let text = data.i18n.get_args(
        lang,
        "gpu-released",
        &[("resource", lease.resource.clone().into())],
    );
    settle(ctx, press, text).await?;
    Ok(())
}

/// A chart of the machines' use over the event.
#[poise::command(slash_command, guild_only)]
pub async fn usage(ctx: Context<'_>) -> Result<(), BotError> {
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let now = Utc::now();
    let spans = domain::usage(&data.store, &data.event.event.id, now).await?;
    if spans.is_empty() {
        return answer(ctx, tr(ctx, "gpu-usage-empty")).await;
    }
    let png =
        usage_png(&data.i18n, lang(ctx), &spans, now).map_err(|e| BotError::Internal(e.into()))?;
    let hours: f64 = spans
        .iter()
        .map(|s| (s.to - s.from).num_minutes() as f64 / 60.0)
        .sum();
    let text = tr_args(
        ctx,
        "gpu-usage",
        &[
            ("leases", (spans.len() as i64).into()),
            ("hours", format!("{hours:.0}").into()),
        ],
    );
    ctx.send(
        reply::create_reply()
            .content(fit(&text))
            .ephemeral(true)
            .attachment(CreateAttachment::bytes(png, "gpu-usage.png")),
    )
    .await?;
    Ok(())
}

/// Lend a machine (organizers): the next team by default, or a named one.
#[poise::command(slash_command, guild_only)]
pub async fn grant(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_queued_team"]
    #[max_length = 100]
    team: Option<String>,
    #[autocomplete = "autocomplete_resource"]
    #[max_length = 64]
    resource: Option<String>,
    #[min = 1]
    #[max = 672]
    hours: Option<i64>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let now = Utc::now();
    let form = GrantForm {
        team: team.as_deref(),
        resource: resource.as_deref(),
        hours,
    };
    let granted = domain::grant(&data.store, &data.event, ctx.author().id.get(), &form, now)
        .await
        .map_err(|e| refuse(e, lang(ctx)))?;
    let lease = &granted.lease;
    jobs::schedule_grant(&data.store, &data.event.event.id, lease, now).await?;
    audit::by_caller(
        ctx,
        "gpu.grant",
        &granted.team,
        serde_json::json!({
            "lease": lease.id,
            "resource": lease.resource,
            "ends_at": lease.ends_at.to_rfc3339(),
        }),
    )
    .await?;
    let (when, relative) = timestamps(lease.ends_at);
    answer(
        ctx,
        tr_args(
            ctx,
            "gpu-granted",
            &[
                ("team", granted.team.clone().into()),
                ("resource", lease.resource.clone().into()),
                ("until", when.into()),
                ("relative", relative.into()),
            ],
        ),
    )
    .await
}

/// Add hours to a lease (organizers).
#[poise::command(slash_command, guild_only)]
pub async fn extend(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_leased"]
    #[max_length = 64]
    resource: String,
    #[min = 1]
    #[max = 672]
    hours: i64,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let now = Utc::now();
    let lease = domain::extend(&data.store, &data.event, &resource, hours)
        .await
        .map_err(|e| refuse(e, lang(ctx)))?;
    jobs::schedule_extension(&data.store, &data.event.event.id, &lease, now).await?;
    audit::by_caller(
        ctx,
        "gpu.extend",
        &lease.resource,
        serde_json::json!({ "lease": lease.id, "hours": hours, "ends_at": lease.ends_at.to_rfc3339() }),
    )
    .await?;
    let (when, relative) = timestamps(lease.ends_at);
    answer(
        ctx,
        tr_args(
            ctx,
            "gpu-extended",
            &[
                ("resource", lease.resource.clone().into()),
                ("until", when.into()),
                ("relative", relative.into()),
            ],
        ),
    )
    .await
}

/// Move a team's request in line, with a reason (organizers).
#[poise::command(slash_command, guild_only, rename = "move")]
pub async fn move_(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_queued_team"]
    #[max_length = 100]
    team: String,
    #[min = 1]
    #[max = 1000]
    position: i64,
    #[max_length = 300] reason: String,
    kind: Option<KindChoice>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let lang = lang(ctx);
    let reason = crate::text::sanitize(&reason);
    if reason.trim().is_empty() {
        return Err(BotError::user("gpu-error-reason"));
    }
    let now = Utc::now();
    let moved = domain::move_request(
        &data.store,
        &data.event,
        &team,
        kind.map(Into::into),
        position,
        now,
    )
    .await
    .map_err(|e| refuse(e, lang))?;
    jobs::schedule_board(&data.store, &data.event.event.id, now).await?;
    audit::by_caller(
        ctx,
        "gpu.move",
        &moved.team,
        serde_json::json!({
            "kind": moved.kind.as_str(),
            "from": moved.from,
            "to": moved.to,
            "reason": reason.trim(),
        }),
    )
    .await?;
    answer(
        ctx,
        tr_args(
            ctx,
            "gpu-moved",
            &[
                ("team", moved.team.clone().into()),
                ("kind", kind_name(&data.i18n, lang, moved.kind).into()),
                ("from", (moved.from as i64).into()),
                ("to", (moved.to as i64).into()),
            ],
        ),
    )
    .await
}

/// The pool of machines (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("pool_add", "pool_retire", "pool_out_of_service", "pool_restore"),
    subcommand_required
)]
pub async fn pool(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Add a machine to the pool.
#[poise::command(slash_command, guild_only, rename = "add")]
pub async fn pool_add(
    ctx: Context<'_>,
    #[max_length = 64] name: String,
    kind: KindChoice,
    #[min = 1]
    #[max = 672]
    default_hours: i64,
    #[min = 1]
    #[max = 672]
    max_hours: i64,
    #[max_length = 100] description: Option<String>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let lang = lang(ctx);
    let name = MachineName::parse(&name)
        .map_err(|_| BotError::user("gpu-error-resource-name"))?
        .into_string();
    let hours = |h: i64| u32::try_from(h).unwrap_or(0);
    let resource = GpuResource {
        name: name.clone(),
        kind: kind.into(),
        description: description
            .map(|d| crate::text::sanitize(&d).trim().to_string())
            .filter(|d| !d.is_empty()),
        default_hours: hours(default_hours),
        max_hours: hours(max_hours),
        status: GpuResourceStatus::Available,
    };
    domain::add_resource(&data.store, &data.event, &resource)
        .await
        .map_err(|e| refuse(e, lang))?;
    let now = Utc::now();
    jobs::schedule_board(&data.store, &data.event.event.id, now).await?;
    audit::by_caller(
        ctx,
        "gpu.pool.add",
        &name,
        serde_json::json!({
            "kind": resource.kind.as_str(),
            "default_hours": resource.default_hours,
            "max_hours": resource.max_hours,
        }),
    )
    .await?;
    answer(
        ctx,
        tr_args(ctx, "gpu-pool-added", &[("resource", name.into())]),
    )
    .await
}

async fn set_status(
    ctx: Context<'_>,
    resource: &str,
    status: GpuResourceStatus,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let r = domain::set_status(&data.store, &data.event, resource, status)
        .await
        .map_err(|e| refuse(e, lang(ctx)))?;
    jobs::schedule_board(&data.store, &data.event.event.id, Utc::now()).await?;
    audit::by_caller(
        ctx,
        &format!("gpu.pool.{}", status.as_str()),
        &r.name,
        serde_json::json!({ "status": status.as_str() }),
    )
    .await?;
    let id = match status {
        GpuResourceStatus::Available => "gpu-pool-restored",
        GpuResourceStatus::OutOfService => "gpu-pool-out-of-service",
        GpuResourceStatus::Retired => "gpu-pool-retired",
    };
    answer(ctx, tr_args(ctx, id, &[("resource", r.name.into())])).await
}

/// Take a machine out of the pool for good.
#[poise::command(slash_command, guild_only, rename = "retire")]
pub async fn pool_retire(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_resource"]
    #[max_length = 64]
    resource: String,
) -> Result<(), BotError> {
    set_status(ctx, &resource, GpuResourceStatus::Retired).await
}

/// Mark a machine out of service until it is restored.
#[poise::command(slash_command, guild_only, rename = "out-of-service")]
pub async fn pool_out_of_service(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_resource"]
    #[max_length = 64]
    resource: String,
) -> Result<(), BotError> {
    set_status(ctx, &resource, GpuResourceStatus::OutOfService).await
}

/// Put a machine back in service.
#[poise::command(slash_command, guild_only, rename = "restore")]
pub async fn pool_restore(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete_resource"]
    #[max_length = 64]
    resource: String,
) -> Result<(), BotError> {
    set_status(ctx, &resource, GpuResourceStatus::Available).await
}

/// Discord's limit of autocomplete choices.
const CHOICES: usize = 25;

fn matches(text: &str, partial: &str) -> bool {
    text.to_lowercase().contains(&partial.trim().to_lowercase())
}

/// Machines whose name contains what was typed, with their state.
async fn autocomplete_resource(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    machine_choices(ctx, partial, false).await
}

/// Machines lent now.
async fn autocomplete_leased(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    machine_choices(ctx, partial, true).await
}

async fn machine_choices(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
    leased_only: bool,
) -> CreateAutocompleteResponse {
    let data = ctx.data();
    let lang = ctx
        .locale()
        .map_or(data.event.event.default_language, Lang::from_locale);
    let mut response = CreateAutocompleteResponse::new();
    match domain::board(&data.store, &data.event.event.id, Utc::now()).await {
        Ok(board) => {
            for m in board
                .machines
                .iter()
                .filter(|m| !leased_only || m.lease.is_some())
                .filter(|m| matches(&m.resource.name, partial))
                .take(CHOICES)
            {
                let state = match (&m.lease, m.resource.status) {
                    (Some((_, team)), _) => team.clone(),
                    (None, GpuResourceStatus::Available) => data.i18n.get(lang, "gpu-machine-free"),
                    (None, GpuResourceStatus::OutOfService) => {
                        data.i18n.get(lang, "gpu-machine-out-of-service")
                    }
                    (None, GpuResourceStatus::Retired) => {
                        data.i18n.get(lang, "gpu-machine-retired")
                    }
                };
                let label: String = format!("{} — {state}", m.resource.name)
                    .chars()
                    .take(100)
                    .collect();
                response = response.add_string_choice(label, m.resource.name.clone());
            }
        }
        Err(e) => tracing::warn!(error = %e, "machine autocomplete failed"),
    }
    response
}

/// Teams in line, with their place.
async fn autocomplete_queued_team(
    ctx: poise::ApplicationContext<'_, Data, BotError>,
    partial: &str,
) -> CreateAutocompleteResponse {
    let data = ctx.data();
    let mut response = CreateAutocompleteResponse::new();
    match domain::board(&data.store, &data.event.event.id, Utc::now()).await {
        Ok(board) => {
            let mut seen = std::collections::HashSet::new();
            for e in board
                .queues
                .iter()
                .flat_map(|(_, q)| q.iter())
                .filter(|e| matches(&e.team, partial))
                .filter(|e| seen.insert(e.request.team_id))
                .take(CHOICES)
            {
                let label = format!("{} ({} #{})", e.team, e.request.kind.as_str(), e.position);
                response = response.add_string_choice(label, e.team.clone());
            }
        }
        Err(e) => tracing::warn!(error = %e, "team autocomplete failed"),
    }
    response
}
