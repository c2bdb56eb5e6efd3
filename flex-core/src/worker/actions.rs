//! Worker actions: set the current activity, set the attributes (API.md §7.1).

use reqwest::Method;
use serde_json::{json, Map, Value};

use super::merge::deep_merge;
use super::wire::parse_worker;
use super::Worker;
use crate::client::FlexClient;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::transport::tunnel::ApiVersion;

/// Whether a server message says the worker has pending reservations
/// (`Worker WK… cannot have its activity updated while it has … pending reservations`).
pub(crate) fn is_pending_reservations_error(message: &str) -> bool {
    message
        .find("Worker WK")
        .map(|i| &message[i..])
        .and_then(|m| {
            m.find("cannot have its activity updated while it has")
                .map(|j| &m[j..])
        })
        .is_some_and(|m| m.contains(" pending reservations"))
}

impl FlexClient {
    /// Sets the worker's current activity. An unknown activity is `InvalidParams`;
    /// the current activity is a no-op. Returns the updated worker.
    pub async fn set_current_activity(
        &self,
        activity_sid: &str,
        reject_pending_reservations: bool,
    ) -> Result<Worker> {
        let inner = &self.inner;
        inner.check_alive()?;
        let activity_sid = activity_sid.trim();
        if activity_sid.is_empty() {
            return Err(FlexSdkError::invalid_params(
                "activity_sid must not be empty",
            ));
        }
        {
            let st = inner.state();
            let Some(activity) = st.activities.iter().find(|a| a.sid == activity_sid) else {
                return Err(FlexSdkError::invalid_params(format!(
                    "unknown activity {activity_sid}"
                )));
            };
            if st.worker.activity_sid == activity_sid {
                tracing::warn!(target: "flex_core::worker", %activity_sid, "activity is already current; nothing to do");
                return Ok(st.worker());
            }
            if reject_pending_reservations && activity.available {
                return Err(FlexSdkError::invalid_params(
                    "reject_pending_reservations requires an unavailable activity",
                ));
            }
        }
        let mut params = Map::new();
        params.insert("ActivitySid".into(), json!(activity_sid));
        if reject_pending_reservations {
            params.insert("RejectPendingReservations".into(), json!(true));
        }
        self.update_worker(params).await.map_err(|e| {
            let code = if is_pending_reservations_error(&e.message) {
                ErrorCode::FailedToSetCurrentWorkerActivityDueToPendingReservations
            } else {
                ErrorCode::FailedToSetCurrentWorkerActivity
            };
            e.for_action(code, "SetCurrentActivity")
        })
    }

    /// Sets the worker's attributes (a JSON object). With `merge_existing` the
    /// object is deep-merged into the current attributes; otherwise it replaces them.
    pub async fn set_attributes(&self, attributes: Value, merge_existing: bool) -> Result<Worker> {
        let inner = &self.inner;
        inner.check_alive()?;
        if !attributes.is_object() {
            return Err(FlexSdkError::invalid_params(
                "attributes must be a JSON object",
            ));
        }
        let payload = if merge_existing {
            let mut base = inner.state().worker.attributes.clone();
            deep_merge(&mut base, attributes);
            base
        } else {
            attributes
        };
        let mut params = Map::new();
        params.insert("Attributes".into(), payload);
        self.update_worker(params).await.map_err(|e| {
            e.for_action(
                ErrorCode::FailedToSetCurrentWorkerAttributes,
                "SetAttributes",
            )
        })
    }

    /// POSTs to the worker and applies the returned worker to the local state.
    async fn update_worker(&self, params: Map<String, Value>) -> Result<Worker> {
        let inner = &self.inner;
        let path = format!("Workers/{}", inner.worker_sid);
        let payload = inner
            .taskrouter(Method::POST, &path, ApiVersion::V1, params)
            .await?;
        let updated = parse_worker(&payload)?;
        let mut st = inner.state();
        st.set_worker_fields(updated);
        Ok(st.worker())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_reservation_message() {
        assert!(is_pending_reservations_error(
            "Worker WKxx cannot have its activity updated while it has 2 pending reservations"
        ));
        assert!(is_pending_reservations_error(
            "Error: Worker WK1 cannot have its activity updated while it has pending reservations."
        ));
        assert!(!is_pending_reservations_error("Activity not found"));
        assert!(!is_pending_reservations_error(
            "cannot have its activity updated while it has pending reservations"
        ));
    }
}
