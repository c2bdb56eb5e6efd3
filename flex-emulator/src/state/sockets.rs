//! The registry of open event-bridge sockets and event fan-out.

use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedSender;

/// What a socket task is told to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// Send this text frame.
    Frame(String),
    /// Send a close frame with this code and reason, then stop.
    Close(u16, String),
    /// Stop at once without a close frame (a simulated network drop).
    Drop,
}

#[derive(Debug)]
struct Entry {
    id: u64,
    worker_sid: String,
    tx: UnboundedSender<Outgoing>,
}

/// Open sockets, keyed by worker.
#[derive(Debug, Default)]
pub struct Sockets {
    next_id: u64,
    entries: Vec<Entry>,
}

impl Sockets {
    /// Registers a socket of `worker_sid`; returns its id.
    pub fn register(&mut self, worker_sid: &str, tx: UnboundedSender<Outgoing>) -> u64 {
        self.next_id = self.next_id.wrapping_add(1);
        self.entries.push(Entry {
            id: self.next_id,
            worker_sid: worker_sid.into(),
            tx,
        });
        self.next_id
    }

    /// Forgets a socket; returns true if it was still registered.
    pub fn unregister(&mut self, id: u64) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.id != id);
        before != self.entries.len()
    }

    /// Whether the worker has any open socket.
    pub fn is_connected(&self, worker_sid: &str) -> bool {
        self.entries.iter().any(|e| e.worker_sid == worker_sid)
    }

    /// Sends `{event_type, payload}` to every socket of the worker.
    pub fn emit(&self, worker_sid: &str, event_type: &str, payload: Value) {
        let frame = json!({"event_type": event_type, "payload": payload}).to_string();
        for entry in self.entries.iter().filter(|e| e.worker_sid == worker_sid) {
            let _ = entry.tx.send(Outgoing::Frame(frame.clone()));
        }
    }

    /// Sends `{event_type, payload}` to every socket.
    pub fn broadcast(&self, event_type: &str, payload: Value) {
        let frame = json!({"event_type": event_type, "payload": payload}).to_string();
        for entry in &self.entries {
            let _ = entry.tx.send(Outgoing::Frame(frame.clone()));
        }
    }

    /// Closes (with a close frame) the worker's sockets other than `keep`, and forgets them.
    pub fn close_others(&mut self, worker_sid: &str, keep: u64, reason: &str) {
        self.entries.retain(|e| {
            let close = e.worker_sid == worker_sid && e.id != keep;
            if close {
                let _ = e.tx.send(Outgoing::Close(1000, reason.into()));
            }
            !close
        });
    }

    /// Closes every socket of the worker (e.g. it was deleted), and forgets them.
    pub fn close_worker(&mut self, worker_sid: &str, reason: &str) {
        self.close_others(worker_sid, 0, reason);
    }

    /// Drops every socket abruptly, and forgets them.
    pub fn drop_all(&mut self) {
        for entry in self.entries.drain(..) {
            let _ = entry.tx.send(Outgoing::Drop);
        }
    }
}
