//! The fake gateway: a websocket that speaks just enough of Discord's protocol for serenity's
//! shard (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME) and carries the test's
//! dispatches. Plain JSON text frames: serenity accepts them although IDENTIFY asks for
//! compression.

use std::collections::BTreeMap;
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

/// One shard's session: its connection, sequence and what it has not delivered yet.
#[derive(Debug, Default)]
pub struct ShardSession {
    /// The connection that identified or resumed this shard and receives its dispatches.
    pub live: Option<u64>,
    pub session_id: Option<String>,
    pub seq: u64,
    /// Dispatches waiting for a live connection (numbered and sent on READY or RESUMED).
    pub pending: Vec<(String, Value)>,
    /// Frames sent in this session by sequence number, replayed to a RESUME that missed them
    /// (as Discord does), so nothing sent around a disconnect is lost.
    pub sent: Vec<(u64, String)>,
}

impl ShardSession {
    /// Makes `connection` the live one and sends it the queued dispatches, numbered.
    fn flush(&mut self, connection: u64, tx: Option<&mpsc::UnboundedSender<Outgoing>>) {
        self.live = Some(connection);
        let Some(tx) = tx else {
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
}

/// The gateway's sessions (one per shard, as each IDENTIFY's `shard: [id, total]` says) and
/// connection bookkeeping. Guild events go to the shard owning the guild
/// (`(guild_id >> 22) % total`), everything else (DMs) to shard 0, as Discord routes them.
#[derive(Debug)]
pub struct GatewayState {
    /// Every open socket by connection number.
    pub sockets: Vec<(u64, mpsc::UnboundedSender<Outgoing>)>,
    /// Sessions by shard id.
    pub shards: BTreeMap<u64, ShardSession>,
    /// The shard count of the IDENTIFYs (1 until one says otherwise).
    pub total: u64,
    /// Dispatches sent before any shard identified, routed when one does.
    pub unrouted: Vec<(String, Value)>,
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
    /// Frames replayed on resumes.
    pub replayed: usize,
}

impl GatewayState {
    pub fn new() -> Self {
        Self {
            sockets: Vec::new(),
            shards: BTreeMap::new(),
            total: 1,
            unrouted: Vec::new(),
            connections: 0,
            sessions: 0,
            resume_mode: ResumeMode::Resume,
            intents: 0,
            received: Vec::new(),
            readies: 0,
            resumes: 0,
            heartbeats: 0,
            dispatched: Vec::new(),
            replayed: 0,
        }
    }

    fn socket(&self, connection: u64) -> Option<&mpsc::UnboundedSender<Outgoing>> {
        self.sockets
            .iter()
            .find(|(c, _)| *c == connection)
            .map(|(_, tx)| tx)
    }

    /// Whether some shard has a session (REST changes are then echoed).
    pub fn identified(&self) -> bool {
        self.shards.values().any(|s| s.session_id.is_some())
    }

    /// The shard 0 session (the only one of a single-shard bot).
    pub fn first_shard(&self) -> Option<&ShardSession> {
        self.shards.get(&0)
    }

    /// The shard Discord sends this dispatch on: the guild's, or 0 for DMs.
    pub fn shard_for(&self, event: &str, data: &Value) -> u64 {
        let guild = match event {
            "GUILD_CREATE" | "GUILD_UPDATE" | "GUILD_DELETE" => fixtures::id_of(&data["id"]),
            _ => data.get("guild_id").and_then(fixtures::id_of),
        };
        guild.map_or(0, |g| fixtures::shard_of_guild(g, self.total))
    }

    /// Sends a dispatch on the shard that owns it, or queues it until that shard is live.
    pub fn dispatch(&mut self, event: &str, data: Value) {
        let shard = self.shard_for(event, &data);
        self.dispatch_on(shard, event, data);
    }

    /// Sends a dispatch on `shard` whatever the routing says (queued until it is live).
    pub fn dispatch_on(&mut self, shard: u64, event: &str, data: Value) {
        self.dispatched.push((event.to_string(), data.clone()));
        if self.shards.is_empty() {
            self.unrouted.push((event.to_string(), data));
            return;
        }
        let session = self.shards.entry(shard).or_default();
        session.pending.push((event.to_string(), data));
        if let Some(connection) = session.live {
            self.flush(shard, connection);
        }
    }

    /// Makes `connection` the live one of `shard` and sends it the queued dispatches.
    fn flush(&mut self, shard: u64, connection: u64) {
        let tx = self.socket(connection).cloned();
        self.shards
            .entry(shard)
            .or_default()
            .flush(connection, tx.as_ref());
    }

    /// Ends the live connection of shard 0 (abruptly, or with a close code).
    pub fn end_live(&mut self, how: fn() -> Outgoing) {
        self.end_live_on(0, how)
    }

    /// Ends the live connection of `shard`.
    pub fn end_live_on(&mut self, shard: u64, how: fn() -> Outgoing) {
        let live = self.shards.get_mut(&shard).and_then(|s| s.live.take());
        if let Some(connection) = live {
            if let Some(tx) = self.socket(connection) {
                let _ = tx.send(how());
            }
        }
    }

    /// A new session for `shard` of `total`: READY with the guilds it owns, their
    /// GUILD_CREATEs, then what was queued for it.
    fn identify(&mut self, connection: u64, shard: u64, total: u64, first: Vec<(String, Value)>) {
        self.total = total.max(1);
        self.sessions += 1;
        self.readies += 1;
        let session = self.shards.entry(shard).or_default();
        session.session_id = Some(format!("fake-session-{}", self.sessions));
        session.seq = 0;
        session.sent.clear();
        session.live = None;
        session.pending.splice(0..0, first.iter().cloned());
        self.dispatched.extend(first);
        // Dispatches sent before any IDENTIFY, now that the shard count is known.
        let (mine, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.unrouted)
            .into_iter()
            .partition(|(event, data)| self.shard_for(event, data) == shard);
        self.unrouted = others;
        self.shards.entry(shard).or_default().pending.extend(mine);
        self.flush(shard, connection);
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
        for session in inner.gateway.shards.values_mut() {
            if session.live == Some(number) {
                session.live = None;
            }
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
            // Identify: a new session for the shard it names, READY (with the guilds that
            // shard owns) and their GUILD_CREATE, then whatever was queued for it.
            2 => {
                gateway.intents = payload["d"]["intents"].as_u64().unwrap_or(0);
                let shard = &payload["d"]["shard"];
                let (id, total) = (
                    shard[0].as_u64().unwrap_or(0),
                    shard[1].as_u64().unwrap_or(1).max(1),
                );
                let session = format!("fake-session-{}", gateway.sessions + 1);
                let guilds: Vec<u64> = [fixtures::GUILD_ID]
                    .into_iter()
                    .filter(|g| fixtures::shard_of_guild(*g, total) == id)
                    .collect();
                let mut first = vec![(
                    "READY".to_string(),
                    fixtures::ready_on_shard(&session, &gateway_url, [id, total], &guilds),
                )];
                if !guilds.is_empty() {
                    first.push(("GUILD_CREATE".to_string(), inner.state.guild_create()));
                }
                inner.gateway.identify(connection, id, total, first);
            }
            // Resume: replay what the client missed, RESUMED, then the queued dispatches; or
            // op 9 if told to refuse.
            6 => {
                let asked = payload["d"]["session_id"].as_str();
                let shard = gateway
                    .shards
                    .iter()
                    .find(|(_, s)| s.session_id.is_some() && s.session_id.as_deref() == asked)
                    .map(|(id, _)| *id);
                match shard {
                    Some(shard) if gateway.resume_mode == ResumeMode::Resume => {
                        gateway.resumes += 1;
                        let last_seen = payload["d"]["seq"].as_u64().unwrap_or(0);
                        let session = gateway.shards.entry(shard).or_default();
                        let missed: Vec<String> = session
                            .sent
                            .iter()
                            .filter(|(s, _)| *s > last_seen)
                            .map(|(_, frame)| frame.clone())
                            .collect();
                        session
                            .pending
                            .insert(0, ("RESUMED".to_string(), json!({})));
                        gateway.replayed += missed.len();
                        for frame in missed {
                            let _ = tx.send(Outgoing::Text(frame));
                        }
                        gateway.flush(shard, connection);
                    }
                    _ => {
                        let _ = tx.send(Outgoing::Text(json!({ "op": 9, "d": false }).to_string()));
                    }
                }
            }
            // Presence and voice updates, request guild members: accepted, ignored.
            3 | 4 | 8 => {}
            other => eprintln!("[fake discord] gateway: unexpected op {other}: {payload}"),
        }
    });
}
