//! The snapshot types of `flex-core`, mirrored with `#[uniffi::remote]` (a
//! mirror that drifts from flex-core fails to compile). JSON crosses as text.

use flex_core::{
    Activity, ConnectionState, LogLevel, Reservation, ReservationStatus, Task, TaskStatus, TokenInfo, Transfers, Worker, WorkerChannel,
};

/// A JSON value, carried across the FFI as JSON text.
pub type JsonValue = serde_json::Value;

uniffi::custom_type!(JsonValue, String, {
    remote,
    lower: |value| value.to_string(),
    try_lift: |text| Ok(serde_json::from_str(&text)?),
});

/// How much the SDK logs.
#[uniffi::remote(Enum)]
pub enum LogLevel {
    /// Everything, including per-frame traces.
    Trace,
    /// Debugging detail.
    Debug,
    /// Lifecycle information.
    Info,
    /// Unexpected but recoverable conditions.
    Warn,
    /// Failures only.
    Error,
    /// Nothing at all.
    Silent,
}

/// The state of the client's event connection.
#[uniffi::remote(Enum)]
pub enum ConnectionState {
    /// Connecting for the first time.
    Connecting,
    /// Connected and receiving events.
    Connected,
    /// The connection was lost; reconnecting with backoff.
    Reconnecting,
    /// Disconnected for good (the client was destroyed).
    Disconnected,
    /// The token expired; no reconnect until `update_token`.
    TokenExpired,
}

/// The assignment status of a task.
#[uniffi::remote(Enum)]
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
#[uniffi::remote(Enum)]
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

/// An activity of the workspace (Available, Offline, Break…).
#[uniffi::remote(Record)]
pub struct Activity {
    /// The activity SID (`WA…`).
    pub sid: String,
    /// The activity name.
    pub name: String,
    /// Whether work is routed to a worker in this activity.
    pub available: bool,
    /// Whether this is the worker's current activity.
    pub is_current: bool,
}

/// One of the worker's task channels and its capacity.
#[uniffi::remote(Record)]
pub struct WorkerChannel {
    /// The worker channel SID (`WC…`).
    pub sid: String,
    /// The task channel SID (`TC…`).
    pub task_channel_sid: String,
    /// The task channel unique name (`voice`, `chat`, …).
    pub task_channel_unique_name: String,
    /// Whether the channel takes work.
    pub available: bool,
    /// Configured capacity.
    pub capacity: u32,
    /// Tasks currently assigned on the channel.
    pub assigned_tasks: u32,
    /// Free capacity in percent.
    pub available_capacity_percentage: u32,
}

/// A snapshot of the signed-in worker.
#[uniffi::remote(Record)]
pub struct Worker {
    /// The worker SID (`WK…`).
    pub sid: String,
    /// The worker's friendly name.
    pub name: String,
    /// The account SID (`AC…`).
    pub account_sid: String,
    /// The workspace SID (`WS…`).
    pub workspace_sid: String,
    /// The current activity SID.
    pub activity_sid: String,
    /// The current activity name.
    pub activity_name: String,
    /// Whether the worker is available for work.
    pub available: bool,
    /// The worker attributes (a JSON object, as JSON text).
    pub attributes: JsonValue,
    /// When the activity last changed (epoch seconds).
    pub date_status_changed: i64,
    /// The server's version of the worker.
    pub version: String,
    /// The workspace's activities.
    pub activities: Vec<Activity>,
    /// The worker's channels.
    pub channels: Vec<WorkerChannel>,
    /// The worker's active reservations, oldest first.
    pub reservations: Vec<Reservation>,
}

/// A snapshot of a TaskRouter task.
#[uniffi::remote(Record)]
pub struct Task {
    /// The task SID (`WT…`).
    pub sid: String,
    /// The assignment status.
    pub status: TaskStatus,
    /// The task attributes (a JSON object, as JSON text).
    pub attributes: JsonValue,
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
    /// The task's incoming and outgoing transfers.
    pub transfers: Transfers,
}

/// A snapshot of one of this worker's reservations.
#[uniffi::remote(Record)]
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

/// Who the token belongs to and when it expires, as the server validated it.
#[uniffi::remote(Record)]
pub struct TokenInfo {
    /// The user's identity.
    pub identity: String,
    /// The user's Flex roles (`agent`, `supervisor`, …).
    pub roles: Vec<String>,
    /// The user's TaskRouter worker SID.
    pub worker_sid: Option<String>,
    /// The account SID (`AC…`).
    pub account_sid: String,
    /// The Flex instance SID (`GO…`).
    pub flex_instance_sid: Option<String>,
    /// The Flex user SID (`FU…`).
    pub flex_user_sid: Option<String>,
    /// When the token expires (epoch seconds).
    pub expires_at: i64,
}
