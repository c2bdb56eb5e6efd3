//! Memory of flex-core clients: resident set (VmRSS from /proc/self/status),
//! live heap bytes (a counting global allocator) and OS threads, before and
//! after connecting 1, 10 and 50 clients to one emulator *process* (so that the
//! emulator's own memory is not counted). Each client is a distinct worker
//! (created through the public TaskRouter API, token from the emulator's test hook).
//!
//!   flex-bench-mem [counts=1,10,50]
//!
//! Prints a Markdown table and one JSON line per row.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use std::time::Duration;

use flex_benches::{options, proc_status, runtime, EmulatorProcess};
use reqwest::Method;

/// The system allocator, counting live bytes and allocation calls.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(Clone, Copy)]
struct Snapshot {
    rss_kb: u64,
    heap: isize,
    threads: u64,
}

fn snapshot() -> Snapshot {
    Snapshot {
        rss_kb: proc_status("VmRSS").unwrap_or(0),
        heap: LIVE.load(Ordering::Relaxed),
        threads: proc_status("Threads").unwrap_or(0),
    }
}

/// Lets background work (socket reads, the init frame, closes) settle.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

fn main() {
    let counts: Vec<usize> = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "1,10,50".into())
        .split(',')
        .map(|s| s.trim().parse().expect("count"))
        .collect();
    let max = counts.iter().copied().max().unwrap_or(1);
    let emulator = EmulatorProcess::start();
    let base_url = emulator.get("/base_url");
    let admin = emulator.admin();
    let rt = runtime();

    let rows = rt.block_on(async {
        // Distinct workers and their tokens, made before any measurement.
        let mut tokens = Vec::with_capacity(max);
        for k in 0..max {
            let name = format!("bench-{k}");
            let worker = admin
                .taskrouter(Method::POST, "Workers", &[("FriendlyName", name.as_str())])
                .await;
            let sid = worker["sid"].as_str().expect("worker sid").to_string();
            tokens.push(admin.mint_token(&sid).await);
        }
        // Warm-up: one client created and destroyed, so that one-time costs (TLS
        // config, lazy statics, allocator arenas, runtime workers) are in the baseline.
        let cold = snapshot();
        let first = flex_core::create_client(&tokens[0], options(&base_url))
            .await
            .expect("create_client");
        settle().await;
        let first_alive = snapshot();
        first.destroy();
        drop(first);
        settle().await;
        let base = snapshot();

        let mut rows = Vec::new();
        for &n in &counts {
            let mut clients = Vec::with_capacity(n);
            for token in &tokens[..n] {
                clients.push(
                    flex_core::create_client(token, options(&base_url))
                        .await
                        .expect("create_client"),
                );
            }
            settle().await;
            let live = snapshot();
            for c in &clients {
                c.destroy();
            }
            drop(clients);
            settle().await;
            let after = snapshot();
            rows.push((n, live, after));
        }
        (cold, first_alive, base, rows)
    });

    let (cold, first_alive, base, rows) = rows;

    // Reference points for reading the per-client heap: one HTTP client with the
    // SDK's reqwest features (rustls + webpki roots), and the size of one event.
    let before = LIVE.load(Ordering::Relaxed);
    let http = reqwest::Client::new();
    let reqwest_heap = LIVE.load(Ordering::Relaxed) - before;
    drop(http);
    let event_size = std::mem::size_of::<flex_core::FlexEvent>();
    // A tokio broadcast channel of events with 1024 slots (its ring is allocated up front).
    let before = LIVE.load(Ordering::Relaxed);
    let ring = tokio::sync::broadcast::channel::<flex_core::FlexEvent>(1024);
    let ring_heap = LIVE.load(Ordering::Relaxed) - before;
    drop(ring);
    let kib = |bytes: isize| bytes as f64 / 1024.0;
    println!(
        "baseline before any client: VmRSS {} KiB, heap {:.0} KiB, {} threads",
        cold.rss_kb,
        kib(cold.heap),
        cold.threads
    );
    println!(
        "first client (incl. one-time init): VmRSS +{} KiB, heap +{:.0} KiB, threads +{}",
        first_alive.rss_kb as i64 - cold.rss_kb as i64,
        kib(first_alive.heap - cold.heap),
        first_alive.threads as i64 - cold.threads as i64
    );
    println!("reference: one reqwest::Client (rustls) holds {:.0} KiB of heap; size_of::<FlexEvent>() = {event_size} B; \
a tokio broadcast::channel::<FlexEvent>(1024) holds {:.0} KiB", kib(reqwest_heap), kib(ring_heap));
    println!(
        "baseline after warm-up: VmRSS {} KiB, heap {:.0} KiB, {} threads\n",
        base.rss_kb,
        kib(base.heap),
        base.threads
    );
    println!("| clients | VmRSS (KiB) | ΔRSS / client (KiB) | live heap (KiB) | Δheap / client (KiB) | threads | after destroy: VmRSS / heap (KiB) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for (n, live, after) in &rows {
        let drss = (live.rss_kb as f64 - base.rss_kb as f64) / *n as f64;
        let dheap = kib(live.heap - base.heap) / *n as f64;
        println!(
            "| {n} | {} | {drss:.0} | {:.0} | {dheap:.1} | {} | {} / {:.0} |",
            live.rss_kb,
            kib(live.heap),
            live.threads,
            after.rss_kb,
            kib(after.heap)
        );
    }
    println!();
    for (n, live, after) in &rows {
        println!(
            "{}",
            serde_json::json!({
                "what": "memory", "clients": n,
                "base_rss_kb": base.rss_kb, "base_heap_bytes": base.heap, "base_threads": base.threads,
                "rss_kb": live.rss_kb, "heap_bytes": live.heap, "threads": live.threads,
                "rss_per_client_kb": (live.rss_kb as f64 - base.rss_kb as f64) / *n as f64,
                "heap_per_client_bytes": (live.heap - base.heap) as f64 / *n as f64,
                "after_destroy_rss_kb": after.rss_kb, "after_destroy_heap_bytes": after.heap,
            })
        );
    }
}
