//! The bot's languages and its texts. Every text a person reads comes from
//! the Fluent files in `locales/es` and `locales/en`, embedded in the binary
//! so it runs from any directory. Lookups take a bare [`Lang`], so the
//! scheduler can post without a command context.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Deserialize;
use unic_langid::langid;

#[cfg(test)]
mod coverage;
mod localized;
mod message;

pub use localized::Localized;
pub use message::{Arg, Message};

/// A language the bot speaks. Discord locales `es-ES` and `es-419` (and any
/// `es-*`) are Spanish; everything else gets English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

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

/// The Fluent sources, per language: (file name, text).
const SOURCES: &[(Lang, &str, &str)] = &[
    (Lang::En, "bot.ftl", include_str!("../locales/en/bot.ftl")),
    (
        Lang::En,
        "commands.ftl",
        include_str!("../locales/en/commands.ftl"),
    ),
    (
        Lang::En,
        "submissions.ftl",
        include_str!("../locales/en/submissions.ftl"),
    ),
    (
        Lang::En,
        "schedule.ftl",
        include_str!("../locales/en/schedule.ftl"),
    ),
    (
        Lang::En,
        "teams.ftl",
        include_str!("../locales/en/teams.ftl"),
    ),
    (
        Lang::En,
        "recovery.ftl",
        include_str!("../locales/en/recovery.ftl"),
    ),
    (
        Lang::En,
        "tickets.ftl",
        include_str!("../locales/en/tickets.ftl"),
    ),
    (Lang::En, "gpu.ftl", include_str!("../locales/en/gpu.ftl")),
    (Lang::En, "path.ftl", include_str!("../locales/en/path.ftl")),
    (Lang::En, "web.ftl", include_str!("../locales/en/web.ftl")),
    (Lang::En, "hub.ftl", include_str!("../locales/en/hub.ftl")),
    (
        Lang::En,
        "certificates.ftl",
        include_str!("../locales/en/certificates.ftl"),
    ),
    (Lang::En, "jury.ftl", include_str!("../locales/en/jury.ftl")),
    (Lang::Es, "bot.ftl", include_str!("../locales/es/bot.ftl")),
    (Lang::Es, "gpu.ftl", include_str!("../locales/es/gpu.ftl")),
    (
        Lang::Es,
        "commands.ftl",
        include_str!("../locales/es/commands.ftl"),
    ),
    (
        Lang::Es,
        "submissions.ftl",
        include_str!("../locales/es/submissions.ftl"),
    ),
    (
        Lang::Es,
        "schedule.ftl",
        include_str!("../locales/es/schedule.ftl"),
    ),
    (
        Lang::Es,
        "teams.ftl",
        include_str!("../locales/es/teams.ftl"),
    ),
    (
        Lang::Es,
        "recovery.ftl",
        include_str!("../locales/es/recovery.ftl"),
    ),
    (
        Lang::Es,
        "tickets.ftl",
        include_str!("../locales/es/tickets.ftl"),
    ),
    (Lang::Es, "path.ftl", include_str!("../locales/es/path.ftl")),
    (Lang::Es, "web.ftl", include_str!("../locales/es/web.ftl")),
    (Lang::Es, "hub.ftl", include_str!("../locales/es/hub.ftl")),
    (
        Lang::Es,
        "certificates.ftl",
        include_str!("../locales/es/certificates.ftl"),
    ),
    (Lang::Es, "jury.ftl", include_str!("../locales/es/jury.ftl")),
];

/// A problem in the embedded Fluent files (a bug caught by tests).
#[derive(Debug, thiserror::Error)]
#[error("locales/{lang}/{file}: {message}")]
pub struct I18nError {
    lang: &'static str,
    file: &'static str,
    message: String,
}

/// The message bundles of every language.
pub struct I18n {
    es: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

/// Arguments of a message, in order: `&[("team", name.into())]`.
pub type Args<'a> = [(&'a str, FluentValue<'a>)];

impl I18n {
    pub fn load() -> Result<Self, I18nError> {
        let mut es = FluentBundle::new_concurrent(vec![langid!("es")]);
        let mut en = FluentBundle::new_concurrent(vec![langid!("en")]);
        // Unicode isolation marks would show up inside Discord markup.
        es.set_use_isolating(false);
        en.set_use_isolating(false);
        for (lang, file, text) in SOURCES {
            let resource =
                FluentResource::try_new(text.to_string()).map_err(|(_, errors)| I18nError {
                    lang: lang.code(),
                    file,
                    message: format!("{errors:?}"),
                })?;
            let bundle = match lang {
                Lang::Es => &mut es,
                Lang::En => &mut en,
            };
            bundle.add_resource(resource).map_err(|errors| I18nError {
                lang: lang.code(),
                file,
                message: format!("{errors:?}"),
            })?;
        }
        Ok(Self { es, en })
    }

    /// The embedded bundles, loaded once: for code with no bot context (the
    /// CLI, exports). Loading cannot fail at run time: the same embedded
    /// files load in `the_bundles_load`.
    pub fn shared() -> &'static I18n {
        static SHARED: std::sync::OnceLock<I18n> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| I18n::load().expect("the embedded locales parse (tested)"))
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }

    /// The text of message `id`. A missing id (a bug the tests catch) shows
    /// the id rather than nothing, and is logged.
    pub fn get(&self, lang: Lang, id: &str) -> String {
        self.format(lang, id, None, &[])
    }

    /// The text of message `id` with arguments.
    pub fn get_args(&self, lang: Lang, id: &str, args: &Args<'_>) -> String {
        self.format(lang, id, None, args)
    }

    /// The text of message `id` with arguments given as strings (a domain
    /// value's `(id, args)`).
    pub fn get_strings(&self, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(v.as_str())))
            .collect();
        self.get_args(lang, id, &args)
    }

    /// The attribute `attr` of message `id`, if it exists.
    pub fn attribute(&self, lang: Lang, id: &str, attr: &str) -> Option<String> {
        let bundle = self.bundle(lang);
        let msg = bundle.get_message(id)?;
        let pattern = msg.get_attribute(attr)?.value();
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, None, &mut errors)
            .into_owned();
        Some(text)
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    fn format(&self, lang: Lang, id: &str, attr: Option<&str>, args: &Args<'_>) -> String {
        let bundle = self.bundle(lang);
        let pattern = bundle.get_message(id).and_then(|m| match attr {
            Some(a) => m.get_attribute(a).map(|a| a.value()),
            None => m.value(),
        });
        let Some(pattern) = pattern else {
            tracing::warn!(lang = lang.code(), id, "missing localized message");
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (k, v) in args {
            fluent_args.set(*k, v.clone());
        }
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned();
        if !errors.is_empty() {
            tracing::warn!(
                lang = lang.code(),
                id,
                ?errors,
                "localized message formatted with errors"
            );
        }
        text
    }

    /// Every message id of a language, from the sources (for tests).
    pub fn message_ids(lang: Lang) -> std::collections::BTreeSet<String> {
        SOURCES
            .iter()
            .filter(|(l, _, _)| *l == lang)
            .filter_map(|(_, _, text)| FluentResource::try_new(text.to_string()).ok())
            .flat_map(|r| {
                r.entries()
                    .filter_map(|e| match e {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
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

    #[test]
    fn the_bundles_load() {
        I18n::load().expect("locales parse");
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let es = I18n::message_ids(Lang::Es);
        let en = I18n::message_ids(Lang::En);
        let only_es: Vec<_> = es.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&es).collect();
        assert!(
            only_es.is_empty() && only_en.is_empty(),
            "only in es: {only_es:?}; only in en: {only_en:?}"
        );
        assert!(es.len() > 10);
    }

    #[test]
    fn a_team_without_a_channel_is_welcomed_without_a_broken_link() {
        let i18n = I18n::load().expect("load");
        for lang in Lang::ALL {
            let none = i18n.get_args(
                lang,
                "team-invite-accepted",
                &[("team", "X".into()), ("channel", "none".into())],
            );
            assert!(!none.contains("<#") && none.ends_with('!'), "{none}");
            let some = i18n.get_args(
                lang,
                "team-request-result-approved",
                &[("team", "X".into()), ("channel", "123".into())],
            );
            assert!(some.contains(". ") && some.ends_with("<#123>."), "{some}");
        }
    }

    #[test]
    fn messages_take_arguments() {
        let i18n = I18n::load().expect("load");
        let text = i18n.get_args(
            Lang::Es,
            "about-version",
            &[("version", "1.2.3".into()), ("event", "X".into())],
        );
        assert!(text.contains("1.2.3"), "{text}");
        assert!(!text.contains('\u{2068}'), "no isolation marks");
    }
}
