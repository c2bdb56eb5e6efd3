//! The PStream socket (VOICE.md §1.2): open, `listen`, the `"\n"` heartbeat and
//! its silence watchdog, re-registration, a `listen` on the open socket for every
//! new token, and reconnecting with exponential backoff while frames wait in order.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

use super::device::Device;
use super::wire::{self, ClientFrame, ServerFrame};
use super::VoiceState;
use crate::signal::until;
use crate::transport::backoff::Backoff;
use crate::transport::socket::{self, Ws};

/// The longest a socket may take to open (VOICE.md §1.2).
pub(super) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The first reconnect delay (one host), doubling up to [`MAX_DELAY`].
const FIRST_DELAY: Duration = Duration::from_millis(100);
/// The longest reconnect delay.
const MAX_DELAY: Duration = Duration::from_secs(20);

/// What the device asks of the socket.
pub(super) enum Command {
    /// Send a frame (queued while the socket is down, when retryable).
    Send(ClientFrame),
    /// Send what is waiting, then close for good.
    Close,
}

/// Where the socket goes and the signals it obeys.
pub(super) struct Control {
    /// `wss://…/signal`.
    pub(super) url: String,
    /// The longest an open may take.
    pub(super) connect_timeout: Duration,
    /// The socket is dead after this long without a frame.
    pub(super) heartbeat_timeout: Duration,
    /// How often a registered device re-sends `register`.
    pub(super) reregister_every: Duration,
    /// True once the client is destroyed.
    pub(super) shutdown: watch::Receiver<bool>,
    /// The token broker's generation: every change re-sends `listen`.
    pub(super) token: watch::Receiver<u64>,
}

/// How a socket ended.
enum End {
    /// For good: closed by the device, the client, or a server `close`.
    Closed,
    /// Lost; reconnect.
    Lost(String),
}

type Sink = SplitSink<Ws, Message>;

/// Runs the device's socket until it is closed for good.
pub(super) async fn run(
    device: Arc<Device>,
    mut commands: mpsc::UnboundedReceiver<Command>,
    mut ctl: Control,
) {
    let mut backoff = Backoff::exponential(FIRST_DELAY, MAX_DELAY);
    let mut queued: VecDeque<ClientFrame> = VecDeque::new();
    loop {
        let opened = tokio::select! {
            biased;
            _ = until(&mut ctl.shutdown, true) => break,
            r = tokio::time::timeout(ctl.connect_timeout, socket::open(&ctl.url)) => r,
        };
        match opened {
            Ok(Ok(ws)) => {
                backoff.reset();
                match session(&device, ws, &mut commands, &mut queued, &mut ctl).await {
                    End::Closed => break,
                    End::Lost(why) => {
                        tracing::warn!(target: "flex_core::voice", %why, "voice socket lost");
                        device.on_lost();
                    }
                }
            }
            Ok(Err(e)) => {
                tracing::warn!(target: "flex_core::voice", error = %e, "voice socket did not open")
            }
            Err(_) => {
                tracing::warn!(target: "flex_core::voice", "voice socket did not open within {:?}", ctl.connect_timeout)
            }
        }
        let delay = backoff.next_delay();
        let wake = Instant::now() + delay;
        // A refused token is not retried until the broker has a new one.
        let denied = device.state() == VoiceState::Denied;
        // While down, frames wait (in order) unless they are not retryable.
        loop {
            tokio::select! {
                biased;
                _ = until(&mut ctl.shutdown, true) => return device.on_closed(),
                command = commands.recv() => match command {
                    Some(Command::Send(frame)) => keep(&mut queued, frame),
                    Some(Command::Close) | None => return device.on_closed(),
                },
                changed = ctl.token.changed(), if denied => {
                    if changed.is_err() {
                        return device.on_closed();
                    }
                    break;
                }
                _ = tokio::time::sleep_until(wake), if !denied => break,
            }
        }
    }
    device.on_closed();
}

/// Queues a frame for the next socket, or drops it when it is not retryable.
fn keep(queued: &mut VecDeque<ClientFrame>, frame: ClientFrame) {
    // Reconnect invites are not kept either: each `connected` sends them afresh.
    if frame.retryable() && !matches!(frame, ClientFrame::Reconnect { .. }) {
        queued.push_back(frame);
    }
}

async fn send(sink: &mut Sink, text: String) -> bool {
    sink.send(Message::text(text)).await.is_ok()
}

/// `listen` with the current token.
fn listen(device: &Device) -> Option<String> {
    device
        .token()
        .map(|token| ClientFrame::Listen { token }.to_text())
}

/// One open socket: `listen`, the frames that waited, then frames both ways.
async fn session(
    device: &Arc<Device>,
    ws: Ws,
    commands: &mut mpsc::UnboundedReceiver<Command>,
    queued: &mut VecDeque<ClientFrame>,
    ctl: &mut Control,
) -> End {
    let (mut sink, mut stream) = ws.split();
    ctl.token.borrow_and_update();
    let Some(hello) = listen(device) else {
        return End::Closed;
    };
    if !send(&mut sink, hello).await {
        return End::Lost("listen not sent".into());
    }
    // Frames asked for while the socket was opening wait like the others.
    while let Ok(command) = commands.try_recv() {
        match command {
            Command::Send(frame) => keep(queued, frame),
            Command::Close => return End::Closed,
        }
    }
    while let Some(frame) = queued.pop_front() {
        if !send(&mut sink, frame.to_text()).await {
            queued.push_front(frame);
            return End::Lost("a queued frame not sent".into());
        }
    }
    let limit = ctl.heartbeat_timeout;
    let mut last_frame = Instant::now();
    let start = Instant::now() + ctl.reregister_every;
    let mut reregister = tokio::time::interval_at(start, ctl.reregister_every);
    let end = loop {
        tokio::select! {
            biased;
            command = commands.recv() => match command {
                Some(Command::Send(frame)) => {
                    let text = frame.to_text();
                    if !send(&mut sink, text).await {
                        keep(queued, frame);
                        break End::Lost("send failed".into());
                    }
                }
                Some(Command::Close) | None => break End::Closed,
            },
            _ = until(&mut ctl.shutdown, true) => break End::Closed,
            changed = ctl.token.changed() => {
                if changed.is_err() {
                    break End::Closed;
                }
                // A new token from the broker: re-authenticate on this socket.
                let Some(hello) = listen(device) else { break End::Closed };
                tracing::debug!(target: "flex_core::voice", "token updated; listen re-sent");
                if !send(&mut sink, hello).await {
                    break End::Lost("listen not sent".into());
                }
            }
            next = stream.next() => {
                last_frame = Instant::now();
                match next {
                    Some(Ok(Message::Text(text))) => match wire::parse(text.as_str()) {
                        ServerFrame::Heartbeat => {
                            if !send(&mut sink, "\n".into()).await {
                                break End::Lost("heartbeat reply not sent".into());
                            }
                        }
                        ServerFrame::Close => break End::Closed,
                        frame => device.on_frame(frame),
                    },
                    Some(Ok(Message::Close(frame))) => break End::Lost(format!("closed by server: {frame:?}")),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break End::Lost(e.to_string()),
                    None => break End::Lost("socket closed".into()),
                }
            }
            _ = tokio::time::sleep_until(last_frame + limit) => break End::Lost(format!("no frame for {limit:?}")),
            _ = reregister.tick() => {
                if device.state() == VoiceState::Registered
                    && !send(&mut sink, ClientFrame::Register { audio: true }.to_text()).await
                {
                    break End::Lost("register not sent".into());
                }
            }
        }
    };
    if matches!(end, End::Closed) {
        let _ = tokio::time::timeout(Duration::from_secs(2), sink.close()).await;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_kept_while_down_are_the_retryable_ones_in_order() {
        let mut queued = VecDeque::new();
        let call_sid = || "CA1".to_string();
        keep(
            &mut queued,
            ClientFrame::Dtmf {
                call_sid: call_sid(),
                digits: "1".into(),
            },
        );
        keep(&mut queued, ClientFrame::Register { audio: true });
        keep(&mut queued, ClientFrame::Listen { token: "t".into() });
        keep(
            &mut queued,
            ClientFrame::Reconnect {
                call_sid: call_sid(),
                sdp: "v=0".into(),
                token: "r".into(),
            },
        );
        keep(
            &mut queued,
            ClientFrame::Hangup {
                call_sid: call_sid(),
            },
        );
        assert_eq!(
            Vec::from(queued),
            vec![
                ClientFrame::Dtmf {
                    call_sid: call_sid(),
                    digits: "1".into()
                },
                ClientFrame::Hangup {
                    call_sid: call_sid()
                },
            ]
        );
    }
}
