//! Repository ids as the Hub validates them (huggingface_hub `validate_repo_id`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of repository: the Hub keeps models, datasets and Spaces apart,
/// and each has its own API path and URL prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepoKind {
    Model,
    Dataset,
    Space,
}

impl RepoKind {
    pub const ALL: [RepoKind; 3] = [RepoKind::Dataset, RepoKind::Model, RepoKind::Space];

    /// `models`, `datasets` or `spaces`, as in `/api/{plural}/…`.
    pub fn plural(self) -> &'static str {
        match self {
            RepoKind::Model => "models",
            RepoKind::Dataset => "datasets",
            RepoKind::Space => "spaces",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RepoKind::Model => "model",
            RepoKind::Dataset => "dataset",
            RepoKind::Space => "space",
        }
    }

    /// The prefix of web and file URLs: none for models.
    pub fn url_prefix(self) -> &'static str {
        match self {
            RepoKind::Model => "",
            RepoKind::Dataset => "datasets/",
            RepoKind::Space => "spaces/",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "model" | "models" => Some(Self::Model),
            "dataset" | "datasets" => Some(Self::Dataset),
            "space" | "spaces" | "demo" => Some(Self::Space),
            _ => None,
        }
    }
}

impl fmt::Display for RepoKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A valid repo id with its kind. Only [`RepoId::new`] builds one, so a
/// `RepoId` is always safe to put in a URL path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RepoId {
    pub kind: RepoKind,
    pub namespace: String,
    pub name: String,
}

/// Why a repo id is not one the Hub would accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepoIdError {
    #[error("a repo id needs a namespace and a name, as in `somosnlp/my-dataset`")]
    MissingNamespace,
    #[error("a repo id has at most one `/`")]
    TooManySlashes,
    #[error("`{0}` is not a valid user or organization name")]
    BadNamespace(String),
    #[error("`{0}` is not a valid repo name: use letters, digits, `-`, `_`, `.` (1–96), not starting or ending with `-` or `.`, without `--`, `..` or a final `.git`")]
    BadName(String),
}

impl RepoIdError {
    /// What is wrong with the id, as a fragment for people.
    pub fn text(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            RepoIdError::MissingNamespace => Message::new("hub-repo-id-missing-namespace"),
            RepoIdError::TooManySlashes => Message::new("hub-repo-id-too-many-slashes"),
            RepoIdError::BadNamespace(v) => {
                Message::new("hub-repo-id-bad-namespace").text("value", v)
            }
            RepoIdError::BadName(v) => Message::new("hub-repo-id-bad-name").text("value", v),
        }
    }
}

impl RepoId {
    /// Validates both parts by the Hub's rules.
    pub fn new(
        kind: RepoKind,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> Result<Self, RepoIdError> {
        let (namespace, name) = (namespace.into(), name.into());
        if !is_valid_namespace(&namespace) {
            return Err(RepoIdError::BadNamespace(namespace));
        }
        if !is_valid_name(&name) {
            return Err(RepoIdError::BadName(name));
        }
        Ok(Self {
            kind,
            namespace,
            name,
        })
    }

    /// Parses `namespace/name`.
    pub fn parse(kind: RepoKind, id: &str) -> Result<Self, RepoIdError> {
        let mut parts = id.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(ns), Some(name), None) => Self::new(kind, ns, name),
            (Some(_), None, _) => Err(RepoIdError::MissingNamespace),
            _ => Err(RepoIdError::TooManySlashes),
        }
    }

    /// `namespace/name`, as the Hub writes ids.
    pub fn id(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// `/api/{models|datasets|spaces}/{ns}/{name}`.
    pub fn api_path(&self) -> String {
        format!(
            "/api/{}/{}/{}",
            self.kind.plural(),
            self.namespace,
            self.name
        )
    }

    /// `/{prefix}{ns}/{name}/resolve/{rev}/{file}`.
    pub fn resolve_path(&self, rev: &str, file: &str) -> String {
        format!(
            "/{}{}/{}/resolve/{rev}/{file}",
            self.kind.url_prefix(),
            self.namespace,
            self.name
        )
    }

    /// The web page, relative to the endpoint.
    pub fn web_path(&self) -> String {
        format!(
            "/{}{}/{}",
            self.kind.url_prefix(),
            self.namespace,
            self.name
        )
    }

    /// Whether the repo lives under `org` (the Hub compares names without case).
    pub fn is_in(&self, org: &str) -> bool {
        self.namespace.eq_ignore_ascii_case(org)
    }

    /// Same repo, ignoring the case of the id (the Hub redirects wrong case).
    pub fn same_as(&self, other: &RepoId) -> bool {
        self.kind == other.kind && self.id().eq_ignore_ascii_case(&other.id())
    }
}

impl fmt::Display for RepoId {
    /// `datasets/somosnlp/x`, `somosnlp/x` (model), `spaces/somosnlp/x`:
    /// the short form people recognise from URLs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}/{}",
            self.kind.url_prefix(),
            self.namespace,
            self.name
        )
    }
}

fn is_valid_part(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 96
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !s.starts_with(['-', '.'])
        && !s.ends_with(['-', '.'])
        && !s.contains("--")
        && !s.contains("..")
}

/// Whether `s` is a valid user or organization name on the Hub.
pub fn is_valid_namespace(s: &str) -> bool {
    is_valid_part(s)
}

/// Whether `s` is a valid repo name (the part after `/`).
pub fn is_valid_name(s: &str) -> bool {
    is_valid_part(s) && !s.ends_with(".git")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_ids_are_accepted() {
        for id in ["somosnlp/NoticIA-7B", "a/b", "org_1/name.v2", "x/y_z"] {
            assert!(RepoId::parse(RepoKind::Model, id).is_ok(), "{id}");
        }
    }

    #[test]
    fn bad_ids_are_refused() {
        let long = format!("org/{}", "a".repeat(97));
        for id in [
            "noslash",
            "a/b/c",
            "-a/b",
            "a/b-",
            "a/.b",
            "a/b--c",
            "a/b..c",
            "a/b.git",
            "a/b c",
            "a/",
            "/b",
            "a/ñ",
            long.as_str(),
        ] {
            assert!(RepoId::parse(RepoKind::Model, id).is_err(), "{id}");
        }
        assert!(RepoId::parse(RepoKind::Model, &format!("org/{}", "a".repeat(96))).is_ok());
    }

    #[test]
    fn paths_carry_the_kind() {
        let d = RepoId::parse(RepoKind::Dataset, "somosnlp/x-it").unwrap();
        assert_eq!(d.api_path(), "/api/datasets/somosnlp/x-it");
        assert_eq!(
            d.resolve_path("main", "README.md"),
            "/datasets/somosnlp/x-it/resolve/main/README.md"
        );
        assert_eq!(d.to_string(), "datasets/somosnlp/x-it");
        let m = RepoId::parse(RepoKind::Model, "somosnlp/m").unwrap();
        assert_eq!(
            m.resolve_path("main", "README.md"),
            "/somosnlp/m/resolve/main/README.md"
        );
        assert!(m.is_in("SomosNLP"));
    }
}
