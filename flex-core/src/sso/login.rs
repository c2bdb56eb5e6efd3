//! `get_login_details`: PKCE S256 secrets and the login URL (PROTOCOL.md §4.1).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

use std::sync::Arc;

use super::types::{LoginDetails, LoginDetailsParams};
use crate::auth::Secret;
use crate::error::Result;
use crate::service::{required, ServiceOptions};

fn random_b64(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// base64url(SHA-256(verifier)): the S256 code challenge.
pub(crate) fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// Builds the login URL and fresh PKCE secrets (a 64-character verifier from
/// the OS CSPRNG, its S256 challenge, a nonce and the state). Synchronous;
/// fails with `InvalidParams` for a blank client ID or a missing SSO profile.
pub fn get_login_details(
    params: &LoginDetailsParams,
    service: &ServiceOptions,
) -> Result<LoginDetails> {
    let client_id = required(&params.client_id, "client_id")?;
    let sso_profile = if params.is_console_login {
        "false".to_string()
    } else {
        enc(required(
            params.sso_profile_sid.as_deref().unwrap_or(""),
            "sso_profile_sid",
        )?)
    };
    let hosts = service.hosts()?;
    let code_verifier = random_b64(48);
    let code_challenge = challenge(&code_verifier);
    let nonce = random_b64(24);
    let state_redirect = match params.redirect_url.as_deref() {
        Some(r) => r.to_string(),
        None => service.flex_callback()?,
    };
    let state_json = json!({"connection_name": client_id, "redirect_url": state_redirect});
    let state = URL_SAFE_NO_PAD.encode(state_json.to_string());
    let redirect = params.redirect_url.clone().unwrap_or_else(|| {
        format!("{}/v1/Flex/Authentication/Callback", hosts.services)
    });
    let mut query = Vec::new();
    if params.is_console_login {
        query.push("isConsoleLogin=true".to_string());
    }
    query.push(format!("redirectUrl={}", enc(&redirect)));
    query.push(format!("nonce={nonce}"));
    query.push(format!("codeChallenge={code_challenge}"));
    query.push(format!("state={state}"));
    if let Some(app) = params.app_type {
        query.push(format!("appType={}", app.as_str()));
    }
    query.push(format!("ssoProfileSid={sso_profile}"));
    if params.is_console_login {
        for (k, v) in [("accountSid", &params.account_sid), ("instanceSid", &params.instance_sid)] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                query.push(format!("{k}={}", enc(v)));
            }
        }
    }
    Ok(LoginDetails {
        login_url: format!("{}/v1/Flex/Authorize?{}", hosts.services, query.join("&")),
        nonce,
        code_challenge,
        state,
        code_verifier: Arc::new(Secret::new(code_verifier)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::AppType;

    #[test]
    fn pkce_s256_matches_the_rfc_example() {
        // RFC 7636 appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn sso_login_url_has_the_documented_order() {
        let d = get_login_details(
            &LoginDetailsParams {
                client_id: "client".into(),
                sso_profile_sid: Some("JB1".into()),
                app_type: Some(AppType::MobileApp),
                redirect_url: Some("myapp://callback".into()),
                ..Default::default()
            },
            &ServiceOptions::default(),
        )
        .unwrap();
        assert_eq!(d.code_verifier.expose().len(), 64);
        assert_eq!(d.nonce.len(), 32);
        assert_eq!(d.code_challenge, challenge(d.code_verifier.expose()));
        let expected = format!(
            "https://services.twilio.com/v1/Flex/Authorize?redirectUrl=myapp%3A%2F%2Fcallback&nonce={}&codeChallenge={}&state={}&appType=MobileApp&ssoProfileSid=JB1",
            d.nonce, d.code_challenge, d.state
        );
        assert_eq!(d.login_url, expected);
        let state = URL_SAFE_NO_PAD.decode(&d.state).unwrap();
        let state: serde_json::Value = serde_json::from_slice(&state).unwrap();
        assert_eq!(state["connection_name"], "client");
        assert_eq!(state["redirect_url"], "myapp://callback");
        assert!(!format!("{d:?}").contains(d.code_verifier.expose()));
    }

    #[test]
    fn console_login_and_defaults() {
        let d = get_login_details(
            &LoginDetailsParams {
                client_id: "c".into(),
                is_console_login: true,
                account_sid: Some("AC1".into()),
                instance_sid: Some("GO1".into()),
                ..Default::default()
            },
            &ServiceOptions { region: Some("ie1".into()), ..Default::default() },
        )
        .unwrap();
        assert!(d.login_url.starts_with("https://services.ie1.twilio.com/v1/Flex/Authorize?isConsoleLogin=true&redirectUrl=https%3A%2F%2Fservices.ie1.twilio.com%2Fv1%2FFlex%2FAuthentication%2FCallback&nonce="));
        assert!(d.login_url.ends_with("&ssoProfileSid=false&accountSid=AC1&instanceSid=GO1"));
        let two = get_login_details(
            &LoginDetailsParams { client_id: "c".into(), is_console_login: true, ..Default::default() },
            &ServiceOptions::default(),
        )
        .unwrap();
        assert_ne!(two.code_verifier, d.code_verifier);
    }

    #[test]
    fn bad_params_are_invalid() {
        let sso = LoginDetailsParams { client_id: "c".into(), ..Default::default() };
        assert!(get_login_details(&sso, &ServiceOptions::default()).is_err());
        let blank = LoginDetailsParams { sso_profile_sid: Some("JB".into()), ..Default::default() };
        assert!(get_login_details(&blank, &ServiceOptions::default()).is_err());
    }
}
