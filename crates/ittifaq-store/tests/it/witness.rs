//! Witness cosigning and proofs from stored subtree hashes, on both backends:
//! only a non-host party registers a witness key; a cosignature is stored only
//! if it verifies over that exact checkpoint; a forked or rewritten log fails
//! the witness's consistency check; stored proofs equal the in-memory tree's.

use ittifaq_core::Role;
use ittifaq_ledger::checkpoint::{SignedCheckpoint, Signer, witness_cosign};
use ittifaq_ledger::merkle::{self, MemoryTree};
use ittifaq_store::ledger::{Finding, verify_witnesses};
use ittifaq_store::{Store, StoreError};

use crate::support::{actor, databases, person, unit};

const ORIGIN: &str = "ittifaq/tr-sy-2025";

fn host() -> Signer {
    Signer::from_seed("tr-sy-2025-TR", &[7u8; 32]).unwrap()
}

fn witness() -> Signer {
    Signer::from_seed("ittifaq.sy/witness", &[0x22u8; 32]).unwrap()
}

async fn changes(s: &Store, tag: &str, n: usize) {
    let tr = actor("TR", Role::JointOffice);
    let u = unit(s, "TR", &format!("TR-W{tag}")).await;
    for i in 0..n {
        s.create_person(&tr, &person(&format!("TR-W{tag}{i}"), u).validate().unwrap()).await.unwrap();
    }
}

async fn latest(s: &Store) -> (i64, SignedCheckpoint) {
    let c = s.cosigned_checkpoints().await.unwrap().pop().unwrap();
    (c.id, SignedCheckpoint::parse(&c.note).unwrap())
}

#[tokio::test]
async fn only_another_party_registers_a_witness_key_and_its_cosignatures_must_verify() {
    for db in databases().await {
        let s = &db.store;
        let sy = actor("SY", Role::Admin);
        let key = witness().verifier().to_string();
        let host_try = s.register_witness_key(&actor("TR", Role::Admin), &key).await.unwrap_err();
        assert!(
            matches!(host_try, StoreError::Conflict(ref m) if m.to_string().contains("hosts the ledger")),
            "{host_try}"
        );
        let bad = s.register_witness_key(&sy, "not a key").await.unwrap_err();
        assert!(matches!(bad, StoreError::Invalid { ref field, .. } if field == "key"), "{bad}");
        changes(s, "A", 2).await;
        s.issue_checkpoint(ORIGIN, &host()).await.unwrap();
        let (id, cp) = latest(s).await;
        let line = witness_cosign(None, cp.checkpoint(), &[], &witness()).unwrap().to_string();
        // No key registered yet.
        let none = s.add_cosignature(&sy, id, &line).await.unwrap_err();
        assert!(matches!(none, StoreError::Conflict(ref m) if m.to_string().contains("no witness key")), "{none}");
        let before = s.ledger_size().await.unwrap();
        s.register_witness_key(&sy, &key).await.unwrap();
        assert_eq!(s.ledger_size().await.unwrap(), before + 1, "registering a key is in the ledger");

        // Forgeries: another key under the witness's name, a signature over
        // another body, and garbage are all refused and nothing is stored.
        let impostor = Signer::from_seed("ittifaq.sy/witness", &[0x33u8; 32]).unwrap();
        let forged = impostor.sign(&cp.checkpoint().body()).to_string();
        let other_body = cp.checkpoint().body().replace(&format!("\n{}\n", cp.checkpoint().size()), "\n1\n");
        let wrong_body = witness().sign(&other_body).to_string();
        for (line, label) in [(&forged, "impostor"), (&wrong_body, "other body")] {
            let e = s.add_cosignature(&sy, id, line).await.unwrap_err();
            assert!(
                matches!(e, StoreError::Invalid { ref field, ref reason } if field == "cosignature" && reason.to_string().contains("does not verify")),
                "{label}: {e}"
            );
        }
        let e = s.add_cosignature(&sy, id, "— x AAAA").await.unwrap_err();
        assert!(matches!(e, StoreError::Invalid { .. }), "{e}");
        assert!(s.cosignatures().await.unwrap().is_empty(), "{}", db.label);
        let e = s.add_cosignature(&actor("TR", Role::Auditor), id, &line).await.unwrap_err();
        assert!(matches!(e, StoreError::Conflict(_)), "the host cannot witness itself: {e}");
        assert!(matches!(s.add_cosignature(&sy, 9999, &line).await.unwrap_err(), StoreError::NotFound(_)));

        // The genuine cosignature is stored (twice is harmless) and exported.
        let stored = s.add_cosignature(&actor("SY", Role::Auditor), id, &line).await.unwrap();
        assert_eq!(stored.party, "SY");
        s.add_cosignature(&sy, id, &line).await.unwrap();
        assert_eq!(s.cosignatures().await.unwrap().len(), 1);
        let (_, both) = latest(s).await;
        both.verify(&[host().verifier(), witness().verifier()]).unwrap();
        let export = s.export_ledger(ORIGIN, None).await.unwrap();
        assert_eq!(export.witness_keys.len(), 1);
        let pinned = vec![("SY".to_owned(), witness().verifier())];
        let w = verify_witnesses(&export, &pinned, &["SY".into()]).unwrap();
        assert_eq!(w[0].size, Some(cp.checkpoint().size()));
        let missing = verify_witnesses(&export, &pinned, &["TR".into()]).unwrap_err();
        assert!(matches!(missing, Finding::NotWitnessed { ref party, .. } if party == "TR"), "{missing}");
        s.verify_ledger(ORIGIN, &[host().verifier()]).await.unwrap().unwrap();

        // A cosignature swapped in the database is detected: under the witness's
        // key it fails the export check, under another key the stored-row check.
        let swap = |line: &str| format!("UPDATE ledger_cosignature SET line = '{}'", line.replace('\'', "''"));
        s.execute_unprepared(&swap(&wrong_body)).await.unwrap();
        let finding = s.verify_ledger(ORIGIN, &[host().verifier()]).await.unwrap().unwrap_err();
        assert!(finding.to_string().contains("ittifaq.sy/witness"), "{}: {finding}", db.label);
        let export = s.export_ledger(ORIGIN, None).await.unwrap();
        assert!(verify_witnesses(&export, &pinned, &[]).is_err());
        assert!(verify_witnesses(&export, &pinned, &["SY".into()]).is_err());
        s.execute_unprepared(&swap(&forged)).await.unwrap();
        let finding = s.verify_ledger(ORIGIN, &[host().verifier()]).await.unwrap().unwrap_err();
        assert!(matches!(finding, Finding::BadCosignature { ref party, .. } if party == "SY"), "{finding}");
        let export = s.export_ledger(ORIGIN, None).await.unwrap();
        let e = verify_witnesses(&export, &pinned, &["SY".into()]).unwrap_err();
        assert!(matches!(e, Finding::NotWitnessed { .. }), "{e}");
    }
}

#[tokio::test]
async fn a_forked_or_rewritten_log_is_refused_by_the_witness() {
    for db in databases().await {
        let s = &db.store;
        changes(s, "B", 3).await;
        s.issue_checkpoint(ORIGIN, &host()).await.unwrap();
        let (_, held) = latest(s).await;
        let held = held.checkpoint().clone();
        // An honest extension is cosigned.
        changes(s, "C", 2).await;
        s.issue_checkpoint(ORIGIN, &host()).await.unwrap();
        let (_, next) = latest(s).await;
        let proof = s.consistency_proof_hashes(held.size(), next.checkpoint().size()).await.unwrap();
        witness_cosign(Some(&held), next.checkpoint(), &proof, &witness()).unwrap();

        // The host rewrites entry 1 and its leaf hash, recomputes the stored tree,
        // drops its own checkpoints (else signing refuses a tree they contradict),
        // adds changes and signs.
        for sql in [
            "UPDATE ledger_entry SET entry = (SELECT entry FROM ledger_entry WHERE seq = 2) WHERE seq = 1",
            "UPDATE ledger_entry SET leaf_hash = (SELECT leaf_hash FROM ledger_entry WHERE seq = 2) WHERE seq = 1",
            "DELETE FROM ledger_checkpoint",
        ] {
            s.execute_unprepared(sql).await.unwrap();
        }
        s.rebuild_ledger_nodes().await.unwrap();
        changes(s, "D", 1).await;
        s.issue_checkpoint(ORIGIN, &host()).await.unwrap();
        let (_, rewritten) = latest(s).await;
        let proof = s.consistency_proof_hashes(held.size(), rewritten.checkpoint().size()).await.unwrap();
        let refused = witness_cosign(Some(&held), rewritten.checkpoint(), &proof, &witness());
        assert!(refused.is_err(), "{}: a rewritten history was cosigned", db.label);

        // A fork: another database with the same origin answers with its own history.
        let other = databases().await.into_iter().find(|d| d.label == db.label).unwrap();
        changes(&other.store, "E", 6).await;
        other.store.issue_checkpoint(ORIGIN, &host()).await.unwrap();
        let (_, fork) = latest(&other.store).await;
        assert!(fork.checkpoint().size() > held.size());
        let proof = other.store.consistency_proof_hashes(held.size(), fork.checkpoint().size()).await.unwrap();
        assert!(witness_cosign(Some(&held), fork.checkpoint(), &proof, &witness()).is_err(), "{}", db.label);
        // A shrunken log is refused without a proof.
        let smaller = ittifaq_ledger::Checkpoint::new(ORIGIN, held.size() - 1, held.root()).unwrap();
        assert!(witness_cosign(Some(&held), &smaller, &[], &witness()).is_err());
    }
}

#[tokio::test]
async fn proofs_from_stored_subtrees_equal_the_in_memory_trees_for_every_size() {
    for db in databases().await {
        let s = &db.store;
        changes(s, "P", 30).await;
        let export = s.export_ledger(ORIGIN, None).await.unwrap();
        let leaves: Vec<_> = export.entries.iter().map(|e| merkle::leaf_hash(&hex::decode(e).unwrap())).collect();
        let tree = MemoryTree::from_leaves(leaves.iter().copied());
        let n = leaves.len() as u64;
        assert!(n > 32, "{n}");
        let check = |label: &str| format!("{} {label}", db.label);
        for size in 1..=n {
            for i in 0..size {
                let got = s.inclusion_proof_hashes(i, size).await.unwrap();
                assert_eq!(got, merkle::inclusion_proof(&tree, i, size).unwrap(), "{}", check(&format!("{i}/{size}")));
            }
            for m in 0..=size {
                let got = s.consistency_proof_hashes(m, size).await.unwrap();
                assert_eq!(
                    got,
                    merkle::consistency_proof(&tree, m, size).unwrap(),
                    "{}",
                    check(&format!("{m}->{size}"))
                );
            }
        }
        // A checkpoint's root comes from the stored tree too, and a rebuild changes nothing.
        let signed = s.issue_checkpoint(ORIGIN, &host()).await.unwrap();
        assert_eq!(signed.checkpoint().root(), tree.root());
        s.rebuild_ledger_nodes().await.unwrap();
        assert_eq!(s.inclusion_proof_hashes(5, n).await.unwrap(), merkle::inclusion_proof(&tree, 5, n).unwrap());
        assert!(!s.ensure_ledger_nodes().await.unwrap(), "nothing to rebuild");
        s.execute_unprepared(&format!("DELETE FROM ledger_node WHERE level = 0 AND idx = {}", n - 1)).await.unwrap();
        assert!(s.ensure_ledger_nodes().await.unwrap(), "a missing leaf node is rebuilt");
        assert_eq!(s.consistency_proof_hashes(7, n).await.unwrap(), merkle::consistency_proof(&tree, 7, n).unwrap());
    }
}

/// The proofs a mirror of the subtree hashes serves (see `Store::with_node_mirror`)
/// equal the in-memory tree's at every size as the log grows, after a reopen,
/// after a level file is cut short, and when the mirror belongs to another database.
#[tokio::test]
async fn proofs_from_the_node_mirror_equal_the_in_memory_tree_as_the_log_grows() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mirror_dir = dir.path().join("ledger-nodes");
        let s = &db.store.clone().with_node_mirror(&mirror_dir).await.unwrap();
        let label = db.label;
        let mut checked = 0;
        for round in 0..4 {
            changes(s, &format!("M{round}"), 6).await;
            let export = s.export_ledger(ORIGIN, None).await.unwrap();
            let leaves: Vec<_> = export.entries.iter().map(|e| merkle::leaf_hash(&hex::decode(e).unwrap())).collect();
            let tree = MemoryTree::from_leaves(leaves.iter().copied());
            let n = leaves.len() as u64;
            // Asked at the grown size first, the mirror catches up once; smaller sizes are then read from it.
            for size in (checked.max(1)..=n).rev() {
                for i in (0..size).step_by(3) {
                    let got = s.inclusion_proof_hashes(i, size).await.unwrap();
                    assert_eq!(got, merkle::inclusion_proof(&tree, i, size).unwrap(), "{label} {i}/{size}");
                }
                for m in (0..=size).step_by(2) {
                    let got = s.consistency_proof_hashes(m, size).await.unwrap();
                    assert_eq!(got, merkle::consistency_proof(&tree, m, size).unwrap(), "{label} {m}->{size}");
                }
            }
            checked = n;
        }
        let n = s.ledger_size().await.unwrap();
        assert!(std::fs::read_to_string(mirror_dir.join("size")).unwrap().trim().parse::<u64>().unwrap() == n);
        // Filling ahead of any proof copies what the log grew by.
        changes(s, "F", 3).await;
        let grown = s.ledger_size().await.unwrap();
        assert_eq!(s.fill_node_mirror().await.unwrap(), grown, "{label}");
        assert_eq!(std::fs::read_to_string(mirror_dir.join("size")).unwrap().trim(), grown.to_string(), "{label}");
        assert_eq!(db.store.fill_node_mirror().await.unwrap(), 0, "{label}: a store without a mirror fills nothing");
        let n = grown;
        let expect = s.inclusion_proof_hashes(n / 2, n).await.unwrap();

        // Reopened: the recorded size is served again.
        let reopened = db.store.clone().with_node_mirror(&mirror_dir).await.unwrap();
        assert_eq!(reopened.inclusion_proof_hashes(n / 2, n).await.unwrap(), expect, "{label} reopened");

        // A level file cut short (a crash between the copy and its record): the mirror starts again.
        let leaves_file = mirror_dir.join("level-0.bin");
        let len = std::fs::metadata(&leaves_file).unwrap().len();
        std::fs::OpenOptions::new().write(true).open(&leaves_file).unwrap().set_len(len - 40).unwrap();
        let recovered = db.store.clone().with_node_mirror(&mirror_dir).await.unwrap();
        assert_eq!(recovered.inclusion_proof_hashes(n / 2, n).await.unwrap(), expect, "{label} after a cut");
        assert_eq!(std::fs::metadata(&leaves_file).unwrap().len(), len, "{label}: copied again in full");

        // A mirror written for another database (a restored backup, say) is not trusted.
        let other = databases().await.into_iter().find(|d| d.label == label).unwrap();
        changes(&other.store, "X", 5).await;
        let other_n = other.store.ledger_size().await.unwrap();
        let fresh = other.store.inclusion_proof_hashes(1, other_n).await.unwrap();
        let foreign = other.store.clone().with_node_mirror(&mirror_dir).await.unwrap();
        assert_eq!(foreign.inclusion_proof_hashes(1, other_n).await.unwrap(), fresh, "{label} foreign mirror");
    }
}

/// `audit verify` reads the node mirror files too: a hash changed in any
/// level file, or a file cut short, is named; the mirror is not changed by
/// the check, and a directory without a mirror holds nothing to check.
#[tokio::test]
async fn a_damaged_node_mirror_file_is_found_by_the_check() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mirror_dir = dir.path().join("ledger-nodes");
        let s = &db.store.clone().with_node_mirror(&mirror_dir).await.unwrap();
        let label = db.label;
        changes(s, "V", 6).await;
        let n = s.fill_node_mirror().await.unwrap();
        assert!(n >= 8, "{label}: {n}");
        assert!(s.verify_node_mirror(&mirror_dir).await.unwrap().is_ok(), "{label}: a sound mirror verifies");
        assert!(s.verify_node_mirror(&dir.path().join("none")).await.unwrap().is_ok(), "{label}: no mirror");
        for (level, index) in [(0u32, 3u64), (1, 1), (2, 0)] {
            let path = mirror_dir.join(format!("level-{level}.bin"));
            let sound = std::fs::read(&path).unwrap();
            let mut bad = sound.clone();
            bad[index as usize * 32 + 5] ^= 0x40;
            std::fs::write(&path, &bad).unwrap();
            let finding = s.verify_node_mirror(&mirror_dir).await.unwrap().unwrap_err();
            assert!(
                matches!(finding, Finding::MirrorNode { level: l, index: i } if l == level && i == index),
                "{label}: {finding}"
            );
            assert!(finding.to_string().contains("node mirror"), "{finding}");
            assert_eq!(std::fs::read(&path).unwrap(), bad, "{label}: the check changes nothing");
            std::fs::write(&path, &sound).unwrap();
        }
        let leaves_file = mirror_dir.join("level-0.bin");
        let len = std::fs::metadata(&leaves_file).unwrap().len();
        std::fs::OpenOptions::new().write(true).open(&leaves_file).unwrap().set_len(len - 32).unwrap();
        let finding = s.verify_node_mirror(&mirror_dir).await.unwrap().unwrap_err();
        assert!(matches!(finding, Finding::MirrorNode { level: 0, .. }), "{label}: {finding}");
    }
}
