//! Audit events ([`Entry`]) and their canonical, versioned binary encoding: the exact
//! bytes that are hashed into the Merkle tree (see `docs/ledger-format.md`).
//!
//! An [`Entry`] can only be obtained through validation ([`EntryDraft::validate`] or
//! [`Entry::decode`]), so every `Entry` in memory encodes and decodes losslessly.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hash::Hash;
use crate::merkle;

/// The only encoding version this crate writes and reads.
pub const VERSION: u8 = 1;
/// Limit for the short text fields (actor, party, action, object type, object id).
pub const MAX_SHORT_FIELD: usize = 1024;
/// Limit for the `before` / `after` JSON snapshots (1 MiB each).
pub const MAX_SNAPSHOT_FIELD: usize = 1 << 20;
/// Limit for a party code: short ASCII codes such as `TR` or `SY`.
pub const MAX_PARTY_LEN: usize = 16;

/// Unvalidated entry fields, as a caller assembles them; turn into an [`Entry`] with
/// [`EntryDraft::validate`]. Also the serde form of an [`Entry`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDraft {
    /// Position in the ledger, starting at 0; must equal the leaf index.
    pub seq: u64,
    /// Event time in milliseconds since the Unix epoch (may be negative).
    pub time_unix_ms: i64,
    /// User name of the person who acted.
    pub actor: String,
    /// Party code of the actor, e.g. `TR` or `SY`.
    pub party: String,
    /// What was done, e.g. `trainee.update`.
    pub action: String,
    /// Kind of the object acted on, e.g. `trainee`.
    pub object_type: String,
    /// Identifier of the object acted on.
    pub object_id: String,
    /// JSON text of the object before the action, if any.
    pub before: Option<String>,
    /// JSON text of the object after the action, if any.
    pub after: Option<String>,
}

impl EntryDraft {
    /// Check every field against the format rules and produce an [`Entry`].
    pub fn validate(self) -> Result<Entry> {
        check_short("actor", &self.actor)?;
        check_party(&self.party)?;
        check_short("action", &self.action)?;
        check_short("object_type", &self.object_type)?;
        check_short("object_id", &self.object_id)?;
        check_snapshot("before", self.before.as_deref())?;
        check_snapshot("after", self.after.as_deref())?;
        Ok(Entry(self))
    }
}

/// A validated audit event (format version 1). Fields are read through accessors so
/// the validation done at construction cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EntryDraft", into = "EntryDraft")]
pub struct Entry(EntryDraft);

impl TryFrom<EntryDraft> for Entry {
    type Error = Error;
    fn try_from(d: EntryDraft) -> Result<Self> {
        d.validate()
    }
}

impl From<Entry> for EntryDraft {
    fn from(e: Entry) -> Self {
        e.0
    }
}

fn check_len(field: &'static str, s: &str, max: usize) -> Result<()> {
    if s.len() > max {
        return Err(Error::FieldTooLong { field, len: s.len(), max });
    }
    Ok(())
}

fn check_short(field: &'static str, s: &str) -> Result<()> {
    check_len(field, s, MAX_SHORT_FIELD)?;
    if s.is_empty() {
        return Err(Error::FieldInvalid { field, reason: "must not be empty" });
    }
    Ok(())
}

fn check_party(s: &str) -> Result<()> {
    check_len("party", s, MAX_PARTY_LEN)?;
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return Err(Error::FieldInvalid { field: "party", reason: "must be 1-16 characters A-Z or 0-9" });
    }
    Ok(())
}

fn check_snapshot(field: &'static str, s: Option<&str>) -> Result<()> {
    match s {
        Some(s) => check_len(field, s, MAX_SNAPSHOT_FIELD),
        None => Ok(()),
    }
}

impl Entry {
    /// Format version (always [`VERSION`]).
    pub fn version(&self) -> u8 {
        VERSION
    }
    /// Ledger position (equals the leaf index).
    pub fn seq(&self) -> u64 {
        self.0.seq
    }
    /// Event time, milliseconds since the Unix epoch.
    pub fn time_unix_ms(&self) -> i64 {
        self.0.time_unix_ms
    }
    /// User name of the actor.
    pub fn actor(&self) -> &str {
        &self.0.actor
    }
    /// Party code of the actor.
    pub fn party(&self) -> &str {
        &self.0.party
    }
    /// Action performed.
    pub fn action(&self) -> &str {
        &self.0.action
    }
    /// Kind of object acted on.
    pub fn object_type(&self) -> &str {
        &self.0.object_type
    }
    /// Identifier of the object acted on.
    pub fn object_id(&self) -> &str {
        &self.0.object_id
    }
    /// JSON snapshot before the action.
    pub fn before(&self) -> Option<&str> {
        self.0.before.as_deref()
    }
    /// JSON snapshot after the action.
    pub fn after(&self) -> Option<&str> {
        self.0.after.as_deref()
    }
    /// Back to editable fields (e.g. to build a corrected entry).
    pub fn into_draft(self) -> EntryDraft {
        self.0
    }

    /// Canonical encoding (see `docs/ledger-format.md`). Infallible because an
    /// `Entry` is validated at construction.
    pub fn encode(&self) -> Vec<u8> {
        let d = &self.0;
        let var_len = d.actor.len()
            + d.party.len()
            + d.action.len()
            + d.object_type.len()
            + d.object_id.len()
            + d.before.as_ref().map_or(0, |s| s.len() + 4)
            + d.after.as_ref().map_or(0, |s| s.len() + 4);
        let mut out = Vec::with_capacity(1 + 8 + 8 + 5 * 4 + 2 + var_len);
        out.push(VERSION);
        out.extend_from_slice(&d.seq.to_be_bytes());
        out.extend_from_slice(&d.time_unix_ms.to_be_bytes());
        for s in [&d.actor, &d.party, &d.action, &d.object_type, &d.object_id] {
            put_str(&mut out, s);
        }
        for o in [&d.before, &d.after] {
            match o {
                None => out.push(0),
                Some(s) => {
                    out.push(1);
                    put_str(&mut out, s);
                }
            }
        }
        out
    }

    /// RFC 6962 leaf hash of the canonical encoding: `SHA-256(0x00 || encode())`.
    pub fn leaf_hash(&self) -> Hash {
        merkle::leaf_hash(&self.encode())
    }

    /// Decode the canonical encoding, rejecting anything [`Entry::encode`] would not
    /// produce: wrong version, truncation, trailing bytes, over-long fields, invalid
    /// UTF-8, bad presence bytes and content-rule violations.
    pub fn decode(bytes: &[u8]) -> Result<Entry> {
        let mut r = Reader { buf: bytes, pos: 0 };
        let version = r.u8()?;
        if version != VERSION {
            return Err(Error::EntryVersion(version));
        }
        let seq = u64::from_be_bytes(r.array()?);
        let time_unix_ms = i64::from_be_bytes(r.array()?);
        let actor = r.string("actor", MAX_SHORT_FIELD)?;
        let party = r.string("party", MAX_PARTY_LEN)?;
        let action = r.string("action", MAX_SHORT_FIELD)?;
        let object_type = r.string("object_type", MAX_SHORT_FIELD)?;
        let object_id = r.string("object_id", MAX_SHORT_FIELD)?;
        let before = r.opt_string("before", MAX_SNAPSHOT_FIELD)?;
        let after = r.opt_string("after", MAX_SNAPSHOT_FIELD)?;
        if r.pos != bytes.len() {
            return Err(Error::EntryTrailingBytes { offset: r.pos, count: bytes.len() - r.pos });
        }
        EntryDraft { seq, time_unix_ms, actor, party, action, object_type, object_id, before, after }.validate()
    }

    /// Checks an encoding exactly as [`Entry::decode`] does (same rules, same
    /// errors) without building the entry, and returns its `seq`: the streaming
    /// verifier's inner loop, which must not allocate per entry.
    pub fn check(bytes: &[u8]) -> Result<u64> {
        let mut r = Reader { buf: bytes, pos: 0 };
        let version = r.u8()?;
        if version != VERSION {
            return Err(Error::EntryVersion(version));
        }
        let seq = u64::from_be_bytes(r.array()?);
        r.take(8)?;
        let actor = r.str_ref("actor", MAX_SHORT_FIELD)?;
        let party = r.str_ref("party", MAX_PARTY_LEN)?;
        let action = r.str_ref("action", MAX_SHORT_FIELD)?;
        let object_type = r.str_ref("object_type", MAX_SHORT_FIELD)?;
        let object_id = r.str_ref("object_id", MAX_SHORT_FIELD)?;
        let before = r.opt_str_ref("before", MAX_SNAPSHOT_FIELD)?;
        let after = r.opt_str_ref("after", MAX_SNAPSHOT_FIELD)?;
        if r.pos != bytes.len() {
            return Err(Error::EntryTrailingBytes { offset: r.pos, count: bytes.len() - r.pos });
        }
        check_short("actor", actor)?;
        check_party(party)?;
        check_short("action", action)?;
        check_short("object_type", object_type)?;
        check_short("object_id", object_id)?;
        check_snapshot("before", before)?;
        check_snapshot("after", after)?;
        Ok(seq)
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    // Lengths fit in u32: validation caps every field at 1 MiB.
    let len = u32::try_from(s.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Bounds-checked cursor; every read returns an error instead of panicking.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        match rest.get(..n) {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => Err(Error::EntryTruncated { offset: self.pos, needed: n - rest.len() }),
        }
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    fn string(&mut self, field: &'static str, max: usize) -> Result<String> {
        self.str_ref(field, max).map(str::to_owned)
    }

    fn opt_str_ref(&mut self, field: &'static str, max: usize) -> Result<Option<&'a str>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str_ref(field, max).map(Some),
            byte => Err(Error::BadPresenceByte { field, byte }),
        }
    }

    fn str_ref(&mut self, field: &'static str, max: usize) -> Result<&'a str> {
        let len = u32::from_be_bytes(self.array()?);
        // Check the declared length before reading so a hostile length prefix is
        // reported as such (and never drives an allocation).
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        if len > max {
            return Err(Error::FieldTooLong { field, len, max });
        }
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes).map_err(|_| Error::FieldNotUtf8 { field })
    }

    fn opt_string(&mut self, field: &'static str, max: usize) -> Result<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string(field, max).map(Some),
            byte => Err(Error::BadPresenceByte { field, byte }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first test vector of `docs/ledger-format.md`.
    pub(crate) fn vector1() -> Entry {
        EntryDraft {
            seq: 0,
            time_unix_ms: 1_767_225_600_000,
            actor: "ayilmaz".into(),
            party: "TR".into(),
            action: "create".into(),
            object_type: "trainee".into(),
            object_id: "42".into(),
            before: None,
            after: Some(r#"{"rank":"Lt"}"#.into()),
        }
        .validate()
        .expect("vector 1 is valid")
    }

    /// The second test vector: both snapshots, non-ASCII text, negative time.
    pub(crate) fn vector2() -> Entry {
        EntryDraft {
            seq: 1,
            time_unix_ms: -1,
            actor: "şahin".into(),
            party: "SY".into(),
            action: "update".into(),
            object_type: "course".into(),
            object_id: "c-7".into(),
            before: Some("{}".into()),
            after: Some("{\"a\":1}".into()),
        }
        .validate()
        .expect("vector 2 is valid")
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn documented_vectors() {
        let e1 = vector1();
        assert_eq!(hex(&e1.encode()), VECTOR1_HEX);
        assert_eq!(e1.leaf_hash().to_hex(), VECTOR1_LEAF);
        let e2 = vector2();
        assert_eq!(hex(&e2.encode()), VECTOR2_HEX);
        assert_eq!(e2.leaf_hash().to_hex(), VECTOR2_LEAF);
    }

    // Computed independently (Python struct + hashlib) and copied into the docs.
    const VECTOR1_HEX: &str = concat!(
        "01",
        "0000000000000000",
        "0000019b76daa800",
        "00000007",
        "6179696c6d617a",
        "00000002",
        "5452",
        "00000006",
        "637265617465",
        "00000007",
        "747261696e6565",
        "00000002",
        "3432",
        "00",
        "01",
        "0000000d",
        "7b2272616e6b223a224c74227d"
    );
    const VECTOR1_LEAF: &str = "401a650a72a6d1e2fed1b8bb9495280e1b74fd72a0cb2b5286c18064e692c20f";
    const VECTOR2_HEX: &str = concat!(
        "01",
        "0000000000000001",
        "ffffffffffffffff",
        "00000006",
        "c59f6168696e",
        "00000002",
        "5359",
        "00000006",
        "757064617465",
        "00000006",
        "636f75727365",
        "00000003",
        "632d37",
        "01",
        "00000002",
        "7b7d",
        "01",
        "00000007",
        "7b2261223a317d"
    );
    const VECTOR2_LEAF: &str = "a8956bbe195ef162c9cb6ffe1a727401b4490b921cd44594335724f81f58eb2e";

    #[test]
    fn round_trip() {
        for e in [vector1(), vector2()] {
            assert_eq!(Entry::decode(&e.encode()), Ok(e));
        }
    }

    #[test]
    fn rejects_bad_input() {
        let good = vector1().encode();
        // Every strict prefix is truncated.
        for n in 0..good.len() {
            assert!(matches!(Entry::decode(&good[..n]), Err(Error::EntryTruncated { .. })), "prefix {n}");
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert_eq!(Entry::decode(&trailing), Err(Error::EntryTrailingBytes { offset: good.len(), count: 1 }));
        let mut v2 = good.clone();
        v2[0] = 2;
        assert_eq!(Entry::decode(&v2), Err(Error::EntryVersion(2)));
        // Actor length prefix starts at offset 17: claim 4 GiB.
        let mut long = good.clone();
        long[17..21].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(Entry::decode(&long), Err(Error::FieldTooLong { field: "actor", .. })));
        // Actor text starts at 21; 0xff is never valid UTF-8.
        let mut utf = good.clone();
        utf[21] = 0xff;
        assert_eq!(Entry::decode(&utf), Err(Error::FieldNotUtf8 { field: "actor" }));
    }

    #[test]
    fn validation_rules() {
        let mut d = vector1().into_draft();
        d.party = "tr".into();
        assert!(matches!(d.clone().validate(), Err(Error::FieldInvalid { field: "party", .. })));
        d.party = "TR".into();
        d.actor = String::new();
        assert!(d.clone().validate().is_err());
        d.actor = "a".repeat(MAX_SHORT_FIELD + 1);
        assert!(matches!(d.validate(), Err(Error::FieldTooLong { field: "actor", .. })));
    }
}
