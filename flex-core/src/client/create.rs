//! Client creation and token update.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use super::{expiry, renew};
use super::handler::SocketBridge;
use super::load::Loader;
use super::{FlexClient, Inner};
use crate::auth::{self, Secret, TokenBroker, TokenInfo};
use crate::config::{self, AccountConfig};
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::events::{ConnectionState, Dispatcher, FlexEvent, Listeners, RenewalState};
use crate::options::ClientOptions;
use crate::transport::hosts::Hosts;
use crate::transport::http::Http;
use crate::transport::socket::{self, socket_url, SocketControl};
use crate::transport::tunnel::Tunnel;
use crate::voice::Device;

fn check_token(token: &str) -> Result<Secret> {
    if token.trim().is_empty() {
        return Err(FlexSdkError::invalid_params(
            "token, expected a string which is not empty",
        ));
    }
    Ok(Secret::from(token.trim()))
}

fn check_refresh(refresh: Option<&str>) -> Result<Option<Secret>> {
    match refresh.map(str::trim) {
        Some("") => Err(FlexSdkError::invalid_params("refresh_token must not be blank")),
        other => Ok(other.map(Secret::from)),
    }
}

pub(super) async fn create(token: &str, options: ClientOptions) -> Result<FlexClient> {
    let token = check_token(token)?;
    options.validate()?;
    renew::check(options.renewal())?;
    if let Some(level) = options.log_level {
        crate::logging::set_log_level(level);
    }
    let hosts = Hosts::from_options(&options)?;
    let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
        FlexSdkError::invalid_state("FlexClient::create must run inside a tokio runtime")
    })?;
    let limit = options.connect_timeout();
    tokio::time::timeout(limit, connect(token, options, hosts, runtime))
        .await
        .map_err(|_| FlexSdkError::network(format!("the client was not ready within {limit:?}")))?
}

/// Validates the token and fetches the account configuration (in parallel when
/// the token names its account; else the configuration comes first, for the account SID).
async fn session(
    http: &Http,
    hosts: &Hosts,
    token: &Secret,
    ui_version: Option<&str>,
) -> Result<(AccountConfig, TokenInfo)> {
    let config = async {
        config::fetch(http, &hosts.flex_api, token, ui_version)
            .await
            .map_err(auth::access_denied)
    };
    match auth::account_sid_hint(token.expose()) {
        Some(account) => {
            let validate = auth::validate(http, &hosts.flex_api, &account, token);
            let (info, config) = tokio::try_join!(validate, config)?;
            Ok((config, info))
        }
        None => {
            let config = config.await?;
            let info = auth::validate(http, &hosts.flex_api, &config.account_sid, token).await?;
            Ok((config, info))
        }
    }
}

async fn connect(
    token: Secret,
    options: ClientOptions,
    hosts: Hosts,
    runtime: tokio::runtime::Handle,
) -> Result<FlexClient> {
    let http = Http::new(options.connect_timeout(), options.request_timeout())?;
    let (config, info) = session(&http, &hosts, &token, options.ui_version.as_deref()).await?;
    tracing::info!(target: "flex_core::client", identity = %info.identity, "token validated");
    let url = socket_url(
        &hosts.event_bridge_ws,
        token.expose(),
        options.close_existing_sessions,
        options.set_worker_offline_if_disconnected,
    );
    let (ws, init) = socket::connect(&url, options.connect_timeout()).await?;
    let worker_sid = info.worker_sid.clone().or(init.worker_sid).ok_or_else(|| {
        FlexSdkError::new(ErrorCode::WorkerNotInitialized, "the token has no worker")
    })?;
    let workspace_sid = config.workspace_sid.or(init.workspace_sid).ok_or_else(|| {
        FlexSdkError::new(
            ErrorCode::FailedToFetchAccountConfiguration,
            "no TaskRouter workspace is configured",
        )
    })?;
    let refresh = options.renewal().and_then(|s| s.refresh_token.as_deref().cloned());
    let broker = TokenBroker::new(token, info, refresh);
    let tunnel = Tunnel::new(http.clone(), hosts.event_bridge_http.clone());
    let state = Loader {
        tunnel: &tunnel,
        broker: &broker,
        workspace_sid: &workspace_sid,
        worker_sid: &worker_sid,
    }
    .load()
    .await
    .map_err(|e| e.for_action(ErrorCode::WorkerNotInitialized, "loading the worker"))?;

    let listeners = Arc::new(Listeners::default());
    let capacity = options.event_queue_capacity as usize;
    let dispatcher = Dispatcher::start(Arc::clone(&listeners), capacity).map_err(|e| {
        FlexSdkError::new(
            ErrorCode::UnexpectedError,
            format!("cannot start the event delivery threads: {e}"),
        )
    })?;
    let inner = Arc::new(Inner {
        hosts,
        http,
        tunnel,
        broker,
        workspace_sid,
        worker_sid,
        state: Mutex::new(state),
        connection: watch::channel(ConnectionState::Connected).0,
        renewal: watch::channel(if options.renewal().is_some() {
            RenewalState::Active
        } else {
            RenewalState::Off
        })
        .0,
        listeners,
        dispatcher,
        destroyed: AtomicBool::new(false),
        shutdown: watch::channel(false).0,
        expired: watch::channel(false).0,
        tasks: Mutex::new(Vec::new()),
        runtime: runtime.clone(),
        voice: std::sync::OnceLock::new(),
        options,
    });
    let control = SocketControl {
        connect_timeout: inner.options.connect_timeout(),
        heartbeat_timeout: inner.options.heartbeat_timeout(),
        shutdown: inner.shutdown.subscribe(),
        expired: inner.expired.subscribe(),
        token: inner.broker.watch(),
    };
    let bridge = Arc::new(SocketBridge {
        inner: Arc::downgrade(&inner),
    });
    // The socket loop ends by itself on shutdown (closing the socket cleanly).
    runtime.spawn(socket::run(bridge, ws, control));
    inner.spawn(
        &runtime,
        expiry::run(
            Arc::downgrade(&inner),
            inner.broker.watch(),
            inner.shutdown.subscribe(),
        ),
    );
    if let Some(session) = inner.options.renewal() {
        inner.spawn(
            &runtime,
            renew::run(
                Arc::downgrade(&inner),
                session.clone(),
                inner.shutdown.subscribe(),
            ),
        );
    }
    let client = FlexClient { inner };
    if let Some(voice) = client.inner.options.voice.clone() {
        let device = Arc::clone(client.inner.voice.get_or_init(|| Device::start(&client.inner, voice)));
        if let Err(e) = device.registered().await {
            client.destroy();
            return Err(e);
        }
    }
    tracing::info!(target: "flex_core::client", worker = %client.inner.worker_sid, "client ready");
    Ok(client)
}

pub(super) async fn update_token(inner: &Inner, token: &str, refresh: Option<&str>) -> Result<()> {
    inner.check_alive()?;
    let token = check_token(token)?;
    let refresh = check_refresh(refresh)?;
    let account = inner.broker.info().account_sid;
    let info = auth::validate(&inner.http, &inner.hosts.flex_api, &account, &token).await?;
    inner.check_alive()?;
    same_user(inner, &info)?;
    install(inner, token, info, refresh);
    tracing::info!(target: "flex_core::auth", "token updated");
    Ok(())
}

/// Refuses a token of another user or worker: a client is one agent's for good.
pub(super) fn same_user(inner: &Inner, new: &TokenInfo) -> Result<()> {
    let current = inner.broker.info();
    let worker = new.worker_sid.as_deref().unwrap_or(&inner.worker_sid);
    if new.identity != current.identity || worker != inner.worker_sid {
        return Err(FlexSdkError::new(
            ErrorCode::AccessDeniedError,
            "the token belongs to another user than this client's; create a client for that user",
        ));
    }
    Ok(())
}

/// Hands a validated token to the broker (every request and socket uses it at
/// once), clears the expired state and tells the listeners, with the tokens.
pub(super) fn install(inner: &Inner, token: Secret, info: TokenInfo, refresh: Option<Secret>) {
    inner.broker.replace(token, info, refresh);
    inner.expired.send_replace(false);
    // A new token resumes a stopped renewal (the renewal task wakes on it too).
    inner.renewal.send_if_modified(|s| {
        let resume = *s == RenewalState::Stopped;
        if resume {
            *s = RenewalState::Active;
        }
        resume
    });
    inner.dispatcher.emit(FlexEvent::TokenUpdated { tokens: inner.broker.session_tokens() });
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The dispatcher, dropped next, delivers what is queued and clears the listeners.
        if !self.destroyed.swap(true, Ordering::SeqCst) {
            self.shutdown.send_replace(true);
        }
    }
}
