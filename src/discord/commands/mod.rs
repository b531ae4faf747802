//! The slash commands. Each module holds one command group; commands turn
//! options into plain values, call the domain, and render the answer.

mod about;
mod help;
mod schedule;
mod setup;
mod team;

use super::{BotError, Data};

pub use schedule::{handle_announce_interaction, is_announce_interaction};
pub use setup::handle_component as handle_setup_component;

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<Data, BotError>> {
    vec![
        help::help(),
        about::about(),
        setup::setup(),
        team::team(),
        schedule::deadlines(),
        schedule::deadline(),
        schedule::announce(),
    ]
}
