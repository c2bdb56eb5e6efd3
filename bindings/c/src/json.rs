//! The JSON documents the C API returns (schema: `bindings/c/README.md`).

use flex_core::{
    Activity, ConnectionState, Reservation, ReservationStatus, Task, TaskStatus, TokenInfo, Worker,
    WorkerChannel,
};
use serde_json::{json, Value};

/// The wire name of a connection state, e.g. `"connected"`.
pub(crate) fn connection_state_name(s: ConnectionState) -> &'static str {
    match s {
        ConnectionState::Connecting => "connecting",
        ConnectionState::Connected => "connected",
        ConnectionState::Reconnecting => "reconnecting",
        ConnectionState::Disconnected => "disconnected",
        ConnectionState::TokenExpired => "token_expired",
    }
}

fn task_status(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Pending => "pending",
        TaskStatus::Reserved => "reserved",
        TaskStatus::Assigned => "assigned",
        TaskStatus::Canceled => "canceled",
        TaskStatus::Completed => "completed",
        TaskStatus::Wrapping => "wrapping",
    }
}

fn reservation_status(s: ReservationStatus) -> &'static str {
    match s {
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

fn activity(a: &Activity) -> Value {
    json!({"sid": a.sid, "name": a.name, "available": a.available, "is_current": a.is_current})
}

fn channel(c: &WorkerChannel) -> Value {
    json!({
        "sid": c.sid,
        "task_channel_sid": c.task_channel_sid,
        "task_channel_unique_name": c.task_channel_unique_name,
        "available": c.available,
        "capacity": c.capacity,
        "assigned_tasks": c.assigned_tasks,
        "available_capacity_percentage": c.available_capacity_percentage,
    })
}

/// A task snapshot.
pub(crate) fn task(t: &Task) -> Value {
    json!({
        "sid": t.sid,
        "status": task_status(t.status),
        "attributes": t.attributes,
        "age": t.age,
        "priority": t.priority,
        "queue_sid": t.queue_sid,
        "queue_name": t.queue_name,
        "workflow_sid": t.workflow_sid,
        "workflow_name": t.workflow_name,
        "task_channel_sid": t.task_channel_sid,
        "task_channel_unique_name": t.task_channel_unique_name,
        "timeout": t.timeout,
        "reason": t.reason,
        "routing_target": t.routing_target,
        "date_created": t.date_created,
        "date_updated": t.date_updated,
        "version": t.version,
        "transfers": crate::json_tasks::transfers(&t.transfers),
    })
}

/// A reservation snapshot, with its task.
pub(crate) fn reservation(r: &Reservation) -> Value {
    json!({
        "sid": r.sid,
        "status": reservation_status(r.status),
        "worker_sid": r.worker_sid,
        "task": task(&r.task),
        "timeout": r.timeout,
        "canceled_reason_code": r.canceled_reason_code,
        "date_created": r.date_created,
        "date_updated": r.date_updated,
        "version": r.version,
    })
}

/// A worker snapshot, with its activities, channels and active reservations.
pub(crate) fn worker(w: &Worker) -> Value {
    json!({
        "sid": w.sid,
        "name": w.name,
        "account_sid": w.account_sid,
        "workspace_sid": w.workspace_sid,
        "activity_sid": w.activity_sid,
        "activity_name": w.activity_name,
        "available": w.available,
        "attributes": w.attributes,
        "date_status_changed": w.date_status_changed,
        "version": w.version,
        "activities": w.activities.iter().map(activity).collect::<Vec<_>>(),
        "channels": w.channels.iter().map(channel).collect::<Vec<_>>(),
        "reservations": w.reservations.iter().map(reservation).collect::<Vec<_>>(),
    })
}

/// Token information.
pub(crate) fn token_info(t: &TokenInfo) -> Value {
    json!({
        "identity": t.identity,
        "roles": t.roles,
        "worker_sid": t.worker_sid,
        "account_sid": t.account_sid,
        "flex_instance_sid": t.flex_instance_sid,
        "flex_user_sid": t.flex_user_sid,
        "expires_at": t.expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_info_has_every_field() {
        let t = TokenInfo {
            identity: "alice".into(),
            roles: vec!["agent".into()],
            expires_at: 7,
            ..TokenInfo::default()
        };
        let v = token_info(&t);
        assert_eq!(v["identity"], "alice");
        assert_eq!(v["roles"][0], "agent");
        assert_eq!(v["worker_sid"], Value::Null);
        assert_eq!(v["expires_at"], 7);
    }
}
