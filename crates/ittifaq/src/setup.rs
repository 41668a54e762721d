//! What every command needs first: the shipped agreement, reading an
//! agreement file, and opening the store a command's settings name.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use ittifaq_core::Agreement;
use ittifaq_store::{Store, SystemClock};

use crate::config::Settings;
use crate::secrets;

/// The Turkey–Syria agreement, shipped inside the binary for `ittifaq demo`.
pub const SHIPPED_AGREEMENT: &str = include_str!("../../../agreements/tr-sy-2025.toml");

/// Reads an agreement file, at most [`ittifaq_core::agreement::MAX_FILE_BYTES`]
/// (so that `/dev/zero` or a huge file is refused instead of read forever).
pub fn read_agreement_text(file: &Path) -> Result<String> {
    use std::io::Read;
    let max = ittifaq_core::agreement::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(max as u64 + 1).read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", file.display()))?;
    if bytes.len() > max {
        bail!("{} is larger than {max} bytes: not an agreement file", file.display());
    }
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", file.display()))
}

pub fn read_agreement(file: &Path) -> Result<(Agreement, String)> {
    let source = read_agreement_text(file)?;
    match Agreement::parse(&source) {
        Ok(a) => Ok((a, source)),
        Err(faults) => {
            for f in &faults {
                eprintln!("{}:{f}", file.display());
            }
            bail!("{} has {} fault(s)", file.display(), faults.len())
        }
    }
}

pub async fn open(settings: &Settings) -> Result<Store> {
    if let Some(dir) = settings.sqlite_dir() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating the data directory {}", dir.display()))?;
    }
    if let Some(file) = settings.database.strip_prefix("sqlite://").map(|p| p.split('?').next().unwrap_or(p)) {
        restrict_database(Path::new(file))?;
    }
    Store::open_with(&settings.database, Arc::new(SystemClock), settings.database_connections)
        .await
        .with_context(|| format!("opening the database at {}", settings.redacted_database()))
}

/// The SQLite database and its journal files are the owner's alone (0600):
/// the file is created so before SQLite opens it, and SQLite gives the WAL
/// and shared-memory files the database file's mode.
fn restrict_database(file: &Path) -> Result<()> {
    if file.as_os_str().is_empty() || file.to_str() == Some(":memory:") {
        return Ok(());
    }
    if !file.exists() {
        secrets::write_private(file, b"")?;
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let path = std::path::PathBuf::from(name);
        if path.exists() {
            secrets::restrict(&path)?;
        }
    }
    Ok(())
}
