//! Parsing task and reservation payloads (event-bridge format, PROTOCOL.md §5.2).

use serde_json::Value;

use super::{Reservation, ReservationStatus, Task, TaskStatus, TaskTransfer, Transfers};
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::wire::{attributes, date, opt_i64, opt_str, str_or_empty, u64_or_zero};

impl TaskStatus {
    /// Parses a wire status (`pending`, `reserved`, …).
    pub(crate) fn parse(s: &str) -> Option<TaskStatus> {
        Some(match s {
            "pending" => TaskStatus::Pending,
            "reserved" => TaskStatus::Reserved,
            "assigned" => TaskStatus::Assigned,
            "canceled" => TaskStatus::Canceled,
            "completed" => TaskStatus::Completed,
            "wrapping" => TaskStatus::Wrapping,
            _ => return None,
        })
    }
}

impl ReservationStatus {
    /// Parses a wire status (`pending`, `accepted`, …).
    pub(crate) fn parse(s: &str) -> Option<ReservationStatus> {
        Some(match s {
            "pending" => ReservationStatus::Pending,
            "accepted" => ReservationStatus::Accepted,
            "rejected" => ReservationStatus::Rejected,
            "timeout" => ReservationStatus::Timeout,
            "canceled" => ReservationStatus::Canceled,
            "rescinded" => ReservationStatus::Rescinded,
            "wrapping" | "wrapup" => ReservationStatus::Wrapping,
            "completed" => ReservationStatus::Completed,
            _ => return None,
        })
    }

    /// The wire name (`pending`, `accepted`, …).
    pub(crate) fn as_wire(self) -> &'static str {
        match self {
            ReservationStatus::Pending => "pending",
            ReservationStatus::Accepted => "accepted",
            ReservationStatus::Rejected => "rejected",
            ReservationStatus::Timeout => "timeout",
            ReservationStatus::Canceled => "canceled",
            ReservationStatus::Rescinded => "rescinded",
            ReservationStatus::Wrapping => "wrapping",
            ReservationStatus::Completed => "completed",
        }
    }
}

fn bad(what: &str) -> FlexSdkError {
    FlexSdkError::new(
        ErrorCode::UnexpectedError,
        format!("malformed payload: {what}"),
    )
}

/// A task payload.
pub(crate) fn parse_task(v: &Value) -> Result<Task> {
    let sid = opt_str(v, "sid").ok_or_else(|| bad("task without sid"))?;
    let status = opt_str(v, "assignment_status")
        .and_then(|s| TaskStatus::parse(&s))
        .ok_or_else(|| bad("task without a known assignment_status"))?;
    Ok(Task {
        sid,
        status,
        attributes: attributes(v, "attributes"),
        age: u64_or_zero(v, "age"),
        priority: opt_i64(v, "priority").unwrap_or(0),
        queue_sid: opt_str(v, "queue_sid").or_else(|| opt_str(v, "task_queue_sid")),
        queue_name: opt_str(v, "queue_name").or_else(|| opt_str(v, "task_queue_friendly_name")),
        workflow_sid: opt_str(v, "workflow_sid"),
        workflow_name: opt_str(v, "workflow_name").or_else(|| opt_str(v, "workflow_friendly_name")),
        task_channel_sid: opt_str(v, "task_channel_sid"),
        task_channel_unique_name: opt_str(v, "task_channel_unique_name"),
        timeout: u64_or_zero(v, "timeout"),
        reason: opt_str(v, "reason"),
        routing_target: opt_str(v, "routing_target"),
        date_created: date(v, "date_created"),
        date_updated: date(v, "date_updated"),
        version: str_or_empty(v, "version"),
        transfers: Transfers::default(),
    })
}

/// A transfer payload (PROTOCOL.md §5.2 Transfer); `None` when absent or without a sid.
fn parse_transfer(v: Option<&Value>) -> Option<TaskTransfer> {
    let v = v.filter(|v| v.is_object())?;
    Some(TaskTransfer {
        sid: opt_str(v, "sid")?,
        mode: str_or_empty(v, "transfer_mode"),
        transfer_type: str_or_empty(v, "transfer_type"),
        status: str_or_empty(v, "transfer_status"),
        to: str_or_empty(v, "transfer_to"),
        reservation_sid: opt_str(v, "initiating_reservation_sid"),
        worker_sid: opt_str(v, "initiating_worker_sid"),
        failed_reason: opt_str(v, "transfer_failed_reason"),
        date_created: date(v, "date_created"),
        date_updated: date(v, "date_updated"),
    })
}

/// A reservation payload (with its nested `task`).
pub(crate) fn parse_reservation(v: &Value) -> Result<Reservation> {
    let sid = opt_str(v, "sid").ok_or_else(|| bad("reservation without sid"))?;
    let status = opt_str(v, "reservation_status")
        .and_then(|s| ReservationStatus::parse(&s))
        .ok_or_else(|| bad("reservation without a known reservation_status"))?;
    let mut task = parse_task(
        v.get("task")
            .ok_or_else(|| bad("reservation without task"))?,
    )?;
    task.transfers = Transfers {
        incoming: parse_transfer(v.get("task_transfer")),
        outgoing: parse_transfer(v.get("active_outgoing_task_transfer")),
    };
    Ok(Reservation {
        sid,
        status,
        worker_sid: str_or_empty(v, "worker_sid"),
        task,
        timeout: opt_i64(v, "reservation_timeout")
            .or_else(|| opt_i64(v, "timeout"))
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0),
        canceled_reason_code: opt_i64(v, "canceled_reason_code"),
        date_created: date(v, "date_created"),
        date_updated: date(v, "date_updated"),
        version: str_or_empty(v, "version"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_a_reservation_with_its_task() {
        let r = parse_reservation(&json!({
            "sid": "WR1", "reservation_status": "pending", "worker_sid": "WK1", "reservation_timeout": 120,
            "date_created": 100, "date_updated": 101, "version": "0",
            "task": {"sid": "WT1", "assignment_status": "reserved", "attributes": "{\"a\":1}", "age": 3,
                     "priority": 0, "queue_sid": "WQ1", "task_channel_unique_name": "chat", "timeout": 86400,
                     "date_created": 99, "date_updated": 100, "version": "1"}
        }))
        .unwrap();
        assert_eq!(r.status, ReservationStatus::Pending);
        assert_eq!(r.timeout, 120);
        assert_eq!(r.task.status, TaskStatus::Reserved);
        assert_eq!(r.task.attributes, json!({"a": 1}));
        assert_eq!(r.task.task_channel_unique_name.as_deref(), Some("chat"));
        assert_eq!(r.task.transfers, Transfers::default());
    }

    #[test]
    fn parses_transfers() {
        let r = parse_reservation(&json!({"sid": "WR1", "reservation_status": "pending",
            "task": {"sid": "WT1", "assignment_status": "reserved"},
            "task_transfer": {"sid": "TT1", "transfer_mode": "COLD", "transfer_type": "WORKER",
                "transfer_status": "initiated", "transfer_to": "WK2", "initiating_worker_sid": "WK1"},
            "active_outgoing_task_transfer": "nonsense"}))
        .unwrap();
        let incoming = r.task.transfers.incoming.unwrap();
        assert_eq!((incoming.sid.as_str(), incoming.mode.as_str()), ("TT1", "COLD"));
        assert_eq!(incoming.worker_sid.as_deref(), Some("WK1"));
        assert!(r.task.transfers.outgoing.is_none());
    }

    #[test]
    fn rejects_malformed_payloads_without_panicking() {
        assert!(parse_reservation(&json!({})).is_err());
        assert!(parse_reservation(
            &json!({"sid": "WR1", "reservation_status": "weird", "task": {}})
        )
        .is_err());
        assert!(parse_task(&json!(42)).is_err());
    }
}
