//! The code and the Fluent files agree: every message id the code names
//! exists in every locale, every id in the files is used (or listed here as
//! built at run time), a message takes the same arguments in every locale,
//! and a Hub message is given exactly the arguments its text uses.
//!
//! Ids are found by reading `src/**/*.rs`: a string literal passed to an
//! i18n call (`t("…")`, `i18n.get(lang, "…")`, `Message::new("…")`,
//! `BotError::user("…")`…), and any literal that looks like an id of a
//! family the files have (`hub-…`, `submit-…`), which catches the ids of
//! enum → id tables.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{I18n, Lang, SOURCES};

/// Id families built at run time, with where: their ids count as used when
/// the code holds the `format!` that builds them.
const DYNAMIC: &[(&str, &str)] = &[
    // Command names, descriptions and options (`discord::localize`).
    ("cmd-", "cmd-{}"),
    // The 17 UN goals, `ods-{n}` (teams, web gallery).
    ("ods-", "ods-{ods}"),
    // GPU kinds of the event file (`render::gpu_board`).
    ("gpu-kind-", "gpu-kind-{}"),
    // A submission's state on the web pages.
    ("web-state-", "web-state-{}"),
];

/// Ids in the files that no code uses yet, and why they stay.
const NOT_YET_USED: &[(&str, &str)] = &[(
    "web-nav-verify",
    "the certificate check page's link, added with that page",
)];

/// Literals that look like ids of a family but are not messages.
const NOT_IDS: &[&str] = &[
    // Scheduler job kinds.
    "team-nudges",
    "ticket-ping",
    "ticket-archive",
    "gpu-lease-notice",
    "gpu-lease-warning",
    "gpu-lease-expiry",
    "gpu-freed",
    "gpu-board",
    "publish-results",
    "jury-nudges",
    // Audit actions and once-only report keys.
    "ticket-release",
    "ticket-resolve",
    "ticket-reopen",
    "team-pin-refused",
    // A command name, an HTML anchor, names in tests.
    "recheck-all",
    "gpu-title",
    "jury-title",
    "team-7",
    "hub-org",
];

/// Methods and functions whose first argument is a message id.
const FIRST_ARG: &[&str] = &["t", "t_args"];

/// Paths whose first argument is a message id.
const FIRST_ARG_PATHS: &[&str] = &[
    "Message::new",
    "Message::with_strings",
    "BotError::user",
    "BotError::user_with",
];

/// Methods whose second argument is a message id (the first is the
/// language or the context).
const SECOND_ARG: &[&str] = &[
    "get",
    "get_args",
    "get_strings",
    "attribute",
    "has",
    "tr",
    "tr_args",
    "say",
];

/// A string literal of the source.
#[derive(Debug)]
struct Literal {
    value: String,
    file: String,
    line: usize,
    /// Byte offset just after the closing quote.
    end: usize,
    /// The call it is an id argument of, if it is one.
    call: Option<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The string literals of `src`, outside comments, as (start, end, value):
/// `start` at the opening quote, `end` after the closing one.
fn literals(src: &str) -> Vec<(usize, usize, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'r' if (i == 0 || !ident(b[i - 1]))
                && matches!(b.get(i + 1), Some(b'"') | Some(b'#')) =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = j;
                let close = format!("\"{}", "#".repeat(hashes));
                let Some(len) = src[j + 1..].find(&close) else {
                    break;
                };
                let end = j + 1 + len + close.len();
                out.push((start, end, src[j + 1..j + 1 + len].to_string()));
                i = end;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push((start, i + 1, src[start + 1..i.min(b.len())].to_string()));
                i += 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '"'), or a lifetime.
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else {
                    let ch_len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                    if b.get(i + 1 + ch_len) == Some(&b'\'') {
                        i += 2 + ch_len;
                    } else {
                        i += 1;
                    }
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The path of the function called just before `(` at the end of `code`
/// (`Message::new`, `data.i18n.get`).
fn callee(code: &str) -> Option<&str> {
    let code = code.strip_suffix('(')?.trim_end();
    let start = code
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '.'))
        .map_or(0, |i| i + 1);
    let name = &code[start..];
    (!name.is_empty()).then_some(name)
}

/// The last segment of a path: `get` of `data.i18n.get`.
fn last_segment(name: &str) -> &str {
    name.rsplit(['.', ':']).next().unwrap_or(name)
}

/// The i18n call a literal starting at `start` is an id argument of.
fn id_call(src: &str, start: usize) -> Option<String> {
    let before = src[..start].trim_end();
    if before.ends_with('(') {
        let name = callee(before)?;
        let first = FIRST_ARG.contains(&last_segment(name))
            || FIRST_ARG_PATHS.iter().any(|p| name.ends_with(p));
        return first.then(|| name.to_string());
    }
    // `f(first, "id")`: walk back over one argument to its `(`.
    let before = before.strip_suffix(',')?;
    let mut depth = 0i32;
    for (i, c) in before.char_indices().rev() {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' if depth > 0 => depth -= 1,
            '(' => {
                let name = callee(&before[..=i])?;
                return SECOND_ARG
                    .contains(&last_segment(name))
                    .then(|| name.to_string());
            }
            '[' | '{' | ';' => return None,
            ',' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

fn source_literals() -> Vec<Literal> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        // This file names ids as examples of what is wrong.
        if path.ends_with("i18n/coverage.rs") {
            continue;
        }
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        for (start, end, value) in literals(&src) {
            out.push(Literal {
                line: src[..start].matches('\n').count() + 1,
                call: id_call(&src, start),
                value,
                file: file.clone(),
                end,
            });
        }
    }
    out
}

fn looks_like_id(s: &str) -> bool {
    s.contains('-')
        && s.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The variables (`$name`) each message of `lang` uses, value and
/// attributes together.
fn variables(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    use fluent_syntax::ast;
    fn in_pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                in_expression(expression, out);
            }
        }
    }
    fn in_inline(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => in_expression(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. }
            | ast::InlineExpression::TermReference {
                arguments: Some(arguments),
                ..
            } => {
                for a in &arguments.positional {
                    in_inline(a, out);
                }
                for a in &arguments.named {
                    in_inline(&a.value, out);
                }
            }
            _ => {}
        }
    }
    fn in_expression(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => in_inline(i, out),
            ast::Expression::Select { selector, variants } => {
                in_inline(selector, out);
                for v in variants {
                    in_pattern(&v.value, out);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (l, _, text) in SOURCES {
        if *l != lang {
            continue;
        }
        let resource = match fluent_syntax::parser::parse(*text) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(v) = &m.value {
                    in_pattern(v, &mut vars);
                }
                for a in &m.attributes {
                    in_pattern(&a.value, &mut vars);
                }
                out.insert(m.id.name.to_string(), vars);
            }
        }
    }
    out
}

/// The arguments given to `Message::new("id")` by the builder calls that
/// follow it (`.text("repo", …)`, `.number("count", …)`).
fn builder_args(src: &str, mut at: usize) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Past the `)` that closes `Message::new("id"`.
    let rest = &src[at..];
    let Some(close) = rest.find(')') else {
        return out;
    };
    at += close + 1;
    loop {
        let rest = src[at..].trim_start();
        let skipped = src.len() - at - rest.len();
        let Some(call) = [".text(", ".number(", ".message(", ".localized("]
            .into_iter()
            .find(|c| rest.starts_with(c))
        else {
            return out;
        };
        let args = &rest[call.len()..];
        let Some(name) = args
            .trim_start()
            .strip_prefix('"')
            .and_then(|a| a.split('"').next())
        else {
            return out;
        };
        out.insert(name.to_string());
        // Skip to the `)` that closes this call.
        let mut depth = 0i32;
        let mut end = None;
        let mut in_str = false;
        let mut prev = ' ';
        for (i, c) in args.char_indices() {
            match c {
                '"' if prev != '\\' => in_str = !in_str,
                '(' if !in_str => depth += 1,
                ')' if !in_str && depth == 0 => {
                    end = Some(i);
                    break;
                }
                ')' if !in_str => depth -= 1,
                _ => {}
            }
            prev = c;
        }
        let Some(end) = end else {
            return out;
        };
        at += skipped + call.len() + end + 1;
    }
}

#[test]
fn every_id_the_code_names_exists_and_every_id_is_used() {
    let es = I18n::message_ids(Lang::Es);
    let en = I18n::message_ids(Lang::En);
    let families: BTreeSet<&str> = es
        .iter()
        .chain(&en)
        .filter_map(|id| id.split('-').next())
        .collect();
    let literals = source_literals();
    let mut missing = Vec::new();
    let mut used = BTreeSet::new();
    let mut calls = 0;
    for l in &literals {
        let in_files = es.contains(&l.value) && en.contains(&l.value);
        if in_files {
            used.insert(l.value.clone());
        }
        let family = looks_like_id(&l.value)
            && l.value
                .split('-')
                .next()
                .is_some_and(|f| families.contains(f))
            && !NOT_IDS.contains(&l.value.as_str());
        if l.call.is_some() {
            calls += 1;
        }
        if (l.call.is_some() || family) && !in_files {
            missing.push(format!(
                "{}:{}: \"{}\" ({})",
                l.file,
                l.line,
                l.value,
                l.call.as_deref().unwrap_or("an id of a known family")
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "ids the code names that are not in every locale:\n{}",
        missing.join("\n")
    );
    let code: BTreeSet<&str> = literals.iter().map(|l| l.value.as_str()).collect();
    for (prefix, built) in DYNAMIC {
        assert!(
            code.iter().any(|l| l.contains(built)),
            "no code builds `{built}` any more: drop `{prefix}` from DYNAMIC"
        );
    }
    let unused: Vec<&String> = es
        .iter()
        .filter(|id| !used.contains(*id))
        .filter(|id| !DYNAMIC.iter().any(|(p, _)| id.starts_with(p)))
        .filter(|id| !NOT_YET_USED.iter().any(|(n, _)| n == id))
        .collect();
    assert!(
        unused.is_empty(),
        "ids in the Fluent files that no code uses: {unused:?}"
    );
    // The scan finds what it should: the Hub's ids are all used directly.
    assert!(
        calls > 300,
        "only {calls} i18n calls found: the scan is broken"
    );
    assert!(used.iter().filter(|id| id.starts_with("hub-")).count() > 100);
}

#[test]
fn a_message_takes_the_same_arguments_in_every_locale() {
    let es = variables(Lang::Es);
    let en = variables(Lang::En);
    let differ: Vec<String> = es
        .iter()
        .filter_map(|(id, vars)| {
            let other = en.get(id)?;
            (vars != other).then(|| format!("{id}: es {vars:?}, en {other:?}"))
        })
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn each_message_is_given_exactly_the_arguments_its_text_uses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let vars = [variables(Lang::Es), variables(Lang::En)];
    let mut wrong = Vec::new();
    let mut checked = 0;
    for l in source_literals() {
        if !l
            .call
            .as_deref()
            .is_some_and(|c| c.ends_with("Message::new"))
        {
            continue;
        }
        let Ok(src) = std::fs::read_to_string(root.join(&l.file)) else {
            continue;
        };
        let given = builder_args(&src, l.end);
        checked += 1;
        for (lang, v) in Lang::ALL.iter().zip(&vars) {
            let Some(used) = v.get(&l.value) else {
                continue;
            };
            if &given != used {
                wrong.push(format!(
                    "{}:{}: {} ({lang:?}) uses {used:?}, the code gives {given:?}",
                    l.file, l.line, l.value
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked > 100, "only {checked} Message::new found");
}

#[test]
fn the_scan_sees_a_made_up_id() {
    let src = "fn f() { let a = v.t(\"nope\"); let b = i18n.get(lang, \"nope-two\"); let c = Message::new(\"hub-nope\").text(\"x\", y(1)).number(\"n\", 2); h.get(\"header\"); }";
    let found: Vec<(String, Option<String>)> = literals(src)
        .into_iter()
        .map(|(start, _, v)| (v, id_call(src, start)))
        .collect();
    assert_eq!(found[0], ("nope".into(), Some("v.t".into())));
    assert_eq!(found[1], ("nope-two".into(), Some("i18n.get".into())));
    assert_eq!(found[2], ("hub-nope".into(), Some("Message::new".into())));
    assert_eq!(found.last().map(|f| f.1.clone()), Some(None), "{found:?}");
    let at =
        src.find("Message::new(\"hub-nope\"").expect("in src") + "Message::new(\"hub-nope\"".len();
    assert_eq!(
        builder_args(src, at),
        ["n", "x"].into_iter().map(String::from).collect()
    );
}

#[test]
fn the_hub_tables_name_ids_of_every_locale() {
    use crate::hub::report::{kind_id, status_id};
    use crate::hub::{RepoKind, Status};
    let i18n = I18n::load().expect("load");
    let statuses = [
        Status::Complete,
        Status::Late,
        Status::Incomplete,
        Status::CouldNotCheck,
    ];
    let ids = RepoKind::ALL
        .into_iter()
        .map(kind_id)
        .chain(statuses.into_iter().map(status_id));
    for id in ids {
        for lang in Lang::ALL {
            assert!(i18n.has(lang, id), "{id} missing in {lang:?}");
        }
    }
}
