//! The host party's document-sealing key in the data directory, the other
//! parties' public keys as the agreement pins them, and the commands
//! `ittifaq certificate verify FILE.pdf` (the same checks as the public
//! verification page, offline), `certificate keygen` and `certificate sign`
//! (a non-host party seals its documents on its own machine).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use ed25519_dalek::{SigningKey, VerifyingKey};
use ittifaq_store::Store;
use ittifaq_web::issuing::DocumentKeys;

use crate::config::Settings;
use crate::config::Target;

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
    /// Create a party's sealing key on the party's own machine: FILE (secret,
    /// mode 0600) and FILE.pub, whose hex goes into the agreement as the party's `seal_key`.
    Keygen {
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Seal the documents waiting for your party's seal: each is downloaded,
    /// checked against its payload, signed here with KEY and sent back. The
    /// secret never leaves this machine.
    Sign {
        /// The server, https://HOST[:PORT].
        #[arg(long)]
        server: String,
        /// An API token of an admin or joint office of the party (from POST /api/v1/login).
        #[arg(long, env = "ITTIFAQ_TOKEN", hide_env_values = true)]
        token: String,
        /// The party's sealing key file (from `certificate keygen`).
        #[arg(long)]
        key: PathBuf,
        /// PEM file of a ministry's own certificate authority, trusted besides the public ones.
        #[arg(long)]
        ca_file: Option<PathBuf>,
        /// A directory to keep each document as signed, for the record.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
}

fn read_seed(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let bytes = hex::decode(text.trim()).with_context(|| format!("{} is not hex", path.display()))?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("{} is not a 32-byte key", path.display()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes a new sealing key: `path` (secret, 0600) and `path` with `.pub` (hex).
fn write_key(path: &Path, public: &Path) -> Result<SigningKey> {
    let seed = crate::secrets::random_seed()?;
    let key = SigningKey::from_bytes(&seed);
    crate::secrets::write_private(path, hex::encode(seed).as_bytes())?;
    std::fs::write(public, format!("{}\n", hex::encode(key.verifying_key().as_bytes())))
        .with_context(|| format!("writing {}", public.display()))?;
    Ok(key)
}

/// A party's sealing key in `dir` (`seal-PARTY.key`, readable by the owner
/// only, and `seal-PARTY.pub`), created on first use. The server calls it for
/// the host party only; the demo also for the other party, in that party's
/// own directory.
pub fn party_signer(dir: &Path, party: &str) -> Result<SigningKey> {
    let path = dir.join(format!("seal-{party}.key"));
    if path.exists() {
        crate::secrets::restrict(&path)?;
        return read_seed(&path);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    write_key(&path, &dir.join(format!("seal-{party}.pub")))
}

/// The sealing keys of the server: the host party's secret, and the other
/// parties' public keys as the agreement pins them (a party without a pin
/// cannot have its documents sealed or verified here). Another party's secret
/// is never loaded, even if one lies in the data directory.
pub async fn document_keys(store: &Store, settings: &Settings) -> Result<Option<DocumentKeys>> {
    let Some(agreement) = store.agreement().await? else { return Ok(None) };
    let host = agreement.host_party.to_string();
    let mut signers = BTreeMap::new();
    signers.insert(host.clone(), party_signer(&settings.data_dir, &host)?);
    let mut verifiers = BTreeMap::new();
    for p in agreement.parties.iter().filter(|p| p.code.as_str() != host) {
        let code = p.code.to_string();
        if settings.data_dir.join(format!("seal-{code}.key")).exists() {
            tracing::warn!(
                party = %code,
                "seal-{code}.key lies in the data directory: the host must not hold another party's key; move it to {code}'s own machine (it is not used)"
            );
        }
        match &p.seal_key {
            Some(hex) => {
                verifiers.insert(
                    code,
                    parse_key(hex).with_context(|| format!("the seal_key the agreement pins for {}", p.code))?,
                );
            }
            None => {
                tracing::warn!(party = %code, "the agreement pins no seal_key of {code}: its documents cannot be sealed")
            }
        }
    }
    Ok(Some(DocumentKeys::new(settings.public_url(), signers).with_verifiers(verifiers)))
}

fn parse_key(text: &str) -> Result<VerifyingKey> {
    let bytes = hex::decode(text.trim()).context("a public key is 64 hex digits")?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("a public key is 32 bytes (64 hex digits)"))?;
    VerifyingKey::from_bytes(&bytes).context("not an Ed25519 public key")
}

/// The public keys trusted for verification: the host's `seal-HOST.pub` in the
/// data directory and the keys the loaded agreement pins, then `--key` flags.
/// A `seal-*.pub` of another party in the data directory is not trusted: the
/// host can write it.
async fn trusted_keys(store: &Store, data_dir: &Path, flags: &[String]) -> Result<BTreeMap<String, VerifyingKey>> {
    let mut keys = BTreeMap::new();
    if let Some(a) = store.agreement().await? {
        let host = a.host_party.to_string();
        let public = data_dir.join(format!("seal-{host}.pub"));
        if let Ok(text) = std::fs::read_to_string(&public) {
            keys.insert(host, parse_key(&text).with_context(|| format!("reading {}", public.display()))?);
        }
        for p in &a.parties {
            if let Some(hex) = &p.seal_key {
                keys.insert(p.code.to_string(), parse_key(hex).with_context(|| format!("the seal_key of {}", p.code))?);
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

#[derive(serde::Deserialize)]
struct SealRequest {
    id: i64,
    party: String,
    kind: String,
    reference: String,
    payload: String,
}

/// Signs every document waiting for the party's seal; returns how many.
async fn sign(
    server: &str,
    token: &str,
    key: &SigningKey,
    ca_file: Option<&Path>,
    keep: Option<&Path>,
) -> Result<usize> {
    use base64::Engine as _;
    let client = crate::witness::client(ca_file)?;
    let list = crate::witness::http(&client, server, token, "GET", "/api/v1/seal-requests", None).await?;
    let requests: Vec<SealRequest> =
        serde_json::from_slice(&list).context("the seal requests are not what the API returns")?;
    let own_id = ittifaq_docs::key_id(&key.verifying_key());
    let mut signed = 0;
    for r in requests {
        let payload: ittifaq_docs::SealPayload = serde_json::from_str(&r.payload)
            .with_context(|| format!("the payload of {} is not a seal payload", r.reference))?;
        if payload.key_id != own_id || payload.party != r.party || payload.id != r.reference {
            eprintln!("skipping {}: its payload names another key, party or document", r.reference);
            continue;
        }
        let pdf =
            crate::witness::http(&client, server, token, "GET", &format!("/api/v1/seal-requests/{}/pdf", r.id), None)
                .await?;
        // Sign only the document seen here: its hash must be the payload's.
        let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&pdf));
        if hash != payload.pdf_sha256 {
            eprintln!("skipping {}: the document is not the one its payload hashes", r.reference);
            continue;
        }
        let signature = ittifaq_docs::seal::sign_payload(r.payload.as_bytes(), key);
        let sealed = ittifaq_docs::seal::attach(&pdf, r.payload.as_bytes(), &signature)?;
        ittifaq_docs::verify(&ittifaq_docs::open(&sealed)?, &key.verifying_key())?;
        let body = serde_json::json!({"signature": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature)});
        crate::witness::http(
            &client,
            server,
            token,
            "POST",
            &format!("/api/v1/seal-requests/{}/seal", r.id),
            Some(body.to_string()),
        )
        .await?;
        if let Some(dir) = keep {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            let name: String = r.reference.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            std::fs::write(dir.join(format!("{name}.pdf")), &sealed)
                .with_context(|| format!("writing into {}", dir.display()))?;
        }
        println!(
            "sealed {} {} of {} (issued {}, expires {})",
            r.kind,
            r.reference,
            r.party,
            payload.issued_on,
            payload.expires_on.map(|d| d.to_string()).unwrap_or_else(|| "never".into())
        );
        signed += 1;
    }
    Ok(signed)
}

pub async fn run(command: CertificateCommand) -> Result<ExitCode> {
    match command {
        CertificateCommand::Verify { file, target, keys } => {
            let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let settings = Settings::load(&target)?;
            let store = crate::setup::open(&settings).await?;
            let trusted = trusted_keys(&store, &settings.data_dir, &keys).await?;
            if trusted.is_empty() {
                bail!(
                    "no sealing key is known: give --data-dir of the platform, or --key PARTY=HEX for the issuing party"
                );
            }
            let today = time::OffsetDateTime::now_utc().date();
            let verdict = ittifaq_web::issuing::verify_document(&store, &trusted, &bytes, today).await;
            println!("{}: {}: {}", file.display(), verdict.status, verdict.detail);
            Ok(if verdict.valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        CertificateCommand::Keygen { output } => {
            if output.exists() {
                bail!("{} exists; refusing to overwrite a key", output.display());
            }
            let public = PathBuf::from(format!("{}.pub", output.display()));
            let key = write_key(&output, &public)?;
            println!("{}", hex::encode(key.verifying_key().as_bytes()));
            eprintln!(
                "wrote {} (secret: keep it on this machine) and {}; put the hex above into the agreement as your party's seal_key",
                output.display(),
                public.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        CertificateCommand::Sign { server, token, key, ca_file, keep } => {
            let key = read_seed(&key)?;
            let n = sign(&server, &token, &key, ca_file.as_deref(), keep.as_deref()).await?;
            println!("{n} document(s) sealed");
            Ok(ExitCode::SUCCESS)
        }
    }
}
