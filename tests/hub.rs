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
#[path = "hub/stored.rs"]
mod stored;
#[path = "hub/submission.rs"]
mod submission;

/// A finding's text as a Spanish speaker reads it.
pub fn es(m: &somosbot::hub::Message) -> String {
    somosbot::i18n::I18n::shared().message(somosbot::i18n::Lang::Es, m)
}

/// A finding's text as an English speaker reads it.
pub fn en(m: &somosbot::hub::Message) -> String {
    somosbot::i18n::I18n::shared().message(somosbot::i18n::Lang::En, m)
}
