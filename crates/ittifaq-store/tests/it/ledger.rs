//! The joint audit ledger in the database, on both backends: every change is
//! appended in the same transaction; checkpoints verify; and a row changed,
//! deleted, reordered or inserted directly in the database, a truncated log or a
//! swapped signature is detected and named.

use ittifaq_core::Role;
use ittifaq_ledger::checkpoint::Signer;
use ittifaq_store::ledger::Finding;
use ittifaq_store::{Store, StoreError};

use crate::support::{actor, databases, person, unit};

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
