use crate::discord::reply::{ephemeral, lang, tr, tr_args};
use crate::discord::{BotError, Context};
use crate::render::markup::timestamps;

/// The version, the event and its next deadline.
#[poise::command(slash_command)]
pub async fn about(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let mut lines = vec![
        tr_args(
            ctx,
            "about-version",
            &[
                ("version", env!("CARGO_PKG_VERSION").into()),
                ("event", data.event.event.name.clone().into()),
            ],
        ),
        tr_args(
            ctx,
            "about-organization",
            &[("organization", data.event.hub.organization.clone().into())],
        ),
    ];
    let now = chrono::Utc::now();
    let deadlines = data.store.deadlines(&data.event.event.id).await?;
    match deadlines.iter().find(|d| d.at > now) {
        Some(next) => {
            let (when, relative) = timestamps(next.at);
            let title = crate::render::deadline::title(next, lang(ctx)).to_string();
            lines.push(tr_args(
                ctx,
                "about-next-deadline",
                &[
                    ("title", title.into()),
                    ("when", when.into()),
                    ("relative", relative.into()),
                ],
            ));
        }
        None => lines.push(tr(ctx, "about-no-deadline")),
    }
    ephemeral(ctx, lines.join("\n")).await
}
