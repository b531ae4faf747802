//! A fake Hugging Face Hub on 127.0.0.1: scripted replies per path, every
//! request recorded.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use somosbot::hub::{ClientOptions, HubClient, RetryPolicy};
use somosbot::secret::Secret;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hub");

pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{rel}")).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// One scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
    /// Send the headers and half the body, then drop the connection.
    pub cut: bool,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            // Every real Hub answer carries the rate-limit headers.
            headers: vec![
                ("RateLimit".into(), "\"api\";r=499;t=295".into()),
                (
                    "RateLimit-Policy".into(),
                    "\"fixed window\";\"api\";q=500;w=300".into(),
                ),
            ],
            body: body.into(),
            delay: Duration::ZERO,
            cut: false,
        }
    }

    pub fn json(status: u16, body: &str) -> Self {
        Self::new(status, body).header("Content-Type", "application/json; charset=utf-8")
    }

    pub fn fixture_json(rel: &str) -> Self {
        Self::json(200, &fixture(rel))
    }

    pub fn text(body: &str) -> Self {
        Self::new(200, body).header("Content-Type", "text/plain; charset=utf-8")
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delay(mut self, d: Duration) -> Self {
        self.delay = d;
        self
    }

    /// This answer's headers and the first half of its body, then the
    /// connection drops (a proxy restarting, a reset mid-answer).
    pub fn cut(mut self) -> Self {
        self.cut = true;
        self
    }

    /// Anonymous answer for a missing or private repo.
    pub fn anonymous_401() -> Self {
        Self::json(401, r#"{"error":"Invalid username or password."}"#)
            .header("X-Error-Message", "Invalid username or password.")
    }

    pub fn error_code(status: u16, code: &str, message: &str) -> Self {
        Self::json(status, &format!(r#"{{"error":"{message}"}}"#))
            .header("X-Error-Code", code)
            .header("X-Error-Message", message)
    }
}

#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub authorization: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Clone, Default)]
pub struct FakeHub {
    routes: Arc<Mutex<HashMap<String, VecDeque<Reply>>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Added to every answer (the bench's 100 ms).
    pub latency: Duration,
}

impl FakeHub {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a reply for `path` (with its query when the route has one);
    /// the last queued reply repeats.
    pub fn on(&self, path: &str, reply: Reply) -> &Self {
        self.routes
            .lock()
            .unwrap()
            .entry(path.to_string())
            .or_default()
            .push_back(reply);
        self
    }

    /// Replaces every reply queued for `path` with `reply` (the Hub changes
    /// its mind: an outage begins, a repo is fixed). Used by the Discord
    /// tests, not by every binary that includes this file.
    #[allow(dead_code)]
    pub fn replace(&self, path: &str, reply: Reply) -> &Self {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), VecDeque::from([reply]));
        self
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }

    /// Starts the server; returns its base URL.
    pub async fn start(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(self.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        format!("http://{addr}")
    }

    fn reply_for(&self, path_and_query: &str, path: &str) -> Option<Reply> {
        let mut routes = self.routes.lock().unwrap();
        let queue = match routes.get_mut(path_and_query) {
            Some(q) => q,
            None => routes.get_mut(path)?,
        };
        if queue.len() > 1 {
            queue.pop_front()
        } else {
            queue.front().cloned()
        }
    }
}

async fn handle(State(hub): State<FakeHub>, req: Request) -> Response {
    let (reply, seen) = {
        let path = req.uri().path().to_string();
        let pq = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| path.clone());
        let header = |n: &str| {
            req.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let seen = Seen {
            path: pq.clone(),
            authorization: header("authorization"),
            user_agent: header("user-agent"),
        };
        let reply = hub
            .reply_for(&pq, &path)
            .unwrap_or_else(|| Reply::error_code(404, "RepoNotFound", "Repository not found"));
        (reply, seen)
    };
    drop(req);
    hub.seen.lock().unwrap().push(seen);
    let wait = reply.delay + hub.latency;
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    let mut resp = if reply.cut {
        let half = reply.body[..reply.body.len() / 2].to_vec();
        // The headers and half the body arrive; a moment later the rest never does.
        let chunks = futures::stream::unfold(0u8, move |step| {
            let half = half.clone();
            async move {
                match step {
                    0 => Some((Ok(half), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        let cut = std::io::Error::new(
                            std::io::ErrorKind::ConnectionReset,
                            "cut by the fake Hub",
                        );
                        Some((Err::<Vec<u8>, _>(cut), 2))
                    }
                    _ => None,
                }
            }
        });
        let mut resp = Response::new(Body::from_stream(chunks));
        resp.headers_mut().insert(
            axum::http::header::CONTENT_LENGTH,
            HeaderValue::from(reply.body.len()),
        );
        resp
    } else {
        Response::new(Body::from(reply.body))
    };
    *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap();
    for (k, v) in reply.headers {
        resp.headers_mut().insert(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(&v).unwrap(),
        );
    }
    resp
}

/// Client options for tests: fast retries, short timeouts.
pub fn options(base: &str, token: Option<&str>) -> ClientOptions {
    let mut o = ClientOptions::new(base);
    o.token = token.map(Secret::new);
    o.timeout = Duration::from_secs(3);
    o.connect_timeout = Duration::from_secs(1);
    o.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_wait: Duration::from_secs(60),
    };
    o
}

pub fn client(base: &str, token: Option<&str>) -> HubClient {
    HubClient::new(options(base, token)).unwrap()
}

/// A complete dataset's routes (info, commits, Spanish card).
pub fn complete_dataset_routes(dataset: &str) -> Vec<(String, Reply)> {
    vec![
        (
            format!("/api/datasets/{dataset}"),
            Reply::fixture_json("api/dataset_info.json"),
        ),
        (
            format!("/api/datasets/{dataset}/commits/main"),
            Reply::fixture_json("api/dataset_commits.json").header("X-Total-Count", "3"),
        ),
        (
            format!("/datasets/{dataset}/resolve/main/README.md"),
            Reply::text(&fixture("cards/dataset_complete_es.md")),
        ),
    ]
}

/// A complete submission's routes: the dataset, model and demo Space
/// with their info, commits and cards.
pub fn complete_repo_routes(dataset: &str, model: &str, space: &str) -> Vec<(String, Reply)> {
    let mut routes = complete_dataset_routes(dataset);
    routes.extend([
        (
            format!("/api/models/{model}"),
            Reply::fixture_json("api/model_info.json"),
        ),
        (
            format!("/api/models/{model}/commits/main"),
            Reply::fixture_json("api/model_commits.json").header("X-Total-Count", "3"),
        ),
        (
            format!("/{model}/resolve/main/README.md"),
            Reply::text(&fixture("cards/model_complete_en.md")),
        ),
        (
            format!("/api/spaces/{space}"),
            Reply::fixture_json("api/space_info.json"),
        ),
        (
            format!("/api/spaces/{space}/commits/main"),
            Reply::fixture_json("api/space_commits.json").header("X-Total-Count", "3"),
        ),
        (
            format!("/spaces/{space}/resolve/main/README.md"),
            Reply::text(&fixture("cards/space_complete.md")),
        ),
    ]);
    routes
}

/// Serves `routes`, each answer after `delay` (a busy Hub).
pub fn serve(hub: &FakeHub, routes: Vec<(String, Reply)>, delay: Duration) {
    for (path, reply) in routes {
        hub.on(&path, reply.delay(delay));
    }
}

/// The NoticIA team's dataset, complete (Spanish card).
#[allow(dead_code)]
pub fn noticia_dataset(hub: &FakeHub) {
    serve(
        hub,
        complete_dataset_routes("somosnlp/NoticIA-it"),
        Duration::ZERO,
    );
}

/// The three repos of the NoticIA team, all complete.
#[allow(dead_code)]
pub fn noticia_team(hub: &FakeHub) {
    let routes = complete_repo_routes(
        "somosnlp/NoticIA-it",
        "somosnlp/NoticIA-7B",
        "somosnlp/NoticIA-demo",
    );
    serve(hub, routes, Duration::ZERO);
}

/// The dataset viewer's routes for `dataset` (on the same fake server; in
/// production the viewer is another host): one split whose first rows hold
/// `rows`, with string columns named `columns`.
#[allow(dead_code)]
pub fn viewer_routes(dataset: &str, columns: &[&str], rows: &[Vec<&str>]) -> Vec<(String, Reply)> {
    let features: Vec<serde_json::Value> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            serde_json::json!({
                "feature_idx": i,
                "name": c,
                "type": {"dtype": "string", "_type": "Value"}
            })
        })
        .collect();
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let row: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .zip(r)
                .map(|(c, v)| (c.to_string(), serde_json::Value::from(*v)))
                .collect();
            serde_json::json!({"row_idx": i, "row": row, "truncated_cells": []})
        })
        .collect();
    vec![
        (
            format!("/splits?dataset={dataset}"),
            Reply::json(
                200,
                &serde_json::json!({
                    "splits": [{"dataset": dataset, "config": "default", "split": "train"}],
                    "pending": [],
                    "failed": []
                })
                .to_string(),
            ),
        ),
        (
            format!("/first-rows?dataset={dataset}&config=default&split=train"),
            Reply::json(
                200,
                &serde_json::json!({
                    "dataset": dataset,
                    "config": "default",
                    "split": "train",
                    "features": features,
                    "rows": rows,
                    "truncated": false
                })
                .to_string(),
            ),
        ),
    ]
}

/// The NoticIA team's three repos, as a submission names them.
pub fn noticia() -> somosbot::hub::Submission {
    use somosbot::hub::{RepoId, RepoKind};
    somosbot::hub::Submission {
        dataset: RepoId::parse(RepoKind::Dataset, "somosnlp/NoticIA-it").ok(),
        model: RepoId::parse(RepoKind::Model, "somosnlp/NoticIA-7B").ok(),
        space: RepoId::parse(RepoKind::Space, "somosnlp/NoticIA-demo").ok(),
    }
}

/// A fixed instant, written as RFC 3339.
pub fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .with_timezone(&chrono::Utc)
}
