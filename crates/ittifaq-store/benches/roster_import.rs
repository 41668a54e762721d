//! Importing a roster of `ROSTER_IMPORT_ROWS` candidates (default 50,000;
//! the registry profile, one formation) from a CSV file, on SQLite and, when
//! `ITTIFAQ_TEST_POSTGRES_URL` is set, PostgreSQL: the whole path a joint
//! office's upload takes (reading the file, checking every row, the keyed
//! digests, the rows written, every registration regrouped for review, the
//! audit), side by side with its floor, the same rows bulk-inserted into
//! the same table with no check at all. Each iteration starts from an empty
//! database (not timed). A quick pass prints each time and the ratio;
//! criterion then measures both.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use criterion::Criterion;
use ittifaq_core::agreement::Names;
use ittifaq_core::id::FormationId;
use ittifaq_core::integration::identity::IdentityMac;
use ittifaq_core::integration::roster::{Knobs, Profile, generate};
use ittifaq_core::{PartyCode, Role};
use ittifaq_store::entity::candidate;
use ittifaq_store::integration::FormationInput;
use ittifaq_store::integration::roster_file::FileKind;
use ittifaq_store::{Actor, Store};
use sea_orm::{ConnectionTrait, Database, EntityTrait, Set};

fn rows_from_env() -> usize {
    std::env::var("ROSTER_IMPORT_ROWS").ok().and_then(|s| s.replace('_', "").parse().ok()).unwrap_or(50_000)
}

/// The roster as a CSV file of `n` rows: the registry profile in one
/// formation, less the exact repeats an import refuses.
/// A row: reference, name, date of birth, mother's name, place of birth.
type Line = (String, String, String, String, String);

fn roster_csv(n: usize) -> (Vec<u8>, Vec<Line>) {
    // A few more generated than wanted: the exact repeats are dropped, then the roster is cut to `n`.
    let knobs = Knobs { formations: 1, ..Profile::Registry.knobs(n + n / 10) };
    let mac = IdentityMac::new(b"any");
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for r in generate(&knobs, 7) {
        let Some(id) = mac.identity(&r.full_name, r.born, &r.mother, &r.birthplace) else { continue };
        if seen.insert(id.exact) && rows.len() < n {
            rows.push((r.roster_ref, r.full_name, r.born.to_string(), r.mother, r.birthplace));
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["roster_ref", "full_name", "date_of_birth", "mother_name", "birthplace"]).expect("csv");
    for (a, b, c, d, e) in &rows {
        w.write_record([a, b, c, d, e]).expect("csv");
    }
    (w.into_inner().expect("csv"), rows)
}

struct Backend {
    label: &'static str,
    /// Makes an empty database and returns its URL.
    fresh: Box<dyn Fn(usize) -> String>,
}

async fn ready(url: &str) -> (Store, Actor, FormationId) {
    let store = Store::open(url).await.expect("open");
    let actor = Actor {
        user_id: None,
        username: "bench".into(),
        party: PartyCode::parse("SY").unwrap(),
        role: Role::JointOffice,
    };
    let input = FormationInput {
        code: "F-BENCH".into(),
        name: Names { en: "Bench".into(), tr: "Bench".into(), ar: "Bench".into() },
        origin: "Generated".into(),
        mode: "individual".into(),
        declared_strength: 50_000,
        starts_on: "2026-01-01".into(),
    };
    let id = store.create_formation(&actor, &input).await.expect("formation").id;
    (store, actor, id)
}

async fn import(url: &str, csv: &[u8]) -> Duration {
    let (store, actor, id) = ready(url).await;
    let t = Instant::now();
    let done = store.import_roster_file(&actor, id, FileKind::Csv, csv.to_vec()).await;
    let took = t.elapsed();
    assert!(done.is_ok(), "the generated roster imports");
    store.connection().clone().close().await.ok();
    took
}

async fn floor(url: &str, rows: &[Line]) -> Duration {
    let (store, _, id) = ready(url).await;
    let t = Instant::now();
    let txn = sea_orm::TransactionTrait::begin(store.connection()).await.expect("begin");
    for chunk in rows.chunks(500) {
        let models = chunk.iter().map(|(r, name, born, mother, place)| candidate::ActiveModel {
            formation_id: Set(id.get()),
            party: Set("SY".into()),
            roster_ref: Set(r.clone()),
            full_name: Set(name.clone()),
            born: Set(born.clone()),
            mother_name: Set(mother.clone()),
            birthplace: Set(place.clone()),
            stage: Set(None),
            status: Set("active".into()),
            reason: Set(None),
            note: Set(String::new()),
            digest_exact: Set(String::new()),
            digest_near: Set(String::new()),
            digest_partial: Set(None),
            assigned_unit: Set(None),
            match_group: Set(None),
            match_state: Set(None),
            created_by: Set("bench".into()),
            created_at: Set(0),
            updated_at: Set(0),
            ..Default::default()
        });
        candidate::Entity::insert_many(models).exec(&txn).await.expect("insert");
    }
    txn.commit().await.expect("commit");
    let took = t.elapsed();
    store.connection().clone().close().await.ok();
    took
}

fn main() {
    let n = rows_from_env();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let (csv, rows) = roster_csv(n);
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().to_owned();
    let mut backends = vec![Backend {
        label: "sqlite",
        fresh: Box::new(move |i| format!("sqlite://{}", base.join(format!("roster-{i}.db")).display())),
    }];
    if let Ok(admin_url) = std::env::var("ITTIFAQ_TEST_POSTGRES_URL") {
        let (prefix, _) = admin_url.rsplit_once('/').expect("a URL with a database name").to_owned();
        let prefix = prefix.to_owned();
        let handle = rt.handle().clone();
        backends.push(Backend {
            label: "postgres",
            fresh: Box::new(move |i| {
                let name = format!("ittifaq_bench_roster_{i}");
                let admin_url = admin_url.clone();
                handle.block_on(async {
                    let admin = Database::connect(&admin_url).await.expect("connect");
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await
                        .expect("drop");
                    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create");
                });
                format!("{prefix}/{name}")
            }),
        });
    } else {
        println!("postgres: skipped (set ITTIFAQ_TEST_POSTGRES_URL)");
    }
    let mut next = 0usize;
    let mut fresh = |b: &Backend| {
        next += 1;
        (b.fresh)(next)
    };
    println!("roster import, {} rows ({} bytes of CSV)", rows.len(), csv.len());
    for b in &backends {
        let ours = rt.block_on(import(&fresh(b), &csv));
        let peer = rt.block_on(floor(&fresh(b), &rows));
        println!(
            "  {:8}: import {:.2} s, bulk insert with no check {:.2} s; import/insert {:.2}x",
            b.label,
            ours.as_secs_f64(),
            peer.as_secs_f64(),
            ours.as_secs_f64() / peer.as_secs_f64()
        );
    }
    let mut c = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(1)).configure_from_args();
    for b in &backends {
        let mut g = c.benchmark_group(format!("roster_import_{}_{}", b.label, rows.len()));
        g.bench_function("import", |bench| {
            bench.iter_custom(|iters| (0..iters).map(|_| rt.block_on(import(&fresh(b), &csv))).sum())
        });
        g.bench_function("bulk_insert_no_check", |bench| {
            bench.iter_custom(|iters| (0..iters).map(|_| rt.block_on(floor(&fresh(b), &rows))).sum())
        });
        g.finish();
    }
    c.final_summary();
}
