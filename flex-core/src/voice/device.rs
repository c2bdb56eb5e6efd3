//! The voice device: registration, the calls it holds, and what each server
//! frame does to them (VOICE.md §1.4–§1.7). The socket itself is in `signalling`.

use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::call::{mute_kind, Call, CallState, VoiceCall};
use super::errors::{is_token_error, voice_error};
use super::media::NullMediaEngine;
use super::params::custom_parameters;
use super::signalling::{self, Command, Control};
use super::wire::{ClientFrame, ServerFrame};
use super::{
    CallStatus, VoiceCallEvent, VoiceCallEventKind, VoiceCallInfo, VoiceCallMessage, VoiceState,
};
use crate::auth::Secret;
use crate::client::Inner;
use crate::error::{ErrorCode, ErrorInfo, FlexSdkError, Result};
use crate::events::{FlexEvent, FlexEventKind, FlexListener, Kinds, ListenerHandle};
use crate::options::VoiceOptions;

/// How long auto-accept leaves a call that names another session of this agent
/// (`flex_session_identifier`) to that session (API.md §7.4.0).
const OTHER_SESSION_GRACE: Duration = Duration::from_secs(5);

/// The custom parameter naming the Flex session a call was dialled for.
const SESSION_PARAMETER: &str = "flex_session_identifier";

/// The client's voice device.
pub(crate) struct Device {
    client: Weak<Inner>,
    /// This client's Flex session id (32 hex), sent in `flex_session_identifier`.
    pub(crate) session_id: String,
    options: VoiceOptions,
    calls: Mutex<Vec<Arc<Call>>>,
    commands: mpsc::UnboundedSender<Command>,
    state: watch::Sender<VoiceState>,
    /// Why the device was last refused (for a registration that failed).
    refusal: Mutex<Option<FlexSdkError>>,
}

impl Device {
    /// Creates the device of a client and starts its signalling socket (the
    /// device registers as soon as the stream is `connected`).
    pub(crate) fn start(inner: &Arc<Inner>, options: VoiceOptions) -> Arc<Device> {
        let (commands, rx) = mpsc::unbounded_channel();
        let device = Arc::new(Device {
            client: Arc::downgrade(inner),
            session_id: format!("{:032x}", rand::random::<u128>()),
            calls: Mutex::default(),
            commands,
            state: watch::channel(VoiceState::Connecting).0,
            refusal: Mutex::default(),
            options,
        });
        let control = Control {
            url: inner.hosts.voice_signal.clone(),
            connect_timeout: signalling::CONNECT_TIMEOUT.min(inner.options.connect_timeout()),
            heartbeat_timeout: Duration::from_millis(device.options.heartbeat_timeout_ms),
            reregister_every: Duration::from_millis(device.options.reregister_interval_ms),
            shutdown: inner.shutdown.subscribe(),
            token: inner.broker.watch(),
        };
        // Ends by itself on `Command::Close` or shutdown, after sending what is queued.
        inner
            .runtime
            .spawn(signalling::run(Arc::clone(&device), rx, control));
        device
    }

    fn calls(&self) -> MutexGuard<'_, Vec<Arc<Call>>> {
        self.calls.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current access token, while the client lives.
    pub(super) fn token(&self) -> Option<Secret> {
        self.client.upgrade().map(|c| c.broker.token())
    }

    /// Where the device stands.
    pub(crate) fn state(&self) -> VoiceState {
        *self.state.borrow()
    }

    /// The calls on the device (pending, open or reconnecting).
    pub(crate) fn voice_calls(self: &Arc<Self>) -> Vec<VoiceCall> {
        self.calls()
            .iter()
            .map(|c| VoiceCall {
                device: Arc::clone(self),
                call: Arc::clone(c),
            })
            .collect()
    }

    /// Sends a frame (queued by the socket while it is down, when retryable).
    pub(super) fn send(&self, frame: ClientFrame) {
        let _ = self.commands.send(Command::Send(frame));
    }

    /// Registers a client listener for `VoiceCall` events.
    pub(super) fn add_listener(&self, listener: Arc<dyn FlexListener>) -> Result<ListenerHandle> {
        let client = self
            .client
            .upgrade()
            .ok_or_else(|| FlexSdkError::invalid_state("the client was destroyed"))?;
        Ok(client.listeners.add(listener, Kinds::of(&[FlexEventKind::VoiceCall])))
    }

    fn emit(&self, event: FlexEvent) {
        if let Some(client) = self.client.upgrade() {
            client.dispatcher.emit(event);
        }
    }

    fn emit_call(
        &self,
        kind: VoiceCallEventKind,
        call: VoiceCallInfo,
        error: Option<&FlexSdkError>,
        voice_event_sid: Option<String>,
    ) {
        let event = VoiceCallEvent {
            kind,
            call,
            error: error.map(ErrorInfo::from),
            voice_event_sid,
            message: None,
        };
        self.emit(FlexEvent::VoiceCall { event });
    }

    /// Moves to a state, emitting `VoiceStateChanged` when it changed.
    pub(super) fn set_state(&self, state: VoiceState) {
        if self
            .state
            .send_if_modified(|s| std::mem::replace(s, state) != state)
        {
            tracing::info!(target: "flex_core::voice", ?state, "voice state");
            self.emit(FlexEvent::VoiceStateChanged { state });
        }
    }

    /// Waits until the device is registered; fails with 48414 when the server
    /// refused it or it did not register within `registration_timeout_ms`.
    pub(crate) async fn registered(&self) -> Result<()> {
        let limit = Duration::from_millis(self.options.registration_timeout_ms);
        let mut state = self.state.subscribe();
        let settled = state.wait_for(|s| {
            matches!(
                s,
                VoiceState::Registered | VoiceState::Denied | VoiceState::Disconnected
            )
        });
        let failed = |details: String| {
            FlexSdkError::new(
                ErrorCode::VoiceDeviceNotInitialized,
                "the voice device did not register",
            )
            .with_details(details)
        };
        let outcome = tokio::time::timeout(limit, settled)
            .await
            .map(|r| r.map(|s| *s));
        match outcome {
            Ok(Ok(VoiceState::Registered)) => Ok(()),
            Ok(_) => {
                let why = self
                    .refusal
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone();
                Err(match why {
                    Some(mut e) => {
                        e.code = ErrorCode::VoiceDeviceNotInitialized;
                        e
                    }
                    None => failed("the voice stream closed".into()),
                })
            }
            Err(_) => Err(failed(format!("no `ready` within {limit:?}"))),
        }
    }

    fn find(&self, call_sid: &str) -> Option<Arc<Call>> {
        self.calls().iter().find(|c| c.sid == call_sid).cloned()
    }

    fn forget(&self, call: &Call) {
        call.engine.close();
        self.calls().retain(|c| c.sid != call.sid);
    }

    /// Moves a call to `Closed` unless it already is; returns its snapshot then.
    fn close_call(&self, call: &Call) -> Option<VoiceCallInfo> {
        let info = {
            let mut st = call.lock();
            if st.info.status == CallStatus::Closed {
                return None;
            }
            st.info.status = CallStatus::Closed;
            st.info.clone()
        };
        self.forget(call);
        Some(info)
    }

    /// A frame from the server.
    pub(super) fn on_frame(self: &Arc<Self>, frame: ServerFrame) {
        match frame {
            ServerFrame::Connected { identity } => self.on_connected(&identity),
            ServerFrame::Ready => self.set_state(VoiceState::Registered),
            ServerFrame::Offline => self.set_state(VoiceState::Connected),
            ServerFrame::Invite {
                call_sid,
                sdp,
                parameters,
                reconnect,
            } => self.on_invite(call_sid, sdp, parameters, reconnect),
            ServerFrame::Answer {
                call_sid,
                reconnect,
            } => self.on_answer(&call_sid, reconnect),
            ServerFrame::Cancel { call_sid } => {
                let Some(call) = self.find(&call_sid) else {
                    return;
                };
                if call.lock().info.status != CallStatus::Pending {
                    return;
                }
                if let Some(info) = self.close_call(&call) {
                    self.emit_call(VoiceCallEventKind::Canceled, info, None, None);
                }
            }
            ServerFrame::Hangup { call_sid, error } => {
                let Some(call) = self.find(&call_sid) else {
                    return;
                };
                let error = error.map(|(code, message)| voice_error(code, &message));
                if let Some(info) = self.close_call(&call) {
                    if let Some(e) = &error {
                        self.emit_call(VoiceCallEventKind::Error, info.clone(), Some(e), None);
                    }
                    self.emit_call(VoiceCallEventKind::Disconnected, info, error.as_ref(), None);
                }
            }
            ServerFrame::Ack {
                call_sid,
                voice_event_sid,
            } => {
                if let Some(call) = self.find(&call_sid) {
                    self.emit_call(
                        VoiceCallEventKind::MessageSent,
                        call.info(),
                        None,
                        Some(voice_event_sid),
                    );
                }
            }
            ServerFrame::Message {
                call_sid,
                content,
                content_type,
                voice_event_sid,
            } => {
                if let Some(call) = self.find(&call_sid) {
                    let event = VoiceCallEvent {
                        kind: VoiceCallEventKind::MessageReceived,
                        call: call.info(),
                        error: None,
                        voice_event_sid: Some(voice_event_sid),
                        message: Some(VoiceCallMessage {
                            content,
                            content_type,
                        }),
                    };
                    self.emit(FlexEvent::VoiceCall { event });
                }
            }
            ServerFrame::Error {
                code,
                message,
                call_sid,
                voice_event_sid,
            } => self.on_error(code, &message, call_sid.as_deref(), voice_event_sid),
            ServerFrame::Heartbeat | ServerFrame::Close | ServerFrame::Other(_) => {}
        }
    }

    /// `connected`: register, and resume the calls the last socket left reconnecting.
    fn on_connected(&self, identity: &str) {
        tracing::debug!(target: "flex_core::voice", %identity, "voice stream connected");
        *self.refusal.lock().unwrap_or_else(|p| p.into_inner()) = None;
        if self.state() != VoiceState::Registered {
            self.set_state(VoiceState::Connected);
            self.send(ClientFrame::Register { audio: true });
        }
        let resume: Vec<ClientFrame> = self
            .calls()
            .iter()
            .filter_map(|c| {
                let st = c.lock();
                match (st.info.status, &st.reconnect, &st.local_sdp) {
                    (CallStatus::Reconnecting, Some(token), Some(sdp)) => {
                        Some(ClientFrame::Reconnect {
                            call_sid: c.sid.clone(),
                            sdp: sdp.clone(),
                            token: token.clone(),
                        })
                    }
                    _ => None,
                }
            })
            .collect();
        for frame in resume {
            self.send(frame);
        }
    }

    fn on_invite(
        self: &Arc<Self>,
        call_sid: String,
        offer: String,
        mut parameters: std::collections::HashMap<String, String>,
        reconnect: Option<String>,
    ) {
        if self.find(&call_sid).is_some() {
            return;
        }
        parameters
            .entry("CallSid".into())
            .or_insert_with(|| call_sid.clone());
        let custom = custom_parameters(parameters.get("Params").map_or("", String::as_str));
        let info = VoiceCallInfo {
            call_sid: call_sid.clone(),
            status: CallStatus::Pending,
            caller: parameters.get("From").cloned(),
            callee: parameters.get("To").cloned(),
            custom_parameters: custom,
            parameters,
            muted: false,
        };
        let call = Arc::new(Call {
            sid: call_sid,
            engine: Box::new(NullMediaEngine::new()),
            state: Mutex::new(CallState {
                info: info.clone(),
                offer,
                local_sdp: None,
                reconnect,
            }),
        });
        self.calls().push(Arc::clone(&call));
        tracing::info!(target: "flex_core::voice", call = %call.sid, "incoming call");
        self.emit_call(VoiceCallEventKind::Incoming, info.clone(), None, None);
        if self.options.auto_accept_incoming_calls {
            self.auto_accept(call, &info);
        }
    }

    /// API.md §7.4.0: a call for this session (or for no session) is accepted at
    /// once; one for another session of the agent after a grace, if still pending.
    fn auto_accept(self: &Arc<Self>, call: Arc<Call>, info: &VoiceCallInfo) {
        match info.custom_parameters.get(SESSION_PARAMETER) {
            Some(session) if *session != self.session_id => {
                let device = Arc::clone(self);
                tokio::spawn(async move {
                    tokio::time::sleep(OTHER_SESSION_GRACE).await;
                    if call.lock().info.status == CallStatus::Pending {
                        let _ = device.accept(&call);
                    }
                });
            }
            _ => {
                if let Err(e) = self.accept(&call) {
                    tracing::warn!(target: "flex_core::voice", error = %e, "auto-accept failed");
                }
            }
        }
    }

    /// The answer to a reconnect `invite`: the call is resumed.
    fn on_answer(&self, call_sid: &str, reconnect: Option<String>) {
        let Some(call) = self.find(call_sid) else {
            return;
        };
        let info = {
            let mut st = call.lock();
            if reconnect.is_some() {
                st.reconnect = reconnect;
            }
            if st.info.status != CallStatus::Reconnecting {
                return;
            }
            st.info.status = CallStatus::Open;
            st.info.clone()
        };
        self.emit_call(VoiceCallEventKind::Reconnected, info, None, None);
    }

    fn on_error(
        &self,
        code: u32,
        message: &str,
        call_sid: Option<&str>,
        voice_event_sid: Option<String>,
    ) {
        let error = voice_error(code, message);
        if let Some(call) = call_sid.and_then(|sid| self.find(sid)) {
            let resuming = call.lock().info.status == CallStatus::Reconnecting;
            let info = if resuming && voice_event_sid.is_none() {
                // The call could not be resumed (31209, 31107): it is over.
                self.close_call(&call)
            } else {
                Some(call.info())
            };
            if let Some(info) = info {
                self.emit_call(
                    VoiceCallEventKind::Error,
                    info.clone(),
                    Some(&error),
                    voice_event_sid,
                );
                if resuming {
                    self.emit_call(VoiceCallEventKind::Disconnected, info, Some(&error), None);
                }
            }
            return;
        }
        tracing::warn!(target: "flex_core::voice", %error, "voice error");
        if is_token_error(code) {
            *self.refusal.lock().unwrap_or_else(|p| p.into_inner()) = Some(error.clone());
            self.set_state(VoiceState::Denied);
        }
        self.emit(FlexEvent::VoiceError {
            error: ErrorInfo::from(&error),
        });
    }

    /// The socket was lost: open calls with a reconnect token wait for the next
    /// socket (`Reconnecting`, error 53001); the others end.
    pub(super) fn on_lost(&self) {
        if self.state() != VoiceState::Denied {
            self.set_state(VoiceState::Reconnecting);
        }
        let lost = voice_error(53001, "the signalling connection was lost");
        let calls: Vec<Arc<Call>> = self.calls().clone();
        for call in calls {
            let (kind, info) = {
                let mut st = call.lock();
                if st.info.status != CallStatus::Open {
                    continue;
                }
                if st.reconnect.is_some() && st.local_sdp.is_some() {
                    st.info.status = CallStatus::Reconnecting;
                    (VoiceCallEventKind::Reconnecting, st.info.clone())
                } else {
                    st.info.status = CallStatus::Closed;
                    (VoiceCallEventKind::Disconnected, st.info.clone())
                }
            };
            if kind == VoiceCallEventKind::Disconnected {
                self.forget(&call);
            }
            self.emit_call(kind, info, Some(&lost), None);
        }
    }

    /// The stream ended for good (server `close`, or the client stopped).
    pub(super) fn on_closed(&self) {
        let calls: Vec<Arc<Call>> = self.calls().clone();
        for call in calls {
            if let Some(info) = self.close_call(&call) {
                self.emit_call(VoiceCallEventKind::Disconnected, info, None, None);
            }
        }
        self.set_state(VoiceState::Disconnected);
    }

    /// `VoiceCall::accept`.
    pub(super) fn accept(&self, call: &Call) -> Result<()> {
        let offer = {
            let st = call.lock();
            match st.info.status {
                CallStatus::Pending => st.offer.clone(),
                CallStatus::Open | CallStatus::Reconnecting => return Ok(()),
                CallStatus::Closed => {
                    return Err(FlexSdkError::invalid_state(format!(
                        "call {} has ended",
                        call.sid
                    )))
                }
            }
        };
        // The engine (a host's, in the bindings) runs with no lock held.
        let sdp = call.engine.answer(&offer)?;
        let info = {
            let mut st = call.lock();
            if st.info.status != CallStatus::Pending {
                // Accepted meanwhile, or ended.
                return Ok(());
            }
            st.local_sdp = Some(sdp.clone());
            st.info.status = CallStatus::Open;
            st.info.clone()
        };
        self.send(ClientFrame::Answer {
            call_sid: call.sid.clone(),
            sdp,
        });
        tracing::info!(target: "flex_core::voice", call = %call.sid, "call accepted");
        self.emit_call(VoiceCallEventKind::Accepted, info, None, None);
        Ok(())
    }

    /// `VoiceCall::reject`.
    pub(super) fn reject(&self, call: &Call) -> Result<()> {
        if call.lock().info.status != CallStatus::Pending {
            return Err(FlexSdkError::invalid_state(format!(
                "call {} is not pending",
                call.sid
            )));
        }
        if let Some(info) = self.close_call(call) {
            self.send(ClientFrame::Reject {
                call_sid: call.sid.clone(),
            });
            self.emit_call(VoiceCallEventKind::Rejected, info, None, None);
        }
        Ok(())
    }

    /// `VoiceCall::disconnect`.
    pub(super) fn hang_up(&self, call: &Call) {
        if let Some(info) = self.close_call(call) {
            self.send(ClientFrame::Hangup {
                call_sid: call.sid.clone(),
            });
            self.emit_call(VoiceCallEventKind::Disconnected, info, None, None);
        }
    }

    /// `VoiceCall::mute` / `unmute`.
    pub(super) fn set_muted(&self, call: &Call, muted: bool) {
        let info = {
            let mut st = call.lock();
            if st.info.muted == muted || st.info.status == CallStatus::Closed {
                return;
            }
            st.info.muted = muted;
            st.info.clone()
        };
        call.engine.set_muted(muted);
        self.emit_call(mute_kind(muted), info, None, None);
    }

    /// Destroy (VOICE.md §1.4 item 7): pending calls are rejected, the others
    /// hung up, then the socket closes; no unregister is sent.
    pub(crate) fn destroy(&self) {
        let calls: Vec<Arc<Call>> = std::mem::take(&mut *self.calls());
        for call in calls {
            let was = {
                let mut st = call.lock();
                std::mem::replace(&mut st.info.status, CallStatus::Closed)
            };
            call.engine.close();
            let call_sid = call.sid.clone();
            match was {
                CallStatus::Pending => self.send(ClientFrame::Reject { call_sid }),
                CallStatus::Open | CallStatus::Reconnecting => {
                    self.send(ClientFrame::Hangup { call_sid })
                }
                CallStatus::Closed => {}
            }
        }
        let _ = self.commands.send(Command::Close);
        self.set_state(VoiceState::Disconnected);
    }
}
