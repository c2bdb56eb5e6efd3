//! Task actions: accept, reject, wrap up, complete (API.md §7.3, plain TaskRouter path).
//! Each sends the reservation update, then resolves on the confirming socket event.

use reqwest::Method;
use serde_json::{json, Map};
use tokio::sync::broadcast::error::RecvError;

use super::{Reservation, ReservationStatus};
use crate::client::FlexClient;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::signal::until;
use crate::transport::tunnel::ApiVersion;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Accept,
    Reject,
    WrapUp,
    Complete,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Accept => "AcceptTask",
            Action::Reject => "RejectTask",
            Action::WrapUp => "WrapUpTask",
            Action::Complete => "CompleteTask",
        }
    }

    fn error_code(self) -> ErrorCode {
        match self {
            Action::Accept => ErrorCode::FailedToAcceptReservation,
            Action::Reject => ErrorCode::FailedToRejectReservation,
            Action::WrapUp => ErrorCode::FailedToWrapUpReservation,
            Action::Complete => ErrorCode::FailedToCompleteReservation,
        }
    }

    /// The status the reservation reaches when the action succeeds.
    fn target(self) -> ReservationStatus {
        match self {
            Action::Accept => ReservationStatus::Accepted,
            Action::Reject => ReservationStatus::Rejected,
            Action::WrapUp => ReservationStatus::Wrapping,
            Action::Complete => ReservationStatus::Completed,
        }
    }

    /// The wire value of `ReservationStatus`.
    fn wire_status(self) -> &'static str {
        match self {
            Action::Accept => "accepted",
            Action::Reject => "rejected",
            Action::WrapUp => "wrapping",
            Action::Complete => "completed",
        }
    }

    /// Whether the action applies to a reservation in this status.
    fn applies_to(self, status: ReservationStatus) -> bool {
        match self {
            Action::Accept | Action::Reject => status == ReservationStatus::Pending,
            Action::WrapUp => status == ReservationStatus::Accepted,
            Action::Complete => matches!(
                status,
                ReservationStatus::Accepted | ReservationStatus::Wrapping
            ),
        }
    }
}

/// Picks the reservation to act on; `Ok(Err(r))` means the action is already done.
fn select(
    action: Action,
    candidates: &[Reservation],
    task_sid: &str,
) -> Result<std::result::Result<Reservation, Reservation>> {
    if let Some(done) = candidates.iter().find(|r| r.status == action.target()) {
        if matches!(action, Action::Accept | Action::WrapUp) {
            return Ok(Err(done.clone()));
        }
    }
    candidates
        .iter()
        .find(|r| action.applies_to(r.status))
        .cloned()
        .map(Ok)
        .ok_or_else(|| {
            FlexSdkError::new(
                ErrorCode::TaskReservationNotFound,
                format!(
                    "{}: no reservation of this worker for task {task_sid} can be acted on",
                    action.name()
                ),
            )
        })
}

impl FlexClient {
    /// Accepts the worker's pending reservation for the task; resolves on
    /// `reservation.accepted`. Already accepted: returns the reservation.
    pub async fn accept_task(&self, task_sid: &str) -> Result<Reservation> {
        self.reservation_action(Action::Accept, task_sid, None)
            .await
    }

    /// Rejects the worker's pending reservation for the task, optionally moving
    /// the worker to `activity_sid`; resolves on `reservation.rejected`.
    pub async fn reject_task(
        &self,
        task_sid: &str,
        activity_sid: Option<&str>,
    ) -> Result<Reservation> {
        self.reservation_action(Action::Reject, task_sid, activity_sid)
            .await
    }

    /// Moves the worker's accepted reservation for the task to wrap-up; resolves on `reservation.wrapup`.
    pub async fn wrap_up_task(&self, task_sid: &str) -> Result<Reservation> {
        self.reservation_action(Action::WrapUp, task_sid, None)
            .await
    }

    /// Completes the worker's accepted or wrapping reservation for the task; resolves on `reservation.completed`.
    pub async fn complete_task(&self, task_sid: &str) -> Result<Reservation> {
        self.reservation_action(Action::Complete, task_sid, None)
            .await
    }

    async fn reservation_action(
        &self,
        action: Action,
        task_sid: &str,
        activity_sid: Option<&str>,
    ) -> Result<Reservation> {
        let inner = &self.inner;
        inner.check_alive()?;
        let task_sid = task_sid.trim();
        if task_sid.is_empty() {
            return Err(FlexSdkError::invalid_params("task_sid must not be empty"));
        }
        let activity_sid = activity_sid.map(str::trim).filter(|s| !s.is_empty());
        let reservation = {
            let st = inner.state();
            if let Some(a) = activity_sid {
                if !st.activities.iter().any(|x| x.sid == a) {
                    return Err(FlexSdkError::invalid_params(format!(
                        "unknown activity {a}"
                    )));
                }
            }
            match select(action, &st.reservation_for_task(task_sid), task_sid)? {
                Ok(r) => r,
                Err(done) => return Ok(done),
            }
        };
        // Subscribe before sending, so that the confirming event cannot be missed.
        let mut events = inner.dispatcher.subscribe();
        let mut params = Map::new();
        params.insert("ReservationStatus".into(), json!(action.wire_status()));
        if let Some(a) = activity_sid {
            params.insert("WorkerActivitySid".into(), json!(a));
        }
        let path = format!(
            "Workers/{}/Reservations/{}",
            inner.worker_sid, reservation.sid
        );
        inner
            .taskrouter(Method::POST, &path, ApiVersion::V1, params)
            .await
            .map_err(|e| e.for_action(action.error_code(), action.name()))?;

        let fail = |why: String| {
            FlexSdkError::new(action.error_code(), format!("{}: {why}", action.name()))
        };
        let deadline = tokio::time::Instant::now() + inner.options.event_timeout;
        let mut shutdown = inner.shutdown.subscribe();
        loop {
            let event = tokio::select! {
                e = tokio::time::timeout_at(deadline, events.recv()) => e,
                _ = until(&mut shutdown, true) => return Err(FlexSdkError::invalid_state("the client was destroyed")),
            };
            match event {
                Ok(Ok(event)) => match event.reservation() {
                    Some(r) if r.sid == reservation.sid && r.status == action.target() => {
                        return Ok(r.clone())
                    }
                    Some(r) if r.sid == reservation.sid && r.status.is_final() => {
                        return Err(fail(format!(
                            "reservation {} ended as {:?}",
                            r.sid, r.status
                        )))
                    }
                    _ => {}
                },
                Ok(Err(RecvError::Lagged(n))) => {
                    tracing::warn!(target: "flex_core::task", skipped = n, "event wait lagged");
                }
                Ok(Err(RecvError::Closed)) => {
                    return Err(FlexSdkError::invalid_state("the client was destroyed"))
                }
                Err(_) => {
                    return Err(fail(format!(
                        "event reservation.{} not received within {:?}",
                        action.wire_status(),
                        inner.options.event_timeout
                    )))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::wire::parse_reservation;
    use serde_json::json;

    fn res(sid: &str, status: &str) -> Reservation {
        parse_reservation(&json!({"sid": sid, "reservation_status": status,
            "task": {"sid": "WT1", "assignment_status": "reserved"}}))
        .unwrap()
    }

    #[test]
    fn selection_per_action() {
        let pending = [res("WR1", "pending")];
        assert_eq!(
            select(Action::Accept, &pending, "WT1")
                .unwrap()
                .unwrap()
                .sid,
            "WR1"
        );
        assert_eq!(
            select(Action::Reject, &pending, "WT1")
                .unwrap()
                .unwrap()
                .sid,
            "WR1"
        );
        let e = select(Action::WrapUp, &pending, "WT1").unwrap_err();
        assert_eq!(e.code, ErrorCode::TaskReservationNotFound);
        let accepted = [res("WR1", "accepted")];
        assert!(
            select(Action::Accept, &accepted, "WT1").unwrap().is_err(),
            "already accepted is done"
        );
        assert!(select(Action::Complete, &accepted, "WT1").unwrap().is_ok());
        assert!(select(Action::Reject, &accepted, "WT1").is_err());
        let wrapping = [res("WR1", "wrapping")];
        assert!(select(Action::Complete, &wrapping, "WT1").unwrap().is_ok());
        assert!(select(Action::Accept, &[], "WT1").is_err());
    }
}
