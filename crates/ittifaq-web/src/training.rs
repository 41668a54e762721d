//! Pages and API of training after the two keys: the enrolment record with its
//! vetting gate, arrival and departure, the tablet attendance page and the
//! printable sign-in sheet, assessments, results, evaluations, and who is abroad.

use ittifaq_core::Msg;
use ittifaq_core::exchange::{Mark, NominationStatus, SessionStatus, Step, takes_results, transition};
use ittifaq_core::id::{NominationId, PersonId, SessionId};
use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::agreement::Names;
use ittifaq_store::exchange::SessionView;
use ittifaq_store::training::{
    AbroadRow, AssessmentInput, AttendanceInput, DayInput, EvaluationInput, ResultInput, TrainingRecord, VettingInput,
};
use serde::Deserialize;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::extract::{Caller, Id};
use crate::pages::{FormData, PageCtx, QueryData, form_int, names, pick};
use crate::vetting_rows::{VettingForm, VettingRow, vetting_rows};
use crate::{AppError, AppState};

#[derive(Template, WebTemplate)]
#[template(path = "training.html")]
pub(crate) struct TrainingPage {
    pub ctx: PageCtx,
    pub r: TrainingRecord,
    pub title: String,
    pub name: String,
    pub vetting: Vec<VettingRow>,
    pub can_order: bool,
    pub can_arrive: bool,
    pub can_depart: bool,
    pub can_teach: bool,
    pub can_result: bool,
    pub can_certify: bool,
    pub can_revoke: bool,
    pub can_evaluate: bool,
    pub history: Vec<String>,
    /// Whether the user may replace the nominee.
    pub may_replace: bool,
    /// The search for a replacement, and the people of the user's party it finds.
    pub search: crate::nominee_search::NomineeSearch,
    pub candidates: crate::nominee_search::CandidateList,
    /// Day and the translated mark.
    pub attendance: Vec<(String, String)>,
}

pub(crate) async fn training_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    id: NominationId,
    q: &str,
) -> Result<Response, AppError> {
    let r = state.store.training_record(&u.actor(), id).await?;
    let party = u.party.as_str();
    let host = r.session.host_party == party;
    let status = r.nomination.status;
    let accepted = status == NominationStatus::Accepted;
    let may_vet = accepted && r.order.is_none() && ctx.can("POST", "/nominations/{id}/vetting");
    let vetting = vetting_rows(&ctx, &r.vetting, party, may_vet);
    let arrived = r.arrived_on.is_some();
    let running = SessionStatus::parse(&r.session.status).is_ok_and(takes_results);
    let history = r.nomination.history.iter().map(|h| ctx.tr.step_line(h)).collect();
    let attendance = r.attendance.iter().map(|(d, m)| (d.clone(), ctx.t(&format!("mark-{m}")))).collect();
    let may_replace = r.nomination.person.party == party
        && transition(status, Step::Replace).is_some()
        && r.arrived_on.is_none()
        && ctx.can("POST", "/nominations/{id}/replace");
    let candidates = if may_replace {
        crate::nominee_search::find_candidates(state, &ctx, u, r.session.id, q).await?
    } else {
        Default::default()
    };
    let page = TrainingPage {
        attendance,
        title: names(
            ctx.tr.lang,
            &Names { en: r.session.title_en.clone(), tr: r.session.title_tr.clone(), ar: r.session.title_ar.clone() },
        ),
        name: r.nomination.person.display_name(),
        vetting,
        can_order: host
            && accepted
            && r.vetting_passed
            && r.order.is_none()
            && ctx.can("POST", "/nominations/{id}/order"),
        can_arrive: host && accepted && r.order.is_some() && !arrived && ctx.can("POST", "/nominations/{id}/arrival"),
        can_depart: host && arrived && r.departed_on.is_none() && ctx.can("POST", "/nominations/{id}/departure"),
        can_teach: host && accepted && arrived && ctx.can("POST", "/nominations/{id}/assessments"),
        can_result: host && accepted && arrived && running && ctx.can("POST", "/nominations/{id}/result"),
        can_certify: host
            && transition(status, Step::Certify).is_some()
            && r.certificate.is_none()
            && ctx.can("POST", "/nominations/{id}/certificate"),
        can_revoke: r.certificate.as_ref().is_some_and(|c| c.party == party && !c.revoked)
            && ctx.can("POST", "/certificates/{id}/revoke"),
        can_evaluate: r.is_trainee && arrived && r.evaluation.is_none(),
        history,
        may_replace,
        search: crate::nominee_search::NomineeSearch {
            page: format!("/nominations/{id}#replace"),
            class: "",
            input: "replacement_q",
            select: "replacement",
            session_id: r.session.id.get(),
            q: q.to_owned(),
        },
        candidates,
        r,
        ctx,
    };
    Ok(page.into_response())
}

pub async fn record(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<NominationId>,
    QueryData(query): QueryData<crate::nominee_search::CandidateQuery>,
) -> Result<Response, AppError> {
    training_page(&state, ctx, &u, id, &query.q).await
}

fn back(id: NominationId) -> Response {
    Redirect::to(&format!("/nominations/{id}")).into_response()
}

pub async fn vetting(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<VettingForm>,
) -> Result<Response, AppError> {
    state.store.record_vetting(&u.actor(), id, &f.into()).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayForm {
    day: String,
}

pub async fn arrival(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<DayForm>,
) -> Result<Response, AppError> {
    state.store.confirm_arrival(&u.actor(), id, f.day.trim()).await?;
    Ok(back(id))
}

pub async fn departure(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<DayForm>,
) -> Result<Response, AppError> {
    state.store.confirm_departure(&u.actor(), id, f.day.trim()).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentForm {
    name: String,
    score: String,
}

pub async fn assessment(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<AssessmentForm>,
) -> Result<Response, AppError> {
    let score = form_int("score", &f.score, "0 to 100")?;
    state.store.record_assessment(&u.actor(), id, &AssessmentInput { name: f.name, score }).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultForm {
    outcome: String,
    #[serde(default)]
    grade: String,
    #[serde(default)]
    reason: String,
}

pub async fn result(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<ResultForm>,
) -> Result<Response, AppError> {
    let input = ResultInput { outcome: f.outcome, grade: Some(f.grade), reason: f.reason };
    let r = state.store.record_result(&u.actor(), id, &input).await?;
    if r.nomination.status == NominationStatus::Completed {
        // The certificate follows at once; if it cannot be issued now, the page offers to retry.
        let issued = match crate::issuing::keys(&state) {
            Ok(keys) => crate::issuing::issue_certificate(&state.store, keys, &u.actor(), id).await.map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(e) = issued {
            tracing::warn!(nomination = id.get(), error = %e.message(), "the certificate was not issued with the result");
        }
    }
    Ok(back(id))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationForm {
    rating: String,
    #[serde(default)]
    comment: String,
}

pub async fn evaluation(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<EvaluationForm>,
) -> Result<Response, AppError> {
    let rating = form_int("rating", &f.rating, "1 to 5")?;
    state.store.record_evaluation(&u.actor(), id, &EvaluationInput { rating, comment: f.comment }).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplaceForm {
    person_id: String,
    #[serde(default)]
    comment: String,
}

/// Replaces the nominee by another person of the party; the new nomination
/// starts again at the first key, checked against every rule.
pub async fn replace(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<ReplaceForm>,
) -> Result<Response, AppError> {
    let person = f
        .person_id
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::invalid("person_id", Msg::new("invalid-choose-replacement")))?;
    let n = state.store.replace_nominee(&u.actor(), id, PersonId(person), &f.comment).await?;
    Ok(back(n.id))
}

// ---------------------------------------------------------------- attendance

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    #[serde(default)]
    day: Option<String>,
}

struct AttendanceRow {
    id: i64,
    name: String,
    party: String,
    mark: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "attendance.html")]
struct AttendancePage {
    ctx: PageCtx,
    s: SessionView,
    title: String,
    day: String,
    prev: Option<String>,
    next: Option<String>,
    rows: Vec<AttendanceRow>,
    marks: Vec<(&'static str, String)>,
    saved: bool,
}

fn shift(day: &str, by: i64) -> Option<String> {
    let d = time::Date::parse(day, &time::format_description::well_known::Iso8601::DATE).ok()?;
    d.checked_add(time::Duration::days(by)).map(|d| d.to_string())
}

/// The day a session's sheet opens on: today within the session, else its first day.
fn sheet_day(s: &SessionView, today: &str, asked: Option<String>) -> String {
    match asked.filter(|d| !d.trim().is_empty()) {
        Some(d) => d.trim().to_owned(),
        None if s.start.as_str() <= today && today <= s.end.as_str() => today.to_owned(),
        None => s.start.clone(),
    }
}

async fn attendance_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    id: SessionId,
    day: Option<String>,
    saved: bool,
) -> Result<Response, AppError> {
    let s = state.store.get_course_session(id).await?;
    if s.host_party != u.party.as_str() {
        return Err(AppError::Forbidden(
            Msg::new("forbidden-hosted-by").arg("session", &s.code).arg("party", &s.host_party),
        ));
    }
    let day = sheet_day(&s, &state.store.today(), day);
    let (s, rows) = state.store.attendance_sheet(&u.actor(), id, &day).await?;
    let prev = shift(&day, -1).filter(|d| d.as_str() >= s.start.as_str());
    let next = shift(&day, 1).filter(|d| d.as_str() <= s.end.as_str());
    let rows = rows
        .into_iter()
        .map(|(n, mark)| AttendanceRow {
            id: n.id.get(),
            name: n.person.label(),
            party: n.person.party.clone(),
            mark: mark.unwrap_or_default(),
        })
        .collect();
    let marks = Mark::ALL.iter().map(|m| (m.code(), ctx.t(&m.key()))).collect();
    Ok(AttendancePage {
        title: pick(ctx.tr.lang, &s.title_en, &s.title_tr, &s.title_ar).to_owned(),
        s,
        day,
        prev,
        next,
        rows,
        marks,
        saved,
        ctx,
    }
    .into_response())
}

pub async fn attendance(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<SessionId>,
    QueryData(q): QueryData<DayQuery>,
) -> Result<Response, AppError> {
    attendance_page(&state, ctx, &u, id, q.day, false).await
}

/// The attendance form: `day` and one `m_NOMINATION=mark` per trainee.
pub async fn attendance_save(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<SessionId>,
    FormData(fields): FormData<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let mut day = None;
    let mut marks = BTreeMap::new();
    for (k, v) in fields {
        match k.as_str() {
            "day" => day = Some(v.trim().to_owned()),
            _ => match k.strip_prefix("m_").and_then(|n| n.parse::<i64>().ok()) {
                Some(n) => {
                    marks.insert(n, v.trim().to_owned());
                }
                None => {
                    return Err(AppError::BadRequest(Msg::new("error-unknown-field").arg("field", k)));
                }
            },
        }
    }
    let day = day.ok_or_else(|| AppError::invalid("day", Msg::new("invalid-required")))?;
    state.store.record_attendance(&u.actor(), id, &AttendanceInput { day: day.clone(), marks }).await?;
    attendance_page(&state, ctx, &u, id, Some(day), true).await
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in_sheet.html")]
struct SignInSheet {
    ctx: PageCtx,
    s: SessionView,
    titles: [String; 3],
    days: Vec<String>,
    rows: Vec<(String, String, String)>,
}

/// A printable sign-in sheet for rooms without computers: one row a trainee,
/// one column a day of the session, headings in the three languages.
pub async fn sign_in_sheet(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<SessionId>,
) -> Result<Response, AppError> {
    let s = state.store.get_course_session(id).await?;
    if s.host_party != u.party.as_str() {
        return Err(AppError::Forbidden(
            Msg::new("forbidden-hosted-by").arg("session", &s.code).arg("party", &s.host_party),
        ));
    }
    let (s, rows) = state.store.attendance_sheet(&u.actor(), id, &s.start).await?;
    let mut days = Vec::new();
    let mut d = s.start.clone();
    while d.as_str() <= s.end.as_str() && days.len() < 62 {
        days.push(d.clone());
        d = match shift(&d, 1) {
            Some(next) => next,
            None => break,
        };
    }
    let rows = rows
        .into_iter()
        .map(|(n, _)| (n.person.display_name(), n.person.rank.clone().unwrap_or_default(), n.person.party.clone()))
        .collect();
    Ok(SignInSheet { titles: [s.title_en.clone(), s.title_tr.clone(), s.title_ar.clone()], s, days, rows, ctx }
        .into_response())
}

// ---------------------------------------------------------------- abroad

#[derive(Template, WebTemplate)]
#[template(path = "abroad.html")]
struct AbroadPage {
    ctx: PageCtx,
    day: String,
    /// (party, unit, rows)
    groups: Vec<(String, String, Vec<AbroadRow>)>,
    /// The user's party's units and who of each holds a seat from that day on.
    plan: Vec<(String, Vec<AbroadRow>)>,
    /// Advisors deployed that day (for the roles that read technical assistance).
    advisors: Vec<ittifaq_store::assistance::advisory::DeploymentView>,
}

/// Who is abroad on a day, per party and unit.
pub async fn abroad(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<DayQuery>,
) -> Result<Response, AppError> {
    let day = q.day.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| state.store.today());
    let rows = state.store.abroad(&u.actor(), day.trim()).await?;
    let mut groups: Vec<(String, String, Vec<AbroadRow>)> = Vec::new();
    for r in rows {
        let unit = r.unit_code.clone().unwrap_or_else(|| ctx.t("unit-not-released"));
        match groups.last_mut() {
            Some((p, un, list)) if *p == r.person.party && *un == unit => list.push(r),
            _ => groups.push((r.person.party.clone(), unit, vec![r])),
        }
    }
    let mut plan: Vec<(String, Vec<AbroadRow>)> = Vec::new();
    for r in state.store.away_plan(&u.actor(), day.trim()).await? {
        let unit = r.unit_code.clone().unwrap_or_default();
        match plan.last_mut() {
            Some((un, list)) if *un == unit => list.push(r),
            _ => plan.push((unit, vec![r])),
        }
    }
    // Advisors away, for the roles that read technical assistance.
    let advisors = if ctx.can("GET", "/assistance/deployments") {
        state.store.deployed_on(&u.actor(), day.trim()).await?
    } else {
        Vec::new()
    };
    Ok(AbroadPage { day: day.trim().to_owned(), groups, plan, advisors, ctx }.into_response())
}

// ---------------------------------------------------------------- API

/// The whole training record of an enrolment: vetting, order, movement, attendance, results.
#[utoipa::path(get, path = "/api/v1/nominations/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_record(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
) -> Result<Json<TrainingRecord>, AppError> {
    Ok(Json(state.store.training_record(&u.actor(), id).await?))
}

/// Records a vetting check; only the party the agreement makes responsible may.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/vetting", params(("id" = i64, Path)), request_body = VettingInput,
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_vetting(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    ApiJson(input): ApiJson<VettingInput>,
) -> Result<Json<TrainingRecord>, AppError> {
    Ok(Json(state.store.record_vetting(&u.actor(), id, &input).await?))
}

/// The host confirms the arrival.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/arrival", params(("id" = i64, Path)), request_body = DayInput,
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_arrival(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    ApiJson(input): ApiJson<DayInput>,
) -> Result<Json<TrainingRecord>, AppError> {
    Ok(Json(state.store.confirm_arrival(&u.actor(), id, input.day.trim()).await?))
}

/// The host confirms the departure.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/departure", params(("id" = i64, Path)), request_body = DayInput,
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_departure(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    ApiJson(input): ApiJson<DayInput>,
) -> Result<Json<TrainingRecord>, AppError> {
    Ok(Json(state.store.confirm_departure(&u.actor(), id, input.day.trim()).await?))
}

/// Records an assessment (score out of 100).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/assessments", params(("id" = i64, Path)), request_body = AssessmentInput,
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_assessment(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> Result<Json<TrainingRecord>, AppError> {
    Ok(Json(state.store.record_assessment(&u.actor(), id, &input).await?))
}

/// Records completion (granting the qualification, and issuing the certificate) or failure with its reason.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/result", params(("id" = i64, Path)), request_body = ResultInput,
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_result(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    ApiJson(input): ApiJson<ResultInput>,
) -> Result<Json<TrainingRecord>, AppError> {
    let r = state.store.record_result(&u.actor(), id, &input).await?;
    if r.nomination.status != NominationStatus::Completed {
        return Ok(Json(r));
    }
    crate::issuing::issue_certificate(&state.store, crate::issuing::keys(&state)?, &u.actor(), id).await?;
    Ok(Json(state.store.training_record(&u.actor(), id).await?))
}

/// The trainee's evaluation of the course (1 to 5, and a comment).
#[utoipa::path(post, path = "/api/v1/nominations/{id}/evaluation", params(("id" = i64, Path)), request_body = EvaluationInput,
    responses((status = 200, body = TrainingRecord), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_evaluation(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    ApiJson(input): ApiJson<EvaluationInput>,
) -> Result<Json<TrainingRecord>, AppError> {
    Ok(Json(state.store.record_evaluation(&u.actor(), id, &input).await?))
}

/// One day's attendance of a session: every mark is stored, or none. Answers
/// the number of marks in the sheet; only the marks that change are written
/// and audited, so saving the same sheet again records nothing.
#[utoipa::path(put, path = "/api/v1/sessions/{id}/attendance", params(("id" = i64, Path)), request_body = AttendanceInput,
    responses((status = 200, body = usize), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_attendance(
    Caller { state, user: u }: Caller,
    Id(id): Id<SessionId>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> Result<Json<usize>, AppError> {
    Ok(Json(state.store.record_attendance(&u.actor(), id, &input).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AbroadQuery {
    /// The day, `YYYY-MM-DD`; today when absent.
    #[serde(default)]
    day: Option<String>,
}

/// Who is abroad on a day: arrived and not yet departed.
#[utoipa::path(get, path = "/api/v1/abroad", params(AbroadQuery),
    responses((status = 200, body = Vec<AbroadRow>), (status = 422, body = ErrorBody)))]
pub async fn api_abroad(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<AbroadQuery>,
) -> Result<Json<Vec<AbroadRow>>, AppError> {
    let day = q.day.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| state.store.today());
    Ok(Json(state.store.abroad(&u.actor(), day.trim()).await?))
}
