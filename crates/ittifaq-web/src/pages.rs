//! Server-rendered pages. Each handler reads through the store with the
//! signed-in user's actor, so a page shows exactly what the store released.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::audit::{Action, ObjectKind};
use ittifaq_core::person::{PersonInput, split_list};
use ittifaq_core::policy;
use ittifaq_core::{Lang, PartyCode, Rank, Role};
use ittifaq_store::PersonView;
use ittifaq_store::audit::AuditFilter;
use ittifaq_store::people::PeopleFilter;
use ittifaq_store::users::NewUser;
use serde::Deserialize;

use crate::auth::{self, CurrentUser};
use crate::extract::{Id, Person};
use crate::i18n::{LANG_COOKIE, Tr, strip_isolation};
use crate::{AppError, AppState};

/// What every page's layout needs: the translator, the user and the path.
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub tr: Tr,
    pub user: Option<CurrentUser>,
    pub path: String,
}

impl PageCtx {
    pub fn anonymous(tr: Tr) -> PageCtx {
        PageCtx { tr, user: None, path: "/".into() }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn lang_code(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        self.tr.lang.dir()
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn user_label(&self) -> String {
        match &self.user {
            Some(u) => format!("{} · {} · {}", u.display_name, u.party, self.t(&format!("role-{}", u.role.code()))),
            None => String::new(),
        }
    }

    /// Whether the user's role may use a route, by the policy table.
    pub fn can(&self, method: &str, path: &str) -> bool {
        let role = self.user.as_ref().map(|u| u.role);
        policy::lookup(method, path).is_some_and(|r| r.access.allows(role))
    }

    /// The navigation links the user's role may follow.
    pub fn nav(&self) -> Vec<(&'static str, String)> {
        [
            ("/people", "nav-people"),
            ("/units", "nav-units"),
            ("/institutions", "nav-institutions"),
            ("/courses", "nav-courses"),
            ("/sessions", "nav-sessions"),
            ("/calendar", "nav-calendar"),
            ("/abroad", "nav-abroad"),
            ("/reports/exchange", "nav-reports"),
            ("/decon", "nav-decon"),
            ("/allocation", "nav-allocation"),
            ("/agreement", "nav-agreement"),
            ("/audit", "nav-audit"),
            ("/ledger", "nav-ledger"),
            ("/admin/users", "nav-users"),
            ("/notifications", "nav-notifications"),
            ("/hotline", "nav-hotline"),
            ("/account", "nav-account"),
        ]
        .into_iter()
        .filter(|(href, _)| self.can("GET", href))
        .map(|(href, key)| (href, self.t(key)))
        .collect()
    }

    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        [(Lang::En, "English"), (Lang::Tr, "Türkçe"), (Lang::Ar, "العربية")]
            .into_iter()
            .map(|(l, name)| (l.code(), name, l == self.tr.lang))
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let user = parts.extensions.get::<CurrentUser>().cloned();
        let tr = Tr::for_request(&parts.headers, user.as_ref().and_then(|u| u.locale.as_deref()));
        Ok(PageCtx { tr, user, path: parts.uri.path().to_owned() })
    }
}

/// The agreement's parties as options of a select, with `selected` marked.
pub(crate) async fn party_options(state: &AppState, selected: Option<&str>) -> Result<Vec<(String, bool)>, AppError> {
    Ok(state
        .store
        .parties()
        .await?
        .into_iter()
        .map(|p| {
            let s = selected == Some(p.code.as_str());
            (p.code, s)
        })
        .collect())
}

/// A whole number typed in a form field; the error names the field and the range expected.
pub(crate) fn form_int(field: &str, text: &str, range: &str) -> Result<i32, AppError> {
    let t = text.trim();
    t.parse::<i32>().map_err(|_| AppError::invalid(field, format!("\"{t}\" is not a number from {range}")))
}

pub fn parse_id(text: &str, what: &str) -> Result<i64, AppError> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("{what} \"{text}\" does not exist")))
}

/// A form body whose rejection becomes a clear 400.
pub struct FormData<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for FormData<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        Form::<T>::from_request(req, state)
            .await
            .map(|Form(v)| FormData(v))
            .map_err(|e| AppError::BadRequest(format!("the form could not be read: {}", e.body_text())))
    }
}

/// A query string whose rejection becomes a clear 400.
pub struct QueryData<T>(pub T);

impl<T, S> FromRequestParts<S> for QueryData<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| QueryData(v))
            .map_err(|e| AppError::BadRequest(format!("the query string could not be read: {}", e.body_text())))
    }
}

// ---------------------------------------------------------------- sign-in

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    error: Option<String>,
    next: String,
    username: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginQuery {
    next: Option<String>,
}

pub async fn login_form(ctx: PageCtx, QueryData(q): QueryData<LoginQuery>) -> impl IntoResponse {
    LoginPage { ctx, error: None, next: auth::safe_next(q.next.as_deref()), username: String::new() }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

pub async fn login(State(state): State<AppState>, ctx: PageCtx, FormData(f): FormData<LoginForm>) -> Response {
    let next = auth::safe_next(f.next.as_deref());
    match auth::sign_in(&state, &f.username, f.password, f.code.as_deref()).await {
        Ok(s) => {
            let max_age = (s.expires_at - state.store.now_ms()) / 1000;
            let cookie = auth::session_cookie(&state, &s.token, max_age);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Err(e @ (AppError::Unauthorized(_) | AppError::TooManyRequests(_))) => {
            let status = e.status();
            let page = LoginPage { error: Some(e.message()), next, username: f.username, ctx };
            (status, page).into_response()
        }
        Err(e) => e.into_response(),
    }
}

pub async fn logout(State(state): State<AppState>, u: CurrentUser) -> Result<Response, AppError> {
    state.store.delete_session(&u.token_hash).await?;
    let cookie = auth::session_cookie(&state, "", 0);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/login")).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn set_language(FormData(f): FormData<LangForm>) -> Result<Response, AppError> {
    let lang = Lang::from_code(&f.lang)
        .ok_or_else(|| AppError::invalid("lang", format!("\"{}\" is not one of en, tr, ar", f.lang)))?;
    let mut c = cookie::Cookie::new(LANG_COOKIE, lang.code());
    c.set_path("/");
    c.set_same_site(cookie::SameSite::Lax);
    c.set_max_age(time::Duration::days(365));
    let next = auth::safe_next(f.next.as_deref());
    Ok(([(header::SET_COOKIE, c.to_string())], Redirect::to(&next)).into_response())
}

// ---------------------------------------------------------------- home

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    agreement_title: String,
    parties: Vec<(String, String, String)>,
}

pub async fn home(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let agreement = state.store.agreement().await?;
    let agreement_title =
        agreement.as_ref().map(|a| a.title.get(ctx.tr.lang).to_owned()).unwrap_or_else(|| ctx.t("no-agreement"));
    let mut parties = Vec::new();
    for p in state.store.parties().await? {
        let n = state.store.count_people(Some(&p.code)).await?;
        let name = match ctx.tr.lang {
            Lang::En => p.name_en.clone(),
            Lang::Tr => p.name_tr.clone(),
            Lang::Ar => p.name_ar.clone(),
        };
        parties.push((p.code.clone(), name, ctx.tr.count("people-count", n)));
    }
    Ok(HomePage { ctx, agreement_title, parties })
}

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
            blank(v).map(|r| Rank::parse(r).map_err(|e| AppError::invalid(field, e.to_string()))).transpose()
        };
        let paging = ittifaq_core::Paging::parse(self.page, self.per_page, per_page)?;
        Ok(PeopleFilter {
            q: blank(&self.q).map(str::to_owned),
            party: blank(&self.party)
                .map(|p| {
                    PartyCode::parse(p).map(|p| p.to_string()).map_err(|e| AppError::invalid("party", e.to_string()))
                })
                .transpose()?,
            unit_id: blank(&self.unit_id)
                .map(|u| {
                    u.parse::<i64>().map_err(|_| AppError::invalid("unit_id", format!("\"{u}\" is not a unit id")))
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
        id: p.id,
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
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
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

/// A CSV cell that a spreadsheet will not run as a formula.
pub(crate) fn csv_cell(text: &str) -> String {
    let text = strip_isolation(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text }
}

pub async fn people_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
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

/// A finished CSV writer as a download named `name`.
pub(crate) fn csv_attachment(w: csv::Writer<Vec<u8>>, name: &str) -> Result<Response, AppError> {
    let body = w.into_inner().map_err(|e| AppError::Internal(e.to_string()))?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
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
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    Id(id, _): Id<Person>,
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
        p: PersonPageData { id: p.id, name: p.display_name(), own: p.own, archived: p.archived },
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
        let unit_id = self.unit_id.trim().parse::<i64>().map_err(|_| AppError::invalid("unit_id", "choose a unit"))?;
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
    error: Option<String>,
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
    error: Option<String>,
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

pub async fn person_new(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
) -> Result<impl IntoResponse, AppError> {
    let heading = ctx.t("person-new");
    person_form_page(&state, ctx, &u, heading, "/people".into(), PersonForm::default(), None).await
}

/// A form the store refused (invalid or in conflict), shown again by `page` with
/// the reason and the error's 4xx status; any other error goes up as it is.
pub(crate) async fn form_again<P, F>(e: AppError, page: impl FnOnce(String) -> F) -> Result<Response, AppError>
where
    P: IntoResponse,
    F: std::future::Future<Output = Result<P, AppError>>,
{
    match e {
        AppError::Invalid { .. } | AppError::Conflict(_) => Ok((e.status(), page(e.message()).await?).into_response()),
        other => Err(other),
    }
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
    form_again(e, |reason| person_form_page(state, ctx, u, heading, action, form, Some(reason))).await
}

pub async fn person_create(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
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
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    Id(id, _): Id<Person>,
) -> Result<impl IntoResponse, AppError> {
    let p = state.store.get_person(&u.actor(), id).await?;
    if !p.own {
        return Err(AppError::Forbidden(format!(
            "person {id} belongs to party {}; users of {} cannot change it",
            p.party, u.party
        )));
    }
    let heading = format!("{} — {}", ctx.t("edit"), p.display_name());
    person_form_page(&state, ctx, &u, heading, format!("/people/{id}"), PersonForm::from_view(&p), None).await
}

pub async fn person_update(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    Id(id, _): Id<Person>,
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
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Person>,
) -> Result<Response, AppError> {
    state.store.archive_person(&u.actor(), id).await?;
    Ok(Redirect::to("/people").into_response())
}

// ---------------------------------------------------------------- registry

#[derive(Template, WebTemplate)]
#[template(path = "list.html")]
pub(crate) struct ListPage {
    pub(crate) ctx: PageCtx,
    pub(crate) heading: String,
    pub(crate) lead: Option<String>,
    pub(crate) headers: Vec<String>,
    pub(crate) rows: Vec<ListRow>,
    /// A button above the table: link and label.
    pub(crate) new_link: Option<(String, String)>,
    /// The label of the per-row link, when rows have one.
    pub(crate) link_label: String,
    /// A search box above the table, for listings that take one.
    pub(crate) search: Option<SearchBox>,
    /// Links to the previous and next pages and "page N of M", for listings in pages.
    pub(crate) pager: Option<Pager>,
}

/// The page links under a listing.
pub(crate) struct Pager {
    pub(crate) prev: Option<String>,
    pub(crate) label: String,
    pub(crate) next: Option<String>,
}

/// The search box of a listing: words and a party.
pub(crate) struct SearchBox {
    pub(crate) action: String,
    pub(crate) q: String,
    pub(crate) parties: Vec<(String, bool)>,
}

/// One row of a listing, with an optional link (to edit it) and another
/// link with its own label.
pub(crate) struct ListRow {
    pub(crate) cells: Vec<String>,
    pub(crate) link: Option<String>,
    pub(crate) more: Option<(String, String)>,
}

impl ListRow {
    pub(crate) fn plain(cells: Vec<String>) -> ListRow {
        ListRow { cells, link: None, more: None }
    }
}

pub(crate) fn pick<'a>(lang: Lang, en: &'a str, tr: &'a str, ar: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Tr => tr,
        Lang::Ar => ar,
    }
}

pub async fn courses(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
) -> Result<impl IntoResponse, AppError> {
    let party = u.party;
    let agreement = state.store.agreement().await?;
    let institutions: HashMap<i64, (String, String)> =
        state.store.list_institutions().await?.into_iter().map(|i| (i.id, (i.code, i.party))).collect();
    let can_edit = ctx.can("GET", "/courses/{id}/edit");
    let rows: Vec<ListRow> = state
        .store
        .list_courses()
        .await?
        .iter()
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
    Ok(ListPage {
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
        search: None,
        pager: None,
        ctx,
    })
}

pub async fn agreement(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let a = state.store.agreement().await?.ok_or_else(|| AppError::NotFound("no agreement is loaded".into()))?;
    let l = ctx.tr.lang;
    let mut rows = Vec::new();
    for p in &a.parties {
        rows.push(vec![ctx.t("field-party"), p.code.to_string(), p.name.get(l).to_owned()]);
    }
    for art in &a.articles {
        rows.push(vec![ctx.t("field-article"), art.number.clone(), art.title.get(l).to_owned()]);
    }
    for (key, items) in [("measure", &a.measures), ("field-domain", &a.domains), ("track", &a.tracks)] {
        for i in items {
            let article = i.article.as_ref().map(|n| format!(" ({} {n})", ctx.t("field-article"))).unwrap_or_default();
            rows.push(vec![ctx.t(key), i.code.clone(), format!("{}{article}", i.name.get(l))]);
        }
    }
    Ok(ListPage {
        heading: a.title.get(l).to_owned(),
        lead: Some(format!("{} {}", ctx.t("signed-on"), a.signed)),
        headers: vec![ctx.t("kind"), ctx.t("field-code"), ctx.t("field-name")],
        rows: rows.into_iter().map(ListRow::plain).collect(),
        new_link: None,
        link_label: String::new(),
        search: None,
        pager: None,
        ctx,
    })
}

pub async fn audit(State(state): State<AppState>, ctx: PageCtx, u: CurrentUser) -> Result<impl IntoResponse, AppError> {
    let entries = state.store.audit_list(&u.actor(), &AuditFilter { limit: 200, ..Default::default() }).await?;
    let rows: Vec<Vec<String>> = entries
        .into_iter()
        .map(|e| {
            let when = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(e.at) * 1_000_000)
                .map(|t| format!("{} {:02}:{:02}:{:02}", t.date(), t.hour(), t.minute(), t.second()))
                .unwrap_or_default();
            let show = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_default();
            vec![
                e.id.to_string(),
                when,
                format!("{} ({})", e.actor, e.actor_party),
                Action::parse(&e.action).map_or_else(|_| ctx.tr.step_name(&e.action), |a| ctx.t(&a.key())),
                format!(
                    "{} {} ({})",
                    ObjectKind::parse(&e.object_type).map_or_else(|_| e.object_type.clone(), |k| ctx.t(&k.key())),
                    e.object_id,
                    e.object_party
                ),
                show(&e.before),
                show(&e.after),
            ]
        })
        .collect();
    Ok(ListPage {
        heading: ctx.t("audit-title"),
        lead: Some(ctx.t("audit-lead")),
        headers: vec![
            "#".into(),
            ctx.t("when"),
            ctx.t("who"),
            ctx.t("action"),
            ctx.t("object"),
            ctx.t("before"),
            ctx.t("after"),
        ],
        rows: rows.into_iter().map(ListRow::plain).collect(),
        new_link: None,
        link_label: String::new(),
        search: None,
        pager: None,
        ctx,
    })
}

// ---------------------------------------------------------------- account

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: PageCtx,
    totp_enabled: bool,
    pending_secret: Option<String>,
    pending_url: String,
    error: Option<String>,
}

pub async fn account(ctx: PageCtx, u: CurrentUser) -> Result<impl IntoResponse, AppError> {
    Ok(AccountPage { ctx, totp_enabled: u.totp_enabled, pending_secret: None, pending_url: String::new(), error: None })
}

fn new_totp_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(totp_rs::Secret::from(bytes).to_base32())
}

pub async fn totp_start(ctx: PageCtx, u: CurrentUser) -> Result<impl IntoResponse, AppError> {
    if u.totp_enabled {
        return Err(AppError::Conflict("the second factor is already enabled".into()));
    }
    let secret = new_totp_secret()?;
    let url = auth::totp_for(&secret, &u.username)?.to_url().unwrap_or_default();
    Ok(AccountPage { ctx, totp_enabled: false, pending_secret: Some(secret), pending_url: url, error: None })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotpConfirm {
    secret: String,
    code: String,
}

pub async fn totp_confirm(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    FormData(f): FormData<TotpConfirm>,
) -> Result<Response, AppError> {
    if u.totp_enabled {
        return Err(AppError::Conflict("the second factor is already enabled".into()));
    }
    if totp_rs::Secret::try_from_base32(&f.secret).map(|s| s.len()).unwrap_or(0) < 16 {
        return Err(AppError::invalid("secret", "is not a TOTP secret issued by this server"));
    }
    let totp = auth::totp_for(&f.secret, &u.username)?;
    let now_s = (state.store.now_ms() / 1000).max(0) as u64;
    match totp.check(f.code.trim(), now_s) {
        Some(step) => {
            state
                .store
                .set_totp_secret(&u.actor(), Some(f.secret), Some(i64::try_from(step).unwrap_or(i64::MAX)))
                .await?;
            Ok(Redirect::to("/account").into_response())
        }
        None => {
            let url = totp.to_url().unwrap_or_default();
            let page = AccountPage {
                error: Some(ctx.t("totp-wrong")),
                ctx,
                totp_enabled: false,
                pending_secret: Some(f.secret),
                pending_url: url,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---------------------------------------------------------------- users

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
struct UsersPage {
    ctx: PageCtx,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, String)>,
    /// The party's units a commander may command: id and code.
    units: Vec<(i64, String)>,
    /// The new account's form as the user left it, with the error beside its field.
    form: UserFormValues,
    error: Option<(String, String)>,
    /// An error of no field of the page's forms.
    general: Option<String>,
    created: Option<String>,
}

/// One account of the users page.
struct UserRow {
    username: String,
    display_name: String,
    role: String,
    totp: String,
    /// A commander's unit (id), so that the page offers to change it.
    commander: Option<Option<i64>>,
}

#[derive(Default)]
struct UserFormValues {
    username: String,
    display_name: String,
    role: String,
    unit_id: Option<i64>,
}

async fn users_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    form: UserFormValues,
    error: Option<(String, String)>,
    created: Option<String>,
) -> Result<UsersPage, AppError> {
    let actor = u.actor();
    let users = state
        .store
        .list_users(&actor)
        .await?
        .into_iter()
        .map(|x| UserRow {
            role: ctx.t(&format!("role-{}", x.role)),
            totp: if x.totp_secret.is_some() { ctx.t("yes") } else { ctx.t("no") },
            commander: (x.role == Role::UnitCommander.code()).then_some(x.unit_id),
            username: x.username,
            display_name: x.display_name,
        })
        .collect();
    let units = state
        .store
        .list_units(&actor)
        .await?
        .into_iter()
        .filter(|x| x.party == u.party.as_str() && !x.archived)
        .map(|x| (x.id, x.code))
        .collect();
    let roles = Role::ALL.iter().map(|r| (r.code(), ctx.t(&format!("role-{}", r.code())))).collect();
    let fields = ["username", "display_name", "role", "unit_id", "password"];
    let general = error
        .as_ref()
        .filter(|(f, _)| !fields.contains(&f.as_str()) && !f.starts_with("unit_id-"))
        .map(|(_, e)| e.clone());
    Ok(UsersPage { ctx, users, roles, units, form, error, general, created })
}

pub async fn users(State(state): State<AppState>, ctx: PageCtx, u: CurrentUser) -> Result<impl IntoResponse, AppError> {
    users_page(&state, ctx, &u, UserFormValues::default(), None, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserForm {
    username: String,
    display_name: String,
    role: String,
    password: String,
    /// The unit a commander commands; empty for any other role.
    #[serde(default)]
    unit_id: String,
}

/// An optional id of a form's select: empty is none.
fn optional_id(raw: &str, field: &str) -> Result<Option<i64>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| AppError::invalid(field, format!("\"{raw}\" is not an id")))
}

pub async fn user_create(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    FormData(f): FormData<UserForm>,
) -> Result<Response, AppError> {
    let mut kept = UserFormValues {
        username: f.username.trim().to_owned(),
        display_name: f.display_name.trim().to_owned(),
        role: f.role.trim().to_owned(),
        unit_id: None,
    };
    let result = async {
        let role = Role::parse(&f.role)?;
        let unit_id = optional_id(&f.unit_id, "unit_id")?;
        kept.unit_id = unit_id;
        if f.display_name.trim().is_empty() {
            return Err(AppError::invalid("display_name", "is required"));
        }
        let password_hash = state.passwords.hash_new(f.username.trim(), f.password).await?;
        let new = NewUser {
            username: f.username.trim().to_owned(),
            display_name: f.display_name.trim().to_owned(),
            password_hash,
            party: u.party.clone(),
            role,
            unit_id,
        };
        Ok::<_, AppError>(state.store.create_user(&u.actor(), &new).await?)
    }
    .await;
    match result {
        Ok(created) => {
            let msg = format!("{} {}", ctx.t("user-created"), created.username);
            Ok(users_page(&state, ctx, &u, UserFormValues::default(), None, Some(msg)).await?.into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = e.status();
            let field = match &e {
                AppError::Invalid { field, .. } => field.clone(),
                _ => "username".to_owned(),
            };
            let error = Some((field, e.message()));
            Ok((status, users_page(&state, ctx, &u, kept, error, None).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitForm {
    unit_id: String,
}

/// Sets the unit a commander of the admin's party commands.
pub async fn user_unit(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    Path(username): Path<String>,
    FormData(f): FormData<UnitForm>,
) -> Result<Response, AppError> {
    let result = async {
        let unit = optional_id(&f.unit_id, "unit_id")?
            .ok_or_else(|| AppError::invalid("unit_id", "a unit commander commands a unit: choose which"))?;
        Ok::<_, AppError>(state.store.set_commanded_unit(&u.actor(), &username, unit).await?)
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            let error = Some((format!("unit_id-{username}"), e.message()));
            Ok((status, users_page(&state, ctx, &u, UserFormValues::default(), error, None).await?).into_response())
        }
        Err(e) => Err(e),
    }
}
