//! Reading the account SID hint from a JWT-shaped token (never verified: only a hint).

use base64::Engine;
use serde_json::Value;

/// The payload's `sub` when the token looks like a JWT and `sub` is an account SID.
pub(crate) fn account_sid_hint(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None; // five-part JWE: opaque
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let sub = claims.get("sub")?.as_str()?;
    (sub.len() == 34
        && sub.starts_with("AC")
        && sub[2..].bytes().all(|b| b.is_ascii_alphanumeric()))
    .then(|| sub.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn reads_sub_from_jwt() {
        let sid = format!("AC{}", "a".repeat(32));
        let tok = format!(
            "{}.{}.sig",
            b64(r#"{"alg":"HS256"}"#),
            b64(&format!(r#"{{"sub":"{sid}"}}"#))
        );
        assert_eq!(account_sid_hint(&tok), Some(sid));
    }

    #[test]
    fn opaque_or_malformed_tokens_give_none() {
        assert_eq!(account_sid_hint("opaque-token"), None);
        assert_eq!(account_sid_hint("a.b.c"), None);
        assert_eq!(
            account_sid_hint(&format!("x.{}.y", b64(r#"{"sub":"nope"}"#))),
            None
        );
        assert_eq!(account_sid_hint("a.b.c.d.e"), None);
        assert_eq!(account_sid_hint(""), None);
    }
}
