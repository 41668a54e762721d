//! Integration tests for the joint audit ledger: RFC test vectors, property tests,
//! the independent Python verifier, checkpoints and tamper detection.

mod entries;
mod notes;
mod proofs;
mod python;
mod tamper;
mod vectors;

use ittifaq_ledger::checkpoint::{Checkpoint, Cosigner, SignedCheckpoint, Signer, witness_cosign, witness_cosign_v1};
use ittifaq_ledger::merkle::{self, HashSource, MemoryTree};
use ittifaq_ledger::{Entry, EntryDraft, Hash};

pub const ORIGIN: &str = "ittifaq.example/ledger";

pub fn host() -> Signer {
    Signer::from_seed("ittifaq.tr/ledger", &[0x11; 32]).expect("host key")
}

pub fn witness() -> Signer {
    Signer::from_seed("ittifaq.sy/witness", &[0x22; 32]).expect("witness key")
}

/// A third-party witness using C2SP tlog-cosignature/v1 (optional extra signer).
pub fn cosigner() -> Cosigner {
    Cosigner::from_seed("witness.example/w1", &[0x33; 32]).expect("cosigner key")
}

pub fn entry(seq: u64) -> Entry {
    EntryDraft {
        seq,
        time_unix_ms: 1_767_225_600_000 + seq as i64 * 1000,
        actor: if seq.is_multiple_of(2) { "ayilmaz" } else { "khaddad" }.into(),
        party: if seq.is_multiple_of(2) { "TR" } else { "SY" }.into(),
        action: "trainee.update".into(),
        object_type: "trainee".into(),
        object_id: format!("t-{}", seq % 7),
        before: (seq > 0).then(|| format!("{{\"score\":{}}}", seq - 1)),
        after: Some(format!("{{\"score\":{seq}}}")),
    }
    .validate()
    .expect("valid entry")
}

pub fn encoded(n: u64) -> Vec<Vec<u8>> {
    (0..n).map(|i| entry(i).encode()).collect()
}

pub fn tree_of(entries: &[Vec<u8>]) -> MemoryTree {
    MemoryTree::from_leaves(entries.iter().map(|e| merkle::leaf_hash(e)))
}

/// Checkpoints at `sizes`, host-signed and witness-cosigned the way the parties
/// would: the witness checks a consistency proof from the last one it holds.
pub fn checkpoints(tree: &MemoryTree, sizes: &[u64]) -> Vec<SignedCheckpoint> {
    let (host, witness) = (host(), witness());
    let mut held: Option<Checkpoint> = None;
    let mut out = Vec::new();
    for &size in sizes {
        let root = merkle::root_at(tree, size).expect("root");
        let cp = Checkpoint::new(ORIGIN, size, root).expect("checkpoint");
        let mut signed = SignedCheckpoint::sign(cp.clone(), &host).expect("sign");
        signed.verify(&[host.verifier()]).expect("witness checks the host signature first");
        let proof: Vec<Hash> = match &held {
            Some(p) => merkle::consistency_proof(tree, p.size(), size).expect("proof"),
            None => Vec::new(),
        };
        let line = witness_cosign(held.as_ref(), &cp, &proof, &witness).expect("cosign");
        signed.add_signature(line).expect("add");
        let time = 1_767_225_600 + size;
        let v1 = witness_cosign_v1(held.as_ref(), &cp, &proof, &cosigner(), time).expect("v1");
        signed.add_signature(v1).expect("add");
        held = Some(cp);
        out.push(signed);
    }
    assert!(tree.size() >= sizes.iter().copied().max().unwrap_or(0));
    out
}

pub fn h(s: &str) -> Hash {
    Hash::from_hex(s).expect("hex")
}
