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
    /// The request is carried out, then answered with a bare server error:
    /// a gateway timing out after the backend acted (a retry may duplicate).
    AfterWrite(u16),
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
    pub fn after_write(status: u16) -> Self {
        Self::AfterWrite(status)
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
            Self::Server(status) | Self::AfterWrite(status) => (
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
    let (body, files, file_bytes) = parse_body(&headers, &body);
    let path = uri.path().to_string();
    let mut recorded = RecordedRequest {
        method: method.to_string(),
        path: path.strip_prefix("/api/v10").unwrap_or(&path).to_string(),
        query: uri.query().map(str::to_string),
        body,
        files,
        file_bytes,
        status: 0,
        at: Instant::now(),
    };

    wait_while_held(&shared, &recorded).await;
    shared.update(|inner| {
        let mut events = Vec::new();
        let injected = take_failure(&mut inner.failures, &inner.state, &recorded);
        let after_write = matches!(injected, Some(Failure::AfterWrite(_)));
        let response = match injected {
            Some(Failure::AfterWrite(status)) => {
                let _ = route(&mut inner.state, &shared, &recorded, &mut events);
                Failure::AfterWrite(status).response()
            }
            Some(failure) => failure.response(),
            None if !path.starts_with("/api/v10/") => unknown(inner, &recorded),
            None => match route(&mut inner.state, &shared, &recorded, &mut events) {
                Reply::Json(value) => axum::Json(value).into_response(),
                Reply::Created(value) => (StatusCode::CREATED, axum::Json(value)).into_response(),
                Reply::NoContent => StatusCode::NO_CONTENT.into_response(),
                Reply::Error(error) => error_response(&error),
                Reply::Unknown => unknown(inner, &recorded),
            },
        };
        recorded.status = response.status().as_u16();
        inner.requests.push(recorded);
        if (response.status().is_success() || after_write) && shared.echo_events {
            for (event, data) in events {
                echo(&mut inner.gateway, &event, data);
            }
        }
        response
    })
}

/// Holds a request matching a hold until the hold is lifted (a Discord that does not answer
/// yet, so a test can stop a bot process in the middle of a call). A request whose client
/// went away meanwhile may still be applied when released, as a real one may have been.
async fn wait_while_held(shared: &Shared, request: &RecordedRequest) {
    struct Waiting<'a>(&'a Shared);
    impl Drop for Waiting<'_> {
        fn drop(&mut self) {
            self.0.update(|i| i.held -= 1);
        }
    }
    let mut changed = shared.changed.subscribe();
    let held = |i: &super::Inner| i.holds.iter().any(|(m, p)| request.is(m, p));
    if !shared.read(held) {
        return;
    }
    shared.update(|i| i.held += 1);
    let _waiting = Waiting(shared);
    while shared.read(held) {
        if changed.changed().await.is_err() {
            break;
        }
    }
}

/// Sends the dispatch real Discord would send after a change the bot made, if the bot
/// identified with the intent that carries it (so its cache stays true).
fn echo(gateway: &mut super::gateway::GatewayState, event: &str, data: Value) {
    const GUILDS: u64 = 1;
    const GUILD_MEMBERS: u64 = 1 << 1;
    const GUILD_MESSAGES: u64 = 1 << 9;
    const DIRECT_MESSAGES: u64 = 1 << 12;
    let in_guild = data.get("guild_id").is_some();
    let intent = match event {
        "GUILD_MEMBER_UPDATE" => GUILD_MEMBERS,
        "CHANNEL_PINS_UPDATE" if in_guild => GUILDS,
        "CHANNEL_PINS_UPDATE" => DIRECT_MESSAGES,
        e if e.starts_with("MESSAGE_") && in_guild => GUILD_MESSAGES,
        e if e.starts_with("MESSAGE_") => DIRECT_MESSAGES,
        _ => GUILDS,
    };
    if gateway.identified() && gateway.intents & intent != 0 {
        gateway.dispatch(event, data);
    }
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

/// JSON, or the `payload_json` part (and attachment file names and bytes) of a multipart body.
fn parse_body(headers: &HeaderMap, body: &[u8]) -> (Value, Vec<String>, Vec<Vec<u8>>) {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if let Some(boundary) = content_type.split("boundary=").nth(1) {
        return parse_multipart(body, boundary.trim_matches('"'));
    }
    if body.is_empty() {
        return (Value::Null, Vec::new(), Vec::new());
    }
    let value = serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into()));
    (value, Vec::new(), Vec::new())
}

/// Splits a multipart body on its boundary, byte by byte (attachments are
/// binary), into the payload and the files.
fn parse_multipart(body: &[u8], boundary: &str) -> (Value, Vec<String>, Vec<Vec<u8>>) {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i + delimiter.len() <= body.len() {
        if &body[i..i + delimiter.len()] == delimiter {
            starts.push(i);
            i += delimiter.len();
        } else {
            i += 1;
        }
    }
    let mut payload = Value::Null;
    let mut files = Vec::new();
    let mut bytes = Vec::new();
    for pair in starts.windows(2) {
        let part = &body[pair[0] + delimiter.len()..pair[1]];
        let Some(split) = part.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..split]);
        let content = &part[split + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        if head.contains("name=\"payload_json\"") {
            payload = serde_json::from_slice(content).unwrap_or(Value::Null);
        } else if let Some(name) = head
            .split("filename=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
        {
            files.push(name.to_string());
            bytes.push(content.to_vec());
        }
    }
    (payload, files, bytes)
}

/// Decodes `%XX` escapes and `+` in a query value.
fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

/// Answers one request; `events` gets the dispatches the change would cause on Discord.
fn route(
    state: &mut State,
    shared: &Shared,
    request: &RecordedRequest,
    events: &mut Vec<(String, Value)>,
) -> Reply {
    let body = &request.body;
    let mut emit = |event: &str, data: Value| events.push((event.to_string(), data));
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    // Discord checks the bot's permissions before it changes anything.
    let files = request.files.len()
        + body["attachments"].as_array().map_or(0, Vec::len)
        + body["message"]["attachments"]
            .as_array()
            .map_or(0, Vec::len);
    tri!(state.authorize(&request.method, &segments, body, files));
    tri!(super::limits::check(&request.method, &segments, body));
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
        ("GET", ["users", "@me", "guilds"]) => Reply::Json(Value::Array(
            std::iter::once((GUILD_ID, state.guild_name.clone()))
                .chain(state.other_guilds.iter().cloned())
                .map(|(id, name)| {
                    json!({
                        "id": fixtures::sf(id),
                        "name": name,
                        "icon": null,
                        "owner": false,
                        "permissions": fixtures::MEMBER_PERMISSIONS,
                        "features": [],
                    })
                })
                .collect(),
        )),
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
            let channel = tri!(state.create_channel(body));
            emit("CHANNEL_CREATE", channel.clone());
            Reply::Created(channel)
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
                emit(
                    "CHANNEL_UPDATE",
                    tri!(state.modify_channel(channel, &patch)),
                );
            }
            Reply::NoContent
        }
        // Active threads only: archived ones are listed per channel elsewhere.
        ("GET", ["guilds", g, "threads", "active"]) => {
            tri!(guild(g));
            let active: Vec<Value> = state
                .threads()
                .into_iter()
                .filter(|t| t["thread_metadata"]["archived"].as_bool() != Some(true))
                .collect();
            Reply::Json(json!({ "threads": active, "members": [] }))
        }
        ("GET", ["guilds", g, "roles"]) => {
            tri!(guild(g));
            Reply::Json(Value::Array(state.roles_sorted()))
        }
        ("POST", ["guilds", g, "roles"]) => {
            tri!(guild(g));
            let role = tri!(state.create_role(body));
            emit("GUILD_ROLE_CREATE", fixtures::guild_role_event(&role));
            Reply::Json(role)
        }
        ("PATCH", ["guilds", g, "roles"]) => {
            tri!(guild(g));
            let roles = tri!(state.reorder_roles(body));
            for role in roles.as_array().into_iter().flatten() {
                emit("GUILD_ROLE_UPDATE", fixtures::guild_role_event(role));
            }
            Reply::Json(roles)
        }
        ("PATCH", ["guilds", g, "roles", role]) => {
            tri!(guild(g));
            let role = tri!(state.modify_role(tri!(id(role)), body));
            emit("GUILD_ROLE_UPDATE", fixtures::guild_role_event(&role));
            Reply::Json(role)
        }
        ("DELETE", ["guilds", g, "roles", role]) => {
            tri!(guild(g));
            let role = tri!(id(role));
            tri!(state.delete_role(role));
            emit("GUILD_ROLE_DELETE", fixtures::guild_role_delete(role));
            Reply::NoContent
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
        ("GET", ["guilds", g, "members", "search"]) => {
            tri!(guild(g));
            let query = query_param(request, "query").unwrap_or_default();
            let limit = query_param(request, "limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(1);
            Reply::Json(state.search_members(&percent_decode(&query), limit))
        }
        ("GET", ["guilds", g, "members", user]) => {
            tri!(guild(g));
            state.member(tri!(id(user))).into()
        }
        ("PATCH", ["guilds", g, "members", user]) => {
            tri!(guild(g));
            let member = tri!(state.modify_member(tri!(id(user)), body));
            emit(
                "GUILD_MEMBER_UPDATE",
                fixtures::guild_member_update(&member),
            );
            Reply::Json(member)
        }
        ("PUT", ["guilds", g, "members", user, "roles", role]) => {
            tri!(guild(g));
            let user = tri!(id(user));
            tri!(state.add_member_role(user, tri!(id(role))));
            let member = tri!(state.member(user));
            emit(
                "GUILD_MEMBER_UPDATE",
                fixtures::guild_member_update(&member),
            );
            Reply::NoContent
        }
        ("DELETE", ["guilds", g, "members", user, "roles", role]) => {
            tri!(guild(g));
            let user = tri!(id(user));
            tri!(state.remove_member_role(user, tri!(id(role))));
            let member = tri!(state.member(user));
            emit(
                "GUILD_MEMBER_UPDATE",
                fixtures::guild_member_update(&member),
            );
            Reply::NoContent
        }

        // Channels, threads, messages, pins, overwrites.
        ("GET", ["channels", c]) => state.channel(tri!(id(c))).into(),
        ("PATCH", ["channels", c]) => {
            let channel = tri!(state.modify_channel(tri!(id(c)), body));
            emit(channel_event(&channel, "UPDATE"), channel.clone());
            Reply::Json(channel)
        }
        ("DELETE", ["channels", c]) => {
            let channel = tri!(state.delete_channel(tri!(id(c))));
            match channel_event(&channel, "DELETE") {
                "THREAD_DELETE" => emit("THREAD_DELETE", fixtures::thread_delete(&channel)),
                event => emit(event, channel.clone()),
            }
            Reply::Json(channel)
        }
        ("PUT", ["channels", c, "permissions", target]) => {
            let c = tri!(id(c));
            tri!(state.put_overwrite(c, tri!(id(target)), body));
            emit("CHANNEL_UPDATE", tri!(state.channel(c)));
            Reply::NoContent
        }
        ("DELETE", ["channels", c, "permissions", target]) => {
            let c = tri!(id(c));
            tri!(state.delete_overwrite(c, tri!(id(target))));
            emit("CHANNEL_UPDATE", tri!(state.channel(c)));
            Reply::NoContent
        }
        ("POST", ["channels", c, "threads"]) => {
            let thread = tri!(state.create_thread(tri!(id(c)), body));
            let mut created = thread.clone();
            created.as_object_mut().map(|t| t.remove("message"));
            emit("THREAD_CREATE", fixtures::thread_create(&created));
            if let Some(starter) = thread.get("message") {
                state.record_notified(starter, &body["message"], false);
                emit("MESSAGE_CREATE", bot_message_create(starter));
            }
            Reply::Created(thread)
        }
        ("POST", ["channels", c, "messages", m, "threads"]) => {
            let thread = tri!(state.create_thread_from_message(tri!(id(c)), tri!(id(m)), body));
            emit("THREAD_CREATE", fixtures::thread_create(&thread));
            Reply::Created(thread)
        }
        ("PUT", ["channels", t, "thread-members", user]) => {
            let user = if *user == "@me" {
                fixtures::BOT_USER_ID
            } else {
                tri!(id(user))
            };
            state.add_thread_member(tri!(id(t)), user).into()
        }
        ("DELETE", ["channels", t, "thread-members", user]) => {
            let user = if *user == "@me" {
                fixtures::BOT_USER_ID
            } else {
                tri!(id(user))
            };
            state.remove_thread_member(tri!(id(t)), user).into()
        }
        ("GET", ["channels", t, "thread-members"]) => {
            let t = tri!(id(t));
            let members: Vec<Value> = state
                .thread_member_ids(t)
                .into_iter()
                .map(|u| json!({ "id": fixtures::sf(t), "user_id": fixtures::sf(u), "join_timestamp": fixtures::EPOCH, "flags": 0 }))
                .collect();
            Reply::Json(Value::Array(members))
        }
        ("POST", ["channels", _, "typing"]) => Reply::NoContent,
        ("GET", ["channels", c, "messages"]) => {
            let limit = query_param(request, "limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(50);
            let param = |name| query_param(request, name).and_then(|v| v.parse().ok());
            let c = tri!(id(c));
            // Without READ_MESSAGE_HISTORY the list is empty ("Get Channel Messages").
            let history = state.is_dm(c)
                || state.channel_permissions(fixtures::BOT_USER_ID, c)
                    & super::state::permissions::bits::READ_MESSAGE_HISTORY
                    != 0;
            let limit = if history { limit } else { 0 };
            state
                .list_messages(c, limit, param("before"), param("after"))
                .into()
        }
        ("POST", ["channels", c, "messages"]) => {
            let c = tri!(id(c));
            let before = state.messages.get(&c).map_or(0, Vec::len);
            let message = tri!(state.create_message(c, body));
            state.record_notified(&message, body, false);
            if let Some(thread) = state.unarchive_on_message(c) {
                emit("THREAD_UPDATE", thread);
            }
            // An enforced nonce that matched returns the old message and creates nothing.
            if state.messages.get(&c).map_or(0, Vec::len) > before {
                emit("MESSAGE_CREATE", bot_message_create(&message));
            }
            Reply::Json(message)
        }
        // Pins: serenity 0.12.5 uses `/pins/{m}`; newer clients `/messages/pins/{m}`.
        ("PUT", ["channels", c, "pins", m]) | ("PUT", ["channels", c, "messages", "pins", m]) => {
            let c = tri!(id(c));
            tri!(state.set_pinned(c, tri!(id(m)), true));
            emit(
                "CHANNEL_PINS_UPDATE",
                fixtures::channel_pins_update(c, !state.is_dm(c)),
            );
            Reply::NoContent
        }
        ("DELETE", ["channels", c, "pins", m])
        | ("DELETE", ["channels", c, "messages", "pins", m]) => {
            let c = tri!(id(c));
            tri!(state.set_pinned(c, tri!(id(m)), false));
            emit(
                "CHANNEL_PINS_UPDATE",
                fixtures::channel_pins_update(c, !state.is_dm(c)),
            );
            Reply::NoContent
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
            let message = tri!(state.edit_message(tri!(id(m)), body));
            emit("MESSAGE_UPDATE", message.clone());
            Reply::Json(message)
        }
        ("DELETE", ["channels", c, "messages", m]) => {
            let (c, m) = (tri!(id(c)), tri!(id(m)));
            tri!(state.delete_message(c, m));
            emit(
                "MESSAGE_DELETE",
                fixtures::message_delete(c, m, !state.is_dm(c)),
            );
            Reply::NoContent
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
        ("POST", ["interactions", interaction, token, "callback"]) => {
            tri!(state.interaction_callback(tri!(id(interaction)), token, body));
            if body["type"] == json!(4) {
                let original = state.interactions[*token].original;
                if let Some(message) = original.and_then(|m| state.find_message(m)) {
                    state.record_notified(&message, &body["data"], true);
                    emit_visible(state, &mut emit, &message);
                }
            }
            Reply::NoContent
        }
        ("POST", ["webhooks", app, token]) => {
            tri!(State::check_app(tri!(id(app))));
            let message = tri!(state.create_followup(token, body));
            state.record_notified(&message, body, true);
            emit_visible(state, &mut emit, &message);
            Reply::Json(message)
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

/// CHANNEL_* or THREAD_* for this channel.
fn channel_event(channel: &Value, action: &str) -> &'static str {
    let thread = fixtures::channel_type::is_thread(channel["type"].as_u64().unwrap_or(0));
    match (thread, action) {
        (true, "UPDATE") => "THREAD_UPDATE",
        (true, _) => "THREAD_DELETE",
        (false, "UPDATE") => "CHANNEL_UPDATE",
        (false, _) => "CHANNEL_DELETE",
    }
}

/// MESSAGE_CREATE for a message the bot sent (guild messages carry the bot's member).
fn bot_message_create(message: &Value) -> Value {
    if message.get("guild_id").is_none() {
        return message.clone();
    }
    fixtures::guild_message_create(message, &fixtures::member(fixtures::bot_user(), &[]))
}

/// MESSAGE_CREATE for an interaction response or follow-up everyone can see (Discord sends
/// none for ephemeral ones).
fn emit_visible(state: &State, emit: &mut impl FnMut(&str, Value), message: &Value) {
    if message["flags"].as_u64().unwrap_or(0) & 64 != 0 {
        return;
    }
    let channel = fixtures::id_of(&message["channel_id"]).unwrap_or(0);
    let mut message = message.clone();
    if state.channels.contains_key(&channel) {
        message["guild_id"] = fixtures::sf(GUILD_ID);
    }
    emit("MESSAGE_CREATE", bot_message_create(&message));
}
