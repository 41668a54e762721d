//! Entry serde form, and robustness of verification against arbitrary input.

use ittifaq_ledger::verify::{Fault, verify_log};
use ittifaq_ledger::{Entry, Error, Hash};
use proptest::prelude::*;

use crate::{encoded, host, tree_of, witness};

#[test]
fn serde_round_trip_validates() {
    let e = crate::entry(3);
    let json = serde_json::to_string(&e).expect("serialize");
    assert!(json.contains("\"party\":\"SY\""), "{json}");
    let back: Entry = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, e);
    // Deserializing goes through validation: a lower-case party code is refused.
    let bad = json.replace("\"SY\"", "\"sy\"");
    assert!(serde_json::from_str::<Entry>(&bad).is_err());
    let h: Hash = serde_json::from_str(&format!("\"{}\"", e.leaf_hash())).expect("hash");
    assert_eq!(h, e.leaf_hash());
}

#[test]
fn over_long_snapshot_rejected_on_both_paths() {
    let mut d = crate::entry(0).into_draft();
    d.after = Some("x".repeat(ittifaq_ledger::entry::MAX_SNAPSHOT_FIELD + 1));
    assert!(matches!(d.validate(), Err(Error::FieldTooLong { field: "after", .. })));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Arbitrary bytes in place of entry `i` never panic the verifier; they are
    /// reported at index `i` or earlier-detected nowhere else.
    #[test]
    fn verify_log_total_on_garbage(
        i in 0usize..12,
        junk in proptest::collection::vec(any::<u8>(), 0..160),
    ) {
        let entries = encoded(12);
        let tree = tree_of(&entries);
        let cps = crate::checkpoints(&tree, &[6, 12]);
        let keys = [host().verifier(), witness().verifier()];
        let mut bad = entries.clone();
        prop_assume!(bad[i] != junk);
        bad[i] = junk;
        let r = verify_log(&bad, &cps, &keys, None);
        let index_ok = match &r {
            Err(Fault::EntryUndecodable { index, .. })
            | Err(Fault::SequenceMismatch { index, .. }) => *index == i as u64,
            Err(Fault::RootMismatch { checkpoint, .. }) => *checkpoint == usize::from(i >= 6),
            _ => false,
        };
        prop_assert!(index_ok, "{:?}", r);
    }

    /// `Entry::check` (the verifier's non-allocating path) accepts and rejects
    /// exactly what `Entry::decode` does, with the same error.
    #[test]
    fn check_agrees_with_decode(
        i in 0usize..12,
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = encoded(12)[i].clone();
        let p = pos.index(bytes.len());
        bytes[p] = byte;
        for candidate in [bytes.clone(), bytes[..cut.index(bytes.len() + 1)].to_vec()] {
            let decoded = Entry::decode(&candidate).map(|e| e.seq());
            prop_assert_eq!(Entry::check(&candidate), decoded);
        }
    }
}
