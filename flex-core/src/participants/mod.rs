//! Task participants (Flex Interactions, API.md §8.3): [`TaskParticipant`],
//! [`TaskParticipantEvent`], [`TaskParticipantListener`] and the calls that read them.

use serde::Serialize;

pub(crate) mod actions;
pub(crate) mod wire;

use crate::task::Task;

/// The role of a participant in an interaction channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ParticipantType {
    /// A worker handling the task.
    Agent,
    /// The customer.
    Customer,
    /// A supervisor.
    Supervisor,
    /// An external party (e.g. a dialled number).
    External,
    /// Anything else.
    Unknown,
}

/// Which task, worker and reservation a participant belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RoutingProperties {
    /// The task SID (`WT…`).
    pub task_sid: String,
    /// The worker SID (`WK…`).
    pub worker_sid: Option<String>,
    /// The reservation SID (`WR…`).
    pub reservation_sid: Option<String>,
}

/// An error reported with a failed participant event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ParticipantError {
    /// The server's message.
    pub message: String,
    /// The server's code.
    pub code: i64,
}

/// A participant of a task's interaction channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TaskParticipant {
    /// The participant SID (`UT…`).
    pub participant_sid: String,
    /// The participant's role.
    #[serde(rename = "type")]
    pub participant_type: ParticipantType,
    /// The channel's media type (`voice`, `chat`, `sms`, …).
    pub channel_type: String,
    /// The channel SID (`UO…`).
    pub channel_sid: String,
    /// The interaction SID (`KD…`).
    pub interaction_sid: String,
    /// The routing properties, for agents.
    pub routing_properties: Option<RoutingProperties>,
    /// The media properties, camelCased; voice values are unwrapped and typed (API.md §8.3).
    pub media_properties: Option<serde_json::Value>,
    /// Whether the participant is on hold (voice `hold`).
    pub is_on_hold: bool,
    /// The error of a failed operation, if any.
    pub error: Option<ParticipantError>,
}

/// What happened to a participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
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

/// Receives one task's participant events, on an SDK delivery thread, in order.
pub trait TaskParticipantListener: Send + Sync {
    /// Called once per event. Must not block for long: later events wait for it.
    fn on_participant_event(&self, event: TaskParticipantEvent);
}

impl<F> TaskParticipantListener for F
where
    F: Fn(TaskParticipantEvent) + Send + Sync,
{
    fn on_participant_event(&self, event: TaskParticipantEvent) {
        self(event)
    }
}
