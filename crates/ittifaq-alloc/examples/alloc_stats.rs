//! Solve one generated instance and print size, time, objective, bound, gap.
//!
//! `cargo run --release --example alloc_stats -- PEOPLE [SESSIONS] [SEED] [SECONDS] [ITERATIONS]`

use std::time::{Duration, Instant};

use ittifaq_alloc::{SolveOptions, check, fairness, generate, solve};

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let people = args.first().copied().unwrap_or(2000) as usize;
    let sessions = args.get(1).copied().unwrap_or((people / 25).max(10) as u64) as usize;
    let seed = args.get(2).copied().unwrap_or(1);
    let secs = args.get(3).copied().unwrap_or(60);
    let t = Instant::now();
    let inst = generate(people, sessions, seed);
    let gen_s = t.elapsed().as_secs_f64();
    if let Ok(path) = std::env::var("ALLOC_DUMP") {
        let _ = std::fs::write(path, inst.to_json());
    }
    let options = SolveOptions {
        time_limit: Duration::from_secs(secs),
        max_iterations: args.get(4).copied().unwrap_or(300) as usize,
        min_unit_share: std::env::var("ALLOC_MIN_UNIT_SHARE").ok().and_then(|v| v.parse().ok()),
        ..SolveOptions::default()
    };
    let res = match solve(&inst, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("invalid: {e}");
            return;
        }
    };
    let gap = if res.bound > 0.0 { (res.bound - res.objective as f64) / res.bound } else { 0.0 };
    println!(
        "people={people} sessions={sessions} nominations={} seed={seed} generate_s={gen_s:.2} solve_s={:.3} objective={} bound={} gap={:.4}% assigned={}",
        inst.nominations.len(),
        res.stats.seconds,
        res.objective,
        res.bound,
        100.0 * gap,
        res.assignments.len()
    );
    if std::env::var("ALLOC_CHECK").is_ok() {
        let t = Instant::now();
        let v = check(&inst, &res);
        println!("checker: {} violations in {:.2}s", v.len(), t.elapsed().as_secs_f64());
        for x in v.iter().take(5) {
            println!("  {x:?}");
        }
        if let Ok(f) = fairness(&inst, &res) {
            for p in &f.parties {
                println!(
                    "party {}: weight share {:.3}, first choices {:.3}",
                    p.id, p.weight_share, p.first_choice_share
                );
            }
            println!("min unit share {:.3}", f.min_unit_share);
        }
    }
}
