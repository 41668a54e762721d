//! Pages and API of seat allocation: run the allocator for a planning period,
//! review a run (totals, seats per session, fairness per party and unit, what
//! changed from the previous run, the reason of each refusal), pin or forbid
//! nominations and solve again, and commit a run with the party's key.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ittifaq_core::Msg;
use ittifaq_core::allocation::{Decision, RunState};
use ittifaq_core::exchange::NominationStatus;
use ittifaq_core::id::AllocationRunId;
use ittifaq_store::allocation::{Adjustments, PlanRowView, RunInput, RunReview, RunSummary};
use serde::Deserialize;

use crate::api::{ApiJson, ErrorBody};
use crate::extract::{Caller, Id};
use crate::pages::{FormData, PageCtx};
use crate::{AppError, AppState, CurrentUser};

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A run's state in the reader's language.
fn state_label(ctx: &PageCtx, state: RunState) -> String {
    ctx.t(&state.key())
}

/// A decision (granted, absent or a refusal reason) in the reader's language.
fn decision_label(ctx: &PageCtx, decision: &str) -> String {
    match Decision::parse(decision) {
        Ok(d) => ctx.t(&d.key()),
        Err(_) => ctx.t(&format!("alloc-reason-{}", decision.replace('_', "-"))),
    }
}

struct RunLine {
    id: i64,
    period: String,
    state: String,
    objective: i64,
    bound: String,
    gap: String,
    granted: usize,
    refused: usize,
    keys: String,
    created: String,
}

fn run_line(ctx: &PageCtx, r: &RunSummary) -> RunLine {
    RunLine {
        id: r.id.get(),
        period: format!("{} – {}", r.from, r.to),
        state: state_label(ctx, r.state),
        objective: r.objective,
        bound: format!("{:.1}", r.bound),
        gap: percent(r.gap),
        granted: r.granted,
        refused: r.refused,
        keys: r.keys.iter().map(|k| k.party.as_str()).collect::<Vec<_>>().join(", "),
        created: format!("{} ({}) {}", r.created_by, r.created_by_party, crate::i18n::utc_minute(r.created_at)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "allocation.html")]
struct AllocationPage {
    ctx: PageCtx,
    from: String,
    to: String,
    can_run: bool,
    runs: Vec<RunLine>,
}

/// The allocation page: choose a period, run, and the list of runs.
pub async fn page(State(state): State<AppState>, ctx: PageCtx) -> Result<impl IntoResponse, AppError> {
    let today = state.store.today();
    let from =
        time::Date::parse(&today, &time::format_description::well_known::Iso8601::DATE).unwrap_or(time::Date::MIN);
    let to = from.saturating_add(time::Duration::days(182));
    let runs = state.store.list_allocation_runs().await?.iter().map(|r| run_line(&ctx, r)).collect();
    Ok(AllocationPage {
        from: from.to_string(),
        to: to.to_string(),
        can_run: ctx.can("POST", "/allocation/runs"),
        runs,
        ctx,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunForm {
    from: String,
    to: String,
}

/// Runs the allocator for the period of the form, then shows the run.
pub async fn run(Caller { state, user: u }: Caller, FormData(f): FormData<RunForm>) -> Result<Response, AppError> {
    let run = state.store.run_allocation(&u.actor(), &RunInput { from: f.from, to: f.to }).await?;
    Ok(Redirect::to(&format!("/allocation/runs/{}", run.id)).into_response())
}

struct ShareLine {
    id: String,
    nominated: i64,
    granted: i64,
    weight_share: String,
    people: usize,
    first_met: usize,
    first_share: String,
}

struct Row {
    r: PlanRowView,
    /// The nomination's status when the run was made, in the reader's language.
    status: String,
    /// Its seat was accepted before the run: it can be pinned, not forbidden.
    held: bool,
    decision: String,
    /// The current hand adjustment: "", "pin" or "forbid".
    adjust: &'static str,
}

struct Change {
    nomination_id: i64,
    person: String,
    session: String,
    before: String,
    after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "allocation_run.html")]
struct RunPage {
    ctx: PageCtx,
    run: RunLine,
    parent_id: Option<i64>,
    keys: Vec<(String, String, String)>,
    can_commit: bool,
    can_adjust: bool,
    sessions: Vec<ittifaq_store::allocation::SessionLine>,
    /// Caption, table id and lines: per party, then per unit.
    fairness: Vec<(String, &'static str, Vec<ShareLine>)>,
    previous_run: Option<i64>,
    changes: Vec<Change>,
    rows: Vec<Row>,
    refused: usize,
    /// Why a commit from this page was refused (the run is stale), with the
    /// period to solve again.
    stale: Option<Stale>,
}

/// A commit refused because the run no longer stands: why, and the period
/// of a new run.
struct Stale {
    reason: String,
    from: String,
    to: String,
}

fn share_lines(shares: &[ittifaq_store::allocation::ShareView]) -> Vec<ShareLine> {
    shares
        .iter()
        .map(|s| ShareLine {
            id: s.id.clone(),
            nominated: s.nominated_weight,
            granted: s.granted_weight,
            weight_share: percent(s.weight_share),
            people: s.people_nominated,
            first_met: s.first_choices_met,
            first_share: percent(s.first_choice_share),
        })
        .collect()
}

/// The review of a run.
pub async fn review(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<AllocationRunId>,
) -> Result<impl IntoResponse, AppError> {
    review_page(&state, ctx, &u, id, None).await
}

async fn review_page(
    state: &AppState,
    ctx: PageCtx,
    u: &CurrentUser,
    id: AllocationRunId,
    stale: Option<ittifaq_core::Msg>,
) -> Result<RunPage, AppError> {
    let RunReview { run, sessions, parties, units, rows, previous_run, changes, .. } =
        state.store.allocation_review(&u.actor(), id).await?;
    let open = run.state == RunState::Proposed;
    let can_commit = open
        && ctx.can("POST", "/allocation/runs/{id}/commit")
        && !run.keys.iter().any(|k| k.party == u.party.as_str());
    let can_adjust = run.state != RunState::Committed && ctx.can("POST", "/allocation/runs/{id}/resolve");
    let keys = run.keys.iter().map(|k| (k.party.clone(), k.username.clone(), crate::i18n::utc_minute(k.at))).collect();
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|r| {
            let decision = if r.granted {
                ctx.t("alloc-granted")
            } else {
                decision_label(&ctx, r.reason.as_deref().unwrap_or("lower_weight"))
            };
            let adjust = if r.forbidden {
                "forbid"
            } else if run.pins.contains(&r.nomination_id) {
                "pin"
            } else {
                ""
            };
            Row {
                status: ctx.tr.nomination_status(&r.status),
                held: r.status == NominationStatus::Accepted.code(),
                r,
                decision,
                adjust,
            }
        })
        .collect();
    let changes = changes
        .into_iter()
        .map(|c| Change {
            nomination_id: c.nomination_id,
            person: c.person,
            session: c.session_code,
            before: decision_label(&ctx, &c.before),
            after: decision_label(&ctx, &c.after),
        })
        .collect();
    Ok(RunPage {
        run: run_line(&ctx, &run),
        parent_id: run.parent_id.map(AllocationRunId::get),
        keys,
        can_commit,
        can_adjust,
        sessions,
        fairness: vec![
            (ctx.t("alloc-by-party"), "alloc-parties", share_lines(&parties)),
            (ctx.t("alloc-by-unit"), "alloc-units", share_lines(&units)),
        ],
        previous_run,
        changes,
        refused: rows.iter().filter(|r| !r.r.granted).count(),
        stale: stale.map(|m| Stale { reason: ctx.tr.msg(&m), from: run.from.clone(), to: run.to.clone() }),
        rows,
        ctx,
    })
}

/// Reads the pin/forbid choices of the review form: one field `n{nomination}`
/// per nomination, with the value `pin`, `forbid` or empty.
fn adjustments(fields: Vec<(String, String)>) -> Result<Adjustments, AppError> {
    let mut adjust = Adjustments::default();
    for (name, value) in fields {
        let id = name
            .strip_prefix('n')
            .and_then(|n| n.parse::<i64>().ok())
            .ok_or_else(|| AppError::BadRequest(Msg::new("error-unknown-field").arg("field", &name)))?;
        match value.trim() {
            "" => {}
            "pin" => adjust.pins.push(id),
            "forbid" => adjust.forbids.push(id),
            other => {
                return Err(AppError::invalid(name, Msg::new("invalid-adjustment").arg("value", other)));
            }
        }
    }
    Ok(adjust)
}

/// Solves the run's period again with the pins and forbids of the form.
pub async fn resolve(
    Caller { state, user: u }: Caller,
    Id(id): Id<AllocationRunId>,
    FormData(f): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let run = state.store.resolve_allocation(&u.actor(), id, &adjustments(f)?).await?;
    Ok(Redirect::to(&format!("/allocation/runs/{}", run.id)).into_response())
}

/// Records the user's party's key on the run.
pub async fn commit(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<AllocationRunId>,
) -> Result<Response, AppError> {
    match state.store.commit_allocation(&u.actor(), id).await {
        Ok(_) => Ok(Redirect::to(&format!("/allocation/runs/{id}")).into_response()),
        // A run that no longer stands says why on its page and offers to solve again.
        Err(ittifaq_store::StoreError::Conflict(why)) => {
            let page = review_page(&state, ctx, &u, id, Some(why)).await?;
            Ok((axum::http::StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------- API

/// The latest allocation runs, newest first.
#[utoipa::path(get, path = "/api/v1/allocation/runs", responses((status = 200, body = Vec<RunSummary>)))]
pub async fn api_runs(State(state): State<AppState>) -> Result<Json<Vec<RunSummary>>, AppError> {
    Ok(Json(state.store.list_allocation_runs().await?))
}

/// Runs the allocator on the current nominations of the sessions starting in a period.
#[utoipa::path(post, path = "/api/v1/allocation/runs", request_body = RunInput,
    responses((status = 201, body = RunSummary), (status = 422, body = ErrorBody)))]
pub async fn api_run(
    Caller { state, user: u }: Caller,
    ApiJson(input): ApiJson<RunInput>,
) -> Result<Response, AppError> {
    let run = state.store.run_allocation(&u.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(run)).into_response())
}

/// The review of a run: totals, seats per session, fairness per party and
/// unit, changes from the previous run, every nomination with its decision,
/// and the instance and result of the contract.
#[utoipa::path(get, path = "/api/v1/allocation/runs/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = RunReview), (status = 404, body = ErrorBody)))]
pub async fn api_review(
    Caller { state, user: u }: Caller,
    Id(id): Id<AllocationRunId>,
) -> Result<Json<RunReview>, AppError> {
    Ok(Json(state.store.allocation_review(&u.actor(), id).await?))
}

/// A new run of the same period with these pins and forbids (the full sets), its parent this run.
#[utoipa::path(post, path = "/api/v1/allocation/runs/{id}/resolve", params(("id" = i64, Path)),
    request_body(content = Option<Adjustments>, description = "the full sets of pins and forbids; none (or null): neither"),
    responses((status = 201, body = RunSummary), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_resolve(
    Caller { state, user: u }: Caller,
    Id(id): Id<AllocationRunId>,
    body: Bytes,
) -> Result<Response, AppError> {
    // No body, or `null`: no pins and no forbids.
    let adjust: Adjustments = crate::api::optional_json(&body)?.unwrap_or_default();
    let run = state.store.resolve_allocation(&u.actor(), id, &adjust).await?;
    Ok((StatusCode::CREATED, Json(run)).into_response())
}

/// Records the caller's party's key on the run; with every party's key the plan is applied (409 when superseded).
#[utoipa::path(post, path = "/api/v1/allocation/runs/{id}/commit", params(("id" = i64, Path)),
    responses((status = 200, body = RunSummary), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn api_commit(
    Caller { state, user: u }: Caller,
    Id(id): Id<AllocationRunId>,
) -> Result<Json<RunSummary>, AppError> {
    // No body: a commit records the key of the caller's own party, and no other.
    Ok(Json(state.store.commit_allocation(&u.actor(), id).await?))
}
