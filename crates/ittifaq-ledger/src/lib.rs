//! The Ittifaq joint audit ledger: a tamper-evident, append-only record of audit events
//! that both MoU parties can verify offline, built on the RFC 9162 Merkle tree and C2SP
//! signed-note checkpoints. Layers, bottom up: [`hash`], [`entry`], [`merkle`],
//! [`checkpoint`], [`verify`]; storage plugs in later through [`merkle::HashSource`].

pub mod checkpoint;
pub mod entry;
pub mod error;
pub mod hash;
pub mod merkle;
pub mod verify;

pub use checkpoint::{
    Checkpoint, Cosigner, Note, SignatureLine, SignedCheckpoint, Signer, VerifierKey, witness_cosign, witness_cosign_v1,
};
pub use entry::{Entry, EntryDraft};
pub use error::{Error, Result};
pub use hash::Hash;
pub use merkle::{Frontier, HashSource, MemoryTree, NodeMap};
pub use verify::{Fault, Summary, verify_log};
