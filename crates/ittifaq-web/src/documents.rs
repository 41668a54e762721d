//! The pages and API of issued documents: issuing travel orders and
//! certificates, downloading them, revoking a certificate, verifying a
//! document (for anyone, on a public page and API) and the seal requests a
//! party answers from its own machine. The work itself is in [`crate::issuing`].

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Msg;
use ittifaq_core::id::{NominationId, SealRequestId};
use ittifaq_docs::SealKind;
use ittifaq_store::training::{PublicCertificate, TrainingRecord};
use serde::{Deserialize, Serialize};

use crate::api::{ApiJson, ErrorBody};
use crate::error::{Unreadable, unreadable};
use crate::extract::{Caller, Id};
use crate::issuing::{Verdict, issue_certificate, issue_order, keys, verify_document};
use crate::pages::{FormData, PageCtx, pdf_response};
use crate::{AppError, AppState};

pub async fn order_issue(Caller { state, user: u }: Caller, Id(id): Id<NominationId>) -> Result<Response, AppError> {
    issue_order(&state.store, keys(&state)?, &u.actor(), id).await?;
    Ok(Redirect::to(&format!("/nominations/{id}")).into_response())
}

/// The issued travel order, as sealed.
pub async fn order_pdf(Caller { state, user: u }: Caller, Id(id): Id<NominationId>) -> Result<Response, AppError> {
    let (reference, pdf) = state.store.travel_order_pdf(&u.actor(), id).await?;
    Ok(pdf_response(&reference, pdf))
}

/// Issues the travel order once every vetting check has passed (409 naming what is missing otherwise).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/order", params(("id" = i64, Path)),
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_order_issue(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
) -> Result<Json<TrainingRecord>, AppError> {
    issue_order(&state.store, keys(&state)?, &u.actor(), id).await?;
    Ok(Json(state.store.training_record(&u.actor(), id).await?))
}

pub async fn certificate_issue(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
) -> Result<Response, AppError> {
    issue_certificate(&state.store, keys(&state)?, &u.actor(), id).await?;
    Ok(Redirect::to(&format!("/nominations/{id}")).into_response())
}

/// A certificate's sealed PDF.
pub async fn certificate_pdf(
    Caller { state, user: u }: Caller,
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
    Caller { state, user: u }: Caller,
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
    Caller { state, user: u }: Caller,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> Result<Json<CertificateStatus>, AppError> {
    state.store.revoke_certificate(&u.actor(), &code, &input.reason).await?;
    Ok(Json(status_of(&state, &code).await?))
}

// ---------------------------------------------------------------- verification
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
        status.as_ref().map(|s| crate::pages::names(ctx.tr.lang, &s.certificate.course_title)).unwrap_or_default();
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
    while let Some(field) = form.next_field().await.map_err(|e| unreadable(Unreadable::Upload, None, &e.body_text()))? {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|e| unreadable(Unreadable::Upload, None, &e.body_text()))?;
            file = Some(bytes);
        }
    }
    let file = file.ok_or_else(|| AppError::invalid("file", Msg::new("invalid-choose-pdf")))?;
    let keys = keys(&state)?;
    let verdict = verify_document(&state.store, &keys.verifiers, &file, today(&state)).await;
    let status = match &verdict.id {
        Some(id) if verdict.kind.as_deref() == Some(SealKind::Certificate.code()) => status_of(&state, id).await.ok(),
        _ => None,
    };
    let course =
        status.as_ref().map(|s| crate::pages::names(ctx.tr.lang, &s.certificate.course_title)).unwrap_or_default();
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
        return Err(AppError::BadRequest(Msg::new("error-send-pdf")));
    }
    let keys = keys(&state)?;
    Ok(Json(verify_document(&state.store, &keys.verifiers, &body, today(&state)).await))
}

// ---------------------------------------------------------------- seal requests

/// The caller's party's documents waiting for its seal (its key is on its own machine).
#[utoipa::path(get, path = "/api/v1/seal-requests",
    responses((status = 200, body = Vec<ittifaq_store::seal::SealRequestView>)))]
pub async fn api_seal_requests(
    Caller { state, user: u }: Caller,
) -> Result<Json<Vec<ittifaq_store::seal::SealRequestView>>, AppError> {
    Ok(Json(state.store.seal_requests(&u.actor()).await?))
}

/// The document of a seal request as it will be sealed, for the party to read before it signs.
#[utoipa::path(get, path = "/api/v1/seal-requests/{id}/pdf", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
pub async fn api_seal_request_pdf(
    Caller { state, user: u }: Caller,
    Id(id): Id<SealRequestId>,
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
    Caller { state, user: u }: Caller,
    Id(id): Id<SealRequestId>,
    body: Bytes,
) -> Result<Response, AppError> {
    use base64::Engine as _;
    let actor = u.actor();
    let keys = keys(&state)?;
    // Another party's request is absent, whatever the body says: look it up first.
    let r = state.store.seal_request(&actor, id).await?;
    let input: SealInput =
        serde_json::from_slice(&body).map_err(|e| unreadable(Unreadable::Seal, None, &e.to_string()))?;
    let bad = || AppError::invalid("signature", Msg::new("invalid-seal-signature"));
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
    if r.kind == SealKind::Certificate.code() {
        let mut data = state.store.prepare_certificate(&actor, NominationId(nomination)).await?;
        data.reference = r.reference.clone();
        data.issued_on = r.issued_on.clone();
        data.expires_on = r.expires_on.clone();
        state.store.issue_certificate(&actor, NominationId(nomination), &data, r.payload.clone(), doc.clone()).await?;
    } else {
        let mut data = state.store.prepare_travel_order(&actor, NominationId(nomination)).await?;
        data.reference = r.reference.clone();
        data.issued_on = r.issued_on.clone();
        state.store.issue_travel_order(&actor, NominationId(nomination), &data, doc.clone()).await?;
    }
    state.store.remove_seal_request(r.id).await?;
    let verdict = verify_document(&state.store, &keys.verifiers, &doc, today(&state)).await;
    Ok((StatusCode::CREATED, Json(verdict)).into_response())
}
