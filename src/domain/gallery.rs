//! The public project gallery: every team's current submission with only
//! what may be shown to anyone — the team's name and goal, the names of the
//! members who agreed to be listed (`/profile public`), the links, the
//! check's verdict and the likes. No Discord id leaves this module.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::hub::{RepoKind, Report, Severity};
use crate::store::{Store, StoreError, SubmissionStatus};

/// Bumped by every change of what the gallery shows that this process
/// makes (a check stored, a profile listed or not), so a cached gallery
/// model is rebuilt at once; changes by other processes wait for the
/// cache's short lifetime.
static VERSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Says the gallery changed (see [`version`]).
pub fn touch() {
    VERSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// The number of gallery changes this process made.
pub fn version() -> u64 {
    VERSION.load(std::sync::atomic::Ordering::Relaxed)
}

/// The check's verdict as a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Badge {
    Complete,
    /// Complete, but changed after the deadline without an exception.
    Late,
    Incomplete,
    Checking,
    Unchecked,
}

impl Badge {
    fn of(s: SubmissionStatus) -> Self {
        match s {
            SubmissionStatus::Complete => Badge::Complete,
            SubmissionStatus::Late => Badge::Late,
            SubmissionStatus::Incomplete => Badge::Incomplete,
            SubmissionStatus::Checking => Badge::Checking,
            SubmissionStatus::Unchecked => Badge::Unchecked,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Badge::Complete => "complete",
            Badge::Late => "late",
            Badge::Incomplete => "incomplete",
            Badge::Checking => "checking",
            Badge::Unchecked => "unchecked",
        }
    }
}

/// One project as the public sees it.
#[derive(Debug, Clone)]
pub struct Project {
    /// `{team id}-{name in lowercase ascii}`: stable while the team exists;
    /// the id part alone decides which project it is.
    pub slug: String,
    pub team: String,
    pub topic: String,
    pub ods: Option<u8>,
    /// Display names of the members who opted in, in joining order.
    pub members: Vec<String>,
    pub dataset: String,
    pub model: Option<String>,
    pub demo: Option<String>,
    pub badge: Badge,
    /// Likes of its repos in the latest leaderboard snapshots.
    pub likes: u64,
    /// Language codes its cards declare (`es`, `es-MX`…), as checked.
    pub languages: Vec<String>,
    pub submitted_at: DateTime<Utc>,
    pub checked_at: Option<DateTime<Utc>>,
    pub report: Option<Report>,
}

/// What a visitor asked the gallery for. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub ods: Option<u8>,
    pub badge: Option<Badge>,
    /// A language code; `es` also matches every `es-*` variety.
    pub language: Option<String>,
    /// Words that must all appear in the team, topic, members or links.
    pub search: String,
}

impl Filter {
    pub fn matches(&self, p: &Project) -> bool {
        if self.ods.is_some_and(|o| p.ods != Some(o)) {
            return false;
        }
        if self.badge.is_some_and(|b| p.badge != b) {
            return false;
        }
        if let Some(lang) = self.language.as_deref().map(str::to_ascii_lowercase) {
            let prefix = format!("{lang}-");
            if !p.languages.iter().any(|l| {
                let l = l.to_ascii_lowercase();
                l == lang || l.starts_with(&prefix)
            }) {
                return false;
            }
        }
        let words: Vec<String> = self
            .search
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .collect();
        if words.is_empty() {
            return true;
        }
        let haystack = [
            p.team.as_str(),
            p.topic.as_str(),
            p.dataset.as_str(),
            p.model.as_deref().unwrap_or_default(),
            p.demo.as_deref().unwrap_or_default(),
        ]
        .into_iter()
        .chain(p.members.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// Every team with a submission, most liked first, then by name.
pub async fn projects(store: &Store, event_id: &str) -> Result<Vec<Project>, StoreError> {
    let teams = store.teams_with_members(event_id).await?;
    let submissions: HashMap<i64, _> = store
        .current_submissions(event_id)
        .await?
        .into_iter()
        .map(|s| (s.team_id, s))
        .collect();
    let listed: HashMap<u64, String> = store
        .listed_profiles(event_id)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p.display_name))
        .collect();
    let likes = likes_by_url(store, event_id).await?;
    let mut out = Vec::with_capacity(submissions.len());
    for t in teams {
        let Some(s) = submissions.get(&t.team.id) else {
            continue;
        };
        let report = s
            .report
            .clone()
            .and_then(|v| serde_json::from_value::<Report>(v).ok());
        let urls = [Some(&s.dataset), s.model.as_ref(), s.demo.as_ref()];
        out.push(Project {
            slug: slug(t.team.id, &t.team.name),
            members: t
                .members
                .iter()
                .filter_map(|m| listed.get(m).cloned())
                .collect(),
            team: t.team.name,
            topic: t.team.topic,
            ods: t.team.ods,
            dataset: s.dataset.clone(),
            model: s.model.clone(),
            demo: s.demo.clone(),
            badge: Badge::of(s.status),
            likes: urls
                .into_iter()
                .flatten()
                .filter_map(|u| likes.get(u.as_str()))
                .sum(),
            languages: report.as_ref().map(languages).unwrap_or_default(),
            submitted_at: s.created_at,
            checked_at: s.checked_at,
            report,
        });
    }
    out.sort_by(|a, b| {
        b.likes
            .cmp(&a.likes)
            .then_with(|| a.team.to_lowercase().cmp(&b.team.to_lowercase()))
    });
    Ok(out)
}

/// The project a slug names (by its id part), if it has a submission.
pub async fn project(
    store: &Store,
    event_id: &str,
    slug_text: &str,
) -> Result<Option<Project>, StoreError> {
    let all = projects(store, event_id).await?;
    Ok(find(&all, slug_text).cloned())
}

/// The project a slug names (by its id part) among `projects`.
pub fn find<'a>(projects: &'a [Project], slug_text: &str) -> Option<&'a Project> {
    let id = slug_text
        .split('-')
        .next()
        .and_then(|s| s.parse::<i64>().ok())?;
    let prefix = format!("{id}-");
    projects
        .iter()
        .find(|p| p.slug.starts_with(&prefix) || p.slug == id.to_string())
}

/// Every language code any project declares, sorted (the filter's options).
pub fn language_options(projects: &[Project]) -> Vec<String> {
    let set: HashSet<&str> = projects
        .iter()
        .flat_map(|p| p.languages.iter().map(String::as_str))
        .collect();
    let mut v: Vec<String> = set.into_iter().map(str::to_string).collect();
    v.sort();
    v
}

/// `12-mi-equipo`: the id, then the name's ascii letters and digits.
pub fn slug(id: i64, name: &str) -> String {
    let mut words = String::new();
    for c in unicode_normalization::UnicodeNormalization::nfkd(name) {
        if c.is_ascii_alphanumeric() {
            words.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !words.ends_with('-') {
            words.push('-');
        }
    }
    let words = words.trim_matches('-');
    if words.is_empty() {
        id.to_string()
    } else {
        format!("{id}-{}", words.chars().take(60).collect::<String>())
    }
}

/// The longest name shown for a listed person.
pub const MAX_PUBLIC_NAME_CHARS: usize = 64;

/// `/profile public`: list this person on the gallery under `display_name`
/// (their Discord display name, cleaned of invisible characters and cut to
/// [`MAX_PUBLIC_NAME_CHARS`]); returns the name as it will be shown. A name
/// with nothing visible falls back to `fallback` (their username).
pub async fn make_public(
    store: &Store,
    event_id: &str,
    user_id: u64,
    display_name: &str,
    fallback: &str,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let clean = |s: &str| -> String {
        crate::text::sanitize(s)
            .trim()
            .chars()
            .take(MAX_PUBLIC_NAME_CHARS)
            .collect()
    };
    let mut name = clean(display_name);
    if name.is_empty() {
        name = clean(fallback);
    }
    store
        .set_profile_listing(event_id, user_id, &name, true, now)
        .await?;
    touch();
    Ok(name)
}

/// `/profile private`: nobody sees this person's name on the gallery.
pub async fn make_private(
    store: &Store,
    event_id: &str,
    user_id: u64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    store
        .set_profile_listing(event_id, user_id, "", false, now)
        .await?;
    touch();
    Ok(())
}

/// Likes per canonical Hub address, from the newest snapshot of each kind.
async fn likes_by_url(store: &Store, event_id: &str) -> Result<HashMap<String, u64>, StoreError> {
    #[derive(serde::Deserialize)]
    struct Liked {
        id: String,
        #[serde(default)]
        likes: u64,
    }
    let mut out = HashMap::new();
    for kind in RepoKind::ALL {
        let Some(snap) = store
            .latest_likes_snapshot(event_id, crate::domain::likes::kind_key(kind))
            .await?
        else {
            continue;
        };
        // A snapshot that no longer parses counts as no likes.
        let ranking: Vec<Liked> = serde_json::from_value(snap.ranking).unwrap_or_default();
        for l in ranking {
            out.insert(
                format!("https://huggingface.co/{}{}", kind.url_prefix(), l.id),
                l.likes,
            );
        }
    }
    Ok(out)
}

/// The language codes the checker accepted on the cards: the `*.language`
/// findings that passed carry the card's values (`Accepted language: es, es-MX`).
fn languages(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in report.repos.iter().flat_map(|r| r.findings.iter()) {
        if f.severity != Severity::Info || !f.id.ends_with(".language") {
            continue;
        }
        let values = match f.message.text_arg("values") {
            Some(values) => values.to_string(),
            // A report stored by an earlier version has only the text:
            // `Accepted language: es, es-MX`.
            None => {
                let text = crate::i18n::I18n::shared().message(crate::i18n::Lang::En, &f.message);
                match text.split_once(':') {
                    Some((_, values)) => values.to_string(),
                    None => continue,
                }
            }
        };
        for v in values.split(',') {
            let v = v.trim().trim_end_matches('…');
            let valid = !v.is_empty()
                && v.len() <= 16
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if valid && !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
                out.push(v.to_string());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_ascii_words_and_the_id() {
        assert_eq!(slug(7, "Ñandú Analítica  2"), "7-nandu-analitica-2");
        assert_eq!(slug(3, "<script>alert(1)</script>"), "3-scriptalert1script");
        assert_eq!(slug(9, "🦙🦙"), "9");
    }

    fn project(languages: &[&str]) -> Project {
        Project {
            slug: "1-a".into(),
            team: "Alpaca Team".into(),
            topic: "traducción".into(),
            ods: Some(4),
            members: vec!["Ana".into()],
            dataset: "https://huggingface.co/datasets/somosnlp/a".into(),
            model: None,
            demo: None,
            badge: Badge::Complete,
            likes: 0,
            languages: languages.iter().map(|s| s.to_string()).collect(),
            submitted_at: Utc::now(),
            checked_at: None,
            report: None,
        }
    }

    #[test]
    fn filters_combine_and_a_language_matches_its_varieties() {
        let p = project(&["es-MX", "qu"]);
        assert!(Filter::default().matches(&p));
        let es = Filter {
            language: Some("es".into()),
            ..Filter::default()
        };
        assert!(es.matches(&p));
        let ar = Filter {
            language: Some("es-AR".into()),
            ..Filter::default()
        };
        assert!(!ar.matches(&p));
        let search = Filter {
            search: "alpaca ANA".into(),
            ..Filter::default()
        };
        assert!(search.matches(&p));
        let wrong = Filter {
            search: "alpaca ana".into(),
            ods: Some(5),
            ..Filter::default()
        };
        assert!(!wrong.matches(&p));
        let badge = Filter {
            badge: Some(Badge::Incomplete),
            ..Filter::default()
        };
        assert!(!badge.matches(&p));
    }
}
