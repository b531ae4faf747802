//! The layers' arrows point one way: Discord glue and the web sit on top
//! (side by side), the scheduler below them, then the domain, the store and
//! the Hub client, then the configuration. This test reads the sources and fails when a
//! lower layer names a higher one or the Discord libraries, so the rule
//! holds without anyone remembering it.

use std::path::{Path, PathBuf};

/// Each lower layer (a folder or a file under `src/`) and what it must not
/// name.
const RULES: &[(&str, &[&str])] = &[
    ("domain", &TOP_AND_SCHEDULER),
    ("store", &TOP_AND_SCHEDULER),
    ("render", &TOP_AND_SCHEDULER),
    ("hub", &TOP_AND_SCHEDULER),
    ("config", &TOP_AND_SCHEDULER),
    ("text.rs", &TOP_AND_SCHEDULER),
    ("lifecycle.rs", &TOP_AND_SCHEDULER),
    ("i18n.rs", &TOP_AND_SCHEDULER),
    ("scheduler", &TOP),
    // The two front ends stand side by side: the bot and the web share the
    // layers below, never each other.
    ("web", &["crate::discord", "serenity", "poise"]),
    ("discord", &["crate::web"]),
];

const TOP: [&str; 4] = ["crate::discord", "crate::web", "serenity", "poise"];
const TOP_AND_SCHEDULER: [&str; 5] = [
    "crate::discord",
    "crate::web",
    "crate::scheduler",
    "serenity",
    "poise",
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("source folder is readable")
            .map(|e| e.expect("source entry is readable").path())
            .collect();
        entries.sort();
        for entry in entries {
            rust_files(&entry, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The code of a line without its `//` comment (doc comments may mention
/// any layer).
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |at| &line[..at])
}

/// Whether `code` names `path` as a path (not as part of a longer word).
fn names(code: &str, path: &str) -> bool {
    code.match_indices(path).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + path.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after) && before != Some(':')
    })
}

fn violations() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for (layer, forbidden) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "layer {layer} has no sources");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source file is readable");
            for (n, line) in text.lines().enumerate() {
                for path in forbidden.iter().filter(|p| names(code(line), p)) {
                    found.push(format!("{}:{}: names {path}", file.display(), n + 1));
                }
            }
        }
    }
    found
}

#[test]
fn lower_layers_never_name_higher_ones_or_discord() {
    let found = violations();
    assert!(
        found.is_empty(),
        "arrows pointing up:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_path_and_not_a_longer_word() {
    assert!(names("use crate::discord::reply;", "crate::discord"));
    assert!(names("    serenity::all::UserId", "serenity"));
    assert!(!names("let discord_id = 1;", "crate::discord"));
    assert!(!names("use crate::discord_ids::X;", "crate::discord"));
    assert!(!names("use poise_like::X;", "poise"));
    assert!(!names("no_serenity_here", "serenity"));
    assert!(names(code("use crate::web::X; // fine"), "crate::web"));
    assert!(!names(code("// uses crate::web"), "crate::web"));
}
