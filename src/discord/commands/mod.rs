//! The slash commands. Each module holds one command group; commands turn
//! options into plain values, call the domain, and render the answer.

mod about;
mod certificate;
mod common;
pub mod gpu;
mod help;
pub mod jury;
pub mod jury_publish;
mod leaderboard;
mod lft;
mod path;
mod profile;
mod schedule;
mod setup;
mod submissions;
mod team;
mod teams_admin;
mod tickets;

use super::{BotError, Data};

pub use gpu::{release_confirmed as gpu_release_confirmed, release_kept as gpu_release_kept};
pub use jury_publish::confirmed as jury_publish_confirmed;
pub use lft::{lft_list_page, lft_list_pressed};
pub use path::recheck_pressed as path_recheck;
pub use schedule::{
    drop_pressed as announce_drop, form_sent as announce_form, post_pressed as announce_post,
};
pub use setup::confirmed as setup_confirmed;
pub use submissions::recheck_pressed as submission_recheck;
pub use team::{team_list_page, team_list_pressed};
pub use tickets::tickets_queue_page;

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, BotError>> {
    vec![
        help::help(),
        about::about(),
        setup::setup(),
        team::team(),
        submissions::submit(),
        submissions::submission(),
        submissions::submissions(),
        schedule::deadlines(),
        schedule::deadline(),
        schedule::announce(),
        teams_admin::teams(),
        lft::lft(),
        lft::hf(),
        leaderboard::leaderboard(),
        tickets::ask(),
        tickets::ticket(),
        tickets::tickets(),
        gpu::gpu(),
        path::path(),
        path::paths(),
        profile::profile(),
        certificate::certificate(),
        jury(),
    ]
}

/// `/jury` with every subcommand; more are pushed onto it here.
fn jury() -> poise::Command<Data, BotError> {
    let mut jury = jury::jury();
    jury.subcommands.push(jury_publish::publish());
    jury
}
