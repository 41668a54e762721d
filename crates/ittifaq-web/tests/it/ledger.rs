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
    // An auditor gets no entry's content: it holds the audit row's values in
    // full, which the audit views release to an auditor only in part.
    assert_eq!(withheld, n, "an auditor reads hashes and proofs only");
    // The own party's joint office reads its own entries' content.
    let office = app.token("TR", Role::JointOffice).await;
    let mut own = 0;
    for seq in 0..n {
        let e = app.json("GET", &format!("/api/v1/ledger/entries/{seq}"), Some(&office), "").await.json();
        if let Some(bytes) = e["entry"].as_str() {
            let leaf = Hash::from_hex(e["leaf_hash"].as_str().unwrap()).unwrap();
            assert_eq!(merkle::leaf_hash(&hex::decode(bytes).unwrap()), leaf);
            own += 1;
        }
    }
    assert!(own > 0 && own < n, "{own} of {n}");
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

#[tokio::test]
async fn the_other_party_registers_its_witness_key_and_cosigns_and_forgeries_are_refused() {
    use ittifaq_ledger::checkpoint::witness_cosign;
    let app = App::new().await;
    let witness = Signer::from_seed("ittifaq.sy/witness", &[0x22u8; 32]).unwrap();
    let host_key = Signer::from_seed("tr-sy-2025-TR", &[5u8; 32]).unwrap().verifier();
    let sy_admin = app.token("SY", Role::Admin).await;
    let sy_auditor = app.token("SY", Role::Auditor).await;
    let tr_admin = app.token("TR", Role::Admin).await;
    let body = serde_json::json!({"key": witness.verifier().to_string()}).to_string();
    let host_try = app.json("POST", "/api/v1/ledger/witness-keys", Some(&tr_admin), &body).await;
    assert_eq!(host_try.status, 409, "{}", host_try.body);
    let reg = app.json("POST", "/api/v1/ledger/witness-keys", Some(&sy_admin), &body).await;
    assert_eq!(reg.status, 201, "{}", reg.body);
    assert_eq!(reg.json()["party"], "SY");
    let bad = app.json("POST", "/api/v1/ledger/witness-keys", Some(&sy_admin), r#"{"key": "nope"}"#).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let listed = app.json("GET", "/api/v1/ledger/witness-keys", Some(&sy_auditor), "").await;
    assert_eq!(listed.json().as_array().unwrap().len(), 1);

    let issued = app.json("POST", "/api/v1/ledger/checkpoints", Some(&sy_auditor), "").await;
    assert_eq!(issued.status, 201, "{}", issued.body);
    let latest = app.json("GET", "/api/v1/ledger/checkpoint", Some(&sy_auditor), "").await.json();
    let id = latest["id"].as_i64().unwrap();
    let cp = SignedCheckpoint::parse(latest["note"].as_str().unwrap()).unwrap();
    cp.verify(std::slice::from_ref(&host_key)).unwrap();
    let line = witness_cosign(None, cp.checkpoint(), &[], &witness).unwrap().to_string();

    // A forged cosignature (another key under the witness's name) is rejected.
    let impostor = Signer::from_seed("ittifaq.sy/witness", &[0x44u8; 32]).unwrap();
    let forged = impostor.sign(&cp.checkpoint().body()).to_string();
    let post = |line: String, id: i64| serde_json::json!({"checkpoint_id": id, "cosignature": line}).to_string();
    let r = app.json("POST", "/api/v1/ledger/cosign", Some(&sy_auditor), &post(forged, id)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("does not verify"), "{}", r.body);
    // The host's auditor cannot witness its own log.
    let r = app
        .json("POST", "/api/v1/ledger/cosign", Some(&app.token("TR", Role::Auditor).await), &post(line.clone(), id))
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = app.json("POST", "/api/v1/ledger/cosign", Some(&sy_auditor), &post(line.clone(), id + 100)).await;
    assert_eq!(r.status, 404, "{}", r.body);
    // The genuine one is stored, and the checkpoint now carries both signatures.
    let r = app.json("POST", "/api/v1/ledger/cosign", Some(&sy_auditor), &post(line.clone(), id)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let both = app.json("GET", "/api/v1/ledger/checkpoint", Some(&sy_auditor), "").await.json();
    let both = SignedCheckpoint::parse(both["note"].as_str().unwrap()).unwrap();
    both.verify(&[host_key, witness.verifier()]).unwrap();
    let page = app.get("/ledger", Some(&sy_auditor)).await;
    assert!(page.body.contains("SY: \u{2014} ittifaq.sy/witness"), "{}", page.body);
    assert!(page.body.contains("\u{2014} tr-sy-2025-TR"), "the host's signature is shown too");
    assert!(page.body.contains("verified:"), "{}", page.body);
}
