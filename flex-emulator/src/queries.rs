//! List filters shared by the public REST API and the event-bridge tunnel.

use crate::errors::{ApiError, ApiResult};
use crate::expr::{Expr, Scope};
use crate::params::Params;
use crate::state::{Reservation, State, Task, TaskQueue, Worker};

/// Workers matching `FriendlyName`, `ActivitySid`, `ActivityName`, `Available`,
/// `TargetWorkersExpression`, `TaskQueueSid`/`TaskQueueName`.
pub fn workers<'a>(state: &'a State, params: &Params) -> ApiResult<Vec<&'a Worker>> {
    let expression = params
        .get("TargetWorkersExpression")
        .map(|e| {
            Expr::parse(e)
                .map_err(|m| ApiError::bad_request(format!("Invalid TargetWorkersExpression: {m}")))
        })
        .transpose()?;
    let queue = match (params.get("TaskQueueSid"), params.get("TaskQueueName")) {
        (Some(sid), _) => Some(crate::state::find(&state.queues, sid)?),
        (None, Some(name)) => state.queues.iter().find(|q| q.friendly_name == name),
        _ => None,
    };
    let available = params.bool("Available")?;
    Ok(state
        .workers
        .iter()
        .filter(|w| {
            params
                .get("FriendlyName")
                .is_none_or(|n| w.friendly_name == n)
        })
        .filter(|w| {
            params
                .get("ActivitySid")
                .is_none_or(|a| w.activity_sid == a)
        })
        .filter(|w| {
            params
                .get("ActivityName")
                .is_none_or(|n| state.activity_of(w).is_some_and(|a| a.friendly_name == n))
        })
        .filter(|w| available.is_none_or(|a| state.is_available(w) == a))
        .filter(|w| {
            let scope = Scope {
                root: &w.attributes,
                task: None,
                worker: Some(&w.attributes),
            };
            expression.as_ref().is_none_or(|e| e.eval(&scope))
                && queue.is_none_or(|q| crate::expr::matches(&q.target_workers, &scope))
        })
        .collect())
}

/// Tasks matching `AssignmentStatus` (repeatable), `WorkflowSid`, `WorkflowName`, `TaskQueueSid`,
/// `TaskQueueName`, `Priority`, `RoutingTarget`, `EvaluateTaskAttributes`.
pub fn tasks<'a>(state: &'a State, params: &Params) -> ApiResult<Vec<&'a Task>> {
    let statuses = params.all("AssignmentStatus");
    let priority = params.int::<i64>("Priority")?;
    let expression = params
        .get("EvaluateTaskAttributes")
        .map(|e| {
            Expr::parse(e)
                .map_err(|m| ApiError::bad_request(format!("Invalid EvaluateTaskAttributes: {m}")))
        })
        .transpose()?;
    let queue_name = |t: &Task| -> Option<&str> {
        let sid = t.queue_sid.as_ref()?;
        state
            .queues
            .iter()
            .find(|q| &q.sid == sid)
            .map(|q| q.friendly_name.as_str())
    };
    let workflow_name = |t: &Task| -> Option<&str> {
        let sid = t.workflow_sid.as_ref()?;
        state
            .workflows
            .iter()
            .find(|w| &w.sid == sid)
            .map(|w| w.friendly_name.as_str())
    };
    Ok(state
        .tasks
        .iter()
        .filter(|t| {
            statuses.is_empty()
                || statuses
                    .iter()
                    .any(|s| s.split(',').any(|s| s.trim() == t.status.as_str()))
        })
        .filter(|t| priority.is_none_or(|p| t.priority == p))
        .filter(|t| {
            params
                .get("WorkflowSid")
                .is_none_or(|w| t.workflow_sid.as_deref() == Some(w))
        })
        .filter(|t| {
            params
                .get("WorkflowName")
                .is_none_or(|n| workflow_name(t) == Some(n))
        })
        .filter(|t| {
            params
                .get("TaskQueueSid")
                .is_none_or(|q| t.queue_sid.as_deref() == Some(q))
        })
        .filter(|t| {
            params
                .get("TaskQueueName")
                .is_none_or(|n| queue_name(t) == Some(n))
        })
        .filter(|t| {
            params
                .get("RoutingTarget")
                .is_none_or(|r| t.routing_target.as_deref() == Some(r))
        })
        .filter(|t| {
            let scope = Scope {
                root: &t.attributes,
                task: Some(&t.attributes),
                worker: None,
            };
            expression.as_ref().is_none_or(|e| e.eval(&scope))
        })
        .collect())
}

/// Reservations of a worker or task, filtered by `ReservationStatus` or (`Active=true`)
/// to pending, accepted and wrapping.
pub fn reservations<'a>(
    state: &'a State,
    params: &Params,
    keep: impl Fn(&Reservation) -> bool,
) -> ApiResult<Vec<&'a Reservation>> {
    let active = params.bool("Active")?.unwrap_or(false);
    let status = params.get("ReservationStatus");
    Ok(state
        .reservations
        .iter()
        .filter(|r| keep(r))
        .filter(|r| !active || r.status.is_active())
        .filter(|r| status.is_none_or(|s| r.status.as_str() == s))
        .collect())
}

/// Task queues matching `FriendlyName` and `WorkerSid` (queues the worker qualifies for).
pub fn task_queues<'a>(state: &'a State, params: &Params) -> ApiResult<Vec<&'a TaskQueue>> {
    let worker = params
        .get("WorkerSid")
        .map(|sid| crate::state::find(&state.workers, sid))
        .transpose()?;
    Ok(state
        .queues
        .iter()
        .filter(|q| {
            params
                .get("FriendlyName")
                .is_none_or(|n| q.friendly_name == n)
        })
        .filter(|q| {
            worker.is_none_or(|w| {
                let scope = Scope {
                    root: &w.attributes,
                    task: None,
                    worker: Some(&w.attributes),
                };
                crate::expr::matches(&q.target_workers, &scope)
            })
        })
        .collect())
}
