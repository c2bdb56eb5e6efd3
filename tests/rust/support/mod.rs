//! Shared helpers for the flex-core integration tests: an in-process emulator,
//! client options pointing at it, task creation through the public TaskRouter
//! API, and an event recorder.

pub mod sso;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use flex_core::{ClientOptions, ConnectionState, FlexClient, FlexEvent, ListenerHandle, VoiceCall};
use flex_emulator::{Emulator, EmulatorConfig, World};
use serde_json::Value;

/// How long a test waits for an expected event.
pub const WAIT: Duration = Duration::from_secs(10);

/// A running emulator and its seeded world.
pub struct Env {
    /// The emulator (stopped on drop).
    pub emulator: Emulator,
    /// The seeded accounts, users, activities and queues.
    pub world: World,
}

impl Env {
    /// Starts an emulator with the default settings.
    pub async fn start() -> Env {
        Env::start_with(EmulatorConfig::default()).await
    }

    /// Starts an emulator with these settings.
    pub async fn start_with(config: EmulatorConfig) -> Env {
        let emulator = Emulator::start(config).await.expect("emulator starts");
        let world = emulator.world();
        Env { emulator, world }
    }

    /// Client options pointing at the emulator, with test-friendly timeouts.
    pub fn options(&self) -> ClientOptions {
        ClientOptions {
            endpoint_override: Some(self.emulator.base_url()),
            connect_timeout_ms: 10_000,
            request_timeout_ms: 5_000,
            event_timeout_ms: 5_000,
            ..ClientOptions::default()
        }
    }

    /// A client for the seeded agent.
    pub async fn agent(&self) -> FlexClient {
        FlexClient::create(&self.world.users.agent.token, self.options())
            .await
            .expect("agent client")
    }

    /// A POST to the public TaskRouter API of the workspace (account credentials).
    pub async fn taskrouter_post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        let url = format!(
            "{}/v1/Workspaces/{}/{path}",
            self.emulator.base_url(),
            self.world.workspace_sid
        );
        let resp = reqwest::Client::new()
            .post(url)
            .basic_auth(&self.world.account_sid, Some(&self.world.auth_token))
            .form(form)
            .send()
            .await
            .expect("TaskRouter request");
        assert!(
            resp.status().is_success(),
            "POST {path} failed: {}",
            resp.status()
        );
        resp.json().await.expect("TaskRouter JSON")
    }

    /// Creates a task through the public TaskRouter API; returns its SID.
    pub async fn create_task(&self, channel: &str, attributes: Value) -> String {
        let attributes = attributes.to_string();
        let form = [
            ("WorkflowSid", self.world.workflow_sid.as_str()),
            ("TaskChannel", channel),
            ("Attributes", attributes.as_str()),
        ];
        let body = self.taskrouter_post("Tasks", &form).await;
        body["sid"].as_str().expect("task sid").to_string()
    }
}

/// Records every event a client emits.
#[derive(Clone, Default)]
pub struct Recorder {
    events: Arc<Mutex<Vec<FlexEvent>>>,
}

impl Recorder {
    /// A recorder registered on the client; keep the handle alive.
    pub fn attach(client: &FlexClient) -> (Recorder, ListenerHandle) {
        let recorder = Recorder::default();
        let sink = recorder.clone();
        let handle = client.add_listener(Arc::new(move |e: FlexEvent| sink.lock().push(e)));
        (recorder, handle)
    }

    /// A recorder of one call's events (`VoiceCall::add_listener`); keep the handle alive.
    pub fn attach_to_call(call: &VoiceCall) -> (Recorder, ListenerHandle) {
        let recorder = Recorder::default();
        let sink = recorder.clone();
        let handle = call
            .add_listener(Arc::new(move |e: FlexEvent| sink.lock().push(e)))
            .expect("call listener");
        (recorder, handle)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FlexEvent>> {
        self.events.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every event so far.
    pub fn events(&self) -> Vec<FlexEvent> {
        self.lock().clone()
    }

    /// Waits until the recorded events satisfy `done`; returns them; panics after [`WAIT`].
    pub async fn wait_until(
        &self,
        what: &str,
        done: impl Fn(&[FlexEvent]) -> bool,
    ) -> Vec<FlexEvent> {
        let start = Instant::now();
        loop {
            let events = self.events();
            if done(&events) {
                return events;
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {what}; got {events:#?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for the first recorded event that matches; panics after [`WAIT`].
    pub async fn wait_for(&self, what: &str, matches: impl Fn(&FlexEvent) -> bool) -> FlexEvent {
        let events = self
            .wait_until(what, |events| events.iter().any(&matches))
            .await;
        events
            .into_iter()
            .find(|e| matches(e))
            .expect("matched above")
    }

    /// Waits for a `ConnectionStateChanged` to this state.
    pub async fn wait_for_state(&self, state: ConnectionState) {
        self.wait_for(
            &format!("{state:?}"),
            |e| matches!(e, FlexEvent::ConnectionStateChanged { state: s } if *s == state),
        )
        .await;
    }

    /// Waits for a `ReservationCreated` for this task; returns the reservation SID.
    pub async fn wait_for_reservation(&self, task_sid: &str) -> String {
        let e = self
            .wait_for("reservation created", |e| {
                matches!(e, FlexEvent::ReservationCreated { reservation } if reservation.task.sid == task_sid)
            })
            .await;
        e.reservation().map(|r| r.sid.clone()).unwrap_or_default()
    }
}

/// A client for the agent, made Available and ready to receive a task, with a recorder.
pub async fn available_agent(env: &Env) -> (FlexClient, Recorder, ListenerHandle) {
    let client = env.agent().await;
    let (recorder, handle) = Recorder::attach(&client);
    client
        .set_current_activity(&env.world.activities.available, false)
        .await
        .expect("go available");
    (client, recorder, handle)
}
