//! Worker and task actions of `flex_client`; each blocks until done.

use std::ffi::c_char;

use flex_core::{FlexSdkError, Reservation, Result, Worker};

use super::{core, flex_client, write_json};
use crate::error::flex_result;
use crate::ffi::{self, write_opt};
use crate::json;
use crate::runtime::block_on;
use crate::strings::{arg_str, into_raw, opt_str};

/// Writes a worker as JSON to an optional out-parameter.
///
/// # Safety
/// `out` is NULL or writable.
unsafe fn write_worker(out: *mut *mut c_char, w: &Worker) {
    // SAFETY: guaranteed by the caller.
    unsafe { write_opt(out, || into_raw(json::worker(w).to_string())) }
}

/// Writes a reservation as JSON to an optional out-parameter.
///
/// # Safety
/// `out` is NULL or writable.
unsafe fn write_reservation(out: *mut *mut c_char, r: &Reservation) {
    // SAFETY: guaranteed by the caller.
    unsafe { write_opt(out, || into_raw(json::reservation(r).to_string())) }
}

/// Writes a snapshot of the worker (its activities, channels and active
/// reservations) as a caller-owned JSON string to `*out_json`; free it with
/// `flex_string_free`. 48925 after destroy.
///
/// # Safety
/// `client` is a live client; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_get_worker(
    client: *const flex_client,
    out_json: *mut *mut c_char,
) -> flex_result {
    // SAFETY: guaranteed by the caller.
    ffi::call(|| unsafe { write_json(out_json, json::worker(&core(client)?.get_worker()?)) })
}

/// Sets the worker's current activity (an activity SID from the worker's
/// `activities`); an unknown SID is 48926. With `reject_pending_reservations`
/// (needs an unavailable activity) pending reservations are rejected. When
/// `out_worker_json` is not NULL it receives the updated worker (caller-owned).
///
/// # Safety
/// `client` is a live client; `activity_sid` is a NUL-terminated string;
/// `out_worker_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_set_current_activity(
    client: *const flex_client,
    activity_sid: *const c_char,
    reject_pending_reservations: bool,
    out_worker_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let (core, sid) = unsafe { (core(client)?, arg_str(activity_sid, "activity_sid")?) };
        let worker = block_on(core.set_current_activity(sid, reject_pending_reservations))?;
        unsafe { write_worker(out_worker_json, &worker) };
        Ok(())
    })
}

/// Sets the worker's attributes from a JSON object; with `merge_existing` it is
/// deep-merged into the current attributes, otherwise it replaces them.
/// Malformed JSON or a non-object is 48926. When `out_worker_json` is not NULL
/// it receives the updated worker (caller-owned).
///
/// # Safety
/// `client` is a live client; `attributes_json` is a NUL-terminated string;
/// `out_worker_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_set_attributes(
    client: *const flex_client,
    attributes_json: *const c_char,
    merge_existing: bool,
    out_worker_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let (core, text) = unsafe { (core(client)?, arg_str(attributes_json, "attributes_json")?) };
        let attributes = serde_json::from_str(text).map_err(|e| {
            FlexSdkError::invalid_params(format!("attributes_json is not valid JSON: {e}"))
        })?;
        let worker = block_on(core.set_attributes(attributes, merge_existing))?;
        unsafe { write_worker(out_worker_json, &worker) };
        Ok(())
    })
}

/// Runs one reservation action and writes the reservation to the optional out-parameter.
///
/// # Safety
/// As for the entry points below.
unsafe fn task_action(
    client: *const flex_client,
    task_sid: *const c_char,
    out: *mut *mut c_char,
    action: impl AsyncFnOnce(&flex_core::FlexClient, &str) -> Result<Reservation>,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let (core, sid) = unsafe { (core(client)?, arg_str(task_sid, "task_sid")?) };
        let reservation = block_on(action(core, sid))?;
        unsafe { write_reservation(out, &reservation) };
        Ok(())
    })
}

/// Accepts the worker's pending reservation for the task; returns once the
/// reservation is accepted (48901 when there is none, 48910 on failure). When
/// `out_reservation_json` is not NULL it receives the reservation (caller-owned).
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string;
/// `out_reservation_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_accept_task(
    client: *const flex_client,
    task_sid: *const c_char,
    out_reservation_json: *mut *mut c_char,
) -> flex_result {
    unsafe {
        task_action(client, task_sid, out_reservation_json, async |c, t| {
            c.accept_task(t).await
        })
    }
}

/// Rejects the worker's pending reservation for the task, optionally moving the
/// worker to `activity_sid` (NULL: keep it); returns once rejected (48103 on
/// failure). When `out_reservation_json` is not NULL it receives the reservation.
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string;
/// `activity_sid` is NULL or one; `out_reservation_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_reject_task(
    client: *const flex_client,
    task_sid: *const c_char,
    activity_sid: *const c_char,
    out_reservation_json: *mut *mut c_char,
) -> flex_result {
    unsafe {
        task_action(client, task_sid, out_reservation_json, async |c, t| {
            let activity = opt_str(activity_sid, "activity_sid")?;
            c.reject_task(t, activity).await
        })
    }
}

/// Moves the worker's accepted reservation for the task to wrap-up; returns once
/// wrapping (48104 on failure). When `out_reservation_json` is not NULL it
/// receives the reservation (caller-owned).
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string;
/// `out_reservation_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_wrap_up_task(
    client: *const flex_client,
    task_sid: *const c_char,
    out_reservation_json: *mut *mut c_char,
) -> flex_result {
    unsafe {
        task_action(client, task_sid, out_reservation_json, async |c, t| {
            c.wrap_up_task(t).await
        })
    }
}

/// Completes the worker's accepted or wrapping reservation for the task; returns
/// once completed (48101 on failure). `reason` (may be NULL) completes the task
/// itself with that reason. When `out_reservation_json` is not NULL it receives
/// the reservation (caller-owned).
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string; `reason`
/// is NULL or one; `out_reservation_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_complete_task(
    client: *const flex_client,
    task_sid: *const c_char,
    reason: *const c_char,
    out_reservation_json: *mut *mut c_char,
) -> flex_result {
    unsafe {
        task_action(client, task_sid, out_reservation_json, async |c, t| {
            let reason = opt_str(reason, "reason")?;
            c.complete_task(t, reason).await
        })
    }
}

/// Ends the task: an accepted reservation goes to wrap-up, a wrapping one is
/// completed (48901 when neither). When `out_reservation_json` is not NULL it
/// receives the reservation (caller-owned).
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string;
/// `out_reservation_json` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_end_task(
    client: *const flex_client,
    task_sid: *const c_char,
    out_reservation_json: *mut *mut c_char,
) -> flex_result {
    unsafe {
        task_action(client, task_sid, out_reservation_json, async |c, t| {
            c.end_task(t).await
        })
    }
}
