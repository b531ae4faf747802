use crate::discord::access::{access, caller_is_judge, Access};
use crate::discord::reply::{ephemeral, tr, tr_args};
use crate::discord::{BotError, Context};
use crate::render::markup::pack_lines;

/// Who a command is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Audience {
    Everyone,
    Mentors,
    Judges,
    Organizers,
}

/// The help lines, by audience; each id is a message in `bot.ftl`.
const LINES: &[(Audience, &str)] = &[
    (Audience::Everyone, "help-cmd-help"),
    (Audience::Everyone, "help-cmd-path"),
    (Audience::Everyone, "help-cmd-about"),
    (Audience::Everyone, "help-cmd-team-info"),
    (Audience::Everyone, "help-cmd-deadlines"),
    (Audience::Everyone, "help-cmd-team"),
    (Audience::Everyone, "help-cmd-team-captain"),
    (Audience::Everyone, "help-cmd-lft"),
    (Audience::Everyone, "help-cmd-hf"),
    (Audience::Everyone, "help-cmd-submit"),
    (Audience::Everyone, "help-cmd-submission-status"),
    (Audience::Everyone, "help-cmd-leaderboard"),
    (Audience::Everyone, "help-cmd-ask"),
    (Audience::Everyone, "help-cmd-certificate"),
    (Audience::Mentors, "help-cmd-ticket"),
    (Audience::Mentors, "help-cmd-tickets"),
    (Audience::Judges, "help-cmd-jury-judge"),
    (Audience::Organizers, "help-cmd-setup-check"),
    (Audience::Organizers, "help-cmd-setup-apply"),
    (Audience::Organizers, "help-cmd-deadline"),
    (Audience::Organizers, "help-cmd-announce"),
    (Audience::Organizers, "help-cmd-teams-admin"),
    (Audience::Organizers, "help-cmd-submissions"),
    (Audience::Organizers, "help-cmd-leaderboard-snapshot"),
    (Audience::Organizers, "help-cmd-paths"),
    (Audience::Organizers, "help-cmd-submissions-accept"),
    (Audience::Organizers, "help-cmd-jury-organizer"),
];

fn allowed(audience: Audience, who: Access, judge: bool) -> bool {
    match audience {
        Audience::Everyone => true,
        Audience::Mentors => who.mentor,
        Audience::Judges => judge,
        Audience::Organizers => who.organizer,
    }
}

/// What the caller can do, by role.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), BotError> {
    let who = access(ctx).await?;
    let judge = match ctx.guild_id() {
        Some(guild) => caller_is_judge(ctx, guild).await,
        None => false,
    };
    let mut lines = vec![tr(ctx, "help-title"), String::new()];
    for (audience, title) in [
        (Audience::Everyone, "help-participant"),
        (Audience::Mentors, "help-mentor"),
        (Audience::Judges, "help-judge"),
        (Audience::Organizers, "help-organizer"),
    ] {
        let ids: Vec<&str> = LINES
            .iter()
            .filter(|(a, _)| *a == audience && allowed(audience, who, judge))
            .map(|(_, id)| *id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        lines.push(format!("__{}__", tr(ctx, title)));
        let tag = ctx.data().event.help.tag.clone();
        lines.extend(
            ids.iter()
                .map(|id| tr_args(ctx, id, &[("tag", tag.clone().into())])),
        );
        lines.push(String::new());
    }
    lines.push(tr_args(
        ctx,
        "help-footer",
        &[("forum", ctx.data().event.channels.help_forum.clone().into())],
    ));
    // The organizers' list is longer than one message: each page is its own
    // ephemeral message (the first answers, the rest follow up).
    for page in pack_lines(&lines) {
        ephemeral(ctx, page).await?;
    }
    Ok(())
}
