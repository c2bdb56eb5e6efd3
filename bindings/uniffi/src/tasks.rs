//! Task transfers and task participants of `flex-core`, mirrored with `#[uniffi::remote]`.

use flex_core::{
    ParticipantError, ParticipantEventKind, ParticipantType, RoutingProperties, TaskParticipant, TaskParticipantEvent,
    TaskTransfer, Transfers, Task,
};

use crate::types::JsonValue;

/// A task's transfers.
#[uniffi::remote(Record)]
pub struct Transfers {
    /// The transfer that brought the task to this worker.
    pub incoming: Option<TaskTransfer>,
    /// The transfer this worker started.
    pub outgoing: Option<TaskTransfer>,
}

/// One transfer of a task.
#[uniffi::remote(Record)]
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

/// The role of a participant in an interaction channel.
#[uniffi::remote(Enum)]
pub enum ParticipantType {
    /// A worker handling the task.
    Agent,
    /// The customer.
    Customer,
    /// A supervisor.
    Supervisor,
    /// An external party.
    External,
    /// Anything else.
    Unknown,
}

/// Which task, worker and reservation a participant belongs to.
#[uniffi::remote(Record)]
pub struct RoutingProperties {
    /// The task SID (`WT…`).
    pub task_sid: String,
    /// The worker SID (`WK…`).
    pub worker_sid: Option<String>,
    /// The reservation SID (`WR…`).
    pub reservation_sid: Option<String>,
}

/// An error reported with a failed participant event.
#[uniffi::remote(Record)]
pub struct ParticipantError {
    /// The server's message.
    pub message: String,
    /// The server's code.
    pub code: i64,
}

/// A participant of a task's interaction channel.
#[uniffi::remote(Record)]
pub struct TaskParticipant {
    /// The participant SID (`UT…`).
    pub participant_sid: String,
    /// The participant's role.
    pub participant_type: ParticipantType,
    /// The channel's media type (`voice`, `chat`, …).
    pub channel_type: String,
    /// The channel SID (`UO…`).
    pub channel_sid: String,
    /// The interaction SID (`KD…`).
    pub interaction_sid: String,
    /// The routing properties, for agents.
    pub routing_properties: Option<RoutingProperties>,
    /// The media properties (camelCased JSON text).
    pub media_properties: Option<JsonValue>,
    /// Whether the participant is on hold (voice).
    pub is_on_hold: bool,
    /// The error of a failed operation, if any.
    pub error: Option<ParticipantError>,
}

/// What happened to a participant.
#[uniffi::remote(Enum)]
pub enum ParticipantEventKind {
    /// `participant.added`.
    Added,
    /// `participant.removed`.
    Removed,
    /// `participant.modified`.
    Modified,
    /// `participant.add.failed`.
    AddFailed,
    /// `participant.remove.failed`.
    RemoveFailed,
    /// `participant.modify.failed`.
    ModifyFailed,
}

/// A participant event of one task.
#[uniffi::remote(Record)]
pub struct TaskParticipantEvent {
    /// What happened.
    pub kind: ParticipantEventKind,
    /// The task the participant belongs to.
    pub task_sid: String,
    /// The task, when this worker holds a reservation for it.
    pub task: Option<Task>,
    /// The participant.
    pub participant: TaskParticipant,
}
