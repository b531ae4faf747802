//! Texts that come localized from the event file (deadline titles, rubric
//! labels, card rule titles). The bot's own texts are Fluent ids; these are
//! the organizers' words, written once per language.

use serde::{Deserialize, Serialize};

use super::Lang;

/// A text in each of the bot's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub es: String,
    pub en: String,
}

impl Localized {
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            es: es.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}
