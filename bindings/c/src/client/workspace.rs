//! Workspace queries of `flex_client` (workers, task queues, tasks); each blocks
//! and writes a caller-owned JSON document.

use std::ffi::c_char;

use flex_core::{FlexSdkError, Result, TaskQueuesFilter, WorkersFilter};
use serde_json::Value;

use super::{core, flex_client, json_out};
use crate::error::flex_result;
use crate::ffi;
use crate::json;
use crate::json_tasks;
use crate::runtime::block_on;
use crate::strings::{arg_str, opt_str};

/// Parses an optional filter JSON object (NULL is `{}`).
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string.
unsafe fn filter_arg(ptr: *const c_char) -> Result<Value> {
    // SAFETY: guaranteed by the caller.
    let Some(text) = (unsafe { opt_str(ptr, "filter_json") })? else {
        return Ok(Value::Object(Default::default()));
    };
    match serde_json::from_str(text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(FlexSdkError::invalid_params("filter_json must be a JSON object")),
        Err(e) => Err(FlexSdkError::invalid_params(format!("filter_json is not valid JSON: {e}"))),
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn page_size(v: &Value) -> Result<Option<u32>> {
    match v.get("page_size") {
        None | Some(Value::Null) => Ok(None),
        Some(n) => n
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| FlexSdkError::invalid_params("page_size must be a positive integer")),
    }
}

/// Writes every worker matching `filter_json` (NULL or an object with optional
/// `friendly_name`, `activity_sid`, `activity_name`, `target_workers_expression`,
/// `ordering`, `page_size`) as a JSON array to `*out_json`; all pages are followed.
///
/// # Safety
/// `client` is a live client; `filter_json` is NULL or a NUL-terminated string; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_fetch_workers_info(
    client: *const flex_client,
    filter_json: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (core, f) = unsafe { (core(client)?, filter_arg(filter_json)?) };
        let filter = WorkersFilter {
            friendly_name: text(&f, "friendly_name"),
            activity_sid: text(&f, "activity_sid"),
            activity_name: text(&f, "activity_name"),
            target_workers_expression: text(&f, "target_workers_expression"),
            ordering: text(&f, "ordering"),
            page_size: page_size(&f)?,
        };
        let list = block_on(core.get_workspace().fetch_workers_info(filter))?;
        out.write(list.iter().map(json_tasks::worker_info).collect())
    })
}

/// Writes one worker of the workspace as JSON to `*out_json`.
///
/// # Safety
/// `client` is a live client; `worker_sid` is a NUL-terminated string; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_fetch_worker_info(
    client: *const flex_client,
    worker_sid: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (core, sid) = unsafe { (core(client)?, arg_str(worker_sid, "worker_sid")?) };
        let w = block_on(core.get_workspace().fetch_worker_info(sid))?;
        out.write(json_tasks::worker_info(&w))
    })
}

/// Writes every task queue matching `filter_json` (NULL or an object with
/// optional `friendly_name`, `ordering`, `worker_sid`, `page_size`) as a JSON
/// array to `*out_json`; all pages are followed.
///
/// # Safety
/// `client` is a live client; `filter_json` is NULL or a NUL-terminated string; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_fetch_task_queues(
    client: *const flex_client,
    filter_json: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (core, f) = unsafe { (core(client)?, filter_arg(filter_json)?) };
        let filter = TaskQueuesFilter {
            friendly_name: text(&f, "friendly_name"),
            ordering: text(&f, "ordering"),
            worker_sid: text(&f, "worker_sid"),
            page_size: page_size(&f)?,
        };
        let list = block_on(core.get_workspace().fetch_task_queues(filter))?;
        out.write(list.iter().map(json_tasks::task_queue).collect())
    })
}

/// Writes one task queue as JSON to `*out_json`.
///
/// # Safety
/// `client` is a live client; `queue_sid` is a NUL-terminated string; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_fetch_task_queue(
    client: *const flex_client,
    queue_sid: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (core, sid) = unsafe { (core(client)?, arg_str(queue_sid, "queue_sid")?) };
        let q = block_on(core.get_workspace().fetch_task_queue(sid))?;
        out.write(json_tasks::task_queue(&q))
    })
}

/// Writes one task of the workspace as JSON to `*out_json`.
///
/// # Safety
/// `client` is a live client; `task_sid` is a NUL-terminated string; `out_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn flex_client_fetch_task(
    client: *const flex_client,
    task_sid: *const c_char,
    out_json: *mut *mut c_char,
) -> flex_result {
    ffi::call(|| {
        // SAFETY: guaranteed by the caller.
        let out = unsafe { json_out(out_json) }?;
        // SAFETY: guaranteed by the caller.
        let (core, sid) = unsafe { (core(client)?, arg_str(task_sid, "task_sid")?) };
        let t = block_on(core.get_workspace().fetch_task(sid))?;
        out.write(json::task(&t))
    })
}
