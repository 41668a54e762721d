//! Checkpoints as signed notes, witness cosigning and verifier keys.

use ittifaq_ledger::checkpoint::{Checkpoint, Note, SignedCheckpoint, VerifierKey, witness_cosign};
use ittifaq_ledger::merkle;
use ittifaq_ledger::{Error, Hash};
use proptest::prelude::*;

use crate::{ORIGIN, encoded, host, tree_of, witness};

#[test]
fn checkpoint_note_round_trip_and_both_signatures() {
    let tree = tree_of(&encoded(10));
    let cps = crate::checkpoints(&tree, &[4, 10]);
    let keys = [host().verifier(), witness().verifier()];
    for sc in &cps {
        let text = sc.to_string();
        let body = sc.checkpoint().body();
        assert!(text.starts_with(&format!("{ORIGIN}\n{}\n", sc.checkpoint().size())));
        assert!(text.contains(&format!("{body}\n\u{2014} ittifaq.tr/ledger ")));
        assert!(text.contains("\n\u{2014} ittifaq.sy/witness "));
        let parsed = SignedCheckpoint::parse(&text).expect("parse");
        assert_eq!(&parsed, sc);
        assert_eq!(parsed.verify(&keys), Ok(()));
    }
}

#[test]
fn verifier_key_string_round_trip() {
    let v = host().verifier();
    let s = v.to_string();
    let parts: Vec<&str> = s.splitn(3, '+').collect();
    assert_eq!(parts[0], "ittifaq.tr/ledger");
    assert_eq!(parts[1].len(), 8);
    assert_eq!(VerifierKey::parse(&s), Ok(v.clone()));
    assert_eq!(ittifaq_ledger::checkpoint::key_hash("ittifaq.tr/ledger", 1, &v.public_key()), v.key_hash());
}

#[test]
fn unknown_signers_ignored_missing_required_reported() {
    let tree = tree_of(&encoded(3));
    let cp = Checkpoint::new(ORIGIN, 3, tree.root()).expect("cp");
    let sc = SignedCheckpoint::sign(cp, &host()).expect("sign");
    assert_eq!(sc.verify(&[host().verifier()]), Ok(()));
    assert_eq!(
        sc.verify(&[host().verifier(), witness().verifier()]),
        Err(Error::SignatureMissing { name: "ittifaq.sy/witness".into() })
    );
}

#[test]
fn signature_from_wrong_key_under_right_name_rejected() {
    let tree = tree_of(&encoded(3));
    let cp = Checkpoint::new(ORIGIN, 3, tree.root()).expect("cp");
    let mut sc = SignedCheckpoint::sign(cp.clone(), &host()).expect("sign");
    // A different key claiming the witness name has a different key hash, so it is
    // an unknown signer, and the witness signature is reported missing.
    let impostor = ittifaq_ledger::Signer::from_seed("ittifaq.sy/witness", &[0x99; 32]).expect("key");
    sc.add_signature(impostor.sign(&cp.body())).expect("add");
    assert!(matches!(sc.verify(&[witness().verifier()]), Err(Error::SignatureMissing { .. })));
}

#[test]
fn witness_refuses_inconsistent_or_regressing_checkpoints() {
    let tree = tree_of(&encoded(20));
    let w = witness();
    let cp = |n: u64| Checkpoint::new(ORIGIN, n, merkle::root_at(&tree, n).expect("root")).expect("cp");
    let (c5, c12) = (cp(5), cp(12));
    let proof = merkle::consistency_proof(&tree, 5, 12).expect("proof");
    assert!(witness_cosign(Some(&c5), &c12, &proof, &w).is_ok());
    // A forked log: same size 12, different root.
    let forked = Checkpoint::new(ORIGIN, 12, Hash([0xee; 32])).expect("cp");
    assert_eq!(
        witness_cosign(Some(&c5), &forked, &proof, &w),
        Err(Error::ConsistencyProofInvalid { old_size: 5, new_size: 12 })
    );
    assert_eq!(witness_cosign(Some(&c12), &c5, &[], &w), Err(Error::SizeRegressed { held: 12, new: 5 }));
    let other = Checkpoint::new("other.example/log", 12, c12.root()).expect("cp");
    assert!(matches!(witness_cosign(Some(&c5), &other, &proof, &w), Err(Error::OriginMismatch { .. })));
    // Same size and root: nothing to prove.
    assert!(witness_cosign(Some(&c12), &c12, &[], &w).is_ok());
    // First contact: trust on first use, no proof expected.
    assert!(witness_cosign(None, &c12, &[], &w).is_ok());
    assert!(witness_cosign(None, &c12, &proof, &w).is_err());
}

proptest! {
    /// The note parser never panics, whatever text it gets.
    #[test]
    fn note_parser_total(s in "(\\PC|\n|\u{2014}| ){0,200}") {
        let _ = Note::parse(&s);
        let _ = SignedCheckpoint::parse(&s);
        let _ = VerifierKey::parse(&s);
        let _ = ittifaq_ledger::Signer::parse(&s);
    }

    /// Mutating one byte of a valid checkpoint note (as long as it stays UTF-8) is
    /// either rejected by the parser or fails verification.
    #[test]
    fn mutated_note_fails(pos: usize, val in 0x20u8..0x7f) {
        let tree = tree_of(&encoded(6));
        let sc = &crate::checkpoints(&tree, &[6])[0];
        let mut b = sc.to_string().into_bytes();
        let pos = pos % b.len();
        prop_assume!(b[pos] != val && b[pos].is_ascii());
        b[pos] = val;
        if let Ok(s) = String::from_utf8(b)
            && let Ok(p) = SignedCheckpoint::parse(&s)
        {
            let ok = p.verify(&[host().verifier(), witness().verifier()]).is_ok();
            // A change confined to an unknown signer's part is not a failure,
            // but both required signatures must then still be the originals.
            prop_assert!(!ok || p.checkpoint() == sc.checkpoint());
        }
    }
}

/// The checkpoint example of `docs/ledger-format.md`: the tree of the two entry
/// vectors, signed by the documented example keys (Ed25519 is deterministic).
#[test]
fn documented_checkpoint_example() {
    let leaves = [
        crate::h("401a650a72a6d1e2fed1b8bb9495280e1b74fd72a0cb2b5286c18064e692c20f"),
        crate::h("a8956bbe195ef162c9cb6ffe1a727401b4490b921cd44594335724f81f58eb2e"),
    ];
    let root = merkle::root(&leaves);
    let cp = Checkpoint::new(ORIGIN, 2, root).expect("cp");
    let mut sc = SignedCheckpoint::sign(cp.clone(), &host()).expect("sign");
    sc.add_signature(witness_cosign(None, &cp, &[], &witness()).expect("cosign")).expect("add");
    let text = sc.to_string();
    assert_eq!(root, crate::h("1d1be4e4f4c53a34a1cd077476323449eadeea1ba23fadfeb269925bead62f03"));
    assert_eq!(
        host().verifier().to_string(),
        "ittifaq.tr/ledger+c7d9268f+AdBKsjJ0K7SrOhNovUYV5ObQIkq3GgFrr4UgozLJd4c3"
    );
    assert_eq!(
        witness().verifier().to_string(),
        "ittifaq.sy/witness+f09e5f13+AaCapfR6Z1mAL/lV+NwtKhSlyZ0jvpf4ZBJ/+Tg0VaTw"
    );
    assert_eq!(text, DOC_EXAMPLE);
}

// Checked independently by tests/verifier.py's pure-Python Ed25519 (RFC 8032).
const DOC_EXAMPLE: &str = "ittifaq.example/ledger\n\
2\n\
HRvk5PTFOjShzQd0djI0Sere6huiP63+smmSW+rWLwM=\n\
\n\
\u{2014} ittifaq.tr/ledger x9kmj7lgcNOZSYkRQDx0P57JgkLlLVaRtPK4UPrxByFOuqlX5lw1LF1ywz2CSu153ZxUew1x/8YDpMxvJbDH/7dAfwo=\n\
\u{2014} ittifaq.sy/witness 8J5fEyEznH6EYfxtTmroZtFGr3tQtPnHRfZOCw8ITj3+XZmCKa1DlKCSf2RFKW8FQBDVIEEUUcrChQnTVSpHcQEUswU=\n";
