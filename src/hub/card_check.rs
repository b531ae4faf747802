//! A card against the rules of its kind, with no network: what `somosbot
//! check --kind` runs and what the repo check runs on a fetched README.

use super::card::{contains_phrase, normalize, Card};
use super::card_sections::{plural, section_finding, Prepared};
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
    } else if let (None, Some(line)) = (&card.metadata, card.stray_front_matter_line) {
        out.push(Finding::error(
            format!("{k}.metadata.missing"),
            Text::new(
                format!("Hay un bloque de metadatos `---` en la línea {line}, pero el Hub solo lee el que abre el README.md."),
                format!("There is a `---` metadata block on line {line}, but the Hub only reads the one that opens README.md."),
            ),
            Text::new(
                "Mueve ese bloque al principio del README.md, antes del título y de cualquier texto.",
                "Move that block to the top of README.md, before the title and any text.",
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
    let prepared = Prepared::new(card);
    for rule in &r.sections {
        out.push(section_finding(k, r, rule, &prepared));
    }
    check_license(k, card, &mut out);
    if let Some(corpus) = &r.corpus {
        if let Some(features) = super::corpus::card_features(card) {
            out.push(super::corpus::corpus_finding(
                k,
                corpus,
                &features,
                ("dataset_info.features", "dataset_info.features"),
            ));
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
            out.push(Finding::with_severity(
                m.severity,
                id,
                Text::new(
                    format!("Falta en la card: {} (se buscó en encabezados, texto, title, short_description y tags).", m.title.es),
                    format!("Missing from the card: {} (looked in headings, text, title, short_description and tags).", m.title.en),
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
                    "{} de la plantilla: {} «[More Information Needed]», {} <!-- -->, {} «{{{{ }}}}».",
                    if p.total() == 1 { "Queda 1 resto".to_string() } else { format!("Quedan {} restos", p.total()) },
                    p.more_information_needed,
                    if p.html_comments == 1 { "1 comentario".to_string() } else { format!("{} comentarios", p.html_comments) },
                    p.jinja
                ),
                format!(
                    "{} {}: {} \"[More Information Needed]\", {} <!-- -->, {} \"{{{{ }}}}\".",
                    plural(p.total(), "template leftover", "template leftovers"),
                    if p.total() == 1 { "remains" } else { "remain" },
                    p.more_information_needed,
                    plural(p.html_comments, "comment", "comments"),
                    p.jinja
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

/// `license: unknown` or `other` says nothing a reader can rely on unless
/// `license_name` (and ideally `license_link`) names the licence.
fn check_license(k: &str, card: &Card, out: &mut Vec<Finding>) {
    let values = card.meta_strings("license");
    let vague: Vec<&String> = values
        .iter()
        .filter(|v| matches!(v.to_ascii_lowercase().as_str(), "unknown" | "other"))
        .collect();
    if vague.is_empty() || card.has_meta("license_name") {
        return;
    }
    let v = vague
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    out.push(Finding::warning(
        format!("{k}.metadata.license_name"),
        Text::new(
            format!("`license: {v}` no dice qué licencia es, y no hay `license_name`."),
            format!("`license: {v}` does not say which licence it is, and there is no `license_name`."),
        ),
        Text::new(
            "Usa un identificador de licencia (apache-2.0, cc-by-4.0…) o añade `license_name:` y `license_link:`.",
            "Use a licence identifier (apache-2.0, cc-by-4.0…) or add `license_name:` and `license_link:`.",
        ),
    ));
}

fn shown(values: &[String]) -> String {
    let mut s = values.join(", ");
    if s.chars().count() > 120 {
        s = s.chars().take(117).collect::<String>() + "…";
    }
    s
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
