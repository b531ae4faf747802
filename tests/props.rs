//! Hostile input never panics and never yields text that could ping or
//! break a later render: event files, team names, topics, message fitting.
//! More cases: `PROPTEST_CASES=20000 cargo test --test props`.

use proptest::prelude::*;
use somosbot::config::EventConfig;
use somosbot::domain::team::{clean_topic, TeamName, NAME_MAX_CHARS, NAME_MIN_CHARS};
use somosbot::render::markup::{fit, MAX_CONTENT};

const SHIPPED: &str = include_str!("../events/somos600m.toml");

/// Characters that could mention, link or format in Discord.
const DANGEROUS: &[char] = &[
    '@', '<', '>', '#', '*', '_', '`', '|', '~', '[', ']', '(', ')', '\\',
];

proptest! {
    #[test]
    fn the_event_parser_never_panics_on_any_text(text in "\\PC*") {
        let _ = EventConfig::parse(&text);
    }

    #[test]
    fn a_damaged_event_file_is_refused_or_valid_never_a_panic(
        line in 0usize..400,
        replacement in "[\\PC\n]{0,40}",
    ) {
        let mut lines: Vec<&str> = SHIPPED.lines().collect();
        if line < lines.len() {
            lines[line] = &replacement;
        }
        let text = lines.join("\n");
        match EventConfig::parse(&text) {
            Ok(config) => prop_assert!(config.teams.max_size >= config.teams.min_size),
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    #[test]
    fn accepted_team_names_are_safe_and_stable(raw in "\\PC{0,60}") {
        if let Ok(name) = TeamName::parse(&raw) {
            let shown = name.as_str();
            let len = shown.chars().count();
            prop_assert!((NAME_MIN_CHARS..=NAME_MAX_CHARS).contains(&len), "{shown:?}");
            prop_assert!(!shown.contains(DANGEROUS), "{shown:?}");
            prop_assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
            prop_assert_eq!(shown.trim(), shown);
            // Parsing what is shown gives the same name and the same key.
            let again = TeamName::parse(shown).expect("a shown name parses");
            prop_assert_eq!(again.key(), name.key());
            prop_assert_eq!(TeamName::key_of(shown), name.key().to_string());
        }
    }

    #[test]
    fn names_with_a_mention_are_always_refused(prefix in "[a-z ]{0,10}", suffix in "[a-z ]{0,10}") {
        for mention in ["@everyone", "@here", "<@123>", "<@&456>", "<#789>"] {
            let raw = format!("{prefix}{mention}{suffix}");
            prop_assert!(TeamName::parse(&raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn topics_are_one_line(raw in "[\\PC\n\r\t]{0,300}") {
        if let Ok(topic) = clean_topic(&raw) {
            prop_assert!(!topic.chars().any(|c| c.is_control()), "{topic:?}");
            prop_assert!(topic.chars().count() <= 200);
        }
    }

    #[test]
    fn replies_fit_discord(text in "\\PC{0,3000}") {
        let cut = fit(&text);
        prop_assert!(cut.chars().count() <= MAX_CONTENT);
        if text.chars().count() <= MAX_CONTENT {
            prop_assert_eq!(cut, text);
        }
    }
}
