//! The target structure over the API and on the board's page: both
//! parties' divisions, brigades and battalions with their posts (people
//! assigned withheld from the other party under ten), and the integrating
//! party's form to add a unit. The rules are the store's.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_store::integration::{TargetUnitInput, TargetUnitView};
use serde::Serialize;

use crate::AppError;
use crate::api::{ApiJson, ErrorBody};
use crate::extract::Caller;
use crate::fields::{Fields, field, names_of, refused_in};
use crate::pages::{FormData, PageCtx};

/// A unit of the target structure.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetUnitJson {
    pub id: i64,
    pub code: String,
    #[schema(value_type = Object)]
    pub name: ittifaq_core::agreement::Names,
    pub party: String,
    /// division, brigade or battalion.
    pub kind: String,
    pub parent: Option<String>,
    pub posts: u32,
    /// People assigned; none when withheld (fewer than ten, other party).
    pub assigned: Option<u32>,
}

fn json_of(u: TargetUnitView) -> TargetUnitJson {
    TargetUnitJson {
        id: u.id,
        code: u.code,
        name: u.name,
        party: u.party,
        kind: u.kind.code().to_owned(),
        parent: u.parent,
        posts: u.posts,
        assigned: u.assigned,
    }
}

/// Both parties' target structures.
#[utoipa::path(get, path = "/api/v1/integration/structure", responses((status = 200, body = Vec<TargetUnitJson>)))]
pub async fn api_target_structure(Caller { state, user: u }: Caller) -> Result<Json<Vec<TargetUnitJson>>, AppError> {
    Ok(Json(state.store.target_structure(&u.actor()).await?.into_iter().map(json_of).collect()))
}

/// Adds a unit to the caller's party's target structure.
#[utoipa::path(post, path = "/api/v1/integration/structure", request_body = TargetUnitInput,
    responses((status = 201, body = TargetUnitJson), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_target_unit_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<TargetUnitInput>,
) -> Result<Response, AppError> {
    let unit = state.store.create_target_unit(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(json_of(unit))).into_response())
}

/// The structure's lines on the board: (code, name, party, kind, parent, posts, assigned).
pub(super) async fn lines(
    state: &crate::AppState,
    ctx: &PageCtx,
    u: &crate::CurrentUser,
) -> Result<Vec<[String; 7]>, AppError> {
    Ok(state
        .store
        .target_structure(&u.actor())
        .await?
        .into_iter()
        .map(|t| {
            [
                t.code,
                t.name.get(ctx.tr.lang).to_owned(),
                t.party,
                ctx.t(&t.kind.key()),
                t.parent.unwrap_or_default(),
                t.posts.to_string(),
                t.assigned.map_or_else(|| ctx.t("integration-withheld"), |n| n.to_string()),
            ]
        })
        .collect())
}

/// The board's form of a new unit.
pub async fn unit_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let input = TargetUnitInput {
        code: field(&f, "unit_code").trim().to_owned(),
        name: names_of(&f, "unit_name"),
        kind: field(&f, "unit_kind").to_owned(),
        parent: Some(field(&f, "unit_parent").to_owned()),
        posts: field(&f, "unit_posts").trim().parse().unwrap_or(-1),
    };
    match state.store.create_target_unit(&u.actor(), &input).await {
        Ok(_) => Ok(Redirect::to("/integration#structure-h").into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let error = Some(refused_in("unit", e, &ctx.tr));
            Ok((status, super::board_page(&state, ctx, &u, error, f).await?).into_response())
        }
    }
}
