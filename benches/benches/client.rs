//! Client life cycle against an in-process emulator: `create_client` (token
//! validation over REST, configuration, websocket connect + `init`, worker and
//! activities load) and `destroy` (which returns at once; the socket closes in
//! the background). Fewer samples: each create is several round trips.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use flex_benches::{runtime, Env};

fn client(c: &mut Criterion) {
    let rt = runtime();
    let env = rt.block_on(Env::start());
    let token = env.world.users.agent.token.clone();
    let mut g = c.benchmark_group("client");

    g.bench_function("create_client", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let client = flex_core::create_client(&token, env.options())
                        .await
                        .expect("create_client");
                    total += start.elapsed();
                    client.destroy();
                }
                total
            })
        })
    });

    g.bench_function("create_client+destroy", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    flex_core::create_client(&token, env.options())
                        .await
                        .expect("create_client")
                        .destroy();
                }
                start.elapsed()
            })
        })
    });

    g.bench_function("destroy", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let client = flex_core::create_client(&token, env.options())
                        .await
                        .expect("create_client");
                    let start = Instant::now();
                    client.destroy();
                    total += start.elapsed();
                }
                total
            })
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = client
}
criterion_main!(benches);
