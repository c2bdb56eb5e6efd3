//! Event latency and listener fan-out against an in-process emulator.
//!
//! * `rest_get_worker` — baseline: one public-REST round trip that emits no event.
//! * `activity_rest_to_listener` — an administrator changes the agent's activity
//!   through the public TaskRouter REST API; timed until a listener receives
//!   `WorkerActivityUpdated` (REST request + emulator + websocket frame + SDK
//!   parsing + dispatcher thread).
//! * `task_created_to_reservation` — a task created through the public REST API,
//!   timed until a listener receives `ReservationCreated` (adds routing); the task
//!   is canceled outside the timed part.
//! * `fanout/N` — a burst of 20 attribute changes (20 concurrent REST requests);
//!   timed until each of N listeners has received all 20 `WorkerAttributesUpdated`
//!   events. Throughput is in events (each delivered to N listeners).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flex_benches::{forward, next_matching, runtime, Env};
use flex_core::FlexEvent;
use reqwest::Method;
use tokio::sync::Notify;

fn latency(c: &mut Criterion) {
    let rt = runtime();
    let env = rt.block_on(Env::start());
    let client = rt.block_on(env.agent());
    let worker_path = format!("Workers/{}", env.world.users.agent.worker_sid);
    let admin = &env.admin;
    let mut g = c.benchmark_group("events");

    g.bench_function("rest_get_worker", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    admin.taskrouter(Method::GET, &worker_path, &[]).await;
                }
                start.elapsed()
            })
        })
    });

    let (mut activity_rx, _h1) = forward(&client, |e| {
        matches!(e, FlexEvent::WorkerActivityUpdated { .. })
    });
    let toggle = [
        env.world.activities.available.clone(),
        env.world.activities.unavailable.clone(),
    ];
    g.bench_function("activity_rest_to_listener", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                let mut next = usize::from(client.get_worker().unwrap().activity_sid == toggle[0]);
                for _ in 0..iters {
                    let sid = toggle[next].as_str();
                    let start = Instant::now();
                    admin
                        .taskrouter(Method::POST, &worker_path, &[("ActivitySid", sid)])
                        .await;
                    next_matching(&mut activity_rx, |e| {
                        matches!(e, FlexEvent::WorkerActivityUpdated { worker } if worker.activity_sid == sid)
                    })
                    .await;
                    total += start.elapsed();
                    next ^= 1;
                }
                total
            })
        })
    });

    // The agent must be Available to be offered tasks.
    rt.block_on(async {
        if client.get_worker().unwrap().activity_sid != toggle[0] {
            client
                .set_current_activity(&toggle[0], false)
                .await
                .expect("available");
        }
    });
    let (mut reservation_rx, _h2) = forward(&client, |e| {
        matches!(
            e,
            FlexEvent::ReservationCreated { .. } | FlexEvent::ReservationCanceled { .. }
        )
    });
    let workflow = env.world.workflow_sid.clone();
    g.bench_function("task_created_to_reservation", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let task = admin
                        .taskrouter(
                            Method::POST,
                            "Tasks",
                            &[
                                ("WorkflowSid", workflow.as_str()),
                                ("TaskChannel", "voice"),
                                ("Attributes", r#"{"customer":"bench"}"#),
                            ],
                        )
                        .await;
                    let task_sid = task["sid"].as_str().expect("task sid").to_string();
                    next_matching(&mut reservation_rx, |e| {
                        matches!(e, FlexEvent::ReservationCreated { reservation } if reservation.task.sid == task_sid)
                    })
                    .await;
                    total += start.elapsed();
                    // Untimed: cancel the task so that the agent is free for the next one.
                    admin
                        .taskrouter(
                            Method::POST,
                            &format!("Tasks/{task_sid}"),
                            &[("AssignmentStatus", "canceled"), ("Reason", "bench")],
                        )
                        .await;
                    next_matching(&mut reservation_rx, |e| {
                        matches!(e, FlexEvent::ReservationCanceled { reservation } if reservation.task.sid == task_sid)
                    })
                    .await;
                }
                total
            })
        })
    });
    g.finish();
    client.destroy();
}

const BURST: usize = 20;

fn fanout(c: &mut Criterion) {
    let rt = runtime();
    let env = rt.block_on(Env::start());
    let client = rt.block_on(env.agent());
    let worker_path = format!("Workers/{}", env.world.users.agent.worker_sid);
    let mut g = c.benchmark_group("events/fanout");
    g.throughput(Throughput::Elements(BURST as u64));

    let seq = AtomicUsize::new(0);
    for n in [1usize, 10, 100] {
        // N listeners; each counts attribute events; the last to complete a burst notifies.
        let delivered = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(Notify::new());
        let target = Arc::new(AtomicUsize::new(usize::MAX));
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let (delivered, done, target) = (delivered.clone(), done.clone(), target.clone());
                client.add_listener(Arc::new(move |e: FlexEvent| {
                    if let FlexEvent::WorkerAttributesUpdated { worker } = &e {
                        std::hint::black_box(worker);
                        if delivered.fetch_add(1, Ordering::SeqCst) + 1
                            == target.load(Ordering::SeqCst)
                        {
                            done.notify_one();
                        }
                    }
                }))
            })
            .collect();
        g.bench_function(format!("{n}_listeners"), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let i = seq.fetch_add(1, Ordering::Relaxed);
                        delivered.store(0, Ordering::SeqCst);
                        target.store(BURST * n, Ordering::SeqCst);
                        let start = Instant::now();
                        let requests = (0..BURST).map(|k| {
                            let attrs = format!(r#"{{"skills":["support"],"burst":{i},"k":{k}}}"#);
                            let (admin, path) = (env.admin.clone(), worker_path.clone());
                            tokio::spawn(async move {
                                admin
                                    .taskrouter(
                                        Method::POST,
                                        &path,
                                        &[("Attributes", attrs.as_str())],
                                    )
                                    .await
                            })
                        });
                        let requests: Vec<_> = requests.collect();
                        for r in requests {
                            r.await.expect("request task");
                        }
                        tokio::time::timeout(Duration::from_secs(10), done.notified())
                            .await
                            .or_else(|_| {
                                // The last delivery may have raced the wait: check the count.
                                if delivered.load(Ordering::SeqCst) >= BURST * n {
                                    Ok(())
                                } else {
                                    Err(())
                                }
                            })
                            .expect("every listener got the burst");
                        total += start.elapsed();
                        target.store(usize::MAX, Ordering::SeqCst);
                    }
                    total
                })
            })
        });
        for h in handles {
            h.remove();
        }
    }
    g.finish();
    client.destroy();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = latency, fanout
}
criterion_main!(benches);
