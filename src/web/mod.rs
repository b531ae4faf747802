//! The event on the web: the public pages (the event, the project gallery,
//! one project with its Hub report), served by the same binary on the same
//! database. Handlers read through `domain/` and `store/`; pages are maud
//! templates, so every piece of user text is escaped by construction.

mod assets;
pub mod auth;
pub mod cache;
mod dashboard;
mod headers;
mod lang;
pub mod limit;
pub mod oauth;
mod pages;
pub mod verify;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use futures::future::BoxFuture;
use serde::Deserialize;

use crate::config::EventConfig;
use crate::domain::gallery::{self, Badge, Filter};
use crate::i18n::{I18n, Lang};
use crate::store::{Store, StoredDeadline};

pub use lang::LANG_COOKIE;

/// What every handler shares.
#[derive(Clone)]
pub struct WebState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    event: EventConfig,
    i18n: I18n,
    /// The public address, without trailing slash (for absolute links).
    base_url: String,
    /// The dashboard's login; `None` when not configured.
    login: Option<auth::Login>,
    /// Logins per address: 20 a minute.
    login_limit: limit::RateLimit,
    /// Certificate checks per address: [`verify::VERIFY_PER_MINUTE`].
    verify_limit: limit::RateLimit,
    /// The key certificate codes are made with; `None`: `/verify` says
    /// verification is not set up.
    certificate_key: Option<crate::secret::Secret>,
    /// The Hub client and running checks the dashboard's re-check uses
    /// (the bot's own when one process serves both); `None`: no re-check.
    checker: Option<crate::domain::recheck::Checker>,
    /// The gallery model, rebuilt when what it shows changes.
    gallery: cache::GalleryCache,
}

/// Starting the web failed.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("WEB_ADDR `{0}` is not an address to listen on (such as 127.0.0.1:8080)")]
    BadAddr(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
    #[error(transparent)]
    I18n(#[from] crate::i18n::I18nError),
    #[error("the web server stopped: {0}")]
    Serve(std::io::Error),
}

impl WebState {
    pub fn new(
        store: Store,
        event: EventConfig,
        base_url: &str,
        login: Option<auth::Login>,
    ) -> Result<Self, WebError> {
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                event,
                i18n: I18n::load()?,
                base_url: base_url.trim_end_matches('/').to_string(),
                login,
                login_limit: limit::RateLimit::new(
                    LOGINS_PER_MINUTE,
                    std::time::Duration::from_secs(60),
                ),
                verify_limit: limit::RateLimit::new(
                    verify::VERIFY_PER_MINUTE,
                    std::time::Duration::from_secs(60),
                ),
                certificate_key: None,
                checker: None,
                gallery: cache::GalleryCache::default(),
            }),
        })
    }

    /// With the Hub client and running checks for the dashboard's re-check
    /// button. Call it before the state is shared.
    pub fn with_checker(mut self, checker: Option<crate::domain::recheck::Checker>) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.checker = checker,
            None => tracing::error!("the Hub checker was given after the web state was shared"),
        }
        self
    }

    /// With the certificates' key (`SOMOSBOT_CERTIFICATE_SECRET`), so
    /// `/verify` can check codes. Call it before the state is shared.
    pub fn with_certificate_key(mut self, key: Option<crate::secret::Secret>) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.certificate_key = key,
            None => tracing::error!("the certificate key was given after the web state was shared"),
        }
        self
    }
}

/// Logins (and callbacks) one address may start in a minute.
pub const LOGINS_PER_MINUTE: usize = 20;

/// Every route of the site, with the security headers on every answer.
pub fn router(state: WebState) -> Router {
    let routes = Router::new()
        .route("/", get(home))
        .route("/projects", get(projects))
        .route("/projects/:slug", get(project))
        .route("/verify", get(verify::form))
        .route("/verify/:code", get(verify::code))
        .route("/lang/:code", get(switch_language))
        .route("/static/site.css", get(assets::css))
        .route("/static/time.js", get(assets::time_js))
        .route("/static/dashboard.js", get(assets::dashboard_js))
        .route("/login", get(auth::login))
        .route("/login/callback", get(auth::callback))
        .route("/logout", axum::routing::post(auth::logout))
        .route("/dashboard", get(dashboard::page))
        .route("/dashboard/live", get(dashboard::live))
        .route("/dashboard/teams.csv", get(dashboard::teams_csv))
        .route(
            "/dashboard/submissions.csv",
            get(dashboard::submissions_csv),
        )
        .route("/dashboard/unanswered.csv", get(dashboard::unanswered_csv))
        .route("/dashboard/jury.csv", get(dashboard::jury_csv))
        .route(
            "/dashboard/recheck/:team",
            axum::routing::post(dashboard::recheck),
        )
        .fallback(not_found)
        .with_state(state);
    headers::apply(routes)
}

/// Parses `WEB_ADDR`.
pub fn parse_addr(addr: &str) -> Result<SocketAddr, WebError> {
    addr.parse()
        .map_err(|_| WebError::BadAddr(addr.to_string()))
}

/// Serves the site on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: WebState,
    shutdown: BoxFuture<'static, ()>,
) -> Result<(), WebError> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(WebError::Serve)
}

/// A page in the visitor's language, or the error page.
type Page = Result<Response, PageError>;

/// A store failure while building a page: logged, shown as a short apology.
struct PageError(Lang, WebState, crate::store::StoreError);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError(lang, state, e) = self;
        tracing::error!(error = %e, "web page failed");
        let body = pages::message(&state.view(lang, "/"), "web-error-title", "web-error");
        (StatusCode::SERVICE_UNAVAILABLE, body).into_response()
    }
}

impl WebState {
    fn view(&self, lang: Lang, path: &str) -> pages::View<'_> {
        pages::View {
            lang,
            i18n: &self.inner.i18n,
            event: &self.inner.event,
            path: path.to_string(),
            base_url: &self.inner.base_url,
        }
    }

    /// The gallery model (cached; see [`cache`]).
    async fn gallery(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Arc<cache::GalleryModel>, crate::store::StoreError> {
        self.inner
            .gallery
            .get(&self.inner.store, &self.inner.event, now)
            .await
    }

    async fn deadlines(&self) -> Result<Vec<StoredDeadline>, crate::store::StoreError> {
        let stored = self
            .inner
            .store
            .deadlines(&self.inner.event.event.id)
            .await?;
        if !stored.is_empty() {
            return Ok(stored);
        }
        // `somosbot web` may start before the bot ever seeded the deadlines.
        Ok(self
            .inner
            .event
            .deadlines
            .iter()
            .map(|d| StoredDeadline {
                id: d.id.clone(),
                title_es: d.title.es.clone(),
                title_en: d.title.en.clone(),
                at: d.at_utc(),
                reminders: Vec::new(),
            })
            .collect())
    }
}

async fn home(State(state): State<WebState>, headers: HeaderMap) -> Page {
    let lang = lang::negotiate(&headers);
    let fail = |e| PageError(lang, state.clone(), e);
    let mut deadlines = state.deadlines().await.map_err(fail)?;
    deadlines.sort_by_key(|d| d.at);
    let now = chrono::Utc::now();
    let model = state.gallery(now).await.map_err(fail)?;
    Ok(pages::home(
        &state.view(lang, "/"),
        &deadlines,
        now,
        model.projects.len(),
        model.showcase.as_ref(),
    )
    .into_response())
}

/// The gallery's query string, as typed in the form.
#[derive(Debug, Default, Deserialize)]
pub struct GalleryQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub ods: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub lang: String,
}

impl GalleryQuery {
    /// What the visitor asked for; anything unreadable does not filter.
    fn filter(&self) -> Filter {
        Filter {
            ods: self.ods.parse().ok().filter(|o| (1..=17).contains(o)),
            badge: match self.state.as_str() {
                "complete" => Some(Badge::Complete),
                "late" => Some(Badge::Late),
                "incomplete" => Some(Badge::Incomplete),
                "checking" => Some(Badge::Checking),
                "unchecked" => Some(Badge::Unchecked),
                _ => None,
            },
            language: Some(self.lang.trim())
                .filter(|l| !l.is_empty() && l.len() <= 16)
                .map(str::to_string),
            search: self.q.chars().take(200).collect(),
        }
    }
}

async fn projects(
    State(state): State<WebState>,
    headers: HeaderMap,
    query: Option<Query<GalleryQuery>>,
) -> Page {
    let lang = lang::negotiate(&headers);
    let Query(query) = query.unwrap_or_default();
    let model = state
        .gallery(chrono::Utc::now())
        .await
        .map_err(|e| PageError(lang, state.clone(), e))?;
    let all = &model.projects;
    let showcase = &model.showcase;
    let filter = query.filter();
    let languages = gallery::language_options(all);
    let shown: Vec<_> = all.iter().filter(|p| filter.matches(p)).collect();
    Ok(pages::gallery(
        &state.view(lang, "/projects"),
        &filter,
        &languages,
        &shown,
        all.len(),
        showcase.as_ref(),
    )
    .into_response())
}

async fn project(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Page {
    let lang = lang::negotiate(&headers);
    let model = state
        .gallery(chrono::Utc::now())
        .await
        .map_err(|e| PageError(lang, state.clone(), e))?;
    let Some(p) = gallery::find(&model.projects, &slug) else {
        return Ok(not_found_page(&state, lang));
    };
    if p.slug != slug {
        // An old name in the address: send to the current one.
        return Ok(Redirect::permanent(&format!("/projects/{}", p.slug)).into_response());
    }
    let path = format!("/projects/{}", p.slug);
    Ok(pages::project(&state.view(lang, &path), p).into_response())
}

/// `?next=` of the language switch: only a path of this site.
#[derive(Debug, Deserialize)]
struct Next {
    next: Option<String>,
}

async fn switch_language(Path(code): Path<String>, Query(next): Query<Next>) -> Response {
    let lang = match code.as_str() {
        "es" => Lang::Es,
        _ => Lang::En,
    };
    let next = next
        .next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".to_string());
    (
        [(
            header::SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
                lang.code()
            ),
        )],
        Redirect::to(&next),
    )
        .into_response()
}

async fn not_found(State(state): State<WebState>, headers: HeaderMap) -> Response {
    not_found_page(&state, lang::negotiate(&headers))
}

fn not_found_page(state: &WebState, lang: Lang) -> Response {
    (
        StatusCode::NOT_FOUND,
        pages::message(
            &state.view(lang, "/"),
            "web-not-found-title",
            "web-not-found",
        ),
    )
        .into_response()
}
