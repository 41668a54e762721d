//! Side-by-side benchmark, instance half: generate one instance of a
//! profile and write it as contract JSON, for the engine (`alloc_solve`) and
//! for HiGHS (`bench/alloc/highs_mip.py`) to read.
//!
//! `alloc_bench PROFILE PEOPLE SEED INSTANCE_OUT.json [--KNOB VALUE]...`
//!
//! Knobs (see `GenOptions::set`): `--sessions N`, `--nominations 1-3`,
//! `--capacity 4-12`, `--days 3-15`, `--quota-share 0.9`, ... Prints one
//! JSON line with the sizes.

use std::io::Write;

use ittifaq_alloc::{GenOptions, Profile, generate_with};

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    eprintln!("usage: alloc_bench PROFILE PEOPLE SEED INSTANCE_OUT.json [--KNOB VALUE]...");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        fail("missing arguments");
    }
    let profile = Profile::parse(&args[0]).unwrap_or_else(|| {
        let names: Vec<&str> = Profile::ALL.iter().map(|p| p.name()).collect();
        fail(&format!("unknown profile `{}`; expected one of {}", args[0], names.join(", ")))
    });
    let people: usize = args[1].parse().unwrap_or_else(|_| fail("PEOPLE is not a number"));
    let seed: u64 = args[2].parse().unwrap_or_else(|_| fail("SEED is not a number"));
    let out = &args[3];
    let mut options = GenOptions::profile(profile, people, seed);
    let mut rest = args[4..].iter();
    while let Some(flag) = rest.next() {
        let Some(knob) = flag.strip_prefix("--") else { fail(&format!("unexpected `{flag}`")) };
        let Some(value) = rest.next() else { fail(&format!("{flag} needs a value")) };
        if let Err(e) = options.set(knob, value) {
            fail(&e);
        }
    }
    let inst = generate_with(&options);
    let written = std::fs::File::create(out).map_err(|e| e.to_string()).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        serde_json::to_writer(&mut w, &inst).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())
    });
    if let Err(e) = written {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
    let seats: i64 = inst.sessions.iter().map(|s| s.capacity).sum();
    let line = serde_json::json!({
        "profile": profile.name(),
        "people": people,
        "sessions": inst.sessions.len(),
        "seats": seats,
        "units": inst.units.len(),
        "nominations": inst.nominations.len(),
        "seed": seed,
    });
    println!("{line}");
}
