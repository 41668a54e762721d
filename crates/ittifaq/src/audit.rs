//! `ittifaq audit …`: the host's checkpoint key, checkpoints on demand and on a
//! schedule, export of the ledger, and offline verification.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use ittifaq_ledger::checkpoint::{Signer, VerifierKey};
use ittifaq_store::Store;
use ittifaq_store::ledger::{Export, verify_export};

use crate::Target;
use crate::config::Settings;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Sign a checkpoint of the ledger now.
    Checkpoint {
        #[command(flatten)]
        target: Target,
    },
    /// Write the ledger's entries and checkpoints to a file (a checkpoint is signed first if the log grew).
    Export {
        #[command(flatten)]
        target: Target,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Verify an export (FILE) or the database itself (--data-dir / --database), offline.
    Verify {
        file: Option<PathBuf>,
        #[command(flatten)]
        target: Target,
        /// A verifier key to trust (`name+hash+key`); repeat for a witness. By
        /// default the host key found in the export or data directory is trusted,
        /// which proves consistency but not who signed.
        #[arg(long = "key")]
        keys: Vec<String>,
    },
}

/// The log's origin line and the host key's name, from the agreement.
async fn names(store: &Store) -> Result<(String, String)> {
    let a = store.agreement().await?.context("no agreement is loaded; load one first")?;
    Ok((format!("ittifaq/{}", a.id), format!("{}-{}", a.id, a.host_party)))
}

/// The host party's checkpoint key, created in the data directory on first use.
pub fn host_signer(data_dir: &Path, name: &str) -> Result<Signer> {
    let path = data_dir.join("ledger-host.key");
    if path.exists() {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        return Signer::parse(text.trim()).with_context(|| format!("{} is not a signing key", path.display()));
    }
    let mut seed = [0u8; 32];
    crate::demo::fill_random(&mut seed)?;
    let signer = Signer::from_seed(name, &seed).context("creating the checkpoint key")?;
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    std::fs::write(&path, signer.to_secret_string()).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    let public = data_dir.join("ledger-host.pub");
    std::fs::write(&public, format!("{}\n", signer.verifier()))
        .with_context(|| format!("writing {}", public.display()))?;
    Ok(signer)
}

/// Signs a checkpoint if the ledger grew since the last one; returns its size.
pub async fn checkpoint(store: &Store, data_dir: &Path) -> Result<Option<u64>> {
    let (origin, name) = names(store).await?;
    let size = store.ledger_size().await?;
    let last = store.checkpoints().await?.last().map(|c| c.size as u64);
    if last == Some(size) {
        return Ok(None);
    }
    let signer = host_signer(data_dir, &name)?;
    let signed = store.issue_checkpoint(&origin, &signer).await.context("signing a checkpoint")?;
    Ok(Some(signed.checkpoint().size()))
}

/// The ledger's identity for the web layer, once an agreement is loaded.
pub async fn ledger_keys(store: &Store, data_dir: &Path) -> Result<Option<ittifaq_web::LedgerKeys>> {
    if store.agreement().await?.is_none() {
        return Ok(None);
    }
    let (origin, name) = names(store).await?;
    let signer = host_signer(data_dir, &name)?;
    Ok(Some(ittifaq_web::LedgerKeys { origin, signer: Some(std::sync::Arc::new(signer)) }))
}

/// Signs checkpoints on a schedule while the server runs.
pub fn spawn_checkpoints(store: Store, data_dir: PathBuf, minutes: u64) {
    if minutes == 0 {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(minutes * 60));
        loop {
            tick.tick().await;
            match checkpoint(&store, &data_dir).await {
                Ok(Some(size)) => tracing::info!(size, "ledger checkpoint signed"),
                Ok(None) => {}
                Err(e) => tracing::error!("ledger checkpoint: {e:#}"),
            }
        }
    });
}

fn trusted(keys: &[String], fallback: Option<&str>) -> Result<Vec<VerifierKey>> {
    if keys.is_empty() {
        let Some(key) = fallback else { bail!("no key to verify with: pass --key") };
        eprintln!("note: trusting the host key {key}; pass --key with the key you hold to verify who signed");
        return Ok(vec![VerifierKey::parse(key.trim()).context("the host key is malformed")?]);
    }
    keys.iter().map(|k| VerifierKey::parse(k.trim()).with_context(|| format!("--key {k} is malformed"))).collect()
}

pub async fn run(command: AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Checkpoint { target } => {
            let settings = Settings::load(&target)?;
            let store = crate::open(&settings).await?;
            match checkpoint(&store, &settings.data_dir).await? {
                Some(size) => println!("signed a checkpoint of {size} entries"),
                None => println!("the last checkpoint already covers all {} entries", store.ledger_size().await?),
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Export { target, output } => {
            let settings = Settings::load(&target)?;
            let store = crate::open(&settings).await?;
            checkpoint(&store, &settings.data_dir).await?;
            let (origin, name) = names(&store).await?;
            let key = host_signer(&settings.data_dir, &name)?.verifier().to_string();
            let export = store.export_ledger(&origin, Some(key)).await?;
            let json = serde_json::to_string(&export).context("encoding the export")?;
            std::fs::write(&output, json).with_context(|| format!("writing {}", output.display()))?;
            println!(
                "wrote {} entries and {} checkpoints to {}",
                export.entries.len(),
                export.checkpoints.len(),
                output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify { file, target, keys } => {
            let verdict = match file {
                Some(file) => {
                    let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
                    let export: Export = serde_json::from_str(&text)
                        .with_context(|| format!("{} is not a ledger export", file.display()))?;
                    let keys = trusted(&keys, export.host_key.as_deref())?;
                    verify_export(&export, &keys)
                }
                None => {
                    let settings = Settings::load(&target)?;
                    let store = crate::open(&settings).await?;
                    let (origin, _) = names(&store).await?;
                    let public = std::fs::read_to_string(settings.data_dir.join("ledger-host.pub")).ok();
                    let keys = trusted(&keys, public.as_deref())?;
                    store.verify_ledger(&origin, &keys).await?
                }
            };
            match verdict {
                Ok(s) => {
                    println!(
                        "verified: {} entries, root {}, {} signed by every key, {} after the last checkpoint",
                        s.entries, s.root, s.verified_size, s.unsigned_tail
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(finding) => {
                    println!("FAILED: {finding}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
