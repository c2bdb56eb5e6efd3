//! [`FlexSdkError`] as the bindings raise it: one variant carrying the core error's fields.

use uniffi::UnexpectedUniFFICallbackError;

use crate::error::{ErrorCode, ErrorSeverity};

/// An error raised by the SDK: `FlexSdkError` in Python and Swift,
/// `FlexSdkException` in Kotlin; match it by `code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum FlexSdkError {
    /// The only variant; `code` says what failed.
    #[error("{message} ({code_number})")]
    Failure {
        /// The SDK error code.
        code: ErrorCode,
        /// The numeric value of `code` (e.g. 48926).
        code_number: u32,
        /// How bad the error is.
        severity: ErrorSeverity,
        /// A human-readable message.
        message: String,
        /// Extra detail, e.g. the server's own message.
        details: Option<String>,
        /// The Twilio error code from a server error body, when there was one.
        twilio_code: Option<u32>,
        /// The HTTP status of a failed request, when there was one.
        http_status: Option<u16>,
    },
}

impl FlexSdkError {
    /// An error of severity `Error` with this code and message.
    pub(crate) fn of(code: ErrorCode, message: impl Into<String>) -> Self {
        crate::FlexSdkError::new(code, message).into()
    }
}

impl From<crate::FlexSdkError> for FlexSdkError {
    fn from(e: crate::FlexSdkError) -> Self {
        FlexSdkError::Failure {
            code: e.code,
            code_number: e.code.code(),
            severity: e.severity,
            message: e.message,
            details: e.details,
            twilio_code: e.twilio_code,
            http_status: e.http_status,
        }
    }
}

/// A foreign listener that raised: reported as `UnexpectedError` and logged by the caller.
impl From<UnexpectedUniFFICallbackError> for FlexSdkError {
    fn from(e: UnexpectedUniFFICallbackError) -> Self {
        FlexSdkError::of(ErrorCode::UnexpectedError, format!("listener raised {}", e.reason))
    }
}
