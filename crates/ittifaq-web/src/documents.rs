//! Issued documents: invitational travel orders and certificates, rendered by
//! `ittifaq-docs`, sealed with the issuing party's Ed25519 key and stored as
//! issued; and their verification, for anyone, on a public page and API.

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ed25519_dalek::{SigningKey, VerifyingKey};
use ittifaq_docs::{Certificate, SealKind, SealPayload, TravelOrder, Trilingual, VettingCheck};
use ittifaq_store::training::{DocumentData, PublicCertificate, TrainingRecord};
use ittifaq_store::{Actor, Store};
use serde::{Deserialize, Serialize};

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::extract::{Id, Nomination, SealRequest};
use crate::pages::{FormData, PageCtx};
use crate::{AppError, AppState};

/// The document-sealing keys this server holds (in production the host
/// party's only: another party seals on its own machine, through a seal
/// request), the keys it trusts to verify (the other parties' as the agreement
/// pins them), and the public address printed in QR codes.
#[derive(Clone)]
pub struct DocumentKeys {
    /// The address of this server as the public reaches it, without a trailing slash.
    pub public_url: String,
    pub signers: BTreeMap<String, SigningKey>,
    pub verifiers: BTreeMap<String, VerifyingKey>,
}

impl std::fmt::Debug for DocumentKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentKeys")
            .field("public_url", &self.public_url)
            .field("signers", &self.signers.keys().collect::<Vec<_>>())
            .field("verifiers", &self.verifiers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl DocumentKeys {
    /// Keys for the parties' signing keys; each also verifies.
    pub fn new(public_url: impl Into<String>, signers: BTreeMap<String, SigningKey>) -> DocumentKeys {
        let verifiers = signers.iter().map(|(p, k)| (p.clone(), k.verifying_key())).collect();
        DocumentKeys { public_url: public_url.into().trim_end_matches('/').to_owned(), signers, verifiers }
    }

    /// The same keys, also trusting `verifiers` (the parties whose secret this server does not hold).
    pub fn with_verifiers(mut self, verifiers: BTreeMap<String, VerifyingKey>) -> DocumentKeys {
        for (party, key) in verifiers {
            self.verifiers.entry(party).or_insert(key);
        }
        self
    }
}

pub(crate) fn keys(state: &AppState) -> Result<&Arc<DocumentKeys>, AppError> {
    state.documents.as_ref().ok_or_else(|| AppError::Conflict("this server holds no document-sealing keys".into()))
}

fn date(field: &str, text: &str) -> Result<time::Date, AppError> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| AppError::Internal(format!("{field} \"{text}\" is not a date")))
}

fn tri(n: &ittifaq_core::agreement::Names) -> Trilingual {
    Trilingual::new(n.en.clone(), n.tr.clone(), n.ar.clone())
}

async fn party_names(store: &Store, code: &str) -> Result<Trilingual, AppError> {
    let p = store.parties().await?.into_iter().find(|p| p.code == code);
    Ok(match p {
        Some(p) => Trilingual::new(p.name_en, p.name_tr, p.name_ar),
        None => Trilingual::new(code, code, code),
    })
}

/// How a document gets its seal: here, or on the issuing party's own machine.
enum Sealer {
    Here(SigningKey),
    Elsewhere(VerifyingKey),
}

fn sealer(keys: &DocumentKeys, party: &str) -> Result<Sealer, AppError> {
    if let Some(k) = keys.signers.get(party) {
        return Ok(Sealer::Here(k.clone()));
    }
    keys.verifiers.get(party).map(|k| Sealer::Elsewhere(*k)).ok_or_else(|| {
        AppError::Conflict(format!("no sealing key of party {party} is known: the agreement must pin its seal_key"))
    })
}

/// Seals a rendered document here, or stores it as a seal request for its
/// party to sign on its own machine (`ittifaq certificate sign`). Returns the
/// sealed document, or `None` when it waits for the party's signature.
#[allow(clippy::too_many_arguments)]
async fn seal_or_request<F>(
    store: &Store,
    actor: &Actor,
    sealer: Sealer,
    payload: SealPayload,
    nomination_id: i64,
    issued_on: &str,
    expires_on: Option<String>,
    render_pdf: F,
) -> Result<Option<Vec<u8>>, AppError>
where
    F: FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
{
    match sealer {
        Sealer::Here(key) => {
            let sealed = render(move || {
                let pdf = render_pdf()?;
                ittifaq_docs::seal(&pdf, &payload, &key).map_err(|e| e.to_string())
            })
            .await?;
            Ok(Some(sealed))
        }
        Sealer::Elsewhere(key) => {
            let p = payload.clone();
            let (pdf, json) = render(move || {
                let pdf = render_pdf()?;
                let json = ittifaq_docs::seal::prepare(&pdf, &p, &key).map_err(|e| e.to_string())?;
                // The PDF and its payload travel together; the payload is JSON text.
                Ok([json.as_slice(), &b"\n"[..], pdf.as_slice()].concat())
            })
            .await
            .map(|joined| {
                let at = joined.iter().position(|b| *b == b'\n').unwrap_or(0);
                (joined[at + 1..].to_vec(), String::from_utf8_lossy(&joined[..at]).into_owned())
            })?;
            let kind = match payload.kind {
                SealKind::Certificate => "certificate",
                SealKind::TravelOrder => "travel-order",
            };
            store
                .request_seal(
                    actor,
                    ittifaq_store::seal::NewSealRequest {
                        party: payload.party.clone(),
                        kind: kind.into(),
                        nomination_id,
                        reference: payload.id.clone(),
                        payload: json,
                        pdf,
                        issued_on: issued_on.to_owned(),
                        expires_on,
                    },
                )
                .await?;
            Ok(None)
        }
    }
}

/// Renders off the async threads: typesetting takes a while.
async fn render<F>(f: F) -> Result<Vec<u8>, AppError>
where
    F: FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("rendering stopped: {e}")))?
        .map_err(AppError::Internal)
}

/// Issues the travel order of an enrolment: checks the vetting gate, renders, seals, stores.
pub async fn issue_order(store: &Store, keys: &DocumentKeys, actor: &Actor, id: i64) -> Result<String, AppError> {
    let data = store.prepare_travel_order(actor, id).await?;
    let sealer = sealer(keys, &data.host_party)?;
    let order = TravelOrder {
        reference: data.reference.clone(),
        person_name: data.person_name.clone(),
        rank_code: data.rank_code.clone(),
        rank_title: Trilingual::new(data.rank_title.clone(), data.rank_title.clone(), data.rank_title.clone()),
        sending_party: party_names(store, &data.sending_party).await?,
        host_party: party_names(store, &data.host_party).await?,
        course_title: tri(&data.course_title),
        institution: tri(&data.institution),
        place: Trilingual::new(data.place.clone(), data.place.clone(), data.place.clone()),
        start: date("start", &data.start)?,
        end: date("end", &data.end)?,
        report_by: date("start", &data.start)?,
        issued_on: date("issued_on", &data.issued_on)?,
        issued_by: data.issued_by.clone(),
        vetting: data
            .vetting
            .iter()
            .map(|(name, day)| Ok(VettingCheck { name: tri(name), passed_on: date("vetting", day)? }))
            .collect::<Result<_, AppError>>()?,
    };
    let payload = SealPayload::new(
        SealKind::TravelOrder,
        data.reference.clone(),
        data.host_party.clone(),
        order.issued_on,
        Some(order.end),
    );
    let render_pdf = move || ittifaq_docs::render_travel_order(&order).map_err(|e| e.to_string());
    let sealed = seal_or_request(store, actor, sealer, payload, id, &data.issued_on, None, render_pdf).await?;
    if let Some(pdf) = sealed {
        store.issue_travel_order(actor, id, &data, pdf).await?;
    }
    Ok(data.reference)
}

/// Issues the certificate of a completed course: renders with the QR code of its
/// verification page, seals with the host party's key, stores.
pub async fn issue_certificate(store: &Store, keys: &DocumentKeys, actor: &Actor, id: i64) -> Result<String, AppError> {
    let data: DocumentData = store.prepare_certificate(actor, id).await?;
    let sealer = sealer(keys, &data.host_party)?;
    let qualification = data.qualification.clone().unwrap_or_default();
    let cert = Certificate {
        id: data.reference.clone(),
        holder_name: data.person_name.clone(),
        rank_code: data.rank_code.clone(),
        rank_title: Trilingual::new(data.rank_title.clone(), data.rank_title.clone(), data.rank_title.clone()),
        course_title: tri(&data.course_title),
        institution: tri(&data.institution),
        issuing_party: party_names(store, &data.host_party).await?,
        start: date("start", &data.start)?,
        end: date("end", &data.end)?,
        issued_on: date("issued_on", &data.issued_on)?,
        expires_on: data.expires_on.as_deref().map(|d| date("expires_on", d)).transpose()?,
        grade: data.grade.clone(),
        qualification: Trilingual::new(qualification.clone(), qualification.clone(), qualification),
        verify_url: format!("{}/verify/{}", keys.public_url, data.reference),
    };
    let payload = SealPayload::new(
        SealKind::Certificate,
        data.reference.clone(),
        data.host_party.clone(),
        cert.issued_on,
        cert.expires_on,
    );
    let render_pdf = move || ittifaq_docs::render_certificate(&cert).map_err(|e| e.to_string());
    let expires_on = data.expires_on.clone();
    let sealed = seal_or_request(store, actor, sealer, payload, id, &data.issued_on, expires_on, render_pdf).await?;
    if let Some(pdf) = sealed {
        let opened =
            ittifaq_docs::open(&pdf).map_err(|e| AppError::Internal(format!("the new seal does not open: {e}")))?;
        let payload = String::from_utf8_lossy(opened.payload_json()).into_owned();
        store.issue_certificate(actor, id, &data, payload, pdf).await?;
    }
    Ok(data.reference)
}

fn pdf_response(name: &str, pdf: Vec<u8>) -> Response {
    let file: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}.pdf\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response()
}

pub async fn order_issue(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Nomination>,
) -> Result<Response, AppError> {
    issue_order(&state.store, keys(&state)?, &u.actor(), id).await?;
    Ok(Redirect::to(&format!("/nominations/{id}")).into_response())
}

/// The issued travel order, as sealed.
pub async fn order_pdf(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Nomination>,
) -> Result<Response, AppError> {
    let (reference, pdf) = state.store.travel_order_pdf(&u.actor(), id).await?;
    Ok(pdf_response(&reference, pdf))
}

/// Issues the travel order once every vetting check has passed (409 naming what is missing otherwise).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/order", params(("id" = i64, Path)),
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_order_issue(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Nomination>,
) -> Result<Json<TrainingRecord>, AppError> {
    issue_order(&state.store, keys(&state)?, &u.actor(), id).await?;
    Ok(Json(state.store.training_record(&u.actor(), id).await?))
}

pub async fn certificate_issue(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Nomination>,
) -> Result<Response, AppError> {
    issue_certificate(&state.store, keys(&state)?, &u.actor(), id).await?;
    Ok(Redirect::to(&format!("/nominations/{id}")).into_response())
}

/// A certificate's sealed PDF.
pub async fn certificate_pdf(
    State(state): State<AppState>,
    u: CurrentUser,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let pdf = state.store.certificate_pdf(&u.actor(), &code).await?;
    Ok(pdf_response(&code, pdf))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeInput {
    reason: String,
}

pub async fn revoke(
    State(state): State<AppState>,
    u: CurrentUser,
    Path(code): Path<String>,
    FormData(f): FormData<RevokeInput>,
) -> Result<Response, AppError> {
    state.store.revoke_certificate(&u.actor(), &code, &f.reason).await?;
    Ok(Redirect::to(&format!("/verify/{code}")).into_response())
}

/// Revokes a certificate the caller's party issued; verification fails from then on.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/revoke", params(("id" = String, Path, description = "the certificate's code")),
    request_body = RevokeInput,
    responses((status = 200, body = CertificateStatus), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_revoke(
    State(state): State<AppState>,
    u: CurrentUser,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> Result<Json<CertificateStatus>, AppError> {
    state.store.revoke_certificate(&u.actor(), &code, &input.reason).await?;
    Ok(Json(status_of(&state, &code).await?))
}

// ---------------------------------------------------------------- verification

/// The outcome of verifying a document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Verdict {
    /// Whether the document is authentic, unaltered, issued, in force and not revoked.
    pub valid: bool,
    /// valid, altered, no-seal, unknown-key, bad-signature, not-issued, mismatch, revoked or expired.
    pub status: String,
    /// What was found, for a person to read.
    pub detail: String,
    /// What the seal states, when it could be read.
    pub kind: Option<String>,
    pub id: Option<String>,
    pub party: Option<String>,
    pub issued_on: Option<String>,
    pub expires_on: Option<String>,
}

impl Verdict {
    fn fail(status: &str, detail: impl Into<String>, payload: Option<&SealPayload>) -> Verdict {
        let mut v = Verdict {
            valid: false,
            status: status.into(),
            detail: detail.into(),
            kind: None,
            id: None,
            party: None,
            issued_on: None,
            expires_on: None,
        };
        if let Some(p) = payload {
            v.kind = Some(match p.kind {
                SealKind::Certificate => "certificate".into(),
                SealKind::TravelOrder => "travel-order".into(),
            });
            v.id = Some(p.id.clone());
            v.party = Some(p.party.clone());
            v.issued_on = Some(p.issued_on.to_string());
            v.expires_on = p.expires_on.map(|d| d.to_string());
        }
        v
    }
}

/// Verifies a sealed document: the seal opens and the bytes are those sealed,
/// the issuing party's key signed it, the registry holds the same document,
/// and it is neither revoked nor expired on `today`.
pub async fn verify_document(
    store: &Store,
    verifiers: &BTreeMap<String, VerifyingKey>,
    bytes: &[u8],
    today: time::Date,
) -> Verdict {
    let sealed = match ittifaq_docs::open(bytes) {
        Ok(s) => s,
        Err(ittifaq_docs::SealError::NoSeal) => {
            return Verdict::fail(
                "no-seal",
                "the file carries no Ittifaq seal: it is not a document this platform issued",
                None,
            );
        }
        Err(e @ ittifaq_docs::SealError::ContentAltered { .. }) => {
            return Verdict::fail("altered", e.to_string(), None);
        }
        Err(e) => return Verdict::fail("altered", format!("the seal cannot be read: {e}"), None),
    };
    let p = sealed.payload().clone();
    let Some(key) = verifiers.get(&p.party) else {
        return Verdict::fail("unknown-key", format!("no sealing key of party {} is known here", p.party), Some(&p));
    };
    if let Err(e) = ittifaq_docs::verify(&sealed, key) {
        return Verdict::fail("bad-signature", format!("the seal is not party {}'s: {e}", p.party), Some(&p));
    }
    if p.kind == SealKind::Certificate {
        let stored = match store.public_certificate(&p.id).await {
            Ok(c) => c,
            Err(ittifaq_store::StoreError::NotFound(_)) => {
                return Verdict::fail("not-issued", format!("certificate {} is not in the registry", p.id), Some(&p));
            }
            Err(e) => return Verdict::fail("error", format!("the registry could not be read: {e}"), Some(&p)),
        };
        if stored.payload.as_bytes() != sealed.payload_json() {
            return Verdict::fail("mismatch", format!("the registry holds another document under {}", p.id), Some(&p));
        }
        if stored.revoked {
            let why = stored.revoked_reason.unwrap_or_default();
            return Verdict::fail("revoked", format!("certificate {} was revoked: {why}", p.id), Some(&p));
        }
    }
    if p.expired(today) {
        let last = p.expires_on.map(|d| d.to_string()).unwrap_or_default();
        return Verdict::fail("expired", format!("{} expired after {last}", p.id), Some(&p));
    }
    let mut v = Verdict::fail("valid", format!("{} is authentic, unaltered and in force", p.id), Some(&p));
    v.valid = true;
    v
}

fn today(state: &AppState) -> time::Date {
    time::Date::parse(&state.store.today(), &time::format_description::well_known::Iso8601::DATE)
        .unwrap_or(time::Date::MIN)
}

/// A certificate's standing in the registry.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertificateStatus {
    /// valid, revoked or expired.
    pub status: String,
    #[serde(flatten)]
    pub certificate: PublicCertificate,
}

async fn status_of(state: &AppState, code: &str) -> Result<CertificateStatus, AppError> {
    let c = state.store.public_certificate(code).await?;
    let expired = c.expires_on.as_deref().is_some_and(|e| e < state.store.today().as_str());
    let status = if c.revoked {
        "revoked"
    } else if expired {
        "expired"
    } else {
        "valid"
    };
    Ok(CertificateStatus { status: status.into(), certificate: c })
}

#[derive(Template, WebTemplate)]
#[template(path = "verify.html")]
struct VerifyPage {
    ctx: PageCtx,
    code: String,
    status: Option<CertificateStatus>,
    course: String,
    verdict: Option<Verdict>,
}

/// The public verification page a certificate's QR code leads to.
pub async fn verify_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let status = match status_of(&state, &code).await {
        Ok(s) => Some(s),
        Err(AppError::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let course =
        status.as_ref().map(|s| crate::training::names(ctx.tr.lang, &s.certificate.course_title)).unwrap_or_default();
    let code: String = code.chars().take(64).collect();
    let not_found = status.is_none();
    let page = VerifyPage { ctx, code, status, course, verdict: None };
    Ok(if not_found { (StatusCode::NOT_FOUND, page).into_response() } else { page.into_response() })
}

/// Verifies an uploaded document (a `file` field of a multipart form).
pub async fn verify_upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let mut file = None;
    while let Some(field) =
        form.next_field().await.map_err(|e| AppError::BadRequest(format!("the upload could not be read: {e}")))?
    {
        if field.name() == Some("file") {
            let bytes =
                field.bytes().await.map_err(|e| AppError::BadRequest(format!("the upload could not be read: {e}")))?;
            file = Some(bytes);
        }
    }
    let file = file.ok_or_else(|| AppError::invalid("file", "choose the PDF file to verify"))?;
    let keys = keys(&state)?;
    let verdict = verify_document(&state.store, &keys.verifiers, &file, today(&state)).await;
    let status = match &verdict.id {
        Some(id) if verdict.kind.as_deref() == Some("certificate") => status_of(&state, id).await.ok(),
        _ => None,
    };
    let course =
        status.as_ref().map(|s| crate::training::names(ctx.tr.lang, &s.certificate.course_title)).unwrap_or_default();
    let code = verdict.id.clone().unwrap_or_default();
    // The check itself succeeded, whatever it found: the verdict says.
    Ok(VerifyPage { ctx, code, status, course, verdict: Some(verdict) }.into_response())
}

/// A certificate's standing, for anyone who holds its code.
#[utoipa::path(get, path = "/api/v1/verify/{id}", params(("id" = String, Path, description = "the certificate's code")),
    responses((status = 200, body = CertificateStatus), (status = 404, body = ErrorBody)))]
pub async fn api_verify_code(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<CertificateStatus>, AppError> {
    Ok(Json(status_of(&state, &code).await?))
}

/// Verifies a document sent as the request body (`application/pdf`); the verdict names what was found.
#[utoipa::path(post, path = "/api/v1/verify", request_body(content = String, content_type = "application/pdf", description = "the PDF, as binary"),
    responses((status = 200, body = Verdict, description = "the verdict, valid or not")))]
pub async fn api_verify(State(state): State<AppState>, body: Bytes) -> Result<Json<Verdict>, AppError> {
    if body.is_empty() {
        return Err(AppError::BadRequest("send the document to verify, a PDF, as the body".into()));
    }
    let keys = keys(&state)?;
    Ok(Json(verify_document(&state.store, &keys.verifiers, &body, today(&state)).await))
}

// ---------------------------------------------------------------- seal requests

/// The caller's party's documents waiting for its seal (its key is on its own machine).
#[utoipa::path(get, path = "/api/v1/seal-requests",
    responses((status = 200, body = Vec<ittifaq_store::seal::SealRequestView>)))]
pub async fn api_seal_requests(
    State(state): State<AppState>,
    u: CurrentUser,
) -> Result<Json<Vec<ittifaq_store::seal::SealRequestView>>, AppError> {
    Ok(Json(state.store.seal_requests(&u.actor()).await?))
}

/// The document of a seal request as it will be sealed, for the party to read before it signs.
#[utoipa::path(get, path = "/api/v1/seal-requests/{id}/pdf", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
pub async fn api_seal_request_pdf(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<SealRequest>,
) -> Result<Response, AppError> {
    let r = state.store.seal_request(&u.actor(), id).await?;
    Ok(pdf_response(&r.reference, r.pdf))
}

/// The party's detached seal signature of a request's payload.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SealInput {
    /// The Ed25519 signature (base64url, no padding) of `ittifaq-seal/v1` LF and the payload.
    signature: String,
}

/// Completes a seal request with the party's signature, checked against the
/// key the agreement pins for the party; the document is then issued.
#[utoipa::path(post, path = "/api/v1/seal-requests/{id}/seal", params(("id" = i64, Path)), request_body = SealInput,
    responses((status = 201, body = Verdict), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_seal(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<SealRequest>,
    body: Bytes,
) -> Result<Response, AppError> {
    use base64::Engine as _;
    let actor = u.actor();
    let keys = keys(&state)?;
    // Another party's request is absent, whatever the body says: look it up first.
    let r = state.store.seal_request(&actor, id).await?;
    let input: SealInput =
        serde_json::from_slice(&body).map_err(|e| AppError::BadRequest(format!("the body is not a seal: {e}")))?;
    let bad = || AppError::invalid("signature", "it is not the party's seal signature of this document");
    let signature: [u8; 64] = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(input.signature.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    let key = keys.verifiers.get(&r.party).ok_or_else(bad)?;
    let doc = ittifaq_docs::seal::attach(&r.pdf, r.payload.as_bytes(), &signature).map_err(|_| bad())?;
    let sealed = ittifaq_docs::open(&doc).map_err(|_| bad())?;
    ittifaq_docs::verify(&sealed, key).map_err(|_| bad())?;
    let nomination = r.nomination_id;
    if r.kind == "certificate" {
        let mut data = state.store.prepare_certificate(&actor, nomination).await?;
        data.reference = r.reference.clone();
        data.issued_on = r.issued_on.clone();
        data.expires_on = r.expires_on.clone();
        state.store.issue_certificate(&actor, nomination, &data, r.payload.clone(), doc.clone()).await?;
    } else {
        let mut data = state.store.prepare_travel_order(&actor, nomination).await?;
        data.reference = r.reference.clone();
        data.issued_on = r.issued_on.clone();
        state.store.issue_travel_order(&actor, nomination, &data, doc.clone()).await?;
    }
    state.store.remove_seal_request(r.id).await?;
    let verdict = verify_document(&state.store, &keys.verifiers, &doc, today(&state)).await;
    Ok((StatusCode::CREATED, Json(verdict)).into_response())
}
