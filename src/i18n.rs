//! The bot's languages.

use serde::Deserialize;

/// A language the bot speaks. Discord locales `es-ES` and `es-419` (and any
/// `es-*`) are Spanish; everything else gets English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    /// The language for a Discord locale such as `es-419` or `en-US`.
    pub fn from_locale(locale: &str) -> Self {
        let l = locale.trim().to_ascii_lowercase();
        if l == "es" || l.starts_with("es-") || l.starts_with("es_") {
            Lang::Es
        } else {
            Lang::En
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_locales_map_to_spanish() {
        for l in ["es-ES", "es-419", "es", "ES-mx"] {
            assert_eq!(Lang::from_locale(l), Lang::Es, "{l}");
        }
        for l in ["en-US", "en-GB", "pt-BR", "", "fr"] {
            assert_eq!(Lang::from_locale(l), Lang::En, "{l}");
        }
    }
}
