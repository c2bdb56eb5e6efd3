//! The standalone configuration functions (API.md §4): public, account and features configuration.

use reqwest::Method;
use serde::Serialize;
use serde_json::{Map, Value};

use super::keys::request_body;
use crate::auth::Secret;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::service::{required, service_error, ServiceOptions};
use crate::transport::http::{Auth, Body};

/// Which account's public configuration to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum PublicConfigQuery {
    /// By account SID.
    AccountSid {
        /// The account SID (`AC…`).
        account_sid: String,
    },
    /// By runtime domain.
    RuntimeDomain {
        /// The domain (`.twil.io` is appended to a bare `word-word-123`).
        runtime_domain: String,
    },
}

/// An account's public configuration (no authentication needed).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PublicConfig {
    /// The runtime domain.
    pub runtime_domain: String,
    /// The public attributes (e.g. `loginPopup`), when set.
    pub public_attributes: Option<Value>,
    /// The account SID.
    pub account_sid: String,
}

/// One Flex feature flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Feature {
    /// The feature ID.
    pub id: String,
    /// The feature name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Its documentation URL.
    pub doc_url: String,
    /// Whether it is enabled.
    pub enabled: bool,
    /// Its release stage.
    pub stage: String,
}

/// The Flex features of the token's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FeaturesConfig {
    /// The features.
    pub features: Vec<Feature>,
    /// Whether Flex Insights is active.
    pub insights_active: bool,
}

fn normalize_domain(domain: &str) -> String {
    let d = domain.trim().trim_end_matches('/');
    let mut parts = d.split('-');
    let bare = d.split('-').count() == 3
        && parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.next().is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if bare {
        format!("{d}.twil.io")
    } else {
        d.to_string()
    }
}

/// Reads an account's public configuration (`GET {flex_api}/v1/Configuration/Public`).
/// Errors: 48909 when the server knows no such account, 48930 otherwise (48927 downstream).
pub async fn get_public_config(
    query: &PublicConfigQuery,
    service: &ServiceOptions,
) -> Result<PublicConfig> {
    let (key, value) = match query {
        PublicConfigQuery::AccountSid { account_sid: sid } => ("AccountSid", required(sid, "account_sid")?.to_string()),
        PublicConfigQuery::RuntimeDomain { runtime_domain: d } => {
            ("RuntimeDomain", normalize_domain(required(d, "runtime_domain")?))
        }
    };
    let q = url::form_urlencoded::Serializer::new(String::new())
        .append_pair(key, &value)
        .finish();
    let url = format!("{}/v1/Configuration/Public?{q}", service.hosts()?.flex_api);
    let own = Some(ErrorCode::FailedToFetchPublicConfiguration);
    let answer = service
        .http()?
        .send(Method::GET, &url, Auth::None, Body::None, &[])
        .await
        .map_err(|e| service_error(e, "PublicConfigurationService", own))?;
    let first = answer
        .get("configurations")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
        .ok_or_else(|| {
            FlexSdkError::new(ErrorCode::InvalidResponseFromPublicConfig, "no configuration found")
        })?;
    let s = |k: &str| first.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    Ok(PublicConfig {
        runtime_domain: s("runtime_domain"),
        public_attributes: first.get("public_attributes").filter(|v| !v.is_null()).cloned(),
        account_sid: s("account_sid"),
    })
}

/// Reads the account configuration of the token's account (the whole
/// document, snake_case keys as the server sends them). Errors: 48928 (48927 downstream).
pub async fn get_account_config(
    token: &str,
    ui_version: Option<&str>,
    service: &ServiceOptions,
) -> Result<Value> {
    let token = Secret::from(required(token, "token")?);
    super::fetch_document(&service.http()?, &service.hosts()?.flex_api, &token, ui_version)
        .await
        .map_err(|e| {
            service_error(e, "ConfigurationService", Some(ErrorCode::FailedToFetchAccountConfiguration))
        })
}

/// Updates the account configuration (`POST {flex_api}/v1/Configuration`) and
/// returns the updated document. Every root key of `config` (camelCase or
/// snake_case) must be in API.md §4's whitelist, else `InvalidParams` naming it.
pub async fn set_account_config(
    account_sid: &str,
    token: &str,
    config: &Map<String, Value>,
    service: &ServiceOptions,
) -> Result<Value> {
    let body = request_body(required(account_sid, "account_sid")?, config)?;
    let token = Secret::from(required(token, "token")?);
    let url = format!("{}/v1/Configuration", service.hosts()?.flex_api);
    service
        .http()?
        .send(Method::POST, &url, Auth::Basic(&token), Body::Json(&body), &[])
        .await
        .map_err(|e| service_error(e, "ConfigurationService", None))
}

/// Reads the Flex features (`GET {flex}/api/v1/Session`, header `X-Flex-Version`
/// when `ui_version` is set). Errors: 48929 (48927 downstream).
pub async fn get_features_config(
    token: &str,
    ui_version: Option<&str>,
    service: &ServiceOptions,
) -> Result<FeaturesConfig> {
    let token = Secret::from(required(token, "token")?);
    let url = format!("{}/api/v1/Session", service.hosts()?.flex);
    let headers: Vec<(&str, &str)> = ui_version.map(|v| ("X-Flex-Version", v)).into_iter().collect();
    let answer = service
        .http()?
        .send(Method::GET, &url, Auth::Jwe(&token), Body::None, &headers)
        .await
        .map_err(|e| service_error(e, "FeaturesService", Some(ErrorCode::FailedToFetchFeatures)))?;
    Ok(parse_features(&answer))
}

fn parse_features(answer: &Value) -> FeaturesConfig {
    let features = answer
        .get("features")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|f| {
                    let s = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    let doc_url = f.get("doc_url").or_else(|| f.get("docUrl"));
                    Feature {
                        id: s("id"),
                        name: s("name"),
                        description: s("description"),
                        doc_url: doc_url.and_then(Value::as_str).unwrap_or("").to_string(),
                        enabled: f.get("enabled").and_then(Value::as_bool).unwrap_or(false),
                        stage: s("stage"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let insights = answer.get("insights_active").or_else(|| answer.get("insightsActive"));
    FeaturesConfig {
        features,
        insights_active: insights.and_then(Value::as_bool).unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn runtime_domains_are_normalized() {
        assert_eq!(normalize_domain("abc-def-123"), "abc-def-123.twil.io");
        assert_eq!(normalize_domain("abc-def-123.twil.io/"), "abc-def-123.twil.io");
        assert_eq!(normalize_domain("my.domain.com"), "my.domain.com");
        assert_eq!(normalize_domain("Abc-def-123"), "Abc-def-123");
    }

    #[test]
    fn features_accept_both_key_styles() {
        let f = parse_features(&json!({"features": [{"id": "a", "docUrl": "u", "enabled": true}], "insights_active": true}));
        assert_eq!(f.features[0].doc_url, "u");
        assert!(f.insights_active);
        assert!(parse_features(&json!(null)).features.is_empty());
    }
}
