//! Force integration's status report: each formation with its stages (the
//! verified count beside the formation's own, the deadline and whether it
//! binds, the clause, who answers for it, the flags with their reasons)
//! and its burn-up chart, in the three languages on landscape A4. It prints
//! what the reader's party may see (figures withheld from the other party
//! say so) as of the day printed; it is not sealed.

use serde::Serialize;

use crate::render::{LongDate, render};
use crate::{DocError, Trilingual};

const TEMPLATE: &str = include_str!("templates/integration.typ");

/// Most formations one report prints.
pub const MAX_FORMATIONS: usize = 200;

/// One stage of a formation as the report prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageLine {
    pub stage: Trilingual,
    /// The verified count, or the words saying it is withheld, or empty.
    pub verified: Trilingual,
    pub reported: Trilingual,
    pub due: String,
    /// Binding or indicative, in the three languages; empty without a deadline.
    pub commitment: Trilingual,
    pub clause: String,
    pub owner: String,
    /// Each flag: its name and reason, in the three languages.
    pub flags: Vec<Trilingual>,
}

/// One formation: its code, names, party, how it joins, its stages and chart.
#[derive(Debug, Clone, PartialEq)]
pub struct FormationBlock {
    pub code: String,
    pub name: Trilingual,
    pub party: String,
    pub mode: Trilingual,
    pub declared: u32,
    pub stages: Vec<StageLine>,
    /// The burn-up as SVG; empty when there is nothing to draw.
    pub chart_svg: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegrationReport {
    pub agreement: Trilingual,
    /// The party of the reader it was printed for.
    pub reader_party: String,
    pub printed_on: time::Date,
    pub formations: Vec<FormationBlock>,
}

#[derive(Serialize)]
struct Block<'a> {
    code: &'a str,
    name: &'a Trilingual,
    party: &'a str,
    mode: &'a Trilingual,
    declared: u32,
    stages: &'a [StageLine],
    chart: Option<String>,
}

#[derive(Serialize)]
struct View<'a> {
    agreement: &'a Trilingual,
    reader_party: &'a str,
    printed_on: LongDate,
    formations: Vec<Block<'a>>,
}

/// Renders the report as a landscape A4 PDF.
pub fn render_integration(r: &IntegrationReport) -> Result<Vec<u8>, DocError> {
    let shown = &r.formations[..r.formations.len().min(MAX_FORMATIONS)];
    let names: Vec<String> = (0..shown.len()).map(|n| format!("/chart-{n}.svg")).collect();
    let formations = shown
        .iter()
        .zip(&names)
        .map(|(f, name)| Block {
            code: &f.code,
            name: &f.name,
            party: &f.party,
            mode: &f.mode,
            declared: f.declared,
            stages: &f.stages,
            chart: (!f.chart_svg.is_empty()).then(|| name.clone()),
        })
        .collect();
    let files: Vec<(&str, Vec<u8>)> = shown
        .iter()
        .zip(&names)
        .filter(|(f, _)| !f.chart_svg.is_empty())
        .map(|(f, name)| (name.as_str(), f.chart_svg.clone().into_bytes()))
        .collect();
    let view = View {
        agreement: &r.agreement,
        reader_party: &r.reader_party,
        printed_on: LongDate::new(r.printed_on),
        formations,
    };
    let ident = format!("integration-{}-{}", r.reader_party, LongDate::new(r.printed_on).iso());
    render(TEMPLATE, &view, files, r.printed_on, &ident)
}
