//! Finding a required section the way a judge does: by heading first (the
//! best match, not the longest text), then the text under the title, then
//! any paragraph that clearly covers the requirement.

use std::cell::OnceCell;

use super::card::{contains_phrase, normalize, Card, Placeholders};
use super::report::{Finding, Text};
use super::rules::{KindRules, SectionRule};

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
    let card = prep.card;
    let id = format!("{k}.section.{}", rule.id);
    let (es, en) = (&rule.title.es, &rule.title.en);
    if let Some(key) = rule.or_metadata.as_deref().filter(|key| card.has_meta(key)) {
        return Finding::ok(
            id,
            Text::new(
                format!("{es}: indicado en el metadato `{key}`"),
                format!("{en}: stated in the `{key}` metadata"),
            ),
        );
    }
    let aliases = normalized(&rule.aliases);
    let keywords = if rule.keywords.is_empty() {
        aliases.clone()
    } else {
        normalized(&rule.keywords)
    };
    let mention = normalized(&rule.must_mention);
    let min = r.min_words_for(rule);
    let mut candidates: Vec<Candidate> = Vec::new();
    for (i, s) in card.sections.iter().enumerate() {
        let score = heading_score(&prep.headings[i], &aliases);
        if score == 0 {
            continue;
        }
        candidates.push(Candidate {
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
        candidates.push(Candidate {
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
    // A paragraph counts only when no heading meets the rule and the
    // paragraph both names the subject and says enough about it.
    for c in &mut candidates {
        c.status = c.lack(rule, min, &mention, prep);
    }
    if !candidates.iter().any(|c| c.status == Lack::Nothing) {
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
                candidates.push(c);
            }
        }
    }
    // Meaning, not length: a text that meets the rule, then the heading that
    // names it best, then the text most about it; words only break ties.
    let rank = |c: &Candidate| (c.status == Lack::Nothing, c.heading_score);
    let top = candidates.iter().map(rank).max();
    let tied: Vec<&Candidate> = candidates.iter().filter(|c| Some(rank(c)) == top).collect();
    // Relevance only decides between equals: most texts are never normalized.
    let best = if tied.len() > 1 {
        tied.into_iter()
            .max_by_key(|c| (relevance(prep.search(c.src), &keywords), c.words))
    } else {
        tied.into_iter().next()
    };
    let also = rule
        .or_metadata
        .as_deref()
        .map(|key| {
            (
                format!(" (o el metadato `{key}`)"),
                format!(" (or the `{key}` metadata)"),
            )
        })
        .unwrap_or_default();
    let Some(c) = best else {
        let looked: Vec<&str> = rule.aliases.iter().take(6).map(String::as_str).collect();
        let looked = looked.join(", ");
        return Finding::error(
            id,
            Text::new(
                format!(
                    "Falta la sección «{es}»: ningún encabezado coincide (se buscó: {looked}) y ningún párrafo habla de ello."
                ),
                format!(
                    "The \"{en}\" section is missing: no heading matches (looked for: {looked}) and no paragraph covers it."
                ),
            ),
            Text::new(
                format!(
                    "Añade un encabezado como «## {es}»{} y escribe al menos {}.",
                    also.0,
                    words_es(min)
                ),
                format!(
                    "Add a heading such as \"## {en}\"{} and write at least {}.",
                    also.1,
                    words_en(min)
                ),
            ),
        );
    };
    let (where_es, where_en) = place_text(&c.place);
    let (found_es, found_en) = found(c);
    let (at_es, at_en) = (capitalized(&where_es), capitalized(&where_en));
    match c.status {
        Lack::Nothing => Finding::ok(
            id,
            Text::new(
                format!("{es}: {where_es} ({found_es})"),
                format!("{en}: {where_en} ({found_en})"),
            ),
        ),
        Lack::Bias => {
            let words: Vec<&str> = rule
                .must_mention
                .iter()
                .take(4)
                .map(String::as_str)
                .collect();
            let words = words.join(", ");
            Finding::error(
                id,
                Text::new(
                    format!("{at_es} ({found_es}) no menciona ninguna de: {words}."),
                    format!("{at_en} ({found_en}) mentions none of: {words}."),
                ),
                Text::new(
                    format!("Explica en «{es}» qué sesgos puede tener y cómo los evaluaste o mitigaste; hablar solo de limitaciones no basta."),
                    format!("Say in \"{en}\" which biases it may have and how you evaluated or mitigated them; limitations alone are not enough."),
                ),
            )
        }
        Lack::Words => {
            let left = c.placeholders.more_information_needed + c.placeholders.jinja;
            let (pes, pen) = if left > 0 {
                (
                    format!(
                        " y {left} {}",
                        if left == 1 {
                            "marcador de plantilla sin rellenar"
                        } else {
                            "marcadores de plantilla sin rellenar"
                        }
                    ),
                    format!(
                        " and {left} {}",
                        if left == 1 {
                            "unfilled template placeholder"
                        } else {
                            "unfilled template placeholders"
                        }
                    ),
                )
            } else {
                Default::default()
            };
            let hint = if left > 0 {
                Text::new(
                    format!("Sustituye los marcadores de «{es}» por tu propio texto."),
                    format!("Replace the placeholders in \"{en}\" with your own text."),
                )
            } else if c.code_blocks > 0 || c.table_rows > 0 {
                Text::new(
                    format!(
                        "Una tabla o un bloque de código no basta aquí: explica «{es}» con palabras (al menos {}).",
                        words_es(min)
                    ),
                    format!(
                        "A table or a code block is not enough here: explain \"{en}\" in words (at least {}).",
                        words_en(min)
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "Desarrolla «{es}»: faltan al menos {}.",
                        words_es(min - c.words)
                    ),
                    format!(
                        "Say more in \"{en}\": at least {} more.",
                        words_en(min - c.words)
                    ),
                )
            };
            Finding::error(
                id,
                Text::new(
                    format!(
                        "{at_es} tiene {}{pes} (mínimo {min}).",
                        real_words_es(c.words)
                    ),
                    format!(
                        "{at_en} has {}{pen} (at least {min} needed).",
                        real_words_en(c.words)
                    ),
                ),
                hint,
            )
        }
        Lack::Number => Finding::error(
            id,
            Text::new(
                format!("{at_es} ({found_es}) no da ninguna cifra."),
                format!("{at_en} ({found_en}) states no figure."),
            ),
            Text::new(
                format!("Indica el valor medido en «{es}»{}.", also.0),
                format!("State the measured value in \"{en}\"{}.", also.1),
            ),
        ),
    }
}

/// Where the text is, as a sentence's subject.
fn place_text(place: &Place) -> (String, String) {
    match place {
        Place::Heading(h) => (format!("la sección «{h}»"), format!("the \"{h}\" section")),
        Place::Intro => (
            "el texto bajo el título".to_string(),
            "the text under the title".to_string(),
        ),
        Place::Paragraph(Some(h)) => (
            format!("un párrafo bajo «{h}»"),
            format!("a paragraph under \"{h}\""),
        ),
        Place::Paragraph(None) => (
            "un párrafo al principio de la card".to_string(),
            "a paragraph at the top of the card".to_string(),
        ),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// What the text holds: words, tables, code blocks.
fn found(c: &Candidate) -> (String, String) {
    let mut es = vec![words_es(c.words)];
    let mut en = vec![words_en(c.words)];
    let tables = usize::from(c.table_rows > 0);
    if tables > 0 {
        es.push(format!("una tabla de {} filas", c.table_rows));
        en.push(format!("a table of {} rows", c.table_rows));
    }
    if c.code_blocks > 0 {
        es.push(plural(
            c.code_blocks,
            "bloque de código",
            "bloques de código",
        ));
        en.push(plural(c.code_blocks, "code block", "code blocks"));
    }
    (es.join(", "), en.join(", "))
}

/// `1 word`, `2 words`: a count and its noun in the right number.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn words_es(n: usize) -> String {
    plural(n, "palabra", "palabras")
}

fn words_en(n: usize) -> String {
    plural(n, "word", "words")
}

fn real_words_es(n: usize) -> String {
    plural(n, "palabra real", "palabras reales")
}

fn real_words_en(n: usize) -> String {
    plural(n, "real word", "real words")
}
