//! A formation's roster over the API and on a page: the import (a CSV or
//! XLSX file on the page, rows of JSON over the API; all or none, every
//! faulty row named), the verification of a stage for named people, the
//! review of registrations that may be one person, the reintegration
//! track, and the roster in figures (which the other party also reads,
//! small figures withheld). The rules and who may see what are the store's.

use axum::Json;
use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Msg;
use ittifaq_core::id::{CandidateId, FormationId};
use ittifaq_core::integration::{CandidateStatus, ReintegrationReason, Stage};
use ittifaq_store::integration::roster_file::{FileKind, RosterImportError, RowFault};
use ittifaq_store::integration::{
    CandidateInput, CandidateReview, CandidateView, ImportOutcome, ReintegrationInput, RosterQuery, RosterSummary,
    VerifyInput,
};
use serde::{Deserialize, Serialize};

use super::{FormationView, view};
use crate::AppError;
use crate::api::{ApiJson, ErrorBody};
use crate::auth::urlencode;
use crate::error::{Unreadable, unreadable};
use crate::extract::{Caller, Id};
use crate::fields::{Fields, field, refused_in};
use crate::pages::{FormData, FormError, PageCtx, QueryData};

/// A candidate as its party sees it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CandidateJson {
    pub id: CandidateId,
    pub formation: FormationId,
    pub roster_ref: String,
    pub full_name: String,
    pub date_of_birth: String,
    /// Empty where the list does not record it.
    pub mother_name: String,
    /// Empty where the list does not record it.
    pub birthplace: String,
    /// The last stage verified; none before registration is verified.
    pub stage: Option<String>,
    /// active, integrated, reintegration or withdrawn.
    pub status: String,
    pub reason: Option<String>,
    pub note: String,
    /// open or distinct, while the registration matches another.
    pub match_state: Option<String>,
    pub matches: Vec<MatchJson>,
}

/// Another registration a candidate matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MatchJson {
    pub formation: String,
    /// Its number and reference: the caller's own party's only.
    pub candidate: Option<CandidateId>,
    pub roster_ref: Option<String>,
}

fn candidate_json(c: CandidateView) -> CandidateJson {
    CandidateJson {
        id: c.id,
        formation: c.formation,
        roster_ref: c.roster_ref,
        full_name: c.full_name,
        date_of_birth: c.born,
        mother_name: c.mother_name,
        birthplace: c.birthplace,
        stage: c.stage.map(|s| s.code().to_owned()),
        status: c.status.code().to_owned(),
        reason: c.reason.map(|r| r.code().to_owned()),
        note: c.note,
        match_state: c.match_state.map(|m| m.code().to_owned()),
        matches: c
            .matches
            .into_iter()
            .map(|m| MatchJson {
                formation: m.formation,
                candidate: m.candidate.as_ref().map(|(id, _)| *id),
                roster_ref: m.candidate.map(|(_, r)| r),
            })
            .collect(),
    }
}

/// A page of a roster.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RosterJson {
    pub rows: Vec<CandidateJson>,
    pub total: u64,
    /// From 0.
    pub page: u64,
    pub pages: u64,
}

/// Which candidates to list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterParams {
    /// active, integrated, reintegration or withdrawn.
    pub status: Option<String>,
    /// A piece of the reference or the name.
    pub q: Option<String>,
    /// Only those whose review is open.
    pub flagged: Option<bool>,
    /// From 0.
    pub page: Option<u64>,
}

impl RosterParams {
    fn query(&self) -> RosterQuery {
        RosterQuery {
            status: self.status.clone(),
            q: self.q.clone().unwrap_or_default(),
            flagged: self.flagged.unwrap_or(false),
            page: self.page.unwrap_or(0),
        }
    }
}

/// A figure of the roster; none when withheld from the other party (under ten people).
#[derive(Serialize, utoipa::ToSchema)]
pub struct RosterFigure {
    pub code: String,
    pub count: Option<u32>,
}

/// A roster in figures.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SummaryJson {
    pub total: Option<u32>,
    pub by_status: Vec<RosterFigure>,
    /// Candidates on the reintegration track, by reason.
    pub by_reason: Vec<RosterFigure>,
    pub under_review: Option<u32>,
    /// Whether any figure was withheld.
    pub withheld: bool,
}

fn summary_json(s: RosterSummary) -> SummaryJson {
    SummaryJson {
        total: s.total,
        by_status: s.by_status.iter().map(|(st, n)| RosterFigure { code: st.code().to_owned(), count: *n }).collect(),
        by_reason: s.by_reason.iter().map(|(r, n)| RosterFigure { code: r.code().to_owned(), count: *n }).collect(),
        under_review: s.under_review,
        withheld: s.withheld,
    }
}

/// Rows to import.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterImport {
    pub rows: Vec<CandidateInput>,
}

/// A refused row: its number (from 1) or line, the field and the reason.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RowErrorJson {
    pub row: u64,
    pub field: String,
    pub message: String,
    pub key: String,
}

/// An import refused: nothing was stored; every faulty row.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RowsRejected {
    pub status: u16,
    pub message: String,
    pub rows: Vec<RowErrorJson>,
}

fn rejected(ctx: &PageCtx, faults: Vec<RowFault>) -> Response {
    let message = ctx.tr.msg(&Msg::new("roster-rejected").num("count", faults.len() as i64));
    let rows = faults
        .into_iter()
        .map(|f| RowErrorJson {
            row: f.line,
            field: f.column,
            message: ctx.tr.msg(&f.reason),
            key: f.reason.key().to_owned(),
        })
        .collect();
    (StatusCode::UNPROCESSABLE_ENTITY, Json(RowsRejected { status: 422, message, rows })).into_response()
}

/// A page of a roster of the caller's party (another party's does not exist for the caller).
#[utoipa::path(get, path = "/api/v1/formations/{id}/candidates", params(("id" = i64, Path), RosterParams),
    responses((status = 200, body = RosterJson), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_candidates(
    Caller { state, user: u }: Caller,
    Id(id): Id<FormationId>,
    QueryData(p): QueryData<RosterParams>,
) -> Result<Json<RosterJson>, AppError> {
    let page = state.store.roster(&u.actor(), id, &p.query()).await?;
    Ok(Json(RosterJson {
        rows: page.rows.into_iter().map(candidate_json).collect(),
        total: page.total,
        page: page.page,
        pages: page.pages,
    }))
}

/// Imports rows onto a roster of the caller's party: all or none.
#[utoipa::path(post, path = "/api/v1/formations/{id}/candidates", params(("id" = i64, Path)), request_body = RosterImport,
    responses((status = 201, body = ImportOutcome), (status = 404, body = ErrorBody), (status = 422, body = RowsRejected)))]
pub async fn api_candidates_import(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    ApiJson(input): ApiJson<RosterImport>,
) -> Result<Response, AppError> {
    match state.store.import_candidates(&u.actor(), id, &input.rows).await {
        Ok(done) => Ok((StatusCode::CREATED, Json(done)).into_response()),
        Err(errors) => match RosterImportError::of(errors, |i| i as u64 + 1) {
            RosterImportError::Store(e) => Err(e.into()),
            RosterImportError::Rows(faults) => Ok(rejected(&ctx, faults)),
        },
    }
}

/// Verifies a stage for named candidates: the stage's verified count is the number who passed it.
#[utoipa::path(post, path = "/api/v1/formations/{id}/candidates/verify", params(("id" = i64, Path)), request_body = VerifyInput,
    responses((status = 200, body = FormationView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_candidates_verify(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    ApiJson(input): ApiJson<VerifyInput>,
) -> Result<Json<FormationView>, AppError> {
    Ok(Json(view(&ctx.tr, state.store.verify_candidates(&u.actor(), id, &input).await?)))
}

/// The roster in figures; the other party's figures under ten people are withheld.
#[utoipa::path(get, path = "/api/v1/formations/{id}/roster-summary", params(("id" = i64, Path)),
    responses((status = 200, body = SummaryJson), (status = 404, body = ErrorBody)))]
pub async fn api_roster_summary(
    Caller { state, user: u }: Caller,
    Id(id): Id<FormationId>,
) -> Result<Json<SummaryJson>, AppError> {
    Ok(Json(summary_json(state.store.roster_summary(&u.actor(), id).await?)))
}

/// Reviews a candidate whose registration matches another.
#[utoipa::path(post, path = "/api/v1/candidates/{id}/review", params(("id" = i64, Path)), request_body = CandidateReview,
    responses((status = 200, body = CandidateJson), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn api_candidate_review(
    Caller { state, user: u }: Caller,
    Id(id): Id<CandidateId>,
    ApiJson(input): ApiJson<CandidateReview>,
) -> Result<Json<CandidateJson>, AppError> {
    Ok(Json(candidate_json(state.store.review_candidate(&u.actor(), id, &input).await?)))
}

/// Sends a candidate to the reintegration track, with the reason.
#[utoipa::path(post, path = "/api/v1/candidates/{id}/reintegration", params(("id" = i64, Path)),
    request_body = ReintegrationInput,
    responses((status = 200, body = CandidateJson), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn api_candidate_reintegrate(
    Caller { state, user: u }: Caller,
    Id(id): Id<CandidateId>,
    ApiJson(input): ApiJson<ReintegrationInput>,
) -> Result<Json<CandidateJson>, AppError> {
    Ok(Json(candidate_json(state.store.reintegrate(&u.actor(), id, &input).await?)))
}

// ---------------------------------------------------------------- pages

/// A candidate's line on the page.
struct Line {
    id: CandidateId,
    roster_ref: String,
    full_name: String,
    born: String,
    mother_name: String,
    birthplace: String,
    stage: String,
    status: String,
    status_code: &'static str,
    reason: String,
    note: String,
    open: bool,
    active: bool,
    /// The other registrations: formation and reference (own party), or formation only.
    matches: Vec<String>,
}

/// A faulty row of an import, in the reader's language.
struct FaultLine {
    line: u64,
    column: String,
    reason: String,
}

#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "roster.html")]
struct RosterPage {
    ctx: PageCtx,
    formation: FormationId,
    code: String,
    title: String,
    rejected_title: String,
    list_title: String,
    lines: Vec<Line>,
    page: u64,
    pages: u64,
    q: String,
    status: String,
    flagged: bool,
    can_write: bool,
    summary: Vec<(String, String)>,
    outcome: Option<String>,
    faults: Vec<FaultLine>,
    error: Option<FormError>,
    echo: Fields,
}

impl RosterPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }

    fn stages(&self) -> Vec<(&'static str, String, bool)> {
        Stage::ALL.iter().map(|s| (s.code(), self.ctx.t(&s.key()), self.v("verify_stage") == s.code())).collect()
    }

    fn statuses(&self) -> Vec<(&'static str, String, bool)> {
        CandidateStatus::ALL.iter().map(|s| (s.code(), self.ctx.t(&s.key()), self.status == s.code())).collect()
    }

    fn reasons(&self) -> Vec<(&'static str, String)> {
        ReintegrationReason::ALL.iter().map(|r| (r.code(), self.ctx.t(&r.key()))).collect()
    }

    /// The link to another page of the list, the filters kept.
    fn page_link(&self, page: u64) -> String {
        let mut query = String::new();
        if !self.q.is_empty() {
            query.push_str(&format!("q={}&", urlencode(&self.q)));
        }
        if !self.status.is_empty() {
            query.push_str(&format!("status={}&", urlencode(&self.status)));
        }
        if self.flagged {
            query.push_str("flagged=true&");
        }
        format!("/integration/formations/{}/roster?{query}page={page}", self.formation)
    }
}

/// What a roster page shows besides the list.
#[derive(Default)]
struct Shown {
    outcome: Option<String>,
    faults: Vec<FaultLine>,
    error: Option<FormError>,
    echo: Fields,
}

async fn roster_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    id: FormationId,
    p: &RosterParams,
    shown: Shown,
) -> Result<RosterPage, AppError> {
    let f = state.store.formation(&u.actor(), id).await?;
    let query = p.query();
    let page = state.store.roster(&u.actor(), id, &query).await?;
    let s = state.store.roster_summary(&u.actor(), id).await?;
    let summary = figures(&ctx, &s, false);
    let lines = page
        .rows
        .into_iter()
        .map(|c| Line {
            id: c.id,
            stage: c.stage.map_or_else(|| "—".to_owned(), |s| ctx.t(&s.key())),
            status: ctx.t(&c.status.key()),
            status_code: c.status.code(),
            reason: c.reason.map(|r| ctx.t(&r.key())).unwrap_or_default(),
            open: c.match_state == Some(ittifaq_core::integration::MatchState::Open),
            active: c.status == CandidateStatus::Active,
            matches: c
                .matches
                .into_iter()
                .map(|m| match m.candidate {
                    Some((_, r)) => format!("{} · {r}", m.formation),
                    None => ctx.tr.msg(&Msg::new("roster-match-other").arg("formation", &m.formation)),
                })
                .collect(),
            roster_ref: c.roster_ref,
            full_name: c.full_name,
            born: c.born,
            mother_name: c.mother_name,
            birthplace: c.birthplace,
            note: c.note,
        })
        .collect();
    let can_write = ctx.can("POST", "/integration/formations/{id}/roster");
    let title = ctx.tr.msg(&Msg::new("roster-title").arg("formation", &f.code));
    let rejected_title = ctx.tr.msg(&Msg::new("roster-rejected").num("count", shown.faults.len() as i64));
    let list_title = ctx.tr.msg(
        &Msg::new("roster-page")
            .num("page", page.page as i64 + 1)
            .num("pages", page.pages as i64)
            .num("total", page.total as i64),
    );
    Ok(RosterPage {
        ctx,
        formation: id,
        code: f.code,
        title,
        rejected_title,
        list_title,
        lines,
        page: page.page,
        pages: page.pages,
        q: query.q,
        status: query.status.unwrap_or_default(),
        flagged: query.flagged,
        can_write,
        summary,
        outcome: shown.outcome,
        faults: shown.faults,
        error: shown.error,
        echo: shown.echo,
    })
}

pub async fn roster(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    QueryData(p): QueryData<RosterParams>,
) -> Result<Response, AppError> {
    Ok(roster_page(&state, ctx, &u, id, &p, Shown::default()).await?.into_response())
}

fn no_filter() -> RosterParams {
    RosterParams { status: None, q: None, flagged: None, page: None }
}

/// Imports an uploaded roster file (the `file` field).
pub async fn import_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let mut file = None;
    while let Some(part) = form.next_field().await.map_err(|e| unreadable(Unreadable::Upload, None, &e.body_text()))? {
        if part.name() == Some("file") {
            let name = part.file_name().unwrap_or_default().to_owned();
            let bytes = part.bytes().await.map_err(|e| unreadable(Unreadable::Upload, None, &e.body_text()))?;
            file = Some((name, bytes));
        }
    }
    let (name, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| AppError::invalid("file", Msg::new("invalid-roster-empty")))?;
    let kind = FileKind::of(&name, &bytes);
    let (status, shown) = match state.store.import_roster_file(&u.actor(), id, kind, bytes.to_vec()).await {
        Ok(done) => {
            let msg =
                Msg::new("roster-imported").num("imported", done.imported as i64).num("flagged", done.flagged as i64);
            (StatusCode::OK, Shown { outcome: Some(ctx.tr.msg(&msg)), ..Shown::default() })
        }
        Err(RosterImportError::Store(e)) => return Err(e.into()),
        Err(RosterImportError::Rows(faults)) => {
            let faults = faults
                .into_iter()
                .map(|f| FaultLine { line: f.line, column: f.column, reason: ctx.tr.msg(&f.reason) })
                .collect();
            (StatusCode::UNPROCESSABLE_ENTITY, Shown { faults, ..Shown::default() })
        }
    };
    Ok((status, roster_page(&state, ctx, &u, id, &no_filter(), shown).await?).into_response())
}

/// Verifies a stage for the references typed, one a line.
pub async fn verify_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let input = VerifyInput {
        stage: field(&f, "verify_stage").to_owned(),
        on_day: field(&f, "verify_on_day").to_owned(),
        method: field(&f, "verify_method").to_owned(),
        list_reference: field(&f, "verify_list_reference").to_owned(),
        refs: field(&f, "verify_refs").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        unit: Some(field(&f, "verify_unit").to_owned()).filter(|u| !u.trim().is_empty()),
    };
    match state.store.verify_candidates(&u.actor(), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/integration/formations/{id}/roster")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let shown = Shown { error: Some(refused_in("verify", e, &ctx.tr)), echo: f, ..Shown::default() };
            Ok((status, roster_page(&state, ctx, &u, id, &no_filter(), shown).await?).into_response())
        }
    }
}

/// After a candidate's form: back to its roster, or the roster with the refusal.
async fn after_candidate(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    id: CandidateId,
    done: Result<CandidateView, ittifaq_store::StoreError>,
) -> Result<Response, AppError> {
    match done {
        Ok(c) => {
            Ok(Redirect::to(&format!("/integration/formations/{}/roster?q={}", c.formation, urlencode(&c.roster_ref)))
                .into_response())
        }
        Err(e) => {
            // The candidate's formation, if the caller may see the candidate at all.
            let c = state.store.candidate(&u.actor(), id).await?;
            let e = AppError::from(e);
            let status = e.status();
            let p = RosterParams { q: Some(c.roster_ref.clone()), ..no_filter() };
            let shown = Shown { error: Some(refused_in("candidate", e, &ctx.tr)), ..Shown::default() };
            Ok((status, roster_page(state, ctx, u, c.formation, &p, shown).await?).into_response())
        }
    }
}

pub async fn review_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<CandidateId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let input = CandidateReview { decision: field(&f, "decision").to_owned(), note: field(&f, "note").to_owned() };
    let done = state.store.review_candidate(&u.actor(), id, &input).await;
    after_candidate(&state, ctx, &u, id, done).await
}

pub async fn reintegrate_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<CandidateId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let input = ReintegrationInput { reason: field(&f, "reason").to_owned(), note: field(&f, "note").to_owned() };
    let done = state.store.reintegrate(&u.actor(), id, &input).await;
    after_candidate(&state, ctx, &u, id, done).await
}

/// The roster in figures as the formation's page shows it: (label, figure).
pub(super) async fn summary_lines(
    state: &crate::AppState,
    ctx: &PageCtx,
    u: &crate::CurrentUser,
    id: FormationId,
) -> Result<Vec<(String, String)>, AppError> {
    let s = state.store.roster_summary(&u.actor(), id).await?;
    if s.total == Some(0) {
        return Ok(Vec::new());
    }
    Ok(figures(ctx, &s, true))
}

/// The roster in figures as (label, figure): the total, each status, with
/// `reasons` each reason for reintegration that has any, and those to review.
fn figures(ctx: &PageCtx, s: &RosterSummary, reasons: bool) -> Vec<(String, String)> {
    let figure = |n: Option<u32>| n.map_or_else(|| ctx.t("integration-withheld"), |n| n.to_string());
    let mut out = vec![(ctx.t("roster-total"), figure(s.total))];
    out.extend(s.by_status.iter().map(|(st, n)| (ctx.t(&st.key()), figure(*n))));
    if reasons {
        let left = ctx.t("candidate-status-reintegration");
        let with_any = s.by_reason.iter().filter(|(_, n)| *n != Some(0));
        out.extend(with_any.map(|(r, n)| (format!("{left} · {}", ctx.t(&r.key())), figure(*n))));
    }
    out.push((ctx.t("roster-under-review"), figure(s.under_review)));
    out
}
