//! Event-bridge frames (PROTOCOL.md §5.3): decoding text and binary frames, and `init`.
#![no_main]

use flex_core::fuzzing::{parse_binary_frame, parse_init, parse_text_frame};
use flex_fuzz::json_eq;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

fuzz_target!(|data: &[u8]| {
    let binary = parse_binary_frame(data);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(binary.is_none(), "a binary frame that is not UTF-8 is no event");
        return;
    };
    let frame = parse_text_frame(text);
    assert_eq!(frame, binary, "text and binary frames decode alike");
    if text.trim().is_empty() {
        assert!(frame.is_none(), "a blank frame is a heartbeat");
    }
    let Some((kind, payload)) = frame else { return };
    let v: Value = serde_json::from_str(text).expect("a decoded frame is JSON");
    assert_eq!(v.get("event_type").and_then(Value::as_str), Some(kind.as_str()));
    // Re-encoding the decoded frame decodes to the same frame.
    let again = json!({"event_type": kind, "payload": payload}).to_string();
    let (kind2, payload2) = parse_text_frame(&again).expect("a re-encoded frame decodes");
    assert_eq!(kind2, kind);
    assert!(json_eq(&payload2, &payload), "{payload2} != {payload}");
    // Any payload can be an `init`: its fields are read only when they have the right type.
    let (worker, workspace, lifetime) = parse_init(&payload);
    assert_eq!(worker.as_deref(), payload.get("channel_id").and_then(Value::as_str));
    assert_eq!(workspace.as_deref(), payload.get("workspace_sid").and_then(Value::as_str));
    assert_eq!(lifetime, payload.get("token_lifetime").and_then(Value::as_i64));
});
