//! Real databases and fakes of the remote services the bot talks to, shared
//! by the integration test binaries (`mod support;`).
// Each test binary compiles this whole tree but uses only part of it, so
// unused items are expected here (and only here).
#![allow(dead_code)]

pub mod bot;
pub mod bot_process;
pub mod budget;
pub mod burst;
pub mod db;
pub mod fake_discord;
pub mod fake_hub;
