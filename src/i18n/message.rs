//! A text to show later, in the reader's language: a Fluent message id and
//! typed arguments. Hub findings are stored this way, so a report checked
//! for a Spanish speaker reads in English to an English one.

use std::collections::BTreeMap;

use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use super::{I18n, Lang, Localized};

/// One argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// A count: Fluent picks the plural form from it.
    Number(i64),
    /// A value shown as is (a repo id, a file name, a time).
    Text(String),
    /// A text from the event file (a section's title). Before `Message`:
    /// an old stored text (`{"es", "en"}`) would read as one too.
    Localized(Localized),
    /// Another message, rendered in the same language first.
    Message(Box<Message>),
}

/// A Fluent message id with its arguments; or, for reports stored before
/// texts were Fluent ids, the text as it was stored in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Message {
    Fluent {
        key: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        args: BTreeMap<String, Arg>,
    },
    /// A text stored by an earlier version, shown as it was written.
    Fixed(Localized),
}

impl Message {
    /// Message `key` (a literal, so the coverage test can find it).
    pub fn new(key: &'static str) -> Self {
        Message::Fluent {
            key: key.to_string(),
            args: BTreeMap::new(),
        }
    }

    /// A message from an `(id, args)` pair of a domain value.
    pub fn with_strings(key: &'static str, args: Vec<(&'static str, String)>) -> Self {
        args.into_iter()
            .fold(Self::new(key), |m, (name, value)| m.text(name, value))
    }

    fn arg(mut self, name: &str, value: Arg) -> Self {
        if let Message::Fluent { args, .. } = &mut self {
            args.insert(name.to_string(), value);
        }
        self
    }

    pub fn text(self, name: &str, value: impl Into<String>) -> Self {
        self.arg(name, Arg::Text(value.into()))
    }

    pub fn number(self, name: &str, value: impl TryInto<i64>) -> Self {
        self.arg(name, Arg::Number(value.try_into().unwrap_or(i64::MAX)))
    }

    pub fn message(self, name: &str, value: Message) -> Self {
        self.arg(name, Arg::Message(Box::new(value)))
    }

    pub fn localized(self, name: &str, value: &Localized) -> Self {
        self.arg(name, Arg::Localized(value.clone()))
    }

    /// The Fluent id; `None` for a text stored by an earlier version.
    pub fn key(&self) -> Option<&str> {
        match self {
            Message::Fluent { key, .. } => Some(key),
            Message::Fixed(_) => None,
        }
    }

    /// Argument `name`, when it is a plain text.
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        match self {
            Message::Fluent { args, .. } => match args.get(name) {
                Some(Arg::Text(t)) => Some(t),
                _ => None,
            },
            Message::Fixed(_) => None,
        }
    }
}

impl I18n {
    /// The text of `message` in `lang`.
    pub fn message(&self, lang: Lang, message: &Message) -> String {
        let (key, args) = match message {
            Message::Fixed(text) => return text.get(lang).to_string(),
            Message::Fluent { key, args } => (key, args),
        };
        let values: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Text(t) => FluentValue::from(t.as_str()),
                    Arg::Localized(l) => FluentValue::from(l.get(lang)),
                    Arg::Message(m) => FluentValue::from(self.message(lang, m)),
                };
                (name.as_str(), value)
            })
            .collect();
        self.get_args(lang, key, &values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_survives_storage_and_reads_in_either_language() {
        let i18n = I18n::load().expect("load");
        let m = Message::new("hub-repo-exists").text("repo", "somosnlp/x");
        let stored = serde_json::to_string(&m).expect("json");
        let back: Message = serde_json::from_str(&stored).expect("read back");
        assert_eq!(back, m);
        assert_eq!(
            i18n.message(Lang::En, &back),
            "somosnlp/x exists on the Hub"
        );
        assert_eq!(i18n.message(Lang::Es, &back), "somosnlp/x existe en el Hub");
    }

    #[test]
    fn a_text_stored_by_an_earlier_version_still_reads() {
        let i18n = I18n::load().expect("load");
        let old: Message =
            serde_json::from_str(r#"{"es": "Es público", "en": "It is public"}"#).expect("old");
        assert_eq!(
            old,
            Message::Fixed(Localized::new("Es público", "It is public"))
        );
        assert_eq!(i18n.message(Lang::En, &old), "It is public");
        assert_eq!(i18n.message(Lang::Es, &old), "Es público");
    }

    #[test]
    fn nested_messages_and_counts_render_in_the_same_language() {
        let i18n = I18n::load().expect("load");
        let inner = Message::new("hub-unavailable-timeout");
        let m = Message::new("hub-unavailable").message("reason", inner);
        assert_eq!(
            i18n.message(Lang::Es, &m),
            "No se pudo consultar el Hub: el Hub no respondió a tiempo."
        );
        let stored: Message =
            serde_json::from_str(&serde_json::to_string(&m).expect("json")).expect("back");
        assert_eq!(stored, m);
    }
}
