//! Reservation operations: offer, accept, reject, wrap, complete, time out.

use std::time::Duration;

use super::{find, find_mut, Reservation, ReservationStatus, State, TaskStatus, Timer};
use crate::errors::{ApiError, ApiResult};
use crate::sid::new_sid;
use crate::time::now;

/// `canceled_reason_code` of reservations canceled with their task.
const TASK_CANCELED_CODE: u32 = 20_400;

impl State {
    /// Offers a task to a worker: a pending reservation, `reservation.created`, a timeout timer.
    pub(crate) fn offer(&mut self, task_sid: &str, worker_sid: &str, timeout: Duration) {
        let t = now();
        let sid = new_sid("WR");
        self.reservations.push(Reservation {
            sid: sid.clone(),
            task_sid: task_sid.into(),
            worker_sid: worker_sid.into(),
            status: ReservationStatus::Pending,
            timeout_secs: timeout.as_secs_f64().ceil() as u64,
            canceled_reason_code: None,
            created: t,
            updated: t,
            version: 0,
        });
        let mut channel_sid = None;
        let mut reservation_activity = None;
        if let Ok(task) = find_mut(&mut self.tasks, task_sid) {
            task.status = TaskStatus::Reserved;
            task.updated = t;
            task.version = task.version.saturating_add(1);
            channel_sid = Some(task.task_channel_sid.clone());
            reservation_activity = task
                .queue_sid
                .as_ref()
                .and_then(|q| self.queues.iter().find(|x| &x.sid == q))
                .and_then(|q| q.reservation_activity_sid.clone());
        }
        if let Some(wc) = self.worker_channels.iter_mut().find(|c| {
            c.worker_sid == worker_sid && Some(&c.task_channel_sid) == channel_sid.as_ref()
        }) {
            wc.last_reserved = Some(t);
        }
        self.emit_reservation_event(&sid, "reservation.created");
        if let Some(activity_sid) = reservation_activity {
            self.apply_activity(worker_sid, &activity_sid);
        }
        self.timers.push(Timer::ReservationTimeout {
            sid,
            after: timeout,
        });
    }

    /// Applies `ReservationStatus` (accepted, rejected, wrapping, completed) to a reservation.
    /// `worker_activity_sid` is the activity to move to after a rejection.
    pub fn update_reservation(
        &mut self,
        reservation_sid: &str,
        status: &str,
        worker_activity_sid: Option<&str>,
    ) -> ApiResult<()> {
        let r = find(&self.reservations, reservation_sid)?;
        let (worker_sid, task_sid, current) = (r.worker_sid.clone(), r.task_sid.clone(), r.status);
        let wrong_state = || {
            ApiError::bad_request(format!(
                "Reservation {reservation_sid} cannot be moved to '{status}' while it is {}",
                current.as_str()
            ))
        };
        match status {
            "accepted" if current == ReservationStatus::Pending => {
                self.accept(reservation_sid, &task_sid, &worker_sid)
            }
            "rejected" if current == ReservationStatus::Pending => {
                if let Some(activity_sid) = worker_activity_sid {
                    let activity = find(&self.activities, activity_sid).map_err(|_| {
                        ApiError::bad_request(format!(
                            "Activity {activity_sid} does not exist in this workspace"
                        ))
                    })?;
                    let others = self
                        .pending_reservations(&worker_sid)
                        .len()
                        .saturating_sub(1);
                    if !activity.available && others > 0 {
                        return Err(ApiError::bad_request(format!(
                            "Worker {worker_sid} cannot have its activity updated while it has {others} pending reservations"
                        )));
                    }
                }
                self.finish_pending(reservation_sid, ReservationStatus::Rejected);
                if let Some(activity_sid) = worker_activity_sid {
                    self.apply_activity(&worker_sid, activity_sid);
                }
            }
            "wrapping" if current == ReservationStatus::Accepted => {
                self.finish_assigned(&task_sid, TaskStatus::Wrapping, None)
            }
            "completed"
                if matches!(
                    current,
                    ReservationStatus::Accepted | ReservationStatus::Wrapping
                ) =>
            {
                self.finish_assigned(&task_sid, TaskStatus::Completed, None)
            }
            "accepted" | "rejected" | "wrapping" | "completed" => return Err(wrong_state()),
            other => {
                return Err(ApiError::bad_request(format!(
                "ReservationStatus '{other}' is not one of accepted, rejected, wrapping, completed"
            )))
            }
        }
        self.route();
        Ok(())
    }

    /// Timer: times out the reservation if it is still pending, then re-routes.
    pub fn on_reservation_timeout(&mut self, reservation_sid: &str) {
        if find(&self.reservations, reservation_sid)
            .is_ok_and(|r| r.status == ReservationStatus::Pending)
        {
            self.finish_pending(reservation_sid, ReservationStatus::Timeout);
            self.route();
        }
    }

    fn accept(&mut self, reservation_sid: &str, task_sid: &str, worker_sid: &str) {
        let t = now();
        if let Ok(r) = find_mut(&mut self.reservations, reservation_sid) {
            r.status = ReservationStatus::Accepted;
            r.updated = t;
            r.version = r.version.saturating_add(1);
        }
        let mut assignment_activity = None;
        if let Ok(task) = find_mut(&mut self.tasks, task_sid) {
            task.status = TaskStatus::Assigned;
            task.updated = t;
            task.version = task.version.saturating_add(1);
            assignment_activity = task
                .queue_sid
                .as_ref()
                .and_then(|q| self.queues.iter().find(|x| &x.sid == q))
                .and_then(|q| q.assignment_activity_sid.clone());
        }
        self.emit_reservation_event(reservation_sid, "reservation.accepted");
        self.join_agent(task_sid, worker_sid, reservation_sid);
        let others: Vec<String> = self
            .reservations
            .iter()
            .filter(|r| {
                r.task_sid == task_sid
                    && r.sid != reservation_sid
                    && r.status == ReservationStatus::Pending
            })
            .map(|r| r.sid.clone())
            .collect();
        for sid in others {
            self.finish_pending(&sid, ReservationStatus::Rescinded);
        }
        if let Some(activity_sid) = assignment_activity {
            self.apply_activity(worker_sid, &activity_sid);
        }
    }

    /// Ends a pending reservation (rejected, timeout, canceled, rescinded), emits its event,
    /// and puts a reserved task back to pending when no other offer is open.
    pub(super) fn finish_pending(&mut self, reservation_sid: &str, status: ReservationStatus) {
        let t = now();
        let Ok(r) = find_mut(&mut self.reservations, reservation_sid) else {
            return;
        };
        r.status = status;
        r.updated = t;
        r.version = r.version.saturating_add(1);
        if status == ReservationStatus::Canceled {
            r.canceled_reason_code = Some(TASK_CANCELED_CODE);
        }
        let (task_sid, worker_sid) = (r.task_sid.clone(), r.worker_sid.clone());
        let still_offered = self
            .reservations
            .iter()
            .any(|x| x.task_sid == task_sid && x.status == ReservationStatus::Pending);
        if let Ok(task) = find_mut(&mut self.tasks, &task_sid) {
            if matches!(
                status,
                ReservationStatus::Rejected | ReservationStatus::Timeout
            ) && !task.declined_by.contains(&worker_sid)
            {
                task.declined_by.push(worker_sid);
            }
            if task.status == TaskStatus::Reserved && !still_offered {
                task.status = TaskStatus::Pending;
                task.updated = t;
                task.version = task.version.saturating_add(1);
            }
        }
        let event = match status {
            ReservationStatus::Rejected => "reservation.rejected",
            ReservationStatus::Timeout => "reservation.timeout",
            ReservationStatus::Canceled => "reservation.canceled",
            _ => "reservation.rescinded",
        };
        self.emit_reservation_event(reservation_sid, event);
        self.cancel_ringing(reservation_sid);
    }
}
