//! A card against the rules of its kind, with no network: what `somosbot
//! check --kind` runs and what the repo check runs on a fetched README.

use super::card::{contains_phrase, normalize, Card};
use super::card_sections::{section_finding, Prepared};
use super::repo_id::RepoKind;
use super::report::{Finding, RepoReport};
use super::rules::{CardRules, KindRules};
use crate::i18n::Message;

/// Checks a parsed card against the rules of its kind. Every rule yields a
/// finding, passed or not, so a checklist can show them all.
pub fn check_card(kind: RepoKind, card: &Card, rules: &CardRules) -> Vec<Finding> {
    let k = kind.as_str();
    let r = rules.for_kind(kind);
    let mut out = Vec::new();
    check_front_matter(k, r, card, &mut out);
    check_metadata(k, r, card, &mut out);
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
                Message::new("hub-corpus-source-features"),
            ));
        }
    }
    check_mentions(k, r, card, &mut out);
    check_placeholders(k, card, &mut out);
    out
}

/// The YAML block: readable, at the top, present when fields are required.
fn check_front_matter(k: &str, r: &KindRules, card: &Card, out: &mut Vec<Finding>) {
    if let Some(err) = &card.metadata_error {
        out.push(Finding::error(
            format!("{k}.metadata.yaml"),
            Message::new("hub-metadata-yaml").text("error", err),
            Message::new("hub-metadata-yaml-hint"),
        ));
    } else if let (None, Some(line)) = (&card.metadata, card.stray_front_matter_line) {
        out.push(Finding::error(
            format!("{k}.metadata.missing"),
            Message::new("hub-metadata-stray").number("line", line),
            Message::new("hub-metadata-stray-hint"),
        ));
    } else if card.metadata.is_none() && !r.required_metadata.is_empty() {
        out.push(Finding::error(
            format!("{k}.metadata.missing"),
            Message::new("hub-metadata-missing"),
            Message::new("hub-metadata-missing-hint"),
        ));
    }
}

/// Each required front-matter field, present or not.
fn check_metadata(k: &str, r: &KindRules, card: &Card, out: &mut Vec<Finding>) {
    for key in &r.required_metadata {
        if card.has_meta(key) {
            if key == "language" && !r.languages.is_empty() {
                // The language check says whether the value is accepted.
                continue;
            }
            out.push(Finding::ok(
                format!("{k}.metadata.{key}"),
                Message::new("hub-metadata-present")
                    .text("key", key)
                    .text("values", shown(&card.meta_strings(key))),
            ));
        } else {
            out.push(Finding::error(
                format!("{k}.metadata.{key}"),
                Message::new("hub-metadata-field-missing").text("key", key),
                Message::new("hub-metadata-field-missing-hint").text("key", key),
            ));
        }
    }
}

/// What the card must mention somewhere (headings, text, title, tags).
fn check_mentions(k: &str, r: &KindRules, card: &Card, out: &mut Vec<Finding>) {
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
                Message::new("hub-mention-found").localized("title", &m.title),
            ));
        } else {
            out.push(Finding::with_severity(
                m.severity,
                id,
                Message::new("hub-mention-missing").localized("title", &m.title),
                Message::new("hub-mention-missing-hint").text("words", words),
            ));
        }
    }
}

/// Template leftovers: `[More Information Needed]`, comments, `{{ }}`.
fn check_placeholders(k: &str, card: &Card, out: &mut Vec<Finding>) {
    let p = card.placeholders;
    if p.total() > 0 {
        out.push(Finding::warning(
            format!("{k}.placeholders"),
            Message::new("hub-placeholders")
                .number("total", p.total())
                .number("more_information", p.more_information_needed)
                .number("comments", p.html_comments)
                .number("jinja", p.jinja),
            Message::new("hub-placeholders-hint"),
        ));
    }
}

fn check_languages(k: &str, r: &KindRules, card: &Card, out: &mut Vec<Finding>) {
    let values = card.meta_strings("language");
    let wanted = r.languages.join(", ");
    if values.is_empty() {
        if !r.required_metadata.iter().any(|m| m == "language") {
            out.push(Finding::error(
                format!("{k}.language"),
                Message::new("hub-metadata-field-missing").text("key", "language"),
                Message::new("hub-language-missing-hint").text("wanted", wanted),
            ));
        }
    } else if values.iter().any(|v| r.accepts_language(v)) {
        out.push(Finding::ok(
            format!("{k}.language"),
            Message::new("hub-language-accepted").text("values", shown(&values)),
        ));
    } else {
        out.push(Finding::error(
            format!("{k}.language"),
            Message::new("hub-language-refused")
                .text("values", shown(&values))
                .text("wanted", &wanted),
            Message::new("hub-language-refused-hint").text("wanted", wanted),
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
        Message::new("hub-license-vague").text("values", v),
        Message::new("hub-license-vague-hint"),
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
