//! The joint ledger over HTTP: the latest checkpoint, entries with inclusion
//! proofs, consistency proofs, checkpoints on demand, and the auditors' page.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::Msg;
use ittifaq_ledger::checkpoint::VerifierKey;
use ittifaq_store::ledger::{ConsistencyView, InclusionView};
use ittifaq_store::witness::{CosignatureView, WitnessKeyView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::{ApiJson, ErrorBody};
use crate::extract::Caller;
use crate::pages::{ListPage, ListRow, PageCtx, QueryData};
use crate::{AppError, AppState, LedgerKeys};

/// A signed checkpoint as stored.
#[derive(Serialize, ToSchema)]
pub struct CheckpointOut {
    /// The checkpoint's number, for cosigning it.
    id: i64,
    size: i64,
    /// Milliseconds since the Unix epoch.
    created_at: i64,
    /// The C2SP signed note: origin, size, root, then signature lines.
    note: String,
}

fn keys(state: &AppState) -> Result<&LedgerKeys, AppError> {
    state.ledger.as_ref().ok_or_else(|| AppError::Conflict(Msg::new("conflict-no-ledger-identity")))
}

/// The latest signed checkpoint, with the witnesses' cosignatures after the host's signature.
#[utoipa::path(get, path = "/api/v1/ledger/checkpoint", responses((status = 200, body = CheckpointOut), (status = 404, body = ErrorBody)))]
pub async fn latest(State(state): State<AppState>) -> Result<Json<CheckpointOut>, AppError> {
    let c = state
        .store
        .cosigned_checkpoints()
        .await?
        .pop()
        .ok_or_else(|| AppError::NotFound(Msg::new("error-no-checkpoint")))?;
    Ok(Json(CheckpointOut { id: c.id, size: c.size, created_at: c.created_at, note: c.note }))
}

/// Signs a checkpoint of the ledger now (the host party's key must be on this server).
#[utoipa::path(post, path = "/api/v1/ledger/checkpoints", responses((status = 201, body = CheckpointOut), (status = 409, body = ErrorBody)))]
pub async fn issue(State(state): State<AppState>) -> Result<Response, AppError> {
    let k = keys(&state)?;
    let signer = k.signer.as_ref().ok_or_else(|| AppError::Conflict(Msg::new("conflict-no-checkpoint-key")))?;
    let signed = state.store.issue_checkpoint(&k.origin, signer).await?;
    let id = state.store.checkpoints().await?.last().map(|c| c.id).unwrap_or_default();
    let out = CheckpointOut {
        id,
        size: i64::try_from(signed.checkpoint().size()).unwrap_or(i64::MAX),
        created_at: state.store.now_ms(),
        note: signed.note().to_string(),
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryQuery {
    #[serde(default)]
    tree_size: Option<u64>,
}

/// An entry with its inclusion proof in a tree of `tree_size` entries (default:
/// the latest checkpoint). Entries about the other party's records come
/// without their content: the leaf hash and proof still verify.
#[utoipa::path(get, path = "/api/v1/ledger/entries/{seq}", params(("seq" = u64, Path), ("tree_size" = Option<u64>, Query)),
    responses((status = 200, body = InclusionView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn entry(
    Caller { state, user: u }: Caller,
    Path(seq): Path<String>,
    QueryData(q): QueryData<EntryQuery>,
) -> Result<Json<InclusionView>, AppError> {
    let seq = seq.parse::<u64>().map_err(|_| {
        AppError::NotFound(
            Msg::new("error-does-not-exist").msg("what", Msg::new("record-ledger-entry").arg("seq", &seq)),
        )
    })?;
    Ok(Json(state.store.ledger_inclusion(&u.actor(), seq, q.tree_size).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyQuery {
    first: u64,
    second: u64,
}

/// A proof that the tree of `second` entries extends the tree of `first`.
#[utoipa::path(get, path = "/api/v1/ledger/consistency", params(("first" = u64, Query), ("second" = u64, Query)),
    responses((status = 200, body = ConsistencyView), (status = 422, body = ErrorBody)))]
pub async fn consistency(
    State(state): State<AppState>,
    QueryData(q): QueryData<ConsistencyQuery>,
) -> Result<Json<ConsistencyView>, AppError> {
    Ok(Json(state.store.ledger_consistency(q.first, q.second).await?))
}

/// The auditors' page: the checkpoints with their signatures and whether the
/// ledger in this database verifies against them.
pub async fn page(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let size = state.store.ledger_size().await?;
    let checkpoints = state.store.checkpoints().await?;
    let cosignatures = state.store.cosignatures().await?;
    let status = match state.ledger.as_ref() {
        Some(k) => {
            let trusted: Vec<VerifierKey> = k.signer.iter().map(|s| s.verifier()).collect();
            match state.store.verify_ledger(&k.origin, &trusted).await? {
                Ok(s) => ctx.tr.t_args(
                    "ledger-verified",
                    &[
                        ("entries", s.entries.into()),
                        ("signed", s.verified_size.into()),
                        ("root", s.root.to_hex().into()),
                    ],
                ),
                Err(finding) => format!("{}: {finding}", ctx.t("ledger-failed")),
            }
        }
        None => ctx.t("ledger-no-key"),
    };
    let rows = checkpoints
        .into_iter()
        .rev()
        .map(|c| {
            let when = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(c.created_at) * 1_000_000)
                .map(|t| format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute()))
                .unwrap_or_default();
            let host = c.note.lines().rfind(|l| l.starts_with('\u{2014}')).unwrap_or_default().to_owned();
            let witnesses: Vec<String> = cosignatures
                .iter()
                .filter(|s| s.checkpoint_id == c.id)
                .map(|s| format!("{}: {}", s.party, s.line))
                .collect();
            let witnesses = if witnesses.is_empty() { ctx.t("ledger-not-witnessed") } else { witnesses.join("\n") };
            let body = c.note.split("\n\n").next().unwrap_or_default().to_owned();
            ListRow::plain(vec![c.size.to_string(), when, body, host, witnesses])
        })
        .collect();
    Ok(ListPage {
        heading: ctx.t("ledger-title"),
        lead: Some(format!("{} · {}", ctx.tr.count("ledger-size", size), status)),
        headers: vec![
            ctx.t("ledger-checkpoint-size"),
            ctx.t("when"),
            ctx.t("ledger-note"),
            ctx.t("ledger-host-signature"),
            ctx.t("ledger-witness-signature"),
        ],
        rows,
        new_link: None,
        link_label: String::new(),
        search: None,
        pager: None,
        ctx,
    })
}

/// A witness key to register for the caller's party.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WitnessKeyInput {
    /// The C2SP verifier key string (`name+hash+base64`), as `ittifaq audit witness-key generate` prints it.
    key: String,
}

/// The witness keys the parties registered; the latest of a party is its current one.
#[utoipa::path(get, path = "/api/v1/ledger/witness-keys", responses((status = 200, body = Vec<WitnessKeyView>)))]
pub async fn witness_keys(State(state): State<AppState>) -> Result<Json<Vec<WitnessKeyView>>, AppError> {
    Ok(Json(state.store.witness_keys().await?))
}

/// Registers the witness key of the caller's party (an admin of a party that does not host the ledger).
#[utoipa::path(post, path = "/api/v1/ledger/witness-keys", request_body = WitnessKeyInput,
    responses((status = 201, body = WitnessKeyView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register_witness_key(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<WitnessKeyInput>,
) -> Result<Response, AppError> {
    let key = state.store.register_witness_key(&u.actor(), &input.key).await?;
    Ok((StatusCode::CREATED, Json(key)).into_response())
}

/// A witness's cosignature of one checkpoint.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CosignInput {
    /// The `id` of the checkpoint, as `GET /api/v1/ledger/checkpoint` gives it.
    checkpoint_id: i64,
    /// One signed-note signature line (`— name base64`) over that checkpoint's body.
    cosignature: String,
}

/// Stores the caller's party's cosignature of a checkpoint, if it verifies with
/// the party's registered witness key over exactly that checkpoint.
#[utoipa::path(post, path = "/api/v1/ledger/cosign", request_body = CosignInput,
    responses((status = 201, body = CosignatureView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn cosign(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<CosignInput>,
) -> Result<Response, AppError> {
    let c = state.store.add_cosignature(&u.actor(), input.checkpoint_id, &input.cosignature).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}
