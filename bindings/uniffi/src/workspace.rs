//! [`Workspace`]: the flex-core workspace queries as a UniFFI object, with its records.

use std::sync::Arc;

use flex_core::{Task, TaskQueue, TaskQueuesFilter, WorkerInfo, WorkersFilter};

use crate::error::FlexSdkError;
use crate::types::JsonValue;

/// A worker of the workspace, as the workspace lists it.
#[uniffi::remote(Record)]
pub struct WorkerInfo {
    /// The worker SID (`WK…`).
    pub sid: String,
    /// The worker's friendly name.
    pub name: String,
    /// The account SID (`AC…`).
    pub account_sid: String,
    /// The workspace SID (`WS…`).
    pub workspace_sid: String,
    /// The current activity SID.
    pub activity_sid: String,
    /// The current activity name.
    pub activity_name: String,
    /// Whether the worker is available for work.
    pub available: bool,
    /// The worker attributes (JSON text).
    pub attributes: JsonValue,
    /// Creation time (epoch seconds).
    pub date_created: i64,
    /// Last update time (epoch seconds).
    pub date_updated: i64,
    /// When the activity last changed (epoch seconds).
    pub date_status_changed: i64,
    /// The server's version of the worker.
    pub version: String,
}

/// A task queue of the workspace.
#[uniffi::remote(Record)]
pub struct TaskQueue {
    /// The queue SID (`WQ…`).
    pub sid: String,
    /// The queue's friendly name.
    pub name: String,
    /// The worker expression.
    pub target_workers: String,
    /// Parallel reservations per task.
    pub max_reserved_workers: u32,
    /// `FIFO` or `LIFO`.
    pub task_order: String,
    /// The activity a reserved worker moves to.
    pub reservation_activity_sid: Option<String>,
    /// Its name.
    pub reservation_activity_name: Option<String>,
    /// The activity an assigned worker moves to.
    pub assignment_activity_sid: Option<String>,
    /// Its name.
    pub assignment_activity_name: Option<String>,
    /// Creation time (epoch seconds).
    pub date_created: i64,
    /// Last update time (epoch seconds).
    pub date_updated: i64,
}

/// Filters of `fetch_workers_info`; `None` means no filter.
#[uniffi::remote(Record)]
pub struct WorkersFilter {
    /// Exact friendly name.
    #[uniffi(default = None)]
    pub friendly_name: Option<String>,
    /// Current activity SID.
    #[uniffi(default = None)]
    pub activity_sid: Option<String>,
    /// Current activity name.
    #[uniffi(default = None)]
    pub activity_name: Option<String>,
    /// A TaskRouter expression over worker attributes.
    #[uniffi(default = None)]
    pub target_workers_expression: Option<String>,
    /// Server ordering, e.g. `DateStatusChanged:desc`.
    #[uniffi(default = None)]
    pub ordering: Option<String>,
    /// Items per page (1–1000, default 1000); every page is fetched.
    #[uniffi(default = None)]
    pub page_size: Option<u32>,
}

/// Filters of `fetch_task_queues`; `None` means no filter.
#[uniffi::remote(Record)]
pub struct TaskQueuesFilter {
    /// Exact friendly name.
    #[uniffi(default = None)]
    pub friendly_name: Option<String>,
    /// Server ordering.
    #[uniffi(default = None)]
    pub ordering: Option<String>,
    /// Only queues this worker is eligible for.
    #[uniffi(default = None)]
    pub worker_sid: Option<String>,
    /// Items per page (1–1000, default 1000); every page is fetched.
    #[uniffi(default = None)]
    pub page_size: Option<u32>,
}

/// Read-only queries over the client's workspace.
#[derive(Debug, uniffi::Object)]
pub struct Workspace(flex_core::Workspace);

impl Workspace {
    pub(crate) fn new(core: flex_core::Workspace) -> Arc<Self> {
        Arc::new(Workspace(core))
    }
}

type Result<T> = std::result::Result<T, FlexSdkError>;

#[uniffi::export(async_runtime = "tokio")]
impl Workspace {
    /// Every worker matching the filter, all pages followed.
    pub async fn fetch_workers_info(&self, filter: WorkersFilter) -> Result<Vec<WorkerInfo>> {
        Ok(self.0.fetch_workers_info(filter).await?)
    }

    /// One worker of the workspace.
    pub async fn fetch_worker_info(&self, worker_sid: String) -> Result<WorkerInfo> {
        Ok(self.0.fetch_worker_info(&worker_sid).await?)
    }

    /// Every task queue matching the filter, all pages followed.
    pub async fn fetch_task_queues(&self, filter: TaskQueuesFilter) -> Result<Vec<TaskQueue>> {
        Ok(self.0.fetch_task_queues(filter).await?)
    }

    /// One task queue of the workspace.
    pub async fn fetch_task_queue(&self, queue_sid: String) -> Result<TaskQueue> {
        Ok(self.0.fetch_task_queue(&queue_sid).await?)
    }

    /// One task of the workspace.
    pub async fn fetch_task(&self, task_sid: String) -> Result<Task> {
        Ok(self.0.fetch_task(&task_sid).await?)
    }
}
