//! Criterion benchmark: solve generated instances of 2,000 and 20,000 people
//! (and 200,000 with `ALLOC_BENCH_BIG=1`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ittifaq_alloc::{SolveOptions, generate, solve};

fn bench(c: &mut Criterion) {
    let mut sizes = vec![2_000usize, 20_000];
    if std::env::var("ALLOC_BENCH_BIG").is_ok_and(|v| v == "1") {
        sizes.push(200_000);
    }
    let mut group = c.benchmark_group("alloc_solve");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for people in sizes {
        let sessions = people / 25;
        let inst = generate(people, sessions, 1);
        let options = SolveOptions { time_limit: Duration::from_secs(120), ..SolveOptions::default() };
        if let Ok(res) = solve(&inst, &options) {
            let gap = (res.bound - res.objective as f64) / res.bound.max(1.0);
            eprintln!(
                "people={people} sessions={sessions} nominations={} seconds={:.3} objective={} bound={} gap={:.4}%",
                inst.nominations.len(),
                res.stats.seconds,
                res.objective,
                res.bound,
                100.0 * gap
            );
        }
        group.bench_function(format!("people_{people}"), |b| b.iter(|| solve(black_box(&inst), &options)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
