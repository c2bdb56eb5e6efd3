//! Worker actions against an in-process emulator, through flex-core's public API:
//! `set_attributes` (one REST-tunnel round trip: POST /v1/wschannels → the
//! emulator's TaskRouter → the updated worker), `set_current_activity`
//! toggling Available/Unavailable, and the `get_worker` snapshot (no I/O).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use flex_benches::{runtime, Env};
use serde_json::json;

fn actions(c: &mut Criterion) {
    let rt = runtime();
    let env = rt.block_on(Env::start());
    let client = rt.block_on(env.agent());
    let world = &env.world;

    let mut g = c.benchmark_group("actions");

    // Replace: a small object sent as is.
    g.bench_function("set_attributes/replace", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for i in 0..iters {
                    let attrs = json!({"skills": ["support", "sales"], "seq": i});
                    client
                        .set_attributes(attrs, false)
                        .await
                        .expect("set_attributes");
                }
                start.elapsed()
            })
        })
    });

    // Merge: deep-merged into the current attributes on the client first.
    g.bench_function("set_attributes/merge", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for i in 0..iters {
                    let attrs = json!({"routing": {"level": i % 5}});
                    client.set_attributes(attrs, true).await.expect("merge");
                }
                start.elapsed()
            })
        })
    });

    // Each iteration is a real change (the current activity would be a local no-op).
    let toggle = [
        world.activities.available.clone(),
        world.activities.unavailable.clone(),
    ];
    g.bench_function("set_current_activity/toggle", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let current = client.get_worker().expect("worker").activity_sid;
                let mut next = usize::from(current == toggle[0]);
                let start = Instant::now();
                for _ in 0..iters {
                    client
                        .set_current_activity(&toggle[next], false)
                        .await
                        .expect("set_current_activity");
                    next ^= 1;
                }
                start.elapsed()
            })
        })
    });

    // A snapshot of the live worker (activities, channels, reservations): a lock and a clone.
    g.bench_function("get_worker", |b| {
        b.iter(|| client.get_worker().expect("worker"))
    });

    g.finish();
    client.destroy();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = actions
}
criterion_main!(benches);
