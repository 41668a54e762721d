//! Pages for units and institutions: list, create, edit and archive.

use ittifaq_core::id::{InstitutionId, UnitId};
use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::agreement::Names;
use ittifaq_store::entity::{institution, unit};
use ittifaq_store::registry::{InstitutionInput, UnitInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::extract::{Caller, Id};
use crate::pages::{
    ConfirmForm, FormData, FormError, ListPage, ListRow, PageCtx, QueryData, SearchBox, form_again, party_options, pick,
};
use crate::{AppError, AppState};

/// Search and filter of the unit and institution listings (pages and API).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub party: Option<String>,
    /// Institutions only: a training domain they teach.
    #[serde(default)]
    pub domain: Option<String>,
}

impl RegistryQuery {
    fn words(&self) -> Vec<String> {
        self.q.as_deref().unwrap_or("").to_lowercase().split_whitespace().map(str::to_owned).collect()
    }

    fn party(&self) -> Option<&str> {
        self.party.as_deref().map(str::trim).filter(|p| !p.is_empty())
    }

    /// Every word appears in one of the texts, and the party matches.
    fn matches(&self, party: &str, texts: &[&str]) -> bool {
        let haystack = texts.join(" ").to_lowercase();
        self.party().is_none_or(|p| p == party) && self.words().iter().all(|w| haystack.contains(w.as_str()))
    }

    pub fn unit(&self, u: &unit::Model) -> bool {
        self.matches(&u.party, &[&u.code, &u.name_en, &u.name_tr, &u.name_ar])
    }

    pub fn institution(&self, i: &institution::Model) -> bool {
        let domain_ok =
            self.domain.as_deref().filter(|d| !d.is_empty()).is_none_or(|d| i.domains.contains(&format!(",{d},")));
        domain_ok && self.matches(&i.party, &[&i.code, &i.name_en, &i.name_tr, &i.name_ar, &i.city, &i.domains])
    }

    async fn search_box(&self, state: &AppState, action: &str) -> Result<SearchBox, AppError> {
        let parties = party_options(state, self.party()).await?;
        Ok(SearchBox::new(action, self.q.as_deref().unwrap_or_default(), parties))
    }
}

pub async fn units(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(query): QueryData<RegistryQuery>,
) -> Result<impl IntoResponse, AppError> {
    let all = state.store.list_units(&u.actor()).await?;
    let codes: HashMap<i64, String> = all.iter().map(|x| (x.id, x.code.clone())).collect();
    let can_edit = ctx.can("GET", "/units/{id}/edit");
    let can_list = ctx.can("GET", "/units/{id}/nominations");
    let rows = all
        .iter()
        .filter(|x| !x.archived && query.unit(x))
        .map(|x| ListRow {
            cells: vec![
                x.code.clone(),
                pick(ctx.tr.lang, &x.name_en, &x.name_tr, &x.name_ar).to_owned(),
                x.party.clone(),
                x.parent_id.and_then(|p| codes.get(&p).cloned()).unwrap_or_default(),
                x.max_away.map(|m| m.to_string()).unwrap_or_default(),
            ],
            link: (can_edit && x.party == u.party.as_str()).then(|| format!("/units/{}/edit", x.id)),
            more: (can_list && x.party == u.party.as_str())
                .then(|| (format!("/units/{}/nominations", x.id), ctx.t("nominations-title"))),
        })
        .collect();
    Ok(ListPage {
        heading: ctx.t("units-title"),
        lead: None,
        headers: vec![
            ctx.t("field-code"),
            ctx.t("field-name"),
            ctx.t("field-party"),
            ctx.t("field-parent"),
            ctx.t("field-max-away"),
        ],
        rows,
        new_link: ctx.can("GET", "/units/new").then(|| ("/units/new".to_owned(), ctx.t("unit-new"))),
        // The link column shows for editors and for those who list nominations.
        link_label: if can_edit || can_list { ctx.t("edit") } else { String::new() },
        search: Some(query.search_box(&state, "/units").await?),
        pager: None,
        ctx,
    })
}

/// The unit form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    name_tr: String,
    #[serde(default)]
    name_ar: String,
    #[serde(default)]
    max_away: String,
}

impl UnitForm {
    fn input(&self) -> Result<UnitInput, AppError> {
        let parent_id = match self.parent_id.trim() {
            "" => None,
            p => Some(p.parse::<i64>().map_err(|_| {
                AppError::invalid("parent_id", ittifaq_core::Msg::new("invalid-unit-id").arg("text", p))
            })?),
        };
        let max_away = match self.max_away.trim() {
            "" => None,
            m => Some(m.parse::<i32>().map_err(|_| {
                AppError::invalid("max_away", ittifaq_core::Msg::new("invalid-whole-number").arg("text", m))
            })?),
        };
        Ok(UnitInput {
            code: self.code.trim().to_owned(),
            parent_id,
            name_en: self.name_en.clone(),
            name_tr: self.name_tr.clone(),
            name_ar: self.name_ar.clone(),
            max_away,
        })
    }

    fn from_model(u: &unit::Model) -> UnitForm {
        UnitForm {
            code: u.code.clone(),
            parent_id: u.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            name_en: u.name_en.clone(),
            name_tr: u.name_tr.clone(),
            name_ar: u.name_ar.clone(),
            max_away: u.max_away.map(|m| m.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "unit_form.html")]
struct UnitFormPage {
    ctx: PageCtx,
    heading: String,
    action: String,
    archive_action: Option<String>,
    error: Option<FormError>,
    form: UnitForm,
    parents: Vec<(i64, String, bool)>,
}

async fn unit_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    id: Option<UnitId>,
    form: UnitForm,
    error: Option<FormError>,
) -> Result<UnitFormPage, AppError> {
    let selected = form.parent_id.parse::<i64>().ok();
    let parents = state
        .store
        .list_units(&u.actor())
        .await?
        .into_iter()
        .filter(|x| x.party == u.party.as_str() && !x.archived && Some(x.id) != id.map(UnitId::get))
        .map(|x| {
            let label = format!("{} — {}", x.code, pick(ctx.tr.lang, &x.name_en, &x.name_tr, &x.name_ar));
            (x.id, label, Some(x.id) == selected)
        })
        .collect();
    let (heading, action, archive_action) = match id {
        Some(id) => (ctx.t("edit"), format!("/units/{id}"), Some(format!("/units/{id}/archive"))),
        None => (ctx.t("unit-new"), "/units".to_owned(), None),
    };
    Ok(UnitFormPage { ctx, heading, action, archive_action, error, form, parents })
}

async fn unit_refused(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    id: Option<UnitId>,
    form: UnitForm,
    e: AppError,
) -> Result<Response, AppError> {
    form_again(e, ctx.tr, |reason| unit_page(state, ctx, u, id, form, Some(reason))).await
}

pub async fn unit_new(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    unit_page(&state, ctx, &u, None, UnitForm::default(), None).await
}

pub async fn unit_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(form): FormData<UnitForm>,
) -> Result<Response, AppError> {
    let result = async { Ok::<_, AppError>(state.store.create_unit(&u.actor(), &form.input()?).await?) }.await;
    match result {
        Ok(_) => Ok(Redirect::to("/units").into_response()),
        Err(e) => unit_refused(&state, ctx, &u, None, form, e).await,
    }
}

pub async fn unit_edit(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<UnitId>,
) -> Result<impl IntoResponse, AppError> {
    let unit = state.store.get_unit(&u.actor(), id).await?;
    if unit.party != u.party.as_str() {
        return Err(AppError::Forbidden(
            ittifaq_core::Msg::new("forbidden-other-party-record")
                .msg("what", ittifaq_store::record(ittifaq_core::audit::ObjectKind::Unit, &unit.code))
                .arg("party", &unit.party)
                .arg("own", &u.party),
        ));
    }
    unit_page(&state, ctx, &u, Some(id), UnitForm::from_model(&unit), None).await
}

pub async fn unit_update(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<UnitId>,
    FormData(form): FormData<UnitForm>,
) -> Result<Response, AppError> {
    let result = async { Ok::<_, AppError>(state.store.update_unit(&u.actor(), id, &form.input()?).await?) }.await;
    match result {
        Ok(_) => Ok(Redirect::to("/units").into_response()),
        Err(e) => unit_refused(&state, ctx, &u, Some(id), form, e).await,
    }
}

pub async fn unit_archive(
    Caller { state, user: u }: Caller,
    Id(id): Id<UnitId>,
    FormData(f): FormData<ConfirmForm>,
) -> Result<Response, AppError> {
    f.check()?;
    state.store.archive_unit(&u.actor(), id).await?;
    Ok(Redirect::to("/units").into_response())
}

// ---------------------------------------------------------------- institutions

pub async fn institutions(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(query): QueryData<RegistryQuery>,
) -> Result<impl IntoResponse, AppError> {
    let agreement = state.store.agreement().await?;
    let domain_name = |code: &str| {
        agreement
            .as_ref()
            .and_then(|a| a.domain(code))
            .map(|d| d.name.get(ctx.tr.lang).to_owned())
            .unwrap_or_else(|| code.to_owned())
    };
    let can_edit = ctx.can("GET", "/institutions/{id}/edit");
    let rows = state
        .store
        .list_institutions()
        .await?
        .iter()
        .filter(|i| query.institution(i))
        .map(|i| {
            let domains: Vec<String> = i.domains.split(',').filter(|d| !d.is_empty()).map(domain_name).collect();
            ListRow {
                cells: vec![
                    i.code.clone(),
                    pick(ctx.tr.lang, &i.name_en, &i.name_tr, &i.name_ar).to_owned(),
                    i.party.clone(),
                    i.city.clone(),
                    domains.join(", "),
                ],
                link: (can_edit && i.party == u.party.as_str()).then(|| format!("/institutions/{}/edit", i.id)),
                more: None,
            }
        })
        .collect();
    Ok(ListPage {
        heading: ctx.t("institutions-title"),
        lead: None,
        headers: vec![
            ctx.t("field-code"),
            ctx.t("field-name"),
            ctx.t("field-party"),
            ctx.t("field-city"),
            ctx.t("field-domains"),
        ],
        rows,
        new_link: ctx
            .can("GET", "/institutions/new")
            .then(|| ("/institutions/new".to_owned(), ctx.t("institution-new"))),
        link_label: if can_edit { ctx.t("edit") } else { String::new() },
        search: Some(query.search_box(&state, "/institutions").await?),
        pager: None,
        ctx,
    })
}

/// The institution form as typed: fixed fields plus one `domain_CODE` checkbox per domain.
#[derive(Debug, Default)]
struct InstitutionForm {
    code: String,
    name_en: String,
    name_tr: String,
    name_ar: String,
    city: String,
    domains: Vec<String>,
}

impl InstitutionForm {
    fn parse(fields: HashMap<String, String>) -> Result<InstitutionForm, AppError> {
        let mut f = InstitutionForm::default();
        for (k, v) in fields {
            match k.as_str() {
                "code" => f.code = v.trim().to_owned(),
                "name_en" => f.name_en = v,
                "name_tr" => f.name_tr = v,
                "name_ar" => f.name_ar = v,
                "city" => f.city = v,
                d if d.starts_with("domain_") => f.domains.push(d["domain_".len()..].to_owned()),
                other => {
                    return Err(AppError::BadRequest(
                        ittifaq_core::Msg::new("error-unknown-field").arg("field", other),
                    ));
                }
            }
        }
        f.domains.sort();
        Ok(f)
    }

    fn input(&self) -> InstitutionInput {
        InstitutionInput {
            code: self.code.clone(),
            name: Names { en: self.name_en.clone(), tr: self.name_tr.clone(), ar: self.name_ar.clone() },
            city: self.city.clone(),
            domains: self.domains.clone(),
        }
    }

    fn from_model(i: &institution::Model) -> InstitutionForm {
        InstitutionForm {
            code: i.code.clone(),
            name_en: i.name_en.clone(),
            name_tr: i.name_tr.clone(),
            name_ar: i.name_ar.clone(),
            city: i.city.clone(),
            domains: i.domains.split(',').filter(|d| !d.is_empty()).map(str::to_owned).collect(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "institution_form.html")]
struct InstitutionFormPage {
    ctx: PageCtx,
    heading: String,
    action: String,
    archive_action: Option<String>,
    error: Option<FormError>,
    form: InstitutionForm,
    domains: Vec<(String, String, bool)>,
}

async fn institution_page(
    state: &AppState,
    ctx: PageCtx,
    id: Option<InstitutionId>,
    form: InstitutionForm,
    error: Option<FormError>,
) -> Result<InstitutionFormPage, AppError> {
    let domains = state
        .store
        .agreement()
        .await?
        .map(|a| {
            a.domains
                .iter()
                .map(|d| (d.code.clone(), d.name.get(ctx.tr.lang).to_owned(), form.domains.contains(&d.code)))
                .collect()
        })
        .unwrap_or_default();
    let (heading, action, archive_action) = match id {
        Some(id) => (ctx.t("edit"), format!("/institutions/{id}"), Some(format!("/institutions/{id}/archive"))),
        None => (ctx.t("institution-new"), "/institutions".to_owned(), None),
    };
    Ok(InstitutionFormPage { ctx, heading, action, archive_action, error, form, domains })
}

async fn institution_refused(
    state: &AppState,
    ctx: PageCtx,
    id: Option<InstitutionId>,
    form: InstitutionForm,
    e: AppError,
) -> Result<Response, AppError> {
    form_again(e, ctx.tr, |reason| institution_page(state, ctx, id, form, Some(reason))).await
}

pub async fn institution_new(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    institution_page(&state, ctx, None, InstitutionForm::default(), None).await
}

pub async fn institution_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(fields): FormData<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let form = InstitutionForm::parse(fields)?;
    match state.store.create_institution(&u.actor(), &form.input()).await {
        Ok(_) => Ok(Redirect::to("/institutions").into_response()),
        Err(e) => institution_refused(&state, ctx, None, form, e.into()).await,
    }
}

pub async fn institution_edit(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<InstitutionId>,
) -> Result<impl IntoResponse, AppError> {
    let i = state.store.get_institution(id).await?;
    if i.party != u.party.as_str() {
        return Err(AppError::Forbidden(
            ittifaq_core::Msg::new("forbidden-other-party-record")
                .msg("what", ittifaq_store::record(ittifaq_core::audit::ObjectKind::Institution, &i.code))
                .arg("party", &i.party)
                .arg("own", &u.party),
        ));
    }
    institution_page(&state, ctx, Some(id), InstitutionForm::from_model(&i), None).await
}

pub async fn institution_update(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<InstitutionId>,
    FormData(fields): FormData<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let form = InstitutionForm::parse(fields)?;
    match state.store.update_institution(&u.actor(), id, &form.input()).await {
        Ok(_) => Ok(Redirect::to("/institutions").into_response()),
        Err(e) => institution_refused(&state, ctx, Some(id), form, e.into()).await,
    }
}

pub async fn institution_archive(
    Caller { state, user: u }: Caller,
    Id(id): Id<InstitutionId>,
    FormData(f): FormData<ConfirmForm>,
) -> Result<Response, AppError> {
    f.check()?;
    state.store.archive_institution(&u.actor(), id).await?;
    Ok(Redirect::to("/institutions").into_response())
}

#[derive(Serialize, ToSchema)]
pub struct UnitOut {
    id: i64,
    code: String,
    party: String,
    parent_id: Option<i64>,
    name_en: String,
    name_tr: String,
    name_ar: String,
    max_away: Option<i32>,
}

impl From<ittifaq_store::entity::unit::Model> for UnitOut {
    fn from(u: ittifaq_store::entity::unit::Model) -> Self {
        UnitOut {
            id: u.id,
            code: u.code,
            party: u.party,
            parent_id: u.parent_id,
            name_en: u.name_en,
            name_tr: u.name_tr,
            name_ar: u.name_ar,
            max_away: u.max_away,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/units",
    params(("q" = Option<String>, Query, description = "words to find in codes and names"), ("party" = Option<String>, Query)),
    responses((status = 200, body = Vec<UnitOut>)))]
pub async fn api_units(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<RegistryQuery>,
) -> Result<Json<Vec<UnitOut>>, AppError> {
    Ok(Json(
        state
            .store
            .list_units(&u.actor())
            .await?
            .into_iter()
            .filter(|x| !x.archived && q.unit(x))
            .map(UnitOut::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/units", request_body = UnitInput, responses((status = 201, body = UnitOut), (status = 422, body = ErrorBody)))]
pub async fn api_unit_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<UnitInput>,
) -> Result<Response, AppError> {
    let m = state.store.create_unit(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(UnitOut::from(m))).into_response())
}

#[utoipa::path(put, path = "/api/v1/units/{id}", params(("id" = i64, Path)), request_body = UnitInput,
    responses((status = 200, body = UnitOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_unit_update(
    Caller { state, user: u }: Caller,
    Id(id): Id<UnitId>,
    ApiJson(input): ApiJson<UnitInput>,
) -> Result<Json<UnitOut>, AppError> {
    Ok(Json(state.store.update_unit(&u.actor(), id, &input).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/units/{id}/archive", params(("id" = i64, Path)),
    responses((status = 200, body = UnitOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_unit_archive(
    Caller { state, user: u }: Caller,
    Id(id): Id<UnitId>,
) -> Result<Json<UnitOut>, AppError> {
    Ok(Json(state.store.archive_unit(&u.actor(), id).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct InstitutionOut {
    id: i64,
    code: String,
    party: String,
    name_en: String,
    name_tr: String,
    name_ar: String,
    city: String,
    domains: Vec<String>,
}

impl From<ittifaq_store::entity::institution::Model> for InstitutionOut {
    fn from(i: ittifaq_store::entity::institution::Model) -> Self {
        InstitutionOut {
            id: i.id,
            domains: i.domains.split(',').filter(|d| !d.is_empty()).map(str::to_owned).collect(),
            code: i.code,
            party: i.party,
            name_en: i.name_en,
            name_tr: i.name_tr,
            name_ar: i.name_ar,
            city: i.city,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/institutions",
    params(("q" = Option<String>, Query, description = "words to find in codes, names and cities"), ("party" = Option<String>, Query), ("domain" = Option<String>, Query)),
    responses((status = 200, body = Vec<InstitutionOut>)))]
pub async fn api_institutions(
    State(state): State<AppState>,
    QueryData(q): QueryData<RegistryQuery>,
) -> Result<Json<Vec<InstitutionOut>>, AppError> {
    Ok(Json(
        state
            .store
            .list_institutions()
            .await?
            .into_iter()
            .filter(|i| q.institution(i))
            .map(InstitutionOut::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/institutions", request_body = InstitutionInput, responses((status = 201, body = InstitutionOut), (status = 422, body = ErrorBody)))]
pub async fn api_institution_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<InstitutionInput>,
) -> Result<Response, AppError> {
    let m = state.store.create_institution(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(InstitutionOut::from(m))).into_response())
}

#[utoipa::path(put, path = "/api/v1/institutions/{id}", params(("id" = i64, Path)), request_body = InstitutionInput,
    responses((status = 200, body = InstitutionOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_institution_update(
    Caller { state, user: u }: Caller,
    Id(id): Id<InstitutionId>,
    ApiJson(input): ApiJson<InstitutionInput>,
) -> Result<Json<InstitutionOut>, AppError> {
    Ok(Json(state.store.update_institution(&u.actor(), id, &input).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/institutions/{id}/archive", params(("id" = i64, Path)),
    responses((status = 200, body = InstitutionOut), (status = 403, body = ErrorBody)))]
pub async fn api_institution_archive(
    Caller { state, user: u }: Caller,
    Id(id): Id<InstitutionId>,
) -> Result<Json<InstitutionOut>, AppError> {
    Ok(Json(state.store.archive_institution(&u.actor(), id).await?.into()))
}
