//! `ittifaq audit witness`: the other party's witness (C2SP tlog-witness). It
//! holds its own key and the last checkpoint it cosigned in a state file; it
//! fetches the latest checkpoint, checks the host's signature and a consistency
//! proof from the checkpoint it holds, and only then cosigns and submits. A log
//! that was forked or rewritten is refused, and the state is left as it was.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use axum::body::Bytes;
use ittifaq_ledger::checkpoint::{Checkpoint, SignedCheckpoint, Signer, VerifierKey, witness_cosign};
use ittifaq_ledger::hash::Hash;
use ittifaq_store::{Actor, Store};
use serde::{Deserialize, Serialize};

/// What the witness remembers between runs.
#[derive(Debug, Serialize, Deserialize)]
pub struct WitnessState {
    /// The host's verifier key, pinned on first contact.
    pub host_key: String,
    /// The last checkpoint this witness cosigned, as a signed note.
    pub checkpoint: String,
}

/// Where the witness reads the log: the server's API, or (co-located) the database.
pub enum LogSource {
    Http { client: reqwest::Client, base: String, token: String },
    Local { store: Store, party: ittifaq_core::PartyCode },
}

/// Why the witness refused; each is a distinct exit status.
#[derive(Debug)]
pub enum Refusal {
    /// The host's signature on the new checkpoint does not verify.
    BadHostSignature(String),
    /// The new checkpoint is not an extension of the one the witness holds.
    Inconsistent(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::BadHostSignature(m) => write!(f, "the checkpoint is not signed by the pinned host key: {m}"),
            Refusal::Inconsistent(m) => {
                write!(f, "the log is not consistent with the checkpoint this witness holds (forked or rewritten): {m}")
            }
        }
    }
}

/// The outcome of one witness run.
pub enum Outcome {
    Cosigned { size: u64, previous: Option<u64> },
    Refused(Refusal),
}

#[derive(Deserialize)]
struct CheckpointReply {
    id: i64,
    note: String,
}

#[derive(Deserialize)]
struct ConsistencyReply {
    proof: Vec<String>,
}

impl LogSource {
    async fn latest(&self) -> Result<(i64, String)> {
        match self {
            LogSource::Http { client, base, token } => {
                let r: CheckpointReply =
                    serde_json::from_slice(&http(client, base, token, "GET", "/api/v1/ledger/checkpoint", None).await?)
                        .context("the checkpoint reply is not what the API returns")?;
                Ok((r.id, r.note))
            }
            LogSource::Local { store, .. } => {
                let c = store.cosigned_checkpoints().await?.pop().context("no checkpoint has been signed yet")?;
                Ok((c.id, c.note))
            }
        }
    }

    async fn consistency(&self, first: u64, second: u64) -> Result<Vec<Hash>> {
        let hex = match self {
            LogSource::Http { client, base, token } => {
                let path = format!("/api/v1/ledger/consistency?first={first}&second={second}");
                let r: ConsistencyReply = serde_json::from_slice(&http(client, base, token, "GET", &path, None).await?)
                    .context("the consistency reply is not what the API returns")?;
                r.proof
            }
            LogSource::Local { store, .. } => store.ledger_consistency(first, second).await?.proof,
        };
        hex.iter().map(|h| Hash::from_hex(h).map_err(|e| anyhow!("a proof hash is malformed: {e}"))).collect()
    }

    async fn submit(&self, checkpoint_id: i64, line: &str) -> Result<()> {
        match self {
            LogSource::Http { client, base, token } => {
                let body = serde_json::json!({"checkpoint_id": checkpoint_id, "cosignature": line}).to_string();
                http(client, base, token, "POST", "/api/v1/ledger/cosign", Some(body)).await?;
            }
            LogSource::Local { store, party } => {
                store.add_cosignature(&Actor::system(party.clone()), checkpoint_id, line).await?;
            }
        }
        Ok(())
    }
}

/// The witness's HTTP client: HTTPS with the public web's certificate
/// authorities (webpki roots) and, when given, those of a PEM file.
pub fn client(ca_file: Option<&Path>) -> Result<reqwest::Client> {
    let mut b = reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(60))
        .https_only(false);
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).with_context(|| format!("reading --ca-file {}", path.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .with_context(|| format!("--ca-file {} is not a PEM certificate bundle", path.display()))?;
        if certs.is_empty() {
            bail!("--ca-file {} holds no certificate", path.display());
        }
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    b.build().context("setting up the HTTPS client")
}

/// One request to the server; a non-2xx status is an error carrying the server's message.
pub(crate) async fn http(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<Bytes> {
    if !(base.starts_with("https://") || base.starts_with("http://")) {
        bail!("--server must be an https:// (or http://) address, not {base}");
    }
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let method = reqwest::Method::from_bytes(method.as_bytes()).context("an HTTP method")?;
    let mut req = client.request(method.clone(), &url).bearer_auth(token);
    if let Some(body) = body {
        req = req.header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
    }
    let reply = req.send().await.map_err(|e| anyhow!("{method} {url}: {}", chain(&e)))?;
    let status = reply.status();
    let bytes = reply.bytes().await.with_context(|| format!("reading the reply to {url}"))?;
    if !status.is_success() {
        let message = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
            .unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned());
        bail!("{method} {path}: {status}: {message}");
    }
    Ok(bytes)
}

/// An error with its causes, so a refused certificate says why.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// Reads a witness signing key file (`PRIVATE+KEY+…`).
pub fn read_key(path: &Path) -> Result<Signer> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Signer::parse(text.trim()).with_context(|| format!("{} is not a signing key", path.display()))
}

/// Creates a witness key pair: `FILE` (secret, mode 0600) and `FILE.pub`.
pub fn generate_key(name: &str, output: &Path) -> Result<VerifierKey> {
    if output.exists() {
        bail!("{} exists; refusing to overwrite a key", output.display());
    }
    let seed = crate::secrets::random_seed()?;
    let signer = Signer::from_seed(name, &seed).context("the key name must be non-empty, without spaces or '+'")?;
    crate::secrets::write_private(output, signer.to_secret_string().as_bytes())?;
    let public = PathBuf::from(format!("{}.pub", output.display()));
    std::fs::write(&public, format!("{}\n", signer.verifier()))
        .with_context(|| format!("writing {}", public.display()))?;
    Ok(signer.verifier())
}

/// One witness run: verify, cosign, submit, remember.
pub async fn run(source: &LogSource, key: &Signer, state_path: &Path, host_key: Option<&str>) -> Result<Outcome> {
    let state: Option<WitnessState> = if state_path.exists() {
        let text = std::fs::read_to_string(state_path).with_context(|| format!("reading {}", state_path.display()))?;
        Some(
            serde_json::from_str(&text)
                .with_context(|| format!("{} is not a witness state file", state_path.display()))?,
        )
    } else {
        None
    };
    let pinned = match (&state, host_key) {
        (Some(s), Some(k)) if s.host_key.trim() != k.trim() => {
            bail!("--host-key differs from the host key pinned in {}", state_path.display())
        }
        (Some(s), _) => s.host_key.clone(),
        (None, Some(k)) => k.trim().to_owned(),
        (None, None) => bail!("first contact: pass --host-key with the host's verifier key, obtained out of band"),
    };
    let host = VerifierKey::parse(&pinned).context("the host key is malformed")?;
    let held: Option<Checkpoint> = match &state {
        Some(s) => Some(
            SignedCheckpoint::parse(&s.checkpoint)
                .with_context(|| format!("the checkpoint in {} is malformed", state_path.display()))?
                .checkpoint()
                .clone(),
        ),
        None => None,
    };
    let (id, note) = source.latest().await?;
    let new = SignedCheckpoint::parse(&note).context("the server's checkpoint is malformed")?;
    if let Err(e) = new.verify(std::slice::from_ref(&host)) {
        return Ok(Outcome::Refused(Refusal::BadHostSignature(e.to_string())));
    }
    let new_cp = new.checkpoint();
    let proof = match &held {
        Some(h) if h.origin() == new_cp.origin() && h.size() < new_cp.size() => {
            source.consistency(h.size(), new_cp.size()).await?
        }
        _ => Vec::new(),
    };
    let line = match witness_cosign(held.as_ref(), new_cp, &proof, key) {
        Ok(line) => line,
        Err(e) => return Ok(Outcome::Refused(Refusal::Inconsistent(e.to_string()))),
    };
    source.submit(id, &line.to_string()).await?;
    let next = WitnessState { host_key: pinned, checkpoint: note };
    let tmp = state_path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_string_pretty(&next)?).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, state_path).with_context(|| format!("writing {}", state_path.display()))?;
    Ok(Outcome::Cosigned { size: new_cp.size(), previous: held.map(|h| h.size()) })
}
