//! Deconfliction in the platform: declaring an activity (a form with GeoJSON
//! text, an uploaded `.geojson` file or a circle; or the API) answers with its
//! conflicts before it is confirmed; the offline map of declared footprints
//! and their conflicts over the country borders shipped with the application.
//!
//! The engine holding every confirmed declaration is the application's
//! [`ittifaq_store::decon_engine::DeconEngine`]; these handlers call its steps.

use ittifaq_core::Msg;
use ittifaq_core::decon::DeclarationStatus;
use ittifaq_core::id::DeclarationId;
use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use ittifaq_core::Role;
use ittifaq_store::decon::{DeclarationFilter, DeclarationInput, DeclarationView, ThirdStateInput};
use ittifaq_store::decon_engine::{ConflictView, DeclarationOut};
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::{ApiJson, ErrorBody};
use crate::auth::CurrentUser;
use crate::error::{Unreadable, unreadable};
use crate::extract::{Caller, Id};
use crate::pages::{ConfirmForm, FormData, FormError, PageCtx, QueryData};
use crate::{AppError, AppState};

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
    let at = parsed.ok_or_else(|| AppError::invalid(field, Msg::new("invalid-time").arg("text", t)))?;
    Ok(Some((at.unix_timestamp_nanos() / 1_000_000) as i64))
}

impl ListQuery {
    fn filter(&self) -> Result<DeclarationFilter, AppError> {
        let from_ms = query_time("from", self.from.as_deref())?;
        let to_ms = query_time("to", self.to.as_deref())?;
        if let (Some(f), Some(t)) = (from_ms, to_ms)
            && t <= f
        {
            return Err(AppError::invalid("to", Msg::new("invalid-period-order")));
        }
        let bbox = match self.bbox.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            None => None,
            Some(b) => {
                let bad = || AppError::invalid("bbox", Msg::new("invalid-bbox").arg("text", b));
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
            Some(other) => {
                return Err(AppError::invalid("status", Msg::new("invalid-active-or-all").arg("value", other)));
            }
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
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<DeclarationInput>,
) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(state.decon.declare(&state.store, &u.actor(), &input).await?)).into_response())
}

/// The declarations the user may see (the other party's without unit or author).
#[utoipa::path(get, path = "/api/v1/declarations", params(ListQuery),
    responses((status = 200, body = Vec<DeclarationView>), (status = 422, body = ErrorBody)))]
pub async fn api_declarations(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<ListQuery>,
) -> Result<Json<Vec<DeclarationView>>, AppError> {
    Ok(Json(state.store.declarations(&u.actor(), &q.filter()?).await?))
}

/// One declaration with its current conflicts.
#[utoipa::path(get, path = "/api/v1/declarations/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = DeclarationOut), (status = 404, body = ErrorBody)))]
pub async fn api_get(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeclarationId>,
) -> Result<Json<DeclarationOut>, AppError> {
    let d = state.store.declaration(&u.actor(), id).await?;
    Ok(Json(state.decon.with_conflicts(&state.store, &u.actor(), d).await?))
}

/// Confirms a draft: it is released to the other party and deconflicted from now on.
#[utoipa::path(post, path = "/api/v1/declarations/{id}/confirm", params(("id" = i64, Path)),
    responses((status = 200, body = DeclarationOut), (status = 409, body = ErrorBody)))]
pub async fn api_confirm(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeclarationId>,
) -> Result<Json<DeclarationOut>, AppError> {
    Ok(Json(state.decon.confirm(&state.store, &u.actor(), id).await?))
}

/// Amends a declaration (a new version); the answer holds the new version's conflicts.
#[utoipa::path(put, path = "/api/v1/declarations/{id}", params(("id" = i64, Path)), request_body = DeclarationInput,
    responses((status = 200, body = DeclarationOut), (status = 422, body = ErrorBody)))]
pub async fn api_amend(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeclarationId>,
    ApiJson(input): ApiJson<DeclarationInput>,
) -> Result<Json<DeclarationOut>, AppError> {
    Ok(Json(state.decon.amend(&state.store, &u.actor(), id, &input).await?))
}

/// Cancels a declaration; its conflicts go with it.
#[utoipa::path(post, path = "/api/v1/declarations/{id}/cancel", params(("id" = i64, Path)),
    responses((status = 200, body = DeclarationView), (status = 409, body = ErrorBody)))]
pub async fn api_cancel(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeclarationId>,
) -> Result<Json<DeclarationView>, AppError> {
    Ok(Json(state.decon.cancel(&state.store, &u.actor(), id).await?))
}

/// Every conflict between confirmed declarations the user may see.
#[utoipa::path(get, path = "/api/v1/conflicts", params(ConflictQuery),
    responses((status = 200, body = Vec<ConflictView>), (status = 422, body = ErrorBody)))]
pub async fn api_conflicts(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<ConflictQuery>,
) -> Result<Json<Vec<ConflictView>>, AppError> {
    let from = query_time("from", q.from.as_deref())?;
    let to = query_time("to", q.to.as_deref())?;
    Ok(Json(state.decon.conflicts_between(&state.store, &u.actor(), from, to).await?))
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
                .ok_or_else(|| AppError::invalid(field, Msg::new("invalid-number").arg("text", t)))
        };
        let required = |field: &str, text: &str| -> Result<f64, AppError> {
            number(field, text)?.ok_or_else(|| AppError::invalid(field, Msg::new("invalid-required")))
        };
        let text = self.footprint.trim();
        let circle = !self.circle_lon.trim().is_empty() || !self.circle_lat.trim().is_empty();
        let given = [self.file.is_some(), !text.is_empty(), circle].iter().filter(|g| **g).count();
        if given != 1 {
            return Err(AppError::invalid("footprint", Msg::new("invalid-footprint-one-way")));
        }
        let footprint = if let Some(file) = &self.file {
            serde_json::from_slice(file)
                .map_err(|e| AppError::invalid("footprint", Msg::new("invalid-upload-not-geojson").arg("error", e)))?
        } else if !text.is_empty() {
            serde_json::from_str(text)
                .map_err(|e| AppError::invalid("footprint", Msg::new("invalid-not-geojson").arg("error", e)))?
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
                .map_err(|e| unreadable(Unreadable::Form, None, &e.body_text()))?;
            return Ok(DeclFormData(DeclForm::from_fields(fields, None)));
        }
        let bad = |e: axum::extract::multipart::MultipartError| unreadable(Unreadable::Form, None, &e.body_text());
        let mut form = Multipart::from_request(req, state)
            .await
            .map_err(|e| unreadable(Unreadable::Form, None, &e.body_text()))?;
        let (mut fields, mut file) = (HashMap::new(), None);
        while let Some(field) = form.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or("").to_owned();
            if name == "footprint_file" {
                file = Some(field.bytes().await.map_err(bad)?);
            } else {
                // Strictly UTF-8: a lossy decoding would store U+FFFD in place of the bytes sent.
                let bytes = field.bytes().await.map_err(bad)?;
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| AppError::BadRequest(Msg::new("error-field-not-utf8").arg("field", &name)))?;
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
        id: v.id.get(),
        code: v.code.clone(),
        party: if v.third_state { format!("{} ({})", v.party, v.state_name) } else { v.party.clone() },
        kind: ctx.t(&format!("decon-kind-{}", v.kind)),
        status: ctx.t(&v.status.key()),
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
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<ListQuery>,
) -> Result<Response, AppError> {
    let mut filter = q.filter()?;
    filter.from_ms = filter.from_ms.or(Some(state.store.now_ms()));
    let all = state.store.declarations(&u.actor(), &filter).await?;
    let rows = all.iter().map(|v| row(&ctx, v)).collect();
    let conflicts = state.decon.conflicts_between(&state.store, &u.actor(), None, None).await?.len();
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
    error: Option<FormError>,
    officer: bool,
    /// The drawing map's words, as JSON.
    draw_labels: String,
}

/// The words of the drawing map.
const DRAW_LABELS: [&str; 14] = [
    "decon-draw-first-vertex",
    "decon-draw-continue",
    "decon-draw-finish-line",
    "decon-draw-finish-poly",
    "decon-draw-start-circle",
    "decon-draw-finish-circle",
    "decon-draw-finish",
    "decon-draw-cancel",
    "decon-draw-undo",
    "decon-draw-polygon",
    "decon-draw-route",
    "decon-draw-circle",
    "decon-draw-edit",
    "decon-draw-remove",
];

/// Words for a page's script, as a JSON object of key → text.
fn labels_json(ctx: &PageCtx, keys: &[&str]) -> String {
    let mut labels = serde_json::Map::new();
    for key in keys {
        labels.insert((*key).into(), ctx.t(key).into());
    }
    for k in KINDS {
        labels.insert(format!("decon-kind-{k}"), ctx.t(&format!("decon-kind-{k}")).into());
    }
    serde_json::Value::Object(labels).to_string()
}

const KINDS: [&str; 6] = ["exercise", "flight", "demining", "convoy", "firing", "other"];

fn form_page(ctx: PageCtx, u: &CurrentUser, form: DeclForm, action: String, error: Option<FormError>) -> FormPage {
    let heading = if action == "/decon" { ctx.t("decon-new") } else { ctx.t("decon-amend") };
    let kinds = KINDS.iter().map(|k| (*k, ctx.t(&format!("decon-kind-{k}")))).collect();
    let draw_labels = labels_json(&ctx, &DRAW_LABELS);
    FormPage { ctx, form, action, heading, kinds, error, officer: u.role == Role::DeconflictionOfficer, draw_labels }
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
            // The altitude band is read from two inputs; its fault is shown at the first.
            let error = FormError::of(&e, &ctx.tr).at("altitude_m", "altitude_lo");
            (status, form_page(ctx, u, form, action, Some(error))).into_response()
        }
        e => e.into_response(),
    }
}

pub async fn create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    DeclFormData(form): DeclFormData,
) -> Result<Response, AppError> {
    let input = match form.input() {
        Ok(i) => i,
        Err(e) => return Ok(refused(ctx, &u, form, "/decon".into(), e)),
    };
    match state.decon.declare(&state.store, &u.actor(), &input).await {
        Ok(out) => Ok(Redirect::to(&format!("/decon/{}", out.declaration.id)).into_response()),
        Err(e) => Ok(refused(ctx, &u, form, "/decon".into(), e.into())),
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
    draft: bool,
}

pub async fn show(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<DeclarationId>,
) -> Result<Response, AppError> {
    let d = state.store.declaration(&u.actor(), id).await?;
    let out = state.decon.with_conflicts(&state.store, &u.actor(), d).await?;
    let d = out.declaration;
    let mine = d.own && d.status != DeclarationStatus::Cancelled;
    Ok(ViewPage {
        r: row(&ctx, &d),
        footprint: d.footprint.to_string(),
        can_confirm: mine && d.status == DeclarationStatus::Draft && ctx.can("POST", "/decon/{id}/confirm"),
        can_amend: mine && ctx.can("POST", "/decon/{id}"),
        can_cancel: mine && ctx.can("POST", "/decon/{id}/cancel"),
        draft: d.status == DeclarationStatus::Draft,
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
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<DeclarationId>,
) -> Result<Response, AppError> {
    let d = state.store.declaration(&u.actor(), id).await?.view;
    if !d.own {
        return Err(AppError::Forbidden(Msg::new("forbidden-declaration-other-party").arg("code", &d.code)));
    }
    if d.status == DeclarationStatus::Cancelled {
        return Err(AppError::Conflict(Msg::new("conflict-declaration-cancelled").arg("code", &d.code)));
    }
    Ok(form_page(ctx, &u, DeclForm::of(&d), format!("/decon/{id}"), None).into_response())
}

pub async fn update(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<DeclarationId>,
    DeclFormData(form): DeclFormData,
) -> Result<Response, AppError> {
    let action = format!("/decon/{id}");
    let input = match form.input() {
        Ok(i) => i,
        Err(e) => return Ok(refused(ctx, &u, form, action, e)),
    };
    match state.decon.amend(&state.store, &u.actor(), id, &input).await {
        Ok(_) => Ok(Redirect::to(&action).into_response()),
        Err(e) => Ok(refused(ctx, &u, form, action, e.into())),
    }
}

pub async fn confirm_page(Caller { state, user: u }: Caller, Id(id): Id<DeclarationId>) -> Result<Response, AppError> {
    state.decon.confirm(&state.store, &u.actor(), id).await?;
    Ok(Redirect::to(&format!("/decon/{id}")).into_response())
}

pub async fn cancel_page(
    Caller { state, user: u }: Caller,
    Id(id): Id<DeclarationId>,
    FormData(f): FormData<ConfirmForm>,
) -> Result<Response, AppError> {
    f.check()?;
    state.decon.cancel(&state.store, &u.actor(), id).await?;
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
                .map_err(|_| AppError::invalid("from", Msg::new("invalid-date").arg("text", s))),
        }
    };
    let from = pick(&q.from, today - time::Duration::days(7))?;
    let to = pick(&q.to, today + time::Duration::days(60))?;
    if to <= from {
        return Err(AppError::invalid("to", Msg::new("invalid-period-order")));
    }
    let keys = [
        "decon-map-at",
        "decon-map-none",
        "decon-map-conflict",
        "decon-map-active",
        "decon-status-draft",
        "decon-map-show",
    ];
    let labels = labels_json(&ctx, &keys);
    Ok(MapPage { ctx, from, to, labels }.into_response())
}
