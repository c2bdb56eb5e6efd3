//! Task and reservation snapshots ([`Task`], [`Reservation`]) and the task actions.

use serde::Serialize;

pub(crate) mod actions;
pub(crate) mod attributes;
pub(crate) mod wait;
pub(crate) mod wire;

/// The assignment status of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Waiting for a worker.
    Pending,
    /// Offered to a worker.
    Reserved,
    /// Accepted by a worker.
    Assigned,
    /// Canceled before it was assigned.
    Canceled,
    /// Done.
    Completed,
    /// In after-work.
    Wrapping,
}

/// The status of a reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    /// Offered, waiting for the worker.
    Pending,
    /// Accepted by the worker.
    Accepted,
    /// Rejected by the worker.
    Rejected,
    /// Not answered in time.
    Timeout,
    /// The task was canceled.
    Canceled,
    /// Withdrawn by the workflow.
    Rescinded,
    /// In after-work.
    Wrapping,
    /// Done.
    Completed,
}

/// A snapshot of a TaskRouter task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Task {
    /// The task SID (`WT…`).
    pub sid: String,
    /// The assignment status.
    pub status: TaskStatus,
    /// The task attributes (a JSON object).
    pub attributes: serde_json::Value,
    /// Age in seconds.
    pub age: u64,
    /// Routing priority.
    pub priority: i64,
    /// The task queue SID.
    pub queue_sid: Option<String>,
    /// The task queue name.
    pub queue_name: Option<String>,
    /// The workflow SID.
    pub workflow_sid: Option<String>,
    /// The workflow name.
    pub workflow_name: Option<String>,
    /// The task channel SID.
    pub task_channel_sid: Option<String>,
    /// The task channel unique name (`voice`, `chat`, …).
    pub task_channel_unique_name: Option<String>,
    /// Time to live in seconds.
    pub timeout: u64,
    /// Why the task was canceled or completed.
    pub reason: Option<String>,
    /// The worker the task was routed to directly, if any.
    pub routing_target: Option<String>,
    /// Creation time (epoch seconds).
    pub date_created: i64,
    /// Last update time (epoch seconds).
    pub date_updated: i64,
    /// The server's version of the task.
    pub version: String,
    /// The task's incoming and outgoing transfers, when the server reported them.
    pub transfers: Transfers,
}

/// A task's transfers (API.md §6 Transfers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Transfers {
    /// The transfer that brought the task to this worker.
    pub incoming: Option<TaskTransfer>,
    /// The transfer this worker started.
    pub outgoing: Option<TaskTransfer>,
}

/// One transfer of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TaskTransfer {
    /// The transfer SID (`TT…`).
    pub sid: String,
    /// `COLD` or `WARM`.
    pub mode: String,
    /// `QUEUE` or `WORKER`.
    pub transfer_type: String,
    /// `initiated`, `failed`, `completed` or `canceled`.
    pub status: String,
    /// The target (a worker or queue SID).
    pub to: String,
    /// The reservation that started the transfer.
    pub reservation_sid: Option<String>,
    /// The worker that started the transfer.
    pub worker_sid: Option<String>,
    /// Why the transfer failed, if it did.
    pub failed_reason: Option<String>,
    /// Creation time (epoch seconds).
    pub date_created: i64,
    /// Last update time (epoch seconds).
    pub date_updated: i64,
}

/// A snapshot of one of this worker's reservations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reservation {
    /// The reservation SID (`WR…`).
    pub sid: String,
    /// The reservation status.
    pub status: ReservationStatus,
    /// The worker holding the reservation.
    pub worker_sid: String,
    /// The reserved task.
    pub task: Task,
    /// Seconds the worker has to answer.
    pub timeout: u64,
    /// The cancel reason code, when canceled.
    pub canceled_reason_code: Option<i64>,
    /// Creation time (epoch seconds).
    pub date_created: i64,
    /// Last update time (epoch seconds).
    pub date_updated: i64,
    /// The server's version of the reservation.
    pub version: String,
}

impl ReservationStatus {
    /// Whether the reservation has ended (it no longer belongs to the worker's active set).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReservationStatus::Rejected
                | ReservationStatus::Timeout
                | ReservationStatus::Canceled
                | ReservationStatus::Rescinded
                | ReservationStatus::Completed
        )
    }
}
