//! Typed reading of what the bot sent, so tests say what they check (a
//! message's text, its buttons) instead of digging through JSON. The values
//! read are Discord's payloads as the fake stored them: a message, an
//! interaction callback (`{"type": 4, "data": …}`) or a follow-up.

use serde_json::Value;

use super::{FakeDiscord, Inner, SentInteraction, DEFAULT_WAIT};

/// Discord's EPHEMERAL message flag.
const EPHEMERAL: u64 = 1 << 6;
/// Discord's LOADING flag: a deferred answer still "thinking".
const LOADING: u64 = 1 << 7;
/// Discord's component type of a button.
const BUTTON: u64 = 2;

/// The text of a message, or of a callback's message (`data.content`);
/// empty when there is none.
pub fn content(v: &Value) -> String {
    v["content"]
        .as_str()
        .or_else(|| v["data"]["content"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// Whether a message or a callback's message is seen only by its reader.
pub fn is_ephemeral(v: &Value) -> bool {
    let flags = v["flags"]
        .as_u64()
        .or_else(|| v["data"]["flags"].as_u64())
        .unwrap_or(0);
    flags & EPHEMERAL != 0
}

/// One button of a message, as the person sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    /// `None` for a link button.
    pub custom_id: Option<String>,
    pub disabled: bool,
}

/// The buttons of a message or a callback's message, row after row.
pub fn buttons(v: &Value) -> Vec<Button> {
    let rows = v["components"]
        .as_array()
        .or_else(|| v["data"]["components"].as_array());
    rows.into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["type"].as_u64() == Some(BUTTON))
        .map(|b| Button {
            label: b["label"].as_str().unwrap_or_default().to_string(),
            custom_id: b["custom_id"].as_str().map(str::to_owned),
            disabled: b["disabled"].as_bool().unwrap_or(false),
        })
        .collect()
}

/// The custom ids of a message's buttons, in order.
pub fn custom_ids(v: &Value) -> Vec<String> {
    buttons(v).into_iter().filter_map(|b| b.custom_id).collect()
}

/// The button labelled `label`; fails the test naming the labels there.
pub fn button(v: &Value, label: &str) -> Button {
    let all = buttons(v);
    all.iter()
        .find(|b| b.label == label)
        .cloned()
        .unwrap_or_else(|| {
            let labels: Vec<&str> = all.iter().map(|b| b.label.as_str()).collect();
            panic!("no button {label:?} among {labels:?} in {v}")
        })
}

impl FakeDiscord {
    /// Presses the button labelled `label` on the stored message, as `user`.
    /// Like Discord, a disabled button cannot be pressed: the test fails.
    pub fn press(
        &self,
        channel_id: u64,
        message_id: u64,
        label: &str,
        user: (u64, &str),
    ) -> SentInteraction {
        let message = self
            .message(message_id)
            .unwrap_or_else(|| panic!("no message {message_id}"));
        let pressed = button(&message, label);
        assert!(!pressed.disabled, "the button {label:?} is disabled");
        let custom_id = pressed
            .custom_id
            .unwrap_or_else(|| panic!("the button {label:?} is a link"));
        self.click_button(channel_id, message_id, &custom_id, user)
    }

    /// The latest ephemeral answer of an interaction that has been written
    /// (its original response or a follow-up; a "thinking…" one is not an
    /// answer yet).
    pub fn last_ephemeral(&self, token: &str) -> Option<Value> {
        self.inspect(|i| last_ephemeral_in(i, token))
    }

    /// Waits until an interaction has an ephemeral answer and returns its
    /// text.
    pub async fn wait_ephemeral_text(&self, token: &str) -> String {
        let answer = self
            .wait_for(
                &format!("an ephemeral answer to {token}"),
                DEFAULT_WAIT,
                |i| last_ephemeral_in(i, token),
            )
            .await;
        content(&answer)
    }
}

fn last_ephemeral_in(i: &Inner, token: &str) -> Option<Value> {
    let record = i.state.interactions.get(token)?;
    record
        .original
        .into_iter()
        .chain(record.followups.iter().copied())
        .filter_map(|id| i.state.find_message(id))
        .rfind(|m| {
            let flags = m["flags"].as_u64().unwrap_or(0);
            flags & EPHEMERAL != 0 && flags & LOADING == 0
        })
}
