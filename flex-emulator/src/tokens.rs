//! Twilio access-token-shaped JWTs (HS256): minting and verification.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::errors::{ApiError, ApiResult};
use crate::sid::{new_secret, new_sid};
use crate::time::now;

type HmacSha256 = Hmac<Sha256>;

/// The longest token lifetime the emulator mints (ten years, in seconds); a request asking
/// for more gets 400, and configured lifetimes are clamped to it.
pub const MAX_TTL_SECS: u64 = 10 * 365 * 24 * 3600;

/// What a verified token says about its bearer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// `grants.identity`.
    pub identity: String,
    /// `sub`: the account.
    pub account_sid: String,
    /// `grants.task_router.workspace_sid`.
    pub workspace_sid: String,
    /// `grants.task_router.worker_sid`.
    pub worker_sid: String,
    /// `grants.task_router.role` (`worker` or `admin`).
    pub role: String,
    /// `exp`, epoch seconds.
    pub expires_at: i64,
}

/// What to put in a new token.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    /// The user identity.
    pub identity: &'a str,
    /// The workspace the worker belongs to.
    pub workspace_sid: &'a str,
    /// The worker the token acts as.
    pub worker_sid: &'a str,
    /// `worker` or `admin`.
    pub role: &'a str,
}

/// Signs and checks tokens with one API key (SK…) of one account.
#[derive(Debug, Clone)]
pub struct TokenSigner {
    account_sid: String,
    key_sid: String,
    secret: String,
}

impl TokenSigner {
    /// A signer with a fresh random API key for `account_sid`.
    pub fn new(account_sid: &str) -> Self {
        Self {
            account_sid: account_sid.into(),
            key_sid: new_sid("SK"),
            secret: new_secret(),
        }
    }

    /// A signer for the same account with a fresh key.
    pub fn rotated(&self) -> Self {
        Self::new(&self.account_sid)
    }

    /// Mints a token valid for `ttl_secs` seconds from now (at most [`MAX_TTL_SECS`]).
    pub fn mint(&self, grant: &Grant<'_>, ttl_secs: i64) -> String {
        let ttl = ttl_secs.min(MAX_TTL_SECS as i64);
        self.mint_until(grant, now().saturating_add(ttl))
    }

    /// Mints a token that expires at `exp` (epoch seconds).
    pub fn mint_until(&self, grant: &Grant<'_>, exp: i64) -> String {
        let iat = now();
        let header = json!({"typ": "JWT", "alg": "HS256", "cty": "twilio-fpa;v=1"});
        let payload = json!({
            "jti": format!("{}-{iat}", self.key_sid),
            "iss": self.key_sid,
            "sub": self.account_sid,
            "iat": iat,
            "exp": exp,
            "grants": {
                "identity": grant.identity,
                "task_router": {
                    "workspace_sid": grant.workspace_sid,
                    "worker_sid": grant.worker_sid,
                    "role": grant.role,
                }
            }
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload.to_string())
        );
        let signature = URL_SAFE_NO_PAD.encode(self.sign(&signing_input));
        format!("{signing_input}.{signature}")
    }

    /// Checks the signature, issuer, account and expiry; returns the claims.
    // Reading a `serde_json::Value` by key yields `Null` when absent: it never panics.
    #[allow(clippy::indexing_slicing)]
    pub fn verify(&self, token: &str) -> ApiResult<Claims> {
        let token = token.trim();
        if token.is_empty() {
            return Err(ApiError::auth_failed(
                "Authentication required: no access token",
            ));
        }
        let invalid = || ApiError::invalid_token("Invalid Access Token");
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let signature = URL_SAFE_NO_PAD.decode(s).map_err(|_| invalid())?;
        let mut mac = self.mac();
        mac.update(format!("{h}.{p}").as_bytes());
        mac.verify_slice(&signature).map_err(|_| invalid())?;
        let payload: Value = URL_SAFE_NO_PAD
            .decode(p)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(invalid)?;
        if payload["iss"] != self.key_sid.as_str() || payload["sub"] != self.account_sid.as_str() {
            return Err(invalid());
        }
        let expires_at = payload["exp"].as_i64().ok_or_else(invalid)?;
        if expires_at <= now() {
            return Err(ApiError::expired_token());
        }
        let tr = &payload["grants"]["task_router"];
        let text = |v: &Value| v.as_str().map(str::to_owned).ok_or_else(invalid);
        Ok(Claims {
            identity: text(&payload["grants"]["identity"])?,
            account_sid: self.account_sid.clone(),
            workspace_sid: text(&tr["workspace_sid"])?,
            worker_sid: text(&tr["worker_sid"])?,
            role: text(&tr["role"])?,
            expires_at,
        })
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC accepts keys of any length (`KeyInit` for `SimpleHmac`'s core is infallible).
        <HmacSha256 as hmac::digest::KeyInit>::new_from_slice(self.secret.as_bytes())
            .unwrap_or_else(|_| <HmacSha256 as hmac::digest::KeyInit>::new(&Default::default()))
    }

    fn sign(&self, input: &str) -> Vec<u8> {
        let mut mac = self.mac();
        mac.update(input.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant() -> Grant<'static> {
        Grant {
            identity: "alice",
            workspace_sid: "WSx",
            worker_sid: "WKx",
            role: "worker",
        }
    }

    #[test]
    fn round_trip() {
        let signer = TokenSigner::new("ACx");
        let claims = signer.verify(&signer.mint(&grant(), 60)).unwrap();
        assert_eq!(claims.identity, "alice");
        assert_eq!(claims.worker_sid, "WKx");
    }

    #[test]
    fn rejects_tampered_expired_and_foreign() {
        let signer = TokenSigner::new("ACx");
        let token = signer.mint(&grant(), 60);
        let tampered = format!("{}x", token);
        assert_eq!(signer.verify(&tampered).unwrap_err().code, 20101);
        assert_eq!(
            signer.verify(&signer.mint(&grant(), -1)).unwrap_err().code,
            20104
        );
        assert_eq!(
            TokenSigner::new("ACx").verify(&token).unwrap_err().code,
            20101
        );
        assert_eq!(signer.verify("").unwrap_err().code, 20003);
        assert_eq!(signer.verify("a.b.c").unwrap_err().code, 20101);
    }
}
