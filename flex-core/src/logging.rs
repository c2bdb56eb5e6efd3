//! The SDK's log level, settable at any time.
//!
//! The SDK logs through `tracing` under the `flex_core` target. Setting a level
//! installs (once, if the application has not installed its own) a stderr
//! subscriber whose filter reads the current level on every event; an
//! application with its own subscriber can add [`filter_layer`] to it.

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
    INSTALL.call_once(|| {
        // Fails harmlessly when the application already installed a subscriber.
        let _ = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_filter(filter_layer()),
            )
            .try_init();
    });
    tracing::callsite::rebuild_interest_cache();
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
