//! The Hub's dataset viewer (datasets-server): a corpus' columns and sample
//! rows when its card declares no `dataset_info`. A separate host, so its
//! own client with the same retries and limits, pointed at
//! `HF_DATASETS_SERVER` (default [`DEFAULT_VIEWER_ENDPOINT`]).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::client::{ClientOptions, HubClient, HubError};
use super::corpus::CorpusColumns;
use super::repo_id::RepoId;

pub use crate::config::DEFAULT_HF_VIEWER_ENDPOINT as DEFAULT_VIEWER_ENDPOINT;

/// A client of the dataset viewer.
#[derive(Debug, Clone)]
pub struct DatasetViewer {
    client: HubClient,
}

/// `GET /first-rows`: the features and up to 100 rows of a split.
#[derive(Debug, Deserialize)]
struct FirstRows {
    #[serde(default)]
    features: Vec<Feature>,
    #[serde(default)]
    rows: Vec<Row>,
}

#[derive(Debug, Deserialize)]
struct Feature {
    name: String,
    #[serde(default, rename = "type")]
    kind: Value,
}

#[derive(Debug, Deserialize)]
struct Row {
    #[serde(default)]
    row: serde_json::Map<String, Value>,
}

/// `GET /splits`: the dataset's configs and splits.
#[derive(Debug, Deserialize)]
struct Splits {
    #[serde(default)]
    splits: Vec<Split>,
}

#[derive(Debug, Deserialize)]
struct Split {
    config: String,
    split: String,
}

impl DatasetViewer {
    /// Built from options whose `endpoint` is the viewer's base URL.
    pub fn new(options: ClientOptions) -> Result<Self, HubError> {
        Ok(Self {
            client: HubClient::new(options)?,
        })
    }

    /// The viewer `HF_DATASETS_SERVER` names (see [`Settings`]), with the
    /// Hub's token and limits; `None` when there is none.
    ///
    /// [`Settings`]: crate::config::Settings
    pub fn from_settings(settings: &crate::config::Settings) -> Result<Option<Self>, HubError> {
        let Some(endpoint) = &settings.hf_viewer_endpoint else {
            return Ok(None);
        };
        let options = ClientOptions {
            endpoint: endpoint.clone(),
            ..ClientOptions::from_settings(settings)
        };
        Self::new(options).map(Some)
    }

    /// The columns of the first split, with the labels of class columns and
    /// the values seen in the sample rows. `Ok(None)` when the viewer lists
    /// no split (the dataset has no viewer).
    pub async fn columns(&self, repo: &RepoId) -> Result<Option<CorpusColumns>, HubError> {
        let id = query_value(&repo.id());
        let splits: Splits = self
            .client
            .get_json(&format!("/splits?dataset={id}"))
            .await?;
        let Some(first) = splits.splits.first() else {
            return Ok(None);
        };
        let path = format!(
            "/first-rows?dataset={id}&config={}&split={}",
            query_value(&first.config),
            query_value(&first.split)
        );
        let rows: FirstRows = self.client.get_json(&path).await?;
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &rows.features {
            let labels: Vec<String> = f
                .kind
                .get("names")
                .and_then(Value::as_array)
                .map(|n| {
                    n.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let is_label = !labels.is_empty();
            values.insert(f.name.clone(), labels.clone());
            for r in &rows.rows {
                let seen = match r.row.get(&f.name) {
                    Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                    Some(Value::Number(n)) if is_label => {
                        match n.as_u64().and_then(|i| labels.get(i as usize)) {
                            Some(l) => l.clone(),
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                let list = values.entry(f.name.clone()).or_default();
                if !list.contains(&seen) {
                    list.push(seen);
                }
            }
        }
        values.retain(|_, v| !v.is_empty());
        Ok(Some(CorpusColumns {
            names: rows.features.into_iter().map(|f| f.name).collect(),
            values,
        }))
    }
}

/// Percent-encodes a query value; `/` stays, as the viewer's own links write it.
fn query_value(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace("%2F", "/")
}
