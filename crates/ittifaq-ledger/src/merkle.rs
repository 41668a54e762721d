//! RFC 6962 / RFC 9162 Merkle tree: hashing, tree heads, inclusion and consistency
//! proofs (generation and verification), an in-memory tree that answers proofs with
//! O(log n) lookups, and an O(log n)-memory [`Frontier`] for streaming roots.
//!
//! Proof generation is written against [`HashSource`] so a database-backed store can
//! serve proofs later from its own stored node hashes.

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::hash::Hash;

/// Domain-separation prefix for leaves (RFC 6962 §2.1), so a leaf can never be
/// confused with an interior node (second-preimage defence).
pub const LEAF_PREFIX: u8 = 0x00;
/// Domain-separation prefix for interior nodes.
pub const NODE_PREFIX: u8 = 0x01;

/// `SHA-256(0x00 || data)`: the hash of one leaf.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([LEAF_PREFIX]);
    h.update(data);
    Hash(h.finalize().into())
}

/// `SHA-256(0x01 || left || right)`: the hash of an interior node.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    // One contiguous 65-byte input on the stack; node hashing is the inner loop of
    // every tree operation, so keep it to a single `digest` call.
    let mut buf = [0u8; 65];
    buf[0] = NODE_PREFIX;
    buf[1..33].copy_from_slice(&left.0);
    buf[33..].copy_from_slice(&right.0);
    Hash(Sha256::digest(buf).into())
}

/// The root of the empty tree: SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Hash(Sha256::digest([]).into())
}

/// Largest power of two strictly less than `n` (the RFC's `k`); `n` must be >= 2.
fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// Merkle Tree Hash (RFC 9162 §2.1.1) of a list of leaf hashes.
///
/// Computed with a [`Frontier`] (n - 1 node hashes, no recursion); the unit tests
/// check it against a literal transcription of the RFC's recursive definition.
pub fn root(leaves: &[Hash]) -> Hash {
    let mut f = Frontier::new();
    for l in leaves {
        f.push(*l);
    }
    f.root()
}

/// Where proof generation gets hashes from: the in-memory [`MemoryTree`] now, a
/// database table of stored nodes later.
pub trait HashSource {
    /// Number of leaves available.
    fn size(&self) -> u64;

    /// Leaf hash at `index` (`index < size()`).
    fn leaf_hash(&self, index: u64) -> Result<Hash>;

    /// Merkle Tree Hash of leaves `[start, end)`, `start < end <= size()`.
    ///
    /// The default recomputes from leaf hashes (O(end - start)); stores that keep
    /// interior nodes should override it.
    fn subtree_hash(&self, start: u64, end: u64) -> Result<Hash> {
        check_range(start, end, self.size())?;
        let n = end - start;
        if n == 1 {
            return self.leaf_hash(start);
        }
        let k = split_point(n);
        Ok(node_hash(&self.subtree_hash(start, start + k)?, &self.subtree_hash(start + k, end)?))
    }
}

fn check_range(start: u64, end: u64, size: u64) -> Result<()> {
    if start >= end || end > size {
        return Err(Error::InvalidRange { start, end, size });
    }
    Ok(())
}

/// A plain slice of leaf hashes is a (slow, O(n) per subtree) source; handy in tests
/// and as a reference for faster sources.
impl HashSource for [Hash] {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn leaf_hash(&self, index: u64) -> Result<Hash> {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.get(i))
            .copied()
            .ok_or(Error::IndexOutOfRange { index, size: self.len() as u64 })
    }
}

/// Root of the tree formed by the first `size` leaves of `src` (any historical size).
pub fn root_at<S: HashSource + ?Sized>(src: &S, size: u64) -> Result<Hash> {
    if size == 0 {
        return Ok(empty_root());
    }
    src.subtree_hash(0, size)
}

/// Inclusion proof (audit path) for leaf `index` in the tree of the first `size`
/// leaves, per RFC 9162 §2.1.3.1 `PATH`, ordered from the leaf's sibling upwards.
pub fn inclusion_proof<S: HashSource + ?Sized>(src: &S, index: u64, size: u64) -> Result<Vec<Hash>> {
    if size > src.size() {
        return Err(Error::InvalidRange { start: 0, end: size, size: src.size() });
    }
    if index >= size {
        return Err(Error::IndexOutOfRange { index, size });
    }
    // Walk down from the root; the RFC's recursion appends on the way back up, so
    // the collected path is reversed at the end.
    let (mut lo, mut n, mut m) = (0u64, size, index);
    let mut path = Vec::with_capacity(64);
    while n > 1 {
        let k = split_point(n);
        if m < k {
            path.push(src.subtree_hash(lo + k, lo + n)?);
            n = k;
        } else {
            path.push(src.subtree_hash(lo, lo + k)?);
            lo += k;
            m -= k;
            n -= k;
        }
    }
    path.reverse();
    Ok(path)
}

/// Consistency proof between the trees of the first `old_size` and `new_size`
/// leaves, per RFC 9162 §2.1.4.1 (`PROOF` / `SUBPROOF`). Empty when
/// `old_size == 0` or `old_size == new_size`.
pub fn consistency_proof<S: HashSource + ?Sized>(src: &S, old_size: u64, new_size: u64) -> Result<Vec<Hash>> {
    if new_size > src.size() || old_size > new_size {
        return Err(Error::InvalidRange { start: old_size, end: new_size, size: src.size() });
    }
    if old_size == 0 || old_size == new_size {
        return Ok(Vec::new());
    }
    let (mut lo, mut n, mut m, mut whole) = (0u64, new_size, old_size, true);
    let mut path = Vec::with_capacity(64);
    loop {
        if m == n {
            // The old tree is a whole subtree here; its hash is only needed when the
            // verifier cannot already know it (i.e. it is not the old root itself).
            if !whole {
                path.push(src.subtree_hash(lo, lo + n)?);
            }
            break;
        }
        let k = split_point(n);
        if m <= k {
            path.push(src.subtree_hash(lo + k, lo + n)?);
            n = k;
        } else {
            path.push(src.subtree_hash(lo, lo + k)?);
            lo += k;
            m -= k;
            n -= k;
            whole = false;
        }
    }
    path.reverse();
    Ok(path)
}

/// Recompute the root implied by an inclusion proof (RFC 9162 §2.1.3.2, steps 1-4).
pub fn root_from_inclusion_proof(index: u64, size: u64, leaf: &Hash, proof: &[Hash]) -> Result<Hash> {
    if index >= size {
        return Err(Error::IndexOutOfRange { index, size });
    }
    let bad = Error::InclusionProofInvalid { index, size };
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if sn == 0 {
            return Err(bad);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(bad);
    }
    Ok(r)
}

/// Verify an inclusion proof against a trusted root (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> Result<()> {
    if root_from_inclusion_proof(index, size, leaf, proof)? == *root {
        Ok(())
    } else {
        Err(Error::InclusionProofInvalid { index, size })
    }
}

/// Verify that the tree of `new_size` leaves with `new_root` extends the tree of
/// `old_size` leaves with `old_root` (RFC 9162 §2.1.4.2).
///
/// Edge cases follow the reference verifier: equal sizes need equal roots and an
/// empty proof; the empty tree is consistent with every tree (empty proof).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<()> {
    let bad = Error::ConsistencyProofInvalid { old_size, new_size };
    if old_size > new_size {
        return Err(bad);
    }
    if old_size == new_size {
        return if proof.is_empty() && old_root == new_root { Ok(()) } else { Err(bad) };
    }
    if old_size == 0 {
        return if proof.is_empty() { Ok(()) } else { Err(bad) };
    }
    // Step 2: when the old tree is a perfect left subtree the proof omits its root,
    // because the verifier already holds it.
    let (first, rest) = if old_size.is_power_of_two() {
        (*old_root, proof)
    } else {
        match proof.split_first() {
            Some((f, r)) => (*f, r),
            None => return Err(bad),
        }
    };
    let (mut fn_, mut sn) = (old_size - 1, new_size - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (first, first);
    for c in rest {
        if sn == 0 {
            return Err(bad);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn == 0 && fr == *old_root && sr == *new_root { Ok(()) } else { Err(bad) }
}

/// In-memory Merkle tree keeping every complete subtree hash: `levels[h][i]` is the
/// root of the perfect subtree of `2^h` leaves starting at leaf `i * 2^h`.
///
/// Any subtree the RFC algorithms ask for decomposes into O(log n) of these, so
/// roots at any historical size and proofs cost O(log n) lookups plus O(log n)
/// hashes for the ragged right edge. Memory is about 2 × 32 bytes per leaf.
#[derive(Debug, Clone, Default)]
pub struct MemoryTree {
    levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Build from leaf hashes.
    pub fn from_leaves<I: IntoIterator<Item = Hash>>(leaves: I) -> Self {
        let mut t = Self::new();
        for l in leaves {
            t.push(l);
        }
        t
    }

    /// Append one leaf hash; amortised O(1) node hashes.
    pub fn push(&mut self, leaf: Hash) {
        let mut h = 0;
        let mut node = leaf;
        loop {
            if self.levels.len() == h {
                self.levels.push(Vec::new());
            }
            let level = &mut self.levels[h];
            level.push(node);
            let n = level.len();
            // An even count means the last two nodes just became a complete pair.
            if !n.is_multiple_of(2) {
                break;
            }
            node = node_hash(&level[n - 2], &level[n - 1]);
            h += 1;
        }
    }

    /// Number of leaves.
    pub fn len(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// True when no leaf has been added.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Root of the whole tree.
    pub fn root(&self) -> Hash {
        // Cannot fail: the size is always in range.
        root_at(self, self.len()).unwrap_or_else(|_| empty_root())
    }

    fn stored(&self, height: u32, index: u64) -> Option<Hash> {
        let level = self.levels.get(usize::try_from(height).ok()?)?;
        level.get(usize::try_from(index).ok()?).copied()
    }
}

impl HashSource for MemoryTree {
    fn size(&self) -> u64 {
        self.len()
    }

    fn leaf_hash(&self, index: u64) -> Result<Hash> {
        self.stored(0, index).ok_or(Error::IndexOutOfRange { index, size: self.len() })
    }

    fn subtree_hash(&self, start: u64, end: u64) -> Result<Hash> {
        check_range(start, end, self.len())?;
        let n = end - start;
        if n.is_power_of_two() && start.is_multiple_of(n) {
            let h = n.trailing_zeros();
            return self.stored(h, start >> h).ok_or(Error::InvalidRange { start, end, size: self.len() });
        }
        let k = split_point(n);
        Ok(node_hash(&self.subtree_hash(start, start + k)?, &self.subtree_hash(start + k, end)?))
    }
}

/// A [`HashSource`] over stored perfect-subtree hashes keyed by `(level, index)`
/// (the subtree of `2^level` leaves starting at leaf `index << level`), as a
/// database keeps them. Used in two passes: run an operation on an empty map to
/// learn which nodes it needs ([`NodeMap::missing`]), fetch exactly those, insert
/// them and run it again. Any root or proof needs O(log n) nodes.
#[derive(Debug, Default)]
pub struct NodeMap {
    size: u64,
    nodes: std::collections::HashMap<(u32, u64), Hash>,
    missing: std::cell::RefCell<std::collections::BTreeSet<(u32, u64)>>,
}

impl NodeMap {
    /// An empty map over a tree of `size` leaves.
    pub fn new(size: u64) -> Self {
        NodeMap { size, ..Default::default() }
    }

    /// Adds the stored hash of node `(level, index)`.
    pub fn insert(&mut self, level: u32, index: u64, hash: Hash) {
        self.nodes.insert((level, index), hash);
    }

    /// The nodes asked for but not present, so far.
    pub fn missing(&self) -> Vec<(u32, u64)> {
        self.missing.borrow().iter().copied().collect()
    }

    /// Forgets which nodes were missing (before a second pass).
    pub fn clear_missing(&self) {
        self.missing.borrow_mut().clear();
    }

    fn node(&self, level: u32, index: u64) -> Hash {
        match self.nodes.get(&(level, index)) {
            Some(h) => *h,
            None => {
                self.missing.borrow_mut().insert((level, index));
                Hash([0; 32])
            }
        }
    }

    /// Runs `op` twice if needed: first to collect the nodes it needs, which
    /// `fetch` returns (`(level, index, hash)`), then on the filled map.
    pub fn two_pass<T, E>(
        size: u64,
        op: impl Fn(&NodeMap) -> Result<T>,
        fetch: impl FnOnce(&[(u32, u64)]) -> std::result::Result<Vec<(u32, u64, Hash)>, E>,
    ) -> std::result::Result<Result<T>, E> {
        let mut map = NodeMap::new(size);
        let first = op(&map);
        let wanted = map.missing();
        if wanted.is_empty() {
            return Ok(first);
        }
        for (level, index, hash) in fetch(&wanted)? {
            map.insert(level, index, hash);
        }
        map.clear_missing();
        let second = op(&map);
        if let Some(&(level, index)) = map.missing.borrow().iter().next() {
            return Ok(Err(Error::InvalidRange { start: index << level, end: (index + 1) << level, size }));
        }
        Ok(second)
    }
}

impl HashSource for NodeMap {
    fn size(&self) -> u64 {
        self.size
    }

    fn leaf_hash(&self, index: u64) -> Result<Hash> {
        if index >= self.size {
            return Err(Error::IndexOutOfRange { index, size: self.size });
        }
        Ok(self.node(0, index))
    }

    fn subtree_hash(&self, start: u64, end: u64) -> Result<Hash> {
        check_range(start, end, self.size)?;
        let n = end - start;
        if n.is_power_of_two() && start.is_multiple_of(n) {
            let h = n.trailing_zeros();
            return Ok(self.node(h, start >> h));
        }
        let k = split_point(n);
        Ok(node_hash(&self.subtree_hash(start, start + k)?, &self.subtree_hash(start + k, end)?))
    }
}

/// The perfect subtrees completed by appending `leaf` at position `index`:
/// `(level, index, hash)` from the leaf up. `left_of(level, i)` gives the stored
/// hash of node `(level, i)`, the left sibling of each completed pair.
pub fn completed_nodes<E>(
    index: u64,
    leaf: Hash,
    mut left_of: impl FnMut(u32, u64) -> std::result::Result<Hash, E>,
) -> std::result::Result<Vec<(u32, u64, Hash)>, E> {
    let mut out = vec![(0, index, leaf)];
    let (mut level, mut i, mut node) = (0u32, index, leaf);
    while i % 2 == 1 {
        node = node_hash(&left_of(level, i - 1)?, &node);
        level += 1;
        i /= 2;
        out.push((level, i, node));
    }
    Ok(out)
}

/// Compact range over a growing log: the roots of the perfect subtrees that make up
/// the current size (one per set bit), largest first. Appending is O(log n) worst
/// case (amortised O(1)) and the root is available at every size, so a verifier can
/// stream an export of any length in O(log n) memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    nodes: Vec<Hash>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// The frontier of the first `size` leaves of a source, to resume streaming
    /// from a stored tree instead of from leaf 0.
    pub fn from_source<S: HashSource + ?Sized>(src: &S, size: u64) -> Result<Self> {
        if size > src.size() {
            return Err(Error::InvalidRange { start: 0, end: size, size: src.size() });
        }
        let mut nodes = Vec::new();
        let mut lo = 0u64;
        for bit in (0..64).rev() {
            let w = 1u64 << bit;
            if size & w != 0 {
                nodes.push(src.subtree_hash(lo, lo + w)?);
                lo += w;
            }
        }
        Ok(Frontier { size, nodes })
    }

    /// Number of leaves appended.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Append a leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        self.add(leaf, |_, _, _| {});
    }

    /// Appends a leaf hash and returns the perfect subtrees it completes,
    /// `(level, index, hash)` from the leaf up, as [`completed_nodes`] gives
    /// them, with the left siblings taken from the frontier itself: a log that
    /// stores its subtree hashes learns what to store without reading any.
    pub fn append(&mut self, leaf: Hash) -> Vec<(u32, u64, Hash)> {
        let mut out = Vec::new();
        self.add(leaf, |level, i, node| out.push((level, i, node)));
        out
    }

    /// Appends a leaf, telling `completed` each perfect subtree it completes
    /// (the streaming verifier's [`Frontier::push`] allocates nothing).
    fn add(&mut self, leaf: Hash, mut completed: impl FnMut(u32, u64, Hash)) {
        completed(0, self.size, leaf);
        let (mut level, mut i, mut node) = (0u32, self.size, leaf);
        // Each trailing 1-bit of the old size is a perfect subtree of the same
        // height as the node being carried: merge them, like binary addition.
        while i % 2 == 1 {
            let Some(left) = self.nodes.pop() else { break }; // unreachable: one node per set bit
            node = node_hash(&left, &node);
            level += 1;
            i /= 2;
            completed(level, i, node);
        }
        self.nodes.push(node);
        self.size += 1;
    }

    /// Root of the tree of all leaves appended so far.
    pub fn root(&self) -> Hash {
        let mut it = self.nodes.iter().rev();
        match it.next() {
            None => empty_root(),
            Some(last) => it.fold(*last, |acc, left| node_hash(left, &acc)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9162 §2.1.1 MTH, literally recursive, as the reference for faster code.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split_point(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn split_points() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(u64::MAX), 1 << 63);
    }

    #[test]
    fn frontier_append_gives_the_nodes_each_leaf_completes() {
        let ls = leaves(70);
        let tree = MemoryTree::from_leaves(ls.iter().copied());
        let mut f = Frontier::new();
        for (i, l) in ls.iter().enumerate() {
            let i = i as u64;
            let want = completed_nodes(i, *l, |level, idx| tree.stored(level, idx).ok_or((level, idx)));
            assert_eq!(Ok(f.append(*l)), want, "leaf {i}");
            assert_eq!(f.size(), i + 1);
        }
    }

    #[test]
    fn all_root_algorithms_agree() {
        let ls = leaves(70);
        let tree = MemoryTree::from_leaves(ls.iter().copied());
        let mut f = Frontier::new();
        assert_eq!(f.root(), empty_root());
        for n in 0..=70u64 {
            let want = mth(&ls[..n as usize]);
            assert_eq!(root(&ls[..n as usize]), want, "root {n}");
            assert_eq!(root_at(&tree, n), Ok(want), "tree {n}");
            assert_eq!(root_at(&ls[..], n), Ok(want), "slice {n}");
            assert_eq!(f.root(), want, "frontier {n}");
            assert_eq!(Frontier::from_source(&tree, n).as_ref(), Ok(&f));
            if let Some(l) = ls.get(n as usize) {
                f.push(*l);
            }
        }
    }

    #[test]
    fn memory_tree_matches_slice_source_for_proofs() {
        let ls = leaves(37);
        let tree = MemoryTree::from_leaves(ls.iter().copied());
        for n in 1..=37 {
            for i in 0..n {
                assert_eq!(inclusion_proof(&tree, i, n), inclusion_proof(&ls[..], i, n));
            }
            for m in 0..=n {
                assert_eq!(consistency_proof(&tree, m, n), consistency_proof(&ls[..], m, n));
            }
        }
    }

    #[test]
    fn node_map_answers_like_the_memory_tree_in_two_passes() {
        let ls = leaves(45);
        let tree = MemoryTree::from_leaves(ls.iter().copied());
        let mut stored = std::collections::HashMap::new();
        let mut stack: Vec<Hash> = Vec::new();
        for (i, l) in ls.iter().enumerate() {
            let done = completed_nodes(i as u64, *l, |_, _| stack.pop().ok_or(())).unwrap();
            stack.push(done.last().unwrap().2);
            for (lv, ix, h) in done {
                stored.insert((lv, ix), h);
            }
        }
        let fetch = |w: &[(u32, u64)]| -> std::result::Result<Vec<(u32, u64, Hash)>, ()> {
            Ok(w.iter().map(|&(l, i)| (l, i, stored[&(l, i)])).collect())
        };
        for n in 1..=45u64 {
            assert_eq!(NodeMap::two_pass(n, |m| root_at(m, n), fetch).unwrap(), root_at(&tree, n));
            for i in 0..n {
                let p = NodeMap::two_pass(n, |m| inclusion_proof(m, i, n), fetch).unwrap();
                assert_eq!(p, inclusion_proof(&tree, i, n));
            }
            for m in 0..=n {
                let p = NodeMap::two_pass(n, |s| consistency_proof(s, m, n), fetch).unwrap();
                assert_eq!(p, consistency_proof(&tree, m, n));
            }
        }
    }

    #[test]
    fn out_of_range_is_an_error() {
        let tree = MemoryTree::from_leaves(leaves(5));
        assert!(inclusion_proof(&tree, 5, 5).is_err());
        assert!(inclusion_proof(&tree, 0, 6).is_err());
        assert!(consistency_proof(&tree, 3, 6).is_err());
        assert!(consistency_proof(&tree, 4, 3).is_err());
        assert!(tree.subtree_hash(3, 3).is_err());
        assert!(tree.leaf_hash(9).is_err());
        assert!(Frontier::from_source(&tree, 6).is_err());
        assert!(verify_inclusion(0, 0, &empty_root(), &[], &empty_root()).is_err());
    }
}
