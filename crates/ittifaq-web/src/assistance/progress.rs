//! What the joint offices watch of technical assistance: the completeness
//! page (what is missing or late, with counts and links) and each plan's
//! progress (a chart per indicator against its baseline and targets, the
//! milestones' burn-up, each with its table), with the progress as CSV.

use axum::Json;
use axum::response::{IntoResponse, Response};
use ittifaq_core::id::PlanId;
use ittifaq_store::assistance::progress::{Completeness, PlanProgress};

use crate::AppError;
use crate::api::ErrorBody;
use crate::chart::{Line, Stroke, lines};
use crate::extract::{Caller, Id};
use crate::pages::PageCtx;

/// What is missing or late in technical assistance, as of today.
#[utoipa::path(get, path = "/api/v1/assistance/completeness", responses((status = 200, body = Completeness)))]
pub async fn api_completeness(Caller { state, user: u }: Caller) -> Result<Json<Completeness>, AppError> {
    Ok(Json(state.store.completeness(&u.actor()).await?))
}

/// A plan's progress: each indicator's values over time and the milestones' burn-up.
#[utoipa::path(get, path = "/api/v1/plans/{id}/progress", params(("id" = i64, Path)),
    responses((status = 200, body = PlanProgress), (status = 404, body = ErrorBody)))]
pub async fn api_progress(
    Caller { state, user: u }: Caller,
    Id(id): Id<PlanId>,
) -> Result<Json<PlanProgress>, AppError> {
    Ok(Json(state.store.plan_progress(&u.actor(), id).await?))
}

#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "assistance_completeness.html")]
struct CompletenessPage {
    ctx: PageCtx,
    c: Completeness,
}

impl CompletenessPage {
    fn when(&self, ms: &i64) -> String {
        crate::i18n::utc_minute(*ms)
    }

    fn count(&self, key: &str, n: usize) -> String {
        self.ctx.tr.count(key, n as u64)
    }
}

pub async fn completeness(Caller { state, user: u }: Caller, ctx: PageCtx) -> Result<Response, AppError> {
    let c = state.store.completeness(&u.actor()).await?;
    Ok(CompletenessPage { ctx, c }.into_response())
}

fn day(text: &str) -> Option<time::Date> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// One indicator's chart and its table rows: (day, what, value, party).
struct IndicatorChart {
    code: String,
    unit: String,
    svg: String,
    rows: Vec<[String; 4]>,
}

#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "assistance_progress.html")]
struct ProgressPage {
    ctx: PageCtx,
    p: PlanProgress,
    charts: Vec<IndicatorChart>,
    burn_up: String,
}

fn charts(ctx: &PageCtx, p: &PlanProgress) -> (Vec<IndicatorChart>, String) {
    let rtl = ctx.dir() == "rtl";
    let mut out = Vec::new();
    for s in &p.series {
        let mut chart_lines = Vec::new();
        let mut rows = Vec::new();
        if let Some((d, v)) = &s.baseline {
            chart_lines.push(Line {
                name: ctx.t("progress-baseline"),
                class: "baseline",
                stroke: Stroke::Dots,
                points: day(d).map(|d| (d, *v)).into_iter().collect(),
            });
            rows.push([d.clone(), ctx.t("progress-baseline"), v.to_string(), String::new()]);
        }
        chart_lines.push(Line {
            name: ctx.t("progress-target"),
            class: "target",
            stroke: Stroke::Dashed,
            points: s.targets.iter().filter_map(|(d, v)| Some((day(d)?, *v))).collect(),
        });
        for (d, v) in &s.targets {
            rows.push([d.clone(), ctx.t("progress-target"), v.to_string(), String::new()]);
        }
        chart_lines.push(Line {
            name: ctx.t("progress-reported"),
            class: "reported",
            stroke: Stroke::Solid,
            points: s.points.iter().filter_map(|x| Some((day(&x.day)?, x.value))).collect(),
        });
        let mut contested = Vec::new();
        for x in &s.points {
            rows.push([x.day.clone(), ctx.t("progress-reported"), x.value.to_string(), x.party.clone()]);
            for (party, v) in &x.contested {
                rows.push([x.day.clone(), ctx.t("progress-contested"), v.to_string(), party.clone()]);
                if let Some(d) = day(&x.day) {
                    contested.push((d, *v));
                }
            }
        }
        if !contested.is_empty() {
            chart_lines.push(Line {
                name: ctx.t("progress-contested"),
                class: "contested",
                stroke: Stroke::Dots,
                points: contested,
            });
        }
        rows.sort();
        let title = format!("{} ({})", s.code, s.unit);
        let svg = lines(&format!("chart-{}", s.code.replace(['.', '/'], "-")), &title, &chart_lines, rtl);
        out.push(IndicatorChart { code: s.code.clone(), unit: s.unit.clone(), svg, rows });
    }
    let due = p.burn_up.steps.iter().filter_map(|(d, a, _)| Some((day(d)?, *a as f64))).collect();
    let done = p.burn_up.steps.iter().filter_map(|(d, _, b)| Some((day(d)?, *b as f64))).collect();
    let burn_up = lines(
        "chart-burn-up",
        &ctx.t("progress-burn-up"),
        &[
            Line { name: ctx.t("progress-due"), class: "due", stroke: Stroke::Steps, points: due },
            Line { name: ctx.t("progress-done"), class: "done", stroke: Stroke::Steps, points: done },
        ],
        rtl,
    );
    (out, burn_up)
}

pub async fn progress(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
) -> Result<Response, AppError> {
    let p = state.store.plan_progress(&u.actor(), id).await?;
    let (charts, burn_up) = charts(&ctx, &p);
    Ok(ProgressPage { ctx, p, charts, burn_up }.into_response())
}

/// The progress as CSV: one row a value (baseline, target, reported,
/// contested) of each indicator, then the milestones' burn-up.
pub async fn progress_csv(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
) -> Result<Response, AppError> {
    let p = state.store.plan_progress(&u.actor(), id).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let cell = crate::pages::csv_cell;
    let head = [
        ctx.t("plan-indicator"),
        ctx.t("progress-kind"),
        ctx.t("progress-day"),
        ctx.t("report-value"),
        ctx.t("field-party"),
    ];
    w.write_record(head.iter().map(|h| cell(h))).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut row = |code: &str, kind: &str, d: &str, v: String, party: &str| {
        w.write_record([cell(code), cell(&ctx.t(kind)), cell(d), v, cell(party)])
            .map_err(|e| AppError::Internal(e.to_string()))
    };
    for s in &p.series {
        if let Some((d, v)) = &s.baseline {
            row(&s.code, "progress-baseline", d, v.to_string(), "")?;
        }
        for (d, v) in &s.targets {
            row(&s.code, "progress-target", d, v.to_string(), "")?;
        }
        for x in &s.points {
            row(&s.code, "progress-reported", &x.day, x.value.to_string(), &x.party)?;
            for (party, v) in &x.contested {
                row(&s.code, "progress-contested", &x.day, v.to_string(), party)?;
            }
        }
    }
    for (d, due, done) in &p.burn_up.steps {
        row("", "progress-due", d, due.to_string(), "")?;
        row("", "progress-done", d, done.to_string(), "")?;
    }
    crate::pages::csv_attachment(w, &format!("progress-{}.csv", p.plan.code))
}
