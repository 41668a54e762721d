//! `ittifaq audit …`: the host's checkpoint key, checkpoints on demand and on a
//! schedule, export of the ledger, and offline verification.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use ittifaq_ledger::checkpoint::{Signer, VerifierKey};
use ittifaq_store::Store;
use ittifaq_store::ledger::{Export, verify_export, verify_witnesses};

use crate::config::Settings;
use crate::config::Target;

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
        /// A witness key to trust for a party, `PARTY=name+hash+key` (repeatable).
        #[arg(long = "witness-key")]
        witness_keys: Vec<String>,
        /// The agreement file (your party's signed copy) whose pinned witness keys are trusted.
        /// Without it, checking the database uses the pins of the agreement loaded there.
        #[arg(long)]
        agreement: Option<PathBuf>,
        /// Fail unless this party has validly cosigned a checkpoint (repeatable). Its key must be
        /// pinned (--witness-key or the agreement): a key the export or database merely states
        /// could be the host's own.
        #[arg(long = "require-witness")]
        require_witness: Vec<String>,
    },
    /// Act as the other party's witness: check the latest checkpoint for
    /// consistency with the one held in STATE, then cosign and submit it.
    Witness {
        /// The server, https://HOST[:PORT] (or http:// on a trusted network); without it the
        /// database of --data-dir / --database is used.
        #[arg(long)]
        server: Option<String>,
        /// PEM file of the certificate authorities that sign the server's certificate, when it
        /// is not one of the public web's (a ministry's own CA); trusted besides those.
        #[arg(long)]
        ca_file: Option<PathBuf>,
        /// An API token of an admin or auditor of the witness party (from POST /api/v1/login).
        #[arg(long, env = "ITTIFAQ_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// The witness's signing key file (from `audit witness-key generate`).
        #[arg(long)]
        key: PathBuf,
        /// The witness's state file: the pinned host key and the last checkpoint cosigned.
        #[arg(long)]
        state: PathBuf,
        /// The host's verifier key, needed on first contact (then pinned in STATE).
        #[arg(long)]
        host_key: Option<String>,
        /// The witness party, when cosigning through the database directly.
        #[arg(long)]
        party: Option<String>,
        #[command(flatten)]
        target: Target,
    },
    /// Witness keys: generate one (kept by the witness party), register its public half.
    WitnessKey {
        #[command(subcommand)]
        command: WitnessKeyCommand,
    },
}

#[derive(Subcommand)]
pub enum WitnessKeyCommand {
    /// Create a witness key pair: FILE (secret) and FILE.pub (to register).
    Generate {
        /// The key's name, e.g. ittifaq.sy/witness.
        #[arg(long)]
        name: String,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Register a party's witness key in the database (the API does this for a signed-in admin).
    Register {
        #[arg(long)]
        party: String,
        /// The verifier key (the content of FILE.pub).
        key: String,
        #[command(flatten)]
        target: Target,
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
    let seed = crate::secrets::random_seed()?;
    let signer = Signer::from_seed(name, &seed).context("creating the checkpoint key")?;
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    crate::secrets::write_private(&path, signer.to_secret_string().as_bytes())?;
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

/// Signs checkpoints on a schedule while the server runs: every `seconds`
/// when the log has grown, so the unsigned tail stays a few seconds long.
pub fn spawn_checkpoints(store: Store, data_dir: PathBuf, seconds: u64) {
    if seconds == 0 {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(seconds));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
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

/// The witness keys to check cosignatures with: the pinned ones (`--witness-key`,
/// then the agreement's), and for parties with no pin the keys the export
/// states, which can only show cosignatures, never satisfy `--require-witness`.
fn witness_keys_to_trust(
    given: &[String],
    pins: &[(String, String)],
    export: &Export,
    require: &[String],
) -> Result<Vec<(String, VerifierKey)>> {
    let mut keys: Vec<(String, VerifierKey)> = given
        .iter()
        .map(|g| {
            let (party, key) = g.split_once('=').with_context(|| format!("--witness-key {g}: expected PARTY=KEY"))?;
            let key = VerifierKey::parse(key.trim()).with_context(|| format!("--witness-key {g} is malformed"))?;
            Ok((party.trim().to_owned(), key))
        })
        .collect::<Result<_>>()?;
    for (party, key) in pins {
        if !keys.iter().any(|(p, _)| p == party) {
            let key = VerifierKey::parse(key).with_context(|| format!("the agreement's witness key of {party}"))?;
            keys.push((party.clone(), key));
        }
    }
    for party in require {
        if !keys.iter().any(|(p, _)| p == party) {
            bail!(
                "no witness key of {party} is pinned: pass --witness-key {party}=KEY (from {party} itself) or \
                 --agreement FILE whose [[parties]] pins it; a key only the export or database states may be the host's"
            );
        }
    }
    let stated = export.parsed_witness_keys().map_err(|f| anyhow::anyhow!("{f}"))?;
    for (party, key) in stated {
        if !keys.iter().any(|(p, _)| *p == party) {
            eprintln!("note: {party}'s witness key is only stated by the export; pin it with --witness-key");
            keys.push((party, key));
        }
    }
    Ok(keys)
}

/// The witness keys an agreement pins, as (party, key).
fn agreement_pins(agreement: &ittifaq_core::Agreement) -> Vec<(String, String)> {
    agreement.parties.iter().filter_map(|p| Some((p.code.to_string(), p.witness_key.clone()?))).collect()
}

async fn witness(
    server: Option<(String, Option<PathBuf>)>,
    token: Option<String>,
    key: &Path,
    state: &Path,
    host_key: Option<String>,
    party: Option<String>,
    target: &Target,
) -> Result<ExitCode> {
    let signer = crate::witness::read_key(key)?;
    let (source, host_key) = match server {
        Some((base, ca_file)) => {
            let token = token.context("--token (or ITTIFAQ_TOKEN) is needed with --server")?;
            let client = crate::witness::client(ca_file.as_deref())?;
            (crate::witness::LogSource::Http { client, base, token }, host_key)
        }
        None => {
            let party = party.context("--party is needed without --server (cosigning through the database)")?;
            let party = ittifaq_core::PartyCode::parse(&party).map_err(|e| anyhow::anyhow!("--party: {e}"))?;
            let settings = Settings::load(target)?;
            let store = crate::setup::open(&settings).await?;
            let host_key = host_key.or_else(|| std::fs::read_to_string(settings.data_dir.join("ledger-host.pub")).ok());
            (crate::witness::LogSource::Local { store, party }, host_key)
        }
    };
    match crate::witness::run(&source, &signer, state, host_key.as_deref()).await? {
        crate::witness::Outcome::Cosigned { size, previous } => {
            match previous {
                Some(p) => println!("cosigned the checkpoint of {size} entries (consistent with the {p} held)"),
                None => println!("cosigned the checkpoint of {size} entries (first contact: trusted on first use)"),
            }
            Ok(ExitCode::SUCCESS)
        }
        crate::witness::Outcome::Refused(r) => {
            println!("REFUSED: {r}");
            Ok(ExitCode::from(match r {
                crate::witness::Refusal::BadHostSignature(_) => 2,
                crate::witness::Refusal::Inconsistent(_) => 3,
            }))
        }
    }
}

pub async fn run(command: AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Witness { server, ca_file, token, key, state, host_key, party, target } => {
            let server = server.map(|base| (base, ca_file));
            witness(server, token, &key, &state, host_key, party, &target).await
        }
        AuditCommand::WitnessKey { command: WitnessKeyCommand::Generate { name, output } } => {
            let public = crate::witness::generate_key(&name, &output)?;
            println!("{public}");
            eprintln!("wrote {} (secret; keep it away from the host) and {}.pub", output.display(), output.display());
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::WitnessKey { command: WitnessKeyCommand::Register { party, key, target } } => {
            let settings = Settings::load(&target)?;
            let store = crate::setup::open(&settings).await?;
            let party = ittifaq_core::PartyCode::parse(&party).map_err(|e| anyhow::anyhow!("--party: {e}"))?;
            let k = store.register_witness_key(&ittifaq_store::Actor::system(party), &key).await?;
            println!("registered {} as the witness key of {}", k.key, k.party);
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Checkpoint { target } => {
            let settings = Settings::load(&target)?;
            let store = crate::setup::open(&settings).await?;
            match checkpoint(&store, &settings.data_dir).await? {
                Some(size) => println!("signed a checkpoint of {size} entries"),
                None => println!("the last checkpoint already covers all {} entries", store.ledger_size().await?),
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Export { target, output } => {
            let settings = Settings::load(&target)?;
            let store = crate::setup::open(&settings).await?;
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
        AuditCommand::Verify { file, target, keys, witness_keys, agreement, require_witness } => {
            let mut pins = match &agreement {
                Some(path) => agreement_pins(&crate::setup::read_agreement(path)?.0),
                None => Vec::new(),
            };
            let export = match file {
                Some(file) => {
                    let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
                    serde_json::from_str::<Export>(&text)
                        .with_context(|| format!("{} is not a ledger export", file.display()))?
                }
                None => {
                    let settings = Settings::load(&target)?;
                    let store = crate::setup::open(&settings).await?;
                    let (origin, _) = names(&store).await?;
                    if agreement.is_none()
                        && let Some(a) = store.agreement().await?
                    {
                        pins = agreement_pins(&a);
                    }
                    let public = std::fs::read_to_string(settings.data_dir.join("ledger-host.pub")).ok();
                    let host = trusted(&keys, public.as_deref())?;
                    // The database's own checks (audit rows against entries) first.
                    if let Err(finding) = store.verify_ledger(&origin, &host).await? {
                        println!("FAILED: {finding}");
                        return Ok(ExitCode::from(1));
                    }
                    // The node mirror `serve` keeps beside the database, from which proofs are read.
                    if let Err(finding) = store.verify_node_mirror(&settings.data_dir.join("ledger-nodes")).await? {
                        println!("FAILED: {finding}");
                        return Ok(ExitCode::from(1));
                    }
                    store.export_ledger(&origin, public.map(|p| p.trim().to_owned())).await?
                }
            };
            let keys = trusted(&keys, export.host_key.as_deref())?;
            let witnesses = match witness_keys_to_trust(&witness_keys, &pins, &export, &require_witness) {
                Ok(w) => w,
                Err(e) => {
                    println!("FAILED: {e:#}");
                    return Ok(ExitCode::from(1));
                }
            };
            let verdict = verify_export(&export, &keys)
                .and_then(|s| verify_witnesses(&export, &witnesses, &require_witness).map(|w| (s, w)));
            // A stored leaf hash the checkpoints contradict is a fault, not a note.
            let verdict = verdict.and_then(|(s, w)| match s.leaf_column_mismatch {
                Some(i) => Err(ittifaq_store::ledger::Finding::Unreadable(format!(
                    "the stored leaf hashes contradict checkpoint #{i}"
                ))),
                None => Ok((s, w)),
            });
            match verdict {
                Ok((s, witnessed)) => {
                    println!(
                        "verified: {} entries, root {}, {} signed by every key, {} after the last checkpoint",
                        s.entries, s.root, s.verified_size, s.unsigned_tail
                    );
                    for w in witnessed {
                        match w.size {
                            Some(size) => println!("witnessed by {}: the first {size} entries", w.party),
                            None => println!("not witnessed by {}", w.party),
                        }
                    }
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
