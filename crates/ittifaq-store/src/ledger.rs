//! The joint audit ledger in the database: every audit row is appended, in the
//! same transaction, as a canonical entry (`docs/ledger-format.md`) at the next
//! position of an RFC 9162 Merkle log; checkpoints are signed notes over it.
//! All hashing and signing is done by `ittifaq-ledger`.

use ittifaq_ledger::checkpoint::{Checkpoint, SignedCheckpoint, Signer, VerifierKey};
use ittifaq_ledger::entry::{Entry, EntryDraft};
use ittifaq_ledger::hash::Hash;
use ittifaq_ledger::merkle;
use ittifaq_ledger::verify::{self, Fault, Summary};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, QueryOrder, Set};

use crate::entity::{audit_log, ledger_checkpoint, ledger_entry};
use crate::{Result, Store, StoreError};

/// The key of the PostgreSQL advisory lock that serializes appends, so that two
/// concurrent writers cannot both take the same position (SQLite's write
/// transactions are already serialized by `BEGIN IMMEDIATE`).
const APPEND_LOCK: i64 = 0x1771_0FA0_0001;

fn ledger_error(e: ittifaq_ledger::Error) -> StoreError {
    StoreError::invalid("audit", format!("the change cannot be recorded in the ledger: {e}"))
}

/// Appends the ledger entry of an audit row; called by [`crate::audit::record`].
pub(crate) async fn append<C: ConnectionTrait>(conn: &C, row: &audit_log::Model) -> Result<()> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({APPEND_LOCK})")).await?;
    }
    let last = ledger_entry::Entity::find().order_by_desc(ledger_entry::Column::Seq).one(conn).await?;
    let seq = last.map(|l| l.seq + 1).unwrap_or(0);
    let entry = draft(row, seq)?.validate().map_err(ledger_error)?;
    let bytes = entry.encode();
    let leaf = merkle::leaf_hash(&bytes);
    ledger_entry::ActiveModel {
        seq: Set(seq),
        audit_id: Set(row.id),
        entry: Set(bytes),
        leaf_hash: Set(leaf.to_hex()),
    }
    .insert(conn)
    .await?;
    Ok(())
}

fn draft(row: &audit_log::Model, seq: i64) -> Result<EntryDraft> {
    Ok(EntryDraft {
        seq: u64::try_from(seq).map_err(|_| StoreError::invalid("audit", "negative ledger position"))?,
        time_unix_ms: row.at,
        actor: row.actor.clone(),
        party: row.actor_party.clone(),
        action: row.action.clone(),
        object_type: row.object_type.clone(),
        object_id: row.object_id.clone(),
        before: row.before.clone(),
        after: row.after.clone(),
    })
}

/// Everything needed to verify the ledger offline.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Export {
    pub origin: String,
    /// The host's verifier key, as the host states it; a verifier should trust
    /// the key it obtained out of band instead.
    pub host_key: Option<String>,
    /// Canonical entries, hex.
    pub entries: Vec<String>,
    /// Leaf hashes recorded at append time, hex.
    pub leaf_hashes: Vec<String>,
    /// Signed checkpoints, oldest first.
    pub checkpoints: Vec<String>,
}

/// The result of checking the ledger in a database.
#[derive(Debug)]
pub enum Finding {
    /// The log itself is inconsistent with its checkpoints.
    Log(Fault),
    /// An audit row (what the pages show) differs from its ledger entry.
    AuditRow { seq: u64, audit_id: i64, field: &'static str },
    /// An audit row has no ledger entry, or an entry's audit row is gone.
    Unmatched { audit_id: i64 },
    /// The export or database could not be read.
    Unreadable(String),
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Log(fault) => write!(f, "{fault}"),
            Finding::AuditRow { seq, audit_id, field } => {
                write!(f, "audit row {audit_id} differs from ledger entry {seq} in its {field}")
            }
            Finding::Unmatched { audit_id } => write!(f, "audit row {audit_id} has no matching ledger entry"),
            Finding::Unreadable(m) => write!(f, "{m}"),
        }
    }
}

/// Parses and verifies an export with the given trusted keys.
pub fn verify_export(export: &Export, keys: &[VerifierKey]) -> std::result::Result<Summary, Finding> {
    let entries: Vec<Vec<u8>> = export
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| hex::decode(e).map_err(|_| Finding::Unreadable(format!("entry {i} is not hex"))))
        .collect::<std::result::Result<_, _>>()?;
    let column: Vec<Hash> = export
        .leaf_hashes
        .iter()
        .enumerate()
        .map(|(i, h)| Hash::from_hex(h).map_err(|_| Finding::Unreadable(format!("leaf hash {i} is not a hash"))))
        .collect::<std::result::Result<_, _>>()?;
    let checkpoints: Vec<SignedCheckpoint> = export
        .checkpoints
        .iter()
        .enumerate()
        .map(|(i, n)| SignedCheckpoint::parse(n).map_err(|e| Finding::Unreadable(format!("checkpoint {i}: {e}"))))
        .collect::<std::result::Result<_, _>>()?;
    verify::verify_log(&entries, &checkpoints, keys, Some(&column)).map_err(Finding::Log)
}

impl Store {
    /// The number of entries in the ledger.
    pub async fn ledger_size(&self) -> Result<u64> {
        let last = ledger_entry::Entity::find().order_by_desc(ledger_entry::Column::Seq).one(self.connection()).await?;
        Ok(last.map(|l| l.seq as u64 + 1).unwrap_or(0))
    }

    /// Signs and stores a checkpoint of the whole ledger as it is now.
    pub async fn issue_checkpoint(&self, origin: &str, host: &Signer) -> Result<SignedCheckpoint> {
        let txn = self.write().await?;
        let rows = ledger_entry::Entity::find().order_by_asc(ledger_entry::Column::Seq).all(&txn).await?;
        let leaves: Vec<Hash> = rows.iter().map(|r| merkle::leaf_hash(&r.entry)).collect();
        let checkpoint = Checkpoint::new(origin, leaves.len() as u64, merkle::root(&leaves)).map_err(ledger_error)?;
        let signed = SignedCheckpoint::sign(checkpoint, host).map_err(ledger_error)?;
        ledger_checkpoint::ActiveModel {
            size: Set(leaves.len() as i64),
            note: Set(signed.note().to_string()),
            created_at: Set(self.now_ms()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(signed)
    }

    /// The signed checkpoints, oldest first.
    pub async fn checkpoints(&self) -> Result<Vec<ledger_checkpoint::Model>> {
        Ok(ledger_checkpoint::Entity::find().order_by_asc(ledger_checkpoint::Column::Id).all(self.connection()).await?)
    }

    /// Everything needed to verify the ledger offline.
    pub async fn export_ledger(&self, origin: &str, host_key: Option<String>) -> Result<Export> {
        let rows = ledger_entry::Entity::find().order_by_asc(ledger_entry::Column::Seq).all(self.connection()).await?;
        Ok(Export {
            origin: origin.to_owned(),
            host_key,
            entries: rows.iter().map(|r| hex::encode(&r.entry)).collect(),
            leaf_hashes: rows.iter().map(|r| r.leaf_hash.clone()).collect(),
            checkpoints: self.checkpoints().await?.into_iter().map(|c| c.note).collect(),
        })
    }

    /// Verifies the ledger in this database: the log against its checkpoints,
    /// then every audit row against its ledger entry.
    pub async fn verify_ledger(
        &self,
        origin: &str,
        keys: &[VerifierKey],
    ) -> Result<std::result::Result<Summary, Finding>> {
        let export = self.export_ledger(origin, None).await?;
        let summary = match verify_export(&export, keys) {
            Ok(s) => s,
            Err(f) => return Ok(Err(f)),
        };
        let entries =
            ledger_entry::Entity::find().order_by_asc(ledger_entry::Column::Seq).all(self.connection()).await?;
        let audits = audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(self.connection()).await?;
        let by_id: std::collections::HashMap<i64, &audit_log::Model> = audits.iter().map(|a| (a.id, a)).collect();
        for e in &entries {
            let Some(row) = by_id.get(&e.audit_id) else {
                return Ok(Err(Finding::Unmatched { audit_id: e.audit_id }));
            };
            let entry = match Entry::decode(&e.entry) {
                Ok(entry) => entry,
                Err(err) => return Ok(Err(Finding::Unreadable(format!("ledger entry {}: {err}", e.seq)))),
            };
            let expected = draft(row, e.seq)?;
            let got = entry.into_draft();
            let field = if got.time_unix_ms != expected.time_unix_ms {
                Some("time")
            } else if got.actor != expected.actor || got.party != expected.party {
                Some("actor")
            } else if got.action != expected.action {
                Some("action")
            } else if got.object_type != expected.object_type || got.object_id != expected.object_id {
                Some("object")
            } else if got.before != expected.before {
                Some("before")
            } else if got.after != expected.after {
                Some("after")
            } else {
                None
            };
            if let Some(field) = field {
                return Ok(Err(Finding::AuditRow { seq: e.seq as u64, audit_id: e.audit_id, field }));
            }
        }
        let recorded: std::collections::HashSet<i64> = entries.iter().map(|e| e.audit_id).collect();
        if let Some(orphan) = audits.iter().find(|a| !recorded.contains(&a.id)) {
            return Ok(Err(Finding::Unmatched { audit_id: orphan.id }));
        }
        Ok(Ok(summary))
    }
}

/// One entry with its proof of inclusion in a tree of `tree_size` entries.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InclusionView {
    pub seq: u64,
    pub tree_size: u64,
    pub leaf_hash: String,
    /// The canonical entry in hex; withheld when it records another party's record.
    pub entry: Option<String>,
    /// Audit hashes from the leaf up, hex (RFC 9162 §2.1.3).
    pub proof: Vec<String>,
}

/// A consistency proof between two tree sizes.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsistencyView {
    pub first: u64,
    pub second: u64,
    /// RFC 9162 §2.1.4 proof, hex.
    pub proof: Vec<String>,
}

impl Store {
    async fn leaves(&self) -> Result<Vec<(ledger_entry::Model, Hash)>> {
        let rows = ledger_entry::Entity::find().order_by_asc(ledger_entry::Column::Seq).all(self.connection()).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let leaf = merkle::leaf_hash(&r.entry);
                (r, leaf)
            })
            .collect())
    }

    /// An entry with its inclusion proof; `tree_size` defaults to the latest checkpoint's size.
    pub async fn ledger_inclusion(
        &self,
        actor: &crate::Actor,
        seq: u64,
        tree_size: Option<u64>,
    ) -> Result<InclusionView> {
        let leaves = self.leaves().await?;
        let latest = self.checkpoints().await?.last().map(|c| c.size as u64);
        let size = tree_size.or(latest).unwrap_or(leaves.len() as u64);
        if size > leaves.len() as u64 {
            return Err(StoreError::invalid("tree_size", format!("the ledger has {} entries", leaves.len())));
        }
        if seq >= size {
            return Err(StoreError::NotFound(format!("ledger entry {seq} in a tree of {size}")));
        }
        let hashes: Vec<Hash> = leaves.iter().map(|(_, h)| *h).collect();
        let proof = merkle::inclusion_proof(&hashes[..], seq, size).map_err(ledger_error)?;
        let (row, leaf) = &leaves[seq as usize];
        let audit = audit_log::Entity::find_by_id(row.audit_id).one(self.connection()).await?;
        let own = audit.is_some_and(|a| a.object_party == actor.party.as_str());
        Ok(InclusionView {
            seq,
            tree_size: size,
            leaf_hash: leaf.to_hex(),
            entry: own.then(|| hex::encode(&row.entry)),
            proof: proof.iter().map(Hash::to_hex).collect(),
        })
    }

    /// A consistency proof between two sizes of the ledger.
    pub async fn ledger_consistency(&self, first: u64, second: u64) -> Result<ConsistencyView> {
        let leaves = self.leaves().await?;
        if first > second || second > leaves.len() as u64 {
            return Err(StoreError::invalid(
                "second",
                format!("need first ≤ second ≤ {} (the ledger's size)", leaves.len()),
            ));
        }
        let hashes: Vec<Hash> = leaves.iter().map(|(_, h)| *h).collect();
        let proof = merkle::consistency_proof(&hashes[..], first, second).map_err(ledger_error)?;
        Ok(ConsistencyView { first, second, proof: proof.iter().map(Hash::to_hex).collect() })
    }
}
