//! Free text people give the bot (team names, topics, LFT posts, titles,
//! help posts, announcements) loses what could rearrange or hide what
//! others read, before it is stored or posted.
//!
//! Removed: bidirectional embeddings, overrides and isolates (U+202A–202E,
//! U+2066–2069) and marks (U+200E/200F, U+061C); zero-width and other
//! invisible format characters (Unicode general category Cf: U+200B, U+2060,
//! U+FEFF, U+00AD, …); other default-ignorable characters that render as
//! nothing (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the
//! combining grapheme joiner U+034F, Khmer vowels U+17B4/17B5, Mongolian
//! selectors U+180B–180F); and control characters other than tab and line
//! breaks.
//!
//! Kept on purpose, because emoji need them and they cannot reorder text:
//! the zero-width joiner U+200D between two emoji (👩‍💻, 🏳️‍🌈), variation
//! selectors (U+FE00–FE0F, which pick emoji or text style), and tag
//! characters (U+E0020–E007F) right after a black flag 🏴 (the flags of
//! England, Scotland and Wales). A ZWJ anywhere else is removed.

/// `text` without invisible or reordering characters (see the module).
pub fn sanitize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut last_kept: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        let keep = if c == ZWJ {
            last_kept.is_some_and(is_emoji_part)
                && chars.get(i + 1).copied().is_some_and(is_emoji_base)
        } else if is_tag(c) {
            last_kept.is_some_and(|p| p == BLACK_FLAG || is_tag(p))
        } else {
            !is_hidden(c)
        };
        if keep {
            out.push(c);
            last_kept = Some(c);
        }
    }
    out
}

/// Whether `text` holds anything [`sanitize`] would remove.
pub fn is_clean(text: &str) -> bool {
    sanitize(text) == text
}

const ZWJ: char = '\u{200D}';
const BLACK_FLAG: char = '\u{1F3F4}';

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007F}').contains(&c)
}

/// Characters removed wherever they are.
fn is_hidden(c: char) -> bool {
    if c.is_control() {
        return !matches!(c, '\t' | '\n' | '\r');
    }
    is_format(c) || is_filler(c)
}

/// Unicode general category Cf (format characters), as of Unicode 15.1.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Default-ignorable characters outside Cf that show as nothing: fillers
/// used to make names that look empty.
fn is_filler(c: char) -> bool {
    matches!(
        c,
        '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180D}'
            | '\u{180F}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{E0000}'
            | '\u{E0002}'..='\u{E001F}'
            | '\u{E0080}'..='\u{E00FF}'
            | '\u{E01F0}'..='\u{E0FFF}'
    )
}

/// A pictographic character an emoji sequence can join to.
fn is_emoji_base(c: char) -> bool {
    matches!(
        c,
        '\u{00A9}'
            | '\u{00AE}'
            | '\u{203C}'
            | '\u{2049}'
            | '\u{2122}'
            | '\u{2139}'
            | '\u{2194}'..='\u{21AA}'
            | '\u{231A}'..='\u{23FF}'
            | '\u{24C2}'
            | '\u{25AA}'..='\u{27BF}'
            | '\u{2934}'..='\u{2935}'
            | '\u{2B05}'..='\u{2B55}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{1F000}'..='\u{1FAFF}'
    )
}

/// What may come right before a ZWJ in an emoji sequence: an emoji, a
/// variation selector, a skin tone, or the end of a tag sequence.
fn is_emoji_part(c: char) -> bool {
    is_emoji_base(c) || ('\u{FE00}'..='\u{FE0F}').contains(&c) || c == '\u{E007F}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bidirectional_controls_are_removed() {
        assert_eq!(sanitize("\u{202E}evil\u{202D} ok"), "evil ok");
        assert_eq!(sanitize("\u{2066}a\u{2067}b\u{2068}c\u{2069}"), "abc");
        assert_eq!(sanitize("x\u{200E}y\u{200F}z\u{061C}"), "xyz");
        assert_eq!(sanitize("\u{202A}\u{202B}\u{202C}"), "");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(sanitize("@\u{200B}everyone"), "@everyone");
        assert_eq!(sanitize("\u{FEFF}Equipo\u{2060}\u{00AD}"), "Equipo");
        assert_eq!(sanitize("\u{3164}\u{115F}\u{1160}\u{FFA0}"), "");
        assert_eq!(sanitize("a\u{034F}b\u{180E}c"), "abc");
        assert_eq!(sanitize("nul\u{0}bell\u{7}esc\u{1b}"), "nulbellesc");
    }

    #[test]
    fn line_breaks_tabs_and_letters_are_kept() {
        for text in [
            "line one\nline two\r\n\tthree",
            "ñandú ÇÃÕ",
            "中文 العربية עברית",
            "",
        ] {
            assert_eq!(sanitize(text), text);
        }
    }

    #[test]
    fn emoji_sequences_stay_whole() {
        for emoji in [
            "🏳️‍🌈",
            "👩🏽‍💻",
            "👨‍👩‍👧‍👦",
            "❤️‍🔥",
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
            "1️⃣",
        ] {
            assert_eq!(sanitize(emoji), emoji, "{emoji:?}");
        }
    }

    #[test]
    fn joiners_and_tags_outside_emoji_are_removed() {
        assert_eq!(sanitize("a\u{200D}b"), "ab");
        assert_eq!(sanitize("\u{200D}👩"), "👩");
        assert_eq!(sanitize("👩\u{200D}"), "👩");
        assert_eq!(sanitize("👩\u{200D}a"), "👩a");
        assert_eq!(sanitize("x\u{E0067}\u{E007F}"), "x");
    }

    proptest! {
        #[test]
        fn nothing_that_reorders_or_hides_survives(text in "\\PC{0,40}|[\u{200B}-\u{206F}\u{FEFF}a-z👩🏳️\u{3164}\u{E0067}\u{E007F}]{0,40}") {
            let clean = sanitize(&text);
            for c in clean.chars() {
                prop_assert!(!('\u{202A}'..='\u{202E}').contains(&c), "{:?}", c);
                prop_assert!(!('\u{2066}'..='\u{2069}').contains(&c), "{:?}", c);
                prop_assert!(!matches!(c, '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{3164}' | '\u{115F}'), "{:?}", c);
            }
            // A ZWJ that is kept sits between two emoji.
            let chars: Vec<char> = clean.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if *c == ZWJ {
                    prop_assert!(i > 0 && i + 1 < chars.len());
                    prop_assert!(is_emoji_part(chars[i - 1]) && is_emoji_base(chars[i + 1]));
                }
            }
        }

        #[test]
        fn sanitizing_twice_changes_nothing_more(text in "\\PC{0,40}|[\u{200B}-\u{206F}a👩\u{E0067}\u{E007F}🏴]{0,40}") {
            let once = sanitize(&text);
            prop_assert_eq!(sanitize(&once), once.clone());
            prop_assert!(is_clean(&once));
        }

        #[test]
        fn visible_text_is_untouched(text in "[\\p{L}\\p{N}\\p{P} \n]{0,60}") {
            // Hangul fillers are letters (Lo) that show nothing.
            prop_assume!(!text.chars().any(is_filler));
            prop_assert_eq!(sanitize(&text), text);
        }
    }
}
