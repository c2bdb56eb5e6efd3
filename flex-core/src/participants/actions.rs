//! GetTaskParticipants and AddTaskParticipantListener (API.md §7.3): Interactions
//! calls through the event-bridge tunnel (`apiVersion: v2`, `v1/Interactions/…`, PROTOCOL.md §6.2).

use std::sync::Arc;

use reqwest::Method;
use serde_json::{Map, Value};

use super::wire::parse_participant;
use super::{TaskParticipant, TaskParticipantListener};
use crate::client::FlexClient;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::events::{FlexEvent, FlexListener, ListenerHandle};
use crate::task::actions::non_empty_task;
use crate::task::Task;
use crate::transport::tunnel::ApiVersion;

/// The interaction SID of a task: its `flexInteractionSid` attribute, else `KD` + the SID's tail.
pub(crate) fn interaction_sid(task: &Task) -> String {
    match task.attributes.get("flexInteractionSid").and_then(Value::as_str) {
        Some(kd) if !kd.is_empty() => kd.to_string(),
        _ => format!("KD{}", task.sid.get(2..).unwrap_or_default()),
    }
}

/// Delivers the participant events of one task to a [`TaskParticipantListener`].
struct TaskFilter {
    task_sid: String,
    listener: Arc<dyn TaskParticipantListener>,
}

impl FlexListener for TaskFilter {
    fn on_event(&self, event: FlexEvent) {
        if let FlexEvent::TaskParticipant { event } = event {
            if event.task_sid == self.task_sid {
                self.listener.on_participant_event(event);
            }
        }
    }
}

impl FlexClient {
    /// The task (from this worker's reservation for it), or 48901.
    fn reserved_task(&self, task_sid: &str, action: &str) -> Result<Task> {
        self.inner
            .state()
            .reservation_for_task(task_sid)
            .into_iter()
            .next()
            .map(|r| r.task.clone())
            .ok_or_else(|| {
                FlexSdkError::new(
                    ErrorCode::TaskReservationNotFound,
                    format!("{action}: no reservation of this worker for task {task_sid}"),
                )
            })
    }

    /// The participants of the task's first interaction channel (customer,
    /// agents, …). Needs one of this worker's reservations for the task (48901);
    /// other failures are 48913 `FailedToRetrieveTaskParticipants`.
    pub async fn get_task_participants(&self, task_sid: &str) -> Result<Vec<TaskParticipant>> {
        const ACTION: &str = "GetTaskParticipants";
        let inner = &self.inner;
        inner.check_alive()?;
        let task = self.reserved_task(non_empty_task(task_sid)?, ACTION)?;
        let kd = interaction_sid(&task);
        let fail = |e: FlexSdkError| e.for_action(ErrorCode::FailedToRetrieveTaskParticipants, ACTION);
        let call = |path: String| async move {
            inner
                .tunnel
                .call(&inner.broker, Method::GET, &path, ApiVersion::V2, Map::new())
                .await
                .map_err(fail)
        };
        let channels = call(format!("v1/Interactions/{kd}/Channels")).await?;
        let uo = channels
            .get("channels")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
            .and_then(|c| c.get("sid"))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                FlexSdkError::new(
                    ErrorCode::FailedToRetrieveTaskParticipants,
                    format!("{ACTION}: interaction {kd} has no channel"),
                )
            })?
            .to_string();
        let list = call(format!("v1/Interactions/{kd}/Channels/{uo}/Participants")).await?;
        let channel_type = list.get("channel_type").and_then(Value::as_str);
        Ok(list
            .get("participants")
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(|p| parse_participant(p, channel_type)).collect())
            .unwrap_or_default())
    }

    /// Registers a listener for the participant events of one task (added,
    /// removed, modified and the three failures), delivered like every other
    /// event on an SDK delivery thread. Needs one of this worker's reservations
    /// for the task (48901). Keep the handle to keep it registered.
    pub fn add_task_participant_listener(
        &self,
        task_sid: &str,
        listener: Arc<dyn TaskParticipantListener>,
    ) -> Result<ListenerHandle> {
        self.inner.check_alive()?;
        let task_sid = non_empty_task(task_sid)?;
        self.reserved_task(task_sid, "AddTaskParticipantListener")?;
        Ok(self.add_listener(Arc::new(TaskFilter {
            task_sid: task_sid.to_string(),
            listener,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::wire::parse_task;
    use serde_json::json;

    #[test]
    fn interaction_sid_from_attribute_or_task_sid() {
        let t = parse_task(&json!({"sid": "WTabc", "assignment_status": "reserved"})).unwrap();
        assert_eq!(interaction_sid(&t), "KDabc");
        let t = parse_task(&json!({"sid": "WTabc", "assignment_status": "reserved",
            "attributes": "{\"flexInteractionSid\":\"KD9\"}"}))
        .unwrap();
        assert_eq!(interaction_sid(&t), "KD9");
    }
}
