//! The client's local view of its worker and reservations, and how socket
//! events change it.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::Value;

use crate::events::FlexEvent;
use crate::participants::wire::parse_participant;
use crate::participants::{ParticipantEventKind, TaskParticipantEvent};
use crate::task::wire::{parse_reservation, parse_task};
use crate::task::{Reservation, ReservationStatus, Task};
use crate::worker::wire::{parse_channel, parse_worker};
use crate::worker::{Activity, Worker, WorkerChannel};

/// How many ended reservation SIDs are remembered to drop duplicate events.
const ENDED_MEMORY: usize = 256;

/// The worker, its activities and channels, and its active reservations.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// The worker's own fields (its vectors are filled in by [`State::worker`]).
    pub(crate) worker: Worker,
    pub(crate) activities: Vec<Activity>,
    pub(crate) channels: Vec<WorkerChannel>,
    pub(crate) reservations: HashMap<String, Reservation>,
    /// The last [`ENDED_MEMORY`] ended reservation SIDs, oldest first …
    ended: VecDeque<String>,
    /// … and the same SIDs, for a constant-time lookup.
    ended_set: HashSet<String>,
}

impl State {
    /// A state from freshly loaded parts.
    pub(crate) fn new(
        worker: Worker,
        activities: Vec<Activity>,
        channels: Vec<WorkerChannel>,
        reservations: Vec<Reservation>,
    ) -> State {
        State {
            worker,
            activities,
            channels,
            reservations: reservations
                .into_iter()
                .map(|r| (r.sid.clone(), r))
                .collect(),
            ended: VecDeque::new(),
            ended_set: HashSet::new(),
        }
    }

    /// A full snapshot of the worker.
    pub(crate) fn worker(&self) -> Worker {
        let mut w = self.worker.clone();
        w.activities = self
            .activities
            .iter()
            .map(|a| Activity {
                is_current: a.sid == w.activity_sid,
                ..a.clone()
            })
            .collect();
        w.channels = self.channels.clone();
        let mut res: Vec<Reservation> = self.reservations.values().cloned().collect();
        res.sort_by(|a, b| {
            a.date_created
                .cmp(&b.date_created)
                .then_with(|| a.sid.cmp(&b.sid))
        });
        w.reservations = res;
        w
    }

    /// Replaces the worker's own fields (from a payload), keeping the lists.
    pub(crate) fn set_worker_fields(&mut self, fields: Worker) {
        self.worker = Worker {
            activities: Vec::new(),
            channels: Vec::new(),
            reservations: Vec::new(),
            ..fields
        };
    }

    /// The reservation, among the active ones, for a task.
    pub(crate) fn reservation_for_task(&self, task_sid: &str) -> Vec<&Reservation> {
        let mut v: Vec<&Reservation> = self
            .reservations
            .values()
            .filter(|r| r.task.sid == task_sid)
            .collect();
        v.sort_by_key(|r| r.date_created);
        v
    }

    /// Records a reservation at its new status and returns the event to emit,
    /// if it is news (a duplicate or stale report gives none).
    pub(crate) fn record_reservation(&mut self, r: Reservation) -> Option<FlexEvent> {
        if self.ended_set.contains(&r.sid) {
            return None;
        }
        let known = self.reservations.get(&r.sid).map(|k| k.status);
        if known == Some(r.status) {
            self.reservations.insert(r.sid.clone(), r);
            return None;
        }
        if r.status.is_final() {
            self.reservations.remove(&r.sid);
            if self.ended_set.insert(r.sid.clone()) {
                self.ended.push_back(r.sid.clone());
            }
            if self.ended.len() > ENDED_MEMORY {
                if let Some(oldest) = self.ended.pop_front() {
                    self.ended_set.remove(&oldest);
                }
            }
        } else {
            self.reservations.insert(r.sid.clone(), r.clone());
        }
        Some(reservation_event(
            known.is_none() && r.status == ReservationStatus::Pending,
            r,
        ))
    }

    /// Applies one socket event; returns the events to emit.
    pub(crate) fn apply(&mut self, event_type: &str, payload: &Value) -> Vec<FlexEvent> {
        match event_type {
            "worker.activity.update" | "worker.attributes.update" => match parse_worker(payload) {
                Ok(w) if w.sid == self.worker.sid => {
                    self.set_worker_fields(w);
                    let worker = self.worker();
                    vec![if event_type == "worker.activity.update" {
                        FlexEvent::WorkerActivityUpdated { worker }
                    } else {
                        FlexEvent::WorkerAttributesUpdated { worker }
                    }]
                }
                Ok(_) => Vec::new(),
                Err(e) => skip(event_type, &e),
            },
            "worker.capacity.update" | "worker.channel.availability.update" => {
                match parse_channel(payload) {
                    Ok(c) => match self.channels.iter_mut().find(|x| x.sid == c.sid) {
                        Some(slot) => *slot = c,
                        None => self.channels.push(c),
                    },
                    Err(e) => {
                        skip(event_type, &e);
                    }
                }
                Vec::new()
            }
            t if t.starts_with("reservation.") => match self.reservation_from(t, payload) {
                Some(r) => self.record_reservation(r).into_iter().collect(),
                None => Vec::new(),
            },
            "task.updated" | "task.canceled" | "task.wrapup" | "task.completed" => {
                match parse_task(payload) {
                    Ok(task) => {
                        for r in self
                            .reservations
                            .values_mut()
                            .filter(|r| r.task.sid == task.sid)
                        {
                            r.task = Task {
                                transfers: r.task.transfers.clone(),
                                ..task.clone()
                            };
                        }
                        vec![task_event(event_type, task)]
                    }
                    Err(e) => skip(event_type, &e),
                }
            }
            t if t.starts_with("participant.") => self.participant_event(t, payload),
            other => {
                tracing::trace!(target: "flex_core::events", event_type = %other, "event not handled");
                Vec::new()
            }
        }
    }

    /// A `participant.*` frame, routed by `routing_properties.task_sid`.
    fn participant_event(&self, event_type: &str, payload: &Value) -> Vec<FlexEvent> {
        let Some(kind) = ParticipantEventKind::from_event_type(event_type) else {
            return Vec::new();
        };
        let participant = parse_participant(payload, None);
        let task_sid = participant
            .as_ref()
            .and_then(|p| p.routing_properties.as_ref())
            .map(|r| r.task_sid.clone());
        let (Some(participant), Some(task_sid)) = (participant, task_sid) else {
            tracing::warn!(target: "flex_core::events", %event_type, "participant event without participant_sid or routing_properties.task_sid ignored");
            return Vec::new();
        };
        let task = self
            .reservations
            .values()
            .find(|r| r.task.sid == task_sid)
            .map(|r| r.task.clone());
        vec![FlexEvent::TaskParticipant {
            event: TaskParticipantEvent {
                kind,
                task_sid,
                task,
                participant,
            },
        }]
    }

    /// The reservation a `reservation.*` event describes: the payload when it is
    /// a full reservation, else the known one moved to the event's status.
    fn reservation_from(&self, event_type: &str, payload: &Value) -> Option<Reservation> {
        let status = match event_type.strip_prefix("reservation.")? {
            "created" => ReservationStatus::Pending,
            "failed" => return None,
            s => ReservationStatus::parse(s)?,
        };
        match parse_reservation(payload) {
            // Another worker's reservation is never this client's.
            Ok(r) if !r.worker_sid.is_empty() && r.worker_sid != self.worker.sid => {
                tracing::warn!(target: "flex_core::events", %event_type, "another worker's reservation ignored");
                None
            }
            Ok(r) => Some(Reservation { status, ..r }),
            Err(e) => {
                let sid = payload.get("sid").and_then(Value::as_str)?;
                let known = self.reservations.get(sid);
                if known.is_none() {
                    skip(event_type, &e);
                }
                known.map(|k| Reservation {
                    status,
                    ..k.clone()
                })
            }
        }
    }
}

fn skip(event_type: &str, e: &crate::FlexSdkError) -> Vec<FlexEvent> {
    tracing::warn!(target: "flex_core::events", %event_type, error = %e, "event ignored");
    Vec::new()
}

/// The event that reports a reservation at its status (`created` for a new pending one).
pub(crate) fn reservation_event(created: bool, reservation: Reservation) -> FlexEvent {
    if created {
        return FlexEvent::ReservationCreated { reservation };
    }
    match reservation.status {
        ReservationStatus::Pending => FlexEvent::ReservationCreated { reservation },
        ReservationStatus::Accepted => FlexEvent::ReservationAccepted { reservation },
        ReservationStatus::Rejected => FlexEvent::ReservationRejected { reservation },
        ReservationStatus::Timeout => FlexEvent::ReservationTimeout { reservation },
        ReservationStatus::Canceled => FlexEvent::ReservationCanceled { reservation },
        ReservationStatus::Rescinded => FlexEvent::ReservationRescinded { reservation },
        ReservationStatus::Wrapping => FlexEvent::ReservationWrapup { reservation },
        ReservationStatus::Completed => FlexEvent::ReservationCompleted { reservation },
    }
}

fn task_event(event_type: &str, task: Task) -> FlexEvent {
    match event_type {
        "task.canceled" => FlexEvent::TaskCanceled { task },
        "task.wrapup" => FlexEvent::TaskWrapup { task },
        "task.completed" => FlexEvent::TaskCompleted { task },
        _ => FlexEvent::TaskUpdated { task },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn worker() -> Worker {
        parse_worker(&json!({"sid": "WK1", "activity_sid": "WA0"})).unwrap()
    }

    fn res(status: &str) -> Value {
        json!({"sid": "WR1", "reservation_status": status, "worker_sid": "WK1",
               "task": {"sid": "WT1", "assignment_status": "reserved"}})
    }

    #[test]
    fn another_workers_reservation_is_ignored() {
        let mut s = State::new(worker(), vec![], vec![], vec![]);
        let bobs = json!({"sid": "WR9", "reservation_status": "pending", "worker_sid": "WK2",
                          "task": {"sid": "WT9", "assignment_status": "reserved"}});
        assert!(s.apply("reservation.created", &bobs).is_empty());
        assert!(s.worker().reservations.is_empty());
    }

    #[test]
    fn reservation_lifecycle_emits_once_per_change() {
        let mut s = State::new(worker(), vec![], vec![], vec![]);
        let e = s.apply("reservation.created", &res("pending"));
        assert!(matches!(
            e.as_slice(),
            [FlexEvent::ReservationCreated { .. }]
        ));
        assert!(s.apply("reservation.created", &res("pending")).is_empty());
        let e = s.apply("reservation.accepted", &res("accepted"));
        assert!(matches!(
            e.as_slice(),
            [FlexEvent::ReservationAccepted { .. }]
        ));
        assert!(s
            .apply("reservation.accepted", &json!({"sid": "WR1"}))
            .is_empty());
        let e = s.apply("reservation.wrapup", &json!({"sid": "WR1"}));
        assert!(
            matches!(e.as_slice(), [FlexEvent::ReservationWrapup { reservation }] if reservation.status == ReservationStatus::Wrapping)
        );
        let e = s.apply("reservation.completed", &res("completed"));
        assert!(matches!(
            e.as_slice(),
            [FlexEvent::ReservationCompleted { .. }]
        ));
        assert!(s.reservations.is_empty());
        assert!(s
            .apply("reservation.completed", &res("completed"))
            .is_empty());
    }

    #[test]
    fn worker_and_task_events() {
        let mut s = State::new(worker(), vec![], vec![], vec![]);
        s.apply("reservation.created", &res("pending"));
        let e = s.apply(
            "worker.activity.update",
            &json!({"sid": "WK1", "activity_sid": "WA2", "activity_name": "Available"}),
        );
        assert!(
            matches!(e.as_slice(), [FlexEvent::WorkerActivityUpdated { worker }] if worker.activity_sid == "WA2" && worker.reservations.len() == 1)
        );
        let e = s.apply(
            "task.updated",
            &json!({"sid": "WT1", "assignment_status": "assigned"}),
        );
        assert!(matches!(e.as_slice(), [FlexEvent::TaskUpdated { .. }]));
        assert_eq!(
            s.reservations["WR1"].task.status,
            crate::task::TaskStatus::Assigned
        );
        assert!(s
            .apply("worker.activity.update", &json!({"sid": "WKother"}))
            .is_empty());
        assert!(s
            .apply("reservation.accepted", &json!({"nothing": 1}))
            .is_empty());
        assert!(s.apply("something.else", &json!(null)).is_empty());
        let e = s.apply(
            "participant.added",
            &json!({"participant_sid": "UT1", "type": "agent", "channel_type": "chat",
                "routing_properties": {"task_sid": "WT1", "worker_sid": "WK1"}}),
        );
        assert!(
            matches!(e.as_slice(), [FlexEvent::TaskParticipant { event }] if event.task.is_some() && event.kind == ParticipantEventKind::Added)
        );
        assert!(s
            .apply("participant.removed", &json!({"participant_sid": "UT1"}))
            .is_empty());
    }
}
