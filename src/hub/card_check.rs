//! A card against the rules of its kind, with no network: what `somosbot
//! check --kind` runs and what the repo check runs on a fetched README.

use super::card::{contains_phrase, normalize, Card};
use super::repo_id::RepoKind;
use super::report::{Finding, RepoReport, Text};
use super::rules::{CardRules, KindRules};

/// Checks a parsed card against the rules of its kind. Every rule yields a
/// finding, passed or not, so a checklist can show them all.
pub fn check_card(kind: RepoKind, card: &Card, rules: &CardRules) -> Vec<Finding> {
    let k = kind.as_str();
    let r = rules.for_kind(kind);
    let mut out = Vec::new();
    if let Some(err) = &card.metadata_error {
        out.push(Finding::error(
            format!("{k}.metadata.yaml"),
            Text::new(
                format!("Los metadatos YAML de la card no se pueden leer: {err}"),
                format!("The card's YAML metadata cannot be read: {err}"),
            ),
            Text::new(
                "Revisa el bloque entre las líneas `---` al principio del README.md (sangría, comillas, dos puntos).",
                "Fix the block between the `---` lines at the top of README.md (indentation, quotes, colons).",
            ),
        ));
    } else if card.metadata.is_none() && !r.required_metadata.is_empty() {
        out.push(Finding::error(
            format!("{k}.metadata.missing"),
            Text::new(
                "La card no tiene metadatos YAML.",
                "The card has no YAML metadata.",
            ),
            Text::new(
                "Añade al principio del README.md un bloque entre líneas `---` con license, language, etc.",
                "Add a block between `---` lines at the top of README.md with license, language, etc.",
            ),
        ));
    }
    for key in &r.required_metadata {
        if card.has_meta(key) {
            if key == "language" && !r.languages.is_empty() {
                // The language check below says whether the value is accepted.
                continue;
            }
            out.push(Finding::ok(
                format!("{k}.metadata.{key}"),
                Text::new(
                    format!("Metadato `{key}`: {}", shown(&card.meta_strings(key))),
                    format!("Metadata `{key}`: {}", shown(&card.meta_strings(key))),
                ),
            ));
        } else {
            out.push(Finding::error(
                format!("{k}.metadata.{key}"),
                Text::new(
                    format!("Falta el metadato `{key}`."),
                    format!("The `{key}` metadata field is missing."),
                ),
                Text::new(
                    format!("Añade `{key}: …` en el bloque YAML del README.md."),
                    format!("Add `{key}: …` to the YAML block of README.md."),
                ),
            ));
        }
    }
    if !r.languages.is_empty() {
        check_languages(k, r, card, &mut out);
    }
    let headings: Vec<String> = card
        .sections
        .iter()
        .map(|s| normalize(&s.heading))
        .collect();
    for rule in &r.sections {
        let id = format!("{k}.section.{}", rule.id);
        let (es, en) = (&rule.title.es, &rule.title.en);
        if let Some(key) = rule.or_metadata.as_deref().filter(|key| card.has_meta(key)) {
            out.push(Finding::ok(
                id,
                Text::new(
                    format!("{es}: indicado en el metadato `{key}`"),
                    format!("{en}: stated in the `{key}` metadata"),
                ),
            ));
            continue;
        }
        let aliases: Vec<String> = rule.aliases.iter().map(|a| normalize(a)).collect();
        let matching: Vec<_> = card
            .sections
            .iter()
            .zip(&headings)
            .filter(|(_, h)| aliases.iter().any(|a| contains_phrase(h, a)))
            .map(|(s, _)| s)
            .collect();
        let min = r.min_words_for(rule);
        let best = matching.iter().max_by_key(|s| s.words);
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
        match best {
            None => out.push(Finding::error(
                id,
                Text::new(
                    format!("Falta la sección «{es}»."),
                    format!("The \"{en}\" section is missing."),
                ),
                Text::new(
                    format!(
                        "Añade un encabezado como «## {es}»{} y escribe al menos {min} palabras.",
                        also.0
                    ),
                    format!(
                        "Add a heading such as \"## {en}\"{} and write at least {min} words.",
                        also.1
                    ),
                ),
            )),
            Some(s) if s.words < min => {
                let left = s.placeholders.more_information_needed + s.placeholders.jinja;
                let (pes, pen) = if left > 0 {
                    (
                        format!(" y {left} marcadores de plantilla sin rellenar"),
                        format!(" and {left} unfilled template placeholders"),
                    )
                } else {
                    Default::default()
                };
                out.push(Finding::error(
                    id,
                    Text::new(
                        format!(
                            "La sección «{}» tiene {} palabras reales{pes} (mínimo {min}).",
                            s.heading, s.words
                        ),
                        format!(
                            "The \"{}\" section has {} real words{pen} (at least {min} needed).",
                            s.heading, s.words
                        ),
                    ),
                    if left > 0 {
                        Text::new(
                            format!("Sustituye los marcadores de «{es}» por tu propio texto."),
                            format!("Replace the placeholders in \"{en}\" with your own text."),
                        )
                    } else {
                        Text::new(
                            format!(
                                "Desarrolla «{es}»: faltan al menos {} palabras.",
                                min - s.words
                            ),
                            format!(
                                "Say more in \"{en}\": at least {} more words.",
                                min - s.words
                            ),
                        )
                    },
                ));
            }
            Some(s) if rule.needs_number && !matching.iter().any(|m| has_digit(&m.text)) => out
                .push(Finding::error(
                    id,
                    Text::new(
                        format!("La sección «{}» no da ninguna cifra.", s.heading),
                        format!("The \"{}\" section states no figure.", s.heading),
                    ),
                    Text::new(
                        format!("Indica el valor medido en «{es}»{}.", also.0),
                        format!("State the measured value in \"{en}\"{}.", also.1),
                    ),
                )),
            Some(s) => out.push(Finding::ok(
                id,
                Text::new(
                    format!("{es}: «{}» ({} palabras)", s.heading, s.words),
                    format!("{en}: \"{}\" ({} words)", s.heading, s.words),
                ),
            )),
        }
    }
    for m in &r.mentions {
        let id = format!("{k}.mention.{}", m.id);
        let words = m
            .any_of
            .iter()
            .take(4)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let mut haystack = card.normalized_text.clone();
        for key in ["tags", "short_description", "title"] {
            for v in card.meta_strings(key) {
                haystack.push(' ');
                haystack.push_str(&normalize(&v));
            }
        }
        if m.any_of
            .iter()
            .any(|a| contains_phrase(&haystack, &normalize(a)))
        {
            out.push(Finding::ok(
                id,
                Text::new(
                    format!("{}: mencionado", m.title.es),
                    format!("{}: mentioned", m.title.en),
                ),
            ));
        } else {
            out.push(Finding::error(
                id,
                Text::new(
                    format!("Falta en la card: {}.", m.title.es),
                    format!("Missing from the card: {}.", m.title.en),
                ),
                Text::new(
                    format!("Dilo en el README.md con alguna de estas palabras: {words}."),
                    format!("Say it in README.md with one of these words: {words}."),
                ),
            ));
        }
    }
    let p = card.placeholders;
    if p.total() > 0 {
        out.push(Finding::warning(
            format!("{k}.placeholders"),
            Text::new(
                format!(
                    "Quedan {} restos de la plantilla: {} «[More Information Needed]», {} comentarios <!-- -->, {} «{{{{ }}}}».",
                    p.total(), p.more_information_needed, p.html_comments, p.jinja
                ),
                format!(
                    "{} template leftovers remain: {} \"[More Information Needed]\", {} <!-- --> comments, {} \"{{{{ }}}}\".",
                    p.total(), p.more_information_needed, p.html_comments, p.jinja
                ),
            ),
            Text::new(
                "Sustituye cada marcador por información real o borra la línea; borra también los comentarios de instrucciones.",
                "Replace each placeholder with real information or delete the line; delete the instruction comments too.",
            ),
        ));
    }
    out
}

fn check_languages(k: &str, r: &KindRules, card: &Card, out: &mut Vec<Finding>) {
    let values = card.meta_strings("language");
    let wanted = r.languages.join(", ");
    if values.is_empty() {
        if !r.required_metadata.iter().any(|m| m == "language") {
            out.push(Finding::error(
                format!("{k}.language"),
                Text::new(
                    "Falta el metadato `language`.",
                    "The `language` metadata field is missing.",
                ),
                Text::new(
                    format!("Añade `language:` con uno de: {wanted}."),
                    format!("Add `language:` with one of: {wanted}."),
                ),
            ));
        }
    } else if values.iter().any(|v| r.accepts_language(v)) {
        out.push(Finding::ok(
            format!("{k}.language"),
            Text::new(
                format!("Idioma aceptado: {}", shown(&values)),
                format!("Accepted language: {}", shown(&values)),
            ),
        ));
    } else {
        out.push(Finding::error(
            format!("{k}.language"),
            Text::new(
                format!("`language` ({}) no incluye ninguno de: {wanted}.", shown(&values)),
                format!("`language` ({}) includes none of: {wanted}.", shown(&values)),
            ),
            Text::new(
                format!("Usa códigos ISO: {wanted}; las variedades regionales (es-MX, es-AR…) también valen."),
                format!("Use ISO codes: {wanted}; regional varieties (es-MX, es-AR…) count too."),
            ),
        ));
    }
}

fn shown(values: &[String]) -> String {
    let mut s = values.join(", ");
    if s.chars().count() > 120 {
        s = s.chars().take(117).collect::<String>() + "…";
    }
    s
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// Checks a local card file, with no network.
pub fn check_local_card(target: &str, kind: RepoKind, text: &str, rules: &CardRules) -> RepoReport {
    let card = Card::parse(text);
    RepoReport::new(
        target,
        Some(kind),
        None,
        None,
        check_card(kind, &card, rules),
        false,
    )
}
