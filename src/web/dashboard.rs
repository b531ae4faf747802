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
    let mut d = dashboard::snapshot(&state.inner.store, &state.inner.event).await?;
    if let Some(checker) = &state.inner.checker {
        d.rechecking = d
            .submissions
            .iter()
            .map(|s| s.team_id)
            .filter(|t| checker.flights.is_running(*t))
            .collect();
    }
    Ok(d)
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
    let who = match state.organizer(&headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let lang = lang::negotiate(&headers);
    let csrf = who.session.csrf_token;
    Sse::new(changes(state, lang, headers, csrf))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn changes(
    state: WebState,
    lang: crate::i18n::Lang,
    headers: HeaderMap,
    csrf: String,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures::stream::unfold((state, None::<u64>), move |(state, last)| {
        let headers = headers.clone();
        let csrf = csrf.clone();
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
                let html = pages::dashboard_live(
                    &state.view(lang, "/dashboard"),
                    &d,
                    &csrf,
                    chrono::Utc::now(),
                )
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

/// Writes a CSV with `write`, or answers 500.
fn csv_of(name: &str, write: impl FnOnce(&mut Vec<u8>) -> anyhow::Result<()>) -> Response {
    let mut out = Vec::new();
    match write(&mut out) {
        Ok(()) => csv(name, out),
        Err(e) => {
            tracing::error!(error = %e, name, "CSV failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /dashboard/unanswered.csv`: every help post nobody answered.
pub async fn unanswered_csv(State(state): State<WebState>, headers: HeaderMap) -> Response {
    if let Err(r) = state.organizer(&headers).await {
        return r;
    }
    match state
        .inner
        .store
        .unanswered_tickets_page(&state.inner.event.event.id, 0, u32::MAX)
        .await
    {
        Ok((tickets, _)) => csv_of("unanswered.csv", |out| {
            crate::export::unanswered_csv(&tickets, chrono::Utc::now(), out)
        }),
        Err(e) => unavailable(&state, &headers, e),
    }
}

/// `GET /dashboard/jury.csv`: the jury's progress per project.
pub async fn jury_csv(State(state): State<WebState>, headers: HeaderMap) -> Response {
    if let Err(r) = state.organizer(&headers).await {
        return r;
    }
    let Some(jury) = state.inner.event.jury.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match crate::domain::jury::progress::load(&state.inner.store, &state.inner.event.event.id, jury)
        .await
    {
        Ok(p) => csv_of("jury.csv", |out| crate::export::jury_progress_csv(&p, out)),
        Err(crate::domain::jury::JuryError::Store(e)) => unavailable(&state, &headers, e),
        Err(crate::domain::jury::JuryError::NoJury) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `POST /dashboard/recheck/{team}` (with the CSRF token): checks the
/// team's submission again, through the same gate as Discord's button.
pub async fn recheck(
    State(state): State<WebState>,
    headers: HeaderMap,
    axum::extract::Path(team_id): axum::extract::Path<i64>,
    axum::Form(form): axum::Form<super::auth::CsrfForm>,
) -> Response {
    use crate::domain::recheck::{self, Rechecked};
    use crate::domain::submission::SubmissionError;
    let who = match state.organizer(&headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let lang = lang::negotiate(&headers);
    let v = state.view(lang, "/dashboard");
    if !who.csrf_ok(form.csrf()) {
        return (
            StatusCode::FORBIDDEN,
            pages::message(&v, "web-login-refused-title", "web-csrf"),
        )
            .into_response();
    }
    let Some(checker) = &state.inner.checker else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            pages::recheck_answer(&v, &v.text("web-recheck-off"), None),
        )
            .into_response();
    };
    let now = chrono::Utc::now();
    let answer = recheck::start(
        &state.inner.store,
        &state.inner.event,
        checker,
        team_id,
        now,
    )
    .await;
    let (status, text, when) = match answer {
        Ok(Rechecked::Started { team, next_at }) => {
            tracing::info!(
                user = who.session.user_id,
                team = team.id,
                "dashboard re-check"
            );
            (
                StatusCode::ACCEPTED,
                v.text_args("web-recheck-started", &[("team", team.name.into())]),
                Some(next_at),
            )
        }
        Ok(r @ Rechecked::AlreadyRunning { .. }) => (
            StatusCode::OK,
            v.text_args(
                "web-recheck-running",
                &[("team", r.team().name.clone().into())],
            ),
            None,
        ),
        Err(SubmissionError::TooSoon { retry_at }) => (
            StatusCode::TOO_MANY_REQUESTS,
            v.text("web-recheck-too-soon"),
            Some(retry_at),
        ),
        Err(SubmissionError::BudgetSpent { retry_at }) => (
            StatusCode::TOO_MANY_REQUESTS,
            v.text("web-recheck-budget"),
            Some(retry_at),
        ),
        Err(SubmissionError::TeamNotFound) => {
            (StatusCode::NOT_FOUND, v.text("web-recheck-no-team"), None)
        }
        Err(SubmissionError::NoSubmission) => (
            StatusCode::NOT_FOUND,
            v.text("web-recheck-no-submission"),
            None,
        ),
        Err(SubmissionError::Store(e)) => return unavailable(&state, &headers, e),
        Err(e) => {
            tracing::warn!(error = %e, team_id, "a dashboard re-check was refused");
            (StatusCode::CONFLICT, v.text("web-recheck-refused"), None)
        }
    };
    let mut response = (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        pages::recheck_answer(&v, &text, when),
    )
        .into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        if let Some(at) = when {
            let secs = (at - now).num_seconds().max(1).to_string();
            if let Ok(value) = header::HeaderValue::from_str(&secs) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
    }
    response
}
