//! SetTaskAttributes (API.md §7.3): TR `POST Tasks/{WT}` with `Attributes`,
//! resolved by the `task.updated` event of the new version.

use reqwest::Method;
use serde_json::{Map, Value};

use super::actions::non_empty_task;
use super::wait::{send_and_wait, Step};
use super::Task;
use crate::client::FlexClient;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::events::FlexEvent;
use crate::transport::tunnel::ApiVersion;
use crate::worker::merge::deep_merge;

const ACTION: &str = "SetTaskAttributes";

impl FlexClient {
    /// Sets a task's attributes (a JSON object). With `merge_existing` the object
    /// is deep-merged onto the task's current attributes; otherwise it replaces
    /// them. Needs one of this worker's reservations for the task (48901);
    /// resolves with the updated task once `task.updated` arrives (48105 otherwise).
    pub async fn set_task_attributes(
        &self,
        task_sid: &str,
        attributes: Value,
        merge_existing: bool,
    ) -> Result<Task> {
        let inner = &self.inner;
        inner.check_alive()?;
        let task_sid = non_empty_task(task_sid)?;
        if !attributes.is_object() {
            return Err(FlexSdkError::invalid_params(
                "attributes must be a JSON object",
            ));
        }
        let current = inner
            .state()
            .reservation_for_task(task_sid)
            .into_iter()
            .next()
            .map(|r| r.task.clone())
            .ok_or_else(|| {
                FlexSdkError::new(
                    ErrorCode::TaskReservationNotFound,
                    format!("{ACTION}: no reservation of this worker for task {task_sid}"),
                )
            })?;
        let payload = if merge_existing {
            let mut base = current.attributes.clone();
            deep_merge(&mut base, attributes);
            base
        } else {
            attributes
        };
        let fail = |e: FlexSdkError| e.for_action(ErrorCode::FailedToSetTaskAttributes, ACTION);
        let mut params = Map::new();
        params.insert("Attributes".into(), payload.clone());
        let path = format!("Tasks/{task_sid}");
        let send = async {
            inner
                .taskrouter(Method::POST, &path, ApiVersion::V1, params)
                .await
                .map_err(fail)
        };
        let check = |event: &FlexEvent| match event {
            FlexEvent::TaskUpdated { task } if task.sid == task_sid && task.attributes == payload => {
                Step::Done(task.clone())
            }
            FlexEvent::TaskCanceled { task } | FlexEvent::TaskCompleted { task }
                if task.sid == task_sid =>
            {
                Step::Fail(FlexSdkError::new(
                    ErrorCode::FailedToSetTaskAttributes,
                    format!("{ACTION}: task {task_sid} ended while updating"),
                ))
            }
            _ => Step::Skip,
        };
        send_and_wait(inner, send, check, |timeout| {
            FlexSdkError::new(
                ErrorCode::FailedToSetTaskAttributes,
                format!("{ACTION}: event task.updated not received within {timeout:?}"),
            )
        })
        .await
        .map(|task| Task {
            transfers: current.transfers,
            ..task
        })
    }
}

