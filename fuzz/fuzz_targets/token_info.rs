//! `Tokens/Info` answers (PROTOCOL.md §3.4): the first line is the account SID, the rest the
//! JSON body; a rest that is not JSON is tried as the `expiration` date.
#![no_main]

use flex_core::fuzzing::{parse_token_info, time_from_value};
use flex_fuzz::split_line;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let (account, rest) = split_line(data);
    let (Ok(account), Ok(rest)) = (std::str::from_utf8(account), std::str::from_utf8(rest)) else { return };
    let body: Value = serde_json::from_str(rest).unwrap_or_else(|_| json!({"expiration": rest}));
    if let Some(expiration) = body.get("expiration") {
        let _ = time_from_value(expiration);
    }
    let Ok(info) = parse_token_info(&body, account) else { return };
    assert_ne!(body.get("valid").and_then(Value::as_bool), Some(false), "an invalid token was accepted");
    let body_roles: Vec<&str> = body.get("roles").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    assert_eq!(info.roles, body_roles);
    match body.get("account_sid").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        Some(sid) => assert_eq!(info.account_sid, sid),
        None => assert_eq!(info.account_sid, account),
    }
    // What was read, written back as an answer, reads the same.
    let again = json!({
        "identity": info.identity, "roles": info.roles, "worker_sid": info.worker_sid,
        "account_sid": info.account_sid, "flex_instance_sid": info.flex_instance_sid,
        "flex_user_sid": info.flex_user_sid, "expiration": info.expires_at,
    });
    assert_eq!(parse_token_info(&again, account).ok(), Some(info));
});
