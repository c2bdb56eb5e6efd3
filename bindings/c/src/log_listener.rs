//! `flex_set_log_listener`: the SDK's log records (redacted) to a C callback.

use std::ffi::{c_char, c_void};
use std::sync::Arc;

use flex_core::logging::{self, LogRecord};
use flex_core::LogLevel;

use crate::error::flex_result;
use crate::ffi;
use crate::listener::flex_user_data_free;
use crate::logging::{
    flex_log_level, FLEX_LOG_LEVEL_DEBUG, FLEX_LOG_LEVEL_ERROR, FLEX_LOG_LEVEL_INFO,
    FLEX_LOG_LEVEL_SILENT, FLEX_LOG_LEVEL_TRACE, FLEX_LOG_LEVEL_WARN,
};
use crate::strings::to_cstring;

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
    user_data: *mut c_void,
    free: flex_user_data_free,
}

// SAFETY: the C contract requires `user_data` to be usable from the log thread.
unsafe impl Send for CLogListener {}
// SAFETY: only the log thread calls the callback.
unsafe impl Sync for CLogListener {}

fn level(l: LogLevel) -> flex_log_level {
    match l {
        LogLevel::Trace => FLEX_LOG_LEVEL_TRACE,
        LogLevel::Debug => FLEX_LOG_LEVEL_DEBUG,
        LogLevel::Info => FLEX_LOG_LEVEL_INFO,
        LogLevel::Warn => FLEX_LOG_LEVEL_WARN,
        LogLevel::Error => FLEX_LOG_LEVEL_ERROR,
        LogLevel::Silent => FLEX_LOG_LEVEL_SILENT,
    }
}

impl logging::LogListener for CLogListener {
    fn on_log(&self, r: LogRecord) {
        let target = to_cstring(r.target);
        let message = to_cstring(r.message);
        let fields = to_cstring(serde_json::json!(r.fields).to_string());
        let record = flex_log_record {
            level: level(r.level),
            target: target.as_ptr(),
            message: message.as_ptr(),
            fields_json: fields.as_ptr(),
        };
        // SAFETY: the C caller registered a valid callback; `record` outlives the call.
        unsafe { (self.callback)(&record, self.user_data) };
    }
}

impl Drop for CLogListener {
    fn drop(&mut self) {
        if let Some(free) = self.free {
            // SAFETY: the caller's destructor for its own `user_data`, run once.
            unsafe { free(self.user_data) };
        }
    }
}

/// Sets the one log listener: records at or above the log level go to
/// `callback` (on the SDK's log thread, in order) instead of stderr. A NULL
/// `callback` removes the listener. The previous listener's `free_user_data`
/// runs once it can no longer be called; this one's when it is replaced or removed.
///
/// # Safety
/// `user_data` must be usable from the log thread.
#[no_mangle]
pub unsafe extern "C" fn flex_set_log_listener(
    callback: flex_log_callback,
    user_data: *mut c_void,
    free_user_data: flex_user_data_free,
) -> flex_result {
    ffi::call(|| {
        match callback {
            Some(callback) => logging::set_log_listener(Arc::new(CLogListener {
                callback,
                user_data,
                free: free_user_data,
            })),
            None => logging::remove_log_listener(),
        }
        Ok(())
    })
}
