//! Parsing worker, activity and worker-channel payloads (event-bridge format).

use serde_json::Value;

use super::{Activity, Worker, WorkerChannel};
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::wire::{attributes, bool_or_false, date, opt_str, str_or_empty, u64_or_zero};

fn bad(what: &str) -> FlexSdkError {
    FlexSdkError::new(
        ErrorCode::UnexpectedError,
        format!("malformed payload: {what}"),
    )
}

fn u32_field(v: &Value, key: &str) -> u32 {
    u32::try_from(u64_or_zero(v, key)).unwrap_or(u32::MAX)
}

/// A worker payload, without activities, channels or reservations.
pub(crate) fn parse_worker(v: &Value) -> Result<Worker> {
    Ok(Worker {
        sid: opt_str(v, "sid").ok_or_else(|| bad("worker without sid"))?,
        name: opt_str(v, "friendly_name")
            .or_else(|| opt_str(v, "name"))
            .unwrap_or_default(),
        account_sid: str_or_empty(v, "account_sid"),
        workspace_sid: str_or_empty(v, "workspace_sid"),
        activity_sid: str_or_empty(v, "activity_sid"),
        activity_name: str_or_empty(v, "activity_name"),
        available: bool_or_false(v, "available"),
        attributes: attributes(v, "attributes"),
        date_status_changed: date(v, "date_status_changed"),
        version: str_or_empty(v, "version"),
        activities: Vec::new(),
        channels: Vec::new(),
        reservations: Vec::new(),
    })
}

/// An activity payload (`is_current` false).
pub(crate) fn parse_activity(v: &Value) -> Result<Activity> {
    Ok(Activity {
        sid: opt_str(v, "sid").ok_or_else(|| bad("activity without sid"))?,
        name: opt_str(v, "friendly_name")
            .or_else(|| opt_str(v, "name"))
            .unwrap_or_default(),
        available: bool_or_false(v, "available"),
        is_current: false,
    })
}

/// A worker-channel payload.
pub(crate) fn parse_channel(v: &Value) -> Result<WorkerChannel> {
    Ok(WorkerChannel {
        sid: opt_str(v, "sid").ok_or_else(|| bad("channel without sid"))?,
        task_channel_sid: str_or_empty(v, "task_channel_sid"),
        task_channel_unique_name: str_or_empty(v, "task_channel_unique_name"),
        available: bool_or_false(v, "available"),
        capacity: u32_field(v, "configured_capacity").max(u32_field(v, "capacity")),
        assigned_tasks: u32_field(v, "assigned_tasks"),
        available_capacity_percentage: u32_field(v, "available_capacity_percentage"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_worker_activity_channel() {
        let w = parse_worker(&json!({"sid": "WK1", "friendly_name": "alice", "activity_sid": "WA1",
            "activity_name": "Offline", "available": false, "attributes": "{\"contact_uri\":\"client:alice\"}",
            "date_status_changed": 5, "version": "3"}))
        .unwrap();
        assert_eq!(w.name, "alice");
        assert_eq!(w.attributes["contact_uri"], "client:alice");
        let a =
            parse_activity(&json!({"sid": "WA2", "friendly_name": "Available", "available": true}))
                .unwrap();
        assert!(a.available);
        let c = parse_channel(
            &json!({"sid": "WC1", "task_channel_unique_name": "voice", "configured_capacity": 1,
            "available": true, "assigned_tasks": 0, "available_capacity_percentage": 100}),
        )
        .unwrap();
        assert_eq!(c.capacity, 1);
        assert!(parse_worker(&json!({})).is_err());
    }
}
