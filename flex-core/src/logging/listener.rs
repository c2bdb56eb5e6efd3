//! The log listener: the SDK's tracing records, redacted, delivered on a
//! dedicated thread (never a runtime thread, never under a lock).

use serde::Serialize;

use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::Layer;

use super::redact;
use crate::options::LogLevel;

/// One log record of the SDK, with secrets redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogRecord {
    /// The record's level (never `Silent`).
    pub level: LogLevel,
    /// Where it comes from, e.g. `flex_core::session`.
    pub target: String,
    /// The message.
    pub message: String,
    /// The structured fields, in order, as text.
    pub fields: Vec<LogField>,
}

/// One structured field of a [`LogRecord`], redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogField {
    /// The field name.
    pub name: String,
    /// The value, as text.
    pub value: String,
}

/// Receives the SDK's log records on the SDK's log thread, in order.
pub trait LogListener: Send + Sync {
    /// Called once per record; later records wait for it.
    fn on_log(&self, record: LogRecord);
}

impl<F> LogListener for F
where
    F: Fn(LogRecord) + Send + Sync,
{
    fn on_log(&self, record: LogRecord) {
        self(record)
    }
}

static LISTENER: RwLock<Option<Arc<dyn LogListener>>> = RwLock::new(None);
static HAS_LISTENER: AtomicBool = AtomicBool::new(false);
static QUEUE: OnceLock<Mutex<mpsc::Sender<LogRecord>>> = OnceLock::new();
/// Whether the log thread is inside a listener call (guarded; no lock is held during the call).
static IN_CALL: Mutex<bool> = Mutex::new(false);
static IDLE: Condvar = Condvar::new();

thread_local! {
    static ON_LOG_THREAD: Cell<bool> = const { Cell::new(false) };
}

fn current() -> Option<Arc<dyn LogListener>> {
    LISTENER.read().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Installs `listener` as the one log listener (replacing any other); records
/// at or above the SDK log level reach it from now on, instead of stderr.
/// When it returns, a replaced listener is not running and is not called again.
pub fn set_log_listener(listener: Arc<dyn LogListener>) {
    *LISTENER.write().unwrap_or_else(|p| p.into_inner()) = Some(listener);
    HAS_LISTENER.store(true, Ordering::SeqCst);
    wait_idle();
    super::install();
}

/// Removes the log listener; records go to stderr again (when the SDK installed its subscriber).
/// When it returns, the listener is not running (unless this is called from
/// inside it) and is not called again.
pub fn remove_log_listener() {
    HAS_LISTENER.store(false, Ordering::SeqCst);
    *LISTENER.write().unwrap_or_else(|p| p.into_inner()) = None;
    wait_idle();
}

/// Waits for a listener call in progress to return, except on the log thread itself.
fn wait_idle() {
    if ON_LOG_THREAD.with(Cell::get) {
        return;
    }
    let mut in_call = IN_CALL.lock().unwrap_or_else(|p| p.into_inner());
    while *in_call {
        in_call = IDLE.wait(in_call).unwrap_or_else(|p| p.into_inner());
    }
}

/// Calls the current listener, if any, marking the call so that removal can wait for it.
fn call_listener(record: LogRecord) {
    let listener = {
        let mut in_call = IN_CALL.lock().unwrap_or_else(|p| p.into_inner());
        let Some(listener) = current() else { return };
        *in_call = true;
        listener
    };
    let _ = catch_unwind(AssertUnwindSafe(|| listener.on_log(record)));
    *IN_CALL.lock().unwrap_or_else(|p| p.into_inner()) = false;
    IDLE.notify_all();
}

fn deliver(record: LogRecord) {
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<LogRecord>();
        let spawned = std::thread::Builder::new()
            .name("flex-log".into())
            .spawn(move || {
                ON_LOG_THREAD.with(|c| c.set(true));
                while let Ok(record) = rx.recv() {
                    call_listener(record);
                }
            });
        if spawned.is_err() {
            eprintln!("flex-core: cannot start the log thread; log records are dropped");
        }
        Mutex::new(tx)
    });
    let _ = queue.lock().unwrap_or_else(|p| p.into_inner()).send(record);
}

/// Collects an event's message and fields as text.
#[derive(Default)]
struct Collect {
    message: String,
    fields: Vec<LogField>,
}

impl Visit for Collect {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.put(field, format!("{value:?}"));
    }
}

impl Collect {
    fn put(&mut self, field: &Field, value: String) {
        if field.name() == "message" {
            self.message = redact::text(&value);
        } else {
            let name = field.name().trim_start_matches("r#").to_string();
            let value = redact::field(&name, &value);
            self.fields.push(LogField { name, value });
        }
    }
}

fn level_of(level: &Level) -> LogLevel {
    match *level {
        Level::TRACE => LogLevel::Trace,
        Level::DEBUG => LogLevel::Debug,
        Level::INFO => LogLevel::Info,
        Level::WARN => LogLevel::Warn,
        Level::ERROR => LogLevel::Error,
    }
}

/// The SDK's layer: redacts each record, then hands it to the log listener,
/// or (`stderr`, when the SDK installed the subscriber) prints it.
pub(crate) struct SdkLayer {
    pub(crate) stderr: bool,
}

impl<S: Subscriber> Layer<S> for SdkLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if ON_LOG_THREAD.with(Cell::get) {
            return;
        }
        let listening = HAS_LISTENER.load(Ordering::SeqCst);
        if !listening && !self.stderr {
            return;
        }
        let mut collect = Collect::default();
        event.record(&mut collect);
        let meta = event.metadata();
        let record = LogRecord {
            level: level_of(meta.level()),
            target: meta.target().to_string(),
            message: collect.message,
            fields: collect.fields,
        };
        if listening {
            deliver(record);
        } else {
            let mut line = format!("{:?} {}: {}", record.level, record.target, record.message);
            for f in &record.fields {
                let _ = write!(line, " {}={}", f.name, f.value);
            }
            eprintln!("{line}");
        }
    }
}
