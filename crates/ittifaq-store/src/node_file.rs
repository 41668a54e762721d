//! The ledger's subtree hashes mirrored in flat files, so that a proof is a
//! couple of dozen positional reads instead of a database round trip.
//!
//! The database (`ledger_node`) stays the record: every hash is written there
//! in the append's transaction. This mirror only ever copies *committed* rows,
//! in index order, one file per tree level (`level-L.bin`, node `i` at byte
//! `32 i`), and serves a tree size only once it holds every node of it:
//!
//! 1. copy the missing rows of each level from the database, appending;
//! 2. `fsync` every file written;
//! 3. write the new size to `size` (temporary file, `fsync`, rename), so a
//!    crash at any point leaves a size whose nodes are all on disk.
//!
//! On open, each level file is cut back to what `size` covers; anything beyond
//! it (an interrupted copy) is discarded. A missing or unreadable `size` starts
//! the mirror afresh from the database.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use ittifaq_core::Msg;
use ittifaq_ledger::Hash;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::RwLock;

use crate::entity::ledger_node;
use crate::{Result, StoreError};

/// Rows copied per query while catching up.
const CHUNK: u64 = 50_000;

/// A tree of `size` leaves has nodes up to this level (sizes below 2^63).
const LEVELS: u32 = 64;

#[derive(Debug)]
pub(crate) struct NodeFile {
    dir: PathBuf,
    state: RwLock<Mirror>,
}

#[derive(Debug)]
struct Mirror {
    /// Leaves whose completed subtrees are all in the files.
    size: u64,
    /// Level files opened so far (level `l` at index `l`).
    files: Vec<File>,
}

fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::invalid("ledger", Msg::new("invalid-node-mirror-io").arg("path", path.display()).arg("error", e))
}

/// Nodes of level `level` that a tree of `size` leaves has completed.
fn width(size: u64, level: u32) -> u64 {
    if level >= 64 { 0 } else { size >> level }
}

impl NodeFile {
    /// Opens (creating) the mirror in `dir`, cutting every level file back to
    /// the size last recorded as complete.
    pub(crate) fn open(dir: &Path) -> Result<NodeFile> {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        let size = std::fs::read_to_string(dir.join("size")).ok().and_then(|s| s.trim().parse::<u64>().ok());
        let mut mirror = Mirror { size: size.unwrap_or(0), files: Vec::new() };
        for level in 0..LEVELS {
            let path = dir.join(format!("level-{level}.bin"));
            let want = width(mirror.size, level) * 32;
            if want == 0 && !path.exists() {
                break;
            }
            let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path);
            let file = file.map_err(|e| io_error(&path, e))?;
            let len = file.metadata().map_err(|e| io_error(&path, e))?.len();
            if len < want {
                // The record says more is on disk than is: start again.
                drop(file);
                return NodeFile::reset(dir);
            }
            file.set_len(want).map_err(|e| io_error(&path, e))?;
            mirror.files.push(file);
        }
        Ok(NodeFile { dir: dir.to_owned(), state: RwLock::new(mirror) })
    }

    fn reset(dir: &Path) -> Result<NodeFile> {
        for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
            let path = entry.map_err(|e| io_error(dir, e))?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with("level-") || name == "size" {
                std::fs::remove_file(&path).map_err(|e| io_error(&path, e))?;
            }
        }
        Ok(NodeFile { dir: dir.to_owned(), state: RwLock::new(Mirror { size: 0, files: Vec::new() }) })
    }

    /// Starts afresh unless the mirror's last leaf is the database's: the
    /// database may have been restored from a backup or rebuilt meanwhile.
    pub(crate) async fn check_against<C: ConnectionTrait>(&self, conn: &C) -> Result<()> {
        let size = self.state.read().await.size;
        if size == 0 {
            return Ok(());
        }
        let stored = ledger_node::Entity::find_by_id((0, size as i64 - 1)).one(conn).await?;
        let mirrored = self.with_size(conn, size, |r| r.nodes(&[(0, size - 1)])).await?;
        let same = matches!((stored, mirrored), (Some(row), Ok(nodes)) if nodes[0].2.as_bytes()[..] == row.hash[..]);
        if !same {
            tracing::warn!(dir = %self.dir.display(), "the ledger node mirror does not match the database; rebuilding it");
            self.clear().await?;
        }
        Ok(())
    }

    /// Forgets everything (after the database's nodes were rebuilt).
    pub(crate) async fn clear(&self) -> Result<()> {
        let mut state = self.state.write().await;
        state.files.clear();
        let fresh = NodeFile::reset(&self.dir)?;
        *state = fresh.state.into_inner();
        Ok(())
    }

    /// Runs `read` on the mirror once it holds a tree of at least `size`
    /// leaves, copying the missing committed nodes from the database first.
    pub(crate) async fn with_size<C: ConnectionTrait, T>(
        &self,
        conn: &C,
        size: u64,
        read: impl FnOnce(&Reader<'_>) -> T,
    ) -> Result<T> {
        {
            let state = self.state.read().await;
            if state.size >= size {
                return Ok(read(&Reader { files: &state.files }));
            }
        }
        let mut state = self.state.write().await;
        if state.size < size {
            self.catch_up(conn, &mut state, size).await?;
        }
        let state = state.downgrade();
        Ok(read(&Reader { files: &state.files }))
    }

    async fn catch_up<C: ConnectionTrait>(&self, conn: &C, state: &mut Mirror, size: u64) -> Result<()> {
        let mut touched = Vec::new();
        for level in 0..LEVELS {
            let (from, to) = (width(state.size, level), width(size, level));
            if to == 0 {
                break;
            }
            if from == to {
                continue;
            }
            if state.files.len() <= level as usize {
                let path = self.dir.join(format!("level-{level}.bin"));
                let file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&path);
                state.files.push(file.map_err(|e| io_error(&path, e))?);
            }
            let path = self.dir.join(format!("level-{level}.bin"));
            let mut next = from;
            while next < to {
                let end = to.min(next + CHUNK);
                let rows = ledger_node::Entity::find()
                    .filter(ledger_node::Column::Level.eq(level as i32))
                    .filter(ledger_node::Column::Idx.gte(next as i64))
                    .filter(ledger_node::Column::Idx.lt(end as i64))
                    .order_by_asc(ledger_node::Column::Idx)
                    .select_only()
                    .column(ledger_node::Column::Idx)
                    .column(ledger_node::Column::Hash)
                    .into_tuple::<(i64, Vec<u8>)>()
                    .all(conn)
                    .await?;
                let mut bytes = Vec::with_capacity(rows.len() * 32);
                for (expect, (idx, hash)) in (next..end).zip(&rows) {
                    if *idx as u64 != expect || hash.len() != 32 {
                        return Err(StoreError::invalid(
                            "ledger",
                            Msg::new("invalid-ledger-node-missing").arg("level", level).arg("index", expect),
                        ));
                    }
                    bytes.extend_from_slice(hash);
                }
                if (rows.len() as u64) < end - next {
                    let expect = next + rows.len() as u64;
                    return Err(StoreError::invalid(
                        "ledger",
                        Msg::new("invalid-ledger-node-missing").arg("level", level).arg("index", expect),
                    ));
                }
                state.files[level as usize].write_all_at(&bytes, next * 32).map_err(|e| io_error(&path, e))?;
                next = end;
            }
            touched.push(level);
        }
        for level in touched {
            let path = self.dir.join(format!("level-{level}.bin"));
            state.files[level as usize].sync_data().map_err(|e| io_error(&path, e))?;
        }
        let record = self.dir.join("size");
        let temp = self.dir.join("size.tmp");
        let mut f = File::create(&temp).map_err(|e| io_error(&temp, e))?;
        f.write_all(size.to_string().as_bytes()).map_err(|e| io_error(&temp, e))?;
        f.sync_all().map_err(|e| io_error(&temp, e))?;
        std::fs::rename(&temp, &record).map_err(|e| io_error(&record, e))?;
        if let Ok(d) = File::open(&self.dir) {
            let _ = d.sync_all();
        }
        state.size = size;
        Ok(())
    }
}

/// Checks, without changing anything, the mirror files in `dir` against the
/// subtree hashes the leaves give: the first node that differs or cannot be
/// read, as `(level, index)`. A directory without a recorded size holds
/// nothing to check. `leaves` are the log's leaf hashes in order.
pub(crate) fn check_files(dir: &Path, leaves: impl IntoIterator<Item = Hash>) -> Result<Option<(u32, u64)>> {
    use std::io::{BufReader, Read};
    let Ok(text) = std::fs::read_to_string(dir.join("size")) else { return Ok(None) };
    let Ok(size) = text.trim().parse::<u64>() else { return Ok(Some((0, 0))) };
    let mut readers: Vec<Option<BufReader<File>>> = Vec::new();
    for level in 0..LEVELS {
        if width(size, level) == 0 {
            break;
        }
        readers.push(File::open(dir.join(format!("level-{level}.bin"))).ok().map(BufReader::new));
    }
    let mut frontier = ittifaq_ledger::merkle::Frontier::new();
    let mut count = 0u64;
    for leaf in leaves {
        if count == size {
            break;
        }
        count += 1;
        for (level, index, hash) in frontier.append(leaf) {
            if index >= width(size, level) {
                continue;
            }
            let mut buf = [0u8; 32];
            let read = readers.get_mut(level as usize).and_then(Option::as_mut).map(|r| r.read_exact(&mut buf));
            if !matches!(read, Some(Ok(()))) || buf != *hash.as_bytes() {
                return Ok(Some((level, index)));
            }
        }
    }
    // The record names more leaves than the log has.
    Ok((count < size).then_some((0, count)))
}

/// Positional reads of the mirrored nodes.
pub(crate) struct Reader<'a> {
    files: &'a [File],
}

impl Reader<'_> {
    /// The nodes asked for, `(level, index, hash)`; an error names the first
    /// that cannot be read.
    pub(crate) fn nodes(&self, wanted: &[(u32, u64)]) -> std::result::Result<Vec<(u32, u64, Hash)>, StoreError> {
        let mut out = Vec::with_capacity(wanted.len());
        for &(level, idx) in wanted {
            let mut buf = [0u8; 32];
            let read = self.files.get(level as usize).map(|f| f.read_exact_at(&mut buf, idx * 32));
            match read {
                Some(Ok(())) => out.push((level, idx, Hash(buf))),
                _ => {
                    return Err(StoreError::invalid(
                        "ledger",
                        Msg::new("invalid-node-mirror-missing").arg("level", level).arg("index", idx),
                    ));
                }
            }
        }
        Ok(out)
    }
}
