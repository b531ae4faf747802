//! The slash commands. Each module holds one command group; commands turn
//! options into plain values, call the domain, and render the answer.

mod about;
pub mod gpu;
mod help;
mod leaderboard;
mod lft;
mod path;
mod schedule;
mod setup;
mod submissions;
mod team;
mod teams_admin;
mod tickets;

use super::{BotError, Data};

pub use gpu::handle_component as handle_gpu_component;
pub use lft::lft_list_page;
pub use path::handle_component as handle_path_component;
pub use schedule::{handle_announce_interaction, is_announce_interaction};
pub use setup::handle_component as handle_setup_component;
pub use submissions::handle_component as handle_submission_component;
pub use team::team_list_page;
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
    ]
}
