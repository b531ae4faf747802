//! The web pages: HTTP-level tests (headers, escaping, filters, language)
//! and real-browser tests (headless Chromium through chromedriver).

#[path = "../support/mod.rs"]
mod support;

mod browser;
mod dashboard;
mod http;
mod recheck;
mod results;
mod seed;
mod site;
mod verify;
