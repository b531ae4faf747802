//! "Login with Discord" for organizers and the sessions it opens.
//!
//! `/login` stores a fresh `state` and PKCE verifier and sends the visitor
//! to Discord; `/login/callback` takes that state once, trades the code
//! (with the verifier) for a token, and opens a session only for a member of
//! the event's guild who holds the organizer role (by the stored role id).
//! The cookie holds a random token; the database keeps only its SHA-256.
//! Every dashboard request re-reads the session, and asks Discord for the
//! member's roles again when the last answer is older than
//! [`ROLE_RECHECK`], so a removed organizer is refused at the next request.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use base64::Engine;
use chrono::{Duration, Utc};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::oauth::OAuthClient;
use super::{lang, pages, WebState};
use crate::config::keys;
use crate::store::{IdKind, WebSession};

pub const SESSION_COOKIE: &str = "somosbot_session";
/// How long a confirmed organizer role is trusted before asking again.
pub const ROLE_RECHECK: Duration = Duration::seconds(30);
/// How long a session lasts.
pub const SESSION_DAYS: i64 = 7;
/// How long a login may take between `/login` and the callback.
const LOGIN_MINUTES: i64 = 10;

/// The dashboard's login, when configured.
pub struct Login {
    pub oauth: OAuthClient,
    /// The event's guild (`DISCORD_GUILD_ID`).
    pub guild: u64,
    /// How long a confirmed role is trusted ([`ROLE_RECHECK`] in service).
    pub role_recheck: Duration,
}

/// 32 random bytes, base64url without padding.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 code challenge of a PKCE verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether two strings are equal, in time that does not depend on where
/// they differ (CSRF tokens).
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn too_many(state: &WebState, headers: &HeaderMap) -> Response {
    let lang = lang::negotiate(headers);
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, "60")],
        pages::message(&state.view(lang, "/"), "web-error-title", "web-too-many"),
    )
        .into_response()
}

fn refused(state: &WebState, headers: &HeaderMap, status: StatusCode, text_id: &str) -> Response {
    let lang = lang::negotiate(headers);
    (
        status,
        pages::message(&state.view(lang, "/"), "web-login-refused-title", text_id),
    )
        .into_response()
}

/// Both login routes: within the per-address rate limit, and only when
/// the dashboard's login is configured.
fn login_gate<'a>(
    state: &'a WebState,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<&'a Login, Box<Response>> {
    if !state.inner.login_limit.allow(peer.ip(), Instant::now()) {
        return Err(Box::new(too_many(state, headers)));
    }
    state.inner.login.as_ref().ok_or_else(|| {
        Box::new(refused(
            state,
            headers,
            StatusCode::SERVICE_UNAVAILABLE,
            "web-login-off",
        ))
    })
}

/// `GET /login`: off to Discord.
pub async fn login(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let login = match login_gate(&state, peer, &headers) {
        Ok(login) => login,
        Err(refusal) => return *refusal,
    };
    let login_state = random_token();
    let verifier = random_token();
    if let Err(e) = state
        .inner
        .store
        .begin_web_login(&login_state, &verifier, Utc::now())
        .await
    {
        tracing::error!(error = %e, "cannot store a login");
        return refused(
            &state,
            &headers,
            StatusCode::SERVICE_UNAVAILABLE,
            "web-error",
        );
    }
    Redirect::to(
        &login
            .oauth
            .authorize_url(&login_state, &pkce_challenge(&verifier)),
    )
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /login/callback`: Discord sends the visitor back here.
pub async fn callback(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(cb): Query<Callback>,
) -> Response {
    let login = match login_gate(&state, peer, &headers) {
        Ok(login) => login,
        Err(refusal) => return *refusal,
    };
    let (Some(code), Some(login_state), None) = (cb.code, cb.state, cb.error) else {
        return refused(
            &state,
            &headers,
            StatusCode::BAD_REQUEST,
            "web-login-cancelled",
        );
    };
    let now = Utc::now();
    let store = &state.inner.store;
    let verifier = match store
        .take_web_login(&login_state, now - Duration::minutes(LOGIN_MINUTES))
        .await
    {
        Ok(Some(v)) => v,
        Ok(None) => return refused(&state, &headers, StatusCode::BAD_REQUEST, "web-login-stale"),
        Err(e) => {
            tracing::error!(error = %e, "cannot read a login");
            return refused(
                &state,
                &headers,
                StatusCode::SERVICE_UNAVAILABLE,
                "web-error",
            );
        }
    };
    let who = async {
        let token = login.oauth.exchange(&code, &verifier).await?;
        let user = login.oauth.user_id(&token).await?;
        let roles = login.oauth.member_roles(&token, login.guild).await?;
        Ok::<_, super::oauth::OAuthError>((token, user, roles))
    }
    .await;
    let (token, user, roles) = match who {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(error = %e, "a dashboard login failed");
            return refused(
                &state,
                &headers,
                StatusCode::BAD_GATEWAY,
                "web-login-failed",
            );
        }
    };
    match state.is_organizer(login.guild, roles.as_deref()).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::info!(user, "dashboard login refused: not an organizer");
            return refused(
                &state,
                &headers,
                StatusCode::FORBIDDEN,
                "web-login-not-organizer",
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot read the organizer role");
            return refused(
                &state,
                &headers,
                StatusCode::SERVICE_UNAVAILABLE,
                "web-error",
            );
        }
    }
    let session = random_token();
    let csrf = random_token();
    if let Err(e) = store
        .create_web_session(
            &hash(&session),
            &state.inner.event.event.id,
            user,
            &csrf,
            token.expose(),
            now,
            now + Duration::days(SESSION_DAYS),
        )
        .await
    {
        tracing::error!(error = %e, "cannot open a session");
        return refused(
            &state,
            &headers,
            StatusCode::SERVICE_UNAVAILABLE,
            "web-error",
        );
    }
    tracing::info!(user, "organizer signed in to the dashboard");
    (
        [(
            header::SET_COOKIE,
            format!(
                "{SESSION_COOKIE}={session}; Path=/; Max-Age={}; HttpOnly; Secure; SameSite=Lax",
                SESSION_DAYS * 86_400
            ),
        )],
        Redirect::to("/dashboard"),
    )
        .into_response()
}

/// A signed-in organizer, confirmed by Discord within [`ROLE_RECHECK`].
pub struct Organizer {
    pub session: WebSession,
    token_hash: String,
}

impl WebState {
    /// Whether `roles` (a member's; `None`: not a member) hold the event's
    /// organizer role, by the id stored for the guild.
    async fn is_organizer(
        &self,
        guild: u64,
        roles: Option<&[u64]>,
    ) -> Result<bool, crate::store::StoreError> {
        let Some(roles) = roles else {
            return Ok(false);
        };
        let organizer = self
            .inner
            .store
            .discord_id(
                &self.inner.event.event.id,
                guild,
                IdKind::Role,
                keys::ORGANIZER,
            )
            .await?;
        Ok(organizer.is_some_and(|id| roles.contains(&id)))
    }

    /// The organizer behind this request, or the answer to give instead
    /// (to the login when there is no session, refused when the role is
    /// gone — and the session ended).
    pub async fn organizer(&self, headers: &HeaderMap) -> Result<Organizer, Response> {
        let to_login = || Redirect::to("/login").into_response();
        let Some(login) = &self.inner.login else {
            return Err(refused(
                self,
                headers,
                StatusCode::SERVICE_UNAVAILABLE,
                "web-login-off",
            ));
        };
        let Some(token) = cookie(headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let token_hash = hash(&token);
        let now = Utc::now();
        let store = &self.inner.store;
        let session = match store
            .web_session(&self.inner.event.event.id, &token_hash, now)
            .await
        {
            Ok(Some(s)) => s,
            Ok(None) => return Err(to_login()),
            Err(e) => {
                tracing::error!(error = %e, "cannot read a session");
                return Err(refused(
                    self,
                    headers,
                    StatusCode::SERVICE_UNAVAILABLE,
                    "web-error",
                ));
            }
        };
        if now - session.role_checked_at >= login.role_recheck {
            let roles = login
                .oauth
                .member_roles(&session.access_token, login.guild)
                .await;
            let still = match roles {
                Ok(roles) => self.is_organizer(login.guild, roles.as_deref()).await,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot confirm the organizer role");
                    return Err(refused(
                        self,
                        headers,
                        StatusCode::BAD_GATEWAY,
                        "web-login-failed",
                    ));
                }
            };
            match still {
                Ok(true) => {
                    if let Err(e) = store.touch_web_session_role(&token_hash, now).await {
                        tracing::warn!(error = %e, "cannot record the role check");
                    }
                }
                Ok(false) => {
                    tracing::info!(
                        user = session.user_id,
                        "dashboard session ended: no longer an organizer"
                    );
                    if let Err(e) = store.end_web_session(&token_hash, now).await {
                        tracing::warn!(error = %e, "cannot end a session");
                    }
                    return Err(refused(
                        self,
                        headers,
                        StatusCode::FORBIDDEN,
                        "web-login-not-organizer",
                    ));
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot read the organizer role");
                    return Err(refused(
                        self,
                        headers,
                        StatusCode::SERVICE_UNAVAILABLE,
                        "web-error",
                    ));
                }
            }
        }
        Ok(Organizer {
            session,
            token_hash,
        })
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

impl CsrfForm {
    /// The token the form sent.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl Organizer {
    /// Whether a form carries this session's CSRF token.
    pub fn csrf_ok(&self, sent: &str) -> bool {
        same(sent, &self.session.csrf_token)
    }
}

/// `POST /logout` (with the CSRF token).
pub async fn logout(
    State(state): State<WebState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let who = match state.organizer(&headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    if !who.csrf_ok(&form.csrf) {
        return refused(&state, &headers, StatusCode::FORBIDDEN, "web-csrf");
    }
    if let Err(e) = state
        .inner
        .store
        .end_web_session(&who.token_hash, Utc::now())
        .await
    {
        tracing::error!(error = %e, "cannot end a session");
    }
    (
        [(
            header::SET_COOKIE,
            format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"),
        )],
        Redirect::to("/"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge_matches_rfc_7636_appendix_b() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn tokens_compare_in_full() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
