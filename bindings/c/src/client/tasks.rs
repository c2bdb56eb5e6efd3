//! Task attributes, task participants and supervisor actions of `flex_client`; each blocks until done.

use std::ffi::{c_char, c_void};
use std::ptr;
use std::sync::Arc;

use flex_core::{FlexSdkError, Result};
use serde_json::Value;

use super::{core, flex_client, json_out};
use crate::error::flex_result;
use crate::ffi::{self, arg, arg_mut, write_opt};
use crate::json;
use crate::json_tasks;
use crate::listener::{flex_event_callback, flex_listener_handle, flex_user_data_free, CListener};
use crate::runtime::block_on;
use crate::strings::{arg_str, into_raw};

/// Parses a required JSON attributes argument; malformed JSON is 48926.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string.
unsafe fn attributes_arg(ptr: *const c_char) -> Result<Value> {
    // SAFETY: guaranteed by the caller.
    let text = unsafe { arg_str(ptr, "attributes_json") }?;
    serde_json::from_str(text)
        .map_err(|e| FlexSdkError::invalid_params(format!("attributes_json is not valid JSON: {e}")))
}

/// Sets a task's attributes from a JSON object; with `merge_existing` it is
/// deep-merged onto the task's attributes. Returns once `task.updated` arrives
/// (48105 on failure, 48901 without a reservation for the task). When
/// `out_task_json` is not NULL it receives the updated task (caller-owned).
///
/// # Safety
/// `client` is a live client; `task_sid` and `attributes_json` are
/// NUL-terminated strings; `out_task_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_set_task_attributes(
    client: *const flex_client,
    task_sid: *const c_char,
    attributes_json: *const c_char,
    merge_existing: bool,
    out_task_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let (core, sid, attributes) =
            unsafe { (core(client)?, arg_str(task_sid, "task_sid")?, attributes_arg(attributes_json)?) };
        let task = block_on(core.set_task_attributes(sid, attributes, merge_existing))?;
        unsafe { write_opt(out_task_json, || into_raw(json::task(&task).to_string())) };
        Ok(())
    })
}

/// Writes the participants of the task's interaction channel as a JSON array
/// (caller-owned) to `*out_json` (48901 without a reservation for the task, 48913 on failure).
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_get_task_participants(
    client: *const flex_client,
    task_sid: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (core, sid) = unsafe { (core(client)?, arg_str(task_sid, "task_sid")?) };
        let list = block_on(core.get_task_participants(sid))?;
        let json: Vec<Value> = list.iter().map(json_tasks::participant).collect();
        out.write(Value::Array(json))
    })
}

/// Registers a listener for one task's participant events (kind
/// `FLEX_EVENT_TASK_PARTICIPANT`), with the same threading and `user_data`
/// rules as `flex_client_add_listener`. 48901 without a reservation for the
/// task; on any failure `free_user_data` is not called.
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string;
/// `user_data` must be usable from the dispatcher thread; `out_handle` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_add_task_participant_listener(
    client: *const flex_client,
    task_sid: *const c_char,
    callback: flex_event_callback,
    user_data: *mut c_void,
    free_user_data: flex_user_data_free,
    out_handle: *mut *mut flex_listener_handle,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let client = unsafe { arg(client, "client") }?;
        let out = unsafe { arg_mut(out_handle, "out_handle") }?;
        *out = ptr::null_mut();
        let sid = unsafe { arg_str(task_sid, "task_sid") }?;
        let callback = callback.ok_or_else(|| FlexSdkError::invalid_params("callback must not be NULL"))?;
        if *client.destroyed() {
            return Err(FlexSdkError::invalid_state("the client was destroyed"));
        }
        // Checked first so that a failure never takes ownership of `user_data`.
        if !client.core.get_worker()?.reservations.iter().any(|r| r.task.sid == sid.trim()) {
            return Err(FlexSdkError::new(
                flex_core::ErrorCode::TaskReservationNotFound,
                format!("AddTaskParticipantListener: no reservation of this worker for task {sid}"),
            ));
        }
        let (listener, enabled) = CListener::new(callback, user_data, free_user_data, &client.live);
        let handle = client.core.add_task_participant_listener(sid, Arc::new(listener))?;
        *out = Box::into_raw(Box::new(flex_listener_handle { handle, enabled }));
        Ok(())
    })
}

/// Supervisor: sets another worker's activity (48920 without a supervisor or
/// admin token, 48301 with pending reservations, 48300 otherwise). When
/// `out_worker_json` is not NULL it receives the target worker (caller-owned).
///
/// # Safety
/// `client` is a live client; `worker_sid` and `activity_sid` are
/// NUL-terminated strings; `out_worker_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_set_worker_activity(
    client: *const flex_client,
    worker_sid: *const c_char,
    activity_sid: *const c_char,
    reject_pending_reservations: bool,
    out_worker_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let (core, wk, wa) = unsafe {
            (core(client)?, arg_str(worker_sid, "worker_sid")?, arg_str(activity_sid, "activity_sid")?)
        };
        let w = block_on(core.set_worker_activity(wk, wa, reject_pending_reservations))?;
        unsafe { write_opt(out_worker_json, || into_raw(json_tasks::worker_info(&w).to_string())) };
        Ok(())
    })
}

/// Supervisor: sets another worker's attributes from a JSON object; with
/// `merge_existing` it is deep-merged onto that worker's attributes (48920
/// without a supervisor or admin token, 48302 on failure). When
/// `out_worker_json` is not NULL it receives the target worker (caller-owned).
///
/// # Safety
/// `client` is a live client; `worker_sid` and `attributes_json` are
/// NUL-terminated strings; `out_worker_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_set_worker_attributes(
    client: *const flex_client,
    worker_sid: *const c_char,
    attributes_json: *const c_char,
    merge_existing: bool,
    out_worker_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let (core, wk, attributes) =
            unsafe { (core(client)?, arg_str(worker_sid, "worker_sid")?, attributes_arg(attributes_json)?) };
        let w = block_on(core.set_worker_attributes(wk, attributes, merge_existing))?;
        unsafe { write_opt(out_worker_json, || into_raw(json_tasks::worker_info(&w).to_string())) };
        Ok(())
    })
}
