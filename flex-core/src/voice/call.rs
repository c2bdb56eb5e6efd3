//! [`VoiceCall`]: one call on the device, and its controls (API.md §8.1, VOICE.md §1.10).

use std::sync::{Arc, Mutex, MutexGuard};

use rand::Rng;

use super::device::Device;
use super::media::MediaEngine;
use super::wire::ClientFrame;
use super::{CallStatus, VoiceCallEventKind, VoiceCallInfo};
use crate::error::{FlexSdkError, Result};
use crate::events::{FlexEvent, FlexListener, ListenerHandle};

/// A call's mutable part.
pub(super) struct CallState {
    pub(super) info: VoiceCallInfo,
    /// The remote offer of the incoming call.
    pub(super) offer: String,
    /// The local answer, once accepted (re-sent in a reconnect `invite`).
    pub(super) local_sdp: Option<String>,
    /// The signalling reconnect token.
    pub(super) reconnect: Option<String>,
}

/// A call and its media engine.
pub(super) struct Call {
    pub(super) sid: String,
    pub(super) engine: Box<dyn MediaEngine>,
    pub(super) state: Mutex<CallState>,
}

impl Call {
    /// The state, locked (never across an await or an event emission).
    pub(super) fn lock(&self) -> MutexGuard<'_, CallState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A snapshot of the call.
    pub(super) fn info(&self) -> VoiceCallInfo {
        self.lock().info.clone()
    }
}

/// A call on the client's voice device. Cheap to clone; reads keep working after the call ends.
#[derive(Clone)]
pub struct VoiceCall {
    pub(super) device: Arc<Device>,
    pub(super) call: Arc<Call>,
}

impl VoiceCall {
    /// The call SID (`CA…`).
    pub fn call_sid(&self) -> String {
        self.call.sid.clone()
    }

    /// A snapshot: status, parameters, custom parameters, muted.
    pub fn info(&self) -> VoiceCallInfo {
        self.call.info()
    }

    /// Where the call stands.
    pub fn status(&self) -> CallStatus {
        self.call.lock().info.status
    }

    /// Accepts a pending incoming call: the media engine answers the offer and
    /// the answer is sent; emits `Accepted`. Already open: nothing to do.
    /// A call that ended fails with `InvalidState`.
    pub fn accept(&self) -> Result<()> {
        self.device.accept(&self.call)
    }

    /// Rejects a pending incoming call; emits `Rejected`. Fails with
    /// `InvalidState` unless the call is pending.
    pub fn reject(&self) -> Result<()> {
        self.device.reject(&self.call)
    }

    /// Hangs up (a pending call too); emits `Disconnected`. An ended call: nothing to do.
    pub fn disconnect(&self) -> Result<()> {
        self.device.hang_up(&self.call);
        Ok(())
    }

    /// Mutes the local audio (nothing goes on the wire); emits `Muted`.
    pub fn mute(&self) {
        self.device.set_muted(&self.call, true);
    }

    /// Unmutes the local audio; emits `Unmuted`.
    pub fn unmute(&self) {
        self.device.set_muted(&self.call, false);
    }

    /// Whether the local audio is muted.
    pub fn is_muted(&self) -> bool {
        self.call.lock().info.muted
    }

    /// Sends DTMF digits (`0-9`, `*`, `#`, `w` for a pause) on an open call: in
    /// the media when the engine can, else as a signalling `dtmf` message.
    pub fn send_digits(&self, digits: &str) -> Result<()> {
        if digits.is_empty()
            || !digits
                .chars()
                .all(|c| c.is_ascii_digit() || "*#wW".contains(c))
        {
            return Err(FlexSdkError::invalid_params(
                "digits must be one or more of 0-9, *, # and w",
            ));
        }
        self.open()?;
        if !self.call.engine.send_dtmf(digits) {
            self.device.send(ClientFrame::Dtmf {
                call_sid: self.call.sid.clone(),
                digits: digits.into(),
            });
        }
        Ok(())
    }

    /// Sends a user-defined message (`content_type` defaults to
    /// `application/json`) on an open call; returns its `KX…` id, which the
    /// `MessageSent` event (or a message `Error`) names.
    pub fn send_message(&self, content: &str, content_type: Option<&str>) -> Result<String> {
        self.open()?;
        let voice_event_sid = format!("KX{:032x}", rand::thread_rng().gen::<u128>());
        self.device.send(ClientFrame::Message {
            call_sid: self.call.sid.clone(),
            content: content.into(),
            content_type: content_type.unwrap_or("application/json").into(),
            voice_event_sid: voice_event_sid.clone(),
        });
        Ok(voice_event_sid)
    }

    /// Registers a listener for this call's `VoiceCall` events only; keep the handle to keep it.
    pub fn add_listener(&self, listener: Arc<dyn FlexListener>) -> Result<ListenerHandle> {
        let sid = self.call.sid.clone();
        let filtered = move |event: FlexEvent| {
            if matches!(&event, FlexEvent::VoiceCall { event: e } if e.call.call_sid == sid) {
                listener.on_event(event);
            }
        };
        self.device.add_listener(Arc::new(filtered))
    }

    fn open(&self) -> Result<()> {
        match self.status() {
            CallStatus::Open | CallStatus::Reconnecting => Ok(()),
            other => Err(FlexSdkError::invalid_state(format!(
                "call {} is {other:?}, not open",
                self.call.sid
            ))),
        }
    }
}

impl std::fmt::Debug for VoiceCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceCall")
            .field("call_sid", &self.call.sid)
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

/// The event kind of a mute change.
pub(super) fn mute_kind(muted: bool) -> VoiceCallEventKind {
    if muted {
        VoiceCallEventKind::Muted
    } else {
        VoiceCallEventKind::Unmuted
    }
}
