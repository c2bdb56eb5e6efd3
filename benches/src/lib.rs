//! Helpers shared by the flex-core benchmarks (docs/BENCHMARKS.md): an
//! in-process emulator or an emulator process, the public TaskRouter REST API
//! as an administrator, event forwarding out of the dispatcher thread, and
//! latency summaries. Everything goes through flex-core's public API.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use flex_core::{ClientOptions, FlexClient, FlexEvent, ListenerHandle};
use flex_emulator::{Emulator, EmulatorConfig, World};
use reqwest::Method;
use serde_json::Value;
use tokio::sync::mpsc;

/// The runtime every bench runs on: tokio's multi-thread scheduler with one
/// worker per core, as an application embedding the SDK would have.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Client options pointing at an emulator (otherwise the SDK defaults).
pub fn options(base_url: &str) -> ClientOptions {
    ClientOptions {
        endpoint_override: Some(base_url.to_string()),
        ..ClientOptions::default()
    }
}

/// The public REST API of an emulator, with the account's credentials.
#[derive(Clone)]
pub struct Admin {
    http: reqwest::Client,
    base_url: String,
    workspace_sid: String,
    account_sid: String,
    auth_token: String,
}

impl Admin {
    /// An administrator of the seeded account; one keep-alive HTTP client.
    pub fn new(base_url: &str, workspace_sid: &str, account_sid: &str, auth_token: &str) -> Admin {
        Admin {
            http: reqwest::Client::new(),
            base_url: base_url.to_string(),
            workspace_sid: workspace_sid.to_string(),
            account_sid: account_sid.to_string(),
            auth_token: auth_token.to_string(),
        }
    }

    /// `method` on `/v1/Workspaces/{WS}/{path}` with a form body; the JSON answer
    /// (`Null` for an empty body). Panics on an error status.
    pub async fn taskrouter(&self, method: Method, path: &str, form: &[(&str, &str)]) -> Value {
        let url = format!(
            "{}/v1/Workspaces/{}/{path}",
            self.base_url, self.workspace_sid
        );
        self.send(method, &url, form).await
    }

    /// `POST /_emulator/tokens`: a token for any worker (test hook).
    pub async fn mint_token(&self, worker_sid: &str) -> String {
        let url = format!("{}/_emulator/tokens", self.base_url);
        let body = self
            .send(Method::POST, &url, &[("worker_sid", worker_sid)])
            .await;
        body["token"].as_str().expect("token").to_string()
    }

    async fn send(&self, method: Method, url: &str, form: &[(&str, &str)]) -> Value {
        let mut req = self
            .http
            .request(method.clone(), url)
            .basic_auth(&self.account_sid, Some(&self.auth_token));
        if !form.is_empty() {
            req = req.form(form);
        }
        let resp = req.send().await.expect("REST request");
        let status = resp.status();
        let text = resp.text().await.expect("REST body");
        assert!(status.is_success(), "{method} {url}: {status} {text}");
        if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("REST JSON")
        }
    }
}

/// An in-process emulator (default settings) and its administrator.
pub struct Env {
    /// The emulator; stopped on drop.
    pub emulator: Emulator,
    /// Its seeded world.
    pub world: World,
    /// Its public REST API.
    pub admin: Admin,
}

impl Env {
    /// Starts an emulator on the current runtime.
    pub async fn start() -> Env {
        let emulator = Emulator::start(EmulatorConfig::default())
            .await
            .expect("emulator starts");
        let world = emulator.world();
        let admin = Admin::new(
            &world.base_url,
            &world.workspace_sid,
            &world.account_sid,
            &world.auth_token,
        );
        Env {
            emulator,
            world,
            admin,
        }
    }

    /// Client options pointing at this emulator.
    pub fn options(&self) -> ClientOptions {
        options(&self.world.base_url)
    }

    /// A ready client for the seeded agent (alice).
    pub async fn agent(&self) -> FlexClient {
        flex_core::create_client(&self.world.users.agent.token, self.options())
            .await
            .expect("agent client")
    }
}

/// Registers a listener that forwards the events accepted by `keep` to a
/// channel (the send never blocks the dispatcher thread). Keep the handle.
pub fn forward(
    client: &FlexClient,
    keep: fn(&FlexEvent) -> bool,
) -> (mpsc::UnboundedReceiver<FlexEvent>, ListenerHandle) {
    let (tx, rx) = mpsc::unbounded_channel();
    let handle = client.add_listener(Arc::new(move |e: FlexEvent| {
        if keep(&e) {
            let _ = tx.send(e);
        }
    }));
    (rx, handle)
}

/// Waits for the next forwarded event that satisfies `done` (at most 10 s).
pub async fn next_matching(
    rx: &mut mpsc::UnboundedReceiver<FlexEvent>,
    done: impl Fn(&FlexEvent) -> bool,
) -> FlexEvent {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let e = rx.recv().await.expect("listener alive");
            if done(&e) {
                return e;
            }
        }
    })
    .await
    .expect("event within 10 s")
}

/// Where cargo put this build's binaries (target/release or target/debug).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().expect("exe dir");
    // Bench executables live in target/<profile>/deps.
    if dir.ends_with("deps") {
        dir.parent().expect("profile dir").to_path_buf()
    } else {
        dir.to_path_buf()
    }
}

/// A flex-emulator process (`$FLEX_EMULATOR`, else the flex-emulator next to
/// this executable); killed on drop.
pub struct EmulatorProcess {
    child: Child,
    /// The world JSON it printed.
    pub world: Value,
}

impl EmulatorProcess {
    /// Starts the emulator binary on a free port and reads its world line.
    pub fn start() -> EmulatorProcess {
        let binary = std::env::var_os("FLEX_EMULATOR")
            .map(PathBuf::from)
            .unwrap_or_else(|| target_dir().join("flex-emulator"));
        let mut child = Command::new(&binary)
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("world line");
        let world = serde_json::from_str(&line).expect("world JSON");
        EmulatorProcess { child, world }
    }

    /// A string field of the world at a JSON pointer (`/users/agent/token`).
    pub fn get(&self, pointer: &str) -> String {
        self.world
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("world has no {pointer}"))
            .to_string()
    }

    /// The administrator of the emulator's account.
    pub fn admin(&self) -> Admin {
        Admin::new(
            &self.get("/base_url"),
            &self.get("/workspace_sid"),
            &self.get("/account_sid"),
            &self.get("/auth_token"),
        )
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Order statistics of a latency sample.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// Sample size.
    pub n: usize,
    /// Fastest.
    pub min: Duration,
    /// 50th percentile.
    pub median: Duration,
    /// 95th percentile.
    pub p95: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Arithmetic mean.
    pub mean: Duration,
}

impl Summary {
    /// Summarizes (sorts) the samples; nearest-rank percentiles.
    pub fn of(samples: &mut [Duration]) -> Summary {
        assert!(!samples.is_empty(), "no samples");
        samples.sort_unstable();
        let n = samples.len();
        let rank = |p: f64| samples[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
        let total: Duration = samples.iter().sum();
        Summary {
            n,
            min: samples[0],
            median: rank(0.50),
            p95: rank(0.95),
            p99: rank(0.99),
            mean: total / n as u32,
        }
    }

    /// One JSON object in microseconds, the format every harness prints.
    pub fn to_json(&self, lang: &str, what: &str) -> Value {
        let us = |d: Duration| (d.as_secs_f64() * 1e6 * 10.0).round() / 10.0;
        serde_json::json!({
            "lang": lang, "what": what, "n": self.n,
            "min_us": us(self.min), "median_us": us(self.median), "p95_us": us(self.p95),
            "p99_us": us(self.p99), "mean_us": us(self.mean),
        })
    }
}

/// A field of /proc/self/status in kB (`VmRSS`, `VmHWM`, `Threads` as a count).
pub fn proc_status(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}
