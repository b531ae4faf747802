//! The Hub's HTTP API, as far as the checker needs it. Only the configured
//! endpoint is ever asked (redirects are followed on its host alone), every
//! request has timeouts, and 429/5xx/timeouts are retried with backoff that
//! honours the Hub's `Retry-After` and `RateLimit` headers.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::i18n::Message;
use chrono::{DateTime, Utc};
use rand::Rng;
use reqwest::header::{HeaderMap, AUTHORIZATION, LOCATION};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use tokio::sync::Semaphore;
use url::Url;

use super::budget::{BudgetSpent, HubBudget, Priority, SpaceCache};
use super::link::SpaceSubdomain;
use super::repo_id::{RepoId, RepoKind};
use crate::config::Settings;
use crate::secret::Secret;

/// README files larger than this are refused: a card is text, and a huge
/// file would only slow the bot down.
pub const README_LIMIT: usize = 1024 * 1024;
/// API answers larger than this are treated as broken.
const JSON_LIMIT: usize = 16 * 1024 * 1024;

/// How hard to try before saying the Hub is unavailable.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts per request when the Hub announces no wait (5xx, network
    /// errors, a 429 without `Retry-After` or `RateLimit`), the first included.
    pub max_attempts: u32,
    /// First backoff; doubled on each retry, plus up to half of it as jitter.
    pub base_delay: Duration,
    /// No single backoff is longer than this.
    pub max_delay: Duration,
    /// The most one request waits in all, for announced resets and backoffs
    /// together. A 429 that announces its reset (`Retry-After`, or `t=` of
    /// `RateLimit`) is waited out exactly and asked again while the total
    /// stays within this; a reset further away gives up at once instead of
    /// holding the person who asked.
    pub max_wait: Duration,
}

/// Retries after announced waits, whatever they add up to: a Hub that keeps
/// announcing `t=0` must not hold a request forever.
const MAX_ANNOUNCED_RETRIES: u32 = 10;

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::interactive()
    }
}

impl RetryPolicy {
    /// Someone is watching the answer (`/submit`, a re-check button,
    /// `somosbot check`): a short wait, then "try again later".
    pub fn interactive() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_wait: Duration::from_secs(15),
        }
    }

    /// Nobody is watching (`/submissions recheck-all`, the commit watch):
    /// waiting out a whole rate-limit window (5 minutes) is cheaper than
    /// stopping the run.
    pub fn batch() -> Self {
        Self {
            max_wait: Duration::from_secs(300),
            ..Self::interactive()
        }
    }

    /// The wait before attempt `attempt + 1`, having waited `waited`
    /// already, or `None` to give up. `hint` is the Hub's announced wait.
    fn delay(&self, attempt: u32, hint: Option<Duration>, waited: Duration) -> Option<Duration> {
        let wait = match hint {
            Some(h) => {
                if attempt >= MAX_ANNOUNCED_RETRIES {
                    return None;
                }
                h
            }
            None => {
                if attempt >= self.max_attempts {
                    return None;
                }
                let exp = self
                    .base_delay
                    .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
                let jitter_ms = (exp.as_millis() as u64 / 2).max(1);
                let jitter = Duration::from_millis(rand::thread_rng().gen_range(0..=jitter_ms));
                (exp + jitter).min(self.max_delay)
            }
        };
        (waited + wait <= self.max_wait).then_some(wait)
    }
}

/// Everything the client needs; [`ClientOptions::from_settings`] fills it
/// from the environment.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Base URL without trailing `/` (`HF_ENDPOINT`).
    pub endpoint: String,
    pub token: Option<Secret>,
    pub connect_timeout: Duration,
    /// Per request, body included.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Hops per request (renamed repos answer 307).
    pub max_redirects: usize,
    pub readme_limit: usize,
    /// Requests in flight at once, across every check sharing the client:
    /// many teams submitting together must not burst through the Hub's
    /// rate limit (500 API calls per 5 minutes, anonymous).
    pub max_in_flight: usize,
}

impl ClientOptions {
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into().trim_end_matches('/').to_string(),
            token: None,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(20),
            retry: RetryPolicy::default(),
            max_redirects: 3,
            readme_limit: README_LIMIT,
            max_in_flight: 8,
        }
    }

    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            token: settings.hf_token.clone(),
            ..Self::new(settings.hf_endpoint.clone())
        }
    }
}

/// Why the Hub could not answer: retry later, nothing is known about the repo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unavailable {
    #[error("the Hub did not answer in time")]
    Timeout,
    #[error("network error: {message}")]
    Network { message: String },
    #[error("rate limited by the Hub{}", retry_after_text(*.retry_after_secs))]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("the Hub answered HTTP {status}")]
    Server { status: u16 },
    #[error("the Hub sent an answer that is not the expected JSON: {message}")]
    InvalidJson { message: String },
    #[error("more than the allowed redirects")]
    TooManyRedirects,
    #[error("the Hub redirected to another host ({host}), which is not followed")]
    RedirectOffHost { host: String },
    #[error("the Hub rejected the configured token (HF_TOKEN)")]
    BadToken,
    #[error("unexpected answer HTTP {status}")]
    Unexpected { status: u16 },
    /// The bot's own Hub budget (not the Hub) has no room now.
    #[error("the bot's Hub budget is spent; try again at {retry_at}")]
    BudgetSpent { retry_at: DateTime<Utc> },
}

impl Unavailable {
    /// [`Unavailable::message`] as a [`Message`].
    pub fn text(&self) -> Message {
        let (key, args) = self.message();
        Message::with_strings(key, args)
    }

    /// The Fluent message that says this to people, and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Unavailable::Timeout => ("hub-unavailable-timeout", vec![]),
            Unavailable::Network { .. } => ("hub-unavailable-network", vec![]),
            Unavailable::RateLimited { retry_after_secs } => (
                "hub-unavailable-rate-limited",
                vec![(
                    "seconds",
                    retry_after_secs.map_or_else(|| "?".to_string(), |s| s.to_string()),
                )],
            ),
            Unavailable::Server { status } => (
                "hub-unavailable-server",
                vec![("status", status.to_string())],
            ),
            Unavailable::InvalidJson { .. } => ("hub-unavailable-invalid", vec![]),
            Unavailable::TooManyRedirects => ("hub-unavailable-redirects", vec![]),
            Unavailable::RedirectOffHost { host } => {
                ("hub-unavailable-off-host", vec![("host", host.clone())])
            }
            Unavailable::BadToken => ("hub-unavailable-bad-token", vec![]),
            Unavailable::Unexpected { status } => (
                "hub-unavailable-unexpected",
                vec![("status", status.to_string())],
            ),
            Unavailable::BudgetSpent { retry_at } => {
                let unix = retry_at.timestamp();
                (
                    "hub-budget-spent",
                    vec![
                        ("when", format!("<t:{unix}:T>")),
                        ("retry", format!("<t:{unix}:R>")),
                    ],
                )
            }
        }
    }

    /// Whether the whole Hub is out of reach (rate limit, outage, network,
    /// the bot's token), as opposed to one repo answering something the
    /// client cannot use (a redirect to another host, a broken answer): a
    /// run over every team pauses for the first and goes on past the second.
    pub fn is_hub_wide(&self) -> bool {
        match self {
            Unavailable::Timeout
            | Unavailable::Network { .. }
            | Unavailable::RateLimited { .. }
            | Unavailable::Server { .. }
            | Unavailable::BadToken
            // The bot's own budget is spent for every team alike.
            | Unavailable::BudgetSpent { .. } => true,
            Unavailable::InvalidJson { .. }
            | Unavailable::TooManyRedirects
            | Unavailable::RedirectOffHost { .. }
            | Unavailable::Unexpected { .. } => false,
        }
    }
}

fn retry_after_text(secs: Option<u64>) -> String {
    secs.map(|s| format!("; retry in {s} s"))
        .unwrap_or_default()
}

/// What a request can end in, besides success.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HubError {
    #[error("not found or private: without a token the Hub answers the same for both")]
    NotFoundOrPrivate,
    #[error("repository not found (or not visible to the configured token)")]
    NotFound,
    #[error("file not found in the repository")]
    EntryNotFound,
    #[error("revision not found")]
    RevisionNotFound,
    #[error("the repository is gated")]
    Gated,
    #[error("the repository is disabled")]
    Disabled,
    #[error("README is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("README is not valid UTF-8")]
    NotUtf8,
    #[error("the Hub is unavailable: {0}")]
    Unavailable(Unavailable),
    #[error("invalid Hub endpoint `{0}`")]
    BadEndpoint(String),
}

impl HubError {
    /// What went wrong, as a fragment to put in a finding.
    pub fn text(&self) -> Message {
        match self {
            HubError::NotFoundOrPrivate => Message::new("hub-error-not-found-or-private"),
            HubError::NotFound => Message::new("hub-error-not-found"),
            HubError::EntryNotFound => Message::new("hub-error-entry-not-found"),
            HubError::RevisionNotFound => Message::new("hub-error-revision-not-found"),
            HubError::Gated => Message::new("hub-error-gated"),
            HubError::Disabled => Message::new("hub-error-disabled"),
            HubError::TooLarge { limit } => {
                Message::new("hub-error-too-large").number("limit", *limit)
            }
            HubError::NotUtf8 => Message::new("hub-error-not-utf8"),
            HubError::Unavailable(u) => u.text(),
            HubError::BadEndpoint(e) => Message::new("hub-error-bad-endpoint").text("endpoint", e),
        }
    }
}

/// Information about a repo (`GET /api/{kind}s/{id}`), the fields the
/// checker uses.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RepoInfo {
    /// The id the Hub reports: after a rename it differs from the one asked.
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub author: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub sha: Option<String>,
    #[serde(default, rename = "lastModified", deserialize_with = "or_default")]
    pub last_modified: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "or_default")]
    pub private: bool,
    /// `None` when not gated, else `"auto"` or `"manual"`.
    #[serde(default, deserialize_with = "gated")]
    pub gated: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub disabled: bool,
    #[serde(default, rename = "cardData", deserialize_with = "or_default")]
    pub card_data: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "or_default")]
    pub runtime: Option<SpaceRuntime>,
    /// Spaces: models named by the README and the code.
    #[serde(default, deserialize_with = "or_default")]
    pub models: Vec<String>,
    /// Spaces: datasets named by the README and the code.
    #[serde(default, deserialize_with = "or_default")]
    pub datasets: Vec<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub subdomain: Option<String>,
    /// The repo's files; `None` when the answer did not list them.
    #[serde(default, deserialize_with = "or_default")]
    pub siblings: Option<Vec<super::repo_files::Sibling>>,
    /// Models: parameter counts of the safetensors weights.
    #[serde(default, deserialize_with = "or_default")]
    pub safetensors: Option<super::repo_files::Safetensors>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SpaceRuntime {
    #[serde(default, deserialize_with = "or_default")]
    pub stage: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub hardware: Option<SpaceHardware>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SpaceHardware {
    #[serde(default, deserialize_with = "or_default")]
    pub current: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub requested: Option<String>,
}

/// A commit from `/commits/{rev}`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub title: String,
    pub date: DateTime<Utc>,
    #[serde(default, deserialize_with = "or_default")]
    pub authors: Vec<CommitAuthor>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct CommitAuthor {
    #[serde(default, deserialize_with = "or_default")]
    pub user: String,
}

/// The newest commits, and how many there are in all (`X-Total-Count`).
#[derive(Debug, Clone, Serialize)]
pub struct Commits {
    pub newest_first: Vec<Commit>,
    pub total: Option<u64>,
}

/// What asking about a repo can end in.
#[derive(Debug, Clone)]
pub enum RepoOutcome {
    Found(Box<RepoInfo>),
    /// Anonymous 401: missing and private cannot be told apart.
    NotFoundOrPrivate,
    /// 404 `RepoNotFound` with a token.
    NotFound,
    Gated(Option<Box<RepoInfo>>),
    Disabled(Option<Box<RepoInfo>>),
    /// Retry later; says nothing about the repo.
    Unavailable(Unavailable),
}

/// Most pages of a listing the client follows.
pub const MAX_LIST_PAGES: usize = 10;

/// A repo in an owner's listing, with its likes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Liked {
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub likes: u64,
}

#[derive(Deserialize)]
struct ListedSpace {
    id: String,
    #[serde(default, deserialize_with = "or_default")]
    subdomain: Option<String>,
}

/// The Hub client. Cheap to clone; clones share connections and the count
/// of requests.
#[derive(Clone)]
pub struct HubClient {
    http: reqwest::Client,
    endpoint: Url,
    endpoint_text: String,
    token: Option<Secret>,
    retry: RetryPolicy,
    max_redirects: usize,
    readme_limit: usize,
    requests: Arc<AtomicUsize>,
    in_flight: Arc<Semaphore>,
    /// The request budget the Hub last announced (`RateLimit` header).
    budget: Arc<std::sync::Mutex<Option<RateBudget>>>,
    /// The process's own budget every request takes a token from (see
    /// `hub::budget`); `None` spends freely (the CLI).
    spending: Option<Arc<HubBudget>>,
    /// Whose requests these are: organizers may use the reserve.
    priority: Priority,
    spaces: Arc<SpaceCache>,
    /// The dataset viewer (`HF_DATASETS_SERVER`), asked for a corpus'
    /// columns when its card declares none; kept with the client so every
    /// check the bot runs can reach it.
    viewer: Option<Arc<super::viewer::DatasetViewer>>,
}

/// What is left of the Hub's rate-limit window, as its last answer said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBudget {
    /// Requests left in the window (`r`).
    pub remaining: u64,
    /// When the window resets (now + `t` at the time of the answer).
    pub resets_at: tokio::time::Instant,
}

impl RateBudget {
    /// Parses `"api";r=499;t=295`.
    pub fn from_headers(headers: &HeaderMap, now: tokio::time::Instant) -> Option<Self> {
        let value = headers.get("ratelimit")?.to_str().ok()?;
        let field = |name: &str| {
            value.split(';').find_map(|part| {
                let (k, v) = part.trim().split_once('=')?;
                (k.trim() == name).then(|| v.trim().parse::<u64>().ok())?
            })
        };
        Some(RateBudget {
            remaining: field("r")?,
            resets_at: now + Duration::from_secs(field("t")?),
        })
    }

    /// How long to wait before spending `need` more requests: nothing while
    /// the window has room, else until it resets (at most `cap`).
    pub fn pause_before(
        &self,
        need: u64,
        now: tokio::time::Instant,
        cap: Duration,
    ) -> Option<Duration> {
        if self.remaining >= need {
            return None;
        }
        let wait = self.resets_at.saturating_duration_since(now);
        (!wait.is_zero()).then(|| wait.min(cap))
    }
}

impl fmt::Debug for HubClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HubClient")
            .field("endpoint", &self.endpoint_text)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl HubClient {
    pub fn new(options: ClientOptions) -> Result<Self, HubError> {
        let endpoint = Url::parse(&options.endpoint)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| HubError::BadEndpoint(options.endpoint.clone()))?;
        let http = reqwest::Client::builder()
            .user_agent(concat!("somosbot/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            // Redirects are followed by hand, on the endpoint's host only.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| HubError::BadEndpoint(format!("{}: {e}", options.endpoint)))?;
        Ok(Self {
            http,
            endpoint,
            endpoint_text: options.endpoint,
            token: options.token,
            retry: options.retry,
            max_redirects: options.max_redirects,
            readme_limit: options.readme_limit,
            requests: Arc::new(AtomicUsize::new(0)),
            in_flight: Arc::new(Semaphore::new(options.max_in_flight.max(1))),
            budget: Arc::new(std::sync::Mutex::new(None)),
            spending: None,
            priority: Priority::Participant,
            spaces: Arc::new(SpaceCache::default()),
            viewer: None,
        })
    }

    /// Every request of this client and its clones takes a token of `budget`.
    pub fn with_budget(mut self, budget: Arc<HubBudget>) -> Self {
        self.spending = Some(budget);
        self
    }

    /// A clone whose requests may use the organizers' reserve.
    pub fn as_organizer(&self) -> Self {
        Self {
            priority: Priority::Organizer,
            ..self.clone()
        }
    }

    /// The process's budget, if any.
    pub fn spending(&self) -> Option<&Arc<HubBudget>> {
        self.spending.as_ref()
    }

    /// Whether the budget has room for `requests` more of this client's
    /// requests (see [`HubBudget::admits`]); always with no budget.
    pub fn admits(&self, requests: u32) -> Result<(), BudgetSpent> {
        match &self.spending {
            Some(b) => b.admits(self.priority, requests),
            None => Ok(()),
        }
    }

    pub fn from_settings(settings: &Settings) -> Result<Self, HubError> {
        let viewer = super::viewer::DatasetViewer::from_settings(settings)?.map(Arc::new);
        Ok(Self {
            viewer,
            ..Self::new(ClientOptions::from_settings(settings))?
        })
    }

    /// The dataset viewer this client was built with, if any.
    pub fn viewer(&self) -> Option<&super::viewer::DatasetViewer> {
        self.viewer.as_deref()
    }

    /// The same client (connections, request count, announced budget,
    /// backoffs) with the patience of a run nobody waits on: announced
    /// resets are waited out up to [`RetryPolicy::batch`]'s `max_wait`.
    pub fn patient(&self) -> Self {
        let retry = RetryPolicy {
            max_wait: self.retry.max_wait.max(RetryPolicy::batch().max_wait),
            ..self.retry.clone()
        };
        Self {
            retry,
            ..self.clone()
        }
    }

    /// The Hub's request budget as its last answer announced, if any.
    pub fn rate_budget(&self) -> Option<RateBudget> {
        self.budget.lock().ok().and_then(|b| *b)
    }

    /// HTTP requests sent so far (every retry and redirect hop counts).
    pub fn requests_sent(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// `GET /api/{kind}s/{id}`.
    pub async fn repo_info(&self, repo: &RepoId) -> RepoOutcome {
        match self.get_json::<RepoInfo>(&repo.api_path()).await {
            Ok(info) if info.disabled => RepoOutcome::Disabled(Some(Box::new(info))),
            Ok(info) if info.gated.is_some() => RepoOutcome::Gated(Some(Box::new(info))),
            Ok(info) => RepoOutcome::Found(Box::new(info)),
            Err(HubError::NotFoundOrPrivate) => RepoOutcome::NotFoundOrPrivate,
            Err(HubError::NotFound | HubError::EntryNotFound | HubError::RevisionNotFound) => {
                RepoOutcome::NotFound
            }
            Err(HubError::Gated) => RepoOutcome::Gated(None),
            Err(HubError::Disabled) => RepoOutcome::Disabled(None),
            Err(HubError::Unavailable(u)) => RepoOutcome::Unavailable(u),
            Err(other) => RepoOutcome::Unavailable(Unavailable::InvalidJson {
                message: other.to_string(),
            }),
        }
    }

    /// `GET /api/{kind}s/{id}/commits/main?limit=N`, newest first.
    pub async fn commits(&self, repo: &RepoId, limit: usize) -> Result<Commits, HubError> {
        let path = format!("{}/commits/main?limit={limit}", repo.api_path());
        let (headers, bytes) = self.get_body(&path, JSON_LIMIT, |_| Ok(())).await?;
        let total = headers
            .get("x-total-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let newest_first = parse_json(&bytes)?;
        Ok(Commits {
            newest_first,
            total,
        })
    }

    /// The card: `GET /{prefix}{id}/resolve/main/README.md`, at most
    /// `readme_limit` bytes, UTF-8.
    pub async fn readme(&self, repo: &RepoId) -> Result<String, HubError> {
        let limit = self.readme_limit;
        let too_large = |resp: &reqwest::Response| match resp.content_length() {
            Some(n) if n > limit as u64 => Err(HubError::TooLarge { limit }),
            _ => Ok(()),
        };
        let (_, bytes) = self
            .get_body(&repo.resolve_path("main", "README.md"), limit, too_large)
            .await
            .map_err(|e| match e {
                HubError::Unavailable(Unavailable::InvalidJson { .. }) => {
                    HubError::TooLarge { limit }
                }
                other => other,
            })?;
        String::from_utf8(bytes).map_err(|_| HubError::NotUtf8)
    }

    /// Finds the Space behind `https://{sub}.hf.space` by listing the Spaces
    /// of each candidate owner (the event organization first) and matching
    /// `subdomain`. `Ok(None)` when no candidate owner has it.
    pub async fn find_space(
        &self,
        sub: &SpaceSubdomain,
        preferred_owner: Option<&str>,
    ) -> Result<Option<RepoId>, HubError> {
        if let Some(known) = self.spaces.get(sub.as_str()) {
            return Ok(known);
        }
        let found = self.list_for_space(sub, preferred_owner).await?;
        self.spaces.put(sub.as_str(), found.clone());
        Ok(found)
    }

    async fn list_for_space(
        &self,
        sub: &SpaceSubdomain,
        preferred_owner: Option<&str>,
    ) -> Result<Option<RepoId>, HubError> {
        let mut owners: Vec<String> = Vec::new();
        if let Some(org) = preferred_owner {
            if sub
                .as_str()
                .starts_with(&format!("{}-", subdomain_form(org)))
            {
                owners.push(org.to_string());
            }
        }
        for candidate in sub.candidate_owners() {
            if !owners.iter().any(|o| subdomain_form(o) == candidate) {
                owners.push(candidate);
            }
        }
        for owner in owners.iter().take(3) {
            if !super::repo_id::is_valid_namespace(owner) {
                continue;
            }
            let mut path = format!("/api/spaces?author={owner}&limit=1000");
            for _page in 0..MAX_LIST_PAGES {
                let Some((spaces, next)) = self.list_page::<ListedSpace>(&path).await? else {
                    break;
                };
                for s in spaces {
                    let matches = match &s.subdomain {
                        Some(d) => d == sub.as_str(),
                        None => subdomain_form(&s.id) == sub.as_str(),
                    };
                    if matches {
                        return RepoId::parse(RepoKind::Space, &s.id)
                            .map(Some)
                            .map_err(|e| {
                                HubError::Unavailable(Unavailable::InvalidJson {
                                    message: e.to_string(),
                                })
                            });
                    }
                }
                match next {
                    Some(p) => path = p,
                    None => break,
                }
            }
        }
        Ok(None)
    }

    /// One page of a listing (`/api/spaces?author=…`) and the path of the
    /// next one (`Link: <…>; rel="next"`, same host only); `None` when the
    /// owner does not exist.
    pub(super) async fn list_page<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<Option<(Vec<T>, Option<String>)>, HubError> {
        let (headers, bytes) = match self.get_body(path, JSON_LIMIT, |_| Ok(())).await {
            Ok(r) => r,
            Err(HubError::NotFound | HubError::NotFoundOrPrivate) => return Ok(None),
            Err(e) => return Err(e),
        };
        let next = next_link(&headers).and_then(|n| self.same_origin_path(&n));
        Ok(Some((parse_json(&bytes)?, next)))
    }

    /// Every Space (or model) of `owner` with its likes, following the
    /// listing's pages up to [`MAX_LIST_PAGES`]. Datasets are not listed.
    pub async fn list_likes(&self, kind: RepoKind, owner: &str) -> Result<Vec<Liked>, HubError> {
        let endpoint = match kind {
            RepoKind::Space => "spaces",
            RepoKind::Model => "models",
            RepoKind::Dataset => "datasets",
        };
        let mut out = Vec::new();
        if !super::repo_id::is_valid_namespace(owner) {
            return Ok(out);
        }
        let mut path = format!("/api/{endpoint}?author={owner}&limit=1000");
        for _page in 0..MAX_LIST_PAGES {
            let Some((items, next)) = self.list_page::<Liked>(&path).await? else {
                break;
            };
            out.extend(items);
            match next {
                Some(p) => path = p,
                None => break,
            }
        }
        Ok(out)
    }

    /// The ids (`owner/name`) of every repo of `kind` that `owner` has,
    /// following the listing's pages up to [`MAX_LIST_PAGES`].
    pub async fn list_repo_ids(
        &self,
        kind: RepoKind,
        owner: &str,
    ) -> Result<Vec<String>, HubError> {
        Ok(self
            .list_likes(kind, owner)
            .await?
            .into_iter()
            .map(|l| l.id)
            .collect())
    }

    pub(super) async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, HubError> {
        let (_, bytes) = self.get_body(path, JSON_LIMIT, |_| Ok(())).await?;
        parse_json(&bytes)
    }

    /// A GET and its whole body (at most `limit` bytes), asked again when the
    /// connection drops in the middle of the answer, within the same retry
    /// budget as [`Self::get`]. `accept` sees the headers first and may refuse.
    async fn get_body(
        &self,
        path: &str,
        limit: usize,
        accept: impl Fn(&reqwest::Response) -> Result<(), HubError>,
    ) -> Result<(HeaderMap, Vec<u8>), HubError> {
        let mut attempt = 1u32;
        let mut waited = Duration::ZERO;
        loop {
            let (resp, _) = self.get(path).await?;
            accept(&resp)?;
            let headers = resp.headers().clone();
            match read_capped(resp, limit).await {
                Ok(bytes) => return Ok((headers, bytes)),
                Err(HubError::Unavailable(Unavailable::Network { message })) => {
                    match self.retry.delay(attempt, None, waited) {
                        Some(d) => {
                            tracing::debug!(%message, attempt, "the Hub's answer was cut; asking again");
                            waited += d;
                            tokio::time::sleep(d).await;
                            attempt += 1;
                        }
                        None => {
                            return Err(HubError::Unavailable(Unavailable::Network { message }))
                        }
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A GET on the endpoint with retries and same-host redirects. Returns a
    /// 2xx response and the URL that answered.
    async fn get(&self, path_and_query: &str) -> Result<(reqwest::Response, Url), HubError> {
        let mut url = Url::parse(&format!("{}{}", self.endpoint_text, path_and_query))
            .map_err(|_| HubError::BadEndpoint(self.endpoint_text.clone()))?;
        let mut attempt = 1u32;
        let mut waited = Duration::ZERO;
        let mut hops = 0usize;
        loop {
            let mut request = self.http.get(url.clone());
            if let Some(token) = &self.token {
                request = request.header(AUTHORIZATION, format!("Bearer {}", token.expose()));
            }
            if let Some(budget) = &self.spending {
                budget
                    .take(self.priority)
                    .await
                    .map_err(|BudgetSpent { retry_at }| {
                        HubError::Unavailable(Unavailable::BudgetSpent { retry_at })
                    })?;
            }
            // Held until the answer starts, not while backing off.
            let permit = self
                .in_flight
                .acquire()
                .await
                .map_err(|_| HubError::BadEndpoint(self.endpoint_text.clone()))?;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let sent = request.send().await;
            drop(permit);
            let resp = match sent {
                Ok(r) => {
                    if let Some(b) =
                        RateBudget::from_headers(r.headers(), tokio::time::Instant::now())
                    {
                        if let Ok(mut slot) = self.budget.lock() {
                            *slot = Some(b);
                        }
                    }
                    r
                }
                Err(e) => {
                    let reason = if e.is_timeout() {
                        Unavailable::Timeout
                    } else {
                        Unavailable::Network {
                            message: error_chain(e),
                        }
                    };
                    match self.retry.delay(attempt, None, waited) {
                        Some(d) => {
                            waited += d;
                            tokio::time::sleep(d).await;
                            attempt += 1;
                            continue;
                        }
                        None => return Err(HubError::Unavailable(reason)),
                    }
                }
            };
            let status = resp.status();
            if status.is_redirection() {
                hops += 1;
                if hops > self.max_redirects {
                    return Err(HubError::Unavailable(Unavailable::TooManyRedirects));
                }
                url = self.redirect_target(&url, resp.headers())?;
                continue;
            }
            if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
                // `RateLimit`'s `t` is when the window resets; it is a
                // wait only when the limit was hit (429), not on a 5xx.
                let hint = if status == StatusCode::TOO_MANY_REQUESTS {
                    retry_hint(resp.headers())
                } else {
                    retry_after(resp.headers())
                };
                let reason = if status == StatusCode::TOO_MANY_REQUESTS {
                    Unavailable::RateLimited {
                        retry_after_secs: hint.map(|d| d.as_secs()),
                    }
                } else {
                    Unavailable::Server {
                        status: status.as_u16(),
                    }
                };
                match self.retry.delay(attempt, hint, waited) {
                    Some(d) => {
                        tracing::debug!(
                            status = status.as_u16(),
                            wait_ms = d.as_millis() as u64,
                            attempt,
                            "the Hub asked to wait; asking again after"
                        );
                        waited += d;
                        tokio::time::sleep(d).await;
                        attempt += 1;
                        continue;
                    }
                    None => return Err(HubError::Unavailable(reason)),
                }
            }
            if status.is_success() {
                return Ok((resp, url));
            }
            return Err(self.classify(resp).await);
        }
    }

    fn redirect_target(&self, from: &Url, headers: &HeaderMap) -> Result<Url, HubError> {
        let location =
            headers
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or(HubError::Unavailable(Unavailable::Unexpected {
                    status: 307,
                }))?;
        let next = from.join(location).map_err(|_| {
            HubError::Unavailable(Unavailable::RedirectOffHost {
                host: location.chars().take(80).collect(),
            })
        })?;
        if next.scheme() != self.endpoint.scheme()
            || next.host_str() != self.endpoint.host_str()
            || next.port_or_known_default() != self.endpoint.port_or_known_default()
        {
            return Err(HubError::Unavailable(Unavailable::RedirectOffHost {
                host: next.host_str().unwrap_or("?").to_string(),
            }));
        }
        Ok(next)
    }

    /// `Link: <…>; rel="next"` made relative to the endpoint, if it is on it.
    fn same_origin_path(&self, link: &str) -> Option<String> {
        let url = self.endpoint.join(link).ok()?;
        if url.host_str() != self.endpoint.host_str()
            || url.port_or_known_default() != self.endpoint.port_or_known_default()
        {
            return None;
        }
        let base_path = self.endpoint.path().trim_end_matches('/');
        let path = url.path().strip_prefix(base_path).unwrap_or(url.path());
        Some(match url.query() {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        })
    }

    /// Maps a 4xx answer to what it means, following huggingface_hub's
    /// `hf_raise_for_status`.
    async fn classify(&self, resp: reqwest::Response) -> HubError {
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let code = header("x-error-code");
        let mut message = header("x-error-message").unwrap_or_default();
        if message.is_empty() {
            if let Ok(bytes) = read_capped(resp, 4096).await {
                message = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        match code.as_deref() {
            Some("RepoNotFound") => return HubError::NotFound,
            Some("EntryNotFound") => return HubError::EntryNotFound,
            Some("RevisionNotFound") => return HubError::RevisionNotFound,
            Some("GatedRepo") => return HubError::Gated,
            Some("DisabledRepo") => return HubError::Disabled,
            _ => {}
        }
        if message.contains("Invalid credentials in Authorization header") {
            return HubError::Unavailable(Unavailable::BadToken);
        }
        match status.as_u16() {
            401 => HubError::NotFoundOrPrivate,
            403 if message.to_lowercase().contains("disabled") => HubError::Disabled,
            403 => HubError::Gated,
            404 if self.token.is_some() => HubError::NotFound,
            404 => HubError::NotFoundOrPrivate,
            other => HubError::Unavailable(Unavailable::Unexpected { status: other }),
        }
    }
}

/// How long the Hub asks us to wait: `Retry-After` (seconds) first, else
/// `t` of the `RateLimit` header (`"api";r=0;t=12`).
pub fn retry_hint(headers: &HeaderMap) -> Option<Duration> {
    let rate_limit_t = || {
        let value = headers.get("ratelimit")?.to_str().ok()?;
        value.split(';').find_map(|part| {
            let (k, v) = part.trim().split_once('=')?;
            (k.trim() == "t").then(|| v.trim().parse::<u64>().ok())?
        })
    };
    retry_after(headers).or_else(|| rate_limit_t().map(Duration::from_secs))
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the Hub).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

fn next_link(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("link")?.to_str().ok()?;
    value.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params.contains("rel=\"next\"").then(|| {
            target
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
    })
}

/// The subdomain form of a name: lowercased, `/`, `_` and `.` as `-`.
fn subdomain_form(s: &str) -> String {
    s.to_ascii_lowercase().replace(['/', '_', '.'], "-")
}

/// Reads a body of at most `limit` bytes. Too long counts as broken JSON;
/// the README reader turns that into [`HubError::TooLarge`].
async fn read_capped(mut resp: reqwest::Response, limit: usize) -> Result<Vec<u8>, HubError> {
    let mut out = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if out.len() + chunk.len() > limit {
                    return Err(HubError::Unavailable(Unavailable::InvalidJson {
                        message: format!("answer larger than {limit} bytes"),
                    }));
                }
                out.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(out),
            Err(e) if e.is_timeout() => return Err(HubError::Unavailable(Unavailable::Timeout)),
            Err(e) => {
                return Err(HubError::Unavailable(Unavailable::Network {
                    message: error_chain(e),
                }))
            }
        }
    }
}

/// A reqwest error with its causes ("error sending request: … Connection
/// refused"), without the URL.
fn error_chain(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut out = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, HubError> {
    serde_json::from_slice(bytes).map_err(|e| {
        HubError::Unavailable(Unavailable::InvalidJson {
            message: e.to_string(),
        })
    })
}

/// `null` reads as the default, as the Hub sends `null` for absent fields.
fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `gated`: `false`, `"auto"` or `"manual"` (or `true` from older answers).
fn gated<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Bool(true) => Some("true".into()),
        serde_json::Value::String(s) if !s.is_empty() && s != "false" => Some(s),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn a_low_budget_pauses_until_the_window_resets() {
        let mut h = HeaderMap::new();
        h.insert("ratelimit", HeaderValue::from_static("\"api\";r=5;t=40"));
        let now = tokio::time::Instant::now();
        let b = RateBudget::from_headers(&h, now).expect("parsed");
        assert_eq!(b.remaining, 5);
        assert_eq!(b.pause_before(5, now, Duration::from_secs(600)), None);
        assert_eq!(
            b.pause_before(8, now, Duration::from_secs(600)),
            Some(Duration::from_secs(40))
        );
        assert_eq!(
            b.pause_before(8, now, Duration::from_secs(10)),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            b.pause_before(8, now + Duration::from_secs(41), Duration::from_secs(600)),
            None
        );
    }

    #[test]
    fn the_wait_comes_from_retry_after_then_ratelimit() {
        let mut h = HeaderMap::new();
        h.insert("ratelimit", HeaderValue::from_static("\"api\";r=0;t=12"));
        assert_eq!(retry_hint(&h), Some(Duration::from_secs(12)));
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_hint(&h), Some(Duration::from_secs(3)));
        assert_eq!(retry_hint(&HeaderMap::new()), None);
    }

    #[test]
    fn backoff_grows_is_capped_and_gives_up() {
        let p = RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(250),
            max_wait: Duration::from_secs(60),
        };
        let z = Duration::ZERO;
        let d1 = p.delay(1, None, z).unwrap();
        assert!(d1 >= Duration::from_millis(100) && d1 <= Duration::from_millis(150));
        assert!(p.delay(3, None, z).unwrap() <= Duration::from_millis(250));
        assert_eq!(p.delay(4, None, z), None);
        // An announced wait is honoured as announced, beyond the attempts
        // for unannounced failures, while the total stays within max_wait.
        assert_eq!(
            p.delay(5, Some(Duration::from_secs(12)), z),
            Some(Duration::from_secs(12))
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(295)), z), None);
        assert_eq!(
            p.delay(2, Some(Duration::from_secs(12)), Duration::from_secs(50)),
            None
        );
        assert_eq!(p.delay(MAX_ANNOUNCED_RETRIES, Some(z), z), None);
    }

    #[test]
    fn an_interactive_check_waits_less_than_a_batch() {
        let t = Some(Duration::from_secs(55));
        let z = Duration::ZERO;
        assert_eq!(RetryPolicy::interactive().delay(1, t, z), None);
        assert_eq!(RetryPolicy::batch().delay(1, t, z), t);
    }

    #[test]
    fn a_patient_client_keeps_its_backoffs_and_waits_longer() {
        let mut o = ClientOptions::new("http://127.0.0.1:9");
        o.retry.base_delay = Duration::from_millis(5);
        let c = HubClient::new(o).expect("client");
        let p = c.patient();
        assert_eq!(p.retry.base_delay, Duration::from_millis(5));
        assert_eq!(p.retry.max_wait, RetryPolicy::batch().max_wait);
        assert_eq!(c.retry.max_wait, RetryPolicy::interactive().max_wait);
        // They share the count of requests.
        assert!(Arc::ptr_eq(&c.requests, &p.requests));
    }

    #[test]
    fn link_next_is_found() {
        let mut h = HeaderMap::new();
        h.insert(
            "link",
            HeaderValue::from_static(
                "<https://hf.co/api/spaces?author=x&cursor=abc>; rel=\"next\"",
            ),
        );
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://hf.co/api/spaces?author=x&cursor=abc")
        );
    }

    #[test]
    fn gated_reads_every_shape() {
        let read = |v: &str| -> Option<String> {
            let j = format!("{{\"id\":\"a/b\",\"gated\":{v}}}");
            serde_json::from_str::<RepoInfo>(&j).unwrap().gated
        };
        assert_eq!(read("false"), None);
        assert_eq!(read("\"manual\"").as_deref(), Some("manual"));
        assert_eq!(read("null"), None);
    }
}
