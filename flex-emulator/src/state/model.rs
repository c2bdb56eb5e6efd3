//! The in-memory TaskRouter and Flex records.

use std::time::Duration;

use serde_json::Value;

/// Workspace-wide settings.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// `WS…`.
    pub sid: String,
    /// Display name.
    pub friendly_name: String,
    /// Activity new workers start in (Offline).
    pub default_activity_sid: String,
    /// Activity a disconnected worker is moved to (Offline).
    pub timeout_activity_sid: String,
    /// Epoch seconds.
    pub created: i64,
}

/// A worker status (Available, Offline, …).
#[derive(Debug, Clone)]
pub struct Activity {
    /// `WA…`.
    pub sid: String,
    /// Display name.
    pub friendly_name: String,
    /// Whether workers in it receive tasks.
    pub available: bool,
    /// Epoch seconds.
    pub created: i64,
    /// Epoch seconds.
    pub updated: i64,
}

/// A task channel (voice, chat, …).
#[derive(Debug, Clone)]
pub struct TaskChannel {
    /// `TC…`.
    pub sid: String,
    /// Unique name (`voice`).
    pub unique_name: String,
    /// Display name.
    pub friendly_name: String,
    /// Capacity new workers get on this channel.
    pub default_capacity: u32,
    /// Epoch seconds.
    pub created: i64,
}

/// An agent.
#[derive(Debug, Clone)]
pub struct Worker {
    /// `WK…`.
    pub sid: String,
    /// Display name.
    pub friendly_name: String,
    /// Current activity.
    pub activity_sid: String,
    /// JSON object.
    pub attributes: Value,
    /// Epoch seconds.
    pub created: i64,
    /// Epoch seconds.
    pub updated: i64,
    /// Epoch seconds of the last activity change.
    pub status_changed: i64,
    /// Bumped on every change.
    pub version: u64,
}

/// A worker's capacity on one task channel.
#[derive(Debug, Clone)]
pub struct WorkerChannel {
    /// `WC…`.
    pub sid: String,
    /// Owner.
    pub worker_sid: String,
    /// `TC…`.
    pub task_channel_sid: String,
    /// `voice`, `chat`, …
    pub unique_name: String,
    /// Configured capacity.
    pub capacity: u32,
    /// Whether the channel takes tasks.
    pub available: bool,
    /// Epoch seconds.
    pub created: i64,
    /// Epoch seconds.
    pub updated: i64,
    /// Epoch seconds of the last reservation on this channel.
    pub last_reserved: Option<i64>,
}

/// A queue of tasks with a worker target expression.
#[derive(Debug, Clone)]
pub struct TaskQueue {
    /// `WQ…`.
    pub sid: String,
    /// Display name.
    pub friendly_name: String,
    /// Worker expression (`1==1`).
    pub target_workers: String,
    /// `FIFO` or `LIFO`.
    pub task_order: String,
    /// Parallel reservations per task (1–50).
    pub max_reserved_workers: u32,
    /// Activity a worker moves to when reserved, if any.
    pub reservation_activity_sid: Option<String>,
    /// Activity a worker moves to when assigned, if any.
    pub assignment_activity_sid: Option<String>,
    /// Epoch seconds.
    pub created: i64,
    /// Epoch seconds.
    pub updated: i64,
}

/// A workflow: JSON configuration that picks a queue for each task.
#[derive(Debug, Clone)]
pub struct Workflow {
    /// `WW…`.
    pub sid: String,
    /// Display name.
    pub friendly_name: String,
    /// The `task_routing` JSON document (as given).
    pub configuration: String,
    /// Reservation timeout of its tasks.
    pub reservation_timeout: Duration,
    /// Assignment callback (stored, never called).
    pub assignment_callback_url: Option<String>,
    /// Epoch seconds.
    pub created: i64,
    /// Epoch seconds.
    pub updated: i64,
}

/// Task assignment status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    /// Waiting for a worker.
    Pending,
    /// Offered to a worker.
    Reserved,
    /// Accepted by a worker.
    Assigned,
    /// Work done, after-work running.
    Wrapping,
    /// Finished.
    Completed,
    /// Canceled before assignment.
    Canceled,
}

impl TaskStatus {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Pending => "pending",
            TaskStatus::Reserved => "reserved",
            TaskStatus::Assigned => "assigned",
            TaskStatus::Wrapping => "wrapping",
            TaskStatus::Completed => "completed",
            TaskStatus::Canceled => "canceled",
        }
    }
}

/// A unit of work.
#[derive(Debug, Clone)]
pub struct Task {
    /// `WT…`.
    pub sid: String,
    /// JSON object.
    pub attributes: Value,
    /// Lifecycle state.
    pub status: TaskStatus,
    /// Higher goes first.
    pub priority: i64,
    /// Reason given when canceled/completed/wrapped.
    pub reason: Option<String>,
    /// Queue it sits in.
    pub queue_sid: Option<String>,
    /// Workflow that routed it.
    pub workflow_sid: Option<String>,
    /// `TC…`.
    pub task_channel_sid: String,
    /// `voice`, `chat`, …
    pub task_channel_unique_name: String,
    /// TTL in seconds.
    pub timeout: u64,
    /// Worker the task must go to, if any.
    pub routing_target: Option<String>,
    /// Epoch seconds.
    pub created: i64,
    /// Epoch seconds.
    pub updated: i64,
    /// Epoch seconds it entered its queue.
    pub queue_entered: Option<i64>,
    /// Epoch seconds (defaults to creation).
    pub virtual_start: i64,
    /// Bumped on every change.
    pub version: u64,
    /// Workers that rejected it or let a reservation time out.
    pub declined_by: Vec<String>,
}

/// Reservation status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReservationStatus {
    /// Offered, waiting for the worker.
    Pending,
    /// Accepted.
    Accepted,
    /// Rejected by the worker.
    Rejected,
    /// Not answered in time.
    Timeout,
    /// The task was canceled.
    Canceled,
    /// Withdrawn because another worker accepted.
    Rescinded,
    /// Wrap-up.
    Wrapping,
    /// Done.
    Completed,
}

impl ReservationStatus {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
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

    /// Pending, accepted or wrapping: the reservation holds worker capacity.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            ReservationStatus::Pending | ReservationStatus::Accepted | ReservationStatus::Wrapping
        )
    }
}

/// A task offered to one worker.
#[derive(Debug, Clone)]
pub struct Reservation {
    /// `WR…`.
    pub sid: String,
    /// `WT…`.
    pub task_sid: String,
    /// `WK…`.
    pub worker_sid: String,
    /// Lifecycle state.
    pub status: ReservationStatus,
    /// Seconds before a pending reservation times out.
    pub timeout_secs: u64,
    /// Set when canceled.
    pub canceled_reason_code: Option<u32>,
    /// Epoch seconds.
    pub created: i64,
    /// Epoch seconds.
    pub updated: i64,
    /// Bumped on every change.
    pub version: u64,
}

/// A Flex user (the person behind a worker).
#[derive(Debug, Clone)]
pub struct FlexUser {
    /// `FU…`.
    pub sid: String,
    /// Login identity.
    pub identity: String,
    /// Display name.
    pub full_name: String,
    /// E-mail address.
    pub email: String,
    /// The user's worker.
    pub worker_sid: String,
    /// Flex roles (`agent`, `supervisor`).
    pub roles: Vec<String>,
    /// Epoch seconds.
    pub created: i64,
}
