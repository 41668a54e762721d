//! Side-by-side benchmark against PostGIS, engine half (see `bench/decon/`).
//!
//! `cargo run --release --example export_and_time -- N OUT_DIR [--rounds R] [--no-all-pairs] [--no-ndjson]`
//!
//! Generates N activities with `generate(N, 2027)` and 1,000 probe activities
//! with `generate(1000, 4242)` (ids prefixed `PROBE-`, as in `benches/decon.rs`),
//! writes them to OUT_DIR as the contract's NDJSON (`activities.ndjson`,
//! `probes.ndjson`) and as tab-separated rows for PostgreSQL's `COPY`
//! (`activities.tsv`, `probes.tsv`: id, party, kind, WKT footprint (a circle
//! is its centre `POINT` plus `radius_m`), radius_m, altitude lo, hi, start
//! and end in Unix seconds, separation_m, vertical_separation_m,
//! time_buffer_s). Then it declares the N activities into an `Engine`
//! (timed: declarations per second, each `declare` computing the new
//! activity's conflicts), times `conflicts_of` for every probe (R rounds
//! after one warm-up round, each call timed alone), times `all_conflicts()`,
//! writes the conflict sets (`engine_probe_conflicts.tsv`,
//! `engine_pairs.tsv`: id, id, distance_m, required separation_m) for the
//! comparison with PostGIS and prints one JSON object of figures.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use ittifaq_decon::{Activity, ActivityRecord, Engine, GeoJson, generate};

fn fmt_pos(p: &[f64]) -> String {
    format!("{} {}", p[0], p[1])
}

fn fmt_line(ps: &[Vec<f64>]) -> String {
    let v: Vec<String> = ps.iter().map(|p| fmt_pos(p)).collect();
    format!("({})", v.join(","))
}

fn fmt_poly(rings: &[Vec<Vec<f64>>]) -> String {
    let v: Vec<String> = rings.iter().map(|r| fmt_line(r)).collect();
    format!("({})", v.join(","))
}

/// WKT of the footprint and the circle radius (0 for non-circles).
fn wkt(g: &GeoJson) -> (String, f64) {
    match g {
        GeoJson::Point { coordinates, radius_m } => {
            (format!("POINT({})", fmt_pos(coordinates)), radius_m.unwrap_or(0.0))
        }
        GeoJson::LineString { coordinates } => (format!("LINESTRING{}", fmt_line(coordinates)), 0.0),
        GeoJson::Polygon { coordinates } => (format!("POLYGON{}", fmt_poly(coordinates)), 0.0),
        GeoJson::MultiPolygon { coordinates } => {
            let v: Vec<String> = coordinates.iter().map(|p| fmt_poly(p)).collect();
            (format!("MULTIPOLYGON({})", v.join(",")), 0.0)
        }
    }
}

fn kind_str(a: &Activity) -> String {
    serde_json::to_value(a.kind()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn write_tsv(path: &Path, acts: &[Activity]) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    for a in acts {
        let r = a.record();
        let (g, radius) = wkt(&r.footprint);
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            r.party,
            kind_str(a),
            g,
            radius,
            r.altitude_m[0],
            r.altitude_m[1],
            r.start.unix_timestamp(),
            r.end.unix_timestamp(),
            a.separation_m(),
            a.vertical_separation_m(),
            r.time_buffer_s.unwrap_or(0.0),
        )?;
    }
    w.flush()
}

fn write_ndjson(path: &Path, acts: &[Activity]) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    ittifaq_decon::ndjson::write_activities(&mut w, acts).map_err(|e| std::io::Error::other(e.to_string()))?;
    w.flush()
}

/// Quantile of sorted samples (nearest rank).
fn q(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

fn stats_us(mut v: Vec<f64>) -> serde_json::Value {
    v.sort_by(f64::total_cmp);
    let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
    serde_json::json!({
        "samples": v.len(),
        "mean_us": mean,
        "p50_us": q(&v, 0.50),
        "p90_us": q(&v, 0.90),
        "p99_us": q(&v, 0.99),
        "max_us": q(&v, 1.0),
    })
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let out = PathBuf::from(args.get(1).cloned().unwrap_or_else(|| "decon-bench-out".to_owned()));
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|k| args.get(k + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let all_pairs = !args.iter().any(|a| a == "--no-all-pairs");
    let ndjson = !args.iter().any(|a| a == "--no-ndjson");
    std::fs::create_dir_all(&out)?;

    let t = Instant::now();
    let acts = generate(n, 2027);
    let gen_s = t.elapsed().as_secs_f64();
    let probes: Vec<Activity> = generate(1_000, 4242)
        .into_iter()
        .filter_map(|a| Activity::new(ActivityRecord { id: format!("PROBE-{}", a.id()), ..a.record().clone() }).ok())
        .collect();

    let t = Instant::now();
    write_tsv(&out.join("activities.tsv"), &acts)?;
    write_tsv(&out.join("probes.tsv"), &probes)?;
    if ndjson {
        write_ndjson(&out.join("activities.ndjson"), &acts)?;
        write_ndjson(&out.join("probes.ndjson"), &probes)?;
    }
    let write_s = t.elapsed().as_secs_f64();

    // Loading what is already declared (a restart): the index alone.
    let mut loaded = Engine::new();
    let t = Instant::now();
    for a in &acts {
        loaded.load(a.clone()).expect("distinct ids");
    }
    let index_s = t.elapsed().as_secs_f64();
    // The clones are not part of loading: time them alone and take them off.
    let t = Instant::now();
    let copies: Vec<_> = acts.to_vec();
    let clone_s = t.elapsed().as_secs_f64();
    drop((copies, loaded));
    let index_s = (index_s - clone_s).max(1e-9);

    let mut engine = Engine::new();
    let t = Instant::now();
    let mut on_declare = 0usize;
    for a in acts {
        on_declare += engine.declare(a).map(|c| c.len()).unwrap_or(0);
    }
    let load_s = t.elapsed().as_secs_f64();
    let mem = engine.memory_bytes();
    let sep_of = |e: &Engine, id: &str| e.get(id).map(|a| a.separation_m()).unwrap_or(f64::NAN);

    // Conflicts of one new activity: warm-up round, then `rounds` timed rounds.
    let mut probe_conflicts = 0usize;
    {
        let mut w = BufWriter::new(File::create(out.join("engine_probe_conflicts.tsv"))?);
        for p in &probes {
            let cs = engine.conflicts_of(p);
            probe_conflicts += cs.len();
            for c in cs {
                let other = if c.a == p.id() { &c.b } else { &c.a };
                let sep = p.separation_m().max(sep_of(&engine, other));
                writeln!(w, "{}\t{}\t{}\t{}", p.id(), other, c.distance_m, sep)?;
            }
        }
        w.flush()?;
    }
    let mut lat = Vec::with_capacity(rounds * probes.len());
    for _ in 0..rounds {
        for p in &probes {
            let t = Instant::now();
            let cs = engine.conflicts_of(std::hint::black_box(p));
            lat.push(t.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(cs);
        }
    }
    // Declare + cancel of one new activity (the real API path).
    let mut dc = Vec::with_capacity(probes.len());
    for p in &probes {
        let t = Instant::now();
        let cs = engine.declare(p.clone()).map(|c| c.len()).unwrap_or(0);
        let _ = engine.cancel(p.id());
        dc.push(t.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(cs);
    }

    let (all_s, all_len) = if all_pairs {
        let t = Instant::now();
        let all = engine.all_conflicts();
        let s = t.elapsed().as_secs_f64();
        let mut w = BufWriter::with_capacity(1 << 20, File::create(out.join("engine_pairs.tsv"))?);
        for c in &all {
            let sep = sep_of(&engine, &c.a).max(sep_of(&engine, &c.b));
            writeln!(w, "{}\t{}\t{}\t{}", c.a, c.b, c.distance_m, sep)?;
        }
        w.flush()?;
        (Some(s), Some(all.len()))
    } else {
        (None, None)
    };

    let report = serde_json::json!({
        "system": "engine",
        "n": n,
        "probes": probes.len(),
        "generate_s": gen_s,
        "write_files_s": write_s,
        "load_s": load_s,
        "load_per_s": n as f64 / load_s,
        "index_load_s": index_s,
        "index_load_per_s": n as f64 / index_s,
        "conflicts_on_declare": on_declare,
        "probe_conflicts": probe_conflicts,
        "conflicts_of": stats_us(lat),
        "declare_cancel": stats_us(dc),
        "all_pairs_s": all_s,
        "all_pairs": all_len,
        "memory_bytes": mem,
        "memory_per_declaration_b": mem as f64 / n.max(1) as f64,
        "wide_list": engine.wide_len(),
    });
    println!("{report}");
    Ok(())
}
