//! [`FlexSdkError`]: the one error type of the bindings, and [`flex_core::ErrorSeverity`].

use flex_core::{ErrorCode, ErrorSeverity};
use uniffi::UnexpectedUniFFICallbackError;

/// How bad an error is.
#[uniffi::remote(Enum)]
pub enum ErrorSeverity {
    /// The client cannot go on.
    Fatal,
    /// The operation failed.
    Error,
    /// Something unexpected that did not fail the operation.
    Warning,
    /// For information only.
    Info,
}

/// An error raised by the SDK: an exception in Kotlin and Python, an `Error` in Swift.
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

impl From<flex_core::FlexSdkError> for FlexSdkError {
    fn from(e: flex_core::FlexSdkError) -> Self {
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
        flex_core::FlexSdkError::new(ErrorCode::UnexpectedError, format!("listener raised {}", e.reason)).into()
    }
}

/// An `InvalidParams` error for an argument the bindings parse (e.g. JSON text).
pub(crate) fn invalid_params(message: String) -> FlexSdkError {
    flex_core::FlexSdkError::invalid_params(message).into()
}
