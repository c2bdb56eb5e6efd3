//! `exchange_token` and `refresh_token`: `POST {services}/v1/Flex/OAuth/Tokens` (PROTOCOL.md §3.6).

use reqwest::Method;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::types::{AppType, ExchangeTokenParams, RefreshTokenParams, TokenResponse};
use crate::auth::Secret;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::service::{required, service_error, ServiceOptions};
use crate::transport::http::{Auth, Body, Http};

const SERVICE: &str = "SSOService";

/// The login context fields every grant carries.
struct Login<'a> {
    sso_profile_sid: Option<&'a str>,
    is_console_login: bool,
    account_sid: Option<&'a str>,
    instance_sid: Option<&'a str>,
    app_type: Option<AppType>,
}

impl Login<'_> {
    fn write(&self, body: &mut Map<String, Value>) -> Result<()> {
        let mut put = |k: &str, v: Option<&str>| {
            if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                body.insert(k.into(), Value::from(v.trim()));
            }
        };
        if self.is_console_login {
            put("account_sid", self.account_sid);
            put("instance_sid", self.instance_sid);
            body.insert("is_console_login".into(), Value::Bool(true));
        } else {
            let sid = required(self.sso_profile_sid.unwrap_or(""), "sso_profile_sid")?;
            body.insert("sso_profile_sid".into(), Value::from(sid));
        }
        if let Some(app) = self.app_type {
            body.insert("app_type".into(), Value::from(app.as_str()));
        }
        Ok(())
    }
}

/// Exchanges the authorization code from the login callback for an access
/// token and a refresh token (grant `AuthorizationCode`).
pub async fn exchange_token(
    params: &ExchangeTokenParams,
    service: &ServiceOptions,
) -> Result<TokenResponse> {
    let mut body = Map::new();
    for (key, value) in [
        ("code", params.code.expose()),
        ("code_verifier", params.code_verifier.expose()),
        ("nonce", params.nonce.as_str()),
    ] {
        body.insert(key.into(), Value::from(required(value, key)?));
    }
    Login {
        sso_profile_sid: params.sso_profile_sid.as_deref(),
        is_console_login: params.is_console_login,
        account_sid: params.account_sid.as_deref(),
        instance_sid: params.instance_sid.as_deref(),
        app_type: params.app_type,
    }
    .write(&mut body)?;
    body.insert("grant_type".into(), Value::from("AuthorizationCode"));
    let services = service.hosts()?.services;
    post(&service.http()?, &services, body).await
}

/// Trades a refresh token for a new access token and the next refresh token
/// (grant `RefreshToken`; the refresh token used becomes invalid).
pub async fn refresh_token(
    params: &RefreshTokenParams,
    service: &ServiceOptions,
) -> Result<TokenResponse> {
    let services = service.hosts()?.services;
    refresh_with(&service.http()?, &services, params).await
}

/// [`refresh_token`] with a given HTTP client and services host (the session's).
pub(crate) async fn refresh_with(
    http: &Http,
    services: &str,
    params: &RefreshTokenParams,
) -> Result<TokenResponse> {
    let mut body = Map::new();
    body.insert(
        "refresh_token".into(),
        Value::from(required(params.refresh_token.expose(), "refresh_token")?),
    );
    Login {
        sso_profile_sid: params.sso_profile_sid.as_deref(),
        is_console_login: params.is_console_login,
        account_sid: params.account_sid.as_deref(),
        instance_sid: params.instance_sid.as_deref(),
        app_type: params.app_type,
    }
    .write(&mut body)?;
    body.insert("grant_type".into(), Value::from("RefreshToken"));
    post(http, services, body).await
}

async fn post(http: &Http, services: &str, body: Map<String, Value>) -> Result<TokenResponse> {
    let url = format!("{services}/v1/Flex/OAuth/Tokens");
    let body = Value::Object(body);
    let answer = http
        .send(Method::POST, &url, Auth::None, Body::Json(&body), &[])
        .await
        .map_err(|e| service_error(e, SERVICE, None))?;
    parse(answer)
}

fn parse(mut answer: Value) -> Result<TokenResponse> {
    let mut take = |k: &str| match answer.get_mut(k).map(Value::take) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        _ => Err(FlexSdkError::new(
            ErrorCode::UnexpectedError,
            format!("the token response has no {k}"),
        )),
    };
    let access_token = take("access_token")?;
    let refresh_token = take("refresh_token")?;
    let token_info = answer
        .get_mut("token_info")
        .map(Value::take)
        .filter(|v| !v.is_null());
    Ok(TokenResponse {
        access_token: Arc::new(Secret::new(access_token)),
        refresh_token: Arc::new(Secret::new(refresh_token)),
        token_info,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_fields_per_login_kind() {
        let mut sso = Map::new();
        Login {
            sso_profile_sid: Some("JB1"),
            is_console_login: false,
            account_sid: Some("AC1"),
            instance_sid: None,
            app_type: Some(AppType::MobileApp),
        }
        .write(&mut sso)
        .unwrap();
        assert_eq!(Value::Object(sso), json!({"sso_profile_sid": "JB1", "app_type": "MobileApp"}));
        let mut console = Map::new();
        Login {
            sso_profile_sid: None,
            is_console_login: true,
            account_sid: Some("AC1"),
            instance_sid: Some("GO1"),
            app_type: None,
        }
        .write(&mut console)
        .unwrap();
        assert_eq!(
            Value::Object(console),
            json!({"account_sid": "AC1", "instance_sid": "GO1", "is_console_login": true})
        );
        let missing = Login {
            sso_profile_sid: None,
            is_console_login: false,
            account_sid: None,
            instance_sid: None,
            app_type: None,
        };
        assert!(missing.write(&mut Map::new()).is_err());
    }

    #[test]
    fn parses_the_answer() {
        let r = parse(json!({"access_token": "a", "refresh_token": "r", "token_info": {"x": 1}})).unwrap();
        assert_eq!(r.access_token.expose(), "a");
        assert!(r.token_info.is_some());
        assert!(!format!("{r:?}").contains("\"a\""));
        assert!(parse(json!({"access_token": "a"})).is_err());
    }
}
