//! The page's language: the visitor's switch (a cookie) first, then the
//! browser's `Accept-Language` in order of preference, else Spanish (the
//! event's language).

use axum::http::{header, HeaderMap};

use crate::i18n::Lang;

pub const LANG_COOKIE: &str = "lang";

pub fn negotiate(headers: &HeaderMap) -> Lang {
    if let Some(lang) = from_cookie(headers) {
        return lang;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(from_accept_language)
        .unwrap_or(Lang::Es)
}

fn from_cookie(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| match v {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        })
}

/// The first of `es`/`en` by quality (`en-GB;q=0.8, es;q=0.9` is Spanish);
/// `None` when neither is asked for.
pub fn from_accept_language(value: &str) -> Option<Lang> {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (i, item) in value.split(',').enumerate() {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = if tag == "es" || tag.starts_with("es-") {
            Lang::Es
        } else if tag == "en" || tag.starts_with("en-") {
            Lang::En
        } else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        // Higher quality wins; on a tie, the one listed first.
        let better = match best {
            None => true,
            Some((bq, bi, _)) => q > bq || (q == bq && i < bi),
        };
        if better {
            best = Some((q, i, lang));
        }
    }
    best.map(|(_, _, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_by_quality_then_order() {
        assert_eq!(from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            from_accept_language("en-GB;q=0.8, es-MX;q=0.9"),
            Some(Lang::Es)
        );
        assert_eq!(
            from_accept_language("fr, es;q=0.5, en;q=0.5"),
            Some(Lang::Es)
        );
        assert_eq!(from_accept_language("fr, de"), None);
        assert_eq!(from_accept_language("en;q=0, es;q=0.1"), Some(Lang::Es));
    }
}
