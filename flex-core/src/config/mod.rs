//! The account configuration (`GET /v1/Configuration`, PROTOCOL.md §3.1) for
//! the client, and the standalone configuration functions (API.md §4).

mod api;
mod keys;

pub use api::{
    get_account_config, get_features_config, get_public_config, set_account_config, Feature,
    FeaturesConfig, PublicConfig, PublicConfigQuery,
};

use reqwest::Method;
use serde_json::Value;

use crate::auth::Secret;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::transport::http::{Body, Http};

/// The parts of the Flex configuration the client needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AccountConfig {
    pub(crate) account_sid: String,
    pub(crate) workspace_sid: Option<String>,
}

/// Fetches the account configuration.
pub(crate) async fn fetch(
    http: &Http,
    flex_api: &str,
    token: &Secret,
    ui_version: Option<&str>,
) -> Result<AccountConfig> {
    parse(&fetch_document(http, flex_api, token, ui_version).await?)
}

/// The whole configuration document, as the server sent it.
pub(crate) async fn fetch_document(
    http: &Http,
    flex_api: &str,
    token: &Secret,
    ui_version: Option<&str>,
) -> Result<Value> {
    let mut url = format!("{flex_api}/v1/Configuration");
    if let Some(v) = ui_version {
        url.push_str("?UiVersion=");
        url.push_str(&url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>());
    }
    http.flex(Method::GET, &url, token, Body::None).await
}

fn parse(body: &Value) -> Result<AccountConfig> {
    let field = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let account_sid = field("account_sid").ok_or_else(|| {
        FlexSdkError::new(
            ErrorCode::FailedToFetchAccountConfiguration,
            "configuration has no account_sid",
        )
    })?;
    Ok(AccountConfig {
        account_sid,
        workspace_sid: field("taskrouter_workspace_sid"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_required_fields() {
        let c = parse(&json!({"account_sid": "AC1", "taskrouter_workspace_sid": "WS1"})).unwrap();
        assert_eq!(c.workspace_sid.as_deref(), Some("WS1"));
        let e = parse(&json!({"taskrouter_workspace_sid": "WS1"})).unwrap_err();
        assert_eq!(e.code, ErrorCode::FailedToFetchAccountConfiguration);
    }
}
