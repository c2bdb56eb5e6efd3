//! Worker and task actions of `flex_client`; each blocks until done. An optional
//! `out_*_json` (NULL or writable) receives the result (caller-owned).

use std::ffi::c_char;

use serde_json::Value;

use super::flex_client;
use crate::ffi::{ffi_fn, Json, Out, Put};

ffi_fn! {
    /// Writes a snapshot of the worker (its activities, channels and active
    /// reservations) as a caller-owned JSON string to `*out_json`; free it with
    /// `flex_string_free`. 48925 after destroy.
    fn flex_client_get_worker(client: *const flex_client => &flex_client, out_json: *mut *mut c_char => Out) {
        out_json.json(&client.core.get_worker()?)
    }

    /// Sets the worker's current activity (an activity SID from the worker's
    /// `activities`); an unknown SID is 48926. With `reject_pending_reservations`
    /// (needs an unavailable activity) pending reservations are rejected.
    /// `out_worker_json` (or NULL) receives the updated worker.
    async fn flex_client_set_current_activity(
        client: *const flex_client => &flex_client,
        activity_sid: *const c_char => &str,
        reject_pending_reservations: bool,
        out_worker_json: *mut *mut c_char => Option<Out>,
    ) {
        out_worker_json.json(&client.core.set_current_activity(activity_sid, reject_pending_reservations).await?)
    }

    /// Sets the worker's attributes from a JSON object; with `merge_existing` it is
    /// deep-merged into the current attributes, otherwise it replaces them.
    /// Malformed JSON or a non-object is 48926. `out_worker_json` (or NULL)
    /// receives the updated worker.
    async fn flex_client_set_attributes(
        client: *const flex_client => &flex_client,
        attributes_json: *const c_char => Json<Value>,
        merge_existing: bool,
        out_worker_json: *mut *mut c_char => Option<Out>,
    ) {
        out_worker_json.json(&client.core.set_attributes(attributes_json.0, merge_existing).await?)
    }

    /// Accepts the worker's pending reservation for the task; returns once the
    /// reservation is accepted (48901 when there is none, 48910 on failure).
    /// `out_reservation_json` (or NULL) receives the reservation.
    async fn flex_client_accept_task(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        out_reservation_json: *mut *mut c_char => Option<Out>,
    ) {
        out_reservation_json.json(&client.core.accept_task(task_sid).await?)
    }

    /// Rejects the worker's pending reservation for the task, optionally moving the
    /// worker to `activity_sid` (NULL: keep it); returns once rejected (48103 on
    /// failure). `out_reservation_json` (or NULL) receives the reservation.
    async fn flex_client_reject_task(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        activity_sid: *const c_char => Option<&str>,
        out_reservation_json: *mut *mut c_char => Option<Out>,
    ) {
        out_reservation_json.json(&client.core.reject_task(task_sid, activity_sid).await?)
    }

    /// Moves the worker's accepted reservation for the task to wrap-up; returns once
    /// wrapping (48104 on failure). `out_reservation_json` (or NULL) receives the reservation.
    async fn flex_client_wrap_up_task(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        out_reservation_json: *mut *mut c_char => Option<Out>,
    ) {
        out_reservation_json.json(&client.core.wrap_up_task(task_sid).await?)
    }

    /// Completes the worker's accepted or wrapping reservation for the task; returns
    /// once completed (48101 on failure). `reason` (may be NULL) completes the task
    /// itself with that reason. `out_reservation_json` (or NULL) receives the reservation.
    async fn flex_client_complete_task(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        reason: *const c_char => Option<&str>,
        out_reservation_json: *mut *mut c_char => Option<Out>,
    ) {
        out_reservation_json.json(&client.core.complete_task(task_sid, reason).await?)
    }

    /// Ends the task: an accepted reservation goes to wrap-up, a wrapping one is
    /// completed (48901 when neither). `out_reservation_json` (or NULL) receives the reservation.
    async fn flex_client_end_task(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        out_reservation_json: *mut *mut c_char => Option<Out>,
    ) {
        out_reservation_json.json(&client.core.end_task(task_sid).await?)
    }
}
