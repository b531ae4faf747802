//! The parsers take anything people paste or push, without panicking.
//! A long run: `PROPTEST_CASES=100000 cargo test --release --test hub props`.

use proptest::prelude::*;
use somosbot::hub::{parse_link, Card, HubLink, RepoId};

/// 512 cases unless `PROPTEST_CASES` asks for more (a long fuzzing run).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn the_link_parser_never_panics(s in "\\PC*") {
        let _ = parse_link(&s);
    }

    #[test]
    fn the_link_parser_never_panics_on_hub_like_text(
        host in "(https?://)?(www\\.)?(huggingface\\.co|hf\\.co|[a-z-]{1,12}\\.hf\\.space)",
        path in "(/[A-Za-z0-9_.%?#=-]{0,12}){0,6}",
    ) {
        // Whatever is accepted is a valid id that round-trips.
        if let Ok(HubLink::Repo(r)) = parse_link(&format!("{host}{path}")) {
            prop_assert!(RepoId::parse(r.kind, &r.id()).is_ok());
            let again = parse_link(&format!("https://huggingface.co{}", r.web_path()));
            prop_assert_eq!(again, Ok(HubLink::Repo(r)));
        }
    }

    #[test]
    fn the_card_parser_never_panics(s in "\\PC*") {
        let card = Card::parse(&s);
        for section in &card.sections {
            prop_assert!(section.level >= 1 && section.level <= 6);
        }
    }

    #[test]
    fn the_card_parser_never_panics_on_card_like_text(
        parts in proptest::collection::vec(
            "(---\n|#{1,6} [a-zé ]{0,10}\n|<!--|-->|\\{\\{|\\}\\}|\\[More Information Needed\\]|[a-z: -]{0,20}\n|```\n|- x\n)",
            0..40,
        )
    ) {
        let _ = Card::parse(&parts.concat());
    }
}
