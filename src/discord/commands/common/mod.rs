//! Helpers that several command groups share. Command files import these,
//! never each other, so each command group can change on its own.

pub mod autocomplete;
pub mod lines;
pub mod pager;
pub mod typed_time;
