//! The shared application handle: state lock, token signer, timers, shutdown, and the router.

use std::ops::Deref;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::net::TcpStream;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

use crate::config::EmulatorConfig;
use crate::errors::{ApiError, ApiResult};
use crate::state::{State, Timer};
use crate::tokens::{Claims, TokenSigner};
use crate::world::World;

/// Everything the handlers share.
#[derive(Debug)]
pub struct Inner {
    state: Arc<Mutex<State>>,
    /// Mints and checks access tokens (replaced by a restart).
    signer: RwLock<TokenSigner>,
    /// Start-up settings.
    pub config: EmulatorConfig,
    /// The seeded world description.
    pub world: World,
    /// Flips to `true` when the emulator stops.
    pub shutdown: watch::Sender<bool>,
    /// SSO codes, sessions and renewals.
    pub sso: Arc<crate::sso::Sso>,
}

/// A cheap, cloneable handle on [`Inner`].
#[derive(Debug, Clone)]
pub struct App(Arc<Inner>);

impl Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// Wraps the seeded parts.
    pub fn new(state: State, signer: TokenSigner, config: EmulatorConfig, world: World) -> Self {
        let (shutdown, _) = watch::channel(false);
        Self(Arc::new(Inner {
            state: Arc::new(Mutex::new(state)),
            signer: RwLock::new(signer),
            config,
            world,
            shutdown,
            sso: Arc::default(),
        }))
    }

    /// The application of a restarted server: the same data and SSO sessions,
    /// a new signing key (tokens minted before are refused with 20101), no timers.
    pub fn successor(&self) -> Self {
        let (shutdown, _) = watch::channel(false);
        Self(Arc::new(Inner {
            state: Arc::clone(&self.state),
            signer: RwLock::new(self.signer().rotated()),
            config: self.config.clone(),
            world: self.world.clone(),
            shutdown,
            sso: Arc::clone(&self.sso),
        }))
    }

    /// The current token signer.
    pub fn signer(&self) -> TokenSigner {
        self.signer.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Signs with a new key from now on (tokens minted before are refused) and
    /// drops every socket, as a server restarted with rotated keys would.
    pub fn rotate_signing_key(&self) {
        let rotated = self.signer().rotated();
        *self.signer.write().unwrap_or_else(|p| p.into_inner()) = rotated;
        self.mutate(|state| {
            state.sockets.drop_all();
            state.voice.drop_all();
        });
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reads the state.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.lock())
    }

    /// Changes the state, then schedules the timers the change queued.
    pub fn mutate<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let (result, timers) = {
            let mut state = self.lock();
            let result = f(&mut state);
            (result, std::mem::take(&mut state.timers))
        };
        for timer in timers {
            self.schedule(timer);
        }
        result
    }

    fn schedule(&self, timer: Timer) {
        let app = self.clone();
        let mut shutdown = self.shutdown.subscribe();
        tokio::spawn(async move {
            let after = match &timer {
                Timer::ReservationTimeout { after, .. } | Timer::TaskTtl { after, .. } => *after,
            };
            tokio::select! {
                _ = tokio::time::sleep(after) => {}
                _ = stopped(&mut shutdown) => return,
            }
            app.mutate(|state| match &timer {
                Timer::ReservationTimeout { sid, .. } => state.on_reservation_timeout(sid),
                Timer::TaskTtl { sid, .. } => state.on_task_ttl(sid),
            });
        });
    }

    /// Verifies an access token and that its worker exists in this workspace.
    pub fn verify(&self, token: &str) -> ApiResult<Claims> {
        let claims = self.signer().verify(token)?;
        self.read(|state| {
            if claims.workspace_sid != state.workspace.sid
                || !state.workers.iter().any(|w| w.sid == claims.worker_sid)
            {
                return Err(ApiError::invalid_token(
                    "Access Token grants an unknown workspace or worker",
                ));
            }
            Ok(claims)
        })
    }

    /// Stops timers and sockets.
    pub fn stop(&self) {
        self.shutdown.send_replace(true);
        self.mutate(|state| state.sockets.drop_all());
    }
}

/// Resolves once the emulator is stopping.
pub async fn stopped(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// The full router: event bridge, Flex REST, TaskRouter REST, users, test hooks; every
/// request body is read within the body timeout and size limit, and a handler that panics
/// answers 500 instead of dropping the connection.
pub fn router(app: App) -> Router {
    let body_timeout = app.config.request_body_timeout;
    Router::new()
        .merge(crate::eventbridge::routes())
        .merge(crate::signal::routes())
        .merge(crate::rest::routes())
        .merge(crate::sso::routes())
        .fallback(|uri: axum::http::Uri| async move { ApiError::no_route(uri.path()) })
        .with_state(app)
        .layer(axum::middleware::from_fn(move |request, next| {
            read_body(body_timeout, request, next)
        }))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

/// The largest request body accepted (1 MiB); larger ones get 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Reads the whole body within `timeout` (else 408 and the connection closes) and
/// `MAX_BODY_BYTES` (else 413), then hands the buffered request on.
async fn read_body(
    timeout: Duration,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(bytes)) => {
            next.run(axum::extract::Request::from_parts(
                parts,
                axum::body::Body::from(bytes),
            ))
            .await
        }
        Ok(Err(error)) => {
            let too_large = std::error::Error::source(&error)
                .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
            let error = if too_large {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    20001,
                    format!("Request body larger than {MAX_BODY_BYTES} bytes"),
                )
            } else {
                ApiError::bad_request(format!("Could not read the request body: {error}"))
            };
            closing(error.into_response())
        }
        Err(_) => closing(
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                20001,
                format!(
                    "Request body not received within {} s",
                    timeout.as_secs_f64()
                ),
            )
            .into_response(),
        ),
    }
}

/// Asks hyper to close the connection after this response (the body may be half read).
fn closing(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The answer of a handler that panicked: 500 Twilio error JSON.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        20500,
        "Internal error: the emulator could not handle this request",
    )
    .into_response()
}

/// HTTP/2 connections start with these bytes.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Waits until the client has sent enough to tell HTTP/1 from HTTP/2 (hyper's own
/// sniffing has no timeout; the header-read timeout only starts after it).
async fn sniff(stream: &TcpStream) -> std::io::Result<()> {
    let mut buf = [0u8; 24];
    loop {
        let n = stream.peek(&mut buf).await?;
        let seen = buf.get(..n).unwrap_or_default();
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if n >= H2_PREFACE.len() || !H2_PREFACE.starts_with(seen) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Serves `router` on `listener` until `stop` flips: at most `max_connections` at once
/// (the others wait in the listen backlog), headers within `header_read_timeout`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    config: &EmulatorConfig,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let header_timeout = config.header_read_timeout;
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .enable_connect_protocol()
        .keep_alive_interval(header_timeout)
        .keep_alive_timeout(header_timeout);
    let builder = Arc::new(builder);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            _ = stopped(&mut stop) => return,
        };
        let Ok(slot) = slot else { return };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped(&mut stop) => return,
        };
        let (stream, remote) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                if !matches!(
                    error.kind(),
                    std::io::ErrorKind::ConnectionRefused
                        | std::io::ErrorKind::ConnectionAborted
                        | std::io::ErrorKind::ConnectionReset
                ) {
                    // E.g. EMFILE: wait for descriptors to free up, keep serving.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let service = router
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                request.map(axum::body::Body::new)
            });
        let builder = Arc::clone(&builder);
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let _slot = slot;
            match tokio::time::timeout(header_timeout, sniff(&stream)).await {
                Ok(Ok(())) => {}
                _ => return,
            }
            let connection = builder.serve_connection_with_upgrades(
                TokioIo::new(stream),
                TowerToHyperService::new(service),
            );
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = stopped(&mut stop) => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
}
