//! The Ittifaq seal: one line appended after a PDF's final `%%EOF` that carries
//! a JSON payload (what the document is, who issued it, the SHA-256 of the PDF)
//! and an Ed25519 signature over it. `docs/seal-format.md` gives the format to
//! the byte. Expiry and revocation need the database and are the caller's.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// What starts the seal line.
pub const SEAL_MARKER: &[u8] = b"%ITTIFAQ-SEAL";
/// The only version this code writes and reads.
pub const SEAL_VERSION: &str = "v1";
/// Prepended to the payload JSON before signing, so that a seal signature can
/// never be taken for a signature of anything else made with the same key.
pub const SIGNING_DOMAIN: &[u8] = b"ittifaq-seal/v1\n";
/// The payload JSON is at most this long, which keeps the whole trailer under
/// 1024 bytes: PDF readers look for `%%EOF` only in a file's last 1024 bytes.
pub const MAX_PAYLOAD_LEN: usize = 512;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Which kind of document a seal vouches for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SealKind {
    Certificate,
    TravelOrder,
}

impl SealKind {
    /// Its code, as serialized and stored.
    pub const fn code(self) -> &'static str {
        match self {
            SealKind::Certificate => "certificate",
            SealKind::TravelOrder => "travel-order",
        }
    }
}

/// What a seal states. Its JSON bytes, exactly as signed, travel in the seal
/// line; they are never re-serialized to be checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealPayload {
    pub kind: SealKind,
    /// The document's own number (certificate id or travel order reference).
    pub id: String,
    /// The issuing party's code, such as "TR" or "SY".
    pub party: String,
    /// Hex of the first 8 bytes of the SHA-256 of the signing public key;
    /// [`seal`] sets it.
    pub key_id: String,
    #[serde(with = "iso_date")]
    pub issued_on: time::Date,
    /// The last day on which the document is valid, if it lapses.
    #[serde(with = "iso_date::option")]
    pub expires_on: Option<time::Date>,
    /// Hex of the SHA-256 of every byte before the seal line; [`seal`] sets it.
    pub pdf_sha256: String,
}

impl SealPayload {
    /// A payload whose `key_id` and `pdf_sha256` are left for [`seal`] to fill.
    pub fn new(
        kind: SealKind,
        id: impl Into<String>,
        party: impl Into<String>,
        issued_on: time::Date,
        expires_on: Option<time::Date>,
    ) -> SealPayload {
        SealPayload {
            kind,
            id: id.into(),
            party: party.into(),
            key_id: String::new(),
            issued_on,
            expires_on,
            pdf_sha256: String::new(),
        }
    }

    /// Whether the document has lapsed on `today`; it is still valid on its
    /// expiry day itself.
    pub fn expired(&self, today: time::Date) -> bool {
        self.expires_on.is_some_and(|last_day| today > last_day)
    }

    /// The checks both sides make on the fields' form.
    fn check_fields(&self) -> Result<(), String> {
        let id_ok = (1..=64).contains(&self.id.len()) && self.id.bytes().all(|b| b.is_ascii_graphic());
        if !id_ok {
            return Err("the id must be 1 to 64 printable ASCII characters".into());
        }
        let party_ok = (2..=4).contains(&self.party.len()) && self.party.bytes().all(|b| b.is_ascii_uppercase());
        if !party_ok {
            return Err("the party must be two to four capital letters".into());
        }
        if !is_lower_hex(&self.key_id, 16) {
            return Err("the key id must be 16 lowercase hex digits".into());
        }
        if !is_lower_hex(&self.pdf_sha256, 64) {
            return Err("the PDF hash must be 64 lowercase hex digits".into());
        }
        Ok(())
    }
}

fn is_lower_hex(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A document whose seal line is well formed and whose PDF bytes match the
/// hash in the payload. Only [`open`] makes one; [`verify`] checks who signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    payload: SealPayload,
    payload_json: Vec<u8>,
    signature: [u8; 64],
    pdf_len: usize,
}

impl Sealed {
    pub fn payload(&self) -> &SealPayload {
        &self.payload
    }

    /// The payload exactly as it was signed.
    pub fn payload_json(&self) -> &[u8] {
        &self.payload_json
    }

    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// How many bytes of the document precede the seal line (the PDF).
    pub fn pdf_len(&self) -> usize {
        self.pdf_len
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the document carries no Ittifaq seal")]
    NoSeal,
    #[error("the seal is malformed: {0}")]
    MalformedSeal(String),
    #[error("the seal has version {0:?}; only v1 is known")]
    UnsupportedVersion(String),
    #[error("the document was altered after sealing (sealed SHA-256 {expected}, found {actual})")]
    ContentAltered { expected: String, actual: String },
    #[error("the seal was made with key {expected}, not with the given key {actual}")]
    WrongKey { expected: String, actual: String },
    #[error("the seal's signature is not valid")]
    BadSignature,
    #[error("cannot seal: {0}")]
    InvalidPayload(String),
    #[error("cannot seal: the bytes do not end with a PDF's %%EOF")]
    NotAPdf,
    #[error("cannot seal: the document already carries a seal")]
    AlreadySealed,
}

/// Hex of the first 8 bytes of the SHA-256 of the 32-byte public key.
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

/// Appends the seal line to `pdf`. `key_id` and `pdf_sha256` of `payload` are
/// set here from `key` and `pdf`; the other fields are signed as given.
pub fn seal(pdf: &[u8], payload: &SealPayload, key: &SigningKey) -> Result<Vec<u8>, SealError> {
    let json = prepare(pdf, payload, &key.verifying_key())?;
    let signature = sign_payload(&json, key);
    attach(pdf, &json, &signature)
}

/// The first half of sealing when the key is elsewhere (the issuing party's own
/// machine): the payload JSON to sign, with `key_id` of `key` and the PDF's hash.
pub fn prepare(pdf: &[u8], payload: &SealPayload, key: &VerifyingKey) -> Result<Vec<u8>, SealError> {
    if find(pdf, SEAL_MARKER).is_some() {
        return Err(SealError::AlreadySealed);
    }
    if !ends_with_eof(pdf) {
        return Err(SealError::NotAPdf);
    }
    let mut payload = payload.clone();
    payload.key_id = key_id(key);
    payload.pdf_sha256 = hex::encode(Sha256::digest(pdf));
    payload.check_fields().map_err(SealError::InvalidPayload)?;
    let json = serde_json::to_vec(&payload).map_err(|err| SealError::InvalidPayload(err.to_string()))?;
    if json.len() > MAX_PAYLOAD_LEN {
        return Err(SealError::InvalidPayload(format!("the payload JSON is longer than {MAX_PAYLOAD_LEN} bytes")));
    }
    Ok(json)
}

/// The detached seal signature of a payload JSON (what the issuing party's
/// machine computes): Ed25519 over the domain prefix and the payload.
pub fn sign_payload(payload_json: &[u8], key: &SigningKey) -> [u8; 64] {
    key.sign(&signed_message(payload_json)).to_bytes()
}

/// The second half: appends the seal line made of a payload from [`prepare`]
/// and its signature. The result is checked as any sealed document ([`open`]);
/// the caller checks the signature with [`verify`].
pub fn attach(pdf: &[u8], payload_json: &[u8], signature: &[u8; 64]) -> Result<Vec<u8>, SealError> {
    if find(pdf, SEAL_MARKER).is_some() {
        return Err(SealError::AlreadySealed);
    }
    if !ends_with_eof(pdf) {
        return Err(SealError::NotAPdf);
    }
    let mut doc = Vec::with_capacity(pdf.len() + 1024);
    doc.extend_from_slice(pdf);
    doc.push(b'\n');
    doc.extend_from_slice(SEAL_MARKER);
    doc.push(b' ');
    doc.extend_from_slice(SEAL_VERSION.as_bytes());
    doc.push(b' ');
    doc.extend_from_slice(URL_SAFE_NO_PAD.encode(payload_json).as_bytes());
    doc.push(b' ');
    doc.extend_from_slice(URL_SAFE_NO_PAD.encode(signature).as_bytes());
    doc.push(b'\n');
    Ok(doc)
}

/// Finds and parses the seal line and checks that the bytes before it are
/// the ones sealed. The signature is checked by [`verify`].
pub fn open(doc: &[u8]) -> Result<Sealed, SealError> {
    let malformed = |reason: &str| SealError::MalformedSeal(reason.to_owned());
    let marker_at = rfind(doc, SEAL_MARKER).ok_or(SealError::NoSeal)?;
    if marker_at == 0 || doc[marker_at - 1] != b'\n' {
        return Err(malformed("the seal does not start a line"));
    }
    let pdf = &doc[..marker_at - 1];
    let line = doc[marker_at..]
        .strip_suffix(b"\n")
        .ok_or_else(|| malformed("the seal line does not end the file with a newline"))?;
    if line.contains(&b'\n') {
        return Err(malformed("the seal is not the last line"));
    }
    if find(pdf, SEAL_MARKER).is_some() {
        return Err(malformed("the document carries more than one seal"));
    }
    if !ends_with_eof(pdf) {
        return Err(malformed("the seal does not follow the PDF's %%EOF"));
    }

    let fields: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let [marker, version, payload_b64, signature_b64] = fields[..] else {
        return Err(malformed("the seal line must have four fields separated by single spaces"));
    };
    if marker != SEAL_MARKER {
        return Err(malformed("the seal line does not start with the marker and a space"));
    }
    if version != SEAL_VERSION.as_bytes() {
        return Err(SealError::UnsupportedVersion(String::from_utf8_lossy(&version[..version.len().min(16)]).into()));
    }
    // The payload's base64 is bounded before decoding so that no input makes
    // us allocate more than a seal can hold.
    if payload_b64.len() > MAX_PAYLOAD_LEN.div_ceil(3) * 4 {
        return Err(malformed("the payload is too long"));
    }
    let payload_json =
        URL_SAFE_NO_PAD.decode(payload_b64).map_err(|_| malformed("the payload is not base64url without padding"))?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|_| malformed("the signature is not base64url without padding"))?;
    let signature: [u8; 64] = signature.try_into().map_err(|_| malformed("the signature is not 64 bytes"))?;
    if payload_json.len() > MAX_PAYLOAD_LEN {
        return Err(malformed("the payload is too long"));
    }
    let payload: SealPayload = serde_json::from_slice(&payload_json)
        .map_err(|err| SealError::MalformedSeal(format!("the payload is not a seal payload: {err}")))?;
    payload.check_fields().map_err(SealError::MalformedSeal)?;

    let actual = hex::encode(Sha256::digest(pdf));
    if actual != payload.pdf_sha256 {
        return Err(SealError::ContentAltered { expected: payload.pdf_sha256, actual });
    }
    Ok(Sealed { payload, payload_json, signature, pdf_len: pdf.len() })
}

/// Checks that `key` made the seal: first by key id (a clear error for a seal
/// of the other party or an old key), then by signature.
pub fn verify(sealed: &Sealed, key: &VerifyingKey) -> Result<(), SealError> {
    let actual = key_id(key);
    if actual != sealed.payload.key_id {
        return Err(SealError::WrongKey { expected: sealed.payload.key_id.clone(), actual });
    }
    let signature = Signature::from_bytes(&sealed.signature);
    key.verify_strict(&signed_message(&sealed.payload_json), &signature).map_err(|_| SealError::BadSignature)
}

fn signed_message(payload_json: &[u8]) -> Vec<u8> {
    [SIGNING_DOMAIN, payload_json].concat()
}

/// A PDF ends with `%%EOF`, optionally followed by one end-of-line.
fn ends_with_eof(pdf: &[u8]) -> bool {
    [&b"%%EOF"[..], b"%%EOF\n", b"%%EOF\r\n", b"%%EOF\r"].iter().any(|end| pdf.ends_with(end))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}
