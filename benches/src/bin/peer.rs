//! The Rust peer of `make bench-peer` (benches/harness/peer.py): one flex-core
//! client signed in as one worker, handling every reservation it is offered:
//! accept, then complete.
//!
//!   flex-bench-peer <base_url> <token>
//!
//! Stdout lines for the harness: `ready <connect_us>` once `create_client` has
//! returned (the client is ready), then per task `done <task_sid> <reaction_us>`
//! after `complete_task` returned. Offers are read from an event stream of
//! `ReservationCreated` only; the reaction time runs from the event leaving
//! the stream to `accept_task` returning (monotonic clock). Exits when stdin closes.

use std::io::BufRead;
use std::time::Instant;

use flex_benches::{options, runtime};
use flex_core::{FlexEvent, FlexEventKind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: flex-bench-peer <base_url> <token>");
        std::process::exit(2);
    }
    std::thread::spawn(|| {
        for _ in std::io::stdin().lock().lines() {}
        std::process::exit(0);
    });
    // The handler is a task on the app's runtime (as a service handling agents
    // spawns its work), not the `block_on` thread: every action and event then
    // stays on the runtime's workers. From `block_on` each action costs two more
    // thread wake-ups (see docs/BENCHMARKS.md).
    let runtime = runtime();
    let handler = runtime.spawn(async move {
        let start = Instant::now();
        let client = flex_core::create_client(&args[2], options(&args[1]))
            .await
            .expect("create_client");
        let connect = start.elapsed();
        let offers = client.events_of(&[FlexEventKind::ReservationCreated]);
        println!("ready {}", connect.as_micros());
        while let Some(event) = offers.next().await {
            let received = Instant::now();
            let FlexEvent::ReservationCreated { reservation } = event else {
                continue;
            };
            let task_sid = reservation.task.sid;
            client.accept_task(&task_sid).await.expect("accept_task");
            let reaction = received.elapsed();
            client
                .complete_task(&task_sid, None)
                .await
                .expect("complete_task");
            println!("done {task_sid} {}", reaction.as_micros());
        }
    });
    runtime.block_on(handler).expect("the handler task");
}
