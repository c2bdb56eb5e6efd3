//! Parsing worker and task-queue list items (event-bridge format).

use serde_json::Value;

use super::{TaskQueue, WorkerInfo};
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::wire::{attributes, bool_or_false, date, opt_str, str_or_empty, u64_or_zero};

fn bad(what: &str) -> FlexSdkError {
    FlexSdkError::new(ErrorCode::UnexpectedError, format!("malformed payload: {what}"))
}

/// A worker payload as a [`WorkerInfo`].
pub(crate) fn parse_worker_info(v: &Value) -> Result<WorkerInfo> {
    Ok(WorkerInfo {
        sid: opt_str(v, "sid").ok_or_else(|| bad("worker without sid"))?,
        name: str_or_empty(v, "friendly_name"),
        account_sid: str_or_empty(v, "account_sid"),
        workspace_sid: str_or_empty(v, "workspace_sid"),
        activity_sid: str_or_empty(v, "activity_sid"),
        activity_name: str_or_empty(v, "activity_name"),
        available: bool_or_false(v, "available"),
        attributes: attributes(v, "attributes"),
        date_created: date(v, "date_created"),
        date_updated: date(v, "date_updated"),
        date_status_changed: date(v, "date_status_changed"),
        version: str_or_empty(v, "version"),
    })
}

/// A task-queue payload.
pub(super) fn parse_task_queue(v: &Value) -> Result<TaskQueue> {
    Ok(TaskQueue {
        sid: opt_str(v, "sid").ok_or_else(|| bad("task queue without sid"))?,
        name: str_or_empty(v, "friendly_name"),
        target_workers: str_or_empty(v, "target_workers"),
        max_reserved_workers: u32::try_from(u64_or_zero(v, "max_reserved_workers")).unwrap_or(u32::MAX),
        task_order: opt_str(v, "task_order").unwrap_or_else(|| "FIFO".into()),
        reservation_activity_sid: opt_str(v, "reservation_activity_sid"),
        reservation_activity_name: opt_str(v, "reservation_activity_name"),
        assignment_activity_sid: opt_str(v, "assignment_activity_sid"),
        assignment_activity_name: opt_str(v, "assignment_activity_name"),
        date_created: date(v, "date_created"),
        date_updated: date(v, "date_updated"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_worker_info_and_queue() {
        let w = parse_worker_info(&json!({"sid": "WK1", "friendly_name": "bob", "attributes": "{\"a\":1}", "available": true})).unwrap();
        assert_eq!((w.name.as_str(), w.attributes["a"].as_i64()), ("bob", Some(1)));
        let q = parse_task_queue(&json!({"sid": "WQ1", "friendly_name": "voice", "max_reserved_workers": 2})).unwrap();
        assert_eq!((q.max_reserved_workers, q.task_order.as_str()), (2, "FIFO"));
        assert!(parse_worker_info(&json!({})).is_err());
        assert!(parse_task_queue(&json!(1)).is_err());
    }
}
