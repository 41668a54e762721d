//! Duplicate detection on generated rosters: every profile of
//! [`ittifaq_core::integration::roster`] at `ROSTER_BENCH_ROWS` rows (default
//! 50,000), two seeds each. Side by side in one run: the engine (keyed
//! digests a row, then hash maps and a union-find over the near digests)
//! and its peer, the usual way (rows blocked by their name key, every pair
//! of a block compared by date and mother's name); both apply the same rule, so each line
//! prints the precision and recall of the pairs found against the seeded
//! truth, the two times and their ratio. Criterion then measures both.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use ittifaq_core::integration::identity::{IdentityMac, duplicate_groups, name_key, place_key};
use ittifaq_core::integration::roster::{Profile, Row, digests, generate, score};

fn rows_from_env() -> usize {
    std::env::var("ROSTER_BENCH_ROWS").ok().and_then(|s| s.replace('_', "").parse().ok()).unwrap_or(50_000)
}

/// The engine: digests under the key, then groups.
fn engine(mac: &IdentityMac, rows: &[Row]) -> Vec<Vec<usize>> {
    duplicate_groups(&digests(mac, rows))
}

/// Whether two dates of birth are one with a part mistyped or day and month swapped.
fn near(a: time::Date, b: time::Date) -> bool {
    let (ay, am, ad) = (a.year(), u8::from(a.month()), a.day());
    let (by, bm, bd) = (b.year(), u8::from(b.month()), b.day());
    let same = [ay == by, am == bm, ad == bd].iter().filter(|x| **x).count();
    same >= 2 || (ay == by && am == bd && ad == bm)
}

/// The peer: rows blocked by their name key, every pair in a block
/// compared (dates near, the mother's name and the place of birth the
/// same where both record them),
/// and by their name with each word left out, the whole date and the
/// mother's name, every pair of those blocks linked; pairs joined. Also returns the direct links: how many pairs and how
/// many of them right, before the grouping joins them transitively (a
/// diagnostic: how much of a loss is the chaining).
fn pairwise(rows: &[Row]) -> (Vec<Vec<usize>>, usize, usize) {
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    let mothers: Vec<String> = rows.iter().map(|r| name_key(&r.mother)).collect();
    let places: Vec<String> = rows.iter().map(|r| place_key(&r.birthplace)).collect();
    // The parts both record are the same.
    let agree = |a: &str, b: &str| a.is_empty() || b.is_empty() || a == b;
    for (i, r) in rows.iter().enumerate() {
        blocks.entry(name_key(&r.full_name)).or_default().push(i);
    }
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // One word of a long name apart, with the whole date and the mother's name the same.
    // Blocked by: the word left out, the words, the rest, mother, place, date.
    type Block = (usize, usize, String, String, String, time::Date);
    let mut loose: HashMap<Block, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let key = name_key(&r.full_name);
        let words: Vec<&str> = key.split(' ').collect();
        if words.len() >= 4 {
            for at in 0..words.len().min(6) {
                let rest: Vec<&str> = words.iter().enumerate().filter(|(j, _)| *j != at).map(|(_, w)| *w).collect();
                let parts = (mothers[i].clone(), places[i].clone());
                loose.entry((at, words.len(), rest.join(" "), parts.0, parts.1, r.born)).or_default().push(i);
            }
        }
    }
    let mut links: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for block in loose.values() {
        for (x, &i) in block.iter().enumerate() {
            for &j in &block[x + 1..] {
                links.insert((i.min(j), i.max(j)));
            }
        }
    }
    for block in blocks.values() {
        for (x, &i) in block.iter().enumerate() {
            for &j in &block[x + 1..] {
                if near(rows[i].born, rows[j].born) && agree(&mothers[i], &mothers[j]) && agree(&places[i], &places[j])
                {
                    links.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    let right = links.iter().filter(|(i, j)| rows[*i].person == rows[*j].person).count();
    for &(i, j) in &links {
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    (out, links.len(), right)
}

fn main() {
    let n = rows_from_env();
    let mac = IdentityMac::new(b"a benchmark key of thirty-two by");
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    println!("duplicate detection, {n} rows: precision and recall of the pairs, time, engine vs name-blocked pairs");
    for profile in Profile::ALL {
        for seed in [1u64, 2] {
            let rows = generate(&profile.knobs(n), seed);
            let t = Instant::now();
            let ours = engine(&mac, &rows);
            let ours_s = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let (theirs, direct_pairs, direct_right) = pairwise(&rows);
            let theirs_s = t.elapsed().as_secs_f64();
            let (p, r, found, truth) = score(&rows, &ours);
            let (pp, pr, ..) = score(&rows, &theirs);
            let direct = if direct_pairs == 0 { 1.0 } else { direct_right as f64 / direct_pairs as f64 };
            println!(
                "  {:9} seed {seed}: precision {p:.4} recall {r:.4} ({found} pairs found, {truth} true) in {ours_s:.3} s; \
                 peer precision {pp:.4} recall {pr:.4} in {theirs_s:.3} s; peer/engine {:.2}x; \
                 direct links alone: precision {direct:.4} ({direct_pairs} pairs)",
                profile.name(),
                theirs_s / ours_s
            );
        }
        let rows = generate(&profile.knobs(n), 1);
        let mut g = c.benchmark_group(format!("dedupe_{}_{n}", profile.name()));
        g.bench_function("engine", |b| b.iter(|| black_box(engine(&mac, &rows))));
        g.bench_function("name_blocked_pairs", |b| b.iter(|| black_box(pairwise(&rows))));
        g.finish();
    }
    c.final_summary();
}
