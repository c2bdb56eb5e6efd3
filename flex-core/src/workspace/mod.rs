//! [`Workspace`]: read-only queries over the TaskRouter workspace (workers,
//! task queues, tasks), with [`WorkerInfo`], [`TaskQueue`] and the filters.

use serde::Serialize;

mod wire;

use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::client::FlexClient;
use crate::error::{FlexSdkError, Result};
use crate::task::wire::parse_task;
use crate::task::Task;
use crate::transport::tunnel::ApiVersion;
pub(crate) use wire::parse_worker_info;
use wire::parse_task_queue;

/// Page size used when a filter does not set one.
const DEFAULT_PAGE_SIZE: u32 = 1000;

/// A worker of the workspace, as the workspace lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
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
    /// The worker attributes (a JSON object).
    pub attributes: Value,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TaskQueue {
    /// The queue SID (`WQ…`).
    pub sid: String,
    /// The queue's friendly name.
    pub name: String,
    /// The worker expression (`1==1`).
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

record_with_defaults! {
    /// Filters of [`Workspace::fetch_workers_info`] (PROTOCOL.md §5.2); `None` means no filter.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct WorkersFilter {
        /// Exact friendly name.
        pub friendly_name: Option<String> = None,
        /// Current activity SID.
        pub activity_sid: Option<String> = None,
        /// Current activity name.
        pub activity_name: Option<String> = None,
        /// A TaskRouter expression over worker attributes.
        pub target_workers_expression: Option<String> = None,
        /// Server ordering, e.g. `DateStatusChanged:desc`.
        pub ordering: Option<String> = None,
        /// Items per page (1–1000, default 1000); every page is fetched.
        pub page_size: Option<u32> = None,
    }
}

record_with_defaults! {
    /// Filters of [`Workspace::fetch_task_queues`] (PROTOCOL.md §5.2); `None` means no filter.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TaskQueuesFilter {
        /// Exact friendly name.
        pub friendly_name: Option<String> = None,
        /// Server ordering, e.g. `DateUpdated:desc`.
        pub ordering: Option<String> = None,
        /// Only queues this worker is eligible for.
        pub worker_sid: Option<String> = None,
        /// Items per page (1–1000, default 1000); every page is fetched.
        pub page_size: Option<u32> = None,
    }
}

/// Read-only queries over the client's workspace. Cheap to clone; shares the client's session.
#[derive(Debug, Clone)]
pub struct Workspace {
    client: FlexClient,
}

fn put(params: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        params.insert(key.into(), json!(v));
    }
}

fn check_sid(what: &str, sid: &str) -> Result<()> {
    if sid.trim().is_empty() {
        return Err(FlexSdkError::invalid_params(format!("{what} must not be empty")));
    }
    Ok(())
}

fn check_page_size(page_size: Option<u32>) -> Result<u32> {
    match page_size {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n @ 1..=1000) => Ok(n),
        Some(n) => Err(FlexSdkError::invalid_params(format!(
            "page_size must be between 1 and 1000, got {n}"
        ))),
    }
}

impl FlexClient {
    /// The workspace of this client, for worker, queue and task queries.
    pub fn get_workspace(&self) -> Workspace {
        Workspace {
            client: self.clone(),
        }
    }
}

impl Workspace {
    async fn get(&self, path: &str) -> Result<Value> {
        let inner = &self.client.inner;
        inner.check_alive()?;
        inner
            .taskrouter(Method::GET, path, ApiVersion::V1, Map::new())
            .await
    }

    async fn list<T>(
        &self,
        path: &str,
        params: Map<String, Value>,
        page_size: Option<u32>,
        parse: fn(&Value) -> Result<T>,
    ) -> Result<Vec<T>> {
        let inner = &self.client.inner;
        inner.check_alive()?;
        let page_size = check_page_size(page_size)?;
        let path = format!("Workspaces/{}/{path}", inner.workspace_sid);
        let items = inner
            .tunnel
            .list_paged(&inner.broker, &path, ApiVersion::V1, params, page_size)
            .await?;
        items.iter().map(parse).collect()
    }

    /// Every worker matching the filter, all pages followed.
    pub async fn fetch_workers_info(&self, filter: WorkersFilter) -> Result<Vec<WorkerInfo>> {
        let mut p = Map::new();
        put(&mut p, "FriendlyName", &filter.friendly_name);
        put(&mut p, "ActivitySid", &filter.activity_sid);
        put(&mut p, "ActivityName", &filter.activity_name);
        put(&mut p, "TargetWorkersExpression", &filter.target_workers_expression);
        put(&mut p, "Ordering", &filter.ordering);
        self.list("Workers", p, filter.page_size, parse_worker_info)
            .await
    }

    /// One worker of the workspace.
    pub async fn fetch_worker_info(&self, worker_sid: &str) -> Result<WorkerInfo> {
        check_sid("worker_sid", worker_sid)?;
        parse_worker_info(&self.get(&format!("Workers/{}", worker_sid.trim())).await?)
    }

    /// Every task queue matching the filter, all pages followed.
    pub async fn fetch_task_queues(&self, filter: TaskQueuesFilter) -> Result<Vec<TaskQueue>> {
        let mut p = Map::new();
        put(&mut p, "FriendlyName", &filter.friendly_name);
        put(&mut p, "Ordering", &filter.ordering);
        put(&mut p, "WorkerSid", &filter.worker_sid);
        self.list("TaskQueues", p, filter.page_size, parse_task_queue)
            .await
    }

    /// One task queue of the workspace.
    pub async fn fetch_task_queue(&self, queue_sid: &str) -> Result<TaskQueue> {
        check_sid("queue_sid", queue_sid)?;
        parse_task_queue(&self.get(&format!("TaskQueues/{}", queue_sid.trim())).await?)
    }

    /// One task of the workspace (any task, not only this worker's).
    pub async fn fetch_task(&self, task_sid: &str) -> Result<Task> {
        check_sid("task_sid", task_sid)?;
        parse_task(&self.get(&format!("Tasks/{}", task_sid.trim())).await?)
    }
}
