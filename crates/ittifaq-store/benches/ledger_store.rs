//! The ledger in the database: inclusion and consistency proofs read from the
//! stored subtree hashes of a large log (SQLite), side by side with the same
//! proofs from the node mirror in files (`Store::with_node_mirror`, copied from
//! that database once and reopened later), and appends per second (one
//! audited change per transaction, and many per transaction) on SQLite and,
//! when `ITTIFAQ_TEST_POSTGRES_URL` is set, PostgreSQL: through a store's
//! write transaction, which keeps the end of the ledger between appends,
//! side by side with a plain transaction, which reads it for each append.
//!
//! `LEDGER_STORE_LEAVES` sets the log size for the proof benchmark (default
//! 1,000,000). Its database is generated once (subtree hashes of synthetic
//! leaves, bulk-inserted) into `$CARGO_TARGET_DIR/ledger-bench/nodes-N.db` and
//! reused by later runs. Each proof is checked against the root once.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use ittifaq_core::{PartyCode, Role};
use ittifaq_ledger::Hash;
use ittifaq_ledger::merkle::{self, Frontier};
use ittifaq_store::audit::{self, Event};
use ittifaq_store::{Actor, Store};
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use sha2::{Digest, Sha256};

fn leaves_from_env() -> u64 {
    std::env::var("LEDGER_STORE_LEAVES")
        .ok()
        .and_then(|s| s.replace('_', "").parse().ok())
        .filter(|&n| n >= 2)
        .unwrap_or(1_000_000)
}

fn leaf(i: u64) -> Hash {
    merkle::leaf_hash(&i.to_be_bytes())
}

fn bench_dir() -> PathBuf {
    // The workspace's target directory: cargo runs a bench from its crate's directory.
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../target").into());
    let dir = PathBuf::from(target).join("ledger-bench");
    std::fs::create_dir_all(&dir).expect("bench directory");
    dir
}

/// Opens (generating on first use) a SQLite database holding the stored
/// subtree hashes of an `n`-leaf log; returns it with the log's root.
async fn node_database(n: u64) -> (Store, Hash) {
    let path = bench_dir().join(format!("nodes-{n}.db"));
    let done = bench_dir().join(format!("nodes-{n}.done"));
    let url = format!("sqlite://{}", path.display());
    let mut root = Frontier::new();
    if !done.exists() {
        let _ = std::fs::remove_file(&path);
        let store = Store::open(&url).await.expect("open");
        let db = store.connection();
        let t = Instant::now();
        let mut stack: Vec<Hash> = Vec::new();
        let mut values: Vec<String> = Vec::with_capacity(5_000);
        let mut rows = 0u64;
        let mut txn = db.begin().await.expect("begin");
        for i in 0..n {
            let l = leaf(i);
            root.push(l);
            let nodes = merkle::completed_nodes(i, l, |_, _| stack.pop().ok_or(())).expect("contiguous");
            stack.push(nodes.last().expect("a leaf").2);
            for (level, idx, h) in nodes {
                values.push(format!("({level},{idx},X'{}')", h.to_hex()));
            }
            if values.len() >= 4_000 || i + 1 == n {
                rows += values.len() as u64;
                let sql = format!("INSERT INTO ledger_node (level, idx, hash) VALUES {}", values.join(","));
                txn.execute_unprepared(&sql).await.expect("insert nodes");
                values.clear();
            }
            if (i + 1) % 1_000_000 == 0 {
                txn.commit().await.expect("commit");
                txn = db.begin().await.expect("begin");
                eprintln!("  generated {} leaves ({rows} rows) in {:.1?}", i + 1, t.elapsed());
            }
        }
        txn.commit().await.expect("commit");
        std::fs::write(&done, root.root().to_hex()).expect("marker");
        eprintln!("generated {n} leaves, {rows} stored nodes, in {:.1?}", t.elapsed());
    }
    let root = Hash::from_hex(std::fs::read_to_string(&done).expect("marker").trim()).expect("root");
    (Store::open(&url).await.expect("open"), root)
}

async fn probe(store: &Store, n: u64) {
    use sea_orm::{DbBackend, Statement};
    let db = store.connection();
    let time = |label: &str, (t, cpu): (Instant, f64), iters: u32| {
        let wall = t.elapsed().as_nanos() as f64 / iters as f64 / 1000.0;
        println!("  {label:<40} {wall:8.1} µs wall, {:6.1} µs CPU", (cpu_seconds() - cpu) * 1e6 / iters as f64)
    };
    let t = (Instant::now(), cpu_seconds());
    for _ in 0..2000 {
        db.query_all_raw(Statement::from_string(DbBackend::Sqlite, "SELECT 1")).await.expect("q");
    }
    time("SELECT 1", t, 2000);
    let keys: Vec<(i32, i64)> = (0..23).map(|l| (l, ((n >> l) / 3) as i64)).chain((0..23).map(|l| (l, 1))).collect();
    let sql = format!(
        "SELECT level, idx, hash FROM ledger_node WHERE {}",
        keys.iter().map(|_| "(level = ? AND idx = ?)").collect::<Vec<_>>().join(" OR ")
    );
    let values: Vec<sea_orm::Value> = keys.iter().flat_map(|(l, i)| [(*l).into(), (*i).into()]).collect();
    let t = (Instant::now(), cpu_seconds());
    for _ in 0..2000 {
        db.query_all_raw(Statement::from_sql_and_values(DbBackend::Sqlite, &sql, values.clone())).await.expect("q");
    }
    time("raw OR query, 46 keys", t, 2000);
    let t = (Instant::now(), cpu_seconds());
    for i in 0..2000u64 {
        black_box(store.inclusion_proof_hashes(i * 4999 % n, n).await.expect("p"));
    }
    time("inclusion_proof_hashes", t, 2000);
}

/// CPU time of this process, all threads (user + system), in seconds, from
/// /proc: on a shared machine wall time includes waiting for a core, CPU time
/// does not (resolution 10 ms, so it is read over thousands of operations).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<f64>().ok()).sum();
    ticks / 100.0
}

fn next(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

fn sha256_limit() -> f64 {
    let block = [0x5au8; 64];
    let iters = 2_000_000;
    let t = Instant::now();
    for _ in 0..iters {
        black_box(Sha256::digest(black_box(&block)));
    }
    t.elapsed().as_nanos() as f64 / iters as f64
}

fn actor() -> Actor {
    Actor { user_id: None, username: "bench".into(), party: PartyCode::parse("TR").expect("party"), role: Role::Admin }
}

fn event(i: u64) -> Event<'static> {
    Event {
        action: ittifaq_core::audit::Action::Update.code(),
        object_type: ittifaq_core::audit::ObjectKind::Person,
        object_id: i.to_string(),
        object_party: "TR",
        before: Some(serde_json::json!({"rank": "OF-1", "score": 71})),
        after: Some(serde_json::json!({"rank": "OF-2", "score": 72})),
    }
}

/// Seconds for `count` audited appends, `per_txn` per transaction: through
/// the store's write transaction, which keeps the end of the ledger between
/// appends (`kept`), or through a plain transaction, which reads it each time
/// (the frontier of the stored tree and the last leaf).
async fn appends(store: &Store, count: u64, per_txn: u64, kept: bool, from: &mut u64) -> f64 {
    let t = Instant::now();
    let mut i = 0;
    while i < count {
        if kept {
            let txn = store.write().await.expect("begin");
            record_some(&txn, per_txn, from).await;
            txn.commit().await.expect("commit");
        } else {
            let txn = store.connection().begin().await.expect("begin");
            record_some(&txn, per_txn, from).await;
            txn.commit().await.expect("commit");
        }
        i += per_txn;
    }
    t.elapsed().as_secs_f64()
}

/// `n` audited changes in one transaction, numbered from `*from` on.
async fn record_some<C: audit::Appender>(txn: &C, n: u64, from: &mut u64) {
    let a = actor();
    for _ in 0..n {
        audit::record(txn, 1_780_000_000_000 + *from as i64, &a, event(*from)).await.expect("append");
        *from += 1;
    }
}

/// Appends per second of both ways side by side: rounds that alternate
/// between them, so that the host's drift reaches both alike.
async fn append_report(label: &str, store: &Store) {
    let mut from = 0;
    for (count, per_txn, rounds) in [(100, 1, 5), (4_000, 1_000, 5)] {
        let (mut kept, mut read) = (0.0, 0.0);
        for _ in 0..rounds {
            kept += appends(store, count, per_txn, true, &mut from).await;
            read += appends(store, count, per_txn, false, &mut from).await;
        }
        let total = (count * rounds) as f64;
        println!(
            "  appends {label:<10} {per_txn:>5} per transaction: {:9.0}/s with the tail kept, {:9.0}/s reading it = {:.2}x",
            total / kept,
            total / read,
            read / kept
        );
    }
    let size = store.ledger_size().await.expect("size");
    println!("  appends {label:<10} log now {size} entries");
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let n = leaves_from_env();
    let sha = sha256_limit();
    let (store, root) = rt.block_on(node_database(n));
    if std::env::var("LEDGER_STORE_PROBE").is_ok() {
        rt.block_on(probe(&store, n));
        return;
    }

    // Every proof kind verifies against the root once.
    rt.block_on(async {
        for i in [0, n / 3, n - 1] {
            let p = store.inclusion_proof_hashes(i, n).await.expect("proof");
            merkle::verify_inclusion(i, n, &leaf(i), &p, &root).expect("inclusion verifies");
        }
        let m = n / 2 + 1;
        let p = store.consistency_proof_hashes(m, n).await.expect("proof");
        let old = merkle::root(&(0..m).map(leaf).collect::<Vec<_>>());
        merkle::verify_consistency(m, n, &old, &root, &p).expect("consistency verifies");
    });

    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let quick = |f: &mut dyn FnMut()| {
        let iters = 5_000;
        let (t, cpu) = (Instant::now(), cpu_seconds());
        for _ in 0..iters {
            f();
        }
        let wall = t.elapsed().as_nanos() as f64 / iters as f64 / 1_000.0;
        (wall, (cpu_seconds() - cpu) * 1e6 / iters as f64)
    };
    let incl = quick(&mut || {
        let i = next(&mut x) % n;
        black_box(rt.block_on(store.inclusion_proof_hashes(i, n)).expect("proof"));
    });
    let cons = quick(&mut || {
        let m = next(&mut x) % n + 1;
        black_box(rt.block_on(store.consistency_proof_hashes(m, n)).expect("proof"));
    });
    // The same proofs from the node mirror (`Store::with_node_mirror`), copied once from the database.
    let t = Instant::now();
    let mirrored = rt.block_on(async {
        let m = store.clone().with_node_mirror(&bench_dir().join(format!("mirror-{n}"))).await.expect("mirror");
        for i in [0, n / 3, n - 1] {
            let p = m.inclusion_proof_hashes(i, n).await.expect("proof");
            merkle::verify_inclusion(i, n, &leaf(i), &p, &root).expect("mirrored inclusion verifies");
        }
        m
    });
    let copy = t.elapsed();
    let m_incl = quick(&mut || {
        let i = next(&mut x) % n;
        black_box(rt.block_on(mirrored.inclusion_proof_hashes(i, n)).expect("proof"));
    });
    let m_cons = quick(&mut || {
        let m = next(&mut x) % n + 1;
        black_box(rt.block_on(mirrored.consistency_proof_hashes(m, n)).expect("proof"));
    });
    println!("ledger store bench, N = {n} stored leaves (SQLite), sha256(64 B) = {sha:.1} ns");
    println!("  node mirror ready (copied from the database or reopened) in {copy:.1?}");
    println!(
        "  inclusion proof, node mirror    {:8.1} µs/op wall, {:6.1} µs CPU = {:.1}x faster than the database",
        m_incl.0,
        m_incl.1,
        incl.0 / m_incl.0
    );
    println!(
        "  consistency proof, node mirror  {:8.1} µs/op wall, {:6.1} µs CPU = {:.1}x faster than the database",
        m_cons.0,
        m_cons.1,
        cons.0 / m_cons.0
    );
    println!(
        "  inclusion proof from storage    {:8.1} µs/op wall, {:6.1} µs CPU (random leaf, tree of N)",
        incl.0, incl.1
    );
    println!("  consistency proof from storage  {:8.1} µs/op wall, {:6.1} µs CPU (random m -> N)", cons.0, cons.1);

    rt.block_on(async {
        let dir = tempfile::tempdir_in(bench_dir()).expect("temp dir");
        let sqlite = Store::open(&format!("sqlite://{}", dir.path().join("appends.db").display())).await.expect("open");
        append_report("sqlite", &sqlite).await;
        if let Ok(base) = std::env::var("ITTIFAQ_TEST_POSTGRES_URL") {
            let admin = Database::connect(&base).await.expect("connect");
            admin.execute_unprepared("DROP DATABASE IF EXISTS ittifaq_bench_appends").await.expect("drop");
            admin.execute_unprepared("CREATE DATABASE ittifaq_bench_appends").await.expect("create");
            let (prefix, _) = base.rsplit_once('/').expect("a URL with a database name");
            let pg = Store::open(&format!("{prefix}/ittifaq_bench_appends")).await.expect("open postgres");
            append_report("postgres", &pg).await;
        } else {
            println!("  appends postgres: skipped (set ITTIFAQ_TEST_POSTGRES_URL)");
        }
    });

    let mut c = Criterion::default().warm_up_time(Duration::from_millis(500)).configure_from_args();
    let mut g = c.benchmark_group("store_proofs");
    g.throughput(Throughput::Elements(1));
    g.bench_function(format!("inclusion_{n}"), |b| {
        b.iter(|| {
            let i = next(&mut x) % n;
            rt.block_on(store.inclusion_proof_hashes(i, n)).expect("proof")
        })
    });
    g.bench_function(format!("consistency_{n}"), |b| {
        b.iter(|| {
            let m = next(&mut x) % n + 1;
            rt.block_on(store.consistency_proof_hashes(m, n)).expect("proof")
        })
    });
    g.bench_function(format!("inclusion_{n}_mirror"), |b| {
        b.iter(|| {
            let i = next(&mut x) % n;
            rt.block_on(mirrored.inclusion_proof_hashes(i, n)).expect("proof")
        })
    });
    g.bench_function(format!("consistency_{n}_mirror"), |b| {
        b.iter(|| {
            let m = next(&mut x) % n + 1;
            rt.block_on(mirrored.consistency_proof_hashes(m, n)).expect("proof")
        })
    });
    g.finish();
    c.final_summary();
}
