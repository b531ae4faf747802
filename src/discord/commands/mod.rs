//! The slash commands. Each module holds one command group; commands turn
//! options into plain values, call the domain, and render the answer.

mod about;
mod help;
mod setup;
mod submissions;
mod team;

use super::{BotError, Data};

pub use setup::handle_component as handle_setup_component;
pub use submissions::handle_component as handle_submission_component;

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
    ]
}
