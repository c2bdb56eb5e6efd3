//! The Rust side of the cross-language round-trip harness (benches/harness):
//! `set_attributes` against a running emulator, timed per call.
//!
//!   flex-bench-rtt <base_url> <token> [iterations=500] [warmup=50]
//!
//! Prints one JSON line: {lang, what, n, min_us, median_us, p95_us, p99_us, mean_us}.

use std::time::Instant;

use flex_benches::{options, runtime, Summary};
use serde_json::json;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: flex-bench-rtt <base_url> <token> [iterations] [warmup]");
        std::process::exit(2);
    }
    let iterations: usize = args.get(3).map_or(500, |s| s.parse().expect("iterations"));
    let warmup: usize = args.get(4).map_or(50, |s| s.parse().expect("warmup"));
    let rt = runtime();
    let samples = rt.block_on(async {
        let client = flex_core::create_client(&args[2], options(&args[1]))
            .await
            .expect("create_client");
        let mut samples = Vec::with_capacity(iterations);
        for i in 0..warmup + iterations {
            let attrs = json!({"skills": ["support", "sales"], "seq": i});
            let start = Instant::now();
            let worker = client
                .set_attributes(attrs, false)
                .await
                .expect("set_attributes");
            let elapsed = start.elapsed();
            std::hint::black_box(worker);
            if i >= warmup {
                samples.push(elapsed);
            }
        }
        client.destroy();
        samples
    });
    let mut samples = samples;
    let summary = Summary::of(&mut samples);
    println!("{}", summary.to_json("rust", "set_attributes"));
}
