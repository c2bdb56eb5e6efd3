//! The SDK's log level, settable at any time, and the log listener.
//!
//! The SDK logs through `tracing` under the `flex_core` target. Setting a level
//! or a log listener installs (once, if the application has not installed its
//! own) a subscriber whose filter reads the current level on every event; it
//! redacts every record (tokens, refresh tokens, codes, verifiers) and hands it
//! to the [`LogListener`] on the SDK's log thread, or prints it to stderr when
//! there is none. An application with its own subscriber adds [`layer`] to it
//! (records then reach the listener; printing stays the application's).

mod listener;
mod redact;

pub use listener::{remove_log_listener, set_log_listener, LogField, LogListener, LogRecord};

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Once;

use tracing::{Level, Metadata};
use tracing_subscriber::filter::FilterFn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

use crate::options::LogLevel;

static LEVEL: AtomicU8 = AtomicU8::new(encode(LogLevel::Error));
static INSTALL: Once = Once::new();

const fn encode(level: LogLevel) -> u8 {
    match level {
        LogLevel::Trace => 0,
        LogLevel::Debug => 1,
        LogLevel::Info => 2,
        LogLevel::Warn => 3,
        LogLevel::Error => 4,
        LogLevel::Silent => 5,
    }
}

fn decode(value: u8) -> LogLevel {
    match value {
        0 => LogLevel::Trace,
        1 => LogLevel::Debug,
        2 => LogLevel::Info,
        3 => LogLevel::Warn,
        4 => LogLevel::Error,
        _ => LogLevel::Silent,
    }
}

/// Sets the SDK log level; takes effect immediately, from any thread.
pub fn set_log_level(level: LogLevel) {
    LEVEL.store(encode(level), Ordering::Relaxed);
    install();
    tracing::callsite::rebuild_interest_cache();
}

/// Installs the SDK's subscriber once; fails harmlessly when the application
/// already installed one.
fn install() {
    INSTALL.call_once(|| {
        let _ = tracing_subscriber::registry()
            .with(listener::SdkLayer { stderr: true }.with_filter(filter_layer()))
            .try_init();
    });
}

/// A layer for an application's own subscriber: passes the SDK's records at
/// or above the current level, redacted, to the [`LogListener`].
pub fn layer<S>() -> impl Layer<S> + Send + Sync
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    listener::SdkLayer { stderr: false }.with_filter(filter_layer())
}

/// The SDK log level currently in force.
pub fn log_level() -> LogLevel {
    decode(LEVEL.load(Ordering::Relaxed))
}

/// A per-layer filter that passes the SDK's events at or above the current level.
pub fn filter_layer() -> FilterFn<fn(&Metadata<'_>) -> bool> {
    FilterFn::new(enabled as fn(&Metadata<'_>) -> bool)
}

fn enabled(meta: &Metadata<'_>) -> bool {
    meta.target().starts_with("flex_core") && allows(log_level(), *meta.level())
}

fn allows(current: LogLevel, level: Level) -> bool {
    let needed = match level {
        Level::TRACE => LogLevel::Trace,
        Level::DEBUG => LogLevel::Debug,
        Level::INFO => LogLevel::Info,
        Level::WARN => LogLevel::Warn,
        Level::ERROR => LogLevel::Error,
    };
    current != LogLevel::Silent && encode(needed) >= encode(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_ordering() {
        assert!(allows(LogLevel::Warn, Level::ERROR));
        assert!(allows(LogLevel::Warn, Level::WARN));
        assert!(!allows(LogLevel::Warn, Level::INFO));
        assert!(allows(LogLevel::Trace, Level::TRACE));
        assert!(!allows(LogLevel::Silent, Level::ERROR));
    }

    #[test]
    fn encode_round_trips() {
        for l in [
            LogLevel::Trace,
            LogLevel::Debug,
            LogLevel::Info,
            LogLevel::Warn,
            LogLevel::Error,
            LogLevel::Silent,
        ] {
            assert_eq!(decode(encode(l)), l);
        }
    }
}
