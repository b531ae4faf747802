//! Finding a required section the way a judge does: by heading first (the
//! best match, not the longest text), then the text under the title, then
//! any paragraph that clearly covers the requirement.

use std::cell::OnceCell;

use super::card::{contains_phrase, normalize, Card, Placeholders};
use super::report::Finding;
use super::rules::{KindRules, SectionRule};
use crate::i18n::Message;

/// A card's headings normalized once for every rule, and its texts
/// normalized only when some rule looks at them.
pub struct Prepared<'a> {
    card: &'a Card,
    headings: Vec<String>,
    texts: Vec<OnceCell<String>>,
    intro: OnceCell<String>,
    paragraphs: Vec<OnceCell<String>>,
}

impl<'a> Prepared<'a> {
    pub fn new(card: &'a Card) -> Self {
        Self {
            card,
            headings: card
                .sections
                .iter()
                .map(|s| normalize(&s.heading))
                .collect(),
            texts: card.sections.iter().map(|_| OnceCell::new()).collect(),
            intro: OnceCell::new(),
            paragraphs: card.paragraphs.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// Heading and text of section `i`, normalized.
    fn section(&self, i: usize) -> &str {
        self.texts[i].get_or_init(|| {
            format!(
                "{} {}",
                self.headings[i],
                normalize(&self.card.sections[i].text)
            )
        })
    }

    fn intro(&self) -> &str {
        self.intro.get_or_init(|| normalize(&self.card.intro.text))
    }

    fn paragraph(&self, i: usize) -> &str {
        self.paragraphs[i].get_or_init(|| normalize(&self.card.paragraphs[i].text))
    }

    /// Whether a source uses one of `words`: a heading that does ("Sesgos y
    /// limitaciones") spares normalizing its text.
    fn mentions(&self, src: Src, words: &[String]) -> bool {
        let in_heading = match src {
            Src::Section(i) => words.iter().any(|m| contains_phrase(&self.headings[i], m)),
            _ => false,
        };
        in_heading || words.iter().any(|m| contains_phrase(self.search(src), m))
    }

    /// The normalized text of a candidate's source.
    fn search(&self, src: Src) -> &str {
        match src {
            Src::Section(i) => self.section(i),
            Src::Intro => self.intro(),
            Src::Paragraph(i) => self.paragraph(i),
        }
    }
}

/// Which text of the card a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Src {
    Section(usize),
    Intro,
    Paragraph(usize),
}

/// Where a candidate text was found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Heading(String),
    Intro,
    Paragraph(Option<String>),
}

/// A text that may meet a section rule.
struct Candidate<'a> {
    place: Place,
    /// How well the heading names the requirement (3 = exactly, 0 = no heading).
    heading_score: u8,
    words: usize,
    code_blocks: usize,
    table_rows: usize,
    placeholders: Placeholders,
    src: Src,
    text: &'a str,
    /// What it lacks, once computed (see [`Candidate::lack`]).
    status: Lack,
}

/// What a candidate lacks, in the order a judge would notice it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lack {
    Nothing,
    Bias,
    Words,
    Number,
}

impl Candidate<'_> {
    fn lack(&self, rule: &SectionRule, min: usize, mention: &[String], prep: &Prepared) -> Lack {
        let blocks = rule.code_and_tables_count && (self.code_blocks > 0 || self.table_rows > 1);
        if self.words < min && !blocks {
            Lack::Words
        } else if !mention.is_empty() && !prep.mentions(self.src, mention) {
            Lack::Bias
        } else if rule.needs_number && !self.text.chars().any(|c| c.is_ascii_digit()) {
            Lack::Number
        } else {
            Lack::Nothing
        }
    }
}

/// How well a normalized heading names one of the aliases.
fn heading_score(heading: &str, aliases: &[String]) -> u8 {
    aliases
        .iter()
        .filter(|a| contains_phrase(heading, a))
        .map(|a| {
            if heading == a {
                3
            } else if a.split(' ').count() * 2 >= heading.split(' ').count() {
                2
            } else {
                1
            }
        })
        .max()
        .unwrap_or(0)
}

fn relevance(text: &str, keywords: &[String]) -> usize {
    keywords.iter().filter(|k| contains_phrase(text, k)).count()
}

fn normalized(words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| normalize(w))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The finding for one section rule.
pub fn section_finding(k: &str, r: &KindRules, rule: &SectionRule, prep: &Prepared) -> Finding {
    let id = format!("{k}.section.{}", rule.id);
    let in_metadata = rule
        .or_metadata
        .as_deref()
        .filter(|key| prep.card.has_meta(key));
    if let Some(key) = in_metadata {
        return Finding::ok(
            id,
            Message::new("hub-section-in-metadata")
                .localized("title", &rule.title)
                .text("key", key),
        );
    }
    let min = r.min_words_for(rule);
    match best_candidate(rule, min, prep) {
        None => missing_finding(id, rule, min),
        Some(c) => candidate_finding(id, rule, min, &c),
    }
}

/// Every text that may meet the rule, with what each lacks: the sections
/// whose headings name it, the intro when it counts, and, only when none of
/// those meets the rule, paragraphs that name the subject and say enough.
fn candidates<'a>(rule: &SectionRule, min: usize, prep: &Prepared<'a>) -> Vec<Candidate<'a>> {
    let card = prep.card;
    let aliases = normalized(&rule.aliases);
    let mention = normalized(&rule.must_mention);
    let mut out: Vec<Candidate> = Vec::new();
    for (i, s) in card.sections.iter().enumerate() {
        let score = heading_score(&prep.headings[i], &aliases);
        if score == 0 {
            continue;
        }
        out.push(Candidate {
            place: Place::Heading(s.heading.clone()),
            heading_score: score,
            src: Src::Section(i),
            words: s.words,
            code_blocks: s.code_blocks,
            table_rows: s.table_rows,
            placeholders: s.placeholders,
            text: &s.text,
            status: Lack::Nothing,
        });
    }
    let intro = &card.intro;
    if rule.intro_counts && (intro.words > 0 || intro.code_blocks > 0 || intro.table_rows > 0) {
        out.push(Candidate {
            place: Place::Intro,
            heading_score: 2,
            src: Src::Intro,
            words: intro.words,
            code_blocks: intro.code_blocks,
            table_rows: intro.table_rows,
            placeholders: intro.placeholders,
            text: &intro.text,
            status: Lack::Nothing,
        });
    }
    for c in &mut out {
        c.status = c.lack(rule, min, &mention, prep);
    }
    if !out.iter().any(|c| c.status == Lack::Nothing) {
        let keywords = keywords_of(rule, &aliases);
        for (j, p) in card.paragraphs.iter().enumerate() {
            // Too short to meet the rule: not worth normalizing.
            if p.words < min || relevance(prep.paragraph(j), &keywords) == 0 {
                continue;
            }
            let mut c = Candidate {
                place: Place::Paragraph(p.under.clone()),
                heading_score: 0,
                src: Src::Paragraph(j),
                words: p.words,
                code_blocks: 0,
                table_rows: 0,
                placeholders: Placeholders::default(),
                text: &p.text,
                status: Lack::Nothing,
            };
            c.status = c.lack(rule, min, &mention, prep);
            if c.status == Lack::Nothing {
                out.push(c);
            }
        }
    }
    out
}

/// The words that show a text is about the rule: its keywords, else its
/// aliases.
fn keywords_of(rule: &SectionRule, aliases: &[String]) -> Vec<String> {
    if rule.keywords.is_empty() {
        aliases.to_vec()
    } else {
        normalized(&rule.keywords)
    }
}

/// Meaning, not length: a text that meets the rule, then the heading that
/// names it best, then the text most about it; words only break ties.
fn best_candidate<'a>(
    rule: &SectionRule,
    min: usize,
    prep: &Prepared<'a>,
) -> Option<Candidate<'a>> {
    let mut candidates = candidates(rule, min, prep);
    let rank = |c: &Candidate| (c.status == Lack::Nothing, c.heading_score);
    let top = candidates.iter().map(rank).max()?;
    let tied: Vec<usize> = (0..candidates.len())
        .filter(|&i| rank(&candidates[i]) == top)
        .collect();
    // Relevance only decides between equals: most texts are never normalized.
    let best = if tied.len() > 1 {
        let keywords = keywords_of(rule, &normalized(&rule.aliases));
        tied.into_iter().max_by_key(|&i| {
            let c = &candidates[i];
            (relevance(prep.search(c.src), &keywords), c.words)
        })
    } else {
        tied.into_iter().next()
    }?;
    Some(candidates.swap_remove(best))
}

/// The `or_metadata` field named in texts, or `none`.
fn metadata_alternative(rule: &SectionRule) -> &str {
    rule.or_metadata.as_deref().unwrap_or("none")
}

/// No heading, intro or paragraph is about the rule.
fn missing_finding(id: String, rule: &SectionRule, min: usize) -> Finding {
    let looked: Vec<&str> = rule.aliases.iter().take(6).map(String::as_str).collect();
    Finding::error(
        id,
        Message::new("hub-section-missing")
            .localized("title", &rule.title)
            .text("looked", looked.join(", ")),
        Message::new("hub-section-missing-hint")
            .localized("title", &rule.title)
            .text("metadata", metadata_alternative(rule))
            .number("min", min),
    )
}

/// The finding for the best text found: met, or what it lacks.
fn candidate_finding(id: String, rule: &SectionRule, min: usize, c: &Candidate) -> Finding {
    let title = &rule.title;
    match c.status {
        Lack::Nothing => Finding::ok(
            id,
            Message::new("hub-section-found")
                .localized("title", title)
                .message("place", place_text(&c.place, "mid"))
                .message("found", found(c)),
        ),
        Lack::Bias => {
            let words: Vec<&str> = rule
                .must_mention
                .iter()
                .take(4)
                .map(String::as_str)
                .collect();
            Finding::error(
                id,
                Message::new("hub-section-no-mention")
                    .message("place", place_text(&c.place, "start"))
                    .message("found", found(c))
                    .text("words", words.join(", ")),
                Message::new("hub-section-no-mention-hint").localized("title", title),
            )
        }
        Lack::Words => words_finding(id, rule, min, c),
        Lack::Number => Finding::error(
            id,
            Message::new("hub-section-no-number")
                .message("place", place_text(&c.place, "start"))
                .message("found", found(c)),
            Message::new("hub-section-no-number-hint")
                .localized("title", title)
                .text("metadata", metadata_alternative(rule)),
        ),
    }
}

/// A text too short to meet the rule, and how to fix it: fill in the
/// template, explain a table in words, or say more.
fn words_finding(id: String, rule: &SectionRule, min: usize, c: &Candidate) -> Finding {
    let title = &rule.title;
    let left = c.placeholders.more_information_needed + c.placeholders.jinja;
    let hint = if left > 0 {
        Message::new("hub-section-placeholders-hint").localized("title", title)
    } else if c.code_blocks > 0 || c.table_rows > 0 {
        Message::new("hub-section-blocks-hint")
            .localized("title", title)
            .number("min", min)
    } else {
        Message::new("hub-section-more-words-hint")
            .localized("title", title)
            .number("missing", min - c.words)
    };
    Finding::error(
        id,
        Message::new("hub-section-short")
            .message("place", place_text(&c.place, "start"))
            .number("words", c.words)
            .number("placeholders", left)
            .number("min", min),
        hint,
    )
}

/// Where the text is, as a sentence's subject: `at` is `start` (capital
/// letter) or `mid`.
fn place_text(place: &Place, at: &str) -> Message {
    match place {
        Place::Heading(h) => Message::new("hub-place-heading")
            .text("at", at)
            .text("heading", h),
        Place::Intro => Message::new("hub-place-intro").text("at", at),
        Place::Paragraph(Some(h)) => Message::new("hub-place-paragraph")
            .text("at", at)
            .text("heading", h),
        Place::Paragraph(None) => Message::new("hub-place-paragraph-top").text("at", at),
    }
}

/// What the text holds: words, tables, code blocks.
fn found(c: &Candidate) -> Message {
    Message::new("hub-found")
        .number("words", c.words)
        .number("rows", c.table_rows)
        .number("blocks", c.code_blocks)
}
