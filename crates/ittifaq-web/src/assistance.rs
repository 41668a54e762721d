//! Technical assistance: engagement plans written by the advising party's
//! joint office, read by both parties' offices, advisors and auditors, and
//! activated once nothing is missing (the refusal names every missing
//! element, in the caller's language); over the API and on pages.

pub mod advisory;
pub mod progress;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ittifaq_core::id::PlanId;
use ittifaq_store::assistance::{IndicatorInput, MilestoneInput, ObjectiveInput, PlanInput, PlanView, TargetInput};
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::api::{ApiJson, ErrorBody};
use crate::extract::{Caller, Id};
use crate::pages::PageCtx;
use ittifaq_core::assistance::PlanStatus;

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

/// Turns the caller's party's key on the current version of a draft plan's substance.
#[utoipa::path(post, path = "/api/v1/plans/{id}/agree", params(("id" = i64, Path)),
    responses((status = 200, body = PlanView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_plan_agree(Caller { state, user: u }: Caller, Id(id): Id<PlanId>) -> Result<Json<PlanView>, AppError> {
    Ok(Json(state.store.agree_plan(&u.actor(), id).await?))
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

// ---------------------------------------------------------------- pages

use crate::fields::{Fields, field, names_of, number, refused_in};

/// The plans page: every plan by track, and the form of a new one.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "assistance_plans.html")]
struct PlansPage {
    ctx: PageCtx,
    /// (link, code, title, track, institution, partner, status).
    rows: Vec<[String; 7]>,
    can_write: bool,
    tracks: Vec<(String, String, bool)>,
    institutions: Vec<(String, String, bool)>,
    error: Option<crate::pages::FormError>,
    echo: Fields,
}

impl PlansPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }
}

async fn plans_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    error: Option<crate::pages::FormError>,
    echo: Fields,
) -> Result<PlansPage, AppError> {
    let agreement = state.store.agreement().await?;
    let track_name = |code: &str| {
        agreement
            .as_ref()
            .and_then(|a| a.tracks.iter().find(|t| t.code == code))
            .map_or_else(|| code.to_owned(), |t| t.name.get(ctx.tr.lang).to_owned())
    };
    let institutions = state.store.list_institutions().await?;
    let inst_code = |id: i64| institutions.iter().find(|i| i.id == id).map(|i| i.code.clone()).unwrap_or_default();
    let rows = state
        .store
        .list_plans()
        .await?
        .into_iter()
        .map(|p| {
            let status = PlanStatus::parse(&p.status).map_or_else(|_| p.status.clone(), |s| ctx.t(&s.key()));
            [
                format!("/assistance/plans/{}", p.id),
                p.code.clone(),
                crate::pages::pick(ctx.tr.lang, &p.title_en, &p.title_tr, &p.title_ar).to_owned(),
                track_name(&p.track),
                inst_code(p.institution_id),
                p.partner_party,
                status,
            ]
        })
        .collect();
    let chosen = |name: &str, v: &str| field(&echo, name) == v;
    let tracks = agreement
        .iter()
        .flat_map(|a| &a.tracks)
        .map(|t| (t.code.clone(), t.name.get(ctx.tr.lang).to_owned(), chosen("plan_track", &t.code)))
        .collect();
    let institutions = institutions
        .iter()
        .filter(|i| i.party != u.party.as_str())
        .map(|i| {
            let name = crate::pages::pick(ctx.tr.lang, &i.name_en, &i.name_tr, &i.name_ar);
            (i.id.to_string(), format!("{} — {name}", i.code), chosen("plan_institution_id", &i.id.to_string()))
        })
        .collect();
    let can_write = ctx.can("POST", "/assistance");
    Ok(PlansPage { ctx, rows, can_write, tracks, institutions, error, echo })
}

pub async fn plans(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    Ok(plans_page(&state, ctx, &u, None, Fields::new()).await?.into_response())
}

pub async fn plan_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    let created = async {
        let institution_id = field(&f, "plan_institution_id")
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::invalid("institution_id", ittifaq_core::Msg::new("invalid-required")))?;
        let input = PlanInput {
            code: field(&f, "plan_code").trim().to_owned(),
            track: field(&f, "plan_track").trim().to_owned(),
            institution_id,
            title: names_of(&f, "plan_title"),
            absorptive_capacity: String::new(),
            sustainment: String::new(),
        };
        Ok::<_, AppError>(state.store.create_plan(&u.actor(), &input).await?)
    }
    .await;
    match created {
        Ok(p) => Ok(axum::response::Redirect::to(&format!("/assistance/plans/{}", p.id)).into_response()),
        Err(e) => {
            let status = e.status();
            let error = Some(refused_in("plan", e, &ctx.tr));
            Ok((status, plans_page(&state, ctx, &u, error, f).await?).into_response())
        }
    }
}

/// A plan's page: what it holds, and for the advising party while it is a
/// draft the forms that complete it and the activation.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "assistance_plan.html")]
struct PlanPage {
    ctx: PageCtx,
    p: PlanView,
    title: String,
    track: String,
    status: String,
    editable: bool,
    /// Whether the user may turn their party's key on the current version.
    can_agree: bool,
    /// The keys turned: party, version (short), who, when.
    keys: Vec<[String; 4]>,
    /// Indicator codes, for the target form.
    indicator_codes: Vec<String>,
    parties: [String; 2],
    /// The agreement's kinds of indicator (code, name, chosen).
    kinds: Vec<(String, String, bool)>,
    error: Option<crate::pages::FormError>,
    echo: Fields,
}

impl PlanPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }

    /// What was typed in `name`, when a form came back refused; else `stored`.
    fn typed<'a>(&'a self, name: &str, stored: &'a str) -> &'a str {
        self.echo.get(name).map_or(stored, String::as_str)
    }

    fn direction(&self, code: &str) -> String {
        ittifaq_core::assistance::Direction::parse(code).map_or_else(|_| code.to_owned(), |d| self.ctx.t(&d.key()))
    }

    /// The first characters of the current version, as the keys show theirs.
    fn version(&self) -> &str {
        self.p.version.get(..12).unwrap_or(&self.p.version)
    }

    fn name(&self, n: &ittifaq_core::agreement::Names) -> String {
        n.get(self.ctx.tr.lang).to_owned()
    }
}

async fn plan_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    id: PlanId,
    error: Option<crate::pages::FormError>,
    echo: Fields,
) -> Result<PlanPage, AppError> {
    let p = state.store.get_plan(&u.actor(), id).await?;
    let agreement = state.store.agreement().await?;
    let track = agreement
        .as_ref()
        .and_then(|a| a.tracks.iter().find(|t| t.code == p.track))
        .map_or_else(|| p.track.clone(), |t| t.name.get(ctx.tr.lang).to_owned());
    let status = PlanStatus::parse(&p.status).map_or_else(|_| p.status.clone(), |s| ctx.t(&s.key()));
    let editable = p.status == PlanStatus::Draft.code()
        && p.advising_party == u.party.as_str()
        && ctx.can("POST", "/assistance/plans/{id}/objectives");
    let indicator_codes = p.objectives.iter().flat_map(|o| o.indicators.iter().map(|i| i.code.clone())).collect();
    let parties = [p.advising_party.clone(), p.partner_party.clone()];
    let title = p.title.get(ctx.tr.lang).to_owned();
    let can_agree = p.status == PlanStatus::Draft.code()
        && parties.contains(&u.party.to_string())
        && !p.keyed().contains(&u.party.to_string())
        && ctx.can("POST", "/assistance/plans/{id}/agree");
    let kinds = agreement
        .iter()
        .flat_map(|a| &a.indicator_kinds)
        .map(|k| (k.code.clone(), k.name.get(ctx.tr.lang).to_owned(), field(&echo, "indicator_kind") == k.code))
        .collect();
    let short = |v: &str| v.get(..12).unwrap_or(v).to_owned();
    let keys = p
        .keys
        .iter()
        .map(|k| [k.party.clone(), short(&k.version), k.username.clone(), crate::i18n::utc_minute(k.at)])
        .collect();
    Ok(PlanPage {
        ctx,
        p,
        title,
        track,
        status,
        editable,
        can_agree,
        keys,
        indicator_codes,
        parties,
        kinds,
        error,
        echo,
    })
}

pub async fn plan(Caller { state, user: u }: Caller, ctx: PageCtx, Id(id): Id<PlanId>) -> Result<Response, AppError> {
    Ok(plan_page(&state, ctx, &u, id, None, Fields::new()).await?.into_response())
}

/// Runs a step of a plan's page: back to the plan when it is taken; the
/// plan's page with the refusal beside the form's field otherwise.
async fn plan_step<F, Fut>(
    state: crate::AppState,
    u: crate::CurrentUser,
    ctx: PageCtx,
    id: PlanId,
    form: &'static str,
    f: Fields,
    step: F,
) -> Result<Response, AppError>
where
    F: FnOnce(crate::AppState, ittifaq_store::Actor, Fields) -> Fut,
    Fut: std::future::Future<Output = Result<PlanView, AppError>>,
{
    match step(state.clone(), u.actor(), f.clone()).await {
        Ok(_) => Ok(axum::response::Redirect::to(&format!("/assistance/plans/{id}#{form}")).into_response()),
        Err(e) => {
            let status = e.status();
            let error = Some(refused_in(form, e, &ctx.tr));
            Ok((status, plan_page(&state, ctx, &u, id, error, f).await?).into_response())
        }
    }
}

pub async fn plan_statements_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    plan_step(state, u, ctx, id, "statements", f, |state, actor, f| async move {
        let (a, s) = (field(&f, "statements_absorptive_capacity"), field(&f, "statements_sustainment"));
        Ok(state.store.set_plan_statements(&actor, id, a, s).await?)
    })
    .await
}

pub async fn plan_objective_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    plan_step(state, u, ctx, id, "objective", f, |state, actor, f| async move {
        let input = ObjectiveInput {
            code: field(&f, "objective_code").trim().to_owned(),
            title: names_of(&f, "objective_title"),
        };
        Ok(state.store.add_objective(&actor, id, &input).await?)
    })
    .await
}

pub async fn plan_indicator_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    plan_step(state, u, ctx, id, "indicator", f, |state, actor, f| async move {
        let baseline = if field(&f, "indicator_baseline_value").trim().is_empty() {
            None
        } else {
            Some(ittifaq_store::assistance::BaselineInput {
                value: number(&f, "indicator_baseline_value", "baseline.value")?,
                date: field(&f, "indicator_baseline_date").to_owned(),
                source: field(&f, "indicator_baseline_source").to_owned(),
                method: field(&f, "indicator_baseline_method").to_owned(),
            })
        };
        let input = IndicatorInput {
            objective: field(&f, "indicator_objective").trim().to_owned(),
            code: field(&f, "indicator_code").trim().to_owned(),
            name: names_of(&f, "indicator_name"),
            unit: field(&f, "indicator_unit").to_owned(),
            direction: field(&f, "indicator_direction").to_owned(),
            measured_by: field(&f, "indicator_measured_by").to_owned(),
            kind: Some(field(&f, "indicator_kind").trim().to_owned()).filter(|k| !k.is_empty()),
            baseline,
        };
        Ok(state.store.add_indicator(&actor, id, &input).await?)
    })
    .await
}

pub async fn plan_target_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    plan_step(state, u, ctx, id, "target", f, |state, actor, f| async move {
        let input = TargetInput {
            indicator: field(&f, "target_indicator").trim().to_owned(),
            period_end: field(&f, "target_period_end").to_owned(),
            value: number(&f, "target_value", "value")?,
        };
        Ok(state.store.set_target(&actor, id, &input).await?)
    })
    .await
}

pub async fn plan_milestone_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    plan_step(state, u, ctx, id, "milestone", f, |state, actor, f| async move {
        let input = MilestoneInput {
            code: field(&f, "milestone_code").trim().to_owned(),
            title: names_of(&f, "milestone_title"),
            due: field(&f, "milestone_due").to_owned(),
            owner: field(&f, "milestone_owner").to_owned(),
            evidence: field(&f, "milestone_evidence").to_owned(),
        };
        Ok(state.store.add_milestone(&actor, id, &input).await?)
    })
    .await
}

pub async fn plan_agree_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    plan_step(
        state,
        u,
        ctx,
        id,
        "agree",
        f,
        |state, actor, _| async move { Ok(state.store.agree_plan(&actor, id).await?) },
    )
    .await
}

pub async fn plan_activate_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
    crate::pages::FormData(f): crate::pages::FormData<Fields>,
) -> Result<Response, AppError> {
    plan_step(state, u, ctx, id, "activate", f, |state, actor, _| async move {
        Ok(state.store.activate_plan(&actor, id).await?)
    })
    .await
}
