//! The ledger over HTTP: a checkpoint on demand, entries with inclusion proofs
//! and consistency proofs that verify against the signed roots, the other
//! party's entries without their content, and the auditors' page.

use ittifaq_core::Role;
use ittifaq_ledger::checkpoint::{SignedCheckpoint, Signer};
use ittifaq_ledger::hash::Hash;
use ittifaq_ledger::merkle;

use crate::support::App;

fn hashes(v: &serde_json::Value) -> Vec<Hash> {
    v.as_array().unwrap().iter().map(|h| Hash::from_hex(h.as_str().unwrap()).unwrap()).collect()
}

#[tokio::test]
async fn proofs_from_the_api_verify_against_the_signed_checkpoints() {
    let app = App::new().await;
    let token = app.token("TR", Role::Auditor).await;
    let key = Signer::from_seed("tr-sy-2025-TR", &[5u8; 32]).unwrap().verifier();
    let first = app.json("POST", "/api/v1/ledger/checkpoints", Some(&token), "").await;
    assert_eq!(first.status, 201, "{}", first.body);
    let first = SignedCheckpoint::parse(first.json()["note"].as_str().unwrap()).unwrap();
    first.verify(std::slice::from_ref(&key)).unwrap();
    // More changes, a second checkpoint, and the proof that it extends the first.
    app.new_person("TR").await;
    app.new_person("SY").await;
    let second = app.json("POST", "/api/v1/ledger/checkpoints", Some(&token), "").await;
    let second = SignedCheckpoint::parse(second.json()["note"].as_str().unwrap()).unwrap();
    let (m, n) = (first.checkpoint().size(), second.checkpoint().size());
    assert!(n > m);
    let latest = app.json("GET", "/api/v1/ledger/checkpoint", Some(&token), "").await;
    assert_eq!(latest.json()["size"].as_i64().unwrap() as u64, n);
    let c = app.json("GET", &format!("/api/v1/ledger/consistency?first={m}&second={n}"), Some(&token), "").await;
    assert_eq!(c.status, 200, "{}", c.body);
    merkle::verify_consistency(
        m,
        n,
        &first.checkpoint().root(),
        &second.checkpoint().root(),
        &hashes(&c.json()["proof"]),
    )
    .unwrap();
    // Every entry's inclusion proof verifies against the latest root.
    let mut withheld = 0;
    for seq in 0..n {
        let e = app.json("GET", &format!("/api/v1/ledger/entries/{seq}"), Some(&token), "").await;
        assert_eq!(e.status, 200, "{}", e.body);
        let e = e.json();
        let leaf = Hash::from_hex(e["leaf_hash"].as_str().unwrap()).unwrap();
        merkle::verify_inclusion(seq, n, &leaf, &hashes(&e["proof"]), &second.checkpoint().root()).unwrap();
        match e["entry"].as_str() {
            Some(bytes) => assert_eq!(merkle::leaf_hash(&hex::decode(bytes).unwrap()), leaf),
            None => withheld += 1,
        }
    }
    assert!(withheld > 0, "SY's records reach TR as hashes only");
    assert_eq!(app.json("GET", &format!("/api/v1/ledger/entries/{n}"), Some(&token), "").await.status, 404);
    assert_eq!(app.json("GET", "/api/v1/ledger/consistency?first=5&second=2", Some(&token), "").await.status, 422);
    // The auditors' page says the database verifies.
    let page = app.get("/ledger", Some(&token)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("verified:"), "{}", page.body);
    // … and says so no longer once a row is rewritten underneath.
    app.store.execute_unprepared("UPDATE audit_log SET actor = 'someone.else' WHERE id = 3").await.unwrap();
    let page = app.get("/ledger", Some(&token)).await;
    assert!(page.body.contains("VERIFICATION FAILED"), "{}", page.body);
    assert!(page.body.contains("audit row 3"));
}
