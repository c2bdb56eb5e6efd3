//! flex-emulator: an in-memory Twilio Flex backend on one origin.
//!
//! It serves the event bridge (websocket + REST tunnel), the Flex REST endpoints,
//! TaskRouter's public REST API, Flex user tokens, and routes tasks to workers.
//! See `README.md` for the endpoint list.

#![recursion_limit = "256"]
// No input may panic the emulator: nothing reachable from a request unwraps, indexes out of
// bounds or overflows. Tests opt out (`#[allow]` on their modules).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod auth;
mod config;
mod errors;
mod eventbridge;
mod expr;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod paging;
mod params;
mod queries;
mod rest;
mod routing;
mod server;
mod sid;
mod signal;
mod sso;
mod state;
mod time;
mod tokens;
mod world;

use std::net::SocketAddr;
use std::time::Duration;

pub use config::{default_max_connections, EmulatorConfig, DEFAULT_MAX_CONNECTIONS};
pub use server::MAX_BODY_BYTES;
pub use state::VoiceSocketInfo;
pub use tokens::MAX_TTL_SECS;
pub use world::{Activities, Queues, User, Users, World};

use server::App;

/// A running emulator; dropping it stops the server and closes every socket.
#[derive(Debug)]
pub struct Emulator {
    app: App,
    addr: SocketAddr,
    serving: tokio::task::JoinHandle<()>,
}

impl Emulator {
    /// Binds, seeds the demo world and starts serving in the background.
    pub async fn start(config: EmulatorConfig) -> std::io::Result<Emulator> {
        let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
        let addr = listener.local_addr()?;
        let host = match addr.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let base_url = format!("http://{host}:{}", addr.port());
        let (state, signer, world) = world::seed(&config, &base_url);
        let app = App::new(state, signer, config, world);
        let serving = serve(listener, &app);
        tracing::info!(%base_url, "flex-emulator listening");
        Ok(Emulator { app, addr, serving })
    }

    /// Test hook: kills the server (the port closes, every connection and socket
    /// drops), waits `downtime`, then serves again on the same address with the same
    /// data and a new signing key, so every token minted before is refused with 401
    /// (20101). Timers pending at the kill (reservation timeouts, task TTLs) are lost.
    pub async fn restart(&mut self, downtime: Duration) -> std::io::Result<()> {
        self.app.stop();
        (&mut self.serving).await.map_err(std::io::Error::other)?;
        tokio::time::sleep(downtime).await;
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        self.app = self.app.successor();
        self.serving = serve(listener, &self.app);
        tracing::info!(addr = %self.addr, "flex-emulator restarted");
        Ok(())
    }

    /// Test hook: signs with a new key from now on and drops every socket, as
    /// `restart` does but without downtime.
    pub fn rotate_signing_key(&self) {
        self.app.rotate_signing_key();
    }

    /// `http://host:port` of the server.
    pub fn base_url(&self) -> String {
        self.app.world.base_url.clone()
    }

    /// The address the server is bound to.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The seeded world (the same data as the start-up JSON line).
    pub fn world(&self) -> World {
        self.app.world.clone()
    }

    /// Mints an access token for a worker, valid for `ttl` (e.g. short-lived tokens in tests).
    pub fn mint_token(&self, worker_sid: &str, ttl: Duration) -> String {
        rest::hooks::mint(&self.app, worker_sid, ttl)
    }

    /// Test hook: abruptly closes every socket, without close frames (a network drop).
    pub fn drop_sockets(&self) {
        self.app.mutate(|state| state.sockets.drop_all());
    }

    /// Test hook: abruptly closes every voice signalling socket (a network drop);
    /// calls stay up for the devices' reconnect `invite`s.
    pub fn drop_voice_sockets(&self) {
        self.app.mutate(|state| state.voice.drop_all());
    }

    /// Test hook: sends every voice signalling socket the server's `close` frame
    /// (a client destroys the stream and does not reconnect).
    pub fn close_voice_sockets(&self) {
        self.app.read(|state| state.voice.close_all());
    }

    /// Test hook: the customer of the task's voice call hangs up (before an answer the
    /// task is canceled and the invite withdrawn; after, the agents get `hangup` and the
    /// task goes to wrap-up). False when the task has no conference.
    pub fn customer_hangup(&self, task_sid: &str) -> bool {
        self.app.mutate(|state| state.customer_hangup(task_sid))
    }

    /// Test hook: while `code` is set, a device's `answer` fails: the device gets
    /// `hangup {callsid, error {code}}` and the reservation is rejected. `None` restores answers.
    pub fn deny_voice_answers(&self, code: Option<u32>) {
        self.app.mutate(|state| state.voice.deny_answers = code);
    }

    /// Test hook: every voice signalling socket opened so far, with its `listen`,
    /// `register` and heartbeat-reply counts.
    pub fn voice_sockets(&self) -> Vec<VoiceSocketInfo> {
        self.app.read(|state| state.voice.sockets())
    }

    /// Test hook: calls the registered devices of `identity` outside any task
    /// (`From` = `from`, `Params` = `params`); returns the call SID, or `None` when
    /// no device of the identity is registered.
    pub fn dial_client(&self, identity: &str, from: &str, params: &str) -> Option<String> {
        self.app.mutate(|state| state.dial_client(identity, from, params).ok())
    }

    /// Test hook: a call leg's status (`ringing`, `in-progress`, `completed`, `canceled`, `failed`).
    pub fn voice_call_status(&self, call_sid: &str) -> Option<String> {
        self.app.read(|state| state.voice.leg(call_sid).map(|l| l.status.as_str().to_string()))
    }

    /// Test hook: the DTMF digits received for a call (`None` for an unknown call).
    pub fn voice_digits(&self, call_sid: &str) -> Option<String> {
        self.app.read(|state| state.voice.leg(call_sid).map(|l| l.digits.clone()))
    }

    /// Test hook: the contents of the user-defined messages received for a call.
    pub fn voice_messages(&self, call_sid: &str) -> Option<Vec<String>> {
        self.app.read(|state| state.voice.leg(call_sid).map(|l| l.messages.clone()))
    }
}

/// Serves `app` on `listener` in the background until the app stops.
fn serve(listener: tokio::net::TcpListener, app: &App) -> tokio::task::JoinHandle<()> {
    let stop = app.shutdown.subscribe();
    let router = server::router(app.clone());
    let app = app.clone();
    tokio::spawn(async move { server::serve(listener, router, &app.config, stop).await })
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.app.stop();
    }
}
