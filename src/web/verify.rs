//! `/verify` (a form) and `/verify/{code}`: whether a certificate is
//! genuine and what it certifies. A code is read as typed (any case, with
//! or without dashes and spaces). Every answer that is not "genuine" —
//! malformed, unknown, or a stored certificate whose content no longer
//! matches its code — is the same neutral sentence, so the page tells no
//! one which codes exist. Checks are rate-limited per address; nothing
//! private (no Discord id) is shown.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::pages::VerifyAnswer as Answer;
use super::{lang, pages, WebState};
use crate::domain::jury::{verify_certificate, Verification};
use crate::i18n::Lang;

/// Certificate checks one address may make in a minute.
pub const VERIFY_PER_MINUTE: usize = 30;

/// The longest code echoed back into the form (a real one has 24 chars).
const MAX_TYPED: usize = 64;

#[derive(Debug, Default, Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    code: String,
}

/// `GET /verify` (the form; `?code=` from the form checks it).
pub async fn form(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Option<Query<VerifyQuery>>,
) -> Response {
    let Query(query) = query.unwrap_or_default();
    let typed = query.code.trim();
    if typed.is_empty() {
        let lang = lang::negotiate(&headers);
        return page(&state, lang, "/verify", "", &Answer::Form, StatusCode::OK);
    }
    check(&state, peer, &headers, typed, "/verify").await
}

/// `GET /verify/{code}`: the address printed on a certificate.
pub async fn code(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let path = format!(
        "/verify/{}",
        url::form_urlencoded::byte_serialize(code.as_bytes()).collect::<String>()
    );
    check(&state, peer, &headers, &code, &path).await
}

async fn check(
    state: &WebState,
    peer: SocketAddr,
    headers: &HeaderMap,
    typed: &str,
    path: &str,
) -> Response {
    let lang = lang::negotiate(headers);
    if !state.inner.verify_limit.allow(peer.ip(), Instant::now()) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "60")],
            pages::message(&state.view(lang, path), "web-error-title", "web-too-many"),
        )
            .into_response();
    }
    let Some(secret) = state.inner.certificate_key.as_ref() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            pages::message(
                &state.view(lang, path),
                "web-verify-title",
                "web-verify-off",
            ),
        )
            .into_response();
    };
    let echoed: String = typed.chars().take(MAX_TYPED).collect();
    let answer = match verify_certificate(&state.inner.store, secret, typed).await {
        Ok(Verification::Genuine(content)) => Answer::Genuine(content),
        Ok(Verification::Unknown | Verification::Tampered) => Answer::NotGenuine,
        Err(e) => {
            tracing::error!(error = %e, "certificate check failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                pages::message(&state.view(lang, path), "web-error-title", "web-error"),
            )
                .into_response();
        }
    };
    page(state, lang, path, &echoed, &answer, StatusCode::OK)
}

fn page(
    state: &WebState,
    lang: Lang,
    path: &str,
    typed: &str,
    answer: &Answer,
    status: StatusCode,
) -> Response {
    (
        status,
        // A verdict is about one code at one moment: not for caches.
        [(header::CACHE_CONTROL, "no-store")],
        pages::verify(&state.view(lang, path), typed, answer),
    )
        .into_response()
}
