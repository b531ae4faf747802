//! somosbot: a Discord bot that runs an online NLP hackathon whose work lives
//! on the Hugging Face Hub.

pub mod certificate;
pub mod chart;
pub mod cli;
pub mod config;
pub mod discord;
pub mod domain;
pub mod export;
pub mod hub;
pub mod i18n;
pub mod jury_cli;
#[cfg(test)]
mod layers;
pub mod lifecycle;
pub mod logging;
pub mod render;
pub mod scheduler;
pub mod secret;
pub mod store;
pub mod text;
pub mod web;
