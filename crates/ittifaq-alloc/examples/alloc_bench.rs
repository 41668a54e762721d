//! Side-by-side benchmark, engine half: generate one instance, write it as
//! contract JSON (for the HiGHS model in `bench/alloc/highs_mip.py`), solve
//! it, check the plan, and print one JSON line.
//!
//! `alloc_bench PEOPLE SESSIONS SEED INSTANCE_OUT.json [SECONDS] [RESULT_OUT.json]`
//!
//! The printed line has: sizes, `generate_s`, `solve_s` (the engine's own
//! wall clock for `solve`, validation included), objective, bound, gap
//! ((bound − objective) / bound), `peak_rss_solve_kib` (VmHWM right after
//! the solve: generation + JSON + solve), `peak_rss_kib` (VmHWM at the end,
//! checker included) and the checker's violation count.

use std::time::{Duration, Instant};

use ittifaq_alloc::{SolveOptions, check, generate, solve};

/// Peak resident set size of this process so far, in KiB (Linux only).
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: alloc_bench PEOPLE SESSIONS SEED INSTANCE_OUT.json [SECONDS] [RESULT_OUT.json]");
        std::process::exit(2);
    }
    let num = |i: usize, default: u64| args.get(i).and_then(|a| a.parse::<u64>().ok()).unwrap_or(default);
    let people = num(0, 2000) as usize;
    let sessions = num(1, 100) as usize;
    let seed = num(2, 1);
    let out = &args[3];
    let secs = num(4, 120);

    let t = Instant::now();
    let inst = generate(people, sessions, seed);
    let gen_s = t.elapsed().as_secs_f64();
    {
        let json = inst.to_json();
        if let Err(e) = std::fs::write(out, json) {
            eprintln!("cannot write {out}: {e}");
            std::process::exit(1);
        }
    }
    let options = SolveOptions { time_limit: Duration::from_secs(secs), ..SolveOptions::default() };
    let res = match solve(&inst, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("invalid instance: {e}");
            std::process::exit(1);
        }
    };
    let peak_solve = vm_hwm_kib();
    let t = Instant::now();
    let violations = check(&inst, &res);
    let check_s = t.elapsed().as_secs_f64();
    for v in violations.iter().take(5) {
        eprintln!("violation: {v:?}");
    }
    if let Some(path) = args.get(5) {
        let _ = std::fs::write(path, res.to_json());
    }
    let gap = if res.bound > 0.0 { (res.bound - res.objective as f64) / res.bound } else { 0.0 };
    let line = serde_json::json!({
        "solver": "ittifaq-alloc",
        "people": people,
        "sessions": sessions,
        "seed": seed,
        "nominations": inst.nominations.len(),
        "generate_s": gen_s,
        "solve_s": res.stats.seconds,
        "objective": res.objective,
        "bound": res.bound,
        "gap": gap,
        "assigned": res.assignments.len(),
        "peak_rss_solve_kib": peak_solve,
        "peak_rss_kib": vm_hwm_kib(),
        "check_s": check_s,
        "violations": violations.len(),
    });
    println!("{line}");
}
