//! Event-bridge payload shapes: snake_case, epoch-second dates, JSON-string attributes,
//! string versions (PROTOCOL.md §5.2).

use serde_json::{json, Value};

use crate::state::{Activity, Reservation, State, Task, TaskQueue, Worker, WorkerChannel};
use crate::time::now;

/// A worker.
pub fn worker(state: &State, w: &Worker) -> Value {
    let activity = state.activity_of(w);
    json!({
        "account_sid": state.account.sid,
        "activity_name": activity.map(|a| a.friendly_name.as_str()),
        "activity_sid": w.activity_sid,
        "attributes": w.attributes.to_string(),
        "available": activity.is_some_and(|a| a.available),
        "date_created": w.created,
        "date_status_changed": w.status_changed,
        "date_updated": w.updated,
        "friendly_name": w.friendly_name,
        "sid": w.sid,
        "workspace_sid": state.workspace.sid,
        "version": w.version.to_string(),
    })
}

/// An activity.
pub fn activity(state: &State, a: &Activity) -> Value {
    json!({
        "account_sid": state.account.sid,
        "available": a.available,
        "date_created": a.created,
        "date_updated": a.updated,
        "friendly_name": a.friendly_name,
        "sid": a.sid,
        "workspace_sid": state.workspace.sid,
    })
}

/// A worker channel, with its live load.
pub fn worker_channel(state: &State, c: &WorkerChannel) -> Value {
    let assigned = state.assigned_tasks(&c.worker_sid, &c.task_channel_sid);
    let free = c.capacity.saturating_sub(assigned);
    let percentage = free
        .saturating_mul(100)
        .checked_div(c.capacity)
        .unwrap_or(0);
    json!({
        "account_sid": state.account.sid,
        "assigned_tasks": assigned,
        "available": c.available,
        "available_capacity_percentage": percentage,
        "configured_capacity": c.capacity,
        "date_created": c.created,
        "date_updated": c.updated,
        "last_reserved_time": c.last_reserved,
        "sid": c.sid,
        "task_channel_sid": c.task_channel_sid,
        "task_channel_unique_name": c.unique_name,
        "worker_sid": c.worker_sid,
        "workspace_sid": state.workspace.sid,
    })
}

/// A task.
pub fn task(state: &State, t: &Task) -> Value {
    let queue = t
        .queue_sid
        .as_ref()
        .and_then(|q| state.queues.iter().find(|x| &x.sid == q));
    let workflow = t
        .workflow_sid
        .as_ref()
        .and_then(|w| state.workflows.iter().find(|x| &x.sid == w));
    json!({
        "sid": t.sid,
        "account_sid": state.account.sid,
        "workspace_sid": state.workspace.sid,
        "addons": "{}",
        "age": now().saturating_sub(t.created),
        "assignment_status": t.status.as_str(),
        "attributes": t.attributes.to_string(),
        "date_created": t.created,
        "date_updated": t.updated,
        "priority": t.priority,
        "queue_name": queue.map(|q| q.friendly_name.as_str()),
        "queue_sid": t.queue_sid,
        "reason": t.reason,
        "routing_target": t.routing_target,
        "task_channel_sid": t.task_channel_sid,
        "task_channel_unique_name": t.task_channel_unique_name,
        "timeout": t.timeout,
        "version": t.version.to_string(),
        "virtual_start_time": t.virtual_start,
        "workflow_name": workflow.map(|w| w.friendly_name.as_str()),
        "workflow_sid": t.workflow_sid,
    })
}

/// A reservation with its task embedded.
pub fn reservation(state: &State, r: &Reservation) -> Value {
    let task = state
        .tasks
        .iter()
        .find(|t| t.sid == r.task_sid)
        .map(|t| task(state, t));
    json!({
        "sid": r.sid,
        "account_sid": state.account.sid,
        "workspace_sid": state.workspace.sid,
        "worker_sid": r.worker_sid,
        "task_sid": r.task_sid,
        "reservation_status": r.status.as_str(),
        "reservation_timeout": r.timeout_secs,
        "canceled_reason_code": r.canceled_reason_code,
        "date_created": r.created,
        "date_updated": r.updated,
        "version": r.version.to_string(),
        "task": task,
    })
}

/// A task queue.
pub fn task_queue(state: &State, q: &TaskQueue) -> Value {
    let name = |sid: &Option<String>| {
        sid.as_ref()
            .and_then(|s| state.activities.iter().find(|a| &a.sid == s))
            .map(|a| a.friendly_name.clone())
    };
    json!({
        "sid": q.sid,
        "account_sid": state.account.sid,
        "workspace_sid": state.workspace.sid,
        "friendly_name": q.friendly_name,
        "target_workers": q.target_workers,
        "max_reserved_workers": q.max_reserved_workers,
        "task_order": q.task_order,
        "lifo_queue": q.task_order == "LIFO",
        "reservation_activity_sid": q.reservation_activity_sid,
        "reservation_activity_name": name(&q.reservation_activity_sid),
        "assignment_activity_sid": q.assignment_activity_sid,
        "assignment_activity_name": name(&q.assignment_activity_sid),
        "date_created": q.created,
        "date_updated": q.updated,
    })
}
