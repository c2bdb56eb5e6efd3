//! The account SID hint of JWT-shaped tokens: raw tokens, and tokens built around the input as claims.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flex_core::fuzzing::account_sid_hint;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn check(hint: &Option<String>) {
    if let Some(sid) = hint {
        assert_eq!(sid.len(), 34, "{sid}");
        assert!(sid.starts_with("AC") && sid.bytes().all(|b| b.is_ascii_alphanumeric()), "{sid}");
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(token) = std::str::from_utf8(data) {
        let hint = account_sid_hint(token);
        check(&hint);
        if hint.is_some() {
            assert_eq!(token.split('.').count(), 3, "only a three-part token has a hint");
        }
    }
    // The input as the claims of a well-formed JWT: the hint is `sub` exactly when it is an AC SID.
    let token = format!("eyJhbGciOiJIUzI1NiJ9.{}.c2ln", URL_SAFE_NO_PAD.encode(data));
    let hint = account_sid_hint(&token);
    check(&hint);
    let sub = serde_json::from_slice::<Value>(data)
        .ok()
        .and_then(|c| c.get("sub").and_then(Value::as_str).map(str::to_string))
        .filter(|s| s.len() == 34 && s.starts_with("AC") && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(hint, sub);
});
