//! [`Workspace`]: the core workspace queries as a UniFFI object.

use std::sync::Arc;

use super::error::FlexSdkError;
use super::runtime::run;
use crate::{Task, TaskQueue, TaskQueuesFilter, WorkerInfo, WorkersFilter};

type Result<T> = std::result::Result<T, FlexSdkError>;

/// Read-only queries over the client's workspace.
#[derive(Debug, uniffi::Object)]
pub struct Workspace(crate::Workspace);

impl Workspace {
    pub(crate) fn new(core: crate::Workspace) -> Arc<Self> {
        Arc::new(Workspace(core))
    }
}

#[uniffi::export]
impl Workspace {
    /// The workspace's workers matching the filter (every page).
    #[uniffi::method(default(filter = None))]
    pub async fn fetch_workers_info(&self, filter: Option<WorkersFilter>) -> Result<Vec<WorkerInfo>> {
        let w = self.0.clone();
        run(async move { w.fetch_workers_info(filter.unwrap_or_default()).await }).await
    }

    /// One worker of the workspace.
    pub async fn fetch_worker_info(&self, worker_sid: String) -> Result<WorkerInfo> {
        let w = self.0.clone();
        run(async move { w.fetch_worker_info(&worker_sid).await }).await
    }

    /// The workspace's task queues matching the filter (every page).
    #[uniffi::method(default(filter = None))]
    pub async fn fetch_task_queues(&self, filter: Option<TaskQueuesFilter>) -> Result<Vec<TaskQueue>> {
        let w = self.0.clone();
        run(async move { w.fetch_task_queues(filter.unwrap_or_default()).await }).await
    }

    /// One task queue of the workspace.
    pub async fn fetch_task_queue(&self, queue_sid: String) -> Result<TaskQueue> {
        let w = self.0.clone();
        run(async move { w.fetch_task_queue(&queue_sid).await }).await
    }

    /// One task of the workspace.
    pub async fn fetch_task(&self, task_sid: String) -> Result<Task> {
        let w = self.0.clone();
        run(async move { w.fetch_task(&task_sid).await }).await
    }
}
