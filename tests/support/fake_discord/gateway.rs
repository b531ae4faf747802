//! The fake gateway: a websocket that speaks just enough of Discord's protocol for serenity's
//! shard (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME) and carries the test's
//! dispatches. Plain JSON text frames: serenity accepts them although IDENTIFY asks for
//! compression.

use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State as AxumState;
use axum::response::Response;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::fixtures;
use super::Shared;

/// What the fake does when a client sends RESUME (op 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeMode {
    /// Replay the frames after the client's `seq`, answer RESUMED, then deliver the
    /// dispatches queued while disconnected.
    Resume,
    /// Answer op 9 (invalid session, not resumable): the client must IDENTIFY again.
    InvalidSession,
}

/// A frame for one socket's writer task.
#[derive(Debug)]
pub enum Outgoing {
    Text(String),
    /// Send a close frame with this code and stop.
    Close(u16),
    /// Stop without a close frame (an abrupt network loss).
    Drop,
}

/// One payload received from the client.
#[derive(Clone, Debug)]
pub struct GatewayOp {
    pub connection: u64,
    pub op: u64,
    pub payload: Value,
}

/// The gateway's session and connection bookkeeping.
#[derive(Debug)]
pub struct GatewayState {
    /// Every open socket by connection number.
    pub sockets: Vec<(u64, mpsc::UnboundedSender<Outgoing>)>,
    /// The connection that identified or resumed and receives dispatches.
    pub live: Option<u64>,
    pub session_id: Option<String>,
    pub seq: u64,
    /// Dispatches waiting for a live connection (numbered and sent on READY or RESUMED).
    pub pending: Vec<(String, Value)>,
    pub connections: u64,
    pub sessions: u64,
    pub resume_mode: ResumeMode,
    /// The intents of the last IDENTIFY (which echoed events the bot gets).
    pub intents: u64,
    /// Everything the client sent, in order.
    pub received: Vec<GatewayOp>,
    /// READY payloads sent (one per session).
    pub readies: usize,
    pub resumes: usize,
    pub heartbeats: usize,
    /// Every dispatch sent or queued (event name, `d`), in order, READY included.
    pub dispatched: Vec<(String, Value)>,
    /// Frames sent in this session by sequence number, replayed to a RESUME that missed them
    /// (as Discord does), so nothing sent around a disconnect is lost.
    pub sent: Vec<(u64, String)>,
    /// Frames replayed on resumes.
    pub replayed: usize,
}

impl GatewayState {
    pub fn new() -> Self {
        Self {
            sockets: Vec::new(),
            live: None,
            session_id: None,
            seq: 0,
            pending: Vec::new(),
            connections: 0,
            sessions: 0,
            resume_mode: ResumeMode::Resume,
            intents: 0,
            received: Vec::new(),
            readies: 0,
            resumes: 0,
            heartbeats: 0,
            dispatched: Vec::new(),
            sent: Vec::new(),
            replayed: 0,
        }
    }

    fn socket(&self, connection: u64) -> Option<&mpsc::UnboundedSender<Outgoing>> {
        self.sockets
            .iter()
            .find(|(c, _)| *c == connection)
            .map(|(_, tx)| tx)
    }

    /// Sends a dispatch on the live connection, or queues it until there is one.
    pub fn dispatch(&mut self, event: &str, data: Value) {
        self.dispatched.push((event.to_string(), data.clone()));
        self.pending.push((event.to_string(), data));
        if let Some(connection) = self.live {
            self.flush(connection);
        }
    }

    /// Makes `connection` the live one and sends it the queued dispatches, numbered.
    fn flush(&mut self, connection: u64) {
        self.live = Some(connection);
        let Some(tx) = self.socket(connection).cloned() else {
            self.live = None;
            return;
        };
        for (event, data) in std::mem::take(&mut self.pending) {
            self.seq += 1;
            let frame = json!({ "op": 0, "s": self.seq, "t": event, "d": data }).to_string();
            self.sent.push((self.seq, frame.clone()));
            let _ = tx.send(Outgoing::Text(frame));
        }
    }

    /// Ends the live connection (abruptly, or with a close code).
    pub fn end_live(&mut self, how: fn() -> Outgoing) {
        if let Some(connection) = self.live.take() {
            if let Some(tx) = self.socket(connection) {
                let _ = tx.send(how());
            }
        }
    }
}

/// The websocket upgrade handler (serenity connects to `{url}?v=10`).
pub async fn upgrade(ws: WebSocketUpgrade, AxumState(shared): AxumState<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| connection(socket, shared))
}

async fn connection(socket: WebSocket, shared: Arc<Shared>) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let number = shared.update(|inner| {
        inner.gateway.connections += 1;
        let number = inner.gateway.connections;
        inner.gateway.sockets.push((number, tx.clone()));
        number
    });
    let hello = json!({ "op": 10, "d": { "heartbeat_interval": shared.heartbeat_ms } });
    let _ = tx.send(Outgoing::Text(hello.to_string()));

    loop {
        tokio::select! {
            outgoing = rx.recv() => match outgoing {
                Some(Outgoing::Text(text)) => {
                    if sink.send(Message::Text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close(code)) => {
                    let frame = CloseFrame { code, reason: "closed by the fake".into() };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    break;
                }
                Some(Outgoing::Drop) | None => break,
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let Ok(payload) = serde_json::from_str::<Value>(&text) else {
                        eprintln!("[fake discord] gateway: not JSON: {text}");
                        continue;
                    };
                    on_payload(&shared, number, &tx, payload);
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }

    shared.update(|inner| {
        inner.gateway.sockets.retain(|(c, _)| *c != number);
        if inner.gateway.live == Some(number) {
            inner.gateway.live = None;
        }
    });
}

fn on_payload(
    shared: &Shared,
    connection: u64,
    tx: &mpsc::UnboundedSender<Outgoing>,
    payload: Value,
) {
    let op = payload["op"].as_u64().unwrap_or(u64::MAX);
    let gateway_url = shared.gateway_url.clone();
    shared.update(|inner| {
        let gateway = &mut inner.gateway;
        gateway.received.push(GatewayOp {
            connection,
            op,
            payload: payload.clone(),
        });
        match op {
            // Heartbeat: acknowledge or serenity reconnects.
            1 => {
                gateway.heartbeats += 1;
                let _ = tx.send(Outgoing::Text(json!({ "op": 11 }).to_string()));
            }
            // Identify: a new session, READY then GUILD_CREATE, then whatever was queued.
            2 => {
                gateway.sessions += 1;
                gateway.intents = payload["d"]["intents"].as_u64().unwrap_or(0);
                let session = format!("fake-session-{}", gateway.sessions);
                gateway.session_id = Some(session.clone());
                gateway.seq = 0;
                gateway.sent.clear();
                gateway.readies += 1;
                gateway.live = None;
                let first = [
                    ("READY".to_string(), fixtures::ready(&session, &gateway_url)),
                    ("GUILD_CREATE".to_string(), inner.state.guild_create()),
                ];
                let gateway = &mut inner.gateway;
                gateway.dispatched.extend(first.iter().cloned());
                gateway.pending.splice(0..0, first);
                gateway.flush(connection);
            }
            // Resume: replay what the client missed, RESUMED, then the queued dispatches; or
            // op 9 if told to refuse.
            6 => {
                let same_session =
                    payload["d"]["session_id"].as_str() == gateway.session_id.as_deref();
                if gateway.resume_mode == ResumeMode::Resume && same_session {
                    gateway.resumes += 1;
                    let last_seen = payload["d"]["seq"].as_u64().unwrap_or(0);
                    for (_, frame) in gateway.sent.iter().filter(|(s, _)| *s > last_seen) {
                        gateway.replayed += 1;
                        let _ = tx.send(Outgoing::Text(frame.clone()));
                    }
                    gateway
                        .pending
                        .insert(0, ("RESUMED".to_string(), json!({})));
                    gateway.flush(connection);
                } else {
                    let _ = tx.send(Outgoing::Text(json!({ "op": 9, "d": false }).to_string()));
                }
            }
            // Presence and voice updates, request guild members: accepted, ignored.
            3 | 4 | 8 => {}
            other => eprintln!("[fake discord] gateway: unexpected op {other}: {payload}"),
        }
    });
}
