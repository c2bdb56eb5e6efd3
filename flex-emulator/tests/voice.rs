//! Voice signalling (`/signal`) and the conference instruction, spoken by hand:
//! tokens, registration, heartbeats, invite/answer/cancel, call messages, reconnects.

mod common;

use std::time::Duration;

use common::*;
use flex_emulator::{Emulator, EmulatorConfig, World};
use futures_util::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// A signalling socket.
struct Signal(WebSocketStream<MaybeTlsStream<TcpStream>>);

impl Signal {
    async fn open(world: &World) -> Signal {
        let url = format!("{}/signal", world.base_url.replace("http", "ws"));
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("signal socket");
        Signal(ws)
    }

    async fn send(&mut self, kind: &str, payload: Value) {
        let frame = json!({"type": kind, "version": "1.6", "payload": payload});
        self.0.send(Message::text(frame.to_string())).await.unwrap();
    }

    /// The next frame: `"\n"` for a heartbeat, else `{type, payload}`.
    async fn next_raw(&mut self) -> String {
        loop {
            match tokio::time::timeout(WAIT, self.0.next())
                .await
                .expect("a frame in time")
            {
                Some(Ok(Message::Text(text))) => return text.to_string(),
                Some(Ok(_)) => continue,
                other => panic!("socket ended: {other:?}"),
            }
        }
    }

    /// The next non-heartbeat frame.
    async fn next(&mut self) -> Value {
        loop {
            let text = self.next_raw().await;
            if text != "\n" {
                return serde_json::from_str(&text).unwrap();
            }
        }
    }

    /// Listens with a token and expects `connected`; returns its payload.
    async fn listen(&mut self, token: &str) -> Value {
        self.send(
            "listen",
            json!({"token": token, "browserinfo": {}, "reconnectTimeout": 0}),
        )
        .await;
        let f = self.next().await;
        assert_eq!(f["type"], "connected", "{f}");
        f["payload"].clone()
    }

    async fn register(&mut self) {
        self.send("register", json!({"media": {"audio": true}}))
            .await;
        assert_eq!(self.next().await["type"], "ready");
    }
}

/// Alice Available, her device listening and registered, and a voice task reserved
/// for her; returns the device, the task and the reservation.
/// Sends the reservation's conference instruction to `client:alice`; the
/// CallSid of the invite her device gets.
async fn dial_alice(world: &World, reservation: &str, device: &mut Signal) -> String {
    conference(world, reservation, "client:alice").await;
    device.next().await["payload"]["callsid"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn ringing_setup(emu: &Emulator) -> (Signal, String, String) {
    let world = emu.world();
    let agent = &world.users.agent;
    let (status, _) = set_activity(
        &world,
        &agent.token,
        &agent.worker_sid,
        &world.activities.available,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut device = Signal::open(&world).await;
    device.listen(&agent.token).await;
    device.register().await;
    let task = create_task(&world, "voice").await;
    let (_, list) = admin_get(
        &world,
        &ws_path(&world, &format!("Tasks/{task}/Reservations")),
    )
    .await;
    let reservation = list["reservations"][0]["sid"]
        .as_str()
        .expect("a reservation")
        .to_string();
    (device, task, reservation)
}

/// Posts the conference instruction as the agent.
async fn conference(world: &World, reservation: &str, to: &str) -> StatusCode {
    let agent = &world.users.agent;
    let url = format!(
        "Workspaces/{}/Workers/{}/Reservations/{reservation}",
        world.workspace_sid, agent.worker_sid
    );
    let params = json!({"Instruction": "conference", "To": to, "From": "+15550001111",
                        "EndConferenceOnExit": true});
    tunnel(world, &agent.token, "POST", &url, params).await.0
}

async fn reservation_status(world: &World, reservation: &str) -> String {
    let agent = &world.users.agent;
    let path = ws_path(
        world,
        &format!("Workers/{}/Reservations/{reservation}", agent.worker_sid),
    );
    admin_get(world, &path).await.1["reservation_status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn listen_register_and_heartbeats() {
    let emu = start_with(EmulatorConfig {
        voice_heartbeat_interval: Duration::from_millis(100),
        ..Default::default()
    })
    .await;
    let world = emu.world();
    let mut device = Signal::open(&world).await;
    device
        .send("register", json!({"media": {"audio": true}}))
        .await;
    let e = device.next().await;
    assert_eq!(
        (e["type"].as_str(), e["payload"]["error"]["code"].as_u64()),
        (Some("error"), Some(31204))
    );

    let connected = device.listen(&world.users.agent.token).await;
    for key in ["region", "edge", "home", "gateway"] {
        assert!(connected[key].is_string(), "{key}: {connected}");
    }
    assert_eq!(connected["token"]["identity"], "alice");
    assert!(connected["token"]["ttl"].as_i64().unwrap() > 3500);
    device.register().await;
    device
        .send("register", json!({"media": {"audio": false}}))
        .await;
    assert_eq!(device.next().await["type"], "offline");
    assert_eq!(device.next_raw().await, "\n");
    device.0.send(Message::text("\n")).await.unwrap();
    // A token update: a second listen on the same socket is answered `connected`.
    device.listen(&world.users.agent.token).await;
    let sockets = emu.voice_sockets();
    assert_eq!(sockets.len(), 1);
    assert_eq!((sockets[0].listens, sockets[0].registers), (2, 2));
    assert!(sockets[0].heartbeat_replies >= 1);
}

#[tokio::test]
async fn refused_and_expired_tokens() {
    let emu = start().await;
    let world = emu.world();
    let mut device = Signal::open(&world).await;
    device.send("listen", json!({"token": "not-a-token"})).await;
    let e = device.next().await;
    assert_eq!(e["payload"]["error"]["code"], 31204);
    let short = emu.mint_token(&world.users.agent.worker_sid, Duration::from_secs(1));
    // The token's one-second lifetime has to pass.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    device.send("listen", json!({"token": short})).await;
    let e = device.next().await;
    assert_eq!(e["payload"]["error"]["code"], 31205);
}

#[tokio::test]
async fn the_conference_instruction_invites_the_device_and_its_answer_accepts() {
    let emu = start().await;
    let world = emu.world();
    let (mut device, task, reservation) = ringing_setup(&emu).await;
    assert_eq!(
        conference(
            &world,
            &reservation,
            "client:alice?flex_session_identifier=abc&x=1"
        )
        .await,
        StatusCode::OK
    );
    let invite = device.next().await;
    assert_eq!(invite["type"], "invite");
    let p = &invite["payload"];
    let call = p["callsid"].as_str().unwrap().to_string();
    assert!(call.starts_with("CA"));
    assert!(p["sdp"].as_str().unwrap().contains("m=audio"));
    assert_eq!(p["parameters"]["CallSid"], call.as_str());
    assert_eq!(p["parameters"]["AccountSid"], world.account_sid.as_str());
    assert_eq!(p["parameters"]["From"], "+15550001111");
    assert_eq!(p["parameters"]["To"], "client:alice");
    assert_eq!(p["parameters"]["Params"], "flex_session_identifier=abc&x=1");
    let token = p["reconnect"].as_str().unwrap().to_string();
    assert_eq!(reservation_status(&world, &reservation).await, "pending");

    device
        .send("answer", json!({"callsid": call, "sdp": "v=0\r\n"}))
        .await;
    // A frame answered after the answer proves the answer was handled.
    device
        .send("reinvite", json!({"callsid": call, "sdp": "v=0\r\n"}))
        .await;
    assert_eq!(device.next().await["type"], "answer");
    assert_eq!(reservation_status(&world, &reservation).await, "accepted");
    let (_, t) = admin_get(&world, &ws_path(&world, &format!("Tasks/{task}"))).await;
    let attributes: Value = serde_json::from_str(t["attributes"].as_str().unwrap()).unwrap();
    assert_eq!(
        attributes["conference"]["participants"]["worker"],
        call.as_str()
    );
    assert!(attributes["conference"]["sid"]
        .as_str()
        .unwrap()
        .starts_with("CF"));

    let message = |kind: &str, id: &str| {
        json!({"callsid": call, "content": "{}", "contenttype": "application/json",
               "messagetype": kind, "voiceeventsid": id})
    };
    device
        .send("message", message("call-progress-event", "KX1"))
        .await;
    let e = device.next().await;
    assert_eq!(
        (
            e["payload"]["error"]["code"].as_u64(),
            e["payload"]["voiceeventsid"].as_str()
        ),
        (Some(31210), Some("KX1"))
    );
    device
        .send("message", message("user-defined-message", "KX2"))
        .await;
    let ack = device.next().await;
    assert_eq!(
        (
            ack["type"].as_str(),
            ack["payload"]["voiceeventsid"].as_str()
        ),
        (Some("ack"), Some("KX2"))
    );
    device
        .send("dtmf", json!({"callsid": call, "dtmf": "42#"}))
        .await;

    // A new socket resumes the call with its reconnect token (once).
    let mut again = Signal::open(&world).await;
    again.listen(&world.users.agent.token).await;
    let reconnect =
        |t: &str| json!({"callsid": call, "sdp": "v=0\r\n", "reconnect": t, "twilio": {}});
    again.send("invite", reconnect("unknown")).await;
    assert_eq!(again.next().await["payload"]["error"]["code"], 31209);
    again.send("invite", reconnect(&token)).await;
    let answer = again.next().await;
    assert_eq!(answer["type"], "answer");
    assert_ne!(answer["payload"]["reconnect"].as_str().unwrap(), token);
    again.send("invite", reconnect(&token)).await;
    assert_eq!(again.next().await["payload"]["error"]["code"], 31209);
    assert_eq!(emu.voice_digits(&call).as_deref(), Some("42#"));
    assert_eq!(emu.voice_messages(&call).unwrap(), vec!["{}".to_string()]);

    // The customer hangs up: the agent gets `hangup`, the task wraps up.
    let hangup = http()
        .post(format!(
            "{}/_emulator/voice/customer-hangup",
            world.base_url
        ))
        .form(&[("task_sid", task.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(hangup.status(), StatusCode::NO_CONTENT);
    let frame = again.next().await;
    assert_eq!(
        (frame["type"].as_str(), frame["payload"]["callsid"].as_str()),
        (Some("hangup"), Some(call.as_str()))
    );
    assert_eq!(task_status(&world, &task).await, "wrapping");
    let (status, leg) = read(
        http()
            .get(format!("{}/_emulator/voice/calls/{call}", world.base_url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, leg["status"].as_str()),
        (StatusCode::OK, Some("completed"))
    );
}

#[tokio::test]
async fn an_unanswered_invite_is_canceled_with_its_reservation() {
    let emu = start().await;
    let world = emu.world();
    let (mut device, _task, reservation) = ringing_setup(&emu).await;
    let call = dial_alice(&world, &reservation, &mut device).await;
    let agent = &world.users.agent;
    let path = ws_path(
        &world,
        &format!("Workers/{}/Reservations/{reservation}", agent.worker_sid),
    );
    let (status, _) = admin_post(&world, &path, &[("ReservationStatus", "rejected")]).await;
    assert_eq!(status, StatusCode::OK);
    let cancel = device.next().await;
    assert_eq!(
        (
            cancel["type"].as_str(),
            cancel["payload"]["callsid"].as_str()
        ),
        (Some("cancel"), Some(call.as_str()))
    );
}

#[tokio::test]
async fn rejecting_the_call_rejects_the_reservation() {
    let emu = start().await;
    let world = emu.world();
    let (mut device, _task, reservation) = ringing_setup(&emu).await;
    let call = dial_alice(&world, &reservation, &mut device).await;
    device.send("reject", json!({"callsid": call})).await;
    // A reinvite of the ended call is answered with `hangup` (and proves the reject was handled).
    device
        .send("reinvite", json!({"callsid": call, "sdp": "v=0\r\n"}))
        .await;
    assert_eq!(device.next().await["type"], "hangup");
    assert_eq!(reservation_status(&world, &reservation).await, "rejected");
}

#[tokio::test]
async fn without_a_registered_device_the_conference_accepts_at_once() {
    let emu = start().await;
    let world = emu.world();
    let agent = &world.users.agent;
    set_activity(
        &world,
        &agent.token,
        &agent.worker_sid,
        &world.activities.available,
    )
    .await;
    let task = create_task(&world, "voice").await;
    let (_, list) = admin_get(
        &world,
        &ws_path(&world, &format!("Tasks/{task}/Reservations")),
    )
    .await;
    let reservation = list["reservations"][0]["sid"].as_str().unwrap().to_string();
    assert_eq!(
        conference(&world, &reservation, "client:alice").await,
        StatusCode::OK
    );
    assert_eq!(reservation_status(&world, &reservation).await, "accepted");
    assert!(emu.voice_sockets().is_empty());
}
