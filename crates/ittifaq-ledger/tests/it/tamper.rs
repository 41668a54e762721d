//! Tamper detection on the pure level: every manipulation of an export is caught and
//! reported with the right fault and index.

use ittifaq_ledger::checkpoint::{Checkpoint, SignedCheckpoint, VerifierKey};
use ittifaq_ledger::verify::{Fault, Summary, leaf_hashes, verify_log};
use ittifaq_ledger::{Entry, EntryDraft, Hash, Signer, merkle};

use crate::{ORIGIN, encoded, host, tree_of, witness};

const SIZES: [u64; 4] = [5, 10, 15, 20];

struct Fixture {
    entries: Vec<Vec<u8>>,
    column: Vec<Hash>,
    cps: Vec<SignedCheckpoint>,
    keys: Vec<VerifierKey>,
}

fn fixture() -> Fixture {
    let entries = encoded(20);
    let tree = tree_of(&entries);
    Fixture {
        column: leaf_hashes(&entries),
        cps: crate::checkpoints(&tree, &SIZES),
        keys: vec![host().verifier(), witness().verifier()],
        entries,
    }
}

impl Fixture {
    fn run(&self, entries: &[Vec<u8>], column: bool) -> Result<Summary, Fault> {
        verify_log(entries, &self.cps, &self.keys, column.then_some(self.column.as_slice()))
    }
}

fn edited(seq: u64, actor: &str) -> Vec<u8> {
    let mut d: EntryDraft = crate::entry(seq).into_draft();
    d.actor = actor.into();
    d.validate().expect("valid").encode()
}

#[test]
fn intact_export_verifies() {
    let f = fixture();
    for column in [false, true] {
        let s = f.run(&f.entries, column).expect("intact");
        assert_eq!(s.entries, 20);
        assert_eq!(s.verified_size, 20);
        assert_eq!(s.unsigned_tail, 0);
        assert_eq!(s.root, merkle::root(&f.column));
        assert_eq!(s.leaf_column_verified_to, column.then_some(20));
        assert_eq!(s.leaf_column_mismatch, None);
    }
    // Entries appended after the last checkpoint are reported as the unsigned tail.
    let mut more = f.entries.clone();
    more.push(crate::entry(20).encode());
    more.push(crate::entry(21).encode());
    let s = f.run(&more, true).expect("tail");
    assert_eq!((s.entries, s.verified_size, s.unsigned_tail), (22, 20, 2));
}

#[test]
fn changed_entry() {
    let f = fixture();
    let mut e = f.entries.clone();
    e[7] = edited(7, "mallory");
    assert!(matches!(f.run(&e, true), Err(Fault::EntryMismatch { index: 7, .. })));
    match f.run(&e, false) {
        Err(Fault::RootMismatch { checkpoint: 1, size: 10, verified_prefix: 5, expected, computed }) => {
            assert_eq!(expected, f.cps[1].checkpoint().root());
            assert_ne!(computed, expected);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn changed_entry_with_column_rewritten_too() {
    // The attacker also rewrites the stored leaf hash: the column then contradicts
    // checkpoint #1, is trusted only up to size 5, and the root check catches it.
    let mut f = fixture();
    f.entries[7] = edited(7, "mallory");
    f.column[7] = merkle::leaf_hash(&f.entries[7]);
    let r = f.run(&f.entries, true);
    assert!(matches!(r, Err(Fault::RootMismatch { checkpoint: 1, verified_prefix: 5, .. })), "{r:?}");
}

#[test]
fn tampered_column_alone_is_reported_not_fatal() {
    let mut f = fixture();
    f.column[12] = Hash([0; 32]);
    let s = f.run(&f.entries, true).expect("entries are intact");
    assert_eq!(s.leaf_column_verified_to, Some(10));
    assert_eq!(s.leaf_column_mismatch, Some(2));
}

#[test]
fn deleted_entry() {
    let f = fixture();
    let mut e = f.entries.clone();
    e.remove(7);
    assert!(matches!(f.run(&e, true), Err(Fault::EntryMismatch { index: 7, .. })));
    assert_eq!(f.run(&e, false), Err(Fault::SequenceMismatch { index: 7, found: 8 }));
}

#[test]
fn reordered_entries() {
    let f = fixture();
    let mut e = f.entries.clone();
    e.swap(11, 13);
    assert!(matches!(f.run(&e, true), Err(Fault::EntryMismatch { index: 11, .. })));
    assert_eq!(f.run(&e, false), Err(Fault::SequenceMismatch { index: 11, found: 13 }));
}

#[test]
fn reordered_and_renumbered_entries() {
    // Swap two entries and fix up their sequence numbers: only the root shows it.
    let f = fixture();
    let mut e = f.entries.clone();
    let renumber = |from: usize, seq: u64| {
        let mut d = Entry::decode(&f.entries[from]).expect("decode").into_draft();
        d.seq = seq;
        d.validate().expect("valid").encode()
    };
    e[11] = renumber(13, 11);
    e[13] = renumber(11, 13);
    assert!(matches!(f.run(&e, true), Err(Fault::EntryMismatch { index: 11, .. })));
    assert!(matches!(f.run(&e, false), Err(Fault::RootMismatch { checkpoint: 2, size: 15, verified_prefix: 10, .. })));
}

#[test]
fn inserted_entry() {
    let f = fixture();
    let mut e = f.entries.clone();
    e.insert(3, edited(3, "intruder"));
    assert!(matches!(f.run(&e, true), Err(Fault::EntryMismatch { index: 3, .. })));
    assert_eq!(f.run(&e, false), Err(Fault::SequenceMismatch { index: 4, found: 3 }));
}

#[test]
fn truncated_export() {
    let f = fixture();
    for keep in [0usize, 3, 15, 17, 19] {
        let expected_cp = SIZES.iter().position(|&s| s > keep as u64).expect("some");
        assert_eq!(
            f.run(&f.entries[..keep], true),
            Err(Fault::Truncated { entries: keep as u64, checkpoint: expected_cp, size: SIZES[expected_cp] }),
            "keep {keep}"
        );
    }
}

#[test]
fn undecodable_entry() {
    let f = fixture();
    let mut e = f.entries.clone();
    e[4][0] = 9;
    assert!(matches!(f.run(&e, true), Err(Fault::EntryUndecodable { index: 4, .. })));
    e[4] = f.entries[4].clone();
    e[9].push(0);
    assert!(matches!(f.run(&e, false), Err(Fault::EntryUndecodable { index: 9, .. })));
}

/// Replace checkpoint #`target`'s witness line by the one from checkpoint #`from`.
fn swap_witness_sig(cps: &[SignedCheckpoint], target: usize, from: usize) -> Vec<SignedCheckpoint> {
    let text = cps[target].to_string();
    let (body, _) = text.split_once("\u{2014} ittifaq.sy/witness").expect("witness line");
    let donor = cps[from].to_string();
    let line = donor.lines().find(|l| l.starts_with("\u{2014} ittifaq.sy/witness")).expect("donor line");
    let mut out = cps.to_vec();
    out[target] = SignedCheckpoint::parse(&format!("{body}{line}\n")).expect("parse");
    out
}

#[test]
fn swapped_checkpoint_signature() {
    let f = fixture();
    let cps = swap_witness_sig(&f.cps, 2, 1);
    let r = verify_log(&f.entries, &cps, &f.keys, None);
    match r {
        Err(Fault::BadSignature { checkpoint: 2, size: 15, ref key, .. }) => assert_eq!(key, "ittifaq.sy/witness"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn checkpoint_missing_witness_signature() {
    let f = fixture();
    let mut cps = f.cps.clone();
    let cp = cps[3].checkpoint().clone();
    cps[3] = SignedCheckpoint::sign(cp, &host()).expect("sign");
    assert!(matches!(verify_log(&f.entries, &cps, &f.keys, None), Err(Fault::BadSignature { checkpoint: 3, .. })));
}

/// A checkpoint both keys signed over a tree the entries do not give.
fn rogue(size: u64, root: Hash, origin: &str) -> SignedCheckpoint {
    let cp = Checkpoint::new(origin, size, root).expect("cp");
    let mut sc = SignedCheckpoint::sign(cp.clone(), &host()).expect("sign");
    sc.add_signature(witness().sign(&cp.body())).expect("add");
    sc
}

#[test]
fn checkpoint_order_origin_and_equivocation() {
    let f = fixture();
    let mut cps = f.cps.clone();
    cps.swap(1, 2);
    assert_eq!(
        verify_log(&f.entries, &cps, &f.keys, None),
        Err(Fault::SizeRegressed { checkpoint: 2, size: 10, previous_size: 15 })
    );
    let mut cps = f.cps.clone();
    cps.insert(2, rogue(10, Hash([1; 32]), ORIGIN));
    assert_eq!(
        verify_log(&f.entries, &cps, &f.keys, None),
        Err(Fault::Equivocation { checkpoint: 2, earlier: 1, size: 10 })
    );
    let mut cps = f.cps.clone();
    cps.push(rogue(20, f.cps[3].checkpoint().root(), "elsewhere/log"));
    assert!(matches!(verify_log(&f.entries, &cps, &f.keys, None), Err(Fault::OriginMismatch { checkpoint: 4, .. })));
    // A validly signed checkpoint over a different tree: the root check names it.
    let mut cps = f.cps.clone();
    cps.insert(2, rogue(12, Hash([2; 32]), ORIGIN));
    assert!(matches!(
        verify_log(&f.entries, &cps, &f.keys, None),
        Err(Fault::RootMismatch { checkpoint: 2, size: 12, verified_prefix: 10, .. })
    ));
}

#[test]
fn no_keys_no_trust() {
    let f = fixture();
    assert_eq!(verify_log(&f.entries, &f.cps, &[], None), Err(Fault::NoTrustedKeys));
    // A key nobody used: its signature is missing everywhere.
    let stranger = Signer::from_seed("x", &[5; 32]).expect("key").verifier();
    assert!(matches!(
        verify_log(&f.entries, &f.cps, &[stranger], None),
        Err(Fault::BadSignature { checkpoint: 0, .. })
    ));
}

#[test]
fn faults_render_readably() {
    let f = fixture();
    let mut e = f.entries.clone();
    e.remove(7);
    let msg = f.run(&e, false).expect_err("fault").to_string();
    assert_eq!(msg, "entry at position 7 carries sequence number 8");
}
