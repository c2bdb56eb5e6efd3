//! Voice: the built-in device against the emulator's signalling server: a voice
//! task accepted end to end, reject, cancel, the customer hanging up, DTMF, user
//! messages, a signalling drop during a call, a token update on the open socket,
//! heartbeat silence, and a refused token.

use std::time::{Duration, Instant};

use flex_core::{
    CallStatus, ClientOptions, ErrorCode, FlexClient, FlexEvent, ParticipantType,
    ReservationStatus, SessionOptions, VoiceCall, VoiceCallEvent, VoiceCallEventKind, VoiceOptions,
    VoiceState,
};
use flex_emulator::EmulatorConfig;
use flex_tests::{Env, Recorder, WAIT};
use serde_json::json;

/// Client options with voice.
fn voice_options(env: &Env, voice: VoiceOptions) -> ClientOptions {
    ClientOptions {
        voice: Some(voice),
        ..env.options()
    }
}

/// Alice with voice, registered and Available, with a recorder.
async fn voice_agent(
    env: &Env,
    voice: VoiceOptions,
) -> (FlexClient, Recorder, flex_core::ListenerHandle) {
    let client = FlexClient::create(&env.world.users.agent.token, voice_options(env, voice))
        .await
        .expect("voice client");
    assert_eq!(client.voice_state(), VoiceState::Registered);
    let (recorder, handle) = Recorder::attach(&client);
    client
        .set_current_activity(&env.world.activities.available, false)
        .await
        .expect("go available");
    (client, recorder, handle)
}

/// A voice task being accepted by an agent who does not auto-accept: its call rings.
struct Ringing {
    client: FlexClient,
    recorder: Recorder,
    _handle: flex_core::ListenerHandle,
    task_sid: String,
    /// The `accept_task` in progress.
    accepting: tokio::task::JoinHandle<flex_core::Result<flex_core::Reservation>>,
    /// The call's `Incoming` event.
    incoming: VoiceCallEvent,
}

/// Creates a voice task for an agent without auto-accept, starts accepting it,
/// and waits for its call to ring.
async fn ringing(env: &Env) -> Ringing {
    let manual = VoiceOptions {
        auto_accept_incoming_calls: false,
        ..Default::default()
    };
    let (client, recorder, _handle) = voice_agent(env, manual).await;
    let task_sid = env.create_task("voice", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    let accepting = tokio::spawn({
        let client = client.clone();
        let task_sid = task_sid.clone();
        async move { client.accept_task(&task_sid).await }
    });
    let incoming = call_event(&recorder, VoiceCallEventKind::Incoming).await;
    Ringing { client, recorder, _handle, task_sid, accepting, incoming }
}

/// Waits for a call event of this kind.
async fn call_event(recorder: &Recorder, kind: VoiceCallEventKind) -> VoiceCallEvent {
    match recorder
        .wait_for(
            &format!("voice call {kind:?}"),
            |e| matches!(e, FlexEvent::VoiceCall { event } if event.kind == kind),
        )
        .await
    {
        FlexEvent::VoiceCall { event } => event,
        _ => unreachable!(),
    }
}

/// The voice states the listeners saw, in order. A listener added right after
/// `create` still gets the states of the registration (queued before it was added).
fn states(events: &[FlexEvent]) -> Vec<VoiceState> {
    events
        .iter()
        .filter_map(|e| match e {
            FlexEvent::VoiceStateChanged { state } => Some(*state),
            _ => None,
        })
        .collect()
}

/// Whether the device went through `first`, then (later) reached `then`.
fn went(events: &[FlexEvent], first: VoiceState, then: VoiceState) -> bool {
    let states = states(events);
    states
        .iter()
        .position(|s| *s == first)
        .is_some_and(|i| states[i..].contains(&then))
}

/// Waits until `done` holds (for state read from the emulator, which has no events).
async fn eventually(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A voice task accepted end to end; returns the task SID and the open call.
async fn accepted_call(env: &Env, client: &FlexClient, recorder: &Recorder) -> (String, VoiceCall) {
    let task_sid = env
        .create_task("voice", json!({"from": "+15551230000"}))
        .await;
    recorder.wait_for_reservation(&task_sid).await;
    let reservation = client.accept_task(&task_sid).await.expect("voice accept");
    assert_eq!(reservation.status, ReservationStatus::Accepted);
    let call_sid = reservation.task.attributes["conference"]["participants"]["worker"]
        .as_str()
        .expect("conference.participants.worker in the task attributes")
        .to_string();
    let call = client
        .voice_call(&call_sid)
        .expect("the call is on the device");
    assert_eq!(call.status(), CallStatus::Open);
    (task_sid, call)
}

#[tokio::test]
async fn a_voice_task_is_accepted_through_the_call() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let (task_sid, call) = accepted_call(&env, &client, &recorder).await;

    let incoming = call_event(&recorder, VoiceCallEventKind::Incoming).await;
    assert_eq!(incoming.call.call_sid, call.call_sid());
    assert_eq!(incoming.call.status, CallStatus::Pending);
    assert_eq!(incoming.call.caller.as_deref(), Some("+15551230000"));
    assert_eq!(incoming.call.callee.as_deref(), Some("client:alice"));
    assert_eq!(incoming.call.parameters["CallSid"], call.call_sid());
    assert!(incoming.call.parameters["AccountSid"].starts_with("AC"));
    let session = &incoming.call.custom_parameters["flex_session_identifier"];
    assert!(
        session.len() == 32 && session.chars().all(|c| c.is_ascii_hexdigit()),
        "{session}"
    );
    let accepted = call_event(&recorder, VoiceCallEventKind::Accepted).await;
    assert_eq!(accepted.call.status, CallStatus::Open);

    let updated = recorder
        .wait_for("task.updated with the conference", |e| {
            matches!(e, FlexEvent::TaskUpdated { task } if task.sid == task_sid
                && task.attributes["conference"]["participants"]["worker"] == call.call_sid().as_str())
        })
        .await;
    let FlexEvent::TaskUpdated { task } = updated else {
        unreachable!()
    };
    assert!(task.attributes["conference"]["sid"]
        .as_str()
        .unwrap()
        .starts_with("CF"));
    assert!(task.attributes["conference"]["participants"]["customer"]
        .as_str()
        .unwrap()
        .starts_with("CA"));
    recorder
        .wait_for("the agent joined", |e| {
            matches!(e, FlexEvent::TaskParticipant { .. })
        })
        .await;

    // The Interactions participants carry the calls (webhook-form voice media properties).
    let participants = client.get_task_participants(&task_sid).await.unwrap();
    let call_of = |kind: ParticipantType| {
        participants
            .iter()
            .find(|p| p.participant_type == kind)
            .and_then(|p| p.media_properties.as_ref())
            .and_then(|m| m["callSid"].as_str())
            .map(str::to_string)
    };
    assert_eq!(call_of(ParticipantType::Agent), Some(call.call_sid()));
    assert_eq!(
        call_of(ParticipantType::Customer).as_deref(),
        task.attributes["conference"]["participants"]["customer"].as_str()
    );

    // Mute is local: events, no wire.
    assert!(!call.is_muted());
    call.mute();
    assert!(call.is_muted());
    call_event(&recorder, VoiceCallEventKind::Muted).await;
    call.unmute();
    call_event(&recorder, VoiceCallEventKind::Unmuted).await;

    // Hanging up ends the conference (EndConferenceOnExit): the task wraps up.
    call.disconnect().unwrap();
    assert_eq!(call.status(), CallStatus::Closed);
    call_event(&recorder, VoiceCallEventKind::Disconnected).await;
    recorder
        .wait_for("reservation wrap-up", |e| {
            matches!(e, FlexEvent::ReservationWrapup { .. })
        })
        .await;
    assert_eq!(
        env.emulator.voice_call_status(&call.call_sid()).as_deref(),
        Some("completed")
    );
    assert!(client.voice_calls().is_empty());
    client.destroy();
    assert_eq!(client.voice_state(), VoiceState::Disconnected);
}

#[tokio::test]
async fn rejecting_the_call_rejects_the_reservation() {
    let env = Env::start().await;
    let Ringing { client, recorder, _handle, accepting, incoming, .. } = ringing(&env).await;
    let call = client.voice_call(&incoming.call.call_sid).unwrap();
    call.reject().unwrap();
    call_event(&recorder, VoiceCallEventKind::Rejected).await;
    recorder
        .wait_for("reservation rejected", |e| {
            matches!(e, FlexEvent::ReservationRejected { .. })
        })
        .await;
    let e = accepting.await.unwrap().unwrap_err();
    assert_eq!(e.code, ErrorCode::FailedToAcceptReservation);
    assert!(
        call.reject().is_err(),
        "only a pending call can be rejected"
    );
}

#[tokio::test]
async fn an_answer_the_server_refuses_is_a_call_error() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    env.emulator.deny_voice_answers(Some(31486));
    let task_sid = env.create_task("voice", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    let e = client.accept_task(&task_sid).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::FailedToAcceptReservation);
    let error = call_event(&recorder, VoiceCallEventKind::Error).await;
    let info = error.error.expect("the error");
    assert_eq!(info.twilio_code, Some(31486));
    assert_eq!(info.code, ErrorCode::DownstreamServiceError);
    let gone = call_event(&recorder, VoiceCallEventKind::Disconnected).await;
    assert_eq!(gone.call.status, CallStatus::Closed);
    assert!(client.voice_calls().is_empty());
}

#[tokio::test]
async fn the_caller_hanging_up_before_the_answer_cancels_the_call() {
    let env = Env::start().await;
    let Ringing { client, recorder, _handle, task_sid, accepting, incoming } = ringing(&env).await;
    assert!(env.emulator.customer_hangup(&task_sid));
    let canceled = call_event(&recorder, VoiceCallEventKind::Canceled).await;
    assert_eq!(canceled.call.call_sid, incoming.call.call_sid);
    assert_eq!(canceled.call.status, CallStatus::Closed);
    recorder
        .wait_for("reservation canceled", |e| {
            matches!(e, FlexEvent::ReservationCanceled { .. })
        })
        .await;
    assert!(accepting.await.unwrap().is_err());
    assert!(client.voice_calls().is_empty());
}

#[tokio::test]
async fn the_customer_hanging_up_disconnects_the_call() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let (task_sid, call) = accepted_call(&env, &client, &recorder).await;
    assert!(env.emulator.customer_hangup(&task_sid));
    let gone = call_event(&recorder, VoiceCallEventKind::Disconnected).await;
    assert_eq!(gone.call.call_sid, call.call_sid());
    assert_eq!(call.status(), CallStatus::Closed);
    recorder
        .wait_for("reservation wrap-up", |e| {
            matches!(e, FlexEvent::ReservationWrapup { .. })
        })
        .await;
}

#[tokio::test]
async fn digits_and_user_messages_reach_the_server() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let (_task, call) = accepted_call(&env, &client, &recorder).await;
    let sid = call.call_sid();

    assert_eq!(
        call.send_digits("12x").unwrap_err().code,
        ErrorCode::InvalidParams
    );
    call.send_digits("12#").unwrap();
    call.send_digits("w*9").unwrap();
    eventually("the digits", || {
        env.emulator.voice_digits(&sid).as_deref() == Some("12#w*9")
    })
    .await;

    let (events, _only_this_call) = Recorder::attach_to_call(&call);
    let id = call.send_message(r#"{"note":"hello"}"#, None).unwrap();
    assert!(id.starts_with("KX") && id.len() == 34);
    let sent = call_event(&events, VoiceCallEventKind::MessageSent).await;
    assert_eq!(sent.voice_event_sid.as_deref(), Some(id.as_str()));
    assert_eq!(
        env.emulator.voice_messages(&sid).unwrap(),
        vec![r#"{"note":"hello"}"#.to_string()]
    );

    // A back end sends a message to the call (Voice REST).
    let url = format!(
        "{}/2010-04-01/Accounts/{}/Calls/{sid}/UserDefinedMessages.json",
        env.emulator.base_url(),
        env.world.account_sid
    );
    let response = reqwest::Client::new()
        .post(url)
        .basic_auth(&env.world.account_sid, Some(&env.world.auth_token))
        .form(&[("Content", r#"{"from":"backend"}"#)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let created: serde_json::Value = response.json().await.unwrap();
    let received = call_event(&events, VoiceCallEventKind::MessageReceived).await;
    assert_eq!(received.voice_event_sid.as_deref(), created["sid"].as_str());
    let message = received.message.expect("the message");
    assert_eq!(message.content, r#"{"from":"backend"}"#);
    assert_eq!(message.content_type, "application/json");

    call.disconnect().unwrap();
    assert_eq!(
        call.send_digits("1").unwrap_err().code,
        ErrorCode::InvalidState
    );
}

#[tokio::test]
async fn a_signalling_drop_during_a_call_keeps_the_call() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let (task_sid, call) = accepted_call(&env, &client, &recorder).await;

    env.emulator.drop_voice_sockets();
    let reconnecting = call_event(&recorder, VoiceCallEventKind::Reconnecting).await;
    assert_eq!(reconnecting.call.status, CallStatus::Reconnecting);
    assert_eq!(reconnecting.error.unwrap().twilio_code, Some(53001));
    call_event(&recorder, VoiceCallEventKind::Reconnected).await;
    assert_eq!(call.status(), CallStatus::Open);
    recorder
        .wait_until("reconnecting, then registered again", |events| {
            went(events, VoiceState::Reconnecting, VoiceState::Registered)
        })
        .await;
    let sockets = env.emulator.voice_sockets();
    assert_eq!(sockets.len(), 2, "{sockets:?}");
    assert!(!sockets[0].open && sockets[1].open);

    // The resumed call is bound to the new socket: digits and the hang-up still flow.
    call.send_digits("5").unwrap();
    eventually("digits after the reconnect", || {
        env.emulator.voice_digits(&call.call_sid()).as_deref() == Some("5")
    })
    .await;
    assert!(env.emulator.customer_hangup(&task_sid));
    call_event(&recorder, VoiceCallEventKind::Disconnected).await;
}

#[tokio::test]
async fn a_token_update_re_sends_listen_on_the_open_socket() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let fresh = env
        .emulator
        .mint_token(&env.world.users.agent.worker_sid, Duration::from_secs(7200));
    client.update_token(&fresh, None).await.unwrap();
    eventually("a second listen", || {
        env.emulator
            .voice_sockets()
            .first()
            .is_some_and(|s| s.listens == 2)
    })
    .await;
    let sockets = env.emulator.voice_sockets();
    assert_eq!(sockets.len(), 1, "no new connection: {sockets:?}");
    assert!(sockets[0].open);
    assert_eq!(sockets[0].identity.as_deref(), Some("alice"));
    assert_eq!(client.voice_state(), VoiceState::Registered);
    let events = recorder.events();
    let seen = states(&events);
    assert!(
        seen.iter()
            .all(|s| matches!(s, VoiceState::Connected | VoiceState::Registered)),
        "no reconnect: {seen:?}"
    );
}

#[tokio::test]
async fn the_automatic_renewal_reaches_the_voice_socket_too() {
    let env = Env::start_with(EmulatorConfig {
        sso_token_ttl: Duration::from_secs(6),
        ..EmulatorConfig::default()
    })
    .await;
    let tokens = env.sso_sign_in("alice").await;
    let options = ClientOptions {
        session: Some(SessionOptions {
            auto_update_token: true,
            refresh_token: Some(tokens.refresh_token),
            sso_profile_sid: Some(env.world.sso_profile_sid.clone()),
            refresh_margin_ms: 4000,
            check_interval_ms: 500,
            ..SessionOptions::default()
        }),
        ..voice_options(&env, VoiceOptions::default())
    };
    let client = FlexClient::create(tokens.access_token.expose(), options)
        .await
        .unwrap();
    let (recorder, _h) = Recorder::attach(&client);
    recorder
        .wait_for("a renewal", |e| matches!(e, FlexEvent::TokenUpdated { .. }))
        .await;
    eventually("a second listen", || {
        env.emulator
            .voice_sockets()
            .first()
            .is_some_and(|s| s.listens >= 2)
    })
    .await;
    assert_eq!(env.emulator.voice_sockets().len(), 1, "no new connection");
    assert_eq!(client.voice_state(), VoiceState::Registered);
    client.destroy();
}

#[tokio::test]
async fn heartbeat_silence_reconnects() {
    let env = Env::start_with(EmulatorConfig {
        voice_heartbeat_interval: Duration::from_secs(600),
        ..EmulatorConfig::default()
    })
    .await;
    let quick = VoiceOptions {
        heartbeat_timeout_ms: 700,
        ..Default::default()
    };
    let (_client, recorder, _h) = voice_agent(&env, quick).await;
    recorder
        .wait_until("reconnecting, then registered again", |events| {
            went(events, VoiceState::Reconnecting, VoiceState::Registered)
        })
        .await;
    let sockets = env.emulator.voice_sockets();
    assert!(sockets.len() >= 2, "{sockets:?} {:#?}", recorder.events());
}

#[tokio::test]
async fn heartbeats_are_answered_and_keep_the_socket_and_the_device_re_registers() {
    let env = Env::start_with(EmulatorConfig {
        voice_heartbeat_interval: Duration::from_millis(50),
        ..EmulatorConfig::default()
    })
    .await;
    let quick = VoiceOptions {
        heartbeat_timeout_ms: 1000,
        reregister_interval_ms: 100,
        ..Default::default()
    };
    let (_client, recorder, _h) = voice_agent(&env, quick).await;
    // 40 replies span 2 s: two silence timeouts had the heartbeats not counted.
    eventually("40 heartbeat replies and 5 registers", || {
        env.emulator
            .voice_sockets()
            .first()
            .is_some_and(|s| s.heartbeat_replies >= 40 && s.registers >= 5)
    })
    .await;
    let sockets = env.emulator.voice_sockets();
    let events = recorder.events();
    assert_eq!(sockets.len(), 1, "{sockets:?}");
    let seen = states(&events);
    assert!(
        seen.iter()
            .all(|s| matches!(s, VoiceState::Connected | VoiceState::Registered)),
        "no reconnect: {seen:?}"
    );
}

#[tokio::test]
async fn a_refused_token_is_an_error_until_a_new_token() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    env.emulator.rotate_signing_key();
    let error = recorder
        .wait_for("voice error", |e| matches!(e, FlexEvent::VoiceError { .. }))
        .await;
    let FlexEvent::VoiceError { error } = error else {
        unreachable!()
    };
    assert_eq!(error.code, ErrorCode::InvalidAccessToken);
    assert_eq!(error.twilio_code, Some(31204));
    recorder
        .wait_for("denied", |e| {
            matches!(
                e,
                FlexEvent::VoiceStateChanged {
                    state: VoiceState::Denied
                }
            )
        })
        .await;
    assert_eq!(client.voice_state(), VoiceState::Denied);

    let fresh = env
        .emulator
        .mint_token(&env.world.users.agent.worker_sid, Duration::from_secs(3600));
    client.update_token(&fresh, None).await.unwrap();
    recorder
        .wait_until("denied, then registered with the new token", |events| {
            went(events, VoiceState::Denied, VoiceState::Registered)
        })
        .await;
}

#[tokio::test]
async fn accepting_a_voice_task_needs_a_registered_device() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let task_sid = env.create_task("voice", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    env.emulator.rotate_signing_key();
    recorder
        .wait_until("denied", |events| {
            states(events).contains(&VoiceState::Denied)
        })
        .await;
    let e = client.accept_task(&task_sid).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::VoiceDeviceNotInitialized);
}

#[tokio::test]
async fn destroy_hangs_up_the_open_call() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let (_task, call) = accepted_call(&env, &client, &recorder).await;
    client.destroy();
    assert_eq!(call.status(), CallStatus::Closed);
    eventually("the leg completed", || {
        env.emulator.voice_call_status(&call.call_sid()).as_deref() == Some("completed")
    })
    .await;
    eventually("the socket closed", || {
        env.emulator.voice_sockets().iter().all(|s| !s.open)
    })
    .await;
}

#[tokio::test]
async fn auto_accept_takes_calls_for_this_session_at_once_and_others_after_a_grace() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;

    // No session named: accepted at once, with its custom parameters.
    let plain = env
        .emulator
        .dial_client("alice", "+15557654321", "topic=billing&name=Ada+L")
        .unwrap();
    let accepted = call_event(&recorder, VoiceCallEventKind::Accepted).await;
    assert_eq!(accepted.call.call_sid, plain);
    assert_eq!(accepted.call.custom_parameters["topic"], "billing");
    assert_eq!(accepted.call.custom_parameters["name"], "Ada L");
    assert_eq!(accepted.call.caller.as_deref(), Some("+15557654321"));
    client.voice_call(&plain).unwrap().disconnect().unwrap();

    // Another session of the agent: left to it for 5 s, then accepted if still pending.
    let other = env
        .emulator
        .dial_client(
            "alice",
            "+15557654321",
            "flex_session_identifier=0123456789abcdef0123456789abcdef",
        )
        .unwrap();
    let incoming = recorder
        .wait_for("the second call", |e| {
            matches!(e, FlexEvent::VoiceCall { event } if event.kind == VoiceCallEventKind::Incoming
                && event.call.call_sid == other)
        })
        .await;
    let started = Instant::now();
    assert!(matches!(incoming, FlexEvent::VoiceCall { .. }));
    assert_eq!(
        client.voice_call(&other).unwrap().status(),
        CallStatus::Pending
    );
    recorder
        .wait_until("the grace then the accept", |events| {
            events.iter().any(|e| {
                matches!(e, FlexEvent::VoiceCall { event }
                if event.kind == VoiceCallEventKind::Accepted && event.call.call_sid == other)
            })
        })
        .await;
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        env.emulator.voice_call_status(&other).as_deref(),
        Some("in-progress")
    );
}

#[tokio::test]
async fn the_server_close_ends_the_stream_for_good() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    let (_task, call) = accepted_call(&env, &client, &recorder).await;
    env.emulator.close_voice_sockets();
    recorder
        .wait_until("disconnected", |events| {
            states(events).contains(&VoiceState::Disconnected)
        })
        .await;
    call_event(&recorder, VoiceCallEventKind::Disconnected).await;
    assert_eq!(call.status(), CallStatus::Closed);
    eventually("the socket closed", || {
        env.emulator.voice_sockets().iter().all(|s| !s.open)
    })
    .await;
    assert_eq!(env.emulator.voice_sockets().len(), 1, "no reconnect");
    assert_eq!(client.voice_state(), VoiceState::Disconnected);
}

#[tokio::test]
async fn accepting_a_voice_task_needs_a_contact_uri() {
    let env = Env::start().await;
    let (client, recorder, _h) = voice_agent(&env, VoiceOptions::default()).await;
    client
        .set_attributes(json!({"full_name": "Alice"}), false)
        .await
        .unwrap();
    let task_sid = env.create_task("voice", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    let e = client.accept_task(&task_sid).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::FailedToCreateConference);
    assert!(client.voice_calls().is_empty());
}

#[tokio::test]
async fn without_voice_a_voice_task_is_a_plain_reservation() {
    let env = Env::start().await;
    let (client, recorder, _h) = flex_tests::available_agent(&env).await;
    assert_eq!(client.voice_state(), VoiceState::Off);
    let task_sid = env.create_task("voice", json!({})).await;
    recorder.wait_for_reservation(&task_sid).await;
    let accepted = client.accept_task(&task_sid).await.unwrap();
    assert_eq!(accepted.status, ReservationStatus::Accepted);
    assert!(env.emulator.voice_sockets().is_empty());
}
