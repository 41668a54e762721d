//! Offline verification of a ledger export: re-hash every encoded entry, rebuild the
//! tree in a streaming [`Frontier`], and check it against each signed checkpoint,
//! reporting the first [`Fault`] precisely (which entry, which checkpoint).
//!
//! Checkpoint roots that all match the one recomputed tree are necessarily
//! consistent with each other, so no separate consistency proofs are needed here;
//! size order, origin and equivocation (same size, different root) are checked
//! explicitly because they point at the signer rather than at storage.

use std::fmt;

use crate::checkpoint::{SignedCheckpoint, VerifierKey};
use crate::entry::Entry;
use crate::error::Error;
use crate::hash::Hash;
use crate::merkle::{self, Frontier};

/// The first problem found in an export. Indexes are 0-based; `checkpoint` is the
/// position in the checkpoint list passed to [`verify_log`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// No verifier keys were given, so nothing could be trusted.
    NoTrustedKeys,
    /// A checkpoint lacks a valid signature from a required key (missing, or a
    /// signature line for that key that does not verify).
    BadSignature { checkpoint: usize, size: u64, key: String, error: Box<Error> },
    /// A checkpoint names a different log than the first checkpoint.
    OriginMismatch { checkpoint: usize, expected: String, found: String },
    /// Checkpoints must be given in non-decreasing size order.
    SizeRegressed { checkpoint: usize, size: u64, previous_size: u64 },
    /// Two validly signed checkpoints of the same size disagree on the root: the
    /// signers published a fork.
    Equivocation { checkpoint: usize, earlier: usize, size: u64 },
    /// Entry bytes do not decode under the canonical format.
    EntryUndecodable { index: u64, error: Box<Error> },
    /// The entry's leaf hash differs from the recorded leaf hash column, which the
    /// signed checkpoints authenticate: this entry was altered (or moved).
    EntryMismatch { index: u64, expected: Hash, computed: Hash },
    /// An entry's sequence number is not its position (deleted, inserted or
    /// reordered entries).
    SequenceMismatch { index: u64, found: u64 },
    /// The tree recomputed from the entries does not have the signed root. Entries
    /// before `verified_prefix` are covered by an earlier matching checkpoint, so
    /// the altered entry lies in `verified_prefix..size`.
    RootMismatch { checkpoint: usize, size: u64, expected: Hash, computed: Hash, verified_prefix: u64 },
    /// The export ends before the size of a signed checkpoint.
    Truncated { entries: u64, checkpoint: usize, size: u64 },
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::NoTrustedKeys => write!(f, "no verifier keys given"),
            Fault::BadSignature { checkpoint, size, key, error } => {
                write!(f, "checkpoint #{checkpoint} (size {size}): signature of {key:?} not valid: {error}")
            }
            Fault::OriginMismatch { checkpoint, expected, found } => {
                write!(f, "checkpoint #{checkpoint} is for origin {found:?}, expected {expected:?}")
            }
            Fault::SizeRegressed { checkpoint, size, previous_size } => {
                write!(f, "checkpoint #{checkpoint} has size {size}, smaller than the previous {previous_size}")
            }
            Fault::Equivocation { checkpoint, earlier, size } => {
                write!(f, "checkpoints #{earlier} and #{checkpoint} both sign size {size} with different roots")
            }
            Fault::EntryUndecodable { index, error } => {
                write!(f, "entry {index} does not decode: {error}")
            }
            Fault::EntryMismatch { index, expected, computed } => {
                write!(f, "entry {index} was altered: leaf hash {computed}, recorded {expected}")
            }
            Fault::SequenceMismatch { index, found } => {
                write!(f, "entry at position {index} carries sequence number {found}")
            }
            Fault::RootMismatch { checkpoint, size, expected, computed, verified_prefix } => write!(
                f,
                "checkpoint #{checkpoint} (size {size}) signs root {expected} but the entries give \
                 {computed}; an entry in {verified_prefix}..{size} was altered"
            ),
            Fault::Truncated { entries, checkpoint, size } => {
                write!(f, "export has {entries} entries but checkpoint #{checkpoint} signs size {size}")
            }
        }
    }
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Entries read.
    pub entries: u64,
    /// Root of the tree of all entries read.
    pub root: Hash,
    /// Size of the largest checkpoint: entries below it are signed by every key.
    pub verified_size: u64,
    /// Entries after the last checkpoint (valid encoding, not yet signed).
    pub unsigned_tail: u64,
    /// How far the supplied leaf hash column is authenticated by checkpoints
    /// (`None` when no column was given).
    pub leaf_column_verified_to: Option<u64>,
    /// Index of the first checkpoint the leaf hash column disagrees with: the column
    /// itself was tampered with (the entries may still be intact).
    pub leaf_column_mismatch: Option<usize>,
}

/// Verify an export offline.
///
/// * `entries`: the canonical encodings, in ledger order.
/// * `checkpoints`: signed checkpoints of this log, in non-decreasing size order.
/// * `keys`: every key that must have signed each checkpoint (host and witness).
/// * `leaf_column`: optional leaf hashes recorded at append time. It is trusted
///   only up to the largest checkpoint whose root it reproduces; within that
///   prefix the first altered entry is named exactly ([`Fault::EntryMismatch`]),
///   beyond it a change shows as [`Fault::RootMismatch`] on the first covering
///   checkpoint.
///
/// Checks run in this order, and the first failure is returned: checkpoint
/// signatures, origins, size order and equivocation; then, streaming through the
/// entries, decoding, the leaf column, sequence numbers and each checkpoint root as
/// its size is reached; finally truncation.
pub fn verify_log<I, B>(
    entries: I,
    checkpoints: &[SignedCheckpoint],
    keys: &[VerifierKey],
    leaf_column: Option<&[Hash]>,
) -> Result<Summary, Fault>
where
    I: IntoIterator<Item = B>,
    B: AsRef<[u8]>,
{
    check_checkpoints(checkpoints, keys)?;
    let (column_ok, column_mismatch) = leaf_column.map_or((0, None), |col| authenticate_column(col, checkpoints));
    let column = leaf_column.unwrap_or_default();

    let mut frontier = Frontier::new();
    let mut next_cp = 0usize;
    let mut verified_prefix = 0u64;
    check_roots_at(&frontier, checkpoints, &mut next_cp, &mut verified_prefix)?;
    for (index, bytes) in (0u64..).zip(entries) {
        let bytes = bytes.as_ref();
        let seq = Entry::check(bytes).map_err(|e| Fault::EntryUndecodable { index, error: Box::new(e) })?;
        let leaf = merkle::leaf_hash(bytes);
        if index < column_ok {
            let expected = usize::try_from(index).ok().and_then(|i| column.get(i)).copied().unwrap_or_default();
            if expected != leaf {
                return Err(Fault::EntryMismatch { index, expected, computed: leaf });
            }
        }
        if seq != index {
            return Err(Fault::SequenceMismatch { index, found: seq });
        }
        frontier.push(leaf);
        check_roots_at(&frontier, checkpoints, &mut next_cp, &mut verified_prefix)?;
    }
    if let Some(cp) = checkpoints.get(next_cp) {
        return Err(Fault::Truncated { entries: frontier.size(), checkpoint: next_cp, size: cp.checkpoint().size() });
    }
    Ok(Summary {
        entries: frontier.size(),
        root: frontier.root(),
        verified_size: verified_prefix,
        unsigned_tail: frontier.size() - verified_prefix,
        leaf_column_verified_to: leaf_column.map(|_| column_ok),
        leaf_column_mismatch: column_mismatch,
    })
}

/// The largest checkpoint size cosigned by a witness `key`, or `None` when no
/// checkpoint carries its signature. A line that names the key but does not
/// verify is a [`Fault::BadSignature`]: a forged or damaged cosignature is an
/// error, not an absence. Checkpoints are otherwise checked by [`check_checkpoints`].
pub fn witnessed_size(checkpoints: &[SignedCheckpoint], key: &VerifierKey) -> Result<Option<u64>, Fault> {
    let mut witnessed = None;
    for (i, sc) in checkpoints.iter().enumerate() {
        match sc.note().verify(key) {
            Ok(()) => witnessed = witnessed.max(Some(sc.checkpoint().size())),
            Err(Error::SignatureMissing { .. }) => {}
            Err(e) => {
                return Err(Fault::BadSignature {
                    checkpoint: i,
                    size: sc.checkpoint().size(),
                    key: key.name().to_owned(),
                    error: Box::new(e),
                });
            }
        }
    }
    Ok(witnessed)
}

/// Signature, origin, order and equivocation checks: everything about the
/// checkpoints that needs no entries.
pub fn check_checkpoints(checkpoints: &[SignedCheckpoint], keys: &[VerifierKey]) -> Result<(), Fault> {
    if keys.is_empty() {
        return Err(Fault::NoTrustedKeys);
    }
    let mut prev: Option<(usize, &SignedCheckpoint)> = None;
    for (i, sc) in checkpoints.iter().enumerate() {
        let cp = sc.checkpoint();
        for key in keys {
            sc.note().verify(key).map_err(|e| Fault::BadSignature {
                checkpoint: i,
                size: cp.size(),
                key: key.name().to_owned(),
                error: Box::new(e),
            })?;
        }
        if let Some((j, p)) = prev {
            let pc = p.checkpoint();
            if pc.origin() != cp.origin() {
                return Err(Fault::OriginMismatch {
                    checkpoint: i,
                    expected: pc.origin().to_owned(),
                    found: cp.origin().to_owned(),
                });
            }
            if cp.size() < pc.size() {
                return Err(Fault::SizeRegressed { checkpoint: i, size: cp.size(), previous_size: pc.size() });
            }
            if cp.size() == pc.size() && cp.root() != pc.root() {
                return Err(Fault::Equivocation { checkpoint: i, earlier: j, size: cp.size() });
            }
        }
        prev = Some((i, sc));
    }
    Ok(())
}

/// Check every checkpoint whose size equals the frontier's current size.
fn check_roots_at(
    frontier: &Frontier,
    checkpoints: &[SignedCheckpoint],
    next_cp: &mut usize,
    verified_prefix: &mut u64,
) -> Result<(), Fault> {
    let mut root = None;
    while let Some(sc) = checkpoints.get(*next_cp) {
        let cp = sc.checkpoint();
        if cp.size() != frontier.size() {
            break;
        }
        // O(log n) per root, computed once even if several checkpoints share a size.
        let computed = *root.get_or_insert_with(|| frontier.root());
        if computed != cp.root() {
            return Err(Fault::RootMismatch {
                checkpoint: *next_cp,
                size: cp.size(),
                expected: cp.root(),
                computed,
                verified_prefix: *verified_prefix,
            });
        }
        *verified_prefix = cp.size();
        *next_cp += 1;
    }
    Ok(())
}

/// How much of the leaf hash column the checkpoints vouch for: the largest
/// checkpoint size whose root it reproduces (all earlier ones matching too), and
/// the index of the first checkpoint it contradicts, if any.
fn authenticate_column(column: &[Hash], checkpoints: &[SignedCheckpoint]) -> (u64, Option<usize>) {
    let mut f = Frontier::new();
    let mut verified = 0u64;
    for (i, sc) in checkpoints.iter().enumerate() {
        let cp = sc.checkpoint();
        if cp.size() > column.len() as u64 {
            break;
        }
        while f.size() < cp.size() {
            match usize::try_from(f.size()).ok().and_then(|k| column.get(k)) {
                Some(h) => f.push(*h),
                None => return (verified, None),
            }
        }
        if f.root() != cp.root() {
            return (verified, Some(i));
        }
        verified = cp.size();
    }
    (verified, None)
}

/// Leaf hashes of encoded entries: the column to record at append time.
pub fn leaf_hashes<I, B>(entries: I) -> Vec<Hash>
where
    I: IntoIterator<Item = B>,
    B: AsRef<[u8]>,
{
    entries.into_iter().map(|b| merkle::leaf_hash(b.as_ref())).collect()
}
