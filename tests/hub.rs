//! Integration tests of the Hub client and card checker, against a local
//! fake Hub that answers with recorded-shape JSON and the project's own card
//! fixtures. One test binary, several modules, to keep link time down.

// The fake Hub is shared with the Discord end-to-end tests.
#[path = "support/fake_hub.rs"]
mod server;

#[path = "hub/cards.rs"]
mod cards;
#[path = "hub/cli.rs"]
mod cli;
#[path = "hub/client.rs"]
mod client;
#[path = "hub/faults.rs"]
mod faults;
#[path = "hub/fidelity.rs"]
mod fidelity;
#[path = "hub/judging.rs"]
mod judging;
#[path = "hub/props.rs"]
mod props;
#[path = "hub/repo_rules.rs"]
mod repo_rules;
#[path = "hub/submission.rs"]
mod submission;
