//! The Discord side of help tickets: the #pide-ayuda forum, its posts (made
//! with /ask or by hand), the tags that show a ticket's status, the buttons
//! in the posts (claim, hand back, FAQ, rating), and the comparison with
//! Discord after a restart.
//!
//! The database holds each ticket's status; forum tags follow it (never the
//! title: Discord allows two renames per ten minutes). Buttons carry only
//! the ticket id (`sb:tk-claim:<id>`), and every change behind them is a
//! conditional write, so two mentors clicking at once make one claim.

mod ask;
mod forum;
mod mentors;
mod posts;

use chrono::Duration;

pub use ask::{ask_modal, on_ask_modal, title_problem_text, AskDraft};
pub use forum::{help_forum, report_once, HelpForum, TicketDesk};
pub use mentors::{
    ask_edit, claim, close_post, join_thread, on_ticket_button, queue_page, release, reopen,
    resolve, Actor, Answer,
};
pub use posts::{
    on_message, on_thread_create, on_thread_delete, on_thread_update, reconcile, Reconciled,
};

const FIELD_TITLE: &str = "title";
const FIELD_TRIED: &str = "tried";
const FIELD_LINKS: &str = "links";
const TRIED_MAX: u16 = 1500;
const LINKS_MAX: u16 = 400;

/// Posts older than this are not taken as new help posts (a THREAD_CREATE
/// also comes when the bot is added to an old thread).
const NEW_POST_WINDOW: Duration = Duration::hours(24);

/// The refusal of a help post over the author's cap of open posts: the cap
/// and the posts that hold it (resolving one frees a place).
pub(crate) fn too_many_open(
    data: &crate::discord::Data,
    lang: crate::i18n::Lang,
    cap: u32,
    open: &[crate::store::Ticket],
) -> String {
    let posts: Vec<String> = open
        .iter()
        .map(|t| match t.thread_id {
            Some(thread) => format!("<#{thread}>"),
            None => t.title.clone(),
        })
        .collect();
    data.i18n.get_args(
        lang,
        "ticket-too-many-open",
        &[
            ("cap", i64::from(cap).into()),
            ("posts", posts.join(", ").into()),
        ],
    )
}
