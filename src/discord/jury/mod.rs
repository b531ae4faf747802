//! Discord glue of the jury: refusals in the judge's language, the
//! buttons and forms of a packet, the assignment's confirmation. The rules
//! live in `domain::jury`.

use crate::discord::BotError;
use crate::domain::jury::judging::{JudgingError, MAX_COMMENT, MAX_REASON};
use crate::domain::jury::scoring::ScoreError;
use crate::render::markup::timestamps;

/// A judging refusal as a localized answer; store failures stay internal.
pub fn judging_error(e: JudgingError) -> BotError {
    let (id, args): (&'static str, Vec<(&'static str, String)>) = match &e {
        JudgingError::Store(_) => return BotError::Internal(anyhow::Error::new(e)),
        JudgingError::NoJury => ("jury-none", vec![]),
        JudgingError::NoTeam => ("jury-no-team", vec![]),
        JudgingError::NotSubmitted => ("jury-not-submitted", vec![]),
        JudgingError::BadReason => ("jury-bad-reason", vec![("max", MAX_REASON.to_string())]),
        JudgingError::TooLong => ("jury-too-long", vec![("max", MAX_COMMENT.to_string())]),
        JudgingError::NotAssigned => ("jury-not-assigned", vec![]),
        JudgingError::NoGroup => ("jury-no-group", vec![]),
        JudgingError::Closed(at) => ("jury-closed", vec![("when", timestamps(*at).0)]),
        JudgingError::Score(ScoreError::NotANumber(v)) => {
            ("jury-score-not-number", vec![("value", v.clone())])
        }
        JudgingError::Score(ScoreError::OutOfRange { value, max }) => (
            "jury-score-out-of-range",
            vec![("value", value.clone()), ("max", max.to_string())],
        ),
        JudgingError::Score(ScoreError::NotHalf(v)) => {
            ("jury-score-not-half", vec![("value", v.clone())])
        }
    };
    BotError::user_with(id, args)
}

use chrono::Utc;
use serenity::all::{
    ActionRowComponent, ButtonStyle, ComponentInteraction, Context as SerenityContext,
    CreateActionRow, CreateButton, CreateInputText, CreateInteractionResponse, CreateModal,
    InputTextStyle, ModalInteraction,
};

use crate::config::JurySettings;
use crate::discord::custom_id::CustomId;
use crate::discord::reply;
use crate::discord::Data;
use crate::domain::jury::judging;
use crate::domain::jury::scoring;
use crate::domain::jury::Project;
use crate::i18n::Lang;
use crate::render::markup::fit;
use crate::store::ExtraMoved;

/// The score input's custom id, and the comment form's two inputs.
const SCORE_FIELD: &str = "score";
const COMMENT_FIELD: &str = "comment";
const NOTE_FIELD: &str = "note";
/// Discord's limits for a modal: title and input label, placeholder.
const MAX_TITLE: usize = 45;
const MAX_LABEL: usize = 45;
const MAX_PLACEHOLDER: usize = 100;

/// `text` cut to `max` characters, ending in `…` when cut.
fn cut(text: &str, max: usize) -> String {
    crate::discord::paging::shorten(text, max)
}

/// A team's or person's name as plain text in a message: no markdown, no
/// mention can come out of it.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::sanitize(text).chars() {
        if matches!(
            c,
            '*' | '_' | '~' | '`' | '|' | '>' | '<' | '@' | '#' | '[' | ']'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The text of a packet: the team, its links, its UN goal, the Hub
/// report (findings and late commits), and the judge's own scores.
pub async fn packet_text(
    data: &Data,
    lang: Lang,
    jury: &JurySettings,
    project: &Project,
    judge: u64,
) -> Result<String, BotError> {
    let i = &data.i18n;
    let team = &project.team.team;
    let members: Vec<String> = project
        .team
        .members
        .iter()
        .map(|m| format!("<@{m}>"))
        .collect();
    let mut out = vec![i.get_args(
        lang,
        "jury-packet-title",
        &[
            ("team", plain(&team.name).into()),
            ("topic", plain(&team.topic).into()),
            ("members", members.join(", ").into()),
        ],
    )];
    if let Some(ods) = team.ods {
        out.push(i.get_args(
            lang,
            "jury-packet-ods",
            &[
                ("number", i64::from(ods).into()),
                (
                    "name",
                    crate::discord::teams::ods_name(data, lang, ods).into(),
                ),
            ],
        ));
    }
    let links = [
        ("dataset", Some(&project.dataset)),
        ("model", project.model.as_ref()),
        ("demo", project.demo.as_ref()),
        ("video", project.video.as_ref()),
    ];
    for (kind, link) in links {
        if let Some(link) = link {
            out.push(format!("• {kind}: <{link}>"));
        }
    }
    if project.corpus_only {
        out.push(i.get(lang, "jury-packet-corpus-only"));
    }
    let report = data
        .store
        .latest_submission(team.id)
        .await?
        .and_then(|s| s.report)
        .and_then(|r| serde_json::from_value::<crate::hub::report::Report>(r).ok());
    match report {
        Some(r) => {
            out.push(i.get(lang, "jury-packet-report"));
            out.push(cut(&r.render(&data.i18n, lang), 900));
        }
        None => out.push(i.get(lang, "jury-packet-no-report")),
    }
    let scores = data.store.jury_scores(&data.event.event.id).await?;
    let mine: Vec<String> = jury
        .groups_for(project.corpus_only)
        .map(|g| {
            let given = scores
                .iter()
                .find(|s| s.team_id == team.id && s.judge_id == judge && s.group_id == g.id)
                .map_or_else(|| "—".to_string(), |s| scoring::show(s.halves));
            format!("{} {given}/{}", g.label.get(lang), g.points)
        })
        .collect();
    out.push(i.get_args(
        lang,
        "jury-packet-yours",
        &[("scores", mine.join(" · ").into())],
    ));
    Ok(out.join("\n"))
}

/// The packet's buttons: one per criteria group it is scored on, the
/// comment, the extra points.
pub fn packet_buttons(
    data: &Data,
    lang: Lang,
    jury: &JurySettings,
    project: &Project,
) -> Vec<CreateActionRow> {
    let team = project.team.team.id;
    let groups: Vec<CreateButton> = jury
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !project.corpus_only || g.corpus_only)
        .map(|(n, g)| {
            let label = data.i18n.get_args(
                lang,
                "jury-button-score",
                &[("group", g.label.get(lang).to_string().into())],
            );
            CreateButton::new(
                CustomId::JuryScore {
                    team,
                    group: u8::try_from(n).unwrap_or(u8::MAX),
                }
                .to_string(),
            )
            .label(cut(&label, 80))
            .style(ButtonStyle::Primary)
        })
        .collect();
    let extra = data.i18n.get_args(
        lang,
        "jury-button-extra",
        &[("points", jury.extra_points.to_string().into())],
    );
    vec![
        CreateActionRow::Buttons(groups),
        CreateActionRow::Buttons(vec![
            CreateButton::new(CustomId::JuryComment { team }.to_string())
                .label(data.i18n.get(lang, "jury-button-comment"))
                .style(ButtonStyle::Secondary),
            CreateButton::new(CustomId::JuryExtra { team }.to_string())
                .label(cut(&extra, 80))
                .style(ButtonStyle::Success),
        ]),
    ]
}

/// The judge pressing, as the router let through: still checked here
/// against the assignment and the deadline.
async fn pressed_project(
    data: &Data,
    judge: u64,
    team: i64,
) -> Result<(&JurySettings, Project), BotError> {
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    judging::ensure_open(&data.store, &data.event, Utc::now())
        .await
        .map_err(judging_error)?;
    let project = judging::assigned_project(&data.store, &data.event, judge, team)
        .await
        .map_err(judging_error)?;
    Ok((jury, project))
}

/// "Score <group>": the group's form, with the judge's current score.
pub async fn score_pressed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    team: i64,
    group: u8,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let judge = press.user.id.get();
    let (jury, project) = pressed_project(data, judge, team).await?;
    let g = jury
        .groups
        .get(usize::from(group))
        .ok_or_else(|| judging_error(judging::JudgingError::NoGroup))?;
    judging::group_for(jury, &project, &g.id).map_err(judging_error)?;
    let current = data
        .store
        .jury_scores(&data.event.event.id)
        .await?
        .into_iter()
        .find(|s| s.team_id == team && s.judge_id == judge && s.group_id == g.id)
        .map(|s| scoring::show(s.halves));
    let title = data.i18n.get_args(
        lang,
        "jury-form-title",
        &[("team", project.team.team.name.clone().into())],
    );
    let label = data.i18n.get_args(
        lang,
        "jury-form-label",
        &[
            ("group", g.label.get(lang).to_string().into()),
            ("max", g.points.to_string().into()),
        ],
    );
    let criteria: Vec<&str> = g.criteria.iter().map(|c| c.get(lang)).collect();
    let mut input =
        CreateInputText::new(InputTextStyle::Short, cut(&label, MAX_LABEL), SCORE_FIELD)
            .required(true)
            .max_length(6);
    if !criteria.is_empty() {
        input = input.placeholder(cut(&criteria.join(", "), MAX_PLACEHOLDER));
    }
    if let Some(v) = current {
        input = input.value(v);
    }
    let modal = CreateModal::new(
        CustomId::JuryScoreForm { team, group }.to_string(),
        cut(&title, MAX_TITLE),
    )
    .components(vec![CreateActionRow::InputText(input)]);
    press
        .create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
        .await?;
    Ok(())
}

fn form_value(form: &ModalInteraction, id: &str) -> String {
    form.data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) if t.custom_id == id => t.value.clone(),
            _ => None,
        })
        .unwrap_or_default()
}

async fn answer_form(
    ctx: &SerenityContext,
    form: &ModalInteraction,
    text: String,
) -> Result<(), BotError> {
    form.create_response(
        &ctx.http,
        CreateInteractionResponse::Message(reply::response().content(fit(&text)).ephemeral(true)),
    )
    .await?;
    Ok(())
}

/// A group's score form sent: checked (assigned, open, in range) and saved.
pub async fn score_sent(
    ctx: &SerenityContext,
    data: &Data,
    form: &ModalInteraction,
    team: i64,
    group: u8,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&form.locale);
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    let g = jury
        .groups
        .get(usize::from(group))
        .ok_or_else(|| judging_error(judging::JudgingError::NoGroup))?;
    let change = judging::score(
        &data.store,
        &data.event,
        form.user.id.get(),
        team,
        &g.id,
        &form_value(form, SCORE_FIELD),
        Utc::now(),
    )
    .await
    .map_err(judging_error)?;
    let text = data.i18n.get_args(
        lang,
        "jury-score-saved",
        &[
            ("group", g.label.get(lang).to_string().into()),
            ("score", scoring::show(change.halves).into()),
            ("max", g.points.to_string().into()),
            (
                "previous",
                change
                    .previous
                    .map_or_else(|| "—".to_string(), scoring::show)
                    .into(),
            ),
        ],
    );
    answer_form(ctx, form, text).await
}

/// "Comment": the form with the comment to the team and the private note.
pub async fn comment_pressed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    team: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let judge = press.user.id.get();
    let (_, project) = pressed_project(data, judge, team).await?;
    let review = data
        .store
        .jury_review(&data.event.event.id, team, judge)
        .await?;
    let t = |id: &str| cut(&data.i18n.get(lang, id), MAX_LABEL);
    let mut comment = CreateInputText::new(
        InputTextStyle::Paragraph,
        t("jury-comment-label"),
        COMMENT_FIELD,
    )
    .required(false)
    .max_length(judging::MAX_COMMENT as u16)
    .placeholder(cut(
        &data.i18n.get(lang, "jury-comment-placeholder"),
        MAX_PLACEHOLDER,
    ));
    let mut note =
        CreateInputText::new(InputTextStyle::Paragraph, t("jury-note-label"), NOTE_FIELD)
            .required(false)
            .max_length(judging::MAX_COMMENT as u16)
            .placeholder(cut(
                &data.i18n.get(lang, "jury-note-placeholder"),
                MAX_PLACEHOLDER,
            ));
    if let Some(r) = review {
        if !r.comment.is_empty() {
            comment = comment.value(r.comment);
        }
        if !r.note.is_empty() {
            note = note.value(r.note);
        }
    }
    let title = data.i18n.get_args(
        lang,
        "jury-form-title",
        &[("team", project.team.team.name.clone().into())],
    );
    let modal = CreateModal::new(
        CustomId::JuryCommentForm { team }.to_string(),
        cut(&title, MAX_TITLE),
    )
    .components(vec![
        CreateActionRow::InputText(comment),
        CreateActionRow::InputText(note),
    ]);
    press
        .create_response(&ctx.http, CreateInteractionResponse::Modal(modal))
        .await?;
    Ok(())
}

/// The comment form sent.
pub async fn comment_sent(
    ctx: &SerenityContext,
    data: &Data,
    form: &ModalInteraction,
    team: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&form.locale);
    judging::comment(
        &data.store,
        &data.event,
        form.user.id.get(),
        team,
        &form_value(form, COMMENT_FIELD),
        &form_value(form, NOTE_FIELD),
        Utc::now(),
    )
    .await
    .map_err(judging_error)?;
    answer_form(ctx, form, data.i18n.get(lang, "jury-comment-saved")).await
}

/// "Extra points": given here (moved from another project), or taken back.
pub async fn extra_pressed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    team: i64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let moved = judging::toggle_extra(
        &data.store,
        &data.event,
        press.user.id.get(),
        team,
        Utc::now(),
    )
    .await
    .map_err(judging_error)?;
    let name = |id: i64| async move {
        data.store
            .team(id)
            .await
            .ok()
            .flatten()
            .map_or_else(|| id.to_string(), |t| plain(&t.name))
    };
    let text = match moved {
        ExtraMoved::Given { from: None } => data.i18n.get_args(
            lang,
            "jury-extra-given",
            &[("team", name(team).await.into())],
        ),
        ExtraMoved::Given { from: Some(from) } => data.i18n.get_args(
            lang,
            "jury-extra-moved",
            &[
                ("team", name(team).await.into()),
                ("from", name(from).await.into()),
            ],
        ),
        ExtraMoved::TakenBack => data.i18n.get_args(
            lang,
            "jury-extra-taken-back",
            &[("team", name(team).await.into())],
        ),
        ExtraMoved::NotAssigned => return Err(judging_error(judging::JudgingError::NotAssigned)),
    };
    press
        .create_response(
            &ctx.http,
            CreateInteractionResponse::Message(
                reply::response().content(fit(&text)).ephemeral(true),
            ),
        )
        .await?;
    Ok(())
}

/// The judges: people who have used the bot and hold the jury's role now
/// (one member read each; listing the server's members would need the
/// privileged members intent).
pub async fn judges(http: &serenity::all::Http, data: &Data) -> Result<Vec<u64>, BotError> {
    let Some(guild) = data.ids.guild(http).await else {
        return Ok(Vec::new());
    };
    let role = data
        .ids
        .role(http, crate::config::keys::JUDGE)
        .await
        .map_err(BotError::from)?;
    let mut out = Vec::new();
    for p in data.store.all_participants(&data.event.event.id).await? {
        match guild
            .member(http, serenity::all::UserId::new(p.user_id))
            .await
        {
            Ok(m) if m.roles.contains(&role) => out.push(p.user_id),
            Ok(_) => {}
            Err(e) => tracing::debug!(error = %e, user = p.user_id, "not a member"),
        }
    }
    Ok(out)
}

/// A fingerprint of a plan's changes: the confirmation applies the plan
/// it previewed, or says it changed.
pub fn plan_fingerprint(plan: &crate::domain::jury::assignment::AssignmentPlan) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let text = format!("{:?}|{:?}", plan.added, plan.removed);
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h >> 1
}

/// What a plan does, for the preview and the confirmation.
pub async fn plan_text(
    data: &Data,
    lang: Lang,
    plan: &crate::domain::jury::assignment::AssignmentPlan,
    judges: usize,
) -> Result<String, BotError> {
    let i = &data.i18n;
    let names: std::collections::HashMap<i64, String> = data
        .store
        .teams_with_members(&data.event.event.id)
        .await?
        .into_iter()
        .map(|t| (t.team.id, plain(&t.team.name)))
        .collect();
    let name = |t: &i64| names.get(t).cloned().unwrap_or_else(|| t.to_string());
    let projects: std::collections::BTreeSet<i64> = plan
        .assignments
        .iter()
        .map(|(t, _)| *t)
        .chain(plan.short.iter().map(|(t, _)| *t))
        .collect();
    let mut out = vec![i.get_args(
        lang,
        "jury-assign-summary",
        &[
            ("projects", (projects.len() as i64).into()),
            ("judges", (judges as i64).into()),
            ("added", (plan.added.len() as i64).into()),
            ("removed", (plan.removed.len() as i64).into()),
        ],
    )];
    let load: Vec<String> = plan
        .load()
        .iter()
        .map(|(j, n)| format!("<@{j}> {n}"))
        .collect();
    if !load.is_empty() {
        out.push(i.get_args(
            lang,
            "jury-assign-load",
            &[("load", load.join(", ").into())],
        ));
    }
    if !plan.short.is_empty() {
        let short: Vec<String> = plan
            .short
            .iter()
            .map(|(t, n)| format!("{} ({n})", name(t)))
            .collect();
        out.push(i.get_args(
            lang,
            "jury-assign-short",
            &[("teams", short.join(", ").into())],
        ));
    }
    if !plan.kept_scored.is_empty() {
        let kept: Vec<String> = plan
            .kept_scored
            .iter()
            .map(|(t, j)| format!("{} → <@{j}>", name(t)))
            .collect();
        out.push(i.get_args(
            lang,
            "jury-assign-kept",
            &[("kept", kept.join(", ").into())],
        ));
    }
    Ok(out.join("\n"))
}

/// `/jury assign` confirmed: the plan is made afresh under a lock; it is
/// applied when it is still the previewed one, so a double click applies
/// it once (the second press finds nothing left to do).
pub async fn assign_confirmed(
    ctx: &SerenityContext,
    data: &Data,
    press: &ComponentInteraction,
    previewed: u64,
) -> Result<(), BotError> {
    let lang = Lang::from_locale(&press.locale);
    let (Some(guild_id), Some(member)) = (press.guild_id, press.member.as_ref()) else {
        return Err(BotError::user("error-guild-only"));
    };
    if !crate::discord::access::member_access(ctx, data, guild_id, member)
        .await?
        .organizer
    {
        return Err(BotError::user_with(
            "error-not-organizer",
            vec![("role", data.event.roles.organizer.clone())],
        ));
    }
    let jury = judging::settings(&data.event).map_err(judging_error)?;
    press
        .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
        .await?;
    let judges = judges(&ctx.http, data).await?;
    let _guard = data.jury_lock.lock().await;
    let event_id = &data.event.event.id;
    let plan = crate::domain::jury::preview_assignment(&data.store, event_id, jury, &judges)
        .await
        .map_err(|e| BotError::Internal(e.into()))?;
    if plan.is_noop() {
        // Applied already (by this press's twin), or nothing to do.
        let text = data.i18n.get(lang, "jury-assign-nothing");
        press
            .create_followup(
                &ctx.http,
                reply::followup().content(fit(&text)).ephemeral(true),
            )
            .await?;
        return Ok(());
    }
    if plan_fingerprint(&plan) != previewed {
        return Err(BotError::user("jury-assign-changed"));
    }
    let (added, removed) = crate::domain::jury::apply_assignment(
        &data.store,
        event_id,
        &plan,
        press.user.id.get(),
        Utc::now(),
    )
    .await
    .map_err(|e| BotError::Internal(e.into()))?;
    let summary = plan_text(data, lang, &plan, judges.len()).await?;
    let text = data.i18n.get_args(
        lang,
        "jury-assign-applied",
        &[
            ("added", (added as i64).into()),
            ("removed", (removed as i64).into()),
            ("summary", summary.into()),
        ],
    );
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
