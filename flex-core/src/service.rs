//! [`ServiceOptions`]: the endpoint settings shared by the standalone functions
//! (sign-in, token and configuration calls that need no client), and the
//! error mapping of PROTOCOL.md §2.3 for those services.

use std::time::Duration;

use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::options::ClientOptions;
use crate::transport::hosts::{regional_host, Hosts};
use crate::transport::http::Http;

record_with_defaults! {
    /// Where and how the standalone functions reach Twilio (or an emulator); every field has a default.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ServiceOptions {
        /// The Twilio region (e.g. `"ie1"`); `None` means the default (us1).
        pub region: Option<String> = None,
        /// The Twilio edge location, for the services that support edges.
        pub edge: Option<String> = None,
        /// One base URL for every service instead of the Twilio hosts (an emulator).
        pub endpoint_override: Option<String> = None,
        /// The timeout of every HTTP request, in milliseconds.
        pub request_timeout_ms: u64 = 15000,
    }
}

impl From<&ClientOptions> for ServiceOptions {
    fn from(o: &ClientOptions) -> Self {
        ServiceOptions {
            region: o.region.clone(),
            edge: o.edge.clone(),
            endpoint_override: o.endpoint_override.clone(),
            request_timeout_ms: o.request_timeout_ms,
        }
    }
}

impl ServiceOptions {
    /// The service hosts (PROTOCOL.md §1), or the override's origin for all of them.
    pub(crate) fn hosts(&self) -> Result<Hosts> {
        match self.endpoint_override.as_deref() {
            Some(base) => Hosts::overridden(base),
            None => Ok(Hosts::twilio(self.region.as_deref(), self.edge.as_deref())),
        }
    }

    /// An HTTP client with this request timeout.
    pub(crate) fn http(&self) -> Result<Http> {
        let timeout = Duration::from_millis(self.request_timeout_ms);
        Http::new(timeout, timeout)
    }

    /// The default `redirect_url` inside the login `state`: `https://flex{r}.twilio.com/callback`.
    pub(crate) fn flex_callback(&self) -> Result<String> {
        Ok(match self.endpoint_override {
            Some(_) => format!("{}/callback", self.hosts()?.flex),
            None => format!(
                "https://flex{}.twilio.com/callback",
                regional_host(self.region.as_deref())
            ),
        })
    }
}

/// Maps a failed service call (PROTOCOL.md §2.3): a network failure, a 5xx or
/// an error without a Twilio code becomes `DownstreamServiceError` (48927,
/// "`<service>` - …"); a known Twilio code (e.g. 20003, 70251) passes through;
/// anything else becomes `own` when given.
pub(crate) fn service_error(
    e: FlexSdkError,
    service: &str,
    own: Option<ErrorCode>,
) -> FlexSdkError {
    let known = e.twilio_code.and_then(ErrorCode::from_code);
    let downstream = e.code == ErrorCode::NetworkError
        || e.http_status.is_some_and(|s| s >= 500)
        || (e.http_status.is_some() && e.twilio_code.is_none());
    if downstream {
        return FlexSdkError {
            code: ErrorCode::DownstreamServiceError,
            message: format!("{service} - {}", e.message),
            ..e
        };
    }
    match (known, own) {
        (Some(_), _) | (None, None) => e,
        (None, Some(code)) => FlexSdkError {
            code,
            message: format!("{service} - {}", e.message),
            ..e
        },
    }
}

/// Fails with `InvalidParams` naming `name` when `value` is blank.
pub(crate) fn required<'a>(value: &'a str, name: &str) -> Result<&'a str> {
    let v = value.trim();
    if v.is_empty() {
        Err(FlexSdkError::invalid_params(format!(
            "{name}, expected a string which is not empty"
        )))
    } else {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: Option<u16>, twilio: Option<u32>, code: ErrorCode) -> FlexSdkError {
        let mut e = FlexSdkError::new(code, "x");
        e.http_status = status;
        e.twilio_code = twilio;
        e
    }

    #[test]
    fn downstream_known_and_own_codes() {
        let d = service_error(FlexSdkError::network("down"), "ConfigurationService", None);
        assert_eq!(d.code, ErrorCode::DownstreamServiceError);
        assert!(d.message.starts_with("ConfigurationService - "));
        let s = service_error(err(Some(503), None, ErrorCode::ServiceUnavailable), "S", None);
        assert_eq!(s.code, ErrorCode::DownstreamServiceError);
        let sso = service_error(err(Some(400), Some(70251), ErrorCode::BadSsoSettings), "S", None);
        assert_eq!(sso.code, ErrorCode::BadSsoSettings);
        let own = service_error(
            err(Some(400), Some(12345), ErrorCode::BadRequest),
            "S",
            Some(ErrorCode::FailedToFetchFeatures),
        );
        assert_eq!(own.code, ErrorCode::FailedToFetchFeatures);
        assert_eq!(own.twilio_code, Some(12345));
    }

    #[test]
    fn hosts_follow_the_region_rules() {
        let o = ServiceOptions {
            region: Some("ie1".into()),
            edge: Some("dublin".into()),
            ..ServiceOptions::default()
        };
        let h = o.hosts().unwrap();
        assert_eq!(h.services, "https://services.ie1.twilio.com");
        assert_eq!(h.flex_api, "https://flex-api.dublin.ie1.twilio.com");
        assert_eq!(o.flex_callback().unwrap(), "https://flex.ie1.twilio.com/callback");
        assert!(required(" ", "token").is_err());
    }
}
