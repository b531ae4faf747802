//! Integration tests of the Hub client and card checker, against a local
//! fake Hub that answers with recorded-shape JSON and the project's own card
//! fixtures. One test binary, several modules, to keep link time down.

#[path = "hub/server.rs"]
mod server;

#[path = "hub/cards.rs"]
mod cards;
#[path = "hub/cli.rs"]
mod cli;
#[path = "hub/client.rs"]
mod client;
#[path = "hub/props.rs"]
mod props;
#[path = "hub/submission.rs"]
mod submission;
