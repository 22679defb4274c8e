//! One WebSocket connection to a Clawdbot gateway: the connect handshake, requests matched to
//! their responses by id, pushed events, and timeouts on everything.

use crate::clawdbot::protocol::{self, Frame, Hello, RemoteError};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// Why talking to a bot failed, in words an owner can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BotError {
    #[error("cannot reach the gateway at {0}")]
    Unreachable(String),
    #[error("the gateway refused the token ({0})")]
    Unauthorized(String),
    #[error("the gateway does not speak the expected protocol: {0}")]
    Protocol(String),
    #[error("the gateway did not answer {0} in time")]
    Timeout(String),
    #[error("the gateway refused {method}: {message} ({code})")]
    Remote {
        method: String,
        code: String,
        message: String,
    },
    #[error("the connection to the gateway is closed")]
    Closed,
}

/// An event pushed by the gateway.
#[derive(Debug, Clone)]
pub struct BotEvent {
    pub event: String,
    pub payload: Value,
}

enum Command {
    Send {
        id: String,
        frame: String,
        reply: oneshot::Sender<Result<Value, RemoteError>>,
    },
    Forget(String),
}

/// A live connection; cheap to clone. Dropping every clone closes it.
#[derive(Clone)]
pub struct BotClient {
    commands: mpsc::Sender<Command>,
    events: broadcast::Sender<BotEvent>,
    closed: Arc<AtomicBool>,
    closed_rx: tokio::sync::watch::Receiver<bool>,
    next_id: Arc<AtomicU64>,
    /// What the gateway said when it accepted the connection.
    pub hello: Hello,
}

/// Longest wait for the gateway's challenge and its answer to `connect`.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next_text(ws: &mut Socket) -> Result<String, BotError> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => return Ok(t.to_string()),
            Some(Ok(Message::Close(frame))) => {
                let reason = frame.map(|f| f.reason.to_string()).unwrap_or_default();
                return Err(if reason.to_ascii_lowercase().contains("unauthorized") {
                    BotError::Unauthorized(reason)
                } else {
                    BotError::Closed
                });
            }
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return Err(BotError::Closed),
        }
    }
}

impl BotClient {
    /// Opens a connection to `url` (`ws://` or `wss://`) and authenticates with `token`.
    pub async fn connect(url: &str, token: &str) -> Result<Self, BotError> {
        let (mut ws, _) =
            tokio::time::timeout(HANDSHAKE_TIMEOUT, tokio_tungstenite::connect_async(url))
                .await
                .map_err(|_| BotError::Timeout("the connection".into()))?
                .map_err(|e| BotError::Unreachable(format!("{url}: {e}")))?;
        let hello = tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake(&mut ws, token))
            .await
            .map_err(|_| BotError::Timeout("connect".into()))??;
        let (commands, rx) = mpsc::channel(64);
        let (events, _) = broadcast::channel(256);
        let closed = Arc::new(AtomicBool::new(false));
        let (closed_tx, closed_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(pump(ws, rx, events.clone(), closed.clone(), closed_tx));
        Ok(Self {
            commands,
            events,
            closed,
            closed_rx,
            next_id: Arc::new(AtomicU64::new(1)),
            hello,
        })
    }

    /// Calls `method` and waits up to `timeout` for its answer.
    pub async fn request(
        &self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, BotError> {
        let id = format!("r{}", self.next_id.fetch_add(1, Ordering::Relaxed));
        let (reply, answer) = oneshot::channel();
        let frame = protocol::request(&id, method, params);
        self.commands
            .send(Command::Send {
                id: id.clone(),
                frame,
                reply,
            })
            .await
            .map_err(|_| BotError::Closed)?;
        match tokio::time::timeout(timeout, answer).await {
            Ok(Ok(Ok(v))) => Ok(v),
            Ok(Ok(Err(e))) => Err(BotError::Remote {
                method: method.to_string(),
                code: e.code,
                message: e.message,
            }),
            Ok(Err(_)) => Err(BotError::Closed),
            Err(_) => {
                let _ = self.commands.send(Command::Forget(id)).await;
                Err(BotError::Timeout(method.to_string()))
            }
        }
    }

    /// Events pushed by the gateway from now on.
    pub fn events(&self) -> broadcast::Receiver<BotEvent> {
        self.events.subscribe()
    }

    /// Resolves once the connection has ended.
    pub async fn closed(&self) {
        let mut rx = self.closed_rx.clone();
        let _ = rx.wait_for(|c| *c).await;
    }

    /// Whether the connection has ended.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }
}

async fn handshake(ws: &mut Socket, token: &str) -> Result<Hello, BotError> {
    // The gateway speaks first with a challenge; a token client answers with `connect`.
    loop {
        match protocol::parse(&next_text(ws).await?).map_err(BotError::Protocol)? {
            Frame::Event { event, .. } if event == "connect.challenge" => break,
            _ => continue,
        }
    }
    let params = protocol::connect_params(token, env!("CARGO_PKG_VERSION"));
    ws.send(Message::Text(
        protocol::request("connect", "connect", params).into(),
    ))
    .await
    .map_err(|_| BotError::Closed)?;
    loop {
        match protocol::parse(&next_text(ws).await?).map_err(BotError::Protocol)? {
            Frame::Res { id, result } if id == "connect" => {
                return match result {
                    Ok(payload) => protocol::parse_hello(&payload).map_err(BotError::Protocol),
                    Err(e) if protocol::is_auth_refusal(&e) => {
                        Err(BotError::Unauthorized(e.message))
                    }
                    Err(e) => Err(BotError::Protocol(e.message)),
                };
            }
            _ => continue,
        }
    }
}

/// Owns the socket: writes requests, routes responses to their waiters and events to
/// subscribers; when the socket ends every waiter learns it at once.
async fn pump(
    mut ws: Socket,
    mut commands: mpsc::Receiver<Command>,
    events: broadcast::Sender<BotEvent>,
    closed: Arc<AtomicBool>,
    closed_tx: tokio::sync::watch::Sender<bool>,
) {
    let mut waiting: HashMap<String, oneshot::Sender<Result<Value, RemoteError>>> = HashMap::new();
    loop {
        tokio::select! {
            cmd = commands.recv() => match cmd {
                Some(Command::Send { id, frame, reply }) => {
                    if ws.send(Message::Text(frame.into())).await.is_err() {
                        break;
                    }
                    waiting.insert(id, reply);
                }
                Some(Command::Forget(id)) => {
                    waiting.remove(&id);
                }
                None => {
                    let _ = ws.close(None).await;
                    break;
                }
            },
            msg = ws.next() => match msg {
                Some(Ok(Message::Text(t))) => match protocol::parse(&t) {
                    Ok(Frame::Res { id, result }) => {
                        if let Some(w) = waiting.remove(&id) {
                            let _ = w.send(result);
                        }
                    }
                    Ok(Frame::Event { event, payload }) => {
                        let _ = events.send(BotEvent { event, payload });
                    }
                    Ok(Frame::Other) => {}
                    Err(e) => tracing::warn!(error = %e, "unreadable frame from a bot"),
                },
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    closed.store(true, Ordering::Relaxed);
    let _ = closed_tx.send(true);
}
