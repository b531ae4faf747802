//! The instruction corpus' structure (2024 rules): the columns it must have
//! and the values two of them may take, from the card's
//! `dataset_info.features` or, when the card has none, the Hub's viewer.

use std::collections::BTreeMap;

use serde_yaml_ng::Value;

use super::card::{normalize, value_strings, Card};
use super::report::Finding;
use super::rules::CorpusRule;
use crate::i18n::Message;

/// Columns of a corpus, and the values seen or declared for some of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusColumns {
    pub names: Vec<String>,
    /// Declared labels (`class_label.names`) or values seen in sample rows.
    pub values: BTreeMap<String, Vec<String>>,
}

/// The columns `dataset_info.features` declares (every config's, when
/// `dataset_info` is a list); `None` when the card declares none.
pub fn card_features(card: &Card) -> Option<CorpusColumns> {
    let info = card.meta("dataset_info")?;
    let configs: Vec<&Value> = match info {
        Value::Sequence(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = CorpusColumns::default();
    for config in configs {
        let Some(Value::Sequence(features)) = config.get("features") else {
            continue;
        };
        for f in features {
            let Some(name) = f.get("name").and_then(Value::as_str) else {
                continue;
            };
            if !out.names.iter().any(|n| n == name) {
                out.names.push(name.to_string());
            }
            let labels = f
                .get("dtype")
                .and_then(|d| d.get("class_label"))
                .and_then(|c| c.get("names"));
            let labels = match labels {
                Some(Value::Mapping(m)) => m.values().flat_map(value_strings).collect(),
                Some(v) => value_strings(v),
                None => Vec::new(),
            };
            if !labels.is_empty() {
                out.values
                    .entry(name.to_string())
                    .or_default()
                    .extend(labels);
            }
        }
    }
    (!out.names.is_empty()).then_some(out)
}

/// The finding on a corpus' columns; `source` says where they were read.
pub fn corpus_finding(
    k: &str,
    rule: &CorpusRule,
    cols: &CorpusColumns,
    source: Message,
) -> Finding {
    let id = format!("{k}.corpus");
    let find = |wanted: &str| {
        let w = normalize(wanted);
        cols.names.iter().find(|n| normalize(n) == w)
    };
    let missing: Vec<&str> = rule
        .columns
        .iter()
        .filter(|c| find(c).is_none())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Finding::with_severity(
            rule.severity,
            id,
            Message::new("hub-corpus-columns-missing")
                .message("source", source)
                .text("missing", missing.join(", "))
                .text("have", cols.names.join(", ")),
            Message::new("hub-corpus-columns-missing-hint")
                .text("columns", rule.columns.join(", ")),
        );
    }
    for allowed in &rule.allowed_values {
        let Some(name) = find(&allowed.column) else {
            continue;
        };
        let ok: Vec<String> = allowed.values.iter().map(|v| normalize(v)).collect();
        let mut wrong: Vec<&str> = cols
            .values
            .get(name)
            .into_iter()
            .flatten()
            .filter(|v| !ok.contains(&normalize(v)))
            .map(String::as_str)
            .collect();
        wrong.dedup();
        if !wrong.is_empty() {
            let list = allowed.values.join(", ");
            let col = &allowed.column;
            return Finding::with_severity(
                rule.severity,
                id,
                Message::new("hub-corpus-values")
                    .text("column", col)
                    .message("source", source)
                    .text("wrong", wrong.join(", "))
                    .text("allowed", &list),
                Message::new("hub-corpus-values-hint")
                    .text("column", col)
                    .text("allowed", list),
            );
        }
    }
    Finding::ok(
        id,
        Message::new("hub-corpus-ok")
            .number("count", rule.columns.len())
            .message("source", source),
    )
}

/// The corpus finding from the dataset viewer, for a dataset card that
/// declares no `dataset_info` (none when there is no viewer client or rule).
pub async fn viewer_finding(
    repo: &super::repo_id::RepoId,
    card: &Card,
    ctx: &super::check::CheckContext,
    client: &super::client::HubClient,
) -> Option<Finding> {
    let k = repo.kind.as_str();
    let rule = ctx.rules.for_kind(repo.kind).corpus.as_ref()?;
    if card_features(card).is_some() {
        return None;
    }
    let viewer = ctx.viewer.as_ref().or(client.viewer())?;
    let source = Message::new("hub-corpus-source-viewer");
    match viewer.columns(repo).await {
        Ok(Some(cols)) if !cols.names.is_empty() => Some(corpus_finding(k, rule, &cols, source)),
        Ok(_) => Some(Finding::with_severity(
            rule.severity,
            format!("{k}.corpus"),
            Message::new("hub-corpus-no-split"),
            Message::new("hub-corpus-no-split-hint"),
        )),
        Err(e) => Some(Finding::warning(
            format!("{k}.corpus"),
            Message::new("hub-corpus-viewer-unavailable").message("reason", e.text()),
            Message::new("hub-corpus-viewer-unavailable-hint"),
        )),
    }
}
