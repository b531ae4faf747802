//! `/path`, `/paths overview`, the path's re-check button and the welcome:
//! the Discord side of `domain::path`. /path answers at once from stored
//! facts; when the team's Hub facts are missing or older than
//! `path.fresh_minutes`, the answer shows the Hub steps as being checked and
//! is edited when the Hub has answered.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serenity::all::{
    ButtonStyle, ComponentInteraction, Context as SerenityContext, CreateActionRow,
    CreateAttachment, CreateButton, CreateInteractionResponse,
};

use crate::config::PathStep;
use crate::discord::access::{require_mentor, require_organizer};
use crate::discord::custom_id::CustomId;
use crate::discord::reply::{self, lang};
use crate::discord::{BotError, Context, Data};
use crate::domain::checks::{start_check, Flight, GateError};
use crate::domain::path::{
    self as domain, Detail, HubView, PathFacts, PathTarget, PathView, PersonFacts,
};
use crate::domain::submission::{self as submission, CheckResult, SubmissionLinks};
use crate::domain::team::TeamName;
use crate::i18n::Lang;
use crate::render::markup::{fit, timestamps};
use crate::store::{StoredDeadline, SubmissionStatus};

/// Your steps through the hackathon: what is done and what comes next.
#[poise::command(slash_command, guild_only)]
pub async fn path(
    ctx: Context<'_>,
    #[autocomplete = "super::common::autocomplete::team_name"]
    #[max_length = 100]
    team: Option<String>,
) -> Result<(), BotError> {
    let data = ctx.data();
    let lang = lang(ctx);
    if data.event.path.steps.is_empty() {
        return Err(BotError::user("path-no-steps"));
    }
    let target = match team {
        None => PathTarget::Person(ctx.author().id.get()),
        Some(name) => {
            require_mentor(ctx).await?;
            let team = data
                .store
                .team_by_name_key(&data.event.event.id, &TeamName::key_of(&name))
                .await?
                .ok_or_else(|| BotError::user("path-error-team-not-found"))?;
            PathTarget::Team(team.id)
        }
    };
    let now = Utc::now();
    let facts = gather(data, target).await?;
    let stale = domain::needs_hub_check(&data.event.path, facts.team.as_ref(), now);
    let first = render(data, lang, target, &facts, stale, now);
    let reply = |text: &str| {
        reply::create_reply()
            .content(fit(text))
            .ephemeral(true)
            .components(vec![recheck_button(data, lang, target)])
    };
    if !stale {
        ctx.send(reply(&first)).await?;
        return Ok(());
    }
    // Stale facts are refreshed only when the team's cooldown and the Hub
    // budget allow a check (or one is running, which is joined); else the
    // stored facts are shown as they are.
    let pending = match begin_refresh(data, &facts, Asked::Stale, now).await {
        Ok(p) => p,
        Err(GateError::Store(e)) => return Err(e.into()),
        Err(e) => {
            tracing::debug!(error = %e, "/path shows stored Hub facts");
            let text = render(data, lang, target, &facts, false, now);
            ctx.send(reply(&text)).await?;
            return Ok(());
        }
    };
    let handle = ctx.send(reply(&first)).await?;
    let facts = finish_refresh(data, facts, pending).await?;
    let text = render(data, lang, target, &facts, false, Utc::now());
    handle.edit(ctx, reply(&text)).await?;
    Ok(())
}

/// Reads everything the store knows about the target.
async fn gather(data: &Data, target: PathTarget) -> Result<PathFacts, BotError> {
    Ok(domain::gather(
        &data.store,
        &data.event,
        &data.hub,
        &data.org_members,
        &data.path_views,
        target,
    )
    .await?)
}

/// A refresh that may run: the team's own check, or the running one joined.
enum Pending {
    Submitted(SubmissionLinks, Flight<CheckResult>),
    Unsubmitted(Flight<HubView>),
    NoTeam,
}

/// Why the Hub is asked again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// `/path` found the facts no longer fresh.
    Stale,
    /// The re-check button.
    Button,
}

/// Decides whether the target's team may be asked about on the Hub again:
/// a check of the team already running is joined; else the Hub budget must
/// have room, and for the button the team's cooldown (shared with `/submit`
/// and its re-check) must allow one.
async fn begin_refresh(
    data: &Data,
    facts: &PathFacts,
    asked: Asked,
    now: DateTime<Utc>,
) -> Result<Pending, GateError> {
    let skip_cooldown = asked == Asked::Stale;
    let Some(team) = facts.team.as_ref() else {
        return Ok(Pending::NoTeam);
    };
    let (store, budget) = (&data.store, &data.event.hub.budget);
    let id = team.team.id;
    match store.latest_submission(id).await? {
        Some(sub) => {
            let links = SubmissionLinks::from_stored(&sub).map_err(|e| {
                GateError::Store(crate::store::StoreError::Corrupt(format!(
                    "stored links: {e}"
                )))
            })?;
            let flight = start_check(
                store,
                &data.hub,
                &data.checks,
                budget,
                id,
                skip_cooldown,
                now,
            )
            .await?;
            Ok(Pending::Submitted(links, flight))
        }
        None => Ok(Pending::Unsubmitted(
            start_check(
                store,
                &data.hub,
                &data.path_checks,
                budget,
                id,
                skip_cooldown,
                now,
            )
            .await?,
        )),
    }
}

/// Runs (or waits for) the refresh and puts the Hub's answer in the facts:
/// only the team's Hub view and verdict change, so nothing else is read
/// again. A team with a submission gets its submission checked and stored
/// (the same check as `/submission status`'s button); one without gets its
/// repos found and checked, remembered in memory.
async fn finish_refresh(
    data: &Data,
    mut facts: PathFacts,
    pending: Pending,
) -> Result<PathFacts, BotError> {
    let Some(team) = facts.team.as_mut() else {
        return Ok(facts);
    };
    let event = &data.event;
    // The event's deadlines were read with the facts.
    let deadline = facts
        .deadlines
        .iter()
        .find(|d| d.id == event.hub.submission_deadline)
        .map(|d| d.at);
    match pending {
        Pending::NoTeam => {}
        Pending::Submitted(links, flight) => {
            let result = match flight {
                Flight::Lead(lead) => {
                    let sub_id = match data.store.latest_submission(team.team.id).await? {
                        Some(sub) => sub.id,
                        None => return Ok(facts),
                    };
                    let out = submission::check_and_record(
                        &data.store,
                        &data.hub,
                        event,
                        submission::ToCheck {
                            team_id: team.team.id,
                            submission_id: sub_id,
                            links: &links,
                        },
                        deadline,
                        None,
                    )
                    .await?;
                    lead.finish(out)
                }
                Flight::Join(join) => match join.result().await {
                    Some(r) => r,
                    None => return Ok(facts),
                },
            };
            team.submission = Some(result.status);
            team.hub = HubView::from_report(result.report.clone(), result.checked_at);
            team.failed_attempt = result.failed.clone();
        }
        Pending::Unsubmitted(flight) => {
            let view = match flight {
                Flight::Lead(lead) => {
                    let view = domain::check_unsubmitted(
                        &data.hub,
                        event,
                        &team.team,
                        facts.gpu_dataset.as_deref(),
                        deadline,
                        Utc::now(),
                    )
                    .await;
                    data.path_views.put(team.team.id, view.clone());
                    lead.finish(view)
                }
                Flight::Join(join) => match join.result().await {
                    Some(v) => v,
                    None => return Ok(facts),
                },
            };
            team.hub = (*view).clone();
        }
    }
    Ok(facts)
}

fn recheck_button(data: &Data, lang: Lang, target: PathTarget) -> CreateActionRow {
    let id = match target {
        PathTarget::Person(_) => CustomId::PathMine,
        PathTarget::Team(team) => CustomId::PathTeam { team },
    }
    .to_string();
    CreateActionRow::Buttons(vec![CreateButton::new(id)
        .style(ButtonStyle::Secondary)
        .label(data.i18n.get(lang, "path-recheck-button"))])
}

/// The whole answer: the steps, the next one, the next date, the age of
/// the Hub facts. `checking` shows the Hub steps as being asked.
fn render(
    data: &Data,
    lang: Lang,
    target: PathTarget,
    facts: &PathFacts,
    checking: bool,
    now: DateTime<Utc>,
) -> String {
    let i18n = &data.i18n;
    let steps = &data.event.path.steps;
    let view = match (target, &facts.person, &facts.team) {
        (PathTarget::Person(_), Some(p), team) => domain::evaluate_person(steps, p, team.as_ref()),
        (_, _, Some(t)) => domain::evaluate_team(steps, t),
        _ => domain::evaluate_person(steps, &PersonFacts::default(), None),
    };
    let mut out = match (target, &facts.team) {
        (PathTarget::Team(_), Some(t)) => i18n.get_args(
            lang,
            "path-title-team",
            &[("team", t.team.name.clone().into())],
        ),
        _ => i18n.get_args(
            lang,
            "path-title",
            &[("event", data.event.event.name.clone().into())],
        ),
    };
    for (n, s) in view.steps.iter().enumerate() {
        let step = &steps[s.index];
        let (icon, detail) = if checking && step.check.uses_hub() {
            ("⏳", i18n.get(lang, "path-detail-hub-checking"))
        } else {
            (s.status.icon(), detail_text(data, lang, &s.detail))
        };
        let _ = write!(out, "\n{icon} {}. {}", n + 1, step.title.get(lang));
        if !detail.is_empty() {
            let _ = write!(out, " — {detail}");
        }
    }
    out.push('\n');
    match view.next {
        Some(n) => {
            let step = &steps[view.steps[n].index];
            let _ = write!(
                out,
                "\n{}",
                i18n.get_args(
                    lang,
                    "path-next",
                    &[
                        ("title", step.title.get(lang).to_string().into()),
                        ("hint", step.hint.get(lang).to_string().into()),
                    ],
                )
            );
        }
        None => {
            let _ = write!(out, "\n{}", i18n.get(lang, "path-all-done"));
        }
    }
    if let Some(line) = deadline_line(data, lang, steps, &view, &facts.deadlines, now) {
        let _ = write!(out, "\n{line}");
    }
    if let (Some(t), false) = (&facts.team, checking) {
        let note = match &t.hub {
            HubView::NotChecked => i18n.get(lang, "path-hub-not-checked"),
            HubView::Unavailable { .. } => i18n.get(lang, "path-hub-outage"),
            HubView::Checked { at, .. } => match &t.failed_attempt {
                None => i18n.get_args(
                    lang,
                    "path-hub-checked",
                    &[("relative", timestamps(*at).1.into())],
                ),
                Some(failed) => super::common::lines::attempt_failed_line(i18n, lang, *at, failed),
            },
        };
        let _ = write!(out, "\n{note}");
    }
    out
}

fn deadline_line(
    data: &Data,
    lang: Lang,
    steps: &[PathStep],
    view: &PathView,
    deadlines: &[StoredDeadline],
    now: DateTime<Utc>,
) -> Option<String> {
    let at: HashMap<String, DateTime<Utc>> =
        deadlines.iter().map(|d| (d.id.clone(), d.at)).collect();
    let (id, when) = domain::next_deadline(steps, view, &at, now)?;
    let d = deadlines.iter().find(|d| d.id == id)?;
    let title = crate::render::deadline::title(d, lang).to_string();
    let (when, relative) = timestamps(when);
    Some(data.i18n.get_args(
        lang,
        "path-deadline",
        &[
            ("title", title.into()),
            ("when", when.into()),
            ("relative", relative.into()),
        ],
    ))
}

fn detail_text(data: &Data, lang: Lang, detail: &Detail) -> String {
    let i18n = &data.i18n;
    let one = |id: &str, key: &'static str, value: String| {
        i18n.get_args(lang, id, &[(key, value.into())])
    };
    match detail {
        Detail::None => String::new(),
        Detail::HfUser(u) => one("path-detail-hf-user", "user", u.clone()),
        Detail::OrgUnknown(u) => one("path-detail-org-unknown", "user", u.clone()),
        Detail::NotOrgMember(u) => one("path-detail-not-org-member", "user", u.clone()),
        Detail::ExternalForm => i18n.get(lang, "path-detail-external-form"),
        Detail::Team(name) => name.clone(),
        Detail::Repo(r) => one("path-detail-repo", "repo", r.clone()),
        Detail::NotInOrg(r) => i18n.get_args(
            lang,
            "path-detail-not-in-org",
            &[
                ("repo", r.clone().into()),
                ("org", data.event.hub.organization.clone().into()),
            ],
        ),
        Detail::NotFound(r) => one("path-detail-not-found", "repo", r.clone()),
        Detail::CardProblems { repo, count } => i18n.get_args(
            lang,
            "path-detail-card-problems",
            &[
                ("repo", repo.clone().into()),
                ("count", (*count as i64).into()),
            ],
        ),
        Detail::NotRunning { repo, stage } => i18n.get_args(
            lang,
            "path-detail-not-running",
            &[
                ("repo", repo.clone().into()),
                ("stage", stage.clone().into()),
            ],
        ),
        Detail::GpuQueued => i18n.get(lang, "path-detail-gpu-queued"),
        Detail::GpuLease { resource, until } => i18n.get_args(
            lang,
            "path-detail-gpu-lease",
            &[
                ("resource", resource.clone().into()),
                ("until", timestamps(*until).0.into()),
            ],
        ),
        Detail::Submission(s) => i18n.get(
            lang,
            match s {
                SubmissionStatus::Complete => "path-detail-submission-complete",
                SubmissionStatus::Late => "path-detail-submission-late",
                SubmissionStatus::Incomplete => "path-detail-submission-incomplete",
                SubmissionStatus::Checking => "path-detail-submission-checking",
                SubmissionStatus::Unchecked => "path-detail-submission-unchecked",
            },
        ),
        Detail::HubUnavailable => i18n.get(lang, "path-detail-hub-unavailable"),
        Detail::Members { done, total } => i18n.get_args(
            lang,
            "path-detail-members",
            &[
                ("done", (*done as i64).into()),
                ("total", (*total as i64).into()),
            ],
        ),
    }
}

/// The path's re-check button: one's own path, or (mentors, as the router
/// checked) a team's.
pub async fn recheck_pressed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    team: Option<i64>,
) -> Result<(), BotError> {
    let target = match team {
        Some(team) => PathTarget::Team(team),
        None => PathTarget::Person(press.user.id.get()),
    };
    let lang = Lang::from_locale(&press.locale);
    let now = Utc::now();
    let facts = gather(data, target).await?;
    let pending = begin_refresh(data, &facts, Asked::Button, now)
        .await
        .map_err(refused)?;
    let has_team = facts.team.is_some();
    let checking = render(data, lang, target, &facts, has_team, now);
    press
        .create_response(
            &ctx.http,
            CreateInteractionResponse::UpdateMessage(reply::response().content(fit(&checking))),
        )
        .await?;
    if !has_team {
        return Ok(());
    }
    let facts = finish_refresh(data, facts, pending).await?;
    let text = render(data, lang, target, &facts, false, Utc::now());
    press
        .edit_response(
            &ctx.http,
            reply::edit_response()
                .content(fit(&text))
                .components(vec![recheck_button(data, lang, target)]),
        )
        .await?;
    Ok(())
}

/// A re-check the gate refused, in the presser's terms.
fn refused(e: GateError) -> BotError {
    match e {
        GateError::TooSoon { retry_at } => BotError::User {
            id: "path-error-too-soon",
            args: vec![("retry", timestamps(retry_at).1)],
        },
        GateError::BudgetSpent(b) => BotError::budget_spent(b.retry_at),
        GateError::Store(e) => e.into(),
    }
}

/// Everyone's path (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands("overview"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn paths(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// How many teams stand at each step, as a table and a chart.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn overview(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let lang = lang(ctx);
    let steps = &data.event.path.steps;
    if steps.is_empty() {
        return Err(BotError::user("path-no-steps"));
    }
    ctx.defer_ephemeral().await?;
    let counts = overview_counts(data).await?;
    let text = overview_text(data, lang, &counts);
    let mut reply = reply::create_reply().content(fit(&text)).ephemeral(true);
    match overview_chart(data, lang, &counts.0) {
        Ok(png) => reply = reply.attachment(CreateAttachment::bytes(png, OVERVIEW_PNG)),
        // The table says it all; a chart that cannot be drawn is logged.
        Err(e) => tracing::warn!(error = %e, "cannot draw the path overview chart"),
    }
    ctx.send(reply).await?;
    Ok(())
}

/// The overview chart's file name.
const OVERVIEW_PNG: &str = "path-overview.png";

fn overview_chart(
    data: &Data,
    lang: Lang,
    o: &domain::PathOverview,
) -> Result<Vec<u8>, crate::chart::ChartError> {
    domain::overview_chart(
        &data.i18n.get(lang, "path-overview-chart"),
        &overview_rows(data, lang, o),
    )
}

/// Every team's facts from the store, counted per step.
async fn overview_counts(data: &Data) -> Result<(domain::PathOverview, usize), BotError> {
    Ok(domain::event_overview(&data.store, &data.event, &data.path_views).await?)
}

fn overview_text(data: &Data, lang: Lang, (o, total): &(domain::PathOverview, usize)) -> String {
    let i18n = &data.i18n;
    let mut out = i18n.get_args(
        lang,
        "path-overview-title",
        &[("teams", (*total as i64).into())],
    );
    let rows = overview_rows(data, lang, o);
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        .max(i18n.get(lang, "path-overview-step").chars().count());
    let _ = write!(
        out,
        "\n```\n{:<width$}  {}\n",
        i18n.get(lang, "path-overview-step"),
        i18n.get(lang, "path-overview-teams")
    );
    for (label, count) in &rows {
        let _ = writeln!(out, "{label:<width$}  {count:>3}");
    }
    out.push_str("```");
    if o.hub_unknown > 0 {
        let _ = write!(
            out,
            "\n{}",
            i18n.get_args(
                lang,
                "path-overview-hub-unknown",
                &[("count", (o.hub_unknown as i64).into())],
            )
        );
    }
    out
}

fn overview_rows(data: &Data, lang: Lang, o: &domain::PathOverview) -> Vec<(String, usize)> {
    domain::overview_rows(
        &data.event.path.steps,
        o,
        lang,
        &data.i18n.get(lang, "path-overview-finished"),
    )
}
