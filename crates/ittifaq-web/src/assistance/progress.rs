//! What the joint offices watch of technical assistance: the completeness
//! page (what is missing or late, with counts and links) and each plan's
//! progress (a chart per indicator against its baseline and targets, the
//! milestones' burn-up, each with its table), with the progress as CSV.

use axum::Json;
use axum::response::{IntoResponse, Response};
use ittifaq_core::id::PlanId;
use ittifaq_store::assistance::progress::{Completeness, PlanProgress, PlanValues, Series};

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

/// An indicator's rows: its baseline and targets, each month's values (the
/// mean, the range and how many), and each contested value beside the value
/// it contests: (day or month, the Fluent key of its kind, value, party), in order.
fn value_rows(s: &Series) -> Vec<(String, &'static str, String, String)> {
    let mut rows = Vec::new();
    if let Some((d, v)) = &s.baseline {
        rows.push((d.clone(), "progress-baseline", v.to_string(), String::new()));
    }
    for (d, v) in &s.targets {
        rows.push((d.clone(), "progress-target", v.to_string(), String::new()));
    }
    for m in &s.months {
        let value =
            if m.n == 1 { m.mean.to_string() } else { format!("{} ({}–{}; n = {})", m.mean, m.min, m.max, m.n) };
        rows.push((m.month.clone(), "progress-month", value, String::new()));
    }
    for x in &s.contested {
        rows.push((x.day.clone(), "progress-reported", x.value.to_string(), x.party.clone()));
        for (party, v) in &x.contested {
            rows.push((x.day.clone(), "progress-contested", v.to_string(), party.clone()));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

/// Every value of a plan, not the months' means: (indicator, the Fluent key
/// of its kind, day, value, party), baselines and targets first, then each
/// report's value and its contests. The CSV and the workbook list these.
fn every_value(p: &PlanProgress, values: &PlanValues) -> Vec<(String, &'static str, String, f64, String)> {
    let mut rows = Vec::new();
    for s in &p.series {
        if let Some((d, v)) = &s.baseline {
            rows.push((s.code.clone(), "progress-baseline", d.clone(), *v, String::new()));
        }
        for (d, v) in &s.targets {
            rows.push((s.code.clone(), "progress-target", d.clone(), *v, String::new()));
        }
    }
    for (code, x) in &values.points {
        rows.push((code.clone(), "progress-reported", x.day.clone(), x.value, x.party.clone()));
        for (party, v) in &x.contested {
            rows.push((code.clone(), "progress-contested", x.day.clone(), *v, party.clone()));
        }
    }
    rows
}

/// An indicator's lines: baseline, targets, each month's mean (drawn on the
/// month's 15th) and the contested values, each named by `name` (of its Fluent key).
fn indicator_lines(s: &Series, name: &dyn Fn(&str) -> String) -> Vec<Line> {
    let mut out = Vec::new();
    if let Some((d, v)) = &s.baseline {
        let points = day(d).map(|d| (d, *v)).into_iter().collect();
        out.push(Line { name: name("progress-baseline"), class: "baseline", stroke: Stroke::Dots, points });
    }
    let targets = s.targets.iter().filter_map(|(d, v)| Some((day(d)?, *v))).collect();
    out.push(Line { name: name("progress-target"), class: "target", stroke: Stroke::Dashed, points: targets });
    let means = s.months.iter().filter_map(|m| Some((day(&format!("{}-15", m.month))?, m.mean))).collect();
    out.push(Line { name: name("progress-month"), class: "reported", stroke: Stroke::Solid, points: means });
    let contested: Vec<_> =
        s.contested.iter().flat_map(|x| x.contested.iter().filter_map(|(_, v)| Some((day(&x.day)?, *v)))).collect();
    if !contested.is_empty() {
        out.push(Line {
            name: name("progress-contested"),
            class: "contested",
            stroke: Stroke::Dots,
            points: contested,
        });
    }
    out
}

/// The milestones' burn-up as two stepped lines.
fn burn_up_lines(p: &PlanProgress, name: &dyn Fn(&str) -> String) -> Vec<Line> {
    let steps = |pick: fn(&(String, usize, usize)) -> usize| -> Vec<(time::Date, f64)> {
        p.burn_up.steps.iter().filter_map(|s| Some((day(&s.0)?, pick(s) as f64))).collect()
    };
    vec![
        Line { name: name("progress-due"), class: "due", stroke: Stroke::Steps, points: steps(|s| s.1) },
        Line { name: name("progress-done"), class: "done", stroke: Stroke::Steps, points: steps(|s| s.2) },
    ]
}

fn chart_id(code: &str) -> String {
    format!("chart-{}", code.replace(['.', '/'], "-"))
}

fn charts(ctx: &PageCtx, p: &PlanProgress) -> (Vec<IndicatorChart>, String) {
    let rtl = ctx.dir() == "rtl";
    let name = |key: &str| ctx.t(key);
    let out = p
        .series
        .iter()
        .map(|s| {
            let title = format!("{} ({})", s.code, s.unit);
            let svg = lines(&chart_id(&s.code), &title, &indicator_lines(s, &name), rtl);
            let rows = value_rows(s).into_iter().map(|(d, k, v, party)| [d, ctx.t(k), v, party]).collect();
            IndicatorChart { code: s.code.clone(), unit: s.unit.clone(), svg, rows }
        })
        .collect();
    let burn_up = lines("chart-burn-up", &ctx.t("progress-burn-up"), &burn_up_lines(p, &name), rtl);
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
    let values = state.store.plan_values(&u.actor(), id).await?;
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
    for (code, kind, day, value, party) in every_value(&p, &values) {
        row(&code, kind, &day, value.to_string(), &party)?;
    }
    for (d, due, done) in &p.burn_up.steps {
        row("", "progress-due", d, due.to_string(), "")?;
        row("", "progress-done", d, done.to_string(), "")?;
    }
    crate::pages::csv_attachment(w, &format!("progress-{}.csv", p.plan.code))
}

/// The plan's progress report as a PDF in the three languages (rendered off
/// the async threads): each indicator's chart and values, then the burn-up.
pub async fn progress_pdf(Caller { state, user: u }: Caller, Id(id): Id<PlanId>) -> Result<Response, AppError> {
    use crate::issuing::said_in_three;
    use ittifaq_docs::Trilingual;
    let p = state.store.plan_progress(&u.actor(), id).await?;
    let plan = state.store.get_plan(&u.actor(), id).await?;
    let track = state
        .store
        .agreement()
        .await?
        .and_then(|a| a.tracks.iter().find(|t| t.code == plan.track).map(|t| t.name.clone()))
        .map_or_else(|| Trilingual::new(&plan.track, &plan.track, &plan.track), |n| Trilingual::new(n.en, n.tr, n.ar));
    // The PDF's charts run left to right and name their lines in the three languages.
    let name = |key: &str| {
        let t = said_in_three(key);
        format!("{} · {} · {}", t.en, t.tr, t.ar)
    };
    let indicators = p
        .series
        .iter()
        .map(|s| ittifaq_docs::IndicatorBlock {
            code: s.code.clone(),
            unit: s.unit.clone(),
            chart_svg: lines(&chart_id(&s.code), &s.code, &indicator_lines(s, &name), false),
            rows: value_rows(s)
                .into_iter()
                .map(|(day, k, value, party)| ittifaq_docs::ProgressRow { day, kind: said_in_three(k), value, party })
                .collect(),
        })
        .collect();
    let report = ittifaq_docs::ProgressReport {
        plan_code: plan.code.clone(),
        title: Trilingual::new(&plan.title.en, &plan.title.tr, &plan.title.ar),
        track,
        advising_party: plan.advising_party.clone(),
        partner_party: plan.partner_party.clone(),
        agreement: crate::issuing::agreement_title(&state.store).await?,
        printed_on: state.store.today_date(),
        indicators,
        burn_up_svg: lines("chart-burn-up", "", &burn_up_lines(&p, &name), false),
        burn_up: p.burn_up.steps.clone(),
    };
    let pdf = crate::issuing::render(move || ittifaq_docs::render_progress(&report).map_err(|e| e.to_string())).await?;
    Ok(crate::pages::pdf_response(&format!("progress-{}", plan.code), pdf))
}

/// The progress as a workbook: every value, each indicator's months, and the
/// milestones' burn-up, a sheet each, in the reader's language.
pub async fn progress_xlsx(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    Id(id): Id<PlanId>,
) -> Result<Response, AppError> {
    use crate::pages::XlsxCell::{Number, Text};
    let p = state.store.plan_progress(&u.actor(), id).await?;
    let values = state.store.plan_values(&u.actor(), id).await?;
    let every = every_value(&p, &values)
        .into_iter()
        .map(|(code, kind, day, value, party)| {
            vec![Text(code), Text(ctx.t(kind)), Text(day), Number(value), Text(party)]
        })
        .collect();
    let months = p
        .series
        .iter()
        .flat_map(|s| {
            s.months.iter().map(|m| {
                vec![
                    Text(s.code.clone()),
                    Text(m.month.clone()),
                    Number(m.mean),
                    Number(m.min),
                    Number(m.max),
                    Number(m.n as f64),
                    Number(m.contested as f64),
                ]
            })
        })
        .collect();
    let burn_up = p
        .burn_up
        .steps
        .iter()
        .map(|(d, due, done)| vec![Text(d.clone()), Number(*due as f64), Number(*done as f64)])
        .collect();
    let sheets = [
        (
            ctx.t("progress-sheet-values"),
            vec![
                ctx.t("plan-indicator"),
                ctx.t("progress-kind"),
                ctx.t("progress-day"),
                ctx.t("report-value"),
                ctx.t("field-party"),
            ],
            every,
        ),
        (
            ctx.t("progress-sheet-months"),
            vec![
                ctx.t("plan-indicator"),
                ctx.t("progress-day"),
                ctx.t("progress-mean"),
                ctx.t("progress-min"),
                ctx.t("progress-max"),
                ctx.t("progress-n"),
                ctx.t("progress-contested"),
            ],
            months,
        ),
        (
            ctx.t("progress-burn-up"),
            vec![ctx.t("progress-day"), ctx.t("progress-due"), ctx.t("progress-done")],
            burn_up,
        ),
    ];
    crate::pages::xlsx_attachment(&sheets, &format!("progress-{}.xlsx", p.plan.code))
}
