//! Texts the bot shows, built without serenity: Discord's markup and limits,
//! the GPU board, a deadline's title. Both the Discord glue and the
//! scheduler render through here, so neither reaches into the other.

pub mod deadline;
pub mod gpu_board;
pub mod markup;
