//! Socket events applied to the client's state: one event-bridge frame per input line.
#![no_main]

use flex_core::fuzzing::{parse_text_frame, ClientState};
use flex_core::FlexEvent;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

const WORKER: &str = "WK00000000000000000000000000000001";

fn is_reservation_event(e: &FlexEvent) -> bool {
    matches!(
        e,
        FlexEvent::ReservationCreated { .. }
            | FlexEvent::ReservationAccepted { .. }
            | FlexEvent::ReservationRejected { .. }
            | FlexEvent::ReservationTimeout { .. }
            | FlexEvent::ReservationCanceled { .. }
            | FlexEvent::ReservationRescinded { .. }
            | FlexEvent::ReservationWrapup { .. }
            | FlexEvent::ReservationCompleted { .. }
    )
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let worker = json!({"sid": WORKER, "friendly_name": "alice", "activity_sid": "WA1",
                        "attributes": "{\"skills\":[\"support\"]}"});
    let mut state = ClientState::new(&worker).expect("the worker parses");
    for line in text.lines() {
        let Some((kind, payload)) = parse_text_frame(line) else { continue };
        for event in state.apply(&kind, &payload) {
            match &event {
                FlexEvent::WorkerActivityUpdated { worker } | FlexEvent::WorkerAttributesUpdated { worker } => {
                    assert_eq!(worker.sid, WORKER, "another worker's update was applied");
                }
                _ => {}
            }
        }
        let w = state.worker();
        assert_eq!(w.sid, WORKER, "the worker changed identity");
        for r in &w.reservations {
            assert!(r.worker_sid.is_empty() || r.worker_sid == WORKER, "another worker's reservation is kept");
            assert!(!r.status.is_final(), "an ended reservation is kept as active");
        }
        // The same reservation frame again is a duplicate: nothing new to report.
        if kind.starts_with("reservation.") {
            let again = state.apply(&kind, &payload);
            assert!(!again.iter().any(is_reservation_event), "duplicate {kind} reported again: {again:?}");
        }
    }
});
