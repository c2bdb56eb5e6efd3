//! The SDK log level (`flex_set_log_level`) and the log listener (`flex_set_log_listener`).

use std::ffi::{c_char, c_void};
use std::sync::Arc;

use flex_core::logging::{self, LogRecord};
use flex_core::{FlexSdkError, LogLevel, Result};

use crate::ffi::{ffi_fn, to_cstring, FromC};
use crate::listener::{flex_user_data_free, UserData};

/// How much the SDK logs (`flex_set_log_level`, `flex_client_options_set_log_level`).
pub type flex_log_level = u32;
/// Everything, including per-frame traces.
pub const FLEX_LOG_LEVEL_TRACE: flex_log_level = 0;
/// Debugging detail.
pub const FLEX_LOG_LEVEL_DEBUG: flex_log_level = 1;
/// Lifecycle information.
pub const FLEX_LOG_LEVEL_INFO: flex_log_level = 2;
/// Unexpected but recoverable conditions.
pub const FLEX_LOG_LEVEL_WARN: flex_log_level = 3;
/// Failures only (the default).
pub const FLEX_LOG_LEVEL_ERROR: flex_log_level = 4;
/// Nothing at all.
pub const FLEX_LOG_LEVEL_SILENT: flex_log_level = 5;

/// flex-core's levels, in the order of `FLEX_LOG_LEVEL_*`.
const LEVELS: [LogLevel; 6] =
    [LogLevel::Trace, LogLevel::Debug, LogLevel::Info, LogLevel::Warn, LogLevel::Error, LogLevel::Silent];

impl FromC<flex_log_level> for LogLevel {
    unsafe fn from_c(level: flex_log_level, _: &str) -> Result<Self> {
        let unknown = || FlexSdkError::invalid_params(format!("unknown log level {level}"));
        LEVELS.get(level as usize).copied().ok_or_else(unknown)
    }
}

/// One log record. Borrowed: valid only during the callback.
#[repr(C)]
pub struct flex_log_record {
    /// The level (`FLEX_LOG_LEVEL_*`).
    pub level: flex_log_level,
    /// Where it comes from, e.g. `flex_core::session`.
    pub target: *const c_char,
    /// The message (secrets redacted).
    pub message: *const c_char,
    /// The fields as a JSON array of `[name, value]` pairs (secrets redacted).
    pub fields_json: *const c_char,
}

/// Receives one log record on the SDK's log thread; must not unwind.
pub type flex_log_callback =
    Option<unsafe extern "C" fn(record: *const flex_log_record, user_data: *mut c_void)>;

struct CLogListener {
    callback: unsafe extern "C" fn(*const flex_log_record, *mut c_void),
    user_data: UserData,
}

impl logging::LogListener for CLogListener {
    fn on_log(&self, r: LogRecord) {
        let target = to_cstring(r.target);
        let message = to_cstring(r.message);
        let fields = to_cstring(serde_json::to_string(&r.fields).unwrap_or_default());
        let record = flex_log_record {
            level: r.level as flex_log_level,
            target: target.as_ptr(),
            message: message.as_ptr(),
            fields_json: fields.as_ptr(),
        };
        // SAFETY: the C caller registered a valid callback; `record` outlives the call.
        unsafe { (self.callback)(&record, self.user_data.0) };
    }
}

ffi_fn! {
    /// Sets the SDK log level (`FLEX_LOG_LEVEL_*`) for every client; takes effect
    /// immediately, from any thread. Logs go to stderr (or the log listener).
    fn flex_set_log_level(level: flex_log_level => LogLevel) {
        logging::set_log_level(level);
        Ok(())
    }

    /// Sets the one log listener: records at or above the log level go to
    /// `callback` (on the SDK's log thread, in order) instead of stderr. A NULL
    /// `callback` removes the listener. The previous listener's `free_user_data`
    /// runs once it can no longer be called; this one's when it is replaced or
    /// removed. `user_data` must be usable from the log thread.
    fn flex_set_log_listener(callback: flex_log_callback, user_data: *mut c_void, free_user_data: flex_user_data_free) {
        match callback {
            Some(callback) => {
                logging::set_log_listener(Arc::new(CLogListener { callback, user_data: UserData(user_data, free_user_data) }))
            }
            None => logging::remove_log_listener(),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_round_trip() {
        for (i, level) in LEVELS.iter().enumerate() {
            assert_eq!(*level as flex_log_level, i as flex_log_level);
        }
        assert_eq!(LEVELS[FLEX_LOG_LEVEL_SILENT as usize], LogLevel::Silent);
    }
}
