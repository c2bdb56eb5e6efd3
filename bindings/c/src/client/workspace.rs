//! Workspace queries of `flex_client` (workers, task queues, tasks); each blocks
//! and writes a caller-owned JSON document to `*out_json`.

use std::ffi::c_char;

use flex_core::{TaskQueuesFilter, WorkersFilter};
use serde::Deserialize;

use super::flex_client;
use crate::ffi::{ffi_fn, Json, Out, Put};

/// The keys of both filters, every one optional (unknown keys are ignored).
#[derive(Default, Deserialize)]
#[serde(default)]
struct Filter {
    friendly_name: Option<String>,
    activity_sid: Option<String>,
    activity_name: Option<String>,
    target_workers_expression: Option<String>,
    ordering: Option<String>,
    worker_sid: Option<String>,
    page_size: Option<u32>,
}

ffi_fn! {
    /// Writes every worker matching `filter_json` (NULL or an object with optional
    /// `friendly_name`, `activity_sid`, `activity_name`, `target_workers_expression`,
    /// `ordering`, `page_size`) as a JSON array; all pages are followed.
    async fn flex_client_fetch_workers_info(
        client: *const flex_client => &flex_client,
        filter_json: *const c_char => Option<Json<Filter>>,
        out_json: *mut *mut c_char => Out,
    ) {
        let f = filter_json.map(|f| f.0).unwrap_or_default();
        let filter = WorkersFilter {
            friendly_name: f.friendly_name,
            activity_sid: f.activity_sid,
            activity_name: f.activity_name,
            target_workers_expression: f.target_workers_expression,
            ordering: f.ordering,
            page_size: f.page_size,
        };
        out_json.json(&client.core.get_workspace().fetch_workers_info(filter).await?)
    }

    /// Writes one worker of the workspace as JSON.
    async fn flex_client_fetch_worker_info(
        client: *const flex_client => &flex_client,
        worker_sid: *const c_char => &str,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&client.core.get_workspace().fetch_worker_info(worker_sid).await?)
    }

    /// Writes every task queue matching `filter_json` (NULL or an object with
    /// optional `friendly_name`, `ordering`, `worker_sid`, `page_size`) as a JSON
    /// array; all pages are followed.
    async fn flex_client_fetch_task_queues(
        client: *const flex_client => &flex_client,
        filter_json: *const c_char => Option<Json<Filter>>,
        out_json: *mut *mut c_char => Out,
    ) {
        let f = filter_json.map(|f| f.0).unwrap_or_default();
        let filter = TaskQueuesFilter {
            friendly_name: f.friendly_name,
            ordering: f.ordering,
            worker_sid: f.worker_sid,
            page_size: f.page_size,
        };
        out_json.json(&client.core.get_workspace().fetch_task_queues(filter).await?)
    }

    /// Writes one task queue as JSON.
    async fn flex_client_fetch_task_queue(
        client: *const flex_client => &flex_client,
        queue_sid: *const c_char => &str,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&client.core.get_workspace().fetch_task_queue(queue_sid).await?)
    }

    /// Writes one task of the workspace as JSON.
    async fn flex_client_fetch_task(
        client: *const flex_client => &flex_client,
        task_sid: *const c_char => &str,
        out_json: *mut *mut c_char => Out,
    ) {
        out_json.json(&client.core.get_workspace().fetch_task(task_sid).await?)
    }
}
