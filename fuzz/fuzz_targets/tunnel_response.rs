//! Tunnel responses (PROTOCOL.md §5.1): two bytes of HTTP status, then the body.
#![no_main]

use flex_core::fuzzing::{tunnel_ack, tunnel_page, tunnel_payload};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((status, body)) = data.split_first_chunk::<2>() else { return };
    // Mostly 2xx, the rest spread over 100..=599.
    let raw = u16::from_be_bytes(*status);
    let status = if raw % 4 != 0 { 200 + raw % 7 } else { 100 + raw % 500 };
    let payload = tunnel_payload(status, body).expect("a valid status");
    let ack = tunnel_ack(status, body).expect("a valid status");
    // A response good enough for a call is good enough for an acknowledged call.
    if payload.is_ok() {
        assert!(ack.is_ok(), "payload read but the ack failed: {ack:?}");
    }
    match &payload {
        Ok(_) => assert!((200..300).contains(&status), "a {status} response was read as a payload"),
        Err(e) if !(200..300).contains(&status) => assert_eq!(e.http_status, Some(status)),
        Err(_) => {}
    }
    let Ok(page) = payload else { return };
    let contents = page.get("contents").and_then(Value::as_array).map(Vec::len);
    match tunnel_page(page) {
        Ok((items, cursor)) => {
            assert_eq!(Some(items.len()), contents, "items are the page's contents");
            if let Some((param, value)) = cursor {
                assert!(param == "AfterSid" || param == "NextToken");
                assert!(!value.is_empty(), "an empty cursor pages forever");
            }
        }
        Err(_) => assert_eq!(contents, None, "a page with contents was refused"),
    }
});
