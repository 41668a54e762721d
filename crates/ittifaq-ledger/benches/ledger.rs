//! Ledger benchmarks against the raw SHA-256 limit: tree building, proof generation
//! on a large in-memory tree and streaming verification of encoded entries.
//!
//! `LEDGER_BENCH_LEAVES` sets the tree size (default 1,000,000; 10,000,000 for the
//! big run). A quick pass with `Instant` prints ns/op and the ratio to one SHA-256
//! of a 64-byte input; criterion then measures the same operations properly.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput};
use ittifaq_ledger::checkpoint::{Checkpoint, SignedCheckpoint, Signer};
use ittifaq_ledger::merkle::{self, MemoryTree};
use ittifaq_ledger::verify::verify_log;
use ittifaq_ledger::{EntryDraft, Hash};
use sha2::{Digest, Sha256};

fn leaves_from_env() -> u64 {
    std::env::var("LEDGER_BENCH_LEAVES")
        .ok()
        .and_then(|s| s.replace('_', "").parse().ok())
        .filter(|&n| n >= 2)
        .unwrap_or(1_000_000)
}

fn leaf_hashes(n: u64) -> Vec<Hash> {
    (0..n).map(|i| merkle::leaf_hash(&i.to_be_bytes())).collect()
}

/// A typical entry encoding (~150 bytes); the stream patches `seq` in place so the
/// export can be as long as wanted without holding it all in memory.
fn template() -> Vec<u8> {
    EntryDraft {
        seq: 0,
        time_unix_ms: 1_767_225_600_000,
        actor: "ayilmaz".into(),
        party: "TR".into(),
        action: "trainee.update".into(),
        object_type: "trainee".into(),
        object_id: "trainee-000123".into(),
        before: Some(r#"{"rank":"Lt","score":71}"#.into()),
        after: Some(r#"{"rank":"Lt","score":72}"#.into()),
    }
    .validate()
    .expect("valid")
    .encode()
}

fn entry_stream(n: u64) -> impl Iterator<Item = Vec<u8>> {
    let t = template();
    (0..n).map(move |i| {
        let mut e = t.clone();
        e[1..9].copy_from_slice(&i.to_be_bytes());
        e
    })
}

/// Checkpoint over the whole stream, signed by both parties.
fn stream_checkpoint(n: u64) -> (Vec<SignedCheckpoint>, Vec<ittifaq_ledger::VerifierKey>) {
    let mut f = merkle::Frontier::new();
    for e in entry_stream(n) {
        f.push(merkle::leaf_hash(&e));
    }
    let host = Signer::from_seed("bench.tr", &[1; 32]).expect("key");
    let witness = Signer::from_seed("bench.sy", &[2; 32]).expect("key");
    let cp = Checkpoint::new("bench/ledger", n, f.root()).expect("cp");
    let mut sc = SignedCheckpoint::sign(cp.clone(), &host).expect("sign");
    sc.add_signature(witness.sign(&cp.body())).expect("add");
    (vec![sc], vec![host.verifier(), witness.verifier()])
}

/// Cheap deterministic index sequence (xorshift) so lookups are not cache-friendly.
fn next(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

fn time_per_op(iters: u64, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed().as_nanos() as f64 / iters as f64
}

fn quick_summary(n: u64, leaves: &[Hash], tree: &MemoryTree) {
    let block = [0x5au8; 64];
    let sha = time_per_op(2_000_000, || {
        black_box(Sha256::digest(black_box(&block)));
    });
    let node = time_per_op(2_000_000, || {
        black_box(merkle::node_hash(black_box(&leaves[0]), black_box(&leaves[1])));
    });
    let t = Instant::now();
    black_box(MemoryTree::from_leaves(leaves.iter().copied()).root());
    let build = t.elapsed().as_nanos() as f64 / n as f64;
    let t = Instant::now();
    black_box(merkle::root(leaves));
    let frontier = t.elapsed().as_nanos() as f64 / n as f64;
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let incl = time_per_op(200_000, || {
        let i = next(&mut x) % n;
        black_box(merkle::inclusion_proof(tree, i, n).expect("proof"));
    });
    let cons = time_per_op(200_000, || {
        let m = next(&mut x) % n + 1;
        black_box(merkle::consistency_proof(tree, m, n).expect("proof"));
    });
    let (cps, keys) = stream_checkpoint(n);
    let t = Instant::now();
    black_box(verify_log(entry_stream(n), &cps, &keys, None).expect("verifies"));
    let stream = t.elapsed().as_nanos() as f64 / n as f64;
    let entry_len = template().len();
    // The SHA-256 work verification cannot avoid, per entry: the leaf hash of
    // 0x00 || entry and (amortised) one 65-byte interior node hash.
    let leaf_input = vec![0x5au8; 1 + entry_len];
    let node_input = [0x5au8; 65];
    let floor = time_per_op(1_000_000, || {
        black_box(Sha256::digest(black_box(&leaf_input[..])));
        black_box(Sha256::digest(black_box(&node_input)));
    });
    println!("ledger bench quick summary, N = {n} leaves (ratio = cost / one SHA-256 of 64 B)");
    println!("  sha256 throughput               {:9.1} MB/s (64-byte messages)", 64_000.0 / sha);
    println!("  sha256(64 B)                    {sha:9.1} ns/op   1.00x  (the limit)");
    println!("  node hash (65 B)                {node:9.1} ns/op  {:5.2}x", node / sha);
    println!("  MemoryTree build, per leaf      {build:9.1} ns     {:5.2}x", build / sha);
    println!("  Frontier root, per leaf         {frontier:9.1} ns     {:5.2}x", frontier / sha);
    println!("  inclusion proof (random leaf)   {incl:9.1} ns/op  {:5.2}x", incl / sha);
    println!("  consistency proof (random m)    {cons:9.1} ns/op  {:5.2}x", cons / sha);
    println!(
        "  stream verify, per entry        {stream:9.1} ns     {:5.2}x  ({entry_len}-byte entries: decode + leaf hash + frontier)",
        stream / sha
    );
    println!(
        "  verify SHA-256 floor, per entry {floor:9.1} ns            (sha256 of {} B + of 65 B); stream verify = {:4.2}x the floor",
        1 + entry_len,
        stream / floor
    );
}

fn main() {
    let n = leaves_from_env();
    let leaves = leaf_hashes(n);
    let tree = MemoryTree::from_leaves(leaves.iter().copied());
    quick_summary(n, &leaves, &tree);

    let mut c = Criterion::default().warm_up_time(Duration::from_millis(500)).configure_from_args();

    let mut g = c.benchmark_group("sha256");
    g.throughput(Throughput::Elements(1));
    let block = [0x5au8; 64];
    g.bench_function("sha256_64B", |b| b.iter(|| Sha256::digest(black_box(&block))));
    g.bench_function("node_hash", |b| b.iter(|| merkle::node_hash(black_box(&leaves[0]), black_box(&leaves[1]))));
    g.finish();

    let mut g = c.benchmark_group("build");
    g.sample_size(10).throughput(Throughput::Elements(n));
    g.bench_function(format!("memory_tree_{n}"), |b| b.iter(|| MemoryTree::from_leaves(leaves.iter().copied()).root()));
    g.bench_function(format!("frontier_root_{n}"), |b| b.iter(|| merkle::root(black_box(&leaves))));
    g.finish();

    let mut g = c.benchmark_group("proofs");
    g.throughput(Throughput::Elements(1));
    let mut x = 0x2545_f491_4f6c_dd1du64;
    g.bench_function(format!("inclusion_{n}"), |b| {
        b.iter_batched(|| next(&mut x) % n, |i| merkle::inclusion_proof(&tree, i, n), BatchSize::SmallInput)
    });
    g.bench_function(format!("consistency_{n}"), |b| {
        b.iter_batched(|| next(&mut x) % n + 1, |m| merkle::consistency_proof(&tree, m, n), BatchSize::SmallInput)
    });
    g.finish();

    let (cps, keys) = stream_checkpoint(n);
    let mut g = c.benchmark_group("verify");
    g.sample_size(10).throughput(Throughput::Elements(n));
    g.bench_function(format!("stream_{n}"), |b| {
        b.iter(|| verify_log(entry_stream(n), &cps, &keys, None).expect("verifies"))
    });
    g.finish();

    c.final_summary();
}
