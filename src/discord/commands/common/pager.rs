//! The buttons of a paginated list and the filters they carry.

use serenity::all::{ButtonStyle, CreateActionRow, CreateButton};

use crate::discord::Data;
use crate::i18n::Lang;

/// The buttons of a paginated list: previous and next, each carrying the
/// page it shows and the filters.
pub fn pager(
    data: &Data,
    lang: Lang,
    prefix: &str,
    page: u32,
    pages: u32,
    filters: &str,
) -> Option<CreateActionRow> {
    if pages <= 1 {
        return None;
    }
    let button = |target: u32, label: &str, enabled: bool| {
        CreateButton::new(format!("{prefix}{target}:{filters}"))
            .style(ButtonStyle::Secondary)
            .label(data.i18n.get(lang, label))
            .disabled(!enabled)
    };
    Some(CreateActionRow::Buttons(vec![
        button(page.saturating_sub(1), "team-list-prev", page > 0),
        button(page + 1, "team-list-next", page + 1 < pages),
    ]))
}

/// Keeps a list filter short and free of the separators used in custom
/// ids; `None` when nothing but blanks is left.
pub fn id_safe(text: Option<String>) -> Option<String> {
    let kept: String = text?
        .chars()
        .filter(|c| *c != ':' && *c != '\u{1f}')
        .take(35)
        .collect();
    (!kept.trim().is_empty()).then_some(kept)
}
