//! A plan's progress report: for each indicator its chart (the SVG the
//! page shows) and every value (baseline, targets, reported and contested,
//! with the party), then the milestones' burn-up, in the three languages on
//! portrait A4. It prints the platform's record as of the day printed; it
//! is not sealed.

use serde::Serialize;

use crate::render::{LongDate, render};
use crate::{DocError, Trilingual};

const TEMPLATE: &str = include_str!("templates/progress.typ");

/// Most indicators one report prints, and most values of each.
pub const MAX_INDICATORS: usize = 60;
pub const MAX_ROWS: usize = 2_000;

/// One value of an indicator as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressRow {
    pub day: String,
    /// Baseline, target, reported or contested, in the three languages.
    pub kind: Trilingual,
    pub value: String,
    pub party: String,
}

/// One indicator: its code, unit, chart (SVG) and values.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorBlock {
    pub code: String,
    pub unit: String,
    pub chart_svg: String,
    pub rows: Vec<ProgressRow>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressReport {
    pub plan_code: String,
    pub title: Trilingual,
    pub track: Trilingual,
    pub advising_party: String,
    pub partner_party: String,
    pub agreement: Trilingual,
    pub printed_on: time::Date,
    pub indicators: Vec<IndicatorBlock>,
    pub burn_up_svg: String,
    /// (day, milestones due by then, done by then).
    pub burn_up: Vec<(String, usize, usize)>,
}

#[derive(Serialize)]
struct Block<'a> {
    code: &'a str,
    unit: &'a str,
    chart: String,
    rows: &'a [ProgressRow],
}

#[derive(Serialize)]
struct View<'a> {
    plan_code: &'a str,
    title: &'a Trilingual,
    track: &'a Trilingual,
    advising_party: &'a str,
    partner_party: &'a str,
    agreement: &'a Trilingual,
    printed_on: LongDate,
    indicators: Vec<Block<'a>>,
    burn_up: &'a [(String, usize, usize)],
}

/// Renders the report as an A4 PDF.
pub fn render_progress(r: &ProgressReport) -> Result<Vec<u8>, DocError> {
    let shown = &r.indicators[..r.indicators.len().min(MAX_INDICATORS)];
    let names: Vec<String> = (0..shown.len()).map(|n| format!("/chart-{n}.svg")).collect();
    let indicators = shown
        .iter()
        .zip(&names)
        .map(|(i, name)| Block {
            code: &i.code,
            unit: &i.unit,
            chart: name.clone(),
            rows: &i.rows[..i.rows.len().min(MAX_ROWS)],
        })
        .collect();
    let mut files: Vec<(&str, Vec<u8>)> =
        shown.iter().zip(&names).map(|(i, name)| (name.as_str(), i.chart_svg.clone().into_bytes())).collect();
    files.push(("/burn-up.svg", r.burn_up_svg.clone().into_bytes()));
    let view = View {
        plan_code: &r.plan_code,
        title: &r.title,
        track: &r.track,
        advising_party: &r.advising_party,
        partner_party: &r.partner_party,
        agreement: &r.agreement,
        printed_on: LongDate::new(r.printed_on),
        indicators,
        burn_up: &r.burn_up[..r.burn_up.len().min(MAX_ROWS)],
    };
    let ident = format!("progress-{}-{}", r.plan_code, LongDate::new(r.printed_on).iso());
    render(TEMPLATE, &view, files, r.printed_on, &ident)
}
