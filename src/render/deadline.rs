//! A deadline as people read it.

use crate::i18n::Lang;
use crate::store::StoredDeadline;

/// The deadline's title in `lang`.
pub fn title(d: &StoredDeadline, lang: Lang) -> &str {
    match lang {
        Lang::Es => &d.title_es,
        Lang::En => &d.title_en,
    }
}
