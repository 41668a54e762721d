//! The crate's single error type; every fallible function returns [`Result`].

/// Shorthand for results carrying the crate [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in this crate. Variants are precise so a caller (or
/// an auditor reading a log line) can tell a malformed input from a failed proof.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    // --- entry encoding ---
    /// The encoded entry ended before a field was complete.
    #[error("entry truncated: needed {needed} more byte(s) at offset {offset}")]
    EntryTruncated { offset: usize, needed: usize },
    /// The encoded entry has bytes after its last field.
    #[error("entry has {count} trailing byte(s) after offset {offset}")]
    EntryTrailingBytes { offset: usize, count: usize },
    /// The entry's format version is not one this crate understands.
    #[error("unsupported entry version {0} (expected 1)")]
    EntryVersion(u8),
    /// A field is longer than its documented limit.
    #[error("entry field `{field}` is {len} bytes, limit is {max}")]
    FieldTooLong { field: &'static str, len: usize, max: usize },
    /// A field is not valid UTF-8.
    #[error("entry field `{field}` is not valid UTF-8")]
    FieldNotUtf8 { field: &'static str },
    /// A field breaks a content rule (empty, bad party code, ...).
    #[error("entry field `{field}` is invalid: {reason}")]
    FieldInvalid { field: &'static str, reason: &'static str },
    /// An optional field's presence byte is neither 0 nor 1.
    #[error("entry field `{field}` has presence byte {byte:#04x} (expected 0x00 or 0x01)")]
    BadPresenceByte { field: &'static str, byte: u8 },

    // --- merkle ---
    /// A leaf index or range lies outside the tree.
    #[error("index {index} out of range for tree size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    /// A requested range or tree size is not valid (e.g. start >= end).
    #[error("invalid range [{start}, {end}) for tree size {size}")]
    InvalidRange { start: u64, end: u64, size: u64 },
    /// An inclusion proof does not lead to the expected root.
    #[error("inclusion proof for leaf {index} in tree of size {size} does not verify")]
    InclusionProofInvalid { index: u64, size: u64 },
    /// A consistency proof does not link the two roots.
    #[error("consistency proof from size {old_size} to {new_size} does not verify")]
    ConsistencyProofInvalid { old_size: u64, new_size: u64 },
    /// A hash given as text is not 64 hex digits.
    #[error("malformed hash: {0}")]
    MalformedHash(&'static str),

    // --- notes / checkpoints ---
    /// The signed note (or checkpoint body) is malformed; `reason` says how.
    #[error("malformed note: {0}")]
    MalformedNote(&'static str),
    /// A checkpoint body is malformed; `line` is 1-based.
    #[error("malformed checkpoint at line {line}: {reason}")]
    MalformedCheckpoint { line: usize, reason: &'static str },
    /// A key name is empty, contains whitespace or '+'.
    #[error("invalid key name {0:?}: must be non-empty, without whitespace or '+'")]
    InvalidKeyName(String),
    /// A verifier or signer key string is malformed.
    #[error("malformed key: {0}")]
    MalformedKey(&'static str),
    /// A required signer did not sign, or its signature does not verify.
    #[error("no valid signature from key {name:?}")]
    SignatureMissing { name: String },
    /// A signature line for a known key (same name and key hash) does not verify.
    #[error("signature by {name:?} does not verify")]
    SignatureInvalid { name: String },
    /// A witness was asked to cosign a checkpoint for a different origin.
    #[error("origin mismatch: witness holds {held:?}, new checkpoint is for {new:?}")]
    OriginMismatch { held: String, new: String },
    /// A witness was asked to cosign a checkpoint smaller than one it holds.
    #[error("checkpoint size went backwards: held {held}, new {new}")]
    SizeRegressed { held: u64, new: u64 },
}
