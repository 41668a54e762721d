//! Force integration over the API and on pages: the board of formations ×
//! stages (verified and reported counts side by side, each stage's flags
//! with their reasons in the reader's language), a formation's page with
//! the integrating party's forms (a stage's deadline, a verified count, a
//! figure the formation reported), and the new formation's form. The rules,
//! the checks and what the other party may see are the store's and core's;
//! this module extracts, calls and renders.

pub(crate) mod report;
pub(crate) mod roster;
pub(crate) mod structure;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::id::FormationId;
use ittifaq_core::integration::{Figure, Mode, Stage};
use ittifaq_store::integration::{CountInput, DeadlineInput, FormationInput, FormationRow};
use serde::Serialize;

use crate::AppError;
use crate::api::{ApiJson, ErrorBody};
use crate::extract::{Caller, Id};
use crate::fields::{Fields, field, names_of, refused_in};
use crate::i18n::Tr;
use crate::pages::{FormData, FormError, PageCtx};

/// A flag of a stage, with its reason in the caller's language.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FlagView {
    /// stalled, at_risk or paper_only.
    pub kind: String,
    pub reason: String,
}

/// One stage of a formation as the caller may see it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StageView {
    pub stage: String,
    /// The verified headcount; none when withheld (fewer than ten people, other party).
    pub verified: Option<u32>,
    pub verified_on: Option<String>,
    /// The formation's own figure, never mixed with the verified one.
    pub reported: Option<u32>,
    pub withheld: bool,
    pub due: Option<String>,
    pub binding: bool,
    pub clause: String,
    pub owner_party: Option<String>,
    pub flags: Vec<FlagView>,
}

/// A formation and its stages.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FormationView {
    pub id: FormationId,
    pub code: String,
    #[schema(value_type = Object)]
    pub name: ittifaq_core::agreement::Names,
    /// The integrating party.
    pub party: String,
    pub origin: String,
    pub mode: String,
    pub declared_strength: u32,
    pub starts_on: String,
    pub stages: Vec<StageView>,
}

fn view(tr: &Tr, f: FormationRow) -> FormationView {
    FormationView {
        id: f.id,
        code: f.code,
        name: f.name,
        party: f.party,
        origin: f.origin,
        mode: f.mode.code().to_owned(),
        declared_strength: f.declared_strength,
        starts_on: f.starts_on,
        stages: f
            .cells
            .into_iter()
            .map(|c| StageView {
                stage: c.stage.code().to_owned(),
                verified: c.verified,
                verified_on: c.verified_on,
                reported: c.reported,
                withheld: c.withheld,
                due: c.due,
                binding: c.binding,
                clause: c.clause,
                owner_party: c.owner_party,
                flags: c
                    .flags
                    .iter()
                    .map(|g| FlagView { kind: g.kind.code().to_owned(), reason: tr.msg(&g.reason) })
                    .collect(),
            })
            .collect(),
    }
}

/// Every formation with its stages.
#[utoipa::path(get, path = "/api/v1/formations", responses((status = 200, body = Vec<FormationView>)))]
pub async fn api_formations(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
) -> Result<Json<Vec<FormationView>>, AppError> {
    let rows = state.store.integration_board(&u.actor()).await?;
    Ok(Json(rows.into_iter().map(|f| view(&ctx.tr, f)).collect()))
}

/// Enters a formation the caller's party integrates.
#[utoipa::path(post, path = "/api/v1/formations", request_body = FormationInput,
    responses((status = 201, body = FormationView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_formation_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    ApiJson(input): ApiJson<FormationInput>,
) -> Result<Response, AppError> {
    let f = state.store.create_formation(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(view(&ctx.tr, f))).into_response())
}

/// A formation with its stages.
#[utoipa::path(get, path = "/api/v1/formations/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = FormationView), (status = 404, body = ErrorBody)))]
pub async fn api_formation(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
) -> Result<Json<FormationView>, AppError> {
    Ok(Json(view(&ctx.tr, state.store.formation(&u.actor(), id).await?)))
}

/// Sets a stage's deadline: the day (none: a commitment without a date), binding or not, its clause and owner.
#[utoipa::path(put, path = "/api/v1/formations/{id}/deadlines", params(("id" = i64, Path)), request_body = DeadlineInput,
    responses((status = 200, body = FormationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn api_deadline(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    ApiJson(input): ApiJson<DeadlineInput>,
) -> Result<Json<FormationView>, AppError> {
    Ok(Json(view(&ctx.tr, state.store.set_stage_deadline(&u.actor(), id, &input).await?)))
}

/// Records a verified headcount of a stage (who, when, how, from which list).
#[utoipa::path(post, path = "/api/v1/formations/{id}/verifications", params(("id" = i64, Path)),
    request_body = CountInput,
    responses((status = 200, body = FormationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn api_verification(
    caller: Caller,
    ctx: PageCtx,
    id: Id<FormationId>,
    input: ApiJson<CountInput>,
) -> Result<Json<FormationView>, AppError> {
    api_count(caller, ctx, id, Figure::Verified, input).await
}

/// Records a figure the formation reported of itself, shown beside the verified one.
#[utoipa::path(post, path = "/api/v1/formations/{id}/reported", params(("id" = i64, Path)),
    request_body = CountInput,
    responses((status = 200, body = FormationView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn api_reported(
    caller: Caller,
    ctx: PageCtx,
    id: Id<FormationId>,
    input: ApiJson<CountInput>,
) -> Result<Json<FormationView>, AppError> {
    api_count(caller, ctx, id, Figure::Reported, input).await
}

async fn api_count(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    figure: Figure,
    ApiJson(input): ApiJson<CountInput>,
) -> Result<Json<FormationView>, AppError> {
    Ok(Json(view(&ctx.tr, state.store.record_count(&u.actor(), id, figure, &input).await?)))
}

// ---------------------------------------------------------------- pages

/// A stage's cell as a page shows it.
struct CellRow {
    stage: String,
    stage_name: String,
    verified: String,
    reported: String,
    due: String,
    binding: bool,
    clause: String,
    owner: String,
    /// (kind, name, reason).
    flags: Vec<(String, String, String)>,
}

fn count_text(ctx: &PageCtx, n: Option<u32>, withheld: bool) -> String {
    match n {
        Some(n) => n.to_string(),
        None if withheld => ctx.t("integration-withheld"),
        None => "—".into(),
    }
}

fn rows(ctx: &PageCtx, f: &FormationRow) -> Vec<CellRow> {
    f.cells
        .iter()
        .map(|c| CellRow {
            stage: c.stage.code().to_owned(),
            stage_name: ctx.t(&c.stage.key()),
            verified: count_text(ctx, c.verified, c.verified_withheld),
            reported: count_text(ctx, c.reported, c.reported_withheld),
            due: c.due.clone().unwrap_or_default(),
            binding: c.binding,
            clause: c.clause.clone(),
            owner: c.owner_party.clone().unwrap_or_default(),
            flags: c
                .flags
                .iter()
                .map(|g| (g.kind.code().to_owned(), ctx.t(&g.kind.key()), ctx.tr.msg(&g.reason)))
                .collect(),
        })
        .collect()
}

/// A formation's line of the board.
struct BoardRow {
    id: FormationId,
    code: String,
    name: String,
    party: String,
    mode: String,
    declared: u32,
    cells: Vec<CellRow>,
}

/// The board: every formation's stages, and the form of a new formation.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "integration.html")]
struct BoardPage {
    ctx: PageCtx,
    stages: Vec<String>,
    formations: Vec<BoardRow>,
    can_write: bool,
    modes: Vec<(&'static str, String, bool)>,
    /// The target structure: (code, name, party, kind, parent, posts, assigned).
    structure: Vec<[String; 7]>,
    error: Option<FormError>,
    echo: Fields,
}

impl BoardPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }

    fn kinds(&self) -> Vec<(&'static str, String, bool)> {
        ittifaq_core::integration::TargetKind::ALL
            .iter()
            .map(|k| (k.code(), self.ctx.t(&k.key()), self.v("unit_kind") == k.code()))
            .collect()
    }
}

async fn board_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    error: Option<FormError>,
    echo: Fields,
) -> Result<BoardPage, AppError> {
    let board = state.store.integration_board(&u.actor()).await?;
    let formations = board
        .iter()
        .map(|f| BoardRow {
            id: f.id,
            code: f.code.clone(),
            name: f.name.get(ctx.tr.lang).to_owned(),
            party: f.party.clone(),
            mode: ctx.t(&f.mode.key()),
            declared: f.declared_strength,
            cells: rows(&ctx, f),
        })
        .collect();
    let stages = Stage::ALL.iter().map(|s| ctx.t(&s.key())).collect();
    let modes =
        Mode::ALL.iter().map(|m| (m.code(), ctx.t(&m.key()), field(&echo, "formation_mode") == m.code())).collect();
    let can_write = ctx.can("POST", "/integration");
    let structure = structure::lines(state, &ctx, u).await?;
    Ok(BoardPage { ctx, stages, formations, can_write, modes, structure, error, echo })
}

pub async fn board(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    Ok(board_page(&state, ctx, &u, None, Fields::new()).await?.into_response())
}

pub async fn formation_create(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let declared = field(&f, "formation_declared_strength").trim();
    let input = FormationInput {
        code: field(&f, "formation_code").trim().to_owned(),
        name: names_of(&f, "formation_name"),
        origin: field(&f, "formation_origin").to_owned(),
        mode: field(&f, "formation_mode").to_owned(),
        declared_strength: declared.parse().unwrap_or(-1),
        starts_on: field(&f, "formation_starts_on").to_owned(),
    };
    match state.store.create_formation(&u.actor(), &input).await {
        Ok(row) => Ok(Redirect::to(&format!("/integration/formations/{}", row.id)).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let error = Some(refused_in("formation", e, &ctx.tr));
            Ok((status, board_page(&state, ctx, &u, error, f).await?).into_response())
        }
    }
}

/// A formation's page: its stages, and the integrating party's forms.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "formation.html")]
struct FormationPage {
    ctx: PageCtx,
    f: FormationRow,
    name: String,
    mode: String,
    cells: Vec<CellRow>,
    own: bool,
    /// (code, name) of each stage, for the forms.
    stage_choices: Vec<(&'static str, String)>,
    parties: Vec<String>,
    /// The roster in figures: (label, figure); empty without a roster.
    roster: Vec<(String, String)>,
    /// Whether the caller may open the roster (its own party's).
    roster_link: bool,
    /// The burn-up (SVG) and its figures: (stage, day, count).
    chart: String,
    chart_rows: Vec<[String; 3]>,
    error: Option<FormError>,
    echo: Fields,
}

impl FormationPage {
    fn v(&self, name: &str) -> &str {
        field(&self.echo, name)
    }

    /// The stages to choose from in the select `id`, the one typed chosen.
    fn stages(&self, id: &str) -> Vec<(&'static str, String, bool)> {
        self.stage_choices.iter().map(|(code, name)| (*code, name.clone(), self.v(id) == *code)).collect()
    }

    fn figures(&self) -> Vec<(&'static str, String, bool)> {
        Figure::ALL.iter().map(|g| (g.code(), self.ctx.t(&g.key()), self.v("count_figure") == g.code())).collect()
    }

    fn owners(&self) -> Vec<(String, String, bool)> {
        self.parties.iter().map(|p| (p.clone(), p.clone(), self.v("deadline_owner_party") == p.as_str())).collect()
    }
}

async fn formation_page(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    id: FormationId,
    error: Option<FormError>,
    echo: Fields,
) -> Result<FormationPage, AppError> {
    let f = state.store.formation(&u.actor(), id).await?;
    let cells = rows(&ctx, &f);
    let own = f.party == u.party.as_str() && ctx.can("POST", "/integration/formations/{id}/counts");
    let stage_choices = Stage::ALL.iter().map(|s| (s.code(), ctx.t(&s.key()))).collect();
    let parties = state.store.parties().await?.into_iter().map(|p| p.code).collect();
    let name = f.name.get(ctx.tr.lang).to_owned();
    let mode = ctx.t(&f.mode.key());
    let roster = roster::summary_lines(state, &ctx, u, id).await?;
    let roster_link = f.party == u.party.as_str();
    let (chart, chart_rows) = report::burn_up(&ctx, &f);
    Ok(FormationPage {
        ctx,
        f,
        name,
        mode,
        cells,
        own,
        stage_choices,
        parties,
        roster,
        roster_link,
        chart,
        chart_rows,
        error,
        echo,
    })
}

pub async fn formation(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
) -> Result<Response, AppError> {
    Ok(formation_page(&state, ctx, &u, id, None, Fields::new()).await?.into_response())
}

/// The result of one of a formation's forms: back to its page, or the page
/// again with the refusal beside its field and what was typed kept.
async fn after_form(
    state: &crate::AppState,
    ctx: PageCtx,
    u: &crate::CurrentUser,
    id: FormationId,
    form: &'static str,
    done: Result<FormationRow, ittifaq_store::StoreError>,
    f: Fields,
) -> Result<Response, AppError> {
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/integration/formations/{id}")).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            let error = Some(refused_in(form, e, &ctx.tr));
            Ok((status, formation_page(state, ctx, u, id, error, f).await?).into_response())
        }
    }
}

pub async fn deadline_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let input = DeadlineInput {
        stage: field(&f, "deadline_stage").to_owned(),
        due: Some(field(&f, "deadline_due").to_owned()),
        binding: field(&f, "deadline_binding") == "yes",
        clause: field(&f, "deadline_clause").to_owned(),
        owner_party: Some(field(&f, "deadline_owner_party").to_owned()),
    };
    let done = state.store.set_stage_deadline(&u.actor(), id, &input).await;
    after_form(&state, ctx, &u, id, "deadline", done, f).await
}

pub async fn count_form(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<FormationId>,
    FormData(f): FormData<Fields>,
) -> Result<Response, AppError> {
    let figure = if field(&f, "count_figure") == Figure::Reported.code() { Figure::Reported } else { Figure::Verified };
    let input = CountInput {
        stage: field(&f, "count_stage").to_owned(),
        count: field(&f, "count_count").trim().parse().unwrap_or(-1),
        on_day: field(&f, "count_on_day").to_owned(),
        method: field(&f, "count_method").to_owned(),
        list_reference: field(&f, "count_list_reference").to_owned(),
        reason: field(&f, "count_reason").to_owned(),
    };
    let done = state.store.record_count(&u.actor(), id, figure, &input).await;
    after_form(&state, ctx, &u, id, "count", done, f).await
}
