//! Task attributes, task participants and supervisor actions of `flex_client`;
//! each blocks until done. An optional `out_*_json` (NULL or writable) receives
//! the result (caller-owned).

use std::ffi::{c_char, c_void};

use flex_core::{ErrorCode, FlexSdkError};
use serde_json::Value;

use super::flex_client;
use crate::ffi::{ffi_fn, Json, Out, OutHandle, Put};
use crate::listener::{flex_event_callback, flex_listener_handle, flex_user_data_free};

ffi_fn! {
    /// Sets a task's attributes from a JSON object; with `merge_existing` it is
    /// deep-merged onto the task's attributes. Returns once `task.updated` arrives
    /// (48105 on failure, 48901 without a reservation for the task).
    /// `out_task_json` (or NULL) receives the updated task.
    async fn flex_client_set_task_attributes(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        attributes_json: *const c_char => Json<Value>,
        merge_existing: bool,
        out_task_json: *mut *mut c_char => Option<Out>,
    ) {
        out_task_json.json(&client.core.set_task_attributes(task_sid, attributes_json.0, merge_existing).await?)
    }

    /// Writes the participants of the task's interaction channel as a JSON array
    /// (caller-owned) to `*out_json` (48901 without a reservation for the task, 48913 on failure).
    async fn flex_client_get_task_participants(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&client.core.get_task_participants(task_sid).await?)
    }

    /// Registers a listener for one task's participant events (kind
    /// `FLEX_EVENT_TASK_PARTICIPANT`), with the same threading and `user_data`
    /// rules as `flex_client_add_listener`. 48901 without a reservation for the
    /// task; on any failure `free_user_data` is not called.
    fn flex_client_add_task_participant_listener(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        callback: flex_event_callback,
        user_data: *mut c_void,
        free_user_data: flex_user_data_free,
        out_handle: *mut *mut flex_listener_handle => OutHandle<flex_listener_handle>,
    ) {
        // Checked first so that a failure never takes ownership of `user_data`.
        if !client.core.get_worker()?.reservations.iter().any(|r| r.task.sid == task_sid.trim()) {
            let message = format!("AddTaskParticipantListener: no reservation of this worker for task {task_sid}");
            return Err(FlexSdkError::new(ErrorCode::TaskReservationNotFound, message));
        }
        client.add_listener(callback, user_data, free_user_data, out_handle, |l| {
            client.core.add_task_participant_listener(task_sid, l)
        })
    }

    /// Supervisor: sets another worker's activity (48920 without a supervisor or
    /// admin token, 48301 with pending reservations, 48300 otherwise).
    /// `out_worker_json` (or NULL) receives the target worker.
    async fn flex_client_set_worker_activity(
        client: *const flex_client => &flex_client,
        worker_sid: *const c_char => &str,
        activity_sid: *const c_char => &str,
        reject_pending_reservations: bool,
        out_worker_json: *mut *mut c_char => Option<Out>,
    ) {
        let worker = client.core.set_worker_activity(worker_sid, activity_sid, reject_pending_reservations).await?;
        out_worker_json.json(&worker)
    }

    /// Supervisor: sets another worker's attributes from a JSON object; with
    /// `merge_existing` it is deep-merged onto that worker's attributes (48920
    /// without a supervisor or admin token, 48302 on failure).
    /// `out_worker_json` (or NULL) receives the target worker.
    async fn flex_client_set_worker_attributes(
        client: *const flex_client => &flex_client,
        worker_sid: *const c_char => &str,
        attributes_json: *const c_char => Json<Value>,
        merge_existing: bool,
        out_worker_json: *mut *mut c_char => Option<Out>,
    ) {
        let worker = client.core.set_worker_attributes(worker_sid, attributes_json.0, merge_existing).await?;
        out_worker_json.json(&worker)
    }
}
