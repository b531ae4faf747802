//! `/submit`, `/submission status` and the organizers' `/submissions`: the
//! Discord side of `domain::submission`. The check edits one message as each
//! repo completes; the re-check button carries the team id in its custom id,
//! so it works after a restart.

use std::fmt::Write as _;

use serenity::all::{
    ButtonStyle, ComponentInteraction, Context as SerenityContext, CreateActionRow, CreateButton,
    CreateInteractionResponse, Http,
};
use tokio::sync::mpsc::unbounded_channel;

use super::common;
use super::common::lines::attempt_failed_line;
use crate::discord::access::{member_access, require_organizer};
use crate::discord::custom_id::CustomId;
use crate::discord::reply::{self, lang};
use crate::discord::{audit, BotError, Context, Data};
use crate::domain::checks::{FlightJoin, FlightLead};
use crate::domain::jury::{self, AcceptError};
use crate::domain::submission::{
    self as domain, planned, stored_report, CheckResult, Checked, Gate, RawLinks, RecheckAll,
    RecheckProgress, Started, SubmissionError, SubmissionLinks,
};
use crate::hub::report::kind_name;
use crate::hub::{HubClient, RepoKind, RepoReport, Report, Severity, Status, Unavailable};
use crate::i18n::{I18n, Lang};
use crate::render::markup::{fit, timestamps, MAX_CONTENT};
use crate::store::{StoredSubmission, SubmissionStatus};

/// Turns a refusal into the user's message, in their language.
fn refuse(e: SubmissionError, lang: Lang) -> BotError {
    let id = e.message_id();
    let args: Vec<(&'static str, String)> = match &e {
        SubmissionError::DeadlinePassed { deadline } => {
            let (when, relative) = timestamps(*deadline);
            vec![("deadline", when), ("relative", relative)]
        }
        SubmissionError::TooSoon { retry_at } => vec![("retry", timestamps(*retry_at).1)],
        SubmissionError::BudgetSpent { retry_at } => return BotError::budget_spent(*retry_at),
        SubmissionError::Missing(f) => vec![("field", f.as_str().to_string())],
        SubmissionError::BadLink { field, error } => vec![
            ("field", field.as_str().to_string()),
            ("reason", I18n::shared().message(lang, &error.message())),
        ],
        SubmissionError::WrongKind { field, found } => vec![
            ("field", field.as_str().to_string()),
            ("found", kind_name(I18n::shared(), *found, lang)),
        ],
        SubmissionError::Store(_) => return BotError::Internal(e.into()),
        _ => Vec::new(),
    };
    BotError::User { id, args }
}

/// The text of a refusal, for answers that edit a deferred message.
fn refusal_text(data: &Data, lang: Lang, e: SubmissionError) -> Result<String, BotError> {
    match refuse(e, lang) {
        BotError::User { id, args } => {
            let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
                args.into_iter().map(|(k, v)| (k, v.into())).collect();
            Ok(data.i18n.get_args(lang, id, &args))
        }
        internal => Err(internal),
    }
}

/// Hand in the team's dataset, model and demo (the captain).
#[poise::command(slash_command, guild_only)]
pub async fn submit(
    ctx: Context<'_>,
    #[max_length = 300] dataset: String,
    #[max_length = 300] model: Option<String>,
    #[max_length = 300] demo: Option<String>,
    #[max_length = 300] video: Option<String>,
) -> Result<(), BotError> {
    // The check takes longer than Discord's three seconds.
    ctx.defer_ephemeral().await?;
    let poise::Context::Application(app) = ctx else {
        return Ok(());
    };
    let data = ctx.data();
    let lang = lang(ctx);
    let http = ctx.http();
    let raw = RawLinks {
        dataset: &dataset,
        model: model.as_deref(),
        demo: demo.as_deref(),
        video: video.as_deref(),
    };
    let editor = Editor::Command(app.interaction);
    let (accepted, lead) = match domain::submit(
        &data.store,
        &data.event,
        gate(data),
        ctx.author().id.get(),
        &raw,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(Started::Check(a, lead)) => (a, lead),
        Ok(Started::Joined(join)) => return show_joined(http, data, lang, &editor, join).await,
        Err(e) => {
            let text = refusal_text(data, lang, e)?;
            edit(http, app.interaction, &text, None).await?;
            return Ok(());
        }
    };
    run_check(
        http,
        data,
        &data.hub,
        lang,
        &editor,
        lead,
        accepted.submission.id,
        &accepted.links,
        accepted.deadline,
    )
    .await
}

/// What a check's gate needs from the process.
fn gate(data: &Data) -> Gate<'_> {
    Gate {
        hub: &data.hub,
        flights: &data.checks,
    }
}

/// A check of the team was already running: says so, waits for it and
/// shows its report.
async fn show_joined(
    http: &Http,
    data: &Data,
    lang: Lang,
    editor: &Editor<'_>,
    join: FlightJoin<CheckResult>,
) -> Result<(), BotError> {
    editor
        .edit(http, &data.i18n.get(lang, "submit-joined"), None)
        .await?;
    let text = match join.result().await {
        Some(result) => final_text(data, lang, &result),
        None => data.i18n.get(lang, "submit-joined-lost"),
    };
    editor.edit(http, &text, None).await
}

/// Where progress goes: the command's or the button's own response.
enum Editor<'a> {
    Command(&'a serenity::all::CommandInteraction),
    Button(&'a ComponentInteraction),
}

impl Editor<'_> {
    async fn edit(
        &self,
        http: &Http,
        text: &str,
        button: Option<CreateActionRow>,
    ) -> Result<(), BotError> {
        let mut e = reply::edit_response().content(fit(text));
        if let Some(b) = button {
            e = e.components(vec![b]);
        }
        match self {
            Editor::Command(i) => i.edit_response(http, e).await?,
            Editor::Button(i) => i.edit_response(http, e).await?,
        };
        Ok(())
    }
}

async fn edit(
    http: &Http,
    interaction: &serenity::all::CommandInteraction,
    text: &str,
    button: Option<CreateActionRow>,
) -> Result<(), BotError> {
    Editor::Command(interaction).edit(http, text, button).await
}

/// Checks a stored submission, editing the response as each repo's check
/// completes, and ends with the full report.
#[allow(clippy::too_many_arguments)]
async fn run_check(
    http: &Http,
    data: &Data,
    hub: &HubClient,
    lang: Lang,
    editor: &Editor<'_>,
    lead: FlightLead<CheckResult>,
    submission_id: i64,
    links: &SubmissionLinks,
    deadline: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), BotError> {
    let team_id = lead.team_id();
    let mut checklist = Checklist::new(planned(links));
    editor
        .edit(http, &checklist.render(data, lang), None)
        .await?;
    let (tx, mut rx) = unbounded_channel::<RepoReport>();
    let check = async move {
        let out = domain::check_and_record(
            &data.store,
            hub,
            &data.event,
            domain::ToCheck {
                team_id,
                submission_id,
                links,
            },
            deadline,
            Some(&tx),
        )
        .await;
        drop(tx);
        out
    };
    let progress = async {
        while let Some(report) = rx.recv().await {
            checklist.fill(report);
            // A lost progress edit is not worth failing the check over.
            if let Err(e) = editor.edit(http, &checklist.render(data, lang), None).await {
                tracing::warn!(error = %e, "cannot show submission progress");
            }
        }
    };
    let (outcome, ()) = tokio::join!(check, progress);
    let result = lead.finish(outcome?);
    let text = final_text(data, lang, &result);
    editor
        .edit(http, &text, Some(recheck_button(data, lang, team_id)))
        .await
}

/// The checklist that fills in while the check runs.
struct Checklist {
    rows: Vec<(RepoKind, String, Option<Status>)>,
}

impl Checklist {
    fn new(planned: Vec<(RepoKind, String)>) -> Self {
        Self {
            rows: planned.into_iter().map(|(k, id)| (k, id, None)).collect(),
        }
    }

    /// Marks the row of `report`'s repo (by id, else by kind) as done.
    fn fill(&mut self, report: RepoReport) {
        let id = report.repo.as_ref().map(|r| r.id());
        let open = |s: &Option<Status>| s.is_none();
        let by_id = self.rows.iter().position(|(_, rid, s)| {
            open(s) && id.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(rid))
        });
        let index = by_id.or_else(|| {
            self.rows
                .iter()
                .position(|(k, _, s)| open(s) && Some(*k) == report.kind)
        });
        if let Some(row) = index.and_then(|i| self.rows.get_mut(i)) {
            row.2 = Some(report.status);
        }
    }

    fn render(&self, data: &Data, lang: Lang) -> String {
        let mut out = data.i18n.get(lang, "submit-checking");
        for (kind, id, status) in &self.rows {
            let (icon, state) = match status {
                None => ("⏳", data.i18n.get(lang, "submit-row-checking")),
                Some(Status::Complete) => ("✅", data.i18n.get(lang, "submit-row-complete")),
                Some(Status::Late) => ("⏰", data.i18n.get(lang, "submit-row-late")),
                Some(Status::Incomplete) => ("❌", data.i18n.get(lang, "submit-row-incomplete")),
                Some(Status::CouldNotCheck) => ("⚠️", data.i18n.get(lang, "submit-row-unchecked")),
            };
            let _ = write!(
                out,
                "\n{icon} {} `{id}` — {state}",
                kind_name(&data.i18n, *kind, lang)
            );
        }
        out
    }
}

fn status_headline(data: &Data, lang: Lang, status: SubmissionStatus) -> String {
    data.i18n.get(
        lang,
        match status {
            SubmissionStatus::Complete => "submission-status-complete",
            SubmissionStatus::Late => "submission-status-late",
            SubmissionStatus::Incomplete => "submission-status-incomplete",
            SubmissionStatus::Unchecked => "submission-status-unchecked",
            SubmissionStatus::Checking => "submission-status-checking",
        },
    )
}

/// The end of a check: the verdict everyone sees and its report; when this
/// check could not be completed, the kept verdict says when it was made.
fn final_text(data: &Data, lang: Lang, checked: &Checked) -> String {
    let mut head = status_headline(data, lang, checked.status);
    if let Some(failed) = &checked.failed {
        if checked.status.is_verdict() {
            let _ = write!(
                head,
                "\n{}",
                attempt_failed_line(&data.i18n, lang, checked.checked_at, failed)
            );
        }
    }
    let room = MAX_CONTENT.saturating_sub(head.chars().count() + 2);
    format!(
        "{head}\n\n{}",
        render_fitting(data, lang, &checked.report, room)
    )
}

/// The report in at most `limit` characters: when the full one is longer,
/// the checks that passed are left out, so what needs fixing still shows.
fn render_fitting(data: &Data, lang: Lang, report: &Report, limit: usize) -> String {
    let full = report.render(&data.i18n, lang);
    if full.chars().count() <= limit {
        return full;
    }
    let mut compact = report.clone();
    for r in &mut compact.repos {
        r.findings.retain(|f| f.severity != Severity::Info);
    }
    compact
        .cross_checks
        .retain(|f| f.severity != Severity::Info);
    format!(
        "{}{}",
        compact.render(&data.i18n, lang),
        data.i18n.get(lang, "submission-report-compact")
    )
}

fn recheck_button(data: &Data, lang: Lang, team_id: i64) -> CreateActionRow {
    CreateActionRow::Buttons(vec![CreateButton::new(
        CustomId::SubmissionRecheck { team: team_id }.to_string(),
    )
    .style(ButtonStyle::Secondary)
    .label(data.i18n.get(lang, "submission-recheck-button"))])
}

/// The team's submission (any member).
#[poise::command(slash_command, guild_only, subcommands("status"), subcommand_required)]
pub async fn submission(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// The latest submission of your team and what the judges will see.
#[poise::command(slash_command, guild_only)]
pub async fn status(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let lang = lang(ctx);
    let (team, sub) = domain::latest_for_member(&data.store, &data.event, ctx.author().id.get())
        .await
        .map_err(|e| refuse(e, lang))?;
    let text = status_text(data, lang, &team.name, &sub);
    ctx.send(
        reply::create_reply()
            .content(fit(&text))
            .ephemeral(true)
            .components(vec![recheck_button(data, lang, team.id)]),
    )
    .await?;
    Ok(())
}

fn status_text(data: &Data, lang: Lang, team: &str, sub: &StoredSubmission) -> String {
    let (when, relative) = timestamps(sub.created_at);
    let mut out = data.i18n.get_args(
        lang,
        "submission-status-title",
        &[
            ("team", team.to_string().into()),
            ("when", when.into()),
            ("relative", relative.into()),
        ],
    );
    let _ = write!(out, "\n{}", status_headline(data, lang, sub.status));
    if let (Some(failed), Some(at)) = (&sub.failed_attempt, sub.checked_at) {
        if sub.status.is_verdict() {
            let _ = write!(
                out,
                "\n{}",
                attempt_failed_line(&data.i18n, lang, at, failed)
            );
        }
    }
    if let Some(video) = &sub.video {
        let _ = write!(
            out,
            "\n{}",
            data.i18n
                .get_args(lang, "submission-video", &[("video", video.clone().into())])
        );
    }
    if let Some(report) = stored_report(sub) {
        let room = MAX_CONTENT.saturating_sub(out.chars().count() + 2);
        let _ = write!(out, "\n\n{}", render_fitting(data, lang, &report, room));
    }
    out
}

/// The re-check button (a member of the team or an organizer, as the
/// router checked; the domain checks again).
pub async fn recheck_pressed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    team_id: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let organizer = match (press.guild_id, press.member.as_ref()) {
        (Some(g), Some(m)) => member_access(ctx, data, g, m).await?.organizer,
        _ => false,
    };
    let started = domain::prepare_recheck(
        &data.store,
        &data.event,
        Gate {
            hub: &organizer_hub(data, organizer),
            flights: &data.checks,
        },
        team_id,
        press.user.id.get(),
        organizer,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| refuse(e, lang))?;
    press
        .create_response(
            &ctx.http,
            CreateInteractionResponse::Defer(reply::response().ephemeral(true)),
        )
        .await?;
    let editor = Editor::Button(press);
    let ((_, sub, links), lead) = match started {
        Started::Check(recheck, lead) => (recheck, lead),
        Started::Joined(join) => {
            return show_joined(&ctx.http, data, lang, &editor, join).await;
        }
    };
    let deadline = domain::submission_deadline(&data.store, &data.event).await?;
    run_check(
        &ctx.http,
        data,
        &organizer_hub(data, organizer),
        lang,
        &editor,
        lead,
        sub.id,
        &links,
        deadline,
    )
    .await?;
    Ok(())
}

/// The Hub client for a check someone asked for: organizers' checks may
/// use the budget's reserve.
pub(super) fn organizer_hub(data: &Data, organizer: bool) -> HubClient {
    if organizer {
        data.hub.as_organizer()
    } else {
        data.hub.clone()
    }
}

/// Submissions of every team (organizers).
#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "overview",
        "allow_late",
        "accept_late",
        "recheck_all",
        "accept",
        "unaccept"
    ),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn submissions(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// How many teams are complete, incomplete, not checked, or missing.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn overview(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let out = overview_text(data, lang(ctx)).await?;
    ctx.send(reply::create_reply().content(fit(&out)).ephemeral(true))
        .await?;
    Ok(())
}

async fn overview_text(data: &Data, lang: Lang) -> Result<String, BotError> {
    let o = domain::overview(&data.store, &data.event).await?;
    let mut out = data.i18n.get(lang, "submissions-overview-title");
    for (id, names) in [
        ("submissions-overview-complete", &o.complete),
        ("submissions-overview-late", &o.late),
        ("submissions-overview-incomplete", &o.incomplete),
        ("submissions-overview-unchecked", &o.unchecked),
        ("submissions-overview-missing", &o.missing),
    ] {
        let list = if names.is_empty() {
            "—".to_string()
        } else {
            names.join(", ")
        };
        let _ = write!(
            out,
            "\n{}",
            data.i18n.get_args(
                lang,
                id,
                &[
                    ("count", (names.len() as i64).into()),
                    ("teams", list.into())
                ]
            )
        );
    }
    let accepted = accepted_names(data).await?;
    let _ = write!(
        out,
        "\n{}",
        data.i18n.get_args(
            lang,
            "submissions-overview-accepted",
            &[
                ("count", (accepted.len() as i64).into()),
                (
                    "teams",
                    if accepted.is_empty() {
                        "—".to_string()
                    } else {
                        accepted.join(", ")
                    }
                    .into()
                )
            ]
        )
    );
    if !o.stale.is_empty() {
        let list: Vec<String> = o
            .stale
            .iter()
            .map(|(name, at)| {
                data.i18n.get_args(
                    lang,
                    "submissions-overview-stale-team",
                    &[
                        ("team", name.clone().into()),
                        ("when", timestamps(*at).0.into()),
                    ],
                )
            })
            .collect();
        let _ = write!(
            out,
            "\n{}",
            data.i18n.get_args(
                lang,
                "submissions-overview-stale",
                &[
                    ("count", (o.stale.len() as i64).into()),
                    ("teams", list.join(", ").into())
                ]
            )
        );
    }
    Ok(out)
}

/// Checks every team's current submission again, one message showing how
/// far it got.
#[poise::command(
    slash_command,
    guild_only,
    rename = "recheck-all",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn recheck_all(ctx: Context<'_>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    ctx.defer_ephemeral().await?;
    let poise::Context::Application(app) = ctx else {
        return Ok(());
    };
    let data = ctx.data();
    let lang = lang(ctx);
    let http = ctx.http();
    let total = data
        .store
        .current_submissions(&data.event.event.id)
        .await?
        .len();
    let line = |done: usize| {
        data.i18n.get_args(
            lang,
            "submissions-recheck-progress",
            &[
                ("done", (done as i64).into()),
                ("total", (total as i64).into()),
            ],
        )
    };
    edit(http, app.interaction, &line(0), None).await?;
    let (tx, mut rx) = unbounded_channel::<RecheckProgress>();
    let run = async move {
        // Organizer-initiated: may use the Hub budget's reserve.
        let hub = data.hub.as_organizer();
        let out = domain::recheck_all(&data.store, &hub, &data.event, Some(&tx)).await;
        drop(tx);
        out
    };
    let progress = async {
        let mut done = 0;
        while let Some(p) = rx.recv().await {
            let text = match p {
                RecheckProgress::Done(n) => {
                    done = n;
                    line(n)
                }
                RecheckProgress::Paused { seconds } => format!(
                    "{}\n{}",
                    line(done),
                    data.i18n.get_args(
                        lang,
                        "submissions-recheck-paused",
                        &[("seconds", (seconds as i64).into())]
                    )
                ),
            };
            if let Err(e) = edit(http, app.interaction, &text, None).await {
                tracing::warn!(error = %e, "cannot show re-check progress");
            }
        }
    };
    let (outcome, ()) = tokio::join!(run, progress);
    let outcome = outcome?;
    let head = recheck_summary(data, lang, &outcome).await?;
    let text = format!("{head}\n\n{}", overview_text(data, lang).await?);
    edit(http, app.interaction, &text, None).await
}

/// How a run over every team ended: how many got a verdict, which teams it
/// went past and why, and whether the Hub stopped it.
async fn recheck_summary(data: &Data, lang: Lang, o: &RecheckAll) -> Result<String, BotError> {
    let count = |n: usize| (n as i64).into();
    let mut out = data.i18n.get_args(
        lang,
        "submissions-recheck-done",
        &[("done", count(o.checked)), ("total", count(o.total))],
    );
    if !o.skipped.is_empty() {
        let mut names = Vec::new();
        for s in &o.skipped {
            let name = data
                .store
                .team(s.team_id)
                .await?
                .map_or_else(|| format!("#{}", s.team_id), |t| t.name);
            let (id, args) = s.reason.message();
            let why = data.i18n.get_strings(lang, id, &args);
            names.push(format!("**{name}** ({why})"));
        }
        let _ = write!(
            out,
            "\n{}",
            data.i18n.get_args(
                lang,
                "submissions-recheck-skipped",
                &[
                    ("count", count(o.skipped.len())),
                    ("teams", names.join(", ").into())
                ]
            )
        );
    }
    if let Some(reason) = &o.stopped_by_hub {
        let _ = write!(
            out,
            "\n{}",
            hub_stopped_line(
                &data.i18n,
                lang,
                reason,
                o.checked + o.skipped.len(),
                o.total
            )
        );
    }
    Ok(out)
}

/// "The Hub stopped answering after … of …", saying whether it was a rate
/// limit (and when it resets) or an outage.
pub(crate) fn hub_stopped_line(
    i18n: &I18n,
    lang: Lang,
    reason: &Unavailable,
    done: usize,
    total: usize,
) -> String {
    let (id, seconds) = match reason {
        Unavailable::RateLimited { retry_after_secs } => (
            "submissions-recheck-stopped-rate-limit",
            retry_after_secs.unwrap_or(300) as i64,
        ),
        _ => ("submissions-recheck-stopped", 0),
    };
    i18n.get_args(
        lang,
        id,
        &[
            ("done", (done as i64).into()),
            ("total", (total as i64).into()),
            ("seconds", seconds.into()),
        ],
    )
}

/// Accept a team's changes after the deadline, or withdraw that.
// Changes up to now are accepted: the verdict turns from "late" back to
// "complete"; later changes are late again.
#[poise::command(
    slash_command,
    guild_only,
    rename = "accept-late",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn accept_late(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_id"]
    #[max_length = 100]
    team: String,
    withdraw: Option<bool>,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let lang = lang(ctx);
    // The autocomplete's value is the team's id; typed text is not a team.
    let Ok(team_id) = team.trim().parse::<i64>() else {
        return Err(BotError::User {
            id: "submissions-accept-late-pick",
            args: Vec::new(),
        });
    };
    let accept = !withdraw.unwrap_or(false);
    let decision = domain::set_late_exception(
        &data.store,
        &data.event,
        team_id,
        ctx.author().id.get(),
        accept,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| refuse(e, lang))?;
    let name = decision.team.name.clone();
    audit::record(
        ctx.http(),
        data,
        ctx.guild_id(),
        ctx.author().id.get(),
        if accept {
            "submissions.accept-late"
        } else {
            "submissions.withdraw-late"
        },
        Some(&name),
        serde_json::json!({
            "team_id": decision.team.id,
            "accepted_until": decision.exception.as_ref().map(|e| e.accepted_until.to_rfc3339()),
            "status": decision.status.map(SubmissionStatus::as_str),
        }),
    )
    .await?;
    let mut text = match &decision.exception {
        Some(e) => {
            let (when, relative) = timestamps(e.accepted_until);
            data.i18n.get_args(
                lang,
                "submissions-accept-late-done",
                &[
                    ("team", name.into()),
                    ("until", when.into()),
                    ("relative", relative.into()),
                ],
            )
        }
        None => data.i18n.get_args(
            lang,
            "submissions-accept-late-withdrawn",
            &[("team", name.into())],
        ),
    };
    if let Some(status) = decision.status {
        let _ = write!(text, "\n{}", status_headline(data, lang, status));
    }
    ctx.send(reply::create_reply().content(fit(&text)).ephemeral(true))
        .await?;
    Ok(())
}

/// Lets a team submit after the deadline for some hours.
#[poise::command(
    slash_command,
    guild_only,
    rename = "allow-late",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn allow_late(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_name"]
    #[max_length = 100]
    team: String,
    #[min = 1]
    #[max = 720]
    hours: i64,
) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let lang = lang(ctx);
    let (team, until) =
        domain::allow_late(&data.store, &data.event, &team, hours, chrono::Utc::now())
            .await
            .map_err(|e| refuse(e, lang))?;
    audit::record(
        ctx.http(),
        data,
        ctx.guild_id(),
        ctx.author().id.get(),
        "submissions.allow-late",
        Some(&team.name),
        serde_json::json!({ "team_id": team.id, "hours": hours, "until": until.to_rfc3339() }),
    )
    .await?;
    let (when, relative) = timestamps(until);
    let text = data.i18n.get_args(
        lang,
        "submissions-allow-late-done",
        &[
            ("team", team.name.clone().into()),
            ("until", when.into()),
            ("relative", relative.into()),
        ],
    );
    ctx.send(reply::create_reply().content(fit(&text)).ephemeral(true))
        .await?;
    Ok(())
}

/// The names of the teams whose submission organizers accepted.
async fn accepted_names(data: &Data) -> Result<Vec<String>, BotError> {
    let mut names = Vec::new();
    for id in data.store.accepted_teams(&data.event.event.id).await? {
        if let Some(t) = data.store.team(id).await? {
            names.push(t.name);
        }
    }
    names.sort_by_key(|n| n.to_lowercase());
    Ok(names)
}

/// Accept a team's submission: its members get certificates.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn accept(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_id"]
    #[max_length = 100]
    team: String,
) -> Result<(), BotError> {
    set_acceptance(ctx, &team, true).await
}

/// Take back the acceptance of a team's submission.
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn unaccept(
    ctx: Context<'_>,
    #[autocomplete = "common::autocomplete::team_id"]
    #[max_length = 100]
    team: String,
) -> Result<(), BotError> {
    set_acceptance(ctx, &team, false).await
}

// Accepting is not destructive and is undone by `unaccept`, so it needs no
// confirmation; both are audited when they change something.
async fn set_acceptance(ctx: Context<'_>, team: &str, accept: bool) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let data = ctx.data();
    let lang = lang(ctx);
    // The autocomplete's value is the team's id; typed text is not a team.
    let Ok(team_id) = team.trim().parse::<i64>() else {
        return Err(BotError::user("submissions-accept-pick"));
    };
    let actor = ctx.author().id.get();
    let decision = jury::set_acceptance(
        &data.store,
        &data.event.event.id,
        team_id,
        actor,
        accept,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| match e {
        AcceptError::Store(e) => BotError::from(e),
        other => BotError::user(other.message_id()),
    })?;
    let name = decision.team.name.clone();
    if decision.changed {
        audit::record(
            ctx.http(),
            data,
            ctx.guild_id(),
            actor,
            if accept {
                "submissions.accept"
            } else {
                "submissions.unaccept"
            },
            Some(&name),
            serde_json::json!({ "team_id": decision.team.id }),
        )
        .await?;
    }
    let id = match (accept, decision.changed) {
        (true, true) => "submissions-accept-done",
        (true, false) => "submissions-accept-already",
        (false, true) => "submissions-unaccept-done",
        (false, false) => "submissions-unaccept-already",
    };
    let text = data.i18n.get_args(lang, id, &[("team", name.into())]);
    ctx.send(reply::create_reply().content(fit(&text)).ephemeral(true))
        .await?;
    Ok(())
}
