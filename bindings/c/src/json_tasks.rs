//! JSON documents for transfers, task participants and workspace queries (schema: `bindings/c/README.md`).

use flex_core::{
    ParticipantEventKind, ParticipantType, TaskParticipant, TaskParticipantEvent, TaskQueue, TaskTransfer, Transfers,
    WorkerInfo,
};
use serde_json::{json, Value};

fn transfer(t: &TaskTransfer) -> Value {
    json!({
        "sid": t.sid,
        "mode": t.mode,
        "transfer_type": t.transfer_type,
        "status": t.status,
        "to": t.to,
        "reservation_sid": t.reservation_sid,
        "worker_sid": t.worker_sid,
        "failed_reason": t.failed_reason,
        "date_created": t.date_created,
        "date_updated": t.date_updated,
    })
}

/// A task's transfers: `{"incoming": …|null, "outgoing": …|null}`.
pub(crate) fn transfers(t: &Transfers) -> Value {
    json!({
        "incoming": t.incoming.as_ref().map(transfer),
        "outgoing": t.outgoing.as_ref().map(transfer),
    })
}

fn participant_type(t: ParticipantType) -> &'static str {
    match t {
        ParticipantType::Agent => "agent",
        ParticipantType::Customer => "customer",
        ParticipantType::Supervisor => "supervisor",
        ParticipantType::External => "external",
        ParticipantType::Unknown => "unknown",
    }
}

fn event_kind(k: ParticipantEventKind) -> &'static str {
    match k {
        ParticipantEventKind::Added => "added",
        ParticipantEventKind::Removed => "removed",
        ParticipantEventKind::Modified => "modified",
        ParticipantEventKind::AddFailed => "add_failed",
        ParticipantEventKind::RemoveFailed => "remove_failed",
        ParticipantEventKind::ModifyFailed => "modify_failed",
    }
}

/// A task participant.
pub(crate) fn participant(p: &TaskParticipant) -> Value {
    json!({
        "participant_sid": p.participant_sid,
        "type": participant_type(p.participant_type),
        "channel_type": p.channel_type,
        "channel_sid": p.channel_sid,
        "interaction_sid": p.interaction_sid,
        "routing_properties": p.routing_properties.as_ref().map(|r| json!({
            "task_sid": r.task_sid, "worker_sid": r.worker_sid, "reservation_sid": r.reservation_sid,
        })),
        "media_properties": p.media_properties,
        "is_on_hold": p.is_on_hold,
        "error": p.error.as_ref().map(|e| json!({"message": e.message, "code": e.code})),
    })
}

/// A participant event: `{kind, task_sid, task|null, participant}`.
pub(crate) fn participant_event(e: &TaskParticipantEvent) -> Value {
    json!({
        "kind": event_kind(e.kind),
        "task_sid": e.task_sid,
        "task": e.task.as_ref().map(crate::json::task),
        "participant": participant(&e.participant),
    })
}

/// A worker of the workspace.
pub(crate) fn worker_info(w: &WorkerInfo) -> Value {
    json!({
        "sid": w.sid,
        "name": w.name,
        "account_sid": w.account_sid,
        "workspace_sid": w.workspace_sid,
        "activity_sid": w.activity_sid,
        "activity_name": w.activity_name,
        "available": w.available,
        "attributes": w.attributes,
        "date_created": w.date_created,
        "date_updated": w.date_updated,
        "date_status_changed": w.date_status_changed,
        "version": w.version,
    })
}

/// A task queue.
pub(crate) fn task_queue(q: &TaskQueue) -> Value {
    json!({
        "sid": q.sid,
        "name": q.name,
        "target_workers": q.target_workers,
        "max_reserved_workers": q.max_reserved_workers,
        "task_order": q.task_order,
        "reservation_activity_sid": q.reservation_activity_sid,
        "reservation_activity_name": q.reservation_activity_name,
        "assignment_activity_sid": q.assignment_activity_sid,
        "assignment_activity_name": q.assignment_activity_name,
        "date_created": q.date_created,
        "date_updated": q.date_updated,
    })
}
