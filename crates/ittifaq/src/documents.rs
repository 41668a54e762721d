//! The parties' document-sealing keys in the data directory, and
//! `ittifaq certificate verify FILE.pdf`: the same checks as the public
//! verification page, offline against the data directory or database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use ed25519_dalek::{SigningKey, VerifyingKey};
use ittifaq_store::Store;
use ittifaq_web::documents::DocumentKeys;

use crate::Target;
use crate::config::Settings;

#[derive(Subcommand)]
pub enum CertificateCommand {
    /// Verify a sealed document (certificate or travel order): its bytes, the
    /// issuing party's signature, the registry, expiry and revocation. Exit
    /// status 0 when valid, 1 when not.
    Verify {
        file: PathBuf,
        #[command(flatten)]
        target: Target,
        /// A party's sealing public key to trust (`PARTY=HEX`), beyond the
        /// `seal-PARTY.pub` files of the data directory; repeat for each party.
        #[arg(long = "key")]
        keys: Vec<String>,
    },
}

fn restrict(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A party's sealing key, created in the data directory on first use
/// (`seal-PARTY.key`, readable by the owner only, and `seal-PARTY.pub`).
pub fn party_signer(data_dir: &Path, party: &str) -> Result<SigningKey> {
    let path = data_dir.join(format!("seal-{party}.key"));
    if path.exists() {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let bytes = hex::decode(text.trim()).with_context(|| format!("{} is not hex", path.display()))?;
        let seed: [u8; 32] =
            bytes.try_into().map_err(|_| anyhow::anyhow!("{} is not a 32-byte key", path.display()))?;
        return Ok(SigningKey::from_bytes(&seed));
    }
    let mut seed = [0u8; 32];
    crate::demo::fill_random(&mut seed)?;
    let key = SigningKey::from_bytes(&seed);
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    std::fs::write(&path, hex::encode(seed)).with_context(|| format!("writing {}", path.display()))?;
    restrict(&path)?;
    let public = data_dir.join(format!("seal-{party}.pub"));
    std::fs::write(&public, format!("{}\n", hex::encode(key.verifying_key().as_bytes())))
        .with_context(|| format!("writing {}", public.display()))?;
    Ok(key)
}

/// The sealing keys of every party of the loaded agreement.
pub async fn document_keys(store: &Store, settings: &Settings) -> Result<Option<DocumentKeys>> {
    let Some(agreement) = store.agreement().await? else { return Ok(None) };
    let mut signers = BTreeMap::new();
    for p in &agreement.parties {
        signers.insert(p.code.to_string(), party_signer(&settings.data_dir, p.code.as_str())?);
    }
    Ok(Some(DocumentKeys::new(settings.public_url(), signers)))
}

fn parse_key(text: &str) -> Result<VerifyingKey> {
    let bytes = hex::decode(text.trim()).context("a public key is 64 hex digits")?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("a public key is 32 bytes (64 hex digits)"))?;
    VerifyingKey::from_bytes(&bytes).context("not an Ed25519 public key")
}

/// The public keys trusted for verification: `seal-*.pub` in the data directory, then `--key` flags.
fn trusted_keys(data_dir: &Path, flags: &[String]) -> Result<BTreeMap<String, VerifyingKey>> {
    let mut keys = BTreeMap::new();
    if let Ok(dir) = std::fs::read_dir(data_dir) {
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(party) = name.strip_prefix("seal-").and_then(|n| n.strip_suffix(".pub")) {
                let text = std::fs::read_to_string(entry.path())?;
                let key = parse_key(&text).with_context(|| format!("reading {}", entry.path().display()))?;
                keys.insert(party.to_owned(), key);
            }
        }
    }
    for flag in flags {
        let Some((party, hex)) = flag.split_once('=') else {
            bail!("--key {flag}: expected PARTY=HEX");
        };
        keys.insert(party.trim().to_owned(), parse_key(hex).with_context(|| format!("--key {flag}"))?);
    }
    Ok(keys)
}

pub async fn run(command: CertificateCommand) -> Result<ExitCode> {
    match command {
        CertificateCommand::Verify { file, target, keys } => {
            let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let settings = Settings::load(&target)?;
            let trusted = trusted_keys(&settings.data_dir, &keys)?;
            if trusted.is_empty() {
                bail!(
                    "no sealing key is known: give --data-dir of the platform, or --key PARTY=HEX for the issuing party"
                );
            }
            let store = crate::open(&settings).await?;
            let today = time::OffsetDateTime::now_utc().date();
            let verdict = ittifaq_web::documents::verify_document(&store, &trusted, &bytes, today).await;
            println!("{}: {}: {}", file.display(), verdict.status, verdict.detail);
            Ok(if verdict.valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}
