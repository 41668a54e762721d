//! The joint audit ledger in the database, on both backends: every change is
//! appended in the same transaction; checkpoints verify; and a row changed,
//! deleted, reordered or inserted directly in the database, a truncated log or a
//! swapped signature is detected and named.

use ittifaq_core::Role;
use ittifaq_ledger::checkpoint::Signer;
use ittifaq_store::ledger::Finding;
use ittifaq_store::{Store, StoreError};

use crate::support::{actor, databases, person, unit};
use ittifaq_ledger::merkle::{self, MemoryTree};
use ittifaq_store::audit::{self, Event};

const ORIGIN: &str = "ittifaq/tr-sy-2025";

fn host() -> Signer {
    Signer::from_seed("tr-sy-2025-TR", &[7u8; 32]).unwrap()
}

async fn some_changes(s: &Store) {
    let tr = actor("TR", Role::JointOffice);
    let u = unit(s, "TR", "TR-L1").await;
    for n in 0..4 {
        let p = s.create_person(&tr, &person(&format!("TR-L{n}"), u).validate().unwrap()).await.unwrap();
        let mut edit = person(&format!("TR-L{n}"), u);
        edit.rank = "OF-3".into();
        s.update_person(&tr, p.id, &edit.validate().unwrap()).await.unwrap();
    }
}

fn fault_text(r: Result<ittifaq_ledger::Summary, Finding>) -> String {
    match r {
        Ok(s) => panic!("expected a finding, the ledger verified: {s:?}"),
        Err(f) => f.to_string(),
    }
}

#[tokio::test]
async fn every_change_is_in_the_ledger_and_a_refused_one_is_not() {
    for db in databases().await {
        let s = &db.store;
        some_changes(s).await;
        let audits = s.audit_all().await.unwrap().len() as u64;
        assert_eq!(s.ledger_size().await.unwrap(), audits, "{}", db.label);
        let tr = actor("TR", Role::JointOffice);
        let err = s.create_person(&tr, &person("TR-L0", 1).validate().unwrap()).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid { .. } | StoreError::Conflict(_) | StoreError::Forbidden(_)));
        assert_eq!(s.ledger_size().await.unwrap(), audits, "a refused change appends nothing");
        let keys = vec![host().verifier()];
        s.issue_checkpoint(ORIGIN, &host()).await.unwrap();
        let summary = s.verify_ledger(ORIGIN, &keys).await.unwrap().unwrap();
        assert_eq!(summary.entries, audits);
        assert_eq!(summary.verified_size, audits);
        // Changes after the checkpoint are an unsigned tail until the next one.
        some_changes_more(s).await;
        let summary = s.verify_ledger(ORIGIN, &keys).await.unwrap().unwrap();
        assert!(summary.unsigned_tail > 0);
    }
}

async fn some_changes_more(s: &Store) {
    let sy = actor("SY", Role::JointOffice);
    let u = unit(s, "SY", "SY-L1").await;
    s.create_person(&sy, &person("SY-L9", u).validate().unwrap()).await.unwrap();
}

/// A fresh, checkpointed ledger for each tamper case.
async fn checkpointed() -> Vec<crate::support::TestDb> {
    let dbs = databases().await;
    for db in &dbs {
        some_changes(&db.store).await;
        db.store.issue_checkpoint(ORIGIN, &host()).await.unwrap();
    }
    dbs
}

#[tokio::test]
async fn tampering_with_the_database_is_detected_and_named() {
    let keys = vec![host().verifier()];
    // Each case: SQL run directly against the database, and what the finding must say.
    let cases: &[(&str, &str)] = &[
        // Change one byte of an entry: its leaf hash no longer matches the recorded, signed column.
        (
            "UPDATE ledger_entry SET entry = (SELECT entry FROM ledger_entry WHERE seq = 4) WHERE seq = 3",
            "entry 3 was altered",
        ),
        // Delete one entry: the next one is found at its place.
        ("DELETE FROM ledger_entry WHERE seq = 5", "entry at position 5 carries sequence number 6"),
        // Truncate the log below its signed size.
        ("DELETE FROM ledger_entry WHERE seq >= 6", "export has 6 entries but checkpoint #0 signs size"),
        // Rewrite what the pages show without touching the ledger.
        ("UPDATE audit_log SET after = '{\"rank\":\"OF-9\"}' WHERE id = 4", "audit row 4"),
        // Delete an audit row.
        ("DELETE FROM audit_log WHERE id = 2", "audit row 2"),
    ];
    for (sql, expected) in cases {
        for db in checkpointed().await {
            db.store.execute_unprepared(sql).await.unwrap();
            let text = fault_text(db.store.verify_ledger(ORIGIN, &keys).await.unwrap());
            assert!(text.contains(expected), "{}: {sql}\n  → {text}", db.label);
        }
    }
}

#[tokio::test]
async fn reordered_or_inserted_entries_and_foreign_signatures_are_detected() {
    let keys = vec![host().verifier()];
    for db in checkpointed().await {
        let s = &db.store;
        // Swap the contents of two entries (their positions stay).
        let rows = s.export_ledger(ORIGIN, None).await.unwrap();
        let (e2, e6) = (&rows.entries[2], &rows.entries[6]);
        let (h2, h6) = (&rows.leaf_hashes[2], &rows.leaf_hashes[6]);
        let swap = match s.backend() {
            ittifaq_store::Backend::Postgres => format!(
                "UPDATE ledger_entry SET audit_id = -audit_id WHERE seq IN (2, 6); UPDATE ledger_entry SET entry = decode('{e6}', 'hex'), leaf_hash = '{h6}' WHERE seq = 2; UPDATE ledger_entry SET entry = decode('{e2}', 'hex'), leaf_hash = '{h2}' WHERE seq = 6"
            ),
            ittifaq_store::Backend::Sqlite => format!(
                "UPDATE ledger_entry SET audit_id = -audit_id WHERE seq IN (2, 6); UPDATE ledger_entry SET entry = X'{e6}', leaf_hash = '{h6}' WHERE seq = 2; UPDATE ledger_entry SET entry = X'{e2}', leaf_hash = '{h2}' WHERE seq = 6"
            ),
        };
        s.execute_unprepared(&swap).await.unwrap();
        let text = fault_text(s.verify_ledger(ORIGIN, &keys).await.unwrap());
        assert!(text.contains("entry at position 2 carries sequence number 6"), "{}: {text}", db.label);
    }
    for db in checkpointed().await {
        // A checkpoint signed by a key the verifier does not trust.
        let rogue = Signer::from_seed("tr-sy-2025-TR", &[9u8; 32]).unwrap();
        let s = &db.store;
        s.execute_unprepared("DELETE FROM ledger_checkpoint").await.unwrap();
        s.issue_checkpoint(ORIGIN, &rogue).await.unwrap();
        let text = fault_text(s.verify_ledger(ORIGIN, &keys).await.unwrap());
        assert!(text.contains("signature"), "{}: {text}", db.label);
    }
}

/// Checks the stored tree against the entries: every inclusion proof from
/// the stored subtree hashes equals the in-memory tree's, and a checkpoint
/// (whose root comes from the stored tree) verifies against the entries.
async fn assert_tree_whole(s: &Store, label: &str) {
    let export = s.export_ledger(ORIGIN, None).await.unwrap();
    let leaves: Vec<_> = export.entries.iter().map(|e| merkle::leaf_hash(&hex::decode(e).unwrap())).collect();
    let tree = MemoryTree::from_leaves(leaves.iter().copied());
    let n = leaves.len() as u64;
    for i in 0..n {
        let got = s.inclusion_proof_hashes(i, n).await.unwrap();
        assert_eq!(got, merkle::inclusion_proof(&tree, i, n).unwrap(), "{label}: proof of {i} in {n}");
    }
    let signed = s.issue_checkpoint(ORIGIN, &host()).await.unwrap();
    assert_eq!(signed.checkpoint().root(), tree.root(), "{label}");
    let summary = s.verify_ledger(ORIGIN, &[host().verifier()]).await.unwrap().unwrap();
    assert_eq!(summary.entries, n, "{label}");
    assert_eq!(s.audit_all().await.unwrap().len() as u64, n, "{label}: one entry per audit row");
}

/// A store remembers where the ledger ends, to append without reading the
/// tree. Two stores on one database (two servers, or a server and the
/// command line) each find that memory stale after the other's append, and a
/// write transaction that appends and rolls back leaves it ahead of the
/// database. Every append still takes the next position with the right
/// subtree hashes: proofs, checkpoints and the audit rows all agree.
#[tokio::test]
async fn appends_from_two_stores_and_after_a_rollback_keep_the_tree_whole() {
    for db in databases().await {
        let a = &db.store;
        let b = Store::open(&db.url).await.unwrap();
        let tr = actor("TR", Role::JointOffice);
        let ua = unit(a, "TR", "TR-A1").await;
        let ub = unit(&b, "TR", "TR-B1").await;
        for n in 0..5 {
            a.create_person(&tr, &person(&format!("TR-A{n}"), ua).validate().unwrap()).await.unwrap();
            b.create_person(&tr, &person(&format!("TR-B{n}"), ub).validate().unwrap()).await.unwrap();
        }
        let before = a.ledger_size().await.unwrap();
        let txn = a.write().await.unwrap();
        let event = Event {
            action: "test",
            object_type: ittifaq_core::audit::ObjectKind::Agreement,
            object_id: "0".into(),
            object_party: "TR",
            before: None,
            after: None,
        };
        audit::record(&txn, 1_780_000_000_000, &tr, event).await.unwrap();
        txn.rollback().await.unwrap();
        assert_eq!(a.ledger_size().await.unwrap(), before, "{}: a rolled-back append leaves nothing", db.label);
        // The store that rolled back appends next, then the other one.
        a.create_person(&tr, &person("TR-A9", ua).validate().unwrap()).await.unwrap();
        b.create_person(&tr, &person("TR-B9", ub).validate().unwrap()).await.unwrap();
        assert_eq!(a.ledger_size().await.unwrap(), before + 2, "{}", db.label);
        assert_tree_whole(a, db.label).await;
    }
}

/// Two stores appending at once, each from several tasks: every change gets
/// its own position and the tree stays whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_appends_from_two_stores_keep_the_tree_whole() {
    for db in databases().await {
        let b = Store::open(&db.url).await.unwrap();
        let tr = actor("TR", Role::JointOffice);
        let u = unit(&db.store, "TR", "TR-C1").await;
        let before = db.store.ledger_size().await.unwrap();
        let mut tasks = Vec::new();
        for t in 0..8 {
            let s = if t % 2 == 0 { db.store.clone() } else { b.clone() };
            let tr = tr.clone();
            tasks.push(tokio::spawn(async move {
                for n in 0..5 {
                    s.create_person(&tr, &person(&format!("TR-C{t}-{n}"), u).validate().unwrap()).await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(db.store.ledger_size().await.unwrap(), before + 40, "{}", db.label);
        assert_tree_whole(&b, db.label).await;
    }
}

#[tokio::test]
async fn a_damaged_stored_tree_is_found_and_never_signed() {
    let keys = vec![host().verifier()];
    // Another node's hash, written over one: portable SQL for both backends.
    let other = "(SELECT hash FROM (SELECT hash FROM ledger_node WHERE level = 0 AND idx = 0) AS n)";
    // Each case damages what proofs and checkpoints are read from, not the entries.
    let cases: &[(&str, &str)] = &[
        // The largest subtree under the last checkpoint, from which every later root is made.
        ("UPDATE ledger_node SET hash = OTHER WHERE level = TOP AND idx = 0", "subtree hash (TOP, 0)"),
        // A leaf of the unsigned tail.
        ("UPDATE ledger_node SET hash = OTHER WHERE level = 0 AND idx = LAST", "subtree hash (0, LAST)"),
        // A stored leaf hash of the unsigned tail: no checkpoint vouches for it yet.
        ("UPDATE ledger_entry SET leaf_hash = LEAF WHERE seq = LAST", "leaf hash of ledger entry LAST"),
    ];
    for (sql, expected) in cases {
        for db in checkpointed().await {
            let signed = db.store.ledger_size().await.unwrap();
            some_changes_more(&db.store).await;
            let last = db.store.ledger_size().await.unwrap() - 1;
            let top = 63 - signed.leading_zeros();
            let fill = |t: &str| {
                t.replace("OTHER", other)
                    .replace("LEAF", &format!("'{}'", "0".repeat(64)))
                    .replace("LAST", &last.to_string())
                    .replace("TOP", &top.to_string())
            };
            let (sql, expected) = (fill(sql), fill(expected));
            db.store.execute_unprepared(&sql).await.unwrap();
            let text = fault_text(db.store.verify_ledger(ORIGIN, &keys).await.unwrap());
            assert!(text.contains(&expected), "{}: {sql}\n  → {text}", db.label);
            let before = db.store.checkpoints().await.unwrap().len();
            let refused = db.store.issue_checkpoint(ORIGIN, &host()).await;
            assert!(refused.is_err(), "{}: a checkpoint was signed over a damaged tree ({sql})", db.label);
            assert_eq!(db.store.checkpoints().await.unwrap().len(), before, "{}", db.label);
        }
    }
    // A node inside the signed part that no root reads still fails verification.
    for db in checkpointed().await {
        let sql = format!("UPDATE ledger_node SET hash = {other} WHERE level = 1 AND idx = 1");
        db.store.execute_unprepared(&sql).await.unwrap();
        let text = fault_text(db.store.verify_ledger(ORIGIN, &keys).await.unwrap());
        assert!(text.contains("subtree hash (1, 1)"), "{}: {text}", db.label);
    }
}
