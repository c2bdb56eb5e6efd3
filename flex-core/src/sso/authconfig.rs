//! `get_authentication_config`: `GET {services}/v1/Flex/Authentication/Config` (PROTOCOL.md §3.7).

use reqwest::Method;
use serde_json::Value;

use super::types::{AppType, AuthenticationConfig, AuthenticationConfigParams};
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::service::{service_error, ServiceOptions};
use crate::transport::http::{Auth, Body};

const SERVICE: &str = "SSOSetupService";

/// `<domain><.stage|.dev>.twil.io` unless the domain already ends with `.twil.io`.
fn runtime_domain(domain: &str, region: Option<&str>) -> String {
    let domain = domain.trim().trim_end_matches('/');
    if domain.is_empty() || domain.ends_with(".twil.io") {
        return domain.to_string();
    }
    let env = match region.unwrap_or("") {
        r if r.starts_with("stage") => ".stage",
        r if r.starts_with("dev") => ".dev",
        _ => "",
    };
    format!("{domain}{env}.twil.io")
}

/// Looks up the SSO configurations (client ID, SSO profile) of an account,
/// instance, runtime domain or SSO profile. Every query parameter is sent
/// (empty when unset); `AppType` defaults to `SinglePageApp`.
pub async fn get_authentication_config(
    params: &AuthenticationConfigParams,
    service: &ServiceOptions,
) -> Result<Vec<AuthenticationConfig>> {
    let s = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let domain = runtime_domain(&s(&params.runtime_domain), service.region.as_deref());
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("AccountSid", &s(&params.account_sid))
        .append_pair("FlexInstanceSid", &s(&params.instance_sid))
        .append_pair("RuntimeDomain", &domain)
        .append_pair("SSOProfileSid", &s(&params.sso_profile_sid))
        .append_pair("AppType", params.app_type.unwrap_or_default().as_str())
        .finish();
    let url = format!("{}/v1/Flex/Authentication/Config?{query}", service.hosts()?.services);
    let answer = service
        .http()?
        .send(Method::GET, &url, Auth::None, Body::None, &[])
        .await
        .map_err(|e| service_error(e, SERVICE, None))?;
    parse(&answer)
}

fn parse(answer: &Value) -> Result<Vec<AuthenticationConfig>> {
    let list = answer
        .get("config_list")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            FlexSdkError::new(ErrorCode::UnexpectedError, "the answer has no config_list")
        })?;
    Ok(list
        .iter()
        .map(|item| {
            let s = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            AuthenticationConfig {
                account_sid: s("account_sid"),
                instance_sid: s("instance_sid"),
                connection_name: s("connection_name"),
                client_id: s("client_id"),
                active: item.get("active").and_then(Value::as_bool).unwrap_or(false),
                app_type: AppType::parse(&s("app_type")).unwrap_or_default(),
                sso_profile_sid: s("connection_name"),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn runtime_domains_are_completed_once() {
        assert_eq!(runtime_domain("abc-def-123", None), "abc-def-123.twil.io");
        assert_eq!(runtime_domain("abc-def-123", Some("stage-us1")), "abc-def-123.stage.twil.io");
        assert_eq!(runtime_domain("x.twil.io/", None), "x.twil.io");
        assert_eq!(runtime_domain(" ", None), "");
    }

    #[test]
    fn items_get_the_profile_from_the_connection_name() {
        let l = parse(&json!({"config_list": [{"account_sid": "AC1", "connection_name": "JB1",
            "client_id": "c", "active": true, "app_type": "MobileApp", "instance_sid": "GO1"}]}))
        .unwrap();
        assert_eq!(l[0].sso_profile_sid, "JB1");
        assert_eq!(l[0].app_type, AppType::MobileApp);
        assert!(parse(&json!({})).is_err());
    }
}
