//! Command names and descriptions from the Fluent files: English is the
//! base, Spanish is offered to clients in `es-ES` and `es-419`.

use std::borrow::Cow;

use super::{BotError, Data};
use crate::i18n::{I18n, Lang};

/// The Discord locales that get the Spanish names and descriptions.
pub const SPANISH_LOCALES: [&str; 2] = ["es-ES", "es-419"];

type Command = poise::Command<Data, BotError>;

/// The Fluent id of a command: `cmd-` and its full name joined with `-`.
pub fn message_id(qualified_name: &str) -> String {
    format!("cmd-{}", qualified_name.replace(' ', "-"))
}

/// Fills in descriptions (English) and localizations (Spanish) of every
/// command, subcommand and parameter.
pub fn apply(commands: &mut [Command], i18n: &I18n) {
    for cmd in commands {
        apply_one(cmd, "", i18n);
    }
}

/// `parent` is the full name of the parent command: poise fills in
/// `qualified_name` of subcommands only when the framework starts, after this.
fn apply_one(cmd: &mut Command, parent: &str, i18n: &I18n) {
    let full_name = if parent.is_empty() {
        cmd.name.to_string()
    } else {
        format!("{parent} {}", cmd.name)
    };
    let id = message_id(&full_name);
    if let Some(desc) = i18n.attribute(Lang::En, &id, "description") {
        cmd.description = Some(Cow::Owned(desc));
    }
    cmd.name_localizations = localized(i18n, &id, "name");
    cmd.description_localizations = localized(i18n, &id, "description");
    for param in &mut cmd.parameters {
        let name_attr = format!("{}-name", param.name);
        let desc_attr = format!("{}-description", param.name);
        if let Some(desc) = i18n.attribute(Lang::En, &id, &desc_attr) {
            param.description = Some(Cow::Owned(desc));
        }
        param.name_localizations = localized(i18n, &id, &name_attr);
        param.description_localizations = localized(i18n, &id, &desc_attr);
    }
    for sub in &mut cmd.subcommands {
        apply_one(sub, &full_name, i18n);
    }
}

fn localized(
    i18n: &I18n,
    id: &str,
    attr: &str,
) -> Cow<'static, [(Cow<'static, str>, Cow<'static, str>)]> {
    match i18n.attribute(Lang::Es, id, attr) {
        Some(text) => SPANISH_LOCALES
            .iter()
            .map(|l| (Cow::Borrowed(*l), Cow::Owned(text.clone())))
            .collect::<Vec<_>>()
            .into(),
        None => Cow::Borrowed(&[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cmd: &Command, parent: &str, i18n: &I18n, missing: &mut Vec<String>) {
        let full = if parent.is_empty() {
            cmd.name.to_string()
        } else {
            format!("{parent} {}", cmd.name)
        };
        let id = message_id(&full);
        let mut attrs = vec!["name".to_string(), "description".to_string()];
        for p in &cmd.parameters {
            attrs.push(format!("{}-name", p.name));
            attrs.push(format!("{}-description", p.name));
        }
        for lang in Lang::ALL {
            for attr in &attrs {
                if i18n.attribute(lang, &id, attr).is_none() {
                    missing.push(format!("{lang:?} {id}.{attr}"));
                }
            }
        }
        for sub in &cmd.subcommands {
            check(sub, &full, i18n, missing);
        }
    }

    #[test]
    fn every_command_and_parameter_is_localized() {
        let i18n = I18n::load().expect("locales load");
        let mut missing = Vec::new();
        for cmd in super::super::commands::all() {
            check(&cmd, "", &i18n, &mut missing);
        }
        assert!(missing.is_empty(), "missing: {missing:#?}");
    }
}
