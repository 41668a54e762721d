//! Property tests: every generated proof verifies, and any single flipped bit in a
//! proof, or a wrong index, fails.

use ittifaq_ledger::merkle::{self, MemoryTree};
use ittifaq_ledger::{Entry, Hash};
use proptest::prelude::*;

fn tree(n: u64, salt: u8) -> MemoryTree {
    MemoryTree::from_leaves((0..n).map(|i| {
        let mut d = i.to_be_bytes().to_vec();
        d.push(salt);
        merkle::leaf_hash(&d)
    }))
}

fn flip(proof: &[Hash], pick: usize, byte: usize, bit: u8) -> Vec<Hash> {
    let mut p = proof.to_vec();
    let i = pick % p.len();
    p[i].0[byte % 32] ^= 1 << (bit % 8);
    p
}

/// Exhaustive for small trees: all indices, all old sizes.
#[test]
fn all_proofs_verify_up_to_64() {
    let t = tree(64, 0);
    for n in 1..=64 {
        let root = merkle::root_at(&t, n).expect("root");
        for i in 0..n {
            let leaf = merkle::HashSource::leaf_hash(&t, i).expect("leaf");
            let p = merkle::inclusion_proof(&t, i, n).expect("proof");
            assert_eq!(merkle::verify_inclusion(i, n, &leaf, &p, &root), Ok(()));
        }
        for m in 0..=n {
            let old = merkle::root_at(&t, m).expect("root");
            let p = merkle::consistency_proof(&t, m, n).expect("proof");
            assert_eq!(merkle::verify_consistency(m, n, &old, &root, &p), Ok(()), "{m}->{n}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn inclusion_all_indices(n in 1u64..=300, salt: u8) {
        let t = tree(n, salt);
        let root = t.root();
        for i in 0..n {
            let leaf = merkle::HashSource::leaf_hash(&t, i).expect("leaf");
            let p = merkle::inclusion_proof(&t, i, n).expect("proof");
            prop_assert!(merkle::verify_inclusion(i, n, &leaf, &p, &root).is_ok());
            if i + 1 < n {
                prop_assert!(merkle::verify_inclusion(i + 1, n, &leaf, &p, &root).is_err());
            }
        }
    }

    #[test]
    fn inclusion_flipped_bit_fails(n in 2u64..=300, i in any::<u64>(), pick: usize, byte: usize, bit: u8) {
        let t = tree(n, 1);
        let i = i % n;
        let leaf = merkle::HashSource::leaf_hash(&t, i).expect("leaf");
        let p = merkle::inclusion_proof(&t, i, n).expect("proof");
        let bad = flip(&p, pick, byte, bit);
        prop_assert!(merkle::verify_inclusion(i, n, &leaf, &bad, &t.root()).is_err());
    }

    #[test]
    fn consistency_random_pairs(n in 1u64..=300, m in any::<u64>(), pick: usize, byte: usize, bit: u8) {
        let t = tree(n, 2);
        let m = m % (n + 1);
        let (old, new) = (merkle::root_at(&t, m).expect("root"), t.root());
        let p = merkle::consistency_proof(&t, m, n).expect("proof");
        prop_assert!(merkle::verify_consistency(m, n, &old, &new, &p).is_ok());
        if !p.is_empty() {
            let bad = flip(&p, pick, byte, bit);
            prop_assert!(merkle::verify_consistency(m, n, &old, &new, &bad).is_err());
        }
    }

    /// Decoding arbitrary bytes never panics; whatever decodes re-encodes exactly
    /// (the encoding is canonical).
    #[test]
    fn decode_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(e) = Entry::decode(&bytes) {
            prop_assert_eq!(e.encode(), bytes);
        }
    }

    /// Mutating one byte of a valid encoding either fails to decode or decodes to a
    /// different entry with a different leaf hash: no silent aliasing.
    #[test]
    fn mutated_encoding_changes_leaf(seq in 0u64..1000, pos: usize, val: u8) {
        let e = crate::entry(seq);
        let mut b = e.encode();
        let pos = pos % b.len();
        prop_assume!(b[pos] != val);
        b[pos] = val;
        if let Ok(d) = Entry::decode(&b) {
            prop_assert_ne!(d.leaf_hash(), e.leaf_hash());
        }
    }
}
