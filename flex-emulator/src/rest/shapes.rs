//! Public TaskRouter v1 JSON shapes (TWILIO-REST.md §1): ISO 8601 dates, `url`, `links`.

use serde_json::{json, Value};

use crate::state::{
    Activity, Reservation, State, Task, TaskChannel, TaskQueue, Worker, WorkerChannel, Workflow,
};
use crate::time::{iso8601, now};

fn ws_url(s: &State) -> String {
    format!("{}/v1/Workspaces/{}", s.account.base_url, s.workspace.sid)
}

fn activity_name(s: &State, sid: Option<&String>) -> Option<String> {
    let sid = sid?;
    s.activities
        .iter()
        .find(|a| &a.sid == sid)
        .map(|a| a.friendly_name.clone())
}

/// The workspace.
pub fn workspace(s: &State) -> Value {
    let base = ws_url(s);
    json!({
        "account_sid": s.account.sid,
        "date_created": iso8601(s.workspace.created),
        "date_updated": iso8601(s.workspace.created),
        "default_activity_name": activity_name(s, Some(&s.workspace.default_activity_sid)),
        "default_activity_sid": s.workspace.default_activity_sid,
        "event_callback_url": null,
        "events_filter": null,
        "friendly_name": s.workspace.friendly_name,
        "multi_task_enabled": true,
        "sid": s.workspace.sid,
        "timeout_activity_name": activity_name(s, Some(&s.workspace.timeout_activity_sid)),
        "timeout_activity_sid": s.workspace.timeout_activity_sid,
        "prioritize_queue_order": "FIFO",
        "url": base,
        "links": {
            "activities": format!("{base}/Activities"),
            "task_channels": format!("{base}/TaskChannels"),
            "task_queues": format!("{base}/TaskQueues"),
            "tasks": format!("{base}/Tasks"),
            "workers": format!("{base}/Workers"),
            "workflows": format!("{base}/Workflows"),
        }
    })
}

/// An activity.
pub fn activity(s: &State, a: &Activity) -> Value {
    json!({
        "account_sid": s.account.sid,
        "available": a.available,
        "date_created": iso8601(a.created),
        "date_updated": iso8601(a.updated),
        "friendly_name": a.friendly_name,
        "sid": a.sid,
        "workspace_sid": s.workspace.sid,
        "url": format!("{}/Activities/{}", ws_url(s), a.sid),
        "links": {"workspace": ws_url(s)},
    })
}

/// A task channel.
pub fn task_channel(s: &State, c: &TaskChannel) -> Value {
    json!({
        "account_sid": s.account.sid,
        "date_created": iso8601(c.created),
        "date_updated": iso8601(c.created),
        "friendly_name": c.friendly_name,
        "sid": c.sid,
        "unique_name": c.unique_name,
        "workspace_sid": s.workspace.sid,
        "channel_optimized_routing": null,
        "url": format!("{}/TaskChannels/{}", ws_url(s), c.sid),
        "links": {"workspace": ws_url(s)},
    })
}

/// A worker.
pub fn worker(s: &State, w: &Worker) -> Value {
    let url = format!("{}/Workers/{}", ws_url(s), w.sid);
    json!({
        "account_sid": s.account.sid,
        "activity_name": activity_name(s, Some(&w.activity_sid)),
        "activity_sid": w.activity_sid,
        "attributes": w.attributes.to_string(),
        "available": s.is_available(w),
        "date_created": iso8601(w.created),
        "date_status_changed": iso8601(w.status_changed),
        "date_updated": iso8601(w.updated),
        "friendly_name": w.friendly_name,
        "sid": w.sid,
        "workspace_sid": s.workspace.sid,
        "url": url,
        "links": {
            "channels": format!("{url}/Channels"),
            "reservations": format!("{url}/Reservations"),
            "worker_channels": format!("{url}/Channels"),
            "worker_statistics": format!("{url}/Statistics"),
            "workspace": ws_url(s),
            "activity": format!("{}/Activities/{}", ws_url(s), w.activity_sid),
        },
    })
}

/// A worker channel.
pub fn worker_channel(s: &State, c: &WorkerChannel) -> Value {
    let assigned = s.assigned_tasks(&c.worker_sid, &c.task_channel_sid);
    let free = c.capacity.saturating_sub(assigned);
    json!({
        "account_sid": s.account.sid,
        "assigned_tasks": assigned,
        "available": c.available,
        "available_capacity_percentage": free.saturating_mul(100).checked_div(c.capacity).unwrap_or(0),
        "configured_capacity": c.capacity,
        "date_created": iso8601(c.created),
        "date_updated": iso8601(c.updated),
        "sid": c.sid,
        "task_channel_sid": c.task_channel_sid,
        "task_channel_unique_name": c.unique_name,
        "worker_sid": c.worker_sid,
        "workspace_sid": s.workspace.sid,
        "url": format!("{}/Workers/{}/Channels/{}", ws_url(s), c.worker_sid, c.sid),
        "links": {"workspace": ws_url(s), "worker": format!("{}/Workers/{}", ws_url(s), c.worker_sid)},
    })
}

/// A task queue.
pub fn task_queue(s: &State, q: &TaskQueue) -> Value {
    let url = format!("{}/TaskQueues/{}", ws_url(s), q.sid);
    json!({
        "account_sid": s.account.sid,
        "assignment_activity_sid": q.assignment_activity_sid,
        "assignment_activity_name": activity_name(s, q.assignment_activity_sid.as_ref()),
        "date_created": iso8601(q.created),
        "date_updated": iso8601(q.updated),
        "friendly_name": q.friendly_name,
        "max_reserved_workers": q.max_reserved_workers,
        "reservation_activity_sid": q.reservation_activity_sid,
        "reservation_activity_name": activity_name(s, q.reservation_activity_sid.as_ref()),
        "sid": q.sid,
        "target_workers": q.target_workers,
        "task_order": q.task_order,
        "event_callback_url": null,
        "workspace_sid": s.workspace.sid,
        "url": url,
        "links": {
            "assignment_activity": q.assignment_activity_sid.as_ref().map(|a| format!("{}/Activities/{a}", ws_url(s))),
            "reservation_activity": q.reservation_activity_sid.as_ref().map(|a| format!("{}/Activities/{a}", ws_url(s))),
            "workspace": ws_url(s),
            "statistics": format!("{url}/Statistics"),
        },
    })
}

/// A workflow.
pub fn workflow(s: &State, w: &Workflow) -> Value {
    json!({
        "account_sid": s.account.sid,
        "assignment_callback_url": w.assignment_callback_url,
        "configuration": w.configuration,
        "date_created": iso8601(w.created),
        "date_updated": iso8601(w.updated),
        "document_content_type": "application/json",
        "fallback_assignment_callback_url": null,
        "friendly_name": w.friendly_name,
        "sid": w.sid,
        "task_reservation_timeout": w.reservation_timeout.as_secs(),
        "workspace_sid": s.workspace.sid,
        "url": format!("{}/Workflows/{}", ws_url(s), w.sid),
        "links": {"workspace": ws_url(s), "statistics": format!("{}/Workflows/{}/Statistics", ws_url(s), w.sid)},
    })
}

/// A task.
pub fn task(s: &State, t: &Task) -> Value {
    let url = format!("{}/Tasks/{}", ws_url(s), t.sid);
    let queue = t
        .queue_sid
        .as_ref()
        .and_then(|q| s.queues.iter().find(|x| &x.sid == q));
    let workflow = t
        .workflow_sid
        .as_ref()
        .and_then(|w| s.workflows.iter().find(|x| &x.sid == w));
    json!({
        "account_sid": s.account.sid,
        "age": now().saturating_sub(t.created),
        "assignment_status": t.status.as_str(),
        "attributes": t.attributes.to_string(),
        "addons": "{}",
        "date_created": iso8601(t.created),
        "date_updated": iso8601(t.updated),
        "task_queue_entered_date": t.queue_entered.map(iso8601),
        "priority": t.priority,
        "reason": t.reason,
        "sid": t.sid,
        "task_queue_sid": t.queue_sid,
        "task_queue_friendly_name": queue.map(|q| q.friendly_name.as_str()),
        "task_channel_sid": t.task_channel_sid,
        "task_channel_unique_name": t.task_channel_unique_name,
        "timeout": t.timeout,
        "workflow_sid": t.workflow_sid,
        "workflow_friendly_name": workflow.map(|w| w.friendly_name.as_str()),
        "workspace_sid": s.workspace.sid,
        "virtual_start_time": iso8601(t.virtual_start),
        "ignore_capacity": false,
        "routing_target": t.routing_target,
        "url": url,
        "links": {
            "reservations": format!("{url}/Reservations"),
            "task_queue": t.queue_sid.as_ref().map(|q| format!("{}/TaskQueues/{q}", ws_url(s))),
            "workflow": t.workflow_sid.as_ref().map(|w| format!("{}/Workflows/{w}", ws_url(s))),
            "workspace": ws_url(s),
        },
    })
}

/// A reservation.
pub fn reservation(s: &State, r: &Reservation) -> Value {
    let worker_name = s
        .workers
        .iter()
        .find(|w| w.sid == r.worker_sid)
        .map(|w| w.friendly_name.as_str());
    json!({
        "account_sid": s.account.sid,
        "date_created": iso8601(r.created),
        "date_updated": iso8601(r.updated),
        "reservation_status": r.status.as_str(),
        "sid": r.sid,
        "task_sid": r.task_sid,
        "worker_name": worker_name,
        "worker_sid": r.worker_sid,
        "workspace_sid": s.workspace.sid,
        "url": format!("{}/Tasks/{}/Reservations/{}", ws_url(s), r.task_sid, r.sid),
        "links": {
            "task": format!("{}/Tasks/{}", ws_url(s), r.task_sid),
            "worker": format!("{}/Workers/{}", ws_url(s), r.worker_sid),
            "workspace": ws_url(s),
        },
    })
}
