//! The hackathon's rules and use cases. Nothing here knows Discord: a use
//! case takes the store and plain values and returns a typed result.

pub mod checks;
pub mod dashboard;
pub mod deadlines;
pub mod gallery;
pub mod gpu;
pub mod jury;
pub mod lft;
pub mod likes;
pub mod names;
pub mod path;
pub mod people;
pub mod recheck;
pub mod seed;
pub mod showcase;
pub mod submission;
pub mod team;
pub mod ticket_flow;
pub mod tickets;
