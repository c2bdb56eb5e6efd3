//! Voice signalling (VOICE.md §1.3, §1.5): server frames, a call's `Params`, and the
//! null media engine's answer to any offer.
#![no_main]

use flex_core::fuzzing::{parse_voice_frame, voice_custom_parameters};
use flex_core::{MediaEngine, NullMediaEngine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let frame = parse_voice_frame(text);
    if text.trim().is_empty() {
        assert_eq!(frame, "Heartbeat", "a blank frame is a heartbeat");
    }
    for (key, _) in voice_custom_parameters(text) {
        assert!(!key.is_empty(), "an empty key is dropped");
    }
    // Any text may be an offer: the answer, when there is one, is one audio line.
    if let Ok(answer) = NullMediaEngine::new().answer(text) {
        assert_eq!(answer.matches("m=audio ").count(), 1, "{answer}");
        assert!(answer.starts_with("v=0\r\n"));
    }
});
