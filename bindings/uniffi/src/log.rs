//! The log listener: [`LogListener`] (foreign), [`LogRecord`] and `set_log_listener`.

use std::sync::Arc;

use flex_core::LogLevel;

use crate::error::FlexSdkError;

/// One field of a log record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogField {
    /// The field name.
    pub name: String,
    /// The value as text (secrets redacted).
    pub value: String,
}

/// One log record of the SDK, with secrets redacted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LogRecord {
    /// The level.
    pub level: LogLevel,
    /// Where it comes from, e.g. `flex_core::session`.
    pub target: String,
    /// The message.
    pub message: String,
    /// The structured fields, in order.
    pub fields: Vec<LogField>,
}

/// Receives the SDK's log records (at or above the log level) on the SDK's
/// log thread, in order, instead of stderr. Implemented in Swift, Kotlin or Python.
#[uniffi::export(foreign)]
pub trait LogListener: Send + Sync {
    /// Called once per record; an exception it raises is ignored.
    fn on_log(&self, record: LogRecord) -> Result<(), FlexSdkError>;
}

struct Adapter(Arc<dyn LogListener>);

impl flex_core::logging::LogListener for Adapter {
    fn on_log(&self, r: flex_core::logging::LogRecord) {
        let record = LogRecord {
            level: r.level,
            target: r.target,
            message: r.message,
            fields: r.fields.into_iter().map(|(name, value)| LogField { name, value }).collect(),
        };
        let _ = self.0.on_log(record);
    }
}

/// Installs the one log listener (replacing any other).
#[uniffi::export]
pub fn set_log_listener(listener: Arc<dyn LogListener>) {
    flex_core::logging::set_log_listener(Arc::new(Adapter(listener)));
}

/// Removes the log listener; records go to stderr again.
#[uniffi::export]
pub fn remove_log_listener() {
    flex_core::logging::remove_log_listener();
}
