//! Facts about one person that several layers need, read without Discord.

use crate::config::EventConfig;
use crate::i18n::Lang;
use crate::store::Store;

/// The language of a message addressed to one person (a DM, an invitation,
/// a notice): the locale their Discord client last used with the bot, else
/// the event's language.
pub async fn person_lang(store: &Store, event: &EventConfig, user: u64) -> Lang {
    match store.participant(&event.event.id, user).await {
        Ok(Some(p)) => p.locale.as_deref().map(Lang::from_locale),
        Ok(None) => None,
        Err(e) => {
            tracing::warn!(error = %e, user, "cannot read a person's language; using the event's");
            None
        }
    }
    .unwrap_or(event.event.default_language)
}
