//! Twilio Voice's side of a voice task (VOICE.md §3.3): the signalling devices
//! (`/signal` sockets and their registrations by identity), the conference of a
//! task with its simulated customer leg, and the agent's leg dialled by the
//! reservation's `conference` instruction. Media is skipped: the offer is a
//! fixed SDP and nothing listens on its address.
//!
//! Stage 2 (hold, mute, kick, external participants, transfers, monitor) adds
//! legs to [`Conference`]; everything here keys on call SIDs to make room for that.

use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedSender;

use super::{find, find_mut, Outgoing, ReservationStatus, State, TaskStatus};
use crate::errors::{ApiError, ApiResult};
use crate::params::Params;
use crate::sid::{new_secret, new_sid};

/// The offer sent in every `invite`: one PCMU/Opus audio m-line, dummy ICE and
/// DTLS credentials, ICE-lite, and a host candidate on a port nobody listens on.
pub const OFFER_SDP: &str = "v=0\r\n\
o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n\
s=-\r\n\
t=0 0\r\n\
a=ice-lite\r\n\
a=group:BUNDLE 0\r\n\
m=audio 9 UDP/TLS/RTP/SAVPF 0 111 101\r\n\
c=IN IP4 127.0.0.1\r\n\
a=rtcp:9 IN IP4 127.0.0.1\r\n\
a=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\n\
a=ice-ufrag:emul\r\n\
a=ice-pwd:emulatoremulatoremulator\r\n\
a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n\
a=setup:actpass\r\n\
a=mid:0\r\n\
a=sendrecv\r\n\
a=rtcp-mux\r\n\
a=rtpmap:0 PCMU/8000\r\n\
a=rtpmap:111 opus/48000/2\r\n\
a=fmtp:111 minptime=10;useinbandfec=1\r\n\
a=rtpmap:101 telephone-event/8000\r\n";

/// The `From` of a conference leg when neither the instruction nor the task's
/// `from` attribute gives one ([U]: Twilio's default is not documented).
const ANONYMOUS_CALLER: &str = "anonymous";

/// The only `messagetype` a user-defined message may have.
const USER_DEFINED_MESSAGE: &str = "user-defined-message";

/// A signalling socket.
#[derive(Debug)]
struct Device {
    id: u64,
    /// Set by a valid `listen`.
    identity: Option<String>,
    /// `register {audio:true}` received (and not withdrawn).
    registered: bool,
    /// `listen` frames received on this socket.
    listens: u32,
    tx: UnboundedSender<Outgoing>,
}

/// Where an agent's leg stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegStatus {
    /// Invited, not answered.
    Ringing,
    /// Answered.
    InProgress,
    /// Hung up after answering.
    Completed,
    /// Withdrawn before an answer (`cancel`).
    Canceled,
    /// Rejected by the device.
    Failed,
}

impl LegStatus {
    /// The Twilio call status name (`ringing`, `in-progress`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            LegStatus::Ringing => "ringing",
            LegStatus::InProgress => "in-progress",
            LegStatus::Completed => "completed",
            LegStatus::Canceled => "canceled",
            LegStatus::Failed => "failed",
        }
    }
}

/// An agent's call leg into a task's conference.
#[derive(Debug, Clone)]
pub struct Leg {
    /// `CA…`.
    pub call_sid: String,
    /// The identity dialled (`client:<identity>`).
    pub identity: String,
    /// The reservation whose instruction dialled it.
    pub reservation_sid: String,
    /// The conference it joins.
    pub conference_sid: String,
    /// The signalling reconnect token of the call (rotated on every reconnect).
    pub reconnect: String,
    /// The instruction's `EndConferenceOnExit`: this leg's hang-up ends the conference.
    pub end_conference_on_exit: bool,
    /// Where the leg stands.
    pub status: LegStatus,
    /// Digits received in `dtmf` frames, in order.
    pub digits: String,
    /// Contents of the user-defined messages received, in order.
    pub messages: Vec<String>,
}

/// A task's conference: the customer's leg and the agents' legs.
#[derive(Debug, Clone)]
pub struct Conference {
    /// `CF…`.
    pub sid: String,
    /// The task.
    pub task_sid: String,
    /// The simulated customer's `CA…`.
    pub customer_call_sid: String,
    /// Whether the customer is still on the call.
    pub customer_connected: bool,
}

/// What the emulator knows about one signalling socket (for tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceSocketInfo {
    /// The socket's id (in opening order).
    pub id: u64,
    /// The identity of the last valid `listen`, if any.
    pub identity: Option<String>,
    /// How many `listen` frames arrived on this socket.
    pub listens: u32,
    /// How many `register` frames arrived on this socket.
    pub registers: u32,
    /// How many `"\n"` heartbeat replies arrived on this socket.
    pub heartbeat_replies: u32,
    /// Whether the socket is still open.
    pub open: bool,
}

/// Devices, conferences and legs.
#[derive(Debug, Default)]
pub struct Voice {
    next_id: u64,
    devices: Vec<Device>,
    /// Every socket ever opened, for tests.
    history: Vec<VoiceSocketInfo>,
    conferences: Vec<Conference>,
    legs: Vec<Leg>,
    /// Test hook: while set, a device's `answer` fails with this Voice code.
    pub deny_answers: Option<u32>,
}

/// A `{type, version, payload}` frame.
fn frame(kind: &str, payload: Value) -> String {
    json!({"type": kind, "version": "1.6", "payload": payload}).to_string()
}

/// An `error` frame with a Voice error code.
fn error_frame(code: u32, message: &str, extra: Value) -> String {
    let mut payload = json!({"error": {"code": code, "message": message}});
    if let (Some(p), Value::Object(extra)) = (payload.as_object_mut(), extra) {
        p.extend(extra);
    }
    frame("error", payload)
}

impl Voice {
    /// Registers a new socket; returns its id.
    pub fn open(&mut self, tx: UnboundedSender<Outgoing>) -> u64 {
        self.next_id = self.next_id.wrapping_add(1);
        let id = self.next_id;
        self.devices.push(Device {
            id,
            identity: None,
            registered: false,
            listens: 0,
            tx,
        });
        self.history.push(VoiceSocketInfo {
            id,
            identity: None,
            listens: 0,
            registers: 0,
            heartbeat_replies: 0,
            open: true,
        });
        id
    }

    /// Forgets a closed socket (its calls stay up, waiting for a reconnect).
    pub fn close(&mut self, id: u64) {
        self.devices.retain(|d| d.id != id);
        if let Some(h) = self.history.iter_mut().find(|h| h.id == id) {
            h.open = false;
        }
    }

    /// Drops every signalling socket abruptly (a network drop).
    pub fn drop_all(&mut self) {
        for d in self.devices.drain(..) {
            let _ = d.tx.send(Outgoing::Drop);
        }
        for h in &mut self.history {
            h.open = false;
        }
    }

    /// Sends every signalling socket the server's `close` (the client must not reconnect).
    pub fn close_all(&self) {
        let close = frame("close", json!({}));
        for d in &self.devices {
            let _ = d.tx.send(Outgoing::Frame(close.clone()));
        }
    }

    /// Every socket opened so far, in order.
    pub fn sockets(&self) -> Vec<VoiceSocketInfo> {
        self.history.clone()
    }

    /// A leg by call SID.
    pub fn leg(&self, call_sid: &str) -> Option<&Leg> {
        self.legs.iter().find(|l| l.call_sid == call_sid)
    }

    fn send(&self, id: u64, text: String) {
        if let Some(d) = self.devices.iter().find(|d| d.id == id) {
            let _ = d.tx.send(Outgoing::Frame(text));
        }
    }

    /// Sends to every registered device of an identity.
    fn send_to_identity(&self, identity: &str, text: &str) {
        for d in self
            .devices
            .iter()
            .filter(|d| d.registered && d.identity.as_deref() == Some(identity))
        {
            let _ = d.tx.send(Outgoing::Frame(text.to_string()));
        }
    }

    /// Sends to every device (registered or not) of an identity.
    fn send_to_listening(&self, identity: &str, text: &str) {
        for d in self
            .devices
            .iter()
            .filter(|d| d.identity.as_deref() == Some(identity))
        {
            let _ = d.tx.send(Outgoing::Frame(text.to_string()));
        }
    }

    fn history_of(&mut self, id: u64) -> Option<&mut VoiceSocketInfo> {
        self.history.iter_mut().find(|h| h.id == id)
    }

    /// A `"\n"` heartbeat reply arrived.
    pub fn heartbeat_replied(&mut self, id: u64) {
        if let Some(h) = self.history_of(id) {
            h.heartbeat_replies = h.heartbeat_replies.saturating_add(1);
        }
    }

    /// A `listen` with a valid token: answers `connected`.
    pub fn listened(&mut self, id: u64, identity: &str, ttl_secs: i64) {
        if let Some(d) = self.devices.iter_mut().find(|d| d.id == id) {
            d.identity = Some(identity.into());
            d.listens = d.listens.saturating_add(1);
        }
        if let Some(h) = self.history.iter_mut().find(|h| h.id == id) {
            h.identity = Some(identity.into());
            h.listens = h.listens.saturating_add(1);
        }
        let payload = json!({"region": "US_EAST_VIRGINIA", "edge": "roaming", "home": "us1",
            "gateway": "emulator", "token": {"identity": identity, "ttl": ttl_secs}});
        self.send(id, frame("connected", payload));
    }

    /// A `listen` with a refused token: counts it, unregisters the socket (it is no
    /// longer authenticated) and answers `error` with `code`.
    pub fn refused(&mut self, id: u64, code: u32, message: &str) {
        if let Some(d) = self.devices.iter_mut().find(|d| d.id == id) {
            d.identity = None;
            d.registered = false;
        }
        if let Some(h) = self.history.iter_mut().find(|h| h.id == id) {
            h.listens = h.listens.saturating_add(1);
        }
        self.send(id, error_frame(code, message, json!({})));
    }

    /// Whether an identity has a registered device.
    pub fn is_reachable(&self, identity: &str) -> bool {
        self.devices
            .iter()
            .any(|d| d.registered && d.identity.as_deref() == Some(identity))
    }
}

/// A voice participant's `media_properties` in webhook form (every value an array
/// of strings, PROTOCOL.md §6, API.md §8.3).
fn webhook_media(
    account_sid: &str,
    conference_sid: &str,
    call_sid: &str,
    end_on_exit: bool,
) -> Value {
    json!({"AccountSid": [account_sid], "ConferenceSid": [conference_sid], "CallSid": [call_sid],
           "Hold": ["false"], "Muted": ["false"], "Coaching": ["false"],
           "EndConferenceOnExit": [end_on_exit.to_string()], "StartConferenceOnEnter": ["true"],
           "StatusCallbackEvent": ["participant-join"], "ParticipantCallStatus": ["in-progress"],
           "SequenceNumber": ["1"], "Timestamp": [crate::time::now().to_string()]})
}

/// `client:<identity>?query` → (identity, query); `None` for other addresses.
fn client_address(to: &str) -> Option<(String, String)> {
    let rest = to.strip_prefix("client:")?;
    let (identity, query) = rest.split_once('?').unwrap_or((rest, ""));
    (!identity.is_empty()).then(|| (identity.to_string(), query.to_string()))
}

impl State {
    /// A reservation's `conference` instruction: when `To` (or the worker's
    /// `contact_uri`) names a client identity with a registered device, opens the
    /// task's conference with its customer leg and invites every registered device
    /// of that identity (the reservation is accepted when one answers; returns true).
    /// Returns false when no device can be dialled: the caller then accepts the
    /// reservation at once, as the emulator did before it had a voice side.
    pub(crate) fn dial_conference(&mut self, reservation_sid: &str, p: &Params) -> ApiResult<bool> {
        let r = find(&self.reservations, reservation_sid)?;
        let (task_sid, worker_sid) = (r.task_sid.clone(), r.worker_sid.clone());
        let contact = find(&self.workers, &worker_sid)?
            .attributes
            .get("contact_uri")
            .and_then(Value::as_str)
            .map(str::to_string);
        let Some(to) = p.string("To").or(contact) else {
            return Ok(false);
        };
        let Some((identity, query)) = client_address(&to) else {
            return Ok(false);
        };
        if !self.voice.is_reachable(&identity) {
            return Ok(false);
        }
        if self.voice.legs.iter().any(|l| {
            l.reservation_sid == reservation_sid
                && matches!(l.status, LegStatus::Ringing | LegStatus::InProgress)
        }) {
            return Err(ApiError::bad_request(format!(
                "Reservation {reservation_sid} already has a conference call"
            )));
        }
        let task = find(&self.tasks, &task_sid)?;
        let from = p
            .string("From")
            .or_else(|| {
                task.attributes
                    .get("from")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_else(|| ANONYMOUS_CALLER.into());
        let conference_sid = match self
            .voice
            .conferences
            .iter()
            .find(|c| c.task_sid == task_sid)
        {
            Some(c) => c.sid.clone(),
            None => {
                let sid = new_sid("CF");
                let customer = new_sid("CA");
                let media = webhook_media(&self.account.sid, &sid, &customer, false);
                for p in self
                    .interactions
                    .iter_mut()
                    .filter(|i| i.task_sid == task_sid)
                    .flat_map(|i| i.participants.iter_mut())
                    .filter(|p| p.kind == "customer")
                {
                    p.media = media.clone();
                }
                self.voice.conferences.push(Conference {
                    sid: sid.clone(),
                    task_sid: task_sid.clone(),
                    customer_call_sid: customer,
                    customer_connected: true,
                });
                sid
            }
        };
        let end_on_exit = p.bool("EndConferenceOnExit")?.unwrap_or(false);
        let call_sid = self.invite_leg(
            &identity,
            reservation_sid,
            conference_sid,
            &from,
            &query,
            end_on_exit,
        );
        tracing::info!(%call_sid, %identity, reservation = %reservation_sid, "voice: inviting the agent");
        Ok(true)
    }

    /// Rings every registered device of `identity` with a new leg; returns its `CA…`.
    fn invite_leg(
        &mut self,
        identity: &str,
        reservation_sid: &str,
        conference_sid: String,
        from: &str,
        query: &str,
        end_conference_on_exit: bool,
    ) -> String {
        let call_sid = new_sid("CA");
        let parameters = json!({"CallSid": call_sid, "AccountSid": self.account.sid,
            "From": from, "To": format!("client:{identity}"), "Params": query});
        let leg = Leg {
            call_sid: call_sid.clone(),
            identity: identity.into(),
            reservation_sid: reservation_sid.into(),
            conference_sid,
            reconnect: new_secret(),
            end_conference_on_exit,
            status: LegStatus::Ringing,
            digits: String::new(),
            messages: Vec::new(),
        };
        let invite = frame(
            "invite",
            json!({"callsid": call_sid, "sdp": OFFER_SDP, "parameters": parameters,
                   "reconnect": leg.reconnect}),
        );
        self.voice.legs.push(leg);
        self.voice.send_to_identity(identity, &invite);
        call_sid
    }

    /// Test hook: calls a registered client outside any task (no reservation, no
    /// conference), `Params` = `params`; returns the `CA…`, or 404 when no device of
    /// the identity is registered.
    pub fn dial_client(&mut self, identity: &str, from: &str, params: &str) -> ApiResult<String> {
        if !self.voice.is_reachable(identity) {
            return Err(ApiError::not_found("Registered client", identity));
        }
        Ok(self.invite_leg(identity, "", String::new(), from, params, false))
    }

    /// The media properties of the agent leg of a reservation that is up, if any.
    pub(super) fn voice_media_of(&self, reservation_sid: &str) -> Option<Value> {
        let leg =
            self.voice.legs.iter().find(|l| {
                l.reservation_sid == reservation_sid && l.status == LegStatus::InProgress
            })?;
        Some(webhook_media(
            &self.account.sid,
            &leg.conference_sid,
            &leg.call_sid,
            leg.end_conference_on_exit,
        ))
    }

    /// `POST …/Calls/{CA}/UserDefinedMessages.json`: sends a `message` to the
    /// devices of a call that is up; returns its `KX…` sid (404 for another call).
    pub fn push_call_message(&mut self, call_sid: &str, content: &str) -> ApiResult<String> {
        let leg = self
            .voice
            .legs
            .iter()
            .find(|l| l.call_sid == call_sid && l.status == LegStatus::InProgress)
            .ok_or_else(|| ApiError::not_found("Call", call_sid))?;
        let sid = new_sid("KX");
        let message = frame(
            "message",
            json!({"callsid": call_sid, "content": content, "contenttype": "application/json",
                   "messagetype": USER_DEFINED_MESSAGE, "voiceeventsid": sid}),
        );
        self.voice.send_to_listening(&leg.identity, &message);
        Ok(sid)
    }

    /// A reservation stopped pending without an answer (rejected, timed out,
    /// rescinded, canceled): its ringing legs are withdrawn with `cancel`.
    pub(super) fn cancel_ringing(&mut self, reservation_sid: &str) {
        let ringing: Vec<(String, String)> = self
            .voice
            .legs
            .iter_mut()
            .filter(|l| l.reservation_sid == reservation_sid && l.status == LegStatus::Ringing)
            .map(|l| {
                l.status = LegStatus::Canceled;
                (l.call_sid.clone(), l.identity.clone())
            })
            .collect();
        for (call_sid, identity) in ringing {
            let cancel = frame("cancel", json!({"callsid": call_sid}));
            self.voice.send_to_listening(&identity, &cancel);
        }
    }

    /// A frame from signalling socket `id` whose `listen` was accepted (`identity`).
    pub fn voice_message(&mut self, id: u64, identity: Option<&str>, kind: &str, payload: &Value) {
        let text = |k: &str| {
            payload
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let Some(identity) = identity else {
            // Nothing but `listen` is accepted before `connected`.
            self.voice.send(
                id,
                error_frame(31204, "JWT token is invalid: no listen yet", json!({})),
            );
            return;
        };
        let call_sid = text("callsid");
        match kind {
            "register" => {
                if let Some(h) = self.voice.history_of(id) {
                    h.registers = h.registers.saturating_add(1);
                }
                let audio = payload
                    .pointer("/media/audio")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                if let Some(d) = self.voice.devices.iter_mut().find(|d| d.id == id) {
                    d.registered = audio;
                }
                self.voice.send(
                    id,
                    frame(if audio { "ready" } else { "offline" }, json!({})),
                );
            }
            "answer" => self.voice_answered(id, identity, &call_sid),
            "reject" => self.voice_rejected(identity, &call_sid),
            "hangup" => self.voice_hung_up(identity, &call_sid),
            "dtmf" => {
                if let Some(l) = self.own_leg(identity, &call_sid) {
                    l.digits.push_str(&text("dtmf"));
                }
            }
            "message" => {
                let event = text("voiceeventsid");
                let ids = json!({"callsid": call_sid, "voiceeventsid": event});
                if text("messagetype") != USER_DEFINED_MESSAGE {
                    let e = error_frame(31210, "Call message event type is invalid", ids);
                    self.voice.send(id, e);
                } else if let Some(l) = self.own_leg(identity, &call_sid) {
                    l.messages.push(text("content"));
                    let ack =
                        json!({"callsid": call_sid, "acktype": "message", "voiceeventsid": event});
                    self.voice.send(id, frame("ack", ack));
                } else {
                    let e = error_frame(31404, "No such call", ids);
                    self.voice.send(id, e);
                }
            }
            "reinvite" => {
                // Media renegotiation of a live call; an ended call is hung up.
                let live = self
                    .own_leg(identity, &call_sid)
                    .is_some_and(|l| l.status == LegStatus::InProgress);
                let reply = if live {
                    frame("answer", json!({"callsid": call_sid, "sdp": OFFER_SDP}))
                } else {
                    frame("hangup", json!({"callsid": call_sid}))
                };
                self.voice.send(id, reply);
            }
            "invite" => self.voice_reconnect(id, identity, &call_sid, &text("reconnect")),
            other => tracing::debug!(%other, "voice: frame ignored"),
        }
    }

    fn own_leg(&mut self, identity: &str, call_sid: &str) -> Option<&mut Leg> {
        self.voice
            .legs
            .iter_mut()
            .find(|l| l.call_sid == call_sid && l.identity == identity)
    }

    /// `answer`: the leg is up, the reservation accepted, the conference written
    /// into the task's attributes, the other devices of the identity canceled.
    fn voice_answered(&mut self, id: u64, identity: &str, call_sid: &str) {
        let deny = self.voice.deny_answers;
        let Some(leg) = self.own_leg(identity, call_sid) else {
            let e = error_frame(31404, "No such call", json!({"callsid": call_sid}));
            self.voice.send(id, e);
            return;
        };
        if leg.status != LegStatus::Ringing {
            return;
        }
        if let Some(code) = deny {
            // [U] how Twilio ends a leg that fails on answer: `hangup` with the
            // error, and the reservation is rejected as when the device rejects.
            let hangup = frame(
                "hangup",
                json!({"callsid": call_sid, "error": {"code": code, "message": "The call could not be connected"}}),
            );
            self.voice.send(id, hangup);
            self.voice_rejected(identity, call_sid);
            return;
        }
        leg.status = LegStatus::InProgress;
        let (reservation_sid, conference_sid) =
            (leg.reservation_sid.clone(), leg.conference_sid.clone());
        let cancel = frame("cancel", json!({"callsid": call_sid}));
        for d in self
            .voice
            .devices
            .iter()
            .filter(|d| d.id != id && d.identity.as_deref() == Some(identity))
        {
            let _ = d.tx.send(Outgoing::Frame(cancel.clone()));
        }
        let Some(conference) = self
            .voice
            .conferences
            .iter()
            .find(|c| c.sid == conference_sid)
            .cloned()
        else {
            return;
        };
        if let Ok(task) = find_mut(&mut self.tasks, &conference.task_sid) {
            if let Value::Object(attributes) = &mut task.attributes {
                attributes.insert(
                    "conference".into(),
                    json!({"sid": conference.sid, "participants": {
                        "worker": call_sid, "customer": conference.customer_call_sid}}),
                );
            }
            task.version = task.version.saturating_add(1);
        }
        let pending = find(&self.reservations, &reservation_sid)
            .is_ok_and(|r| r.status == ReservationStatus::Pending);
        if pending {
            let _ = self.update_reservation(&reservation_sid, "accepted", None);
        }
        self.emit_task_event(&conference.task_sid, "task.updated");
    }

    /// `reject`: the leg fails and the reservation is rejected.
    fn voice_rejected(&mut self, identity: &str, call_sid: &str) {
        let Some(leg) = self.own_leg(identity, call_sid) else {
            return;
        };
        if leg.status != LegStatus::Ringing {
            return;
        }
        leg.status = LegStatus::Failed;
        let reservation_sid = leg.reservation_sid.clone();
        let pending = find(&self.reservations, &reservation_sid)
            .is_ok_and(|r| r.status == ReservationStatus::Pending);
        if pending {
            let _ = self.update_reservation(&reservation_sid, "rejected", None);
        }
    }

    /// `hangup`: an answered leg completes; a ringing one is a rejection.
    fn voice_hung_up(&mut self, identity: &str, call_sid: &str) {
        let Some(leg) = self.own_leg(identity, call_sid) else {
            return;
        };
        match leg.status {
            LegStatus::Ringing => self.voice_rejected(identity, call_sid),
            LegStatus::InProgress => {
                leg.status = LegStatus::Completed;
                if leg.end_conference_on_exit {
                    let conference_sid = leg.conference_sid.clone();
                    self.end_conference(&conference_sid, "The agent hung up");
                }
            }
            _ => {}
        }
    }

    /// The reconnect form of `invite`: a known token of a live leg rebinds the
    /// call and answers with a new token; anything else is error 31209.
    fn voice_reconnect(&mut self, id: u64, identity: &str, call_sid: &str, token: &str) {
        let leg = self.voice.legs.iter_mut().find(|l| {
            !token.is_empty()
                && l.reconnect == token
                && l.call_sid == call_sid
                && l.identity == identity
                && matches!(l.status, LegStatus::Ringing | LegStatus::InProgress)
        });
        let Some(leg) = leg else {
            let e = error_frame(
                31209,
                "Reconnect attempt is not authorized",
                json!({"callsid": call_sid}),
            );
            self.voice.send(id, e);
            return;
        };
        leg.reconnect = new_secret();
        let answer = json!({"callsid": call_sid, "sdp": OFFER_SDP, "reconnect": leg.reconnect});
        self.voice.send(id, frame("answer", answer));
    }

    /// Test hook: the customer of a task's call hangs up. Before an answer the task
    /// is canceled (its reservations too, which cancels the ringing invite); after,
    /// the conference ends. False when the task has no conference with the customer on it.
    pub fn customer_hangup(&mut self, task_sid: &str) -> bool {
        let Some(conference) = self
            .voice
            .conferences
            .iter()
            .find(|c| c.task_sid == task_sid && c.customer_connected)
        else {
            return false;
        };
        let conference_sid = conference.sid.clone();
        let status = find(&self.tasks, task_sid).map(|t| t.status);
        if let Ok(TaskStatus::Pending | TaskStatus::Reserved) = status {
            if let Some(c) = self
                .voice
                .conferences
                .iter_mut()
                .find(|c| c.sid == conference_sid)
            {
                c.customer_connected = false;
            }
            let update = super::TaskUpdate {
                assignment_status: Some("canceled".into()),
                reason: Some("The caller hung up".into()),
                ..Default::default()
            };
            let _ = self.update_task(task_sid, update);
        } else {
            self.end_conference(&conference_sid, "The caller hung up");
        }
        true
    }

    /// Ends a conference: the customer leaves, every agent leg still up gets
    /// `hangup`, and an assigned task goes to wrap-up with `reason`.
    fn end_conference(&mut self, conference_sid: &str, reason: &str) {
        let Some(conference) = self
            .voice
            .conferences
            .iter_mut()
            .find(|c| c.sid == conference_sid)
        else {
            return;
        };
        conference.customer_connected = false;
        let task_sid = conference.task_sid.clone();
        let answered: Vec<(String, String)> = self
            .voice
            .legs
            .iter_mut()
            .filter(|l| l.conference_sid == conference_sid && l.status == LegStatus::InProgress)
            .map(|l| {
                l.status = LegStatus::Completed;
                (l.call_sid.clone(), l.identity.clone())
            })
            .collect();
        for (call_sid, identity) in &answered {
            let hangup = frame("hangup", json!({"callsid": call_sid}));
            self.voice.send_to_listening(identity, &hangup);
        }
        if find(&self.tasks, &task_sid).is_ok_and(|t| t.status == TaskStatus::Assigned) {
            self.finish_assigned(&task_sid, TaskStatus::Wrapping, Some(reason));
            self.route();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn client_addresses() {
        assert_eq!(
            client_address("client:alice?flex_session_identifier=ab12"),
            Some(("alice".into(), "flex_session_identifier=ab12".into()))
        );
        assert_eq!(
            client_address("client:bob"),
            Some(("bob".into(), String::new()))
        );
        assert_eq!(client_address("+15551234567"), None);
        assert_eq!(client_address("client:"), None);
    }

    #[test]
    fn frames_carry_type_version_and_payload() {
        let f: Value =
            serde_json::from_str(&error_frame(31209, "x", json!({"callsid": "CA1"}))).unwrap();
        assert_eq!(f["type"], "error");
        assert_eq!(f["version"], "1.6");
        assert_eq!(f["payload"]["error"]["code"], 31209);
        assert_eq!(f["payload"]["callsid"], "CA1");
    }

    #[test]
    fn the_offer_is_one_audio_line() {
        assert_eq!(OFFER_SDP.matches("m=audio").count(), 1);
        assert!(OFFER_SDP.contains("a=ice-lite"));
        assert!(OFFER_SDP.ends_with("\r\n"));
    }
}
