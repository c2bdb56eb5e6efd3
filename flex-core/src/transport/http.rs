//! Flex REST calls: auth headers, the retry policy (PROTOCOL.md §2.3), timeouts,
//! and Twilio error JSON → [`FlexSdkError`].

use std::time::Duration;

use base64::Engine;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

use crate::auth::Secret;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::transport::backoff::retry_delay;
use crate::transport::socket::tls_config;

const MAX_ATTEMPTS: u32 = 3;

/// The HTTP client of the REST calls and the tunnel: a reqwest client of its
/// own (its connection pool belongs to the runtime of the Flex client that
/// uses it), on the process-wide TLS configuration and root store of
/// [`tls_config`]; the request timeout is set per request.
#[derive(Debug, Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    request_timeout: Duration,
}

/// A request body.
pub(crate) enum Body<'a> {
    /// No body.
    None,
    /// `application/x-www-form-urlencoded` pairs.
    Form(&'a [(&'a str, &'a str)]),
    /// A JSON document.
    Json(&'a Value),
}

/// How a request authenticates (PROTOCOL.md §2.1).
#[derive(Clone, Copy)]
pub(crate) enum Auth<'a> {
    /// No credentials (the sign-in and public endpoints).
    None,
    /// `Authorization: Basic base64("token:<token>")`.
    Basic(&'a Secret),
    /// `x-flex-jwe: <token>`.
    Jwe(&'a Secret),
}

impl Http {
    /// A client whose every request times out after `request_timeout`.
    pub(crate) fn new(connect_timeout: Duration, request_timeout: Duration) -> Result<Http> {
        Ok(Http {
            client: build(connect_timeout.min(request_timeout))?,
            request_timeout,
        })
    }

    /// A bare request builder (used by the tunnel).
    pub(crate) fn request(&self, method: Method, url: impl reqwest::IntoUrl) -> RequestBuilder {
        self.client
            .request(method, url)
            .timeout(self.request_timeout)
    }

    /// A Flex REST call with Basic `token:<token>` auth, retried on 429, 5xx and
    /// network failures; returns the JSON body.
    pub(crate) async fn flex(
        &self,
        method: Method,
        url: &str,
        token: &Secret,
        body: Body<'_>,
    ) -> Result<Value> {
        self.send(method, url, Auth::Basic(token), body, &[]).await
    }

    /// A REST call with any [`Auth`], body and extra headers, retried on 429,
    /// 5xx and network failures; returns the JSON body.
    pub(crate) async fn send(
        &self,
        method: Method,
        url: &str,
        auth: Auth<'_>,
        body: Body<'_>,
        headers: &[(&str, &str)],
    ) -> Result<Value> {
        let mut attempt = 1;
        loop {
            let mut req = self.request(method.clone(), url);
            req = match auth {
                Auth::None => req,
                Auth::Basic(token) => {
                    req.header(reqwest::header::AUTHORIZATION, basic_token_auth(token))
                }
                Auth::Jwe(token) => req.header("x-flex-jwe", token.expose()),
            };
            for (name, value) in headers {
                req = req.header(*name, *value);
            }
            req = match &body {
                Body::None => req.header(reqwest::header::CONTENT_TYPE, "application/json"),
                Body::Form(pairs) => req.form(pairs),
                Body::Json(value) => req.json(value),
            };
            let result = match req.send().await {
                Ok(resp) => read_json(resp).await,
                Err(e) => Err(network_error(&e)),
            };
            match result {
                Err(e) if attempt < MAX_ATTEMPTS && is_retryable(&e) => {
                    tracing::debug!(target: "flex_core::http", %url, attempt, error = %e, "retrying");
                    tokio::time::sleep(retry_delay(attempt)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }
}

/// A reqwest client on the shared TLS configuration (ALPN for HTTP/2 and 1.1).
fn build(connect_timeout: Duration) -> Result<reqwest::Client> {
    let shared = tls_config()?;
    let mut tls = rustls::ClientConfig::clone(&shared);
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .connect_timeout(connect_timeout)
        .user_agent(concat!("flex-core-rust/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FlexSdkError::new(ErrorCode::UnexpectedError, format!("cannot build HTTP client: {e}")))
}

/// `Basic base64("token:<token>")` (without the official SDK's stray `)`).
fn basic_token_auth(token: &Secret) -> String {
    let raw = format!("token:{}", token.expose());
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

fn is_retryable(e: &FlexSdkError) -> bool {
    e.code == ErrorCode::NetworkError || matches!(e.http_status, Some(429 | 500 | 502 | 503 | 504))
}

/// A transport failure (no HTTP response) as a `NetworkError`.
pub(crate) fn network_error(e: &reqwest::Error) -> FlexSdkError {
    let what = if e.is_timeout() {
        "request timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    // reqwest's Display omits the cause chain; the URL it includes carries no secret.
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    FlexSdkError::network(format!("Network error: {what}")).with_details(detail)
}

/// The JSON body of a 2xx response, or the error a non-2xx response describes.
pub(crate) async fn read_json(resp: Response) -> Result<Value> {
    Ok(read_json_as(resp).await?.unwrap_or(Value::Null))
}

/// [`read_json`] into any type; `None` for a blank body.
pub(crate) async fn read_json_as<T: serde::de::DeserializeOwned>(resp: Response) -> Result<Option<T>> {
    let status = resp.status();
    let bytes = resp.bytes().await.map_err(|e| network_error(&e))?;
    decode_json(status, &bytes)
}

/// Decodes a response body read in full: [`read_json_as`] without the network.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<Option<T>> {
    if status.is_success() {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        return serde_json::from_slice(bytes).map(Some).map_err(|e| {
            FlexSdkError::new(
                ErrorCode::UnexpectedError,
                format!("invalid JSON in response: {e}"),
            )
            .with_details(
                String::from_utf8_lossy(bytes)
                    .chars()
                    .take(200)
                    .collect::<String>(),
            )
        });
    }
    Err(status_error(status, serde_json::from_slice(bytes).ok()))
}

/// Maps a non-2xx status and its (optional) Twilio error JSON to an error.
pub(crate) fn status_error(status: StatusCode, body: Option<Value>) -> FlexSdkError {
    let twilio_code = body
        .as_ref()
        .and_then(|b| b.get("code"))
        .and_then(Value::as_u64)
        .and_then(|c| u32::try_from(c).ok());
    let server_message = body
        .as_ref()
        .and_then(|b| b.get("message"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let code = match status.as_u16() {
        429 => ErrorCode::TooManyRequests,
        500 => ErrorCode::InternalServerError,
        502 => ErrorCode::BadGateway,
        503 => ErrorCode::ServiceUnavailable,
        504 => ErrorCode::GatewayTimeout,
        s => twilio_code
            .and_then(ErrorCode::from_code)
            .unwrap_or(match s {
                400 => ErrorCode::BadRequest,
                401 => ErrorCode::PermissionDeniedError,
                403 => ErrorCode::AccessDeniedError,
                404 => ErrorCode::NotFound,
                _ => ErrorCode::UnknownError,
            }),
    };
    let message = server_message
        .clone()
        .unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
    let mut err = FlexSdkError::new(code, message);
    err.details = server_message.map(|_| format!("HTTP {}", status.as_u16()));
    err.twilio_code = twilio_code;
    err.http_status = Some(status.as_u16());
    err
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn twilio_error_json_maps_to_code() {
        let e = status_error(
            StatusCode::UNAUTHORIZED,
            Some(json!({"code": 20003, "message": "Authenticate", "status": 401})),
        );
        assert_eq!(e.code, ErrorCode::PermissionDeniedError);
        assert_eq!(e.twilio_code, Some(20003));
        assert_eq!(e.http_status, Some(401));
        assert_eq!(e.message, "Authenticate");

        let e = status_error(
            StatusCode::NOT_FOUND,
            Some(json!({"code": 20404, "message": "nope"})),
        );
        assert_eq!(e.code, ErrorCode::NotFound);
        assert_eq!(e.twilio_code, Some(20404));

        let e = status_error(StatusCode::SERVICE_UNAVAILABLE, None);
        assert_eq!(e.code, ErrorCode::ServiceUnavailable);
        assert!(is_retryable(&e));
        assert!(!is_retryable(&status_error(StatusCode::BAD_REQUEST, None)));
    }

    #[test]
    fn clients_share_one_tls_configuration() {
        let a = Http::new(Duration::from_secs(1), Duration::from_secs(5)).unwrap();
        assert_eq!(a.request_timeout, Duration::from_secs(5));
        assert!(std::sync::Arc::ptr_eq(&tls_config().unwrap(), &tls_config().unwrap()));
    }

    #[test]
    fn basic_auth_has_no_stray_paren() {
        let h = basic_token_auth(&Secret::from("abc"));
        assert_eq!(
            h,
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode("token:abc")
            )
        );
    }
}
