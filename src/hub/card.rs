//! Cards (README.md): YAML front matter, then markdown sections. Parsing never
//! fails: a card with broken YAML still has sections worth checking, and the
//! YAML problem becomes a finding of its own.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use serde_yaml_ng::Value;

/// A parsed card.
#[derive(Debug, Clone, Default)]
pub struct Card {
    /// The front matter, when present and a YAML mapping.
    pub metadata: Option<serde_yaml_ng::Mapping>,
    /// Why the front matter could not be read, when it could not.
    pub metadata_error: Option<String>,
    /// Every heading, in order, with the text up to the next heading of the
    /// same or a higher level (so a section includes its subsections).
    pub sections: Vec<Section>,
    /// Placeholders anywhere in the file, front matter included.
    pub placeholders: Placeholders,
    /// Real words in the whole body.
    pub words: usize,
    /// Headings and plain text of the body, normalized for searching (see [`normalize`]).
    pub normalized_text: String,
    /// The text before the first heading, or under the title (a level-1
    /// heading that opens the card) up to the next heading: where authors
    /// describe what the repo is, as a judge reads it.
    pub intro: Section,
    /// Every paragraph and list item of the body, with the heading it sits
    /// under: a requirement no heading names can still be covered by one.
    pub paragraphs: Vec<Paragraph>,
    /// 1-based line of a `---` block that looks like metadata but is not at
    /// the top of the file (the Hub ignores it).
    pub stray_front_matter_line: Option<usize>,
}

/// A block of running text (paragraph or list item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The heading it sits under; `None` before the first heading.
    pub under: Option<String>,
    pub text: String,
    pub words: usize,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub level: u8,
    pub text: String,
    pub words: usize,
    pub placeholders: Placeholders,
    /// Fenced or indented code blocks (a JSON example of the structure).
    pub code_blocks: usize,
    /// Table rows, header included.
    pub table_rows: usize,
}

/// Template leftovers, by kind.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Placeholders {
    /// `[More Information Needed]`, the older `[Needs More Information]`,
    /// and their Spanish translations.
    pub more_information_needed: usize,
    /// `<!-- … -->`: template instructions that were never removed.
    pub html_comments: usize,
    /// `{{ … }}`: Jinja the template renderer did not fill.
    pub jinja: usize,
}

impl Placeholders {
    pub fn total(&self) -> usize {
        self.more_information_needed + self.html_comments + self.jinja
    }

    fn count(raw: &str) -> Self {
        Self {
            more_information_needed: count_more_info(raw),
            html_comments: count_pairs(raw, "<!--", "-->"),
            jinja: count_pairs(raw, "{{", "}}"),
        }
    }
}

/// Every bracketed placeholder the Hub's templates have used (the current
/// one, the pre-2022 `[Needs More Information]`) and the SomosNLP Spanish
/// templates' translations.
const MORE_INFO: &[&str] = &[
    "[more information needed]",
    "[needs more information]",
    "[more info needed]",
    "[más información necesaria]",
    "[mas informacion necesaria]",
    "[se necesita más información]",
    "[se necesita mas informacion]",
    "[necesita más información]",
    "[necesita mas informacion]",
];

/// Bracketed placeholders in any case, in English or Spanish. Only the
/// bracketed spans are lowercased: cards are mostly text without brackets.
fn count_more_info(raw: &str) -> usize {
    raw.match_indices('[')
        .filter(|(i, _)| {
            let rest = &raw[*i..];
            let end = rest
                .char_indices()
                .take(40)
                .find(|(_, c)| *c == ']')
                .map(|(j, _)| j + 1);
            end.is_some_and(|e| MORE_INFO.contains(&rest[..e].to_lowercase().as_str()))
        })
        .count()
}

/// Openings that have a closing after them (an unclosed comment counts too:
/// the rest of the file is hidden by it).
fn count_pairs(raw: &str, open: &str, close: &str) -> usize {
    let mut n = 0;
    let mut rest = raw;
    while let Some(i) = rest.find(open) {
        n += 1;
        rest = &rest[i + open.len()..];
        match rest.find(close) {
            Some(j) => rest = &rest[j + close.len()..],
            None if open == "<!--" => break,
            None => {
                n -= 1;
                break;
            }
        }
    }
    n
}

impl Card {
    pub fn parse(text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (front, body) = split_front_matter(text);
        let (metadata, metadata_error) = match front {
            None => (None, None),
            Some(yaml) if yaml.trim().is_empty() => (None, None),
            Some(yaml) => match serde_yaml_ng::from_str::<Value>(yaml) {
                Ok(Value::Mapping(m)) => (Some(m), None),
                Ok(Value::Null) => (None, None),
                Ok(_) => (
                    None,
                    Some("the front matter is not a YAML mapping".to_string()),
                ),
                Err(e) => (None, Some(e.to_string())),
            },
        };
        let stray_front_matter_line = if front.is_none() {
            stray_front_matter(text)
        } else {
            None
        };
        let Parsed {
            sections,
            body_text: plain,
            intro,
            paragraphs,
        } = sections(body);
        let mut searchable: String = sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        searchable.push('\n');
        searchable.push_str(&plain);
        Card {
            metadata,
            metadata_error,
            sections,
            placeholders: Placeholders::count(text),
            words: count_words(&plain),
            normalized_text: normalize(&searchable),
            intro,
            paragraphs,
            stray_front_matter_line,
        }
    }

    /// A metadata value by key.
    pub fn meta(&self, key: &str) -> Option<&Value> {
        self.metadata.as_ref()?.get(key)
    }

    /// A metadata field read as a list of strings: a string is a list of one;
    /// numbers and booleans are written out; nulls and empty strings dropped.
    pub fn meta_strings(&self, key: &str) -> Vec<String> {
        self.meta(key).map(value_strings).unwrap_or_default()
    }

    /// Whether a metadata field is present and not empty.
    pub fn has_meta(&self, key: &str) -> bool {
        self.meta(key).is_some_and(is_filled)
    }
}

/// Whether a YAML value says something: not null, not blank, not empty.
fn is_filled(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Sequence(items) => items.iter().any(is_filled),
        Value::Mapping(m) => m.values().any(is_filled),
        Value::Tagged(t) => is_filled(&t.value),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

/// Strings of a YAML value (a string, a number, or a list of them).
pub fn value_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Sequence(items) => items.iter().flat_map(value_strings).collect(),
        Value::Tagged(t) => value_strings(&t.value),
        _ => Vec::new(),
    }
}

/// `(front matter, body)`, read the way the Hub reads it: huggingface_hub's
/// `REGEX_YAML_BLOCK = ^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))`
/// lets blank lines come before the opening `---`.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let mut lines = rest.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return (None, text),
    }
    let start = lead + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let mut offset = start;
    for line in lines {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return (Some(&text[start..offset]), &text[offset + line.len()..]);
        }
        offset += line.len();
    }
    // Never closed: not front matter, so the body is the whole text.
    (None, text)
}

/// The line of a `---` followed by a `key:` line further down a card that has
/// no front matter: metadata the Hub will not read.
fn stray_front_matter(text: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .position(|w| {
            w[0].trim_end() == "---" && {
                let next = w[1].trim();
                next.split_once(':').is_some_and(|(k, _)| {
                    !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                })
            }
        })
        .map(|i| i + 1)
}

struct Heading {
    level: u8,
    title: String,
    /// Byte range of the whole heading in the body.
    start: usize,
    end: usize,
    /// Where the heading's own plain text ends in the plain-text buffer.
    plain_end: usize,
}

/// What one walk over the body yields.
struct Parsed {
    sections: Vec<Section>,
    /// The whole body's text, headings left out.
    body_text: String,
    intro: Section,
    paragraphs: Vec<Paragraph>,
}

/// Walks the markdown once, collecting headings, paragraphs, code blocks,
/// table rows and a plain-text rendering (code and HTML left out) with the
/// offsets that map between them.
fn sections(body: &str) -> Parsed {
    let mut plain = String::new();
    let mut headings: Vec<Heading> = Vec::new();
    let mut current: Option<(u8, usize, String)> = None;
    let mut in_code_block = false;
    // Byte offset in plain at each heading start.
    let mut heading_plain_starts: Vec<usize> = Vec::new();
    // Byte offsets in body where code blocks and table rows start.
    let mut code_starts: Vec<usize> = Vec::new();
    let mut row_starts: Vec<usize> = Vec::new();
    // Paragraphs: (plain start, paragraphs recorded when it opened) per open block.
    let mut open_blocks: Vec<(usize, usize, bool)> = Vec::new();
    let mut blocks: Vec<(Option<usize>, usize, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading_plain_starts.push(plain.len());
                current = Some((heading_level(level), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, title)) = current.take() {
                    plain.push('\n');
                    headings.push(Heading {
                        level,
                        title: clean_heading(&title),
                        start,
                        end: range.end,
                        plain_end: plain.len(),
                    });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                code_starts.push(range.start);
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::TableHead | Tag::TableRow) => row_starts.push(range.start),
            Event::Start(Tag::Paragraph) => open_blocks.push((plain.len(), blocks.len(), false)),
            Event::Start(Tag::Item) => open_blocks.push((plain.len(), blocks.len(), true)),
            Event::Text(t) | Event::Code(t) => {
                if in_code_block {
                    continue;
                }
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&t);
                }
                plain.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => plain.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some((start, seen, item)) = open_blocks.pop() {
                    // A loose list item already gave its paragraphs.
                    if !item || blocks.len() == seen {
                        blocks.push((headings.len().checked_sub(1), start, plain.len()));
                    }
                }
                plain.push('\n');
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => plain.push('\n'),
            Event::End(TagEnd::TableCell) => plain.push(' '),
            _ => {}
        }
    }
    // Starts are in document order: two binary searches per section.
    let count_in = |starts: &[usize], from: usize, to: usize| {
        starts.partition_point(|&o| o < to) - starts.partition_point(|&o| o < from)
    };
    let mut out = Vec::with_capacity(headings.len());
    for (i, h) in headings.iter().enumerate() {
        let next = headings[i + 1..].iter().position(|n| n.level <= h.level);
        let (raw_end, plain_end) = match next {
            Some(k) => {
                let n = i + 1 + k;
                (headings[n].start, heading_plain_starts[n])
            }
            None => (body.len(), plain.len()),
        };
        let raw = body.get(h.end..raw_end).unwrap_or("");
        // The section's own text and its subsections' text, without the
        // subsection headings: a template's empty headings are not words.
        let mut text = String::new();
        let mut from = h.plain_end;
        for (j, sub) in headings.iter().enumerate().skip(i + 1) {
            if heading_plain_starts[j] >= plain_end {
                break;
            }
            text.push_str(plain.get(from..heading_plain_starts[j]).unwrap_or(""));
            from = sub.plain_end;
        }
        text.push_str(plain.get(from..plain_end).unwrap_or(""));
        let text = text.trim().to_string();
        out.push(Section {
            heading: h.title.clone(),
            level: h.level,
            words: count_words(&text),
            placeholders: Placeholders::count(raw),
            code_blocks: count_in(&code_starts, h.end, raw_end),
            table_rows: count_in(&row_starts, h.end, raw_end),
            text,
        });
    }
    let intro = intro(body, &plain, &headings, &heading_plain_starts, |f, t| {
        (count_in(&code_starts, f, t), count_in(&row_starts, f, t))
    });
    // The whole body's text, headings left out.
    let mut body_text = String::new();
    let mut from = 0;
    for (j, h) in headings.iter().enumerate() {
        body_text.push_str(plain.get(from..heading_plain_starts[j]).unwrap_or(""));
        from = h.plain_end;
    }
    body_text.push_str(plain.get(from..).unwrap_or(""));
    let paragraphs = blocks
        .into_iter()
        .filter_map(|(under, start, end)| {
            let text = plain.get(start..end)?.trim().to_string();
            let words = count_words(&text);
            (words > 0).then(|| Paragraph {
                // The opening title's paragraphs are the card's top, not a section.
                under: under
                    .filter(|&i| !(i == 0 && headings[0].level == 1))
                    .and_then(|i| headings.get(i))
                    .map(|h| h.title.clone()),
                text,
                words,
            })
        })
        .collect();
    Parsed {
        sections: out,
        body_text,
        intro,
        paragraphs,
    }
}

/// The text before the first heading, plus the text under a level-1 title
/// that opens the card, up to the next heading.
fn intro(
    body: &str,
    plain: &str,
    headings: &[Heading],
    plain_starts: &[usize],
    blocks: impl Fn(usize, usize) -> (usize, usize),
) -> Section {
    let (mut text, mut raw_end) = match headings.first() {
        None => (plain.to_string(), body.len()),
        Some(h) => (
            plain.get(..plain_starts[0]).unwrap_or("").to_string(),
            h.start,
        ),
    };
    let mut raw = body.get(..raw_end).unwrap_or("").to_string();
    if let Some(title) = headings.first().filter(|h| h.level == 1) {
        let (end, plain_end) = headings
            .get(1)
            .map_or((body.len(), plain.len()), |n| (n.start, plain_starts[1]));
        text.push_str(plain.get(title.plain_end..plain_end).unwrap_or(""));
        raw.push_str(body.get(title.end..end).unwrap_or(""));
        raw_end = end;
    }
    let (code_blocks, table_rows) = blocks(0, raw_end);
    let text = text.trim().to_string();
    Section {
        heading: String::new(),
        level: 0,
        words: count_words(&text),
        placeholders: Placeholders::count(&raw),
        code_blocks,
        table_rows,
        text,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Heading text without the templates' `[optional]` marker.
fn clean_heading(title: &str) -> String {
    let t = title.trim();
    let lower = t.to_lowercase();
    let t = match lower.rfind("[optional]") {
        Some(i) if i + "[optional]".len() == lower.len() => t.get(..i).unwrap_or(t),
        _ => t,
    };
    t.trim().to_string()
}

/// Real words: tokens with a letter, on lines that hold no placeholder (a
/// template line such as `- **License:** [More Information Needed]` is
/// unfilled, label included), outside `{{ … }}` and `< … >` slots; a URL is
/// not a word.
pub fn count_words(plain: &str) -> usize {
    plain
        .lines()
        .filter(|line| !line.contains('[') || count_more_info(line) == 0)
        .map(|line| {
            let line = strip_between(line, "{{", "}}");
            let line = strip_between(&line, "< ", " >");
            line.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic) && !is_url(w))
                .count()
        })
        .sum()
}

fn is_url(word: &str) -> bool {
    let w = word
        .trim_start_matches(['(', '<', '['])
        .to_ascii_lowercase();
    w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www.")
}

fn strip_between(s: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i + open.len()..].find(close) {
            Some(j) => rest = &rest[i + open.len() + j + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lowercase, accents removed, punctuation turned into spaces, spaces
/// collapsed: `"Sesgos, Riesgos y Limitaciones"` → `"sesgos riesgos y limitaciones"`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space && !unicode_normalization::char::is_combining_mark(c) {
            out.push(' ');
            space = true;
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            // `é` → `e` + U+0301, and the accent is dropped.
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    push(d);
                }
            });
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether `phrase` (normalized) occurs in `text` (normalized) as whole words.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let bytes = text.as_bytes();
    text.match_indices(phrase).any(|(start, _)| {
        let end = start + phrase.len();
        (start == 0 || bytes[start - 1] == b' ') && (end == bytes.len() || bytes[end] == b' ')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "---\nlicense: apache-2.0\nlanguage:\n- es\n- es-MX\ndatasets: somosnlp/x\n---\n\n# Título\n\nIntro text here.\n\n## Descripción\n\nEste corpus reúne noticias en español.\n\n### Fuentes\n\n- **License:** [More Information Needed]\n\n<!-- Rellena esta sección -->\n\n## Evaluación\n\n```python\nprint('code is not words')\n```\n\nAccuracy 0.91 en test.\n";

    #[test]
    fn front_matter_fields_may_be_strings_or_lists() {
        let card = Card::parse(CARD);
        assert_eq!(card.meta_strings("language"), ["es", "es-MX"]);
        assert_eq!(card.meta_strings("datasets"), ["somosnlp/x"]);
        assert!(card.has_meta("license"));
        assert!(!card.has_meta("base_model"));
    }

    #[test]
    fn sections_include_their_subsections_and_count_real_words() {
        let card = Card::parse(CARD);
        let names: Vec<_> = card
            .sections
            .iter()
            .map(|s| (s.heading.as_str(), s.level))
            .collect();
        assert_eq!(
            names,
            [
                ("Título", 1),
                ("Descripción", 2),
                ("Fuentes", 3),
                ("Evaluación", 2)
            ]
        );
        let desc = &card.sections[1];
        assert_eq!(desc.words, 6, "{desc:?}");
        assert_eq!(desc.placeholders.more_information_needed, 1);
        assert_eq!(desc.placeholders.html_comments, 1);
        assert_eq!(card.sections[2].words, 0);
        assert_eq!(card.sections[3].words, 3, "{:?}", card.sections[3]);
        assert_eq!(card.placeholders.total(), 2);
    }

    #[test]
    fn broken_yaml_is_reported_not_fatal() {
        let card = Card::parse("---\nlicense: [unclosed\n---\n# A\n\nword\n");
        assert!(card.metadata_error.is_some());
        assert_eq!(card.sections.len(), 1);
        let card = Card::parse("---\nnever closed\n# A\n");
        assert!(card.metadata.is_none() && card.metadata_error.is_none());
    }

    #[test]
    fn normalizing_drops_accents_case_and_punctuation() {
        assert_eq!(
            normalize("Sesgos, Riesgos y Limitaciones"),
            "sesgos riesgos y limitaciones"
        );
        assert_eq!(normalize("  Evaluación  "), "evaluacion");
        assert!(contains_phrase("impacto medioambiental", "medioambiental"));
        assert!(!contains_phrase("biases", "bias"));
    }

    #[test]
    fn jinja_and_slots_are_placeholders_not_words() {
        let card =
            Card::parse("# Dataset Card for {{ pretty_name }}\n\n< Nombre del corpus >\nok\n");
        assert_eq!(card.placeholders.jinja, 1);
        assert_eq!(card.words, 1);
    }
}
