//! Twilio error JSON (`{code, message, more_info, status}`) as an axum response.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An API failure rendered as Twilio error JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Twilio error code.
    pub code: u32,
    /// Human-readable message.
    pub message: String,
}

/// Result alias for API operations.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// Builds an error from its parts.
    pub fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 / 20001: a bad or unknown parameter, or an action not allowed in the current state.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 20001, message)
    }

    /// 404 / 20404: the resource does not exist.
    pub fn not_found(what: &str, sid: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            20404,
            format!("The requested resource {what} {sid} was not found"),
        )
    }

    /// 404 / 20404 for an unknown route.
    pub fn no_route(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    /// 401 / 20003: missing or wrong credentials.
    pub fn auth_failed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 20003, message)
    }

    /// 403 / 20003: authenticated but not permitted.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, 20003, message)
    }

    /// 401 / 20101: the access token is malformed or its signature is wrong.
    pub fn invalid_token(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 20101, message)
    }

    /// 401 / 20104: the access token has expired.
    pub fn expired_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            20104,
            "Access Token expired or expiration date invalid",
        )
    }

    /// 412: an `If-Match` version does not match.
    pub fn version_mismatch(sid: &str) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            20412,
            format!("The provided If-Match version does not match the current version of {sid}"),
        )
    }

    /// The Twilio error body.
    pub fn body(&self) -> serde_json::Value {
        json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status.as_u16(),
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Basic realm=\"Twilio API\""),
            );
        }
        response
    }
}
