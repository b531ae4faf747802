//! Discord's OAuth2 for "Login with Discord", as documented
//! (https://discord.com/developers/docs/topics/oauth2): the authorization
//! code grant with PKCE (S256 only) and `state`, the token exchange with
//! client authentication (HTTP Basic or in the form), `GET /users/@me` and
//! `GET /users/@me/guilds/{guild.id}/member` with a Bearer token.
//!
//! Discord's own login page is stood in for by `GET /fake/sign-in/{user}`,
//! which sets the fake's session cookie in the browser; `authorize` then
//! approves at once (as Discord does with `prompt=none` for an app already
//! authorized). Requests with a bot token fall through to the REST fake.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State as AxumState};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{fixtures, Shared};

/// The application's client secret (the client id is the app id).
pub const CLIENT_SECRET: &str = "fake-oauth-client-secret";
const COOKIE: &str = "fake_discord_user";
/// Discord's codes are short-lived; ten minutes here.
const CODE_LIFETIME: Duration = Duration::from_secs(600);
const KNOWN_SCOPES: &[&str] = &[
    "identify",
    "email",
    "guilds",
    "guilds.members.read",
    "connections",
];

struct Grant {
    user: u64,
    redirect_uri: String,
    scopes: Vec<String>,
    challenge: Option<String>,
    issued: Instant,
}

#[derive(Default)]
struct Inner {
    redirect_uris: Vec<String>,
    codes: HashMap<String, Grant>,
    /// access token → (user, scopes)
    tokens: HashMap<String, (u64, Vec<String>)>,
    next: u64,
    /// Every token exchange's form, for tests that check what was sent.
    exchanges: Vec<HashMap<String, String>>,
}

/// The fake's OAuth2 application.
#[derive(Default)]
pub struct OAuth {
    inner: Mutex<Inner>,
}

impl OAuth {
    /// Registers a redirect URI, as in the developer portal.
    pub fn register_redirect(&self, uri: &str) {
        self.lock().redirect_uris.push(uri.to_string());
    }

    /// The forms of every token exchange so far.
    pub fn exchanges(&self) -> Vec<HashMap<String, String>> {
        self.lock().exchanges.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Answers OAuth2 requests in front of `rest`; everything else passes.
pub fn wrap(rest: Router, shared: Arc<Shared>, oauth: Arc<OAuth>) -> Router {
    rest.layer(middleware::from_fn_with_state((shared, oauth), intercept))
}

type St = (Arc<Shared>, Arc<OAuth>);

async fn intercept(
    AxumState((shared, oauth)): AxumState<St>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_string();
    let path = path
        .strip_prefix("/api/v10")
        .or_else(|| path.strip_prefix("/api/v9"))
        .or_else(|| path.strip_prefix("/api"))
        .unwrap_or(&path)
        .to_string();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let query = req.uri().query().unwrap_or_default().to_string();
    let method = req.method().clone();
    match (method.as_str(), path.as_str()) {
        ("GET", p) if p.starts_with("/fake/sign-in/") => sign_in(&p["/fake/sign-in/".len()..]),
        ("GET", "/oauth2/authorize") => authorize(&oauth, req.headers(), &query),
        ("POST", "/oauth2/token") => {
            let headers = req.headers().clone();
            let body = axum::body::to_bytes(req.into_body(), 64 * 1024)
                .await
                .unwrap_or_default();
            token(&oauth, &headers, &body)
        }
        ("GET", "/users/@me") if bearer.is_some() => {
            me(&shared, &oauth, bearer.as_deref().unwrap_or_default())
        }
        ("GET", p)
            if bearer.is_some()
                && p.starts_with("/users/@me/guilds/")
                && p.ends_with("/member") =>
        {
            let guild = &p["/users/@me/guilds/".len()..p.len() - "/member".len()];
            member(
                &shared,
                &oauth,
                bearer.as_deref().unwrap_or_default(),
                guild,
            )
        }
        _ if bearer.is_some() => api_error(401, 0, "401: Unauthorized"),
        _ => next.run(req).await,
    }
}

fn api_error(status: u16, code: u32, message: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        Json(json!({ "message": message, "code": code })),
    )
        .into_response()
}

fn oauth_error(status: u16, error: &str, description: &str) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

fn sign_in(user: &str) -> Response {
    let Ok(id) = user.parse::<u64>() else {
        return api_error(400, 50035, "Invalid Form Body");
    };
    (
        [(
            header::SET_COOKIE,
            format!("{COOKIE}={id}; Path=/; HttpOnly"),
        )],
        format!("signed in to the fake Discord as {id}"),
    )
        .into_response()
}

fn form(text: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

fn random() -> String {
    let mut bytes = [0u8; 24];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn redirect(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap_or_default()
}

fn with_params(uri: &str, params: &[(&str, &str)]) -> String {
    let q = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    format!("{uri}{}{q}", if uri.contains('?') { '&' } else { '?' })
}

/// `GET /oauth2/authorize`: approves for the signed-in user and sends the
/// browser back with `code` and the same `state`.
fn authorize(oauth: &OAuth, headers: &HeaderMap, query: &str) -> Response {
    let q = form(query);
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or_default();
    if get("client_id") != fixtures::APP_ID.to_string() {
        return api_error(400, 10002, "Unknown Application");
    }
    let redirect_uri = get("redirect_uri").to_string();
    if !oauth.lock().redirect_uris.contains(&redirect_uri) {
        // Discord shows an error page and does not redirect.
        return api_error(400, 50035, "Invalid OAuth2 redirect_uri");
    }
    let state = get("state").to_string();
    let fail = |error: &str| {
        redirect(&with_params(
            &redirect_uri,
            &[("error", error), ("state", &state)],
        ))
    };
    if get("response_type") != "code" {
        return fail("unsupported_response_type");
    }
    let scopes: Vec<String> = get("scope")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if scopes.is_empty() || scopes.iter().any(|s| !KNOWN_SCOPES.contains(&s.as_str())) {
        return fail("invalid_scope");
    }
    let challenge = q.get("code_challenge").cloned();
    if challenge.is_some() && get("code_challenge_method") != "S256" {
        return fail("invalid_request");
    }
    let user = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .and_then(|(_, v)| v.parse::<u64>().ok());
    let Some(user) = user else {
        // Not signed in to Discord: its login page, not a redirect.
        return (StatusCode::UNAUTHORIZED, "Log in to Discord first").into_response();
    };
    let code = random();
    oauth.lock().codes.insert(
        code.clone(),
        Grant {
            user,
            redirect_uri: redirect_uri.clone(),
            scopes,
            challenge,
            issued: Instant::now(),
        },
    );
    redirect(&with_params(
        &redirect_uri,
        &[("code", &code), ("state", &state)],
    ))
}

/// `POST /oauth2/token` (`application/x-www-form-urlencoded`).
fn token(oauth: &OAuth, headers: &HeaderMap, body: &[u8]) -> Response {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return api_error(400, 50035, "Invalid Form Body");
    }
    let f = form(&String::from_utf8_lossy(body));
    let mut inner = oauth.lock();
    inner.exchanges.push(f.clone());
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            s.split_once(':')
                .map(|(a, b)| (a.to_string(), b.to_string()))
        });
    let (id, secret) = basic.unwrap_or_else(|| {
        (
            f.get("client_id").cloned().unwrap_or_default(),
            f.get("client_secret").cloned().unwrap_or_default(),
        )
    });
    if id != fixtures::APP_ID.to_string() || secret != CLIENT_SECRET {
        return oauth_error(401, "invalid_client", "Invalid client");
    }
    if f.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return oauth_error(400, "unsupported_grant_type", "Unsupported grant type");
    }
    let code = f.get("code").cloned().unwrap_or_default();
    // A code is good once, whatever happens next.
    let Some(grant) = inner.codes.remove(&code) else {
        return oauth_error(400, "invalid_grant", "Invalid \"code\" in request.");
    };
    if grant.issued.elapsed() > CODE_LIFETIME {
        return oauth_error(400, "invalid_grant", "Invalid \"code\" in request.");
    }
    if f.get("redirect_uri") != Some(&grant.redirect_uri) {
        return oauth_error(400, "invalid_grant", "Invalid \"redirect_uri\" in request.");
    }
    if let Some(challenge) = &grant.challenge {
        let verifier = f.get("code_verifier").cloned().unwrap_or_default();
        let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha256::digest(verifier.as_bytes()));
        if &computed != challenge {
            return oauth_error(
                400,
                "invalid_grant",
                "Invalid \"code_verifier\" in request.",
            );
        }
    }
    let access = random();
    inner.next += 1;
    inner
        .tokens
        .insert(access.clone(), (grant.user, grant.scopes.clone()));
    Json(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 604800,
        "refresh_token": random(),
        "scope": grant.scopes.join(" "),
    }))
    .into_response()
}

/// The token's user, or Discord's error (status, code, message).
fn token_user(oauth: &OAuth, token: &str, scope: &str) -> Result<u64, (u16, u32, &'static str)> {
    match oauth.lock().tokens.get(token) {
        None => Err((401, 0, "401: Unauthorized")),
        Some((_, scopes)) if !scopes.iter().any(|s| s == scope) => {
            Err((403, 50001, "Missing Access"))
        }
        Some((user, _)) => Ok(*user),
    }
}

/// `GET /users/@me` (scope `identify`).
fn me(shared: &Shared, oauth: &OAuth, token: &str) -> Response {
    let user = match token_user(oauth, token, "identify") {
        Ok(u) => u,
        Err((status, code, message)) => return api_error(status, code, message),
    };
    let found: Option<Value> = shared.read(|i| {
        i.state
            .users
            .get(&user)
            .cloned()
            .or_else(|| i.state.members.get(&user).map(|m| m["user"].clone()))
    });
    match found {
        Some(u) => Json(u).into_response(),
        None => Json(fixtures::user(user, &format!("user{user}"))).into_response(),
    }
}

/// `GET /users/@me/guilds/{guild.id}/member` (scope `guilds.members.read`).
fn member(shared: &Shared, oauth: &OAuth, token: &str, guild: &str) -> Response {
    let user = match token_user(oauth, token, "guilds.members.read") {
        Ok(u) => u,
        Err((status, code, message)) => return api_error(status, code, message),
    };
    if guild != fixtures::GUILD_ID.to_string() {
        return api_error(404, 10004, "Unknown Guild");
    }
    match shared.read(|i| i.state.members.get(&user).cloned()) {
        Some(m) => Json(m).into_response(),
        // Discord answers a non-member with Unknown Guild.
        None => api_error(404, 10004, "Unknown Guild"),
    }
}
