//! The event-bridge websocket (PROTOCOL.md §5.3): connect, wait for `init`,
//! heartbeat watchdog, and reconnect with full-jitter backoff.

use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use crate::auth::redact_url;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::events::ConnectionState;
use crate::signal::until;
use crate::transport::backoff::Backoff;

/// An open event-bridge socket.
pub(crate) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The `init` frame's payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct InitFrame {
    /// The worker SID (`channel_id`).
    pub(crate) worker_sid: Option<String>,
    /// The workspace SID.
    pub(crate) workspace_sid: Option<String>,
    /// The token lifetime in milliseconds.
    pub(crate) token_lifetime_ms: Option<i64>,
}

/// What the socket loop needs from its owner.
pub(crate) trait SocketHandler: Send + Sync + 'static {
    /// The URL to connect to, with the current token.
    fn url(&self) -> String;
    /// The connection state changed.
    fn set_state(&self, state: ConnectionState);
    /// A reconnected socket delivered `init`; bring local state up to date
    /// before further frames are read.
    fn resync(&self) -> impl Future<Output = ()> + Send;
    /// An event frame arrived.
    fn on_event(&self, event_type: &str, payload: Value);
    /// A reconnect attempt failed: retried in `retry_in`, or (`None`) not
    /// until the token changes, because the server refused it.
    fn connect_failed(&self, error: &FlexSdkError, retry_in: Option<Duration>);
}

/// Timings and the signals the loop obeys.
pub(crate) struct SocketControl {
    /// The longest a connect plus `init` may take.
    pub(crate) connect_timeout: Duration,
    /// The socket is dead after this long without a frame.
    pub(crate) heartbeat_timeout: Duration,
    /// True once the client is destroyed.
    pub(crate) shutdown: watch::Receiver<bool>,
    /// True while the token is expired: no reconnecting.
    pub(crate) expired: watch::Receiver<bool>,
    /// The token's generation: a new token ends the wait after a refusal.
    pub(crate) token: watch::Receiver<u64>,
}

/// Connects and waits for `init` (heartbeats before it are skipped).
pub(crate) async fn connect(url: &str, timeout: Duration) -> Result<(Ws, InitFrame)> {
    let redacted = redact_url(url);
    tracing::debug!(target: "flex_core::socket", url = %redacted, "connecting");
    let attempt = async {
        let mut ws = open(url).await?;
        loop {
            match ws.next().await {
                Some(Ok(msg)) => {
                    if let Some((kind, payload)) = parse_frame(&msg) {
                        if kind == "init" {
                            return Ok((ws, parse_init(&payload)));
                        }
                        tracing::debug!(target: "flex_core::socket", %kind, "frame before init ignored");
                    } else if matches!(msg, Message::Close(_)) {
                        return Err(FlexSdkError::network("the event socket closed before init"));
                    }
                }
                Some(Err(e)) => {
                    return Err(FlexSdkError::network(format!(
                        "event socket failed before init: {e}"
                    )))
                }
                None => return Err(FlexSdkError::network("the event socket closed before init")),
            }
        }
    };
    tokio::time::timeout(timeout, attempt).await.map_err(|_| {
        FlexSdkError::network(format!("no init from the event socket within {timeout:?}"))
    })?
}

/// Opens a websocket (TLS for `wss://`); an HTTP refusal maps to the server's error.
pub(crate) async fn open(url: &str) -> Result<Ws> {
    let (ws, _) = tokio_tungstenite::connect_async_tls_with_config(
        url,
        Some(ws_config()),
        false,
        Some(tls_connector()?),
    )
    .await
    .map_err(|e| connect_error(&e))?;
    Ok(ws)
}

/// The socket's buffers and limits. Event frames are small (a few KiB), so the
/// read buffer starts small instead of tungstenite's eager 128 KiB, and grows
/// for a larger frame; writes (pongs, the close frame) go out at once.
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE))
}

/// The socket's initial read buffer.
const READ_BUFFER: usize = 8 * 1024;
/// The largest event frame or message accepted (a larger one closes the socket, which reconnects).
const MAX_MESSAGE: usize = 4 << 20;

/// TLS for `wss://` (and, with its ALPN, for HTTPS) with the ring provider and
/// the webpki roots, chosen explicitly so that no process-wide crypto provider
/// is needed; built once and shared (root store included) by every connection.
pub(crate) fn tls_config() -> Result<Arc<rustls::ClientConfig>> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    if let Some(config) = CONFIG.get() {
        return Ok(Arc::clone(config));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| {
            FlexSdkError::new(ErrorCode::UnexpectedError, format!("TLS setup failed: {e}"))
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::clone(CONFIG.get_or_init(|| Arc::new(config))))
}

fn tls_connector() -> Result<Connector> {
    tls_config().map(Connector::Rustls)
}

fn connect_error(e: &tungstenite::Error) -> FlexSdkError {
    match e {
        tungstenite::Error::Http(resp) => {
            let status = resp.status();
            let body = resp
                .body()
                .as_ref()
                .and_then(|b| serde_json::from_slice(b).ok());
            let mut err = crate::transport::http::status_error(status, body);
            err.message = format!("socket rejected: {}", err.message);
            crate::auth::access_denied(err)
        }
        other => FlexSdkError::network(format!("cannot open the socket: {other}")),
    }
}

pub(crate) fn parse_init(payload: &Value) -> InitFrame {
    let s = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_string);
    InitFrame {
        worker_sid: s("channel_id"),
        workspace_sid: s("workspace_sid"),
        token_lifetime_ms: payload.get("token_lifetime").and_then(Value::as_i64),
    }
}

/// `None` for heartbeats and control frames; else `(event_type, payload)`.
pub(crate) fn parse_frame(msg: &Message) -> Option<(String, Value)> {
    let text = match msg {
        Message::Text(t) => t.as_str(),
        Message::Binary(b) => std::str::from_utf8(b).ok()?,
        _ => return None,
    };
    if text.trim().is_empty() {
        return None;
    }
    let mut v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(target: "flex_core::socket", error = %e, "unparseable frame ignored");
            return None;
        }
    };
    let kind = v.get("event_type")?.as_str()?.to_string();
    let payload = v.get_mut("payload").map(Value::take).unwrap_or(Value::Null);
    Some((kind, payload))
}

enum End {
    Shutdown,
    Expired,
    Lost(String),
}

/// Runs the socket until shutdown: pumps `first` (already past `init`), then
/// reconnects whenever the socket is lost: with backoff after a failure that
/// may pass, after the next token when the server refused the token, and not
/// at all while the token is expired.
pub(crate) async fn run<H: SocketHandler>(handler: Arc<H>, first: Ws, mut ctl: SocketControl) {
    let mut current = Some(first);
    let mut backoff = Backoff::default();
    // The delay chosen (and announced) when the last attempt failed.
    let mut next_delay: Option<Duration> = None;
    // Set after a refusal: wait for a token newer than this generation.
    let mut refused: Option<u64> = None;
    loop {
        if let Some(ws) = current.take() {
            let (end, healthy) = pump(&*handler, ws, &mut ctl).await;
            if healthy {
                // Only a socket that carried frames proves the server well:
                // one lost at once keeps the backoff growing.
                backoff.reset();
            }
            match end {
                End::Shutdown => return,
                End::Expired => {
                    tracing::info!(target: "flex_core::socket", "token expired; socket closed")
                }
                End::Lost(why) => {
                    tracing::warn!(target: "flex_core::socket", %why, "event socket lost");
                    handler.set_state(ConnectionState::Reconnecting);
                }
            }
        }
        if !wait_to_reconnect(&*handler, &mut ctl, &mut backoff, next_delay.take(), refused.take()).await {
            return;
        }
        let generation = *ctl.token.borrow_and_update();
        let url = handler.url();
        tokio::select! {
            biased;
            _ = until(&mut ctl.shutdown, true) => return,
            r = connect(&url, ctl.connect_timeout) => match r {
                Ok((ws, _init)) => {
                    handler.set_state(ConnectionState::Connected);
                    handler.resync().await;
                    current = Some(ws);
                }
                Err(e) if e.is_refusal() => {
                    tracing::warn!(target: "flex_core::socket", error = %e, "the server refused the token; waiting for a new one");
                    refused = Some(generation);
                    handler.connect_failed(&e, None);
                }
                Err(e) => {
                    let delay = backoff.next_delay();
                    tracing::warn!(target: "flex_core::socket", error = %e, ?delay, "reconnect failed");
                    next_delay = Some(delay);
                    handler.connect_failed(&e, Some(delay));
                }
            },
        }
    }
}

/// Waits until the next reconnect attempt is due: a newer token replaced a
/// refused one, the backoff delay passed, or (when the token is or becomes
/// expired) a new token arrived. False on shutdown.
async fn wait_to_reconnect<H: SocketHandler>(
    handler: &H,
    ctl: &mut SocketControl,
    backoff: &mut Backoff,
    delay: Option<Duration>,
    refused: Option<u64>,
) -> bool {
    if !*ctl.expired.borrow() {
        if let Some(generation) = refused {
            let newer = ctl.token.wait_for(|g| *g != generation);
            tokio::select! {
                biased;
                _ = until(&mut ctl.shutdown, true) => return false,
                r = newer => if r.is_err() { return false },
            }
            backoff.reset();
            handler.set_state(ConnectionState::Reconnecting);
            return !is_shut_down(ctl);
        }
        let delay = delay.unwrap_or_else(|| backoff.next_delay());
        tokio::select! {
            biased;
            _ = until(&mut ctl.shutdown, true) => return false,
            _ = until(&mut ctl.expired, true) => {}
            _ = tokio::time::sleep(delay) => return !is_shut_down(ctl),
        }
    }
    // The token is expired: wait for a new one.
    tokio::select! {
        biased;
        _ = until(&mut ctl.shutdown, true) => return false,
        gone = until(&mut ctl.expired, false) => if gone { return false },
    }
    handler.set_state(ConnectionState::Reconnecting);
    !is_shut_down(ctl)
}

fn is_shut_down(ctl: &SocketControl) -> bool {
    *ctl.shutdown.borrow()
}

/// Reads frames until the socket ends; also says whether any frame arrived.
/// The heartbeat watchdog is one timer, re-armed only when it fires (from the
/// last frame's time), not per frame.
async fn pump<H: SocketHandler>(handler: &H, mut ws: Ws, ctl: &mut SocketControl) -> (End, bool) {
    let mut healthy = false;
    let limit = ctl.heartbeat_timeout;
    let mut last_frame = Instant::now();
    let watchdog = tokio::time::sleep_until(last_frame + limit);
    tokio::pin!(watchdog);
    let end = loop {
        tokio::select! {
            biased;
            _ = until(&mut ctl.shutdown, true) => break End::Shutdown,
            _ = until(&mut ctl.expired, true) => break End::Expired,
            next = ws.next() => {
                last_frame = Instant::now();
                match next {
                    None => break End::Lost("socket closed".into()),
                    Some(Err(e)) => break End::Lost(e.to_string()),
                    Some(Ok(Message::Close(frame))) => break End::Lost(format!("closed by server: {frame:?}")),
                    Some(Ok(msg)) => {
                        healthy = true;
                        if let Some((kind, payload)) = parse_frame(&msg) {
                            if kind == "init" {
                                tracing::debug!(target: "flex_core::socket", "repeated init ignored");
                            } else {
                                handler.on_event(&kind, payload);
                            }
                        }
                    }
                }
            }
            _ = &mut watchdog => {
                let due = last_frame + limit;
                if Instant::now() >= due {
                    break End::Lost(format!("no frame for {limit:?}"));
                }
                watchdog.as_mut().reset(due);
            }
        }
    };
    if !matches!(end, End::Lost(_)) {
        let _ = tokio::time::timeout(Duration::from_secs(2), ws.close(None)).await;
    }
    (end, healthy)
}

/// Builds the socket URL (PROTOCOL.md §5.3).
pub(crate) fn socket_url(
    base: &str,
    token: &str,
    close_existing: bool,
    offline_if_disconnected: bool,
) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("closeExistingSessions", bool_str(close_existing))
        .append_pair("clientVersion", "2.1.1")
        .append_pair(
            "setWorkerOfflineIfDisconnected",
            bool_str(offline_if_disconnected),
        )
        .finish();
    format!("{base}?{query}")
}

fn bool_str(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames() {
        assert_eq!(parse_frame(&Message::text("  \n")), None);
        assert_eq!(parse_frame(&Message::text("{bad")), None);
        let (k, p) = parse_frame(&Message::text(
            r#"{"event_type":"init","payload":{"channel_id":"WK1","token_lifetime":5000}}"#,
        ))
        .unwrap();
        assert_eq!(k, "init");
        let init = parse_init(&p);
        assert_eq!(init.worker_sid.as_deref(), Some("WK1"));
        assert_eq!(init.token_lifetime_ms, Some(5000));
    }

    #[tokio::test]
    async fn tls_is_set_up_without_a_global_provider() {
        assert!(tls_connector().is_ok());
        let e = connect("wss://127.0.0.1:1/v1/wschannels", Duration::from_secs(2))
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::NetworkError);
    }

    #[test]
    fn url_has_the_documented_params() {
        let u = socket_url("ws://h/v1/wschannels", "a.b-c_d", false, true);
        assert_eq!(u, "ws://h/v1/wschannels?token=a.b-c_d&closeExistingSessions=false&clientVersion=2.1.1&setWorkerOfflineIfDisconnected=true");
    }
}
