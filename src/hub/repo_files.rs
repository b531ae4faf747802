//! Rules about what a repo holds rather than what its card says: the
//! model's size (a fine-tune of at most 7B in 2024) and the scripts or
//! notebooks the rules ask teams to upload.

use serde::{Deserialize, Serialize};

use super::client::RepoInfo;
use super::repo_id::RepoKind;
use super::report::Finding;
use super::rules::CardRules;
use crate::i18n::Message;

/// One file of the repo listing (`siblings`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Sibling {
    #[serde(default)]
    pub rfilename: String,
}

/// The model info's `safetensors` block.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Safetensors {
    /// Parameters across every dtype.
    #[serde(default)]
    pub total: Option<u64>,
}

/// Findings on the repo's files and weights, from its info alone.
pub fn repo_file_findings(kind: RepoKind, info: &RepoInfo, rules: &CardRules) -> Vec<Finding> {
    let k = kind.as_str();
    let r = rules.for_kind(kind);
    let mut out = Vec::new();
    if let Some(size) = &r.model_size {
        out.push(size_finding(k, size, info));
    }
    if let (Some(rule), Some(files)) = (&r.scripts, &info.siblings) {
        let found: Vec<&str> = files
            .iter()
            .map(|f| f.rfilename.as_str())
            .filter(|f| {
                let lower = f.to_ascii_lowercase();
                rule.extensions
                    .iter()
                    .any(|e| lower.ends_with(&e.to_ascii_lowercase()))
            })
            .collect();
        let wanted = rule.extensions.join(", ");
        if found.is_empty() {
            out.push(Finding::with_severity(
                rule.severity,
                format!("{k}.scripts"),
                Message::new("hub-scripts-missing")
                    .text("wanted", wanted)
                    .number("files", files.len()),
                Message::new("hub-scripts-missing-hint"),
            ));
        } else {
            let shown: Vec<&str> = found.iter().take(3).copied().collect();
            out.push(Finding::ok(
                format!("{k}.scripts"),
                Message::new("hub-scripts-found")
                    .number("count", found.len())
                    .text("files", shown.join(", ")),
            ));
        }
    }
    out
}

fn size_finding(k: &str, rule: &super::rules::SizeRule, info: &RepoInfo) -> Finding {
    let id = format!("{k}.size");
    let max = billions(rule.max_parameters);
    match info.safetensors.as_ref().and_then(|s| s.total) {
        None => Finding::with_severity(
            rule.unknown_severity,
            id,
            Message::new("hub-size-unknown").text("max", max),
            Message::new("hub-size-unknown-hint"),
        ),
        Some(n) if n > rule.max_parameters => Finding::with_severity(
            rule.severity,
            id,
            Message::new("hub-size-too-large")
                .text("size", billions(n))
                .text("max", &max),
            Message::new("hub-size-too-large-hint").text("max", max),
        ),
        Some(n) => Finding::ok(
            id,
            Message::new("hub-size-ok")
                .text("size", billions(n))
                .text("max", max),
        ),
    }
}

/// `7241732096` → `7.24B`; `124000000` → `124M`.
fn billions(n: u64) -> String {
    if n >= 1_000_000_000 {
        let b = n as f64 / 1e9;
        format!("{}B", trim(format!("{b:.2}")))
    } else {
        format!("{}M", trim(format!("{:.1}", n as f64 / 1e6)))
    }
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::billions;

    #[test]
    fn sizes_read_like_the_hub_shows_them() {
        assert_eq!(billions(7_000_000_000), "7B");
        assert_eq!(billions(7_241_732_096), "7.24B");
        assert_eq!(billions(124_000_000), "124M");
    }
}
