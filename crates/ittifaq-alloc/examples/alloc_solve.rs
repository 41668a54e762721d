//! Side-by-side benchmark, engine half: what `ittifaq alloc solve` does,
//! without the binary's dependencies. Reads an instance file, solves it,
//! writes the result with its fairness report, and prints one JSON line.
//! The benchmark measures this whole process (CPU time and peak memory with
//! `/usr/bin/time -v`), so JSON reading and writing count.
//!
//! `alloc_solve INSTANCE.json RESULT.json [--time-limit SECONDS] [--gap 0.0005] [--priority-fair] [--check]`

use std::io::Write;
use std::time::{Duration, Instant};

use ittifaq_alloc::{Instance, SolveOptions, check, solve};

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    eprintln!(
        "usage: alloc_solve INSTANCE.json RESULT.json [--time-limit SECONDS] [--gap 0.0005] [--priority-fair] [--check]"
    );
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        fail("missing arguments");
    }
    let (input, output) = (&args[0], &args[1]);
    // As `ittifaq alloc solve` by default.
    let mut options = SolveOptions { report_fairness: true, gap: 0.0005, ..SolveOptions::default() };
    let mut run_check = false;
    let mut rest = args[2..].iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--priority-fair" => options.priority_fair = true,
            "--check" => run_check = true,
            "--gap" => options.gap = rest.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| fail("bad --gap")),
            "--time-limit" => {
                let secs: f64 = rest.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| fail("bad --time-limit"));
                options.time_limit = Duration::from_secs_f64(secs.max(0.0));
            }
            _ => fail(&format!("unexpected `{flag}`")),
        }
    }
    let t = Instant::now();
    let inst = match std::fs::read_to_string(input)
        .map_err(|e| e.to_string())
        .and_then(|text| Instance::from_json(&text).map_err(|e| e.to_string()))
    {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{input}: {e}");
            std::process::exit(1);
        }
    };
    let read_s = t.elapsed().as_secs_f64();
    let res = match solve(&inst, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{input}: {e}");
            std::process::exit(1);
        }
    };
    let t = Instant::now();
    let written = std::fs::File::create(output).map_err(|e| e.to_string()).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        serde_json::to_writer(&mut w, &res).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())
    });
    if let Err(e) = written {
        eprintln!("cannot write {output}: {e}");
        std::process::exit(1);
    }
    let write_s = t.elapsed().as_secs_f64();
    let violations = if run_check { Some(check(&inst, &res).len()) } else { None };
    let envy: Option<usize> = res.fairness.as_ref().map(|f| f.parties.iter().map(|p| p.envy).sum());
    let gap = if res.bound > 0.0 { (res.bound - res.objective as f64) / res.bound } else { 0.0 };
    let line = serde_json::json!({
        "solver": "ittifaq-alloc",
        "nominations": inst.nominations.len(),
        "read_s": read_s,
        "solve_s": res.stats.seconds,
        "write_s": write_s,
        "objective": res.objective,
        "bound": res.bound,
        "gap": gap,
        "assigned": res.assignments.len(),
        "envy": envy,
        "priority_fair": res.priority_fair,
        "violations": violations,
    });
    println!("{line}");
}
