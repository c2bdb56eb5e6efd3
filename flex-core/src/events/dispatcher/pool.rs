//! The process-wide pool of delivery threads (`flex-events-N`), started with
//! the first client. It serves the clients' queues from one ready list, in
//! turn: a thread delivers one batch of a queue, then puts the queue back at
//! the end of the list if more events wait.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

use super::queue::Queue;

/// How many delivery threads the process runs, whatever the number of clients.
pub(super) const THREADS: usize = 4;

/// Queues waiting for a delivery thread.
static READY: Mutex<VecDeque<Arc<Queue>>> = Mutex::new(VecDeque::new());
static WAKE: Condvar = Condvar::new();
/// How many delivery threads run.
static STARTED: Mutex<usize> = Mutex::new(0);

/// Starts the delivery threads that do not run yet. Fails only when none can run.
pub(super) fn start() -> std::io::Result<()> {
    let mut started = STARTED.lock().unwrap_or_else(|p| p.into_inner());
    while *started < THREADS {
        let spawned = thread::Builder::new()
            .name(format!("flex-events-{}", *started))
            .spawn(serve);
        match spawned {
            Ok(_) => *started += 1,
            Err(e) if *started == 0 => return Err(e),
            Err(e) => {
                tracing::warn!(error = %e, running = *started, "cannot start another event delivery thread");
                break;
            }
        }
    }
    Ok(())
}

/// Hands a queue with events to the pool.
pub(super) fn schedule(queue: Arc<Queue>) {
    READY
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push_back(queue);
    WAKE.notify_one();
}

fn serve() {
    loop {
        let queue = {
            let mut ready = READY.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                match ready.pop_front() {
                    Some(queue) => break queue,
                    None => ready = WAKE.wait(ready).unwrap_or_else(|p| p.into_inner()),
                }
            }
        };
        if queue.drain() {
            schedule(queue);
        }
    }
}
