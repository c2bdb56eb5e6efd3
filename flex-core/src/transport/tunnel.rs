//! The event-bridge REST tunnel (`POST …/v1/wschannels`, PROTOCOL.md §5.1).

use reqwest::{Method, StatusCode, Url};
use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::auth::{Secret, TokenBroker};
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::transport::http::{decode_json, network_error, Http};

/// The TaskRouter client version we speak.
const CLIENT_VERSION: &str = "2.1.1";
/// Page size for list calls.
const PAGE_SIZE: u32 = 1000;
/// A guard against servers that page forever.
const MAX_PAGES: usize = 100;

fn no_payload(path: &str) -> FlexSdkError {
    FlexSdkError::new(
        ErrorCode::UnexpectedError,
        format!("tunnel response to {path} has no payload"),
    )
}

/// The parameter and value that ask for a list's next page (`AfterSid` or `NextToken`).
pub(crate) type Cursor = (&'static str, String);

/// The TaskRouter API version, carried by the `apiVersion` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApiVersion {
    V1,
    V2,
}

impl ApiVersion {
    fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::V2 => "v2",
        }
    }
}

/// Tunnels TaskRouter calls through the event bridge, with the broker's current token.
#[derive(Debug, Clone)]
pub(crate) struct Tunnel {
    http: Http,
    url: String,
    /// `url`, parsed once (`None` when it does not parse: each call then fails as before).
    parsed: Option<Url>,
}

/// The body of a tunnelled call, serialized straight from borrowed parts.
#[derive(Serialize)]
struct TunnelRequest<'a> {
    url: &'a str,
    method: &'a str,
    params: &'a Map<String, Value>,
    token: &'a str,
}

impl Tunnel {
    /// A tunnel to this event-bridge URL.
    pub(crate) fn new(http: Http, url: String) -> Tunnel {
        let parsed = Url::parse(&url).ok();
        Tunnel { http, url, parsed }
    }

    /// One call: returns the response's `payload`.
    pub(crate) async fn call(
        &self,
        broker: &TokenBroker,
        method: Method,
        path: &str,
        version: ApiVersion,
        params: Map<String, Value>,
    ) -> Result<Value> {
        broker
            .with_current(|token| self.send(token, &method, path, version, &params))
            .await
    }

    /// One call whose payload the caller does not need (an action confirmed by
    /// its socket event): the response is checked like [`Tunnel::call`]'s (a
    /// JSON object with a `payload`), without building the payload.
    pub(crate) async fn call_ack(
        &self,
        broker: &TokenBroker,
        method: Method,
        path: &str,
        version: ApiVersion,
        params: Map<String, Value>,
    ) -> Result<()> {
        let (method, params) = (&method, &params);
        broker
            .with_current(|token| async move {
                let (status, body) = self.send_raw(token, method, path, version, params).await?;
                ack_of(status, body.as_ref(), path)
            })
            .await
    }

    async fn send(
        &self,
        token: Secret,
        method: &Method,
        path: &str,
        version: ApiVersion,
        params: &Map<String, Value>,
    ) -> Result<Value> {
        let (status, body) = self.send_raw(token, method, path, version, params).await?;
        payload_of(status, body.as_ref(), path)
    }

    /// Posts the tunnel request; the response's status and body, whatever the status.
    async fn send_raw(
        &self,
        token: Secret,
        method: &Method,
        path: &str,
        version: ApiVersion,
        params: &Map<String, Value>,
    ) -> Result<(StatusCode, impl AsRef<[u8]>)> {
        let body = TunnelRequest {
            url: path,
            method: method.as_str(),
            params,
            token: token.expose(),
        };
        tracing::trace!(target: "flex_core::tunnel", %method, %path, version = version.as_str(), "tunnel request");
        let request = match &self.parsed {
            Some(url) => self.http.request(Method::POST, url.clone()),
            None => self.http.request(Method::POST, self.url.as_str()),
        };
        let resp = request
            .header("apiVersion", version.as_str())
            .header("clientVersion", CLIENT_VERSION)
            .json(&body)
            .send()
            .await
            .map_err(|e| network_error(&e))?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(|e| network_error(&e))?;
        Ok((status, body))
    }

    /// A GET of a list: follows `after_sid` and returns every item of `contents`.
    pub(crate) async fn list(
        &self,
        broker: &TokenBroker,
        path: &str,
        version: ApiVersion,
        params: Map<String, Value>,
    ) -> Result<Vec<Value>> {
        self.list_paged(broker, path, version, params, PAGE_SIZE)
            .await
    }

    /// A GET of a list in pages of `page_size` (1–1000): follows `after_sid`
    /// (`AfterSid`) or `meta.next_token` (`NextToken`) and returns every item.
    pub(crate) async fn list_paged(
        &self,
        broker: &TokenBroker,
        path: &str,
        version: ApiVersion,
        params: Map<String, Value>,
        page_size: u32,
    ) -> Result<Vec<Value>> {
        let mut items = Vec::new();
        let mut cursor: Option<Cursor> = None;
        for _ in 0..MAX_PAGES {
            let mut p = params.clone();
            p.insert("PageSize".into(), json!(page_size.clamp(1, PAGE_SIZE)));
            if let Some((key, value)) = &cursor {
                p.insert((*key).into(), json!(value));
            }
            let page = self.call(broker, Method::GET, path, version, p).await?;
            let (contents, next) = page_of(page, path)?;
            let empty = contents.is_empty();
            items.extend(contents);
            cursor = next;
            if cursor.is_none() || empty {
                return Ok(items);
            }
        }
        tracing::warn!(target: "flex_core::tunnel", %path, "list paging stopped after {MAX_PAGES} pages");
        Ok(items)
    }
}

/// A tunnel response's `payload`, as [`Tunnel::call`] returns it (PROTOCOL.md §5.1).
pub(crate) fn payload_of(status: StatusCode, body: &[u8], path: &str) -> Result<Value> {
    let mut value = decode_json(status, body)?.unwrap_or(Value::Null);
    match value.get_mut("payload") {
        Some(payload) => Ok(payload.take()),
        None => Err(no_payload(path)),
    }
}

/// Whether a tunnel response acknowledges a call, as [`Tunnel::call_ack`] checks it:
/// a JSON object with a `payload`, read without building the payload.
pub(crate) fn ack_of(status: StatusCode, body: &[u8], path: &str) -> Result<()> {
    let fields: Option<BTreeMap<String, IgnoredAny>> = decode_json(status, body)?;
    match fields {
        Some(f) if f.contains_key("payload") => Ok(()),
        _ => Err(no_payload(path)),
    }
}

/// One page of a list (`{contents, after_sid}` or `{contents, meta.next_token}`):
/// its items and the parameter that asks for the next page, if any.
pub(crate) fn page_of(mut page: Value, path: &str) -> Result<(Vec<Value>, Option<Cursor>)> {
    let contents = match page.get_mut("contents").map(Value::take) {
        Some(Value::Array(v)) => v,
        _ => {
            return Err(FlexSdkError::new(
                ErrorCode::UnexpectedError,
                format!("list {path} has no contents"),
            ))
        }
    };
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let cursor = text(page.get("after_sid"))
        .map(|s| ("AfterSid", s))
        .or_else(|| {
            text(page.get("meta").and_then(|m| m.get("next_token")))
                .map(|s| ("NextToken", s))
        });
    Ok((contents, cursor))
}
