//! Pages and API of the personnel exchange: sessions, nominations and the two keys.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Msg;
use ittifaq_core::exchange::{SessionFilter, SessionFilterText, SessionStatus, Step, session_transition, transition};
use ittifaq_core::id::{NominationId, PersonId, SessionId, UnitId};
use ittifaq_core::{Lang, Role};
use ittifaq_store::exchange::{
    NOMINATION_STATUSES, NominationFilter, NominationInput, NominationPage, NominationView, SessionInput, SessionView,
};
use serde::Deserialize;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::error::{Unreadable, unreadable};
use crate::extract::{Caller, Id};
use crate::nominee_search::{CandidateList, CandidateQuery, NomineeSearch, find_candidates};
use crate::pages::{Choice, FormData, FormError, ListPage, ListRow, PageCtx, QueryData, SearchBox, parse_id, pick};
use crate::{AppError, AppState};

fn title(s: &SessionView, lang: Lang) -> String {
    pick(lang, &s.title_en, &s.title_tr, &s.title_ar).to_owned()
}

/// A page of the catalog: `page` from 1, `per_page` from 1 to 500; and its
/// filters.
#[derive(Deserialize, utoipa::IntoParams, Default)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CatalogQuery {
    /// Words found in the session's or its course's code or title.
    #[serde(default)]
    q: Option<String>,
    /// Only sessions of this status (planned, open, confirmed, running, completed, cancelled).
    #[serde(default)]
    status: Option<String>,
    /// Only sessions of courses of this training domain (its code in the agreement).
    #[serde(default)]
    domain: Option<String>,
    /// Only sessions hosted by this party.
    #[serde(default)]
    party: Option<String>,
    /// Only sessions that end on this day (`YYYY-MM-DD`) or later.
    #[serde(default)]
    from: Option<String>,
    /// Only sessions that start on this day or earlier.
    #[serde(default)]
    to: Option<String>,
    /// The page, from 1.
    #[serde(default)]
    page: Option<u64>,
    /// Sessions per page, 1 to 500. Without `page` or `per_page` the API returns every session.
    #[serde(default)]
    per_page: Option<u64>,
}

impl CatalogQuery {
    fn page(&self, per_page: u64) -> Result<(u64, u64), AppError> {
        let paging = ittifaq_core::Paging::parse(self.page, self.per_page, per_page)?;
        Ok((paging.page(), paging.per_page()))
    }

    fn text(v: &Option<String>) -> &str {
        v.as_deref().unwrap_or_default()
    }

    /// The store's filter; a field that does not read is named.
    fn filter(&self) -> Result<SessionFilter, AppError> {
        let t = SessionFilterText {
            q: Self::text(&self.q),
            status: Self::text(&self.status),
            domain: Self::text(&self.domain),
            host: Self::text(&self.party),
            from: Self::text(&self.from),
            to: Self::text(&self.to),
        };
        SessionFilter::parse(&t).map_err(|e| match e.field() {
            "session_status" => AppError::invalid("status", e.message().clone()),
            _ => e.into(),
        })
    }

    /// The filters as a query string (without the page), each as typed.
    fn filters_query(&self) -> String {
        [
            ("q", &self.q),
            ("status", &self.status),
            ("domain", &self.domain),
            ("party", &self.party),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter_map(|(k, v)| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| format!("{k}={}&", crate::auth::urlencode(v)))
        .collect()
    }

    /// The catalog's search box with these filters as typed.
    async fn search_box(
        &self,
        state: &AppState,
        ctx: &PageCtx,
        error: Option<FormError>,
    ) -> Result<SearchBox, AppError> {
        let parties = crate::pages::party_options(state, self.party.as_deref().map(str::trim)).await?;
        let mut sb = SearchBox::new("/sessions", Self::text(&self.q), parties);
        let chosen = |v: &Option<String>, code: &str| v.as_deref().map(str::trim) == Some(code);
        sb.choices.push(Choice {
            name: "status",
            label: ctx.t("session-status"),
            options: SessionStatus::ALL
                .iter()
                .map(|st| (st.code().to_owned(), ctx.t(&st.key()), chosen(&self.status, st.code())))
                .collect(),
        });
        let domains = state.store.agreement().await?.map(|a| a.domains).unwrap_or_default();
        sb.choices.push(Choice {
            name: "domain",
            label: ctx.t("field-domain"),
            options: domains
                .iter()
                .map(|d| (d.code.clone(), d.name.get(ctx.tr.lang).to_owned(), chosen(&self.domain, &d.code)))
                .collect(),
        });
        sb.dates.push(("from", ctx.t("report-from"), Self::text(&self.from).to_owned()));
        sb.dates.push(("to", ctx.t("report-to"), Self::text(&self.to).to_owned()));
        sb.error = error;
        Ok(sb)
    }
}

pub async fn sessions(
    State(state): State<AppState>,
    ctx: PageCtx,
    QueryData(q): QueryData<CatalogQuery>,
) -> Result<Response, AppError> {
    let (page, per_page) = q.page(50)?;
    let (sessions, total, error) = match q.filter() {
        Ok(filter) => {
            let (sessions, total) = state.store.catalog_page(&filter, Some((page, per_page))).await?;
            (sessions, total, None)
        }
        // A filter that does not read: said beside its field, nothing listed.
        Err(e) => (Vec::new(), 0, Some(FormError::of(&e, &ctx.tr))),
    };
    let pages = total.div_ceil(per_page).max(1);
    let filters = q.filters_query();
    let href = |p: u64| {
        if per_page == 50 {
            format!("/sessions?{filters}page={p}")
        } else {
            format!("/sessions?{filters}page={p}&per_page={per_page}")
        }
    };
    let pager = crate::pages::Pager {
        prev: (page > 1).then(|| href(page - 1)),
        label: ctx.tr.t_args("page-of", &[("page", page.into()), ("pages", pages.into())]),
        next: (page < pages).then(|| href(page + 1)),
    };
    let rows = sessions
        .into_iter()
        .map(|s| ListRow {
            cells: vec![
                s.code.clone(),
                title(&s, ctx.tr.lang),
                s.host_party.clone(),
                format!("{} – {}", s.start, s.end),
                s.place.clone(),
                format!("{} / {}", s.seats_taken, s.capacity),
                ctx.tr.session_status(&s.status),
            ],
            link: Some(format!("/sessions/{}", s.id)),
            more: None,
        })
        .collect();
    let refused = error.is_some();
    let search = q.search_box(&state, &ctx, error).await?;
    let page = ListPage {
        heading: ctx.t("sessions-title"),
        lead: None,
        headers: vec![
            ctx.t("field-code"),
            ctx.t("field-title"),
            ctx.t("field-party"),
            ctx.t("session-dates"),
            ctx.t("session-place"),
            ctx.t("field-capacity"),
            ctx.t("session-status"),
        ],
        rows,
        new_link: ctx.can("GET", "/sessions/new").then(|| ("/sessions/new".to_owned(), ctx.t("session-new"))),
        link_label: ctx.t("open"),
        search: Some(search),
        pager: Some(pager),
        ctx,
    };
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, page).into_response())
}

/// One choice of the session page's status filter.
struct StatusLink {
    href: String,
    label: String,
    count: u64,
    current: bool,
}

/// The status filter of a page of nominations, with the count of each
/// status present, and its pager; `href(status, page)` addresses them.
fn status_filter(
    ctx: &PageCtx,
    found: &NominationPage,
    status: &str,
    href: impl Fn(&str, u64) -> String,
) -> (Vec<StatusLink>, Option<crate::pages::Pager>) {
    let per_page = found.per_page.unwrap_or(found.total.max(1));
    let pages = found.total.div_ceil(per_page).max(1);
    let pager = (pages > 1).then(|| crate::pages::Pager {
        prev: (found.page > 1).then(|| href(status, found.page - 1)),
        label: ctx.tr.t_args("page-of", &[("page", found.page.into()), ("pages", pages.into())]),
        next: (found.page < pages).then(|| href(status, found.page + 1)),
    });
    let mut statuses = vec![StatusLink {
        href: href("", 1),
        label: ctx.t("all"),
        count: found.by_status.values().sum(),
        current: status.is_empty(),
    }];
    statuses.extend(NOMINATION_STATUSES.iter().filter_map(|st| {
        let count = found.by_status.get(*st).copied()?;
        Some(StatusLink {
            href: href(st, 1),
            label: ctx.t(&format!("nomination-status-{st}")),
            count,
            current: status == *st,
        })
    }));
    (statuses, pager)
}

/// Nominations a session page shows at once.
const NOMINATIONS_PER_PAGE: u64 = 50;

/// A listing of nominations at a status filter and page, without the defaults.
fn listing_href(path: &str, status: &str, page: u64) -> String {
    let mut href = path.to_owned();
    let mut sep = '?';
    if !status.is_empty() {
        href.push_str(&format!("{sep}status={status}"));
        sep = '&';
    }
    if page > 1 {
        href.push_str(&format!("{sep}page={page}"));
    }
    href
}

/// The session page at a status filter and page, without the defaults.
fn session_href(id: i64, status: &str, page: u64) -> String {
    listing_href(&format!("/sessions/{id}"), status, page)
}

/// What the session page is asked for: the nominee search's words, and the
/// nominations' status filter and page.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SessionQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<u64>,
}

struct NominationRow {
    id: i64,
    name: String,
    party: String,
    priority: i32,
    status: String,
    /// The status's code, for scripts and tests that read the page.
    status_code: &'static str,
    history: Vec<String>,
    actions: Vec<(&'static str, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "session.html")]
struct SessionPage {
    ctx: PageCtx,
    s: SessionView,
    title: String,
    description: String,
    seats: String,
    rows: Vec<NominationRow>,
    /// The status filter: all, then each status the session has, with counts.
    statuses: Vec<StatusLink>,
    pager: Option<crate::pages::Pager>,
    /// The filter and page the step forms return to.
    status: String,
    page: u64,
    can_nominate: bool,
    /// The nominee search, and the people it finds.
    search: NomineeSearch,
    candidates: CandidateList,
    /// Statuses the session may move to, when the user's party hosts it.
    moves: Vec<(&'static str, String)>,
    /// The session's status in the user's language.
    status_label: String,
    /// Whether the user takes attendance in this session (its host's staff
    /// and the instructors who teach it).
    can_teach: bool,
    /// The instructors who teach it, and the host's others who may be
    /// assigned, for the host's users who assign them.
    instructors: Option<Instructors>,
    error: Option<Refusal>,
}

/// Why a nomination made on the session page was refused: whom it named
/// (told apart from namesakes) and every reason, in the reader's language.
pub struct Refusal {
    heading: String,
    reasons: Vec<String>,
}

/// The instructors of a session: (user name, display name) of those who
/// teach it, and of the host's others.
struct Instructors {
    assigned: Vec<(String, String)>,
    available: Vec<(String, String)>,
}

async fn session_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    id: SessionId,
    query: &SessionQuery,
    error: Option<Refusal>,
) -> Result<SessionPage, AppError> {
    let actor = u.actor();
    let status = query.status.trim();
    let filter = NominationFilter {
        status: (!status.is_empty()).then(|| status.to_owned()),
        sessions: SessionFilter::default(),
        page: query.page.unwrap_or(1),
        per_page: Some(NOMINATIONS_PER_PAGE),
    };
    let (s, found) = state.store.session_with_nominations(&actor, id, &filter).await?;
    let href = |status: &str, page: u64| format!("{}#nominations", session_href(id.get(), status, page));
    let (statuses, pager) = status_filter(&ctx, &found, status, href);
    let mut rows = Vec::new();
    for n in found.items {
        let own = n.person.party == u.party.as_str();
        let host = s.host_party == u.party.as_str();
        // The steps the user may take from where the nomination stands: the
        // sender's key and withdrawal, the host's key.
        let actions = [(Step::Approve, own), (Step::Accept, host), (Step::Withdraw, own)]
            .into_iter()
            .filter(|(step, side)| {
                *side
                    && transition(n.status, *step).is_some()
                    && ctx.can("POST", &format!("/nominations/{{id}}/{}", step.code()))
            })
            .map(|(step, _)| (step.code(), ctx.t(step.code())))
            .collect();
        let history = n.history.iter().map(|h| ctx.tr.step_line(h)).collect();
        rows.push(NominationRow {
            id: n.id.get(),
            name: n.person.label(),
            party: n.person.party.clone(),
            priority: n.priority,
            status: ctx.t(&n.status.key()),
            status_code: n.status.code(),
            history,
            actions,
        });
    }
    let session_status = SessionStatus::parse(&s.status)?;
    let can_nominate = session_status == SessionStatus::Open && ctx.can("POST", "/sessions/{id}/nominations");
    let candidates =
        if can_nominate { find_candidates(state, &ctx, u, id, &query.q).await? } else { CandidateList::default() };
    let host = s.host_party == u.party.as_str();
    let moves = if host && ctx.can("POST", "/sessions/{id}/status") {
        SessionStatus::ALL
            .iter()
            .filter(|to| session_transition(session_status, **to))
            .map(|to| (to.code(), ctx.t(&to.key())))
            .collect()
    } else {
        Vec::new()
    };
    let instructors = if host && ctx.can("POST", "/sessions/{id}/instructors") {
        let assigned: Vec<(String, String)> = state
            .store
            .session_instructors(&actor, id)
            .await?
            .into_iter()
            .map(|x| (x.username, x.display_name))
            .collect();
        let available = state
            .store
            .list_users(&actor)
            .await?
            .into_iter()
            .filter(|x| x.role == Role::Instructor.code() && !x.disabled)
            .filter(|x| !assigned.iter().any(|(name, _)| *name == x.username))
            .map(|x| (x.username, x.display_name))
            .collect();
        Some(Instructors { assigned, available })
    } else {
        None
    };
    // The host's staff take attendance in any of its sessions; an instructor in those they teach.
    let can_teach = host
        && ctx.can("GET", "/sessions/{id}/attendance")
        && (u.role != Role::Instructor
            || state.store.session_instructors(&actor, id).await?.iter().any(|x| x.username == u.username));
    Ok(SessionPage {
        instructors,
        can_teach,
        moves,
        status_label: ctx.t(&session_status.key()),
        title: title(&s, ctx.tr.lang),
        description: pick(
            ctx.tr.lang,
            s.description_en.as_deref().unwrap_or(""),
            s.description_tr.as_deref().unwrap_or(""),
            s.description_ar.as_deref().unwrap_or(""),
        )
        .to_owned(),
        seats: format!("{} / {}", s.seats_taken, s.capacity),
        s,
        rows,
        statuses,
        pager,
        status: status.to_owned(),
        page: found.page,
        can_nominate,
        search: NomineeSearch {
            page: format!("/sessions/{id}#nominate"),
            class: "card narrow",
            input: "nominee_q",
            select: "person_id",
            session_id: id.get(),
            q: query.q.clone(),
        },
        candidates,
        error,
        ctx,
    })
}

pub async fn session(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<SessionId>,
    QueryData(query): QueryData<SessionQuery>,
) -> Result<impl IntoResponse, AppError> {
    session_page(&state, ctx, &u, id, &query, None).await
}

#[derive(Template, WebTemplate)]
#[template(path = "candidates.html")]
pub(crate) struct CandidatesFragment {
    candidates: CandidateList,
}

/// The options of the nominee select for the words typed so far (the session
/// page and the replacement form ask as the commander types).
pub async fn candidates(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<SessionId>,
    QueryData(query): QueryData<CandidateQuery>,
) -> Result<impl IntoResponse, AppError> {
    state.store.get_course_session(id).await?;
    let candidates = find_candidates(&state, &ctx, &u, id, &query.q).await?;
    Ok(CandidatesFragment { candidates })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NominateForm {
    person_id: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    comment: String,
}

pub async fn nominate(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<SessionId>,
    FormData(f): FormData<NominateForm>,
) -> Result<Response, AppError> {
    let person = f.person_id.trim().parse::<i64>().ok().filter(|p| *p > 0).map(PersonId);
    let parsed =
        person.ok_or_else(|| AppError::invalid("person_id", Msg::new("invalid-choose-person"))).and_then(|p| {
            let priority = match f.priority.trim() {
                "" => 1,
                text => crate::pages::form_int("priority", text, "1 to 9")?,
            };
            Ok(NominationInput { session_id: id, person_id: p, priority, comment: f.comment.clone() })
        });
    // A refusal the page can say; anything else is an error page.
    let said = |e: AppError| match e {
        AppError::Invalid { .. } | AppError::Conflict(_) => Ok(vec![ctx.tr.msg(&e.message())]),
        e => Err(e),
    };
    let reasons: Vec<String> = match parsed {
        Err(e) => said(e)?,
        Ok(input) => match state.store.nominate(&u.actor(), &input).await {
            Ok(_) => return Ok(Redirect::to(&format!("/sessions/{id}")).into_response()),
            Err(ittifaq_store::StoreError::Ineligible(reasons)) => reasons.iter().map(|r| ctx.tr.msg(r)).collect(),
            Err(e) => said(e.into())?,
        },
    };
    // Name whom the refusal is about, told apart from namesakes; the form starts empty again.
    let who = match person {
        Some(p) => state.store.get_person(&u.actor(), p).await.ok().map(|p| p.label()),
        None => None,
    };
    let heading = match who {
        Some(who) => ctx.tr.msg(&Msg::new("nomination-refused-who").arg("who", who)),
        None => ctx.t("nomination-refused"),
    };
    let refusal = Refusal { heading, reasons };
    let page = session_page(&state, ctx, &u, id, &SessionQuery::default(), Some(refusal)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    #[serde(default)]
    comment: String,
}

/// A step taken on the session page: its comment, and the status filter and
/// page to return to.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StepPageForm {
    #[serde(default)]
    comment: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<u64>,
    /// The box a withdrawal must be confirmed with on the page.
    #[serde(default)]
    confirm: Option<String>,
}

async fn step_page(
    state: &AppState,
    u: CurrentUser,
    id: NominationId,
    f: StepPageForm,
    step: Step,
) -> Result<Response, AppError> {
    // A withdrawal cannot be undone: the page asks for it to be confirmed.
    if step == Step::Withdraw {
        crate::pages::confirmed(f.confirm.as_deref())?;
    }
    let n = state.store.take_step(&u.actor(), id, step, &f.comment).await?;
    // Back to the filter and page the step was taken on; an unknown status
    // is not carried back.
    let status = if NOMINATION_STATUSES.contains(&f.status.as_str()) { f.status.as_str() } else { "" };
    Ok(Redirect::to(&session_href(n.session_id.get(), status, f.page.unwrap_or(1))).into_response())
}

pub async fn approve(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<StepPageForm>,
) -> Result<Response, AppError> {
    step_page(&state, u, id, f, Step::Approve).await
}

pub async fn accept(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<StepPageForm>,
) -> Result<Response, AppError> {
    step_page(&state, u, id, f, Step::Accept).await
}

pub async fn withdraw(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    FormData(f): FormData<StepPageForm>,
) -> Result<Response, AppError> {
    step_page(&state, u, id, f, Step::Withdraw).await
}

// ---------------------------------------------------------------- API

/// The sessions of the catalog by start date: all of them, or one page with
/// `page` and `per_page`; a page says the whole count in `X-Total-Count` and
/// links its neighbours in `Link` (RFC 8288).
#[utoipa::path(get, path = "/api/v1/sessions", params(CatalogQuery),
    responses((status = 200, body = Vec<SessionView>), (status = 422, body = ErrorBody)))]
pub async fn api_sessions(
    State(state): State<AppState>,
    QueryData(q): QueryData<CatalogQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    if q.page.is_none() && q.per_page.is_none() {
        return Ok(Json(state.store.catalog_page(&filter, None).await?.0).into_response());
    }
    let (page, per_page) = q.page(50)?;
    let (sessions, total) = state.store.catalog_page(&filter, Some((page, per_page))).await?;
    let link = format!("/api/v1/sessions?{}", q.filters_query());
    Ok(paged_json(sessions, total, page, Some(per_page), &link))
}

/// Opens a session of a course taught by one of the caller's party's institutions.
#[utoipa::path(post, path = "/api/v1/sessions", request_body = SessionInput,
    responses((status = 201, body = SessionView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_session_create(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<SessionInput>,
) -> Result<Response, AppError> {
    let s = state.store.create_course_session(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(s)).into_response())
}

/// Which of a session's nominations the API returns: one status or all;
/// every one, or one page with `page` and `per_page`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NominationQuery {
    /// Only the nominations of this status (nominated, approved, accepted,
    /// waitlisted, withdrawn, cancelled, completed, failed).
    #[serde(default)]
    status: Option<String>,
    /// The page, from 1.
    #[serde(default)]
    page: Option<u64>,
    /// Nominations per page, 1 to 500. Without `page` or `per_page` every nomination is returned.
    #[serde(default)]
    per_page: Option<u64>,
}

impl NominationQuery {
    /// The store's filter, and the listing's address at this status for the
    /// `Link` header (ending in `?` or `&`). Without `page` or `per_page`,
    /// every nomination.
    fn filter(&self, path: &str) -> (NominationFilter, String) {
        let status = self.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let paged = self.page.is_some() || self.per_page.is_some();
        let filter = NominationFilter {
            status: status.map(str::to_owned),
            sessions: SessionFilter::default(),
            page: self.page.unwrap_or(1),
            per_page: if paged { Some(self.per_page.unwrap_or(NOMINATIONS_PER_PAGE)) } else { None },
        };
        let base = match status {
            // A status that is not a word is refused by the store before any link is made.
            Some(s) => format!("{path}?status={s}&"),
            None => format!("{path}?"),
        };
        (filter, base)
    }
}

/// The nominations of a session in the order of priority; nominees appear
/// through what their party released. The whole count is in `X-Total-Count`;
/// a page links its neighbours in `Link` (RFC 8288).
#[utoipa::path(get, path = "/api/v1/sessions/{id}/nominations", params(("id" = i64, Path), NominationQuery),
    responses((status = 200, body = Vec<NominationView>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_session_nominations(
    Caller { state, user: u }: Caller,
    Id(id): Id<SessionId>,
    QueryData(q): QueryData<NominationQuery>,
) -> Result<Response, AppError> {
    let (filter, base) = q.filter(&format!("/api/v1/sessions/{id}/nominations"));
    let (_, found) = state.store.session_with_nominations(&u.actor(), id, &filter).await?;
    Ok(paged_json(found.items, found.total, found.page, found.per_page, &base))
}

/// A JSON list with its whole count in `X-Total-Count` and, for a page of
/// `per_page`, its neighbours in `Link` (RFC 8288); `base` is the listing's
/// address ending in `?` or `&`.
fn paged_json<T: serde::Serialize>(
    items: Vec<T>,
    total: u64,
    page: u64,
    per_page: Option<u64>,
    base: &str,
) -> Response {
    let mut links = Vec::new();
    if let Some(per_page) = per_page {
        let pages = total.div_ceil(per_page).max(1);
        let link = |p: u64, rel: &str| format!("<{base}page={p}&per_page={per_page}>; rel=\"{rel}\"");
        if page > 1 {
            links.push(link(page - 1, "prev"));
        }
        if page < pages {
            links.push(link(page + 1, "next"));
        }
    }
    let mut res = Json(items).into_response();
    let headers = res.headers_mut();
    headers.insert("x-total-count", axum::http::HeaderValue::from(total));
    if let Ok(v) = axum::http::HeaderValue::from_str(&links.join(", "))
        && !links.is_empty()
    {
        headers.insert(axum::http::header::LINK, v);
    }
    res
}

// ------------------------------------------------------ a unit's nominations

/// A nomination of the unit listing, with its session.
struct UnitNominationRow {
    id: i64,
    name: String,
    session_id: i64,
    session_code: String,
    title: String,
    dates: String,
    host: String,
    priority: i32,
    status: String,
    last_step: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "unit_nominations.html")]
struct UnitNominationsPage {
    ctx: PageCtx,
    heading: String,
    rows: Vec<UnitNominationRow>,
    statuses: Vec<StatusLink>,
    pager: Option<crate::pages::Pager>,
    /// Where the filters are sent, and the filters as typed.
    action: String,
    q: UnitNominationsQuery,
    /// The agreement's domains: code, name, whether chosen.
    domains: Vec<(String, String, bool)>,
    error: Option<FormError>,
}

/// What a unit's nominations page is asked for: a status, a page, and the
/// sessions' words, domain and period.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitNominationsQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<u64>,
    /// Words of the session's or its course's code or title.
    #[serde(default)]
    q: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl UnitNominationsQuery {
    /// The sessions' filter as a query string (without status and page).
    fn filters_query(&self) -> String {
        [("q", &self.q), ("domain", &self.domain), ("from", &self.from), ("to", &self.to)]
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}&", crate::auth::urlencode(v.trim())))
            .collect()
    }
}

/// A unit commander's view of the nominations of the unit's people, the
/// newest first, by status, 50 a page.
pub async fn unit_nominations(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<UnitId>,
    QueryData(query): QueryData<UnitNominationsQuery>,
) -> Result<Response, AppError> {
    let status = query.status.trim();
    let text = SessionFilterText {
        q: &query.q,
        domain: &query.domain,
        from: &query.from,
        to: &query.to,
        ..Default::default()
    };
    let (sessions_filter, error) = match SessionFilter::parse(&text) {
        Ok(f) => (f, None),
        Err(e) => (SessionFilter::default(), Some(FormError::of(&e.into(), &ctx.tr))),
    };
    let filter = NominationFilter {
        status: (!status.is_empty()).then(|| status.to_owned()),
        sessions: sessions_filter,
        page: query.page.unwrap_or(1),
        per_page: Some(NOMINATIONS_PER_PAGE),
    };
    let (unit, found, sessions) = if error.is_some() {
        // A filter that does not read: said beside its field, nothing listed.
        let (unit, mut found, sessions) = state.store.unit_nominations_page(&u.actor(), id, &filter).await?;
        (found.items, found.total, found.by_status) = (Vec::new(), 0, Default::default());
        (unit, found, sessions)
    } else {
        state.store.unit_nominations_page(&u.actor(), id, &filter).await?
    };
    let filters = query.filters_query();
    let (statuses, pager) = status_filter(&ctx, &found, status, |st, page| {
        let mut href = format!("/units/{id}/nominations?{filters}");
        if !st.is_empty() {
            href.push_str(&format!("status={st}&"));
        }
        if page > 1 {
            href.push_str(&format!("page={page}&"));
        }
        href.trim_end_matches(['&', '?']).to_owned()
    });
    let domains = state.store.agreement().await?.map(|a| a.domains).unwrap_or_default();
    let domains = domains
        .iter()
        .map(|d| (d.code.clone(), d.name.get(ctx.tr.lang).to_owned(), d.code == query.domain.trim()))
        .collect();
    let rows = found
        .items
        .iter()
        .map(|n| {
            let s = sessions.get(&n.session_id.get());
            UnitNominationRow {
                id: n.id.get(),
                name: n.person.label(),
                session_id: n.session_id.get(),
                session_code: s.map(|s| s.code.clone()).unwrap_or_default(),
                title: s.map(|s| title(s, ctx.tr.lang)).unwrap_or_default(),
                dates: s.map(|s| format!("{} – {}", s.start, s.end)).unwrap_or_default(),
                host: s.map(|s| s.host_party.clone()).unwrap_or_default(),
                priority: n.priority,
                status: ctx.t(&n.status.key()),
                last_step: n.history.last().map(|h| ctx.tr.step_line(h)).unwrap_or_default(),
            }
        })
        .collect();
    let refused = error.is_some();
    let page = UnitNominationsPage {
        heading: ctx.tr.t_args("unit-nominations-title", &[("unit", unit.code.into())]),
        rows,
        statuses,
        pager,
        action: format!("/units/{id}/nominations"),
        q: query,
        domains,
        error,
        ctx,
    };
    let code = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((code, page).into_response())
}

/// The nominations of a unit's people, the newest first; only for the unit's
/// own party. Every one, or one page with `page` and `per_page`; the whole
/// count is in `X-Total-Count` and a page links its neighbours in `Link`.
#[utoipa::path(get, path = "/api/v1/units/{id}/nominations", params(("id" = i64, Path), NominationQuery),
    responses((status = 200, body = Vec<NominationView>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_unit_nominations(
    Caller { state, user: u }: Caller,
    Id(id): Id<UnitId>,
    QueryData(q): QueryData<NominationQuery>,
) -> Result<Response, AppError> {
    let (filter, base) = q.filter(&format!("/api/v1/units/{id}/nominations"));
    let (_, found, _) = state.store.unit_nominations_page(&u.actor(), id, &filter).await?;
    Ok(paged_json(found.items, found.total, found.page, found.per_page, &base))
}

/// Nominates a person of the caller's party; every failed eligibility rule is named (422).
#[utoipa::path(post, path = "/api/v1/nominations", request_body = NominationInput,
    responses((status = 201, body = NominationView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_nominate(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<NominationInput>,
) -> Result<Response, AppError> {
    let n = state.store.nominate(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(n)).into_response())
}

/// An optional JSON body `{"comment": …}`: empty is no comment.
fn step_body(body: &[u8]) -> Result<StepForm, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(StepForm::default());
    }
    serde_json::from_slice(body).map_err(|e| unreadable(Unreadable::Body, None, &e.to_string()))
}

async fn api_step(
    state: &AppState,
    u: CurrentUser,
    id: NominationId,
    body: Bytes,
    step: Step,
) -> Result<Json<NominationView>, AppError> {
    let comment = step_body(&body)?.comment;
    Ok(Json(state.store.take_step(&u.actor(), id, step, &comment).await?))
}

/// The sending party's key.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/approve", params(("id" = i64, Path)), request_body(content = StepForm, description = "an optional comment"),
    responses((status = 200, body = NominationView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_approve(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    body: Bytes,
) -> Result<Json<NominationView>, AppError> {
    api_step(&state, u, id, body, Step::Approve).await
}

/// The host party's key; with no seat left the nomination is waitlisted.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/accept", params(("id" = i64, Path)), request_body(content = StepForm, description = "an optional comment"),
    responses((status = 200, body = NominationView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_accept(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    body: Bytes,
) -> Result<Json<NominationView>, AppError> {
    api_step(&state, u, id, body, Step::Accept).await
}

/// The sending party withdraws; a freed seat goes to the waiting list.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/withdraw", params(("id" = i64, Path)), request_body(content = StepForm, description = "an optional comment"),
    responses((status = 200, body = NominationView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_withdraw(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    body: Bytes,
) -> Result<Json<NominationView>, AppError> {
    api_step(&state, u, id, body, Step::Withdraw).await
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusInput {
    /// planned, open, confirmed, running, completed or cancelled.
    status: String,
}

pub async fn session_status(
    Caller { state, user: u }: Caller,
    Id(id): Id<SessionId>,
    FormData(f): FormData<StatusInput>,
) -> Result<Response, AppError> {
    state.store.set_session_status(&u.actor(), id, f.status.trim()).await?;
    Ok(Redirect::to(&format!("/sessions/{id}")).into_response())
}

/// Moves a session of the caller's party to another status; cancelling ends its nominations.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/status", params(("id" = i64, Path)), request_body = StatusInput,
    responses((status = 200, body = SessionView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_session_status(
    Caller { state, user: u }: Caller,
    Id(id): Id<SessionId>,
    ApiJson(input): ApiJson<StatusInput>,
) -> Result<Json<SessionView>, AppError> {
    Ok(Json(state.store.set_session_status(&u.actor(), id, input.status.trim()).await?))
}

/// An instructor assigned to teach a session.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct InstructorView {
    pub username: String,
    pub display_name: String,
}

/// The instructors who teach a session of the caller's party: only they see
/// its trainees and take its attendance.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/instructors", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<InstructorView>), (status = 403, body = ErrorBody)))]
pub async fn api_session_instructors(
    Caller { state, user: u }: Caller,
    Id(id): Id<SessionId>,
) -> Result<Json<Vec<InstructorView>>, AppError> {
    let found = state.store.session_instructors(&u.actor(), id).await?;
    Ok(Json(found.into_iter().map(|x| InstructorView { username: x.username, display_name: x.display_name }).collect()))
}

/// Assigns or releases an instructor named by the API's path.
async fn set_instructor(
    state: &AppState,
    u: &CurrentUser,
    id: &str,
    username: &str,
    assign: bool,
) -> Result<StatusCode, AppError> {
    let id = SessionId(parse_id(id, ittifaq_core::audit::ObjectKind::Session)?);
    state.store.assign_instructor(&u.actor(), id, username, assign).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Assigns an instructor of the host party to teach a session.
#[utoipa::path(put, path = "/api/v1/sessions/{id}/instructors/{username}", params(("id" = i64, Path), ("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_assign_instructor(
    Caller { state, user: u }: Caller,
    Path((id, username)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    set_instructor(&state, &u, &id, &username, true).await
}

/// Releases an instructor from a session: they no longer see its trainees.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}/instructors/{username}", params(("id" = i64, Path), ("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_release_instructor(
    Caller { state, user: u }: Caller,
    Path((id, username)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    set_instructor(&state, &u, &id, &username, false).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstructorForm {
    username: String,
    /// "true" assigns, "false" releases.
    assign: String,
}

/// The session page's instructor form: assign or release, then back to the page.
pub async fn session_instructor_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<SessionId>,
    FormData(f): FormData<InstructorForm>,
) -> Result<Response, AppError> {
    let assign = match f.assign.as_str() {
        "true" => true,
        "false" => false,
        other => return Err(AppError::invalid("assign", Msg::new("invalid-true-false").arg("value", other))),
    };
    match state.store.assign_instructor(&u.actor(), id, &f.username, assign).await {
        Ok(()) => Ok(Redirect::to(&format!("/sessions/{id}#instructors")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            if !matches!(e, AppError::Invalid { .. }) {
                return Err(e);
            }
            let status = e.status();
            let refusal = Refusal { heading: ctx.t("instructor-refused"), reasons: vec![ctx.tr.msg(&e.message())] };
            let page = session_page(&state, ctx, &u, id, &SessionQuery::default(), Some(refusal)).await?;
            Ok((status, page).into_response())
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceInput {
    person_id: i64,
    #[serde(default)]
    comment: String,
}

/// Replaces the nominee by another person of the same party; the new nomination starts at the first key.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/replace", params(("id" = i64, Path)), request_body = ReplaceInput,
    responses((status = 200, body = NominationView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_replace(
    Caller { state, user: u }: Caller,
    Id(id): Id<NominationId>,
    ApiJson(input): ApiJson<ReplaceInput>,
) -> Result<Json<NominationView>, AppError> {
    Ok(Json(state.store.replace_nominee(&u.actor(), id, PersonId(input.person_id), &input.comment).await?))
}

/// The new-session form as typed: fixed fields plus one `quota_PARTY` field per party.
#[derive(Debug, Default)]
pub struct SessionForm {
    code: String,
    course_id: String,
    start: String,
    end: String,
    place: String,
    capacity: String,
    quota: std::collections::BTreeMap<String, String>,
}

impl SessionForm {
    fn parse(fields: std::collections::HashMap<String, String>) -> Result<SessionForm, AppError> {
        let mut f = SessionForm::default();
        for (k, v) in fields {
            match k.as_str() {
                "code" => f.code = v.trim().to_owned(),
                "course_id" => f.course_id = v,
                "start" => f.start = v.trim().to_owned(),
                "end" => f.end = v.trim().to_owned(),
                "place" => f.place = v,
                "capacity" => f.capacity = v,
                q if q.starts_with("quota_") => {
                    f.quota.insert(q["quota_".len()..].to_owned(), v);
                }
                other => {
                    return Err(AppError::BadRequest(Msg::new("error-unknown-field").arg("field", other)));
                }
            }
        }
        Ok(f)
    }

    fn input(&self) -> Result<SessionInput, AppError> {
        let number = |field: &str, v: &str| -> Result<i32, AppError> {
            v.trim()
                .parse::<i32>()
                .map_err(|_| AppError::invalid(field, Msg::new("invalid-whole-number").arg("text", v)))
        };
        let mut quota = std::collections::BTreeMap::new();
        for (party, v) in &self.quota {
            if !v.trim().is_empty() {
                quota.insert(party.clone(), number(&format!("quota_{party}"), v)?);
            }
        }
        Ok(SessionInput {
            code: self.code.clone(),
            course_id: self
                .course_id
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid("course_id", Msg::new("invalid-choose-course")))?,
            start: self.start.clone(),
            end: self.end.clone(),
            place: self.place.clone(),
            capacity: number("capacity", &self.capacity)?,
            quota,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "session_form.html")]
struct SessionFormPage {
    ctx: PageCtx,
    form: SessionForm,
    courses: Vec<(i64, String, bool)>,
    /// One quota field per party: code and the value typed.
    quotas: Vec<(String, String)>,
    error: Option<FormError>,
}

async fn session_form_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    form: SessionForm,
    error: Option<FormError>,
) -> Result<SessionFormPage, AppError> {
    let own: std::collections::HashSet<i64> = state
        .store
        .list_institutions()
        .await?
        .into_iter()
        .filter(|i| i.party == u.party.as_str())
        .map(|i| i.id)
        .collect();
    let selected = form.course_id.parse::<i64>().ok();
    let courses = state
        .store
        .list_courses()
        .await?
        .into_iter()
        .filter(|c| own.contains(&c.institution_id))
        .map(|c| {
            let label = format!("{} — {}", c.code, pick(ctx.tr.lang, &c.title_en, &c.title_tr, &c.title_ar));
            (c.id, label, Some(c.id) == selected)
        })
        .collect();
    let quotas = state
        .store
        .parties()
        .await?
        .into_iter()
        .map(|p| {
            let v = form.quota.get(&p.code).cloned().unwrap_or_default();
            (p.code, v)
        })
        .collect();
    Ok(SessionFormPage { ctx, form, courses, quotas, error })
}

pub async fn session_new(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    session_form_page(&state, ctx, &u, SessionForm::default(), None).await
}

pub async fn session_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(fields): FormData<std::collections::HashMap<String, String>>,
) -> Result<Response, AppError> {
    let form = SessionForm::parse(fields)?;
    let result =
        async { Ok::<_, AppError>(state.store.create_course_session(&u.actor(), &form.input()?).await?) }.await;
    match result {
        Ok(s) => Ok(Redirect::to(&format!("/sessions/{}", s.id)).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = e.status();
            let error = FormError::of(&e, &ctx.tr);
            Ok((status, session_form_page(&state, ctx, &u, form, Some(error)).await?).into_response())
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------- calendar feeds

#[derive(Template, WebTemplate)]
#[template(path = "calendar_created.html")]
struct CalendarCreated {
    ctx: PageCtx,
    url: String,
}

/// Creates a secret calendar address for the signed-in user and shows it once.
pub async fn calendar_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    headers: axum::http::HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    let token = crate::auth::new_token()?;
    state.store.add_calendar_feed(&u.actor(), &crate::auth::hash_token(&token)).await?;
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    Ok(CalendarCreated { url: format!("{scheme}://{host}/calendar/{token}.ics"), ctx })
}

/// The sessions of the catalog as an iCalendar feed, for calendar programs.
struct CalendarMonth {
    month: String,
    entries: Vec<CalendarRow>,
}

struct CalendarRow {
    id: i64,
    dates: String,
    code: String,
    title: String,
    place: String,
    host: String,
    status: String,
    people: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar.html")]
struct CalendarPage {
    ctx: PageCtx,
    months: Vec<CalendarMonth>,
    institutions: Vec<(i64, String, bool)>,
    units: Vec<(i64, String, bool)>,
    mine: Option<i64>,
    heading: String,
}

/// The calendar: every session, or an institution's, a unit's people's, or one person's.
pub async fn calendar(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    crate::pages::QueryData(filter): crate::pages::QueryData<ittifaq_store::exchange::CalendarFilter>,
) -> Result<Response, AppError> {
    let actor = u.actor();
    let entries = state.store.calendar(&actor, &filter).await?;
    let mut months: Vec<CalendarMonth> = Vec::new();
    for e in entries {
        let s = e.session;
        let month = s.start.get(..7).unwrap_or("").to_owned();
        let row = CalendarRow {
            id: s.id.get(),
            dates: format!("{} – {}", s.start, s.end),
            title: title(&s, ctx.tr.lang),
            code: s.code,
            place: s.place,
            host: s.host_party,
            status: ctx.tr.session_status(&s.status),
            people: e
                .people
                .iter()
                .map(|(n, st)| format!("{n} ({})", ctx.tr.nomination_status(st)))
                .collect::<Vec<_>>()
                .join(", "),
        };
        match months.last_mut() {
            Some(m) if m.month == month => m.entries.push(row),
            _ => months.push(CalendarMonth { month, entries: vec![row] }),
        }
    }
    let institutions = state
        .store
        .list_institutions()
        .await?
        .into_iter()
        .map(|i| {
            let selected = filter.institution == Some(i.id);
            (i.id, format!("{} — {}", i.code, pick(ctx.tr.lang, &i.name_en, &i.name_tr, &i.name_ar)), selected)
        })
        .collect();
    let units = state
        .store
        .list_units(&actor)
        .await?
        .into_iter()
        .filter(|un| un.party == u.party.as_str())
        .map(|un| (un.id, un.code.clone(), filter.unit == Some(un.id)))
        .collect();
    let mine = state.store.user_by_id(u.id).await?.and_then(|m| m.person_id);
    let heading = ctx.t("calendar-view-title");
    Ok(CalendarPage { ctx, months, institutions, units, mine, heading }.into_response())
}

pub async fn calendar_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
    crate::pages::QueryData(filter): crate::pages::QueryData<ittifaq_store::exchange::CalendarFilter>,
) -> Result<Response, AppError> {
    use icalendar::{Calendar, Component, Event, EventLike};
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let not_found = || AppError::NotFound(Msg::new("error-no-calendar"));
    if token.len() != 64 {
        return Err(not_found());
    }
    let user = state.store.calendar_feed_user(&crate::auth::hash_token(token)).await?.ok_or_else(not_found)?;
    let lang = user.locale.as_deref().and_then(Lang::from_code).unwrap_or_default();
    let owner = ittifaq_store::Actor {
        user_id: Some(user.id),
        username: user.username.clone(),
        party: ittifaq_core::PartyCode::parse(&user.party)?,
        role: ittifaq_core::Role::parse(&user.role)?,
    };
    let mut cal = Calendar::new();
    cal.name("Ittifaq");
    for entry in state.store.calendar(&owner, &filter).await? {
        let s = entry.session;
        let (Ok(start), Ok(end)) = (
            time::Date::parse(&s.start, &time::format_description::well_known::Iso8601::DATE),
            time::Date::parse(&s.end, &time::format_description::well_known::Iso8601::DATE),
        ) else {
            continue;
        };
        let status = match SessionStatus::parse(&s.status) {
            Ok(SessionStatus::Cancelled) => icalendar::EventStatus::Cancelled,
            Ok(SessionStatus::Planned | SessionStatus::Open) => icalendar::EventStatus::Tentative,
            _ => icalendar::EventStatus::Confirmed,
        };
        cal.push(
            Event::new()
                .uid(&format!("session-{}@ittifaq", s.id))
                .summary(&format!("{} — {}", s.code, title(&s, lang)))
                .location(&s.place)
                .description(&{
                    let tr = crate::i18n::Tr::new(lang);
                    let people: Vec<String> =
                        entry.people.iter().map(|(n, st)| format!("{n} ({})", tr.nomination_status(st))).collect();
                    let status = tr.session_status(&s.status);
                    let mut d = format!("{}: {status} · {} / {}", s.host_party, s.seats_taken, s.capacity);
                    if !people.is_empty() {
                        d.push_str(&format!("\n{}", people.join(", ")));
                    }
                    d
                })
                .starts(start)
                // All-day events end on the day after the last one (RFC 5545).
                .ends(end.next_day().unwrap_or(end))
                .status(status)
                .done(),
        );
    }
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "private, max-age=300"),
        ],
        cal.done().to_string(),
    )
        .into_response())
}
