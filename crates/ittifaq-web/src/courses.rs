//! The catalog's courses: the form that adds one to an institution of the
//! user's party and changes it later, in the three languages, and the API's
//! `PUT /api/v1/courses/{id}`.

use ittifaq_core::Msg;
use ittifaq_core::id::{CourseId, InstitutionId};
use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Rank;
use ittifaq_core::agreement::Names;
use ittifaq_store::entity::course;
use ittifaq_store::registry::CourseInput;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::extract::{Caller, Id};
use crate::pages::{FormData, FormError, ListPage, ListRow, PageCtx, QueryData, SearchBox, form_again, form_int, pick};
use crate::{AppError, AppState};

/// The course form as typed; numbers stay text until they are checked, so a
/// refused form comes back as the user left it.
#[derive(Debug, Default)]
pub(crate) struct CourseForm {
    code: String,
    institution_id: String,
    domain: String,
    article: String,
    title_en: String,
    title_tr: String,
    title_ar: String,
    language: String,
    min_rank: String,
    max_rank: String,
    duration_days: String,
    capacity: String,
    requires: String,
    grants: String,
    description_en: String,
    description_tr: String,
    description_ar: String,
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl CourseForm {
    fn parse(fields: HashMap<String, String>) -> Result<CourseForm, AppError> {
        let mut f = CourseForm::default();
        for (k, v) in fields {
            let slot = match k.as_str() {
                "code" => &mut f.code,
                "institution_id" => &mut f.institution_id,
                "domain" => &mut f.domain,
                "article" => &mut f.article,
                "title_en" => &mut f.title_en,
                "title_tr" => &mut f.title_tr,
                "title_ar" => &mut f.title_ar,
                "language" => &mut f.language,
                "min_rank" => &mut f.min_rank,
                "max_rank" => &mut f.max_rank,
                "duration_days" => &mut f.duration_days,
                "capacity" => &mut f.capacity,
                "requires" => &mut f.requires,
                "grants" => &mut f.grants,
                "description_en" => &mut f.description_en,
                "description_tr" => &mut f.description_tr,
                "description_ar" => &mut f.description_ar,
                other => {
                    return Err(AppError::BadRequest(Msg::new("error-unknown-field").arg("field", other)));
                }
            };
            *slot = v;
        }
        Ok(f)
    }

    fn input(&self) -> Result<CourseInput, AppError> {
        let institution_id = self
            .institution_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::invalid("institution_id", Msg::new("invalid-choose-institution")))?;
        let description = Names {
            en: self.description_en.trim().to_owned(),
            tr: self.description_tr.trim().to_owned(),
            ar: self.description_ar.trim().to_owned(),
        };
        let has_description = !(description.en.is_empty() && description.tr.is_empty() && description.ar.is_empty());
        Ok(CourseInput {
            code: self.code.trim().to_owned(),
            institution_id,
            domain: self.domain.trim().to_owned(),
            article: optional(&self.article),
            title: Names {
                en: self.title_en.trim().to_owned(),
                tr: self.title_tr.trim().to_owned(),
                ar: self.title_ar.trim().to_owned(),
            },
            language: self.language.trim().to_owned(),
            min_rank: optional(&self.min_rank),
            max_rank: optional(&self.max_rank),
            duration_days: form_int("duration_days", &self.duration_days, "1 to 365")?,
            capacity: form_int("capacity", &self.capacity, "1 to 500")?,
            requires: self
                .requires
                .split([',', ' ', '\n'])
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_owned)
                .collect(),
            grants: optional(&self.grants),
            description: has_description.then_some(description),
        })
    }

    fn from_model(c: &course::Model) -> CourseForm {
        CourseForm {
            code: c.code.clone(),
            institution_id: c.institution_id.to_string(),
            domain: c.domain.clone(),
            article: c.article.clone().unwrap_or_default(),
            title_en: c.title_en.clone(),
            title_tr: c.title_tr.clone(),
            title_ar: c.title_ar.clone(),
            language: c.language.clone(),
            min_rank: c.min_rank.clone().unwrap_or_default(),
            max_rank: c.max_rank.clone().unwrap_or_default(),
            duration_days: c.duration_days.to_string(),
            capacity: c.capacity.to_string(),
            requires: c.requires.split(',').filter(|q| !q.is_empty()).collect::<Vec<_>>().join(", "),
            grants: c.grants.clone().unwrap_or_default(),
            description_en: c.description_en.clone().unwrap_or_default(),
            description_tr: c.description_tr.clone().unwrap_or_default(),
            description_ar: c.description_ar.clone().unwrap_or_default(),
        }
    }
}

/// One option of a select: value, label, selected.
type Choice = (String, String, bool);

#[derive(Template, WebTemplate)]
#[template(path = "course_form.html")]
pub(crate) struct CourseFormPage {
    ctx: PageCtx,
    heading: String,
    action: String,
    error: Option<FormError>,
    form: CourseForm,
    institutions: Vec<Choice>,
    domains: Vec<Choice>,
    articles: Vec<Choice>,
    min_ranks: Vec<Choice>,
    max_ranks: Vec<Choice>,
}

async fn course_page(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    id: Option<CourseId>,
    form: CourseForm,
    error: Option<FormError>,
) -> Result<CourseFormPage, AppError> {
    let lang = ctx.tr.lang;
    let institutions = state
        .store
        .list_institutions()
        .await?
        .into_iter()
        .filter(|i| i.party == user.party.as_str())
        .map(|i| {
            let label = format!("{} — {}", i.code, pick(lang, &i.name_en, &i.name_tr, &i.name_ar));
            (i.id.to_string(), label, i.id.to_string() == form.institution_id)
        })
        .collect();
    let agreement = state.store.agreement().await?;
    let domains = agreement
        .iter()
        .flat_map(|a| &a.domains)
        .map(|d| (d.code.clone(), d.name.get(lang).to_owned(), d.code == form.domain))
        .collect();
    let articles = agreement
        .iter()
        .flat_map(|a| &a.articles)
        .map(|x| (x.number.clone(), x.number.clone(), x.number == form.article.trim()))
        .collect();
    let ranks = |chosen: &str| -> Vec<Choice> {
        Rank::all().map(|r| (r.to_string(), r.to_string(), r.to_string() == chosen.trim())).collect()
    };
    let (min_ranks, max_ranks) = (ranks(&form.min_rank), ranks(&form.max_rank));
    let (heading, action) = match id {
        Some(id) => (ctx.t("course-edit"), format!("/courses/{id}")),
        None => (ctx.t("course-new"), "/courses".to_owned()),
    };
    Ok(CourseFormPage { ctx, heading, action, error, form, institutions, domains, articles, min_ranks, max_ranks })
}

async fn refused(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    id: Option<CourseId>,
    form: CourseForm,
    e: AppError,
) -> Result<Response, AppError> {
    form_again(e, ctx.tr, |reason| course_page(state, ctx, user, id, form, Some(reason))).await
}

pub async fn course_new(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let form = CourseForm { duration_days: "10".into(), capacity: "20".into(), ..CourseForm::default() };
    course_page(&state, ctx, &u, None, form, None).await
}

pub async fn course_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(fields): FormData<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let form = CourseForm::parse(fields)?;
    let created = async { Ok::<_, AppError>(state.store.create_course(&u.actor(), &form.input()?).await?) }.await;
    match created {
        Ok(_) => Ok(Redirect::to("/courses").into_response()),
        Err(e) => refused(&state, ctx, &u, None, form, e).await,
    }
}

/// A course of the user's own party, or the error that says whose it is.
async fn own_course(state: &AppState, user: &CurrentUser, id: CourseId) -> Result<course::Model, AppError> {
    let c = state.store.get_course(id).await?;
    let inst = state.store.get_institution(InstitutionId(c.institution_id)).await?;
    if inst.party != user.party.as_str() {
        return Err(AppError::Forbidden(
            Msg::new("forbidden-course-other-party")
                .arg("course", &c.code)
                .arg("party", &inst.party)
                .arg("own", &user.party),
        ));
    }
    Ok(c)
}

pub async fn course_edit(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<CourseId>,
) -> Result<impl IntoResponse, AppError> {
    let c = own_course(&state, &u, id).await?;
    course_page(&state, ctx, &u, Some(id), CourseForm::from_model(&c), None).await
}

pub async fn course_update(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<CourseId>,
    FormData(fields): FormData<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let form = CourseForm::parse(fields)?;
    let updated = async { Ok::<_, AppError>(state.store.update_course(&u.actor(), id, &form.input()?).await?) }.await;
    match updated {
        Ok(_) => Ok(Redirect::to("/courses").into_response()),
        Err(e) => refused(&state, ctx, &u, Some(id), form, e).await,
    }
}

/// Changes a course of the catalog of the caller's party.
#[utoipa::path(put, path = "/api/v1/courses/{id}", params(("id" = i64, Path)), request_body = CourseInput,
    responses((status = 200, body = CourseOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn course_update_api(
    Caller { state, user: u }: Caller,
    Id(id): Id<CourseId>,
    ApiJson(input): ApiJson<CourseInput>,
) -> Result<Json<CourseOut>, AppError> {
    Ok(Json(state.store.update_course(&u.actor(), id, &input).await?.into()))
}

/// The filters of the course catalog: words in the code or a title, a
/// training domain, the party whose institution teaches it.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CourseQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    party: String,
}

pub async fn courses(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(query): QueryData<CourseQuery>,
) -> Result<Response, AppError> {
    let party = u.party;
    let agreement = state.store.agreement().await?;
    let (words, error) = match ittifaq_core::exchange::search_words(&query.q) {
        Ok(w) => (w, None),
        Err(e) => (Vec::new(), Some(FormError::of(&e.into(), &ctx.tr))),
    };
    let (domain, owner) = (query.domain.trim(), query.party.trim().to_uppercase());
    let wanted = |c: &course::Model, inst_party: &str| {
        let text = [&c.code, &c.title_en, &c.title_tr, &c.title_ar].map(|t| t.to_lowercase()).join(" ");
        error.is_none()
            && (domain.is_empty() || c.domain == domain)
            && (owner.is_empty() || inst_party == owner)
            && words.iter().all(|w| text.contains(w.as_str()))
    };
    let institutions: HashMap<i64, (String, String)> =
        state.store.list_institutions().await?.into_iter().map(|i| (i.id, (i.code, i.party))).collect();
    let can_edit = ctx.can("GET", "/courses/{id}/edit");
    let rows: Vec<ListRow> = state
        .store
        .list_courses()
        .await?
        .iter()
        .filter(|c| wanted(c, institutions.get(&c.institution_id).map_or("", |(_, p)| p.as_str())))
        .map(|c| {
            let domain = agreement
                .as_ref()
                .and_then(|a| a.domain(&c.domain))
                .map(|d| d.name.get(ctx.tr.lang).to_owned())
                .unwrap_or_else(|| c.domain.clone());
            let ranks =
                format!("{} – {}", c.min_rank.clone().unwrap_or_default(), c.max_rank.clone().unwrap_or_default());
            let (institution, owner) = institutions.get(&c.institution_id).cloned().unwrap_or_default();
            ListRow {
                cells: vec![
                    c.code.clone(),
                    pick(ctx.tr.lang, &c.title_en, &c.title_tr, &c.title_ar).to_owned(),
                    domain,
                    institution,
                    c.language.clone(),
                    ranks,
                    c.duration_days.to_string(),
                    c.capacity.to_string(),
                    c.article.clone().unwrap_or_default(),
                ],
                link: (can_edit && owner == party.as_str()).then(|| format!("/courses/{}/edit", c.id)),
                more: None,
            }
        })
        .collect();
    let refused = error.is_some();
    let parties = crate::pages::party_options(&state, Some(owner.as_str())).await?;
    let mut search = SearchBox::new("/courses", &query.q, parties);
    search.choices.push(crate::pages::Choice {
        name: "domain",
        label: ctx.t("field-domain"),
        options: agreement
            .iter()
            .flat_map(|a| &a.domains)
            .map(|d| (d.code.clone(), d.name.get(ctx.tr.lang).to_owned(), d.code == domain))
            .collect(),
    });
    search.error = error;
    let page = ListPage {
        heading: ctx.t("courses-title"),
        lead: None,
        headers: vec![
            ctx.t("field-code"),
            ctx.t("field-title"),
            ctx.t("field-domain"),
            ctx.t("field-institution"),
            ctx.t("field-language"),
            ctx.t("field-rank"),
            ctx.t("field-days"),
            ctx.t("field-capacity"),
            ctx.t("field-article"),
        ],
        rows,
        new_link: ctx.can("GET", "/courses/new").then(|| ("/courses/new".to_owned(), ctx.t("course-new"))),
        link_label: if can_edit { ctx.t("edit") } else { String::new() },
        search: Some(search),
        pager: None,
        ctx,
    };
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, page).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct CourseOut {
    id: i64,
    code: String,
    institution_id: i64,
    domain: String,
    article: Option<String>,
    title_en: String,
    title_tr: String,
    title_ar: String,
    language: String,
    min_rank: Option<String>,
    max_rank: Option<String>,
    duration_days: i32,
    capacity: i32,
    requires: Vec<String>,
    grants: Option<String>,
    description_en: Option<String>,
    description_tr: Option<String>,
    description_ar: Option<String>,
}

/// Adds a course to the catalog of an institution of the caller's party.
#[utoipa::path(post, path = "/api/v1/courses", request_body = CourseInput,
    responses((status = 201, body = CourseOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_course_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<CourseInput>,
) -> Result<Response, AppError> {
    let c = state.store.create_course(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(CourseOut::from(c))).into_response())
}

impl From<ittifaq_store::entity::course::Model> for CourseOut {
    fn from(c: ittifaq_store::entity::course::Model) -> Self {
        CourseOut {
            id: c.id,
            requires: c.requires.split(',').filter(|d| !d.is_empty()).map(str::to_owned).collect(),
            code: c.code,
            institution_id: c.institution_id,
            domain: c.domain,
            article: c.article,
            title_en: c.title_en,
            title_tr: c.title_tr,
            title_ar: c.title_ar,
            language: c.language,
            min_rank: c.min_rank,
            max_rank: c.max_rank,
            duration_days: c.duration_days,
            capacity: c.capacity,
            grants: c.grants,
            description_en: c.description_en,
            description_tr: c.description_tr,
            description_ar: c.description_ar,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/courses", responses((status = 200, body = Vec<CourseOut>)))]
pub async fn api_courses(State(state): State<AppState>) -> Result<Json<Vec<CourseOut>>, AppError> {
    Ok(Json(state.store.list_courses().await?.into_iter().map(CourseOut::from).collect()))
}
