//! The registry of people: the listing, its CSV export, a person's page and
//! form, and the people API. What each user sees is what the store released.

use ittifaq_core::id::PersonId;
use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::person::{PersonInput, split_list};
use ittifaq_core::{Lang, PartyCode, Rank};
use ittifaq_store::PersonView;
use ittifaq_store::people::PeopleFilter;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::{self, CurrentUser};
use crate::extract::{Caller, Id};
use crate::pages::{
    ConfirmForm, FormData, FormError, PageCtx, QueryData, csv_attachment, csv_cell, form_again, party_options,
};
use crate::{AppError, AppState};

// ---------------------------------------------------------------- people

/// Query of the people listing, shared by the page, the CSV export and the API.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub party: Option<String>,
    #[serde(default)]
    pub unit_id: Option<String>,
    #[serde(default)]
    pub rank_min: Option<String>,
    #[serde(default)]
    pub rank_max: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub qualification: Option<String>,
    #[serde(default)]
    pub include_archived: Option<bool>,
    #[serde(default)]
    pub page: Option<u64>,
    #[serde(default)]
    pub per_page: Option<u64>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl PeopleQuery {
    pub fn filter(&self, per_page: u64) -> Result<PeopleFilter, AppError> {
        let rank = |v: &Option<String>, field: &'static str| -> Result<Option<Rank>, AppError> {
            blank(v).map(|r| Rank::parse(r).map_err(|e| AppError::invalid(field, e.message().clone()))).transpose()
        };
        let paging = ittifaq_core::Paging::parse(self.page, self.per_page, per_page)?;
        Ok(PeopleFilter {
            q: blank(&self.q).map(str::to_owned),
            party: blank(&self.party)
                .map(|p| {
                    PartyCode::parse(p)
                        .map(|p| p.to_string())
                        .map_err(|e| AppError::invalid("party", e.message().clone()))
                })
                .transpose()?,
            unit_id: blank(&self.unit_id)
                .map(|u| {
                    u.parse::<i64>().map_err(|_| {
                        AppError::invalid("unit_id", ittifaq_core::Msg::new("invalid-unit-id").arg("text", u))
                    })
                })
                .transpose()?,
            rank_min: rank(&self.rank_min, "rank_min")?,
            rank_max: rank(&self.rank_max, "rank_max")?,
            language: blank(&self.language).map(str::to_lowercase),
            qualification: blank(&self.qualification).map(str::to_owned),
            include_archived: self.include_archived.unwrap_or(false),
            not_nominated_for: None,
            page: paging.page(),
            per_page: paging.per_page(),
        })
    }

    fn href(&self, base: &str, page: Option<u64>) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("party", &self.party),
            ("unit_id", &self.unit_id),
            ("rank_min", &self.rank_min),
            ("rank_max", &self.rank_max),
            ("language", &self.language),
            ("qualification", &self.qualification),
        ] {
            if let Some(v) = blank(v) {
                parts.push(format!("{k}={}", auth::urlencode(v)));
            }
        }
        if let Some(p) = page {
            parts.push(format!("page={p}"));
        }
        if parts.is_empty() { base.to_owned() } else { format!("{base}?{}", parts.join("&")) }
    }
}

/// A person prepared for display, with withheld fields marked.
struct PersonRow {
    id: i64,
    party: String,
    name: String,
    service_number: String,
    rank: String,
    unit: String,
    languages: String,
}

fn person_row(p: &PersonView, units: &HashMap<i64, String>, withheld: &str) -> PersonRow {
    let or = |v: &Option<String>| v.clone().unwrap_or_else(|| withheld.to_owned());
    let rank = match (&p.rank, &p.rank_title) {
        (Some(r), Some(t)) => format!("{r} ({t})"),
        (Some(r), None) => r.clone(),
        _ => withheld.to_owned(),
    };
    PersonRow {
        id: p.id.get(),
        party: p.party.clone(),
        name: p.display_name(),
        service_number: or(&p.service_number),
        rank,
        unit: p
            .unit_id
            .map(|u| units.get(&u).cloned().unwrap_or_else(|| format!("#{u}")))
            .unwrap_or_else(|| withheld.to_owned()),
        languages: p.languages.as_ref().map(|l| l.join(", ")).unwrap_or_else(|| withheld.to_owned()),
    }
}

async fn unit_names(state: &AppState, user: &CurrentUser, lang: Lang) -> Result<Vec<(i64, String, String)>, AppError> {
    Ok(state
        .store
        .list_units(&user.actor())
        .await?
        .into_iter()
        .map(|u| {
            let name = match lang {
                Lang::En => u.name_en,
                Lang::Tr => u.name_tr,
                Lang::Ar => u.name_ar,
            };
            (u.id, u.party, format!("{} — {name}", u.code))
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "people.html")]
struct PeoplePage {
    ctx: PageCtx,
    f: PeopleFormEcho,
    rows: Vec<PersonRow>,
    count_label: String,
    page_label: String,
    prev_href: Option<String>,
    next_href: Option<String>,
    csv_href: String,
    can_create: bool,
    party_options: Vec<(String, bool)>,
    unit_options: Vec<(i64, String, bool)>,
    rank_min_options: Vec<(String, bool)>,
    rank_max_options: Vec<(String, bool)>,
}

struct PeopleFormEcho {
    q: String,
    language: String,
}

fn rank_options(selected: Option<&str>) -> Vec<(String, bool)> {
    Rank::all()
        .map(|r| {
            let c = r.to_string();
            let s = selected == Some(c.as_str());
            (c, s)
        })
        .collect()
}

pub async fn people(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<PeopleQuery>,
) -> Result<impl IntoResponse, AppError> {
    let filter = q.filter(50)?;
    let page = state.store.list_people(&u.actor(), &filter).await?;
    let units = unit_names(&state, &u, ctx.tr.lang).await?;
    let unit_map: HashMap<i64, String> = units.iter().map(|(id, _, l)| (*id, l.clone())).collect();
    let withheld = ctx.t("withheld");
    let rows = page.items.iter().map(|p| person_row(p, &unit_map, &withheld)).collect();
    let pages = page.total.div_ceil(page.per_page).max(1);
    let sel_unit = blank(&q.unit_id).and_then(|u| u.parse::<i64>().ok());
    let party_options = party_options(&state, blank(&q.party)).await?;
    Ok(PeoplePage {
        count_label: ctx.tr.count("people-count", page.total),
        page_label: ctx.tr.t_args("page-of", &[("page", page.page.into()), ("pages", pages.into())]),
        prev_href: (page.page > 1).then(|| q.href("/people", Some(page.page - 1))),
        next_href: (page.page < pages).then(|| q.href("/people", Some(page.page + 1))),
        csv_href: q.href("/people.csv", None),
        can_create: ctx.can("GET", "/people/new"),
        party_options,
        unit_options: units.into_iter().map(|(id, _, l)| (id, l, Some(id) == sel_unit)).collect(),
        rank_min_options: rank_options(blank(&q.rank_min)),
        rank_max_options: rank_options(blank(&q.rank_max)),
        f: PeopleFormEcho { q: q.q.clone().unwrap_or_default(), language: q.language.clone().unwrap_or_default() },
        rows,
        ctx,
    })
}

pub async fn people_csv(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<PeopleQuery>,
) -> Result<Response, AppError> {
    let mut filter = q.filter(500)?;
    let units = unit_names(&state, &u, ctx.tr.lang).await?;
    let unit_map: HashMap<i64, String> = units.into_iter().map(|(id, _, l)| (id, l)).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        "party",
        "service_number",
        "given_name",
        "family_name",
        "native_name",
        "rank",
        "rank_title",
        "unit",
        "languages",
        "qualifications",
        "national_id",
        "phone",
        "next_of_kin",
    ];
    w.write_record(header).map_err(|e| AppError::Internal(e.to_string()))?;
    filter.page = 1;
    loop {
        let page = state.store.list_people(&u.actor(), &filter).await?;
        for p in &page.items {
            let o = |v: &Option<String>| csv_cell(v.as_deref().unwrap_or(""));
            let unit = p.unit_id.map(|id| unit_map.get(&id).cloned().unwrap_or_default()).unwrap_or_default();
            w.write_record([
                p.id.to_string(),
                p.party.clone(),
                o(&p.service_number),
                o(&p.given_name),
                o(&p.family_name),
                o(&p.native_name),
                o(&p.rank),
                o(&p.rank_title),
                csv_cell(&unit),
                csv_cell(&p.languages.as_ref().map(|l| l.join(" ")).unwrap_or_default()),
                csv_cell(&p.qualifications.as_ref().map(|l| l.join(" ")).unwrap_or_default()),
                o(&p.national_id),
                o(&p.phone),
                o(&p.next_of_kin),
            ])
            .map_err(|e| AppError::Internal(e.to_string()))?;
        }
        if filter.page * filter.per_page >= page.total {
            break;
        }
        filter.page += 1;
    }
    csv_attachment(w, "people.csv")
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
struct PersonPage {
    ctx: PageCtx,
    p: PersonPageData,
    fields: Vec<(String, String)>,
    can_edit: bool,
}

struct PersonPageData {
    id: i64,
    name: String,
    own: bool,
    archived: bool,
}

pub async fn person(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PersonId>,
) -> Result<impl IntoResponse, AppError> {
    let p = state.store.get_person(&u.actor(), id).await?;
    let units = unit_names(&state, &u, ctx.tr.lang).await?;
    let unit_map: HashMap<i64, String> = units.into_iter().map(|(id, _, l)| (id, l)).collect();
    let withheld = ctx.t("withheld");
    let or = |v: &Option<String>| v.clone().unwrap_or_else(|| withheld.clone());
    let list = |v: &Option<Vec<String>>| {
        v.as_ref().map(|l| if l.is_empty() { "—".to_owned() } else { l.join(", ") }).unwrap_or_else(|| withheld.clone())
    };
    let mut fields = vec![
        (ctx.t("field-party"), p.party.clone()),
        (ctx.t("field-service-number"), or(&p.service_number)),
        (ctx.t("field-given-name"), or(&p.given_name)),
        (ctx.t("field-family-name"), or(&p.family_name)),
        (ctx.t("field-native-name"), or(&p.native_name)),
        (ctx.t("field-rank"), or(&p.rank)),
        (ctx.t("field-rank-title"), or(&p.rank_title)),
        (
            ctx.t("field-unit"),
            p.unit_id
                .map(|id| unit_map.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
                .unwrap_or_else(|| withheld.clone()),
        ),
        (ctx.t("field-languages"), list(&p.languages)),
        (ctx.t("field-qualifications"), list(&p.qualifications)),
    ];
    if p.own {
        fields.push((ctx.t("field-national-id"), or(&p.national_id)));
        fields.push((ctx.t("field-phone"), or(&p.phone)));
        fields.push((ctx.t("field-next-of-kin"), or(&p.next_of_kin)));
    }
    let can_edit = p.own && !p.archived && ctx.can("POST", "/people/{id}");
    Ok(PersonPage {
        p: PersonPageData { id: p.id.get(), name: p.display_name(), own: p.own, archived: p.archived },
        fields,
        can_edit,
        ctx,
    })
}

/// The person form as typed, so that a refused form comes back filled in.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonForm {
    #[serde(default)]
    service_number: String,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    native_name: String,
    #[serde(default)]
    rank: String,
    #[serde(default)]
    rank_title: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    qualifications: String,
    #[serde(default)]
    national_id: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    next_of_kin: String,
}

impl PersonForm {
    fn input(&self) -> Result<PersonInput, AppError> {
        let some = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
        let unit_id = self
            .unit_id
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::invalid("unit_id", ittifaq_core::Msg::new("invalid-choose-unit")))?;
        Ok(PersonInput {
            service_number: self.service_number.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            native_name: some(&self.native_name),
            rank: self.rank.clone(),
            rank_title: some(&self.rank_title),
            unit_id,
            languages: split_list(&self.languages),
            qualifications: split_list(&self.qualifications),
            national_id: some(&self.national_id),
            phone: some(&self.phone),
            next_of_kin: some(&self.next_of_kin),
        })
    }

    fn from_view(p: &PersonView) -> PersonForm {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        PersonForm {
            service_number: s(&p.service_number),
            given_name: s(&p.given_name),
            family_name: s(&p.family_name),
            native_name: s(&p.native_name),
            rank: s(&p.rank),
            rank_title: s(&p.rank_title),
            unit_id: p.unit_id.map(|u| u.to_string()).unwrap_or_default(),
            languages: p.languages.as_ref().map(|l| l.join(", ")).unwrap_or_default(),
            qualifications: p.qualifications.as_ref().map(|l| l.join(", ")).unwrap_or_default(),
            national_id: s(&p.national_id),
            phone: s(&p.phone),
            next_of_kin: s(&p.next_of_kin),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "person_form.html")]
struct PersonFormPage {
    ctx: PageCtx,
    heading: String,
    action: String,
    error: Option<FormError>,
    form: PersonForm,
    rank_options: Vec<(String, bool)>,
    unit_options: Vec<(i64, String, bool)>,
}

async fn person_form_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    heading: String,
    action: String,
    form: PersonForm,
    error: Option<FormError>,
) -> Result<PersonFormPage, AppError> {
    let own = u.party.to_string();
    let selected_unit = form.unit_id.parse::<i64>().ok();
    let unit_options = unit_names(state, u, ctx.tr.lang)
        .await?
        .into_iter()
        .filter(|(_, party, _)| *party == own)
        .map(|(id, _, label)| (id, label, Some(id) == selected_unit))
        .collect();
    let rank_options = rank_options(Some(form.rank.as_str()));
    Ok(PersonFormPage { ctx, heading, action, error, form, rank_options, unit_options })
}

pub async fn person_new(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let heading = ctx.t("person-new");
    person_form_page(&state, ctx, &u, heading, "/people".into(), PersonForm::default(), None).await
}

/// Turns a refused form into the form again, with the reason, and a 4xx status.
async fn refused_form(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    heading: String,
    action: String,
    form: PersonForm,
    e: AppError,
) -> Result<Response, AppError> {
    form_again(e, ctx.tr, |reason| person_form_page(state, ctx, u, heading, action, form, Some(reason))).await
}

pub async fn person_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(form): FormData<PersonForm>,
) -> Result<Response, AppError> {
    let result = async {
        let record = form.input()?.validate()?;
        Ok::<_, AppError>(state.store.create_person(&u.actor(), &record).await?)
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&format!("/people/{}", p.id)).into_response()),
        Err(e) => {
            let heading = ctx.t("person-new");
            refused_form(&state, ctx, &u, heading, "/people".into(), form, e).await
        }
    }
}

pub async fn person_edit(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PersonId>,
) -> Result<impl IntoResponse, AppError> {
    let p = state.store.get_person(&u.actor(), id).await?;
    if !p.own {
        return Err(AppError::Forbidden(
            ittifaq_core::Msg::new("forbidden-other-party-record")
                .msg("what", ittifaq_store::record(ittifaq_core::audit::ObjectKind::Person, id))
                .arg("party", &p.party)
                .arg("own", &u.party),
        ));
    }
    let heading = format!("{} — {}", ctx.t("edit"), p.display_name());
    person_form_page(&state, ctx, &u, heading, format!("/people/{id}"), PersonForm::from_view(&p), None).await
}

pub async fn person_update(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PersonId>,
    FormData(form): FormData<PersonForm>,
) -> Result<Response, AppError> {
    let result = async {
        let record = form.input()?.validate()?;
        Ok::<_, AppError>(state.store.update_person(&u.actor(), id, &record).await?)
    }
    .await;
    match result {
        Ok(p) => Ok(Redirect::to(&format!("/people/{}", p.id)).into_response()),
        Err(e) => {
            let heading = ctx.t("edit");
            refused_form(&state, ctx, &u, heading, format!("/people/{id}"), form, e).await
        }
    }
}

pub async fn person_archive(
    Caller { state, user: u }: Caller,
    Id(id): Id<PersonId>,
    FormData(f): FormData<ConfirmForm>,
) -> Result<Response, AppError> {
    f.check()?;
    state.store.archive_person(&u.actor(), id).await?;
    Ok(Redirect::to("/people").into_response())
}

#[derive(Serialize, ToSchema)]
pub struct PeopleApiPage {
    items: Vec<PersonView>,
    total: u64,
    page: u64,
    per_page: u64,
}

#[utoipa::path(get, path = "/api/v1/people",
    params(
        ("q" = Option<String>, Query, description = "words to find in service numbers and names"),
        ("party" = Option<String>, Query), ("unit_id" = Option<i64>, Query),
        ("rank_min" = Option<String>, Query, description = "STANAG 2116 code"), ("rank_max" = Option<String>, Query),
        ("language" = Option<String>, Query), ("qualification" = Option<String>, Query),
        ("include_archived" = Option<bool>, Query), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, body = PeopleApiPage), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_people(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<PeopleQuery>,
) -> Result<Json<PeopleApiPage>, AppError> {
    let page = state.store.list_people(&u.actor(), &q.filter(100)?).await?;
    Ok(Json(PeopleApiPage { items: page.items, total: page.total, page: page.page, per_page: page.per_page }))
}

#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = i64, Path)), responses((status = 200, body = PersonView), (status = 404, body = ErrorBody)))]
pub async fn api_person(Caller { state, user: u }: Caller, Id(id): Id<PersonId>) -> Result<Json<PersonView>, AppError> {
    Ok(Json(state.store.get_person(&u.actor(), id).await?))
}

#[utoipa::path(post, path = "/api/v1/people", request_body = PersonInput,
    responses((status = 201, body = PersonView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_person_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<Response, AppError> {
    let record = input.validate()?;
    let p = state.store.create_person(&u.actor(), &record).await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

#[utoipa::path(put, path = "/api/v1/people/{id}", params(("id" = i64, Path)), request_body = PersonInput,
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_person_update(
    Caller { state, user: u }: Caller,
    Id(id): Id<PersonId>,
    ApiJson(input): ApiJson<PersonInput>,
) -> Result<Json<PersonView>, AppError> {
    let record = input.validate()?;
    Ok(Json(state.store.update_person(&u.actor(), id, &record).await?))
}

#[utoipa::path(post, path = "/api/v1/people/{id}/archive", params(("id" = i64, Path)),
    responses((status = 200, body = PersonView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_person_archive(
    Caller { state, user: u }: Caller,
    Id(id): Id<PersonId>,
) -> Result<Json<PersonView>, AppError> {
    Ok(Json(state.store.archive_person(&u.actor(), id).await?))
}
