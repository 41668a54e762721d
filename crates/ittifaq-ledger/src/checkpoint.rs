//! Checkpoints (signed tree heads) in the C2SP `tlog-checkpoint` format, carried in
//! C2SP `signed-note`s with Ed25519 signatures, plus witness cosigning.
//!
//! The witness may cosign in either of two ways, both verified by [`VerifierKey`]:
//! a plain Ed25519 note signature (type 0x01, [`witness_cosign`] with a [`Signer`]),
//! or a C2SP `tlog-cosignature/v1` (type 0x04, timestamped, [`witness_cosign_v1`]
//! with a [`Cosigner`]), which public witness networks understand. Either way the
//! witness signs only after checking a consistency proof from the last checkpoint
//! it holds.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::Signer as _;
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::hash::Hash;
use crate::merkle;

/// Signature type byte of Ed25519 in C2SP signed-note.
pub const ALG_ED25519: u8 = 0x01;
/// Signature type byte of C2SP tlog-cosignature/v1 (timestamped Ed25519).
pub const ALG_COSIGNATURE_V1: u8 = 0x04;
/// Most signature lines accepted on one note (the Go reference's limit).
pub const MAX_SIGNATURES: usize = 100;
/// Largest note accepted by the parser; checkpoints are a few hundred bytes.
pub const MAX_NOTE_LEN: usize = 1 << 20;
/// Prefix of every signature line: U+2014 EM DASH and a space.
pub const SIG_PREFIX: &str = "\u{2014} ";

/// First 4 bytes of `SHA-256(name || 0x0A || alg || public key)`: the key ID that
/// lets a verifier find the right key without trying them all.
pub fn key_hash(name: &str, alg: u8, public_key: &[u8]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', alg]);
    h.update(public_key);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// Key names: non-empty, no Unicode whitespace, no '+' (it separates key fields).
fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.contains('+') || name.chars().any(char::is_whitespace) {
        return Err(Error::InvalidKeyName(name.to_owned()));
    }
    Ok(())
}

fn hex4(b: [u8; 4]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn parse_hex4(s: &str) -> Option<[u8; 4]> {
    if s.len() != 8 || !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok().map(u32::to_be_bytes)
}

/// An Ed25519 key under a note key name, of one signature type: what a
/// [`Signer`] and a [`Cosigner`] share.
#[derive(Clone)]
struct NamedKey {
    name: String,
    alg: u8,
    key_hash: [u8; 4],
    key: SigningKey,
}

impl NamedKey {
    fn new(name: &str, alg: u8, key: SigningKey) -> Result<Self> {
        check_name(name)?;
        let key_hash = key_hash(name, alg, key.verifying_key().as_bytes());
        Ok(NamedKey { name: name.to_owned(), alg, key_hash, key })
    }

    // Never print key material.
    fn debug(&self, f: &mut fmt::Formatter<'_>, what: &str) -> fmt::Result {
        f.debug_struct(what).field("name", &self.name).field("key_hash", &hex4(self.key_hash)).finish_non_exhaustive()
    }

    fn verifier(&self) -> VerifierKey {
        VerifierKey { name: self.name.clone(), alg: self.alg, key_hash: self.key_hash, key: self.key.verifying_key() }
    }
}

/// The accessors a signing key offers, written once for both kinds.
macro_rules! named_key_accessors {
    ($what:literal) => {
        /// Key name.
        pub fn name(&self) -> &str {
            &self.0.name
        }

        #[doc = concat!("Key ID (see [`key_hash`], ", $what, ").")]
        pub fn key_hash(&self) -> [u8; 4] {
            self.0.key_hash
        }

        /// The matching public verifier key.
        pub fn verifier(&self) -> VerifierKey {
            self.0.verifier()
        }

        /// From a 32-byte Ed25519 seed.
        pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self> {
            Self::new(name, SigningKey::from_bytes(seed))
        }
    };
}

/// A party's signing key with its note key name (e.g. `ittifaq.tr/ledger`).
#[derive(Clone)]
pub struct Signer(NamedKey);

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug(f, "Signer")
    }
}

impl Signer {
    /// Wrap an Ed25519 signing key under a key name.
    pub fn new(name: &str, key: SigningKey) -> Result<Self> {
        NamedKey::new(name, ALG_ED25519, key).map(Signer)
    }

    named_key_accessors!("type 0x01");

    /// Parse the Go `note` signer-key string
    /// `PRIVATE+KEY+<name>+<hex key hash>+<base64(0x01 || seed)>`.
    pub fn parse(s: &str) -> Result<Self> {
        let rest =
            s.strip_prefix("PRIVATE+KEY+").ok_or(Error::MalformedKey("signer key must start with PRIVATE+KEY+"))?;
        let (name, rest) = rest.split_once('+').ok_or(Error::MalformedKey("missing key hash"))?;
        let (hash, b64) = rest.split_once('+').ok_or(Error::MalformedKey("missing key material"))?;
        check_name(name)?;
        let hash = parse_hex4(hash).ok_or(Error::MalformedKey("key hash must be 8 hex digits"))?;
        let raw = B64.decode(b64).map_err(|_| Error::MalformedKey("key material is not base64"))?;
        let (alg, seed) = raw.split_first().ok_or(Error::MalformedKey("empty key material"))?;
        if *alg != ALG_ED25519 {
            return Err(Error::MalformedKey("unsupported signature type"));
        }
        let seed: [u8; 32] = seed.try_into().map_err(|_| Error::MalformedKey("Ed25519 seed must be 32 bytes"))?;
        let signer = Self::from_seed(name, &seed)?;
        if signer.0.key_hash != hash {
            return Err(Error::MalformedKey("key hash does not match key"));
        }
        Ok(signer)
    }

    /// The Go `note` signer-key string (secret: store it like a password).
    pub fn to_secret_string(&self) -> String {
        let mut raw = vec![ALG_ED25519];
        raw.extend_from_slice(self.0.key.as_bytes());
        format!("PRIVATE+KEY+{}+{}+{}", self.0.name, hex4(self.0.key_hash), B64.encode(raw))
    }

    /// Sign a note text, producing its signature line.
    pub fn sign(&self, text: &str) -> SignatureLine {
        SignatureLine {
            name: self.0.name.clone(),
            key_hash: self.0.key_hash,
            signature: self.0.key.sign(text.as_bytes()).to_bytes().to_vec(),
        }
    }
}

/// A witness key producing C2SP tlog-cosignature/v1 lines (Ed25519, type 0x04).
#[derive(Clone)]
pub struct Cosigner(NamedKey);

impl fmt::Debug for Cosigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug(f, "Cosigner")
    }
}

impl Cosigner {
    /// Wrap an Ed25519 signing key as a cosigner. The spec requires a key used only
    /// for this cosigner (the v1 message does not commit to the name).
    pub fn new(name: &str, key: SigningKey) -> Result<Self> {
        NamedKey::new(name, ALG_COSIGNATURE_V1, key).map(Cosigner)
    }

    named_key_accessors!("type 0x04");

    /// Cosign a checkpoint at `time_unix_s` (seconds; must be below 2^63).
    /// Prefer [`witness_cosign_v1`], which checks consistency first.
    pub fn cosign(&self, checkpoint: &Checkpoint, time_unix_s: u64) -> Result<SignatureLine> {
        if time_unix_s > i64::MAX as u64 {
            return Err(Error::MalformedNote("cosignature timestamp exceeds 2^63 - 1"));
        }
        let msg = cosigned_message(time_unix_s, &checkpoint.body());
        let mut signature = time_unix_s.to_be_bytes().to_vec();
        signature.extend_from_slice(&self.0.key.sign(msg.as_bytes()).to_bytes());
        Ok(SignatureLine { name: self.0.name.clone(), key_hash: self.0.key_hash, signature })
    }
}

/// A public verifier key; text form `<name>+<hex key hash>+<base64(0x01 || key)>`.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    alg: u8,
    key_hash: [u8; 4],
    key: VerifyingKey,
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierKey({self})")
    }
}

impl VerifierKey {
    /// From a name and an Ed25519 public key (plain note signatures, type 0x01).
    pub fn new(name: &str, key: VerifyingKey) -> Result<Self> {
        Self::with_alg(name, ALG_ED25519, key)
    }

    /// From a name and a cosigner's Ed25519 public key (tlog-cosignature/v1, 0x04).
    pub fn new_cosigner(name: &str, key: VerifyingKey) -> Result<Self> {
        Self::with_alg(name, ALG_COSIGNATURE_V1, key)
    }

    fn with_alg(name: &str, alg: u8, key: VerifyingKey) -> Result<Self> {
        check_name(name)?;
        Ok(VerifierKey { name: name.to_owned(), alg, key_hash: key_hash(name, alg, key.as_bytes()), key })
    }

    /// Signature type: [`ALG_ED25519`] or [`ALG_COSIGNATURE_V1`].
    pub fn alg(&self) -> u8 {
        self.alg
    }

    /// Parse `<name>+<hex key hash>+<base64(type || 32-byte key)>` with type 0x01
    /// (Ed25519) or 0x04 (tlog-cosignature/v1), checking the key hash.
    pub fn parse(s: &str) -> Result<Self> {
        // Name has no '+' and the hash is hex, so the first two '+' split the fields;
        // the base64 part may itself contain '+'.
        let (name, rest) = s.split_once('+').ok_or(Error::MalformedKey("missing key hash"))?;
        let (hash, b64) = rest.split_once('+').ok_or(Error::MalformedKey("missing key material"))?;
        check_name(name)?;
        let hash = parse_hex4(hash).ok_or(Error::MalformedKey("key hash must be 8 hex digits"))?;
        let raw = B64.decode(b64).map_err(|_| Error::MalformedKey("key material is not base64"))?;
        if key_hash(name, raw.first().copied().unwrap_or_default(), raw.get(1..).unwrap_or_default()) != hash {
            return Err(Error::MalformedKey("key hash does not match name and key"));
        }
        let (alg, key) = raw.split_first().ok_or(Error::MalformedKey("empty key material"))?;
        if *alg != ALG_ED25519 && *alg != ALG_COSIGNATURE_V1 {
            return Err(Error::MalformedKey("unsupported signature type"));
        }
        let key: [u8; 32] = key.try_into().map_err(|_| Error::MalformedKey("Ed25519 public key must be 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| Error::MalformedKey("not a valid Ed25519 public key"))?;
        if key.is_weak() {
            return Err(Error::MalformedKey("small-order Ed25519 public key"));
        }
        Self::with_alg(name, *alg, key)
    }

    /// Key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Key ID (see [`key_hash`]).
    pub fn key_hash(&self) -> [u8; 4] {
        self.key_hash
    }

    /// Raw Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// True when `line` names this key (same name and key hash).
    pub fn matches(&self, line: &SignatureLine) -> bool {
        line.name == self.name && line.key_hash == self.key_hash
    }

    /// Check one signature line over note `text` (strict Ed25519 verification).
    /// For a cosignature/v1 key the line carries a timestamp and the signed message
    /// is `cosignature/v1\ntime <timestamp>\n<text>`.
    pub fn verify(&self, text: &str, line: &SignatureLine) -> Result<()> {
        let invalid = || Error::SignatureInvalid { name: self.name.clone() };
        if !self.matches(line) {
            return Err(invalid());
        }
        let (msg, sig) = if self.alg == ALG_COSIGNATURE_V1 {
            let time = line.cosignature_time().ok_or_else(invalid)?;
            let sig = line.signature.get(8..).ok_or_else(invalid)?;
            (cosigned_message(time, text), sig)
        } else {
            (text.to_owned(), line.signature.as_slice())
        };
        let sig: [u8; 64] = sig.try_into().map_err(|_| invalid())?;
        self.key.verify_strict(msg.as_bytes(), &Signature::from_bytes(&sig)).map_err(|_| invalid())
    }
}

/// The message a tlog-cosignature/v1 signs.
fn cosigned_message(time: u64, body: &str) -> String {
    format!("cosignature/v1\ntime {time}\n{body}")
}

impl fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut raw = vec![self.alg];
        raw.extend_from_slice(self.key.as_bytes());
        write!(f, "{}+{}+{}", self.name, hex4(self.key_hash), B64.encode(raw))
    }
}

impl std::str::FromStr for VerifierKey {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// One signature line: `— <name> <base64(key hash || signature)>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureLine {
    name: String,
    key_hash: [u8; 4],
    signature: Vec<u8>,
}

impl SignatureLine {
    /// Parse one line (without its trailing newline).
    pub fn parse(line: &str) -> Result<Self> {
        let rest = line
            .strip_prefix(SIG_PREFIX)
            .ok_or(Error::MalformedNote("signature line must start with \"\u{2014} \""))?;
        let (name, b64) =
            rest.split_once(' ').ok_or(Error::MalformedNote("signature line lacks a space after the key name"))?;
        check_name(name).map_err(|_| Error::MalformedNote("signature line has an invalid key name"))?;
        let raw = B64.decode(b64).map_err(|_| Error::MalformedNote("signature is not valid base64"))?;
        // 4-byte key hash plus at least one signature byte (any algorithm).
        if raw.len() < 5 {
            return Err(Error::MalformedNote("signature is shorter than 5 bytes"));
        }
        let (hash, sig) = raw.split_at(4);
        Ok(SignatureLine {
            name: name.to_owned(),
            key_hash: [hash[0], hash[1], hash[2], hash[3]],
            signature: sig.to_vec(),
        })
    }

    /// Key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Key ID.
    pub fn key_hash(&self) -> [u8; 4] {
        self.key_hash
    }

    /// Signature bytes after the key hash (64 for Ed25519; 8-byte timestamp plus 64
    /// for a cosignature/v1).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The POSIX timestamp of a tlog-cosignature/v1 line (`None` unless the
    /// signature is 72 bytes with a timestamp below 2^63).
    pub fn cosignature_time(&self) -> Option<u64> {
        if self.signature.len() != 72 {
            return None;
        }
        let ts: [u8; 8] = self.signature.get(..8)?.try_into().ok()?;
        let ts = u64::from_be_bytes(ts);
        (ts <= i64::MAX as u64).then_some(ts)
    }
}

impl fmt::Display for SignatureLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut raw = self.key_hash.to_vec();
        raw.extend_from_slice(&self.signature);
        write!(f, "{SIG_PREFIX}{} {}", self.name, B64.encode(raw))
    }
}

/// Note text rules: ends in a newline, no blank line (it would be taken for the
/// signature separator), no control characters but newline.
fn check_text(text: &str) -> Result<()> {
    if text.is_empty() || !text.ends_with('\n') {
        return Err(Error::MalformedNote("text must end with a newline"));
    }
    if text.starts_with('\n') || text.contains("\n\n") {
        return Err(Error::MalformedNote("text must not contain a blank line"));
    }
    if text.chars().any(|c| c != '\n' && c.is_control()) {
        return Err(Error::MalformedNote("text contains a control character"));
    }
    Ok(())
}

/// A C2SP signed note: text plus signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    text: String,
    signatures: Vec<SignatureLine>,
}

impl Note {
    /// An unsigned note.
    pub fn new(text: &str) -> Result<Self> {
        check_text(text)?;
        Ok(Note { text: text.to_owned(), signatures: Vec::new() })
    }

    /// Parse `<text>\n<signature lines>`; unknown signers are kept, not rejected.
    pub fn parse(msg: &str) -> Result<Self> {
        if msg.len() > MAX_NOTE_LEN {
            return Err(Error::MalformedNote("note is larger than 1 MiB"));
        }
        let split = msg.rfind("\n\n").ok_or(Error::MalformedNote("no blank line before the signatures"))?;
        let (text, sigs) = (&msg[..=split], &msg[split + 2..]);
        check_text(text)?;
        if sigs.is_empty() {
            return Err(Error::MalformedNote("no signature lines"));
        }
        let body = sigs.strip_suffix('\n').ok_or(Error::MalformedNote("signature block must end with a newline"))?;
        let mut note = Note::new(text)?;
        for line in body.split('\n') {
            note.add_signature(SignatureLine::parse(line)?)?;
        }
        Ok(note)
    }

    /// The signed text (what the signatures cover).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Signature lines, in order.
    pub fn signatures(&self) -> &[SignatureLine] {
        &self.signatures
    }

    /// Append a signature line (e.g. a witness cosignature).
    pub fn add_signature(&mut self, line: SignatureLine) -> Result<()> {
        if self.signatures.len() >= MAX_SIGNATURES {
            return Err(Error::MalformedNote("more than 100 signatures"));
        }
        self.signatures.push(line);
        Ok(())
    }

    /// Sign with `signer` and append the signature line.
    pub fn sign(&mut self, signer: &Signer) -> Result<()> {
        self.add_signature(signer.sign(&self.text))
    }

    /// Check that `key` signed this note. As in the Go reference, the first line
    /// carrying the key's name and key hash decides: a bad signature there fails
    /// even if a later duplicate would verify.
    pub fn verify(&self, key: &VerifierKey) -> Result<()> {
        match self.signatures.iter().find(|l| key.matches(l)) {
            Some(line) => key.verify(&self.text, line),
            None => Err(Error::SignatureMissing { name: key.name.clone() }),
        }
    }

    /// Check that every key in `keys` signed this note.
    pub fn verify_all(&self, keys: &[VerifierKey]) -> Result<()> {
        keys.iter().try_for_each(|k| self.verify(k))
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        f.write_str("\n")?;
        for s in &self.signatures {
            writeln!(f, "{s}")?;
        }
        Ok(())
    }
}

/// A tree head: `<origin>\n<size>\n<base64 root>\n` plus optional extension lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    origin: String,
    size: u64,
    root: Hash,
    extensions: Vec<String>,
}

impl Checkpoint {
    /// A checkpoint for `origin` (the log's unique name, e.g. `ittifaq.example/ledger`).
    pub fn new(origin: &str, size: u64, root: Hash) -> Result<Self> {
        if origin.is_empty() || origin.chars().any(char::is_control) {
            return Err(Error::MalformedCheckpoint {
                line: 1,
                reason: "origin must be non-empty text without control characters",
            });
        }
        Ok(Checkpoint { origin: origin.to_owned(), size, root, extensions: Vec::new() })
    }

    /// Log origin line.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Tree size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Root hash.
    pub fn root(&self) -> Hash {
        self.root
    }

    /// Extension lines after the root (kept verbatim; this crate writes none).
    pub fn extensions(&self) -> &[String] {
        &self.extensions
    }

    /// The note text (what gets signed).
    pub fn body(&self) -> String {
        let mut s = format!("{}\n{}\n{}\n", self.origin, self.size, B64.encode(self.root.0));
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Parse a checkpoint body strictly: decimal size without leading zeros,
    /// canonical base64 of exactly 32 bytes, no empty lines.
    pub fn parse_body(text: &str) -> Result<Self> {
        let body = text
            .strip_suffix('\n')
            .ok_or(Error::MalformedCheckpoint { line: 1, reason: "body must end with a newline" })?;
        let mut lines = body.split('\n');
        let mut next = |line: usize, what: &'static str| {
            lines.next().filter(|l| !l.is_empty()).ok_or(Error::MalformedCheckpoint { line, reason: what })
        };
        let origin = next(1, "missing or empty origin line")?;
        let size_s = next(2, "missing or empty tree size line")?;
        let root_s = next(3, "missing or empty root hash line")?;
        let size_err = |reason| Error::MalformedCheckpoint { line: 2, reason };
        if !size_s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(size_err("tree size must be decimal digits"));
        }
        if size_s.len() > 1 && size_s.starts_with('0') {
            return Err(size_err("tree size has a leading zero"));
        }
        let size: u64 = size_s.parse().map_err(|_| size_err("tree size does not fit in 64 bits"))?;
        let root_err = |reason| Error::MalformedCheckpoint { line: 3, reason };
        let raw = B64.decode(root_s).map_err(|_| root_err("root hash is not valid base64"))?;
        let root = Hash::from_slice(&raw).map_err(|_| root_err("root hash is not 32 bytes"))?;
        // Reject alternative spellings of the same bytes so the signed text is unique.
        if B64.encode(root.0) != root_s {
            return Err(root_err("root hash is not canonical base64"));
        }
        let mut cp = Checkpoint::new(origin, size, root)?;
        for (i, ext) in lines.enumerate() {
            if ext.is_empty() {
                return Err(Error::MalformedCheckpoint { line: 4 + i, reason: "empty extension line" });
            }
            cp.extensions.push(ext.to_owned());
        }
        check_text(text)?;
        Ok(cp)
    }
}

/// A checkpoint and the note carrying its signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    checkpoint: Checkpoint,
    note: Note,
}

impl SignedCheckpoint {
    /// Sign a checkpoint with the host party's key.
    pub fn sign(checkpoint: Checkpoint, host: &Signer) -> Result<Self> {
        let mut note = Note::new(&checkpoint.body())?;
        note.sign(host)?;
        Ok(SignedCheckpoint { checkpoint, note })
    }

    /// Parse a signed checkpoint note.
    pub fn parse(msg: &str) -> Result<Self> {
        let note = Note::parse(msg)?;
        let checkpoint = Checkpoint::parse_body(note.text())?;
        Ok(SignedCheckpoint { checkpoint, note })
    }

    /// The checkpoint.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// The note (text and signature lines).
    pub fn note(&self) -> &Note {
        &self.note
    }

    /// Append a signature line, e.g. from [`witness_cosign`].
    pub fn add_signature(&mut self, line: SignatureLine) -> Result<()> {
        self.note.add_signature(line)
    }

    /// Check that every key in `keys` signed this checkpoint.
    pub fn verify(&self, keys: &[VerifierKey]) -> Result<()> {
        self.note.verify_all(keys)
    }
}

impl fmt::Display for SignedCheckpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.note.fmt(f)
    }
}

/// The other party's witness step: cosign `new` only if it is consistent with the
/// last checkpoint the witness holds (`prev`), proven by the RFC 9162 consistency
/// `proof` from `prev.size()` to `new.size()`. With no `prev` (first contact) the
/// checkpoint is trusted on first use and `proof` must be empty. The signature is
/// a plain Ed25519 note signature (type 0x01).
///
/// The caller must have checked the host's signature on `new` already (see
/// [`SignedCheckpoint::verify`]); this function checks the tree, not the host.
pub fn witness_cosign(
    prev: Option<&Checkpoint>,
    new: &Checkpoint,
    proof: &[Hash],
    witness: &Signer,
) -> Result<SignatureLine> {
    check_witness_step(prev, new, proof)?;
    Ok(witness.sign(&new.body()))
}

/// As [`witness_cosign`], but producing a C2SP tlog-cosignature/v1 line stamped
/// with `time_unix_s` (the caller's clock: this crate reads none).
pub fn witness_cosign_v1(
    prev: Option<&Checkpoint>,
    new: &Checkpoint,
    proof: &[Hash],
    witness: &Cosigner,
    time_unix_s: u64,
) -> Result<SignatureLine> {
    check_witness_step(prev, new, proof)?;
    witness.cosign(new, time_unix_s)
}

fn check_witness_step(prev: Option<&Checkpoint>, new: &Checkpoint, proof: &[Hash]) -> Result<()> {
    match prev {
        None if proof.is_empty() => Ok(()),
        None => Err(Error::ConsistencyProofInvalid { old_size: 0, new_size: new.size }),
        Some(prev) => {
            if prev.origin != new.origin {
                return Err(Error::OriginMismatch { held: prev.origin.clone(), new: new.origin.clone() });
            }
            if new.size < prev.size {
                return Err(Error::SizeRegressed { held: prev.size, new: new.size });
            }
            merkle::verify_consistency(prev.size, new.size, &prev.root, &new.root, proof)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // golang.org/x/mod/sumdb/note documentation example (a known-answer test from
    // an independent implementation).
    const GO_SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const GO_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const GO_TEXT: &str =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const GO_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

    #[test]
    fn go_note_known_answer() {
        let signer = Signer::parse(GO_SKEY).expect("signer");
        assert_eq!(signer.to_secret_string(), GO_SKEY);
        assert_eq!(signer.verifier().to_string(), GO_VKEY);
        let vkey = VerifierKey::parse(GO_VKEY).expect("vkey");
        let mut note = Note::new(GO_TEXT).expect("text");
        note.sign(&signer).expect("sign");
        let msg = note.to_string();
        assert_eq!(msg, format!("{GO_TEXT}\n{GO_SIG}\n"));
        let parsed = Note::parse(&msg).expect("parse");
        assert_eq!(parsed, note);
        assert_eq!(parsed.verify(&vkey), Ok(()));
        let tampered = Note::parse(&msg.replace("cryptography", "cryptographY")).expect("parse");
        assert!(matches!(tampered.verify(&vkey), Err(Error::SignatureInvalid { .. })));
    }

    /// A real checkpoint of a public CT log, signed by the log (type 0x01) and
    /// cosigned by public witnesses with tlog-cosignature/v1 (type 0x04); it also
    /// carries a line of another signature type that must be ignored.
    const ARCHE: &str = "arche2025h1.staging.ct.transparency.dev\n1432088532\nU7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=\n\n\
\u{2014} arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=\n\
\u{2014} arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=\n\
\u{2014} transparency.dev/DEV:witness-little-garden 2AQqhwAAAABqEiEgzgFIqqhbUoDwjMWE6UP8nd8/KYTzwZ2rhIgcqoXHAwVkjZr4AscylP3v7sEodkRAErumC2q44vdgJY096st5BQ==\n\
\u{2014} witness1.smartit.nu/witness1 pIyCDwAAAABqEiEghIp82KWebrw7/oHQwlTAm3g2RKS4+eebl8eO0WH+/iEcxZ75W3u5hNI7TOQtmJbqmNWVuE0tgh0XwzdZsDsUAQ==\n\
\u{2014} remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==\n\
\u{2014} witness.stagemole.eu Z/euoAAAAABqEiEgw0i+7g2ENfDAWHmtRzCfKTHSDwYDJA2NmKeGi9Y8FtEyOUvVr+AJmIY/2TUFucgKi7lI7cUiOvKFYe/TmN9DAg==\n";

    const ARCHE_KEYS: [&str; 5] = [
        "arche2025h1.staging.ct.transparency.dev+ba2f06c0+AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f",
        "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",
        "transparency.dev/DEV:witness-little-garden+d8042a87+BCtusOxINQNUTN5Oj8HObRkh2yHf/MwYaGX4CPdiVEPM",
        "witness1.smartit.nu/witness1+a48c820f+BPSFWg9G6KPiO7QPryYO5Xq4oYJJ+kAvLKLSimDhoxMO",
        "witness.stagemole.eu+67f7aea0+BEqSG3yu9YrmcM3BHvQYTxwFj3uSWakQepafafpUqklv",
    ];

    #[test]
    fn public_log_checkpoint_with_cosignatures() {
        let sc = SignedCheckpoint::parse(ARCHE).expect("parse");
        assert_eq!(sc.checkpoint().size(), 1_432_088_532);
        assert_eq!(sc.note().signatures().len(), 6);
        for k in ARCHE_KEYS {
            let key = VerifierKey::parse(k).expect("vkey");
            assert_eq!(key.to_string(), k);
            assert_eq!(sc.verify(std::slice::from_ref(&key)), Ok(()), "{k}");
        }
        let remora = sc
            .note()
            .signatures()
            .iter()
            .find(|l| l.name() == "remora.n621.de")
            .and_then(SignatureLine::cosignature_time);
        assert!(remora.is_some_and(|t| t > 1_700_000_000));
        // Change the size: every signature breaks.
        let clobbered = ARCHE.replace("\n1432088532\n", "\n42\n");
        let sc = SignedCheckpoint::parse(&clobbered).expect("parse");
        for k in ARCHE_KEYS {
            let key = VerifierKey::parse(k).expect("vkey");
            assert!(sc.verify(&[key]).is_err(), "{k}");
        }
    }

    #[test]
    fn cosignature_v1_round_trip() {
        let c = Cosigner::from_seed("w.example", &[3; 32]).expect("cosigner");
        let v = c.verifier();
        assert_eq!(v.alg(), ALG_COSIGNATURE_V1);
        assert_eq!(VerifierKey::parse(&v.to_string()), Ok(v.clone()));
        let cp = Checkpoint::new("o", 1, Hash([9; 32])).expect("cp");
        let line = witness_cosign_v1(None, &cp, &[], &c, 1_767_225_600).expect("cosign");
        assert_eq!(line.cosignature_time(), Some(1_767_225_600));
        assert_eq!(v.verify(&cp.body(), &line), Ok(()));
        // The timestamp is signed: changing it breaks the signature.
        let mut raw = line.to_string();
        let forged = {
            let b64 = raw.split_off(raw.rfind(' ').expect("space") + 1);
            let mut bytes = B64.decode(b64).expect("b64");
            bytes[11] ^= 1;
            SignatureLine::parse(&format!("{raw}{}", B64.encode(bytes))).expect("line")
        };
        assert!(v.verify(&cp.body(), &forged).is_err());
        // A plain-Ed25519 verifier for the same key does not accept it (key hash differs).
        let plain = VerifierKey::new("w.example", VerifyingKey::from(&SigningKey::from_bytes(&[3; 32]))).expect("key");
        assert!(plain.verify(&cp.body(), &line).is_err());
        assert!(c.cosign(&cp, u64::MAX).is_err());
    }

    #[test]
    fn verifier_key_manglings_rejected() {
        let b = GO_VKEY.as_bytes();
        for i in 0..=b.len() {
            for j in i + 1..=b.len() {
                if i == 0 && j == b.len() {
                    continue;
                }
                if let Ok(s) = std::str::from_utf8(&b[i..j]) {
                    assert!(VerifierKey::parse(s).is_err(), "{s}");
                }
            }
        }
        assert!(VerifierKey::parse(&GO_VKEY.replace("c74f20a3", "c74f20a4")).is_err());
    }

    #[test]
    fn checkpoint_body_rules() {
        let root = B64.encode([7u8; 32]);
        let ok = format!("example.org/log\n12\n{root}\n");
        let cp = Checkpoint::parse_body(&ok).expect("ok");
        assert_eq!((cp.origin(), cp.size(), cp.root()), ("example.org/log", 12, Hash([7; 32])));
        assert_eq!(cp.body(), ok);
        let ext = format!("o\n1\n{root}\nextension\n");
        assert_eq!(Checkpoint::parse_body(&ext).map(|c| c.body()), Ok(ext));
        for (bad, line) in [
            (format!("o\n012\n{root}\n"), 2),
            (format!("o\n-1\n{root}\n"), 2),
            (format!("o\n18446744073709551616\n{root}\n"), 2),
            (format!("o\n1\n{root}"), 1),
            ("o\n1\nAAAA\n".to_owned(), 3),
            (format!("\n1\n{root}\n"), 1),
            ("o\n1\n".to_owned(), 3),
            (format!("o\n1\n{root}\n\n"), 4),
        ] {
            match Checkpoint::parse_body(&bad) {
                Err(Error::MalformedCheckpoint { line: l, .. }) => assert_eq!(l, line, "{bad:?}"),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn malformed_notes() {
        let signer = Signer::from_seed("tr", &[1; 32]).expect("signer");
        let cp = Checkpoint::new("o", 0, merkle::empty_root()).expect("cp");
        let good = SignedCheckpoint::sign(cp, &signer).expect("sign").to_string();
        assert!(SignedCheckpoint::parse(&good).is_ok());
        for bad in [
            good.trim_end().to_owned(),
            good.replace('\u{2014}', "-"),
            good.replace("\n\n", "\n"),
            format!("{good}\n"),
            good.replace(" tr ", " tr  "),
            good.replace("o\n0", "o\r\n0"),
        ] {
            assert!(
                matches!(
                    SignedCheckpoint::parse(&bad),
                    Err(Error::MalformedNote(_) | Error::MalformedCheckpoint { .. })
                ),
                "{bad:?}"
            );
        }
    }
}
