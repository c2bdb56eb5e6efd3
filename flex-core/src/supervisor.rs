//! Supervisor actions (API.md §7.2): set another worker's activity or attributes.
//! Unlike the official SDK, comparisons and merges use the TARGET worker's state.

use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::client::FlexClient;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::transport::tunnel::ApiVersion;
use crate::worker::actions::is_pending_reservations_error;
use crate::worker::merge::deep_merge;
use crate::workspace::{parse_worker_info, WorkerInfo};

impl FlexClient {
    /// 48920 `AccessDeniedError` unless the token's roles include supervisor or admin.
    fn check_supervisor(&self, action: &str) -> Result<()> {
        let roles = self.token_info().roles;
        if roles.iter().any(|r| r == "supervisor" || r == "admin") {
            Ok(())
        } else {
            Err(FlexSdkError::new(
                ErrorCode::AccessDeniedError,
                format!("{action}: the token's roles ({}) include neither supervisor nor admin", roles.join(", ")),
            ))
        }
    }

    /// Fetches the target worker, mapping failures to the action's code.
    async fn target_worker(&self, worker_sid: &str, code: ErrorCode, action: &str) -> Result<WorkerInfo> {
        let path = format!("Workers/{worker_sid}");
        let v = self
            .inner
            .taskrouter(Method::GET, &path, ApiVersion::V1, Map::new())
            .await
            .map_err(|e| e.for_action(code, action))?;
        parse_worker_info(&v)
    }

    /// Posts an update to the target worker and returns it as updated.
    async fn post_worker(&self, worker_sid: &str, params: Map<String, Value>) -> Result<WorkerInfo> {
        let path = format!("Workers/{worker_sid}");
        let v = self
            .inner
            .taskrouter(Method::POST, &path, ApiVersion::V1, params)
            .await?;
        parse_worker_info(&v)
    }

    /// Supervisor: sets another worker's activity (a no-op when it is already
    /// the target's current one). Needs a supervisor or admin token (48920, no
    /// request sent); an unknown activity is `InvalidParams`; pending
    /// reservations give 48301, other failures 48300. Returns the target worker.
    pub async fn set_worker_activity(
        &self,
        worker_sid: &str,
        activity_sid: &str,
        reject_pending_reservations: bool,
    ) -> Result<WorkerInfo> {
        const ACTION: &str = "SetWorkerActivity";
        self.inner.check_alive()?;
        self.check_supervisor(ACTION)?;
        let (worker_sid, activity_sid) = (worker_sid.trim(), activity_sid.trim());
        if worker_sid.is_empty() || activity_sid.is_empty() {
            return Err(FlexSdkError::invalid_params("worker_sid and activity_sid must not be empty"));
        }
        let available = self
            .inner
            .state()
            .activities
            .iter()
            .find(|a| a.sid == activity_sid)
            .map(|a| a.available)
            .ok_or_else(|| FlexSdkError::invalid_params(format!("unknown activity {activity_sid}")))?;
        if reject_pending_reservations && available {
            return Err(FlexSdkError::invalid_params(
                "reject_pending_reservations requires an unavailable activity",
            ));
        }
        let code = ErrorCode::FailedToSetWorkerActivityBySupervisor;
        let target = self.target_worker(worker_sid, code, ACTION).await?;
        if target.activity_sid == activity_sid {
            tracing::warn!(target: "flex_core::supervisor", %worker_sid, %activity_sid, "activity is already current; nothing to do");
            return Ok(target);
        }
        let mut params = Map::new();
        params.insert("ActivitySid".into(), json!(activity_sid));
        if reject_pending_reservations {
            params.insert("RejectPendingReservations".into(), json!(true));
        }
        self.post_worker(worker_sid, params).await.map_err(|e| {
            let code = if is_pending_reservations_error(&e.message) {
                ErrorCode::ActivityChangeRejectedPendingReservations
            } else {
                code
            };
            e.for_action(code, ACTION)
        })
    }

    /// Supervisor: sets another worker's attributes (a JSON object); with
    /// `merge_existing` it is deep-merged onto the TARGET worker's attributes.
    /// Needs a supervisor or admin token (48920, no request sent); failures are
    /// 48302. Returns the target worker.
    pub async fn set_worker_attributes(
        &self,
        worker_sid: &str,
        attributes: Value,
        merge_existing: bool,
    ) -> Result<WorkerInfo> {
        const ACTION: &str = "SetWorkerAttributes";
        self.inner.check_alive()?;
        self.check_supervisor(ACTION)?;
        let worker_sid = worker_sid.trim();
        if worker_sid.is_empty() {
            return Err(FlexSdkError::invalid_params("worker_sid must not be empty"));
        }
        if !attributes.is_object() {
            return Err(FlexSdkError::invalid_params("attributes must be a JSON object"));
        }
        let code = ErrorCode::FailedToSetWorkerAttributesBySupervisor;
        let payload = if merge_existing {
            let mut base = self.target_worker(worker_sid, code, ACTION).await?.attributes;
            deep_merge(&mut base, attributes);
            base
        } else {
            attributes
        };
        let mut params = Map::new();
        params.insert("Attributes".into(), payload);
        self.post_worker(worker_sid, params)
            .await
            .map_err(|e| e.for_action(code, ACTION))
    }
}
