//! Task actions: accept, reject, wrap up, complete, end (API.md §7.3, plain TaskRouter path).
//! Each sends the reservation update, then resolves on the confirming socket event.

use reqwest::Method;
use serde_json::{json, Map};

use super::wait::{send_and_wait, Step};
use super::{Reservation, ReservationStatus};
use crate::client::FlexClient;
use crate::error::{ErrorCode, FlexSdkError, Result};
use crate::events::FlexEvent;
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
    candidates: &[&Reservation],
    task_sid: &str,
) -> Result<std::result::Result<Reservation, Reservation>> {
    if let Some(done) = candidates.iter().find(|r| r.status == action.target()) {
        if matches!(action, Action::Accept | Action::WrapUp) {
            return Ok(Err((*done).clone()));
        }
    }
    candidates
        .iter()
        .find(|r| action.applies_to(r.status))
        .map(|r| (*r).clone())
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
    /// A voice task on a client with voice is accepted as Flex does: the
    /// `conference` instruction dials this client's device (48414 when it is not
    /// registered, 48917 when the instruction fails), the device auto-accepts
    /// the call, and the platform accepts the reservation, so this resolves once
    /// both the call and the reservation are accepted (Flex resolves right after
    /// the instruction; waiting is this SDK's choice).
    /// A reservation that ends otherwise meanwhile (canceled, rescinded, timed
    /// out) fails with 48910 `FailedToAcceptReservation`, its details naming what happened.
    pub async fn accept_task(&self, task_sid: &str) -> Result<Reservation> {
        self.act(Action::Accept, task_sid, None, None).await
    }

    /// Rejects the worker's pending reservation for the task, optionally moving
    /// the worker to `activity_sid`; resolves on `reservation.rejected`.
    pub async fn reject_task(
        &self,
        task_sid: &str,
        activity_sid: Option<&str>,
    ) -> Result<Reservation> {
        self.act(Action::Reject, task_sid, activity_sid, None).await
    }

    /// Moves the worker's accepted reservation for the task to wrap-up; resolves on `reservation.wrapup`.
    pub async fn wrap_up_task(&self, task_sid: &str) -> Result<Reservation> {
        self.act(Action::WrapUp, task_sid, None, None).await
    }

    /// Completes the worker's accepted or wrapping reservation for the task;
    /// resolves on `reservation.completed`. With a `reason` the task itself is
    /// completed (`AssignmentStatus=completed`, `Reason`), which records the reason.
    pub async fn complete_task(&self, task_sid: &str, reason: Option<&str>) -> Result<Reservation> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        self.act(Action::Complete, task_sid, None, reason).await
    }

    /// Ends the task (API.md §7.3 EndTask): an accepted reservation goes to
    /// wrap-up, a wrapping one is completed. Voice tasks are treated like the
    /// others (no conference is ended). Neither: 48901; the inner action's errors propagate.
    pub async fn end_task(&self, task_sid: &str) -> Result<Reservation> {
        self.inner.check_alive()?;
        let task_sid = non_empty_task(task_sid)?;
        let statuses: Vec<ReservationStatus> = self
            .inner
            .state()
            .reservation_for_task(task_sid)
            .iter()
            .map(|r| r.status)
            .collect();
        if statuses.contains(&ReservationStatus::Accepted) {
            self.wrap_up_task(task_sid).await
        } else if statuses.contains(&ReservationStatus::Wrapping) {
            self.complete_task(task_sid, None).await
        } else {
            Err(FlexSdkError::new(
                ErrorCode::TaskReservationNotFound,
                format!("EndTask: no accepted or wrapping reservation of this worker for task {task_sid}"),
            ))
        }
    }

    /// [`FlexClient::reservation_action`] on the client's runtime (see `Inner::on_runtime`).
    async fn act(
        &self,
        action: Action,
        task_sid: &str,
        activity_sid: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Reservation> {
        let client = self.clone();
        let task_sid = task_sid.to_owned();
        let activity_sid = activity_sid.map(str::to_owned);
        let reason = reason.map(str::to_owned);
        self.inner
            .on_runtime(async move {
                client
                    .reservation_action(action, &task_sid, activity_sid.as_deref(), reason.as_deref())
                    .await
            })
            .await
    }

    async fn reservation_action(
        &self,
        action: Action,
        task_sid: &str,
        activity_sid: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Reservation> {
        let inner = &self.inner;
        inner.check_alive()?;
        let task_sid = non_empty_task(task_sid)?;
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
        let conference = match action {
            Action::Accept => crate::voice::conference_instruction(inner, &reservation)?,
            _ => None,
        };
        let error_code = if conference.is_some() {
            ErrorCode::FailedToCreateConference
        } else {
            action.error_code()
        };
        let mut params = Map::new();
        let path = match (reason, conference) {
            (Some(reason), _) => {
                params.insert("AssignmentStatus".into(), json!("completed"));
                params.insert("Reason".into(), json!(reason));
                format!("Tasks/{task_sid}")
            }
            (None, Some(instruction)) => {
                params = instruction;
                format!("Workers/{}/Reservations/{}", inner.worker_sid, reservation.sid)
            }
            (None, None) => {
                params.insert("ReservationStatus".into(), json!(action.target().as_wire()));
                if let Some(a) = activity_sid {
                    params.insert("WorkerActivitySid".into(), json!(a));
                }
                format!("Workers/{}/Reservations/{}", inner.worker_sid, reservation.sid)
            }
        };
        let send = async {
            inner
                .taskrouter_ack(Method::POST, &path, ApiVersion::V1, params)
                .await
                .map_err(|e| e.for_action(error_code, action.name()))
        };
        let check = |event: &FlexEvent| match event.reservation() {
            Some(r) if r.sid == reservation.sid && r.status == action.target() => {
                Step::Done(r.clone())
            }
            Some(r) if r.sid == reservation.sid && r.status.is_final() => {
                let what = r.status.as_wire();
                Step::Fail(
                    FlexSdkError::new(
                        action.error_code(),
                        format!("{}: reservation {} was {what}", action.name(), r.sid),
                    )
                    .with_details(format!("reservation {what}")),
                )
            }
            _ => Step::Skip,
        };
        send_and_wait(inner, send, check, |timeout| {
            FlexSdkError::new(
                action.error_code(),
                format!(
                    "{}: event reservation.{} not received within {timeout:?}",
                    action.name(),
                    action.target().as_wire()
                ),
            )
        })
        .await
    }
}

/// The trimmed task SID, or `InvalidParams` when empty.
pub(crate) fn non_empty_task(task_sid: &str) -> Result<&str> {
    let task_sid = task_sid.trim();
    if task_sid.is_empty() {
        return Err(FlexSdkError::invalid_params("task_sid must not be empty"));
    }
    Ok(task_sid)
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
        let pending = [&res("WR1", "pending")];
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
        let accepted = [&res("WR1", "accepted")];
        assert!(
            select(Action::Accept, &accepted, "WT1").unwrap().is_err(),
            "already accepted is done"
        );
        assert!(select(Action::Complete, &accepted, "WT1").unwrap().is_ok());
        assert!(select(Action::Reject, &accepted, "WT1").is_err());
        let wrapping = [&res("WR1", "wrapping")];
        assert!(select(Action::Complete, &wrapping, "WT1").unwrap().is_ok());
        assert!(select(Action::Accept, &[], "WT1").is_err());
    }
}
