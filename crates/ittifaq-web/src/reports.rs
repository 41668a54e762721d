//! The exchange report: people each party sent, hosted, trained and certified,
//! by direction and domain, for a period; as a page with a chart, CSV and JSON.
//! And the trainees' evaluations of each session, the same three ways.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::response::{IntoResponse, Response};
use ittifaq_store::reports::{EvaluationRow, ExchangeRow, Period};
use serde::Deserialize;

use crate::AppError;
use crate::api::ErrorBody;
use crate::extract::Caller;
use crate::pages::{PageCtx, QueryData, csv_attachment, csv_cell};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    /// First day of the period (sessions starting from it), `YYYY-MM-DD`; 1 January of this year when absent.
    #[serde(default)]
    from: Option<String>,
    /// Last day of the period, `YYYY-MM-DD`; 31 December of this year when absent.
    #[serde(default)]
    to: Option<String>,
}

impl PeriodQuery {
    fn period(&self, today: &str) -> Result<Period, AppError> {
        let year = &today[..4.min(today.len())];
        let pick = |v: &Option<String>, default: String| {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).unwrap_or(default)
        };
        Ok(Period::new(&pick(&self.from, format!("{year}-01-01")), &pick(&self.to, format!("{year}-12-31")))?)
    }
}

/// One bar group of the chart: a direction with its counts scaled to the widest bar.
struct Bar {
    label: String,
    y: u32,
    /// (top, width, value, css class) for went, completed, certified.
    parts: Vec<(u32, u32, u64, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "exchange_report.html")]
struct ReportPage {
    ctx: PageCtx,
    from: String,
    to: String,
    rows: Vec<(ExchangeRow, String)>,
    totals: Vec<ExchangeRow>,
    bars: Vec<Bar>,
    chart_height: u32,
    query: String,
}

/// Totals by direction.
fn totals(rows: &[ExchangeRow]) -> Vec<ExchangeRow> {
    let mut out: Vec<ExchangeRow> = Vec::new();
    for r in rows {
        let t = match out.iter_mut().find(|t| t.from == r.from && t.to == r.to) {
            Some(t) => t,
            None => {
                out.push(ExchangeRow { from: r.from.clone(), to: r.to.clone(), ..Default::default() });
                out.last_mut().expect("just pushed")
            }
        };
        t.nominated += r.nominated;
        t.accepted += r.accepted;
        t.went += r.went;
        t.completed += r.completed;
        t.failed += r.failed;
        t.certified += r.certified;
    }
    out
}

fn domain_label(agreement: Option<&ittifaq_core::Agreement>, ctx: &PageCtx, code: &str) -> String {
    agreement
        .and_then(|a| a.domain(code))
        .map(|d| crate::pages::names(ctx.tr.lang, &d.name))
        .unwrap_or_else(|| code.to_owned())
}

pub async fn exchange(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<PeriodQuery>,
) -> Result<Response, AppError> {
    let period = q.period(&state.store.today())?;
    let rows = state.store.exchange_report(&u.actor(), &period).await?;
    let agreement = state.store.agreement().await?;
    let totals = totals(&rows);
    let widest = totals.iter().map(|t| t.went.max(t.completed).max(t.certified)).max().unwrap_or(0).max(1);
    let scale = |v: u64| (v * 400 / widest) as u32;
    let bars: Vec<Bar> = totals
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let y = 10 + i as u32 * 80;
            Bar {
                label: format!("{} → {}", t.from, t.to),
                y,
                parts: [(t.went, "went"), (t.completed, "completed"), (t.certified, "certified")]
                    .into_iter()
                    .enumerate()
                    .map(|(k, (v, class))| (y + k as u32 * 22, scale(v), v, class))
                    .collect(),
            }
        })
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| {
            let label = domain_label(agreement.as_ref(), &ctx, &r.domain);
            (r, label)
        })
        .collect();
    Ok(ReportPage {
        chart_height: 20 + bars.len() as u32 * 80,
        query: format!("from={}&to={}", period.from, period.to),
        from: period.from,
        to: period.to,
        rows,
        totals,
        bars,
        ctx,
    }
    .into_response())
}

pub async fn exchange_csv(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<PeriodQuery>,
) -> Result<Response, AppError> {
    let period = q.period(&state.store.today())?;
    let rows = state.store.exchange_report(&u.actor(), &period).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record(["from", "to", "domain", "nominated", "accepted", "went", "completed", "failed", "certified"])
        .map_err(fail)?;
    for r in rows {
        let n = [r.nominated, r.accepted, r.went, r.completed, r.failed, r.certified].map(|v| v.to_string());
        let mut record = vec![csv_cell(&r.from), csv_cell(&r.to), csv_cell(&r.domain)];
        record.extend(n);
        w.write_record(record).map_err(fail)?;
    }
    csv_attachment(w, &format!("exchange-{}-{}.csv", period.from, period.to))
}

/// The exchange of a period by direction (sending → hosting party) and domain: people, not courses.
#[utoipa::path(get, path = "/api/v1/reports/exchange", params(PeriodQuery),
    responses((status = 200, body = Vec<ExchangeRow>), (status = 422, body = ErrorBody)))]
pub async fn api_exchange(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<PeriodQuery>,
) -> Result<Json<Vec<ExchangeRow>>, AppError> {
    let period = q.period(&state.store.today())?;
    Ok(Json(state.store.exchange_report(&u.actor(), &period).await?))
}

/// One session's evaluations as the page shows them: the row, the course title
/// in the reader's language, and the rating spread as bar segments.
struct EvaluationLine {
    row: EvaluationRow,
    title: String,
    mean: String,
    /// (x, width, rating, count) of each non-empty rating, on a 200-wide bar.
    segments: Vec<(u32, u32, usize, u64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "evaluation_report.html")]
struct EvaluationPage {
    ctx: PageCtx,
    from: String,
    to: String,
    lines: Vec<EvaluationLine>,
    query: String,
}

pub async fn evaluations(
    Caller { state, user: u }: Caller,
    ctx: PageCtx,
    QueryData(q): QueryData<PeriodQuery>,
) -> Result<Response, AppError> {
    let period = q.period(&state.store.today())?;
    let rows = state.store.evaluation_report(&u.actor(), &period).await?;
    let lines = rows
        .into_iter()
        .map(|row| {
            let title =
                crate::pages::pick(ctx.tr.lang, &row.course_title_en, &row.course_title_tr, &row.course_title_ar)
                    .to_owned();
            let mut x = 0u32;
            let segments = row
                .ratings
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| {
                    let w = (*n * 200 / row.responses.max(1)) as u32;
                    let seg = (x, w, i + 1, *n);
                    x += w;
                    seg
                })
                .collect();
            let mean = row.mean.map(|m| format!("{m:.2}")).unwrap_or_else(|| "—".to_owned());
            EvaluationLine { row, title, mean, segments }
        })
        .collect();
    Ok(EvaluationPage {
        query: format!("from={}&to={}", period.from, period.to),
        from: period.from,
        to: period.to,
        lines,
        ctx,
    }
    .into_response())
}

pub async fn evaluations_csv(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<PeriodQuery>,
) -> Result<Response, AppError> {
    let period = q.period(&state.store.today())?;
    let rows = state.store.evaluation_report(&u.actor(), &period).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record([
        "course",
        "session",
        "host",
        "start",
        "end",
        "finished",
        "responses",
        "mean",
        "rated_1",
        "rated_2",
        "rated_3",
        "rated_4",
        "rated_5",
    ])
    .map_err(fail)?;
    for r in rows {
        let mut record = vec![
            csv_cell(&r.course),
            csv_cell(&r.session),
            csv_cell(&r.host_party),
            r.start_date.clone(),
            r.end_date.clone(),
            r.finished.to_string(),
            r.responses.to_string(),
            r.mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
        ];
        record.extend(r.ratings.iter().map(u64::to_string));
        w.write_record(record).map_err(fail)?;
    }
    csv_attachment(w, &format!("evaluations-{}-{}.csv", period.from, period.to))
}

/// The trainees' evaluations of the sessions starting in a period: responses, mean and spread of
/// the ratings; the comments only for sessions the caller's party hosts.
#[utoipa::path(get, path = "/api/v1/reports/evaluations", params(PeriodQuery),
    responses((status = 200, body = Vec<EvaluationRow>), (status = 422, body = ErrorBody)))]
pub async fn api_evaluations(
    Caller { state, user: u }: Caller,
    QueryData(q): QueryData<PeriodQuery>,
) -> Result<Json<Vec<EvaluationRow>>, AppError> {
    let period = q.period(&state.store.today())?;
    Ok(Json(state.store.evaluation_report(&u.actor(), &period).await?))
}
