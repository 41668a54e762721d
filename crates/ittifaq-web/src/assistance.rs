//! Technical assistance over the API: engagement plans written by the
//! advising party's joint office, read by both parties' offices, advisors
//! and auditors, and activated once nothing is missing (the refusal names
//! every missing element, in the caller's language).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::id::PlanId;
use ittifaq_store::assistance::{IndicatorInput, MilestoneInput, ObjectiveInput, PlanInput, PlanView, TargetInput};
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::api::{ApiJson, ErrorBody};
use crate::extract::{Caller, Id};

/// A plan as the listing gives it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PlanSummary {
    pub id: i64,
    pub code: String,
    pub track: String,
    pub institution_id: i64,
    pub advising_party: String,
    pub partner_party: String,
    /// draft, active or closed.
    pub status: String,
}

/// A plan's two statements: the partner's absorptive capacity and the sustainment plan.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementsInput {
    #[serde(default)]
    pub absorptive_capacity: String,
    #[serde(default)]
    pub sustainment: String,
}

/// A baseline set on an indicator of a plan.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineSet {
    pub indicator: String,
    pub baseline: ittifaq_store::assistance::BaselineInput,
}

/// Every engagement plan, by track then code.
#[utoipa::path(get, path = "/api/v1/plans", responses((status = 200, body = Vec<PlanSummary>)))]
pub async fn api_plans(Caller { state, .. }: Caller) -> Result<Json<Vec<PlanSummary>>, AppError> {
    let plans = state.store.list_plans().await?;
    Ok(Json(
        plans
            .into_iter()
            .map(|p| PlanSummary {
                id: p.id,
                code: p.code,
                track: p.track,
                institution_id: p.institution_id,
                advising_party: p.advising_party,
                partner_party: p.partner_party,
                status: p.status,
            })
            .collect(),
    ))
}

/// Writes a draft plan of the caller's party for an institution of the other party.
#[utoipa::path(post, path = "/api/v1/plans", request_body = PlanInput,
    responses((status = 201, body = PlanView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_plan_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<PlanInput>,
) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(state.store.create_plan(&u.actor(), &input).await?)).into_response())
}

/// A plan with its objectives, indicators, targets and milestones.
#[utoipa::path(get, path = "/api/v1/plans/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = PlanView), (status = 404, body = ErrorBody)))]
pub async fn api_plan(Caller { state, user: u }: Caller, Id(id): Id<PlanId>) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.get_plan(&u.actor(), id).await?))
}

/// Sets the statements of a draft plan of the caller's party.
#[utoipa::path(put, path = "/api/v1/plans/{id}/statements", params(("id" = i64, Path)), request_body = StatementsInput,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_plan_statements(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
    ApiJson(input): ApiJson<StatementsInput>,
) -> Result<Json<PlanView>, AppError> {
    let view = state.store.set_plan_statements(&u.actor(), id, &input.absorptive_capacity, &input.sustainment).await?;
    Ok(Json(view))
}

/// Adds an objective to a draft plan of the caller's party.
#[utoipa::path(post, path = "/api/v1/plans/{id}/objectives", params(("id" = i64, Path)), request_body = ObjectiveInput,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_plan_objective(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
    ApiJson(input): ApiJson<ObjectiveInput>,
) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.add_objective(&u.actor(), id, &input).await?))
}

/// Adds an indicator (with its baseline, when known) to an objective of a draft plan.
#[utoipa::path(post, path = "/api/v1/plans/{id}/indicators", params(("id" = i64, Path)), request_body = IndicatorInput,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_plan_indicator(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
    ApiJson(input): ApiJson<IndicatorInput>,
) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.add_indicator(&u.actor(), id, &input).await?))
}

/// Sets the baseline of an indicator of a draft plan.
#[utoipa::path(put, path = "/api/v1/plans/{id}/baseline", params(("id" = i64, Path)), request_body = BaselineSet,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_plan_baseline(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
    ApiJson(input): ApiJson<BaselineSet>,
) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.set_baseline(&u.actor(), id, &input.indicator, &input.baseline).await?))
}

/// Sets an indicator's target for a period (again for a period replaces it).
#[utoipa::path(put, path = "/api/v1/plans/{id}/targets", params(("id" = i64, Path)), request_body = TargetInput,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_plan_target(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
    ApiJson(input): ApiJson<TargetInput>,
) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.set_target(&u.actor(), id, &input).await?))
}

/// Adds a milestone to a draft plan of the caller's party.
#[utoipa::path(post, path = "/api/v1/plans/{id}/milestones", params(("id" = i64, Path)), request_body = MilestoneInput,
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_plan_milestone(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
    ApiJson(input): ApiJson<MilestoneInput>,
) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.add_milestone(&u.actor(), id, &input).await?))
}

/// Activates a draft plan once nothing is missing; the refusal (409) names every missing element.
#[utoipa::path(post, path = "/api/v1/plans/{id}/activate", params(("id" = i64, Path)),
    responses((status = 200, body = PlanView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn api_plan_activate(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.activate_plan(&u.actor(), id).await?))
}
