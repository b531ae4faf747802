//! The storage API's conformance suite: every scenario runs on SQLite and on
//! PostgreSQL, including the concurrency invariants.

#[path = "../support/mod.rs"]
mod support;

mod caps;
mod concurrency;
mod discord_ids;
mod gpu;
mod interactions;
mod jury;
mod path;
mod scenarios;
mod scheduler;
mod submissions;
mod teams_extra;
mod ticket_flow;
mod tickets;
