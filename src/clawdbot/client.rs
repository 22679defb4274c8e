//! One WebSocket connection to a Clawdbot or OpenClaw gateway: the connect handshake (signed
//! with BaaS's device identity where OpenClaw needs it), requests matched to their responses by
//! id, pushed events, and timeouts on everything.

use crate::clawdbot::address;
use crate::clawdbot::device::DeviceIdentity;
use crate::clawdbot::protocol::{self, Frame, Hello, RemoteError};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;

/// Why talking to a bot failed. What an owner sees (`Display`) is one of a few fixed
/// categories; the details (socket errors, what the far end said when it was not a Clawdbot
/// gateway) are for the log only, as they describe the server's network, not the bot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BotError {
    /// No connection could be made (detail: the socket or HTTP error).
    #[error("could not connect to the gateway")]
    Unreachable(String),
    /// The address resolves only to addresses the server may not connect to.
    #[error("could not connect to the gateway: its address is not a public internet address")]
    NotAllowed(String),
    /// The gateway refused the token (detail: its reason).
    #[error("the gateway refused the token")]
    Unauthorized(String),
    /// The far end does not speak the gateway protocol (detail: what went wrong).
    #[error("not a Clawdbot or OpenClaw gateway, or one that speaks another protocol version")]
    Protocol(String),
    /// The OpenClaw gateway has not approved BaaS's device yet: its owner approves the request
    /// once, on the gateway's machine.
    #[error(
        "the gateway has not approved BaaS yet: on the gateway's machine run `openclaw devices approve {request}` (device {device})"
    )]
    NotPaired { request: String, device: String },
    /// The gateway accepted the token but granted no management scope, and BaaS has no device
    /// identity to sign with.
    #[error("the gateway accepted the token but does not let BaaS manage it from another machine")]
    NoScopes,
    /// No answer in time (detail: to what).
    #[error("the gateway did not answer in time")]
    Timeout(String),
    /// The gateway sent a message larger than the server accepts.
    #[error("the gateway sent a message larger than {0} bytes; the connection was closed")]
    TooLarge(usize),
    /// Too many requests are waiting for this gateway's answers already.
    #[error("too many requests to the gateway are waiting for answers; try again shortly")]
    Busy,
    /// The gateway answered the request with an error of its own (about the bot's own
    /// configuration, so the owner sees its message).
    #[error("the gateway refused {method}: {message} ({code})")]
    Remote {
        method: String,
        code: String,
        message: String,
    },
    #[error("the connection to the gateway closed")]
    Closed,
}

impl BotError {
    /// A stable name for the kind of failure, for pages to put in their own words (never the
    /// detail, which describes the server's network).
    pub fn kind(&self) -> &'static str {
        match self {
            BotError::Unreachable(_) => "unreachable",
            BotError::NotAllowed(_) => "not-allowed",
            BotError::Unauthorized(_) => "token-refused",
            BotError::Protocol(_) => "not-a-gateway",
            BotError::NotPaired { .. } => "not-paired",
            BotError::NoScopes => "no-scopes",
            BotError::Timeout(_) => "timeout",
            BotError::TooLarge(_) => "too-large",
            BotError::Busy => "busy",
            BotError::Remote { .. } => "remote",
            BotError::Closed => "closed",
        }
    }

    /// Whether the bot was not reached (or not usable) at all, as opposed to a bot that
    /// answered the request with an error of its own.
    pub fn is_reach(&self) -> bool {
        !matches!(self, BotError::Remote { .. })
    }
}

/// Errors that may mean the bot went away for a moment (restarting, or not up yet) rather than
/// refused: the work is tried again on a fresh connection.
pub trait Transient {
    fn is_transient(&self) -> bool;
}

impl Transient for BotError {
    fn is_transient(&self) -> bool {
        matches!(
            self,
            BotError::Closed | BotError::Unreachable(_) | BotError::Timeout(_)
        )
    }
}

/// How the server connects to bots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// Whether loopback, private and link-local addresses may be used (see
    /// [`crate::clawdbot::address`]).
    pub allow_private: bool,
    /// Largest message a bot may send, in bytes; a larger one closes the connection.
    pub max_message: usize,
    /// The identity OpenClaw connections sign with when a token alone is not enough.
    pub device: Option<Arc<DeviceIdentity>>,
}

/// Default largest message from a bot: the largest answers are the config schemas, about 1 MB
/// from Clawdbot and 2.2 MB from OpenClaw.
pub const MAX_MESSAGE: usize = 8 * 1024 * 1024;

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            allow_private: false,
            max_message: MAX_MESSAGE,
            device: None,
        }
    }
}

/// Most requests that may wait for one gateway's answers at once.
pub const MAX_PENDING: usize = 256;
/// Longest error message from a gateway that is kept.
const MAX_REMOTE_MESSAGE: usize = 500;

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
    closed_rx: tokio::sync::watch::Receiver<Option<BotError>>,
    next_id: Arc<AtomicU64>,
    /// What the gateway said when it accepted the connection.
    pub hello: Hello,
}

/// Tells the connection to stop waiting for an answer nobody waits for any more (the caller
/// timed out or was dropped), so abandoned requests never pile up.
struct Waiting<'a> {
    id: String,
    commands: &'a mpsc::Sender<Command>,
    answered: bool,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        if !self.answered {
            let _ = self
                .commands
                .try_send(Command::Forget(std::mem::take(&mut self.id)));
        }
    }
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
            Some(Err(e)) => return Err(read_error(e)),
            None => return Err(BotError::Closed),
        }
    }
}

fn read_error(e: tokio_tungstenite::tungstenite::Error) -> BotError {
    use tokio_tungstenite::tungstenite::error::{CapacityError, Error as WsError};
    match e {
        WsError::Capacity(CapacityError::MessageTooLong { max_size, .. }) => {
            BotError::TooLarge(max_size)
        }
        _ => BotError::Closed,
    }
}

/// The addresses `host:port` resolves to that the server may connect to, checked once here
/// and then used as they are (a second lookup could answer differently).
async fn resolve(
    host: &str,
    port: u16,
    options: &ConnectOptions,
) -> Result<Vec<SocketAddr>, BotError> {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let found: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::time::timeout(HANDSHAKE_TIMEOUT, tokio::net::lookup_host((host, port)))
            .await
            .map_err(|_| BotError::Timeout("the address lookup".into()))?
            .map_err(|e| BotError::Unreachable(format!("{host}: {e}")))?
            .collect(),
    };
    let mut refused = None;
    let usable: Vec<SocketAddr> = found
        .into_iter()
        .filter(|a| match address::allowed(a.ip(), options.allow_private) {
            Ok(()) => true,
            Err(kind) => {
                refused = Some(format!("{host} is {} ({})", kind.describe(), a.ip()));
                false
            }
        })
        .collect();
    match (usable.is_empty(), refused) {
        (true, Some(why)) => Err(BotError::NotAllowed(why)),
        (true, None) => Err(BotError::Unreachable(format!("{host}: no address"))),
        (false, _) => Ok(usable),
    }
}

/// Checks that `url`'s host resolves to an address the server may connect to, without
/// connecting (used before a bot is saved).
pub async fn check_address(url: &str, options: &ConnectOptions) -> Result<(), BotError> {
    let parsed = url::Url::parse(url).map_err(|e| BotError::Unreachable(format!("{url}: {e}")))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| BotError::Unreachable(format!("{url}: no host")))?;
    let port = parsed.port_or_known_default().unwrap_or(443);
    resolve(host, port, options).await.map(|_| ())
}

/// Opens the WebSocket to `url` over a TCP connection to an address [`resolve`] allowed.
async fn open(url: &str, options: &ConnectOptions) -> Result<Socket, BotError> {
    let parsed = url::Url::parse(url).map_err(|e| BotError::Unreachable(format!("{url}: {e}")))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| BotError::Unreachable(format!("{url}: no host")))?;
    let port = parsed
        .port_or_known_default()
        .ok_or_else(|| BotError::Unreachable(format!("{url}: no port")))?;
    let mut last = None;
    let mut tcp = None;
    for addr in resolve(host, port, options).await? {
        match tokio::net::TcpStream::connect(addr).await {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(format!("{addr}: {e}")),
        }
    }
    let tcp = tcp.ok_or_else(|| BotError::Unreachable(last.unwrap_or_default()))?;
    let _ = tcp.set_nodelay(true);
    let config = WebSocketConfig::default()
        .max_message_size(Some(options.max_message))
        .max_frame_size(Some(options.max_message));
    let (ws, _) = tokio_tungstenite::client_async_tls_with_config(url, tcp, Some(config), None)
        .await
        .map_err(|e| match e {
            // A gateway restarting answers 503 for a moment: that passes; other answers mean
            // this is not a gateway.
            tokio_tungstenite::tungstenite::Error::Http(res) if res.status().is_server_error() => {
                BotError::Unreachable(format!(
                    "{url}: HTTP {} at the WebSocket upgrade",
                    res.status()
                ))
            }
            tokio_tungstenite::tungstenite::Error::Http(res) => BotError::Protocol(format!(
                "{url}: HTTP {} at the WebSocket upgrade",
                res.status()
            )),
            other => BotError::Unreachable(format!("{url}: {other}")),
        })?;
    Ok(ws)
}

impl BotClient {
    /// Opens a connection to `url` (`ws://` or `wss://`) and authenticates with `token`, with
    /// the default (strict) options.
    pub async fn connect(url: &str, token: &str) -> Result<Self, BotError> {
        Self::connect_with(url, token, &ConnectOptions::default()).await
    }

    /// Opens a connection to `url` and authenticates with `token`. A failure is logged with its
    /// details; the error says only its category.
    pub async fn connect_with(
        url: &str,
        token: &str,
        options: &ConnectOptions,
    ) -> Result<Self, BotError> {
        let connected = async {
            let (mut ws, hello) = connect_once(url, token, options, None).await?;
            if hello.may_manage() {
                return Ok((ws, hello));
            }
            // OpenClaw kept no scope for a token alone from another machine: sign as BaaS's
            // device on a fresh connection.
            let _ = ws.close(None).await;
            let device = options.device.as_deref().ok_or(BotError::NoScopes)?;
            let (ws, hello) = connect_once(url, token, options, Some(device)).await?;
            if !hello.may_manage() {
                return Err(BotError::NoScopes);
            }
            Ok::<_, BotError>((ws, hello))
        }
        .await;
        let (ws, hello) = connected.inspect_err(|e| {
            tracing::info!(url, error = %e, detail = ?e, "bot connection failed");
        })?;
        let (commands, rx) = mpsc::channel(64);
        let (events, _) = broadcast::channel(256);
        let closed = Arc::new(AtomicBool::new(false));
        let (closed_tx, closed_rx) = tokio::sync::watch::channel(None);
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
            .map_err(|_| self.end())?;
        let mut waiting = Waiting {
            id,
            commands: &self.commands,
            answered: false,
        };
        let answer = tokio::time::timeout(timeout, answer).await;
        waiting.answered = answer.is_ok();
        match answer {
            Ok(Ok(Ok(v))) => Ok(v),
            Ok(Ok(Err(e))) if e.code == protocol::BUSY => Err(BotError::Busy),
            Ok(Ok(Err(e))) => Err(BotError::Remote {
                method: method.to_string(),
                code: e.code,
                message: e.message.chars().take(MAX_REMOTE_MESSAGE).collect(),
            }),
            Ok(Err(_)) => Err(self.end()),
            Err(_) => Err(BotError::Timeout(method.to_string())),
        }
    }

    /// Why the connection ended (closed, unless the bot sent too much).
    fn end(&self) -> BotError {
        self.ended().unwrap_or(BotError::Closed)
    }

    /// Why the connection ended, once it has.
    pub fn ended(&self) -> Option<BotError> {
        self.closed_rx.borrow().clone()
    }

    /// Events pushed by the gateway from now on.
    pub fn events(&self) -> broadcast::Receiver<BotEvent> {
        self.events.subscribe()
    }

    /// Resolves once the connection has ended.
    pub async fn closed(&self) {
        let mut rx = self.closed_rx.clone();
        let _ = rx.wait_for(Option::is_some).await;
    }

    /// Whether the connection has ended.
    pub fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Relaxed)
    }
}

/// Opens a socket and completes the handshake, signing with `device` if given.
async fn connect_once(
    url: &str,
    token: &str,
    options: &ConnectOptions,
    device: Option<&DeviceIdentity>,
) -> Result<(Socket, Hello), BotError> {
    let mut ws = tokio::time::timeout(HANDSHAKE_TIMEOUT, open(url, options))
        .await
        .map_err(|_| BotError::Timeout("the connection".into()))??;
    let hello = tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake(&mut ws, token, device))
        .await
        .map_err(|_| BotError::Timeout("connect".into()))??;
    Ok((ws, hello))
}

async fn handshake(
    ws: &mut Socket,
    token: &str,
    device: Option<&DeviceIdentity>,
) -> Result<Hello, BotError> {
    // The gateway speaks first with a challenge; a token client answers with `connect`.
    let challenge = loop {
        match protocol::parse(&next_text(ws).await?).map_err(BotError::Protocol)? {
            Frame::Event { event, payload } if event == "connect.challenge" => {
                break protocol::parse_challenge(&payload)
            }
            _ => continue,
        }
    };
    let proof = match (device, &challenge) {
        (Some(d), Some(c)) => Some(d.proof(c, token)),
        (Some(_), None) => {
            return Err(BotError::Protocol(
                "a device signature was needed but the challenge had no nonce".into(),
            ))
        }
        (None, _) => None,
    };
    let params = protocol::connect_params(token, env!("CARGO_PKG_VERSION"), proof);
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
                    Err(RemoteError {
                        pairing_request: Some(request),
                        ..
                    }) if device.is_some() => Err(BotError::NotPaired {
                        request,
                        device: device.map(|d| d.id().to_string()).unwrap_or_default(),
                    }),
                    // OpenClaw refuses connections for a few seconds while it starts.
                    Err(e) if e.code == protocol::UNAVAILABLE => Err(BotError::Unreachable(
                        format!("the gateway is starting: {}", e.message),
                    )),
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
/// subscribers; when the socket ends every waiter learns it at once. At most [`MAX_PENDING`]
/// requests wait at a time; more are refused at once rather than queued without bound.
async fn pump(
    mut ws: Socket,
    mut commands: mpsc::Receiver<Command>,
    events: broadcast::Sender<BotEvent>,
    closed: Arc<AtomicBool>,
    closed_tx: tokio::sync::watch::Sender<Option<BotError>>,
) {
    let mut waiting: HashMap<String, oneshot::Sender<Result<Value, RemoteError>>> = HashMap::new();
    let ended = loop {
        tokio::select! {
            cmd = commands.recv() => match cmd {
                Some(Command::Send { id, frame, reply }) => {
                    if waiting.len() >= MAX_PENDING {
                        // Waiters that gave up and whose forget could not be queued.
                        waiting.retain(|_, w| !w.is_closed());
                    }
                    if waiting.len() >= MAX_PENDING {
                        let _ = reply.send(Err(RemoteError {
                            code: protocol::BUSY.into(),
                            message: String::new(),
                            pairing_request: None,
                        }));
                        continue;
                    }
                    if ws.send(Message::Text(frame.into())).await.is_err() {
                        break BotError::Closed;
                    }
                    waiting.insert(id, reply);
                }
                Some(Command::Forget(id)) => {
                    waiting.remove(&id);
                }
                None => {
                    let _ = ws.close(None).await;
                    break BotError::Closed;
                }
            },
            msg = ws.next() => match msg {
                Some(Ok(Message::Text(t))) => match protocol::parse(&t) {
                    Ok(Frame::Res { id, result }) => {
                        if let Some(w) = waiting.remove(&id) {
                            let _ = w.send(result);
                        }
                    }
                    // OpenClaw announces a restart; requests sent after it are held and never
                    // answered, so the connection counts as gone at once.
                    Ok(Frame::Event { event, .. }) if event == protocol::SHUTDOWN => {
                        let _ = ws.close(None).await;
                        break BotError::Closed;
                    }
                    Ok(Frame::Event { event, payload }) => {
                        let _ = events.send(BotEvent { event, payload });
                    }
                    Ok(Frame::Other) => {}
                    Err(e) => tracing::warn!(error = %e, "unreadable frame from a bot"),
                },
                Some(Err(e)) => {
                    let why = read_error(e);
                    if let BotError::TooLarge(max) = why {
                        tracing::warn!(max, "a bot sent a message over the limit; closing its connection");
                        let _ = ws
                            .close(Some(CloseFrame {
                                code: CloseCode::Size,
                                reason: "message too big".into(),
                            }))
                            .await;
                    }
                    break why;
                }
                Some(Ok(Message::Close(_))) | None => break BotError::Closed,
                Some(Ok(_)) => {}
            },
        }
    };
    closed.store(true, Ordering::Relaxed);
    let _ = closed_tx.send(Some(ended));
}
