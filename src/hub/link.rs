//! Links people paste → repo ids. A link is only read, never fetched: the
//! client asks the configured endpoint about the id it names.

use std::fmt;

use serde::Serialize;

use super::repo_id::{RepoId, RepoIdError, RepoKind};
use crate::i18n::Message;

/// What a pasted link names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HubLink {
    Repo(RepoId),
    /// `https://{owner}-{name}.hf.space`: lowercased, with `_` and `.` turned
    /// into `-`, so the id cannot be rebuilt; the client finds the Space by
    /// listing the owner's Spaces and matching `subdomain`.
    SpaceSubdomain(SpaceSubdomain),
}

/// The subdomain of a running Space (`somosnlp-noticia-demo`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SpaceSubdomain(String);

impl SpaceSubdomain {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Owners whose Spaces may carry this subdomain: every prefix before a
    /// `-`, longest first (`somos-nlp-x` → `somos-nlp`, `somos`). The caller
    /// tries the event organization first.
    pub fn candidate_owners(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .0
            .match_indices('-')
            .map(|(i, _)| self.0[..i].to_string())
            .filter(|p| !p.is_empty())
            .collect();
        out.reverse();
        out
    }
}

impl fmt::Display for SpaceSubdomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.hf.space", self.0)
    }
}

/// Why a text is not a link to a Hub repository.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("not a link: {0:?}")]
    NotALink(String),
    #[error("`{host}` is not the Hugging Face Hub")]
    NotHub { host: String },
    #[error("`{namespace}` is a user or organization page, not a repository")]
    OrgPage { namespace: String },
    #[error("this is a Hub listing or site page (`{path}`), not a repository")]
    SitePage { path: String },
    #[error("this is a collection, not a repository")]
    Collection,
    #[error("this is a discussion of {repo}, not the repository itself")]
    Discussion { repo: String },
    #[error("this is a commit page of {repo}, not the repository itself")]
    Commit { repo: String },
    #[error("`{0}` is not a valid Space address")]
    BadSubdomain(String),
    #[error(transparent)]
    BadId(#[from] RepoIdError),
}

impl LinkError {
    /// A short, user-facing explanation with what to paste instead.
    pub fn message(&self) -> Message {
        Message::new("hub-link-invalid").message("what", self.reason())
    }

    /// What is wrong with the link, as a fragment.
    pub fn reason(&self) -> Message {
        match self {
            LinkError::NotALink(t) => Message::new("hub-link-not-a-link").text("text", t),
            LinkError::NotHub { host } => Message::new("hub-link-not-hub").text("host", host),
            LinkError::OrgPage { namespace } => {
                Message::new("hub-link-org-page").text("namespace", namespace)
            }
            LinkError::SitePage { path } => Message::new("hub-link-site-page").text("path", path),
            LinkError::Collection => Message::new("hub-link-collection"),
            LinkError::Discussion { repo } => {
                Message::new("hub-link-discussion").text("repo", repo)
            }
            LinkError::Commit { repo } => Message::new("hub-link-commit").text("repo", repo),
            LinkError::BadSubdomain(s) => Message::new("hub-link-bad-subdomain").text("address", s),
            LinkError::BadId(e) => Message::new("hub-link-bad-id").message("reason", e.text()),
        }
    }
}

const HUB_HOSTS: &[&str] = &["huggingface.co", "www.huggingface.co", "hf.co", "www.hf.co"];
const FILE_ROUTES: &[&str] = &["tree", "blob", "resolve", "raw", "blame", "edit"];
/// First path segments that are site pages, never a user or organization.
const SITE_PAGES: &[&str] = &[
    "docs",
    "blog",
    "papers",
    "learn",
    "tasks",
    "pricing",
    "settings",
    "join",
    "login",
    "enterprise",
    "posts",
    "chat",
    "search",
    "notifications",
    "new",
    "new-dataset",
    "new-space",
    "organizations",
    "welcome",
    "terms-of-service",
    "privacy",
    "inference-endpoints",
];

/// Parses anything a participant may paste: with or without scheme,
/// `huggingface.co`, `hf.co`, `www.`, file routes after the id, query and
/// fragment, Discord's `<…>` that hides the preview, and `*.hf.space`.
pub fn parse_link(text: &str) -> Result<HubLink, LinkError> {
    let t = text.trim();
    let t = t
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(t)
        .trim();
    if t.is_empty() || t.chars().any(char::is_whitespace) {
        return Err(LinkError::NotALink(shorten(t)));
    }
    let lower = t.to_ascii_lowercase();
    let with_scheme = if lower.starts_with("https://") || lower.starts_with("http://") {
        t.to_string()
    } else if lower.contains("://") {
        return Err(LinkError::NotALink(shorten(t)));
    } else {
        // Without a scheme it must start with a host name: `hf.co/…`.
        let host = t.split(['/', '?', '#']).next().unwrap_or("");
        if !host.contains('.') {
            return Err(LinkError::NotALink(shorten(t)));
        }
        format!("https://{t}")
    };
    let url = url::Url::parse(&with_scheme).map_err(|_| LinkError::NotALink(shorten(t)))?;
    let host = url
        .host_str()
        .ok_or_else(|| LinkError::NotALink(shorten(t)))?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if let Some(sub) = host.strip_suffix(".hf.space") {
        return space_subdomain(sub).map(HubLink::SpaceSubdomain);
    }
    if !HUB_HOSTS.contains(&host.as_str()) {
        return Err(LinkError::NotHub { host });
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    repo_from_segments(&segments).map(HubLink::Repo)
}

/// `[kind prefix] ns name [route …]` → repo id, or the reason it is not one.
fn repo_from_segments(segments: &[&str]) -> Result<RepoId, LinkError> {
    let mut rest = segments;
    // An API URL pasted from the browser: `/api/datasets/ns/name`.
    if rest.first() == Some(&"api") {
        rest = &rest[1..];
        if rest.first() == Some(&"models") {
            rest = &rest[1..];
        }
    }
    let (kind, rest) = match rest.first().copied() {
        Some("datasets") => (RepoKind::Dataset, &rest[1..]),
        Some("spaces") => (RepoKind::Space, &rest[1..]),
        Some("collections") => return Err(LinkError::Collection),
        Some("models") if rest.len() == 1 => {
            return Err(LinkError::SitePage {
                path: "/models".into(),
            })
        }
        Some(first) if SITE_PAGES.contains(&first) => {
            return Err(LinkError::SitePage {
                path: format!("/{}", rest.join("/")),
            })
        }
        _ => (RepoKind::Model, rest),
    };
    match rest {
        [] => Err(LinkError::SitePage {
            path: format!("/{}", segments.join("/")),
        }),
        [ns] => Err(LinkError::OrgPage {
            namespace: (*ns).to_string(),
        }),
        [ns, name, more @ ..] => {
            let repo = RepoId::new(kind, *ns, *name)?;
            match more.first().copied() {
                None => Ok(repo),
                Some(route) if FILE_ROUTES.contains(&route) => Ok(repo),
                Some("commit") | Some("commits") => Err(LinkError::Commit {
                    repo: repo.to_string(),
                }),
                Some("discussions") | Some("community") => Err(LinkError::Discussion {
                    repo: repo.to_string(),
                }),
                // Other tabs (`viewer`, `settings`…) still name the repo.
                Some(_) => Ok(repo),
            }
        }
    }
}

fn space_subdomain(sub: &str) -> Result<SpaceSubdomain, LinkError> {
    let ok = !sub.is_empty()
        && sub.len() <= 200
        && sub.contains('-')
        && sub
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !sub.starts_with('-')
        && !sub.ends_with('-');
    if ok {
        Ok(SpaceSubdomain(sub.to_string()))
    } else {
        Err(LinkError::BadSubdomain(format!("{sub}.hf.space")))
    }
}

fn shorten(t: &str) -> String {
    t.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn repo(text: &str) -> RepoId {
        match parse_link(text) {
            Ok(HubLink::Repo(r)) => r,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn every_pasted_form_of_a_model_gives_the_same_id() {
        for text in [
            "https://huggingface.co/somosnlp/NoticIA-7B",
            "http://huggingface.co/somosnlp/NoticIA-7B",
            "huggingface.co/somosnlp/NoticIA-7B",
            "www.huggingface.co/somosnlp/NoticIA-7B",
            "https://www.huggingface.co/somosnlp/NoticIA-7B/",
            "https://hf.co/somosnlp/NoticIA-7B",
            "hf.co/somosnlp/NoticIA-7B",
            "HTTPS://HuggingFace.co/somosnlp/NoticIA-7B",
            "https://huggingface.co/somosnlp/NoticIA-7B?library=transformers",
            "https://huggingface.co/somosnlp/NoticIA-7B#model-details",
            "https://huggingface.co/somosnlp/NoticIA-7B/tree/main",
            "https://huggingface.co/somosnlp/NoticIA-7B/blob/main/README.md",
            "https://huggingface.co/somosnlp/NoticIA-7B/resolve/main/config.json?download=true",
            "https://huggingface.co/somosnlp/NoticIA-7B/raw/main/README.md",
            "https://huggingface.co/somosnlp/NoticIA-7B/blame/main/README.md",
            "<https://huggingface.co/somosnlp/NoticIA-7B>",
            "  https://huggingface.co/somosnlp/NoticIA-7B  ",
        ] {
            let r = repo(text);
            assert_eq!(r.kind, RepoKind::Model, "{text}");
            assert_eq!(r.id(), "somosnlp/NoticIA-7B", "{text}");
        }
    }

    #[test]
    fn datasets_and_spaces_keep_their_kind() {
        let d = repo("https://huggingface.co/datasets/somosnlp/NoticIA-it/tree/main/data");
        assert_eq!(
            (d.kind, d.id().as_str()),
            (RepoKind::Dataset, "somosnlp/NoticIA-it")
        );
        let d = repo("hf.co/datasets/somosnlp/NoticIA-it/viewer");
        assert_eq!(d.kind, RepoKind::Dataset);
        let s = repo("https://huggingface.co/spaces/somosnlp/NoticIA-demo?logs=container");
        assert_eq!(
            (s.kind, s.id().as_str()),
            (RepoKind::Space, "somosnlp/NoticIA-demo")
        );
        let a = repo("https://huggingface.co/api/datasets/somosnlp/NoticIA-it");
        assert_eq!(a.kind, RepoKind::Dataset);
    }

    #[test]
    fn space_subdomains_are_typed_not_guessed() {
        match parse_link("https://somosnlp-noticia-demo.hf.space/?__theme=dark") {
            Ok(HubLink::SpaceSubdomain(s)) => {
                assert_eq!(s.as_str(), "somosnlp-noticia-demo");
                assert_eq!(s.candidate_owners(), ["somosnlp-noticia", "somosnlp"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_link("somosnlp-noticia-demo.hf.space"),
            Ok(HubLink::SpaceSubdomain(_))
        ));
        assert!(matches!(
            parse_link("https://nodash.hf.space"),
            Err(LinkError::BadSubdomain(_))
        ));
    }

    #[test]
    fn pages_that_are_not_repositories_are_refused_each_with_its_reason() {
        type Expect = fn(&LinkError) -> bool;
        let cases: &[(&str, Expect)] = &[
            ("https://huggingface.co/somosnlp", |e| {
                matches!(e, LinkError::OrgPage { .. })
            }),
            ("https://huggingface.co/datasets/somosnlp", |e| {
                matches!(e, LinkError::OrgPage { .. })
            }),
            ("https://huggingface.co/spaces/somosnlp", |e| {
                matches!(e, LinkError::OrgPage { .. })
            }),
            (
                "https://huggingface.co/collections/somosnlp/somos600m-65f1",
                |e| matches!(e, LinkError::Collection),
            ),
            (
                "https://huggingface.co/somosnlp/NoticIA-7B/discussions/3",
                |e| matches!(e, LinkError::Discussion { .. }),
            ),
            (
                "https://huggingface.co/datasets/somosnlp/x/discussions",
                |e| matches!(e, LinkError::Discussion { .. }),
            ),
            (
                "https://huggingface.co/somosnlp/NoticIA-7B/commit/0123abcd",
                |e| matches!(e, LinkError::Commit { .. }),
            ),
            (
                "https://huggingface.co/somosnlp/NoticIA-7B/commits/main",
                |e| matches!(e, LinkError::Commit { .. }),
            ),
            (
                "https://github.com/somosnlp/NoticIA",
                |e| matches!(e, LinkError::NotHub { host } if host == "github.com"),
            ),
            ("https://huggingface.co.evil.com/somosnlp/x", |e| {
                matches!(e, LinkError::NotHub { .. })
            }),
            ("https://huggingface.co/docs/hub/index", |e| {
                matches!(e, LinkError::SitePage { .. })
            }),
            ("https://huggingface.co/", |e| {
                matches!(e, LinkError::SitePage { .. })
            }),
            ("https://huggingface.co/models", |e| {
                matches!(e, LinkError::SitePage { .. })
            }),
            ("mi dataset", |e| matches!(e, LinkError::NotALink(_))),
            ("", |e| matches!(e, LinkError::NotALink(_))),
            ("somosnlp/NoticIA-7B", |e| {
                matches!(e, LinkError::NotALink(_))
            }),
            ("ftp://huggingface.co/a/b", |e| {
                matches!(e, LinkError::NotALink(_))
            }),
            ("https://huggingface.co/somosnlp/bad--name", |e| {
                matches!(e, LinkError::BadId(_))
            }),
            ("https://huggingface.co/somosnlp/name.git", |e| {
                matches!(e, LinkError::BadId(_))
            }),
        ];
        let i18n = crate::i18n::I18n::load().expect("locales");
        for (text, ok) in cases {
            match parse_link(text) {
                Err(e) => {
                    assert!(ok(&e), "{text}: {e:?}");
                    let es = i18n.message(Lang::Es, &e.message());
                    let en = i18n.message(Lang::En, &e.message());
                    assert!(
                        es.contains("Pega el enlace") && !es.contains("hub-"),
                        "{es}"
                    );
                    assert!(
                        en.contains("huggingface.co") && !en.contains("hub-"),
                        "{en}"
                    );
                }
                Ok(l) => panic!("{text} accepted as {l:?}"),
            }
        }
    }
}
