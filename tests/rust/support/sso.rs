//! SSO helpers: sign in through the emulator's login page as a browser would.

use std::sync::Arc;

use flex_core::{Secret, 
    exchange_token, get_authentication_config, get_login_details, AuthenticationConfigParams,
    ExchangeTokenParams, LoginDetails, LoginDetailsParams, ServiceOptions, TokenResponse,
};

use crate::Env;

impl Env {
    /// Endpoint options pointing at the emulator.
    pub fn service(&self) -> ServiceOptions {
        ServiceOptions {
            endpoint_override: Some(self.emulator.base_url()),
            ..ServiceOptions::default()
        }
    }

    /// Login details for the seeded SSO profile (client ID from the authentication config).
    pub async fn login_details(&self) -> LoginDetails {
        let configs = get_authentication_config(
            &AuthenticationConfigParams {
                account_sid: Some(self.world.account_sid.clone()),
                ..Default::default()
            },
            &self.service(),
        )
        .await
        .expect("authentication config");
        let config = configs.first().expect("one SSO configuration");
        get_login_details(
            &LoginDetailsParams {
                client_id: config.client_id.clone(),
                sso_profile_sid: Some(config.sso_profile_sid.clone()),
                redirect_url: Some("flexapp://callback".into()),
                ..Default::default()
            },
            &self.service(),
        )
        .expect("login details")
    }

    /// Follows the login URL without auto-redirects, as `identity`; returns
    /// the `code` and `state` of the redirect's `Location`.
    pub async fn follow_login(&self, login_url: &str, identity: &str) -> (String, String) {
        let browser = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("browser");
        let resp = browser
            .get(format!("{login_url}&login_hint={identity}"))
            .send()
            .await
            .expect("authorize");
        assert_eq!(resp.status(), reqwest::StatusCode::FOUND, "authorize redirects");
        let location = resp.headers()[reqwest::header::LOCATION]
            .to_str()
            .expect("location")
            .to_string();
        let query = location.split_once('?').map(|(_, q)| q).unwrap_or("");
        let mut code = String::new();
        let mut state = String::new();
        for (k, v) in url_pairs(query) {
            match k.as_str() {
                "code" => code = v,
                "state" => state = v,
                _ => {}
            }
        }
        (code, state)
    }

    /// The whole SSO sign-in of `identity`: config, login details, browser, exchange.
    pub async fn sso_sign_in(&self, identity: &str) -> TokenResponse {
        let details = self.login_details().await;
        let (code, state) = self.follow_login(&details.login_url, identity).await;
        assert_eq!(state, details.state);
        exchange_token(
            &ExchangeTokenParams {
                code: Arc::new(Secret::new(code)),
                code_verifier: details.code_verifier,
                nonce: details.nonce,
                sso_profile_sid: Some(self.world.sso_profile_sid.clone()),
                ..Default::default()
            },
            &self.service(),
        )
        .await
        .expect("exchange")
    }
}

/// Decodes `a=b&c=d`.
pub fn url_pairs(query: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://x/?{query}"))
        .map(|u| u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .unwrap_or_default()
}
