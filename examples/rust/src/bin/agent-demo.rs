//! Agent demo: one agent's day in a few seconds, against the local Flex emulator.
//!
//! Starts an emulator in-process (or uses a running one with `--url`), signs the
//! agent in through SSO as a browser would (authentication config, PKCE login
//! URL, the identity provider's redirect, code exchange; `--minted-token` mints
//! a token through the public Flex API instead), connects the SDK with automatic
//! token renewal, goes Available,
//! receives a customer task, accepts, wraps up and completes it; rejects a second
//! task, which is re-routed to a second agent (bob) who accepts and ends it; goes Offline.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use flex_core::{
    exchange_token, get_authentication_config, get_login_details, AuthenticationConfigParams,
    ClientOptions, ExchangeTokenParams, FlexClient, FlexEvent, LoginDetailsParams,
    Secret, ServiceOptions, SessionOptions,
};
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
    /// Mint a token through the public Flex API instead of signing in through SSO.
    #[arg(long)]
    minted_token: bool,
}

/// What the demo needs to know about the emulator's seeded world.
struct Demo {
    base: String,
    account_sid: String,
    auth_token: String,
    instance_sid: String,
    flex_user_sid: String,
    agent2_user_sid: String,
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
            agent2_user_sid: get("/users/agent2/flex_user_sid")?,
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

    async fn mint_token(&self, http: &reqwest::Client, user_sid: &str) -> DemoResult<String> {
        let path = format!(
            "/v4/Instances/{}/Users/{user_sid}/Tokens",
            self.instance_sid
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

/// Signs the agent in through SSO, following the login URL as a browser would;
/// returns the access token and the session options that renew it.
async fn sso_sign_in(demo: &Demo, clock: &Clock) -> DemoResult<(String, Option<SessionOptions>)> {
    let service = ServiceOptions {
        endpoint_override: Some(demo.base.clone()),
        ..ServiceOptions::default()
    };
    let query = AuthenticationConfigParams {
        account_sid: Some(demo.account_sid.clone()),
        ..Default::default()
    };
    let configs = get_authentication_config(&query, &service)
        .await
        .map_err(|e| format!("authentication config: {e}"))?;
    let config = configs.first().ok_or("no SSO configuration")?;
    let details = get_login_details(
        &LoginDetailsParams {
            client_id: config.client_id.clone(),
            sso_profile_sid: Some(config.sso_profile_sid.clone()),
            redirect_url: Some("flexdemo://callback".into()),
            ..Default::default()
        },
        &service,
    )
    .map_err(|e| format!("login details: {e}"))?;
    clock.step(format!("SSO profile {}: opening the login page", config.sso_profile_sid));
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let login = format!("{}&login_hint={}", details.login_url, demo.identity);
    let resp = browser.get(login).send().await.map_err(|e| format!("login page: {e}"))?;
    let location = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| format!("the login page did not redirect (HTTP {})", resp.status()))?;
    let callback = reqwest::Url::parse(location).map_err(|e| format!("callback URL: {e}"))?;
    let param = |name: &str| {
        callback
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .ok_or_else(|| format!("the callback has no {name}"))
    };
    if param("state")? != details.state {
        return Err("the callback's state does not match".into());
    }
    let tokens = exchange_token(
        &ExchangeTokenParams {
            code: Arc::new(Secret::new(param("code")?)),
            code_verifier: details.code_verifier,
            nonce: details.nonce,
            sso_profile_sid: Some(config.sso_profile_sid.clone()),
            ..Default::default()
        },
        &service,
    )
    .await
    .map_err(|e| format!("exchange: {e}"))?;
    clock.step(format!("signed in as {} through SSO", demo.identity));
    let session = SessionOptions {
        auto_update_token: true,
        refresh_token: Some(tokens.refresh_token),
        sso_profile_sid: Some(config.sso_profile_sid.clone()),
        ..SessionOptions::default()
    };
    Ok((tokens.access_token.reveal(), Some(session)))
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

    let (token, session) = if args.minted_token {
        let token = demo.mint_token(&http, &demo.flex_user_sid).await?;
        clock.step(format!("minted a token for {}", demo.identity));
        (token, None)
    } else {
        sso_sign_in(&demo, &clock).await?
    };

    let options = ClientOptions {
        endpoint_override: Some(demo.base.clone()),
        session,
        ..ClientOptions::default()
    };
    let client = flex_core::create_client(&token, options)
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

    let reservation = wait_offer(events, &task_sid).await?;
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
        .complete_task(&task_sid, None)
        .await
        .map_err(|e| format!("complete: {e}"))?;
    clock.step(format!("completed: reservation {:?}", r.status));

    reject_and_reroute(client, demo, http, clock, events).await?;

    let w = client
        .set_current_activity(&demo.offline, false)
        .await
        .map_err(|e| format!("go offline: {e}"))?;
    clock.step(format!("activity is now {}", w.activity_name));
    Ok(())
}

/// Waits (10 s) for the offer of a task.
async fn wait_offer(
    events: &mut mpsc::UnboundedReceiver<FlexEvent>,
    task_sid: &str,
) -> DemoResult<flex_core::Reservation> {
    tokio::time::timeout(Duration::from_secs(10), async {
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
    .ok_or_else(|| "no reservation within 10 s".to_string())
}

/// A second task: alice rejects it, TaskRouter re-routes it to bob (agent2,
/// his own client), who accepts it and ends it (wrap-up, then complete).
async fn reject_and_reroute(
    alice: &FlexClient,
    demo: &Demo,
    http: &reqwest::Client,
    clock: &Clock,
    events: &mut mpsc::UnboundedReceiver<FlexEvent>,
) -> DemoResult<()> {
    let task_sid = demo.create_task(http).await?;
    wait_offer(events, &task_sid).await?;
    clock.step(format!("second task {task_sid} offered to alice"));

    let token = demo.mint_token(http, &demo.agent2_user_sid).await?;
    let options = ClientOptions {
        endpoint_override: Some(demo.base.clone()),
        ..ClientOptions::default()
    };
    let bob = flex_core::create_client(&token, options)
        .await
        .map_err(|e| format!("create bob: {e}"))?;
    let (tx, mut bob_events) = mpsc::unbounded_channel();
    let _listener = bob.add_listener(Arc::new(move |e: FlexEvent| {
        let _ = tx.send(e);
    }));
    let result = async {
        bob.set_current_activity(&demo.available, false)
            .await
            .map_err(|e| format!("bob available: {e}"))?;
        clock.step("bob connected and is Available");
        let r = alice
            .reject_task(&task_sid, None)
            .await
            .map_err(|e| format!("reject: {e}"))?;
        clock.step(format!("alice rejected: reservation {:?}", r.status));
        let offer = wait_offer(&mut bob_events, &task_sid).await?;
        clock.step(format!("re-routed to bob: reservation {}", offer.sid));
        let r = bob.accept_task(&task_sid).await.map_err(|e| format!("bob accept: {e}"))?;
        clock.step(format!("bob accepted: reservation {:?}", r.status));
        for _ in 0..2 {
            let r = bob.end_task(&task_sid).await.map_err(|e| format!("bob end: {e}"))?;
            clock.step(format!("bob ended the task: reservation {:?}", r.status));
        }
        bob.set_current_activity(&demo.offline, false)
            .await
            .map_err(|e| format!("bob offline: {e}"))
            .map(|_| ())
    }
    .await;
    bob.destroy();
    result
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
