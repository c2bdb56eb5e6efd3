//! The emulator's world: every record, the open sockets, and the operations that change them.

mod interactions;
mod model;
mod reservations;
mod sockets;
mod tasks;
mod voice;
mod workers;

use std::time::Duration;

use serde_json::Value;

pub use interactions::Interaction;
pub use model::*;
pub use sockets::{Outgoing, Sockets};
pub use tasks::{NewTask, TaskUpdate};
pub use voice::{Voice, VoiceSocketInfo};
pub use workers::{NewWorker, WorkerUpdate};

use crate::errors::{ApiError, ApiResult};

/// A delayed action the server must schedule after an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timer {
    /// Time out this reservation if it is still pending.
    ReservationTimeout {
        /// `WR…`.
        sid: String,
        /// Delay.
        after: Duration,
    },
    /// Cancel this task if it is still unassigned.
    TaskTtl {
        /// `WT…`.
        sid: String,
        /// Delay.
        after: Duration,
    },
}

/// Identity and credentials of the emulated account.
#[derive(Debug, Clone)]
pub struct Account {
    /// `AC…`.
    pub sid: String,
    /// Secret for HTTP Basic `AccountSid:AuthToken`.
    pub auth_token: String,
    /// `GO…`.
    pub flex_instance_sid: String,
    /// `http://host:port`, used in `url` fields.
    pub base_url: String,
}

/// Everything the emulator knows.
#[derive(Debug)]
pub struct State {
    /// The account.
    pub account: Account,
    /// The single workspace.
    pub workspace: Workspace,
    /// Activities, in creation order.
    pub activities: Vec<Activity>,
    /// Task channels.
    pub channels: Vec<TaskChannel>,
    /// Workers.
    pub workers: Vec<Worker>,
    /// Worker channels of every worker.
    pub worker_channels: Vec<WorkerChannel>,
    /// Task queues.
    pub queues: Vec<TaskQueue>,
    /// Workflows.
    pub workflows: Vec<Workflow>,
    /// Tasks.
    pub tasks: Vec<Task>,
    /// Reservations.
    pub reservations: Vec<Reservation>,
    /// Flex users.
    pub users: Vec<FlexUser>,
    /// Interactions of tasks (one channel each).
    pub interactions: Vec<Interaction>,
    /// The Flex configuration resource (snake_case JSON object).
    pub flex_config: Value,
    /// Reservation timeout for tasks without a workflow.
    pub reservation_timeout: Duration,
    /// Open sockets.
    pub sockets: Sockets,
    /// Voice signalling devices, conferences and call legs.
    pub voice: Voice,
    /// Timers queued by the last operations, drained by the server.
    pub timers: Vec<Timer>,
}

/// A record with a SID, findable in a list.
pub trait Record {
    /// Resource name used in "not found" messages.
    const WHAT: &'static str;
    /// The record's SID.
    fn sid(&self) -> &str;
}

macro_rules! record {
    ($($t:ty => $what:literal),* $(,)?) => {$(
        impl Record for $t {
            const WHAT: &'static str = $what;
            fn sid(&self) -> &str { &self.sid }
        }
    )*};
}

record!(Activity => "Activity", TaskChannel => "TaskChannel", Worker => "Worker",
    WorkerChannel => "WorkerChannel", TaskQueue => "TaskQueue", Workflow => "Workflow",
    Task => "Task", Reservation => "Reservation", FlexUser => "User");

/// Finds a record by SID or answers 404 / 20404.
pub fn find<'a, T: Record>(items: &'a [T], sid: &str) -> ApiResult<&'a T> {
    items
        .iter()
        .find(|x| x.sid() == sid)
        .ok_or_else(|| ApiError::not_found(T::WHAT, sid))
}

/// Finds a record by SID, mutably, or answers 404 / 20404.
pub fn find_mut<'a, T: Record>(items: &'a mut [T], sid: &str) -> ApiResult<&'a mut T> {
    items
        .iter_mut()
        .find(|x| x.sid() == sid)
        .ok_or_else(|| ApiError::not_found(T::WHAT, sid))
}

impl State {
    /// Checks that `sid` is this workspace.
    pub fn check_workspace(&self, sid: &str) -> ApiResult<()> {
        if sid == self.workspace.sid {
            Ok(())
        } else {
            Err(ApiError::not_found("Workspace", sid))
        }
    }

    /// The activity a worker is in.
    pub fn activity_of(&self, worker: &Worker) -> Option<&Activity> {
        self.activities
            .iter()
            .find(|a| a.sid == worker.activity_sid)
    }

    /// Whether the worker's activity is available.
    pub fn is_available(&self, worker: &Worker) -> bool {
        self.activity_of(worker).is_some_and(|a| a.available)
    }

    /// The worker channels of one worker.
    pub fn channels_of<'a>(
        &'a self,
        worker_sid: &'a str,
    ) -> impl Iterator<Item = &'a WorkerChannel> + 'a {
        self.worker_channels
            .iter()
            .filter(move |c| c.worker_sid == worker_sid)
    }

    /// Active (pending, accepted, wrapping) reservations of a worker on a task channel.
    pub fn assigned_tasks(&self, worker_sid: &str, task_channel_sid: &str) -> u32 {
        self.reservations
            .iter()
            .filter(|r| r.worker_sid == worker_sid && r.status.is_active())
            .filter(|r| {
                self.tasks
                    .iter()
                    .any(|t| t.sid == r.task_sid && t.task_channel_sid == task_channel_sid)
            })
            .count() as u32
    }

    /// Pending reservations of a worker.
    pub fn pending_reservations(&self, worker_sid: &str) -> Vec<String> {
        self.reservations
            .iter()
            .filter(|r| r.worker_sid == worker_sid && r.status == ReservationStatus::Pending)
            .map(|r| r.sid.clone())
            .collect()
    }

    /// Resolves a task channel by SID or unique name.
    pub fn task_channel(&self, key: &str) -> ApiResult<&TaskChannel> {
        self.channels
            .iter()
            .find(|c| c.sid == key || c.unique_name == key)
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "TaskChannel '{key}' does not exist in this workspace"
                ))
            })
    }

    /// The Flex user behind a worker, if any.
    pub fn user_of(&self, worker_sid: &str) -> Option<&FlexUser> {
        self.users.iter().find(|u| u.worker_sid == worker_sid)
    }

    /// Sends a task event to every worker holding an active reservation on the task.
    fn emit_task_event(&self, task_sid: &str, event_type: &str) {
        let Ok(task) = find(&self.tasks, task_sid) else {
            return;
        };
        let payload = crate::eventbridge::payload::task(self, task);
        let mut sent: Vec<&str> = Vec::new();
        for r in self
            .reservations
            .iter()
            .filter(|r| r.task_sid == task_sid && r.status.is_active())
        {
            if !sent.contains(&r.worker_sid.as_str()) {
                self.sockets
                    .emit(&r.worker_sid, event_type, payload.clone());
                sent.push(&r.worker_sid);
            }
        }
    }

    /// Sends a reservation event (payload: reservation with its task) to its worker.
    fn emit_reservation_event(&self, reservation_sid: &str, event_type: &str) {
        if let Ok(r) = find(&self.reservations, reservation_sid) {
            let payload = crate::eventbridge::payload::reservation(self, r);
            self.sockets.emit(&r.worker_sid, event_type, payload);
        }
    }

    /// Sends a worker event (payload: the worker) to that worker.
    fn emit_worker_event(&self, worker_sid: &str, event_type: &str) {
        if let Ok(w) = find(&self.workers, worker_sid) {
            self.sockets.emit(
                worker_sid,
                event_type,
                crate::eventbridge::payload::worker(self, w),
            );
        }
    }
}
