//! Advisors: deployments, their report schedules and the reports, over the
//! API and on pages. The sending party's joint office deploys, extends and
//! ends early; the advisor writes and submits each report; the partner's
//! joint office returns it with a comment or approves it; either party's
//! office contests a measurement. The rules and who may take which step
//! are the store's and core's; this module extracts, calls and renders.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::assistance::advisory::{DeploymentStatus, Progress, ReportStatus, ReportStep};
use ittifaq_core::id::{DeploymentId, MeasurementId, PlanId, ReportId};
use ittifaq_store::assistance::PlanView;
use ittifaq_store::assistance::advisory::{
    ContestInput, DeploymentInput, DeploymentView, EndInput, MeasurementInput, ProgressInput, ReportInput, ReportView,
    ReviewInput,
};
use serde::{Deserialize, Serialize};

use super::{Fields, field, number, refused_in};
use crate::AppError;
use crate::api::{ApiJson, ErrorBody};
use crate::extract::{Caller, Id};
use crate::pages::{FormData, FormError, PageCtx};

/// A plan's report schedule: an RRULE counted from each deployment's first day.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInput {
    /// For example `FREQ=MONTHLY` or `FREQ=MONTHLY;BYMONTHDAY=-1`.
    pub report_rule: String,
}

/// Every deployment, the latest ending first.
#[utoipa::path(get, path = "/api/v1/deployments", responses((status = 200, body = Vec<DeploymentView>)))]
pub async fn api_deployments(Caller { state, user: u }: Caller) -> Result<Json<Vec<DeploymentView>>, AppError> {
    Ok(Json(state.store.list_deployments(&u.actor()).await?))
}

/// Deploys a person of the caller's party to an institution of the other party.
#[utoipa::path(post, path = "/api/v1/deployments", request_body = DeploymentInput,
    responses((status = 201, body = DeploymentView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_deployment_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<DeploymentInput>,
) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(state.store.create_deployment(&u.actor(), &input).await?)).into_response())
}

/// A deployment with every report due and its status.
#[utoipa::path(get, path = "/api/v1/deployments/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = DeploymentView), (status = 404, body = ErrorBody)))]
pub async fn api_deployment(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeploymentId>,
) -> Result<Json<DeploymentView>, AppError> {
    Ok(Json(state.store.get_deployment(&u.actor(), id).await?))
}

/// Moves a deployment's last day: later (an extension) or earlier with a reason (an early end).
#[utoipa::path(post, path = "/api/v1/deployments/{id}/end", params(("id" = i64, Path)), request_body = EndInput,
    responses((status = 200, body = DeploymentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_deployment_end(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeploymentId>,
    ApiJson(input): ApiJson<EndInput>,
) -> Result<Json<DeploymentView>, AppError> {
    Ok(Json(state.store.end_deployment(&u.actor(), id, &input).await?))
}

/// Records one of the agreement's vetting checks for advisors on a deployment (the responsible party's joint office).
#[utoipa::path(post, path = "/api/v1/deployments/{id}/vetting", params(("id" = i64, Path)),
    request_body = ittifaq_store::vetting::VettingInput,
    responses((status = 200, body = DeploymentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_deployment_vetting(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeploymentId>,
    ApiJson(input): ApiJson<ittifaq_store::vetting::VettingInput>,
) -> Result<Json<DeploymentView>, AppError> {
    Ok(Json(state.store.record_deployment_vetting(&u.actor(), id, &input).await?))
}

/// Writes (or rewrites, while a draft or returned) the report due on a day of the deployment's schedule.
#[utoipa::path(post, path = "/api/v1/deployments/{id}/reports", params(("id" = i64, Path)), request_body = ReportInput,
    responses((status = 200, body = ReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_report_file(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeploymentId>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Json<ReportView>, AppError> {
    Ok(Json(state.store.file_report(&u.actor(), id, &input).await?))
}

/// A report: the working notes only to the sending party, unless released.
#[utoipa::path(get, path = "/api/v1/reports/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody)))]
pub async fn api_report(Caller { state, user: u }: Caller, Id(id): Id<ReportId>) -> Result<Json<ReportView>, AppError> {
    Ok(Json(state.store.get_report(&u.actor(), id).await?))
}

async fn api_step(
    Caller { state, user: u }: Caller,
    id: ReportId,
    step: ReportStep,
    comment: &str,
) -> Result<Json<ReportView>, AppError> {
    Ok(Json(state.store.report_step(&u.actor(), id, step, comment).await?))
}

/// The advisor submits a report for review.
#[utoipa::path(post, path = "/api/v1/reports/{id}/submit", params(("id" = i64, Path)),
    responses((status = 200, body = ReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn api_report_submit(caller: Caller, Id(id): Id<ReportId>) -> Result<Json<ReportView>, AppError> {
    api_step(caller, id, ReportStep::Submit, "").await
}

/// The partner's joint office returns a submitted report with a comment.
#[utoipa::path(post, path = "/api/v1/reports/{id}/return", params(("id" = i64, Path)), request_body = ReviewInput,
    responses((status = 200, body = ReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_report_return(
    caller: Caller,
    Id(id): Id<ReportId>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Json<ReportView>, AppError> {
    api_step(caller, id, ReportStep::Return, &input.comment).await
}

/// The partner's joint office approves a submitted report.
#[utoipa::path(post, path = "/api/v1/reports/{id}/approve", params(("id" = i64, Path)),
    responses((status = 200, body = ReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn api_report_approve(caller: Caller, Id(id): Id<ReportId>) -> Result<Json<ReportView>, AppError> {
    api_step(caller, id, ReportStep::Approve, "").await
}

/// Contests a measurement for the caller's party: its own value and the reason. Both values stand.
#[utoipa::path(post, path = "/api/v1/measurements/{id}/contest", params(("id" = i64, Path)), request_body = ContestInput,
    responses((status = 200, body = ReportView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_contest(
    Caller { state, user: u }: Caller,
    Id(id): Id<MeasurementId>,
    ApiJson(input): ApiJson<ContestInput>,
) -> Result<Json<ReportView>, AppError> {
    Ok(Json(state.store.contest_measurement(&u.actor(), id, &input).await?))
}

/// Sets when the advisors of a plan of the caller's party report.
#[utoipa::path(put, path = "/api/v1/plans/{id}/schedule", params(("id" = i64, Path)), request_body = ScheduleInput,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn api_plan_schedule(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
    ApiJson(input): ApiJson<ScheduleInput>,
) -> Result<Json<PlanView>, AppError> {
    state.store.set_report_rule(&u.actor(), id, &input.report_rule).await?;
    Ok(Json(state.store.get_plan(&u.actor(), id).await?))
}

// ---------------------------------------------------------------- pages

fn status_name(ctx: &PageCtx, code: &str) -> String {
    DeploymentStatus::parse(code).map_or_else(|_| code.to_owned(), |s| ctx.t(&s.key()))
}

fn report_status_name(ctx: &PageCtx, code: &str) -> String {
    ReportStatus::parse(code).map_or_else(|_| code.to_owned(), |s| ctx.t(&s.key()))
}

/// The deployments page: every deployment, and the form of a new one.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "deployments.html")]
struct DeploymentsPage {
    ctx: PageCtx,
    /// (link, code, advisor, sending → host, institution, plan, dates, status, overdue count).
    rows: Vec<[String; 9]>,
    can_write: bool,
    /// The caller's party's people (id, label, chosen).
    people: Vec<(String, String, bool)>,
    institutions: Vec<(String, String, bool)>,
    plans: Vec<(String, String, bool)>,
    tracks: Vec<(String, String, bool)>,
    error: Option<FormError>,
    echo: Fields,
}

impl DeploymentsPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }
}

async fn deployments_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    error: Option<FormError>,
    echo: Fields,
) -> Result<DeploymentsPage, AppError> {
    let all = state.store.list_deployments(&u.actor()).await?;
    let rows = all
        .iter()
        .map(|d| {
            [
                format!("/assistance/deployments/{}", d.id),
                d.code.clone(),
                d.advisor.clone(),
                format!("{} → {}", d.sending_party, d.host_party),
                d.institution.clone(),
                d.plan_code.clone().unwrap_or_else(|| "—".into()),
                format!("{} – {}", d.start, d.end),
                status_name(&ctx, &d.status),
                d.due.iter().filter(|x| x.overdue).count().to_string(),
            ]
        })
        .collect();
    let can_write = ctx.can("POST", "/assistance/deployments");
    let chosen = |name: &str, v: &str| field(&echo, name) == v;
    let (mut people, mut institutions, mut plans, mut tracks) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if can_write {
        let party = u.party.to_string();
        people = state
            .store
            .advisor_people(&u.actor())
            .await?
            .into_iter()
            .map(|(id, label)| (id.to_string(), label, chosen("deploy_person_id", &id.to_string())))
            .collect();
        institutions = state
            .store
            .list_institutions()
            .await?
            .into_iter()
            .filter(|i| i.party != party)
            .map(|i| {
                let name = crate::pages::pick(ctx.tr.lang, &i.name_en, &i.name_tr, &i.name_ar).to_owned();
                (i.id.to_string(), format!("{} — {name}", i.code), chosen("deploy_institution_id", &i.id.to_string()))
            })
            .collect();
        plans = state
            .store
            .list_plans()
            .await?
            .into_iter()
            .filter(|p| p.advising_party == party)
            .map(|p| (p.id.to_string(), p.code.clone(), chosen("deploy_plan_id", &p.id.to_string())))
            .collect();
        tracks = state
            .store
            .agreement()
            .await?
            .iter()
            .flat_map(|a| &a.tracks)
            .map(|t| (t.code.clone(), t.name.get(ctx.tr.lang).to_owned(), chosen("deploy_track", &t.code)))
            .collect();
    }
    Ok(DeploymentsPage { ctx, rows, can_write, people, institutions, plans, tracks, error, echo })
}

pub async fn deployments(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    Ok(deployments_page(&state, ctx, &u, None, Fields::new()).await?.into_response())
}

fn id_field(f: &Fields, name: &str, store_field: &str) -> Result<i64, AppError> {
    field(f, name)
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::invalid(store_field, ittifaq_core::Msg::new("invalid-required")))
}

pub async fn deployment_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let created = async {
        let plan = field(&f, "deploy_plan_id").trim();
        let track = field(&f, "deploy_track").trim();
        let input = DeploymentInput {
            code: field(&f, "deploy_code").trim().to_owned(),
            person_id: id_field(&f, "deploy_person_id", "person_id")?,
            institution_id: id_field(&f, "deploy_institution_id", "institution_id")?,
            plan_id: if plan.is_empty() { None } else { Some(id_field(&f, "deploy_plan_id", "plan_id")?) },
            track: (!track.is_empty()).then(|| track.to_owned()),
            objectives: field(&f, "deploy_objectives")
                .split([',', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            start: field(&f, "deploy_start").to_owned(),
            end: field(&f, "deploy_end").to_owned(),
        };
        Ok::<_, AppError>(state.store.create_deployment(&u.actor(), &input).await?)
    }
    .await;
    match created {
        Ok(d) => Ok(Redirect::to(&format!("/assistance/deployments/{}", d.id)).into_response()),
        Err(e) => {
            let status = e.status();
            let error = Some(refused_in("deploy", e, &ctx.tr));
            Ok((status, deployments_page(&state, ctx, &u, error, f).await?).into_response())
        }
    }
}

/// A deployment's page: its schedule with each report's status, the end
/// form for the sending office, and the report form for its advisor.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "deployment.html")]
struct DeploymentPage {
    ctx: PageCtx,
    d: DeploymentView,
    status: String,
    /// (due day, link to the report or none, status, overdue).
    due: Vec<(String, Option<String>, String, bool)>,
    can_end: bool,
    /// The vetting checks, and the form of those the user's party records.
    vetting: Vec<crate::vetting_rows::VettingRow>,
    /// Whether the user is this deployment's advisor (writes its reports).
    is_advisor: bool,
    /// Days whose report the advisor may still write.
    open_days: Vec<String>,
    /// The plan's milestones (code, title) and indicators (code, name, unit).
    milestones: Vec<(String, String)>,
    indicators: Vec<(String, String, String)>,
    error: Option<FormError>,
    echo: Fields,
}

impl DeploymentPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }

    /// The input id of a measurement's field for an indicator.
    fn m_id(&self, code: &str, part: &str) -> String {
        format!("report_m_{}_{part}", code.replace(['.', '-', '/'], "_"))
    }

    fn progress_id(&self, code: &str) -> String {
        format!("report_p_{}", code.replace(['.', '-', '/'], "_"))
    }

    /// Whether `value` was chosen in the select `id` of a refused form.
    fn picked(&self, id: &str, value: &str) -> bool {
        self.v(id) == value
    }

    fn progress_choices(&self) -> Vec<(&'static str, String)> {
        Progress::ALL.iter().map(|p| (p.code(), self.ctx.t(&p.key()))).collect()
    }
}

async fn deployment_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    id: DeploymentId,
    error: Option<FormError>,
    echo: Fields,
) -> Result<DeploymentPage, AppError> {
    let d = state.store.get_deployment(&u.actor(), id).await?;
    let status = status_name(&ctx, &d.status);
    let due = d
        .due
        .iter()
        .map(|x| {
            let status = x.status.as_deref().map_or_else(String::new, |s| report_status_name(&ctx, s));
            (x.due_on.clone(), x.report_id.map(|r| format!("/assistance/reports/{r}")), status, x.overdue)
        })
        .collect();
    let can_end = d.sending_party == u.party.as_str()
        && d.status != DeploymentStatus::Ended.code()
        && ctx.can("POST", "/assistance/deployments/{id}/end");
    let may_vet = d.status != DeploymentStatus::Ended.code() && ctx.can("POST", "/assistance/deployments/{id}/vetting");
    let vetting = crate::vetting_rows::vetting_rows(&ctx, &d.vetting, u.party.as_str(), may_vet);
    let is_advisor = state.store.linked_person(&u.actor()).await? == Some(d.person_id)
        && ctx.can("POST", "/assistance/deployments/{id}/reports");
    let open_days = d
        .due
        .iter()
        .filter(|x| {
            x.status
                .as_deref()
                .is_none_or(|s| ReportStatus::parse(s).is_ok_and(ittifaq_core::assistance::advisory::editable))
        })
        .map(|x| x.due_on.clone())
        .collect();
    let (mut milestones, mut indicators) = (Vec::new(), Vec::new());
    if let Some(plan) = d.plan_id {
        let p = state.store.get_plan(&u.actor(), plan).await?;
        milestones = p.milestones.iter().map(|m| (m.code.clone(), m.title.get(ctx.tr.lang).to_owned())).collect();
        indicators = p
            .objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .map(|i| (i.code.clone(), i.name.get(ctx.tr.lang).to_owned(), i.unit.clone()))
            .collect();
    }
    Ok(DeploymentPage {
        ctx,
        d,
        status,
        due,
        can_end,
        vetting,
        is_advisor,
        open_days,
        milestones,
        indicators,
        error,
        echo,
    })
}

pub async fn deployment(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<DeploymentId>,
) -> Result<Response, AppError> {
    Ok(deployment_page(&state, ctx, &u, id, None, Fields::new()).await?.into_response())
}

pub async fn deployment_end_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<DeploymentId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let input = EndInput { end: field(&f, "end_end").to_owned(), reason: field(&f, "end_reason").to_owned() };
    match state.store.end_deployment(&u.actor(), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/assistance/deployments/{id}")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let error = Some(refused_in("end", e, &ctx.tr));
            Ok((status, deployment_page(&state, ctx, &u, id, error, f).await?).into_response())
        }
    }
}

/// Records a vetting check of the deployment; a refusal is said above the checks, the page kept.
pub async fn deployment_vetting_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<DeploymentId>,
    FormData(f): FormData<crate::vetting_rows::VettingForm>,
) -> Result<Response, AppError> {
    match state.store.record_deployment_vetting(&u.actor(), id, &f.into()).await {
        Ok(_) => Ok(Redirect::to(&format!("/assistance/deployments/{id}")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            // The checks' forms are buttons in a table: every refusal is said above it.
            let mut error = refused_in("vetting", e, &ctx.tr);
            error.field = Some("vetting".into());
            Ok((status, deployment_page(&state, ctx, &u, id, Some(error), Fields::new()).await?).into_response())
        }
    }
}

/// The report form as posted: one progress per milestone, a measurement
/// for each indicator whose value was typed. An error about the n-th
/// measurement is put beside its indicator's input.
pub async fn report_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<DeploymentId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let d = state.store.get_deployment(&u.actor(), id).await?;
    let plan = match d.plan_id {
        Some(p) => Some(state.store.get_plan(&u.actor(), p).await?),
        None => None,
    };
    let slug = |code: &str| code.replace(['.', '-', '/'], "_");
    let mut measured_codes = Vec::new();
    let filed = async {
        let mut progress = Vec::new();
        let mut measurements = Vec::new();
        if let Some(p) = &plan {
            for m in &p.milestones {
                let chosen = field(&f, &format!("report_p_{}", slug(&m.code))).trim();
                if !chosen.is_empty() {
                    progress.push(ProgressInput {
                        milestone: m.code.clone(),
                        progress: chosen.to_owned(),
                        note: field(&f, &format!("report_p_{}_note", slug(&m.code))).to_owned(),
                    });
                }
            }
            for i in p.objectives.iter().flat_map(|o| &o.indicators) {
                let name = format!("report_m_{}_value", slug(&i.code));
                if field(&f, &name).trim().is_empty() {
                    continue;
                }
                let at = format!("m_{}.value", slug(&i.code));
                measurements.push(MeasurementInput {
                    indicator: i.code.clone(),
                    value: number(&f, &name, &at)?,
                    measured_on: field(&f, &format!("report_m_{}_measured_on", slug(&i.code))).to_owned(),
                    method: field(&f, &format!("report_m_{}_method", slug(&i.code))).to_owned(),
                });
                measured_codes.push(slug(&i.code));
            }
        }
        let input = ReportInput {
            due_on: field(&f, "report_due_on").to_owned(),
            summary: field(&f, "report_summary").to_owned(),
            notes: field(&f, "report_notes").to_owned(),
            notes_released: field(&f, "report_notes_released") == "yes",
            progress,
            measurements,
        };
        Ok::<_, AppError>(state.store.file_report(&u.actor(), id, &input).await?)
    }
    .await;
    match filed {
        Ok(r) => Ok(Redirect::to(&format!("/assistance/reports/{}", r.id)).into_response()),
        Err(e) => {
            let status = e.status();
            let mut error = refused_in("report", e, &ctx.tr);
            // `report.measurements[2].value` is the input of the third indicator measured.
            if let Some(f) = error.field.clone()
                && let Some(rest) = f.strip_prefix("report.measurements[")
                && let Some((n, part)) = rest.split_once("].")
                && let Some(code) = n.parse::<usize>().ok().and_then(|n| measured_codes.get(n))
            {
                error.field = Some(format!("report.m_{code}.{part}"));
            }
            Ok((status, deployment_page(&state, ctx, &u, id, Some(error), f).await?).into_response())
        }
    }
}

/// A report's page: what it says, the review steps the user may take, and
/// the contest of each measurement.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "advisor_report.html")]
struct ReportPage {
    ctx: PageCtx,
    r: ReportView,
    status: String,
    can_submit: bool,
    can_review: bool,
    can_contest: bool,
    error: Option<FormError>,
    echo: Fields,
}

impl ReportPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }

    fn progress_name(&self, code: &str) -> String {
        Progress::parse(code).map_or_else(|_| code.to_owned(), |p| self.ctx.t(&p.key()))
    }
}

async fn report_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    id: ReportId,
    error: Option<FormError>,
    echo: Fields,
) -> Result<ReportPage, AppError> {
    let r = state.store.get_report(&u.actor(), id).await?;
    let d = state.store.get_deployment(&u.actor(), r.deployment_id).await?;
    let status = report_status_name(&ctx, &r.status);
    let st = ReportStatus::parse(&r.status).ok();
    let can_submit = state.store.linked_person(&u.actor()).await? == Some(d.person_id)
        && st.is_some_and(ittifaq_core::assistance::advisory::editable)
        && ctx.can("POST", "/assistance/reports/{id}/submit");
    let can_review = u.party.as_str() == r.host_party
        && st == Some(ReportStatus::Submitted)
        && ctx.can("POST", "/assistance/reports/{id}/approve");
    let can_contest = ctx.can("POST", "/assistance/measurements/{id}/contest");
    Ok(ReportPage { ctx, r, status, can_submit, can_review, can_contest, error, echo })
}

pub async fn report(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<ReportId>,
) -> Result<Response, AppError> {
    Ok(report_page(&state, ctx, &u, id, None, Fields::new()).await?.into_response())
}

async fn step_form(
    state: crate::AppState,
    u: crate::CurrentUser,
    ctx: PageCtx,
    id: ReportId,
    step: ReportStep,
    f: Fields,
) -> Result<Response, AppError> {
    match state.store.report_step(&u.actor(), id, step, field(&f, "review_comment")).await {
        Ok(_) => Ok(Redirect::to(&format!("/assistance/reports/{id}")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let error = Some(refused_in("review", e, &ctx.tr));
            Ok((status, report_page(&state, ctx, &u, id, error, f).await?).into_response())
        }
    }
}

pub async fn report_submit_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<ReportId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    step_form(state, u, ctx, id, ReportStep::Submit, f).await
}

pub async fn report_return_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<ReportId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    step_form(state, u, ctx, id, ReportStep::Return, f).await
}

pub async fn report_approve_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<ReportId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    step_form(state, u, ctx, id, ReportStep::Approve, f).await
}

pub async fn contest_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<MeasurementId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let form = format!("contest_{id}");
    let report = field(&f, "report_id").trim().parse::<i64>().ok().map(ReportId);
    let contested = async {
        let input = ContestInput {
            value: number(&f, &format!("{form}_value"), "value")?,
            reason: field(&f, &format!("{form}_reason")).to_owned(),
        };
        Ok::<_, AppError>(state.store.contest_measurement(&u.actor(), id, &input).await?)
    }
    .await;
    match contested {
        Ok(r) => Ok(Redirect::to(&format!("/assistance/reports/{}", r.id)).into_response()),
        Err(e) => {
            // The report of the measurement, to show the refusal beside its form.
            let Some(report) = report else { return Err(e) };
            let status = e.status();
            let mut error = FormError::of(&e, &ctx.tr);
            error.field = Some(error.field.map_or_else(|| form.clone(), |x| format!("{form}.{x}")));
            Ok((status, report_page(&state, ctx, &u, report, Some(error), f).await?).into_response())
        }
    }
}
