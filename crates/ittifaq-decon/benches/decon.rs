//! Deconfliction benchmark.
//!
//! Loads N generated declarations (default 100,000; 1,000,000 with
//! `DECON_BENCH_BIG=1`; any number with `DECON_BENCH_N`), then reports
//! declarations per second, the latency of the conflicts of one new activity,
//! all-pairs time and memory per declaration.
//!
//! `cargo bench -p ittifaq-decon --bench decon`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use ittifaq_decon::{Activity, ActivityRecord, Engine, generate};

fn main() {
    let n: usize = std::env::var("DECON_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if std::env::var("DECON_BENCH_BIG").is_ok_and(|v| v == "1") { 1_000_000 } else { 100_000 });
    let t = Instant::now();
    let acts = generate(n, 2027);
    let gen_time = t.elapsed();
    // Probes get ids of their own so they never collide with declared ones.
    let probes: Vec<Activity> = generate(1_000, 4242)
        .into_iter()
        .filter_map(|a| {
            let rec = ActivityRecord { id: format!("PROBE-{}", a.id()), ..a.record().clone() };
            Activity::new(rec).ok()
        })
        .collect();

    let mut engine = Engine::new();
    let t = Instant::now();
    let mut on_declare = 0usize;
    for a in acts {
        on_declare += engine.declare(a).map(|c| c.len()).unwrap_or(0);
    }
    let load = t.elapsed();

    let t = Instant::now();
    let all = engine.all_conflicts();
    let all_time = t.elapsed();
    assert_eq!(all.len(), on_declare);

    let mem = engine.memory_bytes();
    println!("decon bench: N = {n}");
    println!("  generate:            {gen_time:.2?}");
    println!(
        "  declare all:         {load:.2?} = {:.0} declarations/s ({on_declare} conflicts reported)",
        n as f64 / load.as_secs_f64()
    );
    println!("  all_conflicts:       {all_time:.2?} ({} pairs)", all.len());
    println!(
        "  memory (estimate):   {:.1} MiB = {} bytes per declaration (wide list: {})",
        mem as f64 / (1024.0 * 1024.0),
        mem / n.max(1),
        engine.wide_len()
    );
    drop(all);

    let mut c = Criterion::default().configure_from_args().measurement_time(Duration::from_secs(5));
    let mut k = 0usize;
    c.bench_function("conflicts_of one new activity", |b| {
        b.iter(|| {
            k = (k + 1) % probes.len();
            black_box(engine.conflicts_of(black_box(&probes[k])))
        })
    });
    let mut k = 0usize;
    c.bench_function("declare + cancel one activity", |b| {
        b.iter(|| {
            k = (k + 1) % probes.len();
            let p = &probes[k];
            let cs = engine.declare(p.clone()).map(|c| c.len()).unwrap_or(0);
            let _ = engine.cancel(p.id());
            black_box(cs)
        })
    });
    if n <= 200_000 {
        let mut g = c.benchmark_group("all pairs");
        g.sample_size(10);
        g.bench_function(format!("all_conflicts N={n}"), |b| b.iter(|| black_box(engine.all_conflicts().len())));
        g.finish();
    }
    c.final_summary();
}
