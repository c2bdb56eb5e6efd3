//! The shared application handle: state lock, token signer, timers, shutdown, and the router.

use std::ops::Deref;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use tokio::sync::watch;

use crate::config::EmulatorConfig;
use crate::errors::{ApiError, ApiResult};
use crate::state::{State, Timer};
use crate::tokens::{Claims, TokenSigner};
use crate::world::World;

/// Everything the handlers share.
#[derive(Debug)]
pub struct Inner {
    state: Mutex<State>,
    /// Mints and checks access tokens.
    pub signer: TokenSigner,
    /// Start-up settings.
    pub config: EmulatorConfig,
    /// The seeded world description.
    pub world: World,
    /// Flips to `true` when the emulator stops.
    pub shutdown: watch::Sender<bool>,
    /// SSO codes, sessions and renewals.
    pub sso: crate::sso::Sso,
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
            state: Mutex::new(state),
            signer,
            config,
            world,
            shutdown,
            sso: crate::sso::Sso::default(),
        }))
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
        let claims = self.signer.verify(token)?;
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

/// The full router: event bridge, Flex REST, TaskRouter REST, users, test hooks.
pub fn router(app: App) -> Router {
    Router::new()
        .merge(crate::eventbridge::routes())
        .merge(crate::rest::routes())
        .merge(crate::sso::routes())
        .fallback(|uri: axum::http::Uri| async move { ApiError::no_route(uri.path()) })
        .with_state(app)
}
