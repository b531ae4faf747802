//! `/leaderboard likes` (anyone) and `/leaderboard snapshot` (organizers):
//! the organization's Spaces or models ranked by likes on the Hub.

use crate::discord::access::require_organizer;
use crate::discord::reply::{self, lang};
use crate::discord::{audit, BotError, Context, Data};
use crate::domain::likes::{self, Change, LikesBoard, LikesError};
use crate::hub::{HubError, RepoKind, Unavailable};
use crate::i18n::Lang;
use crate::render::markup::{fit, timestamps};

/// Which repos the board ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, poise::ChoiceParameter)]
pub enum LikesKind {
    #[default]
    #[name = "spaces"]
    Spaces,
    #[name = "models"]
    Models,
}

impl LikesKind {
    fn repo_kind(self) -> RepoKind {
        match self {
            LikesKind::Spaces => RepoKind::Space,
            LikesKind::Models => RepoKind::Model,
        }
    }
}

/// The Hub's answer as a "try later" refusal; store errors stay internal.
fn refuse(e: LikesError) -> BotError {
    match e {
        LikesError::Hub(HubError::Unavailable(Unavailable::BudgetSpent { retry_at })) => {
            BotError::budget_spent(retry_at)
        }
        LikesError::Hub(e) => {
            tracing::warn!(error = %e, "likes board: Hub unavailable");
            BotError::user("leaderboard-hub-unavailable")
        }
        LikesError::Store(e) => e.into(),
    }
}

/// The event's Spaces and models ranked by likes on the Hub.
#[poise::command(slash_command, guild_only, subcommands("likes", "snapshot"))]
pub async fn leaderboard(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

// Only the asker sees the board, so nobody can flood a channel with
// boards; organizers may post it for everyone. The Hub's ranking is kept
// for five minutes (`likes::BoardCache`).
/// The top 20 by likes, and the change since the last snapshot.
#[poise::command(slash_command, guild_only)]
pub async fn likes(
    ctx: Context<'_>,
    kind: Option<LikesKind>,
    post: Option<bool>,
) -> Result<(), BotError> {
    let kind = kind.unwrap_or_default().repo_kind();
    let public = post.unwrap_or(false);
    if public {
        // Checked on the server: the option is visible to everyone.
        require_organizer(ctx).await?;
        ctx.defer().await?;
    } else {
        ctx.defer_ephemeral().await?;
    }
    let data = ctx.data();
    let board = likes::board(
        &data.store,
        &data.hub,
        &data.likes_boards,
        &data.event,
        kind,
    )
    .await
    .map_err(refuse)?;
    let text = board_text(data, lang(ctx), &board);
    ctx.send(reply::create_reply().content(fit(&text)).ephemeral(!public))
        .await?;
    Ok(())
}

/// Stores the current ranking to compare later boards with (organizers).
#[poise::command(slash_command, guild_only, default_member_permissions = "MANAGE_GUILD")]
pub async fn snapshot(ctx: Context<'_>, kind: Option<LikesKind>) -> Result<(), BotError> {
    require_organizer(ctx).await?;
    let kind = kind.unwrap_or_default().repo_kind();
    ctx.defer_ephemeral().await?;
    let data = ctx.data();
    let actor = ctx.author().id.get();
    let count = likes::snapshot(
        &data.store,
        &data.hub.as_organizer(),
        &data.event,
        kind,
        actor,
        chrono::Utc::now(),
    )
    .await
    .map_err(refuse)?;
    audit::record(
        ctx.http(),
        data,
        ctx.guild_id(),
        actor,
        "likes.snapshot",
        Some(likes::kind_key(kind)),
        serde_json::json!({ "kind": likes::kind_key(kind), "repos": count }),
    )
    .await?;
    let text = data.i18n.get_args(
        lang(ctx),
        "leaderboard-snapshot-done",
        &[("count", (count as i64).into())],
    );
    ctx.send(reply::create_reply().content(text).ephemeral(true))
        .await?;
    Ok(())
}

fn board_text(data: &Data, lang: Lang, board: &LikesBoard) -> String {
    let org = &data.event.hub.organization;
    let title_id = match board.kind {
        RepoKind::Model => "leaderboard-title-models",
        _ => "leaderboard-title-spaces",
    };
    let mut out = data
        .i18n
        .get_args(lang, title_id, &[("org", org.clone().into())]);
    if board.entries.is_empty() {
        out.push('\n');
        out.push_str(&data.i18n.get(lang, "leaderboard-empty"));
        return out;
    }
    if let Some(since) = board.since {
        out.push('\n');
        out.push_str(&data.i18n.get_args(
            lang,
            "leaderboard-since",
            &[("when", timestamps(since).0.into())],
        ));
    }
    for e in &board.entries {
        let change = match e.change {
            None => String::new(),
            Some(Change::New) => format!(" ({})", data.i18n.get(lang, "leaderboard-new")),
            Some(Change::Likes(0)) => " (=)".into(),
            Some(Change::Likes(d)) if d > 0 => format!(" (+{d})"),
            Some(Change::Likes(d)) => format!(" ({d})"),
        };
        out.push_str(&format!(
            "\n{}. [{}](<https://huggingface.co/{}{}>) — ❤️ {}{change}",
            e.rank,
            e.id,
            board.kind.url_prefix(),
            e.id,
            e.likes
        ));
    }
    out
}
