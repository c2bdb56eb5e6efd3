//! Task operations: create, update (attributes, priority, assignment status), cancel, delete, TTL.

use std::time::Duration;

use serde_json::Value;

use super::{find, find_mut, ReservationStatus, State, Task, TaskStatus, Timer};
use crate::errors::{ApiError, ApiResult};
use crate::sid::new_sid;
use crate::time::now;

/// Default task TTL (seconds).
const DEFAULT_TIMEOUT: u64 = 86_400;

/// Fields of a new task.
#[derive(Debug, Clone, Default)]
pub struct NewTask {
    /// JSON object (default `{}`).
    pub attributes: Option<Value>,
    /// Priority (default 0).
    pub priority: Option<i64>,
    /// TTL in seconds (default 86400).
    pub timeout: Option<u64>,
    /// Task channel SID or unique name (default `default`).
    pub channel: Option<String>,
    /// Workflow that picks the queue.
    pub workflow_sid: Option<String>,
    /// Queue to enter directly.
    pub queue_sid: Option<String>,
    /// Only this worker may take it.
    pub routing_target: Option<String>,
    /// Epoch seconds used as the task's start for ordering.
    pub virtual_start: Option<i64>,
}

/// A task update; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct TaskUpdate {
    /// Replacement attributes (JSON object).
    pub attributes: Option<Value>,
    /// `canceled`, `wrapping` or `completed`.
    pub assignment_status: Option<String>,
    /// Reason for the status change.
    pub reason: Option<String>,
    /// New priority.
    pub priority: Option<i64>,
}

impl State {
    /// Creates a task, places it in a queue and routes it; returns its SID.
    pub fn create_task(&mut self, new: NewTask) -> ApiResult<String> {
        let attributes = new
            .attributes
            .unwrap_or_else(|| Value::Object(Default::default()));
        if !attributes.is_object() {
            return Err(ApiError::bad_request("Attributes must be a JSON object"));
        }
        let channel = self
            .task_channel(new.channel.as_deref().unwrap_or("default"))?
            .clone();
        let workflow_sid = match (new.workflow_sid, &new.queue_sid) {
            (Some(sid), _) => Some(find(&self.workflows, &sid)?.sid.clone()),
            (None, Some(_)) => None,
            (None, None) if self.workflows.len() == 1 => {
                self.workflows.first().map(|w| w.sid.clone())
            }
            (None, None) => {
                return Err(ApiError::bad_request(
                    "Missing required parameter WorkflowSid",
                ))
            }
        };
        if let Some(target) = &new.routing_target {
            find(&self.workers, target)?;
        }
        let queue_sid = match (&new.queue_sid, &workflow_sid) {
            (Some(q), _) => Some(find(&self.queues, q)?.sid.clone()),
            (None, Some(w)) => {
                let workflow = find(&self.workflows, w)?;
                crate::routing::select_queue(workflow, &attributes, &channel.unique_name)
            }
            (None, None) => None,
        };
        let t = now();
        let sid = new_sid("WT");
        let timeout = new.timeout.unwrap_or(DEFAULT_TIMEOUT);
        self.tasks.push(Task {
            sid: sid.clone(),
            attributes,
            status: TaskStatus::Pending,
            priority: new.priority.unwrap_or(0),
            reason: None,
            queue_entered: queue_sid.as_ref().map(|_| t),
            queue_sid,
            workflow_sid,
            task_channel_sid: channel.sid,
            task_channel_unique_name: channel.unique_name,
            timeout,
            routing_target: new.routing_target,
            created: t,
            updated: t,
            virtual_start: new.virtual_start.unwrap_or(t),
            version: 0,
            declined_by: Vec::new(),
        });
        self.timers.push(Timer::TaskTtl {
            sid: sid.clone(),
            after: Duration::from_secs(timeout),
        });
        self.open_interaction(&sid);
        if let Ok(task) = find(&self.tasks, &sid) {
            self.sockets.broadcast(
                "task.created",
                crate::eventbridge::payload::task(self, task),
            );
        }
        self.route();
        Ok(sid)
    }

    /// Applies an update, with `task.updated` / `task.canceled` / `task.wrapup` / `task.completed`.
    pub fn update_task(&mut self, task_sid: &str, update: TaskUpdate) -> ApiResult<()> {
        let task = find(&self.tasks, task_sid)?;
        if let Some(attributes) = &update.attributes {
            if !attributes.is_object() {
                return Err(ApiError::bad_request("Attributes must be a JSON object"));
            }
        }
        let target = match update.assignment_status.as_deref() {
            None => None,
            Some("canceled")
                if matches!(task.status, TaskStatus::Pending | TaskStatus::Reserved) =>
            {
                Some(TaskStatus::Canceled)
            }
            Some("wrapping") if task.status == TaskStatus::Assigned => Some(TaskStatus::Wrapping),
            Some("completed")
                if matches!(task.status, TaskStatus::Assigned | TaskStatus::Wrapping) =>
            {
                Some(TaskStatus::Completed)
            }
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "Task {task_sid} cannot be moved to assignment status '{other}' while it is {}",
                    task.status.as_str()
                )))
            }
        };
        let changed_fields = update.attributes.is_some() || update.priority.is_some();
        let task = find_mut(&mut self.tasks, task_sid)?;
        if let Some(attributes) = update.attributes {
            task.attributes = attributes;
        }
        if let Some(priority) = update.priority {
            task.priority = priority;
        }
        if changed_fields {
            task.updated = now();
            task.version = task.version.saturating_add(1);
            self.emit_task_event(task_sid, "task.updated");
        }
        match target {
            Some(TaskStatus::Canceled) => {
                self.cancel_task(task_sid, update.reason.as_deref().unwrap_or("canceled"))
            }
            Some(status) => self.finish_assigned(task_sid, status, update.reason.as_deref()),
            None => {}
        }
        self.route();
        Ok(())
    }

    /// Deletes a task, canceling its pending reservations.
    pub fn delete_task(&mut self, task_sid: &str) -> ApiResult<()> {
        find(&self.tasks, task_sid)?;
        for sid in self.pending_of_task(task_sid) {
            self.finish_pending(&sid, ReservationStatus::Canceled);
        }
        self.tasks.retain(|t| t.sid != task_sid);
        self.interactions.retain(|i| i.task_sid != task_sid);
        self.reservations.retain(|r| r.task_sid != task_sid);
        self.route();
        Ok(())
    }

    /// TTL timer: cancels the task if it is still pending or reserved.
    pub fn on_task_ttl(&mut self, task_sid: &str) {
        let live = find(&self.tasks, task_sid)
            .is_ok_and(|t| matches!(t.status, TaskStatus::Pending | TaskStatus::Reserved));
        if live {
            self.cancel_task(task_sid, "Task TTL Exceeded");
            self.route();
        }
    }

    /// Cancels an unassigned task: `task.canceled` then `reservation.canceled` to holders.
    fn cancel_task(&mut self, task_sid: &str, reason: &str) {
        if let Ok(task) = find_mut(&mut self.tasks, task_sid) {
            task.status = TaskStatus::Canceled;
            task.reason = Some(reason.into());
            task.updated = now();
            task.version = task.version.saturating_add(1);
        }
        self.emit_task_event(task_sid, "task.canceled");
        for sid in self.pending_of_task(task_sid) {
            self.finish_pending(&sid, ReservationStatus::Canceled);
        }
    }

    /// Moves an assigned task (and its accepted/wrapping reservations) to wrapping or completed.
    pub(super) fn finish_assigned(
        &mut self,
        task_sid: &str,
        status: TaskStatus,
        reason: Option<&str>,
    ) {
        let t = now();
        if let Ok(task) = find_mut(&mut self.tasks, task_sid) {
            task.status = status;
            if let Some(reason) = reason {
                task.reason = Some(reason.into());
            }
            task.updated = t;
            task.version = task.version.saturating_add(1);
        }
        let (task_event, res_status, res_event) = match status {
            TaskStatus::Wrapping => (
                "task.wrapup",
                ReservationStatus::Wrapping,
                "reservation.wrapup",
            ),
            _ => (
                "task.completed",
                ReservationStatus::Completed,
                "reservation.completed",
            ),
        };
        self.emit_task_event(task_sid, task_event);
        let holders: Vec<String> = self
            .reservations
            .iter()
            .filter(|r| r.task_sid == task_sid)
            .filter(|r| {
                matches!(
                    r.status,
                    ReservationStatus::Accepted | ReservationStatus::Wrapping
                )
            })
            .filter(|r| r.status != res_status)
            .map(|r| r.sid.clone())
            .collect();
        for sid in holders {
            let agent_status = if res_status == ReservationStatus::Wrapping {
                "wrapup"
            } else {
                "closed"
            };
            self.settle_agent(&sid, agent_status);
            if let Ok(r) = find_mut(&mut self.reservations, &sid) {
                r.status = res_status;
                r.updated = t;
                r.version = r.version.saturating_add(1);
            }
            self.emit_reservation_event(&sid, res_event);
        }
    }

    fn pending_of_task(&self, task_sid: &str) -> Vec<String> {
        self.reservations
            .iter()
            .filter(|r| r.task_sid == task_sid && r.status == ReservationStatus::Pending)
            .map(|r| r.sid.clone())
            .collect()
    }
}
