//! The real bot against the local fake Discord, end to end.

#[path = "../support/mod.rs"]
mod support;

mod budget;
mod caps;
mod command_table;
mod components;
mod faults;
mod gpu;
mod hostile;
mod identity;
mod instances;
mod jury;
mod jury_publish;
mod leaderboard;
mod logs;
mod path;
mod profile;
mod real_discord;
mod runtime;
mod schedule;
mod security;
mod setup;
mod submit;
mod teams;
mod teams_burst;
mod teams_join;
mod teams_kit;
mod tickets;
