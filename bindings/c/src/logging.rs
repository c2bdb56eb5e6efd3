//! The SDK log level (`flex_set_log_level`).

use flex_core::{FlexSdkError, LogLevel, Result};

use crate::error::flex_result;
use crate::ffi;

/// How much the SDK logs to stderr (`flex_set_log_level`, `flex_client_options_set_log_level`).
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

/// The flex-core level of a C level; an unknown value is `InvalidParams`.
pub(crate) fn from_c(level: flex_log_level) -> Result<LogLevel> {
    Ok(match level {
        FLEX_LOG_LEVEL_TRACE => LogLevel::Trace,
        FLEX_LOG_LEVEL_DEBUG => LogLevel::Debug,
        FLEX_LOG_LEVEL_INFO => LogLevel::Info,
        FLEX_LOG_LEVEL_WARN => LogLevel::Warn,
        FLEX_LOG_LEVEL_ERROR => LogLevel::Error,
        FLEX_LOG_LEVEL_SILENT => LogLevel::Silent,
        other => {
            return Err(FlexSdkError::invalid_params(format!(
                "unknown log level {other}"
            )))
        }
    })
}

/// Sets the SDK log level (`FLEX_LOG_LEVEL_*`) for every client; takes effect
/// immediately, from any thread. Logs go to stderr.
#[no_mangle]
pub extern "C" fn flex_set_log_level(level: flex_log_level) -> flex_result {
    ffi::call(|| {
        flex_core::logging::set_log_level(from_c(level)?);
        Ok(())
    })
}
