//! What a complete card must contain, per repo kind. Lives in the event file.

use serde::Deserialize;

/// Card rules of an event (`[cards]` in the event file).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CardRules {}

impl CardRules {
    /// Problems in the rules themselves, as (dotted path under `cards`, message).
    pub fn validate(&self) -> Vec<(String, String)> {
        Vec::new()
    }
}
