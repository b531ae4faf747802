//! The one router of buttons and forms: the custom id is parsed once
//! ([`CustomId`]), who pressed it is checked against the table
//! ([`CustomId::presser`]) before anything runs, then the feature's handler
//! gets the parsed id. A refused, unknown or failed press gets a private
//! answer in the presser's language and changes nothing.

use serenity::all::{
    ComponentInteraction, Context as SerenityContext, CreateInteractionResponse, GuildId,
    Interaction, Member, ModalInteraction, UserId,
};

use super::access::member_access;
use super::custom_id::{judge, CustomId, Facts, Presser, Refusal};
use super::reply;
use super::{commands, jury, teams, tickets, user_text, BotError, Data};
use crate::i18n::Lang;
use crate::render::markup::fit;

/// Who pressed, as the interaction says (never as the custom id says).
pub struct Pressed<'a> {
    pub user: UserId,
    pub guild: Option<GuildId>,
    pub member: Option<&'a Member>,
}

/// A button (or select) press or a form sent.
enum Input<'a> {
    Press(&'a ComponentInteraction),
    Form(&'a ModalInteraction),
}

impl Input<'_> {
    fn custom_id(&self) -> &str {
        match self {
            Input::Press(p) => &p.data.custom_id,
            Input::Form(f) => &f.data.custom_id,
        }
    }

    fn locale(&self) -> &str {
        match self {
            Input::Press(p) => &p.locale,
            Input::Form(f) => &f.locale,
        }
    }

    fn pressed(&self) -> Pressed<'_> {
        match self {
            Input::Press(p) => Pressed {
                user: p.user.id,
                guild: p.guild_id,
                member: p.member.as_ref(),
            },
            Input::Form(f) => Pressed {
                user: f.user.id,
                guild: f.guild_id,
                member: f.member.as_ref(),
            },
        }
    }
}

/// Handles a component or modal interaction; `false` for other interactions.
pub async fn on_interaction(ctx: &SerenityContext, data: &Data, interaction: &Interaction) -> bool {
    let input = match interaction {
        Interaction::Component(press) => Input::Press(press),
        Interaction::Modal(form) => Input::Form(form),
        _ => return false,
    };
    let _running = data.inflight.start();
    let lang = Lang::from_locale(input.locale());
    let Some(id) = CustomId::parse(input.custom_id()) else {
        // Escaped: a forged id must not write lines of its own in the log.
        tracing::debug!(custom_id = ?input.custom_id(), "component with no handler");
        answer_privately(ctx, &input, data.i18n.get(lang, "error-expired-button")).await;
        return true;
    };
    let outcome = match authorize(ctx, data, &input.pressed(), id.presser()).await {
        Ok(()) => dispatch(ctx, data, &input, id).await,
        Err(refusal) => Err(refusal),
    };
    if let Err(e) = outcome {
        let text = user_text(data, lang, &e);
        answer_privately(ctx, &input, text).await;
    }
    true
}

/// Checks the presser against the table; the refusal says who may press.
pub async fn authorize(
    ctx: &SerenityContext,
    data: &Data,
    pressed: &Pressed<'_>,
    who: Presser,
) -> Result<(), BotError> {
    let user = pressed.user.get();
    let access = || async {
        match (pressed.guild, pressed.member) {
            (Some(g), Some(m)) => member_access(ctx, data, g, m).await,
            _ => Ok(super::access::Access::default()),
        }
    };
    // Only what the rule needs is looked up.
    let mut facts = Facts {
        user,
        ..Facts::default()
    };
    match who {
        Presser::Anyone | Presser::Person(_) => {}
        Presser::Organizers | Presser::Mentors => {
            let a = access().await?;
            (facts.organizer, facts.mentor) = (a.organizer, a.mentor);
        }
        Presser::TeamMembers(team) => {
            facts.team_member = data.store.team_members(team).await?.contains(&user);
            if !facts.team_member {
                facts.organizer = access().await?.organizer;
            }
        }
        Presser::Invitee(invitation) | Presser::Captain(invitation) => {
            facts.answerer =
                crate::domain::team::invitation_answerer(&data.store, invitation).await?;
        }
        Presser::PostAuthor(ticket) => {
            facts.author = data.store.ticket(ticket).await?.map(|t| t.author_id);
        }
        Presser::Judges => {
            if let (Some(g), Some(m)) = (pressed.guild, pressed.member) {
                facts.judge = super::access::holds_judge_role(ctx, data, g, &m.roles).await;
            }
        }
    }
    judge(who, &facts).map_err(|refusal| match refusal {
        Refusal::NotOrganizer => BotError::user_with(
            refusal.message_id(),
            vec![("role", data.event.roles.organizer.clone())],
        ),
        Refusal::NotJudge => BotError::user_with(
            refusal.message_id(),
            vec![(
                "role",
                data.event
                    .jury
                    .as_ref()
                    .map(|j| j.judge_role.clone())
                    .unwrap_or_default(),
            )],
        ),
        other => BotError::user(other.message_id()),
    })
}

/// Each feature's handler, by the parsed id; only reached once the presser
/// is allowed.
async fn dispatch(
    ctx: &SerenityContext,
    data: &Data,
    input: &Input<'_>,
    id: CustomId,
) -> Result<(), BotError> {
    let press = match input {
        Input::Form(form) => {
            return match id {
                CustomId::AskForm { opener, topic } => {
                    tickets::on_ask_modal(ctx, data, form, opener, topic).await;
                    Ok(())
                }
                CustomId::AnnounceForm { channel, role, at } => {
                    commands::announce_form(ctx, data, form, channel, role, at).await
                }
                CustomId::JuryScoreForm { team, group } => {
                    jury::score_sent(ctx, data, form, team, group).await
                }
                CustomId::JuryCommentForm { team } => {
                    jury::comment_sent(ctx, data, form, team).await
                }
                _ => Err(BotError::user("error-expired-button")),
            };
        }
        Input::Press(press) => press,
    };
    match id {
        CustomId::SetupApply { .. } => commands::setup_confirmed(ctx, data, press, true).await,
        CustomId::SetupCancel { .. } => commands::setup_confirmed(ctx, data, press, false).await,
        CustomId::SubmissionRecheck { team } => {
            commands::submission_recheck(ctx, data, press, team).await
        }
        CustomId::PathMine => commands::path_recheck(ctx, data, press, None).await,
        CustomId::PathTeam { team } => commands::path_recheck(ctx, data, press, Some(team)).await,
        CustomId::GpuRelease { lease, .. } => {
            commands::gpu_release_confirmed(ctx, data, press, lease).await
        }
        CustomId::GpuKeep { .. } => commands::gpu_release_kept(ctx, data, press).await,
        CustomId::AnnouncePost { channel, role, at } => {
            commands::announce_post(ctx, data, press, channel, role, at).await
        }
        CustomId::AnnounceDrop => commands::announce_drop(ctx, data, press).await,
        CustomId::JuryPublish => commands::jury_publish_confirmed(ctx, data, press).await,
        CustomId::AskEdit { topic } => tickets::ask_edit(ctx, data, press, topic).await,
        CustomId::TicketQueue { page } => tickets::queue_page(ctx, data, press, page).await,
        CustomId::TicketClaim { ticket }
        | CustomId::TicketRelease { ticket }
        | CustomId::FaqSolved { ticket }
        | CustomId::FaqStill { ticket }
        | CustomId::TicketRate { ticket, .. } => {
            tickets::on_ticket_button(ctx, data, press, &id, ticket).await
        }
        CustomId::InviteAccept { invitation } | CustomId::RequestApprove { invitation } => {
            teams::decide(ctx, data, press, invitation, true).await
        }
        CustomId::InviteDecline { invitation } | CustomId::RequestDeny { invitation } => {
            teams::decide(ctx, data, press, invitation, false).await
        }
        CustomId::TeamDisband { team, owner } => {
            teams::disband_confirmed(ctx, data, press, team, owner).await
        }
        CustomId::TeamKeep { .. } => teams::disband_kept(ctx, data, press).await,
        CustomId::TeamList {
            page,
            open_only,
            topic,
        } => commands::team_list_pressed(ctx, data, press, page, open_only, topic).await,
        CustomId::LftList { page, skill, topic } => {
            commands::lft_list_pressed(ctx, data, press, page, skill, topic).await
        }
        CustomId::JuryAssign { plan, .. } => jury::assign_confirmed(ctx, data, press, plan).await,
        CustomId::JuryScore { team, group } => {
            jury::score_pressed(ctx, data, press, team, group).await
        }
        CustomId::JuryComment { team } => jury::comment_pressed(ctx, data, press, team).await,
        CustomId::JuryExtra { team } => jury::extra_pressed(ctx, data, press, team).await,
        CustomId::AskForm { .. }
        | CustomId::AnnounceForm { .. }
        | CustomId::JuryScoreForm { .. }
        | CustomId::JuryCommentForm { .. } => Err(BotError::user("error-expired-button")),
    }
}

/// Answers privately, whether or not the interaction was acknowledged.
async fn answer_privately(ctx: &SerenityContext, input: &Input<'_>, text: String) {
    let first =
        CreateInteractionResponse::Message(reply::response().content(fit(&text)).ephemeral(true));
    let followup = || {
        reply::followup()
            .content(fit(&text))
            .ephemeral(true)
            .allowed_mentions(reply::no_mentions())
    };
    let outcome = match input {
        Input::Press(p) => match p.create_response(&ctx.http, first).await {
            Ok(()) => Ok(()),
            Err(_) => p.create_followup(&ctx.http, followup()).await.map(|_| ()),
        },
        Input::Form(f) => match f.create_response(&ctx.http, first).await {
            Ok(()) => Ok(()),
            Err(_) => f.create_followup(&ctx.http, followup()).await.map(|_| ()),
        },
    };
    if let Err(e) = outcome {
        tracing::warn!(error = %crate::logging::Redacted(&e), "cannot answer a component");
    }
}
