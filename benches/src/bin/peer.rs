//! The Rust peer of `make bench-peer` (benches/harness/peer.py): one flex-core
//! client signed in as one worker, handling every reservation it is offered:
//! accept, then complete.
//!
//!   flex-bench-peer <base_url> <token>
//!
//! Stdout lines for the harness: `ready <connect_us>` once `create_client` has
//! returned (the client is ready), then per task `done <task_sid> <reaction_us>`
//! after `complete_task` returned. The reaction time runs from the
//! `ReservationCreated` event reaching the listener to `accept_task` returning
//! (monotonic clock). Exits when stdin closes.

use std::io::BufRead;
use std::sync::Arc;
use std::time::Instant;

use flex_benches::{options, runtime};
use flex_core::FlexEvent;
use tokio::sync::mpsc;

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
    runtime().block_on(async {
        let start = Instant::now();
        let client = flex_core::create_client(&args[2], options(&args[1]))
            .await
            .expect("create_client");
        let connect = start.elapsed();
        let (tx, mut offers) = mpsc::unbounded_channel();
        let _handle = client.add_listener(Arc::new(move |e: FlexEvent| {
            if let FlexEvent::ReservationCreated { reservation } = &e {
                let _ = tx.send((Instant::now(), reservation.task.sid.clone()));
            }
        }));
        println!("ready {}", connect.as_micros());
        while let Some((received, task_sid)) = offers.recv().await {
            client.accept_task(&task_sid).await.expect("accept_task");
            let reaction = received.elapsed();
            client
                .complete_task(&task_sid, None)
                .await
                .expect("complete_task");
            println!("done {task_sid} {}", reaction.as_micros());
        }
    });
}
