//! Side-by-side benchmark, engine half: what `ittifaq alloc solve` does,
//! without the binary's dependencies. Reads an instance file, solves it,
//! writes the result with its fairness report, and prints one JSON line.
//! The benchmark measures this whole process (CPU time and peak memory with
//! `/usr/bin/time -v`), so JSON reading and writing count.
//!
//! `alloc_solve INSTANCE.json RESULT.json [--time-limit SECONDS] [--gap 0.0005] [--priority-fair] [--check]`

use std::io::Write;
use std::time::{Duration, Instant};

use ittifaq_alloc::{Instance, Model, SolveOptions, check, solve_compact};

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
    let text = match std::fs::read_to_string(input) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{input}: {e}");
            std::process::exit(1);
        }
    };
    let read_s = t.elapsed().as_secs_f64();
    // As `ittifaq alloc solve`: parsed and validated in one step, without
    // the owned `Instance`; the solver's clock starts before the parse.
    let model = match Model::from_json(&text) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{input}: {e}");
            std::process::exit(1);
        }
    };
    // The checker reads the contract's types: only then is the text kept.
    let inst = run_check.then(|| Instance::from_json(&text).unwrap_or_else(|e| fail(&e.to_string())));
    drop(text);
    let res = solve_compact(&model, &options, t);
    let t = Instant::now();
    let written = std::fs::File::create(output).map_err(|e| e.to_string()).and_then(|f| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        serde_json::to_writer(&mut w, &res).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())
    });
    if let Err(e) = written {
        eprintln!("cannot write {output}: {e}");
        std::process::exit(1);
    }
    let write_s = t.elapsed().as_secs_f64();
    let violations = inst.map(|inst| check(&inst, &res.to_result()).len());
    let envy: Option<usize> = res.fairness.as_ref().map(|f| f.parties.iter().map(|p| p.envy).sum());
    let gap = if res.bound > 0.0 { (res.bound - res.objective as f64) / res.bound } else { 0.0 };
    let line = serde_json::json!({
        "solver": "ittifaq-alloc",
        "nominations": model.nominations.len(),
        "read_s": read_s,
        "solve_s": res.stats.seconds,
        "write_s": write_s,
        "objective": res.objective,
        "bound": res.bound,
        "gap": gap,
        "assigned": res.assigned(),
        "envy": envy,
        "priority_fair": res.priority_fair,
        "violations": violations,
    });
    println!("{line}");
}
