//! Deconfliction in the platform: declaring an activity (a form with GeoJSON
//! text, an uploaded `.geojson` file or a circle; or the API) answers with its
//! conflicts before it is confirmed; the offline map of declared footprints
//! and their conflicts over the country borders shipped with the application.
//!
//! The engine of `ittifaq_decon` holding every confirmed declaration lives in
//! [`DeconEngine`], loaded from the store on first use and kept in step by the
//! handlers that confirm, amend and cancel (under its write lock, after the
//! store's transaction committed). A draft's conflicts are computed against it
//! without inserting the draft.

use ittifaq_core::decon::{DeclarationStatus, sees_third_states};
use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use ittifaq_core::Role;
use ittifaq_decon::{Activity, Conflict, Engine};
use ittifaq_store::decon::{DeclarationFilter, DeclarationInput, DeclarationView, Declared, ThirdStateInput};
use ittifaq_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use utoipa::ToSchema;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::extract::{Declaration, Id};
use crate::pages::{PageCtx, QueryData};
use crate::{AppError, AppState};

// ---------------------------------------------------------------- the engine in memory

/// The confirmed declarations in the engine, and what the web layer needs to
/// know of each beyond it: its id in the store and whether it is a third state's.
#[derive(Default)]
pub struct Loaded {
    engine: Engine,
    meta: HashMap<String, (i64, bool)>,
}

impl Loaded {
    fn put(&mut self, id: i64, third: bool, a: Activity) -> Vec<Conflict> {
        let code = a.id().to_owned();
        let out = if self.engine.get(&code).is_some() { self.engine.amend(a) } else { self.engine.declare(a) };
        self.meta.insert(code, (id, third));
        out.unwrap_or_default()
    }

    fn remove(&mut self, code: &str) {
        let _ = self.engine.cancel(code);
        self.meta.remove(code);
    }

    /// Adds a stored declaration at start, indexing it without a conflict check.
    fn load(&mut self, id: i64, third: bool, a: Activity) {
        let code = a.id().to_owned();
        if self.engine.get(&code).is_some() {
            let _ = self.engine.amend(a);
        } else {
            let _ = self.engine.load(a);
        }
        self.meta.insert(code, (id, third));
    }
}

/// The engine of confirmed declarations shared by every request.
#[derive(Default)]
pub struct DeconEngine {
    inner: RwLock<Option<Loaded>>,
}

impl DeconEngine {
    /// (Re)loads the engine from the store's confirmed and amended declarations.
    pub async fn reload(&self, store: &Store) -> Result<usize, StoreError> {
        let loaded = Self::load(store).await?;
        let n = loaded.engine.len();
        *self.inner.write().await = Some(loaded);
        Ok(n)
    }

    async fn load(store: &Store) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::default();
        for (id, third, a) in store.active_declarations().await? {
            loaded.load(id, third, a);
        }
        Ok(loaded)
    }

    async fn write(&self, store: &Store) -> Result<tokio::sync::RwLockMappedWriteGuard<'_, Loaded>, AppError> {
        let mut guard = self.inner.write().await;
        if guard.is_none() {
            *guard = Some(Self::load(store).await?);
        }
        Ok(RwLockWriteGuard::map(guard, |g| g.get_or_insert_with(Loaded::default)))
    }

    async fn read(&self, store: &Store) -> Result<RwLockReadGuard<'_, Loaded>, AppError> {
        loop {
            let guard = self.inner.read().await;
            if guard.is_some() {
                return Ok(RwLockReadGuard::map(guard, |g| g.as_ref().unwrap_or(&EMPTY)));
            }
            drop(guard);
            drop(self.write(store).await?);
        }
    }
}

static EMPTY: std::sync::LazyLock<Loaded> = std::sync::LazyLock::new(Loaded::default);

// ---------------------------------------------------------------- conflicts as users see them

/// A conflict between two declared activities, as one user may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConflictView {
    pub a: String,
    pub a_id: i64,
    pub a_party: String,
    pub a_kind: String,
    pub b: String,
    pub b_id: i64,
    pub b_party: String,
    pub b_kind: String,
    /// Shortest distance between the footprints, metres (0 when they meet).
    pub distance_m: f64,
    pub overlap_start: String,
    pub overlap_end: String,
}

fn fmt_time(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// A side of a conflict: (id, party, kind, third state), from the engine or the activity itself.
fn side(loaded: &Loaded, code: &str, extra: Option<(&Activity, i64, bool)>) -> Option<(i64, String, String, bool)> {
    let kind_of = |a: &Activity| serde_json::to_value(a.kind()).ok().and_then(|v| v.as_str().map(str::to_owned));
    if let Some((a, id, third)) = extra
        && a.id() == code
    {
        return Some((id, a.party().to_owned(), kind_of(a).unwrap_or_default(), third));
    }
    let a = loaded.engine.get(code)?;
    let (id, third) = loaded.meta.get(code).copied()?;
    Some((id, a.party().to_owned(), kind_of(a).unwrap_or_default(), third))
}

/// The conflicts the user may see: a third state's side only for deconfliction officers.
fn views(
    loaded: &Loaded,
    user: &CurrentUser,
    conflicts: Vec<Conflict>,
    extra: Option<(&Activity, i64, bool)>,
) -> Vec<ConflictView> {
    let officer = sees_third_states(user.role);
    conflicts
        .into_iter()
        .filter_map(|c| {
            let (a_id, a_party, a_kind, a_third) = side(loaded, &c.a, extra)?;
            let (b_id, b_party, b_kind, b_third) = side(loaded, &c.b, extra)?;
            if (a_third || b_third) && !officer {
                return None;
            }
            Some(ConflictView {
                a: c.a,
                a_id,
                a_party,
                a_kind,
                b: c.b,
                b_id,
                b_party,
                b_kind,
                distance_m: c.distance_m,
                overlap_start: fmt_time(c.overlap_start),
                overlap_end: fmt_time(c.overlap_end),
            })
        })
        .collect()
}

/// A declaration with its conflicts (for a draft: those it would have if confirmed now).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeclarationOut {
    pub declaration: DeclarationView,
    pub conflicts: Vec<ConflictView>,
}

/// The current conflicts of a declaration the user may see.
async fn with_conflicts(state: &AppState, user: &CurrentUser, d: Declared) -> Result<DeclarationOut, AppError> {
    if d.view.status == DeclarationStatus::Cancelled.code() {
        return Ok(DeclarationOut { declaration: d.view, conflicts: Vec::new() });
    }
    let loaded = state.decon.read(&state.store).await?;
    let found = loaded.engine.conflicts_of(&d.activity);
    let conflicts = views(&loaded, user, found, Some((&d.activity, d.view.id, d.view.third_state)));
    Ok(DeclarationOut { declaration: d.view, conflicts })
}

// ---------------------------------------------------------------- the steps, shared by pages and API

async fn declare(state: &AppState, u: &CurrentUser, input: &DeclarationInput) -> Result<DeclarationOut, AppError> {
    let d = state.store.declare(&u.actor(), input).await?;
    with_conflicts(state, u, d).await
}

async fn confirm(state: &AppState, u: &CurrentUser, id: i64) -> Result<DeclarationOut, AppError> {
    let mut loaded = state.decon.write(&state.store).await?;
    let d = state.store.confirm_declaration(&u.actor(), id).await?;
    let found = loaded.put(d.view.id, d.view.third_state, d.activity.clone());
    let conflicts = views(&loaded, u, found, None);
    Ok(DeclarationOut { declaration: d.view, conflicts })
}

async fn amend(
    state: &AppState,
    u: &CurrentUser,
    id: i64,
    input: &DeclarationInput,
) -> Result<DeclarationOut, AppError> {
    let mut loaded = state.decon.write(&state.store).await?;
    let d = state.store.amend_declaration(&u.actor(), id, input).await?;
    if d.view.active() {
        let found = loaded.put(d.view.id, d.view.third_state, d.activity.clone());
        let conflicts = views(&loaded, u, found, None);
        return Ok(DeclarationOut { declaration: d.view, conflicts });
    }
    drop(loaded);
    with_conflicts(state, u, d).await
}

async fn cancel(state: &AppState, u: &CurrentUser, id: i64) -> Result<DeclarationView, AppError> {
    let mut loaded = state.decon.write(&state.store).await?;
    let (view, was_active) = state.store.cancel_declaration(&u.actor(), id).await?;
    if was_active {
        loaded.remove(&view.code);
    }
    Ok(view)
}

/// Every current conflict the user may see whose overlap meets `[from, to)`.
async fn conflicts_between(
    state: &AppState,
    u: &CurrentUser,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Vec<ConflictView>, AppError> {
    let loaded = state.decon.read(&state.store).await?;
    let ms = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000) as i64;
    let all: Vec<Conflict> = loaded
        .engine
        .all_conflicts()
        .into_iter()
        .filter(|c| from.is_none_or(|f| ms(c.overlap_end) > f) && to.is_none_or(|t| ms(c.overlap_start) < t))
        .collect();
    Ok(views(&loaded, u, all, None))
}

// ---------------------------------------------------------------- queries

/// Which declarations to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only windows ending after this: RFC 3339, or a day `YYYY-MM-DD` (its midnight UTC).
    #[serde(default)]
    pub from: Option<String>,
    /// Only windows starting before this.
    #[serde(default)]
    pub to: Option<String>,
    /// `west,south,east,north` in degrees: only footprints whose extent meets the box.
    #[serde(default)]
    pub bbox: Option<String>,
    /// `active` for confirmed and amended ones only; all the user may see otherwise.
    #[serde(default)]
    pub status: Option<String>,
}

/// An instant of a query: RFC 3339, or a day (its midnight UTC), in ms since the epoch.
fn query_time(field: &str, text: Option<&str>) -> Result<Option<i64>, AppError> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let parsed = OffsetDateTime::parse(t, &Rfc3339).ok().or_else(|| {
        time::Date::parse(t, &time::format_description::well_known::Iso8601::DATE)
            .ok()
            .map(|d| d.midnight().assume_utc())
    });
    let at = parsed.ok_or_else(|| {
        AppError::invalid(
            field,
            format!("\"{t}\" is neither an RFC 3339 time (2027-03-01T06:00:00Z) nor a day (2027-03-01)"),
        )
    })?;
    Ok(Some((at.unix_timestamp_nanos() / 1_000_000) as i64))
}

impl ListQuery {
    fn filter(&self) -> Result<DeclarationFilter, AppError> {
        let from_ms = query_time("from", self.from.as_deref())?;
        let to_ms = query_time("to", self.to.as_deref())?;
        if let (Some(f), Some(t)) = (from_ms, to_ms)
            && t <= f
        {
            return Err(AppError::invalid("to", "the end of the period is not after its start"));
        }
        let bbox = match self.bbox.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            None => None,
            Some(b) => {
                let bad = || AppError::invalid("bbox", format!("\"{b}\" is not west,south,east,north in degrees"));
                let n: Vec<f64> =
                    b.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
                match n.as_slice() {
                    [w, s, e, nn] if n.iter().all(|v| v.is_finite()) && w <= e && s <= nn => Some([*w, *s, *e, *nn]),
                    _ => return Err(bad()),
                }
            }
        };
        let active_only = match self.status.as_deref().map(str::trim) {
            None | Some("") | Some("all") => false,
            Some("active") => true,
            Some(other) => return Err(AppError::invalid("status", format!("\"{other}\" is neither active nor all"))),
        };
        Ok(DeclarationFilter { from_ms, to_ms, bbox, active_only })
    }
}

/// The window of conflicts to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ConflictQuery {
    /// Only conflicts whose overlap ends after this: RFC 3339 or a day.
    #[serde(default)]
    pub from: Option<String>,
    /// Only conflicts whose overlap starts before this.
    #[serde(default)]
    pub to: Option<String>,
}

// ---------------------------------------------------------------- API

/// Declares an activity as a draft; the answer holds the conflicts it would have if confirmed.
#[utoipa::path(post, path = "/api/v1/declarations", request_body = DeclarationInput,
    responses((status = 201, body = DeclarationOut), (status = 422, body = ErrorBody)))]
pub async fn api_declare(
    State(state): State<AppState>,
    u: CurrentUser,
    ApiJson(input): ApiJson<DeclarationInput>,
) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(declare(&state, &u, &input).await?)).into_response())
}

/// The declarations the user may see (the other party's without unit or author).
#[utoipa::path(get, path = "/api/v1/declarations", params(ListQuery),
    responses((status = 200, body = Vec<DeclarationView>), (status = 422, body = ErrorBody)))]
pub async fn api_declarations(
    State(state): State<AppState>,
    u: CurrentUser,
    QueryData(q): QueryData<ListQuery>,
) -> Result<Json<Vec<DeclarationView>>, AppError> {
    Ok(Json(state.store.declarations(&u.actor(), &q.filter()?).await?))
}

/// One declaration with its current conflicts.
#[utoipa::path(get, path = "/api/v1/declarations/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = DeclarationOut), (status = 404, body = ErrorBody)))]
pub async fn api_get(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
) -> Result<Json<DeclarationOut>, AppError> {
    let d = state.store.declaration(&u.actor(), id).await?;
    Ok(Json(with_conflicts(&state, &u, d).await?))
}

/// Confirms a draft: it is released to the other party and deconflicted from now on.
#[utoipa::path(post, path = "/api/v1/declarations/{id}/confirm", params(("id" = i64, Path)),
    responses((status = 200, body = DeclarationOut), (status = 409, body = ErrorBody)))]
pub async fn api_confirm(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
) -> Result<Json<DeclarationOut>, AppError> {
    Ok(Json(confirm(&state, &u, id).await?))
}

/// Amends a declaration (a new version); the answer holds the new version's conflicts.
#[utoipa::path(put, path = "/api/v1/declarations/{id}", params(("id" = i64, Path)), request_body = DeclarationInput,
    responses((status = 200, body = DeclarationOut), (status = 422, body = ErrorBody)))]
pub async fn api_amend(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
    ApiJson(input): ApiJson<DeclarationInput>,
) -> Result<Json<DeclarationOut>, AppError> {
    Ok(Json(amend(&state, &u, id, &input).await?))
}

/// Cancels a declaration; its conflicts go with it.
#[utoipa::path(post, path = "/api/v1/declarations/{id}/cancel", params(("id" = i64, Path)),
    responses((status = 200, body = DeclarationView), (status = 409, body = ErrorBody)))]
pub async fn api_cancel(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
) -> Result<Json<DeclarationView>, AppError> {
    Ok(Json(cancel(&state, &u, id).await?))
}

/// Every conflict between confirmed declarations the user may see.
#[utoipa::path(get, path = "/api/v1/conflicts", params(ConflictQuery),
    responses((status = 200, body = Vec<ConflictView>), (status = 422, body = ErrorBody)))]
pub async fn api_conflicts(
    State(state): State<AppState>,
    u: CurrentUser,
    QueryData(q): QueryData<ConflictQuery>,
) -> Result<Json<Vec<ConflictView>>, AppError> {
    let from = query_time("from", q.from.as_deref())?;
    let to = query_time("to", q.to.as_deref())?;
    Ok(Json(conflicts_between(&state, &u, from, to).await?))
}

// ---------------------------------------------------------------- pages

/// The fields of the declaration form, as typed.
#[derive(Debug, Default, Clone)]
pub struct DeclForm {
    kind: String,
    start: String,
    end: String,
    altitude_lo: String,
    altitude_hi: String,
    separation_m: String,
    vertical_separation_m: String,
    time_buffer_min: String,
    unit: String,
    footprint: String,
    circle_lon: String,
    circle_lat: String,
    circle_radius_m: String,
    third_code: String,
    third_name: String,
    /// The uploaded `.geojson` file, when one was chosen.
    file: Option<Bytes>,
}

impl DeclForm {
    fn from_fields(mut f: HashMap<String, String>, file: Option<Bytes>) -> DeclForm {
        let mut take = |k: &str| f.remove(k).unwrap_or_default();
        DeclForm {
            kind: take("kind"),
            start: take("start"),
            end: take("end"),
            altitude_lo: take("altitude_lo"),
            altitude_hi: take("altitude_hi"),
            separation_m: take("separation_m"),
            vertical_separation_m: take("vertical_separation_m"),
            time_buffer_min: take("time_buffer_min"),
            unit: take("unit"),
            footprint: take("footprint"),
            circle_lon: take("circle_lon"),
            circle_lat: take("circle_lat"),
            circle_radius_m: take("circle_radius_m"),
            third_code: take("third_code"),
            third_name: take("third_name"),
            file: file.filter(|b| !b.is_empty()),
        }
    }

    /// The form filled from a declaration, for amending it.
    fn of(v: &DeclarationView) -> DeclForm {
        let local = |t: &str| t.trim_end_matches('Z').chars().take(16).collect::<String>();
        DeclForm {
            kind: v.kind.clone(),
            start: local(&v.start),
            end: local(&v.end),
            altitude_lo: v.altitude_m[0].to_string(),
            altitude_hi: v.altitude_m[1].to_string(),
            separation_m: v.separation_m.to_string(),
            vertical_separation_m: v.vertical_separation_m.to_string(),
            time_buffer_min: (v.time_buffer_s / 60.0).to_string(),
            unit: v.unit.clone().unwrap_or_default(),
            footprint: v.footprint.to_string(),
            third_code: if v.third_state { v.party.clone() } else { String::new() },
            third_name: v.state_name.clone(),
            ..Default::default()
        }
    }

    /// The form as the store's input; errors name the field.
    fn input(&self) -> Result<DeclarationInput, AppError> {
        let number = |field: &str, text: &str| -> Result<Option<f64>, AppError> {
            let t = text.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| AppError::invalid(field, format!("\"{t}\" is not a number")))
        };
        let required = |field: &str, text: &str| -> Result<f64, AppError> {
            number(field, text)?.ok_or_else(|| AppError::invalid(field, "required"))
        };
        let text = self.footprint.trim();
        let circle = !self.circle_lon.trim().is_empty() || !self.circle_lat.trim().is_empty();
        let given = [self.file.is_some(), !text.is_empty(), circle].iter().filter(|g| **g).count();
        if given != 1 {
            return Err(AppError::invalid(
                "footprint",
                "give the footprint one way: GeoJSON text, a .geojson file, or a circle's centre and radius",
            ));
        }
        let footprint = if let Some(file) = &self.file {
            serde_json::from_slice(file)
                .map_err(|e| AppError::invalid("footprint", format!("the uploaded file is not GeoJSON: {e}")))?
        } else if !text.is_empty() {
            serde_json::from_str(text).map_err(|e| AppError::invalid("footprint", format!("not GeoJSON: {e}")))?
        } else {
            let lon = required("circle_lon", &self.circle_lon)?;
            let lat = required("circle_lat", &self.circle_lat)?;
            let radius = required("circle_radius_m", &self.circle_radius_m)?;
            serde_json::json!({"type": "Point", "coordinates": [lon, lat], "radius_m": radius})
        };
        let third_code = self.third_code.trim();
        Ok(DeclarationInput {
            kind: self.kind.trim().to_owned(),
            footprint,
            altitude_m: vec![required("altitude_lo", &self.altitude_lo)?, required("altitude_hi", &self.altitude_hi)?],
            start: form_time(&self.start),
            end: form_time(&self.end),
            separation_m: number("separation_m", &self.separation_m)?,
            vertical_separation_m: number("vertical_separation_m", &self.vertical_separation_m)?,
            time_buffer_s: number("time_buffer_min", &self.time_buffer_min)?.map(|m| m * 60.0),
            unit: Some(self.unit.clone()),
            third_state: (!third_code.is_empty())
                .then(|| ThirdStateInput { code: third_code.to_owned(), name: self.third_name.clone() }),
        })
    }
}

/// A time typed in a `datetime-local` field (`2027-03-01T06:00`) is UTC; a full RFC 3339 time stays as it is.
fn form_time(text: &str) -> String {
    let t = text.trim();
    match t.len() {
        16 => format!("{t}:00Z"),
        19 if !t.ends_with('Z') => format!("{t}Z"),
        _ => t.to_owned(),
    }
}

/// The declaration form's body: multipart (with the optional file) or URL-encoded.
pub struct DeclFormData(pub DeclForm);

impl<S: Send + Sync> FromRequest<S> for DeclFormData {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        if !content_type.starts_with("multipart/form-data") {
            let Form(fields) = Form::<HashMap<String, String>>::from_request(req, state)
                .await
                .map_err(|e| AppError::BadRequest(format!("the form could not be read: {}", e.body_text())))?;
            return Ok(DeclFormData(DeclForm::from_fields(fields, None)));
        }
        let bad = |e: axum::extract::multipart::MultipartError| {
            AppError::BadRequest(format!("the form could not be read: {}", e.body_text()))
        };
        let mut form = Multipart::from_request(req, state).await.map_err(|e| AppError::BadRequest(e.body_text()))?;
        let (mut fields, mut file) = (HashMap::new(), None);
        while let Some(field) = form.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or("").to_owned();
            if name == "footprint_file" {
                file = Some(field.bytes().await.map_err(bad)?);
            } else {
                // Strictly UTF-8: a lossy decoding would store U+FFFD in place of the bytes sent.
                let bytes = field.bytes().await.map_err(bad)?;
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                    AppError::BadRequest(format!("{name}: not UTF-8 text (the bytes sent are not characters)"))
                })?;
                fields.insert(name, text);
            }
        }
        Ok(DeclFormData(DeclForm::from_fields(fields, file)))
    }
}

/// A declaration as a table row shows it.
pub struct Row {
    pub id: i64,
    pub code: String,
    pub party: String,
    pub kind: String,
    pub status: String,
    pub window: String,
    pub altitude: String,
    pub unit: String,
}

fn when(t: &str) -> String {
    t.replacen('T', " ", 1).trim_end_matches(":00Z").trim_end_matches('Z').to_owned() + " UTC"
}

fn row(ctx: &PageCtx, v: &DeclarationView) -> Row {
    Row {
        id: v.id,
        code: v.code.clone(),
        party: if v.third_state { format!("{} ({})", v.party, v.state_name) } else { v.party.clone() },
        kind: ctx.t(&format!("decon-kind-{}", v.kind)),
        status: DeclarationStatus::parse(&v.status).map_or_else(|_| v.status.clone(), |s| ctx.t(&s.key())),
        window: format!("{} → {}", when(&v.start), when(&v.end)),
        altitude: format!("{}–{} m", v.altitude_m[0], v.altitude_m[1]),
        unit: if v.own { v.unit.clone().unwrap_or_default() } else { ctx.t("withheld") },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "decon_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<Row>,
    conflicts: usize,
    can_declare: bool,
}

/// The list page: current and upcoming activities unless `from` says otherwise.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    QueryData(q): QueryData<ListQuery>,
) -> Result<Response, AppError> {
    let mut filter = q.filter()?;
    filter.from_ms = filter.from_ms.or(Some(state.store.now_ms()));
    let all = state.store.declarations(&u.actor(), &filter).await?;
    let rows = all.iter().map(|v| row(&ctx, v)).collect();
    let conflicts = conflicts_between(&state, &u, None, None).await?.len();
    let can_declare = ctx.can("POST", "/decon");
    Ok(ListPage { ctx, rows, conflicts, can_declare }.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "decon_form.html")]
struct FormPage {
    ctx: PageCtx,
    form: DeclForm,
    /// Where the form posts: `/decon` or `/decon/{id}`.
    action: String,
    heading: String,
    kinds: Vec<(&'static str, String)>,
    error: Option<String>,
    officer: bool,
}

const KINDS: [&str; 6] = ["exercise", "flight", "demining", "convoy", "firing", "other"];

fn form_page(ctx: PageCtx, u: &CurrentUser, form: DeclForm, action: String, error: Option<String>) -> FormPage {
    let heading = if action == "/decon" { ctx.t("decon-new") } else { ctx.t("decon-amend") };
    let kinds = KINDS.iter().map(|k| (*k, ctx.t(&format!("decon-kind-{k}")))).collect();
    FormPage { ctx, form, action, heading, kinds, error, officer: u.role == Role::DeconflictionOfficer }
}

pub async fn new(ctx: PageCtx, u: CurrentUser) -> Result<Response, AppError> {
    let form =
        DeclForm { kind: "exercise".into(), altitude_lo: "0".into(), altitude_hi: "0".into(), ..Default::default() };
    Ok(form_page(ctx, &u, form, "/decon".into(), None).into_response())
}

/// Re-shows the form with the problem when the input is invalid.
fn refused(ctx: PageCtx, u: &CurrentUser, form: DeclForm, action: String, e: AppError) -> Response {
    match e {
        AppError::Invalid { .. } | AppError::Forbidden(_) => {
            let status = e.status();
            let mut form = form;
            form.file = None;
            (status, form_page(ctx, u, form, action, Some(e.message()))).into_response()
        }
        e => e.into_response(),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    DeclFormData(form): DeclFormData,
) -> Result<Response, AppError> {
    let input = match form.input() {
        Ok(i) => i,
        Err(e) => return Ok(refused(ctx, &u, form, "/decon".into(), e)),
    };
    match declare(&state, &u, &input).await {
        Ok(out) => Ok(Redirect::to(&format!("/decon/{}", out.declaration.id)).into_response()),
        Err(e) => Ok(refused(ctx, &u, form, "/decon".into(), e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "decon_view.html")]
struct ViewPage {
    ctx: PageCtx,
    d: DeclarationView,
    r: Row,
    footprint: String,
    /// Each conflict with its overlap as shown.
    conflicts: Vec<(ConflictView, String)>,
    can_confirm: bool,
    can_amend: bool,
    can_cancel: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
) -> Result<Response, AppError> {
    let d = state.store.declaration(&u.actor(), id).await?;
    let out = with_conflicts(&state, &u, d).await?;
    let d = out.declaration;
    let mine = d.own && d.status != DeclarationStatus::Cancelled.code();
    Ok(ViewPage {
        r: row(&ctx, &d),
        footprint: d.footprint.to_string(),
        can_confirm: mine && d.status == DeclarationStatus::Draft.code() && ctx.can("POST", "/decon/{id}/confirm"),
        can_amend: mine && ctx.can("POST", "/decon/{id}"),
        can_cancel: mine && ctx.can("POST", "/decon/{id}/cancel"),
        conflicts: out
            .conflicts
            .into_iter()
            .map(|c| {
                let overlap = format!("{} → {}", when(&c.overlap_start), when(&c.overlap_end));
                (c, overlap)
            })
            .collect(),
        d,
        ctx,
    }
    .into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
) -> Result<Response, AppError> {
    let d = state.store.declaration(&u.actor(), id).await?.view;
    if !d.own {
        return Err(AppError::Forbidden(format!(
            "declaration {} belongs to another party; it cannot be amended here",
            d.code
        )));
    }
    if d.status == DeclarationStatus::Cancelled.code() {
        return Err(AppError::Conflict(format!("declaration {} is cancelled; declare anew", d.code)));
    }
    Ok(form_page(ctx, &u, DeclForm::of(&d), format!("/decon/{id}"), None).into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
    DeclFormData(form): DeclFormData,
) -> Result<Response, AppError> {
    let action = format!("/decon/{id}");
    let input = match form.input() {
        Ok(i) => i,
        Err(e) => return Ok(refused(ctx, &u, form, action, e)),
    };
    match amend(&state, &u, id, &input).await {
        Ok(_) => Ok(Redirect::to(&action).into_response()),
        Err(e) => Ok(refused(ctx, &u, form, action, e)),
    }
}

pub async fn confirm_page(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
) -> Result<Response, AppError> {
    confirm(&state, &u, id).await?;
    Ok(Redirect::to(&format!("/decon/{id}")).into_response())
}

pub async fn cancel_page(
    State(state): State<AppState>,
    u: CurrentUser,
    Id(id, _): Id<Declaration>,
) -> Result<Response, AppError> {
    cancel(&state, &u, id).await?;
    Ok(Redirect::to(&format!("/decon/{id}")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "decon_map.html")]
struct MapPage {
    ctx: PageCtx,
    from: String,
    to: String,
    /// Labels the map's script shows, as JSON.
    labels: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

pub async fn map(
    State(state): State<AppState>,
    ctx: PageCtx,
    QueryData(q): QueryData<MapQuery>,
) -> Result<Response, AppError> {
    let today = time::Date::parse(&state.store.today(), &time::format_description::well_known::Iso8601::DATE)
        .unwrap_or(time::Date::MIN);
    let pick = |v: &Option<String>, default: time::Date| -> Result<String, AppError> {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(default.to_string()),
            Some(s) => time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE)
                .map(|d| d.to_string())
                .map_err(|_| AppError::invalid("from", format!("\"{s}\" is not a day, YYYY-MM-DD"))),
        }
    };
    let from = pick(&q.from, today - time::Duration::days(7))?;
    let to = pick(&q.to, today + time::Duration::days(60))?;
    if to <= from {
        return Err(AppError::invalid("to", "the end of the period is not after its start"));
    }
    let mut labels = serde_json::Map::new();
    for key in ["decon-map-at", "decon-map-none", "decon-map-conflict", "decon-map-active", "decon-status-draft"] {
        labels.insert(key.into(), ctx.t(key).into());
    }
    for k in KINDS {
        labels.insert(format!("decon-kind-{k}"), ctx.t(&format!("decon-kind-{k}")).into());
    }
    let labels = serde_json::Value::Object(labels).to_string();
    Ok(MapPage { ctx, from, to, labels }.into_response())
}
