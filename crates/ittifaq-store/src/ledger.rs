//! The joint audit ledger in the database: every audit row is appended, in the
//! same transaction, as a canonical entry (`docs/ledger-format.md`) at the next
//! position of an RFC 9162 Merkle log; checkpoints are signed notes over it.
//! All hashing and signing is done by `ittifaq-ledger`.

use ittifaq_core::Msg;
use ittifaq_ledger::checkpoint::{Checkpoint, SignedCheckpoint, Signer, VerifierKey};
use ittifaq_ledger::entry::{Entry, EntryDraft};
use ittifaq_ledger::hash::Hash;
use ittifaq_ledger::merkle::{self, Frontier, NodeMap};
use ittifaq_ledger::verify::{self, Fault, Summary};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use sea_orm::sea_query::{Expr, Func, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement,
};

use crate::entity::{audit_log, ledger_checkpoint, ledger_cosignature, ledger_entry, ledger_node, ledger_witness_key};
use crate::{Result, Store, StoreError};

/// The key of the PostgreSQL advisory lock that serializes appends (see
/// [`insert_audit_row`]).
const APPEND_LOCK: i64 = 0x1771_0FA0_0001;

fn ledger_error(e: ittifaq_ledger::Error) -> StoreError {
    StoreError::invalid("audit", Msg::new("invalid-ledger-record").arg("error", e))
}

/// What a store knows of the end of the ledger: the frontier of its tree (the
/// roots of its perfect subtrees) and the last entry's leaf hash. With it an
/// append computes the nodes it completes without reading any; it is only a
/// hint, checked by the append that uses it (see [`append`]).
#[derive(Debug, Clone)]
pub struct Tail {
    frontier: Frontier,
    last_leaf: Option<Hash>,
}

/// The tail a store's write transactions share; `None` until the first append.
pub type TailCache = Arc<Mutex<Option<Tail>>>;

/// A connection through which audited changes are recorded. A store's write
/// transaction carries the store's [`TailCache`]; any other connection reads
/// the end of the ledger anew at each append.
pub trait Appender: ConnectionTrait {
    fn tail_cache(&self) -> Option<&TailCache>;
}

impl Appender for sea_orm::DatabaseTransaction {
    fn tail_cache(&self) -> Option<&TailCache> {
        None
    }
}

impl Appender for crate::WriteTxn {
    fn tail_cache(&self) -> Option<&TailCache> {
        Some(&self.tail)
    }
}

/// Inserts an audit row and returns its id. On PostgreSQL the same statement
/// first takes the ledger's append lock (an advisory lock held to the end of
/// the transaction), so that two writers cannot both take the same position;
/// SQLite's write transactions are already serialized by `BEGIN IMMEDIATE`.
pub(crate) async fn insert_audit_row<C: ConnectionTrait>(conn: &C, row: &audit_log::Model) -> Result<i64> {
    use audit_log::Column as A;
    let mut values = Query::select();
    values.exprs([
        Expr::val(row.at),
        Expr::val(row.actor.as_str()),
        Expr::val(row.actor_party.as_str()),
        Expr::val(row.action.as_str()),
        Expr::val(row.object_type.as_str()),
        Expr::val(row.object_id.as_str()),
        Expr::val(row.object_party.as_str()),
        Expr::val(row.before.clone()),
        Expr::val(row.after.clone()),
    ]);
    let backend = conn.get_database_backend();
    if backend == DbBackend::Postgres {
        let lock = Query::select().expr(Func::cust("pg_advisory_xact_lock").arg(APPEND_LOCK)).to_owned();
        values.from_subquery(lock, "append_turn");
    }
    let insert = Query::insert()
        .into_table(audit_log::Entity)
        .columns([
            A::At,
            A::Actor,
            A::ActorParty,
            A::Action,
            A::ObjectType,
            A::ObjectId,
            A::ObjectParty,
            A::Before,
            A::After,
        ])
        .select_from(values)
        .map_err(|e| StoreError::invalid("audit", Msg::new("invalid-audit-row").arg("error", e)))?
        .returning_col(A::Id)
        .to_owned();
    let row = conn
        .query_one(&insert)
        .await?
        .ok_or_else(|| StoreError::invalid("audit", Msg::new("invalid-audit-not-stored")))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

/// Appends the ledger entry of an audit row inserted by [`insert_audit_row`]
/// in the same transaction (which holds the append lock); called by
/// [`crate::audit::record`].
///
/// The entry and the subtree hashes it completes go in with one statement on
/// PostgreSQL (two on SQLite), on the condition that the ledger still ends
/// where the cached [`Tail`] says. A tail from before another process's
/// append, or from a transaction that rolled back, fails that condition and
/// inserts nothing; the tail is then read from the database and the append
/// made again. Under the lock a tail read from the database is current, so
/// the second attempt holds.
pub(crate) async fn append<C: Appender>(conn: &C, row: &audit_log::Model) -> Result<()> {
    let mut hint = conn.tail_cache().and_then(|c| c.lock().ok().and_then(|t| t.clone()));
    for _ in 0..2 {
        let mut tail = match hint.take() {
            Some(t) => t,
            None => read_tail(conn).await?,
        };
        let seq = tail.frontier.size();
        let seq_i = i64::try_from(seq).map_err(|_| StoreError::invalid("audit", Msg::new("invalid-ledger-full")))?;
        let entry = draft(row, seq_i)?.validate().map_err(ledger_error)?;
        let bytes = entry.encode();
        let leaf = merkle::leaf_hash(&bytes);
        let nodes = tail.frontier.append(leaf);
        if insert_if_tail(conn, seq_i, row.id, bytes, leaf, tail.last_leaf, &nodes).await? {
            tail.last_leaf = Some(leaf);
            if let Some(Ok(mut c)) = conn.tail_cache().map(|c| c.lock()) {
                *c = Some(tail);
            }
            return Ok(());
        }
    }
    Err(StoreError::Conflict(Msg::new("conflict-ledger-changed")))
}

/// The end of the ledger as stored: its frontier, read from the stored
/// subtree hashes (one query), and its last leaf hash.
async fn read_tail<C: ConnectionTrait>(conn: &C) -> Result<Tail> {
    let last: Option<(i64, String)> = ledger_entry::Entity::find()
        .select_only()
        .column(ledger_entry::Column::Seq)
        .column(ledger_entry::Column::LeafHash)
        .order_by_desc(ledger_entry::Column::Seq)
        .into_tuple()
        .one(conn)
        .await?;
    let size = last.as_ref().map_or(0, |(seq, _)| *seq as u64 + 1);
    let frontier = from_nodes(conn, size, |m| Frontier::from_source(m, size)).await?;
    let last_leaf = last.map(|(_, h)| Hash::from_hex(&h)).transpose().map_err(ledger_error)?;
    Ok(Tail { frontier, last_leaf })
}

/// Inserts a ledger entry at `seq` and the subtree hashes it completes if
/// the ledger's last entry still has the leaf hash `after` (none: the ledger
/// is empty); returns whether it did.
async fn insert_if_tail<C: ConnectionTrait>(
    conn: &C,
    seq: i64,
    audit_id: i64,
    entry: Vec<u8>,
    leaf: Hash,
    after: Option<Hash>,
    nodes: &[(u32, u64, Hash)],
) -> Result<bool> {
    let backend = conn.get_database_backend();
    let mut values: Vec<sea_orm::Value> =
        vec![seq.into(), audit_id.into(), entry.into(), leaf.to_hex().into(), after.map(|h| h.to_hex()).into()];
    if backend == DbBackend::Postgres {
        // The entry in a data-modifying CTE, the nodes from its RETURNING: no
        // entry, no nodes, and the count of nodes says which it was.
        let mut rows = Vec::new();
        for (level, idx, hash) in nodes {
            let n = values.len();
            rows.push(format!("(${}::integer, ${}::bigint, ${}::bytea)", n + 1, n + 2, n + 3));
            values.extend([(*level as i32).into(), (*idx as i64).into(), hash.as_bytes().to_vec().into()]);
        }
        let sql = format!(
            "WITH e AS (INSERT INTO ledger_entry (seq, audit_id, entry, leaf_hash) \
             SELECT $1, $2, $3, $4 \
             WHERE (SELECT leaf_hash FROM ledger_entry ORDER BY seq DESC LIMIT 1) IS NOT DISTINCT FROM $5::text \
             RETURNING seq) \
             INSERT INTO ledger_node (level, idx, hash) SELECT v.level, v.idx, v.hash FROM e, (VALUES {}) AS v(level, idx, hash)",
            rows.join(", ")
        );
        let done = conn.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
        return Ok(done.rows_affected() == nodes.len() as u64 && !nodes.is_empty());
    }
    let sql = "INSERT INTO ledger_entry (seq, audit_id, entry, leaf_hash) SELECT ?, ?, ?, ? \
               WHERE (SELECT leaf_hash FROM ledger_entry ORDER BY seq DESC LIMIT 1) IS ?";
    let done = conn.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    insert_nodes(conn, nodes).await?;
    Ok(true)
}

/// The stored nodes at the given (level, index) positions that exist, read
/// 200 positions a query.
async fn stored_nodes<C: ConnectionTrait>(conn: &C, wanted: &[(u32, u64)]) -> Result<BTreeMap<(u32, u64), Hash>> {
    let mut out = BTreeMap::new();
    for chunk in wanted.chunks(200) {
        let mut any = Condition::any();
        for &(level, idx) in chunk {
            any = any.add(
                Condition::all()
                    .add(ledger_node::Column::Level.eq(level as i32))
                    .add(ledger_node::Column::Idx.eq(idx as i64)),
            );
        }
        for row in ledger_node::Entity::find().filter(any).all(conn).await? {
            out.insert((row.level as u32, row.idx as u64), Hash::from_slice(&row.hash).map_err(ledger_error)?);
        }
    }
    Ok(out)
}

/// Checks the stored tree from size `from` to `size` against the entries: the
/// frontier at `from` must give `signed_root` (the last checkpoint's), each
/// entry from `from` on its stored leaf hash, each subtree they complete its
/// stored hash, and the whole `root` (as computed from the stored nodes).
async fn check_tree_since<C: ConnectionTrait>(
    conn: &C,
    from: u64,
    signed_root: Option<Hash>,
    size: u64,
    root: Hash,
) -> Result<std::result::Result<(), Finding>> {
    let mut frontier = from_nodes(conn, from, |m| merkle::Frontier::from_source(m, from)).await?;
    if let Some(signed) = signed_root
        && frontier.root() != signed
    {
        // Name the first frontier node: the damage is in one of them.
        return Ok(Err(Finding::Node { level: 63u32.saturating_sub(from.leading_zeros()), index: 0 }));
    }
    let mut next = from as i64;
    while (next as u64) < size {
        let rows = ledger_entry::Entity::find()
            .filter(ledger_entry::Column::Seq.gte(next))
            .order_by_asc(ledger_entry::Column::Seq)
            .limit(5_000)
            .all(conn)
            .await?;
        let Some(last) = rows.last() else { break };
        next = last.seq + 1;
        let mut expected: Vec<(u32, u64, Hash)> = Vec::new();
        for r in &rows {
            let leaf = merkle::leaf_hash(&r.entry);
            if Hash::from_hex(&r.leaf_hash).ok() != Some(leaf) {
                return Ok(Err(Finding::LeafColumn { seq: r.seq as u64 }));
            }
            expected.extend(frontier.append(leaf));
        }
        // One range query per level: the nodes a batch completes are contiguous on each.
        let mut ranges: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
        for (level, index, _) in &expected {
            let r = ranges.entry(*level).or_insert((*index, *index));
            r.0 = r.0.min(*index);
            r.1 = r.1.max(*index);
        }
        let mut stored: BTreeMap<(u32, u64), Vec<u8>> = BTreeMap::new();
        for (level, (lo, hi)) in ranges {
            let rows = ledger_node::Entity::find()
                .filter(ledger_node::Column::Level.eq(level as i32))
                .filter(ledger_node::Column::Idx.between(lo as i64, hi as i64))
                .all(conn)
                .await?;
            stored.extend(rows.into_iter().map(|n| ((level, n.idx as u64), n.hash)));
        }
        for (level, index, hash) in expected {
            if stored.get(&(level, index)).map(Vec::as_slice) != Some(hash.as_bytes().as_slice()) {
                return Ok(Err(Finding::Node { level, index }));
            }
        }
    }
    if frontier.size() == size && frontier.root() != root {
        return Ok(Err(Finding::Node { level: 63u32.saturating_sub(size.leading_zeros()), index: 0 }));
    }
    Ok(Ok(()))
}

async fn insert_nodes<C: ConnectionTrait>(conn: &C, nodes: &[(u32, u64, Hash)]) -> Result<()> {
    if nodes.is_empty() {
        return Ok(());
    }
    ledger_node::Entity::insert_many(nodes.iter().map(|(level, idx, hash)| ledger_node::ActiveModel {
        level: Set(*level as i32),
        idx: Set(*idx as i64),
        hash: Set(hash.as_bytes().to_vec()),
    }))
    .exec(conn)
    .await?;
    Ok(())
}

/// Runs a tree operation on the stored nodes: a first pass learns which
/// (level, index) nodes it needs, one query fetches exactly those, and a
/// second pass computes the answer. O(log n) rows, whatever the size.
async fn from_nodes<C: ConnectionTrait, T>(
    conn: &C,
    size: u64,
    op: impl Fn(&NodeMap) -> ittifaq_ledger::Result<T>,
) -> Result<T> {
    let mut map = NodeMap::new(size);
    let _ = op(&map);
    for ((level, idx), hash) in stored_nodes(conn, &map.missing()).await? {
        map.insert(level, idx, hash);
    }
    map.clear_missing();
    let out = op(&map).map_err(ledger_error)?;
    if let Some((level, idx)) = map.missing().first() {
        return Err(StoreError::invalid(
            "ledger",
            Msg::new("invalid-ledger-node-missing").arg("level", level).arg("index", idx),
        ));
    }
    Ok(out)
}

impl Store {
    /// Copies into the node mirror every committed node it lacks, so that the
    /// first proof after a restart or a long gap does not wait for the copy.
    /// Returns the tree size the mirror now covers (0 without a mirror).
    pub async fn fill_node_mirror(&self) -> Result<u64> {
        let Some(mirror) = &self.nodes else { return Ok(0) };
        let size = self.ledger_size().await?;
        mirror.with_size(self.connection(), size, |_| ()).await?;
        Ok(size)
    }

    /// Runs a tree operation on the stored nodes of a `size`-leaf tree: from the
    /// node mirror when the store has one (a few positional file reads), else
    /// with one query. `size` must not exceed the committed ledger.
    async fn on_nodes<T>(&self, size: u64, op: impl Fn(&NodeMap) -> ittifaq_ledger::Result<T>) -> Result<T> {
        let Some(mirror) = &self.nodes else {
            return from_nodes(self.connection(), size, op).await;
        };
        let out = mirror
            .with_size(self.connection(), size, |reader| NodeMap::two_pass(size, &op, |wanted| reader.nodes(wanted)))
            .await??;
        out.map_err(ledger_error)
    }
}

fn draft(row: &audit_log::Model, seq: i64) -> Result<EntryDraft> {
    Ok(EntryDraft {
        seq: u64::try_from(seq)
            .map_err(|_| StoreError::invalid("audit", Msg::new("invalid-ledger-position-negative")))?,
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
    /// Signed checkpoints, oldest first, with the witnesses' cosignature lines
    /// after the host's signature.
    pub checkpoints: Vec<String>,
    /// The witness keys the parties registered, as the host's database states
    /// them; a verifier should trust the key it obtained from the witness instead.
    #[serde(default)]
    pub witness_keys: Vec<WitnessKey>,
}

/// A party's witness key in an export.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct WitnessKey {
    pub party: String,
    /// The C2SP verifier key string.
    pub key: String,
}

/// How far one witness party vouches for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witnessed {
    pub party: String,
    /// The largest checkpoint size the party cosigned; `None` if none.
    pub size: Option<u64>,
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
    /// A stored cosignature does not verify with the witness key it was stored under.
    BadCosignature { checkpoint_id: i64, party: String },
    /// A witness the verifier requires has cosigned no checkpoint.
    NotWitnessed { party: String, reason: String },
    /// The stored leaf hash of an entry is not the hash of its bytes.
    LeafColumn { seq: u64 },
    /// A stored subtree hash (`ledger_node`) is not the one its entries give,
    /// or is missing, or is one the entries do not make.
    Node { level: u32, index: u64 },
    /// A subtree hash in the node mirror files (which serve proofs) is not
    /// the one the entries give, or is missing.
    MirrorNode { level: u32, index: u64 },
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
            Finding::BadCosignature { checkpoint_id, party } => {
                write!(
                    f,
                    "the cosignature of {party} on checkpoint {checkpoint_id} does not verify with its witness key"
                )
            }
            Finding::NotWitnessed { party, reason } => write!(f, "not witnessed by {party}: {reason}"),
            Finding::LeafColumn { seq } => {
                write!(f, "the stored leaf hash of ledger entry {seq} is not the hash of the entry")
            }
            Finding::Node { level, index } => write!(
                f,
                "the stored subtree hash ({level}, {index}) does not match the entries below it (proofs and checkpoints read it)"
            ),
            Finding::MirrorNode { level, index } => write!(
                f,
                "the subtree hash ({level}, {index}) in the node mirror files does not match the entries below it (proofs read it)"
            ),
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
    let summary = verify::verify_log(&entries, &checkpoints, keys, Some(&column)).map_err(Finding::Log)?;
    // The whole column, not only the part the checkpoints vouch for: a wrong
    // stored leaf hash feeds the proofs and the next checkpoint.
    if column.len() != entries.len() {
        return Err(Finding::LeafColumn { seq: column.len().min(entries.len()) as u64 });
    }
    if let Some(seq) = entries.iter().zip(&column).position(|(e, h)| merkle::leaf_hash(e) != *h) {
        return Err(Finding::LeafColumn { seq: seq as u64 });
    }
    Ok(summary)
}

/// Checks every cosignature in the export's checkpoints made with one of
/// `witnesses` (party, key): a line under such a key that does not verify is a
/// fault. Then each party in `require` must have cosigned at least one
/// checkpoint. Returns how far each party with a key vouches for the log.
///
/// Call it after [`verify_export`]: that proves the checkpoints are the roots
/// of these entries, so a cosigned checkpoint vouches for every entry below it.
pub fn verify_witnesses(
    export: &Export,
    witnesses: &[(String, VerifierKey)],
    require: &[String],
) -> std::result::Result<Vec<Witnessed>, Finding> {
    let checkpoints: Vec<SignedCheckpoint> = export
        .checkpoints
        .iter()
        .enumerate()
        .map(|(i, n)| SignedCheckpoint::parse(n).map_err(|e| Finding::Unreadable(format!("checkpoint {i}: {e}"))))
        .collect::<std::result::Result<_, _>>()?;
    let mut out: Vec<Witnessed> = Vec::new();
    for (party, key) in witnesses {
        let size = verify::witnessed_size(&checkpoints, key).map_err(Finding::Log)?;
        match out.iter_mut().find(|w| &w.party == party) {
            Some(w) => w.size = w.size.max(size),
            None => out.push(Witnessed { party: party.clone(), size }),
        }
    }
    for party in require {
        match out.iter().find(|w| &w.party == party) {
            None => {
                return Err(Finding::NotWitnessed {
                    party: party.clone(),
                    reason: "no witness key of this party is known".into(),
                });
            }
            Some(Witnessed { size: None, .. }) => {
                return Err(Finding::NotWitnessed {
                    party: party.clone(),
                    reason: "no checkpoint carries a valid cosignature of its key".into(),
                });
            }
            Some(_) => {}
        }
    }
    Ok(out)
}

impl Export {
    /// The witness keys stated in the export, parsed.
    pub fn parsed_witness_keys(&self) -> std::result::Result<Vec<(String, VerifierKey)>, Finding> {
        self.witness_keys
            .iter()
            .map(|w| {
                VerifierKey::parse(&w.key)
                    .map(|k| (w.party.clone(), k))
                    .map_err(|e| Finding::Unreadable(format!("witness key of {}: {e}", w.party)))
            })
            .collect()
    }
}

impl Store {
    /// The number of entries in the ledger.
    pub async fn ledger_size(&self) -> Result<u64> {
        let last = ledger_entry::Entity::find().order_by_desc(ledger_entry::Column::Seq).one(self.connection()).await?;
        Ok(last.map(|l| l.seq as u64 + 1).unwrap_or(0))
    }

    /// Signs and stores a checkpoint of the whole ledger as it is now. The root
    /// is computed from the stored subtree hashes, so it is first checked: the
    /// entries since the last checkpoint must give their stored leaf hashes and
    /// the subtree hashes stored for them, and the frontier at the last
    /// checkpoint must give its signed root. A tree that does not match is
    /// refused (nothing is signed) and named.
    pub async fn issue_checkpoint(&self, origin: &str, host: &Signer) -> Result<SignedCheckpoint> {
        let txn = self.write().await?;
        let last = ledger_entry::Entity::find().order_by_desc(ledger_entry::Column::Seq).one(&txn).await?;
        let size = last.map(|l| l.seq as u64 + 1).unwrap_or(0);
        let root = from_nodes(&txn, size, |m| merkle::root_at(m, size)).await?;
        let previous = ledger_checkpoint::Entity::find().order_by_desc(ledger_checkpoint::Column::Id).one(&txn).await?;
        let (from, signed_root) = match previous {
            Some(p) if (p.size as u64) <= size => {
                let note = SignedCheckpoint::parse(&p.note).map_err(ledger_error)?;
                (p.size as u64, Some(note.checkpoint().root()))
            }
            _ => (0, None),
        };
        if let Err(finding) = check_tree_since(&txn, from, signed_root, size, root).await? {
            tracing::error!(%finding, "refusing to sign a checkpoint of a damaged tree");
            return Err(StoreError::Conflict(Msg::new("conflict-no-checkpoint-signed").arg("finding", finding)));
        }
        let checkpoint = Checkpoint::new(origin, size, root).map_err(ledger_error)?;
        let signed = SignedCheckpoint::sign(checkpoint, host).map_err(ledger_error)?;
        ledger_checkpoint::ActiveModel {
            size: Set(size as i64),
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
            checkpoints: self.cosigned_checkpoints().await?.into_iter().map(|c| c.note).collect(),
            witness_keys: self
                .witness_keys()
                .await?
                .into_iter()
                .map(|k| WitnessKey { party: k.party, key: k.key })
                .collect(),
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
        // Every stored cosignature must still verify with the key it was made with.
        let witnesses = match export.parsed_witness_keys() {
            Ok(w) => w,
            Err(f) => return Ok(Err(f)),
        };
        if let Err(f) = verify_witnesses(&export, &witnesses, &[]) {
            return Ok(Err(f));
        }
        let keys_by_id: std::collections::HashMap<i64, ledger_witness_key::Model> =
            ledger_witness_key::Entity::find().all(self.connection()).await?.into_iter().map(|k| (k.id, k)).collect();
        let notes: std::collections::HashMap<i64, String> =
            self.checkpoints().await?.into_iter().map(|c| (c.id, c.note)).collect();
        for c in ledger_cosignature::Entity::find().all(self.connection()).await? {
            let ok = (|| {
                let key = VerifierKey::parse(&keys_by_id.get(&c.key_id)?.verifier_key).ok()?;
                let note = SignedCheckpoint::parse(notes.get(&c.checkpoint_id)?).ok()?;
                let line = ittifaq_ledger::checkpoint::SignatureLine::parse(&c.line).ok()?;
                key.verify(note.note().text(), &line).ok()
            })();
            if ok.is_none() {
                return Ok(Err(Finding::BadCosignature { checkpoint_id: c.checkpoint_id, party: c.party }));
            }
        }
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
        // The stored subtree hashes, from which proofs and checkpoints are made:
        // each must be the one the entries give, and there must be no other.
        let mut frontier = merkle::Frontier::new();
        let mut expected: std::collections::HashMap<(u32, u64), Hash> = std::collections::HashMap::new();
        for e in &entries {
            for (level, index, hash) in frontier.append(merkle::leaf_hash(&e.entry)) {
                expected.insert((level, index), hash);
            }
        }
        let mut seen = 0usize;
        let mut from = (0i32, -1i64);
        loop {
            let rows = ledger_node::Entity::find()
                .filter(
                    Condition::any().add(ledger_node::Column::Level.gt(from.0)).add(
                        Condition::all()
                            .add(ledger_node::Column::Level.eq(from.0))
                            .add(ledger_node::Column::Idx.gt(from.1)),
                    ),
                )
                .order_by_asc(ledger_node::Column::Level)
                .order_by_asc(ledger_node::Column::Idx)
                .limit(10_000)
                .all(self.connection())
                .await?;
            let Some(last) = rows.last() else { break };
            from = (last.level, last.idx);
            for n in &rows {
                let key = (n.level as u32, n.idx as u64);
                if expected.get(&key).map(|h| h.as_bytes().as_slice()) != Some(n.hash.as_slice()) {
                    return Ok(Err(Finding::Node { level: key.0, index: key.1 }));
                }
                seen += 1;
            }
        }
        if seen != expected.len() {
            let stored = ledger_node::Entity::find().all(self.connection()).await?;
            let have: std::collections::HashSet<(u32, u64)> =
                stored.iter().map(|n| (n.level as u32, n.idx as u64)).collect();
            let mut missing: Vec<&(u32, u64)> = expected.keys().filter(|k| !have.contains(k)).collect();
            missing.sort();
            if let Some(&&(level, index)) = missing.first() {
                return Ok(Err(Finding::Node { level, index }));
            }
        }
        Ok(Ok(summary))
    }

    /// Checks the node mirror files that `serve` keeps in `dir` (see
    /// [`Store::with_node_mirror`]) against the log's entries, without
    /// changing them. Run after [`Store::verify_ledger`], which checks the
    /// entries themselves.
    pub async fn verify_node_mirror(&self, dir: &std::path::Path) -> Result<std::result::Result<(), Finding>> {
        let leaves: Vec<Hash> = ledger_entry::Entity::find()
            .order_by_asc(ledger_entry::Column::Seq)
            .select_only()
            .column(ledger_entry::Column::Entry)
            .into_tuple::<Vec<u8>>()
            .all(self.connection())
            .await?
            .iter()
            .map(|e| merkle::leaf_hash(e))
            .collect();
        let dir = dir.to_owned();
        let found = tokio::task::spawn_blocking(move || crate::node_file::check_files(&dir, leaves))
            .await
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(format!("checking the node mirror: {e}"))))??;
        Ok(match found {
            Some((level, index)) => Err(Finding::MirrorNode { level, index }),
            None => Ok(()),
        })
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
    /// An entry with its inclusion proof; `tree_size` defaults to the latest checkpoint's size.
    /// The proof is read from the stored subtree hashes (O(log n) rows).
    pub async fn ledger_inclusion(
        &self,
        actor: &crate::Actor,
        seq: u64,
        tree_size: Option<u64>,
    ) -> Result<InclusionView> {
        let len = self.ledger_size().await?;
        let latest = self.checkpoints().await?.last().map(|c| c.size as u64);
        let size = tree_size.or(latest).unwrap_or(len);
        if size > len {
            return Err(StoreError::invalid("tree_size", Msg::new("invalid-tree-size").arg("count", len)));
        }
        if seq >= size {
            return Err(StoreError::NotFound(
                Msg::new("record-ledger-entry-in-tree").arg("seq", seq).arg("size", size),
            ));
        }
        let proof = self.on_nodes(size, |m| merkle::inclusion_proof(m, seq, size)).await?;
        let row = ledger_entry::Entity::find_by_id(seq as i64)
            .one(self.connection())
            .await?
            .ok_or_else(|| StoreError::NotFound(Msg::new("record-ledger-entry").arg("seq", seq)))?;
        let audit = audit_log::Entity::find_by_id(row.audit_id).one(self.connection()).await?;
        let own = audit.is_some_and(|a| crate::scope::ledger_entry_in_full(actor, &a.object_party));
        Ok(InclusionView {
            seq,
            tree_size: size,
            leaf_hash: merkle::leaf_hash(&row.entry).to_hex(),
            entry: own.then(|| hex::encode(&row.entry)),
            proof: proof.iter().map(Hash::to_hex).collect(),
        })
    }

    /// A consistency proof between two sizes of the ledger, from the stored subtree hashes.
    pub async fn ledger_consistency(&self, first: u64, second: u64) -> Result<ConsistencyView> {
        let len = self.ledger_size().await?;
        if first > second || second > len {
            return Err(StoreError::invalid("second", Msg::new("invalid-consistency-range").arg("size", len)));
        }
        let proof = self.consistency_proof_hashes(first, second).await?;
        Ok(ConsistencyView { first, second, proof: proof.iter().map(Hash::to_hex).collect() })
    }

    /// The RFC 9162 consistency proof from the stored subtree hashes (for
    /// benchmarks and callers that want hashes, not hex).
    pub async fn consistency_proof_hashes(&self, first: u64, second: u64) -> Result<Vec<Hash>> {
        self.on_nodes(second, |m| merkle::consistency_proof(m, first, second)).await
    }

    /// The RFC 9162 inclusion proof from the stored subtree hashes, hashes only.
    pub async fn inclusion_proof_hashes(&self, seq: u64, size: u64) -> Result<Vec<Hash>> {
        self.on_nodes(size, |m| merkle::inclusion_proof(m, seq, size)).await
    }

    /// Rebuilds the stored subtree hashes from the entries if they are incomplete
    /// (a database from before they were stored); returns whether it did.
    pub async fn ensure_ledger_nodes(&self) -> Result<bool> {
        let size = self.ledger_size().await?;
        if size == 0 {
            return Ok(false);
        }
        let last = ledger_node::Entity::find_by_id((0, size as i64 - 1)).one(self.connection()).await?;
        let beyond = ledger_node::Entity::find_by_id((0, size as i64)).one(self.connection()).await?;
        if last.is_some() && beyond.is_none() {
            return Ok(false);
        }
        self.rebuild_ledger_nodes().await?;
        Ok(true)
    }

    /// Recomputes every stored subtree hash from the entries, in one transaction.
    pub async fn rebuild_ledger_nodes(&self) -> Result<()> {
        let txn = self.write().await?;
        ledger_node::Entity::delete_many().exec(&txn).await?;
        let mut stack: Vec<Hash> = Vec::new();
        let mut batch: Vec<(u32, u64, Hash)> = Vec::new();
        let mut from = 0i64;
        loop {
            let rows = ledger_entry::Entity::find()
                .filter(ledger_entry::Column::Seq.gte(from))
                .order_by_asc(ledger_entry::Column::Seq)
                .limit(10_000)
                .all(&txn)
                .await?;
            let Some(last) = rows.last() else { break };
            from = last.seq + 1;
            for r in &rows {
                let leaf = merkle::leaf_hash(&r.entry);
                let done = merkle::completed_nodes(r.seq as u64, leaf, |_, _| stack.pop().ok_or(()))
                    .map_err(|()| StoreError::invalid("ledger", Msg::new("invalid-ledger-gap").arg("seq", r.seq)))?;
                if let Some(top) = done.last() {
                    stack.push(top.2);
                }
                batch.extend(done);
                if batch.len() >= 3_000 {
                    insert_nodes(&txn, &batch).await?;
                    batch.clear();
                }
            }
        }
        insert_nodes(&txn, &batch).await?;
        txn.commit().await?;
        // The tail's frontier came from the nodes replaced here.
        if let Ok(mut tail) = self.tail.lock() {
            *tail = None;
        }
        if let Some(mirror) = &self.nodes {
            mirror.clear().await?;
        }
        Ok(())
    }
}
