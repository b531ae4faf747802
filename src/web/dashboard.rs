//! The organizers' dashboard: tables of teams, submissions, the GPU line
//! and unanswered help posts; CSV downloads of each; live updates over
//! server-sent events (the page swaps in the new tables when the data
//! changes). Every route asks [`WebState::organizer`] first.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::Stream;

use super::{lang, pages, WebState};
use crate::domain::dashboard::{self, Dashboard};

/// How often the live stream looks for changes.
const POLL: Duration = Duration::from_millis(750);

async fn load(state: &WebState) -> Result<Dashboard, crate::store::StoreError> {
    dashboard::snapshot(&state.inner.store, &state.inner.event).await
}

fn unavailable(state: &WebState, headers: &HeaderMap, e: crate::store::StoreError) -> Response {
    tracing::error!(error = %e, "dashboard failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        pages::message(
            &state.view(lang::negotiate(headers), "/dashboard"),
            "web-error-title",
            "web-error",
        ),
    )
        .into_response()
}

/// `GET /dashboard`.
pub async fn page(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let who = match state.organizer(&headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let lang = lang::negotiate(&headers);
    match load(&state).await {
        Ok(d) => (
            [(header::CACHE_CONTROL, "no-store")],
            pages::dashboard(
                &state.view(lang, "/dashboard"),
                &d,
                &who.session.csrf_token,
                chrono::Utc::now(),
            ),
        )
            .into_response(),
        Err(e) => unavailable(&state, &headers, e),
    }
}

/// `GET /dashboard/live`: an event with the new tables whenever they change.
pub async fn live(State(state): State<WebState>, headers: HeaderMap) -> Response {
    if let Err(r) = state.organizer(&headers).await {
        return r;
    }
    let lang = lang::negotiate(&headers);
    Sse::new(changes(state, lang, headers))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn changes(
    state: WebState,
    lang: crate::i18n::Lang,
    headers: HeaderMap,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures::stream::unfold((state, None::<u64>), move |(state, last)| {
        let headers = headers.clone();
        async move {
            loop {
                tokio::time::sleep(POLL).await;
                // A member who lost the role stops receiving at once.
                if state.organizer(&headers).await.is_err() {
                    return None;
                }
                let Ok(d) = load(&state).await else {
                    continue;
                };
                let print = dashboard::fingerprint(&d);
                if last == Some(print) {
                    continue;
                }
                let html =
                    pages::dashboard_live(&state.view(lang, "/dashboard"), &d, chrono::Utc::now())
                        .into_string();
                let event = Event::default().event("tables").data(html);
                return Some((Ok(event), (state, Some(print))));
            }
        }
    })
}

fn csv(name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// `GET /dashboard/teams.csv`: the same table as `somosbot export teams`.
pub async fn teams_csv(State(state): State<WebState>, headers: HeaderMap) -> Response {
    if let Err(r) = state.organizer(&headers).await {
        return r;
    }
    match state
        .inner
        .store
        .teams_with_members(&state.inner.event.event.id)
        .await
    {
        Ok(teams) => {
            let mut out = Vec::new();
            match crate::export::teams_csv(&teams, &mut out) {
                Ok(()) => csv("teams.csv", out),
                Err(e) => {
                    tracing::error!(error = %e, "teams CSV failed");
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }
            }
        }
        Err(e) => unavailable(&state, &headers, e),
    }
}

/// `GET /dashboard/submissions.csv`: as `somosbot export submissions`.
pub async fn submissions_csv(State(state): State<WebState>, headers: HeaderMap) -> Response {
    if let Err(r) = state.organizer(&headers).await {
        return r;
    }
    let id = &state.inner.event.event.id;
    let read = async {
        let teams = state.inner.store.teams_with_members(id).await?;
        let subs = state.inner.store.current_submissions(id).await?;
        Ok::<_, crate::store::StoreError>((teams, subs))
    };
    match read.await {
        Ok((teams, subs)) => {
            let names = teams
                .iter()
                .map(|t| (t.team.id, t.team.name.clone()))
                .collect();
            let rows = crate::export::submission_rows(&subs, &names);
            let mut out = Vec::new();
            match crate::export::submissions_csv(&rows, &mut out) {
                Ok(()) => csv("submissions.csv", out),
                Err(e) => {
                    tracing::error!(error = %e, "submissions CSV failed");
                    StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }
            }
        }
        Err(e) => unavailable(&state, &headers, e),
    }
}
