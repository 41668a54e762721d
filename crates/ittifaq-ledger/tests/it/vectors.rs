//! Known-answer tests from the Certificate Transparency reference implementation
//! (google/certificate-transparency `merkle_tree_test.cc`, carried over into
//! transparency-dev/merkle `proof/verify_test.go`).

use ittifaq_ledger::merkle::{self, MemoryTree};

use crate::h;

const LEAVES: [&str; 8] =
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

/// Roots of the trees of the first 1..=8 leaves.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// (leaf index, tree size, path): the reference vectors, with 0-based indexes.
const INCLUSION: &[(u64, u64, &[&str])] = &[
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (0, 1, &[]),
];

/// (old size, new size, proof).
const CONSISTENCY: &[(u64, u64, &[&str])] = &[
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

fn leaf_hashes() -> Vec<ittifaq_ledger::Hash> {
    LEAVES.iter().map(|l| merkle::leaf_hash(&hex::decode(l).expect("hex"))).collect()
}

fn root_of(size: u64) -> ittifaq_ledger::Hash {
    if size == 0 { h(EMPTY) } else { h(ROOTS[size as usize - 1]) }
}

#[test]
fn empty_and_sized_roots() {
    assert_eq!(merkle::empty_root(), h(EMPTY));
    assert_eq!(merkle::root(&[]), h(EMPTY));
    let leaves = leaf_hashes();
    let tree = MemoryTree::from_leaves(leaves.iter().copied());
    let mut frontier = merkle::Frontier::new();
    for n in 1..=8u64 {
        frontier.push(leaves[n as usize - 1]);
        assert_eq!(merkle::root(&leaves[..n as usize]), root_of(n), "root {n}");
        assert_eq!(merkle::root_at(&tree, n), Ok(root_of(n)), "tree {n}");
        assert_eq!(frontier.root(), root_of(n), "frontier {n}");
    }
}

#[test]
fn inclusion_vectors_generate_and_verify() {
    let leaves = leaf_hashes();
    let tree = MemoryTree::from_leaves(leaves.iter().copied());
    for &(index, size, path) in INCLUSION {
        let want: Vec<_> = path.iter().map(|p| h(p)).collect();
        let got = merkle::inclusion_proof(&tree, index, size).expect("proof");
        assert_eq!(got, want, "PATH({index}, D[{size}])");
        let leaf = leaves[index as usize];
        assert_eq!(
            merkle::verify_inclusion(index, size, &leaf, &want, &root_of(size)),
            Ok(()),
            "verify {index}/{size}"
        );
        // Reference verifier's corruptions: wrong index / size / leaf / root.
        let root = root_of(size);
        for (i, s) in
            [(index.wrapping_sub(1), size), (index + 1, size), (index ^ 2, size), (index, size * 2), (index, size / 2)]
        {
            assert!(merkle::verify_inclusion(i, s, &leaf, &want, &root).is_err(), "accepted index {i} size {s}");
        }
        assert!(merkle::verify_inclusion(index, size, &h(EMPTY), &want, &root).is_err());
        assert!(merkle::verify_inclusion(index, size, &leaf, &want, &h(EMPTY)).is_err());
        let mut longer = want.clone();
        longer.push(root);
        assert!(merkle::verify_inclusion(index, size, &leaf, &longer, &root).is_err());
        let mut prefixed = vec![root];
        prefixed.extend_from_slice(&want);
        assert!(merkle::verify_inclusion(index, size, &leaf, &prefixed, &root).is_err());
    }
}

#[test]
fn consistency_vectors_generate_and_verify() {
    let tree = MemoryTree::from_leaves(leaf_hashes());
    for &(old, new, path) in CONSISTENCY {
        let want: Vec<_> = path.iter().map(|p| h(p)).collect();
        let got = merkle::consistency_proof(&tree, old, new).expect("proof");
        assert_eq!(got, want, "PROOF({old}, D[{new}])");
        let (r1, r2) = (root_of(old), root_of(new));
        assert_eq!(merkle::verify_consistency(old, new, &r1, &r2, &want), Ok(()));
        if want.is_empty() {
            continue;
        }
        assert!(merkle::verify_consistency(old, new, &r2, &r1, &want).is_err());
        assert!(merkle::verify_consistency(old, new, &r1, &r2, &[]).is_err());
        assert!(merkle::verify_consistency(old - 1, new, &r1, &r2, &want).is_err());
        assert!(merkle::verify_consistency(old + 1, new, &r1, &r2, &want).is_err());
        assert!(merkle::verify_consistency(old, new * 2, &r1, &r2, &want).is_err());
        assert!(merkle::verify_consistency(old, new / 2, &r1, &r2, &want).is_err());
        let mut longer = want.clone();
        longer.push(r1);
        assert!(merkle::verify_consistency(old, new, &r1, &r2, &longer).is_err());
        assert!(merkle::verify_consistency(old, new, &r1, &r2, &want[..want.len() - 1]).is_err());
    }
}

/// Edge cases of the reference verifier's `TestVerifyConsistencyProof`.
#[test]
fn consistency_edge_cases() {
    let (a, b, e) = (h(ROOTS[0]), h(ROOTS[1]), h(EMPTY));
    assert!(merkle::verify_consistency(0, 0, &a, &b, &[]).is_err());
    assert!(merkle::verify_consistency(1, 1, &a, &b, &[]).is_err());
    assert!(merkle::verify_consistency(0, 0, &a, &a, &[]).is_ok());
    assert!(merkle::verify_consistency(0, 1, &a, &b, &[]).is_ok());
    assert!(merkle::verify_consistency(1, 1, &b, &b, &[]).is_ok());
    assert!(merkle::verify_consistency(1, 0, &a, &b, &[]).is_err());
    assert!(merkle::verify_consistency(2, 1, &a, &b, &[]).is_err());
    assert!(merkle::verify_consistency(1, 2, &a, &b, &[]).is_err());
    assert!(merkle::verify_consistency(0, 0, &e, &e, &[e]).is_err());
    assert!(merkle::verify_consistency(0, 1, &e, &e, &[e]).is_err());
    assert!(merkle::verify_consistency(1, 1, &e, &e, &[e]).is_err());
}
