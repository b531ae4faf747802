//! The fake REST API under `/api/v10`: one fallback handler that records the request,
//! applies failures the test asked for, and routes on (method, path segments).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};

use super::fixtures::{self, GUILD_ID};
use super::state::{ApiError, RecordedRequest, State};
use super::Shared;

/// An error the fake answers instead of handling a request.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// 429 with `retry_after` (seconds) in the body and Discord's rate limit headers.
    RateLimited { retry_after: f64, global: bool },
    /// A Discord JSON error (`{"message", "code"}`) with an HTTP status.
    Api {
        status: u16,
        code: u32,
        message: String,
    },
    /// A bare server error (500, 502, 503…) with a non-Discord body.
    Server(u16),
}

impl Failure {
    pub fn rate_limited(retry_after: f64) -> Self {
        Self::RateLimited {
            retry_after,
            global: false,
        }
    }
    /// 50007: the user does not accept DMs from the bot.
    pub fn cannot_dm() -> Self {
        Self::api(403, 50007, "Cannot send messages to this user")
    }
    /// 50013: the bot lacks a permission.
    pub fn missing_permissions() -> Self {
        Self::api(403, 50013, "Missing Permissions")
    }
    pub fn server_error(status: u16) -> Self {
        Self::Server(status)
    }
    pub fn api(status: u16, code: u32, message: &str) -> Self {
        Self::Api {
            status,
            code,
            message: message.into(),
        }
    }

    fn response(&self) -> Response {
        match self {
            Self::RateLimited {
                retry_after,
                global,
            } => {
                let body = json!({ "message": "You are being rate limited.", "retry_after": retry_after, "global": global });
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
                let headers = response.headers_mut();
                let value = |s: String| HeaderValue::from_str(&s).expect("header value");
                headers.insert("retry-after", value(retry_after.ceil().to_string()));
                headers.insert("x-ratelimit-limit", value("1".into()));
                headers.insert("x-ratelimit-remaining", value("0".into()));
                headers.insert("x-ratelimit-reset-after", value(retry_after.to_string()));
                headers.insert("x-ratelimit-bucket", value("fake-bucket".into()));
                headers.insert(
                    "x-ratelimit-scope",
                    value(if *global { "global" } else { "user" }.into()),
                );
                if *global {
                    headers.insert("x-ratelimit-global", value("true".into()));
                }
                response
            }
            Self::Api {
                status,
                code,
                message,
            } => error_response(&ApiError::new(*status, *code, message)),
            Self::Server(status) => (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                "upstream connect error (fake)",
            )
                .into_response(),
        }
    }
}

/// "The next N requests matching this get that failure."
#[derive(Clone, Debug)]
pub struct FailureRule {
    pub method: String,
    pub pattern: String,
    /// Only requests whose channel (second path segment) is a DM channel.
    pub dm_only: bool,
    pub remaining: usize,
    pub failure: Failure,
}

fn error_response(error: &ApiError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    (
        status,
        axum::Json(json!({ "message": error.message, "code": error.code })),
    )
        .into_response()
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// What a route produced.
enum Reply {
    Json(Value),
    Created(Value),
    NoContent,
    Error(ApiError),
    Unknown,
}

impl From<Result<Value, ApiError>> for Reply {
    fn from(result: Result<Value, ApiError>) -> Self {
        result.map_or_else(Reply::Error, Reply::Json)
    }
}

impl From<Result<(), ApiError>> for Reply {
    fn from(result: Result<(), ApiError>) -> Self {
        result.map_or_else(Reply::Error, |()| Reply::NoContent)
    }
}

async fn handle(
    AxumState(shared): AxumState<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (body, files) = parse_body(&headers, &body);
    let path = uri.path().to_string();
    let mut recorded = RecordedRequest {
        method: method.to_string(),
        path: path.strip_prefix("/api/v10").unwrap_or(&path).to_string(),
        query: uri.query().map(str::to_string),
        body,
        files,
        status: 0,
        at: Instant::now(),
    };

    shared.update(|inner| {
        let injected = take_failure(&mut inner.failures, &inner.state, &recorded);
        let response = match injected {
            Some(failure) => failure.response(),
            None if !path.starts_with("/api/v10/") => unknown(inner, &recorded),
            None => match route(&mut inner.state, &shared, &recorded) {
                Reply::Json(value) => axum::Json(value).into_response(),
                Reply::Created(value) => (StatusCode::CREATED, axum::Json(value)).into_response(),
                Reply::NoContent => StatusCode::NO_CONTENT.into_response(),
                Reply::Error(error) => error_response(&error),
                Reply::Unknown => unknown(inner, &recorded),
            },
        };
        recorded.status = response.status().as_u16();
        inner.requests.push(recorded);
        response
    })
}

fn unknown(inner: &mut super::Inner, request: &RecordedRequest) -> Response {
    let line = format!("{} {}", request.method, request.path);
    eprintln!(
        "[fake discord] NO ROUTE for {line} (query {:?}, body {})",
        request.query, request.body
    );
    inner.unknown_routes.push(line);
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({ "message": "404: Not Found", "code": 0 })),
    )
        .into_response()
}

fn take_failure(
    rules: &mut Vec<FailureRule>,
    state: &State,
    request: &RecordedRequest,
) -> Option<Failure> {
    let rule = rules.iter_mut().find(|rule| {
        rule.remaining > 0
            && request.is(&rule.method, &rule.pattern)
            && (!rule.dm_only || dm_target(state, &request.path))
    })?;
    rule.remaining -= 1;
    let failure = rule.failure.clone();
    rules.retain(|r| r.remaining > 0);
    Some(failure)
}

fn dm_target(state: &State, path: &str) -> bool {
    path.split('/')
        .nth(2)
        .and_then(|c| c.parse().ok())
        .is_some_and(|c| state.is_dm(c))
}

/// JSON, or the `payload_json` part (and attachment file names) of a multipart body.
fn parse_body(headers: &HeaderMap, body: &[u8]) -> (Value, Vec<String>) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        return parse_multipart(body, boundary.trim_matches('"'));
    }
    if body.is_empty() {
        return (Value::Null, Vec::new());
    }
    let value = serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into()));
    (value, Vec::new())
}

fn parse_multipart(body: &[u8], boundary: &str) -> (Value, Vec<String>) {
    let text = String::from_utf8_lossy(body);
    let mut payload = Value::Null;
    let mut files = Vec::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        if head.contains("name=\"payload_json\"") {
            payload = serde_json::from_str(content).unwrap_or(Value::Null);
        } else if let Some(name) = head
            .split("filename=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
        {
            files.push(name.to_string());
        }
    }
    (payload, files)
}

fn id(segment: &str) -> Result<u64, ApiError> {
    segment.parse().map_err(|_| {
        ApiError::new(
            400,
            50035,
            &format!("Invalid Form Body: {segment} is not snowflake"),
        )
    })
}

fn guild(segment: &str) -> Result<(), ApiError> {
    if id(segment)? == GUILD_ID {
        Ok(())
    } else {
        Err(ApiError::new(404, 10004, "Unknown Guild"))
    }
}

fn query_param(request: &RecordedRequest, name: &str) -> Option<String> {
    request
        .query
        .as_deref()?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(value) => value,
            Err(error) => return Reply::Error(error),
        }
    };
}

fn route(state: &mut State, shared: &Shared, request: &RecordedRequest) -> Reply {
    let body = &request.body;
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        // Gateway lookup: serenity connects to `{url}?v=10`, so no query here.
        ("GET", ["gateway"]) => Reply::Json(json!({ "url": shared.gateway_url })),
        ("GET", ["gateway", "bot"]) => Reply::Json(json!({
            "url": shared.gateway_url,
            "shards": 1,
            "session_start_limit": { "total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1 },
        })),
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => {
            Reply::Json(fixtures::application_info())
        }

        // Users and DMs.
        ("GET", ["users", "@me"]) => Reply::Json(fixtures::bot_user()),
        ("GET", ["users", user]) => {
            let user = tri!(id(user));
            state
                .users
                .get(&user)
                .cloned()
                .ok_or_else(ApiError::unknown_user)
                .into()
        }
        ("POST", ["users", "@me", "channels"]) => {
            let recipient = tri!(body
                .get("recipient_id")
                .and_then(fixtures::id_of)
                .ok_or_else(|| ApiError::invalid_form_body("recipient_id")));
            state.open_dm(recipient).into()
        }

        // Guild, channels, roles, members.
        ("GET", ["guilds", g]) => {
            tri!(guild(g));
            Reply::Json(state.partial_guild())
        }
        ("GET", ["guilds", g, "channels"]) => {
            tri!(guild(g));
            Reply::Json(Value::Array(state.guild_channels()))
        }
        ("POST", ["guilds", g, "channels"]) => {
            tri!(guild(g));
            state
                .create_channel(body)
                .map_or_else(Reply::Error, Reply::Created)
        }
        ("PATCH", ["guilds", g, "channels"]) => {
            tri!(guild(g));
            for entry in body.as_array().into_iter().flatten() {
                let channel = tri!(entry
                    .get("id")
                    .and_then(fixtures::id_of)
                    .ok_or_else(|| ApiError::invalid_form_body("id")));
                let mut patch = entry.clone();
                patch.as_object_mut().map(|p| p.remove("id"));
                tri!(state.modify_channel(channel, &patch));
            }
            Reply::NoContent
        }
        ("GET", ["guilds", g, "threads", "active"]) => {
            tri!(guild(g));
            Reply::Json(json!({ "threads": state.threads(), "members": [] }))
        }
        ("GET", ["guilds", g, "roles"]) => {
            tri!(guild(g));
            Reply::Json(Value::Array(state.roles_sorted()))
        }
        ("POST", ["guilds", g, "roles"]) => {
            tri!(guild(g));
            state.create_role(body).into()
        }
        ("PATCH", ["guilds", g, "roles"]) => {
            tri!(guild(g));
            state.reorder_roles(body).into()
        }
        ("PATCH", ["guilds", g, "roles", role]) => {
            tri!(guild(g));
            state.modify_role(tri!(id(role)), body).into()
        }
        ("DELETE", ["guilds", g, "roles", role]) => {
            tri!(guild(g));
            state.delete_role(tri!(id(role))).into()
        }
        ("GET", ["guilds", g, "members"]) => {
            tri!(guild(g));
            let limit = query_param(request, "limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(1);
            let after: u64 = query_param(request, "after")
                .and_then(|a| a.parse().ok())
                .unwrap_or(0);
            let members: Vec<Value> = state
                .members
                .range(after + 1..)
                .take(limit)
                .map(|(_, m)| m.clone())
                .collect();
            Reply::Json(Value::Array(members))
        }
        ("GET", ["guilds", g, "members", user]) => {
            tri!(guild(g));
            state.member(tri!(id(user))).into()
        }
        ("PATCH", ["guilds", g, "members", user]) => {
            tri!(guild(g));
            state.modify_member(tri!(id(user)), body).into()
        }
        ("PUT", ["guilds", g, "members", user, "roles", role]) => {
            tri!(guild(g));
            state.add_member_role(tri!(id(user)), tri!(id(role))).into()
        }
        ("DELETE", ["guilds", g, "members", user, "roles", role]) => {
            tri!(guild(g));
            state
                .remove_member_role(tri!(id(user)), tri!(id(role)))
                .into()
        }

        // Channels, threads, messages, pins, overwrites.
        ("GET", ["channels", c]) => state.channel(tri!(id(c))).into(),
        ("PATCH", ["channels", c]) => state.modify_channel(tri!(id(c)), body).into(),
        ("DELETE", ["channels", c]) => state.delete_channel(tri!(id(c))).into(),
        ("PUT", ["channels", c, "permissions", target]) => state
            .put_overwrite(tri!(id(c)), tri!(id(target)), body)
            .into(),
        ("DELETE", ["channels", c, "permissions", target]) => {
            state.delete_overwrite(tri!(id(c)), tri!(id(target))).into()
        }
        ("POST", ["channels", c, "threads"]) => state
            .create_thread(tri!(id(c)), body)
            .map_or_else(Reply::Error, Reply::Created),
        ("POST", ["channels", c, "messages", m, "threads"]) => state
            .create_thread_from_message(tri!(id(c)), tri!(id(m)), body)
            .map_or_else(Reply::Error, Reply::Created),
        ("PUT", ["channels", _, "thread-members", _])
        | ("DELETE", ["channels", _, "thread-members", _]) => Reply::NoContent,
        ("POST", ["channels", _, "typing"]) => Reply::NoContent,
        ("GET", ["channels", c, "messages"]) => {
            let limit = query_param(request, "limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(50);
            state.list_messages(tri!(id(c)), limit).into()
        }
        ("POST", ["channels", c, "messages"]) => state.create_message(tri!(id(c)), body).into(),
        // Pins: serenity 0.12.5 uses `/pins/{m}`; newer clients `/messages/pins/{m}`.
        ("PUT", ["channels", c, "pins", m]) | ("PUT", ["channels", c, "messages", "pins", m]) => {
            state.set_pinned(tri!(id(c)), tri!(id(m)), true).into()
        }
        ("DELETE", ["channels", c, "pins", m])
        | ("DELETE", ["channels", c, "messages", "pins", m]) => {
            state.set_pinned(tri!(id(c)), tri!(id(m)), false).into()
        }
        ("GET", ["channels", c, "pins"]) => Reply::Json(Value::Array(state.pins(tri!(id(c))))),
        ("GET", ["channels", c, "messages", "pins"]) => {
            let items: Vec<Value> = state
                .pins(tri!(id(c)))
                .into_iter()
                .map(|m| json!({ "pinned_at": fixtures::now(), "message": m }))
                .collect();
            Reply::Json(json!({ "items": items, "has_more": false }))
        }
        ("GET", ["channels", c, "messages", m]) => state.message(tri!(id(c)), tri!(id(m))).into(),
        ("PATCH", ["channels", c, "messages", m]) => {
            tri!(state.message(tri!(id(c)), tri!(id(m))));
            state.edit_message(tri!(id(m)), body).into()
        }
        ("DELETE", ["channels", c, "messages", m]) => {
            state.delete_message(tri!(id(c)), tri!(id(m))).into()
        }

        // Application commands (guild and global).
        ("GET", ["applications", _, "commands"]) => {
            Reply::Json(Value::Array(state.global_commands.clone()))
        }
        ("PUT", ["applications", _, "commands"]) => state.put_commands(false, body).into(),
        ("POST", ["applications", _, "commands"]) => state.upsert_command(false, body).into(),
        ("GET", ["applications", _, "guilds", g, "commands"]) => {
            tri!(guild(g));
            Reply::Json(Value::Array(state.guild_commands.clone()))
        }
        ("PUT", ["applications", _, "guilds", g, "commands"]) => {
            tri!(guild(g));
            state.put_commands(true, body).into()
        }
        ("POST", ["applications", _, "guilds", g, "commands"]) => {
            tri!(guild(g));
            state.upsert_command(true, body).into()
        }
        ("DELETE", ["applications", _, "commands", command]) => {
            let command = tri!(id(command));
            state
                .global_commands
                .retain(|c| fixtures::id_of(&c["id"]) != Some(command));
            Reply::NoContent
        }
        ("DELETE", ["applications", _, "guilds", _, "commands", command]) => {
            let command = tri!(id(command));
            state
                .guild_commands
                .retain(|c| fixtures::id_of(&c["id"]) != Some(command));
            Reply::NoContent
        }

        // Interactions: callback, follow-ups, original response.
        ("POST", ["interactions", interaction, token, "callback"]) => state
            .interaction_callback(tri!(id(interaction)), token, body)
            .into(),
        ("POST", ["webhooks", app, token]) => {
            tri!(State::check_app(tri!(id(app))));
            state.create_followup(token, body).into()
        }
        ("GET", ["webhooks", app, token, "messages", which]) => {
            tri!(State::check_app(tri!(id(app))));
            state.webhook_message(token, which, None).into()
        }
        ("PATCH", ["webhooks", app, token, "messages", which]) => {
            tri!(State::check_app(tri!(id(app))));
            state.webhook_message(token, which, Some(body)).into()
        }
        ("DELETE", ["webhooks", app, token, "messages", which]) => {
            tri!(State::check_app(tri!(id(app))));
            state.delete_webhook_message(token, which).into()
        }

        _ => Reply::Unknown,
    }
}
