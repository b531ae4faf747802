//! Names that only look alike are one name. Team names are compared with
//! the event's staff roles and channels (and the guild's existing roles and
//! channels) in a form that ignores case, accents, spacing and punctuation
//! and maps look-alike letters to one (Unicode's confusable skeleton,
//! UTS #39), so "Organización", "ORGANIZACION" and "Organizaciоn" (with a
//! Cyrillic о) are all the organizer role's name.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_security::skeleton;

/// The form two names share when a reader could take one for the other:
/// case-folded, without accents, confusables mapped to one letter, words
/// joined by `-` (as Discord names channels), so "Somosbot Log" and the
/// channel `somosbot-log` meet.
pub fn look_alike_form(name: &str) -> String {
    let folded: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    let skel: String = skeleton(&folded)
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    skel.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Names a team may not take, kept in their look-alike form with the name
/// to show in a refusal.
#[derive(Debug, Clone, Default)]
pub struct ReservedNames(Vec<(String, String)>);

impl ReservedNames {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut out = Self::default();
        out.extend(names);
        out
    }

    /// Adds more names (the guild's roles and channels).
    pub fn extend<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            let form = look_alike_form(name);
            if !form.is_empty() && !self.0.iter().any(|(f, _)| *f == form) {
                self.0.push((form, name.to_string()));
            }
        }
    }

    /// The reserved name `name` could be taken for, if any.
    pub fn clash(&self, name: &str) -> Option<&str> {
        let form = look_alike_form(name);
        self.0
            .iter()
            .find(|(f, _)| *f == form)
            .map(|(_, shown)| shown.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_spacing_and_confusables_are_one_name() {
        let reserved = ReservedNames::new(["Organización", "somosbot-log", "Mentor"]);
        for name in [
            "Organización",
            "organizacion",
            "ORGANIZACIÓN",
            "Organizaci\u{043e}n", // Cyrillic о
            "\u{041e}rganización", // Cyrillic О
            "Organizacio\u{301}n", // decomposed accent
            "Somosbot Log",
            "somosbot.log",
            "M\u{0435}ntor", // Cyrillic е
            "MENT0R",        // digit zero
        ] {
            assert!(reserved.clash(name).is_some(), "{name} must clash");
        }
        for name in ["Organizadores", "Mentores", "Log"] {
            assert_eq!(reserved.clash(name), None, "{name} is another name");
        }
    }

    #[test]
    fn the_refusal_names_the_reserved_name() {
        let reserved = ReservedNames::new(["Mentor"]);
        assert_eq!(reserved.clash("mentor"), Some("Mentor"));
    }
}
