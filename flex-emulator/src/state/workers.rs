//! Worker operations: create, update (activity, attributes, name), channels, delete.

use serde_json::Value;

use super::{find, find_mut, ReservationStatus, State, Worker, WorkerChannel};
use crate::errors::{ApiError, ApiResult};
use crate::sid::new_sid;
use crate::time::now;

/// Fields of a new worker.
#[derive(Debug, Clone, Default)]
pub struct NewWorker {
    /// Required display name.
    pub friendly_name: String,
    /// Starting activity (default: the workspace default, Offline).
    pub activity_sid: Option<String>,
    /// JSON object (default `{}`).
    pub attributes: Option<Value>,
}

/// A worker update; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct WorkerUpdate {
    /// New activity.
    pub activity_sid: Option<String>,
    /// Replacement attributes (JSON object).
    pub attributes: Option<Value>,
    /// New display name.
    pub friendly_name: Option<String>,
    /// Reject pending reservations when moving to an unavailable activity.
    pub reject_pending: bool,
}

impl State {
    /// Creates a worker with one channel per task channel; returns its SID.
    pub fn create_worker(&mut self, new: NewWorker) -> ApiResult<String> {
        if new.friendly_name.trim().is_empty() {
            return Err(ApiError::bad_request(
                "Missing required parameter FriendlyName in the post body",
            ));
        }
        if self
            .workers
            .iter()
            .any(|w| w.friendly_name == new.friendly_name)
        {
            return Err(ApiError::bad_request(format!(
                "Worker with FriendlyName {} already exists",
                new.friendly_name
            )));
        }
        let activity_sid = new
            .activity_sid
            .unwrap_or_else(|| self.workspace.default_activity_sid.clone());
        find(&self.activities, &activity_sid).map_err(|_| unknown_activity(&activity_sid))?;
        let t = now();
        let sid = new_sid("WK");
        self.workers.push(Worker {
            sid: sid.clone(),
            friendly_name: new.friendly_name,
            activity_sid,
            attributes: new
                .attributes
                .unwrap_or_else(|| Value::Object(Default::default())),
            created: t,
            updated: t,
            status_changed: t,
            version: 0,
        });
        for channel in &self.channels {
            self.worker_channels.push(WorkerChannel {
                sid: new_sid("WC"),
                worker_sid: sid.clone(),
                task_channel_sid: channel.sid.clone(),
                unique_name: channel.unique_name.clone(),
                capacity: channel.default_capacity,
                available: true,
                created: t,
                updated: t,
                last_reserved: None,
            });
        }
        self.route();
        Ok(sid)
    }

    /// Applies an update, emits `worker.activity.update` / `worker.attributes.update`, re-routes.
    pub fn update_worker(&mut self, worker_sid: &str, update: WorkerUpdate) -> ApiResult<()> {
        find(&self.workers, worker_sid)?;
        if let Some(activity_sid) = &update.activity_sid {
            self.check_activity_change(worker_sid, activity_sid, update.reject_pending)?;
        } else if update.reject_pending {
            return Err(ApiError::bad_request(
                "RejectPendingReservations requires an ActivitySid",
            ));
        }
        if let Some(attributes) = &update.attributes {
            if !attributes.is_object() {
                return Err(ApiError::bad_request("Attributes must be a JSON object"));
            }
        }
        if let Some(name) = update.friendly_name {
            let worker = find_mut(&mut self.workers, worker_sid)?;
            worker.friendly_name = name;
            worker.updated = now();
            worker.version = worker.version.saturating_add(1);
        }
        if let Some(attributes) = update.attributes {
            let worker = find_mut(&mut self.workers, worker_sid)?;
            worker.attributes = attributes;
            worker.updated = now();
            worker.version = worker.version.saturating_add(1);
            self.emit_worker_event(worker_sid, "worker.attributes.update");
        }
        if let Some(activity_sid) = update.activity_sid {
            self.apply_activity(worker_sid, &activity_sid);
            if update.reject_pending {
                for sid in self.pending_reservations(worker_sid) {
                    self.finish_pending(&sid, ReservationStatus::Rejected);
                }
            }
        }
        self.route();
        Ok(())
    }

    /// Moves a worker to the workspace's offline activity, rejecting pending reservations
    /// (used when its last socket closes with `setWorkerOfflineIfDisconnected`).
    pub fn set_offline(&mut self, worker_sid: &str) {
        let offline = self.workspace.timeout_activity_sid.clone();
        if find(&self.workers, worker_sid).is_ok_and(|w| w.activity_sid != offline) {
            self.apply_activity(worker_sid, &offline);
            for sid in self.pending_reservations(worker_sid) {
                self.finish_pending(&sid, ReservationStatus::Rejected);
            }
            self.route();
        }
    }

    /// Updates a worker channel's capacity and/or availability, with events.
    pub fn update_worker_channel(
        &mut self,
        worker_sid: &str,
        channel_key: &str,
        capacity: Option<u32>,
        available: Option<bool>,
    ) -> ApiResult<String> {
        find(&self.workers, worker_sid)?;
        let channel = self
            .worker_channels
            .iter_mut()
            .find(|c| {
                c.worker_sid == worker_sid && (c.sid == channel_key || c.unique_name == channel_key)
            })
            .ok_or_else(|| ApiError::not_found("WorkerChannel", channel_key))?;
        let sid = channel.sid.clone();
        let capacity_changed = capacity.is_some_and(|c| c != channel.capacity);
        let availability_changed = available.is_some_and(|a| a != channel.available);
        if let Some(c) = capacity {
            channel.capacity = c;
        }
        if let Some(a) = available {
            channel.available = a;
        }
        channel.updated = now();
        let payload =
            crate::eventbridge::payload::worker_channel(self, find(&self.worker_channels, &sid)?);
        if capacity_changed {
            self.sockets
                .emit(worker_sid, "worker.capacity.update", payload.clone());
        }
        if availability_changed {
            self.sockets
                .emit(worker_sid, "worker.channel.availability.update", payload);
        }
        self.route();
        Ok(sid)
    }

    /// Deletes a worker without active reservations, closing its sockets.
    pub fn delete_worker(&mut self, worker_sid: &str) -> ApiResult<()> {
        find(&self.workers, worker_sid)?;
        if self
            .reservations
            .iter()
            .any(|r| r.worker_sid == worker_sid && r.status.is_active())
        {
            return Err(ApiError::bad_request(format!(
                "Worker {worker_sid} cannot be deleted while it has active reservations"
            )));
        }
        self.workers.retain(|w| w.sid != worker_sid);
        self.worker_channels.retain(|c| c.worker_sid != worker_sid);
        self.users.retain(|u| u.worker_sid != worker_sid);
        self.sockets.close_worker(worker_sid, "Worker deleted");
        Ok(())
    }

    fn check_activity_change(
        &self,
        worker_sid: &str,
        activity_sid: &str,
        reject_pending: bool,
    ) -> ApiResult<()> {
        let activity =
            find(&self.activities, activity_sid).map_err(|_| unknown_activity(activity_sid))?;
        if reject_pending && activity.available {
            return Err(ApiError::bad_request(
                "RejectPendingReservations can only be used when moving to an unavailable activity",
            ));
        }
        let pending = self.pending_reservations(worker_sid).len();
        if !activity.available && pending > 0 && !reject_pending {
            return Err(ApiError::bad_request(format!(
                "Worker {worker_sid} cannot have its activity updated while it has {pending} pending reservations"
            )));
        }
        Ok(())
    }

    /// Sets the activity (known to exist) and emits `worker.activity.update`.
    pub(super) fn apply_activity(&mut self, worker_sid: &str, activity_sid: &str) {
        let t = now();
        if let Ok(worker) = find_mut(&mut self.workers, worker_sid) {
            if worker.activity_sid != activity_sid {
                worker.status_changed = t;
            }
            worker.activity_sid = activity_sid.into();
            worker.updated = t;
            worker.version = worker.version.saturating_add(1);
            self.emit_worker_event(worker_sid, "worker.activity.update");
        }
    }
}

fn unknown_activity(sid: &str) -> ApiError {
    ApiError::bad_request(format!("Activity {sid} does not exist in this workspace"))
}
