//! Agent demo: one agent's day in a few seconds, against the local Flex emulator.
//!
//! Starts an emulator in-process (or uses a running one with `--url`), mints an
//! agent token through the public Flex API, connects the SDK, goes Available,
//! receives a customer task, accepts, wraps up and completes it, goes Offline.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use flex_core::{ClientOptions, FlexClient, FlexEvent};
use flex_emulator::{Emulator, EmulatorConfig};
use serde_json::{json, Value};
use tokio::sync::mpsc;

/// Command line.
#[derive(Parser)]
#[command(about = "Flex SDK agent demo against the local emulator")]
struct Args {
    /// Base URL of a running emulator (e.g. http://127.0.0.1:4010); default: start one in-process.
    #[arg(long)]
    url: Option<String>,
}

/// What the demo needs to know about the emulator's seeded world.
struct Demo {
    base: String,
    account_sid: String,
    auth_token: String,
    instance_sid: String,
    flex_user_sid: String,
    identity: String,
    workspace_sid: String,
    workflow_sid: String,
    available: String,
    offline: String,
}

type DemoResult<T> = Result<T, String>;

impl Demo {
    fn from_world(base: String, w: &Value) -> DemoResult<Demo> {
        let get = |path: &str| {
            w.pointer(path)
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("world has no {path}"))
        };
        Ok(Demo {
            base,
            account_sid: get("/account_sid")?,
            auth_token: get("/auth_token")?,
            instance_sid: get("/flex_instance_sid")?,
            flex_user_sid: get("/users/agent/flex_user_sid")?,
            identity: get("/users/agent/identity")?,
            workspace_sid: get("/workspace_sid")?,
            workflow_sid: get("/workflow_sid")?,
            available: get("/activities/available")?,
            offline: get("/activities/offline")?,
        })
    }

    /// A POST with the account's Basic credentials; returns the JSON answer.
    async fn post(&self, path: &str, req: reqwest::RequestBuilder) -> DemoResult<Value> {
        let resp = req
            .basic_auth(&self.account_sid, Some(&self.auth_token))
            .send()
            .await
            .map_err(|e| format!("POST {path}: {e}"))?;
        let status = resp.status();
        let body: Value = resp.json().await.map_err(|e| format!("POST {path}: {e}"))?;
        if status.is_success() {
            Ok(body)
        } else {
            Err(format!("POST {path}: HTTP {status}: {body}"))
        }
    }

    async fn mint_token(&self, http: &reqwest::Client) -> DemoResult<String> {
        let path = format!(
            "/v4/Instances/{}/Users/{}/Tokens",
            self.instance_sid, self.flex_user_sid
        );
        let body = self
            .post(
                &path,
                http.post(format!("{}{path}", self.base))
                    .json(&json!({"ttl": 3600})),
            )
            .await?;
        body["access_token"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "no access_token in answer".to_string())
    }

    async fn create_task(&self, http: &reqwest::Client) -> DemoResult<String> {
        let path = format!("/v1/Workspaces/{}/Tasks", self.workspace_sid);
        let attributes = json!({"customer": "Ada Lovelace", "channelType": "web"}).to_string();
        let form = [
            ("WorkflowSid", self.workflow_sid.as_str()),
            ("TaskChannel", "chat"),
            ("Attributes", &attributes),
        ];
        let body = self
            .post(&path, http.post(format!("{}{path}", self.base)).form(&form))
            .await?;
        body["sid"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "no task sid in answer".to_string())
    }
}

struct Clock(Instant);

impl Clock {
    fn step(&self, what: impl std::fmt::Display) {
        println!("[{:>7.3}s] {what}", self.0.elapsed().as_secs_f64());
    }
}

async fn run(args: Args) -> DemoResult<()> {
    let clock = Clock(Instant::now());
    let http = reqwest::Client::new();
    let (demo, _emulator) = match args.url {
        Some(url) => {
            let base = url.trim_end_matches('/').to_string();
            let world: Value = http
                .get(format!("{base}/_emulator/world"))
                .send()
                .await
                .and_then(reqwest::Response::error_for_status)
                .map_err(|e| format!("cannot read the emulator world: {e}"))?
                .json()
                .await
                .map_err(|e| format!("cannot read the emulator world: {e}"))?;
            (Demo::from_world(base, &world)?, None)
        }
        None => {
            let emulator = Emulator::start(EmulatorConfig::default())
                .await
                .map_err(|e| format!("cannot start the emulator: {e}"))?;
            let world = serde_json::to_value(emulator.world()).map_err(|e| e.to_string())?;
            (
                Demo::from_world(emulator.base_url(), &world)?,
                Some(emulator),
            )
        }
    };
    clock.step(format!("emulator at {}", demo.base));

    let token = demo.mint_token(&http).await?;
    clock.step(format!("minted a token for {}", demo.identity));

    let options = ClientOptions {
        endpoint_override: Some(demo.base.clone()),
        ..ClientOptions::default()
    };
    let client = FlexClient::create(&token, options)
        .await
        .map_err(|e| format!("create: {e}"))?;
    let worker = client.get_worker().map_err(|e| e.to_string())?;
    clock.step(format!(
        "connected as {} ({}), activity {}",
        worker.name, worker.sid, worker.activity_name
    ));

    let (tx, mut events) = mpsc::unbounded_channel();
    let _listener = client.add_listener(Arc::new(move |e: FlexEvent| {
        let _ = tx.send(e);
    }));

    let result = agent_day(&client, &demo, &http, &clock, &mut events).await;
    client.destroy();
    clock.step("client destroyed");
    result
}

async fn agent_day(
    client: &FlexClient,
    demo: &Demo,
    http: &reqwest::Client,
    clock: &Clock,
    events: &mut mpsc::UnboundedReceiver<FlexEvent>,
) -> DemoResult<()> {
    let w = client
        .set_current_activity(&demo.available, false)
        .await
        .map_err(|e| format!("go available: {e}"))?;
    clock.step(format!("activity is now {}", w.activity_name));

    let task_sid = demo.create_task(http).await?;
    clock.step(format!("customer task {task_sid} created"));

    let reservation = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(event) = events.recv().await {
            if let FlexEvent::ReservationCreated { reservation } = event {
                if reservation.task.sid == task_sid {
                    return Some(reservation);
                }
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .ok_or("no reservation within 10 s")?;
    clock.step(format!(
        "reservation {} offered (customer {})",
        reservation.sid, reservation.task.attributes["customer"]
    ));

    let r = client
        .accept_task(&task_sid)
        .await
        .map_err(|e| format!("accept: {e}"))?;
    clock.step(format!("accepted: reservation {:?}", r.status));
    let r = client
        .wrap_up_task(&task_sid)
        .await
        .map_err(|e| format!("wrap up: {e}"))?;
    clock.step(format!("wrapped up: reservation {:?}", r.status));
    let r = client
        .complete_task(&task_sid)
        .await
        .map_err(|e| format!("complete: {e}"))?;
    clock.step(format!("completed: reservation {:?}", r.status));

    let w = client
        .set_current_activity(&demo.offline, false)
        .await
        .map_err(|e| format!("go offline: {e}"))?;
    clock.step(format!("activity is now {}", w.activity_name));
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Args::parse()).await {
        Ok(()) => {
            println!("demo finished: OK");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("demo failed: {e}");
            ExitCode::FAILURE
        }
    }
}
