//! Print conflict statistics for generated data: `cargo run --release --example stats -- N SEED`.

use std::time::Instant;

use ittifaq_decon::{Engine, generate};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let t = Instant::now();
    let acts = generate(n, seed);
    println!("generated {} in {:?}", acts.len(), t.elapsed());
    let mut e = Engine::new();
    let t = Instant::now();
    let mut declared = 0usize;
    for a in acts {
        declared += e.declare(a).map(|c| c.len()).unwrap_or(0);
    }
    println!("declared in {:?}, conflicts reported on declare {declared}", t.elapsed());
    let t = Instant::now();
    let all = e.all_conflicts();
    println!("all_conflicts {} in {:?}", all.len(), t.elapsed());
    let (m, k) = e.grid_stats();
    println!(
        "grid: {m} memberships ({:.1} per activity) in {k} keys ({:.1} per key)",
        m as f64 / e.len().max(1) as f64,
        m as f64 / k.max(1) as f64
    );
    println!(
        "memory ≈ {} bytes, {} per activity, wide {}",
        e.memory_bytes(),
        e.memory_bytes() / e.len().max(1),
        e.wide_len()
    );
}
