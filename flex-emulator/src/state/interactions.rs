//! Flex Interactions for tasks: each task gets an interaction (KD) with one
//! channel (UO) and a customer participant (UT); accepting adds the agent,
//! wrap-up modifies it and completion removes it, each with a `participant.*`
//! frame to the agent's sockets (PROTOCOL.md §5.3, §6.2).

use serde_json::{json, Value};

use super::{find, State};
use crate::errors::{ApiError, ApiResult};
use crate::sid::new_sid;

/// A participant of an interaction channel.
#[derive(Debug, Clone)]
pub struct Participant {
    /// `UT…`.
    pub sid: String,
    /// `agent`, `customer`, `supervisor`, `external` or `unknown`.
    pub kind: String,
    /// `{task_sid, worker_sid, reservation_sid}` for agents.
    pub routing: Option<Value>,
    /// Media properties as given.
    pub media: Value,
    /// `active`, `wrapup` or `closed`.
    pub status: String,
}

/// An interaction with its single channel.
#[derive(Debug, Clone)]
pub struct Interaction {
    /// `KD…`.
    pub sid: String,
    /// The task it routes.
    pub task_sid: String,
    /// `UO…`.
    pub channel_sid: String,
    /// The channel type (the task's channel: `voice`, `chat`, …).
    pub channel_type: String,
    /// `active` or `closed`.
    pub channel_status: String,
    /// Participants, in order of joining.
    pub participants: Vec<Participant>,
}

/// The participant types a channel accepts.
const TYPES: [&str; 5] = ["agent", "customer", "supervisor", "external", "unknown"];

impl Interaction {
    /// The channel, as `GET …/Channels` lists it.
    pub fn channel_json(&self) -> Value {
        json!({"sid": self.channel_sid, "type": self.channel_type, "status": self.channel_status,
               "interaction_sid": self.sid, "media_sid": null})
    }

    /// A participant in the shape of `participant.*` frames and lists.
    pub fn participant_json(&self, p: &Participant) -> Value {
        json!({"sid": p.sid, "participant_sid": p.sid, "type": p.kind, "status": p.status,
               "channel_type": self.channel_type, "channel_sid": self.channel_sid,
               "interaction_sid": self.sid, "routing_properties": p.routing,
               "media_properties": p.media})
    }
}

impl State {
    /// Creates the interaction of a new task (KD from `flexInteractionSid`, else `KD` + the task SID's tail).
    pub(super) fn open_interaction(&mut self, task_sid: &str) {
        let Ok(task) = find(&self.tasks, task_sid) else {
            return;
        };
        let sid = match task
            .attributes
            .get("flexInteractionSid")
            .and_then(Value::as_str)
        {
            Some(kd) if !kd.is_empty() => kd.to_string(),
            _ => format!("KD{}", task_sid.get(2..).unwrap_or_default()),
        };
        let customer = Participant {
            sid: new_sid("UT"),
            kind: "customer".into(),
            routing: None,
            media: json!({}),
            status: "active".into(),
        };
        self.interactions.push(Interaction {
            sid,
            task_sid: task_sid.into(),
            channel_sid: new_sid("UO"),
            channel_type: task.task_channel_unique_name.clone(),
            channel_status: "active".into(),
            participants: vec![customer],
        });
    }

    /// Finds an interaction and checks the channel SID.
    pub fn interaction(&self, kd: &str, uo: Option<&str>) -> ApiResult<&Interaction> {
        let i = self
            .interactions
            .iter()
            .find(|i| i.sid == kd)
            .ok_or_else(|| ApiError::not_found("Interaction", kd))?;
        match uo {
            Some(uo) if uo != i.channel_sid => Err(ApiError::not_found("Channel", uo)),
            _ => Ok(i),
        }
    }

    /// Sends a `participant.*` frame about `participant_sid` to the worker it is routed to
    /// (or, without one, to every worker holding an active reservation on the task).
    fn emit_participant(&self, kd: &str, participant: Value, event_type: &str) {
        let Some(i) = self.interactions.iter().find(|i| i.sid == kd) else {
            return;
        };
        let worker = participant
            .pointer("/routing_properties/worker_sid")
            .and_then(Value::as_str)
            .map(str::to_string);
        let targets: Vec<String> = match worker {
            Some(w) => vec![w],
            None => self
                .reservations
                .iter()
                .filter(|r| r.task_sid == i.task_sid && r.status.is_active())
                .map(|r| r.worker_sid.clone())
                .collect(),
        };
        for w in targets {
            self.sockets.emit(&w, event_type, participant.clone());
        }
    }

    /// Adds a participant (`POST …/Participants`): `participant.added`, or for a
    /// bad type `participant.add.failed` and 400.
    pub fn add_participant(
        &mut self,
        kd: &str,
        uo: &str,
        kind: &str,
        media: Value,
        routing: Option<Value>,
    ) -> ApiResult<Value> {
        let task_sid = self.interaction(kd, Some(uo))?.task_sid.clone();
        let routing = routing.or_else(|| Some(json!({"task_sid": task_sid})));
        let p = Participant {
            sid: new_sid("UT"),
            kind: kind.into(),
            routing,
            media,
            status: "active".into(),
        };
        let i = self.interaction(kd, Some(uo))?;
        let body = i.participant_json(&p);
        if !TYPES.contains(&kind) {
            let failed = json!({"error_data": {"error_message": format!("Invalid participant type '{kind}'"), "error_code": 20001}});
            let mut frame = body;
            if let (Some(f), Some(e)) = (frame.as_object_mut(), failed.get("error_data")) {
                f.insert("error_data".into(), e.clone());
            }
            self.emit_participant(kd, frame, "participant.add.failed");
            return Err(ApiError::bad_request(format!(
                "Invalid participant type '{kind}'"
            )));
        }
        if let Some(i) = self.interactions.iter_mut().find(|i| i.sid == kd) {
            i.participants.push(p);
        }
        self.emit_participant(kd, body.clone(), "participant.added");
        Ok(body)
    }

    /// Modifies a participant (`POST …/Participants/{UT}`): `Status=closed` removes
    /// it (`participant.removed`), anything else updates it (`participant.modified`).
    pub fn modify_participant(
        &mut self,
        kd: &str,
        uo: &str,
        ut: &str,
        status: Option<&str>,
        media: Option<Value>,
    ) -> ApiResult<Value> {
        self.interaction(kd, Some(uo))?;
        let i = self
            .interactions
            .iter_mut()
            .find(|i| i.sid == kd)
            .ok_or_else(|| ApiError::not_found("Interaction", kd))?;
        let p = i
            .participants
            .iter_mut()
            .find(|p| p.sid == ut)
            .ok_or_else(|| ApiError::not_found("Participant", ut))?;
        if let Some(s) = status {
            p.status = s.into();
        }
        if let (Some(Value::Object(m)), Value::Object(cur)) = (media, &mut p.media) {
            cur.extend(m);
        }
        let snapshot = p.clone();
        let body = i.participant_json(&snapshot);
        if snapshot.status == "closed" {
            i.participants.retain(|p| p.sid != ut);
            self.emit_participant(kd, body.clone(), "participant.removed");
        } else {
            self.emit_participant(kd, body.clone(), "participant.modified");
        }
        Ok(body)
    }

    /// The agent participant of a reservation, as `(KD, UO, UT)`.
    fn agent_of(&self, reservation_sid: &str) -> Option<(String, String, String)> {
        self.interactions.iter().find_map(|i| {
            i.participants
                .iter()
                .find(|p| {
                    p.kind == "agent"
                        && p.routing
                            .as_ref()
                            .and_then(|r| r.get("reservation_sid"))
                            .and_then(Value::as_str)
                            == Some(reservation_sid)
                })
                .map(|p| (i.sid.clone(), i.channel_sid.clone(), p.sid.clone()))
        })
    }

    /// Accepted: adds the agent participant of the reservation (with its call's
    /// media properties when a voice device answered).
    pub(super) fn join_agent(&mut self, task_sid: &str, worker_sid: &str, reservation_sid: &str) {
        let Some(i) = self.interactions.iter().find(|i| i.task_sid == task_sid) else {
            return;
        };
        let (kd, uo) = (i.sid.clone(), i.channel_sid.clone());
        let routing = json!({"task_sid": task_sid, "worker_sid": worker_sid, "reservation_sid": reservation_sid});
        let media = self.voice_media_of(reservation_sid).unwrap_or_else(|| json!({}));
        let _ = self.add_participant(&kd, &uo, "agent", media, Some(routing));
    }

    /// Wrapping (`wrapup`) or completed (`closed`): updates or removes the reservation's agent.
    pub(super) fn settle_agent(&mut self, reservation_sid: &str, status: &str) {
        if let Some((kd, uo, ut)) = self.agent_of(reservation_sid) {
            let _ = self.modify_participant(&kd, &uo, &ut, Some(status), None);
        }
    }
}
