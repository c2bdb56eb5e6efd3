//! The Rust side of `make bench-scale` (benches/harness/scale.py): N flex-core
//! clients in one process, one per worker, against an emulator process.
//!
//!   flex-bench-scale <base_url> <tokens_file> <hold_secs> <heartbeat_timeout_ms>
//!
//! `tokens_file` holds one token per line (one client each). The clients are
//! created one after the other; then the process holds them `hold_secs` (longer
//! than the heartbeat timeout) and checks that every one is still `Connected`
//! and that no `ConnectionStateChanged` to `Reconnecting` happened. Prints one
//! JSON line: times, VmRSS / VmHWM / Threads of /proc/self/status.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use flex_benches::{options, proc_status, runtime};
use flex_core::{ConnectionState, FlexEvent};
use serde_json::json;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!(
            "usage: flex-bench-scale <base_url> <tokens_file> <hold_secs> <heartbeat_timeout_ms>"
        );
        std::process::exit(2);
    }
    let tokens = std::fs::read_to_string(&args[2]).expect("tokens file");
    let tokens: Vec<&str> = tokens.lines().filter(|l| !l.is_empty()).collect();
    let hold = Duration::from_secs(args[3].parse().expect("hold_secs"));
    let mut opts = options(&args[1]);
    opts.heartbeat_timeout_ms = args[4].parse().expect("heartbeat_timeout_ms");

    let rt = runtime();
    let base_rss = proc_status("VmRSS").unwrap_or(0);
    let base_threads = proc_status("Threads").unwrap_or(0);
    let reconnecting = Arc::new(AtomicUsize::new(0));
    let report = rt.block_on(async {
        let start = Instant::now();
        let mut clients = Vec::with_capacity(tokens.len());
        for token in &tokens {
            let client = flex_core::create_client(token, opts.clone())
                .await
                .expect("create_client");
            let count = reconnecting.clone();
            let handle = client.add_listener(Arc::new(move |e: FlexEvent| {
                if let FlexEvent::ConnectionStateChanged {
                    state: ConnectionState::Reconnecting,
                } = e
                {
                    count.fetch_add(1, Ordering::Relaxed);
                }
            }));
            clients.push((client, handle));
        }
        let ready = start.elapsed();
        let rss_ready = proc_status("VmRSS").unwrap_or(0);
        let threads = proc_status("Threads").unwrap_or(0);
        tokio::time::sleep(hold).await;
        let connected = clients
            .iter()
            .filter(|(c, _)| c.connection_state() == ConnectionState::Connected)
            .count();
        let rss_end = proc_status("VmRSS").unwrap_or(0);
        let n = tokens.len();
        json!({
            "lang": "rust", "clients": n, "ready_s": ready.as_secs_f64(),
            "base_rss_kb": base_rss, "base_threads": base_threads,
            "rss_ready_kb": rss_ready, "rss_end_kb": rss_end, "hwm_kb": proc_status("VmHWM").unwrap_or(0),
            "threads": threads, "threads_end": proc_status("Threads").unwrap_or(0),
            "rss_per_client_kb": (rss_end as f64 - base_rss as f64) / n as f64,
            "hold_s": hold.as_secs(), "connected": connected,
            "reconnecting_events": reconnecting.load(Ordering::Relaxed),
        })
    });
    println!("{report}");
}
