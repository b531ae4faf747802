use crate::discord::access::access;
use crate::discord::reply::{ephemeral, tr, tr_args};
use crate::discord::{BotError, Context};

/// What the caller can do, by role.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), BotError> {
    let who = access(ctx).await?;
    let mut lines = vec![tr(ctx, "help-title"), String::new()];
    let mut section = |title: &str, ids: &[&str]| {
        lines.push(format!("__{}__", tr(ctx, title)));
        lines.extend(ids.iter().map(|id| tr(ctx, id)));
        lines.push(String::new());
    };
    section(
        "help-participant",
        &[
            "help-cmd-help",
            "help-cmd-about",
            "help-cmd-team-info",
            "help-cmd-team",
            "help-cmd-team-captain",
            "help-cmd-lft",
            "help-cmd-hf",
        ],
    );
    if who.organizer {
        section(
            "help-organizer",
            &[
                "help-cmd-setup-check",
                "help-cmd-setup-apply",
                "help-cmd-teams-admin",
            ],
        );
    }
    lines.push(tr_args(
        ctx,
        "help-footer",
        &[("forum", ctx.data().event.channels.help_forum.clone().into())],
    ));
    ephemeral(ctx, lines.join("\n")).await
}
