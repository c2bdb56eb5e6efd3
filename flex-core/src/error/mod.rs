//! Errors: [`FlexSdkError`], [`ErrorCode`] (all 130 official codes), [`ErrorSeverity`]
//! and [`ErrorInfo`] (an error as event data).

use serde::Serialize;

mod codes;

pub use codes::ErrorCode;

/// How bad an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
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

/// An error raised by the SDK.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} ({})", code.code())]
pub struct FlexSdkError {
    /// The SDK error code.
    pub code: ErrorCode,
    /// How bad the error is.
    pub severity: ErrorSeverity,
    /// A human-readable message.
    pub message: String,
    /// Extra detail, e.g. the server's own message.
    pub details: Option<String>,
    /// The Twilio error code from a server error body, when there was one.
    pub twilio_code: Option<u32>,
    /// The HTTP status of a failed request, when there was one.
    pub http_status: Option<u16>,
}

impl FlexSdkError {
    /// An error of severity `Error` with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        FlexSdkError {
            code,
            severity: ErrorSeverity::Error,
            message: message.into(),
            details: None,
            twilio_code: None,
            http_status: None,
        }
    }

    /// Sets the details.
    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }

    /// Sets the severity.
    pub fn with_severity(mut self, severity: ErrorSeverity) -> Self {
        self.severity = severity;
        self
    }

    /// An `InvalidParams` (48926) error.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidParams, message)
    }

    /// An `InvalidState` (48925) error.
    pub fn invalid_state(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidState, message)
    }

    /// A `NetworkError` (48924) error.
    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NetworkError, message)
    }

    /// Re-labels a failure of an action with the action's own code, keeping the
    /// Twilio code and HTTP status. Network errors and timeouts keep their code,
    /// and so do errors that already carry this code.
    pub(crate) fn for_action(self, code: ErrorCode, action: &str) -> Self {
        if matches!(self.code, ErrorCode::NetworkError | ErrorCode::InvalidState)
            || self.code == code
        {
            return self;
        }
        FlexSdkError {
            code,
            severity: self.severity,
            message: format!("{action}: {}", self.message),
            details: self.details.or(Some(self.message)),
            twilio_code: self.twilio_code,
            http_status: self.http_status,
        }
    }
}

/// An error as data, carried by the events that report a failure in the
/// background (`ConnectionError`, `TokenAutoUpdateFailed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ErrorInfo {
    /// The SDK error code (a number in JSON).
    #[serde(serialize_with = "code_number")]
    pub code: ErrorCode,
    /// The numeric value of `code` (e.g. 48924).
    #[serde(skip)]
    pub code_number: u32,
    /// How bad the error is.
    pub severity: ErrorSeverity,
    /// A human-readable message.
    pub message: String,
    /// Extra detail, e.g. the server's own message.
    pub details: Option<String>,
    /// The Twilio error code from a server error body, when there was one.
    pub twilio_code: Option<u32>,
    /// The HTTP status of a failed request, when there was one.
    pub http_status: Option<u16>,
}

fn code_number<S: serde::Serializer>(code: &ErrorCode, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u32(code.code())
}

impl From<&FlexSdkError> for ErrorInfo {
    fn from(e: &FlexSdkError) -> Self {
        ErrorInfo {
            code: e.code,
            code_number: e.code.code(),
            severity: e.severity,
            message: e.message.clone(),
            details: e.details.clone(),
            twilio_code: e.twilio_code,
            http_status: e.http_status,
        }
    }
}

impl FlexSdkError {
    /// True when the server refused the credentials (HTTP 401 or 403, or a
    /// token for another user): retrying with the same token cannot help.
    pub(crate) fn is_refusal(&self) -> bool {
        matches!(self.http_status, Some(401 | 403))
            || matches!(
                self.code,
                ErrorCode::AccessDeniedError | ErrorCode::InvalidAccessToken | ErrorCode::AccessTokenExpired
            )
    }
}

/// The SDK's result type.
pub type Result<T> = std::result::Result<T, FlexSdkError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_130_unique_codes_that_round_trip() {
        assert_eq!(ErrorCode::ALL.len(), 130);
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(seen.insert(code.code()));
            assert_eq!(ErrorCode::from_code(code.code()), Some(code));
            assert!(!code.name().is_empty());
            assert!(!code.description().is_empty());
        }
        assert_eq!(ErrorCode::from_code(1), None);
    }

    #[test]
    fn known_codes() {
        assert_eq!(ErrorCode::InvalidParams.code(), 48926);
        assert_eq!(
            ErrorCode::from_code(48920),
            Some(ErrorCode::AccessDeniedError)
        );
        assert_eq!(
            ErrorCode::TaskReservationNotFound.name(),
            "TaskReservationNotFound"
        );
        assert_eq!(ErrorCode::BadSsoSettings.code(), 70251);
        assert_eq!(ErrorCode::PermissionDeniedError.code(), 20003);
    }

    #[test]
    fn display_has_message_and_code() {
        let e = FlexSdkError::invalid_params("token must not be empty");
        assert_eq!(e.to_string(), "token must not be empty (48926)");
    }

    #[test]
    fn for_action_keeps_server_data() {
        let mut e = FlexSdkError::new(ErrorCode::BadRequest, "bad");
        e.twilio_code = Some(20001);
        e.http_status = Some(400);
        let a = e.for_action(
            ErrorCode::FailedToSetCurrentWorkerActivity,
            "SetCurrentActivity",
        );
        assert_eq!(a.code, ErrorCode::FailedToSetCurrentWorkerActivity);
        assert_eq!(a.twilio_code, Some(20001));
        assert_eq!(a.http_status, Some(400));
        let n = FlexSdkError::network("down").for_action(ErrorCode::FailedToRejectReservation, "x");
        assert_eq!(n.code, ErrorCode::NetworkError);
    }

    #[test]
    fn error_info_json_has_the_numeric_code() {
        let mut e = FlexSdkError::network("down");
        assert!(!e.is_refusal());
        e.http_status = Some(401);
        assert!(e.is_refusal());
        let json = serde_json::to_value(ErrorInfo::from(&e)).unwrap();
        assert_eq!(json["code"], 48924);
        assert_eq!(json["http_status"], 401);
        assert!(json.get("code_number").is_none());
    }
}
